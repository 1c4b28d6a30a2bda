"""Event merging at scale (issue 15): ``merge_pending`` rewrites a touched merged event from the reports
it holds in memory (``merge.REFRESH_FROM_MEMORY``) and writes the very same tables as reading every
report back from the store.

Team-written articles over a few towns and three weeks (several events per article, figures that
disagree, wire agencies credited after the first merge), merged in small batches over two runs (the
second joins the first run's events, read from the store), with a tiny cache (events dropped and read
again) and with event ids that collide (a new event taking the id of a stored one outside the window:
memory holds fewer reports than the store, which the stored count must catch).
"""

from __future__ import annotations

import random
import sqlite3

import pytest

from newstrace.events import merge as m

TOWNS = [  # name, geonameid, lat, lon, precision (team-written; Sloviansk is ~15 km from Kramatorsk)
    ("Kramatorsk", 704147, 48.7233, 37.5563, "city"),
    ("Sloviansk", 700569, 48.8533, 37.6050, "city"),
    ("Kyiv", 703448, 50.4547, 30.5238, "city"),
    ("Odesa", 698740, 46.4775, 30.7326, "other"),
]
TYPES = ["ART_MISS_ATTACK", "AIR_STRIKE", "ATTACK", "ARMED_CLASH"]


def _article(rng: random.Random, i: int, agency: str | None = None):
    from newstrace.model import Article, Event, Origin, Place, TimeRef

    day = f"2024-03-{rng.randint(1, 21):02d}"
    parts, events = [], []
    for k in range(rng.randint(1, 3)):
        name, gid, lat, lon, prec = rng.choice(TOWNS)
        killed = rng.choice([2, 3, 3, 5])
        start = sum(len(p) + 1 for p in parts)
        sent = f"A missile strike hit {name} on {day}, killing {killed} people, officials said."
        parts.append(sent)
        e = Event(start=start, end=start + len(sent), type=rng.choice(TYPES), type_name="x", confidence=0.9)
        ps = start + sent.index(name)
        e.place = Place(ps, ps + len(name), name, geonameid=gid, lat=lat, lon=lon, country="UA", feature="city",
                        precision=prec, resolved=True, role="event")
        if rng.random() > 0.2:
            ds = start + sent.index(day)
            e.time = TimeRef(ds, ds + len(day), "date", value=day, range_start=day, range_end=day,
                             granularity="day", resolved=True)
        e.event_id = m.event_id_of(f"a{i}", e.start, e.end)
        events.append(e)
    text = " ".join(parts)
    return Article(doc_id=f"a{i}", source=Origin(outlet=f"o{i % 5}", url=f"https://o{i % 5}.example/{i}",
                                                 agency=agency),
                   text=text, published=day, events=events)


def _tables(path) -> list:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [conn.execute("SELECT event_id, doc_id, cluster_id, type, day_start, day_end, data FROM event_reports"
                             " ORDER BY 1").fetchall(),
                conn.execute("SELECT event_id, type, day_start, day_end, place, lat, lon, reports, sources, conflicts,"
                             " json_remove(data, '$.updated_at') FROM merged_events ORDER BY 1").fetchall()]
    finally:
        conn.close()


def _run(path, arts, monkeypatch, memory: bool, cache: int) -> list:
    from newstrace.store import open_store

    monkeypatch.setattr(m, "REFRESH_FROM_MEMORY", memory)
    monkeypatch.setattr(m, "CLUSTER_CACHE", cache)
    with open_store(path) as store:
        for a in arts[:90]:
            store.put(a)
        m.merge_pending(store, batch=17)
        with store.transaction() as c:  # the agency stage credits a wire later: the next run must read it
            c.execute("UPDATE articles SET json = json_set(json, '$.source.agency', 'Reuters')"
                      " WHERE doc_id IN ('a1', 'a2', 'a3', 'a5', 'a8', 'a13')")
        for a in arts[90:]:  # a second run: the first run's events are read from the store
            store.put(a)
        m.merge_pending(store, batch=23)
    return _tables(path)


@pytest.mark.parametrize("cache", [20_000, 3])
def test_events_merge_refresh_memory_same_tables(tmp_path, monkeypatch, cache):
    rng = random.Random(5)
    arts = [_article(rng, i, agency=rng.choice([None, None, "AP"])) for i in range(150)]
    on = _run(tmp_path / "on.db", arts, monkeypatch, True, cache)
    off = _run(tmp_path / "off.db", arts, monkeypatch, False, cache)
    assert on == off
    assert any('"Reuters"' in r[10] for r in on[1])  # read afresh by the second run
    assert max(r[7] for r in on[1]) >= 5  # large merged events, rewritten many times
    assert any(r[9] for r in on[1])  # with conflicts: the record reads every report


