"""Run the rules over a text, keep the longest non-overlapping matches, resolve them to TimeRefs."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from ..model import TimeRef
from . import calendar as cal
from .rules import GATES, GATES_LOWER, RULES, Env, Hit, NoAnchor

# Bounded work per article: texts are attacker-controlled. Past these caps the rest is skipped
# (100k characters is ~16k words, beyond the longest long-read; the rules cost ~10 us a character).
MAX_CHARS = 100_000
MAX_CANDIDATES = 20_000
MAX_TIMES = 2_000

NO_ANCHOR = "no publication date to resolve a relative expression against"
# Publication dates outside these years are metadata errors (or hostile): calendar arithmetic
# around them would leave the four-digit years ISO 8601 writes.
ANCHOR_YEARS = (1000, 3000)

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FUTURE = re.compile(
    r"\b(?:will|shall|won[’']t|going\s+to|is\s+due|are\s+due|(?:is|are)\s+scheduled|(?:is|are)\s+set\s+to|"
    r"plans?\s+to|intends?\s+to|(?:is|are)\s+expected\s+to|to\s+be\s+held|upcoming)\b|[’']ll\b", re.I)
_PRESENT = re.compile(r"\b(?:is|are|am|remains?|continues?|begins?|starts?|ends?|opens?|closes?)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did|said|ago|last|earlier|yesterday)\b|\b\w+ed\b", re.I)
# Words right before a date that make it a deadline or schedule: read forward when it is soon.
_FORWARD_LEFT = re.compile(
    r"\b(?:until|till|through|thru|by|payable|due|effective|scheduled\s+for|slated\s+for|set\s+for|expires?|"
    r"expiring|ahead\s+of|starting|beginning|deadline\s+of|no\s+later\s+than|of\s+record|record\s+date)"
    r"\s+(?:on\s+|the\s+|early\s+|late\s+|mid-?|this\s+)?$", re.I)
FORWARD_CONTEXT = 30  # characters looked at before the expression
# Words around a time expression that decide its tense: a clause, not the whole sentence.
TENSE_WINDOW = 80

Tense = Callable[[int], str]
# A tense reading that fixes no side of publication ("agreed to acquire it in January", "a briefing on
# Wednesday"): the nearest occurrence. Apart from "present", which in news also writes a schedule ("Voting
# begins on Sunday").
NEAREST = "nearest"


def parse_anchor(published: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication date/datetime, or None when absent or unreadable."""
    if not published:
        return None
    try:
        d = datetime.fromisoformat(published.strip().replace("Z", "+00:00")).date()
    except ValueError:
        m = _ISO_DAY.match(published.strip())
        if not m:
            return None
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return d if ANCHOR_YEARS[0] <= d.year <= ANCHOR_YEARS[1] else None


def sentence_tense(text: str) -> str:
    """Cheap tense of a clause from its words: future markers win, then past, then present; news
    reports what happened, so a clause with no marker (irregular verbs: "struck", "came") is past."""
    if _FUTURE.search(text):
        return "future"
    if _PAST.search(text):
        return "past"
    if _PRESENT.search(text):
        return "present"
    return "past"


def window_tense(text: str) -> Tense:
    """Tense from the words within TENSE_WINDOW characters before and after a position."""

    def tense(pos: int) -> str:
        lo = max(0, pos - TENSE_WINDOW)
        # Stay inside the sentence: cut at the last sentence end before pos.
        cut = max(text.rfind(". ", lo, pos), text.rfind("\n", lo, pos))
        if cut >= 0:
            lo = cut + 1
        hi = pos + TENSE_WINDOW
        end = text.find(". ", pos, hi)
        return sentence_tense(text[lo: end if end >= 0 else hi])

    return tense


def _with_forward_cues(text: str, tense: Tense) -> Tense:
    def combined(pos: int) -> str:
        base = tense(pos)
        if base != "future" and _FORWARD_LEFT.search(text[max(0, pos - FORWARD_CONTEXT): pos]):
            return "forward"
        return base

    return combined


# Verbs whose complement happens later than the verb itself: "is expected in January", "plans to
# sign by September", "the vote scheduled for March", "postponed to April".
FORWARD_LEMMAS = frozenset(
    "plan schedule expect due intend aim hope prepare propose promise pledge vow threaten seek want "
    "slate postpone delay reschedule await anticipate forecast predict project".split())
