"""The corpus tables of the store (schema version 2), as functions taking an open store.

Writers take the sqlite3 connection of an open ``store.transaction()``; readers use
``store.read`` (parameterised, bounded). Links are stored once per pair, from the article linked
later (``doc_id``) to the one it was found against (``other_doc_id``), with evidence offsets in
``doc_id``'s text first; ``links_of`` returns them from either side, swapping the evidence.
"""

from __future__ import annotations

import json
import struct
from datetime import datetime, timezone
from typing import Any

import numpy as np

from ..model import Article, Link  # noqa: F401 - Link/Article kept for callers' type hints
from ..store.links import MAX_LINKS, attach_links, links_of  # noqa: F401 - reading links is the store's job
from .fingerprint import Fingerprint, all_band_keys
from .similarity import DocFreq

_HEAD = struct.Struct("<I")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- fingerprints ---------------------------------------------------------------------------

_ARRAYS = (("sig", np.uint32), ("anchor_sig", np.uint32), ("terms", np.uint32), ("counts", np.uint16),
           ("lead_terms", np.uint32), ("lead_counts", np.uint16))


def pack(fp: Fingerprint) -> bytes:
    """A Fingerprint as bytes: a JSON header (metadata, array lengths) then the raw arrays."""
    arrays = [getattr(fp, name) for name, _ in _ARRAYS]
    head = {"keys": fp.keys, "numbers": fp.numbers, "names": fp.names, "n_words": fp.n_words, "spun": fp.spun,
            "lens": [-1 if a is None else len(a) for a in arrays]}
    hb = json.dumps(head, ensure_ascii=False).encode("utf-8")
    body = b"".join(np.ascontiguousarray(a, dtype=dt).tobytes() for a, (_, dt) in zip(arrays, _ARRAYS) if a is not None)
    return _HEAD.pack(len(hb)) + hb + body


def unpack(doc_id: str, blob: bytes, *, published=None, day=None, outlet=None, title=None) -> Fingerprint:
    (n,) = _HEAD.unpack_from(blob)
    head = json.loads(blob[4:4 + n].decode("utf-8"))
    pos = 4 + n
    arrays = {}
    for (name, dt), ln in zip(_ARRAYS, head["lens"]):
        if ln < 0:
            arrays[name] = None
            continue
        size = np.dtype(dt).itemsize * ln
        arrays[name] = np.frombuffer(blob[pos:pos + size], dtype=dt).copy()
        pos += size
    return Fingerprint(doc_id=doc_id, keys=head["keys"], numbers=head["numbers"], names=head["names"],
                       n_words=head["n_words"], spun=head.get("spun", 0.0), published=published, day=day,
                       outlet=outlet, title=title, **arrays)


def save_fingerprint(c, fp: Fingerprint) -> None:
    c.execute("INSERT OR REPLACE INTO corpus_prints (doc_id, published, day, outlet, title, data, linked_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)", (fp.doc_id, fp.published, fp.day, fp.outlet, fp.title, pack(fp), now()))
    c.executemany("INSERT INTO corpus_bands (band, key, doc_id) VALUES (?, ?, ?)",
                  ((b, k, fp.doc_id) for b, k in all_band_keys(fp)))
    c.executemany("INSERT INTO corpus_keys (key, day, doc_id) VALUES (?, ?, ?)",
                  ((k, fp.day, fp.doc_id) for k in fp.keys))


