"""The embedded store: SQLite in WAL mode, FTS5 full-text search, facet tables, an ingest log.

One transaction per article: the article row, its full-text row, its facet rows and its ingest
log row are committed together or not at all, so killing an ingest never leaves a half-written
article. ``put`` is idempotent (same ``doc_id`` -> ``"unchanged"``); a document whose source
(``pipeline.source_key``) is already stored with other content becomes a new version linked to
the previous one. Every SQL statement is parameterised.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from .. import serialize
from ..errors import CorruptStore, QueryError, StoreError, UsageError
from ..model import Article, InputFailure, Origin
from ..settings import Settings
from .facets import FACETS
from .keys import source_key
from .links import attach_links
from .results import Hit, Page, Stats, unmark
from . import hooks, stems
from .schema import MIGRATIONS

# Waiting this long for another writer (a second ingest, the web app) before failing: long
# enough to ride out one article's transaction on a loaded machine, short enough to surface a
# stuck writer.
BUSY_TIMEOUT_MS = 15_000
# Private-use code points mark matches inside snippet()/highlight() output. They carry no
# meaning in news text and are blanked out of the indexed copy, so they can only come from FTS5.
MARK_START, MARK_END = "\ue000", "\ue001"
ELLIPSIS = "\u2026"
# Tokens of context in a snippet: about one sentence, what a result list can show per line.
SNIPPET_TOKENS = 28
# A title match weighs this many times a body match in BM25: the headline states the topic.
TITLE_WEIGHT = 4.0
# Shortest doc_id prefix accepted by get(): 6 hex digits make accidental collisions rare in
# corpora of tens of thousands of articles while staying typeable.
MIN_PREFIX = 6
# Upper bound on one page of results: bounds the work of one (possibly remote) request.
MAX_LIMIT = 1000
# Why 2,000 and 1,000,000: a count checks the filters on at most COUNT_SCAN matches (a few ms) and
# scales the full-text index's own count (no row lookups, up to COUNT_ALL_CAP) by the share that
# passed; bounded work per request, labelled an estimate (``count_matches``).
COUNT_SCAN = 2000
COUNT_ALL_CAP = 1_000_000
# Why 5,000: BM25 is computed for every match before the best are kept; a common word matches
# most of a 100,000-article store and ranking it all took 0.3-0.6 s. Past this many matches a
# search ranks the newest RANK_WINDOW (``rank_floor``) and says so (``ranked_within``).
RANK_WINDOW = 5000
# Characters of text opening shown for listings without a query.
LISTING_SNIPPET_CHARS = 240
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
OUTCOMES = {"new": "ok", "unchanged": "unchanged", "version": "version"}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _statements(sql: str) -> Iterator[str]:
    """Split a migration script into statements (triggers with inner ';' stay whole)."""
    buf = ""
    for piece in sql.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n\t;"):
                yield buf
            buf = ""
    if buf.strip(" \n\t;"):
        yield buf


# What ``counters`` counts per current article (kind, key): one row per distinct key, so each
# counter is a number of articles. Statements are fixed here; the doc_id is a parameter.
_COUNTED = (
    "SELECT 'articles', '', ? FROM articles WHERE doc_id = ?",
    "SELECT 'outlet', outlet, ? FROM articles WHERE doc_id = ? AND outlet IS NOT NULL",
    "SELECT 'language', coalesce(language, 'unknown'), ? FROM articles WHERE doc_id = ?",
    "SELECT DISTINCT 'entity:' || label, canonical, ? FROM entities WHERE doc_id = ?",
    "SELECT DISTINCT 'place', name, ? FROM places WHERE doc_id = ?",
    "SELECT DISTINCT 'place_entity', canonical, ? FROM entities WHERE doc_id = ? AND label IN ('GPE', 'LOC', 'FAC')",
)


def _count(c: sqlite3.Connection, doc_id: str, sign: int) -> None:
    """Add (``sign`` +1) or remove (-1) a current article from the stats counters, inside the
    caller's write transaction (so stats never disagree with the rows)."""
    for select in _COUNTED:
        c.execute(f"INSERT INTO counters (kind, key, n) {select}"
                  " ON CONFLICT (kind, key) DO UPDATE SET n = n + excluded.n", (sign, doc_id))


