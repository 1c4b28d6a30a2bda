"""Walk inputs, detect each file's format by content, and call the matching reader.

``read_paths(paths, settings, start_records=None)`` takes files, directories (walked
recursively in sorted order, hidden files and folders skipped, so runs are deterministic) and
``-`` for standard input, and yields ``RawDocument`` or ``InputFailure`` items. It never raises
for a bad input.

Resuming: ``iter_file(path, settings, start_record=K)`` reads one file skipping its first K
records (JSON Lines lines, WARC records, array or feed entries) without parsing them, so an
interrupted ingest can restart where its log says it stopped; ``read_paths`` accepts a
mapping ``start_records={path: K}`` for the same. K counts in the same unit as the ``record``
of the items yielded (``Origin.record`` / ``InputFailure.record``: 0-based line number in JSON
Lines, record ordinal in WARC, index in an array or feed, message id in a Telegram export), so resuming after the item with
record r means ``start_record=r + 1``. A single-document file has one record (0).

Size limit (``settings.max_input_bytes``): checked with ``stat`` before a single-document
file is read, and on the decompressed size of gzip (so a gzip bomb stops at the limit). For
multi-record streams (JSON Lines, WARC) it applies per record, so such files stream at any size.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator, Mapping

from .. import errors
from ..model import InputFailure, RawDocument
from ..settings import Settings
from . import feed, html, jsonl, telegram, text, warc
from ._common import GZIP_ERRORS, HeadThenRest, failure, gzip_reason, read_bounded, too_large
from .detect import HEAD_BYTES, Detection, sniff

STDIN = "-"

Item = RawDocument | InputFailure


def read_text(text_value: str, **metadata) -> RawDocument:
    """A RawDocument from a string in memory; metadata: path, url, outlet, title, published, language, author.

    A whole HTML page (``<html>``/``<body>``) goes through the HTML reader, its main text
    extracted; when no main text is found its tags are stripped instead. Explicit metadata wins.
    """
    head = text_value[:HEAD_BYTES].encode("utf-8", "replace")
    if html.is_full_document(text_value) and sniff(head).format == "html":
        meta = {k: v for k, v in metadata.items() if v is not None}
        doc = html.extract(text_value, path=meta.get("path") or STDIN, url=meta.get("url"), outlet=meta.get("outlet"))
        if isinstance(doc, InputFailure):
            return text.from_string(html.fragment_to_text(text_value), **metadata)
        doc.source.path = meta.get("path")
        for name in ("title", "published", "language", "author"):
            if name in meta:
                setattr(doc, name, meta[name])
        if "outlet" in meta and not doc.source.url:
            doc.source.outlet = meta["outlet"]
        return doc
    return text.from_string(text_value, **metadata)


def walk(path: str) -> Iterator[str | InputFailure]:
    """Files under ``path`` in sorted order; hidden files and folders skipped, symlinked folders
    not followed (no loops); a folder that cannot be listed is reported, not skipped silently."""
    if not os.path.isdir(path):
        yield path
        return
    errs: list[OSError] = []
    for root, dirs, files in os.walk(path, onerror=errs.append):
        while errs:
            e = errs.pop(0)
            yield failure(display_path(e.filename or root), errors.MissingInput,
                          f"cannot list folder ({e.strerror or e})")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith("."):
                yield os.path.join(root, f)
    for e in errs:
        yield failure(display_path(e.filename or path), errors.MissingInput, f"cannot list folder ({e.strerror or e})")


def read_paths(paths: Iterable[str], settings: Settings | None = None, *,
               start_records: Mapping[str, int] | None = None) -> Iterator[Item]:
    """Documents and failures from files, directories and ``-``, in a deterministic order."""
    settings = settings or Settings()
    start_records = start_records or {}
    for p in paths:
        p = os.fspath(p)
        if p == STDIN:
            yield from iter_stdin(settings, start_record=start_records.get(STDIN, 0))
            continue
        if not os.path.lexists(p):
            yield failure(display_path(p), errors.MissingInput, "no such file or directory")
            continue
        for f in walk(p):
            if isinstance(f, InputFailure):
                yield f
            else:
                yield from iter_file(f, settings, start_record=start_records.get(f, 0))


def iter_stdin(settings: Settings, *, start_record: int = 0, stream=None) -> Iterator[Item]:
    """Documents from standard input (any format; JSON Lines and WARC stream)."""
    raw = stream if stream is not None else sys.stdin.buffer
    try:
        head = raw.read(HEAD_BYTES)
    except OSError as e:
        yield failure(STDIN, errors.MissingInput, f"standard input cannot be read ({e.strerror or e})")
        return
    if not head:
        yield failure(STDIN, errors.EmptyInput, "standard input is empty")
        return
    buffered = io.BufferedReader(HeadThenRest(head, raw), 1 << 16)
    yield from _read_stream(buffered, head, STDIN, None, settings, start_record)


def display_path(path: str) -> str:
    """``path`` as valid UTF-8 text: a file name in another encoding (surrogate-escaped by Python)
    shows its stray bytes as ``\\xNN`` so JSON output, the store and error lines stay valid UTF-8."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _identified(items: Iterator[Item], identity: str) -> Iterator[Item]:
    for item in items:
        if isinstance(item, RawDocument):
            item.identity = identity
        yield item


