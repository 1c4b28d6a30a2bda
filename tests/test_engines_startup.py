"""Engines start their workers (and load the models there) while the client reads, and log the
start-up apart: spawned + warm, read done, how long the client then waited."""

from __future__ import annotations

import logging
import time

import pytest

from newstrace.engines import base
from newstrace.engines.synthetic import write_corpus
from newstrace.pipeline import Context
from newstrace.settings import Settings
from newstrace.store.sqlite import SQLiteStore

psutil = pytest.importorskip("psutil")

# How long the read may wait for the workers to appear: a bound on a loaded machine, not a wait.
SPAWN_BOUND_S = 180


@pytest.mark.slow
@pytest.mark.parametrize("engine", [{"engine": "local", "workers": 2}, {"engine": "dask", "workers": 2}],
                         ids=["processes-2", "dask-2"])
def test_engines_workers_start_during_the_read(tmp_path, monkeypatch, caplog, engine):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6, per_file=6, mean_words=80, seed=3)
    real_scan = base.scan
    seen: dict[str, int] = {}

    def slow_read(paths, ctx, progress):
        # The read does not finish before worker processes exist: they were started before it.
        me = psutil.Process()
        deadline = time.monotonic() + SPAWN_BOUND_S
        while len(me.children(recursive=True)) < 2:
            assert time.monotonic() < deadline, "no worker process started while the client was reading"
            time.sleep(0.1)  # polling a condition (process table), bounded by SPAWN_BOUND_S
        seen["children"] = len(me.children(recursive=True))
        return real_scan(paths, ctx, progress)

    monkeypatch.setattr(base, "scan", slow_read)
    caplog.set_level(logging.INFO, logger="newstrace.engines")
    with SQLiteStore(str(tmp_path / "s.db")) as store:
        report = store.ingest([str(corpus)], Context(Settings(batch_size=4)), **engine)
    assert report.new == 6 and not report.failed
    assert seen["children"] >= 2
    (rec,) = [r for r in caplog.records if hasattr(r, "startup")]
    st = rec.startup
    assert set(st) == {"engine", "ready_s", "scanned_s", "waited_s"}
    assert 0 < st["scanned_s"] and 0 < st["ready_s"] and st["waited_s"] >= 0


@pytest.mark.parametrize("batch, total, workers, expect", [(32, None, 2, 32), (32, 100_000, 2, 32), (32, 500, 2, 16),
                                                           (32, 30, 2, 8), (4, 18, 2, 4), (32, 0, 2, 32)])
def test_engines_partition_size(batch, total, workers, expect):
    assert base.partition_size(batch, total, workers) == expect
