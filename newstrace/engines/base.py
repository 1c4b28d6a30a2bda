"""The driver shared by the parallel engines: read lazily, analyse elsewhere, commit in order.

Flow (one client process)::

    readers (lazy) -> furniture pre-pass (ingest.scan) -> resume filter -> doc_id skip
      -> partitions of <= batch_size documents -> submit to workers (at most MAX_INFLIGHT_PER_WORKER
      per worker in flight: backpressure) -> results taken back in submission order -> one writer

Taking results back in submission order is what keeps the answer identical to the local
engine and makes the ingest log a prefix per file (see ``resume``); it costs at most the
in-flight window in memory. A partition is a run of consecutive records of the input stream:
a record range of a large JSON Lines / WARC file, or several small files.

Workers run ``analyse_batch``: a module-level, per-process Context (``worker_context``) holds
the spaCy model, the gazetteer and every ``ctx.resource``, so they load once per worker
process, never per task.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..ingest import IngestProgress, IngestReport, ProgressFn, scan, skip_stored, store_result
from ..model import Article, InputFailure, RawDocument
from ..pipeline import Context, new_article, run_stages
from ..settings import Settings
from .resume import ResumePlan

# Batches in flight per worker: one being analysed, one queued so the worker never waits for
# the client, one more to absorb uneven batch costs. More only adds memory.
MAX_INFLIGHT_PER_WORKER = 3
# When the corpus size is known (after the pre-pass), partitions are cut so that each worker gets
# at least this many: the last partition of a run keeps one worker busy while the others idle,
# so smaller partitions shorten that tail. Not below MIN_PARTITION documents: spaCy's batching
# and the per-task overhead (pickling, scheduling) want a handful of documents per task.
PARTITIONS_PER_WORKER = 16
MIN_PARTITION = 8
# The run's last partitions (``partitions``): each about the items left / (TAIL_ROUNDS x workers),
# down to TAIL_MIN documents, so that the workers run out of work at about the same time.
TAIL_ROUNDS = 2
TAIL_MIN = 4

Item = RawDocument | InputFailure
Result = Article | InputFailure

# Engines log their start-up here (workers spawned, models loaded) so that it can be measured
# apart from the analysis (bench/scale.py listens); the figure is also part of the ingest's time.
LOG = logging.getLogger("newstrace.engines")

# --- worker side -----------------------------------------------------------------------------

_CONTEXTS: dict[Settings, Context] = {}


def worker_context(settings: Settings, furniture: Any = None) -> Context:
    """This process's Context for ``settings``: created once, its resources loaded once."""
    ctx = _CONTEXTS.get(settings)
    if ctx is None:
        ctx = _CONTEXTS[settings] = Context(settings)
    if furniture is not None and ctx.get("furniture") is not furniture:
        ctx.set("furniture", furniture)
    return ctx


# Analysed once at worker start-up so every lazily loaded resource (spaCy, gazetteer, demonyms,
# stance model) is loaded before the first real task. Written for this purpose (fictional).
WARM_UP_TEXT = ("KYIV, March 3 (Newswire) - Officials in Odesa said on Monday that 12 drones were shot down, "
                "according to the regional governor.\n\n\"We are rebuilding,\" the mayor said.")


def warm_up(settings: Settings) -> float:
    """Load the heavy resources now (worker start-up) rather than inside the first task.

    Idempotent per process; returns the seconds it took (0 when already warm).
    """
    if settings in _WARM:
        return 0.0
    from ..readers import read_text

    t0 = time.perf_counter()
    run_stages([new_article(read_text(WARM_UP_TEXT, path="<warm-up>"))], worker_context(settings))
    _WARM.add(settings)
    return time.perf_counter() - t0


_WARM: set[Settings] = set()


