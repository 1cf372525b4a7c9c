#!/usr/bin/env python3
"""Side-by-side speed of attnbench's kernels and PyTorch's CPU SDPA, prefill and decode.

For each shape it times torch.nn.functional.scaled_dot_product_attention (float32) in
this process and `attnbench speed` in a subprocess, alternating the two (and their
order) over several rounds, so that drift in machine load hits both sides alike.
Reported per shape: the median over rounds of each side's per-round median, and the
median over rounds of the paired per-round ratio attnbench/torch (> 1: attnbench faster).

Prefill shapes (Lq = Lkv) report GFLOP/s, counted as attnbench counts them:
4·B·Hq·Lq·Lkv·D, half of that when causal (PyTorch's is_causal is top-left aligned,
attnbench's causal bottom-right; with Lq = Lkv they are the same mask). Decode shapes
(Lq = 1 against a K/V cache, where a causal mask hides nothing) report time and the K/V
cache bytes per second. GQA and MQA shapes call SDPA with enable_gqa=True.

Nothing here is a constant of some machine: the FMA peak and the triad bandwidth that
"% of peak" and "% of triad" divide by come from `attnbench model --profile host`,
re-measured in every round in a fresh cache directory on the machine at hand (median
reported). Also reported: which SDPA backend PyTorch picks, how busy the machine was
(uptime, and the CPU time other processes used during the run from /proc/stat), and with
--scaling a 1-thread vs 2-thread comparison.

Needs PyTorch (CPU) and an attnbench binary built in release on this machine, e.g.:
    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch==2.13.0+cpu numpy
    swift build -c release --product attnbench
    .venv-torch/bin/python scripts/compare_torch.py --out compare.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------- machine state

class LoadMonitor:
    """CPU time used on the whole machine between start() and stop(), minus this process
    and its waited-for children: what other tenants of the VM used meanwhile."""

    def __init__(self) -> None:
        self.hz = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _stat() -> list[int]:
        with open("/proc/stat") as f:
            return [int(x) for x in f.readline().split()[1:]]

    @staticmethod
    def _own() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def start(self) -> None:
        self.t0, self.s0, self.o0 = time.monotonic(), self._stat(), self._own()

    def stop(self) -> dict:
        wall = time.monotonic() - self.t0
        s1, own = self._stat(), self._own() - self.o0
        d = [b - a for a, b in zip(self.s0, s1)]
        # user nice system idle iowait irq softirq steal ...
        busy = (sum(d[:8]) - d[3] - d[4]) / self.hz
        steal = d[7] / self.hz if len(d) > 7 else 0.0
        return {"wall_s": wall, "own_cpu_s": own, "machine_busy_s": busy,
                "other_cores": max(0.0, busy - own) / wall if wall > 0 else 0.0,
                "steal_cores": steal / wall if wall > 0 else 0.0}


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return open("/proc/loadavg").read().strip()


def cpu_model() -> tuple[str, str]:
    model, cpus = platform.processor() or "?", str(os.cpu_count())
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            k, _, v = line.partition(":")
            if k.strip() == "Model name":
                model = v.strip()
            elif k.strip() == "CPU(s)":
                cpus = v.strip()
            elif k.strip() == "Hypervisor vendor":
                model += f" ({v.strip()} VM)"
    except OSError:
        pass
    return model, cpus


# ---------------------------------------------------------------------------- attnbench

def find_attnbench(explicit: str | None) -> Path:
    for cand in [explicit, os.environ.get("ATTNBENCH"), REPO / ".build/release/attnbench"]:
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return Path(cand)
    sys.exit("attnbench binary not found: build it (swift build -c release --product attnbench) "
             "or pass --attnbench PATH / set ATTNBENCH")


def parse_speed_table(text: str, algorithms: list[str]) -> dict[str, float]:
    """Median seconds per algorithm from `attnbench speed`'s table, found by its header
    (columns separated by two or more spaces; the `algorithm` and `time (ms)` columns),
    so the column order may change."""
    import re
    lines = text.splitlines()
    for i, line in enumerate(lines):
        names = re.split(r"\s{2,}", line.strip())
        if names and names[0] == "algorithm" and "time (ms)" in names:
            col = names.index("time (ms)")
            break
    else:
        raise RuntimeError(f"no speed table in:\n{text}")
    times: dict[str, float] = {}
    for row in lines[i + 1:]:
        cols = row.split()
        if len(cols) == len(names) and cols[0] in algorithms:
            times[cols[0]] = float(cols[col]) / 1e3
    missing = set(algorithms) - set(times)
    if missing:
        raise RuntimeError(f"could not parse {sorted(missing)} from:\n{text}")
    return times


def attnbench_speed(exe: Path, shape: dict, algorithms: list[str], threads: int, repeats: int) -> dict[str, float]:
    """Median seconds per algorithm from one `attnbench speed` run (default tile)."""
    cmd = [str(exe), "speed", "--batch", "1", "--heads", str(shape["H"]), "--kv-heads", str(shape["KV"]),
           "--seq-len", str(shape["Lq"]), "--kv-len", str(shape["Lkv"]), "--head-dim", str(shape["D"]),
           "--threads", str(threads), "--algorithms", ",".join(algorithms), "--repeats", str(repeats)]
    if shape["causal"]:
        cmd.append("--causal")
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr.strip()}")
    return parse_speed_table(out.stdout, algorithms)


def host_profile(exe: Path) -> dict | None:
    """`attnbench model --profile host` in an empty cache dir, so it measures now: the
    one-core FMA peak and STREAM-style triad bandwidth of this machine."""
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, ATTNBENCH_CACHE_DIR=d)
        out = subprocess.run([str(exe), "model", "--heads", "1", "--seq-len", "64", "--head-dim", "64",
                              "--profile", "host", "--json"], capture_output=True, text=True, env=env)
        if out.returncode != 0:
            return None
        try:
            cached = json.loads((Path(d) / "host-profile.json").read_text())
            return {"peak_gflops": cached["profile"]["peakFP32"] / 1e9,
                    "triad_gbs": cached["profile"]["bandwidth"] / 1e9,
                    "source": cached["profile"].get("source", "")}
        except (OSError, KeyError, ValueError):
            return None


# ---------------------------------------------------------------------------- torch

def torch_setup(threads: int):
    import torch
    torch.set_num_threads(threads)
    return torch


def torch_inputs(torch, shape: dict, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(1, shape["H"], shape["Lq"], shape["D"], generator=g, dtype=torch.float32)
    k = torch.randn(1, shape["KV"], shape["Lkv"], shape["D"], generator=g, dtype=torch.float32)
    v = torch.randn(1, shape["KV"], shape["Lkv"], shape["D"], generator=g, dtype=torch.float32)
    return q, k, v


def sdpa_kwargs(shape: dict) -> dict:
    # A decode step's bottom-right causal mask hides nothing; torch's is_causal would be
    # top-left aligned, so decode shapes are timed without it (the same attention).
    kw = {"is_causal": shape["causal"] and shape["Lq"] == shape["Lkv"]}
    if shape["KV"] != shape["H"]:
        kw["enable_gqa"] = True
    return kw


def torch_time(torch, qkv, shape: dict, warmups: int, repeats: int) -> float:
    import torch.nn.functional as F
    q, k, v = qkv
    kw = sdpa_kwargs(shape)
    ts = []
    with torch.inference_mode():
        for i in range(warmups + repeats):
            t0 = time.perf_counter()
            F.scaled_dot_product_attention(q, k, v, **kw)
            t = time.perf_counter() - t0
            if i >= warmups:
                ts.append(t)
    return statistics.median(ts)


def torch_backend(torch, shape: dict) -> str:
    """Backend SDPA picks for these inputs: the dispatcher's choice and the profiled op."""
    import torch.nn.functional as F
    from torch.nn.attention import SDPBackend
    small = {**shape, "Lq": min(shape["Lq"], 64), "Lkv": min(shape["Lkv"], 64)}
    q, k, v = torch_inputs(torch, small)
    kw = sdpa_kwargs(small)
    names = {int(getattr(SDPBackend, n)): n for n in dir(SDPBackend) if n.isupper()}
    try:
        choice = names.get(int(torch._fused_sdp_choice(q, k, v, None, 0.0, kw["is_causal"], None,
                                                       kw.get("enable_gqa", False))), "?")
    except TypeError:
        choice = names.get(int(torch._fused_sdp_choice(q, k, v, None, 0.0, kw["is_causal"])), "?")
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        F.scaled_dot_product_attention(q, k, v, **kw)
    ops = [e.key for e in prof.key_averages() if "attention" in e.key and e.key != "aten::scaled_dot_product_attention"]
    return f"{choice} ({', '.join(ops) or 'no attention op seen'})"


