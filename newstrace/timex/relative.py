"""Handlers for expressions read against the publication date or the narrative: yesterday, Thursday,
last week, six months ago, durations, present/past/future references, clock times, sets."""

from __future__ import annotations

import re
from datetime import timedelta

from . import calendar as cal
from .base import _QUANT_MOD, NO_REFERENCE, PERIOD_ENDED, Env, Hit, _mk, _mod, _month, _norm, _year
from .lexicon import PARTS_OF_DAY, SEASONS, UNITS, VAGUE, WEEKDAYS, number
from .points import _QNUM

_DEICTIC = {"yesterday": -1, "today": 0, "tomorrow": 1, "the day before yesterday": -2,
            "the day after tomorrow": 2, "tonight": 0, "this morning": 0, "this afternoon": 0,
            "this evening": 0, "last night": -1, "last evening": -1}


def h_deictic(m, env: Env) -> Hit | None:
    w = _norm(m.group("deic"))
    d = env.anchor + timedelta(days=_DEICTIC[w])
    if w == "tonight" or w.startswith(("this ", "last ")):
        pod = PARTS_OF_DAY.get(w.split()[-1], "NI")
        return _mk(m, "time", f"{d.isoformat()}T{pod}", "part_of_day")
    return _mk(m, "date", d.isoformat(), "day", _mod(m))


# A capitalised word that makes a weekday part of a day's name ("Bloody Sunday", "Super Tuesday", "Blue
# Monday"): no weekday near publication. (Named days with a date, "Black Friday", are holidays.)
NAMED_DAY_LEFT = re.compile(r"(?<![\w'’-])(?:Bloody|Black|Super|Cyber|Ash|Shrove|Maundy|Holy|Clean|Giving|Good|"
                             r"Easter|Palm|Blue|Whit|Low|Plough|Fat)\s+$")


def h_weekday(m, env: Env) -> Hit | None:
    wd = WEEKDAYS[_norm(m.group("wd")).rstrip(".")]
    rel = _norm(m.group("wrel"))
    if not rel and not m.group("mod") and NAMED_DAY_LEFT.search(env.text, max(0, m.start() - 8), m.start()):
        return None
    # "the previous Friday", "the following Monday": counted from the day talked about last.
    narrative = rel in ("the previous", "the prior", "the following") and env.last_point is not None
    a = env.last_point if narrative else env.anchor
    if rel in ("last", "the previous", "this past", "the prior"):
        d = cal.nearest_weekday(a, wd, "last")
    elif rel in ("next", "this coming", "the following", "coming"):
        d = cal.nearest_weekday(a, wd, "next")
    else:
        tense = env.tense(m.start("wd"))
        if tense in ("future", "forward"):
            d = cal.nearest_weekday(a, wd, "future")
        elif tense == "present" and not _in_headline(env.text, m.start()):
            # "Voting begins on Sunday", "the museum is closed on Monday": news writes a schedule in the
            # present; what already happened takes the past (a headline's present is the past)
            d = cal.nearest_weekday(a, wd, "future")
        elif tense == "nearest":
            back, fwd = cal.nearest_weekday(a, wd, "past"), cal.nearest_weekday(a, wd, "future")
            d = back if (a - back) <= (fwd - a) else fwd
        else:
            d = cal.nearest_weekday(a, wd, "past")
    return _mk(m, "date", d.isoformat(), "day", _mod(m))


# A line without a full stop and no longer than this is a headline or a live blog's entry title.
HEADLINE_CHARS = 120


def _in_headline(text: str, pos: int) -> bool:
    """Whether ``pos`` lies on a short line that does not end a sentence (a headline, an entry title)."""
    start = text.rfind("\n", max(0, pos - HEADLINE_CHARS), pos)
    if start < 0 and pos > HEADLINE_CHARS:
        return False
    end = text.find("\n", pos, start + 1 + HEADLINE_CHARS + 1)
    if end < 0:
        end = len(text) if len(text) - start - 1 <= HEADLINE_CHARS else -1
    if end < 0:
        return False
    line = text[start + 1: end].rstrip()
    return bool(line) and line[-1] not in ".!?\"”’'"


