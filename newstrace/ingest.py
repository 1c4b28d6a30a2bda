"""Ingest: read -> analyse -> store, with an ingest log row for every input.

Two passes over the inputs. Pass 1 feeds every RawDocument to the outlet furniture model
(``newstrace.corpus.furniture.FurnitureModel.observe``) so the clean stage can drop lines that
recur across an outlet's articles, and installs it as ``ctx.get("furniture")``. Pass 2 streams
``readers -> pipeline.process -> store.put`` batch by batch. Each article is one store
transaction, so an interrupted ingest (Ctrl-C, kill) never leaves a half-written article and a
re-run picks up where it stopped (already stored documents come back ``unchanged``).

Engines. ``engine="local"`` with one worker runs here, in this process. Any other engine (or
``local`` with ``workers > 1``) lives in ``newstrace/engines/<name>.py`` (``processes`` for local
workers) and exposes::

    run(store, paths, ctx, *, progress, workers, scheduler, out) -> IngestReport

reusing ``skip_stored`` and ``store_result`` below so outcomes, logging and progress stay identical. Until such a
module exists, asking for it is a UsageError. An engine may link the new articles itself (on its
workers, ``engines.linking``) and set ``report.linking``; otherwise ``link_after_ingest`` does it here.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import UsageError
from .model import Article, InputFailure, RawDocument
from .pipeline import Context, default_context, make_doc_id, process
from .readers import read_paths

ENGINES = ("local", "dask")
# Raw documents read in pass 1 are kept for pass 2 up to this many characters of text, so small
# and medium corpora are read and parsed once; past it pass 2 reads again (bounded memory).
PREPASS_CACHE_CHARS = 50_000_000
# Progress callbacks during pass 1 fire every this many documents: enough to animate a bar
# without paying a callback per line of a large JSONL file.
SCAN_PROGRESS_EVERY = 25


@dataclass(slots=True)
class IngestReport:
    """What an ingest did."""

    run_id: str
    new: int = 0
    unchanged: int = 0
    versions: int = 0
    failed: list[InputFailure] = field(default_factory=list)
    elapsed: float = 0.0  # seconds
    interrupted: bool = False
    engine: str = "local"
    linking: dict[str, Any] | None = None  # newstrace.corpus.linker.LinkReport of the post-ingest linking

    @property
    def stored(self) -> int:
        """Articles processed successfully (new + unchanged + versions)."""
        return self.new + self.unchanged + self.versions

    @property
    def rate(self) -> float:
        """Articles (stored or failed) per second."""
        return (self.stored + len(self.failed)) / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["stored"] = self.stored
        return d


@dataclass(slots=True)
class IngestProgress:
    """One progress event: phase ``scan`` (pass 1) or ``store`` (pass 2)."""

    phase: str
    done: int  # documents handled in this phase so far
    total: int | None  # documents in the corpus when known (after pass 1)
    new: int = 0
    unchanged: int = 0
    versions: int = 0
    failed: int = 0
    failure: InputFailure | None = None  # the failure this event reports, if any
    article: Article | None = None  # the article just stored, if any


ProgressFn = Callable[[IngestProgress], None]


def ingest(store, paths: Iterable[str | os.PathLike], ctx: Context | None = None, progress: ProgressFn | None = None,
           *, engine: str = "local", workers: int | None = None, scheduler: str | None = None,
           out: str | None = None) -> IngestReport:
    """Read, analyse and store every document under ``paths``.

    Args:
        store: an open store (``newstrace.open``).
        paths: files, directories (walked recursively) or ``-`` for standard input.
        ctx: pipeline Context (default: the process-wide one).
        progress: called with an ``IngestProgress`` after each document (and during the scan).
        engine, workers, scheduler, out: execution engine options (see the module docstring).

    Returns an IngestReport. Bad inputs never raise: they are counted, logged and returned.
    Raises UsageError for an unavailable engine or no paths; StoreError if the store fails.
    """
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise UsageError("nothing to ingest: give at least one PATH")
    ctx = ctx or default_context()
    runner = resolve_engine(engine, workers=workers, scheduler=scheduler, out=out)
    if runner is None:
        report = run_local(store, paths, ctx, progress)
    else:
        report = runner(store, paths, ctx, progress=progress, workers=workers, scheduler=scheduler, out=out)
    if report.linking is None:  # a parallel engine links on its own workers before it stops them
        link_after_ingest(store, report)
    return report


def link_after_ingest(store, report: IngestReport) -> None:
    """Link the newly stored articles across the store (copies, rewrites, stories, stance).

    Incremental: only articles without a fingerprint are linked (``newstrace link`` relinks all).
    A linking failure is reported on the IngestReport; the stored articles stay stored.
    """
    if not hasattr(store, "transaction"):
        return
    from .corpus.linker import link_pending

    try:
        report.linking = link_pending(store).to_dict()
    except Exception as e:  # noqa: BLE001 - articles are committed; linking can be re-run with `newstrace link`
        report.linking = {"error": f"{type(e).__name__}: {e}"}


def resolve_engine(engine: str, *, workers: int | None = None, scheduler: str | None = None,
                   out: str | None = None) -> Callable[..., IngestReport] | None:
    """None for the built-in single-process engine, else the engine module's ``run``."""
    engine = (engine or "local").lower()
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise UsageError("--workers must be at least 1")
    if engine == "local" and (workers or 1) == 1:
        if scheduler:
            raise UsageError("--scheduler applies to --engine dask only")
        if out:
            raise UsageError("--out is not supported by the local single-process engine (it writes the store)")
        return None
    module = f"newstrace.engines.{'processes' if engine == 'local' else engine}"
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # newstrace.engines itself is absent
        found = False
    if not found:
        what = f"--workers {workers}" if engine == "local" else f"--engine {engine}"
        raise UsageError(f"{what} is not available in this version of newstrace ({module} is missing); "
                         "use the default single-process local engine")
    return importlib.import_module(module).run


