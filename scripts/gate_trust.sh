#!/usr/bin/env bash
# Is the timing gate trustworthy on this machine? Real runs, end to end:
#
#  A/A       two runs of the same build back to back, `compare --timing` between them:
#            nothing should be flagged (slower or faster). Suites quick, ci and
#            gqa-decode, filtered to keep each run a few seconds, with --interleave.
#  slowdown  a base run, then the same cases while a CPU hog competes for the same core
#            (both pinned with `taskset -c CPU`; the suites use threads: 1): the cases must
#            be flagged slower. Three hogs: always busy on calls of 13-50 ms; busy 25 % of
#            the time (2 ms on, 6 ms off); always busy on calls of about 1 ms.
#
#  --proof  the invocation-level gate (issue 10), on Suites/quick.yaml with the defaults:
#            TRIALS A/A trials of `ab` with the same binary on both sides; TRIALS A/A
#            trials of `compare` between two `run --invocations N` runs; and one `ab`
#            whose CURRENT is a wrapper running the binary while a competitor busy 25 % of
#            the time (2 ms of every 8 ms) shares its core (BASE: the same binary on the same
#            core, no competitor). Flagged cases per trial, minutes, load average; the
#            tables are written in Markdown to DIR/proof.md (and printed). About 30 minutes
#            on an idle 2-core VM. For contrast it also runs TRIALS A/A pairs of
#            single-invocation runs.
#
# Slow (a few minutes; --proof about half an hour) and load-dependent: not part of `make test`
# or `.ci/run`. Results: one line per comparison on stdout, everything under --out. See
# docs/ci.md, "Is the gate trustworthy?".
#
# usage: scripts/gate_trust.sh [--bin PATH] [--out DIR] [--rounds N] [--min-samples N]
#                              [--only aa|slowdown] [--cpu N] [--pin]
#        scripts/gate_trust.sh --proof [--trials N] [--invocations N] [--ab-rounds N] [--bin PATH]
#                              [--out DIR] [--cpu N] [--filter RE]
#   --trials N        --proof: A/A trials of each kind (default 5)
#   --invocations N   --proof: invocations of each `run` in the compare A/A (default 5)
#   --ab-rounds N     --proof: `ab --rounds` (default: ab's own default)
#   --filter RE       --proof: only these cases of quick (a dry run of the script itself)
#   --rounds N        A/A rounds per suite (default 2)
#   --min-samples N   run temporary copies of the suites with measure.min_samples = N
#                     (and max_samples at least N); default: the suites as shipped
#   --cpu N           the core the slowdown runs and hogs share (default 0)
#   --pin             run the A/A runs under `taskset -c CPU` too
# Each line: verdict counts at the suite's threshold (10 %), the median ratio of medians
# (current/base) with its range, and how many cases compare would flag (slower or
# faster) with --threshold 20 %, 30 %, 50 %.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.build/release/attnbench
out=
rounds=2
min_samples=
only=
cpu=0
pin_aa=0
proof=0
trials=5
invocations=5
ab_rounds=
proof_filter=
while [ $# -gt 0 ]; do
    case "$1" in
        --proof) proof=1; shift ;;
        --trials) trials=$2; shift 2 ;;
        --invocations) invocations=$2; shift 2 ;;
        --ab-rounds) ab_rounds=$2; shift 2 ;;
        --filter) proof_filter=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --min-samples) min_samples=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        --cpu) cpu=$2; shift 2 ;;
        --pin) pin_aa=1; shift ;;
        -h|--help) sed -n '2,43p' "$0"; exit 0 ;;
        *) echo "gate_trust.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ -x "$bin" ] || { echo "gate_trust.sh: $bin not found; run: swift build -c release --product attnbench" >&2; exit 2; }
command -v python3 >/dev/null || { echo "gate_trust.sh: python3 is needed to read the comparisons" >&2; exit 2; }
out=${out:-$(mktemp -d "${TMPDIR:-/tmp}/attnbench-gate-trust.XXXXXX")}
mkdir -p "$out/suites"

hogs=()
cleanup() { for p in "${hogs[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# The suite to run: the shipped file, or a copy with more samples (--min-samples).
suite_file() {
    local src=Suites/$1.yaml
    if [ -z "$min_samples" ]; then echo "$src"; return; fi
    local dst=$out/suites/$1.yaml
    python3 - "$src" "$dst" "$min_samples" <<'EOF'
import re, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src).read()
text = re.sub(r"(?m)^(\s*min_samples:)\s*\d+", rf"\g<1> {n}", text)
text = re.sub(r"(?m)^(\s*max_samples:)\s*(\d+)", lambda m: f"{m.group(1)} {max(n, int(m.group(2)))}", text)
open(dst, "w").write(text)
EOF
    echo "$dst"
}

# run LABEL SUITE FILTER [PREFIX…]: one run into $out/runs/LABEL; prints its directory.
run() {
    local label=$1 suite=$2 filter=$3; shift 3
    local dest=$out/runs/$label
    rm -rf "$dest"
    "$@" "$bin" run "$(suite_file "$suite")" --filter "$filter" --interleave --out "$dest" --quiet >/dev/null
    ls -1d "$dest"/*/*/ | head -n1
}

