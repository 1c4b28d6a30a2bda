"""Event merging at scale (issue 15): when a report's day window holds more merged events than
``store.events.MAX_CANDIDATES``, the events it is compared with are chosen by place and day
(``merge._Windows.choose``), not the first ids in id order (ids are hashes: that kept an arbitrary
subset, so a report could miss its own event because of its id's spelling).

Team-written articles: one strike in each of a dozen towns far apart on one day, then a second report
of the strike whose event id sorts last. The bound is lowered so the window holds more than it.
"""

from __future__ import annotations

import logging
import random
import sqlite3

import pytest
from test_events_merge_refresh import _article, _tables  # tests/ is on sys.path (pytest prepend import mode)

from newstrace.events import merge as m

# name, geonameid, lat, lon (team-written; every pair more than NEAR_KM apart)
FAR_TOWNS = [
    ("Kramatorsk", 704147, 48.7233, 37.5563), ("Kyiv", 703448, 50.4547, 30.5238), ("Odesa", 698740, 46.4775, 30.7326),
    ("Kharkiv", 706483, 49.9808, 36.2527), ("Dnipro", 709930, 48.4500, 34.9833), ("Zaporizhzhia", 687700, 47.8167, 35.1833),
    ("Lviv", 702550, 49.8383, 24.0232), ("Sumy", 692194, 50.9216, 34.8003), ("Mykolaiv", 700569, 46.9750, 31.9946),
    ("Kherson", 706448, 46.6354, 32.6169), ("Poltava", 696643, 49.5894, 34.5514), ("Chernihiv", 710735, 51.5055, 31.2849),
]
DAY = "2024-05-14"


def _strike(doc_id: str, town: tuple, killed: int, day: str | None = DAY, precision: str = "city",
            role: str = "event", published: str = DAY):
    from newstrace.model import Article, Event, Origin, Place, TimeRef

    name, gid, lat, lon = town
    text = f"A missile strike hit {name} on {day or 'Monday'}, killing {killed} people, the regional governor said."
    e = Event(start=0, end=len(text), type="ART_MISS_ATTACK", type_name="x", confidence=0.9)
    ps = text.index(name)
    e.place = Place(ps, ps + len(name), name, geonameid=gid, lat=lat, lon=lon, country="UA", feature="city",
                    precision=precision, resolved=True, role=role)
    if day:
        ds = text.index(day)
        e.time = TimeRef(ds, ds + len(day), "date", value=day, range_start=day, range_end=day, granularity="day",
                         resolved=True)
    day = day or published
    e.event_id = m.event_id_of(doc_id, e.start, e.end)
    return Article(doc_id=doc_id, source=Origin(outlet=f"out-{doc_id}", url=f"https://{doc_id}.example/x"),
                   text=text, published=day, events=[e])


def _clusters(path) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT doc_id, cluster_id FROM event_reports"))
    finally:
        conn.close()


def _late_join(tmp_path, monkeypatch, rank: bool, cap: int = 3) -> tuple[str, str, m.MergeReport]:
    """Merge one strike per town, then another report of the strike whose merged event's id sorts last:
    (the event it should join, the event it joined, the second run's MergeReport)."""
    from newstrace.store import events as ev
    from newstrace.store import open_store

    monkeypatch.setattr(m, "RANK_CANDIDATES", rank)
    path = tmp_path / f"late{rank}.db"
    with open_store(path) as store:
        for i, town in enumerate(FAR_TOWNS):
            store.put(_strike(f"first{i}", town, 3 + i))
        m.merge_pending(store)  # the bound as shipped: a dozen events fit
        first = _clusters(path)
        assert len(set(first.values())) == len(FAR_TOWNS)  # one event per town
        last_doc = max(first, key=first.get)  # the event whose id sorts last
        town = FAR_TOWNS[int(last_doc[len("first"):])]
        monkeypatch.setattr(ev, "MAX_CANDIDATES", cap)
        store.put(_strike("second", town, 3 + int(last_doc[len("first"):])))
        rep = m.merge_pending(store)
    return first[last_doc], _clusters(path)["second"], rep


