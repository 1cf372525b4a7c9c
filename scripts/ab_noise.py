#!/usr/bin/env python3
"""Where the timing noise of an `attnbench ab` (or `run --invocations`) sits on this machine.

usage: scripts/ab_noise.py DIR [DIR ...]

DIR is an `ab --out` directory (with base/run.json and current/run.json) or a run directory
of `run --invocations N`. For each side it prints, over the invocations:

- invocation shift: how far one invocation as a whole ran from the case medians (the
  standard deviation of the per-invocation mean of log(case median / case's median over
  invocations)); `ab` pairs rounds so that shifts common to both sides cancel;
- spread within an invocation: the standard deviation of those case deviations around
  their invocation's mean, i.e. what one case alone suffers;
- lag-1 autocorrelation of the case deviations in the order the cases ran: near 0 when a
  slow second of the machine costs every case alike (interleaved), clearly above 0 when it
  costs the few cases measured in it (case after case);

and for `ab`, the standard deviation of the per-round log ratio current/base of one case
(median over cases), which with R rounds gives the spread of the verdict's mean: / sqrt(R).

Python 3 standard library only. docs/ci.md ("Why `ab` interleaves") shows its output.
"""
import json
import math
import os
import statistics
import sys


def by_invocation(record):
    """{case id: {invocation: (median wall ns, first sample start ns)}}."""
    out = {}
    for case in record["cases"]:
        groups = {}
        for s in case.get("samples", []):
            groups.setdefault(s.get("invocation", 0), []).append(s)
        out[case["id"]] = {
            k: (statistics.median(x["wall_ns"] for x in v), min(x.get("start_ns", 0) for x in v))
            for k, v in groups.items()
        }
    return out


def lag1(values):
    if len(values) < 3:
        return float("nan")
    m = statistics.fmean(values)
    d = [v - m for v in values]
    den = sum(x * x for x in d)
    return sum(a * b for a, b in zip(d, d[1:])) / den if den > 0 else float("nan")


def side_noise(cases):
    """(invocation shift sd, mean within-invocation sd, mean lag-1 autocorrelation)."""
    per_invocation = {}
    for medians in cases.values():
        if len(medians) < 2:
            continue
        center = statistics.median(m for m, _ in medians.values())
        for k, (m, start) in medians.items():
            per_invocation.setdefault(k, []).append((start, math.log(m / center)))
    shifts, spreads, lags = [], [], []
    for rows in per_invocation.values():
        rows.sort()
        devs = [d for _, d in rows]
        shifts.append(statistics.fmean(devs))
        spreads.append(statistics.pstdev(devs))
        lags.append(lag1(devs))
    lags = [x for x in lags if not math.isnan(x)]
    return (
        statistics.pstdev(shifts) if len(shifts) > 1 else float("nan"),
        statistics.fmean(spreads) if spreads else float("nan"),
        statistics.fmean(lags) if lags else float("nan"),
        len(per_invocation),
    )


def main(dirs):
    for d in dirs:
        sides = {}
        for name in ("base", "current"):
            path = os.path.join(d, name, "run.json")
            if os.path.exists(path):
                sides[name] = by_invocation(json.load(open(path)))
        if not sides:
            sides["run"] = by_invocation(json.load(open(os.path.join(d, "run.json"))))
        print(d)
        for name, cases in sides.items():
            shift, spread, lag, n = side_noise(cases)
            print(
                f"  {name:8s} {n} invocations: invocation shift sd {shift:.3f}, "
                f"spread within an invocation {spread:.3f}, lag-1 autocorrelation {lag:+.2f}"
            )
        if len(sides) == 2:
            sds = []
            for cid, b in sides["base"].items():
                c = sides["current"].get(cid, {})
                logs = [math.log(c[k][0] / b[k][0]) for k in b if k in c]
                if len(logs) > 1:
                    sds.append(statistics.pstdev(logs))
            if sds:
                print(f"  per-round log ratio of one case: sd {statistics.median(sds):.3f} (median over cases)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    main(sys.argv[1:])
