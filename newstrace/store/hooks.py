"""What the layers above the store plug into it, so that the store package imports nothing above it.

``SQLiteStore.ingest``, ``SQLiteStore.export`` and the analysts' corrections that ``SQLiteStore.get``
lays over an article belong to ``newstrace.ingest``, ``newstrace.exports`` and ``newstrace.desk``,
which all import the store. ``newstrace/api.py`` installs them here when the package loads (every
``import newstrace.*`` runs it first), so the store calls them without an upward import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import UsageError

# name -> callable: ingest(store, paths, ctx, progress=..., **engine_options) -> IngestReport;
# export(store, fmt, out, **filters) -> {table: rows}; overlay(store, article) -> article.
_HOOKS: dict[str, Callable[..., Any]] = {}


def install(**hooks: Callable[..., Any]) -> None:
    """Plug ``ingest``, ``export`` and/or ``overlay`` into the store."""
    unknown = set(hooks) - {"ingest", "export", "overlay"}
    if unknown:
        raise ValueError(f"unknown store hooks: {sorted(unknown)}")
    _HOOKS.update(hooks)


def get(name: str, *, required: bool = True) -> Callable[..., Any] | None:
    """The installed hook ``name``; UsageError when a required one is missing."""
    hook = _HOOKS.get(name)
    if hook is None and required:
        raise UsageError(f"the store's {name} is provided by newstrace's API: import newstrace first")
    return hook
