"""The store behind one small interface; ``sqlite.py`` is the embedded default."""

from __future__ import annotations


def open_store(path: str, **kwargs) -> "Store":
    """Open (creating and migrating as needed) the SQLite store at ``path``."""
    from .sqlite import SQLiteStore

    return SQLiteStore(path, **kwargs)


def __getattr__(name: str):
    # ``Store`` is the store interface; SQLiteStore is its one implementation (imported lazily so
    # ``import newstrace.store`` stays cheap).
    if name in ("Store", "SQLiteStore"):
        from .sqlite import SQLiteStore

        return SQLiteStore
    raise AttributeError(name)
