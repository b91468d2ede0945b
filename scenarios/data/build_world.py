#!/usr/bin/env python3
"""Builds sanctsim's shipped baseline world, scenarios/data/world-2019/, from the
public statistics in ../shared/data/world/ (see that folder's README.md).

Standard library only. Deterministic: every run on the same sources writes
byte-identical files (fixed sort orders, values held as integers in units of
USD 100 = 0.0001 USD million and written with exactly 4 decimals).

Usage (from anywhere; paths default relative to the repository root):
    python3 scenarios/data/build_world.py              # rebuild world-2019/
    python3 scenarios/data/build_world.py --check      # rebuild into a temp dir,
        # compare byte for byte with the committed files, verify them against
        # the sources; exit 1 with a message naming the file/pair otherwise
    python3 scenarios/data/build_world.py --verify-only DIR [--no-sources]
        # checks that DIR holds the world this script builds (its 60 countries
        # and columns; and against the sources unless --no-sources or the
        # sources are absent); any other world is checked by loading it:
        # sanctsim check on a scenario that names it

Every rule below is documented, with its source, in world-2019/README.md.
"""

import argparse
import csv
import filecmp
import math
import os
import re
import sys
import tempfile

# ---------------------------------------------------------------------------
# Parameters of the build (each one is documented in world-2019/README.md)
# ---------------------------------------------------------------------------

YEAR = "2019"  # base year
CIF_FOB = 1.06  # IMF DOTS Yearbook 2017, technical notes: CIF = 1.06 * FOB
MIN_DOMESTIC_SHARE = 0.10  # floor of domestic sales as a share of GDP
EU_MIN_CELL_EUR = 50e6  # reporter-partner cells smaller than this (2020-2021
#                         total, EUR) use the EU-27 partner-level share
SECTORS = ("restricted", "energy", "other")
ROW = "ROW"

# The 59 economies (shared/data/README.md); TWN is a partner only.
COUNTRIES = (
    "RUS BLR UKR KAZ KGZ UZB TJK TKM ARM GEO AZE TUR ARE CHN HKG IND IRN USA GBR JPN KOR DEU FRA "
    "ITA POL NLD BEL ESP AUT CZE FIN SWE LTU LVA EST HUN SVK ROU BGR GRC CYP DNK IRL PRT SVN HRV "
    "LUX MLT CAN CHE NOR SRB SGP MNG MDA ISR SAU BRA TWN"
).split()

# CEPII GeoDist uses old codes for two countries.
CEPII_CODE = {"ROU": "ROM", "SRB": "YUG"}

# Display names: CEPII's `country` field, except where it is outdated or an
# aggregate (BEL is "Belgium and Luxembourg" in GeoDist, YUG is "Serbia and
# Montenegro").
NAME_OVERRIDE = {
    "BEL": "Belgium",
    "KAZ": "Kazakhstan",
    "KOR": "South Korea",
    "MDA": "Moldova",
    "SRB": "Serbia",
    "USA": "United States",
    "HKG": "Hong Kong SAR China",
}
ROW_NAME = "Rest of world"

# EU exports to these partners are observed by product (Eurostat Comext).
EU_PARTNERS = ("ARM", "BLR", "GEO", "KAZ", "KGZ", "RUS", "UZB")

# ASSUMPTION: approximate 2019 share of HS 27 (mineral fuels) in each
# exporter's goods exports, rounded to 0.05, for flows that the Comext file
# does not cover. Not derived from the shipped sources: round figures from the
# countries' published trade profiles (UN Comtrade / WITS). Every exporter not
# listed gets ENERGY_DEFAULT.
ENERGY_SHARE = {
    "AZE": 0.90, "TKM": 0.80, "SAU": 0.75, "KAZ": 0.65, "RUS": 0.60, "NOR": 0.60,
    "IRN": 0.50, "MNG": 0.45, "ARE": 0.30, "GRC": 0.30, "CAN": 0.20, "BLR": 0.20,
    "ROW": 0.20, "USA": 0.15, "IND": 0.15, "LTU": 0.15, "NLD": 0.10, "SGP": 0.10,
    "BRA": 0.10, "GBR": 0.10, "UZB": 0.10, "EST": 0.10, "KOR": 0.05, "BEL": 0.05,
    "ESP": 0.05,
}
ENERGY_DEFAULT = 0.03

# The countries that can process Russian crude and re-export the products in
# bulk (countries.csv, `processes`): the five "laundromat" refining hubs named
# by CREA, "The Laundromat: how the price cap coalition whitewashes Russian
# oil in third countries" (Centre for Research on Energy and Clean Air, April
# 2023): China, India, Turkey, the United Arab Emirates and Singapore. Energy
# reaches a buyer through a third country only through these.
PROCESSES = {"CHN": "energy", "IND": "energy", "TUR": "energy", "ARE": "energy", "SGP": "energy"}

