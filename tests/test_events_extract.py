"""Event extraction on team-written articles: type, actors and sides, targets, place (with the dateline
fallback), time, counts, reported_by, status (denied, hedged, negated), offsets that round-trip."""

from __future__ import annotations

import pytest

from newstrace import serialize
from newstrace.model import Article
from newstrace.pipeline import new_article, run_stages
from newstrace.readers import read_text

ARTICLES = {
    # a strike reported by one side and denied by the other
    "strike": ("""KHARKIV, March 7 — Russian forces shelled a crowded market in Kharkiv on Sunday, killing at least eight \
civilians and wounding 20 others, Ukraine's emergency service said.

Russia's defence ministry denied the report. Its spokesman Igor Konashenkov said Russian troops did not strike \
civilian targets in the city.""", "2022-03-08"),
    # a protest with arrests and a figure
    "protest": ("""Police detained more than 300 people at anti-war protests in St Petersburg on Saturday, the rights \
group OVD-Info said.

Demonstrators marched through the city centre chanting slogans before officers in riot gear moved in.""", "2022-03-07"),
    # territory regained, with an area
    "territory": ("""Ukrainian troops have recaptured about 500 square kilometres of territory near Izium, the general \
staff said on Friday.

The advance follows weeks of heavy fighting in the Kharkiv region.""", "2022-09-12"),
    # a hedged event
    "hedged": ("""A drone strike reportedly hit an oil depot in the Russian city of Kursk overnight, setting it on fire.

Officials in the region have not commented.""", "2022-10-01"),
    # a negated event, and a denial of one
    "negated": ("""Ukraine's army said on Tuesday that its forces did not shell the centre of Donetsk, calling the \
accusation a fabrication.

Separately, Russia's defence ministry denied shelling the Zaporizhzhia nuclear plant.""", "2022-06-15"),
    # no place in the text but the dateline
    "dateline": ("""ODESA, June 3 — Russian missiles struck port warehouses overnight, the regional governor said on \
his Telegram channel.

No one was hurt, he added.""", "2022-06-03"),
    # nothing happens: an opinion piece without an event
    "none": ("""The minister said the budget would be presented to parliament next month and praised the work of \
the finance committee.""", "2022-06-03"),
}


@pytest.fixture(scope="module")
def arts(ctx) -> dict[str, Article]:
    names = list(ARTICLES)
    raws = [read_text(ARTICLES[n][0], published=ARTICLES[n][1]) for n in names]
    out = run_stages([new_article(r) for r in raws], ctx)  # one batch: one classifier call
    assert all(isinstance(a, Article) for a in out)
    return dict(zip(names, out))


def _events(a: Article, *types: str):
    return [e for e in a.events if not types or e.type in types]


def _one(a: Article, trigger: str, negated: bool | None = None):
    found = [e for e in a.events if e.trigger and trigger in a.text[e.trigger.start:e.trigger.end]
             and (negated is None or e.negated == negated)]
    assert found, f"no event with trigger {trigger!r}: {[a.text[e.start:e.end] for e in a.events]}"
    return found[0]


@pytest.mark.parametrize("name", list(ARTICLES))
def test_events_extract_spans_round_trip(arts, name):
    a = arts[name]
    d = serialize.to_dict(a)
    for ev in d["events"]:
        assert a.text[ev["start"]:ev["end"]] == ev["text"]
    for e in a.events:
        for span in serialize.iter_spans(e):
            assert 0 <= span.start < span.end <= len(a.text)
        assert e.event_id and e.type != "OTHER" and e.type_name
    again = serialize.from_dict(d)
    assert again.events == a.events


def test_events_extract_strike_reported_and_denied(arts):
    a = arts["strike"]
    e = _one(a, "shelled")
    assert e.type in ("ART_MISS_ATTACK", "AIR_STRIKE")
    assert [x.side for x in e.actors] == ["russia"] and e.actors[0].kind == "armed_group"
    assert any("market" in x.name for x in e.targets)
    assert e.place and e.place.name == "Kharkiv" and e.place.role == "event"
    assert e.time and e.time.value == "2022-03-06"
    counts = {c.kind: c.value for c in e.counts}
    assert counts == {"fatalities": 8, "injured": 20}
    assert [v.relation for v in e.reported_by][:1] == ["speaker"]
    assert "emergency service" in a.text[e.reported_by[0].start:e.reported_by[0].end]
    assert e.status == "denied" and e.denied_by and "Russia" in e.denied_by
    assert not e.negated
    assert not a.text[e.start:e.end].startswith("KHARKIV")  # the dateline is not the clause
    # the denial itself: a negated strike, kept
    n = _one(a, "strike", negated=True)
    assert n.status == "denied" and any(a.text[c.start:c.end] == "not" for c in n.status_cues)
    assert [x.side for x in n.actors] == ["russia"]


def test_events_extract_protest_with_arrests(arts):
    a = arts["protest"]
    e = _one(a, "detained")
    assert e.type in ("PROTEST_WITH_INTER", "ARREST")
    assert e.actors and e.actors[0].name == "Police" and e.actors[0].kind == "organisation"
    (c,) = [c for c in e.counts if c.kind == "arrested"]
    assert c.value == 300 and c.qualifier == "over"
    assert e.place and e.place.name == "Saint Petersburg" and e.place.country == "RU"
    assert e.status == "attributed" and e.reported_by and "OVD" in e.reported_by[0].name
    assert not [x for x in a.events if "riot" in a.text[x.trigger.start:x.trigger.end]]  # "riot gear" is no event