def _blank_marks(s: str | None) -> str | None:
    return s.replace(MARK_START, " ").replace(MARK_END, " ") if s else s


class SQLiteStore:
    """A newstrace store in one SQLite file.

    Args:
        path: the database file (created and migrated unless ``create`` is False).
        settings: Settings (``db`` default path, batch size for ingest).
        create: when False, a missing file raises UsageError instead of creating an empty store.
    """

    def __init__(self, path: str | os.PathLike, *, settings: Settings | None = None, create: bool = True):
        self.path = os.fspath(path)
        self.settings = settings or Settings()
        if not create and self.path != ":memory:" and not os.path.exists(self.path):
            raise UsageError(f"no store at {self.path} (run `newstrace ingest PATH --db {self.path}` first)")
        self._lock = threading.RLock()
        self.run_id = self._new_run_id()  # rows put outside an explicit run are logged under this one
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                         timeout=BUSY_TIMEOUT_MS / 1000)
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            # NORMAL is safe against corruption in WAL mode; only the last commits may roll back
            # on power loss, never on a process crash.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open store: {e}", path=self.path) from e

    # -- plumbing ---------------------------------------------------------------------------

    @staticmethod
    def _new_run_id() -> str:
        return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any exception)."""
        with self._lock:
            c = self._conn
            if c.in_transaction:
                # an earlier transaction was cut by Ctrl-C/SIGTERM between its BEGIN and its handler:
                # nothing of it was committed, so roll it back rather than fail every later write
                c.execute("ROLLBACK")
            c.execute("BEGIN IMMEDIATE")
            try:
                yield c
            except BaseException:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.DatabaseError as e:
                raise StoreError(f"read failed: {e}", path=self.path) from e

    def read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        """Run one parameterised read statement (for query modules built on the store)."""
        return self._read(sql, params)

    def read_fts(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        """Like ``read`` for a statement with an FTS5 ``MATCH``: an unparsable query raises QueryError."""
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.OperationalError as e:
                msg = str(e)
                if "locked" in msg or "busy" in msg:
                    raise StoreError(f"search failed: {msg}", path=self.path) from e
                raise QueryError(f"cannot parse search query: {msg}") from e
            except sqlite3.DatabaseError as e:
                raise StoreError(f"search failed: {e}", path=self.path) from e

    def _migrate(self) -> None:
        c = self._conn
        c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        known = max(v for v, _ in MIGRATIONS)
        have = c.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
        if have > known:
            raise StoreError(f"store schema version {have} is newer than this newstrace ({known}); upgrade newstrace",
                             path=self.path)
        for version, sql in sorted(MIGRATIONS):
            if version <= have:
                continue
            with self.transaction() as t:
                # Re-check inside the write lock: another process may have migrated meanwhile.
                if t.execute("SELECT 1 FROM schema_version WHERE version = ?", (version,)).fetchone():
                    continue
                for stmt in _statements(sql):
                    t.execute(stmt)
                t.execute("INSERT INTO schema_version VALUES (?, ?)", (version, _now()))

    @property
    def schema_version(self) -> int:
        return self._read("SELECT max(version) FROM schema_version")[0][0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    # -- writing ----------------------------------------------------------------------------

    def put(self, article: Article, *, run_id: str | None = None, encoded: str | None = None) -> str:
        """Store one analysed article; return ``"new"``, ``"unchanged"`` or ``"version"``.

        Sets ``article.version`` / ``article.previous_doc_id`` when it supersedes a stored one.
        Everything (article, full-text row, facets, ingest log row) is one transaction.
        ``encoded``: ``serialize.to_json(article)`` made before (a parallel engine's worker), kept
        as the stored JSON of a first version (a new version is encoded here: its fields changed).
        """
        key = source_key(article)
        if article.version != 1 or article.previous_doc_id is not None:
            encoded = None  # encoded with other version fields than a first version gets
        try:
            with self.transaction() as c:
                if c.execute("SELECT 1 FROM articles WHERE doc_id = ?", (article.doc_id,)).fetchone():
                    self._log(c, run_id, article.source, "unchanged", doc_id=article.doc_id)
                    return "unchanged"
                prev = c.execute(
                    "SELECT doc_id, version FROM articles WHERE source_key = ? ORDER BY version DESC LIMIT 1",
                    (key,)).fetchone()
                if prev:
                    outcome = "version"
                    article.version, article.previous_doc_id = prev[1] + 1, prev[0]
                    for (old,) in c.execute("SELECT doc_id FROM articles WHERE source_key = ? AND is_current = 1",
                                            (key,)).fetchall():
                        _count(c, old, -1)
                    c.execute("UPDATE articles SET is_current = 0 WHERE source_key = ?", (key,))
                else:
                    outcome = "new"
                    article.version, article.previous_doc_id = 1, None
                self._insert(c, article, key, encoded if outcome == "new" else None)
                self._log(c, run_id, article.source, OUTCOMES[outcome], doc_id=article.doc_id)
                return outcome
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot store article {article.doc_id}: {e}", path=self.path) from e

    def _insert(self, c: sqlite3.Connection, article: Article, key: str, encoded: str | None = None) -> None:
        src = article.source
        cur = c.execute(
            "INSERT INTO articles (doc_id, source_key, version, previous_doc_id, is_current, outlet, url, path,"
            " title, published, language, ingested_at, json) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.doc_id, key, article.version, article.previous_doc_id, src.outlet, src.url, src.path,
             article.title, article.published, article.language, _now(),
             encoded if encoded is not None else serialize.to_json(article)))
        c.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
                  (cur.lastrowid, _blank_marks(article.title) or "", _blank_marks(article.text) or ""))
        self._insert_facets(c, article)
        c.execute("INSERT INTO counters (kind, key, n) VALUES ('versions', '', 1)"
                  " ON CONFLICT (kind, key) DO UPDATE SET n = n + 1")
        _count(c, article.doc_id, +1)

    @staticmethod
    def _insert_facets(c: sqlite3.Connection, article: Article) -> None:
        for table, columns, rows in FACETS:
            sql = (f"INSERT INTO {table} (doc_id, {', '.join(columns)}) "  # names from FACETS, not input
                   f"VALUES ({', '.join('?' * (len(columns) + 1))})")
            c.executemany(sql, ((article.doc_id, *r) for r in rows(article)))

    def _log(self, c: sqlite3.Connection, run_id: str | None, origin: Origin | None, outcome: str, *,
             path: str | None = None, record: int | None = None, code: str | None = None,
             reason: str | None = None, doc_id: str | None = None) -> None:
        if origin is not None:
            path = path or origin.path or origin.url or "-"
            record = origin.record if record is None else record
        c.execute("INSERT INTO ingest_log (run_id, path, record, outcome, code, reason, doc_id, time)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (run_id or self.run_id, path or "-", record, outcome, code, reason, doc_id, _now()))

    def log_input(self, failure: InputFailure, *, run_id: str | None = None) -> None:
        """Record an input that could not be processed (its own small transaction)."""
        with self.transaction() as c:
            self._log(c, run_id, None, "failed", path=failure.path, record=failure.record,
                      code=failure.code, reason=failure.reason)

    def has(self, doc_id: str) -> bool:
        """True when an article with exactly this ``doc_id`` is stored (any version)."""
        return bool(self._read("SELECT 1 FROM articles WHERE doc_id = ?", (doc_id,)))

    def log_unchanged(self, doc_id: str, origin: Origin, *, run_id: str | None = None) -> bool:
        """Log an input found already stored without analysing it again; False if it is not stored."""
        with self.transaction() as c:
            if not c.execute("SELECT 1 FROM articles WHERE doc_id = ?", (doc_id,)).fetchone():
                return False
            self._log(c, run_id, origin, "unchanged", doc_id=doc_id)
            return True

    def check_integrity(self) -> None:
        """Raise CorruptStore unless SQLite's quick_check passes; checked once per open store,
        before the first ingest writes into it (a corrupt file must not be reported as "1 new")."""
        if getattr(self, "_integrity_ok", False) or self.path == ":memory:":
            return
        try:
            with self._lock:
                rows = self._conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as e:
            rows = [(str(e),)]
        problems = [" ".join(str(r[0]).split()) for r in rows if r and r[0] != "ok"]  # one line each
        if problems:
            more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
            raise CorruptStore(f"store fails SQLite's integrity check: {str(problems[0])[:200]}{more}; nothing "
                               "was written (restore a backup, or ingest into a new store)", path=self.path)
        self._integrity_ok = True

    def start_run(self, paths: Iterable[str], *, engine: str = "local") -> str:
        self.check_integrity()
        run_id = self._new_run_id()
        with self.transaction() as c:
            c.execute("INSERT INTO ingest_runs (run_id, started, engine, paths) VALUES (?, ?, ?, ?)",
                      (run_id, _now(), engine, json.dumps([os.fspath(p) for p in paths])))
        return run_id

    def finish_run(self, run_id: str, status: str = "done") -> None:
        with self.transaction() as c:
            c.execute("UPDATE ingest_runs SET finished = ?, status = ? WHERE run_id = ?", (_now(), status, run_id))

    def update(self, article: Article) -> None:
        """Rewrite a stored article's annotations in place (same ``doc_id``, same text: e.g. links
        found by a corpus pass). Its JSON, full-text and facet rows change in one transaction;
        version and ingest log stay as they are. Raises UsageError if the article is not stored
        or its text differs (a different text is a new version: use ``put``)."""
        try:
            with self.transaction() as c:
                row = c.execute("SELECT id, version, previous_doc_id, json, is_current FROM articles WHERE doc_id = ?",
                                (article.doc_id,)).fetchone()
                if row is None:
                    raise UsageError(f"no article {article.doc_id!r} to update")
                rowid, version, previous, old_json, current = row
                if json.loads(old_json).get("text") != article.text:
                    raise UsageError(f"article {article.doc_id} text differs from the stored one; put() a new version")
                article.version, article.previous_doc_id = version, previous
                src = article.source
                if current:
                    _count(c, article.doc_id, -1)
                c.execute("UPDATE articles SET title = ?, published = ?, language = ?, outlet = ?, url = ?,"
                          " json = ? WHERE id = ?",
                          (article.title, article.published, article.language, src.outlet, src.url,
                           serialize.to_json(article), rowid))
                self._reindex_row(c, rowid, article)
                if current:
                    _count(c, article.doc_id, +1)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot update article {article.doc_id}: {e}", path=self.path) from e

    def reindex(self) -> int:
        """Rebuild full-text and facet rows from the stored JSON (after a migration adds a facet)."""
        n = 0
        for article in self.iter_articles(current_only=False):
            with self.transaction() as c:
                rowid, current = c.execute("SELECT id, is_current FROM articles WHERE doc_id = ?",
                                           (article.doc_id,)).fetchone()
                if current:
                    _count(c, article.doc_id, -1)
                self._reindex_row(c, rowid, article)
                if current:
                    _count(c, article.doc_id, +1)
            n += 1
        return n

    def _reindex_row(self, c: sqlite3.Connection, rowid: int, article: Article) -> None:
        for table, _cols, _rows in FACETS:
            c.execute(f"DELETE FROM {table} WHERE doc_id = ?", (article.doc_id,))
        self._insert_facets(c, article)
        c.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
        c.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
                  (rowid, _blank_marks(article.title) or "", _blank_marks(article.text) or ""))

    def ingest(self, paths: Iterable[str], ctx=None, progress=None, **engine_options: Any):
        """Read, analyse and store everything under ``paths``; see ``newstrace.ingest.ingest``
        (plugged in from above: ``store/hooks.py``)."""
        return hooks.get("ingest")(self, paths, ctx, progress=progress, **engine_options)

    def export(self, fmt: str, out=None, **filters: Any) -> int:
        """Write the current articles as ``jsonl``, ``csv`` or ``parquet``; see ``store.export``."""
        from .export import export

        return export(self, fmt, out, **filters)

    # -- reading ----------------------------------------------------------------------------

    def get(self, doc_id: str) -> Article | None:
        """The article with this ``doc_id`` (or unique prefix of at least 6 characters), else None.

        Raises QueryError for a too-short or ambiguous prefix.
        """
        doc_id = (doc_id or "").strip()
        rows = self._read("SELECT json FROM articles WHERE doc_id = ?", (doc_id,))
        if not rows:
            if len(doc_id) < MIN_PREFIX:
                raise QueryError(f"doc_id prefix {doc_id!r} is too short (at least {MIN_PREFIX} characters)")
            rows = self._read("SELECT json FROM articles WHERE doc_id >= ? AND doc_id < ? LIMIT 2",
                              (doc_id, doc_id + "\U0010ffff"))
            if len(rows) > 1:
                raise QueryError(f"doc_id prefix {doc_id!r} matches several articles; give more characters")
        if not rows:
            return None
        article = attach_links(self, serialize.from_json(rows[0][0]))
        # analysts' corrections (newstrace.desk; store/hooks.py), laid over copies: bound again for span.text
        return hooks.get("overlay")(self, article).bind()

    def versions(self, doc_id: str) -> list[tuple[str, int, bool]]:
        """Every stored version of the article's source: ``(doc_id, version, is_current)``, oldest first."""
        rows = self._read("SELECT source_key FROM articles WHERE doc_id = ?", (doc_id,))
        if not rows:
            return []
        return [(d, v, bool(cur)) for d, v, cur in self._read(
            "SELECT doc_id, version, is_current FROM articles WHERE source_key = ? ORDER BY version", (rows[0][0],))]

    def iter_articles(self, *, current_only: bool = True, batch_size: int = 256,
                      with_links: bool = False) -> Iterator[Article]:
        """Stream stored articles in insertion order without holding a read transaction open.

        ``with_links``: each article carries its current links, as ``get`` gives them (exports
        need them; the records' own ``links`` are those known when the article was stored).
        """
        if with_links:
    
            for article in self.iter_articles(current_only=current_only, batch_size=batch_size):
                yield attach_links(self, article)
            return
        last = 0
        cond = "AND is_current = 1" if current_only else ""
        while True:
            rows = self._read(f"SELECT id, json FROM articles WHERE id > ? {cond} ORDER BY id LIMIT ?",
                              (last, batch_size))
            if not rows:
                return
            for rowid, js in rows:
                last = rowid
                yield serialize.from_json(js)

    def count(self, *, current_only: bool = True) -> int:
        cond = "WHERE is_current = 1" if current_only else ""
        return self._read(f"SELECT count(*) FROM articles {cond}")[0][0]

    def where(self, **filters: Any) -> tuple[list[str], list[Any]]:
        """SQL conditions (on ``articles a``) and parameters for the listing filters of ``articles()``."""
        return self._where(**filters)

    def _where(self, *, outlet=None, since=None, until=None, language=None, entity=None, place=None,
               country=None, current_only=True) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if current_only:
            where.append("a.is_current = 1")
        if outlet:
            where.append("a.outlet = ? COLLATE NOCASE")
            params.append(outlet)
        if language:
            where.append("a.language = ? COLLATE NOCASE")
            params.append(language)
        for bound, op in ((since, ">="), (until, "<=")):
            if bound:
                bound = str(bound)
                if not _DATE.match(bound):
                    raise UsageError(f"date {bound!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
                where.append(f"substr(a.published, 1, {len(bound)}) {op} ?")
                params.append(bound)
        if entity:
            where.append("EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = a.doc_id AND e.canonical = ? COLLATE NOCASE)")
            params.append(entity)
        if place:
            where.append("EXISTS (SELECT 1 FROM places p WHERE p.doc_id = a.doc_id AND p.name = ? COLLATE NOCASE)")
            params.append(place)
        if country:
            where.append("EXISTS (SELECT 1 FROM places p WHERE p.doc_id = a.doc_id AND p.country = ? COLLATE NOCASE)")
            params.append(country)
        return where, params

    @staticmethod
    def _page(limit: int, offset: int) -> tuple[int, int]:
        if limit < 1 or offset < 0:
            raise UsageError("limit must be >= 1 and offset >= 0")
        return min(int(limit), MAX_LIMIT), int(offset)

    def search(self, query: str, *, limit: int = 20, offset: int = 0, outlet: str | None = None,
               since: str | None = None, until: str | None = None, language: str | None = None,
               fts: bool = False, **filters: Any) -> list[Hit]:
        """Full-text search, best BM25 first.

        The query is plain text by default (``match_query``: every word required, "quoted
        phrases" kept, punctuation harmless); ``fts=True`` takes FTS5 syntax (OR, NOT, NEAR,
        prefix*, column filters). Raises QueryError for an empty query, or an FTS5 query that
        cannot be parsed.
        """
        return self._search(match_query(query, fts=fts), limit, offset,
                            dict(outlet=outlet, since=since, until=until, language=language, **filters))

    def rank_floor(self, query: str) -> int | None:
        """The rowid of the RANK_WINDOW-th newest match of an FTS5 expression, or None when it has
        fewer matches: searches rank (BM25) only the matches at or above it."""
        rows = self.read_fts("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC"
                             " LIMIT 1 OFFSET ?", (query, RANK_WINDOW - 1))
        return rows[0][0] if rows else None

    def _search(self, query: str, limit: int, offset: int, filters: dict[str, Any]) -> list[Hit]:
        """``query`` is an FTS5 expression (``match_query``'s output)."""
        limit, offset = self._page(limit, offset)
        where, params = self._where(**filters)
        floor = self.rank_floor(query)
        if floor is not None:
            where, params = [*where, "articles_fts.rowid >= ?"], [*params, floor]
        # Rank first, then build snippets for the page only: SQLite evaluates every selected
        # expression before sorting, and snippet() over thousands of matches dominates the cost.
        # CROSS JOIN: the full-text match is the outer loop (see ``articles``).
        ranked = self.read_fts(
            "SELECT articles_fts.rowid, bm25(articles_fts, ?, 1.0) AS score"
            " FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ?" + "".join(f" AND {w}" for w in where) +
            " ORDER BY score, articles_fts.rowid LIMIT ? OFFSET ?",
            [TITLE_WEIGHT, query, *params, limit, offset])
        if not ranked:
            return []
        detail = {r[0]: r[1:] for r in self.read_fts(
            "SELECT articles_fts.rowid, a.doc_id, a.title, a.outlet, a.url, a.published, a.language, a.version,"
            " snippet(articles_fts, 1, ?, ?, ?, ?), highlight(articles_fts, 0, ?, ?)"
            " FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ? AND articles_fts.rowid IN (SELECT value FROM json_each(?))",
            [MARK_START, MARK_END, ELLIPSIS, SNIPPET_TOKENS, MARK_START, MARK_END, query,
             json.dumps([r[0] for r in ranked])])}
        hits = []
        for rowid, score in ranked:
            doc_id, title, outlet, url, published, language, version, snip, title_marked = detail[rowid]
            snippet, ranges = unmark(snip, MARK_START, MARK_END)
            _, title_ranges = unmark(title_marked, MARK_START, MARK_END)
            hits.append(Hit(doc_id, title, outlet, url, published, language, version,
                            -score, snippet, ranges, title_ranges if title else []))
        return hits

    def articles(self, *, query: str | None = None, limit: int = 20, offset: int = 0,
                 outlet: str | None = None, since: str | None = None, until: str | None = None,
                 language: str | None = None, entity: str | None = None, place: str | None = None,
                 country: str | None = None, current_only: bool = True, fts: bool = False,
                 count_cap: int | None = None) -> Page:
        """A filtered, paged listing with its total count; ranked by BM25 when ``query`` is given
        (plain text, or FTS5 syntax with ``fts=True``: see ``search``), else newest publication first.
        ``count_cap``: count at most ``count_cap + 1`` matches (bounded work; ``total`` above the cap
        means "more than count_cap")."""
        cap = f" LIMIT {int(count_cap) + 1}" if count_cap is not None else ""
        filters = dict(outlet=outlet, since=since, until=until, language=language, entity=entity,
                       place=place, country=country, current_only=current_only)
        limit, offset = self._page(limit, offset)
        where, params = self._where(**filters)
        if query:
            query = match_query(query, fts=fts)
            items = self._search(query, limit, offset, filters)
            if count_cap is None:
                total = self.read_fts("SELECT count(*) FROM articles_fts CROSS JOIN articles a"
                                      " ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?"
                                      + "".join(f" AND {w}" for w in where), (query, *params))[0][0]
                return Page(items, total, limit, offset)
            total, estimate = self.count_matches(query, where, params)
            return Page(items, total, limit, offset, estimate)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        total = self._read(f"SELECT count(*) FROM (SELECT 1 FROM articles a{cond}{cap})", params)[0][0]
        # The page of rows first (filters and order on the narrow columns), then the text openings
        # of that page only: joined before the sort, every matching article's text was read.
        rows = self._read(
            "SELECT a.doc_id, a.title, a.outlet, a.url, a.published, a.language, a.version,"
            " (SELECT substr(f.text, 1, ?) FROM articles_fts f WHERE f.rowid = a.id)"
            f" FROM (SELECT a.* FROM articles a{cond}"
            " ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT ? OFFSET ?) a"
            " ORDER BY a.published IS NULL, a.published DESC, a.id DESC",
            (LISTING_SNIPPET_CHARS + 1, *params, limit, offset))
        items = []
        for doc_id, title, outlet, url, published, language, version, opening in rows:
            opening = opening or ""
            if len(opening) > LISTING_SNIPPET_CHARS:
                opening = opening[:LISTING_SNIPPET_CHARS].rsplit(" ", 1)[0] + ELLIPSIS
            items.append(Hit(doc_id, title, outlet, url, published, language, version, None, opening))
        return Page(items, total, limit, offset)

    def count_matches(self, query: str, where: list[str], params: list[Any]) -> tuple[int, bool]:
        """Matches of an FTS5 expression passing the listing conditions ``where`` (on ``articles a``):
        ``(count, is_estimate)`` with bounded work on any store.

        The first COUNT_SCAN matches are checked against the conditions; when there are no more,
        the count is exact. Otherwise the matches are counted without the conditions (the full-text
        index alone, up to COUNT_ALL_CAP) and scaled by the share that passed: an estimate, said so.
        Joining every match to its article row cost seconds for a common word on 100,000 articles.
        """
        cond = " AND ".join(where) or "1"
        # CROSS JOIN keeps the full-text match as the outer loop: left to itself the planner may walk
        # every current article and run MATCH per row (1.4 s instead of 0.3 ms on 3,000 articles).
        seen, passed = self.read_fts(
            f"SELECT count(*), coalesce(sum(ok), 0) FROM (SELECT ({cond}) AS ok FROM articles_fts CROSS JOIN"
            " articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? LIMIT ?)",
            (*params, query, COUNT_SCAN))[0]
        if seen < COUNT_SCAN:
            return passed, False
        every = self.read_fts("SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
                              (query, COUNT_ALL_CAP))[0][0]
        return round(every * passed / seen), True

    def ingest_log(self, *, run_id: str | None = None, outcome: str | None = None,
                   limit: int = 100) -> list[dict[str, Any]]:
        """Rows of the ingest log, newest first."""
        where, params = [], []
        if run_id:
            where.append("run_id = ?")
            params.append(run_id)
        if outcome:
            where.append("outcome = ?")
            params.append(outcome)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        cols = ("run_id", "path", "record", "outcome", "code", "reason", "doc_id", "time")
        rows = self._read(f"SELECT {', '.join(cols)} FROM ingest_log{cond} ORDER BY id DESC LIMIT ?",
                          (*params, int(limit)))
        return [dict(zip(cols, r)) for r in rows]

    def _counted(self, kind: str, top: int) -> list[tuple[str, int]]:
        """The ``top`` keys of one counter kind, most articles first (ties by name)."""
        return [(k, n) for k, n in self._read("SELECT key, n FROM counters WHERE kind = ? AND n > 0"
                                              " ORDER BY n DESC, key LIMIT ?", (kind, top))]

    def _counter(self, kind: str) -> int:
        rows = self._read("SELECT n FROM counters WHERE kind = ? AND key = ''", (kind,))
        return rows[0][0] if rows else 0

    def stats(self, *, top: int = 10) -> Stats:
        """Counts and the most frequent outlets, people, organisations and places (by articles).

        Read from the ``counters`` the store keeps on write (``_count``, one transaction with the
        article): counting 100,000 articles' rows per request took seconds.
        """
        articles = self._counter("articles")
        versions = self._counter("versions")
        outlets = self._read("SELECT count(*) FROM counters WHERE kind = 'outlet' AND n > 0")[0][0]
        top_outlets = self._counted("outlet", top)
        languages = dict(self._counted("language", 1000))
        # Inputs whose latest outcome is a failure: a file fixed and re-ingested no longer counts.
        failures = self._read("SELECT count(*) FROM (SELECT outcome, row_number() OVER (PARTITION BY path, record"
                              " ORDER BY id DESC) AS rn FROM ingest_log) WHERE rn = 1 AND outcome = 'failed'")[0][0]
        people = self._counted("entity:PERSON", top)
        orgs = self._counted("entity:ORG", top)
        places = self._counted("place", top)
        if not places:  # before the places stage fills its table, fall back on NER place labels
            places = self._counted("place_entity", top)
        last = self._read("SELECT run_id, started, finished, status, engine FROM ingest_runs"
                          " ORDER BY started DESC, rowid DESC LIMIT 1")
        last_run = None
        if last:
            run_id, started, finished, status, engine = last[0]
            counts = dict(self._read("SELECT outcome, count(*) FROM ingest_log WHERE run_id = ? GROUP BY outcome",
                                     (run_id,)))
            last_run = {"run_id": run_id, "started": started, "finished": finished, "status": status,
                        "engine": engine, "outcomes": counts}
        return Stats(articles, versions, outlets, top_outlets, languages, failures, people, orgs, places, last_run)


# Why 64: more words than any search a person types (the web app caps a query at 500 characters);
# each term costs one posting-list walk, so the bound keeps one request's work bounded.
MAX_QUERY_TERMS = 64
# Why 3: the store has a prefix index for 3-letter prefixes; a shorter plain-text prefix ("a*")
# would merge the posting lists of thousands of words, so it is searched as the word itself.
MIN_PLAIN_PREFIX = 3
# A "quoted phrase" or a run of non-space characters: what a person means by a word in a query.
_CHUNK = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"[^\W_]+")  # letters and digits: where FTS5's unicode61 tokenizer cuts tokens


