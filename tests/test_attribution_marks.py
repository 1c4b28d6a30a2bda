"""Quote-mark pairing: apostrophes, nesting, straight/curly, across paragraphs."""

from __future__ import annotations

import pytest

from newstrace.attribution.marks import pair_marks


def _contents(text: str, depth: int | None = None) -> list[str]:
    return [text[p.content_start : p.content_end] for p in pair_marks(text) if depth is None or p.depth == depth]


@pytest.mark.parametrize("text, expected", [
    ('He said "we will stay" and left.', ["we will stay"]),
    ("He said “we will stay” and left.", ["we will stay"]),
    ("It called the plan 'a disaster', Putin's aide said.", ["a disaster"]),
    ("Kyiv’s mayor said ‘it’s our city’ on Monday.", ["it’s our city"]),
    ("The soldiers' homes were hit, the army's statement said.", []),
    ("Der Minister sagte: „Wir bleiben hier.“ Dann ging er.", ["Wir bleiben hier."]),
    ("They call it «victory» in Moscow.", ["victory"]),
])
def test_attribution_marks_pairs_and_apostrophes(text, expected):
    assert _contents(text, depth=0) == expected


@pytest.mark.parametrize("text, outer, inner", [
    ("“The soldier says ‘it’s our guys coming’ and she hugs him,” he wrote.",
     "The soldier says ‘it’s our guys coming’ and she hugs him,", "it’s our guys coming"),
    ('"She told me, \'wait for the audit,\' but nothing came," he said.',
     "She told me, 'wait for the audit,' but nothing came,", "wait for the audit,"),
])
def test_attribution_marks_nested(text, outer, inner):
    assert _contents(text, depth=0) == [outer]
    assert _contents(text, depth=1) == [inner]


@pytest.mark.parametrize("text, first_para, paragraphs", [
    # continued: the next paragraph re-opens the quotation without the previous one closing
    ('He said: "We had no warning.\n\n"The sirens came later."\n\nThen he left.', "We had no warning.", 2),
    # not continued: an unclosed quotation ends with its paragraph
    ('He said: "We had no warning.\n\nThe sirens came later.', "We had no warning.", 1),
])
def test_attribution_marks_across_paragraphs(text, first_para, paragraphs):
    (p,) = pair_marks(text)
    assert text[p.content_start : p.content_end].startswith(first_para)
    assert p.paragraphs == paragraphs
    if paragraphs == 1:
        assert "\n" not in text[p.content_start : p.content_end]
        assert not p.closed


@pytest.mark.parametrize("n", [50_000])
def test_attribution_marks_bounded_on_hostile_input(n):
    text = "\"'" * n
    pairs = pair_marks(text)
    assert len(pairs) <= n  # finishes, and never invents more pairs than marks