def iter_file(path: str, settings: Settings | None = None, *, start_record: int = 0) -> Iterator[Item]:
    """Documents (or failures) from one file, skipping its first ``start_record`` records.

    Documents and failures name the file as given (made valid UTF-8 by ``display_path``); each
    document's ``identity`` is the file's resolved path, which its ``doc_id`` is built from.
    """
    settings = settings or Settings()
    yield from _identified(_iter_file(path, display_path(path), settings, start_record),
                           display_path(os.path.realpath(path)))


def _iter_file(fs_path: str, path: str, settings: Settings, start_record: int) -> Iterator[Item]:
    try:
        st = os.stat(fs_path)
    except FileNotFoundError:
        yield failure(path, errors.MissingInput, "no such file (or a broken link)")
        return
    except OSError as e:
        yield failure(path, errors.MissingInput, f"cannot access file ({e.strerror or e})")
        return
    if not os.path.isfile(fs_path):
        yield failure(path, errors.UnsupportedInput, "not a regular file (device, socket or pipe)")
        return
    if st.st_size == 0:
        yield failure(path, errors.EmptyInput, "file is empty")
        return
    try:
        # buffer above HEAD_BYTES so peek() shows the whole head whatever the filesystem block size
        fh = open(fs_path, "rb", buffering=1 << 16)  # noqa: SIM115 - closed in finally; readers stream from it
    except OSError as e:
        yield failure(path, errors.MissingInput, f"cannot open file ({e.strerror or e})")
        return
    try:
        head = fh.peek(HEAD_BYTES)[:HEAD_BYTES]
        yield from _read_stream(fh, head, path, st.st_size, settings, start_record)
    except OSError as e:  # a read error mid-file (disk, NFS) fails this file, not the run
        yield failure(path, errors.TruncatedInput, f"read error ({e.strerror or e})")
    finally:
        fh.close()


def _read_stream(stream, head: bytes, path: str, size: int | None, settings: Settings,
                 start_record: int) -> Iterator[Item]:
    det = sniff(head, path)
    if det.binary:
        yield failure(path, errors.BinaryInput, f"{det.binary}, not a text article")
        return
    if det.format is None:
        yield failure(path, errors.UnsupportedInput, det.unsupported or "unrecognised format")
        return
    if det.format == "warc":
        yield from warc.read(stream, path, settings, is_gzip=det.is_gzip, start_record=start_record)
        return
    body = _gunzip(stream) if det.is_gzip else stream
    if det.format == "telegram":
        yield from _guard_gzip(telegram.read(body, path, settings, start_record=start_record), path)
        return
    if det.format in ("json", "jsonl"):
        yield from _guard_gzip(jsonl.read(body, path, settings, size=None if det.is_gzip else size,
                                          is_lines=det.format == "jsonl", start_record=start_record), path)
        return
    data = _read_single(body, path, size, settings, det)
    if isinstance(data, InputFailure):
        yield data
        return
    if det.is_gzip and not data.strip():
        yield failure(path, errors.EmptyInput, "gzip file decompresses to nothing")
        return
    if det.format == "feed":
        yield from feed.read(data, path, settings, start_record=start_record)
    elif start_record > 0:
        return  # a single-document file: its only record was already read
    elif det.format == "html":
        yield from html.read(data, path, settings)
    else:
        yield from text.read(data, path, settings)


def _gunzip(stream):
    import gzip

    return gzip.GzipFile(fileobj=stream)


def _guard_gzip(items: Iterator[Item], path: str) -> Iterator[Item]:
    """Turn a gzip error escaping a streaming reader into one NT106 failure."""
    try:
        yield from items
    except GZIP_ERRORS as e:
        yield failure(path, errors.TruncatedInput, gzip_reason(e))


def _read_single(stream, path: str, size: int | None, settings: Settings, det: Detection) -> bytes | InputFailure:
    """The whole of a single-document input, within ``max_input_bytes``."""
    limit = settings.max_input_bytes
    if size is not None and size > limit:
        return too_large(path, size, settings)
    try:
        data = read_bounded(stream, limit)
    except GZIP_ERRORS as e:
        return failure(path, errors.TruncatedInput, gzip_reason(e))
    if data is None:
        what = "decompressed data" if det.is_gzip else ("input" if size is None else "file")
        return too_large(path, None, settings, what=what)
    return data