# Words that count from the time mentioned last rather than from publication.
_NARRATIVE = {"the following", "the previous", "the prior", "that", "the same", "the preceding"}
_REL_WORD = {"last": -1, "the last": -1, "the past": -1, "the previous": -1, "previous": -1, "this past": -1,
             "the prior": -1, "this": 0, "the current": 0, "current": 0, "the present": 0, "next": 1,
             "the next": 1, "the coming": 1, "this coming": 1, "the following": 1, "coming": 1,
             "the same": None, "that": None, "the preceding": -1, "the full": 0, "the latest": -1,
             "the whole": 0, "the entire": 0}


# After "the week"/"the month": the period is placed by an event, not by publication.
_EVENT_RIGHT = re.compile(r"\s+(?:after|before|following|preceding|leading\s+up\s+to|when)\b", re.I)


# Article spinners rewrite "last week" as "final week", "next month" as "subsequent month" and "this year" as
# "this 12 months" (a spun copy is a style we must read); after a determiner, "the final week" of something
# is no such rewrite.
_WINDOW_LEFT = re.compile(r"\b(?:over|in|during|within)\s+$", re.I)
_SPUN_REL = {"final": "last", "subsequent": "next"}
_DETERMINER_LEFT = re.compile(r"\b(?:the|a|an|its|his|her|their|our|my|your|this|that|these|those)\s+$", re.I)


def h_rel_unit(m, env: Env) -> Hit | None:
    """"last week", "earlier this month", "next year", "this summer", "the weekend"."""
    w, unit = _norm(m.group("rel")), _norm(m.group("runit"))
    if w in _SPUN_REL:
        if m.group("mod") or _DETERMINER_LEFT.search(env.text, max(0, m.start() - 8), m.start()):
            return None
        w = _SPUN_REL[w]
    if w in ("the previous", "the preceding") and unit == "day" and _WINDOW_LEFT.search(
            env.text, max(0, m.start() - 8), m.start()):
        return None  # "412 times over the previous day": a window back from the report (the duration rule)
    if unit == "12 months":
        if _norm(m.group("rel")) not in ("this", "final", "subsequent") or m.group("mod"):
            return None  # "the last 12 months", "the next 12 months": a stretch of time (the duration rule)
        unit = "year"
    if w == "the" and unit in ("year", "month", "week") and PERIOD_ENDED.match(env.text[m.end(): m.end() + 16]):
        return _mk(m, "duration", cal.duration(1, UNITS[unit]), None, relative=False)
    a = env.last_point if w in _NARRATIVE and env.last_point is not None else env.anchor
    if unit == "season":
        # "last season", "this season": a sporting or farming season, placed at the year it mostly falls in
        n = _REL_WORD.get(w)
        if n is None or w in _NARRATIVE or w in ("the", "the full", "the whole", "the entire", "the latest"):
            return None
        return _mk(m, "date", f"{env.anchor.year + n:04d}", "year")
    if unit in SEASONS:
        s = SEASONS[unit]
        n = _REL_WORD.get(w, 0) or 0
        this_year = cal.value_range(f"{a.year:04d}-{s}")
        if n < 0:  # the most recent one already over
            y = a.year if this_year[1] < a else a.year - 1
        elif n > 0:  # the next one not yet begun
            y = a.year if this_year[0] > a else a.year + 1
        else:
            y = a.year
        return _mk(m, "date", f"{y:04d}-{s}", "season", _mod(m))
    code = "Y" if "year" in unit else UNITS[unit]
    if unit == "weekend":
        n = _REL_WORD.get(w, 0)
        if n is None or w in ("the", ""):
            n = 0 if env.tense(m.start()) in ("future", "forward") or a.isoweekday() >= 6 else -1
        d = cal.shift(a, "W", n)
        return _mk(m, "date", cal.fmt(d, "weekend"), "week", _mod(m))
    n = _REL_WORD.get(w, 0)
    base = a
    if w == "the" and code in ("W", "M") and _EVENT_RIGHT.match(env.text, m.end(), m.end() + 12):
        # "in the week after the deal collapsed": the week of an event, not the current one; the
        # event's time is the one talked about last, when there is one
        # (the point may be a month's first day: only its month is known for sure)
        if env.last_point is None:
            return Hit(m.start(), m.end(), "date", None, rule="rel_unit", reason=NO_REFERENCE)
        return _mk(m, "date", cal.fmt(env.last_point, "month"), "month")
    if w in _NARRATIVE:
        # Narrative reference: counted from the time mentioned last ("In 1996 ... the following year").
        if env.last_point is None and n is None:
            return Hit(m.start(), m.end(), "date", None, rule="rel_unit", reason=NO_REFERENCE)
        base = env.last_point or a
        n = n or 0
    elif code == "D":
        return None  # "the day", "this day": too vague to place
    d = cal.shift(base, code, n)
    gran = cal.GRANULARITY[code]
    mod = _mod(m)
    return _mk(m, "date", cal.fmt(d, gran), gran, mod)