# The homogeneous commodities (sectors.csv, `commodity`): sectors whose origins
# are close substitutes, so that a seller who loses buyers redirects its goods
# at a discount rather than through the Armington preference for its variety.
# Energy (crude oil, products, gas, coal) is the one commodity among the three
# sectors; docs/model.md ("Commodities") gives the elasticity and its source.
COMMODITIES = ("energy",)

GROUPS = (
    ("EU27", "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD "
             "POL PRT ROU SVK SVN ESP SWE"),
    ("G7", "CAN FRA DEU ITA JPN GBR USA"),
    ("COALITION", "EU27 USA GBR JPN CAN KOR CHE NOR"),
    ("EAEU", "RUS BLR KAZ KGZ ARM"),
    ("CIS", "ARM AZE BLR KAZ KGZ MDA RUS TJK UZB"),
    ("CENTRAL_ASIA", "KAZ KGZ UZB TJK TKM"),
)

UNIT = 10000  # values are held as integers in units of 0.0001 USD million
FILES = ("countries.csv", "trade.csv", "distances.csv", "groups.csv", "sectors.csv")
SUMMARY_BEGIN = "<!-- summary:begin (written by build_world.py; do not edit by hand) -->"
SUMMARY_END = "<!-- summary:end -->"

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_SOURCE = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "world"))
DEFAULT_OUT = os.path.join(HERE, "world-2019")


class BuildError(Exception):
    pass


def units(x):
    """USD million (float) -> integer units of 0.0001, rounded half up."""
    if not math.isfinite(x) or x < 0:
        raise BuildError("negative or non-finite value %r" % x)
    return int(math.floor(x * UNIT + 0.5))


def fmt(u):
    return "%d.%04d" % divmod(u, UNIT)


def parse_units(text, where):
    """Parses a written value (at most 4 decimals, >= 0) into units."""
    if not re.fullmatch(r"[0-9]+(\.[0-9]{1,4})?", text):
        raise BuildError("%s: value %r is not a non-negative number with at most 4 decimals"
                         % (where, text))
    whole, _, frac = text.partition(".")
    return int(whole) * UNIT + int((frac + "0000")[:4])


def read_csv(path):
    if not os.path.exists(path):
        raise BuildError("missing source file %s" % path)
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

class Sources:
    def __init__(self, src):
        self.src = src
        self.xfob = {}  # (reporter, partner) -> (value, flag)
        self.mcif = {}
        for r in read_csv(os.path.join(src, "imf_dots_2015_2020.csv")):
            if r["year"] != YEAR:
                continue
            table = self.xfob if r["flow"] == "X_FOB" else self.mcif if r["flow"] == "M_CIF" else None
            if table is None:
                raise BuildError("imf_dots: unknown flow %r" % r["flow"])
            key = (r["reporter_iso3"], r["partner_iso3"])
            if key in table:
                raise BuildError("imf_dots: duplicate %s %s->%s" % (r["flow"], *key))
            table[key] = (float(r["value_usd_mn"]), r["flag"])
        self.reporters = sorted({k[0] for k in self.xfob} | {k[0] for k in self.mcif})
        missing = sorted(set(self.reporters) - set(COUNTRIES))
        if missing:
            raise BuildError("imf_dots: reporters outside the country set: %s" % missing)
        for c in self.reporters:
            if (c, "WLD") not in self.xfob or (c, "WLD") not in self.mcif:
                raise BuildError("imf_dots: %s has no WLD total in %s" % (c, YEAR))

        self.gdp = {}  # USD million
        for r in read_csv(os.path.join(src, "gdp_usd.csv")):
            if r["year"] == YEAR:
                self.gdp[r["iso3"]] = float(r["gdp_usd"]) / 1e6
        for c in COUNTRIES + ["WLD"]:
            if c not in self.gdp:
                raise BuildError("gdp_usd: no %s GDP for %s" % (YEAR, c))

        self.geo = {}
        for r in read_csv(os.path.join(src, "cepii_geodist_geo.csv")):
            if r["cap"] == "1":
                self.geo[r["iso3"]] = r
        self.dist = {}
        for r in read_csv(os.path.join(src, "cepii_geodist_dist.csv")):
            self.dist[(r["iso_o"], r["iso_d"])] = r["distcap"]

        self.eu = {}  # (reporter, partner, flow, product) -> EUR, 2020-2021
        for r in read_csv(os.path.join(src, "eu_restricted_goods_2020_2021.csv")):
            k = (r["reporter_iso3"], r["partner_iso3"], r["flow"], r["product"])
            self.eu[k] = self.eu.get(k, 0) + int(r["value_eur"])
        self.eu_reporters = sorted({k[0] for k in self.eu})
        eu27 = dict(GROUPS)["EU27"].split()
        if sorted(eu27) != self.eu_reporters:
            raise BuildError("eu_restricted_goods: reporters are not the EU-27")

    def bilateral(self, i, j):
        """Chosen 2019 flow i -> j (USD mn, FOB) and how it was obtained."""
        if (i, j) in self.xfob:
            v, flag = self.xfob[(i, j)]
            return v, "X_FOB reported by %s%s" % (i, " (IMF estimate)" if flag == "e" else "")
        if (j, i) in self.mcif:
            v, flag = self.mcif[(j, i)]
            return v / CIF_FOB, "M_CIF reported by %s / %.2f%s" % (
                j, CIF_FOB, " (IMF estimate)" if flag == "e" else "")
        return 0.0, "no report either way"

    def eu_sum(self, reporters, partner, flow, product):
        return sum(self.eu.get((r, partner, flow, product), 0) for r in reporters)


