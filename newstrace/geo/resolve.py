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
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .build import LEVEL_ADMIN1, LEVEL_ADMIN2, LEVEL_CITY, LEVEL_CONTINENT, LEVEL_COUNTRY, NAME_ALT
from .gazetteer import Entry, Gazetteer
from .names import normalise

# Prior by kind of place: when a name is both a country and a town, the text means the country;
# a city over the same-named region or county unless the text says "region".
LEVEL_PRIOR = {LEVEL_CONTINENT: 2.0, LEVEL_COUNTRY: 2.0, LEVEL_ADMIN1: 1.2, LEVEL_ADMIN2: 0.0, LEVEL_CITY: 0.5}
POP_WEIGHT = 0.35  # per decade of population: 10x bigger is worth a bit less than one context cue
CAPITAL_BONUS = 0.6  # capitals are what a bare "Moscow" or "Paris" means in news
ALT_NAME_PENALTY = 0.4  # a place found by an alternate name is a little weaker than by its own
# ... and much weaker when other places carry the name as their own: a town GeoNames once
# recorded as "Paris" is not what "Paris" means.
ALT_ONLY_PENALTY = 2.0
REGION_BONUS = 3.0  # "X region" / "X Oblast" asks for a region and rules out the town
CONTAINER_BONUS = 4.0  # "X, Texas": the stated container is near-decisive
COUNTRY_CONTEXT = 1.0  # the candidate's country is named (or its demonym used) in the article
ADMIN1_CONTEXT = 1.5  # the candidate's first-level region is named in the article
NEAR_KM = 150.0  # other places in the article within this distance support a candidate
NEAR_BONUS = 1.2
DOC_COUNTRY = 1.2  # times the share of the article's places that lie in the candidate's country
OUTLET_BONUS = 0.4  # the outlet's home country: a weak prior, often wrong for foreign news
MAX_ALTERNATIVES = 3
SAME_PLACE_KM = 25.0  # candidates this close are one place for the confidence (city vs city-region)


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


def _prior(e: Entry, has_main: bool = False) -> float:
    s = LEVEL_PRIOR[e.level] + POP_WEIGHT * math.log10(e.population + 10)
    if e.is_capital:
        s += CAPITAL_BONUS
    if e.kind >= NAME_ALT and e.level >= LEVEL_ADMIN2:  # country and region aliases are curated short forms
        s -= ALT_ONLY_PENALTY if has_main else ALT_NAME_PENALTY
    return s


def resolve(mentions: list[Mention], gaz: Gazetteer, *, context_countries: Counter | None = None,
            outlet_country: str | None = None) -> list[Resolution]:
    """Resolve every mention; mentions sharing a normalised name share the answer."""
    context_countries = context_countries or Counter()
    # "Kherson region" and a bare "Kherson" are two names (the oblast, the city); otherwise
    # one name is one place throughout the article.
    keys = [normalise(m.name) + ("#region" if m.region else "") for m in mentions]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[k].append(i)
    cands: dict[str, tuple[Entry, ...]] = {}
    for k, idx in groups.items():
        abbr = any(mentions[i].abbreviations for i in idx)
        cands[k] = gaz.candidates(mentions[idx[0]].name, abbreviations=abbr)

    # Names the article uses as countries and first-level regions, when they are unambiguous
    # enough to be context themselves (their top candidate by prior).
    has_main = {k: any(e.kind == 0 for e in c) for k, c in cands.items()}
    first = {k: max(c, key=lambda e: _prior(e, has_main[k])) for k, c in cands.items() if c}
    contains_of: dict[str, list[str]] = defaultdict(list)  # container key -> keys of what it contains
    for i, m in enumerate(mentions):
        if m.within is not None:
            contains_of[keys[m.within]].append(keys[i])
    named_countries = Counter(context_countries)
    named_admin1: set[int] = set()
    for k, e in first.items():
        if e.level == LEVEL_COUNTRY:
            named_countries[e.cc] += len(groups[k])
        elif e.level == LEVEL_ADMIN1:
            named_admin1.add(e.gid)

    def score(k: str, e: Entry, chosen: dict[str, Entry] | None) -> float:
        idx = groups[k]
        s = _prior(e, has_main[k])
        for inner in contains_of.get(k, ()):
            if any(_contains(e, c) for c in cands.get(inner, ())):
                s += CONTAINER_BONUS * 0.75  # "Tbilisi, Georgia": the container that holds a Tbilisi
                break
        region = any(mentions[i].region for i in idx)
        if region:
            s += REGION_BONUS if e.level in (LEVEL_ADMIN1, LEVEL_ADMIN2) else -REGION_BONUS
        for i in idx:
            w = mentions[i].within
            if w is None:
                continue
            wk = keys[w]
            cont = (chosen or {}).get(wk) or first.get(wk)
            if cont is not None and _contains(cont, e):
                s += CONTAINER_BONUS
            elif any(_contains(c, e) for c in cands.get(wk, ())):
                s += CONTAINER_BONUS * 0.75
        if e.level >= LEVEL_ADMIN1:
            if named_countries.get(e.cc):
                s += COUNTRY_CONTEXT
            if e.admin1_gid in named_admin1 and e.gid != e.admin1_gid:
                s += ADMIN1_CONTEXT
        if outlet_country and e.cc == outlet_country:
            s += OUTLET_BONUS
        if chosen:
            others = [o for ok, o in chosen.items() if ok != k and o.level >= LEVEL_ADMIN1]
            if others and e.level >= LEVEL_ADMIN1:
                if any(haversine_km(e.lat, e.lon, o.lat, o.lon) <= NEAR_KM for o in others):
                    s += NEAR_BONUS
            total = sum(len(groups[ok]) for ok in chosen if ok != k)
            if total and e.level > LEVEL_COUNTRY:
                same = sum(len(groups[ok]) for ok, o in chosen.items() if ok != k and o.cc == e.cc)
                s += DOC_COUNTRY * same / total
        return s

    # Two passes: the first ranks each name on its own context; the second adds the article's
    # other (first-pass) places as evidence, which is what settles "Springfield" or "Georgia".
    chosen: dict[str, Entry] = {}
    for k, c in cands.items():
        if c:
            chosen[k] = max(c, key=lambda e: score(k, e, None))
    results: dict[str, Resolution] = {}
    for k, c in cands.items():
        if not c:
            results[k] = Resolution(None, 0.0, reason="not in gazetteer")
            continue
        scored = sorted(((score(k, e, chosen), e) for e in c), key=lambda x: -x[0])
        best = scored[0][1]
        weights = [math.exp(s - scored[0][0]) for s, _ in scored]
        z = sum(weights)
        # Confidence: the probability mass on candidates at (nearly) the same point as the answer,
        # so that Kyiv the city and Kyiv the city-region do not split it.
        same = [haversine_km(best.lat, best.lon, e.lat, e.lon) <= SAME_PLACE_KM for _, e in scored]
        conf = sum(w for w, sm in zip(weights, same) if sm) / z
        alts = [(e, w / z) for (s, e), w, sm in zip(scored, weights, same) if not sm][:MAX_ALTERNATIVES]
        results[k] = Resolution(best, conf, alts)
    return [results[k] for k in keys]