def test_events_merge_refresh_memory_colliding_ids(tmp_path, monkeypatch):
    """A new event whose id an older, stored event already has (outside the new report's window, so
    not a candidate): the store holds both events' reports under one id, memory only the new one."""
    monkeypatch.setattr(m, "cluster_id_of", lambda r: "ev-" + (r.day_start or "none")[:7])
    rng = random.Random(8)
    arts = [_article(rng, i) for i in range(150)]
    on = _run(tmp_path / "on.db", arts, monkeypatch, True, 20_000)
    off = _run(tmp_path / "off.db", arts, monkeypatch, False, 20_000)
    assert on == off
    assert len({r[2] for r in on[0]}) < len(on[0])  # ids did collide


def test_events_merge_refresh_does_not_touch_compared_reports(tmp_path, monkeypatch):
    """The agency a record reads fresh from the store must not change the reports merging holds."""
    from newstrace.store import open_store

    rng = random.Random(3)
    arts = [_article(rng, i) for i in range(40)]
    seen: list = []
    real = m._refresh

    def spy(c, store, touched, held=None, agencies=None, links=None):
        before = {cid: [r.to_dict() for r in cl.reports] for cid, cl in (held or {}).items()}
        c.execute("UPDATE articles SET json = json_set(json, '$.source.agency', 'AFP')")
        real(c, store, touched, held, agencies, links)
        seen.append(bool(held))
        assert before == {cid: [r.to_dict() for r in cl.reports] for cid, cl in (held or {}).items()}

    monkeypatch.setattr(m, "_refresh", spy)
    with open_store(tmp_path / "s.db") as store:
        for a in arts:
            store.put(a)
        m.merge_pending(store, batch=7)
        recs = [d for (d,) in store.read("SELECT data FROM merged_events")]
    assert any(seen)
    assert all('"agency": "AFP"' in d for d in recs)  # the records did read the fresh agency


@pytest.mark.parametrize("seed", [5, 6])
def test_events_merge_prune_same_tables(tmp_path, monkeypatch, seed):
    """``Merger._pruned`` (place and days once per group, the score bounded by the best event so far)
    writes the tables that visiting every group of alike reports (``_grouped``) and comparing every
    report (MEMO off) write."""
    rng = random.Random(seed)
    arts = [_article(rng, i, agency=rng.choice([None, "AP"])) for i in range(150)]
    out = []
    for prune, memo in ((True, True), (False, True), (False, False)):
        monkeypatch.setattr(m, "PRUNE", prune)
        monkeypatch.setattr(m, "MEMO", memo)
        out.append(_run(tmp_path / f"p{prune}{memo}.db", arts, monkeypatch, True, 20_000))
    assert out[0] == out[1] == out[2]
    assert len(out[0][1]) < len(out[0][0]) / 3  # reports did join events


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_events_merge_pair_keys_hold_both_sides(seed):
    """``merge._pair`` keeps places_match / time_match by both reports' keys 0 and 1 for a whole run: a
    report changed one field at a time whose keys 0 / 1 stay the same must get the same answers from
    either side (a field either reads that its key forgot fails this)."""
    from test_events_merge_memo import _mutate, _report  # tests/ is on sys.path (pytest prepend import mode)

    rng = random.Random(seed)
    same = 0
    for i in range(1500):
        r = _report(rng, i)
        r2 = _mutate(rng, r)
        k, k2 = m._keys(r), m._keys(r2)
        others = [_report(rng, 50_000 + j) for j in range(4)]
        if k[0] == k2[0]:
            same += 1
            for o in others:
                assert m.places_match(r, o) == m.places_match(r2, o), (r, r2, o)
                assert m.places_match(o, r) == m.places_match(o, r2), (r, r2, o)
        if k[1] == k2[1]:
            for o in others:
                assert m.time_match(r, o) == m.time_match(r2, o)
                assert m.time_match(o, r) == m.time_match(o, r2)
    assert same > 500


def test_events_merge_pair_cache_same_best(monkeypatch):
    """With the run-wide pair answers full and cleared often (PAIR_CACHE tiny) or kept, every report's
    best event is the one comparing every report (MEMO off) finds."""
    from test_link_merge_far import _report as far_report  # tests/ is on sys.path

    rng = random.Random(4)
    reports = [far_report(rng, i) for i in range(160)]
    base = m.Merger()
    clusters = []
    for r in reports[:120]:
        base.add(r)
    clusters = list(base.clusters.values())
    answers = []
    for prune, memo, cap in ((True, True, 300_000), (True, True, 3), (False, False, 300_000)):
        monkeypatch.setattr(m, "PRUNE", prune)
        monkeypatch.setattr(m, "MEMO", memo)
        monkeypatch.setattr(m, "PAIR_CACHE", cap)
        m._PAIRS.clear()
        got = []
        for r in reports[120:]:
            for _ in range(2):  # twice: the second time from the run-wide answers
                b = m.Merger().best(r, clusters)
                got.append(b.cluster_id if b else None)
        answers.append(got)
    assert answers[0] == answers[1] == answers[2]
    assert sum(x is not None for x in answers[0]) > 10
