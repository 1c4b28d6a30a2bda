"""Event merging at scale (issue 15): ``Merger.best`` answers ``compare(r, other)`` from parts computed
once per key of ``other`` (``merge._keys``, ``merge._compared``) and gives the same merged events as
comparing every report.

The keys must hold everything ``compare`` reads of a report: a report is changed one field at a time
(top-level fields, a key of a place, a count, a target, an actor), and whenever its keys stay the same,
``compare`` against random reports must give the same ``Match``; and ``_compared`` with one memo over
many alike reports must answer what ``compare`` answers for each. A field ``compare`` reads that a key
forgot fails these (the values below are drawn so that each read field changes some decision).
"""

from __future__ import annotations

import copy
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.events import merge as m

TOWNS = [  # name, geonameid, lat, lon, precision (team-written; a few within NEAR_KM of each other)
    ("Kramatorsk", 704147, 48.7233, 37.5563, "city"),
    ("Sloviansk", 700569, 48.8533, 37.6050, "city"),
    ("Druzhkivka", 709611, 48.6300, 37.5500, "city"),
    ("Kyiv", 703448, 50.4547, 30.5238, "city"),
    ("Odesa", 698740, 46.4775, 30.7326, "other"),
    ("Donetsk Oblast", 709716, 48.0, 37.8, "admin1"),
    ("Kramatorsk district", 12409171, 48.70, 37.50, "admin2"),
    ("Ukraine", 690791, 49.0, 32.0, "country"),
    ("Nowhere", None, 47.0, 33.0, "city"),
]
TYPES = ["ART_MISS_ATTACK", "AIR_STRIKE", "ATTACK", "ARMED_CLASH", "ARREST", "PEACE_PROTEST", "ATTRIB", "DIPLO"]
DAYS = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-05", "2024-03", None]
TARGETS = ["the Kerch bridge", "a school", "Kramatorsk station", "Kramatorsk", "the station", "270 generators"]
TRIGGERS = ["strike", "strikes", "Strike", "shelled", "attack", "", None]


def _place(rng: random.Random) -> dict:
    name, gid, lat, lon, prec = rng.choice(TOWNS)
    return {"start": rng.randint(0, 50), "end": rng.randint(51, 99), "name": name,
            "text": rng.choice([name, name.lower(), "the town"]), "geonameid": gid, "lat": lat, "lon": lon,
            "country": rng.choice(["UA", "UA", "RU", None]), "admin1": rng.choice(["Donetsk", None]),
            "feature": "city", "precision": rng.choice([prec, prec, None]), "resolved": rng.random() > 0.1,
            "role": rng.choice(["event"] * 5 + ["mention", "dateline", "context"]), "confidence": rng.random()}


def _count(rng: random.Random) -> dict:
    v = rng.choice([2, 3, 10, 12, None])
    return {"kind": rng.choice(["killed", "injured", "other", None]), "value": v,
            "low": rng.choice([None, None, 1, 9]), "high": rng.choice([None, None, 4, 11]),
            "qualifier": rng.choice([None, "about", "at_least", "up_to"]), "text": str(v), "start": rng.randint(0, 9)}


def _window(rng: random.Random) -> list:
    d = rng.choice(DAYS[:4])
    return [d, rng.choice([d, "2024-03-04"]), rng.random() > 0.5]


def _day_fields(rng: random.Random) -> tuple:
    d = rng.choice(DAYS)
    if d is None:
        return None, None, False
    if len(d) == 7:
        return "2024-03-01", "2024-03-31", False
    return d, rng.choice([d, d, "2024-03-04"]), rng.random() > 0.5


