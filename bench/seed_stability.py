#!/usr/bin/env python3
"""How stable each article's named theme is across runs with different seeds.

  bench/seed_stability.py RUN_DIR RUN_DIR [RUN_DIR ...]

Give the report folders of runs of one corpus that differ only in --seed, e.g.
  for s in 1 2 3 4 5; do target/release/policy-themes run ../shared/data/xinwenlianbo.jsonl \
      --k 12 --seed $s --out /tmp/xs$s -q; done
  bench/seed_stability.py /tmp/xs1 /tmp/xs2 /tmp/xs3 /tmp/xs4 /tmp/xs5

For every pair of runs it prints the share of articles given the same named
theme (free themes and `other` count as none), over all articles and over the
articles either run gave a named theme, then the lowest pairwise share.
"""
import csv, itertools, os, sys, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
NAMED = {t["id"] for t in tomllib.load(open(os.path.join(HERE, "..", "data", "themes.toml"), "rb"))["theme"]}

if len(sys.argv) < 3:
    sys.exit(__doc__)
runs = []
for d in sys.argv[1:]:
    with open(os.path.join(d, "articles.csv"), encoding="utf-8-sig") as f:
        runs.append({r["id"]: (r["theme"] if r["theme"] in NAMED else "none") for r in csv.DictReader(f)})
worst = 1.0
for a, b in itertools.combinations(range(len(runs)), 2):
    ids = runs[a].keys() & runs[b].keys()
    same = sum(runs[a][i] == runs[b][i] for i in ids) / len(ids)
    named = [i for i in ids if runs[a][i] != "none" or runs[b][i] != "none"]
    same_named = sum(runs[a][i] == runs[b][i] for i in named) / max(len(named), 1)
    worst = min(worst, same)
    print(f"{sys.argv[1 + a]} {sys.argv[1 + b]}: all {same:.3f}, named by either {same_named:.3f}")
print(f"lowest pairwise agreement {worst:.3f}")
