"""Handlers for calendar-named expressions: dates, months, years, decades, centuries, quarters."""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import calendar as cal
from .base import NO_REFERENCE, PERIOD_ENDED, _TEMPORAL_LEFT, Env, Hit, _Alias, _day, _mk, _mod, _month, _norm, _year
from .lexicon import AMBIGUOUS_MONTHS, ORDINALS, WEEKDAYS, year_words

def _month_is_word(m, text: str, group: str = "mon") -> bool:
    """True when the month token is lower-case ("may", "march") or an ambiguous word without context."""
    tok = m.group(group)
    if tok[0].islower():
        return True
    if _norm(tok).rstrip(".") in AMBIGUOUS_MONTHS and not tok.endswith("."):
        left = text[max(0, m.start(group) - 20): m.start(group)]
        if _MONTH_SUBJECT_RIGHT.match(text, m.end(group), m.end(group) + 8) \
                and not re.search(r"\b[A-Z][a-z]+\s+$", left):  # (not "Theresa May is")
            return False  # '"May is the plan."': the month is the subject (the modal takes a subject after it)
        return not _TEMPORAL_LEFT.search(left)
    return False


_MONTH_SUBJECT_RIGHT = re.compile(r"\s+(?:is|was|will\s+be|has\s+been|had\s+been)\b")


def _weekday_of(y: int, mon: int, day: int) -> int | None:
    try:
        return date(y, mon, day).isoweekday()
    except ValueError:
        return None


def h_full_date(m, env: Env) -> Hit | None:
    if m.group("mon")[0].islower():
        return None
    mon, day = _month(m.group("mon")), _day(m.group("day"))
    if m.group("year"):
        y, rel = _year(m.group("year"), env._anchor), False
    elif m.group("yr_sp"):
        y, rel = year_words(m.group("yr_sp")), False
    elif env._anchor is None and env.last_point is not None:
        # No publication date: "January 1" after "1 January 2025" takes the year the text last named.
        y, rel = env.last_point.year, False
    else:
        a = env.anchor
        y, rel = cal.year_for(a, mon, day, env.tense(m.start())), True
        if m.group("wd0"):
            # "Saturday, April 25": the weekday names the year when the month and day alone do not.
            wd = WEEKDAYS[_norm(m.group("wd0")).rstrip(".")]
            fits = [c for c in (y, a.year - 1, a.year, a.year + 1) if _weekday_of(c, mon, day) == wd]
            y = fits[0] if fits else y
    try:
        d = date(y, mon, day)
    except (ValueError, TypeError):
        return None
    return _mk(m, "date", d.isoformat(), "day", relative=rel)


def h_month(m, env: Env) -> Hit | None:
    """A month with a year, a relative word, or on its own: "June 1989", "last April", "late August"."""
    if _month_is_word(m, env.text) and not m.group("rel") and not m.group("mod") and not m.group("year"):
        return None
    if m.group("mon")[0].islower():
        return None
    mon = _month(m.group("mon"))
    rel = _norm(m.group("rel"))
    # a spun copy's "August final 12 months" is "August last year" (see relative._SPUN_REL)
    suffix = {"final 12 months": "last year", "this 12 months": "this year",
              "subsequent 12 months": "next year"}.get(_norm(m.group("yrel")), _norm(m.group("yrel")))
    if m.group("year"):
        y, relative = _year(m.group("year"), env._anchor), False
    elif m.group("yr_sp") and year_words(m.group("yr_sp")):
        y, relative = year_words(m.group("yr_sp")), False
    elif m.group("ynarr"):
        if env.last_point is None:
            return Hit(m.start(), m.end(), "date", None, rule="month", reason=NO_REFERENCE)
        y = env.last_point.year + {"following": 1, "next": 1, "previous": -1}.get(_norm(m.group("ynarr")).split()[-1], 0)
        relative = True
    else:
        a = env.anchor
        word = suffix or rel
        if word in ("last", "this past", "last year") and suffix != "this year":
            y = a.year if mon < a.month else a.year - 1
            if suffix == "last year":
                y = a.year - 1
        elif word in ("next", "this coming", "next year"):
            y = a.year if mon > a.month else a.year + 1
            if suffix == "next year":
                y = a.year + 1
        elif word in ("this", "this year"):
            y = a.year
        else:
            y = cal.year_for(a, mon, None, env.tense(m.start()))
        relative = True
    return _mk(m, "date", f"{y:04d}-{mon:02d}", "month", _mod(m), relative)


