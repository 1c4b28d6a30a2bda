"""Word tables for temporal expressions: months, weekdays, number words, units, parts of day.

Each table maps a lower-cased surface form to its meaning; ``alt()`` turns a table into a regex
alternation (longest first, so "Sept." wins over "Sep").
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Month words that are also ordinary English words: accepted alone only after a temporal preposition.
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "jun", "jul", "sep", "dec", "aug", "apr", "oct", "nov", "feb"}

WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    "mon": 1, "tues": 2, "tue": 2, "wed": 3, "thurs": 4, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
}
# Abbreviations that clash with names and words ("Sun Microsystems", "Sat down"): need the dot.
WEEKDAY_ABBR = {"mon", "tues", "tue", "wed", "thurs", "thu", "fri", "sat", "sun"}

UNITS = {
    "second": "S", "sec": "S", "minute": "MIN", "min": "MIN", "hour": "H", "hr": "H", "day": "D",
    "night": "D", "week": "W", "fortnight": "2W", "month": "M", "quarter": "Q", "year": "Y",
    "decade": "DE", "century": "CE", "centurie": "CE", "millennium": "ML", "millennia": "ML",
    "trading day": "D", "business day": "D", "working day": "D", "weekend": "WE",
}

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

# TIMEX3 parts of the day.
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "mid-afternoon": "AF", "midafternoon": "AF", "evening": "EV",
    "night": "NI", "overnight": "NI", "tonight": "NI", "midday": "MI", "noon": "12:00", "midnight": "24",
    "dawn": "MO", "daybreak": "MO", "sunrise": "MO", "dusk": "EV", "sunset": "EV", "nightfall": "EV",
}

_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# Vague quantities: TIMEX3 writes them as X ("several months" -> PXM).
VAGUE = {"several", "a few", "few", "some", "many", "a number of", "numerous", "the", "recent", "coming"}

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24,
    "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28,
    "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}


def alt(words) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any run of blanks."""
    ws = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]") for w in ws)


NUMBER_WORDS = list(_ONES) + list(_TENS) + [f"{t}-{o}" for t in _TENS for o in list(_ONES)[:9]] + [
    "a couple of", "a couple", "a dozen", "a half", "half a", "a hundred", "hundred", "a thousand", "an", "a",
]


def number(word: str) -> float | None:
    """The value of a number written in digits or English words; None for vague ("several")."""
    w = re.sub(r"\s+", " ", word.strip().lower()).replace("-", " ")
    if not w:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    m = re.fullmatch(r"(\d+) (\d)/(\d)", w)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    if w in ("a", "an", "one"):
        return 1
    if w in ("a couple of", "a couple", "couple of"):
        return 2
    if w == "a dozen":
        return 12
    if w in ("a half", "half a"):
        return 0.5
    if w in ("a hundred", "hundred"):
        return 100
    if w == "a thousand":
        return 1000
    parts = w.split()
    if len(parts) == 1:
        return _ONES.get(w) or _TENS.get(w)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _ONES and _ONES[parts[1]] < 10:
        return _TENS[parts[0]] + _ONES[parts[1]]
    return None


def year_words(text: str) -> int | None:
    """Spoken years in transcripts: "nineteen ninety-six" -> 1996, "two thousand" -> 2000."""
    w = re.sub(r"[\s-]+", " ", text.strip().lower())
    if w in ("two thousand", "the year two thousand", "year two thousand"):
        return 2000
    m = re.fullmatch(r"two thousand (?:and )?(.+)", w)
    if m:
        n = number(m.group(1))
        return 2000 + int(n) if n and n < 100 else None
    m = re.fullmatch(r"(nineteen|eighteen|twenty) (.+)", w)
    if m:
        n = number(m.group(2))
        century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[m.group(1)]
        return century + int(n) if n is not None and 10 <= n < 100 else None
    return None
