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
     "1,000 square kilometers", 1000, None, None, None, "square kilometers", "territory"),
    ("Troops advanced from two to tens of kilometers in places, the general said.",
     "from two to tens", None, 2, 99, None, "kilometers", "kilometers"),
    ("Dozens of residents gathered outside the town hall on Sunday.",
     "Dozens", None, 24, 99, None, None, "residents"),
    ("Up to 40 buildings were damaged in the strike on the harbour.",
     "Up to 40", 40, None, 40, "up_to", None, "buildings"),
    ("The overrun was about 5 percent of the budget, the auditor found.",
     "about 5 percent", 5, None, None, "about", "percent", "budget"),
])
def test_stages_amounts_values_and_qualifiers(ctx, text, surface, value, low, high, qualifier, unit, counted):
    a = analyse(ctx, text)
    (x,) = [x for x in a.amounts if a.text[x.start : x.end] == surface]
    assert (x.value, x.low, x.high, x.qualifier, x.unit, x.counted) == (value, low, high, qualifier, unit, counted)
    assert x.counted_span is not None and a.text[x.counted_span.start : x.counted_span.end] == counted
    assert x.sentence is not None and x.sentence.start <= x.start < x.end <= x.sentence.end


@pytest.mark.parametrize("text, skipped", [
    ("The war began on 24 February 2022 and has lasted for six months.", ["24", "2022"]),
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


@pytest.mark.parametrize("text, surface, value, unit", [
    ("The war began on 24 February 2022 and has lasted for six months.", "six months", 6, "months"),
    ("The team trained for three days in Warsaw before travelling to Germany.", "three days", 3, "days"),
    ("The missile stayed in Polish airspace for 39 seconds before flying back.", "39 seconds", 39, "seconds"),
])
def test_stages_amounts_durations_are_amounts_with_a_time_unit(ctx, text, surface, value, unit):
    """Decision (team gold set): a duration is an amount ("for three days"); a date or a time of day is not."""
    a = analyse(ctx, text)
    (x,) = [x for x in a.amounts if a.text[x.start : x.end] == surface]
    assert (x.value, x.unit) == (value, unit)


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


# Realistic sentences written by the team: value, unit, what is counted (head noun phrase) and qualifier.
@pytest.mark.parametrize("text, surface, value, qualifier, unit, counted", [
    ("Satellite images appear to show at least three burnt-out Leopard 2 tanks abandoned in a field.",
     "at least three", 3, "at_least", None, "tanks"),
    ("The convoy included two US-made Bradley vehicles and a fuel truck, the brigade said.",
     "two", 2, None, None, "Bradley vehicles"),
    ("Zelensky said Ukraine needed at least seven more Patriot batteries to protect its cities.",
     "at least seven", 7, "at_least", None, "Patriot batteries"),
    ("The governor said no less than 12 civilians were killed in the overnight shelling of the town.",
     "no less than 12", 12, "at_least", None, "civilians"),
    ("The fire destroyed greater than 50,000 books stored in the warehouse, the director said.",
     "greater than 50,000", 50000, "over", None, "books"),
    ("The city, with a pre-war population of about 1.4 million, lies close to the border.",
     "about 1.4 million", 1.4e6, "about", None, "population"),
    ("Engineers have laid a new 100-kilometre pipeline from the river to the city.",
     "100-kilometre", 100, None, "kilometres", "pipeline"),
    ("She carries two five-litre bottles up the stairs of her building every morning.",
     "two", 2, None, None, "bottles"),
    ("The Pentagon announced $800 million in military aid for the army on Thursday.",
     "$800 million", 8e8, None, "dollars", "aid"),
    ("Officials said that nearly two dozen drones were shot down over the region overnight.",
     "nearly two dozen", 24, "about", None, "drones"),
    ("About 2,000 of the plant's 11,000 pre-war staff remain at their posts, the operator said.",
     "About 2,000", 2000, "about", None, "staff"),
    ("Global wheat prices rose by about 9 percent in the week after the deal collapsed.",
     "about 9 percent", 9, "about", "percent", "prices"),
    ("The bombs struck a printing house, killing at least seven people and wounding 21, police said.",
     "21", 21, None, None, "people"),
    ("The town lies about 30 km from the front line, the regional governor said.",
     "about 30 km", 30, "about", "kilometres", None),
    ("Russia launched 29 cruise missiles and 28 Shahed-136 drones at Ukraine overnight, the air force said.",
     "28", 28, None, None, "drones"),
    ("The minister said exports through the Danube ports had risen by 40 percent since June.",
     "40 percent", 40, None, "percent", "exports"),
    ("The commissioner wrote that 207 of our people were coming home after the exchange.",
     "207", 207, None, None, "people"),
    ("The new shelter cost 98 million hryvnias and was built in nine months, the mayor said.",
     "98 million hryvnias", 98e6, None, "hryvnias", "shelter"),
    ("A rebel coalition said it had killed 47 soldiers and 84 \"Wagner mercenaries\" near the border.",
     "84", 84, None, None, "Wagner mercenaries"),
])
def test_stages_amounts_counted_head_and_qualifier(ctx, text, surface, value, qualifier, unit, counted):
    a = analyse(ctx, text)
    found = [x for x in a.amounts if a.text[x.start : x.end] == surface]
    assert found, [a.text[x.start : x.end] for x in a.amounts]
    x = found[0]
    assert (x.value, x.qualifier, x.unit) == (value, qualifier, unit)
    if counted is not None:
        assert x.counted == counted
        assert a.text[x.counted_span.start : x.counted_span.end] == counted


@pytest.mark.parametrize("text, not_amounts", [
    # scores and results
    ("Shakhtar beat Dynamo 4-0 in Lviv, and Zorya won 2-1 away in the league.", ["4-0", "2-1", "4", "0"]),
    ("The team led 2-0 at half-time before losing 3-2 to the visitors.", ["2-0", "3-2"]),
    ("The Security Council resolution passed 13-0 with two abstentions.", ["13-0"]),
    # ratings
    ("Ratings site SportsData gave him an 8.4, the highest of the weekend.", ["8.4"]),
    ("The win lifts Dynamo to 26 points from 10 games, two points behind the leaders.", ["26", "10", "two"]),
    ("Critics rated the documentary 4 out of 5 after its premiere in the capital.", ["4", "5"]),
    # times of day
    ("Sirens sounded at 10am and again at 3.30pm, and play resumed at 19:42 local time.", ["10", "3.30", "3", "42", "19"]),
    ("The convoy left the city at 22.30 on Friday, a witness said.", ["22.30", "22"]),
    # ages
    ("A 34-year-old driver and a woman aged 71 were among the wounded in the strike.", ["34", "71"]),
    ("The pilot, 29, ejected from his jet before it crashed near the village.", ["29"]),
    # model numbers and labels
    ("Ukraine received M142 HIMARS launchers, T-72 tanks and Su-25 jets from its partners.", ["142", "72", "25"]),
    ("The Leopard 2 tanks arrived by rail, alongside Challenger 2 tanks from Britain.", ["2"]),
    ("Residents queue for water outside School No. 22 every morning before work.", ["22"]),
    # years
    ("The region has been occupied since 2014, and the dam was destroyed in 2023.", ["2014", "2023"]),
    # an age at the end of a sentence, people or things named before
    ("\"We stay,\" said a trader who gave his name as Moussa, 52.", ["52"]),
    ("Putin has said cooperation between the two countries is not directed against anyone.", ["two"]),
])
def test_stages_amounts_not_quantities_of_events(ctx, text, not_amounts):
    """Decision (issue 10): scores, results, ratings, times of day, ages, model numbers and years are not amounts."""
    a = analyse(ctx, text)
    found = [a.text[x.start : x.end] for x in a.amounts]
    for s in not_amounts:
        assert not [f for f in found if s == f or s in f.split()], found
    for x in a.amounts:
        assert a.text[x.start : x.end].strip()


@pytest.mark.parametrize("text, value", [
    ("Tuition help\n\nThe four-year number, $25,000, that equals a quarter of the total cost.", 25000.0),
])
def test_amounts_currency_in_apposition_is_not_an_age(text, value):
    import newstrace

    a = newstrace.analyze(text, published="2016-09-24")
    assert [x.value for x in a.amounts] == [value]


@pytest.mark.parametrize("text, surface, counted", [
    ("One woman, aged 67, was killed in the village of Malokaterynivka, he said.", "One", "woman"),
    ("One man was wounded when the drone hit the bus stop.", "One", "man"),
    ("One civilian has been killed and two injured in the shelling.", "One", "civilian"),
])
def test_stages_amounts_one_casualty_is_a_count(ctx, text, surface, counted):
    """A lone victim is a casualty count, though a bare "one" is usually not a number ("one actress")."""
    a = analyse(ctx, text)
    x = next(x for x in a.amounts if a.text[x.start : x.end] == surface)
    assert (x.value, x.counted) == (1.0, counted)


@pytest.mark.parametrize("text", [
    "One actress said the play would go on.",
    "One of them said he was killed by mistake, but the claim was denied.",
])
def test_stages_amounts_bare_one_without_a_casualty(ctx, text):
    a = analyse(ctx, text)
    assert not [x for x in a.amounts if a.text[x.start : x.end].lower() == "one"]


@pytest.mark.parametrize("text, surface, value, unit, counted", [
    ("Prices for bread rose by 12% in March, traders said.", "12%", 12.0, "percent", "Prices"),
    ("The EU approved a 50-billion-euro support package for Ukraine on Thursday.", "50-billion-euro", 5e10, "euros",
     "support package"),
    ("Officials said a 60-billion-dollar aid bill was stuck in Congress.", "60-billion-dollar", 6e10, "dollars", "aid bill"),
    # "from" and "between" belong to a range only
    ("Some 1,200 residents were evacuated from 15 villages near the border.", "15", 15.0, None, "villages"),
])
def test_stages_amounts_units_scales_and_spans(ctx, text, surface, value, unit, counted):
    a = analyse(ctx, text)
    x = next(x for x in a.amounts if a.text[x.start : x.end] == surface)
    assert (x.value, x.unit, x.counted) == (value, unit, counted)


@pytest.mark.parametrize("text", [
    "Two-thirds of the village was destroyed in the shelling.",
    "Officials said one third of the power grid was damaged.",
])
def test_stages_amounts_fractions_are_shares_not_counts(ctx, text):
    a = analyse(ctx, text)
    assert not [x for x in a.amounts if a.text[x.start : x.end].lower() in ("two", "one")]


@pytest.mark.parametrize("text, surface, counted", [
    ("The death toll rose to 51, with 8 children among the dead.", "51", "death toll"),
    ("The toll from Saturday's strike on Dnipro rose to 46, officials said.", "46", "toll"),
])
def test_stages_amounts_level_reached_counts_its_subject(ctx, text, surface, counted):
    a = analyse(ctx, text)
    x = next(x for x in a.amounts if a.text[x.start : x.end] == surface)
    assert x.counted == counted and a.text[x.counted_span.start : x.counted_span.end] == counted


@pytest.mark.parametrize("text, surface, counted", [
    ("He won 87.3 per cent of the vote, the commission said, with turnout at 77.4 per cent.", "77.4 per cent", "turnout"),
    ("Inflation stood at 12 percent in March, the central bank said.", "12 percent", "Inflation"),
])
def test_stages_amounts_share_counts_the_noun_it_measures(ctx, text, surface, counted):
    a = analyse(ctx, text)
    x = next(x for x in a.amounts if a.text[x.start : x.end] == surface)
    assert x.counted == counted


@pytest.mark.parametrize("text, surface, counted", [
    ("Kharkiv lies about 30 km (19 miles) from the Russian border.", "about 30 km", "from the Russian border"),
    ("The shelter is six metres below a playground that can hold 800 pupils.", "six metres", "below a playground"),
    ("The village lies 12 miles north of Kupiansk and was shelled on Monday.", "12 miles", "north of Kupiansk"),
    ("Troops advanced 2 km in the past day.", "2 km", "km"),  # no place: the unit stands for what is measured
])
def test_stages_amounts_distance_counts_the_way_to_a_place(ctx, text, surface, counted):
    a = analyse(ctx, text)
    x = next(x for x in a.amounts if a.text[x.start : x.end] == surface)
    assert x.counted == counted and a.text[x.counted_span.start : x.counted_span.end] == counted


@pytest.mark.parametrize("text, surface, counted", [
    # a casualty number after a weapons count counts the casualties, not the weapons
    ("Russia fired 11 Iskander missiles at the city on Tuesday, killing 14.", "14", "killing"),
    # after a count of people it counts them ("killing seven people and wounding 21")
    ("The strike killed seven people and injured 21, officials said.", "21", "people"),
    # a tally's level counts what the tally counts
    ("The number of displaced people has surpassed 3.7 million.", "3.7 million", "displaced people"),
])
def test_stages_amounts_casualty_and_tally_counted(ctx, text, surface, counted):
    a = analyse(ctx, text)
    x = next(x for x in a.amounts if a.text[x.start : x.end] == surface)
    assert x.counted == counted and a.text[x.counted_span.start : x.counted_span.end] == counted


@pytest.mark.parametrize("text, surface, value, low, high, qualifier", [
    ("Up to a million people could be left without heating this winter.", "Up to a million", 1e6, None, 1e6, "up_to"),
    ("Half a million residents fled the city in a week.", "Half a million", 5e5, None, None, None),
    ("A dozen houses were damaged in the village.", "A dozen", 12, None, None, None),
])
def test_stages_amounts_numbers_written_with_an_article(ctx, text, surface, value, low, high, qualifier):
    a = analyse(ctx, text)
    x = next(x for x in a.amounts if a.text[x.start : x.end] == surface)
    assert (x.value, x.low, x.high, x.qualifier) == (value, low, high, qualifier)
