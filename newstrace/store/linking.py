"""The corpus tables of the store (schema version 2): what linking writes and reads back.

The linker (``newstrace/corpus``) decides; these functions hold every statement it runs, so no
SQL lives outside the store package. Writers take the sqlite3 connection of an open
``store.transaction()`` (a batch of articles commits together, or not at all); readers use
``store.read`` (parameterised, bounded). The store imports nothing above it, so a fingerprint
and the term statistics cross this interface as bytes (``corpus/prints.py`` packs them).

Links are stored once per pair, from the article linked later (``doc_id``) to the one it was
found against (``other_doc_id``), with evidence offsets in ``doc_id``'s text first; ``links.py``
reads them from either side.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from .links import MAX_LINKS

CORPUS_TABLES = ("corpus_prints", "corpus_bands", "corpus_keys", "corpus_meta", "links", "stories",
                 "story_members", "claim_links")
LINKED_UPTO = "linked_upto"  # corpus_meta: the highest article row id the last linking run looked at
DOCFREQ = "docfreq"  # corpus_meta: the corpus' term statistics (similarity.DocFreq as bytes)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- fingerprints, LSH bands, story keys ----------------------------------------------------------

def save_print(c, doc_id: str, published: str | None, day: int | None, outlet: str | None, title: str | None,
               data: bytes, bands: Iterable[tuple[int, int]], keys: Iterable[int]) -> None:
    """Store an article's packed fingerprint, its LSH band keys and its story keys."""
    c.execute("INSERT OR REPLACE INTO corpus_prints (doc_id, published, day, outlet, title, data, linked_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)", (doc_id, published, day, outlet, title, data, now()))
    c.executemany("INSERT INTO corpus_bands (band, key, doc_id) VALUES (?, ?, ?)", ((b, k, doc_id) for b, k in bands))
    c.executemany("INSERT INTO corpus_keys (key, day, doc_id) VALUES (?, ?, ?)", ((k, day, doc_id) for k in keys))


