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

from .base import (
    _DAY, _DAYNUM, _MODPRE, _MON, _NUM, _QUANT, _SEASON, _SPOKEN_YEAR, _UNIT, _WD, _WD_PRE, _YEAR, _YEAR_G, Env, Hit,
    NoAnchor, _rx,
)
from .lexicon import ORDINALS, alt
from .points import (
    _h_full_date, _h_quarter, h_century, h_day_of_month, h_day_range, h_decade, h_holiday, h_month, h_numeric_date, h_rel_quarter, h_year,
)
from .base import NO_REFERENCE
from .relative import (
    _h_set, h_ago, h_bare_season, h_clock, h_deictic, h_duration, h_part_of_day, h_ref, h_rel_unit, h_weekday, h_year_ago,
    h_year_end,
)

__all__ = ["GATES", "GATES_LOWER", "RULES", "Env", "Hit", "NoAnchor", "NO_REFERENCE"]

_MONTH_GATE = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
# A word every match of a rule must contain: a text without it skips that rule's scan (most
# articles never mention a century, a holiday or a quarter). Each must be a necessary condition.
GATES: dict[str, re.Pattern] = {name: re.compile(p, re.I) for name, p in {
    "set": r"\b(?:every|each|once|twice|per|daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly)\b|"
           r"(?:mon|tues|wednes|thurs|fri|satur|sun)days\b",
    "full_date": _MONTH_GATE,
    "holiday": r"christmas|new\s+year|boxing|halloween|valentine|easter|good\s+friday|palm\s+sunday|may\s+day|"
               r"victory\s+day|thanksgiving|black\s+friday|cyber\s+monday|ash\s+wednesday|shrove\s+tuesday|"
               r"maundy\s+thursday|holy\s+(?:thursday|saturday)",
    "numeric_date": r"\d[/-]\d",
    "month": _MONTH_GATE,
    "quarter": r"quarter|half",
    "rel_quarter": r"quarter|period",
    "decade": r"\d0[’']?s\b|ties\b",
    "century": r"century",
    "year": r"\d{4}|nineteen|twenty|thousand",
    "weekday": r"\b(?:mon|tue|wed|thu|fri|sat|sun)",
    "year_ago": r"year[-\s](?:ago|earlier)",
    "bare_season": r"spring|summer|autumn|winter",
    "year_end": r"year[-\s]end|year[’']s\s+end",
    "ago": r"\b(?:ago|earlier|later|hence|back|now)\b",
    "clock": r"\d",
    "day_range": r"\d\s*(?:[-–]|to|and)\s*\d",
    "day_of_month": r"\bon\s+the\s+\d",
    # (the rules below match in most articles; their gates pay off paragraph by paragraph, see engine.py)
    "duration": r"(?:\b|(?<=\d))(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|"
                r"months?|quarters?|years?|decades?|century|centuries|millenni(?:um|a|ums))\b",
    "deictic": r"yesterday|today|tomorrow|tonight|morning|afternoon|evening|night",
    "rel_unit": r"day|week|month|year|decade|century|spring|summer|autumn|fall|winter|season",
    "ref": r"now|current|present|days|moment|recent|late|past|soon|future|term|short",
    "part_of_day": r"morning|noon|evening|night|midday|dawn|daybreak|sunrise|dusk|sunset",
}.items()}
# The same gates, case-sensitive, for the lower-cased text: several times faster than re.I scanning.
GATES_LOWER: dict[str, re.Pattern] = {name: re.compile(g.pattern) for name, g in GATES.items()}

