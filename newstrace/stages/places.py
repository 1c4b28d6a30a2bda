"""places stage: toponyms recognised, resolved against the gazetteer with the article as context.

Requires: sentences, entities (and the transient spaCy Doc). Assigns: places.

Each ``Place`` carries its span, the resolved GeoNames record (name, id, point, country,
admin1, feature, precision), a confidence, up to three alternatives, its role (event, mention,
dateline) and what the text says about it (container, relative position). With the setting
``outlet_context=batch``, articles of one outlet in a batch inform each other: the regions an outlet's
other articles place things in are its home, which a local name's candidates there gain from
(``home_regions``); off by default, so an article's places never depend on its batch. A name the gazetteer
does not know is kept with ``resolved=False`` and the reason. May relabel an entity that the
model mistook for a person or organisation when the gazetteer and the context agree it is a
place (``Entity.label`` becomes GPE). Ukrainian and Russian articles get theirs from ``newstrace.multi.places``
(their entities' nominative names looked up in the gazetteer's Cyrillic names); other languages none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from ..geo.demonyms import Demonyms
from ..geo.gazetteer import Gazetteer, load_gazetteer
from ..geo.build import LEVEL_CITY, LEVEL_COUNTRY
from ..geo.recognise import Toponym, local_kind, recognise
from ..geo.resolve import MIN_ALTERNATIVE_SCORE, NEAR_KM, Mention, Resolution, haversine_km, resolve
from ..geo.roles import dateline_span, role
from ..model import Article, Candidate, Place
from ..multi import places as multi_places
from ..multi.names import LANGUAGES as MULTI_LANGUAGES
from ..readers._common import outlet_of

NAME = "places"
REQUIRES = ("sentences", "entities")
ASSIGNS = ("places",)

# National top-level domains used as generic ones (".tv", ".io"): they say nothing about the outlet's home.
GENERIC_CCTLDS = {"tv", "io", "co", "me", "fm", "ai", "ly", "cc", "ws", "to", "am", "gg", "la", "nu", "it"}
TLD_TO_ISO = {"uk": "GB"}


def gazetteer(ctx) -> Gazetteer:
    return ctx.resource("gazetteer", load_gazetteer)


def demonyms(ctx) -> Demonyms:
    def load() -> Demonyms:
        gaz = gazetteer(ctx)
        return Demonyms(gaz.country_names(), {cc: e.name for cc, e in gaz.countries.items()})

    return ctx.resource("demonyms", load)


def outlet_country(article: Article) -> str | None:
    """The outlet's home country from a national top-level domain (bbc.co.uk -> GB), else None."""
    host = article.source.outlet or ""
    if article.source.url:
        host = urlsplit(article.source.url).hostname or host
    tld = host.rstrip(".").rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) != 2 or tld in GENERIC_CCTLDS:
        return None
    return TLD_TO_ISO.get(tld, tld.upper())


def demonym_countries(article: Article, dem: Demonyms) -> Counter:
    """Countries the article evokes through nationality words ("Ukrainian troops")."""
    out: Counter = Counter()
    for e in article.entities:
        if e.label == "NORP":
            cc = dem.country(article.text[e.start : e.end])
            if cc:
                out[cc] += 1
    return out


def places_for(article: Article, gaz: Gazetteer, dem: Demonyms) -> list[Place]:
    """Recognise and resolve the article's places."""
    return resolve_toponyms(article, recognise(article, gaz, dem), gaz, dem)


def _lookup_name(surface: str, gaz: Gazetteer, dem: Demonyms) -> str:
    """The name to look up: the surface, or for a demonym span the country it names."""
    hit = dem.lookup(surface)
    return hit[1] if hit else surface


