"""Time expressions read in context (issue 10): named days, reporting days, headline weekdays, clock ranges,
"soon" as a conjunction, sport seasons, windows, spun copies. Team-written sentences."""

from __future__ import annotations

from datetime import date

import pytest

from newstrace.timex import extract

WED = date(2024, 11, 20)  # a Wednesday, nine days before Black Friday 2024 (29 November)


def _found(text: str, anchor: date | None) -> dict[str, tuple[str, str | None]]:
    return {text[r.start: r.end]: (r.type, r.value) for r in extract(text, anchor)}


@pytest.mark.parametrize(("text", "needle", "value"), [
    # a named day is that day, never the weekday nearest publication
    ("Shoppers queued outside the mall on Black Friday.", "Black Friday", "2023-11-24"),
    ("Retailers expect record sales this Black Friday.", "Black Friday", "2024-11-29"),
    ("Online sales will peak on Cyber Monday.", "Cyber Monday", "2024-12-02"),
    ("Families gathered on Thanksgiving, the governor said.", "Thanksgiving", "2023-11-23"),
    ("Lent began on Ash Wednesday.", "Ash Wednesday", "2024-02-14"),
    ("Sales were weak last Christmas.", "Christmas", "2023-12-25"),
    ("The market will reopen next Christmas.", "Christmas", "2024-12-25"),
])
def test_timex_named_days_resolve_to_their_date(text, needle, value):
    assert _found(text, WED)[needle] == ("date", value)


@pytest.mark.parametrize("text", [
    "The Bloody Sunday inquiry reported its findings.",
    "Candidates campaigned hard before Super Tuesday.",
    "Markets crashed on Black Monday in 1987.",
])
def test_timex_names_of_days_are_not_weekdays(text):
    assert not [v for t, v in _found(text, WED).values() if v and v.startswith("2024")]


@pytest.mark.parametrize("text", [
    "A thanksgiving service was held in the cathedral.",
])
def test_timex_named_days_need_their_capitals(text):
    assert _found(text, WED) == {}


def test_timex_clock_time_takes_the_event_day_not_the_reporting_day():
    text = ("A missile struck a cargo ship in the port late on Wednesday, killing four people, officials said on "
            "Thursday. The governor said the missile hit the ship at around 22:15 local time.")
    found = _found(text, date(2024, 9, 12))
    assert found["around 22:15 local time"] == ("time", "2024-09-11T22:15")
    assert found["Thursday"] == ("date", "2024-09-12")


def test_timex_reporting_day_alone_still_dates_the_clock_time():
    text = "Officials said on Tuesday that a drone hit the depot at 03:40."
    assert _found(text, date(2024, 9, 12))["03:40"] == ("time", "2024-09-10T03:40")


def test_timex_headline_weekday_takes_the_body_reading():
    text = ("Talks with US envoys in Riyadh on Monday\n"
            "The president says both delegations will meet in Riyadh on Monday, after a call with the envoy.")
    values = [r.value for r in extract(text, date(2025, 3, 7)) if text[r.start: r.end] == "Monday"]
    assert values == ["2025-03-10", "2025-03-10"]


def test_timex_sentence_weekday_keeps_its_own_tense():
    text = "Drones hit the depot on Monday. Engineers will return on Monday to repair it."
    values = [r.value for r in extract(text, date(2025, 3, 7)) if text[r.start: r.end] == "Monday"]
    assert values == ["2025-03-03", "2025-03-10"]


@pytest.mark.parametrize(("text", "needle", "value"), [
    ("Power cuts were scheduled from 6pm until midnight.", "6pm until midnight", "2024-11-20T18/2024-11-20T24"),
    ("The curfew ran from 23:00 to 05:00 on Sunday.", "23:00 to 05:00", None),
    ("Shelling on Sunday lasted from 11:00 to 13:00.", "11:00 to 13:00", "2024-11-17T11:00/2024-11-17T13:00"),
])
def test_timex_clock_ranges_are_one_expression(text, needle, value):
    found = _found(text, WED)
    if value is None:
        assert needle not in found  # "05:00 on Sunday" joins its day first: two expressions
    else:
        assert found[needle] == ("time", value)


