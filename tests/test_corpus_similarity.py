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


@pytest.fixture(scope="module")
def seed_prints(seeds_dir, ctx):
    from newstrace import api

    arts = [api.analyze(p, ctx=ctx) for p in sorted(seeds_dir.glob("*.txt"))[:2]]
    fa, fb = fingerprint(arts[0]), fingerprint(arts[1])
    df = S.DocFreq()
    df.add(fa)
    df.add(fb)
    return arts, S.story_similarity(fa, fb, df)


def test_similarity_seeds_not_copies(seed_prints):
    """The two seeds are not a copy or a rewrite of each other."""
    from newstrace.corpus.dedup import verify_copy
    from newstrace.corpus.rewrite import verify_rewrite

    (a, b), score = seed_prints
    assert verify_copy(a.text, b.text).kind is None
    assert verify_rewrite(a.text, b.text).kind is None
    assert 0.0 <= score <= 1.0


@pytest.fixture(scope="module")
def seed_items(seed_prints):
    from newstrace.corpus import stories as ST

    (a, b), _score = seed_prints
    return ST.item_of(a), ST.item_of(b)


@pytest.mark.xfail(strict=True, reason="known defect: the two seeds report different events (months apart, "
                   "opposite sides) but share the 'civilians cheer soldiers on video' topic; the pair model (similarity-v1) "
                   "scores them 0.75 (after the event-category margin) >= PAIR_SAME_STORY 0.65 and they carry no "
                   "publication dates for the window. Strict: remove this mark once fixed.")
def test_similarity_seeds_are_different_stories(seed_items):
    """The verdict, asserted: the seeds are different stories for the score stories are built from
    (the pair model; the seeds carry no publication date, so the date window cannot decide it)."""
    from newstrace.corpus import stories as ST

    a, b = seed_items
    assert a.day is None or b.day is None or abs(a.day - b.day) <= ST.EVENT_WINDOW_DAYS  # the text decides
    score = ST.pair_similarity(a, b)
    assert score < ST.PAIR_SAME_STORY, f"seed story similarity {score:.3f} >= {ST.PAIR_SAME_STORY}"
    assert len(set(ST.cluster([a, b]).values())) == 2