# ---------------------------------------------------------------------------
# Sector shares
# ---------------------------------------------------------------------------

def eu_shares(s):
    """Comext shares, pooled over the 24 months 2020-2021.

    Returns exp[(reporter, partner)] = (sanctioned share, HS27 share) of EU
    member exports, imp[(reporter, partner)] = HS27 share of EU member imports,
    and the pooled EU-27 shares of exports to all seven (s_all, h_all)."""
    R = s.eu_reporters
    exp, imp = {}, {}
    for p in EU_PARTNERS:
        t = s.eu_sum(R, p, "EXPORT", "TOTAL")
        part = (s.eu_sum(R, p, "EXPORT", "EU_SANCTIONED_CN8") / t,
                s.eu_sum(R, p, "EXPORT", "HS27") / t)
        ti = s.eu_sum(R, p, "IMPORT", "TOTAL")
        part_imp = s.eu_sum(R, p, "IMPORT", "HS27") / ti
        for r in R:
            t_rp = s.eu.get((r, p, "EXPORT", "TOTAL"), 0)
            if t_rp >= EU_MIN_CELL_EUR:
                exp[(r, p)] = (s.eu.get((r, p, "EXPORT", "EU_SANCTIONED_CN8"), 0) / t_rp,
                               s.eu.get((r, p, "EXPORT", "HS27"), 0) / t_rp)
            else:
                exp[(r, p)] = part
            ti_rp = s.eu.get((r, p, "IMPORT", "TOTAL"), 0)
            if ti_rp >= EU_MIN_CELL_EUR:
                imp[(r, p)] = s.eu.get((r, p, "IMPORT", "HS27"), 0) / ti_rp
            else:
                imp[(r, p)] = part_imp
    t = sum(s.eu_sum(R, p, "EXPORT", "TOTAL") for p in EU_PARTNERS)
    s_all = sum(s.eu_sum(R, p, "EXPORT", "EU_SANCTIONED_CN8") for p in EU_PARTNERS) / t
    h_all = sum(s.eu_sum(R, p, "EXPORT", "HS27") for p in EU_PARTNERS) / t
    return exp, imp, s_all, h_all


class Shares:
    def __init__(self, s):
        self.exp, self.imp, self.s_all, self.h_all = eu_shares(s)
        # Restricted share of the non-energy part of a flow (default rule).
        self.rho = self.s_all / (1 - self.h_all)
        self.eu = set(s.eu_reporters)

    def of(self, i, j):
        """(restricted, energy) shares of the flow i -> j and the rule's name."""
        if i in self.eu and (i, j) in self.exp:
            r, e = self.exp[(i, j)]
            return r, min(e, 1 - r), "comext-export"
        if j in self.eu and (j, i) in self.imp:
            e = self.imp[(j, i)]
            return self.rho * (1 - e), e, "comext-import"
        e = ENERGY_SHARE.get(i, ENERGY_DEFAULT)
        return self.rho * (1 - e), e, "default"


def split(total, r, e):
    """Splits total units into (restricted, energy, other), summing exactly."""
    ru = int(math.floor(total * r + 0.5))
    eu = int(math.floor(total * e + 0.5))
    if ru + eu > total:
        eu = total - ru
    return ru, eu, total - ru - eu


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

