#!/usr/bin/env bash
# Prove hardware counters end to end on a machine with a PMU (e.g. the device machine a
# session is sometimes lent), with one prepared command.
#
#   scripts/device_counters.sh prepare   # here: a portable, self-contained build in .device/
#   scripts/device_counters.sh check     # there: counters probe + a short run with PAPI
#                                        # presets; outputs under $OUT (or .device/out)
#
# prepare builds with ATTNBENCH_TARGET_CPU=haswell (AVX2+FMA: runs on any x86-64 server
# CPU of the last decade) and --static-swift-stdlib, and copies libpapi and libpfm next to
# the binary, because the other machine has neither Swift nor PAPI. .device/ is listed in
# .git/info/exclude so it never gets committed; carry it with the device tool
# (`carry: [".device"]`, command `bash scripts/device_counters.sh check`).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.device

case "${1:-}" in
prepare)
    ATTNBENCH_TARGET_CPU=haswell swift build -c release --product attnbench \
        --static-swift-stdlib --scratch-path .build-device
    rm -rf "$dir" && mkdir -p "$dir/lib"
    # Stripped and xz-compressed (~15 MB instead of ~84 MB): the device tool carries at
    # most 64 MiB with the working tree.
    strip -o "$dir/attnbench" .build-device/release/attnbench
    xz -T2 -6 "$dir/attnbench"
    for lib in libpapi.so.7.0 libpfm.so.4; do
        cp -L "$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')" "$dir/lib/"
    done
    cp Suites/quick.yaml "$dir/"
    grep -qx "/$dir/" .git/info/exclude 2>/dev/null || echo "/$dir/" >> .git/info/exclude
    du -sh "$dir"
    ;;
check)
    out=${OUT:-$dir/out}
    mkdir -p "$out"
    export LD_LIBRARY_PATH="$PWD/$dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    bin="$dir/attnbench"
    [ -x "$bin" ] || { xz -dk "$bin.xz" && chmod +x "$bin"; }
    { lscpu | head -20; echo; cat /proc/sys/kernel/perf_event_paranoid; } > "$out/machine.txt" 2>&1 || true
    "$bin" counters > "$out/counters.txt" 2>&1 || true
    head -3 "$out/counters.txt"
    # A short run with hardware presets: IPC and miss rates appear in report.md when they count.
    cat > "$out/hw.yaml" <<'YAML'
suite: hw-counters
defaults: {batch: 1, heads: 4, kv_heads: 4, seq_len: 512, head_dim: 64, threads: 2}
measure: {warmup: 1, min_samples: 5, max_samples: 10, min_time: 0.2s,
          counters: [perf::TASK-CLOCK, PAPI_TOT_INS, PAPI_TOT_CYC, PAPI_L1_DCM, PAPI_L2_DCM]}
matrix:
  algorithm: [three-pass, flash]
YAML
    "$bin" run "$out/hw.yaml" --out "$out/runs" --quiet
    run=$(ls -1d "$out"/runs/hw-counters/*/ | head -n1)
    cp "$run/report.md" "$out/report.md"
    cp "$run/results.csv" "$out/results.csv"
    grep -E "^\| (three-pass|flash) " "$out/report.md" | head -4
    grep -i "counter" "$out/report.md" | head -8
    ;;
*)
    sed -n '2,14p' "$0"
    exit 2
    ;;
esac
