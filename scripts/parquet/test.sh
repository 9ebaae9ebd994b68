#!/usr/bin/env bash
# Checks --parquet with pyarrow (python3's own, else pip's in the shared
# virtualenv under target/, see scripts/lib.sh): check.py on a report of
# the seed pages, and on 3 shards' part files against their merged report.
# Skips (exit 0, saying why) where pyarrow cannot be had.
#   scripts/parquet/test.sh [BIN]      BIN: default target/debug/policy-themes
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
test_setup parquet "${1:-}"
python_with pyarrow
scratch_dir
report_ok "$bin" run seeds --out "$tmp/fit" -q --parquet
model=$tmp/fit/model.json
shards=()
for i in 0 1 2; do
    report_ok "$bin" assign --model "$model" --shard "$i/3" --parquet --out "$tmp/shard-$i" -q seeds
    shards+=("$tmp/shard-$i")
done
report_ok "$bin" merge --parquet --out "$tmp/merged" -q "${shards[@]}"
"$python" scripts/parquet/check.py "$tmp/fit"
"$python" scripts/parquet/check.py "$tmp/merged" "${shards[@]}"
echo "parquet test: passed"