def h_numeric_date(m, env: Env) -> Hit | None:
    if m.group("iso_y"):
        y, mo, d = int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d"))
    else:
        a, b = int(m.group("a")), int(m.group("b"))
        y = _year("'" + m.group("y") if len(m.group("y")) == 2 else m.group("y"), env._anchor)
        # Month first (US wire style) unless the first number cannot be a month, or another date in
        # the same article shows the day comes first ("24/2/2022" elsewhere makes "3/4/2022" 3 April).
        day_first = a > 12 or (b <= 12 and env.day_first())
        mo, d = (b, a) if day_first else (a, b)
    try:
        dt = date(y, mo, d)
    except ValueError:
        return None
    return _mk(m, "date", dt.isoformat(), "day", relative=False)


_NOT_YEAR_RIGHT = re.compile(
    r"^(?:\s*(?:%|percent|per\s+cent|-?(?:odd|plus))|[.,]\d|\s*\d|-\d|-(?:ish|)\b|\s+(?:people|persons|troops|"
    r"soldiers|civilians|men|women|children|residents|refugees|protesters|workers|families|homes|houses|buildings|"
    r"votes|voters|rounds|shells|missiles|drones|tanks|km|kilomet(?:re|er)s|miles|met(?:re|er)s|feet|tons|tonnes|"
    r"barrels|dollars|euros|pounds|rubles|roubles|hryvnias|yuan|shares|units|cases|deaths|dead|killed|wounded|"
    r"injured|arrests|arrested|detained|times|more|others|of\s+(?:them|the|whom|those))\b)", re.I)
_NOT_YEAR_LEFT = re.compile(r"(?:[$£€#]|\bNo\.?|\bno\.?|\bnumber|\bNos?\.|\bflight|\broute|\bmodel|[\d,.]|\bversion|"
                            r"\broom|\bpage|\bpp\.|\bp\.|\bchapter|\bsection|\bRule|\bArticle)\s*$")


def h_year(m, env: Env) -> Hit | None:
    y = int(m.group("year4")) if m.group("year4") else year_words(m.group("yr_sp"))
    if y is None:
        return None
    left = env.text[max(0, m.start() - 12): m.start()]
    right = env.text[m.end(): m.end() + 8]
    if m.group("year4") and (_NOT_YEAR_LEFT.search(left) or _NOT_YEAR_RIGHT.match(right)):
        return None
    if not m.group("year4") and not m.group("yr_pre") and not m.group("mod"):
        # "nineteen ninety" alone is too often a count in transcripts; require "in"/"the year".
        if not re.search(r"\b(?:in|since|of|by|until|year)\s+$", left, re.I):
            return None
    mod = _mod(m)
    if "half" in _norm(m.group("mod")):  # "the second half of 2021"
        return _mk(m, "date", f"{y:04d}-H{1 if mod == 'START' else 2}", "half", relative=False)
    return _mk(m, "date", f"{y:04d}", "year", mod, relative=False)


def h_decade(m, env: Env) -> Hit | None:
    if m.group("decw") and re.search(r"\b(?:high|low|upper|lower)\s+$", env.text[max(0, m.start("decw") - 7): m.start("decw")],
                                     re.I):
        return None  # "polls in the high forties": a number, not a decade
    if m.group("dec4"):
        y = int(m.group("dec4"))
    elif m.group("dec2"):
        yy = int(m.group("dec2"))
        # "the '80s": the latest such decade that has begun by publication (or the 1900s without one).
        now = env._anchor.year if env._anchor else 1999
        y = now // 100 * 100 + yy
        if y > now >= 100:
            y -= 100
    else:
        words = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                 "seventies": 70, "eighties": 80, "nineties": 90}
        yy = words[_norm(m.group("decw")).split()[-1]]
        y = 1900 + yy
    return _mk(m, "date", f"{y // 10:03d}", "decade", _mod(m), relative=False)


def h_century(m, env: Env) -> Hit | None:
    n = _day(m.group("cent")) if _norm(m.group("cent")) in ORDINALS or m.group("cent")[0].isdigit() else None
    if not n:
        return None
    return _mk(m, "date", f"{n - 1:02d}", "century", _mod(m), relative=False)


