"""The provider side of attnbench's protocol (docs/providers.md), for providers written in Python.

A provider calls serve() with its name, version, capabilities and a function
make_call(request, q, k, v) that returns a zero-argument function running the case once and
returning O (anything numpy.asarray turns into a float32 [B, Hq, Lq, D] array). make_call
raises Skip(reason) for a case it cannot run. If the returned function has a `before_run`
attribute, it is called (untimed) before each batch of timed calls.

Protocol, one JSON object per line: the provider writes a hello first; then attnbench sends
prepare / run / release requests and gets exactly one reply line to each; the provider exits
when its stdin ends. Anything else the provider prints goes to stderr.
"""
import json
import sys
import time

PROTOCOL = 1


class Skip(Exception):
    """The provider cannot run this case (the reason is shown in attnbench's report)."""


def serve(name, version, capabilities, make_call, description=None):
    out = sys.stdout
    sys.stdout = sys.stderr  # stray prints must not break the protocol

    def reply(message):
        out.write(json.dumps(message) + "\n")
        out.flush()

    hello = {"type": "hello", "protocol": PROTOCOL, "name": name, "version": version, "capabilities": capabilities}
    if description:
        hello["description"] = description
    reply(hello)
    import numpy as np

    cases = {}
    for line in sys.stdin:
        request = json.loads(line)
        kind = request.get("type")
        try:
            if kind == "prepare":
                q, k, v = (np.load(request[x]) for x in ("q", "k", "v"))
                call = make_call(request, q, k, v)
                np.save(request["out"], np.asarray(call(), dtype=np.float32))
                cases[request["id"]] = call
                reply({"type": "ready"})
            elif kind == "run":
                call = cases[request["id"]]
                getattr(call, "before_run", lambda: None)()
                ns = []
                for _ in range(request["calls"]):
                    t0 = time.perf_counter_ns()
                    call()
                    ns.append(time.perf_counter_ns() - t0)
                reply({"type": "timed", "ns": ns})
            elif kind == "release":
                cases.pop(request["id"], None)
                reply({"type": "released"})
            else:
                reply({"type": "error", "message": f"unknown request type {kind!r}"})
        except Skip as why:
            reply({"type": "skipped", "reason": str(why)})
        except Exception as error:  # one case's failure is reported, the provider carries on
            reply({"type": "error", "message": f"{type(error).__name__}: {error}"})


def bottom_right_mask(seq_len, kv_len):
    """True where attnbench's causal mask hides a key: query i sees keys j <= i + (kv_len - seq_len)."""
    import numpy as np

    i = np.arange(seq_len)[:, None]
    j = np.arange(kv_len)[None, :]
    return j > i + (kv_len - seq_len)