# Every field of a report and how to draw it anew: what compare() reads and what it does not.
FIELDS = {
    "event_id": lambda rng: f"e{rng.randint(0, 10 ** 6)}",
    "type": lambda rng: rng.choice(TYPES),
    "type_name": lambda rng: rng.choice(["", "strike"]),
    "start": lambda rng: rng.randint(0, 99),
    "end": lambda rng: rng.randint(100, 199),
    "text": lambda rng: rng.choice(["x", "a strike"]),
    "confidence": lambda rng: rng.random(),
    "outlet": lambda rng: rng.choice(["o1", "o2", None]),
    "agency": lambda rng: rng.choice(["AP", None]),
    "published": lambda rng: rng.choice(DAYS),
    "title": lambda rng: rng.choice(["t", None]),
    "url": lambda rng: rng.choice(["https://o.example/1", None]),
    "trigger": lambda rng: rng.choice(TRIGGERS),
    "actors": lambda rng: [{"name": rng.choice(["x", "y"]), "side": rng.choice(["russia", "ukraine", None]),
                            "kind": None, "start": 0, "end": 1, "text": "x"} for _ in range(rng.randint(0, 2))],
    "targets": lambda rng: [{"name": t if rng.random() > 0.3 else "", "text": t, "side": None, "kind": None,
                             "start": 0, "end": 1} for t in rng.sample(TARGETS, rng.randint(0, 2))],
    "place": lambda rng: _place(rng) if rng.random() > 0.1 else None,
    "time": lambda rng: rng.choice([None, {"value": "2024-03-01"}]),
    "days": _day_fields,  # day_start, day_end, day_exact drawn together (a window is both days or neither)
    "day_start": lambda rng: rng.choice(DAYS[:4]),
    "day_end": lambda rng: rng.choice(DAYS[:4]),
    "day_exact": lambda rng: rng.random() > 0.5,
    "counts": lambda rng: [_count(rng) for _ in range(rng.randint(0, 2))],
    "alt_places": lambda rng: [_place(rng) for _ in range(rng.choice([0, 0, 1, 2]))],
    "alt_windows": lambda rng: [_window(rng) for _ in range(rng.choice([0, 0, 1]))],
    "reported_by": lambda rng: rng.choice([[], ["Kyiv"]]),
    "status": lambda rng: rng.choice(["asserted", "denied"]),
    "denied_by": lambda rng: rng.choice([None, "Moscow"]),
    "negated": lambda rng: rng.random() > 0.8,
    "is_lead": lambda rng: rng.random() > 0.5,
}


def _report(rng: random.Random, i: int, doc: str | None = None) -> m.Report:
    r = m.Report(event_id=f"e{i}", doc_id=doc or f"d{rng.randint(0, 30)}", type="x", type_name="", start=0, end=1,
                 text="x")
    for name, draw in FIELDS.items():
        if name == "days":
            r.day_start, r.day_end, r.day_exact = draw(rng)
        elif name not in ("event_id", "day_start", "day_end", "day_exact"):
            setattr(r, name, draw(rng))
    return r


def _mutate(rng: random.Random, o: m.Report) -> m.Report:
    """``o`` with one field (or one key of one nested value) drawn anew."""
    o2 = copy.deepcopy(o)
    nested = [("place", o2.place)] if o2.place else []
    nested += [("alt", p) for p in o2.alt_places] + [("count", x) for x in o2.counts]
    nested += [("target", t) for t in o2.targets] + [("actor", a) for a in o2.actors]
    if nested and rng.random() < 0.5:
        kind, d = rng.choice(nested)
        key = rng.choice(sorted(d))
        donor = {"place": _place, "alt": _place, "count": _count,
                 "target": lambda g: {"name": g.choice([*TARGETS, ""]), "text": g.choice(TARGETS), "side": None,
                                      "kind": "x", "start": 5, "end": 9},
                 "actor": lambda g: {"name": "z", "side": g.choice(["russia", "ukraine", None])}}[kind](rng)
        d[key] = donor.get(key, d[key])
        return o2
    name = rng.choice(sorted(FIELDS))
    if name == "days":
        o2.day_start, o2.day_end, o2.day_exact = _day_fields(rng)
    else:
        setattr(o2, name, FIELDS[name](rng))
    return o2


def _check(seed: int, pairs: int) -> tuple[int, int]:
    """(pairs whose signature stayed the same, pairs whose signature and compare both changed)."""
    rng = random.Random(seed)
    same = changed = 0
    for i in range(pairs):
        o = _report(rng, i)
        o2 = _mutate(rng, o)
        if m._keys(o)[7] != m._keys(o2)[7]:
            rs = [_report(rng, 10_000 + k, doc=rng.choice([o.doc_id, "dz"])) for k in range(3)]
            changed += any(m.compare(r, o) != m.compare(r, o2) for r in rs)
            continue
        same += 1
        for k in range(6):
            r = _report(rng, 20_000 + k, doc=rng.choice([o.doc_id, "dz"]))  # doc_id is never drawn anew
            assert m.compare(r, o) == m.compare(r, o2), (o, o2, r)
            assert m._placed(o) == m._placed(o2)
    return same, changed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_events_merge_memo_signature_holds_what_compare_reads(seed):
    same, changed = _check(seed, 2500)
    assert same > 300 and changed > 100  # both sides of the property are exercised