def resolve_toponyms(article: Article, tops: list[Toponym], gaz: Gazetteer, dem: Demonyms,
                     names: list[str] | None = None, role_of=None,
                     home_regions: dict[int, float] | None = None) -> list[Place]:
    """Resolve given toponym spans (recognised here, or gold spans in the benchmark) in context.

    ``names`` (one per toponym) are looked up instead of the surfaces (Ukrainian and Russian give their
    nominative); ``role_of(article, start, end, dateline, relative)`` replaces the English role reading.
    """
    text = article.text
    role_of = role_of or role
    looked_up = names or [t.name or _lookup_name(text[t.start : t.end], gaz, dem) for t in tops]
    mentions = [Mention(n, t.region, t.within, t.abbreviations) for n, t in zip(looked_up, tops)]
    results = resolve(mentions, gaz, context_countries=demonym_countries(article, dem),
                      outlet_country=outlet_country(article), home_regions=home_regions)
    _anchor_local_features(text, tops, results)
    dateline = dateline_span(article)
    places = []
    for t, r in zip(tops, results):
        surface = text[t.start : t.end]
        p = Place(t.start, t.end, name=surface, relative=t.relative,
                  within=text[tops[t.within].start : tops[t.within].end] if t.within is not None else None,
                  role=role_of(article, t.start, t.end, dateline, t.relative is not None))
        e = r.entry
        if isinstance(r, _InTown):
            p.lat, p.lon, p.country, p.admin1 = round(r.town.lat, 5), round(r.town.lon, 5), r.town.cc, r.town.admin1
            p.feature, p.precision, p.within = "other", "city", p.within or r.town.name
            p.confidence, p.resolved = round(r.confidence * LOCAL_CONFIDENCE, 3), True
        elif e is None:
            p.reason = r.reason
        else:
            p.name, p.geonameid, p.lat, p.lon = e.name, e.gid, round(e.lat, 5), round(e.lon, 5)
            p.country, p.admin1, p.feature, p.precision = e.cc, e.admin1, e.feature, e.precision
            p.confidence, p.resolved = round(r.confidence, 3), True
            p.alternatives = [Candidate(a.name, a.gid, round(a.lat, 5), round(a.lon, 5), a.cc, round(s, 3))
                              for a, s in r.alternatives if s >= MIN_ALTERNATIVE_SCORE]
        places.append(p)
    return places


# A street, district or river is only as sure as the town it is put in, and its point is the town's.
LOCAL_CONFIDENCE = 0.5
# How far from a street or district the town it lies in may be named (characters): a paragraph or two.
LOCAL_WINDOW = 600
_CITY_POSSESSIVE = re.compile(r"\b(?:the\s+)?city['’]s\s+$", re.IGNORECASE)


_BASED_AFTER = re.compile(r"\s*-\s*based\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s|\n")


def _same_sentence(text: str, a: int, b: int) -> bool:
    return not _SENTENCE_END.search(text, min(a, b), max(a, b))


class _InTown:
    """A street, district or river placed at the town the article puts it in (the gazetteer has none)."""

    __slots__ = ("town", "confidence", "entry")

    def __init__(self, town, confidence: float):
        self.town, self.confidence, self.entry = town, confidence, None


_RIVER_BY = re.compile(r"\s+(?:on|along|by|astride)\s+the\s+")  # "Izmail on the Danube"
_TOWN_BY = re.compile(r"\s+(?:in|near|at|by|outside|around)\s+")  # "the Danube in Izmail"


def _kind(text: str, t: Toponym) -> str | None:
    """A toponym's local kind (street, water, district), rivers named without their word included."""
    return local_kind(text, t.start, t.end) or ("water" if t.source == "river" else None)


def _anchor_local_features(text: str, tops: list[Toponym], results: list) -> None:
    """Point streets, city districts and rivers at their town: the container the text gives ("Hertford Road,
    Edmonton"), the article's main town after "the city's", else the nearest town named within LOCAL_WINDOW
    characters (in its sentence first, before it on a tie), else the article's main town (its most named);
    only towns of the story's country count when it has any. A district the gazetteer knows near that town
    keeps its own reading (a raion, "the Stryi district"); a namesake elsewhere (Podilskyi near
    Kropyvnytskyi for Kyiv's Podilskyi district) gives way to the town."""
    towns = [(t.start, r) for t, r in zip(tops, results) if r.entry is not None and r.entry.level == LEVEL_CITY
             and _kind(text, t) is None and not _BASED_AFTER.match(text, t.end)]
    # The story's country (most of its local places): a Washington-based think tank's or Vienna's IAEA's
    # town, named in passing, is not where a river or district of the story lies.
    home = Counter(r.entry.cc for t, r in zip(tops, results) if r.entry is not None
                   and r.entry.level > LEVEL_COUNTRY and _kind(text, t) is None).most_common(1)
    if home and any(r.entry.cc == home[0][0] for _, r in towns):
        towns = [(s, r) for s, r in towns if r.entry.cc == home[0][0]]
    if not towns:
        for k, t in enumerate(tops):
            if t.source == "river":  # "the Dnipro" is no town, and there is no town to put it by
                results[k] = Resolution(None, 0.0, reason="a river with no town named near it")
        return
    ends = {t.start: t.end for t in tops}
    counts = Counter(r.entry.gid for _, r in towns)
    main = max(towns, key=lambda x: (counts[x[1].entry.gid], -x[0]))[1]
    for k, (t, r) in enumerate(zip(tops, results)):
        kind = _kind(text, t)
        if kind is None:
            continue
        anchor = None
        if t.within is not None and results[t.within].entry is not None and results[t.within].entry.level == LEVEL_CITY:
            anchor = results[t.within]
        elif _CITY_POSSESSIVE.search(text[max(0, t.start - 20) : t.start]):
            anchor = main
        else:
            near = [(not _same_sentence(text, s, t.start), abs(t.start - s), s > t.start, x) for s, x in towns
                    if abs(t.start - s) <= LOCAL_WINDOW]
            if t.source == "river":
                # a river runs far: only a town the text ties it to places it ("Izmail on the Danube", "the
                # Danube in Izmail", "the Dnipro near Kherson"), not any town of its sentence
                near = [(False, abs(t.start - s), s > t.start, x) for s, x in towns
                        if (s < t.start and _RIVER_BY.fullmatch(text, ends[s], t.start))
                        or (s > t.start and _TOWN_BY.fullmatch(text, t.end, s))]
                if not near:
                    results[k] = Resolution(None, 0.0, reason="a river with no town named beside it")
                    continue
            anchor = min(near, key=lambda x: x[:3])[3] if near else main  # else the article's main town
        town = anchor.entry
        if r.entry is not None and t.source != "river" and (
                kind != "district" or haversine_km(r.entry.lat, r.entry.lon, town.lat, town.lon) <= NEAR_KM):
            continue
        results[k] = _InTown(town, anchor.confidence)