# ---------------------------------------------------------------------------- shapes

def flops(shape: dict) -> float:
    f = 4.0 * shape["H"] * shape["Lq"] * shape["Lkv"] * shape["D"]
    return f / 2 if shape["causal"] and shape["Lq"] == shape["Lkv"] else f


def kv_bytes(shape: dict) -> float:
    return 2.0 * shape["KV"] * shape["Lkv"] * shape["D"] * 4


def is_decode(shape: dict) -> bool:
    return shape["Lq"] < shape["Lkv"]


def layout(shape: dict) -> str:
    return "MHA" if shape["KV"] == shape["H"] else ("MQA" if shape["KV"] == 1 else f"GQA-{shape['H'] // shape['KV']}")


def fmt_range(xs: list[float], nd: int = 1) -> str:
    return f"{min(xs):.{nd}f}–{max(xs):.{nd}f}" if len(xs) > 1 else ""


def med(xs) -> float:
    return statistics.median(list(xs))


# ---------------------------------------------------------------------------- runs

def measure(args, exe: Path, torch, shapes: list[dict], algos: dict[int, list[str]], threads: int) -> dict:
    """Alternating rounds over all shapes; per round the host profile is measured first.
    With --baseline, a second attnbench binary runs the same shapes as a third side
    (its algorithms recorded as `base:NAME`), for before/after tables in one run."""
    inputs = {i: torch_inputs(torch, s, seed=i) for i, s in enumerate(shapes)}
    base_algos = {i: [a for a in algos[i] if a in args.baseline_algorithms] for i in range(len(shapes))}
    res = {i: {"torch": [], **{a: [] for a in algos[i]}, **{f"base:{a}": [] for a in base_algos[i]}}
           for i in range(len(shapes))}
    peaks: list[dict] = []
    backends = {}
    for s in shapes:
        key = f"{layout(s)}, {'decode' if is_decode(s) else 'prefill'}{', causal' if s['causal'] else ''}"
        if key not in backends:
            backends[key] = torch_backend(torch, s)
    torch.set_num_threads(threads)
    up0 = uptime()
    mon = LoadMonitor()
    mon.start()
    t_start = time.monotonic()
    for r in range(args.rounds):
        if args.peak:
            p = host_profile(exe)
            if p:
                peaks.append(p)
        for i, s in enumerate(shapes):
            sides = ["torch", "attnbench"] + (["baseline"] if args.baseline and base_algos[i] else [])
            k = (r + i) % len(sides)
            order = sides[k:] + sides[:k] if r % 2 == 0 else list(reversed(sides[k:] + sides[:k]))
            for side in order:
                if side == "torch":
                    res[i]["torch"].append(torch_time(torch, inputs[i], s, args.warmups, args.repeats))
                elif side == "attnbench":
                    for a, t in attnbench_speed(exe, s, algos[i], threads, args.repeats).items():
                        res[i][a].append(t)
                else:
                    for a, t in attnbench_speed(args.baseline, s, base_algos[i], threads, args.repeats).items():
                        res[i][f"base:{a}"].append(t)
        print(f"round {r + 1}/{args.rounds} done ({time.monotonic() - t_start:.0f} s)", file=sys.stderr)
    load = mon.stop()
    torch.set_num_threads(1)
    return {"res": res, "peaks": peaks, "load": load, "uptime": [up0, uptime()], "backends": backends}


