"""WARC and WARC.gz files (and legacy ARC): every response or resource record holding HTML is one article.

Other records (requests, metadata, images, redirects and HTTP error pages) are not articles
and are passed over.
Streamed record by record through warcio; ``max_input_bytes`` applies to each record, so a
multi-GB crawl streams. The record's ``WARC-Target-URI`` is the article url. ``record`` is the
0-based ordinal of the record in the file (all record types count), and ``start_record``
skips that many records without reading their payloads (resumable ingest).

warcio stops silently at a truncated file, so truncation is detected here: gzip is
decompressed by Python's gzip module behind a guard that remembers the EOFError, a record
whose payload ends before its Content-Length is reported as truncated (also records passed
over, whose Content-Type may have been cut off), and so is a file cut inside a record's header
block (warcio has read that record's first line and then stops as at a clean end). Records read
before the damage are kept; then one NT106 failure is reported.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

from .. import errors
from ..model import InputFailure, RawDocument
from . import html as html_reader
from ._common import GZIP_ERRORS, failure, gzip_reason, human_size

# warcio logs the whole of a WARC-Target-URI with spaces when it percent-encodes them (lossless):
# one hostile 200 KB URI made a 200 KB warning outside the one-line error format. Silenced here.
logging.getLogger("warcio.recordloader").setLevel(logging.ERROR)

HTML_TYPES = ("text/html", "application/xhtml+xml")
RECORD_TYPES = ("response", "resource")


class _GzipGuard(io.RawIOBase):
    """Decompressed bytes of a gzip stream; a truncated or corrupt gzip ends the stream and is remembered."""

    def __init__(self, raw):
        import gzip

        self._gz = gzip.GzipFile(fileobj=raw)
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self.error is not None:
            return 0
        try:
            # read1 returns what one decompression step produced, so data before the damage is
            # delivered in earlier calls and only the final, empty call raises
            data = self._gz.read1(len(b))
        except GZIP_ERRORS as e:
            self.error = e
            return 0
        b[: len(data)] = data
        return len(data)


def _content_type(rec) -> str:
    headers = rec.http_headers if rec.http_headers is not None else rec.rec_headers
    return (headers.get_header("Content-Type") or "").lower()


def _is_success(rec) -> bool:
    """2xx (or no HTTP status, as in resource records): redirects and error pages are not articles."""
    if rec.http_headers is None:
        return True
    code = (rec.http_headers.get_statuscode() or "").strip()
    return not code or code.startswith("2")


def _charset(ctype: str) -> str | None:
    for part in ctype.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.strip() == "charset" and v.strip():
            return v.strip().strip("\"'")
    return None


def read(stream, path: str, settings, *, is_gzip: bool, start_record: int = 0) -> Iterator[RawDocument | InputFailure]:
    """Yield one document (or failure) per HTML response record."""
    from warcio.archiveiterator import ArchiveIterator

    class _QuietIterator(ArchiveIterator):
        # warcio writes its Content-Length warning straight to stderr; we count it (err_count)
        # and report it as one failure line instead
        INC_RECORD = ""

    limit = settings.max_input_bytes
    guard = _GzipGuard(stream) if is_gzip else None
    source = io.BufferedReader(guard, 1 << 16) if guard is not None else stream
    index = -1
    found = 0
    records = _QuietIterator(source, arc2warc=True)
    try:
        for rec in records:
            index += 1
            if index < start_record or rec.rec_type not in RECORD_TYPES:
                if _drain_short(rec):
                    yield _truncated(path, index, guard)
                    return
                continue
            ctype = _content_type(rec)
            if not ctype.startswith(HTML_TYPES) or not _is_success(rec):
                # a file cut inside this record's HTTP headers leaves no Content-Type: without the
                # check its loss would pass for "not an article"
                if _drain_short(rec):
                    yield _truncated(path, index, guard)
                    return
                continue
            found += 1
            url = rec.rec_headers.get_header("WARC-Target-URI")
            if rec.length is not None and rec.length > limit:
                yield failure(path, errors.InputTooLarge,
                              f"WARC record {index} ({url}) is {human_size(rec.length)}, over the "
                              f"{human_size(limit)} limit (setting max_input_bytes)", index)
                continue
            data = rec.content_stream().read(limit + 1)
            if getattr(rec.raw_stream, "limit", 0):  # payload shorter than its Content-Length
                yield _truncated(path, index, guard)
                return
            if len(data) > limit:
                yield failure(path, errors.InputTooLarge, f"WARC record {index} ({url}) decompresses to more "
                              f"than {human_size(limit)} (setting max_input_bytes)", index)
                continue
            yield from html_reader.read(data, path, url=url, fmt="warc", record=index, charset=_charset(ctype))
    except Exception as e:  # noqa: BLE001 - warcio raises assorted errors on damaged input
        if guard is not None and guard.error is not None:
            yield _truncated(path, index, guard)
        else:
            yield failure(path, errors.TruncatedInput,
                          f"WARC is truncated or corrupt after record {max(index - 1, 0)} ({type(e).__name__})",
                          max(index, 0))
        return
    if records.next_line:
        # warcio read the first line of another record, then hit the end of the file inside its
        # header block and stopped as if the file had ended cleanly: that record is lost
        yield _truncated(path, index + 1, guard)
        return
    if records.err_count:
        yield failure(path, errors.MalformedInput, f"WARC is damaged: {records.err_count} record(s) do not end where "
                      "their Content-Length says; documents near them may be incomplete", index)
    if guard is not None and guard.error is not None:
        yield _truncated(path, index + 1, guard)
    elif index < 0:
        yield failure(path, errors.MalformedInput, "no WARC records found")
    elif found == 0 and start_record == 0:
        yield failure(path, errors.UnsupportedInput, f"none of the {index + 1} WARC record(s) holds an HTML response")


def _drain_short(rec) -> bool:
    """Read a record we pass over to its end; True when it ends before its Content-Length (cut off)."""
    stream = rec.raw_stream
    while stream.read(1 << 16):
        pass
    return bool(getattr(stream, "limit", 0))


def _truncated(path: str, index: int, guard) -> InputFailure:
    what = gzip_reason(guard.error) if guard is not None and guard.error is not None else "WARC file is cut off"
    return failure(path, errors.TruncatedInput, f"{what} in record {index}; records before it were read", index)