@pytest.mark.parametrize(("text", "needle"), [
    ("A shell landed shortly after 2am.", "shortly"),
    ("Crews will go in as soon as the drones leave.", "soon"),
    ("Soon after the blast, sirens sounded.", "Soon"),
])
def test_timex_soon_before_a_clause_or_time_is_no_reference(text, needle):
    assert needle not in _found(text, WED)


def test_timex_soon_alone_is_still_the_future():
    found = _found("The bridge will reopen soon, and aid will come as soon as possible.", WED)
    assert found["soon"] == ("date", "FUTURE_REF") and found["as soon as possible"] == ("date", "FUTURE_REF")


@pytest.mark.parametrize(("text", "needle", "value"), [
    ("Dynamo beat Zorya 4-0 in the same fixture last season.", "last season", "2023"),
    ("They hope to win the league this season.", "this season", "2024"),
])
def test_timex_sport_seasons_are_years(text, needle, value):
    assert _found(text, WED)[needle] == ("date", value)


def test_timex_the_season_alone_is_not_placed():
    assert "the season" not in _found("The sowing season starts late; the season was wet.", WED)


def test_timex_over_the_previous_day_is_a_window():
    found = _found("The governor said villages were shelled 40 times over the previous day.", WED)
    assert found["the previous day"] == ("duration", "P1D")
    narrative = _found("On Monday he left. The previous day he had arrived.", WED)
    assert narrative["The previous day"] == ("date", "2024-11-17")


@pytest.mark.parametrize(("text", "needle", "value"), [
    ("Putin said final week that grain would ship.", "final week", "2024-W46"),
    ("The coordinator is expected to visit subsequent month.", "subsequent month", "2024-12"),
    ("It was the fifth such incident this 12 months.", "this 12 months", "2024"),
    ("The corridor opened in August final 12 months.", "August final 12 months", "2023-08"),
])
def test_timex_spun_copies_time_words(text, needle, value):
    assert _found(text, WED)[needle] == ("date", value)


@pytest.mark.parametrize(("text", "absent"), [
    ("Talks collapsed in the final week of the campaign.", "final week"),
    ("Prices will rise over the next 12 months.", "next 12 months"),
])
def test_timex_ordinary_final_and_twelve_months_are_not_rewrites(text, absent):
    found = _found(text, WED)
    assert absent not in found or found[absent][0] == "duration"


# Weekdays and seasons by the parse (publication on Wednesday 20 November 2024).
PARSED = [
    # the present writes a schedule: the coming day
    ("Voting begins on Sunday and ends on Monday evening.", "Sunday", "2024-11-24"),
    ("Parliament votes on the bill on Thursday.", "Thursday", "2024-11-21"),
    ("The museum is closed on Monday for repairs.", "Monday", "2024-11-25"),
    # ... but a participle, a verb whose past is its present, a possessor or a headline is no schedule
    ("The stock slumped, closing unchanged Friday at $29 a share.", "Friday", "2024-11-15"),
    ("Drones hit the port on Sunday, the governor said.", "Sunday", "2024-11-17"),
    ("The ministry says 12 people are missing after Sunday's strike on the port.", "Sunday", "2024-11-17"),
    ("Russia strikes Kyiv power plant on Monday", "Monday", "2024-11-18"),
    ("Voters prepare ahead of Sunday's election.", "Sunday", "2024-11-24"),
    ("Zelensky told parliament on Tuesday that elections could be held in spring.", "spring", "2025-SP"),
    ("Dynamo came from behind to beat Zorya 2-1 in Kyiv on Sunday.", "Sunday", "2024-11-17"),
    ("Maria Zakharova said at a briefing in Moscow on Wednesday that talks were over.", "Wednesday", "2024-11-20"),
]


