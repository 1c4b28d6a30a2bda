"""Rule layer end to end on short team-written sentences: detection, type, value, anchoring."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.timex import extract
from newstrace.timex.engine import MAX_CHARS, NO_ANCHOR, parse_anchor

SAT = date(2022, 8, 27)  # a Saturday


def _one(text: str, anchor: date | None, needle: str):
    refs = extract(text, anchor)
    i = text.index(needle)
    hits = [r for r in refs if r.start <= i and i + len(needle) <= r.end]
    assert hits, f"{needle!r} not found in {[text[r.start:r.end] for r in refs]}"
    return hits[0]


@pytest.mark.parametrize(("text", "needle", "anchor", "type_", "value"), [
    ("Troops crossed the border on 24 February.", "24 February", date(2022, 4, 10), "date", "2022-02-24"),
    ("Talks will resume on September 3.", "September 3", SAT, "date", "2022-09-03"),
    ("Talks resumed on September 3.", "September 3", SAT, "date", "2021-09-03"),
    ("The decree was signed on 3/4/2022.", "3/4/2022", None, "date", "2022-03-04"),
    ("Elections were last held in 2019.", "2019", None, "date", "2019"),
    ("The bridge was hit on Thursday, the army said.", "Thursday", SAT, "date", "2022-08-25"),
    ("Ministers will meet on Thursday.", "Thursday", SAT, "date", "2022-09-01"),
    ("A convoy reached the city yesterday.", "yesterday", date(2022, 3, 1), "date", "2022-02-28"),
    ("A convoy reached the city yesterday.", "yesterday", date(2023, 1, 1), "date", "2022-12-31"),
    ("Shelling intensified last week.", "last week", date(2023, 1, 3), "date", "2022-W52"),
    ("Prices rose last month.", "last month", date(2023, 1, 15), "date", "2022-12"),
    ("The offensive stalled in late August.", "late August", SAT, "date", "2022-08"),
    ("The dam was breached six months ago.", "six months ago", SAT, "date", "2022-02"),
    ("Earlier this week the mayor resigned.", "Earlier this week", SAT, "date", "2022-W34"),
    ("Fighting has continued for three weeks.", "three weeks", None, "duration", "P3W"),
    ("The siege lasted six months.", "six months", None, "duration", "P6M"),
    ("Aid fell sharply over the past month.", "the past month", SAT, "duration", "P1M"),
    ("Days after the vote, protests began.", "Days", None, "duration", "PXD"),
    ("Inspectors visit every Monday.", "every Monday", None, "set", "XXXX-WXX-1"),
    ("Figures are published daily.", "daily", None, "set", "P1D"),
    ("The blast came at 9:40 p.m. on Friday.", "9:40 p.m. on Friday", SAT, "time", "2022-08-26T21:40"),
    ("Sirens sounded on Saturday night.", "Saturday night", SAT, "time", "2022-08-27TNI"),
    ("Turnout this year was low.", "this year", SAT, "date", "2022"),
    ("The plant closed in the 1990s.", "the 1990s", None, "date", "199"),
    ("Output fell in the third quarter.", "the third quarter", date(2022, 10, 20), "date", "2022-Q3"),
    ("The militia was founded in 1996. The following year it split.", "The following year", None, "date", "1997"),
    ("Nobody has left the town since March 2022.", "March 2022", None, "date", "2022-03"),
    ("It is the worst drought in a decade.", "a decade", None, "duration", "P10Y"),
    ("The station handled 4,000 evacuees a day.", "a day", None, "set", "P1D"),
    ("The shelling paused for a second, then resumed.", "a second", None, "duration", "PT1S"),
    ("Protests began in the second half of 2021.", "the second half of 2021", None, "date", "2021-H2"),
    ("The convoy left on Saturday, April 25.", "Saturday, April 25", date(1998, 4, 24), "date", "1998-04-25"),
    ("The offer is payable Dec. 15, the board said.", "Dec. 15", date(1989, 10, 31), "date", "1989-12-15"),
    ("By March the troops had withdrawn.", "March", date(2022, 10, 1), "date", "2022-03"),
    ("Veterans of the '80s war marched.", "the '80s", date(2022, 10, 1), "date", "198"),
    ("Shelling eased on Christmas Eve.", "Christmas Eve", date(2022, 5, 10), "date", "2021-12-24"),
    ("Talks will end by New Year's Eve.", "New Year's Eve", date(2022, 5, 10), "date", "2022-12-31"),
    ("Churches were shelled at Orthodox Easter.", "Orthodox Easter", date(2022, 5, 10), "date", "2022-04-24"),
    ("On Easter 2021 the town was quiet.", "Easter 2021", None, "date", "2021-04-04"),
    ("The ceasefire held until March 4.", "March 4", date(2022, 2, 20), "date", "2022-03-04"),
    ("Missiles struck on the night of 23-24 February.", "the night of 23-24 February", date(2024, 2, 22), "time",
     "2023-02-23TNI"),
    ("Talks ran on March 3-5, 2022.", "March 3-5, 2022", None, "date", "2022-03-03/2022-03-05"),
    ("The column moved on 5 March. At dawn it reached the river.", "dawn", SAT, "time", "2022-03-05TMO"),
    ("The attack came on May 3. Two days later, troops left.", "Two days later", SAT, "date", "2022-05-05"),
    ("Revenue for the year ended March 31 rose.", "the year", SAT, "duration", "P1Y"),
    ("The town fell on March 3. The previous Friday, shelling began.", "The previous Friday", SAT, "date",
     "2022-02-25"),
    ("Last Friday it rained.", "Last Friday", SAT, "date", "2022-08-26"),
    ("The convoy was hit on the 24th.", "the 24th", SAT, "date", "2022-08-24"),
    ("The convoy was hit on the 30th.", "the 30th", SAT, "date", "2022-07-30"),
    ("The strike on March 3 was followed by another on the 5th.", "the 5th", SAT, "date", "2022-03-05"),
    ("Revenue for the year rose.", "the year", SAT, "date", "2022"),
])
def test_timex_engine_detects_and_normalises(text, needle, anchor, type_, value):
    r = _one(text, anchor, needle)
    assert (r.type, r.value, r.resolved) == (type_, value, True)


@pytest.mark.parametrize(("text", "needle"), [
    ("Troops crossed the border on 24 February.", "24 February"),
    ("The bridge was hit on Thursday.", "Thursday"),
    ("The offensive stalled in late August.", "late August"),
    ("Shelling intensified last week.", "last week"),
    ("The blast came at 9:40 p.m.", "9:40 p.m."),
    ("The following year it split.", "The following year"),
])
def test_timex_engine_unresolved_without_anchor(text, needle):
    r = _one(text, None, needle)
    assert not r.resolved and r.value is None and r.reason and r.anchor is None


@pytest.mark.parametrize(("text", "needle", "start", "end", "gran"), [
    ("The offensive stalled in late August.", "late August", "2022-08-21", "2022-08-31", "month"),
    ("It happened in mid-2021.", "mid-2021", "2021-05-01", "2021-08-31", "year"),
    ("Shelling intensified last week.", "last week", "2022-08-15", "2022-08-21", "week"),
    ("Aid fell over the past two weeks.", "the past two weeks", "2022-08-13", "2022-08-27", None),
])
def test_timex_engine_ranges(text, needle, start, end, gran):
    r = _one(text, SAT, needle)
    assert (r.range_start, r.range_end, r.granularity) == (start, end, gran)


@pytest.mark.parametrize("text", [
    "May I ask a question?",
    "The march began at the station.",
    "Olena Marchuk, 54, fled with 300 others.",
    "He paid $2019 for 1,995 rounds; 2000 people gathered.",
    "Sun Microsystems and Wed Holdings merged.",
    "The morning briefing was cancelled.",
    "A second strike hit the depot.",
    "Arrests began on the first day of the invasion.",
])
def test_timex_engine_no_false_times(text):
    assert [text[r.start:r.end] for r in extract(text, SAT)] == []


@pytest.mark.parametrize("text", [
    "9" * 50_000,
    "on " * 40_000,
    "the past " * 20_000 + "months",
    "January " * 30_000,
    "\u200b\n\t" * 10_000 + "24 February",
    "a" + " " * 60_000 + "xyz",
    "the past " + "\n " * 30_000 + "months",
])
def test_timex_engine_hostile_input_bounded(text):
    refs = extract(text, SAT)
    assert all(0 <= r.start < r.end <= min(len(text), MAX_CHARS) for r in refs)


@pytest.mark.parametrize(("text", "needle", "value"), [
    ("On Monday the shelling started. At 11:40 a missile hit the school.", "11:40", "2022-08-22T11:40"),
    # a report names the day once, then gives the times in later paragraphs (past tense)
    ("On Monday the shelling started.\n\nAt 11:40 a missile hit the school.", "11:40", "2022-08-22T11:40"),
    # what is still to come happens on the publication day unless its own paragraph names a day
    ("On Monday the shelling started.\n\nAt 11:40 the council will meet again.", "11:40", "2022-08-27T11:40"),
    ("A missile hit the school at 11:40.", "11:40", "2022-08-27T11:40"),
])
def test_timex_engine_clock_time_takes_the_day_named_before_it(text, needle, value):
    assert _one(text, SAT, needle).value == value


@pytest.mark.parametrize(("text", "needle", "mod"), [
    ("The talks began around Nov. 1.", "around Nov. 1", "APPROX"),
    ("They talked about March 3.", "March 3", None),
])
def test_timex_engine_approximate_points(text, needle, mod):
    r = _one(text, SAT, needle)
    assert text[r.start:r.end] == needle and r.mod == mod


@pytest.mark.parametrize(("text", "value"), [
    ("Orders dated 3/4/2022 were signed.", "2022-03-04"),
    ("Orders dated 24/2/2022 and 3/4/2022 were signed.", "2022-04-03"),
    ("Orders dated 2/24/2022 and 3/4/2022 were signed.", "2022-03-04"),
])
def test_timex_engine_numeric_dates_follow_the_article_order(text, value):
    assert _one(text, None, "3/4/2022").value == value


@pytest.mark.parametrize(("text", "english", "found"), [
    ("Die Truppen kamen am 3/4/2022 und blieben bis 2023.", False, ["3/4/2022", "2023"]),
    ("Les troupes sont venues en mai, now et today.", False, []),
    ("The troops came in May and left today.", True, ["May", "today"]),
])
def test_timex_engine_other_languages_digits_only(text, english, found):
    assert [text[r.start:r.end] for r in extract(text, SAT, english=english)] == found


@pytest.mark.parametrize(("published", "anchor"), [
    ("2022-04-10", date(2022, 4, 10)), ("2022-04-10T23:30:00+02:00", date(2022, 4, 10)),
    ("2022-04-10T08:00:00Z", date(2022, 4, 10)), (None, None), ("", None), ("April 2022", None),
    ("2022-13-40", None), ("9999-12-31", None), ("0001-01-01", None),
])
def test_timex_engine_parse_anchor(published, anchor):
    assert parse_anchor(published) == anchor


@pytest.mark.parametrize("anchor", [None, SAT])
def test_timex_engine_reason_names_the_anchor(anchor):
    r = _one("They met on Friday.", anchor, "Friday")
    if anchor is None:
        assert r.reason == NO_ANCHOR
    else:
        assert r.anchor == "2022-08-27" and r.reason is None


_WORDS = st.sampled_from([
    "on", "the", "last", "next", "this", "past", "early", "late", "mid-", "Thursday", "Sunday", "May", "March",
    "February", "24", "31", "29", "1999", "2022", "9999", "0000", "'80s", "3/4/2022", "13/13/2022", "2022-02-30",
    "days", "week", "months", "year", "ago", "later", "earlier", "yesterday", "tonight", "at", "9:40", "p.m.",
    "noon", "every", "a", "six", "twenty-four", "quarter", "third", "half", "of", "that", "following", "Easter",
    "Christmas", "now", "for", "until", "payable", "will", "said", ",", ".", "\n\n", "-", "century", "21st",
])
_VALUE = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}"
    r"|\d{2,4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}(?:-WE)?|Q\d|H\d|SP|SU|FA|WI))?(?:T[\w:]+)?|P[\w.]+|PT[\w.]+"
    r"|XXXX-[\w-]+|XXXX-XX-XXT\d\d(?::\d\d)?|TXX\w+|(?:PRESENT|PAST|FUTURE)_REF)$")


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORDS, max_size=40), year=st.integers(1, 9999), month=st.integers(1, 12), day=st.integers(1, 28))
def test_timex_engine_property_well_formed(words, year, month, day):
    text = " ".join(words)
    for r in extract(text, date(year, month, day)):
        assert 0 <= r.start < r.end <= len(text)
        assert r.resolved == (r.value is not None)
        assert r.value is None or _VALUE.match(r.value), r.value
        assert (r.range_start is None) == (r.range_end is None)
        assert r.range_start is None or r.range_start <= r.range_end


@pytest.mark.parametrize(("text", "needle", "anchor", "value"), [
    # two named days joined as a range are one interval, read by tense like each day alone
    ("Voting in the election will take place from Friday to Sunday.", "Friday to Sunday", date(2024, 3, 13),
     "2024-03-15/2024-03-17"),
    ("Fighting raged from Monday to Wednesday, officials said.", "Monday to Wednesday", date(2024, 3, 13),
     "2024-03-11/2024-03-13"),
    ("The talks were held between Monday and Wednesday.", "Monday and Wednesday", date(2024, 3, 15),
     "2024-03-11/2024-03-13"),
    # an end read before its start on its own ("will run" looks ahead from a Wednesday) is a week later
    ("The exercise will run from Tuesday to Monday.", "Tuesday to Monday", date(2024, 3, 13),
     "2024-03-19/2024-03-25"),
])
def test_timex_engine_day_ranges(text, needle, anchor, value):
    r = _one(text, anchor, needle)
    assert (text[r.start:r.end], r.value, r.range_start, r.range_end) == (needle, value, *value.split("/"))


@pytest.mark.parametrize("text", [
    "Ukraine lost a brigade on Monday and Russia lost one on Tuesday.",  # "and" joins a range only after "between"
    "He arrived on Monday to Friday's surprise.",  # not a day: no range
])
def test_timex_engine_days_not_joined(text):
    refs = extract(text, date(2024, 3, 13))
    assert all("/" not in (r.value or "") for r in refs)


@pytest.mark.parametrize(("text", "needle", "anchor", "value"), [
    ("He has made the run more than 300 times since spring.", "spring", date(2024, 8, 24), "2024-SP"),
    ("The offensive is expected to stall by winter.", "winter", date(2024, 8, 24), "2024-WI"),
    ("The plant was shut in winter, officials said.", "winter", date(2024, 8, 24), "2023-WI"),
    ("Since autumn the front has barely moved.", "autumn", date(2024, 3, 2), "2023-FA"),
])
def test_timex_engine_bare_season_after_a_preposition(text, needle, anchor, value):
    assert _one(text, anchor, needle).value == value


@pytest.mark.parametrize("text", ["The Arab Spring began in Tunisia.", "A spring offensive was expected."])
def test_timex_engine_bare_season_needs_a_preposition(text):
    refs = extract(text, date(2024, 8, 24))
    assert not [r for r in refs if "spring" in text[r.start:r.end].lower()]


@pytest.mark.parametrize(("text", "needle", "value"), [
    # a live blog: the day still to come in an earlier entry does not hold for a past event below
    ("Talks will open in Geneva on Thursday, diplomats said.\n\nIn Zaporizhzhia, a shell hit the roof of a school "
     "at 3am, but no one was hurt.", "3am", "2022-09-10T03"),
    # a live blog's entry stamp on its own line opens a new entry
    ("Troops entered Balakliia on Thursday.\n\n09:05 GMT\n\nA shell hit a school at 3am, the mayor said.",
     "3am", "2022-09-10T03"),
    # the day named before it (in the past) still holds
    ("Russian forces struck the town on Thursday.\n\nThe missile hit the building at 3am.", "3am", "2022-09-08T03"),
])
def test_timex_engine_clock_time_day(text, needle, value):
    assert _one(text, date(2022, 9, 10), needle).value == value


def test_timex_engine_part_of_day_before_that():
    r = _one("The ministry said in the morning that debris had been found.", date(2024, 2, 12), "the morning")
    assert r.value == "2024-02-12TMO"


@pytest.mark.parametrize("text", [
    "Troops crossed the border on 24 February.\n\nTwo days later, at 3am, the mayor spoke.\n\nThe offensive "
    "stalled last week; talks will resume next month, and a vote is set for May 5.",
    # a character that lower-cases to two ("İ") makes the gates read the text as it is
    "İstanbul talks opened on Monday.\n\nThey will resume in three weeks, on Christmas Eve.",
    "Shelling intensified overnight.\n\n\n\nSince spring the front has barely moved.\n\nNo dates here at all.",
])
def test_timex_engine_paragraph_gates_find_what_a_full_scan_finds(text, monkeypatch):
    """The rules run only in paragraphs holding their gate word: the same expressions as running every rule
    over the whole text (the gates are necessary conditions)."""
    from newstrace.timex import engine

    gated = [(r.start, r.end, r.type, r.value) for r in extract(text, SAT)]
    monkeypatch.setattr(engine, "_scan_ranges", lambda t, gate, bounds: [(0, len(t))])
    full = [(r.start, r.end, r.type, r.value) for r in extract(text, SAT)]
    assert gated == full and gated


@pytest.mark.parametrize(("text", "needle", "value"), [
    # the week of an event is placed by the event (the time talked about last), not by publication
    ("The deal collapsed in late July. Wheat prices rose by 9 percent in the week after the deal collapsed.",
     "the week", "2023-07"),
    ("Prices rose in the week after the deal collapsed.", "the week", None),
    ("Shelling intensified during the week, officials said.", "the week", "2023-W33"),
])
def test_timex_engine_the_week_of_an_event(text, needle, value):
    assert _one(text, date(2023, 8, 20), needle).value == value


def test_timex_engine_past_weekday_range_stays_before_publication():
    # published on a Monday: the Monday of a past Monday-to-Wednesday is the week before, never after publication
    r = _one("Fighting raged from Monday to Wednesday, officials said.", date(2024, 3, 11), "Monday to Wednesday")
    assert (r.range_start, r.range_end) == ("2024-03-04", "2024-03-06")


def test_timex_engine_time_of_day_on_any_weekday_is_a_set():
    refs = extract("Before dawn on a Saturday in Odesa, she is already kneading dough.", date(2023, 8, 20))
    assert [r.type for r in refs] == ["set", "set"]
