#!/usr/bin/env bash
# Side-by-side benchmark: policy-themes and the usual Python pipeline
# (bench/python_pipeline.py) on the same corpus with the same k, one after
# the other, several times. Prints wall time, peak memory (from
# /usr/bin/time -v) and, where the corpus has labels, NMI for both.
#
# Usage: bench/compare.sh CORPUS.jsonl K [RUNS]
# Installs jieba and scikit-learn into a virtualenv under target/bench-venv
# the first time (needs PyPI), and builds policy-themes in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

corpus="${1:?usage: bench/compare.sh CORPUS.jsonl K [RUNS]}"
k="${2:?usage: bench/compare.sh CORPUS.jsonl K [RUNS]}"
runs="${3:-3}"
need_gnu_time

venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet jieba scikit-learn
fi
cargo build --release --quiet
bin=target/release/policy-themes
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

nmi_of_run() {
    python3 - "$corpus" "$1/articles.csv" <<'PY'
import csv, json, math, sys
from collections import Counter
labels = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        d = json.loads(line)
        if "label" not in d:
            print("-"); sys.exit()
        labels[d.get("id")] = d["label"]
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
y = [labels[r["id"]] for r in rows]; c = [r["theme"] for r in rows]; n = len(y)
def h(xs): return -sum(v / n * math.log(v / n) for v in Counter(xs).values())
cy, cc = Counter(y), Counter(c)
mi = sum(v / n * math.log(v * n / (cy[a] * cc[b])) for (a, b), v in Counter(zip(y, c)).items())
print(f"{2 * mi / (h(y) + h(c)):.4f}")
PY
}

printf "%-4s %12s %10s %8s %12s %10s %8s %7s\n" run rust_s rust_MB rust_nmi python_s python_MB py_nmi ratio
for run in $(seq 1 "$runs"); do
    rm -rf "$work/report"
    read -r rust_s rust_mb < <(measure "$bin" run "$corpus" --k "$k" --seed "$run" --out "$work/report" -q)
    rust_nmi=$(nmi_of_run "$work/report")
    read -r py_s py_mb < <(measure "$venv/bin/python" bench/python_pipeline.py "$corpus" --k "$k" --seed "$run")
    py_nmi=$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["nmi"]; print("-" if v is None else f"{v:.4f}")' "$work/stdout")
    ratio=$(python3 -c "print(f'{$py_s / $rust_s:.1f}x')")
    printf "%-4s %12s %10s %8s %12s %10s %8s %7s\n" "$run" "$rust_s" "$rust_mb" "$rust_nmi" "$py_s" "$py_mb" "$py_nmi" "$ratio"
done
machine
