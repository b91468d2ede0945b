#!/usr/bin/env python3
"""Calibration targets from the EU's export statistics, monthly and yearly.

Writes the EU's rows of scenarios/data/targets-2022-2023.csv (the
targets of `sanctsim calibrate`) from two files of Eurostat Comext figures
in euros, monthly, in the folder --evidence (default ../shared/data/evidence
beside the repository):

  - eu_sanctioned_exports_monthly_2020_2022.csv, columns
    reporter_iso3,partner_iso3,month,product,value_eur (product
    SANCTIONED_CN8_ALL: the codes of Reg. 833/2014);
  - eu_exports_monthly_2019_2024.csv, columns
    reporter_iso3,partner_iso3,month,value_eur (all goods; reporter EU27
    is the aggregate).

  - EU exports of the goods listed in Council Regulation (EU) 833/2014 to
    Russia, Kazakhstan and Armenia, 2022-03 to 2022-11: the sum over the 27
    members of SANCTIONED_CN8_ALL (eu_sanctioned_exports_monthly_2020_2022.csv;
    its 2022-12 is incomplete and not used). Sector `restricted`.
  - EU27 total exports to Russia, Kazakhstan and Armenia, 2022-03 to 2024-08
    (the EU27 aggregate of eu_exports_monthly_2019_2024.csv). Sector `all`.
  - The same, 2023 against 2021, one yearly row each (the sums of the twelve
    months), in the order Kazakhstan, Armenia, Russia.

Each monthly row is a flow_ratio: the month's value divided by the same month of
2021 (year on year, so that seasons cancel), compared by `calibrate` with
the scenario's recorded exports divided by its twin's in that month. The
rows of one series share a weight of 1 in all (1 / number of months each),
so that a monthly series counts as much as one yearly statistic.

It also writes the targets of the target's side (issue 13), yearly
statistics typed in below (TARGET_SIDE) with their sources: Russia's
exports to India and China, 2023 against 2021, and the discount on its
energy exports in 2023.

The other rows of the targets file (statistics typed in by hand) are kept
as they are: only rows whose source names this script are replaced.

Usage: python3 scenarios/data/build_targets.py [--evidence DIR] [--out FILE] [--check]
  --check  rebuild in memory and fail (exit 1) unless FILE is identical
"""
import argparse
import csv
import io
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLUMNS = ["target", "indicator", "from", "to", "sector", "period", "base", "observed",
           "observed_high", "weight", "source"]
MARK = "built by scenarios/data/build_targets.py"
PARTNERS = [("RUS", "Russia"), ("KAZ", "Kazakhstan"), ("ARM", "Armenia")]
EU27 = ["AUT", "BEL", "BGR", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GRC",
        "HRV", "HUN", "IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROU",
        "SVK", "SVN", "SWE"]


