"""Verdicts, notes and corrections: validated, stored with author and time, read back per item.

Every function takes the store and the acting user's name; the SQL (and the audit row written in
the same transaction) lives in ``newstrace.store.desk``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from .. import serialize
from ..errors import UsageError
from ..model import Article, Claim, Event
from ..pipeline import source_key
from ..store import desk as sql
from ..store import rows as stored
from .overlay import ACTIONS, apply_corrections, item_span, original_value

VERDICTS = ("true", "false", "misleading", "unproven")
VERDICT_TARGETS = ("claim", "event")
NOTE_TARGETS = ("article", "claim", "event", "story")
# Why these bounds: a note is a paragraph or two, a source list a handful of links; anything
# longer is a document to attach elsewhere, and the bounds keep one request's work small.
MAX_NOTE_CHARS = 10_000
MAX_SOURCES = 50
MAX_URL_CHARS = 2_000
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _id() -> str:
    return uuid.uuid4().hex[:16]


def _note(note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE_CHARS:
        raise UsageError(f"note is longer than {MAX_NOTE_CHARS} characters")
    return note


def _sources(sources: list[str] | None) -> list[str]:
    out = []
    for url in sources or []:
        url = url.strip()
        if not url:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > MAX_URL_CHARS:
            raise UsageError(f"source {url[:80]!r} is not an http(s) URL")
        out.append(url)
    if len(out) > MAX_SOURCES:
        raise UsageError(f"at most {MAX_SOURCES} sources")
    return out


def extractor_article(store, doc_id: str) -> Article:
    """The stored article as the extractor left it (no corrections), by doc_id or unique prefix."""
    art = store.get(doc_id)
    if art is None:
        raise UsageError(f"no article {doc_id!r} in this store")
    if art.corrections:  # store.get lays corrections over; start again from the stored record
        art = serialize.from_json(stored.article_json(store, art.doc_id))
    return art


def corrected(store, article: Article | None) -> Article | None:
    """``article`` (read from ``store``) with the corrections of its source laid over it."""
    if article is None:
        return None
    return apply_corrections(article, sql.corrections(store, doc_id=article.doc_id))


def corrected_iter(store, articles: Iterable[Article]) -> Iterator[Article]:
    """``articles`` (e.g. ``store.iter_articles()``) with their corrections laid over: one query for
    the set of corrected sources, then only the corrected articles cost a lookup."""
    keys = sql.corrected_sources(store)
    for art in articles:
        yield corrected(store, art) if keys and source_key(art) in keys else art


# -- verdicts ------------------------------------------------------------------------------------

def _target(store, kind: str, target_id: str) -> tuple[Article | None, Claim | Event | None]:
    """The article and the claim or event report; (None, None) for an event across articles."""
    if kind not in VERDICT_TARGETS:
        raise UsageError(f"a verdict is on a claim or an event, not {kind!r}")
    doc_id = (sql.doc_of_claim if kind == "claim" else sql.doc_of_event)(store, target_id)
    if doc_id is None and kind == "event" and sql.is_merged_event(store, target_id):
        return None, None
    if doc_id is None:
        raise UsageError(f"no {kind} {target_id!r} in this store")
    art = extractor_article(store, doc_id)
    items = art.claims if kind == "claim" else art.events
    key = "claim_id" if kind == "claim" else "event_id"
    found = next((x for x in items if getattr(x, key) == target_id), None)
    if found is None:
        raise UsageError(f"no {kind} {target_id!r} in this store")
    return art, found


def add_verdict(store, kind: str, target_id: str, verdict: str, *, author: str, note: str | None = None,
                sources: list[str] | None = None) -> dict[str, Any]:
    """Mark a claim or event true | false | misleading | unproven; returns the stored record."""
    if verdict not in VERDICTS:
        raise UsageError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    art, item = _target(store, kind, target_id)
    rec = {"verdict_id": _id(), "target_kind": kind, "target_id": target_id, "doc_id": art and art.doc_id,
           "source_key": art and sql.source_key_of(store, art.doc_id),
           "anchor_text": art.text[item.start:item.end] if art else None,
           "verdict": verdict, "note": _note(note), "sources": _sources(sources), "author": author,
           "created_at": sql.now()}
    sql.insert_verdict(store, rec)
    return rec


def verdicts_for(store, kind: str, target_id: str) -> list[dict[str, Any]]:
    """Every verdict on the item, oldest first (the last is the current one), including verdicts
    made on the same sentence in another version of its article."""
    try:
        art, item = _target(store, kind, target_id)
    except UsageError:
        art = None
    if art is None:  # an event across articles, or an item no longer stored
        return sql.verdicts(store, target_kind=kind, target_ids=[target_id])
    text = art.text[item.start:item.end]
    key = sql.source_key_of(store, art.doc_id)
    return [v for v in sql.verdicts(store, target_kind=kind, target_ids=[target_id], source_key=key)
            if v["target_id"] == target_id or v["anchor_text"] == text]


def article_verdicts(store, article: Article) -> dict[str, dict[str, Any]]:
    """The current verdict of each claim and event of ``article``: ``{claim_id or event_id: record}``,
    matched by id or, in another version, by the claim's sentence."""
    key = sql.source_key_of(store, article.doc_id)
    ids = [c.claim_id for c in article.claims if c.claim_id] + [e.event_id for e in article.events if e.event_id]
    by_text = {article.text[c.start:c.end]: c.claim_id for c in article.claims if c.claim_id}
    by_text.update({article.text[e.start:e.end]: e.event_id for e in article.events if e.event_id})
    out: dict[str, dict[str, Any]] = {}
    for v in sql.verdicts(store, target_ids=ids, source_key=key):
        tid = v["target_id"] if v["target_id"] in ids else by_text.get(v["anchor_text"] or "")
        if tid:
            out[tid] = v  # oldest first: the last one wins
    return out


