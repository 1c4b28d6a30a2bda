"""Toponym resolution: rank each name's gazetteer candidates with the article as context.

Score of a candidate = a prior (population, kind of place) + what the article says:

* the text's own reading: "the Donetsk region" wants a region; "Paris, Texas" and "the Donetsk
  region of eastern Ukraine" name the container, which must contain the answer;
* the countries and first-level regions the article names elsewhere, and the demonyms it uses;
* the article's other places: local news stays local, so candidates near them gain;
* the outlet's home country (from a national top-level domain), weakly.

One name gets one place within an article (the names are resolved as groups). A country is the
answer only when the text names a country: nothing falls back to a country centroid.
"""

from __future__ import annotations

import math

import numpy as np
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from .build import (
    _GENERIC, LEVEL_ADMIN1, LEVEL_ADMIN2, LEVEL_CITY, LEVEL_CONTINENT, LEVEL_COUNTRY, NAME_ABBR, NAME_ALT, NAME_MAIN,
)
from .gazetteer import Entry, Gazetteer, is_own_name
from .names import normalise, respells

# Prior by kind of place: when a name is both a country and a town, the text means the country;
# a city over the same-named region or county unless the text says "region".
LEVEL_PRIOR = {LEVEL_CONTINENT: 2.0, LEVEL_COUNTRY: 2.0, LEVEL_ADMIN1: 1.2, LEVEL_ADMIN2: 0.0, LEVEL_CITY: 0.5}
POP_WEIGHT = 0.35  # per decade of population: 10x bigger is worth a bit less than one context cue
CAPITAL_BONUS = 1.0  # capitals are what a bare "Moscow" or "Paris" means in news
ALT_NAME_PENALTY = 0.4  # a place found by an alternate name is a little weaker than by its own
# ... and much weaker when other places carry the name as their own: a town GeoNames once
# recorded as "Paris" is not what "Paris" means.
ALT_ONLY_PENALTY = 1.5
ABBR_PENALTY = 1.0  # "Mo." is Missouri after "Joplin, "; elsewhere it may be anything
# A bare "Kursk" or "Kyiv" is the city, not the region named after it (the text says "region"
# when it means the region) -- when the region is only *called* so (its own name is "Kursk
# Oblast") or is a city-region around the city; a region whose own name it is ("Quebec", "New
# York") keeps its prior.
NAMESAKE_PENALTY = 2.0
NAMESAKE_MIN_POP = 50_000  # ... when the city matters: a hamlet called Georgia does not make "Georgia" a hamlet
# ... or when the town holds at least half of the region's settled population (Gao in the Gao Region):
# a city-region in all but name, whatever point the region's centre has.
CITY_REGION_SHARE = 0.5
NAMESAKE_KM = 100.0  # ... and lies in (or by) the region: Wyoming, Michigan says nothing about Wyoming
# A bare name shared by a first-level region and a national capital ("Washington") is the capital in
# news unless the text says "state"/"region" or the article's other places pull to the region.
CAPITAL_NAMESAKE_PENALTY = 1.0
REGION_BONUS = 3.0  # "X region" / "X Oblast" asks for a region and rules out the town
CONTAINER_BONUS = 4.0  # "X, Texas": the stated container is near-decisive
DEMONYM_CONTEXT = 0.6  # the article uses the candidate country's demonym ("Ukrainian troops")
# Support from the article's other names, each a weight times the share of the other names
# that have a likely candidate in the same country / first-level region / within NEAR_KM.
COUNTRY_SUPPORT = 2.0
ADMIN1_SUPPORT = 3.5
NEAR_KM = 150.0
NEAR_SUPPORT = 1.5
NEAR_ANY_SUPPORT = 1.5
# ... but a pair of names (one other name nearby) lifts only a candidate of at least this many people: two
# names share hamlets somewhere too often (two Panamanian villages, París and Los Ángeles, are not what
# "Paris" and "Los Angeles" mean), while Paris and Henry County, Tennessee are a real pair, and three or more
# names together in one small area a real cluster whatever their size (Brandon and Kensington, Minnesota).
NEAR_ANY_PAIR_MIN_POP = 1000
# The coherence step compares every candidate with every other (n x n in numpy): past this many
# candidates in an article each name keeps only its locally best ones (bounds time and memory).
MAX_COHERENT_CANDIDATES = 1500
MIN_CANDIDATES_PER_NAME = 3
COHERENCE_ROUNDS = 2  # the second round lets a settled name pull its neighbours; more changes little
OUTLET_BONUS = 0.4  # the outlet's home country: a weak prior, often wrong for foreign news
# The outlet's home region, learnt from its other articles (local news stays in its state): a
# candidate in it gains up to this much, times the share of the outlet's articles placed there.
HOME_REGION_BONUS = 2.0
MAX_ALTERNATIVES = 3
MIN_ALTERNATIVE_SCORE = 0.01  # a candidate the scoring left at ~0 is noise, not an alternative
# Regions spanning several countries, which the gazetteer has no point for: any candidate it finds is a
# namesake (Middle East, Maryland; Scandinavia, Wisconsin; the Sahel Region of Burkina Faso), so these
# names stay unresolved, said why. Normalised forms; a data table, as no package lists them.
MACRO_REGIONS = frozenset({
    "middle east", "the middle east", "near east", "far east", "sahel", "the sahel", "balkans", "the balkans",
    "caucasus", "the caucasus", "north caucasus", "south caucasus", "scandinavia", "baltics", "the baltics",
    "baltic states", "levant", "the levant", "maghreb", "horn of africa", "central asia", "southeast asia",
    "south asia", "east asia", "latin america", "central america", "sub saharan africa", "west africa",
    "east africa", "north africa", "southern africa", "central africa", "gulf", "the gulf", "persian gulf",
    "arctic", "the arctic", "transcaucasia", "indochina", "mesopotamia", "nordic countries", "benelux",
})
SAME_PLACE_KM = 25.0  # candidates this close are one place for the confidence (city vs city-region)
# A village the article can only find far from everything else it names is a namesake, not the place:
# the "village of Yablonovo" of a crash in the Belgorod region is not the Yablonovo in Transbaikalia.
# Such a name stays unresolved (said why) when its answer is a place this small, the article settles at
# least this many other local places, some in the same country, and none within LONE_FAR_KM of it (far
# enough that one country's far corners, White Sands and Washington, stay together; a US air base
# in Germany, Ramstein, in an article about Ukraine has no German place to be far from).
LONE_MAX_POP = 10_000
LONE_MIN_OTHERS = 2
LONE_FAR_KM = 3000.0


