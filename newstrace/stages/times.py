"""times stage: temporal expressions, resolved against the article's publication date.

Requires: sentences, entities, published. Assigns: times.

A rule layer (``newstrace.timex``: TIMEX3-style patterns, HeidelTime-like) finds explicit dates,
weekdays, relative expressions, times of day, durations and sets, and resolves each against the
publication date (``anchor``), using the tense of the governing verb from the spaCy parse when
there is one. Without a readable publication date, relative expressions stay ``resolved: false``
with a reason: today's date is never used. spaCy DATE/TIME entities the rules do not cover are
kept as unresolved candidates ("expression not understood") only when they name a year, a month,
a weekday or a calendar unit (the small model's other DATE spans - ages such as "54" - are
noise); a bare plural unit ("weeks") becomes a vague duration. Time words inside a longer name
("the Daily Beast", "Good Friday Agreement") are dropped. Non-English text gets the digit-only
rules.
"""

from __future__ import annotations

import re

from ..model import Article, TimeRef
from ..timex import cyrillic, engine, relative

NAME = "times"
REQUIRES = ("sentences", "entities", "published")
ASSIGNS = ("times",)

_ENTITY_LABELS = ("DATE", "TIME")
# A spaCy DATE/TIME span the rules missed is kept only if it looks calendrical.
# (A bare number is not: spaCy tags ages - "Olena Marchuk, 54" - as DATE.)
_CALENDRICAL = re.compile(
    r"\b(?:1[6-9]\d\d|20\d\d|\d{1,2}/\d{1,2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|day|week|month|quarter|year|decade|century|hour|minute)s?\b", re.I)
_WEEKDAY = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
NOT_UNDERSTOOD = "expression not understood by the time rules"
# A unit word with nothing that places it in the calendar is not a date: "a single day", "their day",
# "the first day", "a normal year", "the 58th minute" of a match, "taken weeks".
_UNPLACED = re.compile(
    r"^(?:(?:a|an|the|their|his|her|its|our|one|that|this|each|single|whole|full|normal|typical|good|bad|long|"
    r"new|school|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|same|"
    r"taken|\d+(?:st|nd|rd|th))\s+)*(?:day|night|week|month|year|season|minute|hour|weeks|days|months|years|"
    r"minutes|hours)$", re.I)
# spaCy often spans a bare plural unit ("for weeks", "the years") the rules leave alone out of
# context: a vague duration (TIMEX3 writes the unknown count as X).
_VAGUE_UNITS = re.compile(
    r"^(?:the\s+|recent\s+|coming\s+|many\s+)?(?P<u>seconds|minutes|hours|days|weeks|months|years|decades)$", re.I)
_UNIT_CODE = {"seconds": "PTXS", "minutes": "PTXM", "hours": "PTXH", "days": "PXD", "weeks": "PXW",
              "months": "PXM", "years": "PXY", "decades": "PXDE"}


def _unreadable_reason(published: str | None) -> str:
    if not published:
        return engine.NO_ANCHOR
    return f"publication date {published[:40]!r} is not a usable ISO date (years {engine.ANCHOR_YEARS[0]}-{engine.ANCHOR_YEARS[1]})"


# Names that can contain a time word: "the Daily Beast", "Good Friday Agreement", "Summer Palace".
_NAME_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "FAC", "LAW", "PLATFORM"}


# Words a name may hold in lower case ("the Day of the Jackal"); any other lower-case word makes the span a
# phrase the model over-extended ("Shahed-136 attack drones overnight" tagged PRODUCT), not a name.
_NAME_GLUE = frozenset("the of and for on in at a an de du la le von van 's ’s".split())


def _is_name(words: str) -> bool:
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_GLUE or not w[:1].isalpha()
               for w in words.split())


def _outside_names(text: str, refs: list[TimeRef], entities) -> list[TimeRef]:
    """Drop times without digits that sit inside a longer name ("Daily Beast", "Good Friday Agreement")."""
    names = [(e.start, e.end) for e in entities if e.label in _NAME_LABELS and _is_name(text[e.start: e.end])]
    if not names:
        return refs
    keep = []
    for r in refs:
        wordy = not any(ch.isdigit() for ch in text[r.start: r.end])
        if wordy and any(s <= r.start and r.end <= e and (e - s) > (r.end - r.start) for s, e in names):
            continue
        keep.append(r)
    return keep


def extract_times(article: Article) -> list[TimeRef]:
    text = article.text
    anchor = engine.parse_anchor(article.published)
    fallback = engine.window_tense(text)
    tense = engine.doc_tense(article.nlp_doc, fallback) if article.nlp_doc is not None else fallback
    english = not article.language or article.language.lower().startswith("en")
    refs = engine.extract(text, anchor, tense, english=english)
    if (article.language or "")[:2].lower() in ("uk", "ru"):
        # uk/ru words ("24 лютого", "в понеділок"); the digit-only rules above keep what these do not cover
        words = cyrillic.extract(text, anchor)
        refs = sorted(words + [r for r in refs if not any(w.start < r.end and r.start < w.end for w in words)],
                      key=lambda r: r.start)
    if anchor is None and article.published:
        for r in refs:
            if r.reason == engine.NO_ANCHOR:
                r.reason = _unreadable_reason(article.published)
    refs = _outside_names(text, refs, article.entities)
    covered = [(r.start, r.end) for r in refs]
    extra = []
    for e in article.entities:
        if e.label not in _ENTITY_LABELS or e.end > engine.MAX_CHARS:
            continue
        if any(s < e.end and e.start < t for s, t in covered):
            continue
        surface = text[e.start: e.end]
        if relative.NAMED_DAY_LEFT.search(text, max(0, e.start - 8), e.start) and _WEEKDAY.match(surface):
            continue  # "Bloody Sunday": a day's name, not a day
        vague = _VAGUE_UNITS.match(surface)
        if vague:
            extra.append(TimeRef(e.start, e.end, "duration", _UNIT_CODE[vague.group("u").lower()], resolved=True))
        elif _UNPLACED.match(surface.strip()):
            continue
        elif _CALENDRICAL.search(surface):
            extra.append(TimeRef(e.start, e.end, "time" if e.label == "TIME" else "date", reason=NOT_UNDERSTOOD))
    if extra:
        refs = sorted(refs + extra, key=lambda r: r.start)
    return refs


def run(article: Article, ctx) -> Article:
    article.times = extract_times(article)
    return article
