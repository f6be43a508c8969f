#!/usr/bin/env bash
# The source checks CI runs (`bash scripts/lint.sh` from anywhere in the checkout):
#
#   1. `swift format lint --strict` with the committed .swift-format (120 columns, 4 spaces): the
#      tree must be formatted as `swift format` would format it. To fix a failure, run
#          swift format --in-place --recursive Sources Tests Plugins Package.swift
#      (which rules are off and why: docs/formatting.md).
#   2. scripts/function-lengths.py: no function, initialiser or computed property in Sources/ is
#      longer than 60 lines unless a `// long because: ...` comment just above it says why.
#
# Runs both and exits 1 if either fails, so one CI run shows every problem.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
echo "== swift format lint --strict"
if ! swift format lint --strict --recursive Sources Tests Plugins Package.swift; then
    echo "swift format: the files above are not formatted; run: swift format --in-place --recursive Sources Tests Plugins Package.swift" >&2
    status=1
fi
echo "== function lengths"
python3 Tests/Lint/run.py >/dev/null || { echo "scripts/function-lengths.py fails its own tests: python3 Tests/Lint/run.py" >&2; status=1; }
python3 scripts/function-lengths.py Sources || status=1
exit $status
