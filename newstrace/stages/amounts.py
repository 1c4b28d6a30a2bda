"""Amounts: numeric claims with normalised values, qualifiers, units, what is counted, and who says so.

Requires: text, sentences, entities, quotes (and the transient ``nlp_doc``). Assigns: amounts.

Numbers are found by one precompiled pattern (digits, number words, vague quantities such as
"dozens", ranges such as "two to tens of"), with an optional qualifier before ("at least",
"over", "up to") and currency or unit around. What is counted comes from the parse (the
noun phrase after the number); the attribution is the speaker of the quotation that holds the
number, else None (the outlet's own voice).

Deliberately skipped, because they are not quantities of events (issue 10): dates, times of day and
sets the times stage read (years, "24 February", "9:34", "3.30pm"), windows counted from publication
("over the past 24 hours") and time adjectives ("a five-year contract"), ordinals, ages ("a
26-year-old", "aged 71", "the pilot, 29,"), scores and results ("4-0", "won 2-1", "voted 13-0"),
ratings ("gave him an 8.4", "rated 4 out of 5", "26 points from 10 games"), model numbers and labels
("Su-25", "T-72", "Leopard 2", "School No. 22"), a conversion in brackets ("(19 miles)"), "the two
leaders" (named before), and a bare "one" ("one actress"). A duration is an amount ("halted for 20
minutes", unit "minutes").

What is counted is the head noun of the phrase after the number with its compounds ("three
burnt-out Leopard 2 tanks" -> "tanks"); after a measure, what follows "of" ("1,000 square
kilometres of Russian territory" -> "territory"), else the noun before "of" ("a population of
about 1.4 million"), else for a percentage or a sum of money the subject ("wheat prices rose by 9
percent" -> "prices"); a bare number takes what the number before it in the sentence counted
("killing seven people and wounding 21").
"""

from __future__ import annotations

import bisect
import re

from ..model import Amount, Article, Span
from ..multi import quantities

