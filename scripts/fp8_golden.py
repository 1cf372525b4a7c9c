#!/usr/bin/env python3
"""Writes the FP8 golden fixture that FP8GoldenTests compares the Swift converter with.

The expected codes come from ml_dtypes (`float32.astype(float8_e4m3fn / float8_e5m2)`),
which is the reference for attnbench's FP8 rounding. ml_dtypes never saturates, so the
codes are those of FP8Format.encode(x, saturate: false).

Inputs (float32, deterministic; rerunning gives the same bytes):
  - every FP8 value of both formats, both signs, and every midpoint between neighbours
    (including 0 | minSubnormal and maxFinite | the next step up), each ±1, ±2 and ±3 ulps;
  - every power of two 2^k (k = -149 … 127) and the float32 values ±1, ±2 ulps around it;
  - specials: ±0, ±inf, NaNs with several payloads and both signs, the float32 extremes;
  - 32,768 random magnitudes over all of float32 (each with both signs);
  - 120,000 random magnitudes with the exponent where FP8 lives (2^-20 … 2^17), both signs.

Layout (little-endian), Tests/AttentionKernelsTests/Fixtures/fp8_golden.bin:
  8 bytes  magic  b"FP8GOLD1"
  u32      count  (number of inputs)
  u32      0      (reserved)
  count × u32     input bit patterns
  count × u8      ml_dtypes float8_e4m3fn codes
  count × u8      ml_dtypes float8_e5m2 codes
  256 × u32       ml_dtypes float8_e4m3fn → float32 bits, codes 0…255
  256 × u32       ml_dtypes float8_e5m2  → float32 bits, codes 0…255

Usage:  python3 -m venv .venv && .venv/bin/pip install ml_dtypes numpy
        .venv/bin/python scripts/fp8_golden.py [--out PATH]
"""
import argparse
import pathlib
import sys

import ml_dtypes
import numpy as np

FORMATS = (ml_dtypes.float8_e4m3fn, ml_dtypes.float8_e5m2)
DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/AttentionKernelsTests/Fixtures/fp8_golden.bin"


def bits(x):
    return np.asarray(x, dtype=np.float32).view(np.uint32)


def around(b, ulps):
    """Bit patterns within ±ulps float32 steps of each pattern in b (same sign side)."""
    b = b.astype(np.int64)
    out = [b + d for d in range(-ulps, ulps + 1)]
    return np.concatenate(out)


def grid_points():
    """All FP8 values of both formats and the midpoints between neighbours, as float64."""
    pts = []
    for fmt in FORMATS:
        vals = np.arange(256, dtype=np.uint8).view(fmt).astype(np.float64)
        vals = np.unique(vals[np.isfinite(vals) & (vals >= 0)])
        step_above = vals[-1] - vals[-2]
        # Midpoints between neighbours, plus the one above the largest finite value.
        ext = np.append(vals, vals[-1] + step_above)
        mids = (ext[:-1] + ext[1:]) / 2
        pts += [vals, mids, [vals[-1] + step_above, vals[-1] + 2 * step_above]]
    p = np.concatenate([np.asarray(x, dtype=np.float64) for x in pts])
    return np.unique(p.astype(np.float32))  # all exactly representable in float32


def inputs(rng):
    parts = []
    g = bits(grid_points()).astype(np.int64)
    parts.append(around(g, 3))
    pow2 = np.array([(127 + k) << 23 if k >= -126 else 1 << (k + 149) for k in range(-149, 128)], dtype=np.int64)
    parts.append(around(pow2, 2))
    specials = [0x0000_0000, 0x7F80_0000, 0x7FC0_0000, 0x7F80_0001, 0x7FBF_FFFF, 0x7FFF_FFFF, 0x7FC0_0001,
                0x7F7F_FFFF, 0x0000_0001, 0x007F_FFFF, 0x0080_0000]
    parts.append(np.array(specials, dtype=np.int64))
    parts.append(rng.integers(0, 1 << 31, size=32_768, dtype=np.int64))
    exps = rng.integers(127 - 20, 127 + 18, size=120_000, dtype=np.int64)
    mants = rng.integers(0, 1 << 23, size=120_000, dtype=np.int64)
    parts.append((exps << 23) | mants)
    mag = np.concatenate(parts)
    mag = mag[(mag >= 0) & (mag <= 0x7FFF_FFFF)]
    both = np.concatenate([mag, mag | 0x8000_0000]).astype(np.uint32)
    return np.unique(both)  # sorted, deterministic


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=20240607)
    args = ap.parse_args()

    x = inputs(np.random.default_rng(args.seed))
    f = x.view(np.float32)
    with np.errstate(invalid="ignore", over="ignore"):
        codes = [f.astype(fmt).view(np.uint8) for fmt in FORMATS]
    tables = [np.arange(256, dtype=np.uint8).view(fmt).astype(np.float32).view(np.uint32) for fmt in FORMATS]

    header = b"FP8GOLD1" + np.array([len(x), 0], dtype="<u4").tobytes()
    blob = header + x.astype("<u4").tobytes() + b"".join(c.tobytes() for c in codes) \
        + b"".join(t.astype("<u4").tobytes() for t in tables)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    print(f"{args.out}: {len(x)} inputs, {len(blob)} bytes (ml_dtypes {ml_dtypes.__version__}, numpy {np.__version__})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