def log_startup(engine: str, ready_s: float, scanned_s: float, waited_s: float) -> None:
    """Log the engine's start-up: seconds from the run's start until every worker was spawned and
    warm, until the client's read (furniture pre-pass) was done, and how long the client then
    waited for the workers (0 when the warm-up was hidden behind the read)."""
    LOG.info("%s start-up: workers warm after %.2f s, read done after %.2f s, client waited %.2f s",
             engine, ready_s, scanned_s, waited_s,
             extra={"startup": {"engine": engine, "ready_s": ready_s, "scanned_s": scanned_s, "waited_s": waited_s}})


@dataclass(slots=True)
class BatchResult:
    """A partition's results, with the link inputs of its articles prepared on the worker and
    each article's stored JSON form (``serialize.to_json``) encoded there."""

    results: list[Result]
    prepared: dict[str, tuple]  # engines.linking.prepare
    prepare_s: float  # worker CPU seconds spent preparing them (encoding included)
    analyse_s: float = 0.0  # worker CPU seconds of the analysis itself
    encoded: list[str | None] | None = None  # aligned with results: to_json of each Article (None: a failure)


def analyse_batch(docs: list[RawDocument], settings: Settings, furniture: Any = None,
                  prepare: bool = False, encode: bool = False) -> list[Result] | BatchResult:
    """Run the whole per-article pipeline on one partition (executed on a worker); with
    ``prepare``, also each article's own link inputs (``linking.prepare``) for the client's linking;
    with ``encode``, each article's stored JSON form, so that the client's single writer stores it
    (``store.put(encoded=...)``) instead of serialising the article again: the worker encodes it
    anyway to prepare the link inputs, and the writer is the one serial step of the ingest."""
    ctx = worker_context(settings, furniture)
    t0 = time.process_time()
    results = run_stages([new_article(r) for r in docs], ctx)
    if not prepare and not encode:
        return results
    from ..serialize import to_json

    t1 = time.process_time()
    encoded = [to_json(r) if isinstance(r, Article) else None for r in results]
    prepared: dict[str, tuple] = {}
    if prepare:
        from .linking import prepare as prepare_links

        try:
            prepared = prepare_links([r for r in results if isinstance(r, Article)],
                                     [e for e in encoded if e is not None])
        except Exception:  # noqa: BLE001 - the client reads and prepares these articles itself when it links
            prepared = {}
    return BatchResult(results, prepared, time.process_time() - t1, t1 - t0, encoded if encode else None)


# --- client side -----------------------------------------------------------------------------


Submit = Callable[[list[RawDocument]], Any]
Sink = Callable[[Result, int, int | None], None]


