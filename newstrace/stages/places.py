"""places stage: toponyms recognised, resolved against the gazetteer with the article as context.

Requires: sentences, entities (and the transient spaCy Doc). Assigns: places.

Each ``Place`` carries its span, the resolved GeoNames record (name, id, point, country,
admin1, feature, precision), a confidence, up to three alternatives, its role (event, mention,
dateline) and what the text says about it (container, relative position). A name the gazetteer
does not know is kept with ``resolved=False`` and the reason. May relabel an entity that the
model mistook for a person or organisation when the gazetteer and the context agree it is a
place (``Entity.label`` becomes GPE). Ukrainian and Russian articles get theirs from ``newstrace.multi.places``
(their entities' nominative names looked up in the gazetteer's Cyrillic names); other languages none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from ..geo.demonyms import Demonyms
from ..geo.gazetteer import Gazetteer, load_gazetteer
from ..geo.recognise import Toponym, recognise
from ..geo.resolve import MIN_ALTERNATIVE_SCORE, Mention, resolve
from ..geo.roles import dateline_span, role
from ..model import Article, Candidate, Place
from ..multi import places as multi_places
from ..multi.names import LANGUAGES as MULTI_LANGUAGES

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
                     names: list[str] | None = None, role_of=None) -> list[Place]:
    """Resolve given toponym spans (recognised here, or gold spans in the benchmark) in context.

    ``names`` (one per toponym) are looked up instead of the surfaces (Ukrainian and Russian give their
    nominative); ``role_of(article, start, end, dateline, relative)`` replaces the English role reading.
    """
    text = article.text
    role_of = role_of or role
    looked_up = names or [_lookup_name(text[t.start : t.end], gaz, dem) for t in tops]
    mentions = [Mention(n, t.region, t.within, t.abbreviations) for n, t in zip(looked_up, tops)]
    results = resolve(mentions, gaz, context_countries=demonym_countries(article, dem),
                      outlet_country=outlet_country(article))
    dateline = dateline_span(article)
    places = []
    for t, r in zip(tops, results):
        surface = text[t.start : t.end]
        p = Place(t.start, t.end, name=surface, relative=t.relative,
                  within=text[tops[t.within].start : tops[t.within].end] if t.within is not None else None,
                  role=role_of(article, t.start, t.end, dateline, t.relative is not None))
        e = r.entry
        if e is None:
            p.reason = r.reason
        else:
            p.name, p.geonameid, p.lat, p.lon = e.name, e.gid, round(e.lat, 5), round(e.lon, 5)
            p.country, p.admin1, p.feature, p.precision = e.cc, e.admin1, e.feature, e.precision
            p.confidence, p.resolved = round(r.confidence, 3), True
            p.alternatives = [Candidate(a.name, a.gid, round(a.lat, 5), round(a.lon, 5), a.cc, round(s, 3))
                              for a, s in r.alternatives if s >= MIN_ALTERNATIVE_SCORE]
        places.append(p)
    return places


def run_batch(articles: Sequence[Article], ctx) -> Sequence[Article]:
    todo = [a for a in articles if (a.language or "en") == "en" and a.text]
    if todo:
        gaz, dem = gazetteer(ctx), demonyms(ctx)
        for a in todo:
            a.places = places_for(a, gaz, dem)
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