def test_late_id_event_still_found(tmp_path, monkeypatch, caplog):
    with caplog.at_level(logging.WARNING, logger=m.__name__):
        want, got, rep = _late_join(tmp_path, monkeypatch, rank=True)
    assert got == want
    assert rep.joined == 1 and rep.new_events == 0
    assert rep.candidates_cut == 1 and rep.window_max == len(FAR_TOWNS)  # the bound cut in, and it is counted
    assert any("more than 3 candidate events" in r.getMessage() for r in caplog.records)


def test_late_id_event_missed_by_first_ids(tmp_path, monkeypatch):
    """The code before (first MAX_CANDIDATES ids in order): the same report starts an event of its own."""
    want, got, rep = _late_join(tmp_path, monkeypatch, rank=False)
    assert got != want and rep.new_events == 1
    assert rep.candidates_cut == 1


@pytest.mark.parametrize("cap", [2, 5])
def test_choose_keeps_nearest_in_days(tmp_path, monkeypatch, cap):
    """Events of one town on days around the report's: those that overlap its day come before those a day or
    two off; every event of another town comes after every one of its town."""
    from newstrace.store import events as ev
    from newstrace.store import open_store

    path = tmp_path / "days.db"
    with open_store(path) as store:
        arts = [_strike(f"k{d}", FAR_TOWNS[0], 2 + d, day=f"2024-05-{12 + d:02d}") for d in range(5)]
        arts += [_strike(f"o{i}", t, 7, day="2024-05-14") for i, t in enumerate(FAR_TOWNS[1:6])]
        for a in arts:
            store.put(a)
        m.merge_pending(store)
        by_doc = _clusters(path)
        w = m._Windows(store)
        r = m.reports_of(_strike("probe", FAR_TOWNS[0], 99).to_dict())[0]
        ids = w.candidates(r.day_start, r.day_end)
        assert len(ids) == 10
        monkeypatch.setattr(ev, "MAX_CANDIDATES", cap)
        got = set(w.choose(r, ids))
    # town first: Kramatorsk's events ranked by day gap 0 (14th), 1 (13th, 15th), 2 (12th, 16th)
    order = [by_doc["k2"], *sorted([by_doc["k1"], by_doc["k3"]]), *sorted([by_doc["k0"], by_doc["k4"]])]
    assert got == set(order[:cap])


