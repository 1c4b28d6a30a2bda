"""Identity of a stored document across versions (the store owns versioning, so it owns the key)."""

from __future__ import annotations

from typing import Any


def source_key(doc: Any) -> str:
    """Where a document (RawDocument or Article: anything with ``.source``) came from, not what it
    says: its URL, else its path, plus the record index inside a multi-record file."""
    s = doc.source
    base = s.url or s.path or "-"
    return f"{base}#{s.record}" if s.record is not None else base
