"""Event extraction, class by class, on team-written sentences: prevented attacks are kept negated,
tallies over a period are no single event, natural hazards are disasters, sport/conditional/historical
clauses are no events, a blamed party is the attack's actor, the dateline places an event only within the
country the text names, and agreements, towns entered and raised death tolls are found."""

from __future__ import annotations

import pytest

from newstrace.model import Article
from newstrace.pipeline import new_article, run_stages
from newstrace.readers import read_text

TEXTS = {
    "foiled": "Police in Lyon foiled a planned bomb attack on a concert hall on Saturday, prosecutors said.",
    "averted_tally": "The agency says it has thwarted 43 terror attacks since 2015.",
    "tally_year": "There were 41 attacks on journalists in the province in 2021, the press union said.",
    "trend": "Drone attacks on power stations have doubled, officials warned.",
    "tally_perfect": "Since March 2022, Russian strikes have destroyed 300 hospitals, the health ministry said.",
    "wildfire": "A wildfire killed two firefighters and destroyed 30 homes near Canberra on Sunday.",
    "flood": "Floodwaters swept through the valley on Tuesday, killing five people, rescuers said.",
    "sport": "Their attack was toothless for an hour until Kane struck in the 90th minute.",
    "conditional": "If Russia attacks the plant again, the consequences will be grave, the agency warned.",
    "historical": "The old town was shelled for months in 1993, and the scars are still visible.",
    "blame": "Kyiv blamed Russian troops for the shelling of a maternity hospital in Kherson on Monday.",
    "blame_on": "Officials blamed the bombing of the bridge on Ukrainian saboteurs.",
    "accuse": "The ministry accused Moscow of shelling the border village overnight.",
    "dateline": "PARIS (AFP) - Gunmen attacked an army convoy in northern Mali on Monday, killing four soldiers.",
    "swap": "Russia and Ukraine swapped 90 prisoners of war on Friday, both sides said.",
    "exchange_noun": "Forty Ukrainian soldiers came home on Sunday in an exchange with Russia, officials said.",
    "deal": "The two sides signed a ceasefire agreement in Doha on Monday.",
    "agree": "Armenia and Azerbaijan agreed to exchange 30 detainees, the mediators said.",
    "entered": "Ukrainian soldiers entered the village of Klishchiivka on Sunday, the army said.",
    "toll": "The death toll from the missile strike on a market in Kostiantynivka rose to 17, officials said.",
    "toll_number": "The number of people killed in the drone strike on the bus station has risen to 9.",
    "views": "The two foreign ministers exchanged views on the crisis on Monday.",
    "letter": "The mayor signed a letter of protest to the regional council.",
}
PUBLISHED = "2023-09-05"


@pytest.fixture(scope="module")
def arts(ctx) -> dict[str, Article]:
    names = list(TEXTS)
    out = run_stages([new_article(read_text(TEXTS[n], published=PUBLISHED)) for n in names], ctx)
    assert all(isinstance(a, Article) for a in out)
    return dict(zip(names, out))


def _trig(a: Article, e) -> str:
    return a.text[e.trigger.start:e.trigger.end]


def test_events_classes_foiled_attack_kept_negated(arts):
    a = arts["foiled"]
    (e,) = [e for e in a.events if "attack" in _trig(a, e)]
    assert e.negated and e.status == "denied"
    assert any(a.text[c.start:c.end] == "foiled" for c in e.status_cues)


@pytest.mark.parametrize("name", ["averted_tally", "tally_year", "trend", "tally_perfect"])
def test_events_classes_tallies_are_no_single_event(arts, name):
    a = arts[name]
    assert a.events == [], [(_trig(a, e), e.type) for e in a.events]


@pytest.mark.parametrize("name", ["wildfire", "flood"])
def test_events_classes_natural_hazard_is_a_disaster(arts, name):
    a = arts[name]
    assert a.events
    assert {e.type for e in a.events} == {"NATURAL_DISASTER"}, [(_trig(a, e), e.type) for e in a.events]


