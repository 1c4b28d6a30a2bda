"""JSON documents: one object, an array of objects, or JSON Lines (one object per line).

Fields are mapped with ``settings.json_field_map()`` (first present key wins), e.g.
``text=text,body,content,article``. The record's own outlet (``source=outlet,source,publisher,...``;
a NewsAPI-style ``{"name": ...}`` object too) wins over the URL's domain, which is then kept as
``Origin.host``. A record whose text holds HTML goes through the HTML
reader (a whole page through trafilatura, a fragment through lxml).

JSON Lines are streamed line by line and never loaded whole: ``max_input_bytes`` applies to
each line, so a multi-GB file streams. A single JSON document (object or array) has to be
parsed whole, so there the limit applies to the file. ``record`` is the 0-based line number
for JSON Lines and the 0-based index for an array; ``start_record`` skips records without
parsing them (resumable ingest).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache

from .. import errors
from ..model import InputFailure, Origin, RawDocument
from . import html as html_reader
from ._common import (CHUNK, GZIP_ERRORS, decode, failure, gzip_reason, iso_date, language_code, normalise_newlines,
                      outlet_and_host, read_bounded, too_large)

# Wrapper keys under which exported JSON often nests the list of articles.
WRAPPER_KEYS = ("articles", "items", "data", "results", "documents", "records")
# Keys for metadata the configurable map does not cover.
LANGUAGE_KEYS = ("language", "lang")
AUTHOR_KEYS = ("author", "byline", "authors")

_TYPE_NAMES = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number",
               bool: "true/false", type(None): "null"}


def _kind(value) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _pick(rec: dict, keys: list[str] | tuple[str, ...]):
    for k in keys:
        if k in rec and rec[k] is not None:
            return k, rec[k]
    return None, None


@lru_cache(maxsize=8)
def _field_map(json_fields: str) -> dict[str, list[str]]:
    """``Settings.json_field_map`` parsed once per mapping string, not once per record."""
    from ..settings import Settings

    return Settings(json_fields=json_fields).json_field_map()


def _surrogate_field(rec: dict) -> str | None:
    """The first key whose string value (or a string inside a list value) holds a lone surrogate."""
    for k, v in rec.items():
        vals = v if isinstance(v, list) else [v]
        for x in vals:
            if isinstance(x, str):
                try:
                    x.encode("utf-8")
                except UnicodeEncodeError:
                    return str(k).encode("utf-8", "backslashreplace").decode("utf-8")[:40]
    return None


def record_to_document(rec, path: str, settings, *, fmt: str, record: int | None,
                       where: str) -> RawDocument | InputFailure:
    """Map one JSON record to a RawDocument; NT105 for a missing text or a wrong-typed field."""
    if not isinstance(rec, dict):
        return failure(path, errors.MalformedInput, f"{where} is {_kind(rec)}, expected a JSON object", record)
    fmap = _field_map(settings.json_fields)
    text_keys = fmap.get("text", ["text"])
    key, text = _pick(rec, text_keys)
    if key is None:
        return failure(path, errors.MalformedInput,
                       f"{where} has no text field (looked for: {', '.join(text_keys)})", record)
    if not isinstance(text, str):
        return failure(path, errors.MalformedInput, f"{where}: field '{key}' is {_kind(text)}, expected a string",
                       record)
    if not text.strip():
        return failure(path, errors.EmptyInput, f"{where}: field '{key}' is empty", record)
    bad = _surrogate_field(rec)
    if bad:
        # JSON's \ud800 escapes can name half a character; such a string cannot be encoded (stored,
        # printed) at all, so it is an input error here, not a stage crash later
        return failure(path, errors.UndecodableInput, f"{where}: field '{bad}' holds a lone surrogate "
                       "(an invalid \\uD800-\\uDFFF escape), not text", record)
    meta: dict[str, str | None] = {}
    for name in ("title", "url", "source"):
        k, v = _pick(rec, fmap.get(name, [name]))
        if name == "source" and isinstance(v, dict):  # NewsAPI-style {"id": ..., "name": "BBC News"}
            v = v.get("name") if isinstance(v.get("name"), str) else None
        if k is not None and not isinstance(v, str):
            return failure(path, errors.MalformedInput, f"{where}: field '{k}' is {_kind(v)}, expected a string",
                           record)
        meta[name] = (v.strip() or None) if isinstance(v, str) else None
    warnings = []
    k, v = _pick(rec, fmap.get("published", ["published"]))
    published = None
    if k is not None:
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            return failure(path, errors.MalformedInput,
                           f"{where}: field '{k}' is {_kind(v)}, expected a date string or epoch seconds", record)
        published = iso_date(v)
        if published is None:
            warnings.append(f"{where}: published value {str(v)[:60]!r} is not a recognised date; ignored")
    _, lang = _pick(rec, LANGUAGE_KEYS)
    _, author = _pick(rec, AUTHOR_KEYS)
    if isinstance(author, list):
        author = "; ".join(a for a in author if isinstance(a, str)) or None
    url = meta["url"]
    if html_reader.looks_like_html(text) and html_reader.is_full_document(text):
        doc = html_reader.extract(text, path=path, url=url, fmt=fmt, record=record, outlet=meta["source"])
        if isinstance(doc, InputFailure):
            return doc
        doc.title = meta["title"] or doc.title
        doc.published = published or doc.published
        if meta["source"]:  # the record's own outlet wins over the page's og:site_name and the URL's domain
            doc.source.outlet, doc.source.host = outlet_and_host(meta["source"], url)
    else:
        body = html_reader.fragment_to_text(text) if html_reader.looks_like_html(text) else normalise_newlines(text)
        if not body.strip():
            return failure(path, errors.EmptyInput, f"{where}: field '{key}' holds markup but no text", record)
        outlet, host = outlet_and_host(meta["source"], url)
        doc = RawDocument(text=body, source=Origin(path=path, url=url, outlet=outlet, host=host,
                                                   format=fmt, record=record),
                          title=meta["title"], published=published)
    doc.language = language_code(lang) or doc.language
    doc.author = author if isinstance(author, str) and author.strip() else doc.author
    doc.warnings.extend(warnings)
    return doc


def _syntax(e: json.JSONDecodeError, one_line: bool) -> str:
    at = f"column {e.colno}" if one_line else f"line {e.lineno} column {e.colno}"
    return f"invalid JSON at {at}: {e.msg.removesuffix(' at')}"  # json says "Invalid control character at"


def _decode_json(raw: bytes, where: str):
    """Parse JSON bytes; returns (value, note) or raises MalformedInput / UndecodableInput."""
    note = None
    prefix = "" if where == "file" else f"{where}: "
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        dec = decode(raw)
        text, note = dec.text, dec.note
    try:
        return json.loads(text), note
    except json.JSONDecodeError as e:
        raise errors.MalformedInput(f"{prefix}{_syntax(e, where != 'file')}") from None
    except (RecursionError, ValueError) as e:
        raise errors.MalformedInput(f"{prefix}JSON cannot be read ({type(e).__name__}: nested too deeply or "
                                    f"numbers too long)") from None


def _read_line(stream, limit: int) -> tuple[bytes, bool]:
    """One line, at most ``limit`` bytes kept; (line, too_long). The rest of a long line is drained."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while True:  # drain the oversized line without keeping it
        more = stream.readline(CHUNK)
        if not more or more.endswith(b"\n"):
            return b"", True


