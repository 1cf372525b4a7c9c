#!/usr/bin/env python3
"""Prints the worked table of docs/memory-model.md from `attnbench model --json`.

Usage: python3 scripts/memory_model_table.py [path/to/attnbench]
"""
import json
import subprocess
import sys

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/release/attnbench"
D = 128


def model(algorithm, n, sram=None, tile=None):
    args = [BIN, "model", "--heads", "1", "--seq-len", str(n), "--head-dim", str(D),
            "--algorithm", algorithm, "--json"]
    if sram:
        args += ["--sram", sram]
    if tile:
        args += ["--tile", tile]
    return json.loads(subprocess.check_output(args))


def mb(b):
    return f"{b / 1e6:,.1f}"


print(f"One head, fp32, D = {D}, non-causal. HBM bytes (MB, reads + writes).\n")
srams = ["64KiB", "128KiB", "256KiB"]
header = "| N | three-pass | online | " + " | ".join(f"flash, M = {m} (tile)" for m in srams) + " |"
print(header)
print("|" + "---|" * (3 + len(srams)))
for n in [1024, 2048, 4096, 8192]:
    row = [str(n)]
    for a in ["three-pass", "online"]:
        r = model(a, n, tile="64x64")
        row.append(mb(r["hbm_read_bytes"] + r["hbm_write_bytes"]))
    for m in srams:
        r = model("flash", n, sram=m)
        row.append(f"{mb(r['hbm_read_bytes'] + r['hbm_write_bytes'])} ({r['tile']})")
    print("| " + " | ".join(row) + " |")