def load_fingerprints(store, doc_ids: list[str]) -> dict[str, Fingerprint]:
    if not doc_ids:
        return {}
    rows = store.read("SELECT doc_id, published, day, outlet, title, data FROM corpus_prints"
                      " WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(doc_ids),))
    return {d: unpack(d, data, published=p, day=day, outlet=o, title=t) for d, p, day, o, t, data in rows}


def load_docfreq(store) -> DocFreq:
    rows = store.read("SELECT value FROM corpus_meta WHERE name = 'docfreq'")
    return DocFreq.from_bytes(rows[0][0]) if rows else DocFreq()


def save_docfreq(c, df: DocFreq) -> None:
    c.execute("INSERT OR REPLACE INTO corpus_meta (name, value) VALUES ('docfreq', ?)", (df.to_bytes(),))


def clear(c) -> None:
    """Forget every corpus record (before a full relink)."""
    for table in ("corpus_prints", "corpus_bands", "corpus_keys", "corpus_meta", "links", "stories",
                  "story_members", "claim_links"):
        c.execute(f"DELETE FROM {table}")  # names from the fixed tuple above


# -- links ----------------------------------------------------------------------------------

def save_link(c, doc_id: str, other: str, kind: str, score: float, evidence: list[dict]) -> None:
    c.execute("INSERT OR REPLACE INTO links (doc_id, other_doc_id, kind, score, evidence, created_at)"
              " VALUES (?, ?, ?, ?, ?, ?)", (doc_id, other, kind, float(score), json.dumps(evidence), now()))


def group_links(store, doc_ids: list[str]) -> list[tuple[str, str, str, float]]:
    """Copy and rewrite links among ``doc_ids``."""
    return [tuple(r) for r in store.read(
        "SELECT doc_id, other_doc_id, kind, score FROM links WHERE kind IN ('copy', 'rewrite')"
        " AND doc_id IN (SELECT value FROM json_each(?)) AND other_doc_id IN (SELECT value FROM json_each(?))",
        (json.dumps(doc_ids), json.dumps(doc_ids)))]


def copy_neighbours(store, doc_id: str) -> list[str]:
    return [r[0] for r in store.read(
        "SELECT other_doc_id FROM links WHERE doc_id = ? AND kind IN ('copy', 'rewrite')"
        " UNION SELECT doc_id FROM links WHERE other_doc_id = ? AND kind IN ('copy', 'rewrite') LIMIT ?",
        (doc_id, doc_id, MAX_LINKS))]


# -- stories --------------------------------------------------------------------------------

def story_of(store, doc_id: str) -> str | None:
    rows = store.read("SELECT story_id FROM story_members WHERE doc_id = ?", (doc_id,))
    return rows[0][0] if rows else None


def add_member(c, story_id: str, doc_id: str, score: float | None) -> None:
    c.execute("INSERT OR REPLACE INTO story_members (story_id, doc_id, role, of_doc_id, score) VALUES (?, ?, 'original', NULL, ?)",
              (story_id, doc_id, score))
    c.execute("INSERT OR IGNORE INTO stories (story_id, updated_at) VALUES (?, ?)", (story_id, now()))


def members(store, story_id: str, limit: int = 10_000) -> list[dict[str, Any]]:
    rows = store.read("SELECT m.doc_id, m.role, m.of_doc_id, m.score, p.published, p.outlet, p.title"
                      " FROM story_members m LEFT JOIN corpus_prints p ON p.doc_id = m.doc_id"
                      " WHERE m.story_id = ? ORDER BY p.published IS NULL, p.published, m.doc_id LIMIT ?",
                      (story_id, limit))
    return [{"doc_id": d, "role": r, "of": o, "score": s, "published": p, "outlet": out, "title": t}
            for d, r, o, s, p, out, t in rows]


def save_claim_link(c, claim_id: str, doc_id: str, other: str, stance: str, score: float, evidence: list[dict]) -> None:
    c.execute("INSERT OR REPLACE INTO claim_links (claim_id, doc_id, other_doc_id, stance, score, evidence)"
              " VALUES (?, ?, ?, ?, ?, ?)", (claim_id, doc_id, other, stance, float(score), json.dumps(evidence)))


def claim_links(store, claim_id: str) -> list[dict[str, Any]]:
    rows = store.read("SELECT other_doc_id, stance, score, evidence FROM claim_links WHERE claim_id = ?"
                      " ORDER BY score DESC LIMIT ?", (claim_id, MAX_LINKS))
    return [{"doc_id": o, "stance": s, "score": round(sc, 4), "evidence": json.loads(ev)} for o, s, sc, ev in rows]
