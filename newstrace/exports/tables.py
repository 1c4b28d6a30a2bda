"""Flat tables, one row per annotation, with typed columns derived from the data model.

A table's columns come from the model class's type hints (``Quote``, ``Claim``, ...), so a field
added to the model appears in the exports without a second list to keep in sync:

- scalar fields (str, int, float, bool, optional or not) are columns of that type;
- a span field (``Quote.speaker: Span | None``) becomes ``speaker_start``, ``speaker_end`` and
  ``speaker_text`` (the covered text, ``article.text[start:end]``); a span-like annotation itself
  (``Entity``) gets ``start``, ``end``, ``text``;
- other nested records are flattened with their field name as prefix;
- lists stay lists: ``list<string>`` or ``list<struct<...>>`` in Parquet (never JSON strings);
  CSV and XLSX write them as one readable cell (``"; "``-joined);
- ``dict``/``Any`` fields have no fixed shape and are left out (links get an explicit table).

Every annotation row opens with ``doc_id``, ``outlet``, ``published`` and ``position`` (its index
in the article's list), so one row is one annotation that can be found again.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..model import Amount, Article, Claim, Entity, Place, Quote, TimeRef

TABLES = ("articles", "entities", "quotes", "claims", "places", "times", "amounts", "events", "links", "verdicts",
          "corrections")
# Tables whose rows come straight from one Article list field, and the model class of its items.
ANNOTATION_FIELDS: dict[str, tuple[str, type | None]] = {
    "entities": ("entities", Entity),
    "quotes": ("quotes", Quote),
    "claims": ("claims", Claim),
    "places": ("places", Place),
    "times": ("times", TimeRef),
    "amounts": ("amounts", Amount),
}
SCALARS = {str: "string", int: "int", float: "float", bool: "bool"}


@dataclass(frozen=True, slots=True)
class Column:
    """One exported column: its name, its type and how to read it from ``(obj, article)``.

    ``kind`` is string | int | float | bool, ``("list", item)`` where item is a scalar kind or
    ``("struct", ((name, kind), ...))``, or ``("map", "string")`` (string keys and values).
    """

    name: str
    kind: Any
    get: Callable[[Any, Article], Any]


def _unwrap(tp: Any) -> Any:
    """``X | None`` -> ``X``; other unions are returned unchanged."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _is_span_class(tp: Any) -> bool:
    return dataclasses.is_dataclass(tp) and {"start", "end"} <= {f.name for f in dataclasses.fields(tp)}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _struct_kind(cls: type) -> tuple:
    """The struct type of a nested record (for list items); spans carry their ``text``."""
    fields: list[tuple[str, Any]] = []
    for f in dataclasses.fields(cls):
        kind = _value_kind(_hints(cls)[f.name])
        if kind is not None:
            fields.append((f.name, kind))
    if _is_span_class(cls):
        fields.append(("text", "string"))
    return ("struct", tuple(fields))


def _value_kind(tp: Any) -> Any:
    tp = _unwrap(tp)
    if tp in SCALARS:
        return SCALARS[tp]
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp) or (Any,)
        inner = _value_kind(item)
        return ("list", inner) if inner is not None else None
    if dataclasses.is_dataclass(tp):
        return _struct_kind(tp)
    return None  # dict / Any: no fixed shape


def _plain(obj: Any, article: Article) -> Any:
    """A model value as plain data matching ``_value_kind`` (spans get their covered text)."""
    if dataclasses.is_dataclass(obj):
        out = {}
        for f in dataclasses.fields(obj):
            if _value_kind(_hints(type(obj))[f.name]) is not None:
                out[f.name] = _plain(getattr(obj, f.name), article)
        if _is_span_class(type(obj)):
            out["text"] = _covered(obj, article)
        return out
    if isinstance(obj, (list, tuple)):
        return [_plain(x, article) for x in obj]
    return obj


def _covered(span: Any, article: Article) -> str | None:
    if span is None or not isinstance(getattr(span, "start", None), int):
        return None
    return article.text[span.start : span.end]


