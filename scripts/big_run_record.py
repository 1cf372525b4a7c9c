#!/usr/bin/env python3
"""Write a large, valid run.json to time `attnbench report` and `compare` on big runs.

usage: scripts/big_run_record.py RUN_DIR_OR_JSON OUT_DIR [--cases N] [--samples S]

Takes a real run record (e.g. a run of Suites/ci.yaml) as the template, and writes
OUT_DIR/run.json with N cases (default 24000) of S samples each (default 50), each a copy
of one of the template's cases under a unique id (the seed is changed to match), with
per-sample timings varied so that statistics are not degenerate. About 200 MB with the
defaults. Only the standard library is used.

    swift build -c release --product attnbench
    .build/release/attnbench run Suites/ci.yaml --out /tmp/ci-run --quiet
    scripts/big_run_record.py /tmp/ci-run/ci/*/ /tmp/big-run
    time .build/release/attnbench report /tmp/big-run
    time .build/release/attnbench compare /tmp/big-run /tmp/big-run --no-timing > /dev/null
"""
import argparse
import json
import os
import random
import statistics
import sys


def main(argv):
    parser = argparse.ArgumentParser(description="Write a large, valid run.json (see the module doc).")
    parser.add_argument("source", help="a run directory or run.json used as the template")
    parser.add_argument("out_dir", help="directory to write run.json into")
    parser.add_argument("--cases", type=int, default=24000)
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args(argv)
    cases_wanted, samples_wanted = args.cases, args.samples
    source, out_dir = args.source, args.out_dir
    if os.path.isdir(source):
        source = os.path.join(source, "run.json")
    with open(source) as f:
        template = json.load(f)
    rng = random.Random(13)
    cases = []
    originals = [c for c in template["cases"] if c.get("status") == "ok"]
    for i in range(cases_wanted):
        case = json.loads(json.dumps(originals[i % len(originals)]))
        case["parameters"]["seed"] = 1000 + i
        case["id"] = f"{case['id']}-seed{1000 + i}"
        base = case["statistics"]["wall_ns"]["median"]
        samples = []
        for _ in range(samples_wanted):
            wall = int(base * rng.uniform(0.95, 1.1))
            samples.append({"counters": {}, "cpu_ns": wall, "wall_ns": wall})
        case["samples"] = samples
        for metric in ("wall_ns", "cpu_ns"):
            values = sorted(float(s[metric]) for s in samples)
            median = statistics.median(values)
            mad = statistics.median(abs(v - median) for v in values)
            mean = statistics.fmean(values)
            stdev = statistics.stdev(values)
            case["statistics"][metric] = {
                "count": len(values), "median": median, "mean": mean, "stddev": stdev,
                "min": values[0], "max": values[-1], "p90": values[int(0.9 * (len(values) - 1))],
                "mad": mad, "cv": stdev / mean, "ci_low": values[len(values) // 3],
                "ci_high": values[2 * len(values) // 3], "outliers": [],
            }
        cases.append(case)
    template["cases"] = cases
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "run.json")
    with open(path, "w") as f:
        json.dump(template, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"{path}: {len(cases)} cases, {os.path.getsize(path) / 1e6:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
