"""Fuzzing the whole pipeline (issue 15): every hostile seed, and random text, is either an
article with text whose offsets round-trip, or a failure with a code: 0 silent losses.
Bounded: a small max_text_chars (the bounds behave the same at any size) and few examples."""

from __future__ import annotations

import os
import re
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.model import Article, InputFailure
from newstrace.pipeline import Context, process
from newstrace.readers import read_paths, read_text
from newstrace.settings import Settings
from tests.fixtures.hostile import seeds

SEEDS = seeds()
CODE = re.compile(r"NT[12]\d\d")
EXPECTED_FAILURES = {"furniture_only": "NT109", "parens_16k": "NT109", "quotes_16k": "NT109",
                     "nul_jsonl_line": "NT102", "lone_surrogate_json": "NT103"}


@pytest.fixture(scope="module")
def small_ctx(ctx):
    return Context(Settings(max_text_chars=20_000), nlp=ctx.nlp)


def _check_article(a: Article) -> None:
    assert a.text.strip(), "an article stored without text"
    for p in a.paragraphs:
        assert 0 <= p.start < p.end <= len(a.text)
    for s in a.sentences:
        assert 0 <= s.start <= s.end <= len(a.text)
    for e in a.entities:
        assert 0 <= e.start < e.end <= len(a.text)
    for q in a.quotes:
        assert 0 <= q.content.start <= q.content.end <= len(a.text)


@pytest.mark.parametrize("name", sorted(k for k in SEEDS if not k.startswith("warc_cut_") or k.endswith("7")))
def test_fuzz_pipeline_hostile_seed_is_stored_with_text_or_failed_with_a_code(small_ctx, name):
    fname, data = SEEDS[name]
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, fname)
        with open(p, "wb") as fh:
            fh.write(data)
        results = list(process(read_paths([p], small_ctx.settings), small_ctx))
    assert results, "no article and no failure"
    for r in results:
        if isinstance(r, Article):
            _check_article(r)
        else:
            assert isinstance(r, InputFailure) and CODE.fullmatch(r.code) and r.code != "NT200", r
    if name in EXPECTED_FAILURES:
        assert EXPECTED_FAILURES[name] in {r.code for r in results if isinstance(r, InputFailure)}
    if name.startswith(("one_line", "short_lines", "many_paragraphs", "prose_1mb")):
        arts = [r for r in results if isinstance(r, Article)]
        assert arts and max(len(a.text) for a in arts) > 10_000  # long inputs keep their text
        assert all(a.warnings for a in arts if len(a.text) > 10_000)  # ... and say what was cut


_ALPHABET = st.sampled_from(list("abcdefg XYZ.,;:!?\"'()[]{}-\u2014\u201c\u201d\u00e9\u0301\u200b\n\t") + ["Kyiv", " said ", "\n\n"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(_ALPHABET, max_size=300).map("".join))
def test_fuzz_pipeline_random_text(small_ctx, text):
    raw = read_text(text) if text.strip() else None
    if raw is None:
        return
    (r,) = list(process([raw], small_ctx))
    if isinstance(r, Article):
        _check_article(r)
    else:
        assert r.code == "NT109", r  # the only acceptable failure for text: nothing left after cleaning


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", " ", "  ", "\n", "\t", "e\u0301", "\u0301", "\u0130", "\u03a3", "\u00a0"]),
                max_size=300).map("".join))
def test_fuzz_pipeline_doc_id_normalised_piecewise_is_the_same(text):
    import newstrace.pipeline as pipeline

    old = pipeline.ID_PIECE_CHARS
    pipeline.ID_PIECE_CHARS = 40  # the bounded path, on small texts
    try:
        assert "".join(pipeline._normalised_parts(text)) == pipeline.normalise_for_id(text)
    finally:
        pipeline.ID_PIECE_CHARS = old