@dataclass(slots=True)
class Resolution:
    entry: Entry | None
    confidence: float
    alternatives: list[tuple[Entry, float]] = field(default_factory=list)
    reason: str | None = None


@dataclass(slots=True)
class Mention:
    """What resolution needs to know about one toponym occurrence."""

    name: str
    region: bool = False
    within: int | None = None  # index into the mentions list
    abbreviations: bool = False


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _contains(container: Entry, e: Entry) -> bool:
    if container.gid == e.gid:
        return False
    if container.level == LEVEL_COUNTRY:
        return e.cc == container.cc
    if container.level == LEVEL_ADMIN1:
        return e.admin1_gid == container.gid
    if container.level == LEVEL_ADMIN2:
        return e.admin2_gid == container.gid
    return False


def _prior(e: Entry, has_main: bool = False, abbreviation: bool = False, query: str | None = None) -> float:
    s = LEVEL_PRIOR[e.level] + POP_WEIGHT * math.log10(e.population + 10)
    if e.is_capital:
        s += CAPITAL_BONUS
    if e.kind == NAME_ABBR:
        s -= 0.0 if abbreviation else ABBR_PENALTY
    elif e.level >= LEVEL_ADMIN2 and not is_own_name(e, query):  # country and region aliases are curated
        s -= ALT_ONLY_PENALTY if has_main else ALT_NAME_PENALTY
    return s


def _own_names_first(cands: tuple[Entry, ...], query: str) -> tuple[Entry, ...]:
    """Within one country, a town whose own name (or a respelling of it) is the query beats every
    town that only lists it among its alternate names, whatever their sizes and whatever the
    article's other places: GeoNames alternate names hold errors (Nikopol lists "Sloviansk").
    Across countries the alternates stay (Bombay, New Zealand does not remove Mumbai)."""
    own_cc = {e.cc for e in cands if e.level == LEVEL_CITY and is_own_name(e, query)}
    if not own_cc:
        return cands
    return tuple(e for e in cands if not (e.level == LEVEL_CITY and e.cc in own_cc and not is_own_name(e, query)))


