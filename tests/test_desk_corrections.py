"""Corrections and verdicts over the extractor's output: kept with author, time and the extractor's
value, shown by store.get, and never lost on a new version of the article or a full re-analysis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newstrace
from newstrace import desk, serialize
from newstrace.desk.overlay import anchor, apply_corrections
from newstrace.errors import UsageError
from newstrace.pipeline import Context
from newstrace.settings import Settings

# Team-written, fictional.
V1 = """Drones hit a depot in Kharkiv on Monday, the regional governor Ivan Sokolenko said.

"We counted eleven explosions before dawn," Sokolenko said on Telegram.

The city council said the strike happened on 3 May and that the fire was out by noon. Officials in Kyiv \
said air defences downed nine drones."""

# The same article as updated by its outlet: a new first paragraph moves every offset.
V2 = "Update: the governor gave new figures in the evening.\n\n" + V1 + """

Residents in Kharkiv said power was back by the evening."""


def _ctx(ctx):
    return Context(Settings(), nlp=ctx.nlp)


@pytest.fixture()
def stored(tmp_path, ctx):
    src = tmp_path / "in" / "depot.txt"
    src.parent.mkdir()
    src.write_text(V1, encoding="utf-8")
    store = newstrace.open(tmp_path / "desk.db")
    report = store.ingest([str(src)], ctx=_ctx(ctx))
    assert report.new == 1
    doc_id = next(store.iter_articles()).doc_id
    yield store, src, doc_id
    store.close()


def _quote(article, needle):
    return next(q for q in article.quotes if needle in article.text[q.content.start:q.content.end])


@pytest.mark.parametrize("inserted", [len("Update: the governor gave new figures in the evening.\n\n")])
def test_desk_corrections_survive_new_version_and_reanalysis(stored, ctx, inserted):
    store, src, doc_id = stored
    art = store.get(doc_id)
    place = next(p for p in art.places if art.text[p.start:p.end] == "Kyiv")
    time = next(t for t in art.times if "3 May" in art.text[t.start:t.end])
    quote = _quote(art, "eleven explosions")
    claim = next(c for c in art.claims if c.claim_id)

    desk.add_correction(store, doc_id, "place", author="ana", text="Kyiv", value={"name": "Kyiv Oblast",
                        "geonameid": 703446}, note="the oblast, not the city")
    desk.add_correction(store, doc_id, "speaker", author="ana", text="eleven explosions",
                        value={"speaker_entity": "Kharkiv city council"})
    desk.add_correction(store, doc_id, "date", author="bo", start=time.start, value={"value": "2024-05-04"})
    desk.add_verdict(store, "claim", claim.claim_id, "misleading", author="bo", note="figures differ",
                     sources=["https://example.org/check"])

    def check(a, shift):
        assert not any(a.text[p.start:p.end] == "Kyiv" and p.name == place.name and p.geonameid == place.geonameid
                       for p in a.places), "the extractor's place still shows"
        p = next(p for p in a.places if a.text[p.start:p.end] == "Kyiv")
        assert (p.name, p.geonameid, p.start) == ("Kyiv Oblast", 703446, place.start + shift)
        assert _quote(a, "eleven explosions").speaker_entity == "Kharkiv city council"
        t = next(t for t in a.times if (t.start, t.end) == (time.start + shift, time.end + shift))
        assert t.value == "2024-05-04" and t.value != time.value
        by_action = {c.action: c for c in a.corrections}
        assert set(by_action) == {"place", "speaker", "date"}
        assert by_action["place"].original["geonameid"] == place.geonameid
        assert by_action["place"].original["name"] == place.name
        assert by_action["speaker"].original["speaker_entity"] == quote.speaker_entity
        assert by_action["date"].original["value"] == time.value
        assert by_action["place"].author == "ana" and by_action["date"].author == "bo"
        assert all(c.created_at for c in a.corrections)
        for c in a.corrections:  # offsets round-trip in the JSON
            assert a.text[c.start:c.end] in ("Kyiv", a.text[t.start:t.end]) or "eleven" in a.text[c.start:c.end]
        d = serialize.to_dict(a)
        assert all(d["text"][c["start"]:c["end"]] == c["text"] for c in d["corrections"])
        verdicts = desk.article_verdicts(store, a)
        assert [v["verdict"] for v in verdicts.values()] == ["misleading"]

    check(store.get(doc_id), 0)

    # A new version of the same article: every offset moves by the inserted paragraph.
    src.write_text(V2, encoding="utf-8")
    assert store.ingest([str(src)], ctx=_ctx(ctx)).versions == 1
    v2 = next(store.iter_articles())
    assert v2.doc_id != doc_id and v2.previous_doc_id == doc_id
    check(store.get(v2.doc_id), inserted)
    assert not store.get(v2.doc_id).warnings or all("correction" not in w for w in store.get(v2.doc_id).warnings)

    # A full re-analysis (new annotations for the same text) replaces the stored extraction.
    fresh = newstrace.analyze(src, ctx=_ctx(ctx))
    assert fresh.doc_id == v2.doc_id and fresh.corrections == []
    store.update(fresh)
    check(store.get(v2.doc_id), inserted)
    # Relinking the whole store (copies, stories) and ingesting the same file again change nothing.
    newstrace.api.link(store, full=True, stance=False)
    assert store.ingest([str(src)], ctx=_ctx(ctx)).unchanged == 1
    check(store.get(v2.doc_id), inserted)
    # The stored record stays the extractor's: corrections are an overlay.
    raw = desk.records.extractor_article(store, v2.doc_id)
    assert raw.corrections == [] and next(p for p in raw.places if raw.text[p.start:p.end] == "Kyiv").name == place.name


def test_desk_not_a_quote_and_withdraw(stored):
    store, _src, doc_id = stored
    n = len(store.get(doc_id).quotes)
    rec = desk.add_correction(store, doc_id, "not_quote", author="ana", text="eleven explosions")
    a = store.get(doc_id)
    assert len(a.quotes) == n - 1 and a.corrections[0].original["content"].startswith("We counted")
    desk.withdraw(store, rec["correction_id"], author="ana")
    assert len(store.get(doc_id).quotes) == n and store.get(doc_id).corrections == []
    audit = [r["action"] for r in newstrace.store.desk.audit_log(store)]
    assert audit[:2] == ["withdraw", "correct"]


@pytest.mark.parametrize("action, kwargs", [
    ("place", dict(text="Atlantis", value={"name": "X"})),       # no such place in the article
    ("date", dict(text="3 May", value={"value": "May 4th"})),     # not an ISO date
    ("speaker", dict(text="eleven explosions", value={})),        # no speaker given
    ("renamed", dict(text="Kyiv", value={})),                     # no such correction
])
def test_desk_correction_refused(stored, action, kwargs):
    store, _src, doc_id = stored
    with pytest.raises(UsageError):
        desk.add_correction(store, doc_id, action, author="ana", **kwargs)
    assert newstrace.store.desk.corrections(store) == []


@pytest.mark.parametrize("verdict, sources", [("probably", []), ("false", ["javascript:alert(1)"])])
def test_desk_verdict_refused(stored, verdict, sources):
    store, _src, doc_id = stored
    claim = next(c for c in store.get(doc_id).claims if c.claim_id)
    with pytest.raises(UsageError):
        desk.add_verdict(store, "claim", claim.claim_id, verdict, author="x", sources=sources)


@pytest.mark.parametrize("text, start, needle, expect", [
    ("abc Kyiv def Kyiv", 4, "Kyiv", (4, 8)),          # offsets still right
    ("xx abc Kyiv def Kyiv", 4, "Kyiv", (7, 11)),      # moved: the nearest occurrence
    ("abc Kiev", 4, "Kyiv", None),                      # gone
])
def test_desk_anchor(text, start, needle, expect):
    assert anchor(text, start, start + len(needle), needle) == expect


def test_desk_apply_corrections_is_pure(stored):
    store, _src, doc_id = stored
    a = desk.records.extractor_article(store, doc_id)
    before = serialize.to_json(a)
    p = next(p for p in a.places if a.text[p.start:p.end] == "Kyiv")
    out = apply_corrections(a, [{"target": "place", "action": "place", "span_start": p.start, "span_end": p.end,
                                 "anchor_text": "Kyiv", "value": {"name": "Somewhere"}, "correction_id": "c1",
                                 "author": "t", "created_at": "2024-01-01T00:00:00+00:00", "note": None}])
    assert serialize.to_json(a) == before
    assert next(x for x in out.places if x.start == p.start).name == "Somewhere"


@pytest.mark.parametrize("action, value, attr, expect", [
    ("place", {"name": "Kyiv Oblast", "geonameid": 703446}, "name", "Kyiv Oblast"),
    ("date", {"value": "2024-05-04"}, "value", "2024-05-04"),
])
def test_desk_corrections_reach_event_copies(action, value, attr, expect):
    from newstrace.model import Article, Event, Origin, Place, TimeRef

    text = "Drones hit Kyiv on 3 May."
    place = Place(11, 15, "Kyiv", geonameid=703448, resolved=True)
    time = TimeRef(19, 24, "date", value="2024-05-03", resolved=True)
    ev = Event(0, 25, "ART_MISS_ATTACK", "attack", place=Place(11, 15, "Kyiv", geonameid=703448, resolved=True),
               time=TimeRef(19, 24, "date", value="2024-05-03", resolved=True))
    art = Article("d1", Origin(path="x"), text=text, places=[place], times=[time], events=[ev])
    item = place if action == "place" else time
    out = apply_corrections(art, [{"target": "place" if action == "place" else "time", "action": action,
                                   "span_start": item.start, "span_end": item.end,
                                   "anchor_text": text[item.start:item.end], "value": value, "correction_id": "c1",
                                   "author": "t", "created_at": "2024-01-01T00:00:00+00:00", "note": None}])
    copy_ = out.events[0].place if action == "place" else out.events[0].time
    assert getattr(copy_, attr) == expect
    assert getattr(art.events[0].place if action == "place" else art.events[0].time, attr) != expect


def test_desk_verdict_on_merged_event(stored):
    store, _src, _doc_id = stored
    with store.transaction() as c:
        c.execute("INSERT INTO merged_events (event_id, reports, sources, conflicts, data, updated_at)"
                  " VALUES ('ev-cluster-1', 2, 2, 0, '{}', 'now')")
    rec = desk.add_verdict(store, "event", "ev-cluster-1", "true", author="ana")
    assert rec["doc_id"] is None
    assert [v["verdict"] for v in desk.verdicts_for(store, "event", "ev-cluster-1")] == ["true"]
    with pytest.raises(UsageError):
        desk.add_verdict(store, "event", "no-such-event", "true", author="ana")


@pytest.mark.parametrize("new_text", ["Drones hit Lviv on 3 May."])
def test_desk_correction_whose_text_is_gone_is_kept_not_applied(new_text):
    from newstrace.model import Article, Origin, Place

    art = Article("d2", Origin(path="x"), text=new_text, places=[Place(11, 15, "Lviv", resolved=True)])
    out = apply_corrections(art, [{"target": "place", "action": "place", "span_start": 11, "span_end": 15,
                                   "anchor_text": "Kyiv", "value": {"name": "Kyiv Oblast"}, "correction_id": "c9",
                                   "author": "t", "created_at": "2024-01-01T00:00:00+00:00", "note": None}])
    assert out.places[0].name == "Lviv" and out.corrections == []
    assert any("c9" in w for w in out.warnings)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab K\n", max_size=40), st.text(alphabet="ab K\n", max_size=40),
       st.text(alphabet="ab K\n", max_size=40), st.sampled_from(["Kyiv", "b", "Kyiv Oblast"]))
def test_desk_anchor_follows_moved_text(before, after, inserted, needle):
    text = before + needle + after
    start = len(before)
    moved = inserted + text
    span = anchor(moved, start, start + len(needle), needle)
    assert span is not None and moved[span[0]:span[1]] == needle
    # nearest to the old offset: no other occurrence is closer
    occurrences = [i for i in range(len(moved)) if moved.startswith(needle, i)]
    assert abs(span[0] - start) == min(abs(i - start) for i in occurrences)
