#!/usr/bin/env bash
# Tests scripts/slurm on a real, single-node Slurm started here (local.sh:
# Debian's slurm-wlm and munge, installed if missing, daemons under a
# temporary folder): fits a model on the seed pages, submits a corpus as 4
# shards and a merge with submit.sh, and checks the merged report equals
# one `assign` over the whole corpus (diff -r). Stops the daemons it
# started on exit. Skips (exit 0, saying why) where it cannot start Slurm:
# not root, no apt-get, or daemons that do not come up.
#   scripts/slurm/test.sh [BIN]      BIN: default target/debug/policy-themes
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
test_setup slurm "${1:-}"
command -v python3 >/dev/null || skip "needs python3 to write the test corpus"
# shellcheck source=scripts/slurm/local.sh
. scripts/slurm/local.sh
started=$(date +%s)
tmp=$(mktemp -d /tmp/policy-themes-slurm.XXXXXX)
trap 'local_slurm_stop; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/slurm"
# Not in $( ): local_slurm must set SLURM_CONF and the pids here.
local_slurm "$tmp/slurm" >"$tmp/why" || skip "$(tail -n 1 "$tmp/why")"
echo "slurm test: $(tail -n 1 "$tmp/why") in $(($(date +%s) - started)) s"

# The corpus: the seed pages and their paragraphs as JSONL lines, so the
# shards split pages and lines; the model fitted on the seed pages.
python3 - "$tmp/paragraphs.jsonl" <<'PY'
import json, pathlib, sys
lines = [l for p in sorted(pathlib.Path("seeds").glob("*.txt"))
         for l in p.read_text(encoding="utf-8").splitlines() if len(l) > 60]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i, text in enumerate(lines):
        city = ["常州", "咸宁", "无锡"][i % 3]
        out.write(json.dumps({"id": f"p{i:03}", "text": text, "city": city,
                              "date": f"2024-{1 + i % 6:02}-{1 + i % 28:02}"},
                             ensure_ascii=False) + "\n")
PY
"$bin" run seeds --out "$tmp/fit" -q >/dev/null
inputs=(seeds "$tmp/paragraphs.jsonl")
status=0
"$bin" assign --model "$tmp/fit/model.json" --out "$tmp/whole" -q "${inputs[@]}" >/dev/null || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] || { echo "slurm test: assign failed" >&2; exit 1; }

read -r array merge < <(POLICY_THEMES=$bin scripts/slurm/submit.sh -t 2 4 \
    "$tmp/fit/model.json" "$tmp/work" "$tmp/merged" "${inputs[@]}")
echo "slurm test: array job $array (4 shards, at most 2 at once), merge job $merge"
wait_jobs 300 "$array" "$merge" || { local_slurm_logs; echo "slurm test: jobs still queued after 300 s" >&2; exit 1; }
[ -d "$tmp/merged" ] || { local_slurm_logs; tail "$tmp"/work/*.log >&2; echo "slurm test: the merge job wrote no report" >&2; exit 1; }
shards=$(find "$tmp/work" -maxdepth 1 -name 'shard-*' -type d | wc -l)
[ "$shards" -eq 4 ] || { echo "slurm test: $shards shard reports, not 4" >&2; exit 1; }
diff -r "$tmp/whole" "$tmp/merged" >&2 || { echo "slurm test: merged report differs from one assign" >&2; exit 1; }
echo "slurm test: passed: 4 shards merged through Slurm equal one assign ($(grep -c . "$tmp/whole/articles.csv") lines of articles.csv) in $(($(date +%s) - started)) s"
