"""Per-connection SQLite tuning for callers that know their access pattern (no SQL outside the store).

The linker enlarges the page cache while it links (``corpus/linker.py``: random band-index
lookups), and the web app's reader connections keep hot FTS pages cached and memory-map the rest
(``web/app.py``). A store without pragmas (another backend) keeps its own settings.
"""

from __future__ import annotations


def cache_size(store) -> int | None:
    """The connection's page cache setting (negative: KiB; positive: pages); None when it has none."""
    try:
        return int(store.read("PRAGMA cache_size")[0][0])
    except Exception:  # noqa: BLE001 - a store without pragmas (another backend)
        return None


def set_cache_size(store, value: int) -> None:
    """Set the connection's page cache (negative: KiB; positive: pages), as SQLite reads it."""
    store.read(f"PRAGMA cache_size = {int(value)}")  # int() on purpose: PRAGMA takes no parameters


def for_reads(store, *, cache_kib: int, mmap_bytes: int) -> None:
    """Tune a reader connection: a ``cache_kib`` page cache and up to ``mmap_bytes`` memory-mapped."""
    set_cache_size(store, -int(cache_kib))
    store.read(f"PRAGMA mmap_size = {int(mmap_bytes)}")