def build(s, min_domestic_share=MIN_DOMESTIC_SHARE):
    """Returns the world as dicts; all flows in integer units."""
    C = sorted(COUNTRIES) + [ROW]
    tot = {}  # (i, j) -> units, i != j
    how = {}
    for i in COUNTRIES:
        for j in COUNTRIES:
            if i != j:
                v, h = s.bilateral(i, j)
                tot[(i, j)] = units(v)
                how[(i, j)] = h
    info = {"floored_exports": [], "floored_imports": [], "mirror": [], "none": [], "estimates": {}}
    for (i, j), h in sorted(how.items()):
        if h.startswith("M_CIF"):
            info["mirror"].append((i, j))
        elif h.startswith("no report"):
            info["none"].append((i, j))
        if "estimate" in h:
            rep = h.split(" reported by ")[1].split()[0]
            info["estimates"][rep] = info["estimates"].get(rep, 0) + 1
    # ROW
    for i in COUNTRIES:
        if i in s.reporters:
            wld = units(s.xfob[(i, "WLD")][0])
            rest = wld - sum(tot[(i, j)] for j in COUNTRIES if j != i)
            if rest < 0:
                info["floored_exports"].append((i, rest))
            tot[(i, ROW)] = max(0, rest)
        else:  # TWN: no table of its own, no WLD totals
            tot[(i, ROW)] = 0
            tot[(ROW, i)] = 0
    for j in COUNTRIES:
        if j in s.reporters:
            wld = units(s.mcif[(j, "WLD")][0] / CIF_FOB)
            rest = wld - sum(tot[(i, j)] for i in COUNTRIES if i != j)
            if rest < 0:
                info["floored_imports"].append((j, rest))
            tot[(ROW, j)] = max(0, rest)
    # sectors of international flows
    sh = Shares(s)
    x = {}
    for (i, j), t in tot.items():
        r, e, _ = sh.of(i, j)
        x[(i, j)] = split(t, r, e)
    # domestic sales
    gdp = dict(s.gdp)
    gdp[ROW] = s.gdp["WLD"] - sum(s.gdp[c] for c in COUNTRIES)
    info["floored_domestic"] = []
    for c in C:
        exports = sum(tot[(c, j)] for j in C if j != c)
        g = units(gdp[c])
        dom = g - exports
        floor = units(min_domestic_share * gdp[c])
        if dom < floor:
            info["floored_domestic"].append((c, dom / UNIT, gdp[c]))
            dom = floor
        imp = [sum(x[(i, c)][k] for i in C if i != c) for k in range(3)]
        ti = sum(imp)
        x[(c, c)] = split(dom, imp[0] / ti, imp[1] / ti)
        tot[(c, c)] = dom
    return {"C": C, "x": x, "tot": tot, "gdp": gdp, "shares": sh, "info": info,
            "min_domestic_share": min_domestic_share}


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_world(s, world, out):
    os.makedirs(out, exist_ok=True)
    C = world["C"]
    rows = []
    for c in C:
        if c == ROW:
            rows.append([ROW, ROW_NAME, "", "", ""])
            continue
        g = s.geo.get(CEPII_CODE.get(c, c))
        if g is None:
            raise BuildError("cepii_geodist_geo: no capital row for %s" % c)
        rows.append([c, NAME_OVERRIDE.get(c, g["country"]), g["lat"], g["lon"],
                     PROCESSES.get(c, "")])
    write_csv(os.path.join(out, "countries.csv"), ["iso3", "name", "lat", "lon", "processes"],
              rows)

    rows = []
    for i in C:
        for j in C:
            for k, sec in enumerate(SECTORS):
                rows.append([i, j, sec, fmt(world["x"][(i, j)][k])])
    write_csv(os.path.join(out, "trade.csv"), ["exporter", "importer", "sector", "value_usd_mn"], rows)

    rows = []
    for i in C:
        for j in C:
            if i == j:
                continue
            if ROW in (i, j):
                c = j if i == ROW else i
                rows.append([i, j, "%.3f" % row_distance(s, c)])
            else:
                rows.append([i, j, cepii_distance(s, i, j)])
    write_csv(os.path.join(out, "distances.csv"), ["origin", "destination", "km"], rows)

    rows = [[g, m] for g, members in GROUPS for m in members.split()]
    write_csv(os.path.join(out, "groups.csv"), ["group", "member"], rows)

    rows = [[sec, 1 if sec in COMMODITIES else 0] for sec in SECTORS]
    write_csv(os.path.join(out, "sectors.csv"), ["sector", "commodity"], rows)


def cepii_distance(s, i, j):
    key = (CEPII_CODE.get(i, i), CEPII_CODE.get(j, j))
    if key not in s.dist:
        raise BuildError("cepii_geodist_dist: no distance %s->%s" % key)
    return s.dist[key]


def row_distance(s, c):
    """Distance between c and ROW: simple mean of c's capital-to-capital
    distances to the other 58 economies."""
    ds = [float(cepii_distance(s, c, o)) for o in COUNTRIES if o != c]
    return sum(ds) / len(ds)


# ---------------------------------------------------------------------------
# Summary (written into README.md between the markers)
# ---------------------------------------------------------------------------

