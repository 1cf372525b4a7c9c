#!/usr/bin/env python3
"""Side-by-side speed of attnbench's kernels and PyTorch's CPU SDPA, single thread.

For each shape it times torch.nn.functional.scaled_dot_product_attention (float32) in
this process and `attnbench speed` (flash, three-pass) in a subprocess, alternating the
two (and their order) over several rounds, so that drift in machine load hits both
sides alike. Reported per shape: the median over rounds of each side's per-round median
GFLOP/s, and the median over rounds of the paired per-round ratio attnbench/torch.

FLOPs are counted as attnbench counts them: 4·B·Hq·Lq·Lkv·D, half of that when causal
(PyTorch's is_causal is top-left aligned, attnbench's causal bottom-right aligned; with
Lq == Lkv, as here, they are the same mask).

Also reported: which SDPA backend PyTorch picks on this CPU (torch._fused_sdp_choice and
the operator the profiler sees), the host FMA peak that `attnbench model --profile host`
measures (re-measured each round in a fresh cache directory), how busy the machine was
(uptime, and the CPU time other processes used during the run from /proc/stat), and with
--scaling a 1-thread vs 2-thread comparison of flash.

Needs PyTorch (CPU) and an attnbench binary built in release on this machine:
    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch==2.13.0+cpu numpy
    swift build -c release --product attnbench
    .venv-torch/bin/python scripts/compare_torch.py --out /tmp/compare.md
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
FACTS_PEAK_1CORE = 116.8  # GFLOP/s, /work/shared/notes/toolchain-facts.md ("The machine itself")


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


def attnbench_speed(exe: Path, shape: dict, algorithms: list[str], threads: int, repeats: int) -> dict[str, float]:
    """Median seconds per algorithm from one `attnbench speed` run."""
    cmd = [str(exe), "speed", "--batch", "1", "--heads", str(shape["H"]), "--seq-len", str(shape["L"]),
           "--head-dim", str(shape["D"]), "--threads", str(threads), "--algorithms", ",".join(algorithms),
           "--repeats", str(repeats), "--tile", "64x64"]
    if shape["causal"]:
        cmd.append("--causal")
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr.strip()}")
    times: dict[str, float] = {}
    in_table = False
    for line in out.stdout.splitlines():
        if line.startswith("---"):
            in_table = True
            continue
        cols = line.split()
        if in_table and len(cols) >= 4 and cols[0] in algorithms:
            times[cols[0]] = float(cols[2]) / 1e3  # "time (ms)"
    missing = set(algorithms) - set(times)
    if missing:
        raise RuntimeError(f"could not parse {missing} from:\n{out.stdout}")
    return times


def host_profile(exe: Path) -> dict | None:
    """`attnbench model --profile host` in an empty cache dir, so it measures now."""
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, ATTNBENCH_CACHE_DIR=d)
        out = subprocess.run([str(exe), "model", "--heads", "1", "--seq-len", "1024", "--head-dim", "64",
                              "--profile", "host", "--json"], capture_output=True, text=True, env=env)
        if out.returncode != 0:
            return None
        try:
            cached = json.loads((Path(d) / "host-profile.json").read_text())
            return {"peak_gflops": cached["profile"]["peakFP32"] / 1e9,
                    "triad_gbs": cached["profile"]["bandwidth"] / 1e9,
                    "source": cached["profile"].get("source", "")}
        except (OSError, KeyError, ValueError):
            rl = json.loads(out.stdout)["roofline"][0]
            return {"peak_gflops": json.loads(out.stdout)["executed_flops"] / rl["compute_seconds"] / 1e9,
                    "triad_gbs": float("nan"), "source": "derived from roofline compute_seconds"}


# ---------------------------------------------------------------------------- torch

def torch_setup(threads: int):
    import torch
    torch.set_num_threads(threads)
    return torch


def torch_inputs(torch, shape: dict, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    dims = (1, shape["H"], shape["L"], shape["D"])
    return tuple(torch.randn(*dims, generator=g, dtype=torch.float32) for _ in range(3))


def torch_time(torch, qkv, causal: bool, warmups: int, repeats: int) -> float:
    import torch.nn.functional as F
    q, k, v = qkv
    ts = []
    with torch.inference_mode():
        for i in range(warmups + repeats):
            t0 = time.perf_counter()
            F.scaled_dot_product_attention(q, k, v, is_causal=causal)
            t = time.perf_counter() - t0
            if i >= warmups:
                ts.append(t)
    return statistics.median(ts)


def torch_backend(torch, shape: dict) -> str:
    """Backend SDPA picks for these inputs: the dispatcher's choice and the profiled op."""
    import torch.nn.functional as F
    from torch.nn.attention import SDPBackend
    q, k, v = torch_inputs(torch, {**shape, "L": 64})
    names = {int(getattr(SDPBackend, n)): n for n in dir(SDPBackend) if n.isupper()}
    choice = names.get(int(torch._fused_sdp_choice(q, k, v, None, 0.0, shape["causal"])), "?")
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        F.scaled_dot_product_attention(q, k, v, is_causal=shape["causal"])
    ops = [e.key for e in prof.key_averages() if "attention" in e.key and e.key != "aten::scaled_dot_product_attention"]
    return f"{choice} ({', '.join(ops) or 'no attention op seen'})"


