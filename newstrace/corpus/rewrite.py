"""Rewrites: spun or paraphrased copies, recognised from what spinning keeps.

A synonym spinner changes most ordinary words but leaves names, numbers and (usually) quotations
alone (or respells a name by its vowels: anchors compare by ``fingerprint.anchor_key``), and never
reorders the story. So two texts are a rewrite pair when

- their *anchor* sequences (names and numbers, in text order) align over most of the shorter one,
  in runs (``Vladimir Putin`` ... ``24 February`` kept together),
- their figures agree,
- their sentences align one to one, in the same order (sentence i of the copy carries the names
  of sentence i' of the original, with i' increasing).

Two independent reports of one event share names too, but in another order, with other figures
and other sentence boundaries; the score keeps them apart. Evidence: the aligned sentence pairs,
offsets in both texts, with the anchors they share.
"""

from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher
from functools import lru_cache

from ..sentsplit import sentence_spans
from .dedup import EMBED_MAX_SHARE, Verdict
from .fingerprint import anchor_key, is_anchor, words

MIN_ANCHORS = 8  # too few names/numbers to tell a rewrite from a coincidence
MAX_ANCHORS = 3000  # bound difflib's work on adversarial input
MAX_SENTENCES = 400
# Aligned sentences share at least this share of their anchors (Jaccard) and two anchors.
SENTENCE_MATCH = 0.5
# Weights of the three signals; the threshold sits between the scores of team-written spun
# rewrites (>0.7) and independent same-event reports (<0.45) in tests/fixtures/corpus.
W_ORDER, W_NUMBERS, W_SENTENCES = 0.45, 0.2, 0.35
REWRITE_MIN = 0.6
MAX_EVIDENCE = 40

_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (a regex splitter: rewrites are compared on any text, analysed or not)."""
    return sentence_spans(text, _SENT_END, MAX_SENTENCES)


def _sentence_anchors(text: str, spans: list[tuple[int, int]], anc: list[re.Match]) -> list[set[str]]:
    starts = [m.start() for m in anc]
    out = []
    for s, e in spans:
        i, j = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        out.append({anchor_key(anc[k].group()) for k in range(i, j)})
    return out


def _kept(text: str, span: tuple[int, int], anc: list[re.Match], keys: set[str]) -> list[str]:
    """The anchors of a sentence whose keys are in ``keys``, as they read in the text."""
    return sorted({m.group() for m in anc if span[0] <= m.start() < span[1] and anchor_key(m.group()) in keys})[:20]


@lru_cache(maxsize=64)
def _anchors(text: str) -> list[re.Match]:
    return [m for m in words(text) if is_anchor(m.group())][:MAX_ANCHORS]


def _lis(seq: list[int]) -> int:
    """Length of the longest increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for x in seq:
        i = bisect.bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


def verify_rewrite(a_text: str, b_text: str) -> Verdict:
    """Is one text a rewrite of the other? Returns the score and aligned sentences as evidence."""
    aa, ab = _anchors(a_text), _anchors(b_text)
    if min(len(aa), len(ab)) < MIN_ANCHORS:
        return Verdict(None, 0.0, [])
    la, lb = [anchor_key(m.group()) for m in aa], [anchor_key(m.group()) for m in ab]
    sm = SequenceMatcher(None, la, lb, autojunk=False)
    runs = sum(b.size for b in sm.get_matching_blocks() if b.size >= 2)
    order = runs / min(len(la), len(lb))
    if runs / max(len(la), len(lb)) < EMBED_MAX_SHARE:
        # the alignment covers the shorter text but under half of the longer one: the longer text
        # is mostly its own (it carries the other, or a spun copy of it, inside); not a rewrite
        return Verdict(None, round(order, 4), [])

    na = {x for x in la if any(c.isdigit() for c in x)}
    nb = {x for x in lb if any(c.isdigit() for c in x)}
    numbers = len(na & nb) / min(len(na), len(nb)) if min(len(na), len(nb)) >= 2 else order

    sa, sb = sentences(a_text), sentences(b_text)
    xa, xb = _sentence_anchors(a_text, sa, aa), _sentence_anchors(b_text, sb, ab)
    pairs = []
    for j, bset in enumerate(xb):
        if len(bset) < 2:
            continue
        best, best_i = 0.0, -1
        for i, aset in enumerate(xa):
            inter = len(aset & bset)
            if inter < 2:
                continue
            jac = inter / len(aset | bset)
            if jac > best:
                best, best_i = jac, i
        if best >= SENTENCE_MATCH:
            pairs.append((best_i, j, best))
    with_anchors = min(sum(1 for s in xa if len(s) >= 2), sum(1 for s in xb if len(s) >= 2)) or 1
    mono = _lis([i for i, _, _ in pairs]) if pairs else 0
    sent_score = min(1.0, mono / with_anchors)
    score = W_ORDER * order + W_NUMBERS * numbers + W_SENTENCES * sent_score
    evidence = [{"start": sa[i][0], "end": sa[i][1], "other_start": sb[j][0], "other_end": sb[j][1],
                 "kept": _kept(a_text, sa[i], aa, xa[i] & xb[j]),
                 "other_kept": _kept(b_text, sb[j], ab, xa[i] & xb[j]), "match": round(m, 3)}
                for i, j, m in pairs[:MAX_EVIDENCE]]
    return Verdict("rewrite" if score >= REWRITE_MIN else None, round(score, 4), evidence)
