"""Dates without a year and weekdays, resolved by the tense of the governing verb (spaCy parse).

Sentences written by the team. The publication date is late in the year, so a month still to
come falls next year and a month already past falls this year: a wrong tense shows as a wrong year.
"""

from __future__ import annotations

from datetime import date

import pytest

from newstrace.timex import engine

PUBLISHED = "2022-11-20"  # a Sunday

CASES = [
    # what will happen: this year's or next occurrence after publication
    ("Leaders are expected to gather for a summit in September.", "September", "2023-09"),
    ("The defence ministers will meet again in September to review the deliveries.", "September", "2023-09"),
    ("Zelensky said the talks would resume in September.", "September", "2023-09"),
    ("A meeting in September is planned to finalise the package.", "September", "2023-09"),
    ("The next round of talks is in September.", "September", "2023-09"),
    ("Officials hope to sign the agreement by September.", "September", "2023-09"),
    ("The elections scheduled for March could be postponed.", "March", "2023-03"),
    ("Parliament is due to vote on the budget in January.", "January", "2023-01"),
    ("Ukraine will receive the first tanks on March 3.", "March 3", "2023-03-03"),
    ("The first shipment is expected in early January.", "early January", "2023-01"),
    ("Talks on Thursday will focus on grain exports.", "Thursday", "2022-11-24"),
    # what happened: the last occurrence before publication
    ("The company bought the drones in late February, officials said.", "late February", "2022-02"),
    ("The purchase in late February is under investigation.", "late February", "2022-02"),
    ("The drones, bought in late February, are now at the front.", "late February", "2022-02"),
    ("The contract signed in February covers 20 launchers.", "February", "2022-02"),
    ("Prices have risen sharply since February.", "February", "2022-02"),
    ("The offensive that began in September has retaken Kharkiv region.", "September", "2022-09"),
    ("The referendum on September 23 was condemned as a sham.", "September 23", "2022-09-23"),
    ("A ceasefire would have been possible in April, he said.", "April", "2022-04"),
    ("Talks on Thursday ended without agreement.", "Thursday", "2022-11-17"),
    ("The strike on Thursday is being investigated by prosecutors.", "Thursday", "2022-11-17"),
]


@pytest.mark.parametrize(("sentence", "expr", "want"), CASES, ids=[c[0][:50] for c in CASES])
def test_timex_tense_resolves_year_by_governing_verb(nlp, sentence, expr, want):
    doc = nlp(sentence)
    tense = engine.doc_tense(doc, engine.window_tense(sentence))
    refs = engine.extract(sentence, engine.parse_anchor(PUBLISHED), tense)
    i = sentence.index(expr)
    hit = [r for r in refs if r.start <= i and i + len(expr) <= r.end]
    assert hit, f"{expr!r} not found in {sentence!r}"
    assert hit[0].value == want


PAST = [c for c in CASES if c[2] < PUBLISHED and c[2][:7] != PUBLISHED[:7]]


@pytest.mark.parametrize(("sentence", "expr", "want"), PAST, ids=[c[0][:50] for c in PAST])
def test_timex_tense_past_event_never_after_publication(nlp, sentence, expr, want):
    doc = nlp(sentence)
    refs = engine.extract(sentence, engine.parse_anchor(PUBLISHED), engine.doc_tense(doc, engine.window_tense(sentence)))
    for r in refs:
        if r.range_start:
            assert date.fromisoformat(r.range_start) <= date.fromisoformat(PUBLISHED)


@pytest.mark.parametrize(("text", "needle", "typ", "value"), [
    ("He calls every Sunday at 9pm, she says.", "9pm", "set", "XXXX-XX-XXT21"),
    ("Buses leave the town every Tuesday and Saturday at 8:00.", "Saturday", "set", "XXXX-WXX-6"),
    ("At 7:15 every morning she walks to the water tank.", "7:15", "set", "XXXX-XX-XXT07:15"),
    ("Before dawn on a Saturday, she is already kneading dough.", "Saturday", "set", "XXXX-WXX-6"),
])
def test_timex_repeated_days_and_times_are_sets_not_dates(text, needle, typ, value):
    refs = engine.extract(text, engine.parse_anchor(PUBLISHED))
    i = text.index(needle)
    (hit,) = [r for r in refs if r.start <= i < r.end]
    assert (hit.type, hit.value) == (typ, value)


@pytest.mark.parametrize("text", [
    "Dynamo came from behind to beat Zorya 2-1 in a match halted for 20 minutes in the second half.",
    "The goalkeeper denied the visitors a goal three times in the first half.",
])
def test_timex_halves_of_a_match_are_not_halves_of_the_year(text):
    assert not [r for r in engine.extract(text, engine.parse_anchor(PUBLISHED)) if "half" in text[r.start:r.end]]


def test_timex_without_publication_date_a_day_takes_the_year_last_named():
    text = "The contract expires on 1 January 2025, the company said. Supplies will stop from January 1."
    refs = engine.extract(text, None)
    assert [r.value for r in refs] == ["2025-01-01", "2025-01-01"]


@pytest.mark.parametrize(("sentence", "expr", "want"), [
    ("In July I could still park by the market, he said.", "July", "2022-07"),
    ("He urged allies meeting in Brussels in September to send them sooner.", "September", "2022-09"),
])
def test_timex_tense_either_side_reads_the_nearest(nlp, sentence, expr, want):
    doc = nlp(sentence)
    refs = engine.extract(sentence, engine.parse_anchor("2022-08-20"), engine.doc_tense(doc, engine.window_tense(sentence)))
    i = sentence.index(expr)
    (hit,) = [r for r in refs if r.start <= i < r.end]
    assert hit.value == want
