#!/usr/bin/env bash
# Re-records the committed CI baseline (Results/baselines/ci.json) from this checkout:
# builds the release and simulation builds, runs Suites/ci.yaml (timing, modeled traffic,
# accuracy and the simulated sim::Ir / sim::LLmr counts) and saves it as the baseline.
# Run it after a change that moves deterministic metrics on purpose (a new tiling, a faster
# kernel, a new algorithm in the suite), then commit Results/baselines/ci.json with the
# change so reviewers see which numbers moved. `make ci-baseline` does the same.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build sim
bin=.build/release/attnbench
out=Results/ci-baseline-run
rm -rf "$out"
"$bin" run Suites/ci.yaml --out "$out" --quiet
run=$(ls -1d "$out"/ci/*/ | head -n1)
if ! grep -q '"sim::Ir"' "$run/run.json" || grep -q '"unavailable_reason"' "$run/run.json"; then
    echo "record_ci_baseline: the run has no simulated counts (see $run/report.md, Counters); not saving" >&2
    exit 2
fi
"$bin" baseline save "$run" --name ci --force
git --no-pager diff --stat -- Results/baselines/ci.json || true