# A season named without "the", "this", "last" or "next" is a time only after a preposition of time:
# "since spring", "by winter", "in autumn" (not "a spring offensive", "Arab Spring").
_SEASON_PREP_LEFT = re.compile(r"\b(?P<prep>in|since|by|until|till|through|during|before|after|from)\s+$", re.I)


def h_bare_season(m, env: Env) -> Hit | None:
    """"since spring" (the latest spring begun), "by winter" (the next one not yet over), "in autumn" (by tense)."""
    left = _SEASON_PREP_LEFT.search(env.text[max(0, m.start() - 8): m.start()])
    if left is None:
        return None
    w = _norm(m.group("bseason"))  # "fall" is left out: "a fall in prices" is no season
    s, a = SEASONS[w], env.anchor
    prep = left.group("prep").lower()
    tense = "past" if prep in ("since", "after", "from") else "forward" if prep in ("by", "until", "till", "before") \
        else env.tense(m.start())
    this_year = cal.value_range(f"{a.year:04d}-{s}")
    if tense in ("future", "forward"):
        y = a.year if this_year[1] >= a else a.year + 1  # the current one, else the next
    elif tense in ("present", "nearest"):
        # "elections could be held in spring": the nearest one, this year's or the next
        nxt = cal.value_range(f"{a.year + 1:04d}-{s}")
        y = a.year + 1 if this_year[1] < a and (nxt[0] - a) < (a - this_year[1]) else a.year
    else:
        y = a.year if this_year[0] <= a else a.year - 1  # the latest one begun
    return _mk(m, "date", f"{y:04d}-{s}", "season")


def h_year_ago(m, env: Env) -> Hit | None:
    """"year-earlier", "the year-ago period": the same period a year before (a quarter in earnings)."""
    a = env.anchor
    tail = _norm(m.group("yaq"))
    q = _QNUM.get(tail.split()[0]) if tail and tail.split()[0] in _QNUM else env.last_quarter
    if q and (tail != "" or env.last_quarter):
        return _mk(m, "date", f"{a.year - 1:04d}-Q{q}", "quarter")
    return _mk(m, "date", f"{a.year - 1:04d}", "year")


def h_year_end(m, env: Env) -> Hit | None:
    y = env.anchor.year
    if m.group("yeyear"):
        y = _year(m.group("yeyear"), env._anchor)
    return Hit(m.start(), m.end(), "date", f"{y:04d}", "year", "END", not m.group("yeyear"))


