"""Dated events across articles: each resolved calendar time with the sentence it sits in, in order."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Article, TimeRef

# Longest sentence kept for an event, in characters, on each side of the time expression:
# enough context to read the event, bounded so a run-on paragraph cannot flood the listing.
CONTEXT_CHARS = 240
# Expressions that are not a place on a calendar (PRESENT_REF, durations, sets) are left out.
_POINT_TYPES = ("date", "time")


@dataclass(slots=True)
class Event:
    """One dated mention: when (value and range), the evidence, and where it comes from."""

    range_start: str
    range_end: str
    value: str
    granularity: str | None
    type: str
    expression: str  # the covered text of the time expression
    sentence: str  # the sentence it sits in (clipped to CONTEXT_CHARS around the expression)
    expr_start: int  # offsets of the expression inside ``sentence``
    expr_end: int
    doc_id: str
    title: str | None
    published: str | None
    source: str | None  # path or URL
    start: int  # offsets of the expression in the article text
    end: int
    anchor: str | None
    mod: str | None


def _sentence_bounds(article: Article, t: TimeRef) -> tuple[int, int]:
    starts = [s.start for s in article.sentences]
    i = bisect.bisect_right(starts, t.start) - 1
    if 0 <= i < len(article.sentences) and article.sentences[i].end >= t.end:
        s = article.sentences[i]
        return s.start, s.end
    # No sentence split (or a span across two): the line around the expression.
    text = article.text
    a = text.rfind("\n", 0, t.start) + 1
    b = text.find("\n", t.end)
    return a, (len(text) if b < 0 else b)


def article_events(article: Article) -> list[Event]:
    out = []
    for t in article.times:
        if not t.resolved or t.type not in _POINT_TYPES or not t.range_start or not t.range_end:
            continue
        a, b = _sentence_bounds(article, t)
        a, b = max(a, t.start - CONTEXT_CHARS), min(b, t.end + CONTEXT_CHARS)
        src = article.source
        out.append(Event(
            range_start=t.range_start, range_end=t.range_end, value=t.value or "", granularity=t.granularity,
            type=t.type, expression=article.text[t.start: t.end], sentence=article.text[a:b],
            expr_start=t.start - a, expr_end=t.end - a, doc_id=article.doc_id, title=article.title,
            published=article.published, source=src.url or src.path, start=t.start, end=t.end,
            anchor=t.anchor, mod=t.mod,
        ))
    return out


def _order(e: Event):
    # Earlier start first; on the same start, the narrower range (a day before its month).
    return (e.range_start, e.range_end, e.published or "", e.doc_id, e.start)


@dataclass(slots=True)
class Timeline:
    events: list[Event]
    unplaced: int  # date/time mentions that could not be placed (no publication date, not understood)
    articles: int


def build(articles: Iterable[Article], *, since: str | None = None, until: str | None = None) -> Timeline:
    """Dated events of all ``articles`` in calendar order, optionally those overlapping [since, until].

    ``since``/``until`` are ISO dates or prefixes ("2022", "2022-08"): compared on the range.
    """
    out: list[Event] = []
    unplaced = n = 0
    for art in articles:
        n += 1
        unplaced += sum(1 for t in art.times if t.type in _POINT_TYPES and not t.resolved)
        for e in article_events(art):
            if since and e.range_end[: len(since)] < since:
                continue
            if until and e.range_start[: len(until)] > until:
                continue
            out.append(e)
    out.sort(key=_order)
    return Timeline(out, unplaced, n)


def events(articles: Iterable[Article], *, since: str | None = None, until: str | None = None) -> list[Event]:
    return build(articles, since=since, until=until).events
