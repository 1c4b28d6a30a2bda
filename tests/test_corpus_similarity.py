"""Story similarity: the score clustering uses; seeds acceptance (not copies; same story only if the score says so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.corpus import similarity as S
from newstrace.corpus.fingerprint import fingerprint

FIX = Path(__file__).resolve().parent / "fixtures" / "corpus"
NAMES = ["original", "syndicated", "edited", "spun", "independent", "dispute", "unrelated"]


@pytest.fixture(scope="module")
def prints(ctx):
    from newstrace.pipeline import process
    from newstrace.readers import read_text

    arts = list(process([read_text((FIX / f"{n}.txt").read_text(encoding="utf-8")) for n in NAMES], ctx))
    fps = dict(zip(NAMES, (fingerprint(a) for a in arts)))
    df = S.DocFreq()
    for fp in fps.values():
        df.add(fp)
    return fps, df


@pytest.mark.parametrize("same", ["independent", "dispute", "spun", "edited"])
def test_similarity_same_story_above_threshold_unrelated_below(prints, same):
    from newstrace.corpus.stories import STORY_THRESHOLD

    fps, df = prints
    s_same = S.story_similarity(fps["original"], fps[same], df)
    s_other = S.story_similarity(fps["original"], fps["unrelated"], df)
    assert s_same >= STORY_THRESHOLD > s_other
    assert 0.0 <= s_other <= s_same <= 1.0


@pytest.mark.parametrize("a,b", [("original", "dispute")])
def test_similarity_symmetric_and_bounded(prints, a, b):
    fps, df = prints
    f_ab, f_ba = S.features(fps[a], fps[b], df), S.features(fps[b], fps[a], df)
    assert f_ab == pytest.approx(f_ba)
    assert len(f_ab) == len(S.FEATURES) == len(S.WEIGHTS)


@pytest.mark.parametrize("n", [3])
def test_similarity_docfreq_round_trips(prints, n):
    fps, df = prints
    back = S.DocFreq.from_bytes(df.to_bytes())
    assert back.n_docs == df.n_docs == len(NAMES) and (back.df == df.df).all()
    back.remove(fps["original"])
    assert back.n_docs == len(NAMES) - 1


def test_similarity_seeds_not_copies(seeds_dir, ctx):
    """The two seeds are not a copy of each other; whether they share a story is the score's call."""
    from newstrace import api
    from newstrace.corpus.dedup import verify_copy
    from newstrace.corpus.rewrite import verify_rewrite
    from newstrace.corpus.stories import STORY_THRESHOLD

    seeds = sorted(seeds_dir.glob("*.txt"))
    arts = [api.analyze(p, ctx=ctx) for p in seeds]
    a, b = arts[0], arts[1]
    assert verify_copy(a.text, b.text).kind is None
    assert verify_rewrite(a.text, b.text).kind is None
    fa, fb = fingerprint(a), fingerprint(b)
    df = S.DocFreq()
    df.add(fa)
    df.add(fb)
    score = S.story_similarity(fa, fb, df)
    print(f"seed story similarity {score:.3f} (threshold {STORY_THRESHOLD}): "
          f"{'same story' if score >= STORY_THRESHOLD else 'different stories'}")
    assert 0.0 <= score <= 1.0
