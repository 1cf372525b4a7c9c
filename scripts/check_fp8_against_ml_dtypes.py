#!/usr/bin/env python3
"""Compares attnbench's FP8 converter with ml_dtypes on every float32 bit pattern (2^32).

How: this script compiles a small Swift driver (its source is below) together with
Sources/AttentionKernels/FP8/FP8Format*.swift and Config/Precision.swift (`swiftc -O
-target-cpu native`), then streams ml_dtypes' codes for consecutive chunks of bit
patterns into the driver's stdin. For every input x the driver checks:

  1. encode(x, saturate: false) == ml_dtypes code           (E4M3 and E5M2)
  2. encode(x, saturate: true)  == that code with overflow clamped to ±maxFinite
     (E4M3: NaN code from a non-NaN input; E5M2: ±inf code)  (E4M3 and E5M2)
  3. round(x, saturate: false) has the bits of ml_dtypes' float32 value of the code
     (x itself when x is NaN)                                 (E4M3 and E5M2)
  4. roundToGrid (SIMD16) lanes have the bits of round(x, saturate: true)
                                                              (E4M3 and E5M2)

Usage:  .venv/bin/python scripts/check_fp8_against_ml_dtypes.py            # all 2^32
        .venv/bin/python scripts/check_fp8_against_ml_dtypes.py --chunks 4  # first 4·2^24
Exit status 0 when every check passes, 1 otherwise. Takes a few minutes on one core.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import ml_dtypes
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHUNK_LOG = 24

DRIVER = r"""
import Glibc

let args = CommandLine.arguments
guard args.count == 4, let chunkLog = Int(args[1]), let firstChunk = Int(args[2]), let chunks = Int(args[3]) else {
    print("usage: fp8sweep CHUNK_LOG FIRST_CHUNK CHUNKS"); exit(2)
}
let n = 1 << chunkLog
let expected = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 2 * n)
var failures = [String: Int]()
var shown = 0
var checked = 0

func fail(_ kind: String, _ x: UInt32, _ detail: String) {
    failures[kind, default: 0] += 1
    if shown < 20 { shown += 1; print("MISMATCH \(kind) x=0x\(String(x, radix: 16)) \(detail)") }
}

func saturated(_ code: UInt8, _ f: FP8Format, _ x: Float) -> UInt8 {
    if x.isNaN { return code }
    let m = code & 0x7F
    let overflowed = f == .e4m3 ? m == 0x7F : m == 0x7C
    return overflowed ? (code & 0x80) | f.maxFiniteCode : code
}

for chunk in firstChunk..<(firstChunk + chunks) {
    var got = 0
    while got < 2 * n {
        let r = fread(expected.baseAddress! + got, 1, 2 * n - got, stdin)
        if r <= 0 { print("short read in chunk \(chunk)"); exit(2) }
        got += r
    }
    let start = UInt32(chunk << chunkLog)
    for (k, f) in FP8Format.allCases.enumerated() {
        let exp = expected.baseAddress! + k * n
        var i = 0
        while i < n {
            var v = SIMD16<Float>()
            for l in 0..<16 { v[l] = Float(bitPattern: start &+ UInt32(i + l)) }
            let g = f.roundToGrid(v)
            for l in 0..<16 {
                let bits = start &+ UInt32(i + l)
                let x = v[l]
                let e = exp[i + l]
                let c = f.encode(x, saturate: false)
                if c != e { fail("\(f) encode nonsat", bits, "got \(c) want \(e)") }
                let cs = f.encode(x, saturate: true), es = saturated(e, f, x)
                if cs != es { fail("\(f) encode sat", bits, "got \(cs) want \(es)") }
                let r = f.round(x, saturate: false).bitPattern
                let er = x.isNaN ? bits : f.decode(e).bitPattern
                if r != er { fail("\(f) round nonsat", bits, "got \(r) want \(er)") }
                let rs = f.round(x, saturate: true).bitPattern
                if g[l].bitPattern != rs { fail("\(f) roundToGrid", bits, "got \(g[l].bitPattern) want \(rs)") }
            }
            i += 16
        }
    }
    checked += n
}
print("checked \(checked) inputs x 2 formats; mismatches: \(failures.isEmpty ? "none" : "\(failures)")")
exit(failures.isEmpty ? 0 : 1)
"""


def build(tmp):
    main = pathlib.Path(tmp) / "main.swift"
    main.write_text(DRIVER)
    fp8 = sorted((ROOT / "Sources/AttentionKernels/FP8").glob("FP8Format*.swift"))
    sources = [str(p) for p in fp8] + [str(ROOT / "Sources/AttentionKernels/Config/Precision.swift"), str(main)]
    exe = pathlib.Path(tmp) / "fp8sweep"
    cmd = ["swiftc", "-O", "-wmo", "-target-cpu", "native", "-module-name", "FP8Sweep", *sources, "-o", str(exe)]
    subprocess.run(cmd, check=True)
    return exe


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--first-chunk", type=int, default=0, help="first chunk of 2^24 bit patterns")
    ap.add_argument("--chunks", type=int, default=(1 << 32) >> CHUNK_LOG, help="number of chunks (256 = all)")
    args = ap.parse_args()
    if not (0 <= args.first_chunk and args.chunks >= 1 and args.first_chunk + args.chunks <= 256):
        ap.error("chunks must lie in 0…255")

    n = 1 << CHUNK_LOG
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        exe = build(tmp)
        print(f"built driver in {time.time() - t0:.1f} s; ml_dtypes {ml_dtypes.__version__}", file=sys.stderr)
        proc = subprocess.Popen([str(exe), str(CHUNK_LOG), str(args.first_chunk), str(args.chunks)],
                                stdin=subprocess.PIPE)
        try:
            for chunk in range(args.first_chunk, args.first_chunk + args.chunks):
                x = np.arange(chunk * n, (chunk + 1) * n, dtype=np.uint64).astype(np.uint32).view(np.float32)
                with np.errstate(invalid="ignore", over="ignore"):
                    for fmt in (ml_dtypes.float8_e4m3fn, ml_dtypes.float8_e5m2):
                        proc.stdin.write(x.astype(fmt).view(np.uint8).tobytes())
                if chunk % 16 == 15:
                    print(f"  chunk {chunk + 1}/256 sent, {time.time() - t0:.0f} s", file=sys.stderr)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        rc = proc.wait()
    print(f"done in {time.time() - t0:.0f} s, driver exit {rc}", file=sys.stderr)
    sys.exit(0 if rc == 0 else 1)


if __name__ == "__main__":
    main()
