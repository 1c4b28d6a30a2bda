"""Shared pieces of the time rules: the Hit a rule yields, the Env it reads, regex building blocks.

Hand-written because no maintained Python library detects *and* anchors news time expressions
with spans (dateparser parses a given string; its ``search_dates`` drops offsets and guesses
against today's date, which is exactly what must never happen here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .lexicon import MONTHS, NUMBER_WORDS, ORDINALS, SEASONS, UNITS, WEEKDAY_ABBR, WEEKDAYS, alt

NO_REFERENCE = "refers to a time mentioned earlier, and none was found"


_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?![\d/])")


# "the year ended March 31", "the quarter ending Sept. 29": an accounting period, a length of time.
PERIOD_ENDED = re.compile(r"^\s+(?:ended|ending|that\s+ended|which\s+ended|to)\s", re.I)


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
        self.tense = tense  # callable(pos) -> "past" | "present" | "nearest" | "future" | "forward"
        self.last_quarter: int | None = None  # quarter talked about most recently (earnings reports)
        # The time talked about most recently: "the following year", "two days later" count from it.
        self.last_point: date | None = None
        self._day_first: bool | None = None

    def day_first(self) -> bool:
        """Whether this document writes numeric dates day first (some date's first number is over 12)."""
        if self._day_first is None:
            self._day_first = False
            for m in _SLASH_DATE.finditer(self.text):
                a, b = int(m.group(1)), int(m.group(2))
                if a > 12 >= b:
                    self._day_first = True
                    break
                if b > 12 >= a:
                    break
        return self._day_first

    @property
    def anchor(self) -> date:
        if self._anchor is None:
            raise NoAnchor
        return self._anchor


# ---------------------------------------------------------------- building blocks
_FULL_MONTHS = [k for k in MONTHS if len(k) > 4 or k in ("may", "june", "july")]
# A dot only after an abbreviation: "Sept." is one token, "February." ends a sentence.
_MON = rf"(?:{alt(_FULL_MONTHS)}|(?:{alt(k for k in MONTHS if k not in _FULL_MONTHS)})\.?)"
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
           r"latter\s+part|first\s+part|last\s+part|second\s+half|first\s+half|last\s+half|latter\s+half)\s+of|end\s+of|"
           r"beginning\s+of|start\s+of|earlier\s+in|later\s+in|late\s+in|early\s+in)[-\s]+(?:the\s+)?)")
_SEASON = rf"(?:{alt(SEASONS)})"
# "over the past year": "over" is then a preposition, outside the expression (TIMEX3 spans).
_QUANT = (r"(?P<quant>about|around|approximately|roughly|some|nearly|almost|more\s+than|over(?!\s+the\b)|"
          r"less\s+than|fewer\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|"
          r"well\s+over|barely|the\s+better\s+part\s+of)")
_MOD_WORDS = {
    "early": "START", "beginning": "START", "start": "START", "first part": "START", "first half": "START",
    "mid": "MID", "middle": "MID", "late": "END", "end": "END", "close": "END", "latter part": "END",
    "last part": "END", "second half": "END", "last half": "END", "latter half": "END", "earlier": "EARLIER",
    "later": "LATER",
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



def _rx(p: str) -> re.Pattern:
    return re.compile(rf"(?<![\w'’-])(?<!\d[,.])(?=[^\s,])(?:{p})(?![\w])", re.I)


_WD_PRE = rf"(?:(?P<wd0>{_WD})\s*,?\s+)?"
_YEAR_G = rf"(?:,?\s+(?:(?P<year>{_YEAR})|(?P<yr_sp>{_SPOKEN_YEAR})))?"


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

