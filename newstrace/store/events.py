"""The event tables of the store (schema version 6), as functions taking an open store.

Writers take the sqlite3 connection of an open ``store.transaction()``; readers use
``store.read`` (parameterised, bounded). ``event_reports`` holds every article event with the
merged event it joined; ``merged_events`` the merged record (``events.merge.record``) with the
columns the listing filters on.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

# Merged events compared with a new report: those whose window is within this many days of the
# report's. Why 2: a window already allows the day before publication and merging allows one
# day's disagreement; more only costs comparisons.
WINDOW_SLACK_DAYS = 2
MAX_CANDIDATES = 500  # merged events loaded per report: bounds one join on a dense day
# Event ids of a dated report's day window read per report (ids only: events.merge._Windows.choose keeps the
# MAX_CANDIDATES of them the report could join; issue 15: cutting the window at MAX_CANDIDATES ids in id order kept an
# arbitrary subset). Bounds the ids ranked on a very dense window; the real 100k store held at most 5,512 at ~37k merged.
MAX_WINDOW = 50_000
MAX_PAGE = 1000  # merged events in one listing page
MIN_PREFIX = 6  # shortest event id prefix accepted by get_event


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _shift(day: str | None, days: int) -> str | None:
    if not day:
        return None
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# -- merging ----------------------------------------------------------------------------------

def pending(store) -> list[str]:
    """Current articles whose events are not merged yet, in publication order (undated last)."""
    return [r[0] for r in store.read(
        "SELECT a.doc_id FROM articles a WHERE a.is_current = 1"
        " AND NOT EXISTS (SELECT 1 FROM event_docs e WHERE e.doc_id = a.doc_id)"
        " ORDER BY a.published IS NULL, a.published, a.id")]


def article_json(store, doc_ids: list[str], *, events_only: bool = False) -> list[tuple[str, str | None]]:
    """(doc_id, json) of these articles, in the order given. ``events_only``: the json of an article
    without any event is None (told by SQLite's JSON functions, in C: a merging run need not hand an
    eventless article's JSON to Python to learn it has nothing to merge)."""
    col = "CASE WHEN coalesce(json_array_length(json, '$.events'), 0) > 0 THEN json END" if events_only else "json"
    rows = dict(store.read(f"SELECT doc_id, {col} FROM articles WHERE doc_id IN (SELECT value FROM json_each(?))",
                           (json.dumps(doc_ids),)))
    return [(d, rows[d]) for d in doc_ids if d in rows]


def stale_clusters(store) -> list[str]:
    """Merged events holding reports of articles that are no longer current (a newer version)."""
    return [r[0] for r in store.read(
        "SELECT DISTINCT r.cluster_id FROM event_reports r JOIN articles a ON a.doc_id = r.doc_id"
        " WHERE a.is_current = 0")]


def unwritten_clusters(store) -> list[str]:
    """Merged events whose record does not count the reports stored for them, or with no report left: what a
    merging run that rewrites records every few batches (merge.REWRITE_EVERY) left unwritten when it stopped
    (reports are only added between its rewrites, so each such event's count grew or it has no record yet)."""
    return [r[0] for r in store.read(
        "SELECT r.cluster_id FROM (SELECT cluster_id, count(*) AS n FROM event_reports GROUP BY cluster_id) r"
        " LEFT JOIN merged_events m ON m.event_id = r.cluster_id WHERE m.reports IS NULL OR m.reports != r.n"
        " UNION SELECT m.event_id FROM merged_events m"
        " WHERE NOT EXISTS (SELECT 1 FROM event_reports r WHERE r.cluster_id = m.event_id)")]


def drop_stale(c) -> None:
    c.execute("DELETE FROM event_reports WHERE doc_id IN (SELECT doc_id FROM articles WHERE is_current = 0)")
    c.execute("DELETE FROM event_docs WHERE doc_id IN (SELECT doc_id FROM articles WHERE is_current = 0)")


def candidate_clusters(store, day_start: str | None, day_end: str | None) -> list[str]:
    """Merged events with a report whose window is near ``[day_start, day_end]`` (or undated): for a dated window
    at most MAX_WINDOW in id order (the caller keeps MAX_CANDIDATES of them by relevance: events.merge._Windows.choose),
    for an undated report the MAX_CANDIDATES with the latest reports."""
    if not day_start or not day_end:
        rows = store.read("SELECT DISTINCT cluster_id FROM event_reports ORDER BY rowid DESC LIMIT ?", (MAX_CANDIDATES,))
    else:
        # Two searches of the (day_end, day_start) index, undated as "day_end IS NULL" (a report's
        # window is both days or neither: events.reports._window). "day_start IS NULL OR ..." scanned
        # the whole table for every report merged (profiled: a third of linking 250 articles, and
        # quadratic in the store). ORDER BY cluster_id: the order merging's memory of windows keeps.
        rows = store.read(
            "SELECT DISTINCT cluster_id FROM (SELECT cluster_id FROM event_reports WHERE day_end IS NULL"
            " UNION ALL SELECT cluster_id FROM event_reports WHERE day_end >= ? AND day_start <= ?)"
            " ORDER BY cluster_id LIMIT ?",
            (_shift(day_start, -WINDOW_SLACK_DAYS), _shift(day_end, WINDOW_SLACK_DAYS), MAX_WINDOW))
    return [r[0] for r in rows]


def window_clusters(store, lo: str, hi: str) -> list[str]:
    """Every merged event with a report whose window meets ``[lo, hi]`` (shifted days) or is undated:
    ``candidate_clusters`` without its bound, for a caller that keeps the set as it saves reports."""
    return [r[0] for r in store.read(
        "SELECT DISTINCT cluster_id FROM (SELECT cluster_id FROM event_reports WHERE day_end IS NULL"
        " UNION ALL SELECT cluster_id FROM event_reports WHERE day_end >= ? AND day_start <= ?)", (lo, hi))]


def report_places(store, cluster_ids: list[str]) -> list[tuple]:
    """(cluster_id, day_start, day_end, place, alt_places, targets, alt_windows) of every report of these merged
    events, in insertion order; the four last as JSON text (or None), extracted in SQL: what the merge's candidate
    ranking reads (events.merge._Windows), without decoding whole reports."""
    if not cluster_ids:
        return []
    return store.read(
        "SELECT cluster_id, day_start, day_end, json_extract(data, '$.place'), json_extract(data, '$.alt_places'),"
        " json_extract(data, '$.targets'), json_extract(data, '$.alt_windows') FROM event_reports"
        " WHERE cluster_id IN (SELECT value FROM json_each(?)) ORDER BY rowid", (json.dumps(cluster_ids),))


def cluster_reports(store, cluster_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """cluster_id -> its reports' data, in insertion order."""
    if not cluster_ids:
        return {}
    out: dict[str, list[dict[str, Any]]] = {c: [] for c in cluster_ids}
    for cid, data in store.read("SELECT cluster_id, data FROM event_reports WHERE cluster_id IN"
                                " (SELECT value FROM json_each(?)) ORDER BY rowid", (json.dumps(cluster_ids),)):
        out.setdefault(cid, []).append(json.loads(data))
    return out


def report_counts(store, cluster_ids: list[str]) -> dict[str, int]:
    """cluster_id -> how many reports it holds (its index alone: no report is decoded)."""
    if not cluster_ids:
        return {}
    return dict(store.read("SELECT cluster_id, count(*) FROM event_reports WHERE cluster_id IN"
                           " (SELECT value FROM json_each(?)) GROUP BY cluster_id", (json.dumps(sorted(cluster_ids)),)))


def save_report(c, report: dict[str, Any], cluster_id: str) -> None:
    c.execute("INSERT OR REPLACE INTO event_reports (event_id, doc_id, cluster_id, type, day_start, day_end, data)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)",
              (report["event_id"], report["doc_id"], cluster_id, report.get("type"), report.get("day_start"),
               report.get("day_end"), json.dumps(report, ensure_ascii=False)))


def mark_merged(c, doc_ids: list[str]) -> None:
    c.executemany("INSERT OR REPLACE INTO event_docs (doc_id, merged_at) VALUES (?, ?)", ((d, now()) for d in doc_ids))


def save_event(c, rec: dict[str, Any], data: str | None = None) -> None:
    """Write (or rewrite) one merged event; an event with no reports left is deleted. ``data``: ``rec`` as
    ``json.dumps(rec, ensure_ascii=False)`` writes it, when the caller encoded it already (merge._record_json)."""
    if not rec.get("reports"):
        c.execute("DELETE FROM merged_events WHERE event_id = ?", (rec["event_id"],))
        return
    place = rec.get("place") or {}
    actors = " | ".join(x for a in rec.get("actors") or [] for x in (a.get("name"), a.get("side")) if x)
    c.execute("INSERT OR REPLACE INTO merged_events (event_id, type, day_start, day_end, place, admin1, country, lat,"
              " lon, actors, reports, sources, conflicts, first_published, data, updated_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              (rec["event_id"], rec.get("type"), rec.get("day_start"), rec.get("day_end"), place.get("name"),
               place.get("admin1"), place.get("country"), place.get("lat"), place.get("lon"), actors,
               len(rec["reports"]), int(rec.get("independent_sources") or 0), len(rec.get("conflicts") or []),
               (rec.get("first_report") or {}).get("published"),
               json.dumps(rec, ensure_ascii=False) if data is None else data, now()))


def delete_event(c, event_id: str) -> None:
    c.execute("DELETE FROM merged_events WHERE event_id = ?", (event_id,))


def clear(c) -> None:
    """Forget every merged event (before merging the whole store again)."""
    for table in ("event_docs", "event_reports", "merged_events"):
        c.execute(f"DELETE FROM {table}")  # names from the fixed tuple above


def fold_links(store, doc_ids: list[str]) -> list[tuple[str, str, str]]:
    """Copy / rewrite / embeds links among ``doc_ids`` (what makes two articles one source)."""
    if len(doc_ids) < 2:
        return []
    ids = json.dumps(sorted(set(doc_ids)))
    return [tuple(r) for r in store.read(
        "SELECT doc_id, other_doc_id, kind FROM links WHERE kind IN ('copy', 'rewrite', 'embeds')"
        " AND doc_id IN (SELECT value FROM json_each(?)) AND other_doc_id IN (SELECT value FROM json_each(?))",
        (ids, ids))]


def fold_links_from(store, doc_ids: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """doc_id -> its copy / rewrite / embeds links ``(doc_id, other_doc_id, kind)`` whatever the other end
    (an id without any maps to ``[]``): ``fold_links`` among any set of these articles is the rows whose other
    end is in the set (merge._Links keeps them for a merging run)."""
    out: dict[str, list[tuple[str, str, str]]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    for d, o, k in store.read(
            "SELECT doc_id, other_doc_id, kind FROM links WHERE doc_id IN (SELECT value FROM json_each(?))"
            " AND kind IN ('copy', 'rewrite', 'embeds') ORDER BY doc_id, other_doc_id, kind",
            (json.dumps(sorted(set(doc_ids))),)):
        out[d].append((d, o, k))
    return out


def data_version(store) -> int:
    """SQLite's ``PRAGMA data_version`` of the store's connection: it changes when another connection commits
    (a linking or ingest process), not when this one does."""
    return int(store.read("PRAGMA data_version")[0][0])


def agencies(store, doc_ids: list[str]) -> dict[str, str | None]:
    """doc_id -> the wire agency its stored source names (read fresh: the agency stage may credit later)."""
    if not doc_ids:
        return {}
    # INDEXED BY: the expression is read from the index (schema version 8), never from the article's JSON;
    # the planner would take the doc_id index (equally selective) and read each ~120 kB JSON instead
    return dict(store.read("SELECT doc_id, json_extract(json, '$.source.agency') FROM articles"
                           " INDEXED BY articles_agency WHERE doc_id IN (SELECT value FROM json_each(?))",
                           (json.dumps(sorted(set(doc_ids))),)))


# -- reading ----------------------------------------------------------------------------------

def list_events(store, *, types: list[str] | None = None, place: str | None = None, since: str | None = None,  # noqa: A002
                until: str | None = None, actor: str | None = None, min_sources: int = 1,
                limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(total, merged event records) matching the filters, newest first.

    ``types``: event type labels; ``place``: a fragment of the place, region or
    country code; ``since``/``until``: ISO date prefixes, an event is kept when its window overlaps;
    ``actor``: a fragment of an actor's name or side.
    """
    where, params = ["sources >= ?"], [int(min_sources)]
    if types is not None:
        where.append("type IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(types)))
    if place:
        where.append("(place LIKE ? ESCAPE '\\' OR admin1 LIKE ? ESCAPE '\\' OR country = ?)")
        params += [_like(place), _like(place), place.upper()]
    if since:
        where.append("coalesce(day_end, '') >= ?")
        params.append(since)
    if until:
        where.append("coalesce(day_start, '') <= ? || '~'")
        params.append(until)
    if actor:
        where.append("actors LIKE ? ESCAPE '\\'")
        params.append(_like(actor))
    cond = " AND ".join(where)
    total = store.read(f"SELECT count(*) FROM merged_events WHERE {cond}", params)[0][0]
    rows = store.read(f"SELECT data FROM merged_events WHERE {cond}"
                      " ORDER BY day_start IS NULL, day_start DESC, sources DESC, event_id LIMIT ? OFFSET ?",
                      (*params, max(1, min(int(limit), MAX_PAGE)), max(0, int(offset))))
    return total, [json.loads(r[0]) for r in rows]


def get_event(store, event_id: str) -> dict[str, Any] | None:
    """One merged event by id, or by a unique prefix of MIN_PREFIX+ characters; None when absent."""
    rows = store.read("SELECT data FROM merged_events WHERE event_id = ?", (event_id,))
    if not rows and len(event_id) >= MIN_PREFIX:
        rows = store.read("SELECT data FROM merged_events WHERE event_id LIKE ? ESCAPE '\\' LIMIT 2",
                          (event_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",))
        if len(rows) != 1:
            rows = []
    return json.loads(rows[0][0]) if rows else None


def event_of_report(store, report_event_id: str) -> str | None:
    """The merged event an article event joined."""
    rows = store.read("SELECT cluster_id FROM event_reports WHERE event_id = ?", (report_event_id,))
    return rows[0][0] if rows else None


def events_of_doc(store, doc_id: str) -> list[str]:
    return [r[0] for r in store.read("SELECT DISTINCT cluster_id FROM event_reports WHERE doc_id = ?", (doc_id,))]


def count(store) -> int:
    return store.read("SELECT count(*) FROM merged_events")[0][0]
