"""The post-ingest linking of the parallel engines, on the engine's own warm workers.

After a parallel ingest the engine's workers sit idle while the client links the new articles
(``corpus.linker.link_pending``: one process, about a core). Here the client keeps every linking
decision, in the same order, while:

- stance (``claimlinks.stance_rows`` of each new story member against its peers, about half of
  linking's CPU) is scored by the engine's workers (``linker._stance_job``: the same job
  ``link_pending(parallel=True)`` sends to its spawned helper, written in link order at the end of
  each batch, so the tables are the same), and only when the workers can read the store file
  (a LocalCluster or local processes, never a remote ``--scheduler``);
- each article's own link inputs that depend on it alone (its light form as linking reads it
  from the store, its fingerprint and sentence keys: ``linker.Prepared``) are computed by the
  worker that analysed it, inside its batch (``prepare``), and handed to the linker instead of
  being read and computed again in the client;
- so are its event reports as the events merge reads them from its stored JSON (``prepare``,
  ``Prepared.given``: taken only for a stored JSON of the same digest).

What linking does is ``corpus.linker``'s, unchanged: this module only chooses where its pieces
run (``Linker.link_prepared`` with a stance pool, as ``linker._link_prepared`` does). A missing
piece (an older linker, a failed worker) falls back to what ``link_pending`` would do here.
"""

from __future__ import annotations

import gc
import logging
import os
import time
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from ..model import Article

LOG = logging.getLogger("newstrace.engines")

def stance_places(workers: list[str], cores: int | None = None) -> list[str]:
    """The workers that score stance while the client links: every worker, up to one per core (as
    the processes engine does). Each keeps its own caches of the stories it scores, so a story's
    jobs stay on one worker (_Pool). Measured end to end on 500 articles (bench/scale.py, quiet,
    Dask 2 workers on 2 cores): stance on one worker, the client waited 6.5 s for it (link phase
    28.8 s, stance CPU 16.2 s); on both, 1.7 s (link phase 24.7 s, stance CPU 14.6 s). An earlier
    measure on 150 articles found two workers costlier in CPU (5.6-6.0 s against 3.4-3.6 s); the
    wait is what the run's wall pays."""
    cores = cores or os.cpu_count() or 1
    return workers[:max(1, cores)]


# Seconds the linker waits for one stance job before scoring it itself (and every later one: the
# helper is taken as lost). Jobs of a batch queue on their worker while the client links: a batch's
# whole queue takes seconds; this only guards against a worker that never comes back.
JOB_TIMEOUT_S = 600


# Prepared articles the client keeps for the linking that follows the ingest: each holds a
# light article (text, entities, places, claims, events, times), a fingerprint and sentence keys,
# ~33 kB pickled (synthetic ~700-word articles), more as objects. Linking goes in publication
# order, not arrival order, so a larger corpus is not prepared at all (its articles are read from
# the store when linked, as before): ~0.3-0.5 GB of client memory at most.
MAX_PREPARED = 5_000


def prepare(articles: list[Article], encoded: list[str] | None = None) -> dict[str, tuple]:
    """Worker side: ``doc_id -> (light article, fingerprint, sentence keys, (digest, reports))`` of
    analysed articles.

    The light article is built from the article's stored JSON form (``serialize.to_json``, what
    ``store.put`` writes and ``linker.light_article`` reads back; ``encoded``: those forms, aligned
    with ``articles``, when the caller has them), so the linker sees exactly what it would have
    read from the store. The reports are what the events merge reads from that JSON
    (``events.reports.reports_of``), with the JSON's digest (``json_digest``): the merge takes them
    only for a stored JSON with that digest (``Prepared.given``).
    """
    import json

    from ..corpus import boilerplate as bp
    from ..corpus.fingerprint import fingerprint
    from ..corpus.linker import _light
    from ..events.reports import reports_of
    from ..serialize import to_json

    if encoded is None or len(encoded) != len(articles):
        encoded = [to_json(a) for a in articles]
    out: dict[str, tuple] = {}
    for a, js in zip(articles, encoded):
        d = json.loads(js)  # decoded once for both: neither changes it (linker.light_article = _light of it)
        light = _light(d, True)
        fp = fingerprint(light)
        reps = reports_of(d) if d.get("events") else []
        out[a.doc_id] = (light, fp, bp.sentence_keys(light.text, fp.outlet), (json_digest(js), reps))
    _seed_stance_helper([p[0] for p in out.values()])
    return out


