"""Exports analysts use: flat tables per annotation kind, GeoJSON, ClaimReview, JSON Lines.

    articles entities quotes claims places times amounts events links verdicts corrections

Formats: ``jsonl`` (one article per line, exactly ``serialize.to_json``), ``csv`` and ``parquet``
(one file per table: ``--out DIR`` writes every table, ``--out FILE`` one table: ``--table``, else
``articles``), ``xlsx``
(one workbook, a sheet per table), ``geojson`` (places and events as points), ``claimreview``
(verdicts as schema.org ClaimReview JSON-LD). Tables are built by ``tables``; links come from the
read layer (``newstrace.views.corpus.article_links``), verdicts and corrections from the desk's rows (articles are
read with the corrections laid over, as the pages show them); every export takes the same
filters as search (``Filters``: since, until, outlet, entity, place, story, query).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from ..model import Article
from .tables import TABLES, annotation_rows, columns, link_rows

FORMATS = ("jsonl", "csv", "xlsx", "parquet", "geojson", "claimreview")
TABLE_FORMATS = ("csv", "xlsx", "parquet")
PAGE = 1000  # ids read per page of a filtered listing (the store's MAX_LIMIT)

__all__ = ["FORMATS", "TABLES", "Filters", "count_selected", "correction_rows", "export", "select_articles", "table_rows",
           "verdict_rows"]


@dataclass(frozen=True, slots=True)
class Filters:
    """Which articles an export covers; the same filters as ``newstrace search`` and the web listing."""

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    entity: str | None = None
    place: str | None = None
    story: str | None = None
    query: str | None = None
    current_only: bool = True

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self) if f.name != "current_only")


def _selected_ids(store, f: Filters) -> list[str] | None:
    """doc_ids of the articles the filters keep, in listing order; None when nothing filters."""
    if f.is_empty:
        return None
    ids: list[str] | None = None
    listing = dict(query=f.query, outlet=f.outlet, since=f.since, until=f.until, entity=f.entity, place=f.place)
    if any(listing.values()):
        ids, offset = [], 0
        while True:
            page = store.articles(**listing, limit=PAGE, offset=offset, current_only=f.current_only)
            ids += [h.doc_id for h in page.items]
            offset += len(page.items)
            if not page.items or offset >= page.total:
                break
    if f.story:
        from ..views.corpus import story

        members = [m["doc_id"] for m in (story(store, f.story).get("members") or [])]
        ids = members if ids is None else [d for d in ids if d in set(members)]
    return list(dict.fromkeys(ids or []))


def select_articles(store, filters: Filters | None = None) -> Iterator[Article]:
    """The stored articles the filters keep (current versions unless ``current_only`` is False)."""
    f = filters or Filters()
    yield from _read(store, f, _selected_ids(store, f), "articles", None)


def count_selected(store, filters: Filters | None = None) -> int:
    """How many articles an export with these filters reads (for a progress bar's total)."""
    f = filters or Filters()
    ids = _selected_ids(store, f)
    return store.count(current_only=f.current_only) if ids is None else len(ids)


def _desk_rows(store, kind: str) -> list[dict[str, Any]]:
    """The desk's export rows (``newstrace.desk.export_rows``); none in a store without desk tables."""
    import sqlite3

    try:
        from ..desk import export_rows
    except ImportError:  # pragma: no cover - the desk ships with verdicts and corrections
        return []
    try:
        return export_rows(store, kind)
    except sqlite3.OperationalError:  # a store made before the desk tables existed
        return []


def verdict_rows(store, doc_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """Verdicts recorded at the desk, oldest first (only those on ``doc_ids`` when given)."""
    out = []
    for r in _desk_rows(store, "verdicts"):
        if doc_ids is not None and r.get("doc_id") not in doc_ids:
            continue
        out.append({"verdict_id": r.get("verdict_id"), "target_kind": r.get("target_kind"),
                    "target_id": r.get("target_id"), "verdict": r.get("verdict"), "note": r.get("note"),
                    "author": r.get("author"), "created": r.get("created_at"),
                    "sources": [str(s) for s in (r.get("sources") or [])], "doc_id": r.get("doc_id"),
                    "claim_text": r.get("anchor_text")})
    return out


def _strings(d: Any) -> list[tuple[str, str]]:
    return [(str(k), json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v))
            for k, v in (d or {}).items() if v is not None]


def correction_rows(store, doc_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """Analysts' corrections (withdrawn ones too, marked), with the extractor's original value."""
    out = []
    for r in _desk_rows(store, "corrections"):
        if doc_ids is not None and r.get("doc_id") not in doc_ids:
            continue
        out.append({"correction_id": r.get("correction_id"), "doc_id": r.get("doc_id"), "target": r.get("target"),
                    "action": r.get("action"), "start": r.get("span_start"), "end": r.get("span_end"),
                    "anchor_text": r.get("anchor_text"), "value": _strings(r.get("value")),
                    "original": _strings(r.get("original")), "note": r.get("note"), "author": r.get("author"),
                    "created": r.get("created_at"), "withdrawn": r.get("withdrawn_at"),
                    "withdrawn_by": r.get("withdrawn_by")})
    return out


def table_rows(store, table: str, articles: list[Article] | Iterator[Article],
               doc_ids: set[str] | None = None) -> Iterator[dict[str, Any]]:
    """Rows of ``table`` for ``articles`` (links through the read layer, verdicts from the desk)."""
    if table == "links":
        from ..views.corpus import article_links

        for a in articles:
            yield from link_rows(article_links(store, a.doc_id))
    elif table == "verdicts":
        yield from verdict_rows(store, doc_ids)
    elif table == "corrections":
        yield from correction_rows(store, doc_ids)
    else:
        yield from annotation_rows(table, articles)


def _tables(tables: list[str] | tuple[str, ...] | None) -> list[str]:
    chosen = list(tables or TABLES)
    bad = [t for t in chosen if t not in TABLES]
    if bad:
        raise UsageError(f"unknown table {bad[0]!r}; use one of {', '.join(TABLES)}")
    return chosen


def _is_dir_target(out) -> bool:
    """``--out`` names a directory: an existing one, or a path without a file suffix."""
    if not isinstance(out, (str, os.PathLike)) or out == "-":
        return False
    p = Path(out)
    return p.is_dir() or (not p.exists() and not p.suffix)


def _open_text(out) -> tuple[IO[str], bool]:
    if out is None or out == "-":
        return sys.stdout, False
    if hasattr(out, "write"):
        return out, False
    return open(out, "w", encoding="utf-8", newline=""), True  # noqa: SIM115 - closed by the caller


def _read(store, f: Filters, ids: list[str] | None, table: str,
          progress: Callable[[str, int], None] | None) -> Iterator[Article]:
    """The selected articles, read again from the store for each table (memory stays bounded)."""
    # Each article is read with ``store.get``, as every view reads it (links attached), so an
    # export shows what the pages show; ``iter_articles`` only walks the ids in stored order.
    docs = (a.doc_id for a in store.iter_articles(current_only=f.current_only)) if ids is None else ids
    it = (a for a in (store.get(d) for d in docs) if a is not None)
    for n, a in enumerate(it, start=1):
        if progress:
            progress(table, n)
        yield a


def export(store, fmt: str, out: str | os.PathLike | IO[str] | None = None, *, tables=None,
           filters: Filters | None = None, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Write an export; return the number of rows written per table (or ``{"articles": n}`` for jsonl).

    ``out``: a file path, a directory (csv/parquet: one file per table), a text file object or
    None/``-`` for stdout (jsonl, geojson, claimreview, and csv with one table). ``progress`` is
    called with the table being written and the number of articles read for it so far. Raises UsageError on a bad format, table or
    output.
    """
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    f = filters or Filters()
    ids = _selected_ids(store, f)
    doc_ids = None if ids is None else set(ids)

    def articles(table: str) -> Iterator[Article]:
        return _read(store, f, ids, table, progress)

    if fmt == "jsonl":
        from .. import serialize

        fh, owned = _open_text(out)
        n = 0
        try:
            for a in articles("articles"):
                fh.write(serialize.to_json(a) + "\n")
                n += 1
        finally:
            fh.close() if owned else fh.flush()
        return {"articles": n}
    if fmt in ("geojson", "claimreview"):
        if fmt == "geojson":
            from .geo import feature_collection

            doc, counts = feature_collection(articles("places"))
        else:
            doc, counts = _claimreview(store, doc_ids)
        fh, owned = _open_text(out)
        try:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        finally:
            fh.close() if owned else fh.flush()
        return counts
    to_dir = _is_dir_target(out)
    if tables is None and fmt != "xlsx" and not to_dir:
        tables = ["articles"]  # one file: the articles table unless --table says otherwise
    chosen = _tables(tables)
    result: dict[str, int] = {}
    if fmt == "xlsx":
        from .writers import XlsxBook

        if out is None or out == "-" or hasattr(out, "write"):
            raise UsageError("xlsx export needs an output file (--out FILE.xlsx)")
        book = XlsxBook(out)
        for t in chosen:
            result[t] = book.add(t, columns(t), table_rows(store, t, articles(t), doc_ids))
        book.save()
        return result
    from .writers import write_csv, write_parquet

    single = len(chosen) == 1 and not to_dir
    if fmt == "parquet" and (out is None or out == "-" or hasattr(out, "write")):
        raise UsageError("parquet export needs an output file or directory (--out FILE.parquet or --out DIR)")
    if single:
        t = chosen[0]
        if fmt == "parquet":
            result[t] = write_parquet(columns(t), table_rows(store, t, articles(t), doc_ids), out)  # type: ignore[arg-type]
        else:
            fh, owned = _open_text(out)
            try:
                result[t] = write_csv(columns(t), table_rows(store, t, articles(t), doc_ids), fh)
            finally:
                fh.close() if owned else fh.flush()
        return result
    if out is None or out == "-" or hasattr(out, "write"):
        raise UsageError(f"{fmt} export of several tables needs an output directory (--out DIR), "
                         "or one --table")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for t in chosen:
        path = folder / f"{t}.{fmt}"
        if fmt == "parquet":
            result[t] = write_parquet(columns(t), table_rows(store, t, articles(t), doc_ids), path)
        else:
            with path.open("w", encoding="utf-8", newline="") as fh:
                result[t] = write_csv(columns(t), table_rows(store, t, articles(t), doc_ids), fh)
    return result


def _claimreview(store, doc_ids: set[str] | None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    from .claimreview import claim_review

    reviews = []
    for v in verdict_rows(store, doc_ids):
        a = store.get(v["doc_id"]) if v.get("doc_id") else None
        art = None
        claimant = None
        text = v.get("claim_text")
        if a is not None:
            art = {"doc_id": a.doc_id, "title": a.title, "outlet": a.source.outlet, "url": a.source.url,
                   "published": a.published}
            found = next((c for c in a.claims if c.claim_id == v["target_id"]), None)
            if found is None:
                found = next((e for e in getattr(a, "events", []) or [] if e.event_id == v["target_id"]), None)
            if found is not None:
                text = text or a.text[found.start:found.end]
                claimant = getattr(found, "attributed_to", None)
        reviews.append(claim_review({**v, "created_at": v.get("created")}, art, claim_text=text, claimant=claimant))
    return reviews, {"verdicts": len(reviews)}
