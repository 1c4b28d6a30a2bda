"""Readers: the only place raw bytes enter newstrace. One module per input format.

``read_paths(paths, settings)`` walks files and directories recursively, detects each file's
format by content (extension only as a hint) and yields ``RawDocument`` for every document
found, or ``InputFailure`` (file named, reason given) for every input that cannot be read.
It never raises for a bad input: the run goes on with the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import InputFailure, RawDocument
from ..settings import Settings


def read_paths(paths: Iterable[str], settings: Settings | None = None) -> Iterator[RawDocument | InputFailure]:
    """Yield documents (or failures) from files, directories (recursively) and ``-`` (stdin)."""
    from .dispatch import read_paths as _read

    yield from _read(paths, settings or Settings())


def read_text(text: str, **metadata) -> RawDocument:
    """A RawDocument from a string already in memory (the Python API's ``analyze(text)``)."""
    from .dispatch import read_text as _read_text

    return _read_text(text, **metadata)
