"""The public API surface is deliberate: changing __all__ must be a conscious act."""

from __future__ import annotations

import newstrace


def test_init_all_is_sorted_and_exported():
    assert newstrace.__all__ == sorted(newstrace.__all__)
    for name in newstrace.__all__:
        assert hasattr(newstrace, name), name


def test_init_core_api_present():
    for name in ("analyze", "open_store", "Article", "Settings", "NewstraceError"):
        assert name in newstrace.__all__
