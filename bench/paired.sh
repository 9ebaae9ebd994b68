#!/usr/bin/env bash
# Whole-run wall time of two builds, in alternating pairs: on a shared
# machine the load drifts over minutes, and a difference within each pair
# cancels most of the drift that separate series of runs would carry.
#
# After one untimed run of each, runs `A run CORPUS --out DIR -q [RUN
# ARGS...]` and the same with B, ROUNDS times (an even number) under GNU
# time, A first in odd rounds and B first in even ones (a build that runs
# second, after the other warmed the caches, gains nothing on average), and
# prints each build's mean wall time, the mean of B - A with a 95% interval
# (Student's t) and how many pairs B won.
#
# Usage: bench/paired.sh ROUNDS A B CORPUS [RUN ARGS...]
#   bench/paired.sh 16 /tmp/old/policy-themes target/release/policy-themes \
#       ../shared/data/xinwenlianbo.jsonl --k 12
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_gnu_time

rounds="${1:?usage: $0 ROUNDS A B CORPUS [RUN ARGS...]}"
a="${2:?usage: $0 ROUNDS A B CORPUS [RUN ARGS...]}"
b="${3:?usage: $0 ROUNDS A B CORPUS [RUN ARGS...]}"
corpus="${4:?usage: $0 ROUNDS A B CORPUS [RUN ARGS...]}"
shift 4
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

wall() {
    /usr/bin/time -o "$work/time" -f "%e" "$1" run "$corpus" --out "$work/out" -q "${@:2}" \
        > /dev/null 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    cat "$work/time"
}

[ "$rounds" -ge 2 ] && [ $((rounds % 2)) -eq 0 ] ||
    { echo "ROUNDS must be even and at least 2, so each build runs first as often" >&2; exit 1; }
# One untimed run of each first: the first timed round then finds the corpus
# and both binaries in the page cache, like the rest.
wall "$a" "$@" > /dev/null
wall "$b" "$@" > /dev/null
for round in $(seq "$rounds"); do
    # Assignments, so that a failed run stops the script under `set -e`.
    if [ $((round % 2)) -eq 1 ]; then
        ta=$(wall "$a" "$@"); tb=$(wall "$b" "$@")
    else
        tb=$(wall "$b" "$@"); ta=$(wall "$a" "$@")
    fi
    echo "$ta $tb"
done > "$work/pairs"

python3 - "$work/pairs" "$a" "$b" <<'PY'
import statistics, sys
pairs = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
a, b = [p[0] for p in pairs], [p[1] for p in pairs]
d = [y - x for x, y in pairs]
# Two-sided 95% quantiles of Student's t for 1-30 degrees of freedom.
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
t = T975[len(d) - 2] if len(d) - 1 <= len(T975) else 1.96
half = t * statistics.stdev(d) / len(d) ** 0.5
print(f"A {sys.argv[2]}: mean {statistics.mean(a):.3f} s")
print(f"B {sys.argv[3]}: mean {statistics.mean(b):.3f} s")
print(f"B - A: {statistics.mean(d):+.3f} s ({100 * statistics.mean(d) / statistics.mean(a):+.1f}%), "
      f"95% interval ±{half:.3f} s; B faster in {sum(x < 0 for x in d)} of {len(d)} pairs")
PY
