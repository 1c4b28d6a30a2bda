"""SQL of the analyst's desk (``newstrace/desk``): users, audit, verdicts, notes, corrections, watchlists.

The tables come from migration 5 in ``schema.py``. Every write runs in one of the store's write
transactions together with its audit row (who, what, when), so a write is never unaudited. Every
statement is parameterised; column names come from constants here, never from input.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from .sqlite import match_query

VERDICT_COLS = ("verdict_id", "target_kind", "target_id", "doc_id", "source_key", "anchor_text", "verdict",
                "note", "sources", "author", "created_at")
NOTE_COLS = ("note_id", "target_kind", "target_id", "source_key", "text", "author", "created_at")
CORRECTION_COLS = ("correction_id", "source_key", "doc_id", "target", "action", "span_start", "span_end",
                   "anchor_text", "value", "original", "note", "author", "created_at", "withdrawn_at", "withdrawn_by")
WATCH_COLS = ("name", "query", "entity", "place", "outlet", "event_type", "created_by", "created_at", "last_seen",
              "last_seen_id")
USER_COLS = ("name", "role", "created_at", "created_by", "disabled")
AUDIT_COLS = ("id", "at", "user", "action", "target", "detail")
_JSON_COLS = {"sources", "value", "original", "detail"}
# Why 200: a watchlist lists the newest matches a person reads in one go; the count is exact anyway.
MAX_WATCH_ITEMS = 200


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _row(cols: tuple[str, ...], r: tuple) -> dict[str, Any]:
    d = dict(zip(cols, r))
    for k in _JSON_COLS & d.keys():
        if isinstance(d[k], str):
            d[k] = json.loads(d[k])
    return d


def _audit(c, user: str, action: str, target: str | None, detail: dict[str, Any]) -> None:
    c.execute("INSERT INTO desk_audit (at, user, action, target, detail) VALUES (?, ?, ?, ?, ?)",
              (now(), user, action, target, json.dumps(detail, ensure_ascii=False)))


def audit(store, user: str, action: str, target: str | None = None, detail: dict[str, Any] | None = None) -> None:
    """Record a write done elsewhere (an upload) in the audit table."""
    with store.transaction() as c:
        _audit(c, user, action, target, detail or {})


def audit_log(store, *, limit: int = 100, user: str | None = None) -> list[dict[str, Any]]:
    cond, params = ("WHERE user = ?", [user]) if user else ("", [])
    rows = store.read(f"SELECT {', '.join(AUDIT_COLS)} FROM desk_audit {cond} ORDER BY id DESC LIMIT ?",
                      (*params, int(limit)))
    return [_row(AUDIT_COLS, r) for r in rows]


# -- articles ------------------------------------------------------------------------------------

def is_merged_event(store, event_id: str) -> bool:
    """True for an event across articles (``merged_events``, the events pass)."""
    return bool(store.read("SELECT 1 FROM merged_events WHERE event_id = ?", (event_id,)))


def source_key_of(store, doc_id: str) -> str | None:
    rows = store.read("SELECT source_key FROM articles WHERE doc_id = ?", (doc_id,))
    return rows[0][0] if rows else None


def doc_of_claim(store, claim_id: str) -> str | None:
    rows = store.read("SELECT t.doc_id FROM claims t JOIN articles a ON a.doc_id = t.doc_id WHERE t.claim_id = ?"
                      " ORDER BY a.is_current DESC LIMIT 1", (claim_id,))
    return rows[0][0] if rows else None


def doc_of_event(store, event_id: str) -> str | None:
    """The article of an event report (an article's ``Event.event_id``)."""
    rows = store.read("SELECT doc_id FROM event_reports WHERE event_id = ?", (event_id,))
    if rows:
        return rows[0][0]
    # Not merged yet (the events pass has not run on this article): look in the stored JSON.
    rows = store.read("SELECT a.doc_id FROM articles a, json_each(a.json, '$.events') e"
                      " WHERE json_extract(e.value, '$.event_id') = ? ORDER BY a.is_current DESC LIMIT 1",
                      (event_id,))
    return rows[0][0] if rows else None


# -- verdicts and notes --------------------------------------------------------------------------

def insert_verdict(store, rec: dict[str, Any]) -> None:
    with store.transaction() as c:
        vals = [json.dumps(rec[k]) if k == "sources" else rec.get(k) for k in VERDICT_COLS]
        c.execute(f"INSERT INTO desk_verdicts ({', '.join(VERDICT_COLS)}) VALUES ({', '.join('?' * len(VERDICT_COLS))})",
                  vals)
        _audit(c, rec["author"], "verdict", f"{rec['target_kind']}:{rec['target_id']}",
               {"verdict": rec["verdict"], "verdict_id": rec["verdict_id"]})


def verdicts(store, *, target_kind: str | None = None, target_ids: list[str] | None = None,
             source_key: str | None = None, since: str | None = None, limit: int | None = None) -> list[dict]:
    """Verdicts, oldest first: those on ``target_ids``, or made on an article of ``source_key``."""
    where, params = [], []
    if target_kind:
        where.append("target_kind = ?")
        params.append(target_kind)
    ors = []
    if target_ids:
        ors.append("target_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(target_ids)))
    if source_key:
        ors.append("source_key = ?")
        params.append(source_key)
    if ors:
        where.append("(" + " OR ".join(ors) + ")")
    elif target_ids is not None:
        return []
    if since:
        where.append("created_at >= ?")
        params.append(since)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    lim = " LIMIT ?" if limit else ""
    rows = store.read(f"SELECT {', '.join(VERDICT_COLS)} FROM desk_verdicts{cond} ORDER BY created_at, rowid{lim}",
                      (*params, *([int(limit)] if limit else [])))
    return [_row(VERDICT_COLS, r) for r in rows]


def insert_note(store, rec: dict[str, Any]) -> None:
    with store.transaction() as c:
        c.execute(f"INSERT INTO desk_notes ({', '.join(NOTE_COLS)}) VALUES ({', '.join('?' * len(NOTE_COLS))})",
                  [rec.get(k) for k in NOTE_COLS])
        _audit(c, rec["author"], "note", f"{rec['target_kind']}:{rec['target_id']}", {"note_id": rec["note_id"]})


def notes(store, *, target_kind: str | None = None, target_ids: list[str] | None = None,
          source_key: str | None = None) -> list[dict]:
    where, params = [], []
    if target_kind:
        where.append("target_kind = ?")
        params.append(target_kind)
    ors = []
    if target_ids:
        ors.append("target_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(target_ids)))
    if source_key:
        ors.append("source_key = ?")
        params.append(source_key)
    if ors:
        where.append("(" + " OR ".join(ors) + ")")
    elif target_ids is not None:
        return []
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    rows = store.read(f"SELECT {', '.join(NOTE_COLS)} FROM desk_notes{cond} ORDER BY created_at, rowid", params)
    return [_row(NOTE_COLS, r) for r in rows]


# -- corrections ---------------------------------------------------------------------------------

def insert_correction(store, rec: dict[str, Any]) -> None:
    with store.transaction() as c:
        vals = [json.dumps(rec[k], ensure_ascii=False) if k in ("value", "original") else rec.get(k)
                for k in CORRECTION_COLS]
        c.execute(f"INSERT INTO desk_corrections ({', '.join(CORRECTION_COLS)})"
                  f" VALUES ({', '.join('?' * len(CORRECTION_COLS))})", vals)
        _audit(c, rec["author"], "correct", f"article:{rec['doc_id']}",
               {"correction_id": rec["correction_id"], "target": rec["target"], "action": rec["action"],
                "start": rec["span_start"], "end": rec["span_end"], "value": rec["value"]})


def withdraw_correction(store, correction_id: str, user: str) -> bool:
    with store.transaction() as c:
        cur = c.execute("UPDATE desk_corrections SET withdrawn_at = ?, withdrawn_by = ?"
                        " WHERE correction_id = ? AND withdrawn_at IS NULL", (now(), user, correction_id))
        if cur.rowcount:
            _audit(c, user, "withdraw", f"correction:{correction_id}", {})
        return bool(cur.rowcount)


def corrections(store, *, source_key: str | None = None, doc_id: str | None = None,
                include_withdrawn: bool = False, since: str | None = None) -> list[dict]:
    """Corrections, oldest first; ``doc_id``: those of that article's source (every version)."""
    where, params = [], []
    if doc_id is not None:
        where.append("source_key = (SELECT source_key FROM articles WHERE doc_id = ?)")
        params.append(doc_id)
    if source_key is not None:
        where.append("source_key = ?")
        params.append(source_key)
    if not include_withdrawn:
        where.append("withdrawn_at IS NULL")
    if since:
        where.append("created_at >= ?")
        params.append(since)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    rows = store.read(f"SELECT {', '.join(CORRECTION_COLS)} FROM desk_corrections{cond} ORDER BY created_at, rowid",
                      params)
    return [_row(CORRECTION_COLS, r) for r in rows]


def corrected_sources(store) -> set[str]:
    """The source keys of the articles that have corrections in force."""
    return {r[0] for r in store.read("SELECT DISTINCT source_key FROM desk_corrections WHERE withdrawn_at IS NULL")}


def has_corrections(store, doc_id: str) -> bool:
    return bool(store.read("SELECT 1 FROM desk_corrections WHERE withdrawn_at IS NULL AND source_key ="
                           " (SELECT source_key FROM articles WHERE doc_id = ?) LIMIT 1", (doc_id,)))


# -- users ---------------------------------------------------------------------------------------

def insert_user(store, name: str, role: str, token_hash: str, by: str) -> None:
    with store.transaction() as c:
        c.execute("INSERT INTO desk_users (name, role, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                  (name, role, token_hash, now(), by))
        _audit(c, by, "user.add", f"user:{name}", {"role": role})


def update_user(store, name: str, by: str, *, role: str | None = None, token_hash: str | None = None,
                disabled: bool | None = None) -> bool:
    sets, params = [], []
    for col, v in (("role", role), ("token_hash", token_hash), ("disabled", None if disabled is None else int(disabled))):
        if v is not None:
            sets.append(f"{col} = ?")
            params.append(v)
    if not sets:
        return False
    with store.transaction() as c:
        cur = c.execute(f"UPDATE desk_users SET {', '.join(sets)} WHERE name = ?", (*params, name))
        if cur.rowcount:
            _audit(c, by, "user.update", f"user:{name}",
                   {"role": role, "new_token": token_hash is not None, "disabled": disabled})
        return bool(cur.rowcount)


def delete_user(store, name: str, by: str) -> bool:
    with store.transaction() as c:
        cur = c.execute("DELETE FROM desk_users WHERE name = ?", (name,))
        if cur.rowcount:
            _audit(c, by, "user.remove", f"user:{name}", {})
        return bool(cur.rowcount)


def users(store) -> list[dict]:
    return [_row(USER_COLS, r) for r in store.read(f"SELECT {', '.join(USER_COLS)} FROM desk_users ORDER BY name")]


def user_by_token_hash(store, token_hash: str) -> tuple[str, str, str] | None:
    """(name, role, stored hash) of the enabled user with this token hash, else None."""
    rows = store.read("SELECT name, role, token_hash FROM desk_users WHERE token_hash = ? AND disabled = 0",
                      (token_hash,))
    return tuple(rows[0]) if rows else None


def has_users(store) -> bool:
    return bool(store.read("SELECT 1 FROM desk_users LIMIT 1"))


# -- watchlists ----------------------------------------------------------------------------------

def upsert_watchlist(store, rec: dict[str, Any], by: str) -> None:
    with store.transaction() as c:
        c.execute(f"INSERT INTO desk_watchlists ({', '.join(WATCH_COLS)}) VALUES ({', '.join('?' * len(WATCH_COLS))})"
                  " ON CONFLICT(name) DO UPDATE SET query = excluded.query, entity = excluded.entity,"
                  " place = excluded.place, outlet = excluded.outlet, event_type = excluded.event_type",
                  [rec.get(k) for k in WATCH_COLS])
        _audit(c, by, "watch.save", f"watchlist:{rec['name']}",
               {k: rec.get(k) for k in ("query", "entity", "place", "outlet", "event_type")})


def delete_watchlist(store, name: str, by: str) -> bool:
    with store.transaction() as c:
        cur = c.execute("DELETE FROM desk_watchlists WHERE name = ?", (name,))
        if cur.rowcount:
            _audit(c, by, "watch.remove", f"watchlist:{name}", {})
        return bool(cur.rowcount)


def watchlists(store, name: str | None = None) -> list[dict]:
    cond, params = ("WHERE name = ?", [name]) if name else ("", [])
    rows = store.read(f"SELECT {', '.join(WATCH_COLS)} FROM desk_watchlists {cond} ORDER BY name", params)
    return [_row(WATCH_COLS, r) for r in rows]


def mark_seen(store, name: str, at: str, last_id: int, by: str) -> None:
    with store.transaction() as c:
        c.execute("UPDATE desk_watchlists SET last_seen = ?, last_seen_id = ? WHERE name = ?", (at, last_id, name))
        _audit(c, by, "watch.seen", f"watchlist:{name}", {"last_seen": at, "last_seen_id": last_id})


def last_article_id(store) -> int:
    """The highest articles.id: rowids only grow, so "new since a look" is "id above this"."""
    return store.read("SELECT coalesce(max(id), 0) FROM articles")[0][0]


def watch_matches(store, w: dict[str, Any], *, since: str | None = None, after_id: int | None = None,
                  limit: int = MAX_WATCH_ITEMS) -> tuple[int, list[dict]]:
    """Current articles matching watchlist ``w``, ingested at or after ``since`` (an ISO date or time)
    and stored after article row ``after_id`` (all when both are None):
    (count, newest first up to ``limit`` as {doc_id, title, outlet, url, published, ingested_at})."""
    where, params = store.where(outlet=w.get("outlet"), entity=w.get("entity"), place=w.get("place"))
    if since:
        where.append("a.ingested_at >= ?")
        params.append(since)
    if after_id is not None:
        where.append("a.id > ?")
        params.append(int(after_id))
    if w.get("event_type"):
        # Events are not a facet table yet: read them from the stored JSON (only for the rows the
        # other, indexed conditions leave).
        where.append("EXISTS (SELECT 1 FROM json_each(a.json, '$.events') e"
                     " WHERE json_extract(e.value, '$.type') = ? COLLATE NOCASE)")
        params.append(w["event_type"])
    frm = "articles a"
    if w.get("query"):
        frm = "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        where.insert(0, "articles_fts MATCH ?")
        params.insert(0, match_query(w["query"]))
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    total = store.read_fts(f"SELECT count(*) FROM {frm}{cond}", params)[0][0]
    cols = ("doc_id", "title", "outlet", "url", "published", "ingested_at")
    rows = store.read_fts(f"SELECT {', '.join('a.' + c for c in cols)} FROM {frm}{cond}"
                          " ORDER BY a.ingested_at DESC, a.id DESC LIMIT ?", (*params, int(limit)))
    return total, [dict(zip(cols, r)) for r in rows]
