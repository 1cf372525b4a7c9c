#!/usr/bin/env bash
# Is this branch slower than what it branches from? Builds the merge-base revision in a git
# worktree, builds the working tree, and runs `attnbench ab` between the two on this machine
# (rounds of fresh invocations, base and current alternating ABBA…, compared round by round).
#
# usage: scripts/ab_merge_base.sh [--ref REF] [--clean] [AB_ARGUMENT…]
#   --ref REF      compare against the merge base of HEAD and REF (default: origin/main when it
#                  exists, else main)
#   --clean        remove .build-ab/ first; otherwise the base worktree and its build stay
#                  there (git-ignored) and later runs rebuild only what changed
#   AB_ARGUMENT…   passed to `attnbench ab`: suites (default Suites/quick.yaml), --rounds N,
#                  --filter RE, --threshold, --alpha, --format, --out DIR, --no-timing, --strict…
#
# Exit status: attnbench ab's (0 no regression, 1 a regression or failed check, 2 bad input,
# 130 interrupted), or the failing step's. Both builds use the same flags (ATTNBENCH_TARGET_CPU
# is passed to both). CI needs the history down to the merge base (actions/checkout:
# fetch-depth: 0). See docs/ci.md, "Timing gates with ab".
set -euo pipefail
cd "$(dirname "$0")/.."

ref=
clean=0
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --ref) ref=$2; shift 2 ;;
        --clean) clean=1; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) args+=("$1"); shift ;;
    esac
done
if [ -z "$ref" ]; then
    if git rev-parse --verify -q origin/main >/dev/null; then ref=origin/main; else ref=main; fi
fi
base=$(git merge-base HEAD "$ref") || { echo "ab_merge_base.sh: no merge base of HEAD and $ref (fetch more history?)" >&2; exit 2; }
work=.build-ab
worktree=$work/base
[ "$clean" = 1 ] && { git worktree remove --force "$worktree" 2>/dev/null || true; rm -rf "$work"; }
mkdir -p "$work"
if [ -d "$worktree/.git" ] || [ -f "$worktree/.git" ]; then
    git -C "$worktree" checkout -q --detach "$base"
else
    git worktree prune
    git worktree add -q --detach "$worktree" "$base"
fi
echo "ab_merge_base.sh: base = merge-base of HEAD and $ref = $(git log -1 --format='%h %s' "$base")" >&2

echo "ab_merge_base.sh: building the base in $worktree" >&2
(cd "$worktree" && swift build -c release --product attnbench >&2)
echo "ab_merge_base.sh: building the working tree" >&2
swift build -c release --product attnbench >&2

exec .build/release/attnbench ab --base "$worktree/.build/release/attnbench" --current .build/release/attnbench "${args[@]}"
