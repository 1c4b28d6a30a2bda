"""Export stored articles as JSON Lines, CSV or Parquet, with the JSON format's field names.

JSON Lines is exactly ``serialize.to_json`` per line. CSV and Parquet have one column per
top-level field of the JSON format; nested fields (source, paragraphs, entities, ...) are JSON
strings in the same shape as the JSON format, so every export carries the same information.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import sys
import types
import typing
from collections.abc import Iterator
from typing import IO, Any

from .. import serialize
from ..errors import UsageError
from ..model import Article

FORMATS = ("jsonl", "csv", "parquet")
# Rows per Parquet row group / write batch: bounds memory while keeping row groups useful to readers.
PARQUET_BATCH = 512


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


def _open_text(out: str | os.PathLike | IO[str] | None) -> tuple[IO[str], bool]:
    if out is None or out == "-":
        return sys.stdout, False
    if hasattr(out, "write"):
        return out, False  # type: ignore[return-value]
    return open(out, "w", encoding="utf-8", newline=""), True  # noqa: SIM115 - closed by caller


def export(store, fmt: str, out: str | os.PathLike | IO[str] | None = None, *, current_only: bool = True) -> int:
    """Write the store's articles to ``out`` (a path, a text file object, or stdout); return the count."""
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    articles = store.iter_articles(current_only=current_only)
    if fmt == "parquet":
        if out is None or out == "-" or hasattr(out, "write"):
            raise UsageError("parquet export needs an output file (--out FILE.parquet)")
        return _parquet(articles, os.fspath(out))
    fh, owned = _open_text(out)
    n = 0
    try:
        if fmt == "jsonl":
            for a in articles:
                fh.write(serialize.to_json(a) + "\n")
                n += 1
        else:
            cols = columns()
            writer = csv.DictWriter(fh, fieldnames=[c for c, _ in cols])
            writer.writeheader()
            for a in articles:
                writer.writerow(_row(a, cols))
                n += 1
    finally:
        if owned:
            fh.close()
        else:
            fh.flush()
    return n


def _parquet(articles: Iterator[Article], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:  # pragma: no cover - pyarrow is a declared dependency
        raise UsageError("parquet export needs pyarrow: pip install pyarrow") from e
    cols = columns()
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "json": pa.string()}
    schema = pa.schema([(name, types[kind]) for name, kind in cols])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for a in articles:
            batch.append(_row(a, cols))
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