def h_ago(m, env: Env) -> Hit | None:
    """"six months ago", "a year earlier", "two weeks from now"."""
    word = _norm(m.group("aunit"))
    unit = UNITS[word if word in UNITS else word.rstrip("s")]
    n = number(m.group("an")) if m.group("an") else None
    direction = _norm(m.group("adir"))
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "back") else 1
    if n is None:
        return _mk(m, "date", "PAST_REF" if sign < 0 else "FUTURE_REF", None)
    if not float(n).is_integer() or unit in ("H", "MIN", "S"):
        if unit in ("H", "MIN", "S"):
            return _mk(m, "time", None, None)
        return _mk(m, "date", "PAST_REF" if sign < 0 else "FUTURE_REF", None)
    base = env.anchor
    if direction in ("earlier", "later") and env.last_point is not None:
        base = env.last_point  # "two days later": after the time just mentioned
    d = cal.shift(base, unit, sign * int(n))
    gran = {"D": "day", "W": "day", "2W": "day", "WE": "day", "M": "month", "Q": "quarter", "Y": "year",
            "DE": "year", "CE": "year"}[unit]
    if unit == "Y" and env.last_quarter and int(n) == 1:
        # Earnings reports compare with the same quarter a year earlier (TimeBank's "1988-Q3").
        return _mk(m, "date", f"{d.year:04d}-Q{env.last_quarter}", "quarter")
    return _mk(m, "date", cal.fmt(d, gran), gran)


_VAGUE_LEFT = re.compile(r"\b(?:for|in|within)\s+$", re.I)
_VAGUE_RIGHT = re.compile(r"\s+(?:after|before|later|earlier|into|ago)\b", re.I)
_SECOND_RIGHT = re.compile(r"^(?:\s*[.,;:!?)\u2014]|\s*$|\s+(?:later|ago|earlier|before|after|or|and|to|of|in)\b)")
_RATE = {"S": "PT1S", "MIN": "PT1M", "H": "PT1H", "D": "P1D", "W": "P1W", "M": "P1M", "Y": "P1Y"}
_RATE_LEFT = re.compile(r"(?:\d|%|\bpercent|\bcents?|\bdollars|\beuros|\btimes|\bonce|\btwice|\bshifts|\bflights|"
                        r"\bevacuees|\bpeople|\bbarrels|\btons|\btonnes)\s*$", re.I)
_BACK = ("the past", "the last", "the previous", "the preceding")
_AHEAD = ("the next", "the coming", "the following", "the ensuing", "the remaining")


def h_duration(m, env: Env) -> Hit | None:
    """"six months", "the past two weeks", "a minute and a half", "two-year", "recent weeks"."""
    raw_unit = _norm(m.group("dunit")).replace("-", " ")
    key = raw_unit if raw_unit in UNITS else raw_unit[:-1] if raw_unit[:-1] in UNITS else raw_unit.rstrip("s")
    if key not in UNITS or (key == "night" and not m.group("dn")):
        return None
    plural = key != raw_unit
    unit = UNITS[key]
    pre = _norm(m.group("dpre"))
    n_txt = _norm(m.group("dn"))
    right = env.text[m.end(): m.end() + 12]
    if key == "second" and n_txt in ("a", "an", "one", "") and not _SECOND_RIGHT.match(right):
        return None  # "a second attack": an ordinal, not a time
    if n_txt in ("a", "an") and not pre and unit in _RATE and _RATE_LEFT.search(env.text[max(0, m.start() - 16): m.start()]):
        return _mk(m, "set", _RATE[unit], None, relative=False)  # "4,000 evacuees a day", "$5 a year"
    if m.group("dfor"):
        n = None
    elif m.group("dn2"):
        n = None  # "12 to 18 months": TIMEX3 writes the unknown count as X
    elif n_txt and n_txt not in VAGUE:
        n = number(n_txt)
        if n is None:
            return None
    elif n_txt:  # several / a few / recent / coming
        n = None
    elif pre in ("the first", "the final", "the latter", "the initial") and not plural:
        return None  # "the first day of the invasion": a point relative to an event, not a length
    elif pre in ("another", "an additional") or (pre and pre != "the" and not plural):
        n = 1  # "the past year", "another week"
    elif pre and pre != "the" and plural:
        n = None  # "the past weeks"
    elif plural and not pre and (_VAGUE_LEFT.search(env.text[max(0, m.start() - 10): m.start()])
                                 or _VAGUE_RIGHT.match(env.text[m.end(): m.end() + 12])):
        n = None  # "for weeks", "days after the truce"
    else:
        return None  # a bare unit or "the year": a point, left to the other rules
    if m.group("dhalf") and n is not None:
        n += 0.5
    if unit == "Q":
        unit, n = "M", (None if n is None else n * 3)
    mod = _QUANT_MOD.get(_norm(m.group("quant"))) if m.group("quant") else None
    if unit in ("H", "MIN", "S") and n is not None and not float(n).is_integer():
        sub = {"H": "30M", "MIN": "30S", "S": ""}[unit]
        val = f"PT{int(n)}{'M' if unit == 'MIN' else unit}{sub}"
    else:
        val = cal.duration(n, unit)
    hit = _mk(m, "duration", val, None, mod, relative=False)
    if pre == "the" and n_txt and "-" in env.text[m.end("dn"): m.start("dunit") + 1]:
        hit.start = m.start("dn")  # "the 30-day truce": the adjective, without its article
    if n is not None and float(n).is_integer() and unit in ("D", "W", "M", "Y") and pre in _BACK + _AHEAD:
        hit.extent = (-1 if pre in _BACK else 1, unit, int(n))
    return hit


