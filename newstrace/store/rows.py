"""Stored article records as the store holds them: the JSON text, without the analysts' overlay.

``store.get`` rebuilds an article (every span checked) and lays the desk's corrections over it;
linking needs a handful of fields of many articles fast, and the desk needs the record exactly as
the extractor left it. Both read the stored JSON through these functions (parameterised, bounded
by the ids asked for).
"""

from __future__ import annotations

import json

MAX_IDS = 1000  # ids in one IN-list read: bounds one statement whatever a caller passes


def article_json(store, doc_id: str, *, current_only: bool = False) -> str | None:
    """The stored JSON of one article version (``current_only``: only if it is the current one)."""
    sql = "SELECT json FROM articles WHERE doc_id = ?" + (" AND is_current = 1" if current_only else "")
    rows = store.read(sql, (doc_id,))
    return rows[0][0] if rows else None


def articles_json(store, doc_ids: list[str]) -> dict[str, str]:
    """``doc_id -> stored JSON`` for the ids found (read MAX_IDS at a time)."""
    out: dict[str, str] = {}
    for i in range(0, len(doc_ids), MAX_IDS):
        out.update(store.read("SELECT doc_id, json FROM articles WHERE doc_id IN (SELECT value FROM json_each(?))",
                              (json.dumps(doc_ids[i:i + MAX_IDS]),)))
    return out


def article_text(store, doc_id: str) -> str | None:
    """An article's clean text (None: no such article), read in SQL without parsing its JSON in Python."""
    rows = store.read("SELECT json_extract(json, '$.text') FROM articles WHERE doc_id = ?", (doc_id,))
    return (rows[0][0] or "") if rows else None


def articles_json_readonly(path: str, doc_ids: list[str]) -> list[str]:
    """The stored JSON of these articles through a fresh read-only connection to the store file.

    For helper processes (linking fingerprints upcoming batches in one): they must not share the
    parent's connection, and must never write.
    """
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    try:
        return [r[0] for r in conn.execute("SELECT json FROM articles WHERE doc_id IN (SELECT value FROM json_each(?))",
                                           (json.dumps(doc_ids),)).fetchall()]
    finally:
        conn.close()