def summary(s, world):
    C, x, tot, info, sh = world["C"], world["x"], world["tot"], world["info"], world["shares"]
    eu27 = dict(GROUPS)["EU27"].split()
    L = []
    bn = lambda u: "%.1f" % (u / UNIT / 1000)  # noqa: E731
    intl = [sum(x[(i, j)][k] for i in C for j in C if i != j) for k in range(3)]
    dom = [sum(x[(c, c)][k] for c in C) for k in range(3)]
    L.append("Generated by `build_world.py` from the sources; USD billion, %s, annual." % YEAR)
    L.append("")
    L.append("| | restricted | energy | other | total |")
    L.append("|---|---:|---:|---:|---:|")
    L.append("| International flows (all pairs i != j, ROW included) | %s | %s | %s | %s |"
             % (bn(intl[0]), bn(intl[1]), bn(intl[2]), bn(sum(intl))))
    L.append("| Domestic sales (diagonal, ROW's includes trade within ROW) | %s | %s | %s | %s |"
             % (bn(dom[0]), bn(dom[1]), bn(dom[2]), bn(sum(dom))))
    among = [sum(x[(i, j)][k] for i in COUNTRIES for j in COUNTRIES if i != j) for k in range(3)]
    L.append("| Flows among the 59 economies | %s | %s | %s | %s |"
             % (bn(among[0]), bn(among[1]), bn(among[2]), bn(sum(among))))

    def flows(src, dst):
        return [sum(x[(i, j)][k] for i in src for j in dst if i != j) for k in range(3)]
    for label, a, b in (("EU27 -> RUS", eu27, ["RUS"]), ("RUS -> EU27", ["RUS"], eu27),
                        ("EU27 -> BLR", eu27, ["BLR"]), ("EU27 -> KAZ", eu27, ["KAZ"]),
                        ("CHN -> RUS", ["CHN"], ["RUS"]), ("RUS -> CHN", ["RUS"], ["CHN"])):
        f = flows(a, b)
        L.append("| %s | %s | %s | %s | %s |" % (label, bn(f[0]), bn(f[1]), bn(f[2]), bn(sum(f))))
    L.append("")
    n_pairs = len(COUNTRIES) * (len(COUNTRIES) - 1)
    L.append("- Countries: %d (59 economies + ROW); sectors: %s; rows in trade.csv: %d."
             % (len(C), ", ".join(SECTORS), len(C) * len(C) * len(SECTORS)))
    L.append("- Ordered pairs among the 59: %d. From the exporter's FOB report: %d; from the "
             "importer's CIF report / %.2f: %d; no report either way (set to 0): %d."
             % (n_pairs, n_pairs - len(info["mirror"]) - len(info["none"]), CIF_FOB,
                len(info["mirror"]), len(info["none"])))
    L.append("- Pairs with no report either way: " + " ".join("%s->%s" % p for p in info["none"])
             + ".")
    L.append("- Flows taken from IMF estimates (flag `e`), by reporting economy: "
             + ", ".join("%s %d" % kv for kv in sorted(info["estimates"].items())) + ".")
    L.append("- Exports to ROW floored at 0: %s."
             % (", ".join("%s (%s)" % (c, fmt(-u)) for c, u in info["floored_exports"])
                if info["floored_exports"] else "none (every reporter's 59-partner sum is below "
                "its WLD total)"))
    L.append("- Domestic sales raised to the %.0f%% of GDP floor: %s."
             % (world["min_domestic_share"] * 100,
                ", ".join("%s (GDP - exports = %.1f bn, %.0f%% of GDP)" % (c, d / 1000, 100 * d / g)
                          for c, d, g in info["floored_domestic"]) or "none"))
    fl = info["floored_imports"]
    L.append("- Imports from ROW floored at 0 (partners' reported exports to the importer exceed its "
             "M_CIF WLD / %.2f; the excess, in USD bn, stays in the importer's total): %s; "
             "excess summed: %.1f bn."
             % (CIF_FOB, ", ".join("%s %.1f" % (c, -u / UNIT / 1000) for c, u in sorted(fl)) or "none",
                sum(-u for _, u in fl) / UNIT / 1000))
    row_gdp = world["gdp"][ROW]
    L.append("- ROW GDP (WLD minus the 59, World Bank WDI / IMF WEO for TWN): %.1f bn of %.1f bn."
             % (row_gdp / 1000, s.gdp["WLD"] / 1000))
    L.append("- Comext pooled 2020-2021 shares of EU-27 exports to the seven partners: sanctioned "
             "CN8 %.4f, HS 27 %.4f; default restricted share of the non-energy part "
             "rho = %.4f." % (sh.s_all, sh.h_all, sh.rho))
    L.append("")
    L.append("Shares used for EU-27 member exports (pooled over members, weights = 2019 DOTS flows) "
             "and for EU-27 imports (energy share):")
    L.append("")
    L.append("| Partner | EU27 -> partner restricted | EU27 -> partner energy | partner -> EU27 energy |")
    L.append("|---|---:|---:|---:|")
    for p in EU_PARTNERS:
        a, b = flows(eu27, [p]), flows([p], eu27)
        L.append("| %s | %.4f | %.4f | %.4f |" % (p, a[0] / sum(a), a[1] / sum(a), b[1] / sum(b)))
    return "\n".join(L) + "\n"


