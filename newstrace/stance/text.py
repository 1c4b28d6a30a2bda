"""Tokens, sentences (with offsets) and cue lexicons for the stance model.

Training and inference must tokenise identically, so the tokeniser lives here and the training
script uses it too (no sklearn analyzer whose behaviour could drift between versions).
"""

from __future__ import annotations

import re

# Attacker-controlled text: features read at most this many characters (a long article's stance is
# carried by its opening and its most relevant sentences well before this point).
MAX_TEXT_CHARS = 60_000
# A claim is a headline or one sentence; anything longer is truncated rather than rejected.
MAX_CLAIM_CHARS = 2_000
# Bounds the per-pair sentence scoring work on pathological inputs (one "sentence" per line).
MAX_SENTENCES = 400

_TOKEN = re.compile(r"[a-z0-9]+")
_NEGATED = re.compile(r"n['’]t\b")
# "could not be (independently) verified" hedges; it does not refute, so it must not count as "not".
_UNVERIFIED = re.compile(r"\bnot\s+((?:[a-z]+\s+){0,2}?)(verif\w*|confirm\w*|clear)\b")
# Sentence ends: terminal punctuation (optionally closing quote/bracket) followed by whitespace.
_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most my
    myself of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours yourself
    yourselves s t said says say also one two new us""".split()
)

# Cue lexicons (stems after `stem`). Refuting words follow the FNC-1 baseline list plus denial verbs;
# hedges mark reports that relay a claim without endorsing it; support words mark confirmation.
REFUTE = (
    "fake", "fraud", "hoax", "false", "deny", "denied", "denies", "not", "despite", "nope", "doubt",
    "bogus", "debunk", "prank", "retract", "untrue", "never", "no", "rumor", "misleading", "fabricat",
    "satir", "mislead", "dismiss", "refut", "contrary", "incorrect", "wrong", "baseless", "unfound",
)
HEDGE = (
    "alleged", "allegedly", "reportedly", "report", "according", "claim", "claimed", "appear",
    "apparently", "purportedly", "may", "might", "could", "possibly", "unconfirmed", "unverified",
    "suggest", "rumour", "if", "whether", "believed", "seem", "likely", "unclear", "purported",
)
SUPPORT = (
    "confirm", "confirmed", "officially", "announc", "verifi", "indeed", "prove", "proven", "true",
    "evidence", "reveal", "show", "admit",
)
# Words that debunk a story outright (a subset of refuting words plus the verbs and nouns fact-checks
# use): unlike "not" or "no", they rarely occur in a report that agrees with the claim.
DEBUNK = (
    "fake", "hoax", "false", "falsely", "bogus", "debunk", "untrue", "fabricat", "satir", "prank",
    "baseless", "unfound", "refut", "denied", "deny", "denies", "dismiss", "reject", "disput",
    "contradict", "myth", "misinform", "nonsense", "photoshop", "rumor", "rumour", "retract",
    "incorrect", "inaccurat", "spoof", "parody", "scam",
)
# Negators whose scope (the next few words) can reverse a claim word ("did not kill", "no attack").
NEGATORS = frozenset({"not", "no", "never", "nor", "neither", "nobody", "nothing", "without"})


def stem(word: str) -> str:
    """Crude suffix stripping: enough to match 'denies'/'denied'/'deny' across headline and body.

    Hand-written because no stemmer ships in our dependencies and the model only needs consistency.
    """
    if len(word) <= 4:
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", "")):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + repl
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens, stop words kept (cue lexicons need 'not', 'no')."""
    text = _UNVERIFIED.sub(r"unconfirmed \1\2", _NEGATED.sub(" not", text.lower()))
    return [stem(t) for t in _TOKEN.findall(text)]


def content(toks: list[str]) -> list[str]:
    return [t for t in toks if t not in STOP_WORDS and not t.isdigit()]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[:MAX_TEXT_CHARS]):
        pos = line.start()
        cuts = [m.end() for m in _SENT_END.finditer(line.group())]
        for cut in [*cuts, len(line.group())]:
            end = line.start() + cut
            s, e = pos, end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
                if len(spans) >= MAX_SENTENCES:
                    return spans
            pos = end
    return spans


class Lexicon:
    """A cue word list matched on stems; entries of 5+ letters also match as prefixes
    ('fabricat' matches 'fabricated', 'satir' matches 'satire')."""

    def __init__(self, words: tuple[str, ...]):
        self.exact = frozenset(stem(w) for w in words)
        self.prefixes = tuple(sorted(w for w in words if len(w) >= 5 and stem(w) == w))
        self._memo: dict[str, str | None] = {}

    def match(self, tok: str) -> str | None:
        """The lexicon entry ``tok`` matches, or None."""
        hit = self._memo.get(tok, "")
        if hit != "":
            return hit
        hit = tok if tok in self.exact else next((p for p in self.prefixes if tok.startswith(p)), None)
        if len(self._memo) < 200_000:  # bounded memo: attacker text can hold arbitrarily many words
            self._memo[tok] = hit
        return hit

    def count(self, toks: list[str]) -> int:
        return sum(1 for t in toks if self.match(t) is not None)


REFUTE_LEX = Lexicon(REFUTE)
HEDGE_LEX = Lexicon(HEDGE)
SUPPORT_LEX = Lexicon(SUPPORT)
DEBUNK_LEX = Lexicon(DEBUNK)
# Refuting cues whose individual counts are features (the model learns which ones matter).
REFUTE_KEYS = tuple(sorted(set(REFUTE_LEX.exact) | set(REFUTE_LEX.prefixes)))