def _direct(r: m.Report, o: m.Report) -> tuple:
    x = m.compare(r, o)
    return (x.place != "far" and x.time != "far", x.ok, x.score, x.place == "same", m._placed(o))


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_events_merge_memo_parts_answer_what_compare_answers(seed):
    rng = random.Random(seed)
    hits = 0
    for k in range(60):
        r = _report(rng, 30_000 + k, doc="dz" if k % 3 else None)
        pool = [_report(rng, i) for i in range(15)]
        for i in range(200):  # alike reports: one field of a pooled report drawn anew, another article
            o = _mutate(rng, rng.choice(pool))
            o.event_id, o.doc_id = f"x{i}", rng.choice([r.doc_id, o.doc_id, "d1"])
            pool.append(o)
        sigs: dict = {}
        memo: dict = {}
        for o in pool:
            before = len(memo)
            assert m._compared(r, o, sigs, memo) == _direct(r, o), (r, o)
            hits += len(memo) == before
    assert hits > 1000  # answers did come from the memo


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2 ** 31))
def test_events_merge_memo_signature_property(seed):
    _check(seed, 60)


def test_events_merge_memo_signature_types_apart():
    r = _report(random.Random(5), 1)
    r2 = copy.deepcopy(r)
    r.counts = [{"kind": "killed", "value": 1}]
    r2.counts = [{"kind": "killed", "value": True}]
    assert m._keys(r)[7] != m._keys(r2)[7]  # equal under ==, yet another type: never one signature


# -- whole merges: memo on and off --------------------------------------------------------------

def _alike_reports(rng: random.Random, n: int) -> list[m.Report]:
    """Reports of a few templates told by many articles (what makes events large): copies of a template
    with another event id and article, some with a count or a day changed."""
    base = [_report(rng, 100_000 + k) for k in range(12)]
    out = []
    for i in range(n):
        r = copy.deepcopy(rng.choice(base))
        r.event_id, r.doc_id, r.start = f"e{i}", f"d{rng.randint(0, n // 3)}", rng.randint(0, 500)
        if rng.random() < 0.2:
            r = _mutate(rng, r)
            r.event_id = f"e{i}"
        out.append(r)
    return out


def _grouping(clusters) -> list[list[str]]:
    return sorted(sorted(r.event_id for r in c.reports) for c in clusters)


@pytest.mark.parametrize("seed", range(4))
def test_events_merge_memo_same_events(seed, monkeypatch):
    rng = random.Random(seed)
    reports = _alike_reports(rng, 400) + [_report(rng, 5000 + i) for i in range(100)]
    rng.shuffle(reports)
    fast = _grouping(m.merge([m.Report.from_dict(copy.deepcopy(r.to_dict())) for r in reports]))
    monkeypatch.setattr(m, "MEMO", False)
    slow = _grouping(m.merge([m.Report.from_dict(copy.deepcopy(r.to_dict())) for r in reports]))
    assert fast == slow
    assert max(len(g) for g in fast) > 5  # large events formed: the memo was used


@pytest.mark.parametrize("seed", range(3))
def test_events_merge_memo_same_best(seed, monkeypatch):
    rng = random.Random(50 + seed)
    clusters = m.merge(_alike_reports(rng, 300))
    probes = _alike_reports(random.Random(900 + seed), 60) + [_report(rng, 7000 + i) for i in range(40)]
    for i, p in enumerate(probes):
        p.event_id = f"p{i}"
    picks = [rng.sample(clusters, min(len(clusters), 20)) for _ in probes]
    fast = [getattr(m.Merger().best(r, cs), "cluster_id", None) for r, cs in zip(probes, picks)]
    calls = []
    real = m.compare
    monkeypatch.setattr(m, "compare", lambda a, b: calls.append(1) or real(a, b))
    monkeypatch.setattr(m, "MEMO", False)
    slow = [getattr(m.Merger().best(r, cs), "cluster_id", None) for r, cs in zip(probes, picks)]
    n_slow = len(calls)
    monkeypatch.setattr(m, "MEMO", True)
    calls.clear()
    again = [getattr(m.Merger().best(r, cs), "cluster_id", None) for r, cs in zip(probes, picks)]
    assert fast == slow == again
    assert any(x is not None for x in fast)
    assert len(calls) < n_slow / 2  # alike reports compared once


