"""What an earlier (possibly killed) ingest already committed, and what to skip now.

Commit unit. ``store.put`` writes an article and its ``ingest_log`` row in one transaction, and a
failed input is logged in its own; so the log row of a record exists exactly when its outcome is
committed. Every engine commits the results of one file in reading order (the local loop is
sequential; the parallel engines reorder results before the writer), so "record r of file F is
committed" implies every earlier record of F is too, and a resumed run can start F at the
record after the last one logged (``read_paths(..., start_records=...)`` skips records without
parsing them) — or, when the inputs are read anyway (the furniture pre-pass), drop them before
analysis: ``ResumePlan.filter``.

File versions. A file is identified by (path, size, mtime): ``ingest_files`` remembers, for the
version seen last, the ``ingest_log`` id after which its rows count. A changed file starts over
(at record 0), its stored articles still recognised by ``doc_id`` (``ingest.skip_stored``), so
nothing is stored twice either way. As (size, mtime) can miss an edit, a document is only skipped
when the ``doc_id`` logged for its record also matches its content. Standard input is never resumed: it cannot be read again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from .model import InputFailure, RawDocument
from .store import ingest_log

STDIN = "-"
# Skipped documents logged per transaction: one commit per few hundred rows keeps a resumed run's
# bookkeeping far below a millisecond per document without holding the write lock for long.
LOG_BATCH = 500


@dataclass(slots=True)
class FileState:
    """Where the current version of one input file stands in the store's ingest log."""

    done: bool = False  # a single-document file is committed
    start: int = 0  # records before this one are committed
    log_from: int = 0  # ingest_log ids above this belong to the current file version


def item_path(item: RawDocument | InputFailure | object) -> str:
    """The input path an item (or analysed article) is logged under, as ``SQLiteStore._log`` does."""
    if isinstance(item, InputFailure):
        return item.path
    src = item.source  # type: ignore[attr-defined]
    return src.path or src.url or STDIN


class ResumePlan:
    """Per-file resume positions, looked up (and the file version registered) on first sight.

    Args:
        store: an open SQLiteStore (any object without ``transaction`` disables resuming).
    """

    def __init__(self, store):
        self.store = store
        self.enabled = hasattr(store, "transaction") and hasattr(store, "read")
        self._files: dict[str, FileState] = {}
        self.skipped = 0  # items dropped because an earlier run committed them

    def state(self, path: str) -> FileState:
        """The file's resume state; registers its current version in ``ingest_files`` when new or changed."""
        st = self._files.get(path)
        if st is not None:
            return st
        st = FileState()
        if self.enabled and path != STDIN:
            st = self._lookup(path)
        # A few dozen bytes per file: fine for millions of inputs, and lookups stay one per file.
        self._files[path] = st
        return st

    def _lookup(self, path: str) -> FileState:
        try:
            stat = os.stat(path)
        except OSError:
            return FileState()  # missing or unreadable: the reader reports it; nothing to resume
        seen = ingest_log.file_version(self.store, path)
        if seen is None or seen[:2] != (stat.st_size, stat.st_mtime_ns):
            ingest_log.register_file(self.store, path, stat.st_size, stat.st_mtime_ns,
                                     datetime.now(timezone.utc).isoformat(timespec="seconds"))
            return FileState()
        log_from = seen[2]
        last_record = ingest_log.last_record(self.store, path, log_from)
        return FileState(done=ingest_log.file_done(self.store, path, log_from),
                         start=0 if last_record is None else last_record + 1, log_from=log_from)

    def is_committed(self, raw: RawDocument) -> bool:
        """True when an earlier run committed this very document (same record, same ``doc_id``)
        from the current version of its file."""
        path = item_path(raw)
        st = self.state(path)
        rec = raw.source.record
        if not (st.done or (rec is not None and rec < st.start)):
            return False
        # (size, mtime) can miss an edit (coarse timestamps, tools that restore mtimes): the
        # doc_id (source + text hash) logged for this record must match too. One indexed read.
        from .pipeline import make_doc_id

        return ingest_log.is_logged(self.store, path, rec, st.log_from, make_doc_id(raw))

    def filter(self, items: Iterable[RawDocument | InputFailure], run_id: str,
               on_skipped: Callable[[int], None] | None = None) -> Iterator[RawDocument | InputFailure]:
        """The items still to do, lazily. Committed documents are logged ``unchanged`` under
        ``run_id`` in bulk (a re-run's log stays complete without a transaction per document);
        failures are always passed on, so they are tried and reported again."""
        skipped: list[RawDocument] = []
        for item in items:
            if self.enabled and isinstance(item, RawDocument) and self.is_committed(item):
                skipped.append(item)
                if len(skipped) >= LOG_BATCH:
                    self._log_skipped(skipped, run_id, on_skipped)
                    skipped = []
                continue
            if skipped:
                self._log_skipped(skipped, run_id, on_skipped)
                skipped = []
            yield item
        if skipped:
            self._log_skipped(skipped, run_id, on_skipped)

    def _log_skipped(self, raws: list[RawDocument], run_id: str, on_skipped) -> None:
        from .pipeline import make_doc_id

        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        ingest_log.add_rows(self.store, [(run_id, item_path(r), r.source.record, "unchanged", None, None, make_doc_id(r), now)
                                         for r in raws])
        self.skipped += len(raws)
        if on_skipped is not None:
            on_skipped(len(raws))
