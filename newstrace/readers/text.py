"""Plain text as scraped: one file, one article (the shape of the seed articles).

The reader only decodes; it leaves ``title`` None because the clean stage picks the headline
candidate by the shape of the lines (and removes a headline repeated as the first body line).
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import errors
from ..model import InputFailure, Origin, RawDocument
from ._common import decode, failure, normalise_newlines, outlet_and_host


def from_string(text: str, *, path: str | None = None, url: str | None = None, outlet: str | None = None,
                title: str | None = None, published: str | None = None, language: str | None = None,
                author: str | None = None, record: int | None = None, fmt: str = "text") -> RawDocument:
    """A RawDocument from text already decoded (the Python API's ``analyze(text)``)."""
    outlet, host = outlet_and_host(outlet, url)
    src = Origin(path=path, url=url, outlet=outlet, host=host, format=fmt, record=record)
    return RawDocument(text=normalise_newlines(text), source=src, title=title, published=published,
                       language=language, author=author)


def read(data: bytes, path: str, settings=None) -> Iterator[RawDocument | InputFailure]:
    """Decode one text file into one document, or one failure."""
    try:
        dec = decode(data)
    except errors.UndecodableInput as e:
        yield failure(path, errors.UndecodableInput, e.message)
        return
    if not dec.text.strip():
        yield failure(path, errors.EmptyInput, "file holds only whitespace, no text")
        return
    doc = from_string(dec.text, path=path)
    if dec.note:
        doc.warnings.append(dec.note)
    yield doc
