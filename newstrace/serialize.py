"""The only model <-> JSON/dict conversion, shared by the store, the REST API and the CLI.

Spans are written with the text they cover added (``{"start", "end", "text"}``) so that a JSON
reader can audit them without the article; on the way back in, that text is checked against
``Article.text`` and dropped (offsets are the truth).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any

from .errors import MalformedInput
from .model import _TRANSIENT, SCHEMA_VERSION, Article, _is_span_like, to_plain  # noqa: F401 - to_plain re-exported


def to_dict(article: Article) -> dict[str, Any]:
    """Article -> plain dict in the documented JSON format (docs/format.md)."""
    return article.to_dict()  # model.to_plain: the model converts itself (it imports nothing above it)


def to_json(article: Article, *, indent: int | None = None) -> str:
    return json.dumps(to_dict(article), ensure_ascii=False, indent=indent)


@cache  # get_type_hints re-evaluates every annotation string: uncached it was half of linking's time
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _from_plain(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        for a in args:
            if dataclasses.is_dataclass(a) and isinstance(value, dict):
                return _from_plain(a, value)
        return _from_plain(args[0], value) if len(args) == 1 else value
    if origin is list:
        (item_tp,) = typing.get_args(tp) or (Any,)
        return [_from_plain(item_tp, v) for v in value]
    if origin is dict:
        return dict(value)
    if dataclasses.is_dataclass(tp) and isinstance(value, dict):
        hints = _hints(tp)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in value and f.name not in _TRANSIENT:
                kwargs[f.name] = _from_plain(hints[f.name], value[f.name])
        return tp(**kwargs)
    return value


def from_dict(d: dict[str, Any]) -> Article:
    """Plain dict (as written by ``to_dict``) -> Article. Raises MalformedInput on shape errors."""
    try:
        return _from_plain(Article, d).bind()
    except (TypeError, KeyError, ValueError) as e:
        raise MalformedInput(f"not a newstrace article record: {e}") from e


def from_json(s: str) -> Article:
    return from_dict(json.loads(s))


def iter_spans(obj: Any):
    """Yield every span-like object (start/end into the article text) inside ``obj``, recursively."""
    if dataclasses.is_dataclass(obj):
        if _is_span_like(obj) and isinstance(getattr(obj, "start"), int):
            yield obj
        for f in dataclasses.fields(obj):
            if f.name in _TRANSIENT or f.name in ("source",):
                continue
            yield from iter_spans(getattr(obj, f.name))
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from iter_spans(x)


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        return {"anyOf": [_schema_for(a, defs) for a in args]}
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        return {"type": "array", "items": _schema_for(item, defs)}
    if origin is dict or tp is dict:
        return {"type": "object"}
    if tp is type(None):
        return {"type": "null"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = _hints(tp)
            props: dict[str, Any] = {}
            for f in dataclasses.fields(tp):
                if f.name in _TRANSIENT:
                    continue
                props[f.name] = _schema_for(hints[f.name], defs)
            required = list(props)
            if "start" in props and "end" in props:
                props["start"] = {"type": "integer", "minimum": 0}
                props["end"] = {"type": "integer", "minimum": 0}
                props["text"] = {"type": "string", "description": "text[start:end], added on output for audit"}
                required.append("text")
            doc = (tp.__doc__ or "").strip().splitlines()
            defs[name] = {"type": "object", "properties": props, "required": required}
            if doc and not doc[0].startswith(name + "("):
                defs[name]["description"] = doc[0]
        return {"$ref": f"#/$defs/{name}"}
    return {}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``to_dict(article)``, generated from the data model so they cannot drift."""
    defs: dict[str, Any] = {}
    root = _schema_for(Article, defs)
    art = dict(defs.pop("Article"))
    art["properties"] = dict(art["properties"], schema_version={"type": "integer", "const": SCHEMA_VERSION})
    art["required"] = [*art["required"], "schema_version"]
    del root
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://newstrace.invalid/schema/article-v{SCHEMA_VERSION}.json",
        "title": "newstrace article",
        **art,
        "$defs": defs,
    }
