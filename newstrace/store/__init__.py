"""The store behind one small interface; ``sqlite.py`` is the embedded default."""

from __future__ import annotations


def open_store(path: str, **kwargs):
    """Open (creating and migrating as needed) the SQLite store at ``path``."""
    from .sqlite import SQLiteStore

    return SQLiteStore(path, **kwargs)
