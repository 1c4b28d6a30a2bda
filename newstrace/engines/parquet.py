"""``--out DIR``: analysed articles written as Parquet parts instead of into the store.

Schema: ``newstrace.store.export.columns()`` -- one column per top-level field of the JSON
format, nested fields as JSON strings in the JSON format's shape -- so ``DIR/*.parquet`` reads
the same as ``newstrace export --format parquet`` in DuckDB, Spark or pandas.

Crash safety. A part is written to a hidden temporary file and renamed into place, then its
records are logged in the store's ingest log (one transaction), which is what a resumed run
skips. A part's name is derived from its first article, and a resumed run restarts exactly at
the first article of the part that was not logged (parts hold PART_ROWS articles each), so a part renamed just before a kill is
overwritten by the same part, never duplicated.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from typing import Any

from ..ingest import IngestProgress, IngestReport
from ..model import Article, InputFailure
from ..store import ingest_log
from ..store.export import _row, columns
from .resume import item_path

# Articles per part file: ~5-20 MB of Parquet for news articles, large enough for efficient
# column chunks, small enough that a kill loses little work and a part fits in memory.
PART_ROWS = 2000


def _schema():
    import pyarrow as pa

    kinds = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "json": pa.string()}
    return pa.schema([(name, kinds[kind]) for name, kind in columns()])


class PartWriter:
    """Buffers results, writes a part every PART_ROWS articles, logs its records once it is in place."""

    def __init__(self, store, out_dir: str, report: IngestReport, progress=None, part_rows: int = PART_ROWS):
        self.store, self.out_dir, self.report, self.progress = store, out_dir, report, progress
        self.part_rows = part_rows
        os.makedirs(out_dir, exist_ok=True)
        self._cols = columns()
        self._schema = _schema()
        self._rows: list[dict[str, Any]] = []
        self._log: list[tuple] = []
        self._first: str | None = None

    def add(self, result: Article | InputFailure, done: int, total: int | None) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        path = item_path(result)
        record = result.record if isinstance(result, InputFailure) else result.source.record
        if isinstance(result, InputFailure):
            self.report.failed.append(result)
            self._log.append((self.report.run_id, path, record, "failed", result.code, result.reason, None, now))
        else:
            self.report.new += 1
            if self._first is None:
                self._first = f"{path}#{record}"
            self._rows.append(_row(result, self._cols))
            self._log.append((self.report.run_id, path, record, "ok", None, None, result.doc_id, now))
        if self.progress is not None:
            self.progress(IngestProgress("store", done, total, self.report.new, self.report.unchanged,
                                         self.report.versions, len(self.report.failed),
                                         result if isinstance(result, InputFailure) else None,
                                         result if isinstance(result, Article) else None))
        if len(self._rows) >= self.part_rows:
            self.flush()

    def flush(self) -> None:
        if not self._log:
            return
        if self._rows:
            import pyarrow as pa
            import pyarrow.parquet as pq

            assert self._first is not None
            name = "part-" + hashlib.sha1(self._first.encode("utf-8", "surrogatepass")).hexdigest()[:16] + ".parquet"
            final = os.path.join(self.out_dir, name)
            tmp = os.path.join(self.out_dir, "." + name + ".tmp")
            pq.write_table(pa.Table.from_pylist(self._rows, schema=self._schema), tmp)
            os.replace(tmp, final)
        ingest_log.add_rows(self.store, self._log)
        self._rows, self._log, self._first = [], [], None


def sink_factory(store, out_dir: str, progress=None, part_rows: int = PART_ROWS):
    """For ``base.drive``: ``report -> (sink, close)``."""

    def make(report: IngestReport):
        w = PartWriter(store, out_dir, report, progress, part_rows)
        return w.add, w.flush

    return make