# Modifiers that put an event noun ahead of publication: "the next round", "the planned summit".
FUTURE_MODIFIERS = frozenset(
    "next upcoming coming planned scheduled proposed expected future forthcoming impending "
    "prospective anticipated".split())
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo"})
_PERFECT_AUX = frozenset({"has", "have", "had", "'ve", "’ve", "'d", "’d"})
# A modal without "have" points ahead: "could be postponed to March", "would resume in September"
# (the future seen from a past report). With "have" it is past: "would have ended in April".
_MODALS = frozenset({"would", "may", "might", "should", "must", "ought"})
# "could" is a possibility ahead ("could face blackouts in January") or an ability in the past ("in July
# I could still park there"): the nearest occurrence either side.
_EITHER_MODALS = frozenset({"could", "can"})
# Verbs whose past is their present: a VBP tag on them is as likely a misread past.
_SAME_IN_PAST = frozenset("hit hurt cut put set let cost shut spread burst cast quit split shed upset beat read "
                          "bet bid broadcast forecast thrust".split())
CLIMB = 8  # parses are shallow: a date is rarely more than a few arcs below its verb


def _is_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _future_noun(noun) -> bool:
    """An event noun marked as still to come: "the next round", "the summit scheduled for ..."."""
    for c in noun.children:
        if c.lower_ in FUTURE_MODIFIERS or (c.dep_ in ("amod", "acl") and c.lemma_.lower() in FORWARD_LEMMAS):
            return True
    return False


def _same_line(a, b) -> bool:
    """Whether two tokens stand on one line: a parse joining a headline to the lead relates nothing.
    (Token by token: ``Doc.text`` joins the whole document on every call.)"""
    lo, hi = sorted((a.i, b.i))
    return not any("\n" in t.whitespace_ or "\n" in t.text for t in a.doc[lo: hi])


def verb_tense(verb, depth: int = 0) -> str | None:
    """Tense of a verb from its tag, auxiliaries and lemma; None when the parse does not say.

    "future" also covers what is planned or expected (forward lemmas) and modals without "have";
    an infinitive ("hope to sign") takes the tense of the verb it depends on, except after a past
    verb, where it is "either" (the nearest occurrence: "agreed to acquire it in January").
    """
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    lemma = verb.lemma_.lower()
    past_tag = verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes)
    going_to = verb.lower_ == "going" and any(c.lower_ == "to" for c in verb.children)
    if words & _FUTURE_AUX or going_to:
        return "future"
    if words & _PERFECT_AUX:
        return "past"
    if words & _MODALS:
        return "future"
    if words & _EITHER_MODALS:
        return "either"
    if past_tag:
        return "past"
    if lemma in FORWARD_LEMMAS:
        return "future"
    if verb.tag_ == "VB" and any(c.tag_ == "TO" for c in auxes) and depth < 2 and _is_verb(verb.head) \
            and verb.head is not verb and _same_line(verb, verb.head):
        # "hope to sign by September" looks ahead; after a past verb ("launched ... to take Kyiv",
        # "agreed to acquire ... in January") the infinitive may fall either side of publication.
        head = verb_tense(verb.head, depth + 1)
        return "either" if head == "past" else head
    if verb.tag_ == "VBN" and not auxes:
        return "past"  # "the drones, bought in late February"
    if verb.tag_ == "VBP" and not auxes and verb.lower_ in _SAME_IN_PAST:
        return NEAREST  # "drones hit Odesa on Sunday": the tagger cannot tell this present from the past
    if verb.tag_ == "VBG" and not auxes:
        # a participle clause ("slumped, closing unchanged Friday") takes the time of the verb it hangs off
        # (an adverbial one only: "urged allies meeting in Brussels in September" may look either way)
        head = verb_tense(verb.head, depth + 1) if depth < 2 and verb.dep_ in ("advcl", "conj") \
            and _is_verb(verb.head) and verb.head is not verb and _same_line(verb, verb.head) else None
        return head or NEAREST
    if verb.tag_ in ("VBZ", "VBP", "VBG") or any(c.tag_ in ("VBZ", "VBP") for c in auxes):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and _future_noun(c):
                return "future"  # "the next round of talks is in September"
        return "present"
    return None


