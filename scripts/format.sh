#!/usr/bin/env bash
# The project's Swift formatting, with the toolchain's own formatter (`swift format`,
# part of Swift 6) and the settings in .swift-format (4-space indentation, lines of at
# most 120 characters, the rules the code already follows).
#
# usage: scripts/format.sh check   # exit 1 and list every place that is not formatted
#        scripts/format.sh fix     # rewrite Sources/, Tests/ and Package.swift in place
#
# SWIFT names the swift driver (default: swift).
set -euo pipefail
cd "$(dirname "$0")/.."

swift=${SWIFT:-swift}
paths=(Sources Tests Package.swift)

if ! "$swift" format --version >/dev/null 2>&1; then
    echo "format.sh: '$swift format' is not available (it ships with Swift 6 toolchains)" >&2
    exit 2
fi

case "${1:-}" in
    check)
        "$swift" format lint --strict --parallel --recursive "${paths[@]}"
        ;;
    fix)
        "$swift" format format --in-place --parallel --recursive "${paths[@]}"
        ;;
    *)
        echo "usage: scripts/format.sh check|fix" >&2
        exit 2
        ;;
esac