def header_lines(args, exe: Path, m: dict, threads: int, what: str) -> list[str]:
    model, cpus = cpu_model()
    import torch as _t
    load = m["load"]
    lines = [
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {model}, {cpus} CPUs; "
        f"torch {_t.__version__} (CPU capability {_t.backends.cpu.get_cpu_capability()}); "
        f"attnbench `{exe.name}` ({what})" + (f", baseline `{args.baseline.name}` (base: columns)" if args.baseline else ""),
        f"- {threads} thread{'s' if threads > 1 else ''}: `torch.set_num_threads({threads})`, "
        f"`attnbench speed --threads {threads}` (default tile); {args.rounds} rounds × (torch {args.warmups} warm-up + "
        f"{args.repeats} timed calls, attnbench 1 warm-up + {args.repeats} timed calls), order alternating; "
        f"total {load['wall_s']:.0f} s",
        f"- load: before `{m['uptime'][0]}`; after `{m['uptime'][1]}`; other processes used "
        f"{load['other_cores']:.2f} cores on average during the run (steal {load['steal_cores']:.2f})",
        "- SDPA backend: " + "; ".join(f"{k}: {v}" for k, v in m["backends"].items()),
    ]
    if m["peaks"]:
        pk = [p["peak_gflops"] for p in m["peaks"]]
        bw = [p["triad_gbs"] for p in m["peaks"]]
        lines.append(f"- host profile (`attnbench model --profile host`, measured at the start of every round): "
                     f"one-core FMA peak {med(pk):.1f} GFLOP/s (range {fmt_range(pk)}), one-core triad "
                     f"{med(bw):.1f} GB/s (range {fmt_range(bw)}); the % columns divide by these medians")
    return lines