def read_lines(stream, path: str, settings, *, start_record: int = 0,
               pending: list[tuple[bytes, bool]] | None = None) -> Iterator[RawDocument | InputFailure]:
    """JSON Lines, streamed; each line is one record.

    ``pending``: (line, too_long) pairs already read from the start of ``stream``.
    """
    limit = settings.max_input_bytes
    index = -1
    pending = list(pending or [])
    seen = False
    while True:
        index += 1
        if pending:
            line, too_long = pending.pop(0)
        else:
            try:
                line, too_long = _read_line(stream, limit)
            except GZIP_ERRORS as e:
                yield failure(path, errors.TruncatedInput, f"{gzip_reason(e)}; {index} line(s) read before it",
                              index)
                return
            if not line and not too_long:
                if not seen and start_record == 0:
                    yield failure(path, errors.EmptyInput, "no JSON records, only blank lines")
                return
        if index < start_record:
            continue
        where = f"line {index + 1}"
        if too_long:
            seen = True
            yield too_large(path, None, settings, what=where, record=index)
            continue
        if not line.strip():
            continue
        seen = True
        if b"\x00" in line:
            yield failure(path, errors.BinaryInput, f"{where} holds NUL bytes (binary data), not a JSON record", index)
            continue
        try:
            rec, note = _decode_json(line, where)
        except (errors.MalformedInput, errors.UndecodableInput) as e:
            yield failure(path, type(e), e.message, index)
            continue
        doc = record_to_document(rec, path, settings, fmt="jsonl", record=index, where=where)
        if note and isinstance(doc, RawDocument):
            doc.warnings.append(note)
        yield doc