_QNUM = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def h_quarter(m, env: Env) -> Hit | None:
    q = _QNUM[_norm(m.group("q"))]
    half = "half" in _norm(m.group("qunit"))
    if half and q > 2:
        return None
    if half and not m.group("qyear") and not m.group("qyear2") and not _norm(m.group("qyrel")) \
            and "year" not in _norm(m.group("qpre")) and _MATCH_CONTEXT.search(_sentence_around(env.text, m.start())):
        return None  # "in the second half" of a match, not of the year
    pre, post = _norm(m.group("qpre")), _norm(m.group("qyrel"))
    if m.group("qyear"):
        y, relative = _year(m.group("qyear"), env._anchor), False
    else:
        a = env.anchor
        if "last year" in pre or "year-ago" in pre or "year-earlier" in pre or "year ago" in pre or post == "last year":
            y = a.year - 1
        elif "next year" in pre or post == "next year":
            y = a.year + 1
        elif "this year" in pre or post == "this year":
            y = a.year
        else:
            # The quarter that has started by publication, unless the sentence looks ahead.
            start_month = (q - 1) * (6 if half else 3) + 1
            y = a.year if date(a.year, start_month, 1) <= a or env.tense(m.start()) in ("future", "forward") else a.year - 1
        relative = True
    if not half:
        env.last_quarter = q
    hit = _mk(m, "date", f"{y:04d}-{'H' if half else 'Q'}{q}", "quarter" if not half else "half", relative=relative)
    if _norm(m.group("qpre")) in ("a", "the", "this", "that") and m.group().find("-", m.end("q") - m.start()) >= 0:
        hit.start = m.start("q")  # "a third-quarter loss": the adjective, without its article
    return hit


# Words that put "the first half" in a match rather than in a year.
_MATCH_CONTEXT = re.compile(
    r"\b(?:match|game|goals?|scored?|half-time|halftime|minute|penalty|referee|goalkeeper|striker|save|"
    r"equalis(?:ed|er)|equaliz(?:ed|er)|kick-off|stadium|league|fixture|substitute|header|won|beat|drew)\b", re.I)


def _sentence_around(text: str, pos: int, window: int = 300) -> str:
    """The sentence around ``pos``, looked for within ``window`` characters (bounded work)."""
    w0 = max(0, pos - window)
    lo = max(text.rfind(". ", w0, pos), text.rfind("\n", w0, pos), w0)
    hi = text.find(". ", pos, pos + window)
    return text[lo: hi if hi >= 0 else min(len(text), pos + window)]


def h_rel_quarter(m, env: Env) -> Hit | None:
    w = _norm(m.group("rq") or m.group("rq2"))
    if w == "the" and PERIOD_ENDED.match(env.text[m.end(): m.end() + 16]):
        return _mk(m, "duration", "P3M", None, relative=False)
    a = env.anchor
    cur = (a.month - 1) // 3 + 1
    if w in ("this", "the current", "the present"):
        y, q = a.year, cur
    elif w in ("next", "the next", "the coming", "the following"):
        y, q = (a.year, cur + 1) if cur < 4 else (a.year + 1, 1)
    elif w in ("the", "that", "the same") and env.last_quarter:
        q = env.last_quarter
        y = a.year if date(a.year, (q - 1) * 3 + 1, 1) <= a else a.year - 1
    else:  # last, the latest, the previous, the most recent, the: the last completed quarter
        y, q = (a.year, cur - 1) if cur > 1 else (a.year - 1, 4)
    env.last_quarter = q
    return _mk(m, "date", f"{y:04d}-Q{q}", "quarter")



def _h_full_date(m, env: Env) -> Hit | None:
    """Both orders ("September 3", "24 February") feed the same handler."""
    if m.group("mon_b"):
        return h_full_date(_Alias(m, {"mon": "mon_b", "day": "day_b"}), env)
    return h_full_date(m, env)


def _h_quarter(m, env: Env) -> Hit | None:
    if m.group("qyear2") and not m.group("qyear"):
        return h_quarter(_Alias(m, {"qyear": "qyear2"}), env)
    return h_quarter(m, env)


