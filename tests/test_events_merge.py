"""Events across articles: merging reports of one event, conflicts, independence, the store, incremental."""

from __future__ import annotations

import json

import pytest

from newstrace import serialize
from newstrace.events import merge as m
from newstrace.model import Article, Event, EventArg, EventCount, Origin, Place, Span, TimeRef

KRAMATORSK = dict(name="Kramatorsk", geonameid=704147, lat=48.7233, lon=37.5563, country="UA", admin1="Donetsk Oblast",
                  feature="city", precision="city", resolved=True, role="event")
SLOVIANSK = dict(name="Sloviansk", geonameid=700569, lat=48.8533, lon=37.6050, country="UA", admin1="Donetsk Oblast",
                 feature="city", precision="city", resolved=True, role="event")
DONETSK_OBLAST = dict(name="Donetsk Oblast", geonameid=709716, lat=48.0, lon=37.8, country="UA", admin1="Donetsk Oblast",
                      feature="region", precision="admin1", resolved=True, role="event")
KYIV = dict(name="Kyiv", geonameid=703448, lat=50.4547, lon=30.5238, country="UA", admin1="Kyiv City",
            feature="city", precision="city", resolved=True, role="event")


def _find(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def article(doc: str, text: str, *, outlet: str, published: str, type: str = "ART_MISS_ATTACK",  # noqa: A002
            place: dict | None = None, place_word: str | None = None, date: str | None = None,
            date_word: str | None = None, actor: tuple[str, str | None] | None = None, target: str | None = None,
            count: tuple[str, str, float, str | None] | None = None, status: str = "asserted",
            denied_by: str | None = None, agency: str | None = None) -> Article:
    """A stored-like article with one event built from the spec (offsets found in ``text``)."""
    s, e = 0, len(text)
    ev = Event(start=s, end=e, type=type, type_name=type, confidence=0.9, status=status, denied_by=denied_by,
               negated=status == "denied")
    if place:
        ps, pe = _find(text, place_word or place["name"])
        ev.place = Place(ps, pe, **place)
    if date:
        ds, de = _find(text, date_word)
        ev.time = TimeRef(ds, de, "date", value=date, range_start=date, range_end=date, granularity="day", resolved=True)
    if actor:
        a0, a1 = _find(text, actor[0])
        ev.actors = [EventArg(a0, a1, actor[0], side=actor[1], kind="armed_group")]
    if target:
        t0, t1 = _find(text, target)
        ev.targets = [EventArg(t0, t1, target, kind="unknown")]
    if count:
        c0, c1 = _find(text, count[1])
        ev.counts = [EventCount(c0, c1, count[0], value=count[2], qualifier=count[3])]
    ev.event_id = m.event_id_of(doc, s, e)
    return Article(doc_id=doc, source=Origin(outlet=outlet, agency=agency, url=f"https://{doc}.example/"), text=text,
                   published=published, events=[ev])


def _reports(*articles: Article) -> list[m.Report]:
    return [r for a in articles for r in m.reports_of(serialize.to_dict(a))]


@pytest.fixture()
def station():
    """Five reports of one strike (two outlets of one wire story, a denial) and two near misses."""
    a = article("a1", "Russian forces fired a missile at the railway station in Kramatorsk on Friday, killing 50 people.",
                outlet="Reuters", published="2022-04-08", place=KRAMATORSK, date="2022-04-08", date_word="Friday",
                actor=("Russian forces", "russia"), target="railway station", count=("fatalities", "50 people", 50, None))
    b = article("b1", "A rocket hit the train station in Kramatorsk on Friday and killed 57 people.",
                outlet="Kyiv Independent", published="2022-04-09", place=KRAMATORSK, date="2022-04-08",
                date_word="Friday", target="train station", count=("fatalities", "57 people", 57, None))
    c = article("c1", "Ukrainian forces fired a Tochka-U missile at the station in Kramatorsk, the ministry said.",
                outlet="TASS", published="2022-04-08", place=KRAMATORSK, actor=("Ukrainian forces", "ukraine"),
                target="station")
    d = article("d1", "Russia denied that its forces struck the station in Kramatorsk on Friday.",
                outlet="TASS English", published="2022-04-08", place=KRAMATORSK, date="2022-04-08", date_word="Friday",
                target="station", status="denied", denied_by="Russia")
    e = article("e1", "A rocket attack on a train station in Kramatorsk killed 50 people on Friday.",
                outlet="AP News", agency="AP", published="2022-04-08", place=KRAMATORSK, date="2022-04-08",
                date_word="Friday", target="train station", count=("fatalities", "50 people", 50, None))
    f = article("f1", "A rocket attack on a train station in Kramatorsk killed 50 people on Friday.",
                outlet="Seattle Courier", agency="AP", published="2022-04-08", place=KRAMATORSK, date="2022-04-08",
                date_word="Friday", target="train station", count=("fatalities", "50 people", 50, None))
    other_day = article("x1", "Russian artillery shelled houses in Kramatorsk on Tuesday, injuring two.",
                        outlet="Ukrinform", published="2022-04-12", place=KRAMATORSK, date="2022-04-12",
                        date_word="Tuesday", actor=("Russian artillery", "russia"), target="houses")
    other_town = article("y1", "Russian forces fired rockets at a warehouse in Sloviansk on Friday.",
                         outlet="Ukrainska Pravda", published="2022-04-08", place=SLOVIANSK, date="2022-04-08",
                         date_word="Friday", actor=("Russian forces", "russia"), target="warehouse")
    return [a, b, c, d, e, f, other_day, other_town]


@pytest.mark.parametrize("a,b,ok", [("ART_MISS_ATTACK", "AIR_STRIKE", True), ("ARREST", "PEACE_PROTEST", True),
                                    ("ART_MISS_ATTACK", "AGREEMENT", False), ("ATTRIB", "AGREEMENT", True),
                                    ("GOV_REGAINS_TERIT", "ARMED_CLASH", True), ("ARREST", "AIR_STRIKE", False)])
def test_merge_type_compatibility(a, b, ok):
    assert m.types_compatible(a, b) is ok


@pytest.mark.parametrize("a,b,kind", [(KRAMATORSK, KRAMATORSK, "same"), (KRAMATORSK, SLOVIANSK, "near"),
                                      (KRAMATORSK, KYIV, "far"), (KRAMATORSK, DONETSK_OBLAST, "same"),
                                      (DONETSK_OBLAST, KYIV, "far"), (KRAMATORSK, None, "unknown")])
def test_merge_place_distance_depends_on_precision(a, b, kind):
    assert m.place_match(a, b)[0] == kind


def test_merge_same_event_one_record_near_misses_apart(station):
    clusters = m.merge(_reports(*station))
    by_doc = {r.doc_id: c.cluster_id for c in clusters for r in c.reports}
    main = by_doc["a1"]
    assert all(by_doc[d] == main for d in ("b1", "c1", "d1", "e1", "f1"))
    assert by_doc["x1"] != main and by_doc["y1"] != main and by_doc["x1"] != by_doc["y1"]


def test_merge_conflicts_listed_with_their_reports(station):
    clusters = m.merge(_reports(*station))
    main = next(c for c in clusters if any(r.doc_id == "a1" for r in c.reports))
    rec = m.record(main)
    kinds = {k["kind"]: k for k in rec["conflicts"]}
    assert {"actor", "figure", "denial"} <= set(kinds)
    actor_sides = {v["value"]: {x["doc_id"] for x in v["reports"]} for v in kinds["actor"]["values"]}
    assert actor_sides["russia"] == {"a1"} and actor_sides["ukraine"] == {"c1"}
    figures = {x["doc_id"] for v in kinds["figure"]["values"] for x in v["reports"]}
    assert {"a1", "b1"} <= figures
    assert kinds["figure"]["field"] == "fatalities"
    assert kinds["denial"]["denied_by"] == "Russia"
    assert kinds["denial"]["values"][0]["reports"][0]["doc_id"] == "d1"
    # evidence offsets round-trip into the report's article text
    texts = {a.doc_id: a.text for a in station}
    for k in rec["conflicts"]:
        for v in k["values"]:
            for x in v["reports"]:
                ev = x["evidence"]
                assert texts[x["doc_id"]][ev["start"]:ev["end"]] == ev["text"]


def test_merge_independent_sources_fold_wire_pickups_and_outlets(station):
    clusters = m.merge(_reports(*station))
    main = next(c for c in clusters if any(r.doc_id == "a1" for r in c.reports))
    rec = m.record(main)
    # a1 Reuters, b1 Kyiv Independent, c1 TASS, d1 TASS English, e1+f1 one AP story
    assert rec["articles"] == 6
    assert rec["independent_sources"] == 5
    assert rec["first_report"]["published"] == "2022-04-08"
    # a copy link folds two outlets into one source
    rec2 = m.record(main, [("d1", "c1", "copy")])
    assert rec2["independent_sources"] == 4


def test_merge_agreeing_figures_are_not_a_conflict():
    a = article("p1", "Shelling killed at least 50 people in Kramatorsk on Friday.", outlet="A", published="2022-04-08",
                place=KRAMATORSK, date="2022-04-08", date_word="Friday",
                count=("fatalities", "at least 50 people", 50, "at_least"))
    b = article("p2", "Shelling killed 52 people in Kramatorsk on Friday.", outlet="B", published="2022-04-08",
                place=KRAMATORSK, date="2022-04-08", date_word="Friday", count=("fatalities", "52 people", 52, None))
    clusters = m.merge(_reports(a, b))
    assert len(clusters) == 1
    assert not [k for k in m.record(clusters[0])["conflicts"] if k["kind"] == "figure"]


def test_merge_incremental_in_store_late_report_joins(tmp_path, station):
    from newstrace.store import events as ev
    from newstrace.store import open_store

    with open_store(tmp_path / "s.db") as store:
        for a in station[:3]:
            store.put(a)
        r1 = m.merge_pending(store)
        assert r1.articles == 3 and r1.reports == 3
        assert ev.count(store) == 1
        first = ev.events_of_doc(store, "a1")
        for a in station[3:]:
            store.put(a)
        r2 = m.merge_pending(store)
        assert r2.articles == 5 and r2.joined >= 3
        assert ev.events_of_doc(store, "d1") == first
        rec = ev.get_event(store, first[0])
        assert rec["articles"] == 6 and {"actor", "figure", "denial"} <= {k["kind"] for k in rec["conflicts"]}
        assert m.merge_pending(store).articles == 0  # nothing pending: idempotent
        total, items = ev.list_events(store, min_sources=2)
        assert total == 1 and items[0]["event_id"] == first[0]
        total, _ = ev.list_events(store, place="Sloviansk")
        assert total == 1
        total, _ = ev.list_events(store, since="2022-04-10")
        assert total == 1
        total, _ = ev.list_events(store, actor="ukraine")
        assert total == 1
        # a prefix finds it; a too short one does not
        assert ev.get_event(store, first[0][:8])["event_id"] == first[0]
        assert ev.get_event(store, first[0][:3]) is None


def test_merge_hostile_names_are_data(tmp_path):
    from newstrace.store import events as ev
    from newstrace.store import open_store

    a = article("h1", "'); DROP TABLE merged_events; -- shelled the station in Kramatorsk on Friday.", outlet="X%_",
                published="2022-04-08", place=KRAMATORSK, date="2022-04-08", date_word="Friday",
                actor=("'); DROP TABLE merged_events; --", None))
    with open_store(tmp_path / "h.db") as store:
        store.put(a)
        m.merge_pending(store)
        assert ev.count(store) == 1
        assert ev.list_events(store, actor="%")[0] == 0
        assert ev.list_events(store, actor="DROP TABLE")[0] == 1
        rec = ev.list_events(store)[1][0]
        json.dumps(rec)  # plain data


def test_merge_runs_after_linking(tmp_path, station):
    """Linking (the ingest hook) merges the new articles' events once copies are known."""
    from newstrace import api
    from newstrace.store import events as ev
    from newstrace.store import open_store

    with open_store(tmp_path / "l.db") as store:
        for a in station[:4]:
            store.put(a)
        api.link(store, stance=False)
        assert ev.count(store) == 1
        store.put(station[4])
        api.link(store, stance=False)
        assert ev.events_of_doc(store, "e1") == ev.events_of_doc(store, "a1")


@pytest.mark.parametrize("value, cell", [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"),
                                         ("Kyiv", "Kyiv"), (3, 3)])
def test_merge_csv_cells_never_formulas(value, cell):
    from newstrace.events.views import _cell

    assert _cell(value) == cell
