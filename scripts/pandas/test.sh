#!/usr/bin/env bash
# Runs the README's pandas block on a report of the seed pages and checks
# what it gives (check.py): with python3's own pandas when it has one, else
# from a virtualenv under target/ (pandas installed with pip). Skips (exit
# 0, saying why) where neither works.
#   scripts/pandas/test.sh [BIN]      BIN: default target/debug/policy-themes
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/policy-themes}")
skip() { echo "pandas test SKIPPED: $*"; exit 0; }
[ -x "$bin" ] || { echo "pandas test: no binary $bin (cargo build first)" >&2; exit 1; }
command -v python3 >/dev/null || skip "no python3"
python=python3
if ! python3 -c "import pandas" 2>/dev/null; then
    venv=target/pandas-venv
    python=$venv/bin/python
    if ! "$python" -c "import pandas" 2>/dev/null; then
        rm -rf "$venv"
        python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 -m venv failed (Debian: apt-get install python3-venv)"
        "$venv/bin/pip" install --quiet pandas >/dev/null 2>&1 || skip "pip could not install pandas"
    fi
fi
tmp=$(mktemp -d /tmp/policy-themes-pandas.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# Exit 3 (something skipped) still writes the report.
"$bin" run seeds --out "$tmp/reports" -q >/dev/null || [ $? -eq 3 ]
"$python" scripts/pandas/check.py README.md "$tmp"
echo "pandas test: passed"
