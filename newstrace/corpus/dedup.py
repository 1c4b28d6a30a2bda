"""Near-duplicate copies: verify an LSH candidate pair and find the passages both texts share.

A candidate from the MinHash bands is only a suspicion; the verdict comes from aligning the two
texts word by word (a Levenshtein alignment of lowercased tokens, RapidFuzz) and measuring how much of the shorter text sits
in shared passages of at least MIN_PASSAGE_WORDS words. Evidence is one record per passage with
offsets in both texts: ``{"start", "end"}`` in this article, ``{"other_start", "other_end"}`` in
the other one.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz.distance import Levenshtein

from ..store.links import swap  # noqa: F401 - one helper: the store reads links from either side
from .fingerprint import WORD_SPLIT

# Shared runs shorter than this are phrases ("the Ministry of Defence said"), not copied text.
MIN_PASSAGE_WORDS = 8
# A copy keeps at least this share of the shorter text in shared passages: syndication keeps
# ~100%, light edits (dropped sentences, a changed word here and there) 70-95%; two reports
# that quote the same statement keep well under 40%.
COPY_MIN = 0.6
# Token cap for the alignment (its cost grows with the product of the two lengths).
MAX_ALIGN_TOKENS = 6000
MAX_EVIDENCE = 40  # passages kept per link
# Words swapped one-for-one (replacements of at most SWAP_MAX words on both sides) per word of
# the shorter text. Light edits change a word here and there (~1-2%); a synonym spinner that
# left long quotations and name lists intact still swaps a word every few words (> 5%): that
# pair is a rewrite even when most of its text sits in shared passages.
SWAP_RATE_REWRITE = 0.05
SWAP_MAX = 3
# A page that carries the whole of another article but whose own text is mostly different (the
# shared passages are under half of the longer text) embeds it ("read the earlier report" blocks,
# live pages quoting an earlier story whole): neither a copy nor a rewrite of it.
EMBED_MAX_SHARE = 0.5


@dataclass(slots=True)
class Verdict:
    kind: str | None  # copy | rewrite | embeds | None
    score: float
    evidence: list[dict]
    a_embeds: bool = False  # for "embeds": the first text is the embedding page (else the second one is)


@dataclass(slots=True)
class Tokens:
    """A text's first MAX_ALIGN_TOKENS word tokens as ``shared_passages`` aligns them: lowercased, with offsets.

    Kept by the linker with each masked text it compares (issue 15): a candidate is verified against
    many later articles, and tokenising it again for each was a third of linking's time at 24k linked."""
    low: list[str]
    starts: array
    ends: array


def tokens(text: str) -> Tokens:
    """The word tokens ``shared_passages`` aligns (``fingerprint.words``, first MAX_ALIGN_TOKENS).

    Split, not matched one by one: [between, word, between, word, ..., rest], so a word's start is the
    running length before it (1.5x faster than a match object per word, same tokens and offsets)."""
    parts = WORD_SPLIT.split(text, MAX_ALIGN_TOKENS)
    ends = list(accumulate(map(len, parts)))
    found = parts[1::2]
    # interned: a text's words are mostly common ones, kept once however many texts hold them
    return Tokens([sys.intern(w.lower()) for w in found], array("l", ends[0:2 * len(found):2]), array("l", ends[1::2]))


def shared_passages(a_text: str, b_text: str, min_words: int = MIN_PASSAGE_WORDS, *,
                    a_tokens: Tokens | None = None, b_tokens: Tokens | None = None) -> tuple[list[dict], int, int, int]:
    """Passages of at least ``min_words`` words shared by both texts.

    ``a_tokens``/``b_tokens``: ``tokens()`` of exactly that text, computed before (else tokenised here).
    Returns (passages, shared words, words in a, words in b, words swapped one-for-one); a passage is
    ``{"start", "end", "other_start", "other_end", "words"}`` (offsets into a, then b).
    """
    ta = a_tokens if a_tokens is not None else tokens(a_text)
    tb = b_tokens if b_tokens is not None else tokens(b_text)
    la, lb = ta.low, tb.low
    # RapidFuzz's Levenshtein alignment of the two word sequences (bit-parallel, in C++): the
    # same monotone alignment difflib's SequenceMatcher gave here, at a small part of its cost,
    # which was the largest share of verifying a copy while linking.
    ops = Levenshtein.opcodes(la, lb)
    swapped = sum(o.src_end - o.src_start for o in ops
                  if o.tag == "replace" and o.src_end - o.src_start <= SWAP_MAX and o.dest_end - o.dest_start <= SWAP_MAX)
    out: list[dict] = []
    shared = 0
    for o in ops:
        size = o.src_end - o.src_start
        if o.tag != "equal" or size < min_words:
            continue
        shared += size
        out.append({"start": ta.starts[o.src_start], "end": ta.ends[o.src_end - 1],
                    "other_start": tb.starts[o.dest_start], "other_end": tb.ends[o.dest_end - 1],
                    "words": size})
    out.sort(key=lambda p: -p["words"])
    return out[:MAX_EVIDENCE], shared, len(la), len(lb), swapped


def verify_copy(a_text: str, b_text: str, *, a_tokens: Tokens | None = None, b_tokens: Tokens | None = None) -> Verdict:
    """Is one text a (lightly edited) copy of the other, or does one embed the other?

    score = share of the shorter text in shared passages; "embeds" when that is a copy's share but
    the shared passages are less than EMBED_MAX_SHARE of the longer text. ``a_tokens``/``b_tokens``: as
    in ``shared_passages``.
    """
    passages, shared, na, nb, swapped = shared_passages(a_text, b_text, a_tokens=a_tokens, b_tokens=b_tokens)
    shorter = min(na, nb)
    if shorter == 0:
        return Verdict(None, 0.0, [])
    score = shared / shorter
    passages.sort(key=lambda p: p["start"])
    kind = None
    if score >= COPY_MIN:
        if shared / max(na, nb) < EMBED_MAX_SHARE:
            return Verdict("embeds", round(score, 4), passages, a_embeds=na > nb)
        kind = "rewrite" if swapped / shorter >= SWAP_RATE_REWRITE else "copy"
    return Verdict(kind, round(score, 4), passages)