_REF = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "current": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF",
    "formerly": "PAST_REF", "the past": "PAST_REF", "in the past": "PAST_REF", "more recently": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF", "later": "FUTURE_REF", "future": "FUTURE_REF",
    "shortly": "FUTURE_REF", "the distant future": "FUTURE_REF", "recent": "PAST_REF",
}


# "shortly after 2am", "soon after the blast": a distance from another time, not the future; "as soon as
# the drones leave": a conjunction.
_SOON_RIGHT = re.compile(r"\s+(?:after|before|afterwards|thereafter|as)\b", re.I)
_AS_LEFT = re.compile(r"\bas\s+$", re.I)


def h_ref(m, env: Env) -> Hit | None:
    w = _norm(m.group("ref"))
    if w in ("soon", "shortly") and (_SOON_RIGHT.match(env.text, m.end(), m.end() + 16)
                                     or _AS_LEFT.search(env.text, max(0, m.start() - 4), m.start())):
        return None
    w = re.sub(r"^in ", "", w) if w not in _REF else w
    val = _REF.get(w)
    if val is None:
        return None
    # Present/past/future references are resolved by definition: the anchor is only context.
    return _mk(m, "date", val, None, relative=False)


# After a British "10.30" (a dot, no am/pm, no zone): a number, not a time.
_DECIMAL_RIGHT = re.compile(r"^\s*(?:%|percent|per\s|million|billion|bn\b|m\b|points?\b|times\b|[a-z]+s\b)", re.I)


_GAME_CLOCK_RIGHT = re.compile(r"\s+(?:into|left\b|remaining|to\s+play|of\s+(?:regulation|overtime|extra\s+time|stoppage|"
                               r"the\s+(?:first|second|third|fourth|final)\s+(?:period|quarter|half|round)))", re.I)
_GAME_CLOCK_LEFT = re.compile(r"\b(?:final|first|last|opening|closing)\s+$", re.I)


def h_clock(m, env: Env) -> Hit | None:
    if m.group("mm") and re.match(r"[:.]\d", env.text[m.end(): m.end() + 2]):
        return None  # "finished in 2:05:41": a race time, not a time of day
    if m.group("mm") and not m.group("ap") and not m.group("tz") and (
            _GAME_CLOCK_RIGHT.match(env.text, m.end(), m.end() + 40)
            or _GAME_CLOCK_LEFT.search(env.text, max(0, m.start() - 10), m.start())):
        return None  # "2:55 into overtime", "the final 4:29 of regulation": a game clock
    if m.group("sep") == "." and not m.group("ap") and not m.group("tz"):
        # "at 22.30" is a time, "3.50 percent" is not: a dot needs a preposition of time before it.
        if not _PREP_LEFT.search(env.text[max(0, m.start() - 12): m.start()]) or \
                _DECIMAL_RIGHT.match(env.text[m.end(): m.end() + 12]):
            return None
    h = int(m.group("hh"))
    mi = int(m.group("mm") or 0)
    ap = _norm(m.group("ap")).replace(".", "")
    if ap:
        if h > 12 or h == 0:
            return None
        h = h % 12 + (12 if ap.startswith("p") else 0)
    elif not m.group("mm") or h > 24 or mi > 59:
        return None
    mod = _QUANT_MOD.get(_norm(m.group("quant"))) if m.group("quant") else None
    if m.group("mm"):
        return _mk(m, "time", f"T{h:02d}:{mi:02d}", "minute", mod, relative=False)
    return _mk(m, "time", f"T{h:02d}", "hour", mod, relative=False)  # "5 p.m.": to the hour, as ISO 8601 allows


