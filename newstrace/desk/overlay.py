"""Corrections laid over the extractor's output: a pure function of an article and correction records.

A correction names its item by the article's source (every version of it) and the item's span:
its offsets and the text they covered when the analyst made it. In a later version, or after a
re-analysis that moved the text, the span is found again by that text (the occurrence nearest the
old offsets), so a correction is never lost while its words are still in the article. The
corrected item carries the analyst's value; ``Article.corrections`` keeps the extractor's value.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from ..model import Article, Correction, Place, Quote, TimeRef

TARGETS = {"place": ("place",), "quote": ("speaker", "not_quote"), "time": ("date",)}
ACTIONS = {a: t for t, actions in TARGETS.items() for a in actions}
# Place fields an analyst's value may set (the rest of a Place is the extractor's evidence).
PLACE_FIELDS = ("name", "geonameid", "lat", "lon", "country", "admin1", "feature", "precision")


def anchor(text: str, start: int, end: int, anchor_text: str) -> tuple[int, int] | None:
    """Where the span that covered ``anchor_text`` at ``start`` is in ``text`` now, else None.

    Exact offsets first; else the occurrence of ``anchor_text`` nearest ``start``: the first one at
    or after it and the last one before it, two linear searches in C whatever the text holds.
    """
    if 0 <= start <= end <= len(text) and text[start:end] == anchor_text:
        return start, end
    if not anchor_text:
        return None
    start = min(max(start, 0), len(text))
    after = text.find(anchor_text, start)
    before = text.rfind(anchor_text, 0, start + len(anchor_text) - 1)
    found = [p for p in (after, before) if p >= 0]
    if not found:
        return None
    best = min(found, key=lambda p: (abs(p - start), p))
    return best, best + len(anchor_text)


def find_item(article: Article, target: str, start: int, end: int) -> Place | Quote | TimeRef | None:
    """The extracted item of kind ``target`` whose span is exactly (start, end) (a quote: its content)."""
    if target == "place":
        return next((p for p in article.places if (p.start, p.end) == (start, end)), None)
    if target == "quote":
        return next((q for q in article.quotes if (q.content.start, q.content.end) == (start, end)), None)
    if target == "time":
        return next((t for t in article.times if (t.start, t.end) == (start, end)), None)
    return None


def item_span(item: Place | Quote | TimeRef) -> tuple[int, int]:
    return (item.content.start, item.content.end) if isinstance(item, Quote) else (item.start, item.end)


def original_value(item: Place | Quote | TimeRef, action: str, text: str) -> dict[str, Any]:
    """The extractor's value that ``action`` overrides on ``item``."""
    if action == "place":
        return {k: getattr(item, k) for k in (*PLACE_FIELDS, "resolved", "confidence")}
    if action == "speaker":
        return {"speaker_entity": item.speaker_entity, "speaker_description": item.speaker_description,
                "speaker_type": item.speaker_type}
    if action == "not_quote":
        return {"content": text[item.content.start:item.content.end], "speaker_entity": item.speaker_entity,
                "kind": item.kind, "attribution": item.attribution}
    if action == "date":
        return {k: getattr(item, k) for k in ("value", "range_start", "range_end", "granularity", "resolved")}
    raise ValueError(action)


def _granularity(value: str) -> str | None:
    return {4: "year", 7: "month", 10: "day"}.get(len(value))


def _set_one(item, action: str, value: dict[str, Any]) -> None:
    if action == "place":
        for k in PLACE_FIELDS:
            if k in value:
                setattr(item, k, value[k])
        item.resolved, item.confidence, item.reason, item.alternatives = True, 1.0, None, []
    elif action == "speaker":
        item.speaker_entity = value.get("speaker_entity")
        item.speaker_description = value.get("speaker_description")
        item.speaker_type = value.get("speaker_type", item.speaker_type)
    elif action == "date":
        item.value = value["value"]
        item.range_start, item.range_end = value.get("range_start"), value.get("range_end")
        item.granularity = value.get("granularity") or _granularity(value["value"])
        item.resolved, item.reason = True, None


def _set(item, action: str, value: dict[str, Any], article: Article) -> None:
    _set_one(item, action, value)
    # Events carry copies of their Place and TimeRef: the same span there shows the same correction.
    for ev in article.events:
        copy_ = ev.place if action == "place" else ev.time if action == "date" else None
        if copy_ is not None and copy_ is not item and (copy_.start, copy_.end) == (item.start, item.end):
            _set_one(copy_, action, value)


def apply_corrections(article: Article, corrections: Iterable[dict[str, Any]]) -> Article:
    """A copy of ``article`` with ``corrections`` applied; ``article`` itself is not changed.

    ``corrections``: records as ``store.desk.corrections`` returns them (``target``, ``action``,
    ``span_start``, ``span_end``, ``anchor_text``, ``value``, ``correction_id``, ``author``,
    ``created_at``, ``note``), applied oldest first, so a later correction of the same item wins.
    Each one applied is listed in ``Article.corrections`` with the extractor's value as
    ``original``; one whose text is no longer in the article, or whose item the extractor no
    longer finds, is skipped and named in ``Article.warnings``.
    """
    recs = sorted(corrections, key=lambda r: (r.get("created_at") or "", r.get("correction_id") or ""))
    if not recs:
        return article
    out = copy.deepcopy(article)
    out.corrections = []
    originals: dict[tuple[str, int, int, str], dict[str, Any]] = {}
    for r in recs:
        target, action = r["target"], r["action"]
        span = anchor(out.text, r["span_start"], r["span_end"], r["anchor_text"])
        item = find_item(out, target, *span) if span else None
        if item is None:
            out.warnings.append(f"correction {r.get('correction_id')} ({action} of {r['anchor_text'][:60]!r}) "
                                "no longer matches an extracted item; kept in the store, not applied")
            continue
        key = (target, *span, action)
        # The extractor's value, taken before the first correction of this item touched it.
        original = originals.setdefault(key, original_value(item, action, out.text))
        if action == "not_quote":
            out.quotes = [q for q in out.quotes if q is not item]
        else:
            _set(item, action, r["value"], out)
        out.corrections = [c for c in out.corrections if (c.target, c.start, c.end, c.action) != key]
        out.corrections.append(Correction(span[0], span[1], target, action, dict(r["value"]), original,
                                          r.get("correction_id"), r.get("author"), r.get("created_at"),
                                          r.get("note")))
    out.corrections.sort(key=lambda c: (c.start, c.end, c.action))
    return out
