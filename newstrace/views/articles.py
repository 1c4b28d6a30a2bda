"""Article views: one article (the JSON format), listings, search with its count and facets, stats.

Counts on large stores are bounded: a listing's ``total`` is exact up to ``COUNT_CAP`` matches and
flagged ``total_is_estimate`` past it; facets are counted over the best ``FACET_SAMPLE`` hits
(``sampled``); stats come from counters the store keeps on write.
"""

from __future__ import annotations

from typing import Any

from .. import serialize
from ..errors import UsageError
from ..store import queries as q


def article_json(store, doc_id: str) -> str | None:
    """The article in the JSON format (``serialize.to_json`` with its current links), or None."""
    stored = q.article_json(store, doc_id)
    if stored is not None:
        return stored
    art = store.get(doc_id)  # a doc_id prefix, or a record in an older format
    return serialize.to_json(art) if art is not None else None


def article(store, doc_id: str):
    """The stored Article with its links (``store.get``); raises UsageError when absent."""
    art = store.get(doc_id)
    if art is None:
        raise UsageError(f"no article {doc_id!r} in the store")
    return art


def articles(store, *, q_text=None, entity=None, place=None, limit=20, offset=0, outlet=None, since=None,
             until=None, language=None, fts=False) -> dict[str, Any]:
    """A page of articles (newest first, or best first for a query) with the number of matches."""
    total, items, estimate = q.list_articles(store, q=q_text, entity=entity, place=place, limit=limit,
                                             offset=offset, outlet=outlet, since=since, until=until,
                                             language=language, fts=fts)
    return {"total": total, "total_is_estimate": estimate, "limit": limit, "offset": offset,
            "items": [h.to_dict() for h in items]}


def search(store, query: str, *, limit=20, offset=0, fts=False, **filters) -> dict[str, Any]:
    """Full-text search, best first, with snippets; ``has_more`` instead of a count. Past RANK_WINDOW
    matches only the newest are ranked (``ranked_within`` says which)."""
    from ..store.sqlite import RANK_WINDOW, match_query

    hits = store.search(query, limit=limit + 1, offset=offset, fts=fts, **filters)
    windowed = store.rank_floor(match_query(query, fts=fts)) is not None
    return {"query": query, "limit": limit, "offset": offset, "has_more": len(hits) > limit,
            "ranked_within": f"newest {RANK_WINDOW} matches" if windowed else "all matches",
            "hits": [h.to_dict() for h in hits[:limit]]}


def facets(store, **kwargs) -> dict[str, Any]:
    """Counts by outlet, month, person and place over the best hits (``sampled`` says so)."""
    return q.facets(store, **kwargs)


def stats(store) -> dict[str, Any]:
    """What is in the store: counts, top outlets, languages, people, organisations, places."""
    return store.stats().to_dict()


def summary(store) -> dict[str, int]:
    """Article and outlet counts (cheap; every page header shows them)."""
    return q.summary(store)


def links(store, *, kind=None, doc_id=None, limit=50, offset=0) -> dict[str, Any]:
    """Links between articles, best first (or one article's, both directions)."""
    total, items = q.links(store, kind=kind, doc_id=doc_id, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def ingest_payload(store, report, paths: list[str]) -> dict[str, Any]:
    """What an ingest (an upload) did: the stored articles with their titles, and the failures."""
    return q.ingest_payload(store, report, paths)
