"""The story-vector cache of the store: each article's e5 view embeddings, as story linking reads them.

Story linking (``corpus/stories.py``) compares an article with a few candidates through the pair model,
whose inputs are e5 embeddings of the article's views (headline and opening, first ~512 tokens, later
chunks). Embedding costs far more than anything else in linking, so each article's vectors are computed
once, when linking first needs them, and kept here (float16, ~0.8 kB per view). They are a pure function of
the article's text, title and language (a new version is a new doc_id), so relinking keeps them.

Writers take the sqlite3 connection of an open ``store.transaction()``; readers use ``store.read``
(parameterised, bounded).
"""

from __future__ import annotations

import json

import numpy as np

DIM = 384  # multilingual-e5-small
MAX_READ = 500  # rows read per call: callers ask for a handful (one article's candidates)

_DDL = ("CREATE TABLE IF NOT EXISTS story_vectors (doc_id TEXT PRIMARY KEY, lang TEXT, views INTEGER NOT NULL,"
        " vectors BLOB NOT NULL, days TEXT)")


def ensure(c) -> None:
    """Create the table when this store has none yet (inside the caller's transaction)."""
    c.execute(_DDL)


def save_vectors(c, doc_id: str, lang: str | None, vectors: np.ndarray, days) -> None:
    """Store one article's view vectors ((k, 384), any float dtype) and its event days (ordinals)."""
    v = np.asarray(vectors, dtype=np.float16).reshape(-1, DIM)
    c.execute("INSERT OR REPLACE INTO story_vectors (doc_id, lang, views, vectors, days) VALUES (?, ?, ?, ?, ?)",
              (doc_id, lang, len(v), v.tobytes(), json.dumps(sorted(days or []))))


def load_vectors(store, doc_ids: list[str]) -> dict[str, tuple[str | None, np.ndarray, frozenset]]:
    """doc_id -> (language, (k, 384) float32 vectors, event days) for the ids that have them."""
    if not doc_ids:
        return {}
    try:
        rows = store.read("SELECT doc_id, lang, views, vectors, days FROM story_vectors"
                          " WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(doc_ids[:MAX_READ]),))
    except Exception as e:  # noqa: BLE001 - sqlite3.OperationalError: a store linked before this table existed
        if "no such table" in str(e):
            return {}
        raise
    return {d: (lang, np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(n, DIM),
                frozenset(json.loads(days or "[]")))
            for d, lang, n, blob, days in rows}


def story_inputs(store, doc_ids: list[str]) -> dict[str, dict]:
    """doc_id -> {text, title, language, times, events} of stored articles (what a story item is built from)."""
    if not doc_ids:
        return {}
    rows = store.read("SELECT doc_id, json_extract(json, '$.text'), json_extract(json, '$.title'),"
                      " json_extract(json, '$.language'), json_extract(json, '$.times'), json_extract(json, '$.events')"
                      " FROM articles WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(doc_ids[:MAX_READ]),))
    return {d: {"text": t or "", "title": ti, "language": lang, "times": json.loads(tm) if tm else [],
                "events": json.loads(ev) if ev else []}
            for d, t, ti, lang, tm, ev in rows}


def lead_inputs(store, doc_ids: list[str]) -> dict[str, tuple[list, str | None]]:
    """doc_id -> (times as stored JSON, language) of stored articles: what the lexical story rule's lead-date
    check reads (no text)."""
    if not doc_ids:
        return {}
    rows = store.read("SELECT doc_id, json_extract(json, '$.times'), json_extract(json, '$.language')"
                      " FROM articles WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(doc_ids[:MAX_READ]),))
    return {d: (json.loads(tm) if tm else [], lang) for d, tm, lang in rows}


def key_candidates(store, keys: list[str], day: int | None, doc_id: str, *, window: int, per_key: int,
                   limit: int) -> list[str]:
    """Linked articles sharing any of ``keys`` (story keys in ``corpus_keys``) within ``window`` days of ``day``
    (any day when None), most shared keys first, at most ``per_key`` rows read per key and ``limit`` returned."""
    if not keys:
        return []
    parts, params = [], []
    for key in keys:
        if day is None:
            parts.append("SELECT * FROM (SELECT doc_id FROM corpus_keys WHERE key = ? LIMIT ?)")
            params += [key, per_key]
        else:
            parts.append("SELECT * FROM (SELECT doc_id FROM corpus_keys WHERE key = ? AND day BETWEEN ? AND ?"
                         " ORDER BY day DESC LIMIT ?)")
            params += [key, day - window, day + window, per_key]
    rows = store.read("SELECT doc_id, count(*) n FROM (" + " UNION ALL ".join(parts) + ")"
                      " WHERE doc_id != ? GROUP BY doc_id ORDER BY n DESC, doc_id LIMIT ?",
                      (*params, doc_id, limit))
    return [d for d, _n in rows]


def delete_story(c, story_id: str) -> None:
    """Drop a story that has no members left."""
    c.execute("DELETE FROM stories WHERE story_id = ?", (story_id,))


def set_roles(c, story_id: str, roles: dict[str, tuple[str, str | None]]) -> None:
    """Members' roles in their story: doc_id -> (original | copy | rewrite, of which doc_id)."""
    c.executemany("UPDATE story_members SET role = ?, of_doc_id = ? WHERE story_id = ? AND doc_id = ?",
                  [(role, of, story_id, d) for d, (role, of) in roles.items()])


def update_story(c, story_id: str, *, label: str, label_doc_id: str, first_published: str | None,
                 last_published: str | None, articles: int, independent_sources: int, copies: int,
                 outlets: list[str]) -> None:
    """A story's summary row, as refreshed after a batch."""
    from datetime import datetime, timezone

    c.execute("UPDATE stories SET label = ?, label_doc_id = ?, first_published = ?, last_published = ?, articles = ?,"
              " independent_sources = ?, copies = ?, outlets = ?, updated_at = ? WHERE story_id = ?",
              (label, label_doc_id, first_published, last_published, articles, independent_sources, copies,
               json.dumps(outlets), datetime.now(timezone.utc).isoformat(timespec="seconds"), story_id))