@pytest.mark.parametrize(("sentence", "expr", "want"), PARSED, ids=[c[0][:50] for c in PARSED])
def test_timex_context_weekday_tense_from_the_parse(nlp, sentence, expr, want):
    from newstrace.timex import engine

    tense = engine.doc_tense(nlp(sentence), engine.window_tense(sentence))
    refs = extract(sentence, WED, tense)
    i = sentence.index(expr)
    hit = [r for r in refs if r.start <= i and i + len(expr) <= r.end]
    assert hit and hit[0].value.startswith(want), [(sentence[r.start:r.end], r.value) for r in refs]


def test_timex_the_overnight_attack_is_a_night():
    found = _found("He called the overnight attack a cynical answer; the morning briefing was cancelled.", WED)
    assert found["overnight"] == ("time", "2024-11-20TNI") and "morning" not in found


def test_timex_a_race_time_is_no_time_of_day():
    assert _found("He finished the marathon in 2:05:41, a course record.", WED) == {}


@pytest.mark.parametrize(("text", "found"), [
    ('"May is the plan. We hope to finish by then."', {"May": ("date", "2025-05")}),
    ("May was the wettest month on record.", {"May": ("date", "2024-05")}),
    ("May I ask a question about the plan?", {}),
    ("Theresa May is the former prime minister.", {}),
])
def test_timex_a_month_as_the_subject(text, found):
    assert _found(text, WED) == found


@pytest.mark.parametrize(("text", "absent"), [
    ("Nelson scored 2:55 into overtime to win it.", "2:55"),
    ("Pulock scored in the final 4:29 of regulation.", "4:29"),
    ("Trump's polls could get into the high forties.", "forties"),
])
def test_timex_game_clocks_and_poll_numbers_are_no_times(text, absent):
    assert not [k for k in _found(text, WED) if absent in k]


def test_timex_straight_years_are_a_duration():
    assert _found("The stock was down for four straight years.", WED)["four straight years"] == ("duration", "P4Y")


def test_timex_a_parse_across_lines_decides_no_tense(nlp):
    from newstrace.timex import engine

    text = ("Islanders complete comeback to extend unbeaten streak to 15\n\nBrock Nelson's goal capped a comeback to "
            "lift the Islanders over the Penguins 5-4 Tuesday night to extend their streak.")
    tense = engine.doc_tense(nlp(text), engine.window_tense(text))
    (hit,) = [r for r in extract(text, WED, tense) if "Tuesday" in text[r.start: r.end]]
    assert hit.value.startswith("2024-11-19")


def test_timex_a_quoted_day_word_counts_from_the_reported_event():
    text = ('The hosts won 4-0 on Wednesday night in front of 38,000 fans.\n\n'
            '"We play for the soldiers," the captain told reporters after the match. "Tonight the whole country '
            'would have been dancing."\n\n'
            '"Today we mourn," the mayor said on Thursday.\n\n'
            '"Today we start again," the coach says.')
    values = [r.value for r in extract(text, date(2023, 10, 26)) if text[r.start: r.end] in ("Tonight", "Today")]
    assert values == ["2023-10-25TNI", "2023-10-26", "2023-10-26"]


@pytest.mark.parametrize(("text", "needle", "value"), [
    ("Talks will run from Monday to Wednesday in Geneva.", "Monday to Wednesday", "2024-11-25/2024-11-27"),
    ("Fighting raged between Monday and Wednesday around the town.", "Monday and Wednesday", "2024-11-18/2024-11-20"),
    ("The drills took place between 3 and 5 May near the border.", "3 and 5 May", "2024-05-03/2024-05-05"),
])
def test_timex_ranges_of_days(text, needle, value):
    assert _found(text, WED)[needle] == ("date", value)
