"""``--engine dask [--scheduler ADDRESS | --workers N]``: the pipeline on Dask workers.

Without ``--scheduler`` a ``distributed.LocalCluster`` of N single-threaded worker processes is
started for the run (spaCy releases the GIL rarely, so processes, not threads, give parallelism)
and closed at the end; with it, the run connects to that existing scheduler and leaves it up.

- Start-up in parallel with the read: the cluster is started, and the workers warmed up, in a
  background thread while the client runs the furniture pre-pass over the inputs; the client
  waits for the workers only once it has something to send them (the wait is logged by
  ``base.log_startup``: spawn + warm-up, read, wait).
- Heavy resources: a worker plugin warms each worker up at registration (spaCy, gazetteer,
  demonyms, stance model) into a module-level per-process Context (``base.worker_context``), so
  they load once per worker, not per task; a worker that joins later warms up the same way.
- Furniture: learned by the client's pre-pass (hashing lines: cheap) and broadcast to every
  worker once with ``scatter``; tasks refer to it, so results equal the local engine's.
- Partitions: consecutive records of the input stream (record ranges of large JSON Lines / WARC
  files, or groups of small files), read lazily by the client; at most
  ``base.MAX_INFLIGHT_PER_WORKER`` per worker are in flight, so memory stays bounded.
- Output: one writer in the client (the SQLite store, in input order), or Parquet parts under
  ``--out DIR`` (``parquet``). Workers never need the input files or the store, only newstrace.
  For the store, each worker also returns every article's JSON form, which the writer stores as
  it is (``base.analyse_batch`` encode): the one serial step does not encode it again.
- Partitions shrink at the end of a run of known size (``base.partitions``) so that the workers
  run out of work together.
- Linking (``linking``), before the cluster closes: the workers return each article's link
  inputs with its analysis, and, on a LocalCluster (whose workers can read the store file), score
  the stance of each new story member, every job of one story on one worker (its caches).
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..errors import UsageError
from ..ingest import IngestReport, ProgressFn
from ..pipeline import Context
from ..settings import Settings
from . import base, linking

# Workers of the default LocalCluster when --workers is not given: this is what a 2-core
# laptop can run in parallel; bigger machines pass --workers.
DEFAULT_WORKERS = 2
# Seconds to wait for the workers of a fresh LocalCluster (spawning + warm-up on a loaded box).
CLUSTER_START_TIMEOUT_S = 300
# Dask's own bookkeeping for a LocalCluster we start, turned down: each item wakes every worker
# (and the scheduler) many times a second to take the GIL from the analysis thread, which helps
# interactive debugging, not a batch ingest on a few busy cores. An existing cluster
# (--scheduler) keeps its own configuration.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,  # statistical profiler: samples every thread every 10 ms
    "distributed.admin.tick.interval": "1s",  # event-loop blockage probe, 20 ms by default
    "distributed.admin.tick.limit": "120s",  # a long spaCy batch is not a blocked loop worth a warning
    "distributed.worker.memory.monitor-interval": "1s",  # RSS polling, 100 ms by default
    "distributed.admin.system-monitor.interval": "2s",  # CPU / memory / network history, 500 ms
    "distributed.admin.system-monitor.gil.enabled": False,  # GIL contention sampling every 1 ms
    # Dask's default also sets MALLOC_TRIM_THRESHOLD_=65536 in each worker: glibc then hands freed
    # memory back to the OS after every spaCy batch and the next batch faults it in again. Measured
    # on 64 synthetic articles in one process (alternated, load 9-11): 19.7 s CPU (sys 2.5, 439k minor
    # faults) with it, 17.6 s (sys 0.8, 60k) with glibc's default, which the other engines run with.
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}


def _plugin(settings: Settings):
    from distributed import WorkerPlugin

    class WarmUp(WorkerPlugin):
        """Loads the pipeline's resources once per worker process, when the worker joins."""

        name = "newstrace-warm-up"

        def __init__(self, settings: Settings):
            self.settings = settings

        def setup(self, worker) -> None:  # noqa: ARG002 - plugin interface
            base.warm_up(self.settings)

    return WarmUp(settings)


