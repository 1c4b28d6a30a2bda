"""Run the rules over a text, keep the longest non-overlapping matches, resolve them to TimeRefs."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from datetime import date, datetime

from ..model import TimeRef
from . import calendar as cal
from .rules import GATES, RULES, Env, Hit, NoAnchor

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


def doc_tense(doc, fallback: Tense) -> Tense:
    """Tense from the spaCy parse: the verb governing the expression and its auxiliaries."""
    starts = [t.idx for t in doc]

    def tense(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return fallback(pos)
        tok = doc[i]
        for _ in range(8):  # climb to the governing verb; parses are shallow
            if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return fallback(pos)
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in auxes}
        going_to = tok.lower_ == "going" and any(c.lower_ == "to" for c in tok.children)
        if words & {"will", "shall", "'ll", "’ll", "wo"} or going_to:
            return "future"
        if tok.tag_ in ("VBD",) or any(c.tag_ == "VBD" for c in auxes) or words & {"has", "have", "had"}:
            return "past"
        if tok.tag_ == "VBN" and not auxes:
            return "past"
        if tok.tag_ in ("VBZ", "VBP", "VBG", "VB") or any(c.tag_ in ("VBZ", "VBP") for c in auxes):
            fb = fallback(pos)
            return "future" if fb == "future" else "present"
        return fallback(pos)

    return tense


# Rules that read digits only (3/4/2022, 2022-02-24, 1996, 21:40): safe on text in any language.
LANGUAGE_NEUTRAL = {"numeric_date", "year", "clock"}  # rule names in rules.RULES


def _candidates(text: str, anchor: date | None, english: bool):
    # Whether a rule accepts a match never depends on tense: the probe skips reading it.
    probe = Env(text, anchor, lambda pos: "past")
    out = []
    for idx, (name, rx, handler) in enumerate(RULES):
        if not english and name not in LANGUAGE_NEUTRAL:
            continue
        gate = GATES.get(name)
        if gate is not None and not gate.search(text):
            continue
        for m in rx.finditer(text):
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


def _attach_days(text: str, hits: list[Hit]) -> None:
    """A bare clock time ("at 11:40") happens on the day last named in its paragraph, if any."""
    last: Hit | None = None
    for h in hits:
        if h.type == "date" and h.granularity == "day" and h.value:
            last = h
        elif _is_clock(h) and last is not None and "\n\n" not in text[last.end: h.start]:
            h.value = last.value.split("/")[0] + h.value
            h.relative = last.relative


def _to_ref(h: Hit, anchor: date | None) -> TimeRef:
    ref = TimeRef(h.start, h.end, h.type, h.value, granularity=h.granularity, mod=h.mod)
    value = h.value
    if value is not None and value.startswith("T"):
        # A bare clock time or part of day with no day named before it in its paragraph happens on the
        # anchor day.
        if anchor is None:
            ref.value, ref.reason = None, NO_ANCHOR
            return ref
        value = ref.value = anchor.isoformat() + value
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
    hits = _merge(text, _resolve_in_order(text, chosen, anchor, tense))
    _attach_days(text, hits)
    _approximate(text, hits)
    return [_to_ref(h, anchor) for h in hits[:MAX_TIMES]]