def update_readme(path, text):
    """Replaces the summary block of README.md; False when the markers are absent."""
    if not os.path.exists(path):
        return False
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    a, b = doc.find(SUMMARY_BEGIN), doc.find(SUMMARY_END)
    if a < 0 or b < a:
        return False
    new = doc[:a + len(SUMMARY_BEGIN)] + "\n" + text + doc[b:]
    if new != doc:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(new)
    return True


def readme_summary(path):
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    a, b = doc.find(SUMMARY_BEGIN), doc.find(SUMMARY_END)
    if a < 0 or b < a:
        return None
    return doc[a + len(SUMMARY_BEGIN) + 1:b]


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------

def load_world(d):
    """Reads a world folder, checking its structure. Returns (countries,
    sectors, flows[(i, j, sector)] in units, dist, groups); raises BuildError
    naming the file and row on the first structural fault."""
    def rows(name, header):
        path = os.path.join(d, name)
        if not os.path.exists(path):
            raise BuildError("%s: missing" % path)
        with open(path, newline="", encoding="utf-8") as f:
            r = list(csv.reader(f))
        if not r or r[0] != header:
            raise BuildError("%s: header must be %s" % (name, ",".join(header)))
        for n, row in enumerate(r[1:], 2):
            if len(row) != len(header):
                raise BuildError("%s line %d: %d fields, expected %d" % (name, n, len(row), len(header)))
        return list(enumerate(r[1:], 2))

    countries = []
    for n, (iso, name, lat, lon, processes) in rows("countries.csv",
                                                    ["iso3", "name", "lat", "lon", "processes"]):
        if not re.fullmatch(r"[A-Z]{3}", iso) or iso in countries or not name:
            raise BuildError("countries.csv line %d: bad or duplicate country %r" % (n, iso))
        if processes != PROCESSES.get(iso, ""):
            raise BuildError("countries.csv line %d: %s processes %r, expected %r"
                             % (n, iso, processes, PROCESSES.get(iso, "")))
        for v, lo, hi in ((lat, -90, 90), (lon, -180, 180)):
            if v == "" and iso == ROW:
                continue
            try:
                ok = lo <= float(v) <= hi
            except ValueError:
                ok = False
            if not ok:
                raise BuildError("countries.csv line %d: %s has bad coordinate %r" % (n, iso, v))
        countries.append(iso)
    if len(countries) != 60 or ROW not in countries:
        raise BuildError("countries.csv: %d countries, expected 60 including ROW" % len(countries))
    want = set(COUNTRIES) | {ROW}
    if set(countries) != want:
        raise BuildError("countries.csv: missing %s, unexpected %s"
                         % (sorted(want - set(countries)), sorted(set(countries) - want)))
    cset = set(countries)

    flows, sectors = {}, []
    for n, (i, j, sec, v) in rows("trade.csv", ["exporter", "importer", "sector", "value_usd_mn"]):
        if i not in cset or j not in cset:
            raise BuildError("trade.csv line %d: unknown country in %s->%s" % (n, i, j))
        if not re.fullmatch(r"[a-z][a-z0-9_]*", sec):
            raise BuildError("trade.csv line %d: bad sector name %r" % (n, sec))
        if sec not in sectors:
            sectors.append(sec)
        if (i, j, sec) in flows:
            raise BuildError("trade.csv line %d: %s->%s %s appears twice" % (n, i, j, sec))
        flows[(i, j, sec)] = parse_units(v, "trade.csv line %d (%s->%s %s)" % (n, i, j, sec))
    for need in SECTORS:
        if need not in sectors:
            raise BuildError("trade.csv: sector %r missing" % need)
    for i in countries:
        for j in countries:
            for sec in sectors:
                if (i, j, sec) not in flows:
                    raise BuildError("trade.csv: %s->%s %s missing" % (i, j, sec))
    for c in countries:
        if sum(flows[(c, c, k)] for k in sectors) <= 0:
            raise BuildError("trade.csv: %s->%s domestic sales are zero" % (c, c))

    dist = {}
    for n, (i, j, km) in rows("distances.csv", ["origin", "destination", "km"]):
        if i not in cset or j not in cset or i == j or (i, j) in dist:
            raise BuildError("distances.csv line %d: bad or duplicate pair %s->%s" % (n, i, j))
        try:
            v = float(km)
        except ValueError:
            v = -1.0
        if not (math.isfinite(v) and v > 0):
            raise BuildError("distances.csv line %d: %s->%s bad distance %r" % (n, i, j, km))
        dist[(i, j)] = v
    for i in countries:
        for j in countries:
            if i != j and (i, j) not in dist:
                raise BuildError("distances.csv: %s->%s missing" % (i, j))
            if i != j and dist[(i, j)] != dist[(j, i)]:
                raise BuildError("distances.csv: %s->%s differs from %s->%s" % (i, j, j, i))

    groups = {}
    for n, (g, m) in rows("groups.csv", ["group", "member"]):
        if not re.fullmatch(r"[A-Z0-9_]+", g):
            raise BuildError("groups.csv line %d: bad group name %r" % (n, g))
        if g in cset:
            raise BuildError("groups.csv line %d: group name %s is a country code" % (n, g))
        if m in groups.get(g, []):
            raise BuildError("groups.csv line %d: %s listed twice in %s" % (n, m, g))
        groups.setdefault(g, []).append(m)

    def resolve(g, path):
        if g in path:
            raise BuildError("groups.csv: cycle %s" % " -> ".join(path + [g]))
        out = set()
        for m in groups[g]:
            if m in cset:
                out.add(m)
            elif m in groups:
                out |= resolve(m, path + [g])
            else:
                raise BuildError("groups.csv: member %s of %s is neither a country nor a group" % (m, g))
        return out
    resolved = {g: resolve(g, []) for g in groups}
    for g, want_n in (("EU27", 27), ("G7", 7), ("COALITION", 34), ("EAEU", 5), ("CENTRAL_ASIA", 5)):
        if len(resolved.get(g, ())) != want_n:
            raise BuildError("groups.csv: %s resolves to %d countries, expected %d"
                             % (g, len(resolved.get(g, ())), want_n))
    return countries, sectors, flows, dist, resolved