def months(first, last):
    y, m = map(int, first.split("-"))
    out = []
    while "%04d-%02d" % (y, m) <= last:
        out.append("%04d-%02d" % (y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def read_sums(path, keep):
    """Sums value_eur by (partner, month) over the rows keep(row) accepts."""
    sums = {}
    if not os.path.isfile(path):
        sys.exit("build_targets.py: missing source file %s (give the folder with --evidence)" % path)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if keep(row):
                key = (row["partner_iso3"], row["month"])
                sums[key] = sums.get(key, 0.0) + float(row["value_eur"])
    return sums


def yearly(sums, partner, name, source):
    """One row: the partner's 2023 over its 2021, each the sum of its twelve months."""
    keys = {y: [(partner, "%d-%02d" % (y, m)) for m in range(1, 13)] for y in (2021, 2023)}
    missing = [k[1] for y in keys for k in keys[y] if k not in sums]
    if missing:
        sys.exit("build_targets.py: no value for %s in %s" % (partner, ", ".join(missing)))
    year = {y: sum(sums[k] for k in keys[y]) for y in keys}
    if not year[2021]:
        sys.exit("build_targets.py: no value for %s in 2021" % partner)
    return {"target": name, "indicator": "flow_ratio", "from": "EU27", "to": partner,
            "sector": "all", "period": "2023", "base": "",
            "observed": "%.4f" % (year[2023] / year[2021]), "observed_high": "", "weight": "1",
            "source": source}


def series(sums, partner, first, last, name, sector, source):
    """One row per month: the month over the same month of 2021."""
    span = months(first, last)
    rows = []
    for month in span:
        base = "2021" + month[4:]
        if (partner, month) not in sums or not sums.get((partner, base)):
            sys.exit("build_targets.py: no value for %s in %s or %s" % (partner, month, base))
        ratio = sums[(partner, month)] / sums[(partner, base)]
        rows.append({"target": name, "indicator": "flow_ratio", "from": "EU27", "to": partner,
                     "sector": sector, "period": month, "base": "",
                     "observed": "%.4f" % ratio, "observed_high": "",
                     "weight": "%.6g" % (1.0 / len(span)), "source": source})
    return rows


# The target's side (issue 13): (name, indicator, from, to, sector, period,
# observed, observed_high, source). Each is compared with the scenario
# against its twin over 2023; the observed ratios also hold prices, growth
# and exchange rates, which the twin does not (docs/model.md, section 1).
TARGET_SIDE = [
    ("India's imports from Russia, 2023 / 2021", "import_ratio", "RUS", "IND", "all", "2023",
     "5.0", "7.0",
     "India's Ministry of Commerce (DGCI&S): imports from Russia USD 9.9 bn in FY2021-22 and "
     "USD 61.4 bn in FY2023-24, mostly crude oil; more than fivefold from 2021 to 2023 (issue 13)"),
    ("China's imports from Russia, 2023 / 2021", "import_ratio", "RUS", "CHN", "all", "2023",
     "1.63", "",
     "China's General Administration of Customs: imports from Russia USD 79.3 bn in 2021 and "
     "USD 129.1 bn in 2023 (about +60 %, issue 13)"),
    ("Russia's energy export price, 2023, against no sanctions", "export_price_change", "RUS", "",
     "energy", "2023", "-0.40", "-0.15",
     "Urals crude sold USD 20-35 a barrel (roughly 25-35 %) below Brent in 2022-23 (KSE "
     "Institute; CREA; issue 13): an export price change of -15 to -40 % against a world "
     "without sanctions, where Urals traded within a few dollars of Brent"),
]


def target_side():
    keys = ["target", "indicator", "from", "to", "sector", "period", "observed", "observed_high",
            "source"]
    rows = []
    for item in TARGET_SIDE:
        r = dict(zip(keys, item))
        r.update({"base": "", "weight": "1", "source": r["source"] + "; " + MARK})
        rows.append(r)
    return rows


def build(evidence):
    listed = read_sums(os.path.join(evidence, "eu_sanctioned_exports_monthly_2020_2022.csv"),
                       lambda r: r["product"] == "SANCTIONED_CN8_ALL" and r["reporter_iso3"] in EU27)
    total = read_sums(os.path.join(evidence, "eu_exports_monthly_2019_2024.csv"),
                      lambda r: r["reporter_iso3"] == "EU27")
    source = ("Eurostat Comext, EU27_2020 exports (evidence/eu_exports_monthly_2019_2024.csv); "
              + MARK)
    rows = [yearly(total, iso, "EU27 exports to %s, 2023 / 2021" % name, source)
            for iso, name in (("KAZ", "Kazakhstan"), ("ARM", "Armenia"), ("RUS", "Russia"))]
    for iso, name in PARTNERS:
        rows += series(listed, iso, "2022-03", "2022-11",
                       "EU exports of listed goods to %s, month / same month of 2021" % name,
                       "restricted",
                       "Eurostat Comext DS-045409, sum of the 27 members' exports of the CN8 "
                       "codes of Reg. 833/2014 (evidence/eu_sanctioned_exports_monthly_2020_2022"
                       ".csv); " + MARK)
    for iso, name in PARTNERS:
        rows += series(total, iso, "2022-03", "2024-08",
                       "EU27 exports to %s, month / same month of 2021" % name, "all", source)
    return rows + target_side()


def render(path, generated):
    kept = []
    if os.path.exists(path):
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != COLUMNS:
                sys.exit("build_targets.py: %s: expected the columns %s" % (path, ",".join(COLUMNS)))
            kept = [r for r in reader if MARK not in r["source"]]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(kept + generated)
    return out.getvalue()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--evidence", default=os.path.join(os.path.dirname(ROOT), "shared", "data",
                                                      "evidence"))
    p.add_argument("--out", default=os.path.join(ROOT, "scenarios", "data",
                                                 "targets-2022-2023.csv"))
    p.add_argument("--check", action="store_true")
    a = p.parse_args()
    text = render(a.out, build(a.evidence))
    if a.check:
        with open(a.out, newline="") as f:
            if f.read() != text:
                sys.exit("build_targets.py: %s differs from a rebuild from %s" % (a.out,
                                                                                 a.evidence))
        print("%s: identical to a rebuild from %s" % (a.out, a.evidence))
        return
    with open(a.out, "w", newline="") as f:
        f.write(text)
    print("wrote %s" % a.out)


if __name__ == "__main__":
    main()
