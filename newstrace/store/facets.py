"""Facet rows the store derives from an Article on ``put``: the indexes behind filters and stats.

``FACETS`` is one explicit list of ``(table, columns, rows)``; ``rows(article)`` yields one tuple
per row in ``columns`` order (``doc_id`` is prepended by the store). A stage that adds an
Article field worth filtering on appends one entry here and one table in ``schema.py``.
The JSON column stays the truth; these rows are rebuilt from it (``SQLiteStore.reindex``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any, Callable

from ..model import Article


def entity_rows(article: Article) -> Iterator[tuple[Any, ...]]:
    counts = Counter((e.canonical or article.text[e.start : e.end], e.label) for e in article.entities)
    for (canonical, label), n in sorted(counts.items()):
        yield canonical, label, n


def place_rows(article: Article) -> Iterator[tuple[Any, ...]]:
    counts = Counter(
        (p.name, p.geonameid, p.country, p.lat, p.lon, p.feature, p.role) for p in article.places
    )
    for key, n in counts.items():
        yield (*key, n)


def quote_rows(article: Article) -> Iterator[tuple[Any, ...]]:
    for q in article.quotes:
        yield q.speaker_entity, int(bool(q.is_direct))


def claim_rows(article: Article) -> Iterator[tuple[Any, ...]]:
    for c in article.claims:
        yield c.claim_id, c.status, c.attributed_to


def time_rows(article: Article) -> Iterator[tuple[Any, ...]]:
    for t in article.times:
        yield t.value, t.type


FACETS: list[tuple[str, tuple[str, ...], Callable[[Article], Iterator[tuple[Any, ...]]]]] = [
    ("entities", ("canonical", "label", "n"), entity_rows),
    ("places", ("name", "geonameid", "country", "lat", "lon", "feature", "role", "n"), place_rows),
    ("quotes", ("speaker_entity", "is_direct"), quote_rows),
    ("claims", ("claim_id", "status", "attributed_to"), claim_rows),
    ("times", ("value", "type"), time_rows),
]