def _getter(path: tuple[str, ...]) -> Callable[[Any, Article], Any]:
    def get(obj: Any, article: Article) -> Any:
        for name in path:
            if obj is None:
                return None
            obj = getattr(obj, name, None)
        return _plain(obj, article)

    return get


def _span_getter(path: tuple[str, ...]) -> Callable[[Any, Article], Any]:
    def get(obj: Any, article: Article) -> Any:
        for name in path:
            if obj is None:
                return None
            obj = getattr(obj, name, None)
        return _covered(obj, article)

    return get


def model_columns(cls: type, prefix: tuple[str, ...] = ()) -> list[Column]:
    """The flat columns of a model class (see the module docstring)."""
    cols: list[Column] = []
    name_of = "_".join
    if not prefix and _is_span_class(cls):
        cols += [Column("start", "int", _getter(("start",))), Column("end", "int", _getter(("end",))),
                 Column("text", "string", _span_getter(()))]
    for f in dataclasses.fields(cls):
        if not prefix and f.name in ("start", "end"):
            continue
        path = (*prefix, f.name)
        tp = _unwrap(_hints(cls)[f.name])
        if dataclasses.is_dataclass(tp) and _is_span_class(tp) and {x.name for x in dataclasses.fields(tp)} == {"start", "end"}:
            cols += [Column(name_of(path) + "_start", "int", _getter((*path, "start"))),
                     Column(name_of(path) + "_end", "int", _getter((*path, "end"))),
                     Column(name_of(path) + "_text", "string", _span_getter(path))]
        elif dataclasses.is_dataclass(tp):
            cols += model_columns(tp, path)
            if _is_span_class(tp):
                cols.append(Column(name_of(path) + "_text", "string", _span_getter(path)))
        else:
            kind = _value_kind(tp)
            if kind is not None:
                cols.append(Column(name_of(path), kind, _getter(path)))
    return cols


def _base_columns() -> list[Column]:
    return [Column("doc_id", "string", lambda o, a: a.doc_id),
            Column("outlet", "string", lambda o, a: a.source.outlet),
            Column("published", "string", lambda o, a: a.published)]


def event_class() -> type | None:
    """The model class of ``Article.events`` items, when the data model has events."""
    tp = _hints(Article).get("events")
    if tp is None or typing.get_origin(_unwrap(tp)) is not list:
        return None
    (item,) = typing.get_args(_unwrap(tp))
    return item if dataclasses.is_dataclass(item) else None


def _paragraphs(o: Any, a: Article) -> list[dict[str, Any]]:
    return [_plain(p, a) for p in a.paragraphs]


def _count(name: str) -> Callable[[Any, Article], int]:
    return lambda o, a: len(getattr(a, name, None) or [])


def article_columns() -> list[Column]:
    """One row per article: its metadata, its text, its paragraphs and how many of each annotation."""
    from ..model import Origin, Paragraph

    src = model_columns(Origin, ("source",))
    cols = [Column("doc_id", "string", lambda o, a: a.doc_id),
            Column("version", "int", lambda o, a: a.version),
            Column("previous_doc_id", "string", lambda o, a: a.previous_doc_id),
            Column("title", "string", lambda o, a: a.title),
            Column("outlet", "string", lambda o, a: a.source.outlet),
            Column("published", "string", lambda o, a: a.published),
            Column("published_from", "string", lambda o, a: a.published_from),
            Column("language", "string", lambda o, a: a.language),
            Column("author", "string", lambda o, a: a.author)]
    cols += [Column(c.name.removeprefix("source_"), c.kind, c.get) for c in src
             if c.name not in ("source_outlet",)]
    cols += [Column("text", "string", lambda o, a: a.text),
             Column("paragraphs", ("list", _struct_kind(Paragraph)), _paragraphs)]
    for name in ("entities", "quotes", "claims", "places", "times", "amounts", "events", "links"):
        cols.append(Column(f"n_{name}", "int", _count(name)))
    cols.append(Column("warnings", ("list", "string"), lambda o, a: list(a.warnings)))
    return cols