def doc_tense(doc, fallback: Tense) -> Tense:
    """Tense of the clause around a position, from the spaCy parse.

    The expression's governing verb decides (its tag, auxiliaries and lemma, see ``verb_tense``).
    When the expression modifies an event noun ("the purchase in late February", "talks on
    Thursday"), the noun's own time is not the tense of the clause it sits in: it is past unless
    the noun is marked as still to come or the clause is future ("talks on Thursday will focus").
    """
    from spacy.attrs import IDX  # spaCy is loaded whenever there is a doc

    starts = doc.to_array([IDX]).ravel().tolist()  # token offsets in one C call ([t.idx for t in doc] is ~4x slower)

    def tense(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return fallback(pos)
        tok = doc[i]
        # "after Sunday's strike", "Monday's vote": the day dates the noun it is the possessor of
        noun = tok.head if tok.dep_ == "poss" and tok.head.pos_ in ("NOUN", "PROPN") else None
        for _ in range(CLIMB):
            if _is_verb(tok) or tok.head is tok:
                break
            head = tok.head
            if noun is None and tok.dep_ == "prep" and head.pos_ in ("NOUN", "PROPN"):
                noun = head
            tok = head
        if not _is_verb(tok):
            return fallback(pos)
        if not _same_line(tok, doc[i]):
            return fallback(pos)  # a parse that runs across lines (a headline joined to the lead) decides nothing
        t = verb_tense(tok)
        if t is None:
            fb = fallback(pos)
            # a bare infinitive or base form without a finite verb above it: nearest occurrence
            return fb if fb == "future" or tok.tag_ != "VB" else NEAREST
        if t == "either":
            return NEAREST  # the nearest occurrence, whatever noun the expression hangs off
        if noun is not None and t != "future":
            if _future_noun(noun):
                return "future"
            # a verbal noun carries no tense of its own: "urged allies meeting in Brussels in September"
            return NEAREST if noun.tag_ == "NN" and noun.lower_.endswith("ing") and noun.dep_ != "nsubj" else "past"
        if t == "present" and fallback(pos) == "future":
            return "future"
        return t

    return tense


# Rules that read digits only (3/4/2022, 2022-02-24, 1996, 21:40): safe on text in any language.
LANGUAGE_NEUTRAL = {"numeric_date", "year", "clock"}  # rule names in rules.RULES


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _paragraph_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the text's paragraphs (split at blank lines)."""
    starts, ends = [0], []
    for m in _PARAGRAPH_BREAK.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def _scan_ranges(text: str, gate, bounds) -> list[tuple[int, int]]:
    """Where a rule is run: the paragraphs holding its gate word (a time expression never spans a blank
    line), so the slow rule patterns (~40 ns a character each, 20+ of them) read a fraction of the text.
    ``text`` may be the lower-cased text with the case-sensitive gate (same offsets)."""
    starts, ends = bounds
    if gate is None or len(starts) == 1:
        return [(0, len(text))] if gate is None or gate.search(text) else []
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        g = gate.search(text, pos)
        if g is None:
            return out
        i = bisect.bisect_right(starts, g.start()) - 1
        out.append((starts[i], ends[i]))
        if i + 1 >= len(starts):
            return out
        pos = starts[i + 1]


def _candidates(text: str, anchor: date | None, english: bool):
    # Whether a rule accepts a match never depends on tense: the probe skips reading it.
    probe = Env(text, anchor, lambda pos: "past")
    out = []
    bounds = _paragraph_bounds(text)
    low = text.lower()
    # lower() keeps every offset unless a character folds to two ("İ"): then the re.I gates read the text
    gated, gates = (low, GATES_LOWER) if len(low) == len(text) else (text, GATES)
    for idx, (name, rx, handler) in enumerate(RULES):
        if not english and name not in LANGUAGE_NEUTRAL:
            continue
        for m in (m for a, b in _scan_ranges(gated, gates.get(name), bounds) for m in rx.finditer(text, a, b)):
            if m.end() <= m.start():
                continue
            try:
                hit = handler(m, probe)
            except NoAnchor:
                hit = Hit(m.start(), m.end(), "date", None)
            except (ValueError, OverflowError, KeyError):
                hit = None
            if hit is not None:
                out.append((m.end() - m.start(), m.start(), idx, m))
                if len(out) >= MAX_CANDIDATES:
                    return out
    return out


def _select(text: str, cands) -> list:
    """Longest match wins; on equal length, the earlier rule in RULES."""
    taken = bytearray(len(text) + 1)
    chosen = []
    for length, start, idx, m in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        if any(taken[start: start + length]):
            continue
        taken[start: start + length] = b"\x01" * length
        chosen.append((start, idx, m))
    chosen.sort(key=lambda c: c[0])
    return chosen


def _resolve_in_order(text: str, chosen, anchor: date | None, tense: Tense) -> list[Hit]:
    env = Env(text, anchor, tense)
    hits = []
    for _, idx, m in chosen:
        name, _, handler = RULES[idx]
        try:
            hit = handler(m, env)
            if hit is None:
                continue
        except NoAnchor:
            low = m.group().lower()
            is_time = name == "deictic" and any(w in low for w in ("night", "morning", "afternoon", "evening"))
            hit = Hit(m.start(), m.end(), "time" if is_time else "date", None, reason=NO_ANCHOR)
        except (ValueError, OverflowError, KeyError):
            continue
        hit.rule = name
        hits.append(hit)
        if hit.value and hit.type == "date" and hit.granularity in _REFERENCE_GRANULARITY:
            rng = cal.value_range(hit.value)
            if rng:
                env.last_point = rng[0]
    return hits


# Points that later narrative expressions ("the following year") may count from.
_REFERENCE_GRANULARITY = {"day", "month", "year", "quarter", "week"}

_JOIN = re.compile(r"\s*,?\s*(?:on\s+|of\s+)?$", re.I)


def _is_clock(h: Hit) -> bool:
    return h.type == "time" and h.value is not None and h.value.startswith("T")


def _is_day(h: Hit) -> bool:
    unresolved_day = h.value is None and h.rule in ("weekday", "deictic", "full_date")
    return h.type == "date" and (h.granularity == "day" or unresolved_day)


def _merge(text: str, hits: list[Hit]) -> list[Hit]:
    """"9 p.m. Friday", "Saturday night", "yesterday afternoon": a clock time joins its day."""
    out: list[Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev and _JOIN.fullmatch(text[prev.end: h.start]) and (
            (_is_clock(prev) and _is_day(h)) or (_is_day(prev) and _is_clock(h))
        ):
            clock, day = (prev, h) if _is_clock(prev) else (h, prev)
            # "the night of 23-24 February": the clock time starts on the first day of a range.
            value = None if day.value is None else f"{day.value.split('/')[0]}{clock.value}"
            merged = Hit(prev.start, h.end, "time", value, clock.granularity, clock.mod or day.mod,
                         day.relative, "merged", day.reason)
            out[-1] = merged
            continue
        out.append(h)
    return out


# Between two days of one range: "from Friday to Sunday", "Monday through Wednesday", "between 3 and 5 May"
# is split by the rules into two points. "and" joins a range only after "between".
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till)\s*|\s+and\s+", re.I)
_BETWEEN_LEFT = re.compile(r"\bbetween\s+$", re.I)
_DAY_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A range of days longer than this is two separate points ("from Monday to next month's summit" is not
# one stretch of days): a week, plus a weekend either side.
MAX_RANGE_DAYS = 9


def _ranges(text: str, hits: list[Hit], anchor: date | None = None) -> list[Hit]:
    """Two named days joined as a range ("from Friday to Sunday", "between Monday and Wednesday") are one
    expression: an ISO 8601 interval of days, as "23-24 February" is. A weekday end read before its start
    (each read on its own by tense) moves by a week: the start back for a past range, the end ahead otherwise."""
    out: list[Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and prev.type == "date" and h.type == "date" and prev.granularity == "day" \
                and h.granularity == "day" and prev.value and h.value and _DAY_ISO.match(prev.value) \
                and _DAY_ISO.match(h.value) and prev.mod is None and h.mod is None:
            join = _RANGE_JOIN.fullmatch(text[prev.end: h.start])
            if join and not re.match(r"[’']s\b", text[h.end: h.end + 3]) and ("and" not in join.group().lower() or _BETWEEN_LEFT.search(text[max(0, prev.start - 10): prev.start])):
                a, b = date.fromisoformat(prev.value), date.fromisoformat(h.value)
                weeks = timedelta(days=7 * ((a - b).days // 7 + 1))
                if b <= a and anchor is not None and b < anchor and prev.rule == "weekday":
                    a -= weeks  # a past range: its start is the week before ("raged from Monday to Wednesday")
                elif b <= a and h.rule == "weekday":
                    b += weeks  # a range ahead: its end is the week after ("will run from Tuesday to Monday")
                if a < b and (b - a).days <= MAX_RANGE_DAYS:
                    out[-1] = Hit(prev.start, h.end, "date", f"{a.isoformat()}/{b.isoformat()}", "day", None,
                                  prev.relative or h.relative, "range")
                    continue
        out.append(h)
    return out


_CLOCK_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|until|till)\s*", re.I)
_FROM_LEFT = re.compile(r"\bfrom\s+$", re.I)


def _clock_ranges(text: str, hits: list[Hit]) -> list[Hit]:
    """"from 6pm until midnight", "between 9:00 and 11:30": one stretch of one day, as day ranges are."""
    out: list[Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and _is_clock(prev) and _is_clock(h) and prev.mod is None and h.mod is None \
                and "/" not in prev.value and "/" not in h.value:
            gap = text[prev.end: h.start]
            left = text[max(0, prev.start - 9): prev.start]
            if (_CLOCK_RANGE_JOIN.fullmatch(gap) and _FROM_LEFT.search(left)) or (
                    re.fullmatch(r"\s+and\s+", gap) and _BETWEEN_LEFT.search(left)):
                out[-1] = Hit(prev.start, h.end, "time", f"{prev.value}/{h.value}", prev.granularity, None,
                              prev.relative or h.relative, "clock_range")
                continue
        out.append(h)
    return out


# A line without a full stop and no longer than this is a headline or a live blog's entry title.
HEADLINE_CHARS = 120
# How far below a headline the body's reading of the same weekday is looked for.
HEADLINE_REACH = 2_000


def _headline_days(text: str, hits: list[Hit]) -> None:
    """A weekday in a headline ("talks with US in Jeddah on Tuesday") has no verb to give it a tense: it takes
    the reading of the same weekday in the body below ("delegations will meet ... on Tuesday")."""
    for i, h in enumerate(hits):
        if h.rule != "weekday" or h.type != "date" or not h.value:
            continue
        line_start = text.rfind("\n", 0, h.start) + 1
        line_end = text.find("\n", h.end)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start: line_end].rstrip()
        if line_end - line_start > HEADLINE_CHARS or not line or line[-1] in ".!?\"”’'":
            continue
        word = text[h.start: h.end].split()[-1].lower()
        for later in hits[i + 1:]:
            if later.start > line_end + HEADLINE_REACH:
                break
            if later.start > line_end and later.rule == "weekday" and later.value \
                    and text[later.start: later.end].split()[-1].lower() == word:
                h.value = later.value
                break


_QUOTE_MARKS = re.compile(r"[\"“”]")
_PAST_SPEECH = re.compile(r"\b(?:said|told|added|wrote|declared|insisted)\b", re.I)
_DAY_NAMED = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|tomorrow)\b", re.I)
_DEICTIC_SHIFT = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                  "yesterday": -1, "last night": -1, "tomorrow": 1}
QUOTE_REACH = 600  # characters of a paragraph looked at either side of a quoted day word (bounded work)


def _quoted_deictics(text: str, hits: list[Hit], anchor: date | None) -> None:
    """"Tonight the whole country would have been dancing," the goalkeeper told reporters after the match:
    in a paper of the day after the match, a day word inside a quotation said in the past, with no day named
    for the saying, counts from the day of the event the article reports (the day before publication)."""
    if anchor is None:
        return
    day_before = (anchor - timedelta(days=1)).isoformat()
    last_day: str | None = None
    for h in hits:
        word = _JOIN_WS.sub(" ", text[h.start: h.end].lower())
        para_lo = max(text.rfind("\n", max(0, h.start - QUOTE_REACH), h.start) + 1, h.start - QUOTE_REACH)
        quoted = len(_QUOTE_MARKS.findall(text, para_lo, h.start)) % 2 == 1
        if h.rule == "deictic" and quoted and word in _DEICTIC_SHIFT and h.value and last_day == day_before:
            end = text.find("\n", h.end, h.end + QUOTE_REACH)
            para = text[para_lo: end if end >= 0 else h.end + QUOTE_REACH]
            saying = " ".join(_QUOTE_MARKS.split(para)[::2])  # the paragraph's words outside quotation marks
            if _PAST_SPEECH.search(saying) and not _DAY_NAMED.search(saying):
                shifted = (date.fromisoformat(day_before) + timedelta(days=_DEICTIC_SHIFT[word])).isoformat()
                h.value = shifted + h.value[10:]
                continue
        if not quoted and h.type in ("date", "time") and h.value and _DAY_ISO.match(h.value[:10]) \
                and h.granularity in ("day", "part_of_day", "minute", "hour") and h.rule != "deictic":
            last_day = h.value[:10]


_JOIN_WS = re.compile(r"\s+")


# "around Nov. 1": an approximate point ("about" is left out: "talked about March 3").
_APPROX_LEFT = re.compile(r"\b(?:around|approximately|roughly|circa)\s+$", re.I)


def _approximate(text: str, hits: list[Hit]) -> None:
    prev_end = 0
    for h in hits:
        if h.type in ("date", "time") and h.mod is None:
            m = _APPROX_LEFT.search(text[max(prev_end, h.start - 16): h.start])
            if m:
                h.start -= len(m.group())
                h.mod = "APPROX"
        prev_end = h.end


def _attach_days(text: str, hits: list[Hit], tense: Tense | None = None, anchor: date | None = None) -> None:
    """A bare clock time ("at 11:40") happens on the day last named in its paragraph; in a past-tense
    clause, on the day last named before it in the article (a report names the day once, in its
    lead, then gives the times: "struck on Sunday ... hit the building at about 10:30")."""
    last: Hit | None = None
    for h in hits:
        if _is_clock(h) and _alone_on_line(text, h):
            # a live blog's entry stamp ("09:05 GMT" on its own line) opens a new entry: a day named
            # in an earlier entry no longer holds for the times below it
            last = None
            continue
        if h.type == "date" and h.granularity == "day" and h.value and "/" not in h.value and h.mod is None:
            if last is not None and _REPORT_LEFT.search(text, max(0, h.start - REPORT_CONTEXT), h.start):
                continue  # "struck late on Wednesday ..., officials said on Thursday": the event's day holds
            last = h
        elif _is_clock(h) and last is not None and (
                "\n\n" not in text[last.end: h.start] or (tense is not None and tense(h.start) == "past")) \
                and not (anchor is not None and last.value > anchor.isoformat() and tense is not None
                         and tense(h.start) == "past"):
            # (a past event never happens after publication: "a shell hit a school at 3am" below a
            # live blog's "on Thursday" still to come is on the day of publication)
            day = last.value.split("/")[0]
            h.value = day + h.value.replace("/T", f"/{day}T")  # "from 11:00 to 13:00": both ends that day
            h.relative = last.relative


# A day that dates the report rather than the event: "officials said on Thursday", "told reporters on Friday".
_REPORT_LEFT = re.compile(r"\b(?:said|says|stated|told|announced|reported|added|wrote|confirmed|claimed|posted)\b"
                          r"(?:\s+[\w’'-]+){0,3}?\s+on\s+$", re.I)
REPORT_CONTEXT = 40  # characters looked at before the day (bounded work)


def _alone_on_line(text: str, h: Hit, margin: int = 40) -> bool:
    """Whether only blanks (at most ``margin`` characters of them: bounded work on hostile text) stand
    between the hit and its line's ends."""
    before = text[max(0, h.start - margin): h.start]
    after = text[h.end: h.end + margin]
    i, j = before.rfind("\n"), after.find("\n")
    starts_line = (i >= 0 or h.start <= margin) and not before[i + 1:].strip()
    ends_line = (j >= 0 or h.end + margin >= len(text)) and not after[: j if j >= 0 else len(after)].strip()
    return starts_line and ends_line


# Joins a day or a clock time to a set before it: "every Tuesday and Saturday at 8:00".
_SET_JOIN = re.compile(r"\s*(?:,|and|or|at|,\s*and)?\s*$", re.I)
_SET_RIGHT = re.compile(r"^\s+(?:every|each)\b", re.I)
_ANY_DAY_RIGHT = re.compile(r"\s*,?\s+on\s+an?\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def _sets(text: str, hits: list[Hit]) -> None:
    """Days and clock times that repeat are sets, not dates: "every Sunday at 9pm", "at 7:15 every
    morning"; an indefinite weekday ("on a Saturday") is no particular day either."""
    for i, h in enumerate(hits):
        if h.type not in ("date", "time") or h.granularity not in ("day", "minute", "hour", "part_of_day", None):
            continue
        prev = hits[i - 1] if i else None
        if prev is not None and prev.type == "set" and _SET_JOIN.fullmatch(text[prev.end: h.start]) \
                and h.start - prev.end <= 8:
            h.type = "set"
        elif _SET_RIGHT.match(text[h.end: h.end + 8]) and (_is_clock(h) or h.rule == "weekday"):
            h.type = "set"
        elif _is_clock(h) and _ANY_DAY_RIGHT.match(text, h.end, h.end + 20):
            h.type = "set"  # "before dawn on a Saturday": no particular day
        elif h.rule == "weekday" and re.search(r"\ba\s+$", text[max(0, h.start - 3): h.start]):
            h.type, h.value, h.reason = "set", f"XXXX-WXX-{_weekday_number(text[h.start:h.end])}", None
            continue
        else:
            continue
        if h.rule == "weekday":
            h.value = f"XXXX-WXX-{_weekday_number(text[h.start:h.end].split()[-1])}"
        elif h.value and not h.value.startswith(("XXXX", "TXX")):
            clock = h.value.find("T")
            # TIMEX3 writes a time of day that recurs on any day as XXXX-XX-XXThh:mm
            h.value = "XXXX-XX-XX" + h.value[clock:] if clock >= 0 else h.value
        h.reason = None
        h.relative = False


def _weekday_number(word: str) -> int:
    from .lexicon import WEEKDAYS

    return WEEKDAYS.get(word.lower().rstrip("s."), 1)


def _to_ref(h: Hit, anchor: date | None) -> TimeRef:
    ref = TimeRef(h.start, h.end, h.type, h.value, granularity=h.granularity, mod=h.mod)
    value = h.value
    if value is not None and value.startswith("T") and h.type != "set":
        # A bare clock time or part of day with no day named before it in its paragraph happens on the
        # anchor day.
        if anchor is None:
            ref.value, ref.reason = None, NO_ANCHOR
            return ref
        value = ref.value = anchor.isoformat() + value.replace("/T", f"/{anchor.isoformat()}T")
        h.relative = True
    if value is None:
        ref.reason = h.reason or NO_ANCHOR
        return ref
    ref.resolved = True
    if h.relative and anchor is not None:
        ref.anchor = anchor.isoformat()
    if h.type in ("date", "time"):
        rng = cal.value_range(value)
        if rng:
            a, b = cal.narrow(rng, h.mod)
            if h.mod == "EARLIER" and anchor is not None and a <= anchor:
                b = min(b, anchor)
            elif h.mod == "LATER" and anchor is not None and b >= anchor:
                a = max(a, anchor)
            ref.range_start, ref.range_end = a.isoformat(), b.isoformat()
            if ref.granularity is None:
                ref.granularity = "day" if a == b else None
    elif h.type == "duration" and h.extent and anchor is not None:
        direction, unit, n = h.extent
        other = cal.shift(anchor, unit, direction * n)
        a, b = sorted((anchor, other))
        ref.range_start, ref.range_end = a.isoformat(), b.isoformat()
        ref.anchor = anchor.isoformat()
    return ref


def extract(text: str, anchor: date | None, tense: Tense | None = None, *, english: bool = True) -> list[TimeRef]:
    """Every temporal expression in ``text`` as a TimeRef, resolved against ``anchor`` when relative.

    ``anchor`` None leaves relative expressions unresolved with a reason (never today's date).
    ``tense(pos)`` says whether the clause at ``pos`` is past, present or future; by default it
    is read from the surrounding words. ``english`` False keeps only the digit-only rules (the
    word rules are English).
    """
    text = text[:MAX_CHARS]
    if anchor is not None and not ANCHOR_YEARS[0] <= anchor.year <= ANCHOR_YEARS[1]:
        anchor = None  # see ANCHOR_YEARS; relative expressions then stay unresolved
    tense = _with_forward_cues(text, tense or window_tense(text))
    chosen = _select(text, _candidates(text, anchor, english))
    hits = _ranges(text, _merge(text, _resolve_in_order(text, chosen, anchor, tense)), anchor)
    _headline_days(text, hits)
    _quoted_deictics(text, hits, anchor)
    _sets(text, hits)
    hits = _clock_ranges(text, hits)
    _attach_days(text, hits, tense, anchor)
    _approximate(text, hits)
    return [_to_ref(h, anchor) for h in hits[:MAX_TIMES]]