# -- notes ---------------------------------------------------------------------------------------

def add_note(store, kind: str, target_id: str, text: str, *, author: str) -> dict[str, Any]:
    if kind not in NOTE_TARGETS:
        raise UsageError(f"a note is on one of {', '.join(NOTE_TARGETS)}, not {kind!r}")
    text = _note(text)
    if not text:
        raise UsageError("empty note")
    source_key = None
    if kind == "article":
        art = extractor_article(store, target_id)
        target_id, source_key = art.doc_id, sql.source_key_of(store, art.doc_id)
    elif kind in VERDICT_TARGETS:
        art, _ = _target(store, kind, target_id)
        source_key = art and sql.source_key_of(store, art.doc_id)
    rec = {"note_id": _id(), "target_kind": kind, "target_id": target_id, "source_key": source_key, "text": text,
           "author": author, "created_at": sql.now()}
    sql.insert_note(store, rec)
    return rec


def notes_for(store, kind: str, target_id: str) -> list[dict[str, Any]]:
    if kind == "article":
        art = store.get(target_id)
        if art is not None:  # notes on any version of the article
            return sql.notes(store, target_kind="article", source_key=sql.source_key_of(store, art.doc_id))
    return sql.notes(store, target_kind=kind, target_ids=[target_id])


# -- corrections ---------------------------------------------------------------------------------