def test_events_merge_memo_follows_appends():
    rng = random.Random(9)
    c = m.Cluster("ev-x", _alike_reports(rng, 6))
    r = _report(rng, 77)
    m.Merger().best(r, [c])
    more = _alike_reports(rng, 4)
    for i, o in enumerate(more):
        o.event_id = f"more{i}"
    c.reports.extend(more)
    m._footprint(c)
    m._town_index(c)  # the other caches keep the signatures, and the signatures keep theirs
    m.Merger().best(r, [c])
    towns = m._groups(c)
    assert sum(len(eids) for _docs, eids, _g in towns.values()) == len(c.reports) == 10
    assert sum(len(g[2]) for _d, _e, groups in towns.values() for g in groups.values()) == 10
    assert all(keys == m._keys(g[0]) and g[0].event_id in g[2] and g[3] == m._placed(g[0])
               for _d, _e, groups in towns.values() for keys, g in groups.items())


@pytest.mark.parametrize("seed", range(3))
def test_events_merge_memo_member_probe_same_best(seed, monkeypatch):
    """A report already in a candidate event (merged again) skips itself, as the loop over reports does."""
    rng = random.Random(70 + seed)
    clusters = m.merge(_alike_reports(rng, 250))
    probes = [copy.deepcopy(o) for c in clusters for o in c.reports[:3]]
    picks = [rng.sample(clusters, min(len(clusters), 15)) + [c] for c in clusters for _o in c.reports[:3]]
    fast = [getattr(m.Merger().best(r, cs), "cluster_id", None) for r, cs in zip(probes, picks)]
    monkeypatch.setattr(m, "MEMO", False)
    slow = [getattr(m.Merger().best(r, cs), "cluster_id", None) for r, cs in zip(probes, picks)]
    assert fast == slow
    assert any(x is not None for x in fast)


# -- merge_pending on a team-written store: every event table identical --------------------------

def _stored_article(rng: random.Random, i: int):
    from newstrace.model import Article, Event, Origin, Place, TimeRef

    name, gid, lat, lon, prec = rng.choice(TOWNS[:5])
    day = f"2024-03-{rng.randint(1, 4):02d}"
    killed = rng.choice([2, 3, 3, 3])
    text = f"A missile strike hit {name} on {day}, killing {killed} people, officials said."
    e = Event(start=0, end=len(text), type=rng.choice(TYPES[:3]), type_name="x", confidence=0.9)
    ps = text.index(name)
    e.place = Place(ps, ps + len(name), name, geonameid=gid, lat=lat, lon=lon, country="UA", feature="city",
                    precision=prec, resolved=True, role="event")
    if rng.random() > 0.15:
        ds = text.index(day)
        e.time = TimeRef(ds, ds + len(day), "date", value=day, range_start=day, range_end=day, granularity="day",
                         resolved=True)
    e.event_id = m.event_id_of(f"a{i}", 0, len(text))
    return Article(doc_id=f"a{i}", source=Origin(outlet=f"o{i % 7}", url=f"https://o{i % 7}.example/{i}"), text=text,
                   published=day, events=[e])


def _tables(path) -> list:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [conn.execute("SELECT event_id, doc_id, cluster_id, type, day_start, day_end, data FROM event_reports"
                             " ORDER BY 1").fetchall(),
                conn.execute("SELECT event_id, type, day_start, day_end, place, lat, lon, reports, sources, conflicts,"
                             " json_remove(data, '$.updated_at') FROM merged_events ORDER BY 1").fetchall()]
    finally:
        conn.close()


def test_events_merge_memo_store_tables_identical(tmp_path, monkeypatch):
    from newstrace.store import open_store

    rng = random.Random(11)
    arts = [_stored_article(rng, i) for i in range(160)]
    out = []
    for memo in (True, False):
        monkeypatch.setattr(m, "MEMO", memo)
        path = tmp_path / f"memo{memo}.db"
        with open_store(path) as store:
            for a in arts[:100]:
                store.put(a)
            m.merge_pending(store, batch=30)
            for a in arts[100:]:  # a second run joins the first run's events
                store.put(a)
            m.merge_pending(store, batch=30)
        out.append(_tables(path))
    assert out[0] == out[1]
    assert max(r[7] for r in out[0][1]) >= 5  # large merged events: alike reports met the memo