def store_result(store, result: Article | InputFailure, report: IngestReport, progress: ProgressFn | None,
                 *, done: int, total: int | None, encoded: str | None = None) -> None:
    """Store one pipeline result (or log its failure), update the report and notify progress.

    ``encoded``: the article's ``serialize.to_json`` form made where it was analysed (a parallel
    engine's worker), which the store then keeps instead of encoding the article again."""
    failure = None
    article = None
    if isinstance(result, InputFailure):
        store.log_input(result, run_id=report.run_id)
        report.failed.append(result)
        failure = result
    else:
        outcome = store.put(result, run_id=report.run_id, encoded=encoded)
        if outcome == "new":
            report.new += 1
        elif outcome == "version":
            report.versions += 1
        else:
            report.unchanged += 1
        article = result
    if progress is not None:
        progress(IngestProgress("store", done, total, report.new, report.unchanged, report.versions,
                                len(report.failed), failure, article))


def skip_stored(store, raw: RawDocument, report: IngestReport) -> bool:
    """True (and logged as unchanged) when ``raw`` is already stored under the id it would get."""
    doc_id = make_doc_id(raw)
    if not store.has(doc_id) and raw.identity and not raw.source.url:
        # a store written before file identities were resolved holds it under the path as typed
        legacy = make_doc_id(raw, as_typed=True)
        doc_id = legacy if legacy != doc_id and store.has(legacy) else doc_id
    if store.has(doc_id) and store.log_unchanged(doc_id, raw.source, run_id=report.run_id):
        report.unchanged += 1
        return True
    return False


def scan(paths: list[str], ctx: Context, progress: ProgressFn | None) -> tuple[Iterable[RawDocument | InputFailure], int | None]:
    """Pass 1: learn outlet furniture from every document; return pass 2's input and the count.

    Skipped (total unknown) when the furniture model is not part of this installation.
    """
    try:
        has_model = importlib.util.find_spec("newstrace.corpus.furniture") is not None
    except ModuleNotFoundError:
        has_model = False
    if not has_model:
        return read_paths(paths, ctx.settings), None
    from .corpus.furniture import FurnitureModel

    model = FurnitureModel(ctx.settings.furniture_min_articles)
    cache: deque[RawDocument | InputFailure] | None = deque()
    chars = total = 0
    for item in read_paths(paths, ctx.settings):
        total += 1
        if isinstance(item, RawDocument):
            model.observe(item)
            chars += len(item.text)
        if cache is not None:
            cache.append(item)
            # Standard input cannot be read twice: its documents stay cached whatever their size.
            if chars > PREPASS_CACHE_CHARS and "-" not in paths:
                cache = None
        if progress is not None and total % SCAN_PROGRESS_EVERY == 0:
            progress(IngestProgress("scan", total, None))
    ctx.set("furniture", model)
    if cache is None:
        return read_paths(paths, ctx.settings), total
    return _drain(cache), total


def _drain(cache: deque) -> Iterator[Any]:
    # Pop as we go so each raw document can be freed once the pipeline is done with it.
    while cache:
        yield cache.popleft()


def run_local(store, paths: list[str], ctx: Context, progress: ProgressFn | None = None) -> IngestReport:
    """The built-in engine: one process, pipeline batches of ``settings.batch_size``."""
    report = IngestReport(run_id=store.start_run(paths, engine="local"), engine="local")
    t0 = time.monotonic()
    status = "interrupted"
    done = 0
    try:
        items, total = scan(paths, ctx, progress)

        def resumed(n: int) -> None:
            # Committed by an earlier (possibly killed) run of the same file: logged in bulk.
            nonlocal done
            done += n
            report.unchanged += n
            if progress is not None:
                progress(IngestProgress("store", done, total, report.new, report.unchanged, report.versions,
                                        len(report.failed)))

        def fresh() -> Iterator[RawDocument | InputFailure]:
            # Documents already stored are logged "unchanged" without running the pipeline
            # again: a re-run (or the resumption of a killed run) costs a read, not spaCy.
            nonlocal done
            from .resume import ResumePlan

            for item in ResumePlan(store).filter(items, report.run_id, resumed):
                if isinstance(item, RawDocument) and skip_stored(store, item, report):
                    done += 1
                    if progress is not None:
                        progress(IngestProgress("store", done, total, report.new, report.unchanged,
                                                report.versions, len(report.failed)))
                    continue
                yield item

        for result in process(fresh(), ctx):
            done += 1
            store_result(store, result, report, progress, done=done, total=total)
        status = "done"
    finally:
        report.elapsed = time.monotonic() - t0
        report.interrupted = status != "done"
        try:
            store.finish_run(report.run_id, status)
        except Exception:  # noqa: BLE001 - never mask the original interruption
            if status == "done":
                raise
    return report