def test_summaries_from_store_equal_kept(tmp_path, monkeypatch):
    """The place/day summaries a run keeps as reports join (``_Windows.saved``) choose as those read afresh from
    the stored reports do (``_Windows._load``), for every report, with the bound cutting in."""
    from newstrace.store import events as ev
    from newstrace.store import open_store

    rng = random.Random(7)
    near = [FAR_TOWNS[0], ("Sloviansk", 700569, 48.8533, 37.6050), ("Druzhkivka", 709611, 48.6300, 37.5500),
            ("Donetsk Oblast", 709716, 48.0, 37.8), FAR_TOWNS[1]]  # within NEAR_KM of Kramatorsk, a region, Kyiv
    arts = []
    for i in range(90):  # reports of a few strikes told with other towns, regions, datelines, days, no day
        t = rng.choice(near)
        arts.append(_strike(f"s{i}", t, rng.choice([2, 3, 3, 5]), day=rng.choice([None, "2024-05-13", DAY, DAY]),
                            precision="admin1" if t[0].endswith("Oblast") else "city",
                            role=rng.choice(["event"] * 5 + ["dateline"]), published=DAY))
    kept: list = []

    class Keep(m._Windows):
        def __init__(self, store):
            super().__init__(store)
            kept.append(self)

    monkeypatch.setattr(m, "_Windows", Keep)
    monkeypatch.setattr(ev, "MAX_CANDIDATES", 2)
    with open_store(tmp_path / "s.db") as store:
        for a in arts[:50]:
            store.put(a)
        m.merge_pending(store, batch=9)
        for a in arts[50:]:
            store.put(a)
        rep = m.merge_pending(store, batch=9)
        assert rep.candidates_cut > 0
        run = kept[-1]
        fresh = m._Windows(store)
        assert fresh is not run
        checked = 0
        for a in arts:
            for r in m.reports_of(a.to_dict()):
                ids = fresh.candidates(r.day_start, r.day_end)
                if len(ids) > 2:
                    assert run.choose(r, list(ids)) == fresh.choose(r, list(ids))
                    checked += 1
        assert checked > 20
        fresh._load(list(run.where))
        assert {c: (w.open, w.lo, w.hi) for c, w in run.where.items()} == {
            c: (fresh.where[c].open, fresh.where[c].lo, fresh.where[c].hi) for c in run.where}
        keep = set(run.where)
        for name in ("by_gid", "by_cell", "wide"):
            a, b = getattr(run, name), getattr(fresh, name)
            if name == "by_cell":
                a = {(k, p): v for k, d in a.items() for p, v in d.items()}
                b = {(k, p): v for k, d in b.items() for p, v in d.items()}
            a = {k: v & keep for k, v in a.items() if v & keep}
            b = {k: v & keep for k, v in b.items() if v & keep}
            assert a == b, name


def test_reach_equals_every_point(monkeypatch):
    """The grid lookup (``_Windows._reach``) finds exactly the events a scan of every point finds: a point
    within the larger radius (at least NEAR_KM) or the same geonameid; towns, districts, regions, far north."""
    rng = random.Random(3)
    w = m._Windows(None)
    pts: list[tuple] = []
    for i in range(400):
        lat = rng.choice([rng.uniform(44.0, 52.5), rng.uniform(60.0, 70.0)])
        lon = rng.uniform(22.0, 40.0)
        prec = rng.choice(["city"] * 6 + ["other", "admin2", "admin1"])
        gid = rng.choice([None, 1, 2, 3]) if rng.random() < 0.2 else 1000 + i
        place = {"lat": lat, "lon": lon, "precision": prec, "geonameid": gid, "resolved": True, "role": "event"}
        w._add(f"e{i % 150}", place, [], [], [(DAY, DAY)])
        pts.append((f"e{i % 150}", lat, lon, m.RADIUS_KM[prec], gid))
    for _ in range(150):
        lat = rng.choice([rng.uniform(44.0, 52.5), rng.uniform(60.0, 70.0)])
        q = (lat, rng.uniform(22.0, 40.0), m.RADIUS_KM[rng.choice(["city", "admin2", "admin1"])], rng.choice([None, 2, 77]))
        want = {c for c, la, lo, rad, gid in pts
                if (q[3] is not None and gid == q[3])
                or m.km({"lat": q[0], "lon": q[1]}, {"lat": la, "lon": lo}) <= max(m.NEAR_KM, q[2], rad)}
        assert w._reach([q]) == want


def test_same_tables_when_windows_fit(tmp_path, monkeypatch):
    """No window over the bound: the tables are those of the first-ids code, and nothing is counted."""
    from newstrace.store import open_store

    rng = random.Random(11)
    arts = [_article(rng, i) for i in range(90)]
    out = []
    for rank in (True, False):
        monkeypatch.setattr(m, "RANK_CANDIDATES", rank)
        path = tmp_path / f"fit{rank}.db"
        with open_store(path) as store:
            for a in arts:
                store.put(a)
            rep = m.merge_pending(store, batch=13)
        assert rep.candidates_cut == 0 and rep.window_cut == 0
        out.append(_tables(path))
    assert out[0][0] == out[1][0]
    assert out[0][1] == out[1][1]
