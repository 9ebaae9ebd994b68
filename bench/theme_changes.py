#!/usr/bin/env python3
"""Which articles change theme between two runs of one corpus, and why.

  bench/theme_changes.py BEFORE_DIR AFTER_DIR [REASON_WORD]

Give the report folders of two runs that differ in the build or the lexicon,
e.g. the same `bench/policy.sh` run by two binaries. It prints how many
articles changed theme id, and how many changed class, where every free theme
(`theme_NN`, numbered by cluster, so the same number need not be the same
theme in two runs) is one class beside each named theme and `other`; the
articles found by one run only; the moves by theme name (before -> after,
most frequent first); the count of each `other_reason` after; and, when
REASON_WORD is given (e.g. 军队国防), where the articles that had a reason
containing it before went.
"""
import collections, csv, os, sys

if len(sys.argv) < 3:
    sys.exit(__doc__)


def rows(folder):
    with open(os.path.join(folder, "articles.csv"), encoding="utf-8-sig") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


before, after = rows(sys.argv[1]), rows(sys.argv[2])
ids = [i for i in before if i in after]
moved = [i for i in ids if before[i]["theme"] != after[i]["theme"]]
print(f"{len(moved)} of {len(ids)} articles changed theme")


def kind(theme):
    return "(free)" if theme.startswith("theme_") else theme


reclassed = [i for i in ids if kind(before[i]["theme"]) != kind(after[i]["theme"])]
print(f"{len(reclassed)} changed class (named theme, free theme or other)")
only = len(before) - len(ids), len(after) - len(ids)
print(f"{only[0]} articles only in the first run, {only[1]} only in the second")
moves = collections.Counter((before[i]["theme_name"], after[i]["theme_name"]) for i in moved)
for (old, new), n in moves.most_common():
    print(f"  {n:6d}  {old} -> {new}")
print("other_reason after:")
reasons = collections.Counter(after[i]["other_reason"] for i in ids if after[i]["other_reason"])
for reason, n in reasons.most_common():
    print(f"  {n:6d}  {reason}")
if len(sys.argv) > 3:
    word = sys.argv[3]
    had = [i for i in ids if word in before[i]["other_reason"]]
    went = collections.Counter(after[i]["theme_name"] for i in had)
    print(f"{len(had)} articles had a reason with {word} before; after:")
    for name, n in went.most_common():
        print(f"  {n:6d}  {name}")
