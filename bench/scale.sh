#!/usr/bin/env bash
# Scaling benchmark: how policy-themes' wall time and peak memory grow with
# the size of the corpus.
#
# For each factor N it builds a JSONL file holding the corpus N times over
# (copy 1 verbatim; on copy c >= 2 every record's `id` gets the suffix `~c`,
# so all articles stay distinct; a record without an id is left alone and the
# tool names it by file and line, which differ per copy), runs
#   target/release/policy-themes run FILE --k K --out DIR --timings [OPTIONS...]
# once under GNU time, then deletes the file and the report. Factor 1 reads
# the corpus itself. Each input is read once before it is timed, so every
# factor starts with the file in the page cache.
#
# Prints a table: factor, articles, input MB, wall s, peak RSS MB,
# articles/s, and linearity (wall time per article divided by that of the
# first factor: 1.00 is linear, above 1 is slower per article). Under it,
# the tool's own throughput line (stages) for each factor, then the machine.
#
# Usage: bench/scale.sh CORPUS.jsonl K [FACTORS...] [-- POLICY-THEMES OPTIONS...]
#   bench/scale.sh data.jsonl 12                  factors 1 10 30 60
#   bench/scale.sh data.jsonl 12 1 2              factors 1 and 2
#   bench/scale.sh data.jsonl 12 1 10 -- --fit-sample 100000
# Builds policy-themes in release mode first. The files go under target/
# (removed at exit); it checks free space there first: about 3.5 times the
# corpus size times the largest factor (input plus report), plus 1 GiB.
# Passes --timings, which makes the tool print its throughput line (articles,
# stage times) on stderr; the table's article counts are read from it. The
# tool's stdout and stderr go to files, so the table stays alone on stdout.
#
# Caveat: the copies add no new words or topics, so the vocabulary and the
# themes stay those of the corpus and fitting may converge as fast as on one
# copy; a corpus that is really N times larger can cost more per article.
set -euo pipefail

usage="usage: bench/scale.sh CORPUS.jsonl K [FACTORS...] [-- POLICY-THEMES OPTIONS...]"
[ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }
corpus=$1
k=$2
shift 2
factors=()
extra=()
while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then
        shift
        extra=("$@")
        break
    fi
    factors+=("$1")
    shift
done
[ ${#factors[@]} -gt 0 ] || factors=(1 10 30 60)
for f in "${factors[@]}"; do
    [[ $f =~ ^[1-9][0-9]*$ ]] || { echo "factor '$f' is not a whole number above 0; $usage" >&2; exit 2; }
done
{ [ -f "$corpus" ] && [ -r "$corpus" ]; } || { echo "cannot read corpus '$corpus'" >&2; exit 2; }
corpus="$(realpath "$corpus")"

cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
need_gnu_time
command -v python3 > /dev/null || { echo "needs python3 (to build the repeated corpora)" >&2; exit 1; }

cargo build --release --quiet
bin=target/release/policy-themes
mkdir -p target
work="$(mktemp -d target/bench-scale.XXXXXX)"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

corpus_bytes=$(stat -c %s "$corpus")

# Refuses, before any work, when the file for factor $1 and its report may
# not fit: 1x the input for the file, 2.5x for the report (model.json and
# articles.csv; 2.3x on xinwenlianbo.jsonl), 1 GiB to spare.
check_disk() {
    local need_kb free_kb
    need_kb=$(awk -v b="$corpus_bytes" -v f="$1" 'BEGIN { printf "%.0f", b * f * 3.5 / 1024 + 1048576 }')
    free_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
    if [ "$free_kb" -lt "$need_kb" ]; then
        echo "bench/scale.sh: factor $1 needs about $((need_kb / 1048576 + 1)) GiB free under $PWD/target" \
            "(the ${1}x corpus, its report and 1 GiB to spare), but only $((free_kb / 1048576)) GiB is free there." \
            "Free some space or give smaller factors." >&2
        exit 1
    fi
}
largest=$(printf '%s\n' "${factors[@]}" | sort -n | tail -n 1)
check_disk "$largest"

measure_ok="0 3"  # 3: report written, some input lines skipped
base_per_article=""
notes=()
failed=0
row() { printf "%6s %10s %9s %8s %8s %10s %10s\n" "$@"; }
row factor articles input_MB wall_s peak_MB articles/s linearity
for f in "${factors[@]}"; do
    if [ "$f" = 1 ]; then
        input="$corpus"
    else
        check_disk "$f"
        input="$work/corpus-x$f.jsonl"
        echo "building the ${f}x corpus ..." >&2
        build_repeated "$corpus" "$f" "$input"
    fi
    cat "$input" > /dev/null
    rm -rf "$work/report"
    echo "running policy-themes on the ${f}x corpus ..." >&2
    if ! result=$(measure "$bin" run "$input" --k "$k" --out "$work/report" --timings "${extra[@]}"); then
        echo "bench/scale.sh: policy-themes failed on the ${f}x corpus (its stderr and time's report are above)" >&2
        row "$f" failed - - - - -
        failed=1
        break
    fi
    read -r wall peak_mb <<< "$result"
    throughput=$(grep -E '^[0-9]+ articles, .*articles/s' "$work/time" | tail -n 1 || true)
    if [ -n "$throughput" ]; then
        articles=${throughput%% *}
        notes+=("${f}x: $throughput")
    else
        articles=$(grep -c '[^[:space:]]' "$input" || true)
        notes+=("${f}x: no throughput line on stderr (-q among the options?); articles counted as non-blank lines")
    fi
    per_article=$(awk -v w="$wall" -v a="$articles" 'BEGIN { printf "%.9f", w / a }')
    [ -n "$base_per_article" ] || base_per_article=$per_article
    read -r input_mb rate linearity < <(awk -v b="$(stat -c %s "$input")" -v w="$wall" -v a="$articles" \
        -v p="$per_article" -v p0="$base_per_article" \
        'BEGIN { printf "%.1f %.0f %.2f\n", b / 1e6, a / w, p / p0 }')
    row "$f" "$articles" "$input_mb" "$wall" "$peak_mb" "$rate" "$linearity"
    [ "$input" = "$corpus" ] || rm -f "$input"
    rm -rf "$work/report"
done
echo "linearity: wall time per article / that of the ${factors[0]}x run (1.00 = linear)"
echo "command: policy-themes run FILE --k $k --out DIR --timings${extra[*]:+ ${extra[*]}}"
echo "policy-themes' own throughput line (stderr):"
for note in "${notes[@]}"; do
    echo "  $note"
done
[ ${#notes[@]} -gt 0 ] || echo "  (none)"
machine
exit "$failed"