# ---------------------------------------------------------------------------- runs

def flops(shape: dict) -> float:
    f = 4.0 * shape["H"] * shape["L"] * shape["L"] * shape["D"]
    return f / 2 if shape["causal"] else f


def fmt_range(xs: list[float], nd: int = 1) -> str:
    return f"{min(xs):.{nd}f}–{max(xs):.{nd}f}" if len(xs) > 1 else ""


def compare(args, exe: Path, torch) -> str:
    shapes = [{"H": h, "L": l, "D": d, "causal": c}
              for h in args.heads for l in args.seq_lens for d in args.head_dims for c in args.causal]
    algos = args.algorithms
    inputs = {i: torch_inputs(torch, s, seed=i) for i, s in enumerate(shapes)}
    res = {i: {"torch": [], **{a: [] for a in algos}} for i in range(len(shapes))}
    peaks: list[dict] = []
    backends = {(s["causal"]): torch_backend(torch, s) for s in shapes}

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
            order = ["torch", "attnbench"] if (r + i) % 2 == 0 else ["attnbench", "torch"]
            for side in order:
                if side == "torch":
                    res[i]["torch"].append(torch_time(torch, inputs[i], s["causal"], args.warmups, args.repeats))
                else:
                    for a, t in attnbench_speed(exe, s, algos, 1, args.repeats).items():
                        res[i][a].append(t)
        print(f"round {r + 1}/{args.rounds} done ({time.monotonic() - t_start:.0f} s)", file=sys.stderr)
    load = mon.stop()
    up1 = uptime()

    lines = []
    model, cpus = cpu_model()
    import torch as _t
    lines += [
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {model}, {cpus} CPUs; "
        f"torch {_t.__version__} (CPU capability {_t.backends.cpu.get_cpu_capability()}), "
        f"attnbench `{exe}`",
        f"- single thread: `torch.set_num_threads(1)`, `attnbench speed --threads 1 --tile 64x64`; "
        f"{args.rounds} rounds × (torch {args.warmups} warm-up + {args.repeats} timed calls, "
        f"attnbench 1 warm-up + {args.repeats} timed calls), order alternating; total {load['wall_s']:.0f} s",
        f"- load: before `{up0}`; after `{up1}`; other processes used {load['other_cores']:.2f} cores "
        f"on average during the run (steal {load['steal_cores']:.2f})",
        f"- SDPA backend: non-causal {backends.get(False, 'n/a')}; causal {backends.get(True, 'n/a')}",
    ]
    if peaks:
        pk = statistics.median(p["peak_gflops"] for p in peaks)
        bw = statistics.median(p["triad_gbs"] for p in peaks)
        lines.append(f"- FMA peak, one core: {FACTS_PEAK_1CORE} GFLOP/s (toolchain-facts.md, quiet machine); "
                     f"`attnbench model --profile host` measured {pk:.1f} GFLOP/s "
                     f"(median of {len(peaks)}, range {fmt_range([p['peak_gflops'] for p in peaks])}) "
                     f"and triad {bw:.1f} GB/s during this run. % of peak below uses {FACTS_PEAK_1CORE}.")
    lines.append("")
    hdr = ["Hq", "L", "D", "causal", "torch GFLOP/s"]
    for a in algos:
        hdr += [f"{a} GFLOP/s", f"{a}/torch"]
    hdr += ["torch % peak", f"{algos[0]} % peak"]
    lines.append("| " + " | ".join(hdr) + " |")
    lines.append("|" + "|".join("---:" for _ in hdr) + "|")
    raw = []
    for i, s in enumerate(shapes):
        f = flops(s)
        tg = [f / t / 1e9 for t in res[i]["torch"]]
        row = [str(s["H"]), str(s["L"]), str(s["D"]), "yes" if s["causal"] else "no",
               f"{statistics.median(tg):.1f} ({fmt_range(tg)})"]
        entry = {**s, "flops": f, "torch_s": res[i]["torch"]}
        for a in algos:
            ag = [f / t / 1e9 for t in res[i][a]]
            ratios = [ta / tb for ta, tb in zip(ag, tg)]  # paired within a round
            row += [f"{statistics.median(ag):.1f} ({fmt_range(ag)})",
                    f"**{statistics.median(ratios):.2f}** ({fmt_range(ratios, 2)})"]
            entry[f"{a}_s"] = res[i][a]
        row += [f"{100 * statistics.median(tg) / FACTS_PEAK_1CORE:.0f}%",
                f"{100 * statistics.median(f / t / 1e9 for t in res[i][algos[0]]) / FACTS_PEAK_1CORE:.0f}%"]
        lines.append("| " + " | ".join(row) + " |")
        raw.append(entry)
    lines.append("")
    lines.append("GFLOP/s: median over rounds of each round's median (range over rounds in parentheses); "
                 "ratio: median of the per-round paired ratios attnbench/torch (> 1: attnbench faster).")
    if args.json:
        Path(args.json).write_text(json.dumps({"shapes": raw, "peaks": peaks, "load": load,
                                               "uptime": [up0, up1], "backends": {str(k): v for k, v in backends.items()}},
                                              indent=1))
    return "\n".join(lines)