def read_document(data: bytes, path: str, settings, *, start_record: int = 0) -> Iterator[RawDocument | InputFailure]:
    """One JSON document: an object (one article) or an array (or wrapper) of objects."""
    try:
        value, note = _decode_json(data, "file")
    except (errors.MalformedInput, errors.UndecodableInput) as e:
        yield failure(path, type(e), e.message)
        return
    if isinstance(value, dict):
        wrapped = [k for k in WRAPPER_KEYS if isinstance(value.get(k), list)]
        if not any(k in value for k in _field_map(settings.json_fields).get("text", [])) and wrapped:
            value = value[wrapped[0]]
        else:
            if start_record == 0:
                doc = record_to_document(value, path, settings, fmt="json", record=None, where="the JSON object")
                if note and isinstance(doc, RawDocument):
                    doc.warnings.append(note)
                yield doc
            return
    if not isinstance(value, list):
        yield failure(path, errors.MalformedInput,
                      f"JSON holds {_kind(value)}, expected an object or a list of objects")
        return
    if not value:
        yield failure(path, errors.EmptyInput, "JSON list is empty: no articles")
        return
    for i, rec in enumerate(value):
        if i < start_record:
            continue
        doc = record_to_document(rec, path, settings, fmt="json", record=i, where=f"record {i}")
        if note and isinstance(doc, RawDocument):
            doc.warnings.append(note)
        yield doc


def read(stream, path: str, settings, *, size: int | None, is_lines: bool,
         start_record: int = 0) -> Iterator[RawDocument | InputFailure]:
    """Choose JSON Lines or a whole JSON document, then read.

    Lines mode when the name says so (``.jsonl``/``.ndjson``) or when the first line alone is a
    complete JSON object; a pretty-printed object or an array is read whole.
    """
    limit = settings.max_input_bytes
    first = b""
    if not is_lines:
        try:
            first, too_long = _read_line(stream, limit)
            if not too_long and (_is_object_line(first) or _looks_like_lines(first, stream)):
                second, second_too_long = _read_line(stream, limit)
                if second or second_too_long:  # a lone one-line object is a JSON document, not JSON Lines
                    yield from read_lines(stream, path, settings, start_record=start_record,
                                          pending=[(first, False), (second, second_too_long)])
                    return
        except GZIP_ERRORS as e:
            yield failure(path, errors.TruncatedInput, gzip_reason(e))
            return
        if too_long:
            yield too_large(path, size, settings)
            return
    if is_lines:
        yield from read_lines(stream, path, settings, start_record=start_record)
        return
    if size is not None and size > limit:
        yield too_large(path, size, settings)
        return
    try:
        rest = read_bounded(stream, limit - len(first))
    except GZIP_ERRORS as e:
        yield failure(path, errors.TruncatedInput, gzip_reason(e))
        return
    if rest is None:
        yield too_large(path, size, settings, what="decompressed data" if size is None else "file")
        return
    yield from read_document(first + rest, path, settings, start_record=start_record)


def _is_object_line(line: bytes) -> bool:
    s = line.strip()
    if not (s.startswith(b"{") and s.endswith(b"}")):
        return False
    try:
        return isinstance(json.loads(s), dict)
    except (ValueError, RecursionError):
        return False


def _looks_like_lines(first: bytes, stream) -> bool:
    """A first line that is a broken one-line object, followed by another one-line object."""
    s = first.strip()
    if not (s.startswith(b"{") and s.endswith(b"}")):
        return False
    peek = getattr(stream, "peek", None)
    nxt = peek(256).lstrip()[:1] if peek else b""
    return nxt == b"{"
