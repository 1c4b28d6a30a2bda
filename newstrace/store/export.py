"""The store's export entry point, and the article-per-row columns of the engines' Parquet parts.

``export`` routes every format through ``newstrace.exports``, plugged in from above (``store/hooks.py``):
JSON Lines exactly as ``serialize.to_json``; flat typed tables per annotation kind as CSV, XLSX and Parquet; GeoJSON;
ClaimReview. ``columns``/``_row`` describe the ingest engines' Parquet parts (``--out DIR``):
one column per top-level field of the JSON format, nested fields as JSON strings in the same
shape, so a part can be turned back into Articles without loss.
"""

from __future__ import annotations

import dataclasses
import json
import os
import types
import typing
from typing import IO, Any

from .. import serialize
from ..model import Article
from . import hooks


def columns() -> list[tuple[str, str]]:
    """``(name, kind)`` for every exported column; kind is string | int | float | bool | json."""
    hints = typing.get_type_hints(Article)
    out = []
    for f in dataclasses.fields(Article):
        if f.name in ("raw", "nlp_doc"):
            continue
        tp = hints[f.name]
        is_union = typing.get_origin(tp) in (typing.Union, types.UnionType)
        args = [a for a in typing.get_args(tp) if a is not type(None)] if is_union else [tp]
        base = args[0] if len(args) == 1 else None
        kind = {str: "string", int: "int", float: "float", bool: "bool"}.get(base, "json")
        out.append((f.name, kind))
    out.append(("schema_version", "int"))
    return out


def _row(article: Article, cols: list[tuple[str, str]]) -> dict[str, Any]:
    d = serialize.to_dict(article)
    return {name: (json.dumps(d.get(name), ensure_ascii=False) if kind == "json" else d.get(name))
            for name, kind in cols}


def export(store, fmt: str, out: str | os.PathLike | IO[str] | None = None, *, current_only: bool = True,
           tables=None, progress=None, **filters: Any) -> int:
    """Write the store's articles to ``out``; return the number of articles exported.

    Routed through ``newstrace.api.export`` (``newstrace.exports``: flat tables per annotation kind,
    XLSX, GeoJSON, ClaimReview); ``filters`` are ``newstrace.exports.Filters`` fields (since, until, outlet,
    entity, place, story, query). Raises UsageError on a bad format, table or output.
    """
    counts = hooks.get("export")(store, fmt, out, tables=tables, progress=progress,
                                 current_only=current_only, **filters)
    return counts.get("articles", sum(counts.values()))