NAME = "amounts"
REQUIRES = ("text", "sentences", "entities", "quotes", "times")
ASSIGNS = ("amounts",)

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, "mn": 1_000_000}
# Vague quantities as ranges: the plural of a power of ten means at least two of them.
VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "tens": (20, 99), "hundreds": (200, 999),
    "thousands": (2_000, 9_999), "millions": (2_000_000, 9_999_999), "billions": (2e9, 9.999e9),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "tens of millions": (2e7, 9.9999999e7), "hundreds of millions": (2e8, 9.99999999e8),
    "a dozen": (12, 12), "half a dozen": (6, 6), "a handful": (2, 5), "a few dozen": (24, 60),
    "several dozen": (36, 99), "several hundred": (300, 900), "several thousand": (3_000, 9_000),
    # "a million people", "half a million": exact, written with an article
    "a hundred": (100, 100), "a thousand": (1_000, 1_000), "a million": (1_000_000, 1_000_000),
    "half a million": (500_000, 500_000), "a billion": (1e9, 1e9), "half a billion": (5e8, 5e8),
}
QUALIFIERS = [
    ("at least", "at_least"), ("no fewer than", "at_least"), ("upwards of", "at_least"), ("a minimum of", "at_least"),
    ("no less than", "at_least"), ("not less than", "at_least"), ("at the very least", "at_least"),
    ("more than", "over"), ("greater than", "over"), ("well over", "over"), ("well above", "over"), ("over", "over"), ("above", "over"), ("in excess of", "over"), ("just over", "over"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("roughly", "about"), ("some", "about"),
    ("an estimated", "about"), ("estimated", "about"), ("close to", "about"), ("nearly", "about"),
    ("almost", "about"), ("up to", "up_to"), ("as many as", "up_to"), ("at most", "up_to"),
    ("no more than", "up_to"), ("fewer than", "under"), ("less than", "under"), ("under", "under"),
    ("below", "under"), ("just under", "under"), ("exactly", "exactly"), ("precisely", "exactly"),
]
_UNIT_RE = r"(?:percent|per\s+cent|%|square\s+(?:kilometers|kilometres|km|miles|meters|metres)|sq\s*km|km2|" \
           r"kilometers|kilometres|km|miles|meters|metres|tons|tonnes|kilograms|kg|hectares|acres|" \
           r"dollars|euros|pounds|hryvnias|hryvnia|rubles|roubles|yuan|barrels|degrees|litres|liters|gallons|" \
           r"dollar|euro|pound|ruble|rouble|" \
           r"kilometre|kilometer|metre|meter|mile|tonne|ton|litre|liter|megawatts|gigawatts|MW|GW|" \
           r"seconds|minutes|hours|days|weeks|months|years|second|minute|hour|day|week|month|year)"
_ONE = "|".join(sorted((w for w, v in _UNITS_WORDS.items() if v < 20), key=len, reverse=True))
_TEN = "|".join(w for w, v in _UNITS_WORDS.items() if v >= 20)
_SMALL = rf"(?:(?:{_TEN})(?:[\s-]+(?:{_ONE}))?|(?:{_ONE}))"
# "two five-litre bottles" is two bottles, not seven: word numbers join only as numbers are spoken.
_WORDNUM = rf"(?:{_SMALL}(?:[\s-]+(?:hundred|thousand|million|billion|dozen)(?:[\s-]+(?:and\s+)?{_SMALL}(?![\s-]+(?:{_ONE})))?)*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# "50-billion-euro": a scale may join its number with a hyphen
_NUM = rf"(?:[$£€₴₽]\s?)?(?:{_DIGITS}(?:(?:\s?|-)(?:million|billion|trillion|thousand|hundred|bn|mn|m|k)\b)?|{_WORDNUM})"
_VAGUE = "|".join(sorted((re.escape(k) for k in VAGUE), key=len, reverse=True))
_QUAL = "|".join(sorted((re.escape(q) for q, _ in QUALIFIERS), key=len, reverse=True))
AMOUNT_RE = re.compile(
    rf"(?<![\w.,:/-])(?:(?P<qual>{_QUAL})\s+)?(?:between\s+|from\s+)?"
    rf"(?P<a>{_VAGUE}|{_NUM})(?:\s*(?P<dash>-|–|to|and)\s*(?P<b>{_VAGUE}|{_NUM}))?"
    rf"(?:(?:\s*|-)(?P<unit>{_UNIT_RE})(?:\b|(?<=%)))?(?![\w]|[.:,/]\d)",
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
_CASUALTY_AFTER = re.compile(r"\s+(injured|wounded|dead|killed|missing|hurt|detained|arrested|displaced|evacuated)\b", re.I)
_STATUS_VERBS = frozenset("reported confirmed feared believed presumed listed left".split())
# Participles and adjectives that name people after "the": "two of the wounded", "most of the dead".
_NOMINAL_PARTICIPLES = frozenset("wounded injured dead killed missing displaced detained captured evacuated".split())
# A participle right after what is counted says what happened to it ("people detained", "drones shot down").
_EVENT_PARTICIPLES = frozenset("killed wounded injured detained arrested displaced evacuated captured destroyed "
                               "damaged downed intercepted shot hurt missing dead deported abducted rescued".split())
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
        if lo == hi:  # "a dozen", "a million": one value, no range
            return float(lo), None, None, None
        return None, float(lo), float(hi), None
    unit = None
    if s[:1] in _CURRENCY:
        unit = _CURRENCY[s[0]]
        s = s[1:].strip()
    m = re.match(rf"^({_DIGITS})(?:\s?|-)(million|billion|trillion|thousand|hundred|bn|mn|m|k)?$", s, re.I)
    if m:
        v = float(m.group(1).replace(",", ""))
        if m.group(2):
            v *= _SCALES[m.group(2).lower()]
        return v, None, None, unit
    v = _words_value(s)
    return v, None, None, unit


# Determiners and words skipped before what is counted: "dozens of residents", "seven more batteries".
_COUNTED_SKIP = frozenset("of the more extra additional other further our their its his her my your these those".split())
# A number written straight after a designation is a label, not a count: "School No. 22", "Article 5".
_DESIGNATION_LEFT = re.compile(r"(?:\b(?:No|Nos|Number|no|nr|Nr|Article|Room|Flight|Route|Platform|Gate|Unit|"
                               r"Section|Chapter|Page|Rule|Resolution|Brigade|Battalion|Regiment)\.?|#)\s*$")
# Ages: "aged 34", "at the age of 34", "ages 18 to 60"; "the pilot, 29, ejected" (apposition).
_AGE_LEFT = re.compile(r"\b(?:aged|age|ages|age\s+of)\s+$", re.I)
_APPOSITION_LEFT = re.compile(r"[A-Za-z][\w'’-]*,\s$")
MAX_AGE = 120  # an apposition ", 29," above this is not an age
# "a woman of 45", "a gunner of about 20": a person described by an age (the qualifier is left to AMOUNT_RE).
_PERSON_OF_LEFT = re.compile(
    r"\b(?:man|woman|men|women|boy|girl|child|lad|soldier|gunner|fighter|conscript|recruit|volunteer|veteran|"
    r"pensioner|widow|mother|father|son|daughter|medic|nurse|doctor|driver|student|teenager|officer|pilot|"
    r"sniper|paratrooper|marine|farmer|miner|worker)\s+of\s+$", re.I)

# Words that make "2-1" a result (score, vote), not a range: sports and ballots.
_RESULT_CONTEXT = re.compile(
    r"\b(?:beat|beats|beaten|won|win|wins|winner|lost|lose|loses|defeat(?:ed|s)?|victory|draw|drew|drawn|"
    r"scored?|scoreline|led|leads?|leading|trail(?:ed|ing|s)?|match|game|final|league|cup|goals?|half-time|"
    r"halftime|penalt(?:y|ies)|vote[sd]?|voting|ballot|majority|verdict|ruling)\b", re.I)
# What is counted in a standings table or a rating is not a quantity of events: "26 points from 10 games".
_SPORTS_COUNTED = frozenset("points goals games matches assists wins draws defeats losses appearances caps "
                            "rating ratings stars star shots saves rebounds touchdowns yards wickets strikeouts "
                            "innings laps".split())
# A bare number in a sports result: "trailed by two", "won three", "lost five straight", "their last seven",
# "a streak to 15", "three in a row", "five of six" (with nothing counted after it).
_RESULT_NUMBER_LEFT = re.compile(r"(?:\b(?:trail(?:ed|ing|s)?|led|leads?|leading|won|wins|lost|loses|beat|beaten)\s+(?:by\s+)?"
                                 r"|\b(?:their|its|his|her)\s+last\s+|\bstreak\s+(?:to|of|at)\s+)$", re.I)
_RESULT_NUMBER_RIGHT = re.compile(r"\s+(?:in\s+a\s+row|straight\b|of\s+(?:their\s+|its\s+|the\s+)?(?:last\s+)?"
                                  r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b(?!\s+[a-z]))", re.I)
_RATING_LEFT = re.compile(r"\b(?:rated|ranked|rating\s+of|score\s+of|scored|graded|grade\s+of|gave\s+\w+\s+an?)\s+$", re.I)
_RATING_CONTEXT = re.compile(r"\b(?:rated|rates|rating|ratings|ranked|scored|scores?|grade[sd]?|stars?|marks)\b", re.I)
_MONTH_WORDS = frozenset("january february march april may june july august september october november december "
                         "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
                         "saturday sunday".split())
# Units written differently, one name each (bench and users compare these).
_UNIT_NAMES = {"%": "percent", "per cent": "percent", "km": "kilometres", "kilometre": "kilometres",
               "kilometer": "kilometers", "sq km": "square kilometres", "km2": "square kilometres",
               "metre": "metres", "meter": "meters", "mile": "miles", "tonne": "tonnes", "ton": "tons",
               "kg": "kilograms", "litre": "litres", "liter": "liters", "mw": "megawatts", "gw": "gigawatts",
               "second": "seconds", "minute": "minutes", "hour": "hours", "day": "days", "week": "weeks",
               "month": "months", "year": "years", "dollar": "dollars", "euro": "euros", "pound": "pounds",
               "ruble": "rubles", "rouble": "roubles"}


_TIME_UNIT = re.compile(r"^(?:second|minute|hour|day|week|month|year)s?$", re.I)
# "over the past 24 hours", "after 31 minutes" (a point in a match), "the other eighteen hours"
_WINDOW_LEFT = re.compile(r"\b(?:past|previous|(?<!would )(?<!will )(?<!could )(?<!to )(?<!may )(?<!might )last|next|"
                          r"coming|first|final|other|following|preceding|after)\s+$", re.I)  # "would last 50 days" is a verb


def _unit_name(unit: str | None) -> str | None:
    if not unit:
        return None
    u = re.sub(r"\s+", " ", unit.lower())
    return _UNIT_NAMES.get(u, u)


def _noun_phrase(doc, text: str, start: int, limit: int):
    """Head noun of the phrase starting at ``start`` with its compounds, and a trailing participle.

    "three burnt-out Leopard 2 tanks" -> "tanks"; "seven more Patriot batteries" -> "Patriot
    batteries"; "50 civilians reported dead" -> "civilians reported dead"; "of Russian territory"
    -> "territory". Returns (first token, last token) or None.
    """
    span = doc.char_span(start, min(limit, len(text)), alignment_mode="expand")
    if span is None:
        return None
    toks = [t for t in span if not t.is_space and t.idx >= start]  # ("£40m.": not the token the number ends in)
    i = 0
    # '84 "Wagner mercenaries"': an opening quotation mark does not end what is counted
    while i < len(toks) and (toks[i].lower_ in _COUNTED_SKIP or (toks[i].text in "\"“'‘" and i == 0)):
        i += 1
    head = None
    j = i
    while j < len(toks) and j - i < 8:
        t = toks[j]
        # inside a hyphenated word ("burnt-out", "US-made"): no space on either side of a hyphen
        joined = j > i and not toks[j - 1].whitespace_ and (t.text in "-–" or toks[j - 1].text in "-–")
        if t.lower_ in _COUNTED_STOP and not joined:
            break
        wordlike = any(ch.isalnum() for ch in t.text)  # "Shahed-136" comes out as one PUNCT token
        if t.is_punct and not wordlike and not (t.text in "-–" and not t.whitespace_):
            break
        if t.tag_ == "POS" and head is not None:
            head = None  # "the plant's 11,000 pre-war staff": the possessed noun is counted
        elif head is None and t.lower_ in _NOMINAL_PARTICIPLES and j > 0 and toks[j - 1].lower_ == "the":
            head = j  # "two of the wounded": the people the participle names
            break
        elif t.pos_ in ("NOUN", "PROPN") or (t.pos_ == "NUM" and joined) or (t.pos_ == "PUNCT" and wordlike):
            head = j
        elif t.pos_ in ("ADJ", "NUM", "ADV", "ADP", "PART") or t.tag_ in ("VBN", "VBG") or joined or t.text in "-–":
            if head is not None and not joined and t.pos_ != "NUM" and not _CODE.match(toks[head].text):
                break  # a modifier after the head starts something else ("tanks abandoned" is handled below)
        else:
            break
        j += 1
    if head is None:
        return None
    first = head
    while first > i and toks[first - 1].pos_ in ("NOUN", "PROPN") and toks[first - 1].dep_ == "compound" \
            and toks[first - 1].whitespace_ and not (first - 2 >= 0 and toks[first - 2].text in "-–"
                                                     and not toks[first - 2].whitespace_):
        first -= 1  # compounds, but not the end of a hyphenated modifier ("five-litre bottles")
    last = head
    if last + 1 < len(toks):
        t = toks[last + 1]
        if t.lower_ in _STATUS_VERBS:
            last += 1  # "civilians reported dead", "people killed"
            if last + 1 < len(toks) and toks[last + 1].pos_ == "ADJ" and toks[last + 1].lower_ in ("dead", "missing", "injured", "wounded", "alive"):
                last += 1
        elif t.lower_ in _EVENT_PARTICIPLES and (t.tag_ in ("VBN", "JJ") or (
                t.lower_ == "shot" and last + 2 < len(toks) and toks[last + 2].lower_ == "down")):
            last += 1  # "900 people detained", "31 drones shot down": what is counted is what happened to them
            if t.lower_ == "shot" and last + 1 < len(toks) and toks[last + 1].lower_ == "down":
                last += 1
    return toks[first], toks[last]


# A model designation (letters and digits: "M113", "T-72B3", "KAB-500") names the type of what follows it:
# "two M113 armoured personnel carriers" counts the carriers.
_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9-]+$")


def _counted(doc, text: str, start: int, limit: int) -> tuple[str | None, Span | None]:
    """The noun phrase after the number (skipping 'of'): 'civilians reported dead', 'arrests'."""
    if doc is not None:
        np = _noun_phrase(doc, text, start, limit)
        if np is None:
            return None, None
        s, e = np[0].idx, np[1].idx + len(np[1])
        return text[s:e], Span(s, e)
    m = re.match(r"\s*(?:of\s+)?((?:[A-Za-z][\w-]*)(?:\s+(?!(?:%s)\b)[a-z][\w-]*)?)" % "|".join(_COUNTED_STOP),
                 text[start:limit])
    if not m:
        return None, None
    s = start + m.start(1)
    return m.group(1), Span(s, s + len(m.group(1)))


def _of_head(doc, text: str, start: int, preps: tuple[str, ...] = ("of",)) -> tuple[str | None, Span | None]:
    """"a population of about 1.4 million": what is counted is the noun before "of" (or another of
    ``preps``: "turnout at 77 percent")."""
    if doc is None or not re.search(rf"\b(?:{'|'.join(preps)})\s+$", text[max(0, start - 4): start]):
        return None, None
    span = doc.char_span(max(0, start - 4), start, alignment_mode="expand")
    if span is None:
        return None, None
    of = [t for t in span if t.lower_ in preps]
    if not of or of[-1].head.pos_ not in ("NOUN", "PROPN") or of[-1].head.i > of[-1].i:
        return None, None
    h = of[-1].head
    return h.text, Span(h.idx, h.idx + len(h))


def _worth(doc, text: str, start: int) -> tuple[str | None, Span | None]:
    """"electronics worth $12 million" -> "electronics"; "the contract, signed in December, was worth $2
    billion" -> "contract" (the noun "worth" describes, else its verb's subject; never a date between)."""
    span = doc.char_span(max(0, start - 40), start, alignment_mode="expand")
    if span is None:
        return None, None
    cue = [t for t in span if t.lower_ in ("worth", "valued")]
    if cue:
        h = cue[-1].head
        if h.pos_ in ("NOUN", "PROPN") and h.i < cue[-1].i and not h.ent_type_ in ("DATE", "TIME"):
            return h.text, Span(h.idx, h.idx + len(h))
        if h.pos_ in ("VERB", "AUX"):
            found = _subject(doc, cue[-1].idx)
            if found[0] is not None:
                return found
    nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN") and t.i < span[-1].i and t.ent_type_ not in ("DATE", "TIME")]
    if not nouns:
        return None, None
    h = nouns[-1]
    return h.text, Span(h.idx, h.idx + len(h))


# A bare number that is the level something reached: "the death toll rose to 51", "the tally stood at 12".
_LEVEL_LEFT = re.compile(r"\b(?:rose|risen|rising|climbed|jumped|increased|grew|reached|reaching|stands|stood|"
                         r"hit|surpassed|exceeded|topped|passed)\s+(?:to\s+|at\s+)?$", re.I)
_TALLY_NOUNS = frozenset("number total count tally figure".split())


def _subject(doc, pos: int, compounds: bool = False) -> tuple[str | None, Span | None]:
    """The subject of the verb a measure hangs off: "global wheat prices rose by about 9 percent" -> "prices"
    (with ``compounds``: "the death toll rose to 51" -> "death toll")."""
    if doc is None:
        return None, None
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None:
        return None, None
    tok = span[0]
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None, None
    # the parser sometimes tags a plural subject as a verb ("exports ... had risen"): the relation decides
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ not in ("PRON", "DET", "NUM")]
    if not subj:
        return None, None
    h = subj[0]
    if compounds and h.lemma_.lower() in _TALLY_NOUNS:
        # "the number of displaced people has surpassed 3.7 million": what the tally counts
        obj = [g for c in h.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        if obj and obj[0].pos_ in ("NOUN", "PROPN"):
            h = obj[0]
            first = min((c for c in h.children if c.dep_ in ("amod", "compound") and c.i < h.i), key=lambda c: c.i,
                        default=h)
            return doc.text[first.idx: h.idx + len(h)], Span(first.idx, h.idx + len(h))
    first = h
    name = ("NOUN", "PROPN") if h.pos_ == "PROPN" else ("NOUN",)  # "MacBook Air", not "Air"
    while compounds and first.i > 0 and first.nbor(-1).head.i == h.i and first.nbor(-1).pos_ in name \
            and first.nbor(-1).dep_ in ("compound", "nmod", "amod") \
            and not (first.i > 1 and (first.nbor(-2).pos_ == "NUM" or first.nbor(-2).text in "-–")):
        # (not the end of a measure: "the 65-inch TV" is the TV, "the 4K monitor" the monitor)
        first = first.nbor(-1)
    return doc.text[first.idx: h.idx + len(h)], Span(first.idx, h.idx + len(h))


# A brand with an inner capital before a number: "iPhone 15", "MacBook 12" (the capitalised-word rule
# above covers "Leopard 2").
_BRAND_LEFT = re.compile(r"(?<![\w'’-])[a-z]+[A-Z][A-Za-z]*\s$")
# A number joined by a hyphen to a word that is no unit, before a noun: the noun's property, not a count
# ("12-core", "16-inch", "three-storey", "five-star"); "a 60-strong team" counts people.
_PROPERTY_RIGHT = re.compile(r"-(?!strong\b|thirds?\b|quarters?\b|odd\b|plus\b)[A-Za-z]+\s+[a-z]")


# Verbs whose object is a price or a value: what is counted is their subject ("a loaf costs 28").
_COST_LEMMAS = frozenset("cost total reach amount exceed be fetch".split())
# Words that name a currency for a price given as a bare number later in the paragraph.
_CURRENCY_WORDS = re.compile(r"\bin\s+(hryvnias?|dollars|euros|pounds|rubles|roubles|yuan)\b", re.I)
CURRENCY_REACH = 200  # characters looked back in the paragraph for "in hryvnias"


def _number_token(doc, pos: int):
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    while tok.dep_ in ("compound", "quantmod", "nummod", "nmod") and tok.head.pos_ == "NUM" and tok.head.i != tok.i:
        tok = tok.head  # "$ 1.7 billion": the number's last word carries its role
    return tok


def _money_role(doc, pos: int, money: bool) -> tuple[str | None, Span | None, bool]:
    """What a sum is when nothing follows it: the object of "raised"/"pledged" is named by its verb ("raised
    about $1.7 billion" -> "raised"); the object of "cost"/"total" counts the subject ("a loaf costs 28").
    Returns (counted, span, whether the number is a price)."""
    tok = _number_token(doc, pos)
    if tok is None or tok.dep_ not in ("dobj", "attr") or tok.head.pos_ not in ("VERB", "AUX"):
        return None, None, False
    verb = tok.head
    if verb.lemma_.lower() in _COST_LEMMAS:
        if verb.lemma_.lower() == "be" and not money:
            return None, None, False
        counted, span = _subject(doc, tok.idx, compounds=True)
        return counted, span, verb.lemma_.lower() != "be"
    if money and tok.dep_ == "dobj":
        return verb.text, Span(verb.idx, verb.idx + len(verb)), False
    return None, None, False


# Verbs that give a price through a preposition: "sells for $329", "drops to $549", "is down to $999".
_PRICE_LEMMAS = frozenset("sell retail drop fall go start trade list price be come rise climb cut".split())


def _priced(doc, pos: int) -> tuple[str | None, Span | None]:
    """A sum after "for"/"to"/"at" of a price verb counts the verb's subject ("the monitor sells for $329")."""
    tok = _number_token(doc, pos)
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ not in ("for", "to", "at", "from"):
        return None, None
    verb = tok.head.head
    while verb.pos_ in ("ADV", "ADJ", "ADP") and verb.head.i != verb.i:
        verb = verb.head  # "is down to $999"
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in _PRICE_LEMMAS:
        return None, None
    return _subject(doc, verb.idx, compounds=True)


def _currency_before(text: str, start: int) -> str | None:
    para = text.rfind("\n", max(0, start - CURRENCY_REACH), start)
    found = list(_CURRENCY_WORDS.finditer(text, max(0, start - CURRENCY_REACH, para + 1), start))
    if not found:
        return None
    word = found[-1].group(1).lower()
    return "hryvnias" if word.startswith("hryvnia") else word


def _of_them_are(doc, pos: int) -> tuple[str | None, Span | None]:
    """"65 of them were Ukrainian prisoners": the number counts what they are."""
    tok = _number_token(doc, pos)
    if tok is None or tok.dep_ != "nsubj" or tok.head.lemma_.lower() != "be":
        return None, None
    if not any(c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ == "PRON" for g in c.children)
               for c in tok.children):
        return None, None
    attr = [c for c in tok.head.children if c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN")]
    if not attr:
        return None, None
    h = attr[0]
    return h.text, Span(h.idx, h.idx + len(h))


# A bare hour: "at 8", "by 10 tonight", "until 6 in the morning" (the times stage needs minutes or am/pm).
_CLOCK_LEFT = re.compile(r"\b(?:at|by|until|till|before|after|from)\s+$", re.I)
_CLOCK_RIGHT = re.compile(r"\s*(?:o['’]clock|tonight|this\s+(?:morning|evening|afternoon)|in\s+the\s+(?:morning|evening|"
                          r"afternoon)|at\s+night|local\s+time|sharp)\b", re.I)
_SCHEDULE_VERB_LEFT = re.compile(r"\b(?:close[sd]?|open(?:s|ed)?|start(?:s|ed)?|begin(?:s)?|began|end(?:s|ed)?|finish(?:es|ed)?|"
                                 r"leave[sd]?|left|arrive[sd]?|meet(?:s)?|met|resume[sd]?|kick(?:s|ed)?\s+off|"
                                 r"reopen(?:s|ed)?|shut(?:s)?)\s+(?:\w+\s+)?(?:at|by|until|till|before|after|from)\s+$",
                                 re.I)


def _overlaps(index: tuple[list[int], list], span: Span) -> bool:
    """Whether ``span`` overlaps one of the sorted spans in ``index`` (starts, spans)."""
    j = bisect.bisect_left(index[0], span.end) - 1
    return any(index[1][k][1] > span.start for k in range(max(0, j - 3), j + 1))


# A size of memory, storage, a clock rate or a sensor ("12 GB model", "16 GB of RAM", "50 MP camera"): a
# model's specification, not a quantity of events.
_SPEC_UNIT_RIGHT = re.compile(r"\s?-?(?:[KMGT]B|GiB|TiB|[KMG]Hz|Hz|mAh|Wh|MP|[GM]bps|(?:kilo|mega|giga|tera)(?:bytes?|hertz)|"
                              r"megapixels?)\b")


def _skip(m, text: str, doc, time_spans, prev_end: int, skip: tuple[list[int], list]) -> bool:
    """Numbers that are not quantities of events: dates, times, ages, scores, ratings, labels, models."""
    a_s, a_e = m.start("a"), m.end("a")
    num = m.group("a")
    digits = any(ch.isdigit() for ch in num)
    qual, unit, b = m.group("qual"), m.group("unit"), m.group("b")
    left = text[max(0, m.start() - 40): m.start()]
    if not digits and num.lower() in ("one", "zero") and not b and not qual \
            and not re.match(r"\s+of\s+(?:the|its|their|our|his|her)\s+(?![\w-]+['’]s\s+(?:most|least|\w+est)\b)(?:[\w-]+['’]s\s+)?"
                             r"(?!most\b|least\b|\w+est\b|\d|two\b|three\b)",
                             text[m.end(): m.end() + 24], re.I) \
            and not _ONE_CASUALTY.match(text, m.end(), min(len(text), m.end() + 60)):
        return True  # "one actress" is not a count; "one of the Kh-101 missiles", "one woman was killed" are
    if not b and _FRACTION_RIGHT.match(text, a_e, min(len(text), a_e + 10)):
        return True  # "two-thirds of the village", "one third": a share, not a count
    if qual and qual.lower() == "some" and not digits and num.lower() not in VAGUE:
        return True  # "some two-thirds" is rare; "some one" is not a number
    if digits and num.strip() in ("0",) and not unit:
        return True  # a bare "0" is a counter (comments, likes), not a claim
    if _YEAR.match(num) and not unit and not qual:
        return True
    if _AGE.match(text[m.end(): m.end() + 12]) or _AGE.match(text[a_e: a_e + 12]) \
            or re.match(r"\s*:\s*\d", text[m.end(): m.end() + 3]):
        return True  # "26-year-old", "9:34"
    if _MONTHS.search(text, max(0, a_s - 12), a_s) or re.match(
            r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", text[m.end(): m.end() + 12], re.I):
        return True
    j = bisect.bisect_left(time_spans[0], m.end()) - 1  # time spans do not overlap each other
    if j >= 0 and time_spans[1][j][1] > m.start():
        return True  # a date, a time of day or a set the times stage read
    if unit and _TIME_UNIT.match(unit):
        if text[a_e: m.start("unit")] == "-":
            return True  # "a five-year contract", "a 60-day state of emergency": a property of the noun
        if _WINDOW_LEFT.search(left) or re.match(r"\s+(?:long|old|ago|later|earlier)\b", text[m.end(): m.end() + 9]):
            return True  # "over the past 24 hours", "34 seconds long", "two days later": a window or a date
    if _AGE_LEFT.search(left):
        return True
    if not unit and not b and _PERSON_OF_LEFT.search(left) and (parse_number(num)[0] or MAX_AGE + 1) <= MAX_AGE \
            and re.match(r"\s*(?:[,.;:)]|$)", text[m.end(): m.end() + 2]):
        return True  # "a machine-gunner of about 20, keeps asking": an age (a team of 20 is a count)
    if digits and not qual and not unit and not b and _APPOSITION_LEFT.search(left) \
            and not parse_number(num)[3] and (parse_number(num)[0] or 0) <= MAX_AGE and (text[m.end(): m.end() + 1] in (",", ")") or (
                text[m.end(): m.end() + 1] in (".", ";") and re.search(r"\b[A-Z][a-z]+,\s$", left))):
        return True  # "Mr Keller, 52, said", "the pilot, 29, ejected", "a trader named Moussa, 52.": an age
    if _DESIGNATION_LEFT.search(left):
        return True
    if not digits and not qual and not b and re.search(r"(?<!\bof )\b(?:the|these|those|both)\s+$", left, re.I) \
            and num.lower() in ("two", "three", "four"):
        return True  # "the two leaders", "the three countries": people or things named before, not a count
    if digits and not qual and not unit and re.search(r"(?<![.!?:]\s)(?<!^)\b([A-Z][A-Za-z]+)\s$", left) \
            and re.search(r"\b([A-Z][A-Za-z]+)\s$", left).group(1).lower() not in _MONTH_WORDS \
            and "," not in num:
        return True  # "Leopard 2 tanks", "Boeing 737", "Visegrad 24": a model or a name, not a count
    if digits and not unit and _SPEC_UNIT_RIGHT.match(text, a_e if not b else m.end("b"), min(len(text), m.end() + 12)):
        return True  # "the 12 GB model", "8 GB of memory": a specification
    if digits and not qual and not unit and _BRAND_LEFT.search(left):
        return True  # "iPhone 15", "eBay 2": a brand written with an inner capital, then its model number
    if not b and not unit and _PROPERTY_RIGHT.match(text, a_e, min(len(text), a_e + 30)):
        return True  # "a 12-core processor", "a 16-inch model", "a three-storey building": a property of the noun
    if b and m.group("dash") in ("-", "–") and digits and any(ch.isdigit() for ch in b) and not qual and not unit \
            and "," not in num + b and "." not in num + b:
        lo, hi = int(num.strip()), int(b.strip())
        w0 = max(0, m.start() - 300)  # a sentence around it, looked for in a bounded window
        sent_lo = max(text.rfind(". ", w0, m.start()), text.rfind("\n", w0, m.start()), w0)
        sent_hi = text.find(". ", m.end(), m.end() + 300)
        if lo >= hi or _RESULT_CONTEXT.search(text[sent_lo: sent_hi if sent_hi >= 0 else m.end() + 200]):
            return True  # "4-0", "won 2-1", "a 1-3 defeat", "voted 13-0": a result, not a range
    if b and m.group("dash").lower() == "to" and not qual and not unit and parse_number(num)[0] is not None \
            and parse_number(b)[0] is not None and parse_number(num)[0] >= parse_number(b)[0] \
            and not parse_number(num)[3] and re.fullmatch(r"[\d,\s]+|[a-z]+", num.strip() + b.strip().replace(" ", "")):
        return True  # "a 2 to 1 victory", "voted 312 to 48": a result (a range never falls from its low)
    if not b and not unit and not qual and digits and parse_number(num)[0] is not None \
            and parse_number(num)[0] <= 24 and _CLOCK_LEFT.search(left) and (
                _CLOCK_RIGHT.match(text, m.end(), min(len(text), m.end() + 24))
                or _SCHEDULE_VERB_LEFT.search(left)):
        return True  # "polls close at 8", "results by 10 tonight": a time of day written without minutes
    if _RATING_LEFT.search(left):
        return True
    scale_right = re.match(r"\s*(?:out\s+of|/)\s*\d", text[m.end(): m.end() + 12], re.I)
    scale_left = re.search(r"\d\s*(?:out\s+of|/)\s*$", left, re.I)
    if (scale_right or scale_left) and _RATING_CONTEXT.search(text[max(0, m.start() - 60): m.end() + 30]):
        return True  # "rated the film 4 out of 5", "scored 7/10": a rating and its scale
    if unit and text[a_e: m.start("unit")] == "-" and prev_end >= 0 and re.fullmatch(r"\s+", text[prev_end: m.start()] or "x"):
        return True  # "two five-litre bottles": the size of what is counted
    if prev_end >= 0 and re.fullmatch(r"\s*\(", text[prev_end: m.start()]):
        return True  # "30 km (19 miles)": the same amount converted
    i = bisect.bisect_right(skip[0], a_s) - 1
    if i >= 0 and skip[1][i][0] < a_s and skip[1][i][1] == a_e and not digits and num[:1].islower():
        return False  # "shelled Gorlovka eleven times" tagged ORG "Gorlovka eleven": a name takes no lower-case count
    return i >= 0 and skip[1][i][0] <= a_s < skip[1][i][1]  # inside a name, a date or a time the model tagged


# A casualty verb right before a bare number: "..., killing 14".
_CASUALTY_VERB_LEFT = re.compile(r"\b(killing|killed|wounding|wounded|injuring|injured|detaining|detained|"
                                 r"arresting|arrested)\s+$", re.I)
# What counts people, so that a casualty number after it counts them too ("killing seven people and wounding 21").
_PERSONS = frozenset("people persons civilians residents soldiers troops servicemen children adults men women "
                     "individuals passengers workers fighters officers police policemen protesters prisoners "
                     "killed wounded injured dead".split())
_FRACTION_RIGHT = re.compile(r"[\s-](?:thirds?|quarters|fifths?|sixths?|eighths?|tenths?)\b", re.I)
# A distance measures the way to a place: "30 km from the Russian border" counts "from the Russian border",
# "six metres below a playground" "below a playground" (up to the end of the phrase, at most 6 words).
_LENGTH_UNIT = re.compile(r"^(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?)$", re.I)
_DISTANCE_RIGHT = re.compile(
    r"(?:\s+\([^()\n]{1,30}\))?\s+(?:away\s+)?(?P<where>(?:from|below|above|beneath|behind|beyond|inside|outside|off|into|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of)\s+[^\s,.;:()]+"
    r"(?:\s+(?!and\b|but\b|or\b|which\b|where\b|who\b|that\b|when\b|while\b)[^\s,.;:()]+){0,5})", re.I)
# "One woman, aged 67, was killed": a lone victim is a casualty count (a bare "one" otherwise is not).
_ONE_CASUALTY = re.compile(r"\s+(?:\w+\s+){0,2}?(?:person|people|man|woman|child|civilian|soldier|resident|worker|"
                           r"boy|girl|teenager|pensioner)\b[^.;\n]{0,40}?\b(?:was|were|has\s+been|had\s+been)\s+"
                           r"(?:killed|wounded|injured|hurt|detained|arrested|taken\s+hostage)\b", re.I)


def run(article: Article, ctx) -> Article:
    if (article.language or "")[:2].lower() in ("uk", "ru"):
        article.amounts = _run_uk_ru(article)
        return article
    text = article.text
    doc = article.nlp_doc
    # With the times stage's reading at hand, spaCy's DATE/TIME guesses ("wounding 21" tagged DATE) are not needed.
    labels = _SKIP_LABELS - {"DATE", "TIME"} if article.times is not None else _SKIP_LABELS
    skip = sorted((e.start, e.end) for e in article.entities if e.label in labels)
    skip_index = ([s for s, _ in skip], skip)
    # Dates, times of day and sets are not amounts; a duration is ("for three days", "within two weeks"),
    # unless it is a window counted back or ahead from publication ("over the past 24 hours").
    spans = sorted((t.start, t.end) for t in (article.times or [])
                   if t.type != "duration" or t.range_start is not None)
    time_spans = ([s for s, _ in spans], spans)
    every = sorted((t.start, t.end) for t in (article.times or []))
    all_time_spans = ([s for s, _ in every], every)
    sent_starts = [s.start for s in article.sentences]
    # innermost first: "CNN reported that a spokesperson said that troops had 'advanced ...'"
    quotes = sorted(article.quotes, key=lambda q: (-q.content.start, q.content.end))
    out: list[Amount] = []
    prev_end = -1
    for m in AMOUNT_RE.finditer(text):
        num = m.group("a")
        skipped = _skip(m, text, doc, time_spans, prev_end, skip_index)
        prev_end = m.end()
        if skipped:
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
        # "between"/"from" belong to a range ("between 10 and 15"); alone they are no part of the amount
        start = m.start("qual") if m.group("qual") else m.start() if m.group("b") else m.start("a")
        end = m.end()
        unit = m.group("unit") or cur_unit
        lim = text.find("\n", end)
        limit = min(lim if lim >= 0 else len(text), end + 80)
        counted, counted_span = _counted(doc, text, end, limit)
        if counted_span is not None and _overlaps(all_time_spans, counted_span):
            counted, counted_span = None, None  # "$189 today": a time is not what a number counts
        if m.group("unit"):
            # "1,000 square kilometres of Russian territory": what is measured follows "of";
            # "a 100-kilometre pipeline": the measure is an adjective of the noun after it.
            after_of = re.match(r"\s+of\s+", text[end:limit])
            if doc is not None and (after_of or text[m.start("unit") - 1] == "-"):
                counted, counted_span = _counted(doc, text, end + (after_of.end() if after_of else 0), limit)
            elif doc is not None and _unit_name(unit) == "percent" and re.match(r" [a-z]", text[end: end + 2]):
                # "a 51% ownership position", "90 percent negative coverage": the share's noun follows it
                counted, counted_span = _counted(doc, text, end, limit)
                if counted_span is not None and (_overlaps(all_time_spans, counted_span)
                                                 or _TIME_UNIT.match(counted.split()[-1])):
                    counted, counted_span = None, None  # "fell 5 percent last month"
            else:
                counted, counted_span = None, None
            if counted is None and (unit.lower() in ("percent", "per cent", "%") or unit in _CURRENCY.values()):
                counted, counted_span = _of_head(doc, text, start, ("at",))  # "with turnout at 77.4 per cent"
                if counted is None:
                    counted, counted_span = _subject(doc, m.start("a"))  # "wheat prices rose by 9 percent"
                    if counted_span is not None and start <= counted_span.start < end:
                        counted, counted_span = None, None  # "52% voted yes": the share is its own subject
            if counted is None:
                counted, counted_span = _of_head(doc, text, start)
            if counted is None and _LENGTH_UNIT.match(unit):
                where = _DISTANCE_RIGHT.match(text, end, limit)  # "about 30 km (19 miles) from the Russian border"
                if where:
                    counted, counted_span = where.group("where"), Span(where.start("where"), where.end("where"))
            if counted is None and _unit_name(unit) != "percent":
                # (a share with nothing named is no count of anything: "save 30%" leaves it empty)
                counted, counted_span = m.group("unit"), Span(m.start("unit"), m.end("unit"))
        elif counted and unit is None:
            first = counted.split()[0]
            if _UNIT_WORD.match(first) or _UNIT_WORD.match(counted):
                unit = counted
                what = re.match(r"\s+of\s+", text[counted_span.end: limit]) if counted_span else None
                if what and doc is not None:  # "100 metric tons of cargo": the cargo is what is measured
                    found = _counted(doc, text, counted_span.end + what.end(), limit)
                    if found[0] is not None:
                        counted, counted_span = found
        if counted is None and unit in _CURRENCY.values():
            in_what = re.match(r"\s+in\s+", text[end:limit])  # "$800 million in military aid"
            if in_what:
                counted, counted_span = _counted(doc, text, end + in_what.end(), limit)
        if counted is None:
            counted, counted_span = _of_head(doc, text, start)
        if counted is None and doc is not None and re.search(r"\b(?:worth|valued\s+at)\s+$", text[max(0, start - 12): start]):
            counted, counted_span = _worth(doc, text, start)  # "electronics worth $12 million"
        si = bisect.bisect_right(sent_starts, start) - 1
        sent = article.sentences[si] if si >= 0 else None
        if counted is None:
            # "over 100 injured": a casualty word right after the number is what is counted, even
            # when the parser reads it as an adjective or a participle rather than a noun
            cas = _CASUALTY_AFTER.match(text, end, limit)
            if cas:
                counted, counted_span = cas.group(1), Span(cas.start(1), cas.end(1))
        if counted is None and doc is not None and (unit in _CURRENCY.values() or not unit):
            counted, counted_span, cost = _money_role(doc, m.start("a"), money=unit in _CURRENCY.values())
            if cost and not unit:
                unit = _currency_before(text, start)  # "prices in hryvnias; a loaf costs 28"
            if counted is None and unit in _CURRENCY.values():
                counted, counted_span = _priced(doc, m.start("a"))
        if counted is None and doc is not None and not unit:
            counted, counted_span = _of_them_are(doc, m.start("a"))  # "65 of them were Ukrainian prisoners"
        if counted is None and not unit and _LEVEL_LEFT.search(text, max(0, start - 24), start):
            counted, counted_span = _subject(doc, m.start("a"), compounds=True)  # "the death toll rose to 51"
        casualty_verb = _CASUALTY_VERB_LEFT.search(text, max(0, start - 16), start) if counted is None and not unit else None
        if casualty_verb and out and sent is not None and out[-1].start >= sent.start and out[-1].counted \
                and out[-1].counted.split()[-1].lower() not in _PERSONS:
            # "fired 11 Iskander missiles ..., killing 14": the number counts the dead, not the missiles
            counted, counted_span = casualty_verb.group(1), Span(casualty_verb.start(1), casualty_verb.end(1))
        if counted is None and out and sent is not None and out[-1].start >= sent.start and out[-1].counted_span \
                and out[-1].unit is None and unit is None:
            # "killing seven people and wounding 21", "600 boilers ... compared with about 40": the
            # number counts what the previous number in the sentence counted.
            counted, counted_span = out[-1].counted, out[-1].counted_span
        if counted is None and not unit and re.search(r"\b(?:an?)\s+$", text[max(0, start - 4): start]):
            continue  # "gave him an 8.4": a rating or a score, nothing counted
        if counted is None and not unit and (_RESULT_NUMBER_LEFT.search(text, max(0, start - 24), start)
                                             or _RESULT_NUMBER_RIGHT.match(text, end, min(len(text), end + 30))):
            continue  # "trailed by two", "won three in a row and five of six", "their last seven": a result
        if counted and counted.lower() in _SPORTS_COUNTED and _unit_name(unit) != "percent":
            # (a share of a rating is a poll's figure: "the approval rating fell to 39 percent")
            continue  # "26 points from 10 games": a table, not events
        attributed = None
        for q in quotes:
            if q.content.start <= start and end <= q.content.end:
                attributed = q.speaker_entity or q.speaker_description
                break
        out.append(Amount(start=start, end=end, value=value, low=low, high=high, qualifier=qual,
                          unit=_unit_name(unit), counted=counted, counted_span=counted_span,
                          attributed_to=attributed, sentence=Span(sent.start, sent.end) if sent else None))
    article.amounts = out
    return article


# --- Ukrainian and Russian (language-keyed; the English path above is unchanged) ------------------
# Hand-written like the English tables: number words with their case forms (the press writes "двох",
# "п'ятеро", "трёх"), scale words, units and qualifiers. "один/одна" is left out (an article, not a count).
_AP = "['’ʼ]"
_CYR_NUMBERS = {
    2: r"два|дві|двоє|двох|двом|две|двух|двое", 3: r"три|троє|трьох|трое|трех|трёх", 4: r"чотири|четверо|чотирьох|четыре|четырех|четырёх",
    5: rf"п{_AP}ять|п{_AP}ятеро|п{_AP}ятьох|пять|пятеро|пяти", 6: r"шість|шестеро|шістьох|шесть|шести",
    7: r"сім|семеро|сімох|семь|семи", 8: r"вісім|восьмеро|вісьмох|восемь|восьми", 9: rf"дев{_AP}ять|девять|девяти",
    10: r"десять|десятеро|десяти", 11: r"одинадцять|одиннадцать", 12: r"дванадцять|двенадцать", 15: rf"п{_AP}ятнадцять|пятнадцать",
    20: r"двадцять|двадцать", 30: r"тридцять|тридцать", 40: r"сорок", 50: rf"п{_AP}ятдесят|пятьдесят", 100: r"сто",
}
_CYR_WORDNUM = "|".join(f"(?:{v})" for v in _CYR_NUMBERS.values())
_CYR_SCALE = {r"тис\.?|тисяч[аі]?|тыс\.?|тысяч[аи]?": 1_000, r"млн\.?|мільйон(?:ів|и|а)?|миллион(?:ов|а)?": 1_000_000,
              r"млрд\.?|мільярд(?:ів|и|а)?|миллиард(?:ов|а)?": 1_000_000_000}
_CYR_UNITS = {r"гривень|гривні|гривня|гривнях|грн\.?": "hryvnias", r"рублів|рублей|рубля|рубль|руб\.?": "rubles",
              r"доларів|долларов|долара|доллара|дол\.?": "dollars", r"євро|евро": "euros",
              r"відсотк(?:ів|а|и)|процент(?:ов|а)?|%": "percent", r"кілометр(?:ів|а|и)|километр(?:ов|а)?|км": "kilometres",
              r"тонн?": "tonnes", r"гектар(?:ів|а|и)|гектар(?:ов|а)?|га": "hectares"}
_CYR_QUALS = {r"понад|більше\s+ніж|більш\s+ніж|більше|более|свыше|больше": "over",
              r"щонайменше|принаймні|не\s+менше(?:\s+ніж)?|не\s+менее|по\s+меньшей\s+мере|как\s+минимум": "at_least",
              r"близько|приблизно|майже|около|примерно|почти|порядка": "about",
              r"не\s+більше(?:\s+ніж)?|не\s+більш\s+ніж|не\s+больше|не\s+более|до": "up_to",
              r"менше\s+ніж|менее|меньше": "under"}
_CYR_AMOUNT_RE = re.compile(
    rf"(?<![\w№-])(?:(?P<qual>{'|'.join(f'(?:{q})' for q in _CYR_QUALS)})\s+)?"
    rf"(?P<n>\d{{1,3}}(?:[  ]\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?|{_CYR_WORDNUM})"
    rf"(?:\s*(?P<scale>{'|'.join(f'(?:{s})' for s in _CYR_SCALE)}))?"
    rf"(?:\s*(?P<unit>{'|'.join(f'(?:{u})' for u in _CYR_UNITS)}))?(?![\w-])",
    re.I,
)


# vague quantities ("десятки", "близько сотні", "кілька тисяч"): multi.quantities reads them
_CYR_VAGUE_RE = re.compile(
    rf"(?<![\w№-])(?:(?P<qual>{'|'.join(f'(?:{q})' for q in _CYR_QUALS)})\s+)?(?P<v>{quantities.PATTERN})(?![\w-])",
    re.I,
)


def _cyr_lookup(table: dict, word: str):
    return next((v for k, v in table.items() if re.fullmatch(k, word, re.I)), None)


def _run_uk_ru(article: Article) -> list[Amount]:
    """Amounts in a Ukrainian or Russian article (no parse: what is counted is the next word)."""
    text = article.text
    spans = sorted((t.start, t.end) for t in (article.times or []) if t.type != "duration" or t.range_start is not None)
    skip = [(e.start, e.end) for e in article.entities if e.label in ("PERSON", "ORG", "GPE", "LOC", "FAC")]
    sent_starts = [s.start for s in article.sentences]
    quotes = sorted(article.quotes, key=lambda q: (-q.content.start, q.content.end))
    out: list[Amount] = []
    found = []  # (start, end, value, low, high, qualifier, unit)
    for m in _CYR_AMOUNT_RE.finditer(text):
        n = m.group("n")
        if any(s < m.end("n") and m.start("n") < e for s, e in spans + skip):
            continue  # a date ("24 лютого"), a year, or part of a name
        if n[0].isdigit() and _YEAR.match(n) and not m.group("unit") and not m.group("scale"):
            continue
        if n[0].isdigit():
            value = float(re.sub(r"[  ]", "", n).replace(",", "."))
        else:
            value = float(next(k for k, v in _CYR_NUMBERS.items() if re.fullmatch(v, n, re.I)))
        if m.group("scale"):
            value *= _cyr_lookup(_CYR_SCALE, m.group("scale"))
        qual = _cyr_lookup(_CYR_QUALS, re.sub(r"\s+", " ", m.group("qual"))) if m.group("qual") else None
        low = value if qual in ("at_least", "over") else None
        high = value if qual in ("up_to", "under") else None
        unit = _cyr_lookup(_CYR_UNITS, m.group("unit")) if m.group("unit") else None
        found.append((m.start(), m.end(), value, low, high, qual, unit))
    numbers = [(f[0], f[1]) for f in found]
    for m in _CYR_VAGUE_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in numbers + skip + spans):
            continue  # the scale of a number ("дві тисячі"), part of a name or of a time
        qual = _cyr_lookup(_CYR_QUALS, re.sub(r"\s+", " ", m.group("qual"))) if m.group("qual") else None
        value, low, high = quantities.reading(m.group("v"), qual is not None)
        if value is not None and qual in ("at_least", "over"):
            low = value  # "понад сотню": over a hundred, as the numbers above
        elif value is not None and qual in ("up_to", "under"):
            high = value
        found.append((m.start(), m.end(), value, low, high, qual, None))
    for start, end, value, low, high, qual, unit in sorted(found):
        counted, counted_span = None, None
        nxt = re.compile(r"\s+([^\W\d_]{3,})").match(text, end)
        if nxt and not unit:
            counted, counted_span = nxt.group(1), Span(nxt.start(1), nxt.end(1))
        si = bisect.bisect_right(sent_starts, start) - 1
        sent = article.sentences[si] if si >= 0 else None
        attributed = None
        for q in quotes:
            if q.content.start <= start and end <= q.content.end:
                attributed = q.speaker_entity or q.speaker_description
                break
        out.append(Amount(start=start, end=end, value=value, low=low, high=high, qualifier=qual, unit=unit,
                          counted=counted, counted_span=counted_span, attributed_to=attributed,
                          sentence=Span(sent.start, sent.end) if sent else None))
    return out