def resolve(mentions: list[Mention], gaz: Gazetteer, *, context_countries: Counter | None = None,
            outlet_country: str | None = None, home_regions: dict[int, float] | None = None) -> list[Resolution]:
    """Resolve every mention; mentions sharing a normalised name share the answer.

    ``home_regions``: first-level region GeoNames id -> share (0..1) of the outlet's other articles
    that place something there (see ``outlet_home_regions``).
    """
    context_countries = context_countries or Counter()
    home_regions = home_regions or {}
    # "Kherson region" and a bare "Kherson" are two names (the oblast, the city); otherwise
    # one name is one place throughout the article.
    keys = [normalise(m.name) + ("#region" if m.region else "") for m in mentions]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[k].append(i)
    cands: dict[str, tuple[Entry, ...]] = {}
    for k, idx in groups.items():
        macro = k.split("#")[0] in MACRO_REGIONS  # its namesakes must not pull the other names either
        cands[k] = () if macro else _own_names_first(gaz.candidates(mentions[idx[0]].name, abbreviations=True),
                                                     k.split("#")[0])
        if k.endswith("#region"):
            cands[k] = _with_namesake_regions(cands[k], gaz)
    abbr = {k: any(mentions[i].abbreviations for i in idx) for k, idx in groups.items()}

    has_main = {k: any(is_own_name(e, k.split("#")[0]) for e in c) for k, c in cands.items()}
    contains_of: dict[str, list[str]] = defaultdict(list)  # container key -> keys of what it contains
    for i, m in enumerate(mentions):
        if m.within is not None:
            contains_of[keys[m.within]].append(keys[i])
    first = {k: max(c, key=lambda e: _prior(e, has_main[k], abbr[k], k.split("#")[0])) for k, c in cands.items() if c}
    # A national capital's own name keeps its capital reading against the outlet's home region: a
    # British outlet's "Washington" is not the town in Tyne and Wear.
    capital_named = {k: any(e.is_capital and is_own_name(e, k.split("#")[0]) for e in c) for k, c in cands.items()}

    def local(k: str, e: Entry) -> float:
        """What the name and the words around it say, before the article's other places."""
        idx = groups[k]
        s = _prior(e, has_main[k], abbr[k], k.split("#")[0])
        for inner in contains_of.get(k, ()):
            if any(_contains(e, c) for c in cands.get(inner, ())):
                s += CONTAINER_BONUS * 0.75  # "Tbilisi, Georgia": the container that holds a Tbilisi
                break
        if any(mentions[i].region for i in idx):
            s += REGION_BONUS if e.level in (LEVEL_ADMIN1, LEVEL_ADMIN2) else -REGION_BONUS
        elif e.level in (LEVEL_ADMIN1, LEVEL_ADMIN2) and any(
                c.level == LEVEL_CITY and is_own_name(c, k.split("#")[0]) and c.population >= NAMESAKE_MIN_POP
                and (e.gid in (c.admin1_gid, c.admin2_gid) or haversine_km(e.lat, e.lon, c.lat, c.lon) <= NAMESAKE_KM)
                and (e.kind >= NAME_ALT or haversine_km(e.lat, e.lon, c.lat, c.lon) <= SAME_PLACE_KM
                     or (e.gid in (c.admin1_gid, c.admin2_gid) and c.population >= CITY_REGION_SHARE * e.population))
                for c in cands[k]):
            s -= NAMESAKE_PENALTY
        elif e.level in (LEVEL_ADMIN1, LEVEL_ADMIN2) and any(
                c.level == LEVEL_CITY and c.cc != e.cc and is_own_name(c, k.split("#")[0])
                and c.population >= NAMESAKE_MIN_POP and c.population >= e.population for c in cands[k]):
            # a region smaller than a city of its name in another country: a bare "Manchester" is the English
            # city, not Manchester Parish, Jamaica
            s -= NAMESAKE_PENALTY
        if e.level == LEVEL_ADMIN1 and not any(mentions[i].region for i in idx) and any(
                c.level == LEVEL_CITY and c.is_capital and is_own_name(c, k.split("#")[0]) for c in cands[k]):
            s -= CAPITAL_NAMESAKE_PENALTY
        for i in idx:
            w = mentions[i].within
            if w is not None and any(_contains(c, e) for c in cands.get(keys[w], ())):
                s += CONTAINER_BONUS if _contains(first[keys[w]], e) else CONTAINER_BONUS * 0.75
        if e.level >= LEVEL_COUNTRY and context_countries.get(e.cc):
            s += DEMONYM_CONTEXT
        if outlet_country and e.cc == outlet_country:
            s += OUTLET_BONUS
        if home_regions and e.level >= LEVEL_ADMIN1 and not capital_named[k]:
            s += HOME_REGION_BONUS * home_regions.get(e.gid if e.level == LEVEL_ADMIN1 else e.admin1_gid, 0.0)
        return s

    live = [k for k, c in cands.items() if c]
    if sum(len(cands[k]) for k in live) > MAX_COHERENT_CANDIDATES:
        per = max(MIN_CANDIDATES_PER_NAME, MAX_COHERENT_CANDIDATES // len(live))
        for k in live:
            cands[k] = tuple(sorted(cands[k], key=lambda e: -local(k, e))[:per])
    chosen = _coherent(live, cands, local) if live else {}
    results: dict[str, Resolution] = {}
    for k, c in cands.items():
        if k.split("#")[0] in MACRO_REGIONS:
            results[k] = Resolution(None, 0.0, reason="a region across several countries: no single place")
            continue
        if not c:
            results[k] = Resolution(None, 0.0, reason="not in gazetteer")
            continue
        scored = sorted(zip(chosen[k], c), key=lambda x: -x[0])
        best = scored[0][1]
        weights = [math.exp(s - scored[0][0]) for s, _ in scored]
        z = sum(weights)
        # Confidence: the probability mass on candidates at (nearly) the same point as the answer,
        # so that Kyiv the city and Kyiv the city-region do not split it.
        same = [haversine_km(best.lat, best.lon, e.lat, e.lon) <= SAME_PLACE_KM for _, e in scored]
        conf = sum(w for w, sm in zip(weights, same) if sm) / z
        alts = [(e, w / z) for (s, e), w, sm in zip(scored, weights, same) if not sm][:MAX_ALTERNATIVES]
        results[k] = Resolution(best, conf, alts)
    _drop_lone_villages(results, groups, mentions)
    _drop_outside_container(results, keys, mentions, cands)
    return [results[k] for k in keys]


def _with_namesake_regions(cands: tuple[Entry, ...], gaz: Gazetteer) -> tuple[Entry, ...]:
    """For a name the text calls a region: when the gazetteer knows the name only as towns ("the Kharkov
    region", "the Zaporozhye region": Russian spellings the oblasts' own names lack), add the first-level
    region each such town names (Kharkiv is the namesake of Kharkiv Oblast), so the region reading can win."""
    if not cands or any(e.level in (LEVEL_ADMIN1, LEVEL_ADMIN2) for e in cands):
        return cands
    extra: dict[int, Entry] = {}
    for e in cands:
        if e.level != LEVEL_CITY or not e.admin1_gid or e.admin1_gid in extra or not e.admin1:
            continue
        if respells(normalise(_GENERIC.sub("", e.admin1)), normalise(e.name)):
            region = gaz.get(e.admin1_gid)
            if region is not None:
                extra[e.admin1_gid] = replace(region, kind=NAME_ALT)
    return cands + tuple(extra.values())


def _drop_lone_villages(results: dict[str, Resolution], groups: dict[str, list[int]], mentions: list[Mention]) -> None:
    """Unresolve a small place chosen far from every other local place the article settles (see LONE_*)."""
    local = {k: r.entry for k, r in results.items()
             if r.entry is not None and r.entry.level in (LEVEL_ADMIN1, LEVEL_ADMIN2, LEVEL_CITY)}
    if len(local) <= LONE_MIN_OTHERS:
        return
    for k, e in local.items():
        if e.level != LEVEL_CITY or e.population >= LONE_MAX_POP:
            continue
        if any(mentions[i].within is not None for i in groups[k]):
            continue  # "Yablonovo, Zabaykalsky Krai": the text placed it
        others = [o for k2, o in local.items() if k2 != k]
        if len(others) >= LONE_MIN_OTHERS and any(o.cc == e.cc for o in others) and all(
                haversine_km(e.lat, e.lon, o.lat, o.lon) > LONE_FAR_KM for o in others):
            results[k] = Resolution(None, 0.0, reason="only namesakes far from the article's other places")


def _drop_outside_container(results: dict[str, Resolution], keys: list[str], mentions: list[Mention],
                            cands: dict[str, tuple[Entry, ...]]) -> None:
    """Unresolve a town found by an alternate name (not its own) that the text puts in another country or
    first-level region ("Sarkh, Logar province"; "Sarkh, Afghanistan") when the gazetteer has no place of that
    name there: the answer would be a namesake elsewhere (Sarh, Chad, which lists "Sarkh"), which the container
    bonus could not prevent for want of a better candidate. A town's own name is left alone: "Quebec City,
    China" is a list as often as a container."""
    for i, m in enumerate(mentions):
        k = keys[i]
        r = results.get(k)
        if m.within is None or r is None or r.entry is None or r.entry.level != LEVEL_CITY or r.entry.kind == NAME_MAIN:
            continue
        c = results.get(keys[m.within])
        box = c.entry if c is not None else None
        if box is None or box.level not in (LEVEL_COUNTRY, LEVEL_ADMIN1):
            continue  # not counties: "Otter Tail, Swift County" is as often a list as a container
        if any(_contains(box, e) for e in cands.get(k, ())):
            continue
        results[k] = Resolution(None, 0.0, reason=f"the text puts it in {box.name}, where the gazetteer has no place of that name")


def _softmax_groups(scores: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    top = np.full(n_groups, -np.inf)
    np.maximum.at(top, group, scores)
    w = np.exp(scores - top[group])
    z = np.zeros(n_groups)
    np.add.at(z, group, w)
    return w / z[group]


def _coherent(live: list[str], cands: dict[str, tuple[Entry, ...]], local) -> dict[str, list[float]]:
    """Scores after letting the article's names support each other.

    Each name's candidates get a probability from their own evidence; then, twice, every
    candidate gains from the other names' probability mass in its country, in its first-level
    region and within NEAR_KM of it (each other name counts once, by its best such candidate,
    and the gains are shares of the other names, so long articles do not swamp the priors).
    Local news is local: "Monroe", "Walton County" and "Atlanta" settle together in Georgia.
    """
    ents = [(gi, e) for gi, k in enumerate(live) for e in cands[k]]
    n, g = len(ents), len(live)
    group = np.array([gi for gi, _ in ents])
    base = np.array([local(live[gi], e) for gi, e in ents])
    if g == 1:
        return {live[0]: base.tolist()}
    lat = np.radians([e.lat for _, e in ents])
    lon = np.radians([e.lon for _, e in ents])
    cc_ids = {c: i for i, c in enumerate(sorted({e.cc or "" for _, e in ents}))}
    cc = np.array([cc_ids[e.cc or ""] for _, e in ents])
    a1_key = [e.gid if e.level == LEVEL_ADMIN1 else (e.admin1_gid or -1) for _, e in ents]
    a1_ids = {a: i for i, a in enumerate(sorted(set(a1_key)))}
    a1 = np.array([a1_ids[a] for a in a1_key])
    has_a1 = np.array([a != -1 and e.level >= LEVEL_ADMIN1 for a, (_, e) in zip(a1_key, ents)])
    local_level = np.array([e.level >= LEVEL_ADMIN2 for _, e in ents])
    not_cont = np.array([e.level != LEVEL_CONTINENT for _, e in ents])
    # pairwise distances for the proximity support (a few hundred candidates: cheap in numpy)
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    near = (6371.0 * 2 * np.arcsin(np.sqrt(np.clip(h, 0, 1))) <= NEAR_KM)
    near &= local_level[:, None] & local_level[None, :]
    near &= group[:, None] != group[None, :]
    # How many other names have some candidate nearby, whatever its prior: finds the cluster of
    # small namesakes (Alexandria, Brandon and Kensington in Douglas County, Minnesota) that
    # the probability mass alone, spread over many bigger namesakes, would miss.
    hit = np.zeros((n, g), dtype=bool)
    for gi in range(g):
        hit[:, gi] = near[:, group == gi].any(axis=1)
    hits = hit.sum(axis=1)
    pop = np.array([e.population for _, e in ents])
    near_any = np.where((hits >= 2) | (pop >= NEAR_ANY_PAIR_MIN_POP), hits, 0) / (g - 1)

    def support(keys: np.ndarray, p: np.ndarray) -> np.ndarray:
        """For each candidate: the other names' best mass sharing its key (country or region)."""
        m = np.zeros((keys.max() + 1, g))
        np.maximum.at(m, (keys, group), p)
        total = m.sum(axis=1)
        return total[keys] - m[keys, group]

    scores = base
    p = _softmax_groups(scores, group, g)
    for _ in range(COHERENCE_ROUNDS):
        others = g - 1
        sc = support(cc, p) / others
        sa = support(a1, np.where(has_a1, p, 0.0)) / others
        # best near mass per other group, summed over groups
        sn = np.zeros(n)
        for gi in range(g):
            cols = group == gi
            if cols.any():
                sn += (near[:, cols] * p[cols]).max(axis=1)
        sn /= others
        scores = (base + not_cont * (COUNTRY_SUPPORT * sc) + has_a1 * (ADMIN1_SUPPORT * sa) + NEAR_SUPPORT * sn
                  + NEAR_ANY_SUPPORT * near_any)
        p = _softmax_groups(scores, group, g)
    return {k: scores[group == gi].tolist() for gi, k in enumerate(live)}
