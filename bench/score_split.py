#!/usr/bin/env python3
"""Scores how policy-themes splits and dates newspaper pages, against a
manifest of hand-listed titles.

  bench/score_split.py MANIFEST.jsonl ARTICLES.csv [--list]
  bench/score_split.py MANIFEST.jsonl --run PAGES... [--list] [-- RUN OPTIONS]

The manifest has one JSON object per page:

  {"file": "晚报_2026-03-28_01.txt", "date": "2026-03-28",
   "article_titles": ["市委召开全会", "老旧小区改造启动"]}

`file` is the page's file name; `date` (optional) is its issue date;
`article_titles` lists the headline of every article on the page, in any
order. Instead of `article_titles`, `articles` may list objects with
`title`, optional `subtitle` and optional `kind_hint` (`article`, or
anything else for items that are not articles, such as `furniture` or
`photo_caption`), as in ../shared/data/pages_dev/manifest.jsonl.

With `--run`, the pages are read by `target/release/policy-themes run` (any
options after `--` are passed on, e.g. `--name-pattern`) into a temporary
folder; otherwise an existing articles.csv is scored.

Prints one JSON line: articles listed, found (a row of the same page whose
title matches the listed title or subtitle), recall, rows, extra rows
(matching nothing listed), rows matching a non-article item, dated rows and
dates that contradict the issue date (2019-02 is consistent with
2019-02-13; 2019-02-12 and 2018-09 are not). `--list` also prints every
missed title and extra row.
"""
import csv
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "：": ":", "，": ",", "？": "?",
                      "（": "(", "）": ")", "！": "!", "　": " ", "—": "-", "、": ","})
MATCH = 0.6


def norm(text):
    return re.sub(r"\s+", "", (text or "").translate(FOLD))


def core(title):
    """A title without a trailing column tag: `…(人民论坛)`."""
    return re.sub(r"\([^)]{1,20}\)$", "", norm(title))


def similarity(a, b):
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 0.5 + 0.5 * min(len(a), len(b)) / max(len(a), len(b))
    return difflib.SequenceMatcher(None, a, b).ratio()


def items(page):
    if "articles" in page:
        return [(a.get("title", ""), a.get("subtitle", ""), a.get("kind_hint", "article"))
                for a in page["articles"]]
    return [(t, "", "article") for t in page.get("article_titles", [])]


def consistent(date, issue):
    return issue.startswith(date[:10]) or date.startswith(issue)


def score(manifest, rows, listing):
    out = {"pages": len(manifest), "articles": 0, "found": 0, "rows": 0, "extra": 0,
           "non_article_rows": 0, "dated_rows": 0, "wrong_dates": 0}
    by_file = {}
    for r in rows:
        by_file.setdefault(os.path.basename(r.get("source", "")), []).append(r)
    for page in manifest:
        mine = by_file.get(page["file"], [])
        out["rows"] += len(mine)
        used = set()
        for title, subtitle, kind in items(page):
            best, at = 0.0, None
            for i, r in enumerate(mine):
                if i in used:
                    continue
                got = core(r.get("title", ""))
                s = max(similarity(core(title), got), similarity(norm(subtitle), got))
                if s > best:
                    best, at = s, i
            hit = best >= MATCH
            if hit:
                used.add(at)
            if kind == "article":
                out["articles"] += 1
                out["found"] += hit
                if not hit and listing:
                    print(f"missed  {page['file']}: {title}")
            elif hit:
                out["non_article_rows"] += 1
        for i, r in enumerate(mine):
            if i not in used:
                out["extra"] += 1
                if listing:
                    print(f"extra   {page['file']}: {r.get('title') or '(untitled)'} | {r.get('lead', '')[:30]}")
            date = (r.get("date") or "").strip()
            if date:
                out["dated_rows"] += 1
                if page.get("date") and not consistent(date, page["date"]):
                    out["wrong_dates"] += 1
                    if listing:
                        print(f"date    {page['file']}: {date} against {page['date']} ({r.get('date_evidence', '')})")
    out["recall"] = round(out["found"] / max(out["articles"], 1), 3)
    return out


def main(argv):
    listing = "--list" in argv
    argv = [a for a in argv if a != "--list"]
    run_args = []
    if "--" in argv:
        cut = argv.index("--")
        argv, run_args = argv[:cut], argv[cut + 1:]
    if len(argv) < 2:
        sys.exit(__doc__)
    manifest = [json.loads(line) for line in open(argv[0], encoding="utf-8") if line.strip()]
    if argv[1] == "--run":
        binary = os.path.join(os.path.dirname(__file__), "..", "target", "release", "policy-themes")
        with tempfile.TemporaryDirectory() as out:
            # Exit code 3 says some input was skipped (a manifest.jsonl lying
            # among the pages, say): the report is still written.
            done = subprocess.run([binary, "run", *argv[2:], "--out", out, "-q", *run_args],
                                  stdout=subprocess.DEVNULL)
            if done.returncode not in (0, 3):
                sys.exit(f"policy-themes run failed with exit code {done.returncode}")
            rows = list(csv.DictReader(open(os.path.join(out, "articles.csv"), encoding="utf-8-sig")))
    else:
        rows = list(csv.DictReader(open(argv[1], encoding="utf-8-sig")))
    print(json.dumps(score(manifest, rows, listing), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
