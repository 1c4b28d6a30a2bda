"""Calendar arithmetic and TIMEX3/ISO 8601 value formatting, anchored on a publication date.

Values follow TIMEX3, a superset of ISO 8601: "2022-02-24", "2022-W35", "2022-08", "2022-Q3",
"2022-SU" (season), "2022" , "202" (decade), "20" (century), "2022-08-27TNI" (part of day),
"P6M" (duration), "PRESENT_REF". ``value_range`` turns a point value into its first and last day.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# Fraction of a period covered by "early" / "mid" / "late": a third each, as HeidelTime reads them.
_MOD_THIRDS = {"START": (0.0, 1 / 3), "MID": (1 / 3, 2 / 3), "END": (2 / 3, 1.0)}
# Northern-hemisphere meteorological seasons (the outlets in scope are mostly northern).
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year = d.year + y
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    month = m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def shift(d: date, unit: str, n: int) -> date:
    """``d`` moved by ``n`` units (D, W, M, Q, Y, DE, CE)."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit in ("W", "WE"):
        return d + timedelta(weeks=n)
    if unit == "2W":
        return d + timedelta(weeks=2 * n)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        return d
    return add_months(d, months * n)


GRANULARITY = {"D": "day", "W": "week", "WE": "week", "M": "month", "Q": "quarter", "Y": "year",
               "DE": "decade", "CE": "century", "2W": "week"}


def fmt(d: date, gran: str) -> str:
    """``d`` written at a granularity (day, week, month, quarter, year, decade, century)."""
    if gran == "day":
        return d.isoformat()
    if gran == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if gran == "weekend":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}-WE"
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "year":
        return f"{d.year:04d}"
    if gran == "decade":
        return f"{d.year // 10:03d}"
    if gran == "century":
        return f"{d.year // 100:02d}"
    raise ValueError(gran)


def nearest_weekday(anchor: date, weekday: int, direction: str) -> date:
    """The ``weekday`` (1=Monday) nearest ``anchor``: on or before it (past), on or after (future).

    "last"/"next" (strict) skip the anchor's own day.
    """
    diff = weekday - anchor.isoweekday()
    if direction in ("past", "last"):
        back = (-diff) % 7
        if back == 0 and direction == "last":
            back = 7
        return anchor - timedelta(days=back)
    fwd = diff % 7
    if fwd == 0 and direction == "next":
        fwd = 7
    return anchor + timedelta(days=fwd)


# How far from publication an undated month/day may fall either side when the sentence is in the
# present tense ("the dividend is payable Dec. 15"): half a year, so the nearest occurrence wins.
PRESENT_WINDOW_DAYS = 183
# After a deadline word ("until", "payable", "ahead of"), a date up to a quarter ahead of publication is
# read as the coming one; further ahead, "by March" more likely tells of the past.
FORWARD_WINDOW_DAYS = 92


def year_for(anchor: date, month: int, day: int | None, tense: str) -> int:
    """The year of a "24 February" / "August" with no year: at or before publication unless future.

    Near year boundaries this picks last year ("December 28" in an article of January 3).
    """
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(y, month, day or 1)
        except ValueError:
            continue
        end = d if day else date(y, month, calendar.monthrange(y, month)[1])
        start = d
        if tense == "future":
            ok = end >= anchor
        elif tense == "forward":  # "payable Dec. 15", "until March 4": a deadline, if it is soon
            ok = anchor <= end and (start - anchor).days <= FORWARD_WINDOW_DAYS
        elif tense in ("present", "nearest"):  # "payable Dec. 15": the nearest occurrence either side
            ok = abs((start - anchor).days) <= PRESENT_WINDOW_DAYS
        else:
            ok = start <= anchor
        if ok:
            key = abs((start - anchor).days)
            if best is None or key < best[0]:
                best = (key, y)
    if best is None and tense == "forward":
        return year_for(anchor, month, day, "past")
    return best[1] if best else anchor.year


