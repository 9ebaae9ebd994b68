"""Runs the README's pandas block on a report and checks what it gives.

    python check.py README.md DIR      DIR holds the report as DIR/reports

The block is the Python one in the section "Reading the CSVs", run as the
README shows it; the checks then hold its tables to what the report means
(shares add up, a share is its counts' quotient, the filters keep what
their comments say). Exits 1 naming the first failed check.
"""

import os
import sys


def readme_block(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    start = lines.index("### Reading the CSVs")
    section = lines[start + 1 :]
    section = section[: next(i for i, line in enumerate(section) if line.startswith("## "))]
    opening = section.index("```python")
    closing = section.index("```", opening)
    return "\n".join(section[opening + 1 : closing])


def check(ok, what):
    if not ok:
        sys.exit(f"README pandas block: {what}")


def main():
    readme, workdir = sys.argv[1:3]
    code = readme_block(readme)
    os.chdir(workdir)
    ns = {}
    exec(compile(code, "README.md (pandas block)", "exec"), ns)
    t, d, p, a, n, c = (ns[k] for k in ("t", "d", "p", "a", "n", "c"))
    by_city, by_period, sizes = ns["by_city"], ns["by_period"], ns["sizes"]

    # Shares are written to 6 decimals, so a sum of 20 of them may be off by 1e-5.
    check(not by_city.isna().any().any(), "by_city has no missing cell")
    check(((by_city.sum(axis=0) - 1).abs() < 1e-5).all(), "each city's theme shares add up to 1")
    check(((by_period.sum(axis=1) - 1).abs() < 1e-5).all(), "each period's theme shares add up to 1")
    check(list(by_period.index) == sorted(by_period.index), "by_period runs oldest first")
    rows = t[(t.period == "all") & (t.city != "all")]
    check(((rows.articles / rows.city.map(sizes) - rows.share).abs() < 1e-6).all(),
          "a city's share is its articles over the city's articles")
    check(set(ns["first"].theme) == set(d.theme) and len(ns["first"]) == d.theme.nunique(),
          "one first city per theme")
    eco = ns["eco"]
    check(ns["eco_wide"].shape == (eco.period.nunique(), eco.city.nunique()), "eco_wide is period × city")
    check((p.articles <= p.city_period_articles).all(), "panel counts within their city-period")
    check((ns["eco_risk"].at_risk == 1).all() and (ns["eco_risk"].theme == "ecology").all(),
          "eco_risk is ecology's risk set")
    late = ns["late"]
    censored = set(n[n.left_censored == 1].city)
    check(len(late) + c.node_name.isin(censored).sum() == len(c), "late drops exactly the left-censored cities")
    summary = ns["summary"]
    check(abs(sum(th["share"] for th in summary["themes"]) - 1) < 1e-5, "summary.json's theme shares add up to 1")
    print("pandas block: ran and checked")


main()