def print_rows(store, doc_ids: list[str]) -> list[tuple]:
    """``(doc_id, published, day, outlet, title, data)`` of the fingerprinted articles among ``doc_ids``."""
    if not doc_ids:
        return []
    return store.read("SELECT doc_id, published, day, outlet, title, data FROM corpus_prints"
                      " WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(doc_ids),))


def linked(store, doc_ids: list[str]) -> set[str]:
    """The ids among ``doc_ids`` that are linked already (have a fingerprint)."""
    return {r[0] for r in store.read(
        "SELECT doc_id FROM corpus_prints WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(doc_ids),))}


# What a fingerprint reads of a stored article (``corpus.linker.bare_article``), in this order.
PRINT_FIELDS = ("doc_id", "source", "text", "title", "published", "language", "entities", "places", "quality.spun")


def print_fields(store, doc_id: str) -> str | None:
    """The current version of an article's PRINT_FIELDS as one JSON array (None: no current version).

    Extracted in SQL: an analysed article's stored JSON is ~120 kB, and its quotes, sentences and events,
    which a fingerprint does not read, were most of parsing it in Python (issue 15: carriers of newly
    learned boilerplate are fingerprinted again, several per linked article)."""
    paths = ", ".join(f"'$.{f}'" for f in PRINT_FIELDS)  # names from the fixed tuple above
    rows = store.read(f"SELECT json_extract(json, {paths}) FROM articles WHERE doc_id = ? AND is_current = 1",
                      (doc_id,))
    return rows[0][0] if rows else None


def is_current(store, doc_id: str) -> bool:
    """Whether ``doc_id`` is a stored article's current version."""
    return bool(store.read("SELECT 1 FROM articles WHERE doc_id = ? AND is_current = 1", (doc_id,)))


def forget_bands(c, doc_id: str, below_band: int) -> None:
    """Drop an article's LSH bands under ``below_band`` and its story keys (before re-fingerprinting it)."""
    c.execute("DELETE FROM corpus_bands WHERE doc_id = ? AND band < ?", (doc_id, below_band))
    c.execute("DELETE FROM corpus_keys WHERE doc_id = ?", (doc_id,))


def add_bands(c, rows: Iterable[tuple[int, int, str]]) -> None:
    """Add ``(band, key, doc_id)`` rows to corpus_bands."""
    c.executemany("INSERT INTO corpus_bands (band, key, doc_id) VALUES (?, ?, ?)", rows)


def band_candidates(store, keys: list[tuple[int, int]], doc_id: str, count_band: int, limit: int) -> list[tuple]:
    """``(doc_id, keys shared, of them in count_band)`` of the articles sharing ``(band, key)`` pairs
    with ``doc_id`` (itself excluded), most shared keys first, at most ``limit``."""
    return store.read(
        "SELECT b.doc_id, count(*) n, sum(b.band = ?) FROM json_each(?) j JOIN corpus_bands b"
        " ON b.band = json_extract(j.value, '$[0]') AND b.key = json_extract(j.value, '$[1]')"
        " WHERE b.doc_id != ? GROUP BY b.doc_id ORDER BY n DESC, b.doc_id LIMIT ?",
        (count_band, json.dumps(keys), doc_id, limit))


def band_keys_over(store, band: int, keys: list[int], cap: int) -> set[int]:
    """The keys among ``keys`` that more than ``cap`` articles carry in ``band``.

    Bounded per key: the index is walked to its (cap + 1)-th entry at most (OFFSET), never over a whole
    bucket of thousands (``band_key_counts`` counts them all)."""
    if not keys:
        return set()
    return {r[0] for r in store.read(
        "SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM corpus_bands b"
        " WHERE b.band = ? AND b.key = j.value LIMIT 1 OFFSET ?)", (json.dumps(sorted(set(keys))), band, cap))}


def band_key_counts(store, band: int, keys: list[int]) -> dict[int, int]:
    """How many articles carry each key of ``band`` (one indexed lookup for all of them)."""
    if not keys:
        return {}
    return dict(store.read(
        "SELECT key, count(*) FROM corpus_bands WHERE band = ? AND key IN (SELECT value FROM json_each(?))"
        " GROUP BY key", (band, json.dumps(sorted(set(keys))))))


def band_carriers(store, band: int, key: int, limit: int) -> list[str]:
    """The articles carrying ``key`` in ``band`` (at most ``limit``)."""
    return [r[0] for r in store.read("SELECT doc_id FROM corpus_bands WHERE band = ? AND key = ? LIMIT ?",
                                     (band, key, limit))]


# -- corpus_meta: the high-water mark, term statistics, boilerplate records ------------------------

def meta_get(store, name: str) -> Any | None:
    rows = store.read("SELECT value FROM corpus_meta WHERE name = ?", (name,))
    return rows[0][0] if rows else None


def meta_put(c, name: str, value: Any) -> None:
    c.execute("INSERT OR REPLACE INTO corpus_meta (name, value) VALUES (?, ?)", (name, value))


def meta_update(c, name: str, value: Any) -> None:
    """Change an existing record (a missing one stays missing)."""
    c.execute("UPDATE corpus_meta SET value = ? WHERE name = ?", (value, name))


def meta_range(store, lo: str, hi: str, limit: int | None = None) -> list[tuple[str, Any]]:
    """``(name, value)`` of the records with ``lo <= name < hi`` (a name prefix as a range: indexed)."""
    if limit is None:
        return store.read("SELECT name, value FROM corpus_meta WHERE name >= ? AND name < ?", (lo, hi))
    return store.read("SELECT name, value FROM corpus_meta WHERE name >= ? AND name < ? LIMIT ?", (lo, hi, limit))


def meta_names(store, lo: str, hi: str) -> list[str]:
    """The record names with ``lo <= name < hi`` (names only: the values stay on disk)."""
    return [r[0] for r in store.read("SELECT name FROM corpus_meta WHERE name >= ? AND name < ?", (lo, hi))]


def docfreq_bytes(store) -> bytes | None:
    return meta_get(store, DOCFREQ)


def save_docfreq(c, data: bytes) -> None:
    meta_put(c, DOCFREQ, data)


def unlinked(store) -> tuple[list[tuple[int, str, str | None]], int]:
    """``(row id, doc_id, published)`` of the current articles without a fingerprint, and the highest
    article row id seen.

    Only rows stored after the last linking's high-water mark are read (a rowid range), so the
    hook after a small ingest does not scan every wide article row of a large store.
    """
    mark = int(meta_get(store, LINKED_UPTO) or 0)
    # The top first: an article stored meanwhile (another ingest) stays above the mark for next time.
    top = store.read("SELECT max(id) FROM articles")[0][0] or 0
    found = store.read("SELECT a.id, a.doc_id, a.published FROM articles a WHERE a.id > ? AND a.id <= ?"
                       " AND a.is_current = 1 AND NOT EXISTS (SELECT 1 FROM corpus_prints p WHERE p.doc_id = a.doc_id)",
                       (mark, top))
    return found, top


def mark_linked(store, top: int) -> None:
    """Record that every article row up to ``top`` has been looked at by linking (own transaction)."""
    with store.transaction() as c:
        meta_put(c, LINKED_UPTO, top)


def clear(c) -> None:
    """Forget every corpus record (before a full relink)."""
    for table in CORPUS_TABLES:
        c.execute(f"DELETE FROM {table}")  # names from the fixed tuple above


# -- links ----------------------------------------------------------------------------------------

def save_link(c, doc_id: str, other: str, kind: str, score: float, evidence: list[dict]) -> None:
    c.execute("INSERT OR REPLACE INTO links (doc_id, other_doc_id, kind, score, evidence, created_at)"
              " VALUES (?, ?, ?, ?, ?, ?)", (doc_id, other, kind, float(score), json.dumps(evidence), now()))


def delete_link(c, doc_id: str, other: str, kind: str) -> None:
    c.execute("DELETE FROM links WHERE doc_id = ? AND other_doc_id = ? AND kind = ?", (doc_id, other, kind))


def links_among(store, doc_ids: list[str], kinds: tuple[str, ...] = ("copy", "rewrite")) -> list[tuple]:
    """``(doc_id, other_doc_id, kind, score)`` of the links of ``kinds`` with both ends in ``doc_ids``,
    ordered by (doc_id, other_doc_id, kind).

    Looked up by ``doc_id`` alone (one range of the primary key per id) and the other end and the kind
    checked here: with IN lists on both ends SQLite probed the primary key for every pair of ids, n x n x
    kinds lookups (issue 15: a synthetic wire story of 500 members cost 500,000 probes at every refresh,
    and its members grow with the store). The order is the one that plan returned (each IN list walked in
    sorted order over the key doc_id, other_doc_id, kind): ``independence.roles`` breaks ties in it."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return []
    wanted, kinds_ = set(ids), set(kinds)
    rows = store.read("SELECT l.doc_id, l.other_doc_id, l.kind, l.score FROM json_each(?) j"
                      " CROSS JOIN links l ON l.doc_id = j.value", (json.dumps(ids),))
    return sorted((tuple(r) for r in rows if r[2] in kinds_ and r[1] in wanted), key=lambda r: (r[0], r[1], r[2]))


def group_links(store, doc_ids: list[str]) -> list[tuple[str, str, str, float]]:
    """Copy and rewrite links among ``doc_ids`` (``links_among``: linear in the ids, same rows and order)."""
    return links_among(store, doc_ids, ("copy", "rewrite"))


def copy_neighbours(store, doc_id: str) -> list[str]:
    return [r[0] for r in store.read(
        "SELECT other_doc_id FROM links WHERE doc_id = ? AND kind IN ('copy', 'rewrite')"
        " UNION SELECT doc_id FROM links WHERE other_doc_id = ? AND kind IN ('copy', 'rewrite') LIMIT ?",
        (doc_id, doc_id, MAX_LINKS))]


def save_claim_link(c, claim_id: str, doc_id: str, other: str, stance: str, score: float, evidence: list[dict]) -> None:
    c.execute("INSERT OR REPLACE INTO claim_links (claim_id, doc_id, other_doc_id, stance, score, evidence)"
              " VALUES (?, ?, ?, ?, ?, ?)", (claim_id, doc_id, other, stance, float(score), json.dumps(evidence)))


def claim_links(store, claim_id: str) -> list[dict[str, Any]]:
    rows = store.read("SELECT other_doc_id, stance, score, evidence FROM claim_links WHERE claim_id = ?"
                      " ORDER BY score DESC LIMIT ?", (claim_id, MAX_LINKS))
    return [{"doc_id": o, "stance": s, "score": round(sc, 4), "evidence": json.loads(ev)} for o, s, sc, ev in rows]


# -- stories --------------------------------------------------------------------------------------

def story_of(store, doc_id: str) -> str | None:
    rows = store.read("SELECT story_id FROM story_members WHERE doc_id = ?", (doc_id,))
    return rows[0][0] if rows else None


def add_member(c, story_id: str, doc_id: str, score: float | None) -> None:
    c.execute("INSERT OR REPLACE INTO story_members (story_id, doc_id, role, of_doc_id, score)"
              " VALUES (?, ?, 'original', NULL, ?)", (story_id, doc_id, score))
    c.execute("INSERT OR IGNORE INTO stories (story_id, updated_at) VALUES (?, ?)", (story_id, now()))


def member_order(store, story_id: str, limit: int) -> list[tuple[str | None, str]]:
    """``(published, doc_id)`` of a story's first ``limit`` members, in ``members``' order."""
    return [tuple(r) for r in store.read(
        "SELECT p.published, m.doc_id FROM story_members m LEFT JOIN corpus_prints p ON p.doc_id = m.doc_id"
        " WHERE m.story_id = ? ORDER BY p.published IS NULL, p.published, m.doc_id LIMIT ?", (story_id, limit))]


def member_roles(store, story_id: str, doc_ids: list[str]) -> dict[str, str]:
    """doc_id -> role of these members of a story."""
    return dict(store.read("SELECT doc_id, role FROM story_members WHERE story_id = ?"
                           " AND doc_id IN (SELECT value FROM json_each(?))", (story_id, json.dumps(doc_ids))))


def members(store, story_id: str, limit: int = 10_000) -> list[dict[str, Any]]:
    rows = store.read("SELECT m.doc_id, m.role, m.of_doc_id, m.score, p.published, p.outlet, p.title"
                      " FROM story_members m LEFT JOIN corpus_prints p ON p.doc_id = m.doc_id"
                      " WHERE m.story_id = ? ORDER BY p.published IS NULL, p.published, m.doc_id LIMIT ?",
                      (story_id, limit))
    return [{"doc_id": d, "role": r, "of": o, "score": s, "published": p, "outlet": out, "title": t}
            for d, r, o, s, p, out, t in rows]
