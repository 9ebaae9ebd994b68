#!/usr/bin/env bash
# Scores a build's themes and cities against the careful readers' reference
# (../shared/gold/policy_dev.jsonl), as the figures in RESULTS.md were made:
# three runs (xinwenlianbo with --k 12, the pages_dev e-paper pages, and the
# low-carbon documents with their given city and date removed, so the city
# must be read from the text), then `policy-themes validate` over the three
# articles.csv files. Extra arguments go to every run (e.g. --seed 3).
#
#   bench/policy.sh target/release/policy-themes /tmp/p [RUN ARGS...]
#
# The runs are written to OUT-x, OUT-p and OUT-l; validate's tables to OUT-v.
set -euo pipefail

bin="${1:?usage: $0 BINARY OUT_PREFIX [RUN ARGS...]}"
out="${2:?usage: $0 BINARY OUT_PREFIX [RUN ARGS...]}"
shift 2
data="${POLICY_THEMES_DATA:-../shared/data}"
reference="${POLICY_THEMES_REFERENCE:-../shared/gold/policy_dev.jsonl}"

python3 - "$data/lowcarbon_policy_dev.jsonl" "$out-lowcarbon.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for line in src:
        record = json.loads(line)
        for key in ("city", "date", "date_source", "province"):
            record.pop(key, None)
        dst.write(json.dumps(record, ensure_ascii=False) + "\n")
PY

# Exit code 3 means a report was written with some input skipped (listed
# in its skipped.csv), which a development set may well have.
run() {
    "$bin" run "$@" -q > /dev/null || [ $? -eq 3 ]
}
run "$data/xinwenlianbo.jsonl" --k 12 --out "$out-x" "$@"
run "$data/pages_dev" --out "$out-p" "$@"
run "$out-lowcarbon.jsonl" --out "$out-l" "$@"
"$bin" validate --reference "$reference" \
    "$out-x/articles.csv" "$out-p/articles.csv" "$out-l/articles.csv" --out "$out-v"