def plain_query(text: str) -> str:
    """Turn free text into an FTS5 query that always parses and means what was typed.

    Each whitespace-separated chunk (or balanced "quoted phrase") becomes one FTS5 string, so the
    tokenizer splits it the way it split the indexed text: ``Kyiv's`` is the phrase "kyiv s",
    ``U.S.`` "u s", ``e-mail`` "e mail", ``10:30`` "10 30", and operators (AND, OR, NOT, NEAR),
    ``*``, ``:``, ``(``, ``^`` and stray quotes are only text. A chunk ending in ``*`` after a
    word of at least MIN_PLAIN_PREFIX letters stays a prefix search (``evacuat*``). All chunks
    are required; a chunk without letters or digits matches nothing and is left out.
    Hand-written because SQLite ships no quoting function for FTS5 queries.

    Raises QueryError when more than MAX_QUERY_TERMS chunks are given.
    """
    terms = []
    for m in _CHUNK.finditer(text or ""):
        phrase, chunk = m.group(1), m.group(2)
        body = phrase if phrase is not None else chunk
        words = _WORD.findall(body)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if phrase is None and len(words) == 1 and not chunk.endswith("*"):
            term = stems.expand(words[0]) or term  # a Cyrillic word also finds its inflected forms
            term = stems.widen(words[0], term)  # and a known place's other names: Славянск -> Слов'янськ, Sloviansk
        elif phrase is None and not chunk.endswith("*") and re.fullmatch(r"[^\W_]+(?:['’ʼ-][^\W_]+)+", body):
            term = stems.expand_joined(words) or term  # "Слов'янськ" also finds "Слов'янську"
            term = stems.widen(body, term)
        if phrase is None and chunk.endswith("*") and body.rstrip("*")[-1:].isalnum() \
                and len(words[-1]) >= MIN_PLAIN_PREFIX:
            term += " *"
        terms.append(term)
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError(f"too many words in the search ({len(terms)}; at most {MAX_QUERY_TERMS})")
    # FTS5 takes no implicit AND next to a parenthesised group ('"from" ("odesa" OR ...)' fails to parse)
    return (" AND " if any(t.startswith("(") for t in terms) else " ").join(terms)


def match_query(query: str | None, *, fts: bool = False) -> str:
    """The FTS5 expression for a user's query: ``plain_query(query)`` unless ``fts`` (taken as is).

    A query with no letters or digits in plain mode gives an expression that matches nothing
    (not an error). Raises QueryError for an empty query.
    """
    if not query or not query.strip():
        raise QueryError("empty search query")
    if fts:
        return query
    # An FTS5 string with no token ('""') parses and matches nothing.
    return plain_query(query) or '""'


__all__ = ["SQLiteStore", "match_query", "plain_query"]
