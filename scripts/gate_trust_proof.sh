# Sourced by scripts/gate_trust.sh --proof (not run by itself): the measured proof that the
# invocation-level timing gate holds on this machine (docs/ci.md, "Is the gate trustworthy?").
# Uses gate_trust.sh's variables: bin, out, cpu, trials, invocations, ab_rounds, proof_filter.

proof_suite=Suites/quick.yaml

load1() { cut -d' ' -f1 /proc/loadavg; }

# summarize KIND LABEL JSON MINUTES LOADS: one Markdown table row for a comparison.json.
#   KIND aa:       trial, cases, slower, faster, inconclusive, flagged, median ratio (range)
#   KIND slowdown: cases with calls ≥ 1 ms flagged slower / all of them, and all cases
summarize() {
    python3 - "$@" <<'PY'
import json, statistics, sys
kind, label, path, minutes, loads = sys.argv[1:6]
doc = json.load(open(path))
cases = [c for c in doc["comparison"]["cases"] if c.get("timing")]
count = lambda v: sum(1 for c in cases if c["verdict"] == v)
ratios = sorted(1 + c["timing"]["relative_change"] for c in cases)
ratio = f"{statistics.median(ratios):.3f} ({ratios[0]:.2f}–{ratios[-1]:.2f})" if ratios else "–"
if kind == "aa":
    flagged = count("slower") + count("faster")
    print(f"| {label} | {len(cases)} | {count('slower')} | {count('faster')} | {count('inconclusive')} | "
          f"**{flagged}** | {ratio} | {minutes} | {loads} |")
else:
    long = [c for c in cases if c["timing"]["base_median_ns"] >= 1e6]
    slow_long = sum(1 for c in long if c["verdict"] == "slower")
    share = f"{100 * slow_long / len(long):.0f} %" if long else "–"
    print(f"| {label} | {slow_long} of {len(long)} (**{share}**) | {count('slower')} of {len(cases)} | "
          f"{count('inconclusive')} | {count('unchanged')} | {ratio} | {minutes} | {loads} |")
PY
}

# timed LABEL CMD…: runs CMD (exit 0 or 1 are answers), sets $minutes and $loads.
timed() {
    local label=$1; shift
    local start=$SECONDS before status=0
    before=$(load1)
    "$@" || status=$?
    if [ "$status" -gt 1 ]; then echo "gate_trust.sh: $label failed (exit $status)" >&2; exit 1; fi
    minutes=$(awk -v s=$((SECONDS - start)) 'BEGIN { printf "%.1f", s / 60 }')
    loads="$before → $(load1)"
}

# Wrappers for the slowdown trial: both sides pinned to $cpu; CURRENT shares it with a
# competitor busy 2 ms of every 8 ms (25 %), started before and stopped after the binary.
write_wrappers() {
    local abs_bin
    abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
    cat > "$out/pinned.sh" <<SH
#!/bin/sh
exec taskset -c $cpu "$abs_bin" "\$@"
SH
    cat > "$out/competitor-25.sh" <<SH
#!/bin/sh
taskset -c $cpu python3 -c '
import time
while True:
    t = time.perf_counter()
    while time.perf_counter() - t < 0.002: pass
    time.sleep(0.006)' &
hog=\$!
trap 'kill \$hog 2>/dev/null' EXIT
taskset -c $cpu "$abs_bin" "\$@"
EOF_STATUS=\$?
kill \$hog 2>/dev/null; wait \$hog 2>/dev/null
exit \$EOF_STATUS
SH
    chmod +x "$out/pinned.sh" "$out/competitor-25.sh"
}