def with_baseline(algos: list[str], shapes, m) -> list[str]:
    """The algorithms plus the baseline binary's (`base:NAME`) where it ran them."""
    base = [f"base:{a}" for a in algos if all(m["res"][i].get(f"base:{a}") for i, _ in shapes)]
    return algos + base


def prefill_table(shapes, algos, m) -> list[str]:
    peak = med(p["peak_gflops"] for p in m["peaks"]) if m["peaks"] else None
    a0 = algos[0]
    algos = with_baseline(algos, shapes, m)
    hdr = ["Hq", "Hkv", "L", "D", "causal", "torch GFLOP/s"]
    for a in algos:
        hdr += [f"{a} GFLOP/s", f"{a}/torch"]
    if peak:
        hdr += ["torch % peak", f"{a0} % peak"]
    lines = ["| " + " | ".join(hdr) + " |", "|" + "|".join("---:" for _ in hdr) + "|"]
    for i, s in shapes:
        f = flops(s)
        r = m["res"][i]
        tg = [f / t / 1e9 for t in r["torch"]]
        row = [str(s["H"]), str(s["KV"]), str(s["Lq"]), str(s["D"]), "yes" if s["causal"] else "no",
               f"{med(tg):.1f} ({fmt_range(tg)})"]
        for a in algos:
            ag = [f / t / 1e9 for t in r[a]]
            ratios = [x / y for x, y in zip(ag, tg)]  # paired within a round
            row += [f"{med(ag):.1f} ({fmt_range(ag)})", f"**{med(ratios):.2f}** ({fmt_range(ratios, 2)})"]
        if peak:
            row += [f"{100 * med(tg) / peak:.0f}%", f"{100 * med(f / t / 1e9 for t in r[a0]) / peak:.0f}%"]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "GFLOP/s: median over rounds of each round's median (range over rounds in parentheses); "
              "ratio: median of the per-round paired ratios attnbench/torch (> 1: attnbench faster)."]
    return lines


def decode_table(shapes, algos, m) -> list[str]:
    triad = med(p["triad_gbs"] for p in m["peaks"]) if m["peaks"] else None
    last = algos[-1]
    algos = with_baseline(algos, shapes, m)
    hdr = ["Hq", "Hkv", "layout", "Lkv", "D", "torch ms (KV GB/s)"]
    for a in algos:
        hdr += [f"{a} ms (KV GB/s)", f"{a}/torch"]
    if triad:
        hdr += [f"{last} % triad"]
    lines = ["| " + " | ".join(hdr) + " |", "|" + "|".join("---:" for _ in hdr) + "|"]
    for i, s in shapes:
        b = kv_bytes(s)
        r = m["res"][i]

        def cell(ts):
            return f"{1e3 * med(ts):.2f} ({b / med(ts) / 1e9:.1f}; {fmt_range([1e3 * t for t in ts], 2)} ms)"
        row = [str(s["H"]), str(s["KV"]), layout(s), str(s["Lkv"]), str(s["D"]), cell(r["torch"])]
        for a in algos:
            ratios = [tt / ta for ta, tt in zip(r[a], r["torch"])]
            row += [cell(r[a]), f"**{med(ratios):.2f}** ({fmt_range(ratios, 2)})"]
        if triad:
            row += [f"{100 * b / med(r[last]) / 1e9 / triad:.0f}%"]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Time: median over rounds of each round's median (KV GB/s: K+V cache bytes / that time; range of "
              "the round medians); ratio: median of the per-round paired ratios torch time / attnbench time "
              "(> 1: attnbench faster)."]
    return lines