RULES: list[tuple[str, re.Pattern, object]] = [
    ("set", _rx(
        rf"(?:(?:every|each|once\s+a|twice\s+a|per)\s+(?:other\s+)?(?:(?P<swd>{_WD})|(?P<smon>{_MON})|(?P<sunit>"
        rf"{_UNIT}|morning|afternoon|evening|night))"
        rf"|(?P<sadv>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly)"
        rf"|(?:on\s+)?(?P<swd_pl>(?P<swd2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s)(?=\b))"),
     None),  # handled specially below for the plural weekday group
    ("full_date", _rx(rf"{_WD_PRE}(?:(?P<mon>{_MON})\s+(?:the\s+)?(?P<day>{_DAY})(?!\d|:\d)"
                      rf"|(?:the\s+)?(?P<day_b>{_DAY})(?:\s+of)?\s+(?P<mon_b>{_MON})){_YEAR_G}"), None),
    ("holiday", _rx(rf"(?P<hol>(?:orthodox\s+)?christmas(?:\s+eve|\s+day)?|new\s+year[’']s\s+(?:eve|day)|boxing\s+day|"
                    rf"halloween|valentine[’']s\s+day|(?:orthodox\s+)?easter(?:\s+sunday|\s+monday)?|good\s+friday|"
                    rf"palm\s+sunday|may\s+day|victory\s+day|thanksgiving(?:\s+day)?|black\s+friday|cyber\s+monday|"
                    rf"ash\s+wednesday|shrove\s+tuesday|maundy\s+thursday|holy\s+thursday|holy\s+saturday)"
                    rf"(?:,?\s+(?P<hyear>{_YEAR}))?"), h_holiday),
    ("numeric_date", _rx(r"(?P<iso_y>\d{4})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)|(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})"),
     h_numeric_date),
    ("month", _rx(rf"{_MODPRE}?(?:(?P<rel>last|this\s+past|this\s+coming|this|next)\s+)?(?P<mon>{_MON})"
                  rf"(?:(?:,?\s+|\s+of\s+)(?:(?P<year>{_YEAR})|(?P<yr_sp>{_SPOKEN_YEAR}))|\s+(?P<yrel>last\s+year|this\s+year|next\s+year|final\s+12\s+months|this\s+12\s+months|subsequent\s+12\s+months)|"
                  rf"\s+of\s+(?P<ynarr>that|the\s+same|the\s+following|the\s+previous|the\s+next)\s+year)?"),
     h_month),
    ("quarter", _rx(
        rf"(?:(?P<qpre>(?:this|last|next)\s+year[’']s|the\s+year[-\s](?:ago|earlier)|year[-\s](?:ago|earlier)|"
        rf"the|this|that|a|the\s+comparable\s+year[-\s]ago)\s+)?(?:(?P<qyear>{_YEAR})\s+)?(?:fiscal[-\s]+)?"
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
    ("rel_unit", _rx(rf"{_MODPRE}?(?P<rel>last|this\s+past|this\s+coming|this|next|final|subsequent|the\s+previous|the\s+prior|"
                     rf"the\s+coming|the\s+following|the\s+current|current|the\s+present|the\s+same|that|the\s+preceding|"
                     rf"the\s+full|the\s+latest|the\s+whole|the\s+entire|the)\s+"
                     rf"(?:fiscal\s+|calendar\s+)?(?P<runit>day|week|weekend|month|year|decade|century|season|12\s+months|{_SEASON})"
                     rf"(?![-\w])"), h_rel_unit),
    ("bare_season", _rx(r"(?P<bseason>spring|summer|autumn|winter)"), h_bare_season),
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
        rf"(?:\s+(?:to|or)\s+(?P<dn2>{_NUM}))?\s*[-\s]?(?:(?:straight|consecutive|successive)\s+)?"
        rf"(?P<dunit>{_UNIT}s?|centuries|millennia)"
        rf"(?P<dhalf>\s+and\s+a\s+half)?(?:\s+or\s+so)?)"
        rf"|(?P<dfor>(?:(?<=for\s)|(?<=in\s))(?:days|weeks|months|years|decades|hours|minutes)|"
        rf"(?:hours|days|weeks|months|years|decades)(?=\s+(?:after|before|later|earlier|into|ago)\b))"), h_duration),
    ("ref", _rx(r"(?P<ref>right\s+now|now|currently|at\s+present|presently|nowadays|these\s+days|"
                r"at\s+the\s+moment|recently|more\s+recently|lately|the\s+past|"
                r"soon|the\s+(?:near\s+|distant\s+)?future|the\s+(?:near|short|long)\s+term|"
                r"as\s+soon\s+as\s+possible|shortly)"), h_ref),
    ("clock", _rx(rf"(?:{_QUANT}\s+)?(?P<hh>[01]?\d|2[0-4])(?:(?P<sep>[:.])(?P<mm>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)?"
                  r"(?:\s+(?P<tz>EST|EDT|CST|CDT|PST|PDT|GMT|UTC|BST|CET|CEST|MSK|EET|EEST|local\s+time))?"), h_clock),
    ("part_of_day", _rx(r"(?:the\s+|early\s+|late\s+)?(?P<pod>morning|afternoon|mid[-\s]?afternoon|evening|night|"
                        r"overnight|midday|noon|midnight|dawn|daybreak|sunrise|dusk|sunset|nightfall)"), h_part_of_day),
    ("day_of_month", _rx(rf"(?<=\bon\s)the\s+(?P<dom>[12]?\d|3[01])(?:st|nd|rd|th)(?!\s+(?:of\s+)?{_MON})"),
     h_day_of_month),
    ("day_range", _rx(rf"(?P<d1>{_DAYNUM})\s*(?:[-–]|to)\s*(?P<d2>{_DAYNUM})\s+(?P<mon>{_MON})|"
                      rf"between\s+(?P<d5>{_DAYNUM})\s+and\s+(?P<d6>{_DAYNUM})\s+(?P<mon3>{_MON})|"
                      rf"(?P<mon2>{_MON})\s+(?P<d3>{_DAYNUM})\s*[-–]\s*(?P<d4>{_DAYNUM})(?!\d|:\d)"
                      rf"(?:,?\s+(?P<year>{_YEAR}))?"), h_day_range),
]



_SPECIAL = {"set": _h_set, "full_date": _h_full_date, "quarter": _h_quarter}
RULES = [(name, rx, _SPECIAL.get(name, h)) for name, rx, h in RULES]