def correctable(article: Article, target: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the items of kind ``target`` an analyst may correct (for forms)."""
    items = {"place": article.places, "quote": article.quotes, "time": article.times}.get(target, [])
    return [(*item_span(i), article.text[slice(*item_span(i))]) for i in items]


def locate(article: Article, target: str, *, start: int | None = None, text: str | None = None,
           nth: int = 0):
    """The item of kind ``target`` at offset ``start``, or the ``nth`` whose text is (for a quote:
    contains) ``text``. Raises UsageError when there is none."""
    items = {"place": article.places, "quote": article.quotes, "time": article.times}[target]
    if start is not None:
        found = [i for i in items if item_span(i)[0] == start]
    elif text:
        def covers(i):
            s = article.text[slice(*item_span(i))]
            return text in s if target == "quote" else s == text
        found = [i for i in items if covers(i)]
    else:
        raise UsageError("say which item: its start offset or its text")
    if len(found) <= nth:
        what = f"at offset {start}" if start is not None else f"{text!r}"
        raise UsageError(f"no {target} {what} in article {article.doc_id} (the extractor's items: "
                         + "; ".join(f"{s}-{e} {t[:40]!r}" for s, e, t in correctable(article, target)[:12]) + ")")
    return found[nth]


def place_value(geonameid: int | None = None, name: str | None = None) -> dict[str, Any]:
    """The analyst's place: a GeoNames id (name, coordinates, country from the gazetteer) and/or a name."""
    value: dict[str, Any] = {}
    if geonameid is not None:
        from ..geo.gazetteer import load_gazetteer

        e = load_gazetteer().get(int(geonameid))
        if e is None and not name:
            raise UsageError(f"GeoNames id {geonameid} is not in the gazetteer; give the place's name too")
        value["geonameid"] = int(geonameid)
        if e is not None:
            value.update(name=e.name, lat=e.lat, lon=e.lon, country=e.cc, admin1=e.admin1, feature=e.feature,
                         precision=e.precision)
    if name:
        value["name"] = name.strip()
    if not value.get("name"):
        raise UsageError("a place correction needs a GeoNames id or a name")
    return value


def date_value(value: str) -> dict[str, Any]:
    value = (value or "").strip()
    if not _DATE.match(value):
        raise UsageError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return {"value": value}


def add_correction(store, doc_id: str, action: str, *, author: str, start: int | None = None,
                   text: str | None = None, nth: int = 0, value: dict[str, Any] | None = None,
                   note: str | None = None) -> dict[str, Any]:
    """Correct one extracted item of a stored article; returns the stored record.

    ``action``: ``place`` (value from ``place_value``), ``speaker`` (``{"speaker_entity": name}``),
    ``not_quote`` (no value) or ``date`` (value from ``date_value``).
    """
    if action not in ACTIONS:
        raise UsageError(f"correction {action!r} is not one of {', '.join(ACTIONS)}")
    target = ACTIONS[action]
    value = dict(value or {})
    if action == "speaker":
        name = (value.get("speaker_entity") or "").strip()
        if not name:
            raise UsageError("a speaker correction needs the speaker's name")
        value = {"speaker_entity": name, "speaker_description": None,
                 **({"speaker_type": value["speaker_type"]} if value.get("speaker_type") else {})}
    elif action == "date":
        value = date_value(value.get("value", ""))
    elif action == "place" and not value.get("name"):
        raise UsageError("a place correction needs a GeoNames id or a name")
    art = extractor_article(store, doc_id)
    item = locate(art, target, start=start, text=text, nth=nth)
    s, e = item_span(item)
    rec = {"correction_id": _id(), "source_key": sql.source_key_of(store, art.doc_id), "doc_id": art.doc_id,
           "target": target, "action": action, "span_start": s, "span_end": e, "anchor_text": art.text[s:e],
           "value": value, "original": original_value(item, action, art.text), "note": _note(note),
           "author": author, "created_at": sql.now()}
    sql.insert_correction(store, rec)
    return rec


def withdraw(store, correction_id: str, *, author: str) -> None:
    if not sql.withdraw_correction(store, correction_id, author):
        raise UsageError(f"no correction {correction_id!r} in force")


def corrections_for(store, doc_id: str, *, include_withdrawn: bool = False) -> list[dict[str, Any]]:
    art = store.get(doc_id)
    if art is None:
        raise UsageError(f"no article {doc_id!r} in this store")
    return sql.corrections(store, doc_id=art.doc_id, include_withdrawn=include_withdrawn)


# -- export rows ---------------------------------------------------------------------------------

def export_rows(store, kind: str, *, since: str | None = None) -> list[dict[str, Any]]:
    """Flat rows for the export engineer: ``verdicts``, ``corrections``, ``notes`` or ``audit``.

    One row per record; lists (a verdict's sources) stay lists, values and originals stay dicts.
    """
    if kind == "verdicts":
        return sql.verdicts(store, since=since)
    if kind == "corrections":
        return sql.corrections(store, include_withdrawn=True, since=since)
    if kind == "notes":
        return [n for n in sql.notes(store) if not since or n["created_at"] >= since]
    if kind == "audit":
        return [r for r in sql.audit_log(store, limit=1_000_000) if not since or r["at"] >= since]
    raise UsageError(f"no desk export {kind!r} (verdicts, corrections, notes, audit)")
