"""Detection rules: precompiled TIMEX3-style patterns (HeidelTime-like) and what each one means.

Each rule is a compiled regex plus a handler turning a match into a ``Hit``: the TIMEX3 type and
value, resolved against ``Env.anchor`` (the publication date). A handler that needs the anchor
when there is none raises ``NoAnchor``; the engine then keeps the expression unresolved.
Hand-written because no maintained Python library detects *and* anchors news time expressions
with spans (dateparser parses a given string; its ``search_dates`` drops offsets and guesses
against today's date, which is exactly what must never happen here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from . import calendar as cal
from .lexicon import (
    AMBIGUOUS_MONTHS, MONTHS, NUMBER_WORDS, ORDINALS, PARTS_OF_DAY, SEASONS, UNITS, VAGUE, WEEKDAY_ABBR,
    WEEKDAYS, alt, number, year_words,
)


class NoAnchor(Exception):
    """The expression is relative and the article has no publication date."""


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    type: str  # date | time | duration | set
    value: str | None
    granularity: str | None = None
    mod: str | None = None
    relative: bool = True  # needed the anchor
    rule: str = ""
    reason: str | None = None
    extent: tuple | None = None  # (direction, unit, n): a duration reaching back/ahead from the anchor


class Env:
    """What handlers may consult: the anchor, tense around a position, and the document so far."""

    def __init__(self, text: str, anchor: date | None, tense):
        self.text = text
        self._anchor = anchor
        self.tense = tense  # callable(pos) -> "past" | "present" | "future"
        self.last_quarter: int | None = None  # quarter talked about most recently (earnings reports)
        # The time talked about most recently: "the following year", "two days later" count from it.
        self.last_point: date | None = None

    @property
    def anchor(self) -> date:
        if self._anchor is None:
            raise NoAnchor
        return self._anchor


# ---------------------------------------------------------------- building blocks
_MON = rf"(?:{alt(k for k in MONTHS if len(k) > 4 or k in ('may', 'june', 'july'))}|(?:{alt(k for k in MONTHS if len(k) <= 4 and k not in ('may', 'june', 'july'))})\.?)"
_WD = rf"(?:{alt(k for k in WEEKDAYS if k not in WEEKDAY_ABBR)}|(?:{alt(WEEKDAY_ABBR)})\.)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY = rf"(?:{_DAYNUM}|{alt(ORDINALS)})"
_YEAR = r"(?:1[6-9]\d\d|20\d\d|'\d\d)(?!\d)"
_SPOKEN_YEAR = (r"(?:(?:nineteen|twenty)[\s-]+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                r"seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)"
                r"|two\s+thousand(?:\s+and)?(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)")
_NUM = rf"(?:\d{{1,3}}(?:\.\d+)?(?:\s+\d/\d)?|{alt(NUMBER_WORDS)})"
_UNIT = rf"(?:{alt(UNITS)})"
_MODPRE = (r"(?:(?P<mod>early|earlier|mid|middle|late|later|the\s+(?:early|middle|end|beginning|start|close|"
           r"latter\s+part|first\s+part|last\s+part|second\s+half|first\s+half)\s+of|end\s+of|"
           r"beginning\s+of|start\s+of|earlier\s+in|later\s+in|late\s+in|early\s+in)[-\s]+(?:the\s+)?)")
_SEASON = rf"(?:{alt(SEASONS)})"
_QUANT = (r"(?P<quant>about|around|approximately|roughly|some|nearly|almost|more\s+than|over|less\s+than|"
          r"fewer\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|just|only|"
          r"well\s+over|barely|the\s+better\s+part\s+of)")
_MOD_WORDS = {
    "early": "START", "beginning": "START", "start": "START", "first part": "START", "first half": "START",
    "mid": "MID", "middle": "MID", "late": "END", "end": "END", "close": "END", "latter part": "END",
    "last part": "END", "second half": "END", "earlier": "EARLIER", "later": "LATER",
}
_QUANT_MOD = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX", "some": "APPROX",
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN", "fewer than": "LESS_THAN",
    "under": "LESS_THAN", "barely": "LESS_THAN", "more than": "MORE_THAN", "over": "MORE_THAN",
    "well over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}
# A month name alone ("May", "March") is an ordinary word unless a temporal word precedes it.
_TEMPORAL_LEFT = re.compile(
    r"(?:\b(?:in|since|until|till|by|through|from|to|of|during|before|after|last|this|next|early|late|mid|"
    r"between|and|or|until|for|on|around|about|past|coming|end|beginning|start|middle)[\s-]+)$", re.I)
_WS = re.compile(r"\s+")


def _norm(s: str | None) -> str:
    return _WS.sub(" ", s.strip().lower()) if s else ""


def _month(s: str) -> int:
    return MONTHS[_norm(s).rstrip(".")]


def _mod(m) -> str | None:
    w = _norm(m.groupdict().get("mod"))
    if not w:
        return None
    w = re.sub(r"^the |\bof$| of$|^(?:in|of)$", "", w).strip()
    w = w.replace(" in", "").strip()
    return _MOD_WORDS.get(w)


def _year(s: str, anchor: date | None) -> int:
    s = s.strip()
    if s.startswith("'"):
        yy = int(s[1:])
        century = (anchor.year // 100 * 100) if anchor else 1900
        y = century + yy
        if anchor and y > anchor.year + 10:
            y -= 100
        return y
    return int(s)


def _day(s: str) -> int:
    w = _norm(s)
    if w in ORDINALS:
        return ORDINALS[w]
    return int(re.match(r"\d+", w).group())


def _mk(m, type_, value, gran=None, mod=None, relative=True, rule="") -> Hit:
    return Hit(m.start(), m.end(), type_, value, gran, mod, relative, rule)


# ---------------------------------------------------------------- handlers
def _month_is_word(m, text: str, group: str = "mon") -> bool:
    """True when the month token is lower-case ("may", "march") or an ambiguous word without context."""
    tok = m.group(group)
    if tok[0].islower():
        return True
    if _norm(tok).rstrip(".") in AMBIGUOUS_MONTHS and not tok.endswith("."):
        left = text[max(0, m.start(group) - 20): m.start(group)]
        return not _TEMPORAL_LEFT.search(left)
    return False


def h_full_date(m, env: Env) -> Hit | None:
    if m.group("mon")[0].islower():
        return None
    mon, day = _month(m.group("mon")), _day(m.group("day"))
    if m.group("year"):
        y, rel = _year(m.group("year"), env._anchor), False
    elif m.group("yr_sp"):
        y, rel = year_words(m.group("yr_sp")), False
    else:
        y, rel = cal.year_for(env.anchor, mon, day, env.tense(m.start())), True
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
    suffix = _norm(m.group("yrel"))
    if m.group("year"):
        y, relative = _year(m.group("year"), env._anchor), False
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
        # Month first (US wire style) unless the first number cannot be a month.
        mo, d = (b, a) if a > 12 else (a, b)
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
    return _mk(m, "date", f"{y:04d}", "year", _mod(m), relative=False)


def h_decade(m, env: Env) -> Hit | None:
    if m.group("dec4"):
        y = int(m.group("dec4"))
    elif m.group("dec2"):
        yy = int(m.group("dec2"))
        y = (1900 if not env._anchor or yy > env._anchor.year % 100 else 2000) + yy
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
            y = a.year if date(a.year, start_month, 1) <= a or env.tense(m.start()) == "future" else a.year - 1
        relative = True
    if not half:
        env.last_quarter = q
    return _mk(m, "date", f"{y:04d}-{'H' if half else 'Q'}{q}", "quarter" if not half else "half", relative=relative)


def h_rel_quarter(m, env: Env) -> Hit | None:
    a = env.anchor
    w = _norm(m.group("rq") or m.group("rq2"))
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


def h_weekday(m, env: Env) -> Hit | None:
    wd = WEEKDAYS[_norm(m.group("wd")).rstrip(".")]
    rel = _norm(m.group("wrel"))
    a = env.anchor
    if rel in ("last", "the previous", "this past", "the prior"):
        d = cal.nearest_weekday(a, wd, "last")
    elif rel in ("next", "this coming", "the following", "coming"):
        d = cal.nearest_weekday(a, wd, "next")
    else:
        tense = env.tense(m.start("wd"))
        if tense == "future":
            d = cal.nearest_weekday(a, wd, "future")
        elif tense == "present":
            back, fwd = cal.nearest_weekday(a, wd, "past"), cal.nearest_weekday(a, wd, "future")
            d = back if (a - back) <= (fwd - a) else fwd
        else:
            d = cal.nearest_weekday(a, wd, "past")
    return _mk(m, "date", d.isoformat(), "day", _mod(m))


NO_REFERENCE = "refers to a time mentioned earlier, and none was found"
# Words that count from the time mentioned last rather than from publication.
_NARRATIVE = {"the following", "the previous", "the prior", "that", "the same", "the preceding"}
_REL_WORD = {"last": -1, "the last": -1, "the past": -1, "the previous": -1, "previous": -1, "this past": -1,
             "the prior": -1, "this": 0, "the current": 0, "current": 0, "the present": 0, "next": 1,
             "the next": 1, "the coming": 1, "this coming": 1, "the following": 1, "coming": 1,
             "the same": None, "that": None, "the preceding": -1, "the full": 0, "the latest": -1,
             "the whole": 0, "the entire": 0}


def h_rel_unit(m, env: Env) -> Hit | None:
    """"last week", "earlier this month", "next year", "this summer", "the weekend"."""
    w, unit = _norm(m.group("rel")), _norm(m.group("runit"))
    a = env._anchor if w in _NARRATIVE and env.last_point is not None else env.anchor
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
            n = 0 if env.tense(m.start()) == "future" or a.isoweekday() >= 6 else -1
        d = cal.shift(a, "W", n)
        return _mk(m, "date", cal.fmt(d, "weekend"), "week", _mod(m))
    n = _REL_WORD.get(w, 0)
    base = a
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
    unit = UNITS[_norm(m.group("aunit")).rstrip("s") if _norm(m.group("aunit")) not in UNITS else _norm(m.group("aunit"))]
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
    elif pre in ("another", "an additional") or (pre and pre != "the" and not plural):
        n = 1  # "the past year", "another week"
    elif pre and pre != "the" and plural:
        n = None  # "the past weeks"
    elif plural and not pre and (_VAGUE_LEFT.search(env.text[max(0, m.start() - 6): m.start()])
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


def h_ref(m, env: Env) -> Hit | None:
    w = _norm(m.group("ref"))
    w = re.sub(r"^in ", "", w) if w not in _REF else w
    val = _REF.get(w)
    if val is None:
        return None
    # Present/past/future references are resolved by definition: the anchor is only context.
    return _mk(m, "date", val, None, relative=False)


def h_clock(m, env: Env) -> Hit | None:
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
    return _mk(m, "time", f"T{h:02d}:{mi:02d}", "minute", mod, relative=False)


_POD_RIGHT = re.compile(r"^(?:\s*(?:[.,;:!?)\u2014-]|$)|\s+(?:of|and|or|when|after|before|as|in|at|on|to|the|a|an|"
                        r"hours|shift|until|while|[A-Z]\w*)\b)")
_DAY_LEFT = re.compile(r"(?:day|yesterday|today|tomorrow|\d)\s*,?\s*$", re.I)
_DAY_RIGHT = re.compile(r"^\s*,?\s*(?:on\s+)?(?:yesterday|today|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
                        re.I)


def h_part_of_day(m, env: Env) -> Hit | None:
    w = _norm(m.group("pod")).replace("mid ", "mid-")
    code = PARTS_OF_DAY.get(w)
    if code is None:
        return None
    if _norm(m.group()).startswith("the ") and not _POD_RIGHT.match(env.text[m.end(): m.end() + 8]):
        return None  # "the morning briefing": a noun modifier, not a time
    if m.group() == m.group("pod") and w not in ("noon", "midnight", "overnight") and not (
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


# ---------------------------------------------------------------- the rule table
def _rx(p: str) -> re.Pattern:
    return re.compile(rf"(?<![\w'’-])(?<!\d[,.])(?=[^\s,])(?:{p})(?![\w])", re.I)


_WD_PRE = rf"(?:(?P<wd0>{_WD})\s*,?\s+)?"
_YEAR_G = rf"(?:,?\s+(?:(?P<year>{_YEAR})|(?P<yr_sp>{_SPOKEN_YEAR})))?"

RULES: list[tuple[str, re.Pattern, object]] = [
    ("set", _rx(
        rf"(?:(?:every|each|once\s+a|twice\s+a|per)\s+(?:other\s+)?(?:(?P<swd>{_WD})|(?P<smon>{_MON})|(?P<sunit>"
        rf"{_UNIT}|morning|afternoon|evening|night))"
        rf"|(?P<sadv>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly)"
        rf"|(?:on\s+)?(?P<swd_pl>(?P<swd2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s)(?=\b))"),
     None),  # handled specially below for the plural weekday group
    ("full_date", _rx(rf"{_WD_PRE}(?:the\s+)?(?:(?P<mon>{_MON})\s+(?:the\s+)?(?P<day>{_DAY})(?!\d|:\d)"
                      rf"|(?P<day_b>{_DAY})(?:\s+of)?\s+(?P<mon_b>{_MON})){_YEAR_G}"), None),
    ("numeric_date", _rx(r"(?P<iso_y>\d{4})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)|(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})"),
     h_numeric_date),
    ("month", _rx(rf"{_MODPRE}?(?:(?P<rel>last|this\s+past|this\s+coming|this|next)\s+)?(?P<mon>{_MON})"
                  rf"(?:(?:,?\s+|\s+of\s+)(?P<year>{_YEAR})|\s+(?P<yrel>last\s+year|this\s+year|next\s+year)|"
                  rf"\s+of\s+(?P<ynarr>that|the\s+same|the\s+following|the\s+previous|the\s+next)\s+year)?"),
     h_month),
    ("quarter", _rx(
        rf"(?:(?P<qpre>(?:this|last|next)\s+year[’']s|the\s+year[-\s](?:ago|earlier)|year[-\s](?:ago|earlier)|"
        rf"the|its|their|this|that|a|the\s+comparable\s+year[-\s]ago)\s+)?(?:(?P<qyear>{_YEAR})\s+)?(?:fiscal[-\s]+)?"
        rf"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+(?:fiscal[-\s]+)?(?P<qunit>quarter|half)"
        rf"(?:\s+of\s+(?:fiscal\s+)?(?P<qyear2>{_YEAR})|\s+(?P<qyrel>last\s+year|this\s+year|next\s+year))?"),
     None),
    ("rel_quarter", _rx(r"(?P<rq>this|the\s+current|the\s+present|next|the\s+next|the\s+coming|the\s+following|last|"
                        r"the\s+latest|the\s+previous|the\s+most\s+recent|the\s+same|that|the)\s+(?:fiscal\s+)?quarter"
                        r"(?!s)|(?P<rq2>the\s+latest)\s+period"), h_rel_quarter),
    ("decade", _rx(rf"(?:the\s+)?{_MODPRE}?(?:(?P<dec4>1[6-9]\d0|20\d0)[’']?s|[’'](?P<dec2>\d0)s|"
                   r"(?P<decw>(?:the\s+)?(?:nineteen[\s-]+)?(?:twenties|thirties|forties|fifties|sixties|seventies|"
                   r"eighties|nineties)))"), h_decade),
    ("century", _rx(rf"(?:the\s+)?{_MODPRE}?(?P<cent>\d{{1,2}}(?:st|nd|rd|th)|{alt(ORDINALS)})[-\s]+century"),
     h_century),
    ("year", _rx(rf"{_MODPRE}?(?:(?P<yr_pre>fiscal(?:\s+year)?|the\s+year|calendar(?:\s+year)?|year)\s+)?"
                 rf"(?:(?P<year4>1[6-9]\d\d|20\d\d)(?!\d)|(?P<yr_sp>{_SPOKEN_YEAR}))"), h_year),
    ("deictic", _rx(r"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<deic>the\s+day\s+before\s+yesterday|"
                    r"the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|this\s+morning|"
                    r"this\s+afternoon|this\s+evening|last\s+night|last\s+evening)"), h_deictic),
    ("weekday", _rx(rf"(?:(?P<mod>early|late|earlier|later)\s+)?(?:(?P<wrel>last|next|this\s+past|this\s+coming|"
                    rf"the\s+previous|the\s+following|the\s+prior|coming)\s+)?(?P<wd>{_WD})(?!s\b)"), h_weekday),
    ("rel_unit", _rx(rf"{_MODPRE}?(?P<rel>last|this\s+past|this\s+coming|this|next|the\s+previous|the\s+prior|"
                     rf"the\s+coming|the\s+following|the\s+current|current|the\s+present|the\s+same|that|the\s+preceding|"
                     rf"the\s+full|the\s+latest|the\s+whole|the\s+entire|the)\s+"
                     rf"(?:fiscal\s+|calendar\s+)?(?P<runit>day|week|weekend|month|year|decade|century|{_SEASON})"
                     rf"(?![-\w])"), h_rel_unit),
    ("year_ago", _rx(r"(?:the\s+)?(?:comparable\s+|corresponding\s+|same\s+)?year[-\s](?:ago|earlier)"
                     r"(?:\s+(?P<yaq>period|quarter|(?:first|second|third|fourth)\s+quarter))?"), h_year_ago),
    ("year_end", _rx(rf"(?:around\s+|at\s+)?(?:the\s+)?(?:year[-\s]end|year[’']s\s+end)(?:\s+(?P<yeyear>{_YEAR}))?"),
     h_year_end),
    ("ago", _rx(rf"(?:{_QUANT}\s+)?(?P<an>{_NUM}|several|a\s+few|a\s+couple\s+of)\s+(?P<aunit>{_UNIT}s?|centuries)"
                r"(?:\s+or\s+so)?\s+(?P<adir>ago|earlier|later|from\s+now|hence|back)"), h_ago),
    ("duration", _rx(
        rf"(?:(?P<each>each\s+of\s+)?(?:{_QUANT}\s+)?(?P<dpre>the\s+(?:past|last|next|first|previous|coming|following|"
        rf"latest|final|remaining|initial|latter|ensuing|preceding)\s+|the\s+|(?P<dpre2>another|an\s+additional)\s+)?"
        rf"(?P<dn>{_NUM}|several|a\s+few|few|some|many|a\s+number\s+of|recent|coming)?"
        rf"(?:\s+(?:to|or)\s+(?P<dn2>{_NUM}))?\s*[-\s]?(?P<dunit>{_UNIT}s?|centuries|millennia)"
        rf"(?P<dhalf>\s+and\s+a\s+half)?(?:\s+or\s+so)?)"
        rf"|(?P<dfor>(?:(?<=for\s)|(?<=in\s))(?:days|weeks|months|years|decades|hours|minutes)|"
        rf"(?:hours|days|weeks|months|years|decades)(?=\s+(?:after|before|later|earlier|into|ago)\b))"), h_duration),
    ("ref", _rx(r"(?P<ref>right\s+now|now|currently|at\s+present|presently|nowadays|these\s+days|"
                r"at\s+the\s+moment|recently|more\s+recently|lately|(?:in\s+)?the\s+past|"
                r"soon|the\s+(?:near\s+|distant\s+)?future|the\s+(?:near|short|long)\s+term|"
                r"as\s+soon\s+as\s+possible|shortly)"), h_ref),
    ("clock", _rx(rf"(?:{_QUANT}\s+)?(?P<hh>[01]?\d|2[0-4])(?::(?P<mm>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)?"
                  r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|BST|CET|CEST|MSK|EET|EEST|local\s+time))?"), h_clock),
    ("part_of_day", _rx(r"(?:the\s+|early\s+|late\s+)?(?P<pod>morning|afternoon|mid[-\s]?afternoon|evening|night|"
                        r"overnight|midday|noon|midnight)"), h_part_of_day),
]


def _h_set(m, env: Env) -> Hit | None:
    if m.group("swd2"):
        wd = WEEKDAYS[_norm(m.group("swd2"))]
        return _mk(m, "set", f"XXXX-WXX-{wd}", None, relative=False)
    return h_set(m, env)


class _Alias:
    """A match seen through renamed groups, so two word orders share one handler."""

    def __init__(self, m, names: dict[str, str]):
        self._m, self._names = m, names

    def group(self, name=0):
        return self._m.group(self._names.get(name, name))

    def start(self, name=0):
        return self._m.start(self._names.get(name, name))

    def end(self, name=0):
        return self._m.end(self._names.get(name, name))

    def groupdict(self):
        return self._m.groupdict()


def _h_full_date(m, env: Env) -> Hit | None:
    """Both orders ("September 3", "24 February") feed the same handler."""
    if m.group("mon_b"):
        return h_full_date(_Alias(m, {"mon": "mon_b", "day": "day_b"}), env)
    return h_full_date(m, env)


def _h_quarter(m, env: Env) -> Hit | None:
    if m.group("qyear2") and not m.group("qyear"):
        return h_quarter(_Alias(m, {"qyear": "qyear2"}), env)
    return h_quarter(m, env)


_SPECIAL = {"set": _h_set, "full_date": _h_full_date, "quarter": _h_quarter}
RULES = [(name, rx, _SPECIAL.get(name, h)) for name, rx, h in RULES]
