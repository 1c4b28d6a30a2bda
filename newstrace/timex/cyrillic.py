"""Ukrainian and Russian time expressions: "24 лютого", "в понеділок", "минулого тижня", "вчера".

Resolved against the publication date as the English rules are (calendar.py: a day-month without a
year is the nearest one at or before publication; a weekday is the last one on or before it;
"минулого тижня" the ISO week before). Hand-written rules rather than dateparser: dateparser parses a
given string but does not find expressions in running text with offsets, and its relative dates
resolve against the clock, not the article's publication date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import TimeRef
from . import calendar as cal

_AP = "['’ʼ]"
# Month stems: genitive "лютого/февраля", locative "у лютому/в феврале", nominative.
_MONTHS = [
    (1, r"січ(?:ня|ні|ень)|январ(?:я|е|ь)"), (2, r"лют(?:ого|ому|ий)|феврал(?:я|е|ь)"),
    (3, r"берез(?:ня|ні|ень)|март(?:а|е)?"), (4, r"квіт(?:ня|ні|ень)|апрел(?:я|е|ь)"),
    (5, r"трав(?:ня|ні|ень)|ма(?:я|е|й)"), (6, r"черв(?:ня|ні|ень)|июн(?:я|е|ь)"),
    (7, r"лип(?:ня|ні|ень)|июл(?:я|е|ь)"), (8, r"серп(?:ня|ні|ень)|август(?:а|е)?"),
    (9, r"верес(?:ня|ні|ень)|сентябр(?:я|е|ь)"), (10, r"жовт(?:ня|ні|ень)|октябр(?:я|е|ь)"),
    (11, r"листопад(?:а|і)?|ноябр(?:я|е|ь)"), (12, r"груд(?:ня|ні|ень)|декабр(?:я|е|ь)"),
]
_MONTH_ALT = "|".join(f"(?:{p})" for _, p in _MONTHS)
_WEEKDAYS = [
    (1, r"понеділ(?:ок|ка)|понедельник(?:а)?"), (2, r"вівтор(?:ок|ка)|вторник(?:а)?"),
    (3, r"серед(?:у|а|и)|сред(?:у|а|ы)"), (4, r"четвер(?:га)?|четверг(?:а)?"),
    (5, rf"п{_AP}ятниц(?:ю|я|і)|пятниц(?:у|а|ы)"), (6, r"субот(?:у|а|и)|суббот(?:у|а|ы)"),
    (7, r"неділ(?:ю|я|і)|воскресень(?:е|я)"),
]
_WD_ALT = "|".join(f"(?:{p})" for _, p in _WEEKDAYS)
_YEAR_WORD = r"(?:\s*(?:року|р\.|роки|года|году|г\.))?"

_DAY_MONTH = re.compile(rf"(?<![\w-])(?P<d>[0-3]?\d)\s+(?P<m>{_MONTH_ALT})(?:\s+(?P<y>(?:19|20)\d\d){_YEAR_WORD})?(?!\w)", re.I)
_MONTH_ONLY = re.compile(
    rf"(?<!\w)(?P<pre>на\s+початку|з\s+початку|від\s+початку|наприкінці|в\s+кінці|у\s+кінці|в\s+середині|у\s+середині|"
    rf"в\s+начале|с\s+начала|в\s+конце|в\s+середине|у|в)\s+(?P<m>{_MONTH_ALT})(?:\s+(?P<y>(?:19|20)\d\d){_YEAR_WORD})?(?!\w)",
    re.I)
_WEEKDAY = re.compile(
    rf"(?<!\w)(?:(?:у|в|во)\s+(?:ніч\s+(?:на|проти)\s+|ночь\s+на\s+)?|(?:у|в)\s+ніч\s+на\s+|в\s+ночь\s+на\s+)?"
    rf"(?P<rel>минул(?:ий|у|ого|ої|е)\s+|попередн(?:ій|ю|ього)\s+|прошл(?:ый|ую|ое|ой)\s+|"
    rf"наступн(?:ий|у|ого|ої)\s+|следующ(?:ий|ую|ее|ей)\s+|цього\s+|этого\s+|эту\s+|цю\s+|цей\s+|этот\s+)?"
    rf"(?P<wd>{_WD_ALT})(?!\w)", re.I)
_DEICTIC = {r"сьогодні|сегодня": 0, r"учора|вчора|вчера": -1, r"позавчора|позавчера": -2,
            r"завтра": 1, r"післязавтра|послезавтра": 2}
_DEICTIC_RE = re.compile(r"(?<!\w)(?P<w>" + "|".join(_DEICTIC) + r")(?!\w)", re.I)
_REL_UNIT = re.compile(
    r"(?<!\w)(?P<rel>минул(?:ого|ий|ому|ої|у|ім)|попередн(?:ього|ій|ьому)|прошл(?:ой|ую|ом|ого|ый|ые)|"
    r"ц(?:ього|ей|ьому|ю|ій|ього)|эт(?:ой|ом|ого|от|у)|наступн(?:ого|ий|ому|ої|у)|следующ(?:ей|ем|его|ий|ую))\s+"
    r"(?P<u>тижн(?:я|і)|тиждень|місяц(?:я|і|ь)|рок(?:у|ом)|рік|недел(?:и|е|ю|я)|месяц(?:а|е)?|год(?:а|у)?)(?!\w)", re.I)
_UNIT = {"тиж": ("W", "week"), "міс": ("M", "month"), "рок": ("Y", "year"), "рік": ("Y", "year"),
         "нед": ("W", "week"), "мес": ("M", "month"), "год": ("Y", "year")}
_MOD = {"на початку": "START", "з початку": "START", "від початку": "START", "в начале": "START", "с начала": "START",
        "наприкінці": "END", "в кінці": "END", "у кінці": "END", "в конце": "END",
        "в середині": "MID", "у середині": "MID", "в середине": "MID"}
# Words before a date that make it the coming one ("до 15 березня", "планують у квітні").
_FUTURE = re.compile(r"\b(?:буде|будуть|будет|будут|планує|планують|планирует|планируют|наступн\w*|следующ\w*|"
                     r"має\s+відбутися|должен|должна|должны|\w+тиме|\w+тимуть|почне|почнеться|почнуться|"
                     r"начнет|начнёт|начнется|начнётся|начнутся|відбудеться|состоится|заплановано|запланирован\w*)\b", re.I)
MAX_CHARS = 100_000  # same bound as the English engine
NO_ANCHOR = "no publication date to resolve a relative expression against"


def _lookup(table, word: str) -> int:
    return next(k for k, p in table if re.fullmatch(p, word, re.I))


def _tense(text: str, pos: int) -> str:
    s = max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos)) + 1
    e = text.find(".", pos)
    return "future" if _FUTURE.search(text, s, e if e >= 0 else len(text)) else "past"


def _ref(start: int, end: int, value: str | None, gran: str, anchor: date | None, mod=None, relative=True) -> TimeRef:
    if value is None or (relative and anchor is None):
        return TimeRef(start, end, "date", None, granularity=gran, resolved=False, reason=NO_ANCHOR)
    rng = cal.value_range(value)
    return TimeRef(start, end, "date", value, range_start=rng[0].isoformat() if rng else None,
                   range_end=rng[1].isoformat() if rng else None, granularity=gran, resolved=True,
                   anchor=anchor.isoformat() if anchor and relative else None, mod=mod)


def extract(text: str, anchor: date | None) -> list[TimeRef]:
    """Ukrainian/Russian date expressions in ``text`` (the longest wins where they overlap)."""
    text = text[:MAX_CHARS]
    found: list[TimeRef] = []
    for m in _DAY_MONTH.finditer(text):
        day, month = int(m.group("d")), _lookup(_MONTHS, m.group("m"))
        year = int(m.group("y")) if m.group("y") else (
            cal.year_for(anchor, month, day, _tense(text, m.start())) if anchor else None)
        try:
            value = date(year, month, day).isoformat() if year else None
        except ValueError:
            continue
        found.append(_ref(m.start(), m.end(), value, "day", anchor, relative=not m.group("y")))
    for m in _MONTH_ONLY.finditer(text):
        month = _lookup(_MONTHS, m.group("m"))
        pre = re.sub(r"\s+", " ", m.group("pre").lower())
        year = int(m.group("y")) if m.group("y") else (
            cal.year_for(anchor, month, None, _tense(text, m.start())) if anchor else None)
        start = m.start("m") if pre in ("у", "в") else m.start()
        found.append(_ref(start, m.end(), f"{year:04d}-{month:02d}" if year else None, "month", anchor,
                          _MOD.get(pre), relative=not m.group("y")))
    for m in _WEEKDAY.finditer(text):
        wd = _lookup(_WEEKDAYS, m.group("wd"))
        rel = (m.group("rel") or "").strip().lower()
        d = None
        if anchor:
            if rel.startswith(("минул", "попередн", "прошл")):
                d = cal.nearest_weekday(anchor, wd, "last")
            elif rel.startswith(("наступн", "следующ")):
                d = cal.nearest_weekday(anchor, wd, "next")
            else:
                d = cal.nearest_weekday(anchor, wd, "future" if _tense(text, m.start()) == "future" else "past")
        found.append(_ref(m.start(), m.end(), d.isoformat() if d else None, "day", anchor))
    for m in _DEICTIC_RE.finditer(text):
        n = next(v for k, v in _DEICTIC.items() if re.fullmatch(k, m.group("w"), re.I))
        found.append(_ref(m.start(), m.end(), (anchor + timedelta(days=n)).isoformat() if anchor else None, "day", anchor))
    for m in _REL_UNIT.finditer(text):
        unit, gran = next(v for k, v in _UNIT.items() if m.group("u").lower().startswith(k))
        rel = m.group("rel").lower()
        n = -1 if rel.startswith(("минул", "попередн", "прошл")) else 1 if rel.startswith(("наступн", "следующ")) else 0
        found.append(_ref(m.start(), m.end(), cal.fmt(cal.shift(anchor, unit, n), gran) if anchor else None, gran, anchor))
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out: list[TimeRef] = []
    for r in sorted(found, key=lambda r: -(r.end - r.start)):
        if not any(o.start < r.end and r.start < o.end for o in out):
            out.append(r)
    return sorted(out, key=lambda r: r.start)


__all__ = ["extract"]