def easter(year: int, orthodox: bool = False) -> date:
    """Easter Sunday (Gregorian date) by the anonymous Gregorian / Meeus Julian algorithms."""
    if orthodox:
        a, b, c = year % 4, year % 7, year % 19
        d = (19 * c + 15) % 30
        e = (2 * a + 4 * b - d + 34) % 7
        month, day = divmod(d + e + 114, 31)
        julian = date(year, month, day + 1)
        return julian + timedelta(days=year // 100 - year // 400 - 2)  # Julian -> Gregorian offset
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return date(year, month, day + 1)


def pick_year(anchor: date, dated, tense: str) -> date:
    """The occurrence of a yearly day (``dated(year) -> date``) that the tense points to."""
    options = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(dated(y))
        except (ValueError, OverflowError):
            continue
    if tense == "future":
        ok = [d for d in options if d >= anchor]
    elif tense == "forward":
        ok = [d for d in options if anchor <= d and (d - anchor).days <= FORWARD_WINDOW_DAYS]
    elif tense in ("present", "nearest"):
        ok = [d for d in options if abs((d - anchor).days) <= PRESENT_WINDOW_DAYS]
    else:
        ok = []
    ok = ok or [d for d in options if d <= anchor] or options
    return min(ok, key=lambda d: abs((d - anchor).days))


_VALUE_FORMS = [
    (re.compile(r"^(\d{4})-(\d\d)-(\d\d)"), "day"),
    (re.compile(r"^(\d{4})-W(\d\d)(-WE)?$"), "week"),
    (re.compile(r"^(\d{4})-(\d\d)$"), "month"),
    (re.compile(r"^(\d{4})-Q(\d)$"), "quarter"),
    (re.compile(r"^(\d{4})-H(\d)$"), "half"),
    (re.compile(r"^(\d{4})-(SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{3})$"), "decade"),
    (re.compile(r"^(\d{2})$"), "century"),
]


def value_range(value: str) -> tuple[date, date] | None:
    """First and last day covered by a TIMEX3 point value or an ISO 8601 interval ("2024-02-23/2024-02-24"),
    or None when it is not a calendar point."""
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = value_range(first), value_range(last)
        return (a[0], b[1]) if a and b and a[0] <= b[1] else None
    for rx, kind in _VALUE_FORMS:
        m = rx.match(value)
        if not m:
            continue
        try:
            a = int(m.group(1))
            if kind == "day":
                d = date(a, int(m.group(2)), int(m.group(3)))
                return d, d
            if kind == "week":
                s = date.fromisocalendar(a, int(m.group(2)), 1)
                if m.group(3):
                    return s + timedelta(days=5), s + timedelta(days=6)
                return s, s + timedelta(days=6)
            if kind == "month":
                mo = int(m.group(2))
                return date(a, mo, 1), date(a, mo, calendar.monthrange(a, mo)[1])
            if kind in ("quarter", "half"):
                n = int(m.group(2))
                span = 3 if kind == "quarter" else 6
                s = date(a, (n - 1) * span + 1, 1)
                return s, add_months(s, span) - timedelta(days=1)
            if kind == "season":
                m1, m2 = _SEASON_MONTHS[m.group(2)]
                y2 = a + 1 if m2 < m1 else a
                return date(a, m1, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])
            if kind == "year":
                return date(a, 1, 1), date(a, 12, 31)
            if kind == "decade":
                return date(a * 10, 1, 1), date(a * 10 + 9, 12, 31)
            if kind == "century":
                return date(max(a * 100, 1), 1, 1), date(a * 100 + 99, 12, 31)
        except (ValueError, OverflowError):
            return None
    return None


def narrow(rng: tuple[date, date], mod: str | None) -> tuple[date, date]:
    """Restrict a range to its early / middle / late third ("late August" -> 21..31 August)."""
    if mod not in _MOD_THIRDS:
        return rng
    a, b = rng
    if a.day == 1 and b.month == a.month and b.year == a.year and b.day >= 28:
        # A calendar month reads as days 1-10 / 11-20 / 21-end ("late August" -> 21..31 August).
        lo_day, hi_day = {"START": (1, 10), "MID": (11, 20), "END": (21, b.day)}[mod]
        return a.replace(day=lo_day), a.replace(day=hi_day)
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        # A year reads as January-April / May-August / September-December.
        m1, m2 = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]
        return date(a.year, m1, 1), date(a.year, m2, calendar.monthrange(a.year, m2)[1])
    days = (b - a).days + 1
    lo, hi = _MOD_THIRDS[mod]
    s = a + timedelta(days=int(round(days * lo)))
    e = a + timedelta(days=max(int(round(days * hi)) - 1, 0))
    return s, max(s, e)


def duration(n: float | None, unit: str) -> str:
    """An ISO 8601 / TIMEX3 duration: (6, "M") -> "P6M", (3, "H") -> "PT3H", (None, "W") -> "PXW"."""
    q = "X" if n is None else (str(int(n)) if float(n).is_integer() else f"{n:g}")
    if unit in ("H", "MIN", "S"):
        return f"PT{q}{'M' if unit == 'MIN' else unit}"
    if unit == "2W":
        return "PXW" if n is None else f"P{int(2 * n)}W" if float(2 * n).is_integer() else f"P{2 * n:g}W"
    if unit == "DE":
        return f"P{q}DE" if n is None else f"P{int(n * 10)}Y" if float(n * 10).is_integer() else f"P{q}DE"
    if unit == "CE":
        return f"P{q}CE" if n is None else f"P{int(n * 100)}Y"
    if unit == "WE":
        return f"P{q}WE"
    return f"P{q}{unit}"
