"""Amounts: numeric claims with normalised values, qualifiers, units, what is counted, and who says so.

Requires: text, sentences, entities, quotes (and the transient ``nlp_doc``). Assigns: amounts.

Numbers are found by one precompiled pattern (digits, number words, vague quantities such as
"dozens", ranges such as "two to tens of"), with an optional qualifier before ("at least",
"over", "up to") and currency or unit around. What is counted comes from the parse (the
noun phrase after the number); the attribution is the speaker of the quotation that holds the
number, else None (the outlet's own voice).

Deliberately skipped, because they are not claims about quantities: dates and times (years,
"24 February", "9:34"), durations the parser tags DATE ("six months"), ordinals ("first"),
ages used as adjectives ("a 26-year-old veteran"), numbers that are part of names ("Visegrád
24", "Boeing 737"), and a bare "one" ("one actress").
"""

from __future__ import annotations

import bisect
import re

from ..model import Amount, Article, Span

NAME = "amounts"
REQUIRES = ("text", "sentences", "entities", "quotes")
ASSIGNS = ("amounts",)

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, "mn": 1_000_000}
# Vague quantities as ranges: the plural of a power of ten means at least two of them.
VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "tens": (20, 99), "hundreds": (200, 999),
    "thousands": (2_000, 9_999), "millions": (2_000_000, 9_999_999), "billions": (2e9, 9.999e9),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "tens of millions": (2e7, 9.9999999e7), "hundreds of millions": (2e8, 9.99999999e8),
    "a dozen": (12, 12), "half a dozen": (6, 6), "a handful": (2, 5), "a few dozen": (24, 60),
    "several dozen": (36, 99), "several hundred": (300, 900), "several thousand": (3_000, 9_000),
}
QUALIFIERS = [
    ("at least", "at_least"), ("no fewer than", "at_least"), ("upwards of", "at_least"), ("a minimum of", "at_least"),
    ("more than", "over"), ("over", "over"), ("above", "over"), ("in excess of", "over"), ("just over", "over"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("roughly", "about"), ("some", "about"),
    ("an estimated", "about"), ("estimated", "about"), ("close to", "about"), ("nearly", "about"),
    ("almost", "about"), ("up to", "up_to"), ("as many as", "up_to"), ("at most", "up_to"),
    ("no more than", "up_to"), ("fewer than", "under"), ("less than", "under"), ("under", "under"),
    ("below", "under"), ("just under", "under"), ("exactly", "exactly"), ("precisely", "exactly"),
]
_UNIT_RE = r"(?:percent|per\s+cent|%|square\s+(?:kilometers|kilometres|km|miles|meters|metres)|sq\s*km|km2|" \
           r"kilometers|kilometres|km|miles|meters|metres|tons|tonnes|kilograms|kg|hectares|acres|" \
           r"dollars|euros|pounds|hryvnias|hryvnia|rubles|roubles|yuan|barrels|degrees)"
_W = "|".join(sorted(list(_UNITS_WORDS) + ["hundred", "thousand", "million", "billion"], key=len, reverse=True))
_WORDNUM = rf"(?:(?:{_W})(?:[\s-]+(?:and\s+)?(?:{_W}))*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUM = rf"(?:[$£€₴₽]\s?)?(?:{_DIGITS}(?:\s?(?:million|billion|trillion|thousand|hundred|bn|mn|m|k)\b)?|{_WORDNUM})"
_VAGUE = "|".join(sorted((re.escape(k) for k in VAGUE), key=len, reverse=True))
_QUAL = "|".join(sorted((re.escape(q) for q, _ in QUALIFIERS), key=len, reverse=True))
AMOUNT_RE = re.compile(
    rf"(?<![\w.,-])(?:(?P<qual>{_QUAL})\s+)?(?:between\s+|from\s+)?"
    rf"(?P<a>{_VAGUE}|{_NUM})(?:\s*(?:-|–|to|and)\s*(?P<b>{_VAGUE}|{_NUM}))?"
    rf"(?:\s*(?P<unit>{_UNIT_RE})\b)?(?![\w])",
    re.I,
)
_APPOSITIVE_AGE = re.compile(r"[A-Z][\w'’-]+,\s$")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_AGE = re.compile(r"^[\s-]*year[\s-]*old", re.I)
_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.I)
_SKIP_LABELS = {"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "GPE"}
# What is counted: at most this many words after the number ("civilians reported dead").
MAX_COUNTED_WORDS = 4
_COUNTED_STOP = frozenset("and or but as in on at to of for with by from that which who while when since after".split())
# Participles that belong to what is counted: "50 civilians reported dead", "12 feared missing".
_STATUS_VERBS = frozenset("reported confirmed feared believed presumed listed left".split())
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros", "₴": "hryvnias", "₽": "rubles"}
_UNIT_WORD = re.compile(rf"^{_UNIT_RE}$", re.I)


def _words_value(s: str) -> float | None:
    total, cur = 0.0, 0.0
    for w in re.split(r"[\s-]+", s.lower()):
        if not w or w == "and":
            continue
        if w in _UNITS_WORDS:
            cur += _UNITS_WORDS[w]
        elif w == "hundred":
            cur = (cur or 1) * 100
        elif w in _SCALES:
            total += (cur or 1) * _SCALES[w]
            cur = 0
        else:
            return None
    return total + cur


def parse_number(s: str) -> tuple[float | None, float | None, float | None, str | None]:
    """'1,000' -> (1000, None, None, None); 'dozens' -> (None, 24, 99, None); '$2bn' -> (2e9,..,'dollars')."""
    s = s.strip()
    low = s.lower()
    if low in VAGUE:
        lo, hi = VAGUE[low]
        return (float(lo) if lo == hi else None), float(lo), float(hi), None
    unit = None
    if s[:1] in _CURRENCY:
        unit = _CURRENCY[s[0]]
        s = s[1:].strip()
    m = re.match(rf"^({_DIGITS})\s?(million|billion|trillion|thousand|hundred|bn|mn|m|k)?$", s, re.I)
    if m:
        v = float(m.group(1).replace(",", ""))
        if m.group(2):
            v *= _SCALES[m.group(2).lower()]
        return v, None, None, unit
    v = _words_value(s)
    return v, None, None, unit


def _counted(doc, text: str, start: int, limit: int) -> tuple[str | None, Span | None]:
    """The noun phrase after the number (skipping 'of'): 'civilians reported dead', 'arrests'."""
    if doc is not None:
        span = doc.char_span(start, min(limit, len(text)), alignment_mode="expand")
        if span is None:
            return None, None
        toks = []
        for t in span:
            if not toks and t.lower_ in ("of", "the"):
                continue
            if t.is_punct or t.lower_ in _COUNTED_STOP or t.is_space:
                break
            if t.pos_ in ("NOUN", "PROPN", "ADJ") or (t.pos_ == "VERB" and t.tag_ == "VBN") or (
                    toks and t.lower_ in _STATUS_VERBS):
                toks.append(t)
                if len(toks) >= MAX_COUNTED_WORDS:
                    break
            else:
                break
        if not toks:
            return None, None
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
        return text[s:e], Span(s, e)
    m = re.match(r"\s*(?:of\s+)?((?:[A-Za-z][\w-]*)(?:\s+(?!(?:%s)\b)[a-z][\w-]*)?)" % "|".join(_COUNTED_STOP),
                 text[start:limit])
    if not m:
        return None, None
    s = start + m.start(1)
    return m.group(1), Span(s, s + len(m.group(1)))


def run(article: Article, ctx) -> Article:
    text = article.text
    doc = article.nlp_doc
    skip = sorted((e.start, e.end) for e in article.entities if e.label in _SKIP_LABELS)
    skip_starts = [s for s, _ in skip]
    sent_starts = [s.start for s in article.sentences]
    # innermost first: "CNN reported that a spokesperson said that troops had 'advanced ...'"
    quotes = sorted(article.quotes, key=lambda q: (-q.content.start, q.content.end))
    out: list[Amount] = []
    for m in AMOUNT_RE.finditer(text):
        a_s, a_e = m.start("a"), m.end("a")
        num = m.group("a")
        if not any(ch.isdigit() for ch in num) and num.lower() in ("one", "zero") and not m.group("b"):
            continue
        if m.group("qual") and m.group("qual").lower() == "some" and not any(ch.isdigit() for ch in num) \
                and num.lower() not in VAGUE:
            continue  # "some two-thirds" is rare; "some one" is not a number
        if _YEAR.match(num) and not m.group("unit") and not m.group("qual"):
            continue
        if _AGE.match(text, m.end()) or re.match(r"\s*:\s*\d", text[m.end() : m.end() + 3]):
            continue  # "26-year-old", "9:34"
        if _MONTHS.search(text, max(0, a_s - 12), a_s) or re.match(r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
                                                                    text[m.end() : m.end() + 12], re.I):
            continue
        if _APPOSITIVE_AGE.search(text, max(0, a_s - 40), a_s) and text[m.end() : m.end() + 1] == "," and not m.group("qual") \
                and not m.group("unit") and any(ch.isdigit() for ch in num):
            continue  # "Mr Keller, 52, said": an age in apposition
        i = bisect.bisect_right(skip_starts, a_s) - 1
        if i >= 0 and skip[i][0] <= a_s < skip[i][1]:
            continue
        value, low, high, cur_unit = parse_number(num)
        if m.group("b"):
            v2, lo2, hi2, cu2 = parse_number(m.group("b"))
            low = value if value is not None else low
            scale = re.search(r"\b(thousand|million|billion|trillion)\b", m.group("b"), re.I)
            if scale and low is not None and not re.search(r"thousand|million|billion|trillion|hundred", num, re.I):
                low *= _SCALES[scale.group(1).lower()]  # "two to three million": both in millions
            high = v2 if v2 is not None else hi2
            value = None
            cur_unit = cur_unit or cu2
        if value is None and low is None and high is None:
            continue
        qual = None
        if m.group("qual"):
            qual = dict(QUALIFIERS)[m.group("qual").lower()]
            if value is not None:
                if qual in ("at_least", "over"):
                    low = value
                elif qual in ("up_to", "under"):
                    high = value
        start = m.start("qual") if m.group("qual") else m.start()
        end = m.end()
        unit = m.group("unit") or cur_unit
        if unit and unit.lower() in ("%", "per cent"):
            unit = "percent"
        lim = text.find("\n", end)
        counted, counted_span = _counted(doc, text, end, min(lim if lim >= 0 else len(text), end + 80))
        if m.group("unit"):
            counted, counted_span = m.group("unit"), Span(m.start("unit"), m.end("unit"))
        elif counted and unit is None:
            first = counted.split()[0]
            if _UNIT_WORD.match(first) or _UNIT_WORD.match(counted):
                unit = counted
        si = bisect.bisect_right(sent_starts, start) - 1
        sent = article.sentences[si] if si >= 0 else None
        attributed = None
        for q in quotes:
            if q.content.start <= start and end <= q.content.end:
                attributed = q.speaker_entity or q.speaker_description
                break
        out.append(Amount(start=start, end=end, value=value, low=low, high=high, qualifier=qual,
                          unit=unit.lower() if unit else None, counted=counted, counted_span=counted_span,
                          attributed_to=attributed, sentence=Span(sent.start, sent.end) if sent else None))
    article.amounts = out
    return article