def scaling(args, exe: Path, torch) -> str:
    s = {"H": args.scaling_heads, "L": args.scaling_len, "D": args.scaling_dim, "causal": False}
    f = flops(s)
    qkv = torch_inputs(torch, s)
    t = {"a1": [], "a2": [], "t1": [], "t2": []}
    up0 = uptime()
    mon = LoadMonitor()
    mon.start()
    for r in range(args.rounds):
        steps = ["a1", "a2", "t1", "t2"] if r % 2 == 0 else ["a2", "a1", "t2", "t1"]
        for st in steps:
            n = int(st[1])
            if st[0] == "a":
                t[st].append(attnbench_speed(exe, s, ["flash"], n, args.repeats)["flash"])
            else:
                torch.set_num_threads(n)
                t[st].append(torch_time(torch, qkv, False, args.warmups, args.repeats))
    torch.set_num_threads(1)
    load = mon.stop()
    up1 = uptime()
    g = {k: [f / x / 1e9 for x in v] for k, v in t.items()}
    ra = [b / a for a, b in zip(g["a1"], g["a2"])]
    rt = [b / a for a, b in zip(g["t1"], g["t2"])]
    return "\n".join([
        f"Thread scaling, B=1 Hq={s['H']} L={s['L']} D={s['D']} non-causal, {args.rounds} rounds "
        f"× {args.repeats} timed calls, 1 and 2 threads alternating:",
        "",
        "| | 1 thread GFLOP/s | 2 threads GFLOP/s | 2T/1T (median of paired rounds) |",
        "|---|---:|---:|---:|",
        f"| attnbench flash | {statistics.median(g['a1']):.1f} ({fmt_range(g['a1'])}) | "
        f"{statistics.median(g['a2']):.1f} ({fmt_range(g['a2'])}) | **{statistics.median(ra):.2f}** ({fmt_range(ra, 2)}) |",
        f"| torch SDPA | {statistics.median(g['t1']):.1f} ({fmt_range(g['t1'])}) | "
        f"{statistics.median(g['t2']):.1f} ({fmt_range(g['t2'])}) | **{statistics.median(rt):.2f}** ({fmt_range(rt, 2)}) |",
        "",
        f"- load: before `{up0}`; after `{up1}`; other processes used {load['other_cores']:.2f} cores "
        f"on average during the run (steal {load['steal_cores']:.2f}); {load['wall_s']:.0f} s",
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--attnbench", help="attnbench binary (default: $ATTNBENCH, then .build/release/attnbench)")
    ap.add_argument("--heads", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--seq-lens", type=int, nargs="+", default=[512, 1024, 2048])
    ap.add_argument("--head-dims", type=int, nargs="+", default=[64, 128])
    ap.add_argument("--causal", choices=["no", "yes", "both"], default="both")
    ap.add_argument("--algorithms", default="flash,three-pass")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=5, help="timed calls per side per round")
    ap.add_argument("--warmups", type=int, default=2, help="untimed torch calls per round (attnbench does 1)")
    ap.add_argument("--no-peak", dest="peak", action="store_false", help="skip the host FMA peak measurement")
    ap.add_argument("--scaling", action="store_true", help="also compare 1 vs 2 threads (flash and torch)")
    ap.add_argument("--scaling-only", action="store_true", help="only the thread-scaling comparison")
    ap.add_argument("--scaling-heads", type=int, default=8)
    ap.add_argument("--scaling-len", type=int, default=2048)
    ap.add_argument("--scaling-dim", type=int, default=64)
    ap.add_argument("--out", help="also write the Markdown here")
    ap.add_argument("--json", help="write raw per-round times here")
    args = ap.parse_args()
    args.causal = {"no": [False], "yes": [True], "both": [False, True]}[args.causal]
    args.algorithms = args.algorithms.split(",")

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