def outlet_key(article: Article) -> str | None:
    """The outlet an article comes from: its own outlet name, else its URL's registered domain."""
    return article.source.outlet or outlet_of(article.source.url)


def home_regions(articles: Sequence[Article], gaz: Gazetteer) -> list[dict[int, float]]:
    """For each article: first-level region GeoNames id -> share of the *other* articles of its outlet
    (in ``articles``) that place something in that region. Local news stays local: the Huntsville Item's
    "Huntsville" is the Texas town its other stories keep placing in Texas, not the bigger Alabama city.
    An article without another of its outlet gets an empty profile."""
    regions: list[set[int]] = []
    for a in articles:
        found = set()
        for p in a.places:
            if not p.resolved or p.precision not in ("admin1", "admin2", "city"):
                continue
            if p.precision == "admin1":
                found.add(p.geonameid)
            else:
                e = gaz.get(p.geonameid)
                if e is not None and e.admin1_gid:
                    found.add(e.admin1_gid)
        regions.append(found)
    by_outlet: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        key = outlet_key(a)
        if key:
            by_outlet.setdefault(key, []).append(i)
    out: list[dict[int, float]] = [{} for _ in articles]
    for members in by_outlet.values():
        if len(members) < 2:
            continue
        total = Counter(r for i in members for r in regions[i])
        for i in members:
            n = len(members) - 1
            out[i] = {r: (c - (r in regions[i])) / n for r, c in total.items() if c - (r in regions[i]) > 0}
    return out


def run_batch(articles: Sequence[Article], ctx) -> Sequence[Article]:
    todo = [a for a in articles if (a.language or "en") == "en" and a.text]
    if todo:
        gaz, dem = gazetteer(ctx), demonyms(ctx)
        tops = []
        for a in todo:
            tops.append(recognise(a, gaz, dem))
            a.places = resolve_toponyms(a, tops[-1], gaz, dem)
        # Opt-in (setting outlet_context=batch): a second pass for articles whose outlet has others in
        # the batch, whose places inform its home. Off by default: it makes an article's places depend on
        # its batch, and single-file, parallel and resumed runs must give the same article.
        if getattr(ctx.settings, "outlet_context", "off") == "batch":
            for a, t, home in zip(todo, tops, home_regions(todo, gaz)):
                if home:
                    a.places = resolve_toponyms(a, t, gaz, dem, home_regions=home)
    multi = [a for a in articles if a.language in MULTI_LANGUAGES and a.text]
    if multi:
        gaz, dem = gazetteer(ctx), demonyms(ctx)
        for a in multi:  # Ukrainian and Russian: toponyms from their entities, looked up by nominative
            tops, names = multi_places.toponyms(a, gaz)
            a.places = resolve_toponyms(a, tops, gaz, dem, names, multi_places.role)
    return articles


def run(article: Article, ctx) -> Article:
    run_batch([article], ctx)
    return article
