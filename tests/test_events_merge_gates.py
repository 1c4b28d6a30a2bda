"""Event merging at scale (issue 15): ``Merger._pruned`` keeps an event's gates per place + days keys of a report
and extends them with the reports the event gained since (``merge.GATES_EXTEND``, ``Merger._gates_extend``)
instead of deciding them again from all of its reports at every join: the answer after every append is the
one ``Merger._gates`` gives from scratch, every report gets the same best event, and ``merge_pending`` writes
the same tables.
"""

from __future__ import annotations

import random

import pytest
from test_events_merge_refresh import _article, _run  # tests/ is on sys.path (pytest prepend import mode)
from test_link_merge_far import _report as far_report  # tests/ is on sys.path

from newstrace.events import merge as m


def _digest(ok_pts):
    """What the score search reads of the gates: each fitting group (by identity) with its base and answers."""
    if ok_pts is None:
        return None
    return sorted((id(pt), base, m0, place, m1, time) for pt, base, m0, place, m1, time in ok_pts)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_events_merge_gates_extend_equals_from_scratch(seed):
    """Events grown one report at a time (the reports of a few towns and days, some with second readings and
    named targets): after every append, the kept and extended gates of each probe report equal ``_gates``
    computed from all the event's reports; both rejections and fits occur."""
    rng = random.Random(seed)
    reports = [far_report(rng, i) for i in range(260)]
    probes = reports[200:]
    events = [m.Cluster(f"ev-{k}", []) for k in range(6)]
    states = {}  # (event, probe) -> kept gate state
    seen = {"none": 0, "fit": 0, "extended": 0}
    for i, o in enumerate(reports[:200]):
        c = events[i % len(events)] if rng.random() < 0.8 else events[0]  # one event grows large
        c.reports.append(o)
        if i % 7:
            continue
        for c in events:
            towns, _eids = m._pt_index(c)
            log = m._sigs(c)["pt"]["log"]
            assert len(log) == min(len(c.reports), m.MAX_CLUSTER_REPORTS)
            for j, r in enumerate(probes):
                rk = m._keys(r)
                simple = m._town_only(r)
                want = m.Merger._gates(r, towns, simple, {}, {}, rk)
                st = states.setdefault((c.cluster_id, j), [0, False, False, 0, 0, [], set()])
                before = st[0]
                got = m.Merger._gates_extend(r, m._sigs(c)["pt"], simple, {}, {}, rk, st)
                assert _digest(got) == _digest(want)
                seen["none" if want is None else "fit"] += 1
                seen["extended"] += bool(before) and before < st[0]
    assert seen["none"] > 50 and seen["fit"] > 50 and seen["extended"] > 50


@pytest.mark.parametrize("seed", [5, 6])
def test_events_merge_gates_extend_same_best(monkeypatch, seed):
    """Reports merged one by one into events kept across reports (gates kept and extended as events grow):
    the events formed equal those of the gates decided from scratch, and of comparing every report."""
    rng = random.Random(seed)
    reports = [far_report(rng, i) for i in range(300)]
    out = []
    for extend, prune, memo in ((True, True, True), (False, True, True), (False, False, False)):
        monkeypatch.setattr(m, "GATES_EXTEND", extend)
        monkeypatch.setattr(m, "PRUNE", prune)
        monkeypatch.setattr(m, "MEMO", memo)
        clusters = m.merge([m.Report.from_dict(r.to_dict()) for r in reports])
        out.append(sorted(sorted(r.event_id for r in c.reports) for c in clusters))
    assert out[0] == out[1] == out[2]
    assert max(len(g) for g in out[0]) > 5  # events grew: their gates were extended


@pytest.mark.parametrize("seed", [21, 22])
def test_events_merge_gates_extend_same_tables(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    arts = [_article(rng, i, agency=rng.choice([None, "AP"])) for i in range(150)]
    out = []
    for extend in (True, False):
        monkeypatch.setattr(m, "GATES_EXTEND", extend)
        out.append(_run(tmp_path / f"g{extend}.db", arts, monkeypatch, True, 20_000))
    assert out[0] == out[1]
    assert len(out[0][1]) < len(out[0][0]) / 3  # reports did join events


def test_events_merge_gates_add_once():
    """Merger.add holds a report once: ``_has_report`` answers what a scan of the event's reports answers, whether
    the event gained reports since it was asked (the kept ids are extended) or its reports were replaced by
    fewer (the kept ids are read again)."""
    rng = random.Random(9)
    reports = [far_report(rng, i) for i in range(40)]
    c = m.Cluster("ev-x", list(reports[:10]))

    def check():
        for r in reports:
            assert m._has_report(c, r.event_id) == any(x.event_id == r.event_id for x in c.reports)

    check()
    c.reports.extend(reports[10:20])  # appended after it was asked
    check()
    c.reports = reports[:2]  # fewer: what was kept is dropped
    check()
    got = m.Merger().add(m.Report.from_dict(reports[1].to_dict()), [c])
    assert [x.event_id for x in got.reports].count(reports[1].event_id) == 1


@pytest.mark.parametrize("bound", [1, 40])
def test_events_merge_gates_cache_reports_bound_same_tables(tmp_path, monkeypatch, bound):
    """Merged events dropped from memory by the number of reports held (CACHE_REPORTS) are read from the store
    when they are candidates again: the same tables as holding every event."""
    rng = random.Random(41)
    arts = [_article(rng, i, agency=rng.choice([None, "AP"])) for i in range(150)]
    out = []
    for cap in (bound, 10 ** 9):
        monkeypatch.setattr(m, "CACHE_REPORTS", cap)
        out.append(_run(tmp_path / f"c{cap}.db", arts, monkeypatch, True, 20_000))
    assert out[0] == out[1]
    assert len(out[0][1]) < len(out[0][0]) / 3  # reports did join events


def test_events_merge_gates_cache_reports_bound_drops(tmp_path, monkeypatch):
    """The bound drops events: within one run (every event begun in memory) events are read back from the
    store only when the reports held passed CACHE_REPORTS."""
    from newstrace.store import events as ev
    from newstrace.store import open_store

    rng = random.Random(42)
    arts = [_article(rng, i) for i in range(80)]
    real = ev.cluster_reports
    reads = []
    monkeypatch.setattr(ev, "cluster_reports",
                        lambda store, ids: reads.append(sum(map(len, (got := real(store, ids)).values()))) or got)
    for cap, want_reads in ((10 ** 9, False), (25, True)):
        monkeypatch.setattr(m, "CACHE_REPORTS", cap)
        reads.clear()
        with open_store(tmp_path / f"b{cap}.db") as store:
            for a in arts:
                store.put(a)
            m.merge_pending(store, batch=13)
        assert (sum(reads) > 0) == want_reads