# compare LABEL BASE CURRENT: `compare --timing` (exit 1 is an answer, not an error);
# prints one summary line and appends it to $out/summary.txt.
compare() {
    local label=$1 base=$2 current=$3
    local status=0
    "$bin" compare "$base" "$current" --timing --format json > "$out/$label.json" 2>/dev/null || status=$?
    "$bin" compare "$base" "$current" --timing > "$out/$label.md" 2>/dev/null || true
    [ "$status" -le 1 ] || { echo "gate_trust.sh: compare failed for $label (exit $status)" >&2; exit 1; }
    python3 - "$out/$label.json" "$label" "$(cut -d' ' -f1 /proc/loadavg)" <<'EOF' | tee -a "$out/summary.txt"
import json, statistics, sys
doc = json.load(open(sys.argv[1]))
alpha = doc["comparison"]["alpha"]
cases = [c for c in doc["comparison"]["cases"] if c.get("timing")]
count = lambda v: sum(1 for c in cases if c["verdict"] == v)
ratios = sorted(1 + c["timing"]["relative_change"] for c in cases)
def significant(t):   # as compare decides: the CI of the ratio excludes 1 and p < alpha
    return (t["ratio_low"] > 1 or t["ratio_high"] < 1) and (t.get("p_value") is None or t["p_value"] < alpha)
def flagged(threshold):  # what compare --threshold would flag (slower + faster)
    return sum(1 for c in cases if significant(c["timing"]) and abs(c["timing"]["relative_change"]) > threshold)
sweep = " ".join(f"{int(t * 100)}%:{flagged(t)}" for t in (0.2, 0.3, 0.5))
print(f"{sys.argv[2]:<26} cases {len(cases):3}  slower {count('slower'):3}  faster {count('faster'):3}  "
      f"inconcl. {count('inconclusive'):3}  unchanged {count('unchanged'):3}  "
      f"median ratio {statistics.median(ratios):.3f} ({ratios[0]:.2f}-{ratios[-1]:.2f})  "
      f"flagged at threshold {sweep}  exit {doc['exit_status']}  load {sys.argv[3]}")
EOF
}

start_hog() {   # start_hog always|duty: a competitor pinned to $cpu
    if [ "$1" = always ]; then
        taskset -c "$cpu" sh -c 'while :; do :; done' &
    else
        taskset -c "$cpu" python3 -c '
import time
while True:
    t = time.perf_counter()
    while time.perf_counter() - t < 0.002: pass
    time.sleep(0.006)' &
    fi
    hogs+=($!)
    sleep 0.5
}

stop_hog() { kill "${hogs[-1]}" 2>/dev/null || true; wait "${hogs[-1]}" 2>/dev/null || true; unset 'hogs[-1]'; }

if [ "$proof" = 1 ]; then
    # shellcheck source=scripts/gate_trust_proof.sh
    . scripts/gate_trust_proof.sh
    run_proof
    exit 0
fi

echo "# gate_trust.sh on $(hostname), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); load average: $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee "$out/summary.txt"
echo "# min_samples: ${min_samples:-as shipped}; A/A pinned: $([ "$pin_aa" = 1 ] && echo "cpu $cpu" || echo no); results under $out" | tee -a "$out/summary.txt"

if [ -z "$only" ] || [ "$only" = aa ]; then
    aa_prefix=()
    [ "$pin_aa" = 1 ] && aa_prefix=(taskset -c "$cpu")
    # suite:filter — a few seconds per run each.
    for spec in 'quick:l(256|512)-' 'ci:.' 'gqa-decode:kv(1024|4096)-'; do
        suite=${spec%%:*} filter=${spec#*:}
        for r in $(seq 1 "$rounds"); do
            a=$(run "aa-$suite-$r-a" "$suite" "$filter" "${aa_prefix[@]}")
            b=$(run "aa-$suite-$r-b" "$suite" "$filter" "${aa_prefix[@]}")
            compare "aa-$suite-$r" "$a" "$b"
        done
    done
fi

if [ -z "$only" ] || [ "$only" = slowdown ]; then
    command -v taskset >/dev/null || { echo "gate_trust.sh: taskset (util-linux) is needed for the slowdown runs" >&2; exit 2; }
    pin=(taskset -c "$cpu")
    # quick at seq_len 1024: 12 cases of 13-50 ms per call.
    long='l1024-'
    base=$(run slow-always-base quick "$long" "${pin[@]}")
    start_hog always
    cur=$(run slow-always-hog quick "$long" "${pin[@]}")
    stop_hog
    compare "slowdown-hog-always" "$base" "$cur"

    base=$(run slow-duty-base quick "$long" "${pin[@]}")
    start_hog duty
    cur=$(run slow-duty-hog quick "$long" "${pin[@]}")
    stop_hog
    compare "slowdown-hog-25%" "$base" "$cur"

    # quick at seq_len 256: calls of about 1 ms, shorter than a scheduler time slice.
    short='l256-'
    base=$(run slow-short-base quick "$short" "${pin[@]}")
    start_hog always
    cur=$(run slow-short-hog quick "$short" "${pin[@]}")
    stop_hog
    compare "slowdown-hog-always-1ms" "$base" "$cur"
fi