def _client(workers: int | None, scheduler: str | None):
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - distributed is a declared dependency
        raise UsageError("--engine dask needs dask.distributed: pip install 'dask[distributed]'") from e
    if scheduler:
        try:
            return Client(scheduler, timeout=CLUSTER_START_TIMEOUT_S), None
        except OSError as e:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
    import dask

    # Nannies pass the configuration current at their creation on to the worker processes.
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        cluster = LocalCluster(n_workers=workers or DEFAULT_WORKERS, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster


def _start(workers: int | None, scheduler: str | None, settings: Settings, client=None):
    """Start (or connect to) the cluster and warm every worker up; returns (client, cluster)."""
    cluster = None
    if client is None:
        client, cluster = _client(workers, scheduler)
    try:
        # Returns once every current worker has run the plugin's setup (models loaded).
        client.register_plugin(_plugin(settings))
    except BaseException:
        client.close()
        if cluster is not None:
            cluster.close()
        raise
    return client, cluster


def _collect(cache: linking.Prepared | None):
    """``base.drive``'s on_prepared: keep each batch's prepared link inputs in ``cache``."""
    if cache is None:
        return None
    return lambda batch: cache.add(batch.prepared, batch.prepare_s, batch.analyse_s)


def run(store, paths: list[str], ctx: Context, *, progress: ProgressFn | None = None, workers: int | None = None,
        scheduler: str | None = None, out: str | None = None) -> IngestReport:
    """Ingest on a Dask cluster (see ``newstrace.ingest`` for the contract)."""
    settings = ctx.settings
    t0 = time.perf_counter()
    # An existing scheduler is reached now (a bad address is a usage error before any work), and
    # its worker count sizes the in-flight window; a LocalCluster has the count we ask for.
    client = _client(workers, scheduler)[0] if scheduler else None
    n = (len(client.scheduler_info().get("workers", {})) if client is not None else 0) or workers or DEFAULT_WORKERS
    boot_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-dask-start")
    boot = boot_thread.submit(_start, workers, scheduler, settings, client)
    ready_at: list[float] = []
    boot.add_done_callback(lambda _f: ready_at.append(time.perf_counter()))
    try:
        def submit_factory(furniture: Any):
            scanned = time.perf_counter() - t0
            if link and not boot.done():
                linking.preload()  # the link phase's imports, while the workers warm up
            before = time.perf_counter()
            client, _cluster = boot.result()
            base.log_startup("dask", max(ready_at, default=before) - t0, scanned, time.perf_counter() - before)
            shipped = client.scatter(furniture, broadcast=True, hash=False) if furniture is not None else None
            prepare = link and cache.wanted
            # a store ingest takes each article's JSON form as the worker encoded it (base.analyse_batch)
            return lambda docs: client.submit(base.analyse_batch, docs, settings, shipped, prepare, link, pure=False)

        sink_factory = None
        if out:
            from .parquet import sink_factory as parquet_sink

            sink_factory = parquet_sink(store, out, progress)
        # The linking that follows a store ingest runs here, while the workers are up and warm:
        # they prepare each article's link inputs with its analysis and score stance after it.
        link = sink_factory is None and hasattr(store, "transaction")
        cache = linking.Prepared() if link else None
        report = base.drive(store, paths, ctx, progress, engine="dask", submit_factory=submit_factory, workers=n,
                            sink_factory=sink_factory, on_prepared=_collect(cache),
                            on_total=cache.size if cache is not None else None)
        if link and not report.interrupted:
            client = boot.result()[0]

            # Stance jobs read the store file: only workers of a LocalCluster started here can.
            # Placed by worker name, which a worker the nanny restarts keeps, and strictly: a job
            # stolen by another worker would build the story's caches there again (linking.stance_places).
            def submit(fn, *args, where: Any = None):
                placed = {"workers": [where], "allow_other_workers": False} if where is not None else {}
                return client.submit(fn, *args, pure=False, **placed)

            names = sorted((w.get("name", a) for a, w in client.scheduler_info().get("workers", {}).items()), key=str)
            places = linking.stance_places(names)
            linking.link_after(store, report, submit=None if scheduler else submit, cache=cache, places=places)
        return report
    finally:
        boot_thread.shutdown(wait=True)
        if boot.exception() is None:
            client, cluster = boot.result()
            client.close()
            if cluster is not None:
                cluster.close()
