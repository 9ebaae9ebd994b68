"""Checks policy-themes' Parquet files against the CSV beside them.

    python check.py REPORT [SHARD_REPORT...]

REPORT's articles, trends, panel and adoption_panel Parquet files must hold
the rows of its CSV files of the same names: every cell, with null for an empty cell,
numbers formatted as the CSV formats them, and DATE columns written back
at their precision. The city and theme columns must be dictionary-encoded
and every column zstd-compressed. With SHARD_REPORTs, their
articles/part-*.parquet files must read as one dataset holding the same
articles. Exits 1 naming the first difference.
"""

import csv
import datetime
import glob
import os
import sys

import pyarrow.dataset as ds
import pyarrow.parquet as pq


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def as_csv(name, value, row):
    """A Parquet cell as articles.csv or trends.csv writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        precision = row["date_precision" if name == "date" else "event_date_precision"]
        width = {"day": 10, "month": 7, "year": 4}[precision]
        return value.isoformat()[:width]
    if isinstance(value, float):
        digits = {"city_confidence": 2, "share": 6, "share_low": 6, "share_high": 6}.get(name, 4)
        return f"{value:.{digits}f}"
    return str(value)


def compare(parquet_path, csv_path, dictionary_columns):
    table = pq.read_table(parquet_path)
    rows = table.to_pylist()
    expected = csv_rows(csv_path)
    if len(rows) != len(expected):
        sys.exit(f"{parquet_path}: {len(rows)} rows, {csv_path} has {len(expected)}")
    columns = list(expected[0].keys()) if expected else []
    extra = [c for c in table.column_names if c not in columns]
    if extra not in ([], ["event_date_precision"]):
        sys.exit(f"{parquet_path}: columns {extra} not in {csv_path}")
    for i, (row, want) in enumerate(zip(rows, expected)):
        for name in columns:
            got = as_csv(name, row[name], row)
            if got != want[name]:
                sys.exit(f"{parquet_path} row {i + 1}, {name}: {got!r}, CSV has {want[name]!r}")
    meta = pq.ParquetFile(parquet_path).metadata
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            column = group.column(c)
            if column.compression != "ZSTD":
                sys.exit(f"{parquet_path}: {column.path_in_schema} is {column.compression}, not ZSTD")
            dictionary = "RLE_DICTIONARY" in column.encodings or "PLAIN_DICTIONARY" in column.encodings
            if column.path_in_schema in dictionary_columns and not dictionary:
                sys.exit(f"{parquet_path}: {column.path_in_schema} is not dictionary-encoded ({column.encodings})")
    print(f"{parquet_path}: {len(rows)} rows equal {os.path.basename(csv_path)}")
    return rows


def main():
    report, shards = sys.argv[1], sys.argv[2:]
    articles = compare(os.path.join(report, "articles.parquet"), os.path.join(report, "articles.csv"),
                       {"city", "city_code", "theme", "theme_name", "date_precision"})
    compare(os.path.join(report, "trends.parquet"), os.path.join(report, "trends.csv"),
            {"theme", "city", "period"})
    compare(os.path.join(report, "panel.parquet"), os.path.join(report, "panel.csv"),
            {"theme", "city", "city_code", "period"})
    compare(os.path.join(report, "adoption_panel.parquet"), os.path.join(report, "adoption_panel.csv"),
            {"city", "city_code", "theme", "period"})
    if shards:
        parts = sorted(p for s in shards for p in glob.glob(os.path.join(s, "articles", "part-*.parquet")))
        if len(parts) != len(shards):
            sys.exit(f"{len(parts)} part files for {len(shards)} shards")
        dataset = ds.dataset(parts, format="parquet").to_table().to_pylist()
        key = lambda r: (r["source"], r["position"])
        if sorted(dataset, key=key) != sorted(articles, key=key):
            sys.exit(f"the shards' {len(parts)} part files do not hold the articles of {report}")
        print(f"{len(parts)} shard part files read as one dataset of {len(dataset)} articles, those of {report}")


main()
