"""Event merging at scale (issue 15): ``Merger._pruned`` looks for an event's score in its groups of alike
reports highest bound first and stops at the first group that cannot beat what is found
(``merge.SCORE_ORDER``, ``Merger._top_in_order``): every report gets the best event the index-order
search gives, and ``merge_pending`` writes the same tables.
"""

from __future__ import annotations

import random

import pytest
from test_events_merge_refresh import _article, _run  # tests/ is on sys.path (pytest prepend import mode)
from test_link_merge_far import _report as far_report  # tests/ is on sys.path

from newstrace.events import merge as m


@pytest.mark.parametrize("seed", [11, 12])
def test_events_merge_order_same_tables(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    arts = [_article(rng, i, agency=rng.choice([None, "AP"])) for i in range(150)]
    out = []
    for order in (True, False):
        monkeypatch.setattr(m, "SCORE_ORDER", order)
        out.append(_run(tmp_path / f"o{order}.db", arts, monkeypatch, True, 20_000))
    assert out[0] == out[1]
    assert len(out[0][1]) < len(out[0][0]) / 3  # reports did join events


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_events_merge_order_same_scores(monkeypatch, seed):
    """Each candidate event's answer with the groups in bound order equals the index order's wherever
    ``best`` reads it (None alike; a score above the floor exactly), and each report's best event is the
    one comparing every report (MEMO off) finds."""
    rng = random.Random(seed)
    reports = [far_report(rng, i) for i in range(200)]
    base = m.Merger()
    for r in reports[:140]:
        base.add(r)
    clusters = list(base.clusters.values())
    above = 0
    for r in reports[140:]:
        rk = m._keys(r)
        for floor in (-1.0, 0.5, 1.2, 1.8):
            for c in clusters:
                got = []
                for order in (True, False):
                    monkeypatch.setattr(m, "SCORE_ORDER", order)
                    got.append(m.Merger._pruned(r, c, m._town_only(r), {}, {}, floor, rk))
                assert (got[0] is None) == (got[1] is None)
                if got[1] is not None and got[1] > floor:
                    above += 1
                    assert got[0] == got[1]
                elif got[0] is not None:
                    assert got[0] <= floor
        picks = []
        for order, prune, memo in ((True, True, True), (False, True, True), (False, False, False)):
            monkeypatch.setattr(m, "SCORE_ORDER", order)
            monkeypatch.setattr(m, "PRUNE", prune)
            monkeypatch.setattr(m, "MEMO", memo)
            b = m.Merger().best(r, clusters)
            picks.append(b.cluster_id if b else None)
        monkeypatch.setattr(m, "PRUNE", True)
        monkeypatch.setattr(m, "MEMO", True)
        assert picks[0] == picks[1] == picks[2]
    assert above > 20


@pytest.mark.parametrize("seed", [13, 14])
def test_events_merge_order_verdicts_run_same_tables(tmp_path, monkeypatch, seed):
    """Score verdicts kept for a whole merging run (``merge.VERDICT_RUN``, by both reports' keys and same
    article or not), with the cache kept or cleared all the time (VERDICT_CACHE 2), write the tables that
    verdicts kept per report write; copies of one text (alike in every key) make the run-wide answers hit."""
    # every third article a pickup of an earlier one's text (the same events, another article and outlet)
    arts = [_article(random.Random(seed * 1000 + (i // 3 if i % 3 == 0 else i)), i) for i in range(150)]
    assert any(a.text == b.text for a in arts[::3] for b in arts if a.doc_id != b.doc_id)
    out = []
    for run, cap in ((True, 300_000), (True, 2), (False, 300_000)):
        monkeypatch.setattr(m, "VERDICT_RUN", run)
        monkeypatch.setattr(m, "VERDICT_CACHE", cap)
        out.append(_run(tmp_path / f"v{run}{cap}.db", arts, monkeypatch, True, 20_000))
    assert out[0] == out[1] == out[2]
    assert len(out[0][1]) < len(out[0][0]) / 3


@pytest.mark.parametrize("seed", [7, 8])
def test_events_merge_order_verdicts_run_hit_same_best(monkeypatch, seed):
    """Every report's best event with the run-wide verdicts (answered from them: asked twice) is the one
    comparing every report (MEMO off) finds."""
    rng = random.Random(seed)
    reports = [far_report(rng, i) for i in range(200)]
    base = m.Merger()
    for r in reports[:140]:
        base.add(r)
    clusters = list(base.clusters.values())
    m._VERDICTS.clear()
    for r in reports[140:]:
        picks = []
        for run, prune, memo in ((True, True, True), (True, True, True), (False, False, False)):
            monkeypatch.setattr(m, "VERDICT_RUN", run)
            monkeypatch.setattr(m, "PRUNE", prune)
            monkeypatch.setattr(m, "MEMO", memo)
            b = m.Merger().best(r, clusters)
            picks.append(b.cluster_id if b else None)
        assert picks[0] == picks[1] == picks[2]
    assert m._VERDICTS  # the run-wide answers were kept (and read by the second ask)


@pytest.mark.parametrize("seed", [9, 10])
def test_events_merge_order_verdicts_run_same_article_apart(seed):
    """The run-wide verdicts keep "same article or not" apart: one pair of keys asked both ways (fresh
    per-report memos, the run-wide answers kept) gets compare()'s answer each time."""
    import dataclasses

    rng = random.Random(seed)
    m._VERDICTS.clear()
    differ = 0
    for i in range(400):
        r, o = far_report(rng, i), far_report(rng, 10_000 + i)
        rk, ok_ = m._keys(r), m._keys(o)
        for same in (False, True, False, True):
            other = dataclasses.replace(o, doc_id=r.doc_id if same else r.doc_id + "-other")
            got = m._verdict(r, other, ok_, same, m._placed(other), {"rk": rk[7]})
            want = m.compare(r, other)
            assert got[:4] == (want.place != "far" and want.time != "far", want.ok, want.score, want.place == "same")
        differ += m.compare(r, dataclasses.replace(o, doc_id=r.doc_id)).ok != m.compare(r, o).ok
    assert differ > 5