# Yearly days news names instead of dates: (month, day), or an Easter offset in days.
_FIXED_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "new year's eve": (12, 31), "new year's day": (1, 1), "halloween": (10, 31), "valentine's day": (2, 14),
    "orthodox christmas": (1, 7), "orthodox christmas eve": (1, 6), "may day": (5, 1), "victory day": (5, 9),
}
_EASTER_HOLIDAYS = {"easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2,
                    "orthodox easter": 0, "palm sunday": -7, "ash wednesday": -46, "shrove tuesday": -47,
                    "maundy thursday": -3, "holy thursday": -3, "holy saturday": -1}
# Days counted from US Thanksgiving (the fourth Thursday of November): "Black Friday" is a named day,
# never the weekday Friday nearest publication.
_THANKSGIVING_HOLIDAYS = {"thanksgiving": 0, "thanksgiving day": 0, "black friday": 1, "cyber monday": 4}


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)  # weekday() 3 is Thursday


_HOLIDAY_REL_LEFT = re.compile(r"\b(this|last|next)\s+$", re.I)


def h_holiday(m, env: Env) -> Hit | None:
    name = _norm(m.group("hol")).replace("’", "'")
    if name not in _FIXED_HOLIDAYS and name not in _EASTER_HOLIDAYS and m.group("hol")[0].islower():
        return None  # "a thanksgiving service", "black friday deals" written as words: no named day
    if name in _FIXED_HOLIDAYS:
        mon, day = _FIXED_HOLIDAYS[name]

        def dated(y: int) -> date:
            return date(y, mon, day)
    elif name in _THANKSGIVING_HOLIDAYS:
        offset = _THANKSGIVING_HOLIDAYS[name]

        def dated(y: int) -> date:
            return _thanksgiving(y) + timedelta(days=offset)
    else:
        offset, orthodox = _EASTER_HOLIDAYS[name], name.startswith("orthodox")

        def dated(y: int) -> date:
            return cal.easter(y, orthodox) + timedelta(days=offset)
    which = _HOLIDAY_REL_LEFT.search(env.text, max(0, m.start() - 6), m.start())
    if m.group("hyear"):
        d, rel = dated(_year(m.group("hyear"), env._anchor)), False
    elif which:
        # "this Black Friday": this year's; "last Christmas": the latest before publication; "next": the coming one
        a, word = env.anchor, which.group(1).lower()
        d = dated(a.year) if word == "this" else cal.pick_year(a, dated, "past" if word == "last" else "future")
        if word == "last" and d >= a:
            d = dated(a.year - 1)
        elif word == "next" and d <= a:
            d = dated(a.year + 1)
        rel = True
    else:
        d, rel = cal.pick_year(env.anchor, dated, env.tense(m.start())), True
    return _mk(m, "date", d.isoformat(), "day", relative=rel)


def h_day_range(m, env: Env) -> Hit | None:
    """"23-24 February", "March 3-5, 2022": an ISO 8601 interval of days."""
    mon_txt = m.group("mon") or m.group("mon2") or m.group("mon3")
    if mon_txt[0].islower():
        return None
    mon = _month(mon_txt)
    d1, d2 = (_day(m.group("d1")), _day(m.group("d2"))) if m.group("d1") else \
        (_day(m.group("d5")), _day(m.group("d6"))) if m.group("d5") else (_day(m.group("d3")), _day(m.group("d4")))
    if not d1 < d2:
        return None
    if m.group("year"):
        y, rel = _year(m.group("year"), env._anchor), False
    else:
        y, rel = cal.year_for(env.anchor, mon, d1, env.tense(m.start())), True
    try:
        a, b = date(y, mon, d1), date(y, mon, d2)
    except ValueError:
        return None
    hit = _mk(m, "date", f"{a.isoformat()}/{b.isoformat()}", "day", relative=rel)
    if m.group("d5"):
        hit.start = m.start("d5")  # "between 3 and 5 May": the days, without the preposition (as "between Monday ...")
    return hit


def h_day_of_month(m, env: Env) -> Hit | None:
    """"on the 24th": a day of the month last talked about, else of the publication month (or the one before)."""
    day = int(m.group("dom"))
    base = env.last_point or env.anchor
    try:
        d = date(base.year, base.month, day)
    except ValueError:
        return None
    a = env._anchor
    if env.last_point is None and a is not None and d > a and env.tense(m.start()) not in ("future", "forward"):
        prev = cal.add_months(date(a.year, a.month, 1), -1)
        try:
            d = date(prev.year, prev.month, day)
        except ValueError:
            return None
    return _mk(m, "date", d.isoformat(), "day")

