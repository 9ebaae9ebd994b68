#!/usr/bin/env bash
# Checks --parquet with pyarrow: a virtualenv under target/ (made once,
# pyarrow installed with pip), then check.py on a report of the seed
# pages, and on 3 shards' part files against their merged report. Skips
# (exit 0, saying why) where python3's venv or pip cannot install pyarrow.
#   scripts/parquet/test.sh [BIN]      BIN: default target/debug/policy-themes
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/policy-themes}")
skip() { echo "parquet test SKIPPED: $*"; exit 0; }
[ -x "$bin" ] || { echo "parquet test: no binary $bin (cargo build first)" >&2; exit 1; }
command -v python3 >/dev/null || skip "no python3"
venv=target/pyarrow-venv
if ! "$venv/bin/python" -c "import pyarrow" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 -m venv failed (Debian: apt-get install python3-venv)"
    "$venv/bin/pip" install --quiet pyarrow >/dev/null 2>&1 || skip "pip could not install pyarrow"
fi
tmp=$(mktemp -d /tmp/policy-themes-parquet.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# Exit 3 (something skipped) still writes the report.
ok() { "$@" >/dev/null || [ $? -eq 3 ]; }
ok "$bin" run seeds --out "$tmp/fit" -q --parquet
model=$tmp/fit/model.json
shards=()
for i in 0 1 2; do
    ok "$bin" assign --model "$model" --shard "$i/3" --parquet --out "$tmp/shard-$i" -q seeds
    shards+=("$tmp/shard-$i")
done
ok "$bin" merge --parquet --out "$tmp/merged" -q "${shards[@]}"
"$venv/bin/python" scripts/parquet/check.py "$tmp/fit"
"$venv/bin/python" scripts/parquet/check.py "$tmp/merged" "${shards[@]}"
echo "parquet test: passed"
