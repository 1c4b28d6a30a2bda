"""Verdicts as schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview).

One ClaimReview per verdict on a claim or an event: ``claimReviewed`` is the sentence as it stands
in the article, ``itemReviewed`` a ``Claim`` with who made it and where it appeared,
``reviewRating`` a ``Rating`` whose ``alternateName`` is the analyst's verdict (the textual rating
fact-check readers show) on a 1..5 scale (false 1 ... true 5), ``reviewBody`` the analyst's note.
Only schema.org properties of each type are used (a test checks them against the vocabulary).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Why these numbers: ClaimReview's rating is free; a 1..5 scale with "false" lowest is what
# fact-checkers' feeds commonly use, and keeps "unproven" in the middle.
RATING = {"false": 1, "misleading": 2, "unproven": 3, "true": 5}
BEST, WORST = 5, 1


def _person(name: str | None) -> dict[str, Any] | None:
    return {"@type": "Person", "name": name} if name else None


def _org(name: str | None) -> dict[str, Any] | None:
    return {"@type": "Organization", "name": name} if name else None


def claim_review(verdict: dict[str, Any], article: dict[str, Any] | None, *, claim_text: str | None,
                 claimant: str | None = None, reviewer: str | None = None) -> dict[str, Any]:
    """One ClaimReview object for a verdict row and the article the claim appeared in."""
    article = article or {}
    value = (verdict.get("verdict") or "").lower()
    appearance = {"@type": "NewsArticle", "url": article.get("url"), "headline": article.get("title"),
                  "datePublished": article.get("published"), "publisher": _org(article.get("outlet")),
                  "identifier": article.get("doc_id")}
    appearance = {k: v for k, v in appearance.items() if v is not None}
    item: dict[str, Any] = {"@type": "Claim", "appearance": [appearance], "firstAppearance": appearance,
                            "author": _org(claimant) if claimant else _org(article.get("outlet")),
                            "datePublished": article.get("published")}
    rating = {"@type": "Rating", "alternateName": value or None, "ratingValue": RATING.get(value),
              "bestRating": BEST, "worstRating": WORST}
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": verdict.get("verdict_id"),
        "datePublished": (verdict.get("created_at") or verdict.get("created") or "")[:10] or None,
        "author": _person(verdict.get("author")) if not reviewer else _org(reviewer),
        "claimReviewed": claim_text,
        "itemReviewed": {k: v for k, v in item.items() if v is not None},
        "reviewRating": {k: v for k, v in rating.items() if v is not None},
        "reviewBody": verdict.get("note"),
        "citation": [s for s in verdict.get("sources") or [] if isinstance(s, str)] or None,
    }
    return {k: v for k, v in out.items() if v is not None}


def document(reviews: Iterable[dict[str, Any]]) -> dict[str, Any] | list[dict[str, Any]]:
    """A JSON-LD document: the list of ClaimReview objects (each carries its own ``@context``)."""
    return list(reviews)
