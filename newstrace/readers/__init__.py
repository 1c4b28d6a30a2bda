"""Readers: the only place raw bytes enter newstrace. One module per input format.

``read_paths(paths, settings)`` walks files and directories recursively, detects each file's
format by content (extension only as a hint) and yields ``RawDocument`` for every document
found, or ``InputFailure`` (file named, reason given) for every input that cannot be read.
It never raises for a bad input: the run goes on with the rest.

Modules: ``text`` (scraped plain text), ``html`` (trafilatura + htmldate), ``jsonl`` (JSON
object / array / JSON Lines), ``warc`` (WARC, WARC.gz), ``feed`` (RSS / Atom), ``telegram``
(Telegram Desktop chat exports), ``detect`` (format by content), ``dispatch`` (walk, stdin ``-``,
resume with ``start_records``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ..model import InputFailure, RawDocument
from ..settings import Settings


def read_paths(paths: Iterable[str], settings: Settings | None = None, *,
               start_records: Mapping[str, int] | None = None) -> Iterator[RawDocument | InputFailure]:
    """Yield documents (or failures) from files, directories (recursively) and ``-`` (stdin).

    ``start_records`` maps a file path to a number of leading records to skip (resumable ingest).
    """
    from .dispatch import read_paths as _read

    yield from _read(paths, settings or Settings(), start_records=start_records)


def iter_file(path: str, settings: Settings | None = None, *,
              start_record: int = 0) -> Iterator[RawDocument | InputFailure]:
    """Documents (or failures) from one file, skipping its first ``start_record`` records."""
    from .dispatch import iter_file as _iter

    yield from _iter(path, settings or Settings(), start_record=start_record)


def read_text(text: str, **metadata) -> RawDocument:
    """A RawDocument from a string already in memory (the Python API's ``analyze(text)``)."""
    from .dispatch import read_text as _read_text

    return _read_text(text, **metadata)