_POD_RIGHT = re.compile(r"^(?:\s*(?:[.,;:!?)\u2014-]|$)|\s+(?:of|and|or|when|after|before|as|in|at|on|to|the|a|an|"
                        r"hours|shift|until|while|that|[A-Z]\w*)\b)")
_PREP_LEFT = re.compile(r"\b(?:at|before|after|by|until|till|from|since|around|toward|towards)\s+$", re.I)
_DAY_LEFT = re.compile(r"(?:day|yesterday|today|tomorrow|\d)\s*,?\s*$", re.I)
_DAY_RIGHT = re.compile(r"^\s*,?\s*(?:on\s+)?(?:yesterday|today|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
                        re.I)


def h_part_of_day(m, env: Env) -> Hit | None:
    w = _norm(m.group("pod")).replace("mid ", "mid-")
    code = PARTS_OF_DAY.get(w)
    if code is None:
        return None
    if _norm(m.group()).startswith("the ") and not _POD_RIGHT.match(env.text[m.end(): m.end() + 8]):
        if w == "overnight":  # "the overnight attack": one particular night, the adjective without its article
            return Hit(m.start("pod"), m.end(), "time", f"T{code}", "part_of_day", None, False, "part_of_day")
        return None  # "the morning briefing": a noun modifier, not a time
    if m.group() == m.group("pod") and w not in ("noon", "midnight", "overnight") and not (
        _PREP_LEFT.search(env.text[max(0, m.start() - 8): m.start()]) or
        _DAY_LEFT.search(env.text[max(0, m.start() - 12): m.start()]) or _DAY_RIGHT.match(env.text[m.end(): m.end() + 14])
    ):
        return None  # "morning briefing": a bare part of day needs "the"/"this" or a day next to it
    return _mk(m, "time", f"T{code}", "part_of_day", relative=False)


_SET_ADV = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
            "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "quarterly": "P3M"}


def h_set(m, env: Env) -> Hit | None:
    if m.group("sadv"):
        return _mk(m, "set", _SET_ADV[_norm(m.group("sadv"))], None, relative=False)
    if m.group("swd"):
        wd = WEEKDAYS[_norm(m.group("swd")).rstrip("s")]
        return _mk(m, "set", f"XXXX-WXX-{wd}", None, relative=False)
    if m.group("smon"):
        return _mk(m, "set", f"XXXX-{_month(m.group('smon')):02d}", None, relative=False)
    u = _norm(m.group("sunit"))
    if u in PARTS_OF_DAY:
        return _mk(m, "set", f"TXX{PARTS_OF_DAY[u]}" if len(PARTS_OF_DAY[u]) == 2 else "P1D", None, relative=False)
    unit = UNITS.get(u)
    if unit is None:
        return None
    if unit == "Q":
        return _mk(m, "set", "P3M", None, relative=False)
    return _mk(m, "set", cal.duration(1, unit), None, relative=False)



def _h_set(m, env: Env) -> Hit | None:
    if m.group("swd2"):
        wd = WEEKDAYS[_norm(m.group("swd2"))]
        return _mk(m, "set", f"XXXX-WXX-{wd}", None, relative=False)
    return h_set(m, env)