run_proof() {
    command -v taskset >/dev/null || { echo "gate_trust.sh: taskset (util-linux) is needed for the slowdown trial" >&2; exit 2; }
    local md=$out/proof.md rounds_args=() filter_args=() t
    [ -n "$ab_rounds" ] && rounds_args=(--rounds "$ab_rounds")
    [ -n "$proof_filter" ] && filter_args=(--filter "$proof_filter")
    local model ncases
    model=$(lscpu | sed -n 's/^Model name: *//p' | head -n1)
    ncases=$("$bin" list "$proof_suite" | grep -c '^ *[0-9]')
    {
        echo "Measured with \`scripts/gate_trust.sh --proof\` on $(date -u +%Y-%m-%d): $model, $(nproc) vCPUs,"
        echo "$(uname -sr), attnbench $(git rev-parse --short HEAD 2>/dev/null || echo '?') (release build), suite \`quick\`"
        echo "(${proof_filter:+cases matching \`$proof_filter\` of }$ncases cases); ab rounds: ${ab_rounds:-default}; run invocations: $invocations. Load average (1 min) at"
        echo "the start → end of each trial in the last column."
        echo
        echo "**A/A, \`ab\`** (same binary on both sides):"
        echo
        echo "| trial | cases | slower | faster | inconclusive | flagged | median ratio (range) | minutes | load |"
        echo "|---|---:|---:|---:|---:|---:|---|---:|---|"
    } | tee "$md"
    for t in $(seq 1 "$trials"); do
        timed "ab A/A $t" "$bin" ab --base "$bin" --current "$bin" "$proof_suite" "${rounds_args[@]}" \
            "${filter_args[@]}" --out "$out/ab-aa-$t" --quiet --format json >/dev/null
        summarize aa "$t" "$out/ab-aa-$t/comparison.json" "$minutes" "$loads" | tee -a "$md"
    done
    {
        echo
        echo "**A/A, \`compare\` of two \`run --invocations $invocations\` runs** (back to back; minutes for both runs):"
        echo
        echo "| trial | cases | slower | faster | inconclusive | flagged | median ratio (range) | minutes | load |"
        echo "|---|---:|---:|---:|---:|---:|---|---:|---|"
    } | tee -a "$md"
    for t in $(seq 1 "$trials"); do
        both() {
            rm -rf "$out/inv-aa-$t"
            "$bin" run "$proof_suite" --invocations "$invocations" "${filter_args[@]}" --out "$out/inv-aa-$t/a" \
                --quiet >/dev/null &&
            "$bin" run "$proof_suite" --invocations "$invocations" "${filter_args[@]}" --out "$out/inv-aa-$t/b" \
                --quiet >/dev/null &&
            "$bin" compare "$(ls -1d "$out/inv-aa-$t"/a/*/*/ | head -n1)" "$(ls -1d "$out/inv-aa-$t"/b/*/*/ | head -n1)" \
                --format json --out "$out/inv-aa-$t" >/dev/null
        }
        timed "compare A/A $t" both
        summarize aa "$t" "$out/inv-aa-$t/comparison.json" "$minutes" "$loads" | tee -a "$md"
    done
    {
        echo
        echo "**For contrast, A/A, \`compare\` of two single-invocation runs** (back to back; the verdicts are"
        echo "reported but gate only with \`--strict\`; minutes for both runs):"
        echo
        echo "| trial | cases | slower | faster | inconclusive | flagged | median ratio (range) | minutes | load |"
        echo "|---|---:|---:|---:|---:|---:|---|---:|---|"
    } | tee -a "$md"
    for t in $(seq 1 "$trials"); do
        single() {
            rm -rf "$out/one-aa-$t"
            "$bin" run "$proof_suite" "${filter_args[@]}" --out "$out/one-aa-$t/a" --quiet >/dev/null &&
            "$bin" run "$proof_suite" "${filter_args[@]}" --out "$out/one-aa-$t/b" --quiet >/dev/null &&
            "$bin" compare "$(ls -1d "$out/one-aa-$t"/a/*/*/ | head -n1)" "$(ls -1d "$out/one-aa-$t"/b/*/*/ | head -n1)" \
                --format json --out "$out/one-aa-$t" >/dev/null
        }
        timed "single-invocation A/A $t" single
        summarize aa "$t" "$out/one-aa-$t/comparison.json" "$minutes" "$loads" | tee -a "$md"
    done
    write_wrappers
    {
        echo
        echo "**Slowdown, \`ab\`**: CURRENT runs the binary while a competitor busy 2 ms of every 8 ms (25 %) shares"
        echo "its core (\`taskset -c $cpu\`); BASE runs it on the same core alone:"
        echo
        echo "| trial | calls ≥ 1 ms flagged slower | all cases flagged slower | inconclusive | unchanged | median ratio (range) | minutes | load |"
        echo "|---|---|---|---:|---:|---|---:|---|"
    } | tee -a "$md"
    timed "ab slowdown" "$bin" ab --base "$out/pinned.sh" --current "$out/competitor-25.sh" "$proof_suite" \
        "${rounds_args[@]}" "${filter_args[@]}" --out "$out/ab-slowdown" --quiet --format json >/dev/null
    summarize slowdown 1 "$out/ab-slowdown/comparison.json" "$minutes" "$loads" | tee -a "$md"
    echo
    echo "tables: $md; runs and comparisons under $out"
}