def compare(args, exe: Path, torch) -> str:
    shapes = [{"H": h, "KV": h // g, "Lq": l, "Lkv": l, "D": d, "causal": c}
              for h in args.heads for g in args.groups for l in args.seq_lens for d in args.head_dims
              for c in args.causal if h % g == 0]
    shapes += [{"H": args.decode_heads, "KV": kv, "Lq": 1, "Lkv": l, "D": args.decode_dim, "causal": False}
               for kv in args.decode_kv_heads for l in args.decode_kv_lens]
    algos = {i: (args.decode_algorithms if is_decode(s) else args.algorithms) for i, s in enumerate(shapes)}
    parts = []
    if shapes:
        m = measure(args, exe, torch, shapes, algos, 1)
        parts += header_lines(args, exe, m, 1, "prefill and decode")
        pre = [(i, s) for i, s in enumerate(shapes) if not is_decode(s)]
        dec = [(i, s) for i, s in enumerate(shapes) if is_decode(s)]
        if pre:
            parts += ["", "Prefill (Lq = Lkv = L), one thread:", ""] + prefill_table(pre, args.algorithms, m)
        if dec:
            parts += ["", "Decode (Lq = 1), one thread:", ""] + decode_table(dec, args.decode_algorithms, m)
        raw = [{**s, "flops": flops(s), "kv_bytes": kv_bytes(s), **{f"{k}_s": v for k, v in m["res"][i].items()}}
               for i, s in enumerate(shapes)]
        if args.json:
            Path(args.json).write_text(json.dumps({"shapes": raw, "peaks": m["peaks"], "load": m["load"],
                                                   "uptime": m["uptime"], "backends": m["backends"]}, indent=1))
    return "\n".join(parts)


def scaling(args, exe: Path, torch) -> str:
    """1 vs 2 threads, alternating, for one prefill and one decode shape."""
    cases = [({"H": args.scaling_heads, "KV": args.scaling_heads, "Lq": args.scaling_len, "Lkv": args.scaling_len,
               "D": args.scaling_dim, "causal": False}, "flash"),
             ({"H": args.decode_heads, "KV": args.decode_heads, "Lq": 1, "Lkv": args.decode_kv_lens[0],
               "D": args.decode_dim, "causal": False}, "flash-decoding")]
    up0 = uptime()
    mon = LoadMonitor()
    mon.start()
    rows = []
    for s, algo in cases:
        qkv = torch_inputs(torch, s)
        t = {"a1": [], "a2": [], "t1": [], "t2": []}
        for r in range(args.rounds):
            steps = ["a1", "a2", "t1", "t2"] if r % 2 == 0 else ["a2", "a1", "t2", "t1"]
            for st in steps:
                n = int(st[1])
                if st[0] == "a":
                    t[st].append(attnbench_speed(exe, s, [algo], n, args.repeats)[algo])
                else:
                    torch.set_num_threads(n)
                    t[st].append(torch_time(torch, qkv, s, args.warmups, args.repeats))
        torch.set_num_threads(1)
        unit, work = ("GFLOP/s", flops(s)) if not is_decode(s) else ("KV GB/s", kv_bytes(s))
        g = {k: [work / x / 1e9 for x in v] for k, v in t.items()}
        ra = [b / a for a, b in zip(g["a1"], g["a2"])]
        rt = [b / a for a, b in zip(g["t1"], g["t2"])]
        what = (f"Hq={s['H']} L={s['Lq']} D={s['D']}" if not is_decode(s)
                else f"decode Hq={s['H']} Lkv={s['Lkv']} D={s['D']}")
        for name, k1, k2, rr in [(f"attnbench {algo}", "a1", "a2", ra), ("torch SDPA", "t1", "t2", rt)]:
            rows.append(f"| {what} | {name} | {unit} | {med(g[k1]):.1f} ({fmt_range(g[k1])}) | "
                        f"{med(g[k2]):.1f} ({fmt_range(g[k2])}) | **{med(rr):.2f}** ({fmt_range(rr, 2)}) |")
    load = mon.stop()
    return "\n".join([
        f"Thread scaling, B=1, non-causal, {args.rounds} rounds × {args.repeats} timed calls, 1 and 2 threads alternating:",
        "",
        "| shape | kernel | unit | 1 thread | 2 threads | 2T/1T (median of paired rounds) |",
        "|---|---|---|---:|---:|---:|",
        *rows,
        "",
        f"- load: before `{up0}`; after `{uptime()}`; other processes used {load['other_cores']:.2f} cores "
        f"on average during the run (steal {load['steal_cores']:.2f}); {load['wall_s']:.0f} s",
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--attnbench", help="attnbench binary (default: $ATTNBENCH, then .build/release/attnbench)")
    ap.add_argument("--heads", type=int, nargs="*", default=[8], help="prefill query heads")
    ap.add_argument("--groups", type=int, nargs="+", default=[1, 4],
                    help="prefill GQA group sizes g (Hkv = Hq / g; 1 is MHA)")
    ap.add_argument("--seq-lens", type=int, nargs="*", default=[1024, 2048])
    ap.add_argument("--head-dims", type=int, nargs="+", default=[64, 128])
    ap.add_argument("--causal", choices=["no", "yes", "both"], default="both")
    ap.add_argument("--algorithms", default="flash,three-pass", help="attnbench algorithms for prefill shapes")
    ap.add_argument("--decode-heads", type=int, default=32)
    ap.add_argument("--decode-kv-heads", type=int, nargs="*", default=[32, 8, 1],
                    help="decode K/V heads (MHA, GQA-8 and MQA by default); none: no decode shapes")
    ap.add_argument("--decode-kv-lens", type=int, nargs="+", default=[4096, 16384])
    ap.add_argument("--decode-dim", type=int, default=128)
    ap.add_argument("--decode-algorithms", default="flash,flash-decoding")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=5, help="timed calls per side per round")
    ap.add_argument("--warmups", type=int, default=2, help="untimed torch calls per round (attnbench does 1)")
    ap.add_argument("--no-peak", dest="peak", action="store_false",
                    help="skip the host profile (no %% of peak / triad columns)")
    ap.add_argument("--scaling", action="store_true", help="also compare 1 vs 2 threads")
    ap.add_argument("--scaling-only", action="store_true", help="only the thread-scaling comparison")
    ap.add_argument("--scaling-heads", type=int, default=8)
    ap.add_argument("--scaling-len", type=int, default=2048)
    ap.add_argument("--scaling-dim", type=int, default=64)
    ap.add_argument("--baseline", type=Path,
                    help="a second attnbench binary (e.g. built at an earlier commit) timed alongside, as base:NAME columns")
    ap.add_argument("--baseline-algorithms", default="flash,three-pass",
                    help="algorithms the baseline binary runs (those it knows)")
    ap.add_argument("--out", help="also write the Markdown here")
    ap.add_argument("--json", help="write raw per-round times here")
    args = ap.parse_args()
    args.causal = {"no": [False], "yes": [True], "both": [False, True]}[args.causal]
    args.algorithms = args.algorithms.split(",")
    args.decode_algorithms = args.decode_algorithms.split(",")
    args.baseline_algorithms = args.baseline_algorithms.split(",")

    exe = find_attnbench(args.attnbench)
    torch = torch_setup(1)
    parts = []
    if not args.scaling_only:
        parts.append(compare(args, exe, torch))
    if args.scaling or args.scaling_only:
        parts.append(scaling(args, exe, torch))
    md = "\n\n".join(parts) + "\n"
    print(md)
    if args.out:
        Path(args.out).write_text(md)


if __name__ == "__main__":
    main()
