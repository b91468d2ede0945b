#!/usr/bin/env python3
"""Writes the illustrative world, scenarios/data/illustrative/, from its rules.

Every number of that world is invented (its README says so): eight economies
of made-up sizes, rough orders of magnitude of GDP in USD billion, scaled;
each foreign flow is size(i) * size(j) / 2000 times a closeness factor
(CLOSE, 1 for pairs not listed), domestic sales are 80 times the size, and
every flow is 35 % `restricted` and 65 % `other`. The capitals' coordinates
are approximate. This script is the one place those rules are written.

Usage: python3 scenarios/data/build_illustrative.py [--out DIR] [--check]
  --check  build in memory and fail (exit 1) unless DIR's files are identical
"""
import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (ISO3, name, latitude, longitude of the capital, size)
COUNTRIES = [
    ("DEU", "Germany", "52.52", "13.40", 4000),
    ("FRA", "France", "48.86", "2.35", 2900),
    ("USA", "United States", "38.90", "-77.04", 21000),
    ("RUS", "Russia", "55.76", "37.62", 1700),
    ("KAZ", "Kazakhstan", "51.17", "71.45", 180),
    ("ARM", "Armenia", "40.18", "44.51", 14),
    ("TUR", "Turkey", "39.93", "32.86", 760),
    ("CHN", "China", "39.90", "116.40", 14000),
]
# Closeness of neighbours, both ways.
CLOSE = {("RUS", "KAZ"): 4, ("DEU", "FRA"): 3, ("RUS", "ARM"): 3, ("KAZ", "CHN"): 2,
         ("DEU", "TUR"): 1.5, ("RUS", "TUR"): 1.5, ("ARM", "TUR"): 1.5}
SECTORS = [("restricted", 0.35), ("other", 0.65)]
GROUPS = [("EU", "DEU"), ("EU", "FRA"), ("COALITION", "EU"), ("COALITION", "USA")]


def flow(i, j):
    size = {c[0]: c[4] for c in COUNTRIES}
    if i == j:
        return 80 * size[i]
    return size[i] * size[j] / 2000 * CLOSE.get((i, j), CLOSE.get((j, i), 1))


def files():
    trade = ["exporter,importer,sector,value_usd_mn"]
    for i, *_ in COUNTRIES:
        for j, *_ in COUNTRIES:
            for sector, share in SECTORS:
                trade.append("%s,%s,%s,%.3f" % (i, j, sector, flow(i, j) * share))
    return {
        "countries.csv": ["iso3,name,lat,lon"] + [",".join(c[:4]) for c in COUNTRIES],
        "groups.csv": ["group,member"] + ["%s,%s" % g for g in GROUPS],
        "trade.csv": trade,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=os.path.join(ROOT, "scenarios", "data", "illustrative"))
    p.add_argument("--check", action="store_true")
    a = p.parse_args()
    for name, lines in files().items():
        path = os.path.join(a.out, name)
        text = "\n".join(lines) + "\n"
        if a.check:
            with open(path, newline="") as f:
                if f.read() != text:
                    sys.exit("build_illustrative.py: %s differs from a rebuild" % path)
        else:
            with open(path, "w", newline="") as f:
                f.write(text)
    print("%s: %s" % (a.out, "identical to a rebuild" if a.check else "written"))


if __name__ == "__main__":
    main()