def json_digest(js: str) -> bytes:
    """A stored JSON text's digest (BLAKE2b, 128 bits): tells the merge that the reports made on a worker
    were made from the very text the store holds (~0.1 ms for 100 kB, against ~2 ms to decode it)."""
    import hashlib

    return hashlib.blake2b(js.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _seed_stance_helper(lights: list[Article]) -> None:
    """Worker side: the light articles just prepared become this process's stance helper's reads
    (``linker._stance_job`` keeps the stored articles it reads in ``_HELPER``): a stance job sent
    to this worker finds them instead of reading and parsing them from the store again. They are
    what it would read (``prepare``); a helper whose caches are laid out otherwise is left alone."""
    from collections import OrderedDict

    from ..corpus import linker as L

    helper, limit = getattr(L, "_HELPER", None), getattr(L, "ARTICLE_CACHE", 0)
    if not isinstance(helper, dict) or not limit:
        return
    if not helper:  # as _stance_job starts it
        from functools import partial

        from ..stance import predict
        from ..stance.features import TextCache

        helper.update(articles=OrderedDict(), memo={}, predict=partial(predict, cache=TextCache(L.STANCE_TEXTS)))
    arts = helper.get("articles")
    if not isinstance(arts, OrderedDict):
        return
    for a in lights:
        arts[a.doc_id] = a
        arts.move_to_end(a.doc_id)
    while len(arts) > limit:
        arts.popitem(last=False)


class Prepared:
    """The client's store of worker-prepared link inputs, bounded by MAX_PREPARED."""

    def __init__(self, limit: int = MAX_PREPARED):
        self.limit = limit
        self.wanted = True  # False once the corpus is known to be larger than the limit
        self.items: dict[str, tuple] = {}
        self.reports: dict[str, tuple[bytes, list]] = {}  # doc_id -> (json_digest, reports) for the events merge
        self.reports_used = 0  # articles whose reports the merge took from here
        self.worker_s = 0.0  # worker CPU seconds spent preparing (overlapped with the analysis)
        self.analyse_s = 0.0  # worker CPU seconds of the analysis itself (for the bench's accounting)
        self.dropped = 0

    def size(self, total: int | None) -> None:
        """``base.drive``'s on_total: prepare only a corpus of known size within the limit."""
        self.wanted = total is not None and total <= self.limit

    def add(self, prepared: dict[str, tuple], seconds: float = 0.0, analyse_s: float = 0.0) -> None:
        self.worker_s += seconds
        self.analyse_s += analyse_s
        for d, p in prepared.items():
            if len(self.items) >= self.limit:
                self.dropped += 1
                continue
            self.items[d] = p[:3]
            if len(p) > 3:
                self.reports[d] = p[3]

    def given(self, doc_id: str, js: str) -> list | None:
        """``merge_pending``'s given: the article's reports made on its worker, if made from ``js``."""
        entry = self.reports.pop(doc_id, None)
        if entry is None or entry[0] != json_digest(js):
            return None
        self.reports_used += 1
        return entry[1]


def preload() -> None:
    """Client side: import what the link phase runs (linker, stance features, event merge: ~230
    modules, 0.2-0.3 s CPU and 1.5-2 s wall on this loaded 2-core machine). The engines call it
    while the client waits for its workers to warm up, instead of at the start of the link phase,
    where every second is serial; called in the client's own thread (no import races with the
    threads that unpack results). Importing changes no result; a failure is left for the link
    phase to meet."""
    import importlib

    try:
        for name in PRELOAD:
            importlib.import_module(name)
    except Exception:  # noqa: BLE001 - the link phase imports them itself and reports
        pass


# ``_link`` keeps the objects alive at the start of the link phase out of the GC's collections
# (gc.freeze) while it runs; False: as any other code (for measuring).
FREEZE_GC = True

# What ``_link`` (linker.link_prepared and the event merge after it) imports on its first use.
# datasketch (imported by corpus.fingerprint on its first MinHash, with scipy parts: ~0.6 s CPU on a
# quiet core) is first needed by the client when the linker fingerprints an article again without
# its boilerplate: profiled inside the link phase of dask-2 on 200 articles.
PRELOAD = ("newstrace.corpus.linker", "newstrace.corpus.claimlinks", "newstrace.corpus.stories",
           "newstrace.stance.features", "newstrace.events.merge", "newstrace.store.events", "datasketch")


# Stance jobs sent to one worker together, as one task: each task costs the client's serial link phase
# its submit and the in-process scheduler's bookkeeping (py-spy, dask-2 on 500 articles: the 500
# submits were 2.5% of the link phase). A group's jobs run in order on its worker, as they would one
# by one; the linker takes results only at the end of its batch, when every held group is sent.
GROUP = 8


def _timed(jobs: list[tuple[Callable[..., Any], tuple]]) -> tuple[list[tuple[bool, Any]], float, int]:
    """Worker side: ``fn(*args)`` of each job in order ((True, result), or (False, why) when it raised),
    the CPU seconds they took and the process that ran them."""
    t0 = time.process_time()
    out: list[tuple[bool, Any]] = []
    for fn, args in jobs:
        try:
            out.append((True, fn(*args)))
        except Exception as e:  # noqa: BLE001 - this job's failure is its own: the linker scores it itself
            out.append((False, f"{type(e).__name__}: {e}"))
    return out, time.process_time() - t0, os.getpid()


class _Group:
    """The task of a group of jobs (``_timed``): its results taken back once, its CPU counted once."""

    def __init__(self, fut, pool: _Pool, error: Exception | None = None):
        self.fut, self.pool, self.error = fut, pool, error
        self.out: list[tuple[bool, Any]] | None = None

    def result(self, i: int):
        pool = self.pool
        if pool.broken:  # an earlier job never came back: the linker scores this one itself
            raise TimeoutError("stance helper unavailable")
        if self.error is not None:  # the engine refused the task
            raise self.error
        if self.out is None:
            t0 = time.perf_counter()
            try:
                out, cpu, pid = self.fut.result(timeout=JOB_TIMEOUT_S)
            except TimeoutError:
                pool.broken = True
                raise
            finally:
                pool.wait_s += time.perf_counter() - t0
            self.out = out
            pool.cpu += cpu
            pool.pids.add(pid)
        ok, value = self.out[i]
        if not ok:
            raise RuntimeError(value)
        return value


class _Timed:
    """One job's future (what ``Linker.stance_pool.submit`` answers): its group's result for it."""

    def __init__(self, pool: _Pool):
        self.pool = pool
        self.group: _Group | None = None  # set when its group is sent
        self.index = 0

    def result(self):
        if self.group is None:
            self.pool.flush()
        return self.group.result(self.index)


class _Pool:
    """What ``Linker.stance_pool`` needs (``submit(fn, *args) -> future``) over an engine's submit,
    jobs sent GROUP at a time per place."""

    def __init__(self, submit: Callable[..., Any], places: list[str] | None = None, group: int = GROUP):
        self._submit = submit
        self.places = places or []
        self.group = max(1, group)
        self._held: dict[str | None, list[tuple[Callable[..., Any], tuple, _Timed]]] = {}
        self.jobs = 0
        self.tasks = 0
        self.cpu = 0.0  # worker CPU seconds of the jobs taken back
        self.wait_s = 0.0  # seconds the client waited for them (the link phase's wall on the workers' account)
        self.pids: set[int] = set()  # the processes that ran them
        self.broken = False

    def submit(self, fn, *args):
        self.jobs += 1
        # (path, doc_id, peer_ids): every job of one story to one worker, when the engine can place
        # tasks, so that its helper caches (the story's light articles, their stance analyses and
        # frames) serve the story's next members instead of being built again on each worker. A
        # story's first member (peers come in publication order) names it; placement changes no result.
        where = None
        if self.places and len(args) > 2 and isinstance(args[1], str):
            key = args[2][0] if args[2] else args[1]
            where = self.places[zlib.crc32(key.encode("utf-8")) % len(self.places)]
        job = _Timed(self)
        held = self._held.setdefault(where, [])
        held.append((fn, args, job))
        if len(held) >= self.group:
            self._send(where)
        return job

    def _send(self, where: str | None) -> None:
        held = self._held.pop(where, [])
        if not held:
            return
        jobs = [(fn, args) for fn, args, _job in held]
        try:
            fut = self._submit(_timed, jobs, where=where) if where is not None else self._submit(_timed, jobs)
            group = _Group(fut, self)
            self.tasks += 1
        except Exception as e:  # noqa: BLE001 - a broken pool refuses work: the linker scores these jobs itself
            group = _Group(None, self, e)
        for i, (_fn, _args, job) in enumerate(held):
            job.group, job.index = group, i

    def flush(self) -> None:
        """Send every group still held (the linker is about to take results)."""
        for where in list(self._held):
            self._send(where)


def _prepared(store, ids: list[str], cache: Prepared | None, linker_mod) -> Iterator[Any]:
    """``linker.Prepared`` for ``ids`` in that order: from the workers' cache, else read here."""
    chunk = 100
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        have = {} if cache is None else {d: cache.items.pop(d) for d in part if d in cache.items}
        missing = [d for d in part if d not in have]
        read = {a.doc_id: a for a in linker_mod._stored(store, missing)} if missing else {}
        for d in part:
            if d in have:
                light, fp, sents = have[d]
                yield linker_mod.Prepared(light, fp, sents)
            elif d in read:
                yield linker_mod.Prepared(read[d])


def link_after(store, report, *, submit: Callable[..., Any] | None = None, cache: Prepared | None = None,
               places: list[str] | None = None) -> None:
    """Link the newly stored articles (``ingest.link_after_ingest``'s contract), stance scored by
    ``submit(fn, *args[, where=PLACE]) -> future`` (the engine's workers; None: here; ``where``, one
    of ``places``, only when the engine can place tasks) and each article's own inputs taken from
    ``cache``. Sets ``report.linking``; a failure is reported, never raised."""
    if not hasattr(store, "transaction"):
        return
    t0 = time.perf_counter()
    try:
        report.linking = _link(store, submit, cache, places)
    except Exception as e:  # noqa: BLE001 - articles are committed; linking can be re-run with `newstrace link`
        report.linking = {"error": f"{type(e).__name__}: {e}"}
    if isinstance(report.linking, dict):
        report.linking.setdefault("phase_s", time.perf_counter() - t0)
        if cache is not None:
            report.linking["prepared_on_workers_s"] = round(cache.worker_s, 3)
            report.linking["analysis_on_workers_s"] = round(cache.analyse_s, 3)


def _link(store, submit, cache: Prepared | None, places: list[str] | None) -> dict:
    from ..corpus import linker as L

    needed = ("pending", "Linker", "Prepared", "_stored", "_mark", "_merge_events", "_stance_job")
    if any(not hasattr(L, n) for n in needed) or getattr(store, "path", ":memory:") == ":memory:":
        return L.link_pending(store, parallel=False).to_dict()  # another linker: its own way
    t0 = time.perf_counter()
    # The objects alive now (the prepared inputs of every new article, and the ingest's garbage)
    # are left out of the cyclic GC's collections while this serial phase runs: each full one
    # scanned them all again (gc callbacks, thread CPU, dask-2 on 150 articles, load 4.3-4.5: full
    # collections in the link phase 0.44, 0.48 s -> 0.29 s). What linking itself creates is
    # collected as before; garbage held now is freed at the end of the phase instead of during it
    # (memory: what is held now, no more).
    if FREEZE_GC:
        gc.freeze()
    try:
        ids, top = L.pending(store)
        linker = L.Linker(store)
        linker.stored_inputs = True
        pool = _Pool(submit, places) if submit is not None and linker._predict is not None else None
        used = 0
        with linker.big_cache():
            linker.stance_pool = pool
            try:
                for i in range(0, len(ids), linker.batch):
                    batch = ids[i:i + linker.batch]
                    used += sum(d in cache.items for d in batch) if cache is not None else 0
                    linker.link_prepared(batch, _prepared(store, batch, cache, L))
            finally:
                linker.stance_pool = None
        L._mark(store, top)
        linked = time.perf_counter()
        L._merge_events(store, linker.report, given=cache.given if cache is not None else None)
    finally:
        if FREEZE_GC:
            gc.unfreeze()
    out = linker.report.to_dict()
    out["elapsed"] = time.perf_counter() - t0
    out["merge_s"] = time.perf_counter() - linked
    out["stance_jobs_on_workers"] = pool.jobs if pool is not None else 0
    out["stance_tasks"] = pool.tasks if pool is not None else 0
    out["stance_on_workers_s"] = round(pool.cpu, 3) if pool is not None else 0.0
    out["stance_workers"] = len(pool.pids) if pool is not None else 0
    out["stance_wait_s"] = round(pool.wait_s, 3) if pool is not None else 0.0
    out["prepared_on_workers"] = used
    out["merge_inputs_on_workers"] = cache.reports_used if cache is not None else 0
    return out
