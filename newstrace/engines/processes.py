"""``--engine local --workers N``: the pipeline in N worker processes on this machine.

Workers are started with ``spawn`` (a fresh interpreter: nothing inherited from the client's
threads, SQLite connection or progress bar) BEFORE the client reads the inputs, and each loads
spaCy and the gazetteer in its initializer while the client runs the furniture pre-pass: start-up
overlaps the read instead of following it. The outlet furniture learned by that pre-pass is
written once to a temporary pickle that each worker loads on its first task (not shipped with
every task). The client submits bounded batches and writes every result to the store in input
order (``base.drive``), each as the JSON its worker encoded (``base.analyse_batch`` encode).
``--out DIR`` writes Parquet parts instead of articles in the store.
After a store ingest the same workers help link the new articles (``linking``): each returns its
articles' link inputs with their analysis, and they score stance while the client links.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, wait
from typing import Any

from ..errors import UsageError
from ..ingest import IngestReport, ProgressFn
from ..pipeline import Context
from ..settings import Settings
from . import base, linking

# This worker's furniture model, loaded once from the client's pickle: (path, model).
_FURNITURE: tuple[str | None, Any] = (None, None)


def _init(settings: Settings) -> None:
    base.warm_up(settings)


def _furniture(path: str | None) -> Any:
    global _FURNITURE
    if path is None:
        return None
    if _FURNITURE[0] != path:
        with open(path, "rb") as f:  # written by this run's client, in its private temporary folder
            _FURNITURE = (path, pickle.load(f))
    return _FURNITURE[1]


def _analyse(docs, settings: Settings, furniture_path: str | None, prepare: bool = False, encode: bool = False):
    return base.analyse_batch(docs, settings, _furniture(furniture_path), prepare, encode)


def run(store, paths: list[str], ctx: Context, *, progress: ProgressFn | None = None, workers: int | None = None,
        scheduler: str | None = None, out: str | None = None) -> IngestReport:
    """Ingest with ``workers`` local processes (see ``newstrace.ingest`` for the contract)."""
    if scheduler:
        raise UsageError("--scheduler applies to --engine dask only")
    n = workers or 2
    settings = ctx.settings
    t0 = time.perf_counter()
    tmp = tempfile.mkdtemp(prefix="newstrace-furniture-")
    ex = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init, initargs=(settings,))
    # One start-up task per worker: the pool spawns a process per pending task (up to n), so all
    # workers start loading their models now, while the client reads.
    warm = [ex.submit(base.warm_up, settings) for _ in range(n)]
    warm_at: list[float] = []
    for fut in warm:
        fut.add_done_callback(lambda _f: warm_at.append(time.perf_counter()))

    def submit_factory(furniture: Any):
        scanned = time.perf_counter() - t0
        path = None
        if furniture is not None:
            path = os.path.join(tmp, "furniture.pickle")
            with open(path, "wb") as f:
                pickle.dump(furniture, f, protocol=pickle.HIGHEST_PROTOCOL)
        if link and not all(f.done() for f in warm):
            linking.preload()  # the link phase's imports, while the workers warm up
        before = time.perf_counter()
        wait(warm)
        for fut in warm:
            fut.result()  # a worker that cannot start fails the run here, with its error
        base.log_startup(f"local-{n}", max(warm_at, default=before) - t0, scanned, time.perf_counter() - before)
        prepare = link and cache.wanted
        # a store ingest takes each article's JSON form as the worker encoded it (base.analyse_batch)
        return lambda docs: ex.submit(_analyse, docs, settings, path, prepare, link)

    sink_factory = None
    if out:
        from .parquet import sink_factory as parquet_sink

        sink_factory = parquet_sink(store, out, progress)
    # The linking that follows a store ingest runs here, while the workers are up and warm
    # (engines.linking): they prepare each article's link inputs and score stance.
    link = sink_factory is None and hasattr(store, "transaction")
    cache = linking.Prepared() if link else None
    try:
        report = base.drive(store, paths, ctx, progress, engine=f"local-{n}", submit_factory=submit_factory,
                            workers=n, sink_factory=sink_factory,
                            on_prepared=(lambda b: cache.add(b.prepared, b.prepare_s, b.analyse_s)) if link else None,
                            on_total=cache.size if cache is not None else None)
        if link and not report.interrupted:
            linking.link_after(store, report, submit=ex.submit, cache=cache)
        return report
    finally:
        ex.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(tmp, ignore_errors=True)