@pytest.mark.parametrize("name", ["sport", "conditional", "historical", "views", "letter"])
def test_events_classes_no_event(arts, name):
    a = arts[name]
    assert a.events == [], [(_trig(a, e), e.type) for e in a.events]


@pytest.mark.parametrize("name,trigger,side", [("blame", "shelling", "russia"), ("blame_on", "bombing", "ukraine"),
                                               ("accuse", "shelling", "russia")])
def test_events_classes_blamed_party_is_the_actor(arts, name, trigger, side):
    a = arts[name]
    assert all(e.type != "ATTRIB" for e in a.events)
    (e,) = [e for e in a.events if _trig(a, e) == trigger]
    assert e.type in ("ART_MISS_ATTACK", "AIR_STRIKE", "ATTACK", "REM_EXPLOS")
    assert side in [x.side for x in e.actors]


def test_events_classes_dateline_not_across_countries(arts):
    a = arts["dateline"]
    (e,) = [e for e in a.events if _trig(a, e) == "attacked"]
    assert e.place is None or e.place.country != "FR"


@pytest.mark.parametrize("name", ["swap", "exchange_noun", "deal", "agree"])
def test_events_classes_agreements_found(arts, name):
    a = arts[name]
    assert [e.type for e in a.events] == ["AGREEMENT"], [(_trig(a, e), e.type) for e in a.events]


def test_events_classes_town_entered(arts):
    a = arts["entered"]
    (e,) = a.events
    assert _trig(a, e) == "entered"
    assert e.type in ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER")
    assert [x.side for x in e.actors] == ["ukraine"]


@pytest.mark.parametrize("name,value", [("toll", 17), ("toll_number", 9)])
def test_events_classes_raised_toll_counted(arts, name, value):
    a = arts[name]
    (e,) = a.events
    assert ("fatalities", value) in {(c.kind, c.value) for c in e.counts}


@pytest.mark.parametrize("text,want", [
    ("Troops were sent to help towns ravaged by bushfires that destroyed 200 homes.", "NATURAL_DISASTER"),
    ("The strike by 3,000 dock workers against the port operator entered its second week.", "PEACE_PROTEST"),
    ("Russian missiles struck a power plant, the union of energy workers said.", "ART_MISS_ATTACK"),
])
def test_events_classes_hazard_relative_and_labour_strike(ctx, text, want):
    (a,) = run_stages([new_article(read_text(text, published=PUBLISHED))], ctx)
    assert [e.type for e in a.events] == [want], [(_trig(a, e), e.type) for e in a.events]


def test_events_classes_noun_phrase_dates_its_event(ctx):
    text = "Putin on Sunday called the explosion that damaged the Kerch bridge on Saturday a terrorist act."
    (a,) = run_stages([new_article(read_text(text, published="2022-10-09"))], ctx)
    (e,) = a.events
    assert e.time is not None and e.time.value == "2022-10-08"


def test_events_classes_harm_clause_figures_belong_to_the_event(ctx):
    text = "A wildfire killed four people and destroyed 60 homes in the hills on Friday."
    (a,) = run_stages([new_article(read_text(text, published=PUBLISHED))], ctx)
    (e,) = a.events
    assert e.type == "NATURAL_DISASTER"
    assert ("fatalities", 4) in {(c.kind, c.value) for c in e.counts}


def test_events_classes_negated_event_takes_no_harm_figures(ctx):
    text = "Police say they prevented a bomb attack on the stadium, while gunmen killed 12 people in the north."
    (a,) = run_stages([new_article(read_text(text, published=PUBLISHED))], ctx)
    neg = [e for e in a.events if e.negated]
    assert neg and all(c.kind not in ("fatalities", "injured") for e in neg for c in e.counts)


@pytest.mark.parametrize("text", [
    "Police said 2021 saw 35 arson attacks on polling stations across the province.",
    "The army says it has repelled some 90 raids from the start of this year.",
])
def test_events_classes_year_tallies(ctx, text):
    (a,) = run_stages([new_article(read_text(text, published=PUBLISHED))], ctx)
    assert a.events == [], [(_trig(a, e), e.type) for e in a.events]
