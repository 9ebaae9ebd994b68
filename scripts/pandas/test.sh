#!/usr/bin/env bash
# Runs the README's pandas block on a report of the seed pages and checks
# what it gives (check.py), with python3's own pandas, else pip's in the
# shared virtualenv under target/ (see scripts/lib.sh). Skips (exit 0,
# saying why) where pandas cannot be had.
#   scripts/pandas/test.sh [BIN]      BIN: default target/debug/policy-themes
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
test_setup pandas "${1:-}"
python_with pandas
scratch_dir
report_ok "$bin" run seeds --out "$tmp/reports" -q
"$python" scripts/pandas/check.py README.md "$tmp"
echo "pandas test: passed"
