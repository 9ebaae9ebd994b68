#!/usr/bin/env python3
"""Derives data/divisions.tsv from the areacodes data set (yescallop/areacodes, CC0).

  python3 scripts/divisions.py AREACODES_DIR > data/divisions.tsv

AREACODES_DIR holds `result.csv` (every county-level-and-above division of the
PRC 1981-2024: code, province, prefecture, name, level, status, first year, last
year, successor codes) and the current list `2024.txt` (`CODE NAME`).

Output, tab-separated:
  CODE  NAME  FROM                         a division in use (the 2024 list) and
                                           the year it took its code and name
  former  NAME  CODE  FROM  UNTIL  LEVEL   a name no longer in use, with the
                                           current code that took it over and the
                                           years it was in use: every former
                                           prefecture-level name not in use now,
                                           and every former county-level one
                                           (LEVEL `prefecture` or `county`)
A former unit's successor is followed through its chain of new codes to one in
use; a unit abolished with no successor code (巢湖市 2011) hands its name to the
current division of the same name, when there is one.
"""
import csv, os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else sys.exit(__doc__)
current = {}
for line in open(os.path.join(root, "2024.txt"), encoding="utf-8-sig"):
    code, name = line.split()
    current[code] = name
rows = list(csv.DictReader(open(os.path.join(root, "result.csv"), encoding="utf-8-sig")))
by_code = {}
for r in rows:
    by_code.setdefault(r["代码"], []).append(r)
current_names = {}
for code, name in current.items():
    current_names.setdefault(name, []).append(code)


def successor(code, year, depth=0):
    """The code in use now that took over the unit `code` which ended in `year`.
    Codes are reused (511400 was 涪陵市, is 眉山市), so a code counts as the
    successor only through a row of it that was in use by then."""
    if depth > 8:
        return None
    for r in by_code.get(code, []):
        if r["状态"] == "在用" and int(r["启用时间"]) <= year and depth > 0:
            return code
    # Renamed in place: the code goes on under the new name from that year.
    if depth == 0 and any(
        r["状态"] == "在用" and int(r["启用时间"]) == year for r in by_code.get(code, [])
    ):
        return code
    for r in by_code.get(code, []):
        if int(r["启用时间"]) > year or r["状态"] == "在用":
            continue
        # `420602[1984];420603` lists successors, a year marking a past one.
        for nxt in r["新代码"].split(";"):
            if "[" in nxt:
                continue
            nxt = nxt.strip()
            if nxt == code and depth > 0 and code in current:
                return code
            if nxt and nxt != code:
                found = successor(nxt, max(year, int(r["变更/弃用时间"] or year)), depth + 1)
                if found:
                    return found
    return None


def same_place(name):
    """The one division in use with the same place name (莱芜市 → 莱芜区)."""
    short = re.sub(r"(市|地区|盟)$", "", name)
    hits = [c for c, n in current.items() if re.sub(r"(市|区|县)$", "", n) == short]
    return hits[0] if len(hits) == 1 else None


def since(code):
    """The year the unit in use under `code` took its current name."""
    years = [int(r["启用时间"]) for r in by_code.get(code, [])
             if r["状态"] == "在用" and r["名称"] == current[code]]
    return min(years) if years else 1981


print("# Derived by scripts/divisions.py from yescallop/areacodes (CC0); do not edit.")
for code in sorted(current):
    print(f"{code}\t{current[code]}\t{since(code)}")
seen = set()
for r in sorted(rows, key=lambda r: (r["代码"], r["启用时间"])):
    name = r["名称"]
    if r["级别"] != "地级" or r["状态"] == "在用" or name in current_names or name in seen:
        continue
    code = successor(r["代码"], int(r["变更/弃用时间"])) or same_place(name)
    if code is None:
        continue
    seen.add(name)
    print(f"former\t{name}\t{code}\t{r['启用时间']}\t{r['变更/弃用时间']}\tprefecture")
# County-level names no longer in use, even where a unit in use elsewhere has
# the name now (通州市 was 南通's until 2009; 通州区 is Beijing's): the
# article's date tells them apart. One line per name and successor.
county = {}
for r in rows:
    if r["级别"] != "县级" or r["状态"] == "在用" or not r["变更/弃用时间"]:
        continue
    until = int(r["变更/弃用时间"])
    code = successor(r["代码"], until)
    if code is None or current.get(code) == r["名称"]:
        continue
    key = (r["名称"], code)
    start = int(r["启用时间"])
    old = county.get(key)
    county[key] = (min(start, old[0]), max(until, old[1])) if old else (start, until)
for (name, code), (start, until) in sorted(county.items()):
    print(f"former\t{name}\t{code}\t{start}\t{until}\tcounty")