def verify_sources(s, d, min_domestic_share=MIN_DOMESTIC_SHARE):
    """Checks the world in d against the source files. Returns a list of
    error messages (empty when all is well), each naming the pair."""
    countries, sectors, flows, dist, _ = load_world(d)
    errors = []
    tot = {(i, j): sum(flows[(i, j, k)] for k in sectors) for i in countries for j in countries}

    def near(a, b):  # within rounding: 1 unit per summed term
        return abs(a - b) <= 1

    # 1. every bilateral flow among the 59, straight from the DOTS rows
    for i in COUNTRIES:
        for j in COUNTRIES:
            if i == j:
                continue
            if (i, j) in s.xfob:
                want, src = s.xfob[(i, j)][0], "IMF DOTS: %s's X_FOB to %s" % (i, j)
            elif (j, i) in s.mcif:
                want, src = (s.mcif[(j, i)][0] / CIF_FOB,
                             "IMF DOTS: %s's M_CIF from %s / %.2f" % (j, i, CIF_FOB))
            else:
                want, src = 0.0, "IMF DOTS: no report either way, so 0"
            if not near(tot[(i, j)], want * UNIT):
                errors.append("trade.csv: %s->%s sums to %s over sectors, but the source gives %.4f (%s)"
                              % (i, j, fmt(tot[(i, j)]), want, src))
    # 2. totals against WLD and the ROW rules
    for c in COUNTRIES:
        ex = sum(tot[(c, j)] for j in countries if j != c)
        if c in s.reporters:
            wld = s.xfob[(c, "WLD")][0] * UNIT
            if tot[(c, ROW)] > 0 and not near(ex, wld):
                errors.append("trade.csv: %s's exports to all partners sum to %s, but its X_FOB to WLD "
                              "is %.4f" % (c, fmt(ex), wld / UNIT))
            if tot[(c, ROW)] == 0 and ex < wld - 1:
                errors.append("trade.csv: %s->ROW is 0 but %s's exports fall short of WLD" % (c, c))
            im = sum(tot[(i, c)] for i in countries if i != c)
            wld = s.mcif[(c, "WLD")][0] / CIF_FOB * UNIT
            if tot[(ROW, c)] > 0 and not near(im, wld):
                errors.append("trade.csv: %s's imports from all partners sum to %s, but its M_CIF from "
                              "WLD / %.2f is %.4f" % (c, fmt(im), CIF_FOB, wld / UNIT))
            if tot[(ROW, c)] == 0 and im < wld - 1:
                errors.append("trade.csv: ROW->%s is 0 but %s's imports fall short of WLD" % (c, c))
        else:
            for p in ((c, ROW), (ROW, c)):
                if tot[p] != 0:
                    errors.append("trade.csv: %s->%s must be 0 (no WLD totals for %s)" % (*p, c))
    # 3. domestic sales from GDP
    gdp = dict(s.gdp)
    gdp[ROW] = s.gdp["WLD"] - sum(s.gdp[c] for c in COUNTRIES)
    for c in countries:
        ex = sum(tot[(c, j)] for j in countries if j != c)
        want = max(units(gdp[c]) - ex, units(min_domestic_share * gdp[c]))
        if not near(tot[(c, c)], want):
            errors.append("trade.csv: %s->%s (domestic) is %s, but GDP minus exports (floor %.2f of GDP) "
                          "gives %s" % (c, c, fmt(tot[(c, c)]), min_domestic_share, fmt(want)))
    # 4. sector split rule
    if list(sectors) == list(SECTORS):
        sh = Shares(s)
        for i in countries:
            for j in countries:
                t = tot[(i, j)]
                if i == j:
                    imp = [sum(flows[(o, j, k)] for o in countries if o != j) for k in SECTORS]
                    r, e = imp[0] / sum(imp), imp[1] / sum(imp)
                else:
                    r, e, _ = sh.of(i, j)
                if split(t, r, e) != tuple(flows[(i, j, k)] for k in SECTORS):
                    errors.append("trade.csv: %s->%s sector split %s does not follow the rule (%s)"
                                  % (i, j, "/".join(fmt(flows[(i, j, k)]) for k in SECTORS),
                                     "/".join(fmt(u) for u in split(t, r, e))))
    else:
        errors.append("trade.csv: sectors are %s, expected %s" % (sectors, list(SECTORS)))
    # 5. distances
    for i in COUNTRIES:
        for j in COUNTRIES:
            if i != j and dist[(i, j)] != float(cepii_distance(s, i, j)):
                errors.append("distances.csv: %s->%s is %s, CEPII distcap is %s"
                              % (i, j, dist[(i, j)], cepii_distance(s, i, j)))
    return errors


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", default=DEFAULT_SOURCE,
                    help="folder with the source CSV files (default: ../shared/data/world "
                         "relative to the repository root)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="world folder to write or check "
                    "(default: scenarios/data/world-2019)")
    ap.add_argument("--check", action="store_true",
                    help="rebuild into a temporary folder, compare byte for byte with --out and "
                         "verify --out against the sources; writes nothing")
    ap.add_argument("--verify-only", metavar="DIR",
                    help="check that DIR holds the world this script builds (its 60 countries "
                         "and columns) and, when the sources exist, its agreement with them; "
                         "writes nothing (any other world: sanctsim check on a scenario that "
                         "names it)")
    ap.add_argument("--no-sources", action="store_true",
                    help="with --verify-only: structural checks only")
    ap.add_argument("--min-domestic-share", type=float, default=MIN_DOMESTIC_SHARE,
                    help="floor of domestic sales as a share of GDP (default %(default)s; "
                         "--check and the shipped files use the default)")
    a = ap.parse_args(argv)

    def fail(msgs):
        for m in msgs[:50]:
            print("build_world: " + m, file=sys.stderr)
        if len(msgs) > 50:
            print("build_world: ... and %d more" % (len(msgs) - 50), file=sys.stderr)
        return 1

    try:
        if a.verify_only:
            load_world(a.verify_only)
            print("%s: structure ok (60 countries, every ordered pair x sector once, "
                  "no negative values, groups resolve)" % a.verify_only)
            if a.no_sources:
                return 0
            if not os.path.isdir(a.source):
                print("sources not found at %s: source check skipped" % a.source)
                return 0
            errs = verify_sources(Sources(a.source), a.verify_only, a.min_domestic_share)
            if errs:
                return fail(errs)
            print("%s: agrees with the sources in %s" % (a.verify_only, a.source))
            return 0

        s = Sources(a.source)
        if a.check:
            if a.min_domestic_share != MIN_DOMESTIC_SHARE:
                return fail(["--check compares against the shipped defaults; drop --min-domestic-share"])
            errs = []
            with tempfile.TemporaryDirectory() as tmp:
                world = build(s)
                write_world(s, world, tmp)
                for f in FILES:
                    committed = os.path.join(a.out, f)
                    if not os.path.exists(committed):
                        errs.append("%s: missing" % committed)
                    elif not filecmp.cmp(os.path.join(tmp, f), committed, shallow=False):
                        errs.append("%s differs from a fresh build (rerun "
                                    "scenarios/data/build_world.py and commit)" % committed)
                readme = os.path.join(a.out, "README.md")
                if not os.path.exists(readme) or readme_summary(readme) != summary(s, world):
                    errs.append("%s: summary block is stale or missing (rerun build_world.py)" % readme)
            if errs:
                return fail(errs)
            errs = verify_sources(s, a.out)
            if errs:
                return fail(errs)
            print("%s: byte-identical to a fresh build from %s, structure ok, agrees with the "
                  "sources" % (a.out, a.source))
            return 0

        world = build(s, a.min_domestic_share)
        write_world(s, world, a.out)
        errs = verify_sources(s, a.out, a.min_domestic_share)
        if errs:
            return fail(errs)
        text = summary(s, world)
        if not update_readme(os.path.join(a.out, "README.md"), text):
            print("note: %s has no summary markers; summary printed below"
                  % os.path.join(a.out, "README.md"))
        sys.stdout.write(text)
        print("wrote %s (verified against %s)" % (a.out, a.source))
        return 0
    except BuildError as e:
        return fail([str(e)])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
