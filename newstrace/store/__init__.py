"""The store behind one small interface; ``sqlite.py`` is the embedded default.

This package holds every SQL statement of newstrace (``tests/test_no_sql_outside_store.py``);
the layers above call named functions, never SQL:

- ``sqlite.SQLiteStore``: open, put/get/versions, search, articles, stats, ``transaction()``, ``read``;
- ``linking``: the corpus tables the linker writes (fingerprints as bytes, bands, story keys, links,
  stories, claim links, corpus_meta); ``stories``: the story-vector cache; ``events``: merged events;
- ``ingest_log``: resuming and the engines' log; ``rows``: stored article JSON without the overlay;
- ``desk``: verdicts, notes, corrections, users, audit; ``queries``/``links``: the read side;
- ``tuning``: per-connection cache and memory-map settings.

Writers take the connection of one ``store.transaction()`` (several calls commit together);
readers take the store.
"""

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
