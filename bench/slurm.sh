#!/usr/bin/env bash
# Shards through Slurm against one machine: fits a model once on CORPUS,
# then on the corpus FACTOR times over (built as bench/scale.sh builds it)
# times one `run` (fit and label everything), one `assign` with the model,
# and SHARDS `assign --shard` array tasks plus the merge on a single-node
# Slurm started here (scripts/slurm/local.sh; root), from submission to the
# merged report. Checks the merged report equals the single assign's.
#   bench/slurm.sh CORPUS.jsonl K FACTOR SHARDS
# Files go under target/ and are removed at exit; the daemons are stopped.
set -euo pipefail
usage="usage: bench/slurm.sh CORPUS.jsonl K FACTOR SHARDS"
[ $# -eq 4 ] || { echo "$usage" >&2; exit 2; }
corpus=$(realpath "$1") k=$2 factor=$3 shards=$4
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
# shellcheck source=scripts/slurm/local.sh
. scripts/slurm/local.sh
need_gnu_time
cargo build --release --quiet
bin=$(realpath target/release/policy-themes)
work=$(realpath "$(mktemp -d target/bench-slurm.XXXXXX)")
trap 'local_slurm_stop; rm -rf "$work"' EXIT
measure_ok="0 3"
input=$work/corpus.jsonl
build_repeated "$corpus" "$factor" "$input"
echo "corpus: $corpus x$factor, $(wc -l < "$input") lines, $(($(stat -c %s "$input") >> 20)) MB"
cat "$input" > /dev/null # in the page cache for every timing alike
echo "fit on x1 (run --k $k):       $(measure "$bin" run "$corpus" --k "$k" --out "$work/fit" -q) (wall s, peak MB)"
echo "one run on x$factor:            $(measure "$bin" run "$input" --k "$k" --out "$work/run" -q)"
echo "one assign on x$factor:         $(measure "$bin" assign --model "$work/fit/model.json" "$input" --out "$work/whole" -q)"
mkdir -p "$work/slurm"
local_slurm "$work/slurm" >"$work/why" || { tail -n 1 "$work/why" >&2; exit 1; }
started=$(date +%s.%N)
read -r array merge < <(POLICY_THEMES=$bin scripts/slurm/submit.sh "$shards" \
    "$work/fit/model.json" "$work/shards" "$work/merged" "$input")
wait_jobs 3600 "$array" "$merge" || { echo "jobs still queued after an hour" >&2; exit 1; }
wall=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
[ -d "$work/merged" ] || { tail "$work"/shards/*.log >&2; echo "the merge job wrote no report" >&2; exit 1; }
printf '%s shards + merge via Slurm: %.2f s wall, submission to merged report\n' "$shards" "$wall"
if diff -rq "$work/whole" "$work/merged" >/dev/null; then
    echo "merged report equals the single assign's, every file (trends.csv included)"
else
    diff -rq "$work/whole" "$work/merged" || true
    echo "merged report DIFFERS from the single assign's" >&2
    exit 1
fi
machine