@cache
def columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table`` (one of TABLES)."""
    if table == "articles":
        return tuple(article_columns())
    if table in ANNOTATION_FIELDS:
        _, cls = ANNOTATION_FIELDS[table]
        cols = model_columns(cls)
        head = _base_columns()
        if table != "claims":  # claims carry their own stable claim_id
            head.append(Column("position", "int", lambda o, a: None))
        return tuple(head + cols)
    if table == "events":
        cls = event_class()
        return tuple(_base_columns() + [Column("position", "int", lambda o, a: None)]
                     + (model_columns(cls) if cls else []))
    if table == "links":
        return tuple(LINK_COLUMNS)
    if table == "verdicts":
        return tuple(VERDICT_COLUMNS)
    if table == "corrections":
        return tuple(CORRECTION_COLUMNS)
    raise KeyError(table)


def annotation_rows(table: str, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    """Rows of an article-derived table (articles, entities, quotes, claims, places, times, amounts, events)."""
    cols = columns(table)
    for a in articles:
        if table == "articles":
            yield {c.name: c.get(a, a) for c in cols}
            continue
        field_name = ANNOTATION_FIELDS[table][0] if table in ANNOTATION_FIELDS else table
        for i, obj in enumerate(getattr(a, field_name, None) or []):
            row = {c.name: c.get(obj, a) for c in cols}
            if "position" in row:
                row["position"] = i
            yield row


# -- links and verdicts: explicit shapes (their data comes from views, not from one model list) --

def _key(name: str) -> Callable[[Any, Article], Any]:
    return lambda row, a: row.get(name)


_EVIDENCE = ("struct", (("start", "int"), ("end", "int"), ("text", "string"), ("other_start", "int"),
                        ("other_end", "int")))
LINK_COLUMNS = [Column(n, k, _key(n)) for n, k in (
    ("doc_id", "string"), ("outlet", "string"), ("published", "string"), ("other_doc_id", "string"),
    ("kind", "string"), ("score", "float"), ("other_title", "string"), ("other_outlet", "string"),
    ("other_published", "string"), ("other_url", "string"), ("story_id", "string"),
    ("evidence", ("list", _EVIDENCE)))]

VERDICT_COLUMNS = [Column(n, k, _key(n)) for n, k in (
    ("verdict_id", "string"), ("target_kind", "string"), ("target_id", "string"), ("verdict", "string"),
    ("note", "string"), ("author", "string"), ("created", "string"), ("sources", ("list", "string")),
    ("doc_id", "string"), ("claim_text", "string"))]


# A correction's value and the extractor's original have no fixed keys (a place, a speaker, a
# date): they are maps of strings (Parquet MAP, DuckDB MAP(VARCHAR, VARCHAR)), never JSON strings.
CORRECTION_COLUMNS = [Column(n, k, _key(n)) for n, k in (
    ("correction_id", "string"), ("doc_id", "string"), ("target", "string"), ("action", "string"),
    ("start", "int"), ("end", "int"), ("anchor_text", "string"), ("value", ("map", "string")),
    ("original", ("map", "string")), ("note", "string"), ("author", "string"), ("created", "string"),
    ("withdrawn", "string"), ("withdrawn_by", "string"))]


def link_rows(view: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Rows of the links table from one article's links view (``newstrace.views.corpus.article_links``)."""
    story = view.get("story") or {}
    for lk in view.get("links") or []:
        other = lk.get("other") or {}
        yield {"doc_id": view.get("doc_id"), "outlet": view.get("outlet"), "published": view.get("published"),
               "other_doc_id": lk.get("other_doc_id"), "kind": lk.get("kind"),
               "score": None if lk.get("score") is None else float(lk["score"]),
               "other_title": other.get("title"), "other_outlet": other.get("outlet"),
               "other_published": other.get("published"), "other_url": other.get("url"),
               "story_id": story.get("story_id"),
               "evidence": [{k: e.get(k) for k, _ in _EVIDENCE[1]} for e in lk.get("evidence") or []]}
