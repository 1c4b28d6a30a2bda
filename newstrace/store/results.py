"""Plain result records the store returns: search hits, a page of articles, corpus stats.

Highlights are character ranges into the plain snippet / title, never markup: every renderer
(terminal, HTML, JSON) escapes the text itself and styles the ranges.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Hit:
    """One article in a search result or listing."""

    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None
    version: int
    score: float | None  # BM25 relevance (higher is better); None when listing without a query
    snippet: str  # plain text around the best match (or the opening of the text)
    highlights: list[tuple[int, int]] = field(default_factory=list)  # matches in ``snippet``
    title_highlights: list[tuple[int, int]] = field(default_factory=list)  # matches in ``title``

    def segments(self, which: str = "snippet") -> list[tuple[str, bool]]:
        """The snippet (or title) cut into ``(text, is_match)`` pieces, ready to escape and style."""
        text = (self.snippet if which == "snippet" else self.title) or ""
        ranges = self.highlights if which == "snippet" else self.title_highlights
        out: list[tuple[str, bool]] = []
        pos = 0
        for s, e in ranges:
            if s > pos:
                out.append((text[pos:s], False))
            out.append((text[s:e], True))
            pos = e
        if pos < len(text):
            out.append((text[pos:], False))
        return out

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["highlights"] = [list(r) for r in self.highlights]
        d["title_highlights"] = [list(r) for r in self.title_highlights]
        return d


@dataclass(slots=True)
class Page:
    """A page of a filtered listing: the hits and the total number of matches."""

    items: list[Hit]
    total: int
    limit: int
    offset: int
    total_is_estimate: bool = False  # True when ``total`` was estimated from a bounded sample of matches

    def to_dict(self) -> dict[str, Any]:
        return {"items": [h.to_dict() for h in self.items], "total": self.total,
                "total_is_estimate": self.total_is_estimate, "limit": self.limit, "offset": self.offset}


@dataclass(slots=True)
class Stats:
    """What is in the store."""

    articles: int  # current versions
    versions: int  # every stored row, old versions included
    outlets: int
    top_outlets: list[tuple[str, int]]
    languages: dict[str, int]
    failures: int  # inputs (path + record) whose latest ingest outcome is a failure
    top_people: list[tuple[str, int]]  # (canonical name, number of articles)
    top_organisations: list[tuple[str, int]]
    top_places: list[tuple[str, int]]
    last_run: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def unmark(marked: str | None, start: str, end: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip ``start``/``end`` markers from ``marked``; return the plain text and the marked ranges."""
    if not marked:
        return marked or "", []
    plain: list[str] = []
    ranges: list[tuple[int, int]] = []
    pos = 0
    open_at: int | None = None
    for ch in marked:
        if ch == start:
            open_at = pos
        elif ch == end:
            if open_at is not None and pos > open_at:
                ranges.append((open_at, pos))
            open_at = None
        else:
            plain.append(ch)
            pos += 1
    return "".join(plain), ranges