def partitions(items: Iterable[Item], size: int, total: int | None = None,
               workers: int = 1) -> Iterator[list[Item]]:
    """Consecutive items in lists holding at most ``size`` items (failures ride along).

    With the corpus size known (``total`` items), the run's last partitions shrink (guided
    self-scheduling: about the items left / (TAIL_ROUNDS x workers), not below TAIL_MIN): a full
    last partition keeps one worker busy for its whole length while the others have nothing left,
    and nothing else can start before the last article is stored (linking follows). Which items
    share a partition changes no result (the pipeline analyses each article on its own)."""
    it = iter(items)
    sent = 0
    while True:
        n = size
        if total is not None and size > TAIL_MIN:
            n = max(TAIL_MIN, min(size, -(-(total - sent) // (TAIL_ROUNDS * max(1, workers)))))
        chunk = list(itertools.islice(it, n))
        if not chunk:
            return
        sent += len(chunk)
        yield chunk


def partition_size(batch_size: int, total: int | None, workers: int) -> int:
    """Documents per partition: ``batch_size``, smaller for a small corpus (see PARTITIONS_PER_WORKER)."""
    if not total:
        return batch_size
    return max(min(MIN_PARTITION, batch_size), min(batch_size, -(-total // (workers * PARTITIONS_PER_WORKER))))


def ordered_results(batches: Iterable[list[Item]], submit: Submit, max_inflight: int,
                    on_prepared: Callable[[BatchResult], None] | None = None) -> Iterator[tuple[Result, str | None]]:
    """Submit each batch's documents, keep at most ``max_inflight`` batches pending, and yield
    every item's result in input order (reader failures stay in place), each with its
    worker-encoded JSON form (``BatchResult.encoded``; None for a failure or when the worker sent
    none); a ``BatchResult``'s prepared link inputs go to ``on_prepared``."""
    pending: deque[tuple[list[Item], Any]] = deque()

    def drain_one() -> Iterator[tuple[Result, str | None]]:
        batch, fut = pending.popleft()
        out = fut.result() if fut is not None else ()
        codes = None
        if isinstance(out, BatchResult):
            if on_prepared is not None:
                on_prepared(out)
            codes = out.encoded
            out = out.results
        results = iter(out)
        codes_it = iter(codes) if codes is not None and len(codes) == len(out) else None
        for item in batch:
            if isinstance(item, InputFailure):
                yield item, None
                continue
            yield next(results), (next(codes_it) if codes_it is not None else None)

    for batch in batches:
        docs = [x for x in batch if isinstance(x, RawDocument)]
        pending.append((batch, submit(docs) if docs else None))
        while len(pending) >= max_inflight:
            yield from drain_one()
    while pending:
        yield from drain_one()


def drive(store, paths: list[str], ctx: Context, progress: ProgressFn | None, *, engine: str,
          submit_factory: Callable[[Any], Submit], workers: int, sink_factory=None,
          on_prepared: Callable[[BatchResult], None] | None = None,
          on_total: Callable[[int | None], None] | None = None) -> IngestReport:
    """Run one ingest through an engine.

    Args:
        submit_factory: called with the learned furniture model (or None) once the pre-pass is
            done; returns ``submit(docs) -> future``. For a store sink, a future may answer a
            ``BatchResult`` whose ``encoded`` JSON forms the store takes as they are.
        workers: worker count (sizes the in-flight window).
        sink_factory: ``(report) -> (sink, close)`` writing results elsewhere than the store
            (Parquet); default: ``ingest.store_result``.
        on_prepared: receives each batch's worker-prepared link inputs (``BatchResult``).
        on_total: told the corpus size (None: unknown) once the pre-pass is done, before any submit.
    """
    report = IngestReport(run_id=store.start_run(paths, engine=engine), engine=engine)
    t0 = time.monotonic()
    status = "interrupted"
    done = 0
    close = None
    try:
        items, total = scan(paths, ctx, progress)
        plan = ResumePlan(store)

        def skipped(n: int, *, counted: bool = False) -> None:
            nonlocal done
            done += n
            if not counted:
                report.unchanged += n
            if progress is not None:
                progress(IngestProgress("store", done, total, report.new, report.unchanged, report.versions,
                                        len(report.failed)))

        def fresh() -> Iterator[Item]:
            for item in plan.filter(items, report.run_id, skipped):
                if isinstance(item, RawDocument) and sink_factory is None and skip_stored(store, item, report):
                    skipped(1, counted=True)
                    continue
                yield item

        if on_total is not None:
            on_total(total)
        submit = submit_factory(ctx.get("furniture"))
        if sink_factory is None:
            def sink(result: Result, n: int, tot: int | None, encoded: str | None) -> None:
                store_result(store, result, report, progress, done=n, total=tot, encoded=encoded)
        else:
            other, close = sink_factory(report)

            def sink(result: Result, n: int, tot: int | None, encoded: str | None) -> None:  # noqa: ARG001
                other(result, n, tot)  # a Parquet part keeps its own row form
        window = max(2, MAX_INFLIGHT_PER_WORKER * workers)
        size = partition_size(ctx.settings.batch_size, total, workers)
        for result, encoded in ordered_results(partitions(fresh(), size, total, workers), submit, window, on_prepared):
            done += 1
            sink(result, done, total, encoded)
        if close is not None:
            close()
            close = None
        status = "done"
    finally:
        report.elapsed = time.monotonic() - t0
        report.interrupted = status != "done"
        if close is not None:
            try:
                close()
            except Exception:  # noqa: BLE001 - never mask the original interruption
                pass
        try:
            store.finish_run(report.run_id, status)
        except Exception:  # noqa: BLE001 - never mask the original interruption
            if status == "done":
                raise
    return report
