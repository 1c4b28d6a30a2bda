"""Event merging at scale (issue 15): ``merge_pending`` rewrites the merged records its batches touched once every
``merge.REWRITE_EVERY`` batches and at the end, not in every batch. The final tables are those of rewriting every
batch; a run stopped between two rewrites leaves events whose records count fewer reports than are stored, which
``store.events.unwritten_clusters`` finds and the next run rewrites first (same tables as a run never stopped).
"""

from __future__ import annotations

import random

import pytest
from test_events_merge_refresh import _article, _run, _tables  # tests/ is on sys.path (pytest prepend import mode)

from newstrace.events import merge as m


@pytest.mark.parametrize("every", [3, 10, 1000])
def test_events_merge_rewrite_every_same_tables(tmp_path, monkeypatch, every):
    rng = random.Random(61)
    arts = [_article(rng, i, agency=rng.choice([None, "AP"])) for i in range(150)]
    out = []
    for k in (1, every):
        monkeypatch.setattr(m, "REWRITE_EVERY", k)
        out.append(_run(tmp_path / f"w{k}.db", arts, monkeypatch, True, 20_000))
    assert out[0] == out[1]
    assert len(out[0][1]) < len(out[0][0]) / 3  # reports did join events


def test_events_merge_rewrite_every_writes_less(tmp_path, monkeypatch):
    """Records are written fewer times when rewritten every few batches (the point of it)."""
    from newstrace.store import events as ev
    from newstrace.store import open_store

    rng = random.Random(62)
    arts = [_article(rng, i) for i in range(120)]
    real = ev.save_event
    writes = []
    monkeypatch.setattr(ev, "save_event", lambda c, rec, data=None: writes.append(1) or real(c, rec, data))
    got = {}
    for k in (1, 5):
        monkeypatch.setattr(m, "REWRITE_EVERY", k)
        writes.clear()
        with open_store(tmp_path / f"n{k}.db") as store:
            for a in arts:
                store.put(a)
            m.merge_pending(store, batch=10)
        got[k] = len(writes)
    assert got[5] < got[1]


@pytest.mark.parametrize("stop_at", [2, 4, 7])
def test_events_merge_rewrite_stopped_run_resumes(tmp_path, monkeypatch, stop_at):
    """A run stopped after some batches committed their reports but not the records: the events left unwritten are
    found (their stored records disagree with their reports), and the next run leaves the tables of a run never
    stopped."""
    from newstrace.store import events as ev
    from newstrace.store import open_store

    rng = random.Random(63)
    arts = [_article(rng, i, agency=rng.choice([None, "AP"])) for i in range(100)]

    def merge_all(path, stop):
        real = ev.article_json
        calls = []

        def article_json(store, ids, **kw):
            calls.append(1)
            if stop is not None and len(calls) > stop:
                raise KeyboardInterrupt  # the run is stopped between two batches
            return real(store, ids, **kw)

        with open_store(path) as store:
            for a in arts:
                store.put(a)
            monkeypatch.setattr(ev, "article_json", article_json)
            try:
                m.merge_pending(store, batch=9)
            except KeyboardInterrupt:
                assert stop is not None
                left = ev.unwritten_clusters(store)
                counts = dict(store.read("SELECT cluster_id, count(*) FROM event_reports GROUP BY cluster_id"))
                written = dict(store.read("SELECT event_id, reports FROM merged_events"))
                assert left and sorted(left) == sorted(k for k, n in counts.items() if written.get(k) != n)
            monkeypatch.setattr(ev, "article_json", real)
            m.merge_pending(store, batch=9)
            assert ev.unwritten_clusters(store) == []
        return _tables(path)

    monkeypatch.setattr(m, "REWRITE_EVERY", 1)
    want = merge_all(tmp_path / "whole.db", None)
    monkeypatch.setattr(m, "REWRITE_EVERY", 5)
    got = merge_all(tmp_path / "stopped.db", stop_at)
    assert got == want
    assert len(want[1]) < len(want[0]) / 3
