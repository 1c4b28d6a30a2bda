"""Annotations across articles: quotes and claims as JSON-ready records, listed from the store.

``quote_dict`` / ``claim_dict`` are the one record shape of a quote / claim: the CLI (on
analysed files and on the store), the REST API and the claim view all use them.
"""

from __future__ import annotations

from typing import Any

from ..model import Article
from ..store import queries as q


def _span(article: Article, span) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": article.text[span.start:span.end]}


def quote_dict(article: Article, i: int, quote) -> dict[str, Any]:
    return {"index": i, "text": article.text[quote.content.start:quote.content.end],
            "content": _span(article, quote.content), "speaker": _span(article, quote.speaker),
            "cue": _span(article, quote.cue), "speaker_entity": quote.speaker_entity,
            "speaker_description": quote.speaker_description, "is_direct": quote.is_direct, "kind": quote.kind,
            "via": [v.name for v in quote.via], "confidence": quote.confidence, "attribution": quote.attribution}


def claim_dict(article: Article, c) -> dict[str, Any]:
    return {"claim_id": c.claim_id, "text": article.text[c.start:c.end], "start": c.start, "end": c.end,
            "status": c.status, "kind": c.kind, "attributed_to": c.attributed_to,
            "cues": [{"kind": x.kind, "start": x.start, "end": x.end, "text": article.text[x.start:x.end]}
                     for x in c.cues],
            "check_score": c.check_score, "check_reasons": list(c.check_reasons), "check_rank": c.check_rank}


def quotes(store, *, speaker=None, doc_id=None, limit=20, offset=0,
           speech_only=False) -> tuple[int, list[dict[str, Any]]]:
    """Quotations, newest articles first; ``speech_only`` keeps ``attribution == "speech"`` (the total
    still counts every attribution: the facet table has no kind column)."""

    def pick(article: Article) -> list[dict[str, Any]]:
        return [quote_dict(article, i, x) for i, x in enumerate(article.quotes)
                if (not speaker or (x.speaker_entity or "").lower() == speaker.lower())
                and (not speech_only or x.attribution == "speech")]

    return q.paged_annotations(store, "quotes", limit, offset, pick, speaker_entity=speaker, doc_id=doc_id)


def claims(store, *, status=None, attributed_to=None, doc_id=None, limit=20,
           offset=0) -> tuple[int, list[dict[str, Any]]]:
    """Claim sentences with their status, newest articles first."""

    def pick(article: Article) -> list[dict[str, Any]]:
        from ..desk import article_verdicts  # the analysts' current verdicts (newstrace/desk)

        verdicts = article_verdicts(store, article)
        return [{**claim_dict(article, c), "verdict": (verdicts.get(c.claim_id) or {}).get("verdict")}
                for c in article.claims
                if (not status or c.status == status)
                and (not attributed_to or (c.attributed_to or "").lower() == attributed_to.lower())]

    return q.paged_annotations(store, "claims", limit, offset, pick, status=status, attributed_to=attributed_to,
                               doc_id=doc_id)


def page(total: int, items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """A quotes / claims list page: ``total`` is counted up to ``ANNOTATION_COUNT_CAP`` and labelled
    ``total_is_estimate`` when it reached it (bounded work on a large store)."""
    return {"total": total, "total_is_estimate": total >= q.ANNOTATION_COUNT_CAP, "limit": limit,
            "offset": offset, "items": items}


def entities(store, *, label=None, prefix=None, limit=50) -> list[dict[str, Any]]:
    """Entities by the number of articles that mention them."""
    return q.entities(store, label=label, prefix=prefix, limit=limit)
