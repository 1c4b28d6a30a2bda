"""A side's text masked further (another outlet's boilerplate carried in a copy) is not tokenised again:
``linker._tokens_less`` cuts the blanked words out of the side's own tokens (issue 15). It must give
exactly ``dedup.tokens`` of the text masked further, or None (tokenise), never other tokens.

Team-written texts; the random cases draw words with apostrophes, dots, hyphens and non-Latin letters,
and spans that cut words, so that the cases where cutting would differ from tokenising occur."""

from __future__ import annotations

import random

import pytest

from newstrace.corpus import boilerplate as bp
from newstrace.corpus import dedup
from newstrace.corpus import linker as L

STOCK = "Support our newsroom: every donation keeps the night desk open."
TEXT = ("Air defence units shot down eleven drones over the Odesa region overnight, the command said. " + STOCK +
        " Debris damaged a grain warehouse in Izmail's port and injured a guard, the U.S.-funded radio said. "
        "Read more: the port's e-mail statement at 10:30 said loading resumed. " + STOCK)
PIECES = ["Kyiv", "don't", "U.S.", "e-mail", "10:30", "a", "the", "Zaporizhzhia’s", "x", "ωμέγα", "—", ",", ".",
          "-", "'", "'s", "3.5", "\n\n", "  ", "Harkiv-based"]


def _side(text: str, spans: list[tuple[int, int]]) -> L._Side:
    return L._Side(0, text, [], spans, set(), masked=bp.mask(text, spans))


def _same(got: dedup.Tokens, want: dedup.Tokens) -> bool:
    return (got.low, list(got.starts), list(got.ends)) == (want.low, list(want.starts), list(want.ends))


def test_tokens_less_of_sentences_masked_further():
    """Masking whole sentences (what ``bp.carried`` gives) is cut out, never tokenised again."""
    first = TEXT.index(STOCK)
    second = TEXT.rindex(STOCK)
    side = _side(TEXT, [(second, second + len(STOCK))])
    for spans in ([(first, first + len(STOCK))], [(first, first + len(STOCK)), (second, second + len(STOCK))],
                  [(0, TEXT.index("Debris") - 1)], []):
        further = bp.mask(side.masked, spans)
        got = L._tokens_less(side, further, spans)
        assert got is not None and _same(got, dedup.tokens(further))
        assert len(got.low) < len(dedup.tokens(TEXT).low)


@pytest.mark.parametrize("seed", range(4))
def test_tokens_less_equals_tokenising_or_declines(seed):
    rng = random.Random(seed)
    exact = declined = 0
    for _ in range(2500):
        text = "".join(rng.choice(PIECES) + rng.choice([" ", "", " ", "\n", "."]) for _ in range(rng.randint(0, 50)))
        starts = [rng.randint(0, len(text)) for _ in range(rng.randint(0, 3))]
        side = _side(text, sorted((s, min(len(text), s + rng.randint(0, 15))) for s in starts))
        spans = [(s, min(len(text), s + rng.randint(-2, 30))) for s in
                 [rng.randint(0, len(text)) for _ in range(rng.randint(0, 4))]]
        further = bp.mask(side.masked, spans)
        got = L._tokens_less(side, further, spans)
        if got is None:
            declined += 1
            continue
        assert _same(got, dedup.tokens(further)), (text, spans)
        exact += 1
    assert exact > 500 and declined > 100  # both paths were exercised


def test_tokens_less_declines_a_cut_word_and_a_capped_side(monkeypatch):
    side = _side("alpha beta-gamma delta", [])
    # a span that starts inside "beta-gamma": the word would be cut, not dropped
    assert L._tokens_less(side, bp.mask(side.masked, [(8, 22)]), [(8, 22)]) is None
    # whole words dropped: cut out
    got = L._tokens_less(side, bp.mask(side.masked, [(6, 16)]), [(6, 16)])
    assert got is not None and got.low == ["alpha", "delta"] and list(got.starts) == [0, 17]
    # a side holding as many tokens as the cap: blanking some would let later words in
    monkeypatch.setattr(L, "MAX_ALIGN_TOKENS", 3)
    capped = _side("one two three four five", [])
    capped.toks = dedup.tokens(capped.masked)
    capped.toks = dedup.Tokens(capped.toks.low[:3], capped.toks.starts[:3], capped.toks.ends[:3])
    assert L._tokens_less(capped, bp.mask(capped.masked, [(0, 3)]), [(0, 3)]) is None
