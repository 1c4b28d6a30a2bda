"""Vague quantities in Ukrainian and Russian ("десятки", "сотні", "тысячи", "кілька десятків") as ranges.

The English amounts read "dozens", "hundreds", "several hundred" as ranges (``stages.amounts.VAGUE``:
the plural of a power of ten means at least two of them); these are the same readings for the
Ukrainian and Russian words in their case forms, so "десятки поранених" is (20..99) like "dozens of
wounded" and "кілька сотень" (300..900) like "several hundred".

One word form is two readings: "сотні" / "сотни" / "тисячі" / "тысячи" are the plural ("hundreds")
and the genitive singular ("a hundred") that a qualifier governs ("близько сотні", "около тысячи":
about a hundred, about a thousand). After a qualifier they read as the one value, alone as the range.

Hand-written like the English table: a closed list of words, each with its case forms.
"""

from __future__ import annotations

import re

_FEW = r"(?:кілька|декілька|кількох|декількох|кільком|несколько|нескольких|нескольким)"
_TENS = r"десятк(?:и|ів|ам|ами|ах|ов)"
_HUNDREDS = r"(?:сотні|сотень|сотням|сотнями|сотнях|сотни|сотен)"
_THOUSANDS_PL = r"(?:тисячі|тисячам|тисячами|тисячах|тысячи|тысячам|тысячами|тысячах)"
_THOUSANDS_GEN = r"(?:тисяч|тысяч)"
_MILLIONS_PL = r"(?:мільйони|мільйонів|мільйонам|мільйонами|миллионы|миллионов|миллионам|миллионами)"
_MILLIONS_GEN = r"(?:мільйонів|миллионов)"

# (pattern, low, high), longest phrase first; low == high: one value (a singular "сотня", "десяток")
_RANGES: list[tuple[str, float, float]] = [
    (rf"{_FEW}\s+{_TENS}\s+{_THOUSANDS_GEN}", 30_000, 90_000),
    (rf"{_FEW}\s+{_HUNDREDS}\s+{_THOUSANDS_GEN}", 300_000, 900_000),
    (rf"{_TENS}\s+{_THOUSANDS_GEN}", 20_000, 99_999),
    (rf"{_HUNDREDS}\s+{_THOUSANDS_GEN}", 200_000, 999_999),
    (rf"{_TENS}\s+{_MILLIONS_GEN}", 2e7, 9.9999999e7),
    (rf"{_HUNDREDS}\s+{_MILLIONS_GEN}", 2e8, 9.99999999e8),
    (rf"{_FEW}\s+{_TENS}", 30, 90),            # "several tens", as "several hundred" (300..900)
    (rf"{_FEW}\s+{_HUNDREDS}", 300, 900),
    (rf"{_FEW}\s+{_THOUSANDS_GEN}", 3_000, 9_000),
    (_TENS, 20, 99),
    (_HUNDREDS, 200, 999),
    (_THOUSANDS_PL, 2_000, 9_999),
    (_MILLIONS_PL, 2e6, 9.999999e6),
    # singular: "десяток", "сотня", "тисяча" (exact, as "a hundred")
    (r"десят(?:ок|ка|ку|ком)", 10, 10),
    (r"сотн(?:я|ю|ею|ей)", 100, 100),
    (r"(?:тисяч[ау]|тисячею|тысяч[ау]|тысячей)", 1_000, 1_000),
]
PATTERN = "|".join(f"(?:{p})" for p, _, _ in _RANGES)
_COMPILED = [(re.compile(p, re.I), lo, hi) for p, lo, hi in _RANGES]
# plural forms that are also the genitive singular a qualifier governs ("близько сотні": about 100)
_GEN_SINGULAR = {"сотні": 100.0, "сотни": 100.0, "тисячі": 1_000.0, "тысячи": 1_000.0}


def reading(phrase: str, has_qualifier: bool) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) of a vague quantity matched by PATTERN: a range for a plural, one value for
    a singular or for a genitive singular after a qualifier."""
    low_phrase = " ".join(phrase.lower().split())
    if has_qualifier and low_phrase in _GEN_SINGULAR:
        return _GEN_SINGULAR[low_phrase], None, None
    for rx, lo, hi in _COMPILED:
        if rx.fullmatch(low_phrase):
            if lo == hi:
                return float(lo), None, None
            return None, float(lo), float(hi)
    return None, None, None
