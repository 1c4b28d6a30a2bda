"""The ingest log and the input files' versions (schema versions 1 and 3), for resuming and engines.

``newstrace/resume.py`` decides what an interrupted ingest can skip and the parquet engine logs
what it wrote; these functions hold the statements they run (no SQL outside the store package).
Readers use ``store.read`` (parameterised); each writer is one transaction of its own.
"""

from __future__ import annotations

from collections.abc import Sequence


def file_version(store, path: str) -> tuple[int, int, int] | None:
    """``(size, mtime_ns, log_from)`` recorded for an input file, or None when it was never seen."""
    rows = store.read("SELECT size, mtime_ns, log_from FROM ingest_files WHERE path = ?", (path,))
    return tuple(rows[0]) if rows else None


def register_file(store, path: str, size: int, mtime_ns: int, seen: str) -> None:
    """Record a new version of an input file; its log starts after the log's last row, read in the
    same transaction (so no row logged meanwhile is counted as this version's)."""
    with store.transaction() as c:
        (last,) = c.execute("SELECT coalesce(max(id), 0) FROM ingest_log").fetchone()
        c.execute("INSERT OR REPLACE INTO ingest_files (path, size, mtime_ns, log_from, seen)"
                  " VALUES (?, ?, ?, ?, ?)", (path, size, mtime_ns, last, seen))


def file_done(store, path: str, log_from: int) -> bool:
    """True when a whole-file (record-less) outcome other than failure is logged after ``log_from``."""
    return bool(store.read("SELECT 1 FROM ingest_log WHERE path = ? AND record IS NULL AND id > ?"
                           " AND outcome != 'failed' LIMIT 1", (path, log_from)))


def last_record(store, path: str, log_from: int) -> int | None:
    """The highest record number of ``path`` logged after ``log_from`` (None: none)."""
    ((last,),) = store.read("SELECT max(record) FROM ingest_log WHERE path = ? AND id > ?", (path, log_from))
    return last


def is_logged(store, path: str, record: int | None, log_from: int, doc_id: str) -> bool:
    """True when this record of ``path`` was committed as ``doc_id`` after ``log_from`` (one indexed read)."""
    return bool(store.read(
        "SELECT 1 FROM ingest_log WHERE path = ? AND record IS ? AND id > ? AND doc_id = ?"
        " AND outcome != 'failed' LIMIT 1", (path, record, log_from, doc_id)))


def add_rows(store, rows: Sequence[tuple]) -> None:
    """Append ``(run_id, path, record, outcome, code, reason, doc_id, time)`` rows in one transaction."""
    with store.transaction() as c:
        c.executemany("INSERT INTO ingest_log (run_id, path, record, outcome, code, reason, doc_id, time)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
