"""``--engine local --workers N``: the pipeline in N worker processes on this machine.

Workers are started with ``spawn`` (a fresh interpreter: nothing inherited from the client's
threads, SQLite connection or progress bar), each loads spaCy and the gazetteer once in its
initializer and receives the outlet furniture learned by the client's pre-pass. The client reads,
submits bounded batches and writes every result to the store in input order (``base.drive``).
``--out DIR`` writes Parquet parts instead of articles in the store (``parquet``).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from ..errors import UsageError
from ..ingest import IngestReport, ProgressFn
from ..pipeline import Context
from ..settings import Settings
from . import base

# The furniture model shipped once per worker by the initializer (not with every task).
_FURNITURE: Any = None


def _init(settings: Settings, furniture: Any) -> None:
    global _FURNITURE
    _FURNITURE = furniture
    base.warm_up(settings)


def _analyse(docs, settings: Settings):
    return base.analyse_batch(docs, settings, _FURNITURE)


def run(store, paths: list[str], ctx: Context, *, progress: ProgressFn | None = None, workers: int | None = None,
        scheduler: str | None = None, out: str | None = None) -> IngestReport:
    """Ingest with ``workers`` local processes (see ``newstrace.ingest`` for the contract)."""
    if scheduler:
        raise UsageError("--scheduler applies to --engine dask only")
    n = workers or 2
    settings = ctx.settings
    pool: list[ProcessPoolExecutor] = []

    def submit_factory(furniture: Any):
        ex = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_init, initargs=(settings, furniture))
        pool.append(ex)
        return lambda docs: ex.submit(_analyse, docs, settings)

    sink_factory = None
    if out:
        from .parquet import sink_factory as parquet_sink

        sink_factory = parquet_sink(store, out, progress)
    try:
        return base.drive(store, paths, ctx, progress, engine=f"local-{n}", submit_factory=submit_factory,
                          workers=n, sink_factory=sink_factory)
    finally:
        for ex in pool:
            ex.shutdown(wait=True, cancel_futures=True)
