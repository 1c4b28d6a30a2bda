"""Calendar arithmetic: year choice near boundaries, weekdays, early/mid/late ranges, durations."""

from __future__ import annotations

from datetime import date

import pytest

from newstrace.timex import calendar as cal


@pytest.mark.parametrize(("anchor", "month", "day", "tense", "year"), [
    (date(2023, 1, 3), 12, 28, "past", 2022),     # "December 28" read on January 3: last year
    (date(2023, 1, 3), 12, 28, "present", 2022),
    (date(2022, 12, 30), 1, 2, "future", 2023),   # "will meet on January 2" read on December 30
    (date(2022, 12, 30), 1, 2, "past", 2022),
    (date(2022, 4, 10), 2, 24, "past", 2022),
    (date(2022, 4, 10), 4, 12, "present", 2022),  # "is due April 12": the nearest occurrence
    (date(2022, 4, 10), 8, 1, "past", 2021),      # months ahead in a past-tense sentence: last year
    (date(2022, 4, 10), 8, 1, "future", 2022),
    (date(2024, 3, 1), 2, 29, "past", 2024),      # leap day
])
def test_timex_calendar_year_for(anchor, month, day, tense, year):
    assert cal.year_for(anchor, month, day, tense) == year


@pytest.mark.parametrize(("anchor", "weekday", "direction", "expected"), [
    (date(2022, 8, 27), 4, "past", date(2022, 8, 25)),    # Saturday article, "on Thursday" -> two days before
    (date(2022, 8, 25), 4, "past", date(2022, 8, 25)),    # same day
    (date(2022, 8, 25), 4, "last", date(2022, 8, 18)),    # "last Thursday" skips today
    (date(2022, 8, 27), 4, "future", date(2022, 9, 1)),
    (date(2022, 8, 25), 4, "next", date(2022, 9, 1)),
    (date(2023, 1, 1), 5, "past", date(2022, 12, 30)),    # across the year boundary
])
def test_timex_calendar_nearest_weekday(anchor, weekday, direction, expected):
    assert cal.nearest_weekday(anchor, weekday, direction) == expected


@pytest.mark.parametrize(("value", "mod", "start", "end"), [
    ("2022-08", "END", "2022-08-21", "2022-08-31"),
    ("2022-08", "START", "2022-08-01", "2022-08-10"),
    ("2024-02", "END", "2024-02-21", "2024-02-29"),
    ("2022-08", None, "2022-08-01", "2022-08-31"),
    ("2022-W35", None, "2022-08-29", "2022-09-04"),
    ("2022-W35-WE", None, "2022-09-03", "2022-09-04"),
    ("2022-Q3", None, "2022-07-01", "2022-09-30"),
    ("2022-H2", None, "2022-07-01", "2022-12-31"),
    ("2022-WI", None, "2022-12-01", "2023-02-28"),
    ("2022", "START", "2022-01-01", "2022-04-30"),
    ("199", None, "1990-01-01", "1999-12-31"),
    ("2022-02-24T21:00", None, "2022-02-24", "2022-02-24"),
    ("2024-02-23/2024-02-24", None, "2024-02-23", "2024-02-24"),
])
def test_timex_calendar_value_range(value, mod, start, end):
    a, b = cal.narrow(cal.value_range(value), mod)
    assert (a.isoformat(), b.isoformat()) == (start, end)


@pytest.mark.parametrize("value", ["PRESENT_REF", "P6M", "XXXX-WXX-1", "2022-13", "garbage"])
def test_timex_calendar_value_range_not_a_point(value):
    assert cal.value_range(value) is None


@pytest.mark.parametrize(("n", "unit", "iso"), [
    (6, "M", "P6M"), (3, "W", "P3W"), (None, "D", "PXD"), (3, "H", "PT3H"), (20, "MIN", "PT20M"),
    (2, "DE", "P20Y"), (1, "2W", "P2W"), (1.5, "Y", "P1.5Y"),
])
def test_timex_calendar_duration(n, unit, iso):
    assert cal.duration(n, unit) == iso


@pytest.mark.parametrize(("d", "unit", "n", "expected"), [
    (date(2024, 3, 31), "M", -1, date(2024, 2, 29)),
    (date(2023, 1, 3), "W", -1, date(2022, 12, 27)),
    (date(2023, 1, 3), "Y", -1, date(2022, 1, 3)),
])
def test_timex_calendar_shift(d, unit, n, expected):
    assert cal.shift(d, unit, n) == expected
