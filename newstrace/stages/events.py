"""events stage: event-reporting clauses -> ``Article.events`` (who did what to whom, where, when, on whose word).

Requires: text, paragraphs, sentences, entities, quotes, amounts, claims, places, times (and the
transient spaCy Doc). Assigns: events.

Candidates (clauses with an event trigger) of the whole batch are typed in one classifier call;
``newstrace/events/extract.py`` builds the records. Ukrainian and Russian articles get theirs from
``newstrace/multi/events.py`` (trigger sentences); other languages get no events (no parse).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..events import extract
from ..events.classifier import type_clauses
from ..model import Article
from ..multi import events as multi_events
from . import places as places_stage

NAME = "events"
REQUIRES = ("text", "paragraphs", "sentences", "entities", "quotes", "amounts", "claims", "places", "times")
ASSIGNS = ("events",)


def _country_names(ctx) -> dict[str, str]:
    def load() -> dict[str, str]:
        out: dict[str, str] = {}
        for norm, cc in places_stage.gazetteer(ctx).country_names():
            out.setdefault(norm, cc)
        return out

    return ctx.resource("event_country_names", load)


def run_batch(articles: Sequence[Article], ctx) -> Sequence[Article]:
    for a in articles:  # Ukrainian and Russian: Cyrillic trigger sentences (newstrace/multi/events.py)
        if a.text and a.language in multi_events.LANGUAGES:
            a.events = multi_events.events(a)
    # English only: the trigger lexicon and the dependency rules are English (other languages get no parse)
    todo = [a for a in articles if a.nlp_doc is not None and a.text and (a.language or "en") == "en"]
    per = [extract.candidates(a) for a in todo]
    flat = [c for cs in per for c in cs]
    if not flat:
        return articles
    typed = iter(type_clauses([extract.typing_text(a, c) for a, cs in zip(todo, per) for c in cs],
                              [c.hints for c in flat]))
    gaz, dem, names = places_stage.gazetteer(ctx), places_stage.demonyms(ctx), _country_names(ctx)
    for a, cs in zip(todo, per):
        types = [next(typed) for _ in cs]
        a.events = extract.build_events(a, cs, types, demonyms=dem, gazetteer=gaz, country_names=names)
    return articles


def run(article: Article, ctx) -> Article:
    run_batch([article], ctx)
    return article
