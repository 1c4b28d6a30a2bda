"""Amounts stage: normalised values, qualifiers, units, what is counted, attribution, and what is skipped."""

from __future__ import annotations

import pytest

from newstrace.model import Article
from newstrace.pipeline import STAGES, new_article, run_stages
from newstrace.readers import read_text
from newstrace.stages import claims as claims_stage
from newstrace.stages.amounts import parse_number

UNTIL_CLAIMS = STAGES[: STAGES.index(claims_stage) + 1]
HEADLINE = "Newsroom report\n\n"


def analyse(ctx, text: str) -> Article:
    (a,) = run_stages([new_article(read_text(HEADLINE + text))], ctx, stages=UNTIL_CLAIMS)
    return a


@pytest.mark.parametrize("s, value, low, high, unit", [
    ("1,000", 1000, None, None, None),
    ("2.4 billion", 2.4e9, None, None, None),
    ("$3m", 3e6, None, None, "dollars"),
    ("twenty-five", 25, None, None, None),
    ("two hundred", 200, None, None, None),
    ("dozens", None, 24, 99, None),
    ("hundreds", None, 200, 999, None),
    ("tens of thousands", None, 20_000, 99_999, None),
])
def test_stages_amounts_parse_number(s, value, low, high, unit):
    assert parse_number(s) == (value, low, high, unit)


@pytest.mark.parametrize("text, surface, value, low, high, qualifier, unit, counted", [
    ("Police said at least 50 civilians reported dead after the blast in the square.",
     "at least 50", 50, 50, None, "at_least", None, "civilians reported dead"),
    ("There were more than 1,200 arrests at the protests in the capital.",
     "more than 1,200", 1200, 1200, None, "over", None, "arrests"),
    ("The army said it had retaken 1,000 square kilometers of territory this week.",
     "1,000 square kilometers", 1000, None, None, None, "square kilometers", "square kilometers"),
    ("Troops advanced from two to tens of kilometers in places, the general said.",
     "from two to tens", None, 2, 99, None, "kilometers", "kilometers"),
    ("Dozens of residents gathered outside the town hall on Sunday.",
     "Dozens", None, 24, 99, None, None, "residents"),
    ("Up to 40 buildings were damaged in the strike on the harbour.",
     "Up to 40", 40, None, 40, "up_to", None, "buildings"),
    ("The overrun was about 5 percent of the budget, the auditor found.",
     "about 5 percent", 5, None, None, "about", "percent", "percent"),
])
def test_stages_amounts_values_and_qualifiers(ctx, text, surface, value, low, high, qualifier, unit, counted):
    a = analyse(ctx, text)
    (x,) = [x for x in a.amounts if a.text[x.start : x.end] == surface]
    assert (x.value, x.low, x.high, x.qualifier, x.unit, x.counted) == (value, low, high, qualifier, unit, counted)
    assert x.counted_span is not None and a.text[x.counted_span.start : x.counted_span.end] == counted
    assert x.sentence is not None and x.sentence.start <= x.start < x.end <= x.sentence.end


@pytest.mark.parametrize("text, skipped", [
    ("The war began on 24 February 2022 and has lasted for six months.", ["24", "2022", "six"]),
    ("A 26-year-old volunteer from Lviv was wounded in the shelling.", ["26"]),
    ("Mr Keller, 52, first raised the issue with the ministry in 2019.", ["52", "2019"]),
    ("The meeting started at 9:30 and was the first of its kind this year.", ["9", "30"]),
    ("One resident, who did not give her name, watched from the balcony.", ["One"]),
])
def test_stages_amounts_skips_dates_ages_and_times(ctx, text, skipped):
    """Decision: dates, years, durations, times, ages and a bare 'one' are not numeric claims."""
    a = analyse(ctx, text)
    found = [a.text[x.start : x.end] for x in a.amounts]
    for s in skipped:
        assert not [f for f in found if s in f.split()], found


@pytest.mark.parametrize("text, who", [
    ("The ministry said that 14 civilians were killed in the overnight strikes on the port.", "ministry"),
])
def test_stages_amounts_attribution_from_quote(ctx, text, who):
    a = analyse(ctx, text)
    (x,) = [x for x in a.amounts if x.value == 14]
    assert who in (x.attributed_to or "").lower()


@pytest.mark.parametrize("text", ["Around 300 people were evacuated from the village on Monday."])
def test_stages_amounts_outlet_voice_unattributed(ctx, text):
    a = analyse(ctx, text)
    (x,) = a.amounts
    assert x.attributed_to is None and x.qualifier == "about"