def test_events_extract_territory_with_area(arts):
    a = arts["territory"]
    e = _one(a, "recaptured")
    assert e.type == "GOV_REGAINS_TERIT"
    assert e.actors and e.actors[0].side == "ukraine"
    (c,) = [c for c in e.counts if c.kind == "area"]
    assert c.value == 500 and c.qualifier == "about"
    assert e.place and e.place.country == "UA" and "Izium" in a.text[e.place.start:e.place.end]
    assert not e.targets or all("square" not in t.name for t in e.targets)  # the area is a count


def test_events_extract_hedged(arts):
    a = arts["hedged"]
    e = _one(a, "hit")
    assert e.type in ("AIR_STRIKE", "ART_MISS_ATTACK")
    assert e.status == "hedged" and [a.text[c.start:c.end] for c in e.status_cues] == ["reportedly"]
    assert any("depot" in t.name for t in e.targets)
    assert e.place and e.place.country == "RU"


def test_events_extract_negated(arts):
    a = arts["negated"]
    e = _one(a, "shell")
    assert e.negated and e.status == "denied"
    assert e.type == "ART_MISS_ATTACK"
    assert e.actors and e.actors[0].side == "ukraine"  # "its forces" in the army's words
    assert e.denied_by and ("army" in e.denied_by or "Armed Forces" in e.denied_by)  # its official name


def test_events_extract_denied_event_is_kept(arts):
    a = arts["negated"]
    e = _one(a, "shelling")
    assert e.negated and e.status == "denied" and e.denied_by and "defence ministry" in e.denied_by.lower()
    assert any(a.text[c.start:c.end] == "denied" for c in e.status_cues)
    assert any("plant" in t.name for t in e.targets)


def test_events_extract_show_prints_events(arts):
    from rich.console import Console

    from newstrace.cli.show import ShowOptions, events

    console = Console(width=400, record=True)
    console.print(events(arts["territory"], ShowOptions()))
    out = console.export_text()
    assert "Events (" in out and "Government regains territory" in out and "area about 500" in out
    assert events(arts["none"], ShowOptions()) is None


def test_events_extract_dateline_fallback(arts):
    a = arts["dateline"]
    e = _one(a, "struck")
    assert e.type in ("ART_MISS_ATTACK", "AIR_STRIKE")
    assert e.place and e.place.role == "dateline" and e.place.name == "Odesa"
    dl = next(p for p in a.places if p.role == "dateline")
    assert e.place.confidence < dl.confidence  # a fallback is weaker
    assert [x.side for x in e.actors] == ["russia"]


def test_events_extract_no_event_without_trigger(arts):
    assert arts["none"].events == []


@pytest.mark.parametrize("text", [
    "They plan to attack the city next week.",  # intention
    "It is not just Putin's battle, the caption said.",  # a predicate noun
    "Officers in riot gear stood by.",  # a modifier
    "No one was injured, the mayor said.",  # nothing happened
    "The minister called it a hard-hitting package of measures.",  # an adjective
    "The foreign minister called the strike a war crime.",  # a re-mention judged
])
def test_events_extract_no_event_for_irrealis_and_modifiers(ctx, text):
    (a,) = run_stages([new_article(read_text(text, published="2022-05-01"))], ctx)
    assert a.events == []


def test_events_extract_typing_repeated_clause_typed_once(monkeypatch):
    from newstrace.events import classifier

    calls = []
    real = classifier._type_with_model

    def spy(texts, hints):
        calls.append(list(texts))
        return real(texts, hints)

    monkeypatch.setattr(classifier, "_type_with_model", spy)
    monkeypatch.setattr(classifier, "RULE_UNAMBIGUOUS", False)
    text = "Police detained dozens of people at a rally in the city centre"
    hints = ("PROTEST_WITH_INTER", "ARREST", "PEACE_PROTEST")
    out = classifier.type_clauses([text, text], [hints, hints])
    assert out[0] == out[1] and out[0][0] == "PROTEST_WITH_INTER"
    assert calls == [[text]]


@pytest.mark.parametrize("rule", [True, False])
def test_events_extract_typing_unambiguous_trigger(monkeypatch, rule):
    from newstrace.events import classifier

    monkeypatch.setattr(classifier, "RULE_UNAMBIGUOUS", rule)
    (label, conf), = classifier.type_clauses(["Russian artillery shelled the village overnight"], [("ART_MISS_ATTACK",)])
    assert label == "ART_MISS_ATTACK" and 0 < conf <= 1
    assert (conf == classifier.RULE_CONFIDENCE) is rule


def test_events_extract_casualties_belong_to_the_strike(ctx):
    text = "At least 35 people were killed and 80 wounded when a missile struck the railway station in Sloviansk."
    (a,) = run_stages([new_article(read_text(text, published="2024-05-15"))], ctx)
    (e,) = a.events
    assert e.type in ("ART_MISS_ATTACK", "AIR_STRIKE") and a.text[e.trigger.start:e.trigger.end] == "struck"
    assert {c.kind: c.value for c in e.counts} == {"fatalities": 35, "injured": 80}
    assert any("station" in t.name for t in e.targets)


def test_events_extract_conjoined_claim_is_not_denied(ctx):
    text = ("Russia's defence ministry denied targeting civilians and said its forces had struck an ammunition "
            "depot near Kramatorsk.")
    (a,) = run_stages([new_article(read_text(text, published="2024-05-15"))], ctx)
    e = next(e for e in a.events if a.text[e.trigger.start:e.trigger.end] == "struck")
    assert not e.negated
