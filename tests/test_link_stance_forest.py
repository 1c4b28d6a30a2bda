"""The stance forest's walk (issue 15: only unfinished walks step on) gives the same raw scores as
stepping every (sample, tree) walk to the full depth."""

from __future__ import annotations

import numpy as np
import pytest

from newstrace.stance import load_model


def _raw_every_step(f, X: np.ndarray) -> np.ndarray:
    """The walk as it was: every node of every tree steps ``depth`` times."""
    X = np.asarray(X, dtype=np.float64)
    rows = np.arange(len(X))[:, None]
    node = np.broadcast_to(f.roots, (len(X), len(f.roots))).copy()
    for _ in range(f.depth):
        v = X[rows, f.feature[node]]
        go_left = np.where(np.isnan(v), f.missing_left[node], v <= f.threshold[node])
        nxt = np.where(go_left, f.left[node], f.right[node])
        node = np.where(f.is_leaf[node], node, nxt)
    leaf = f.value[node]
    scores = np.zeros((len(X), len(f.baseline)))
    for c in range(len(f.baseline)):
        scores[:, c] = leaf[:, f.tree_class == c].sum(axis=1)
    return scores + f.baseline


@pytest.mark.parametrize("seed", range(3))
def test_link_forest_walk_same_scores(seed):
    f = load_model().forest
    rng = np.random.default_rng(seed)
    n_feat = int(f.feature.max()) + 1
    X = rng.normal(0.0, 1.0, size=(300, n_feat)) * rng.choice([0.01, 1.0, 50.0], size=(300, n_feat))
    X[rng.random(X.shape) < 0.05] = np.nan  # missing values take the default direction
    X[:20] = 0.0
    assert np.array_equal(f.raw(X), _raw_every_step(f, X))
    assert np.array_equal(f.raw(X[:1]), _raw_every_step(f, X[:1]))
    assert f.raw(X[:0]).shape == (0, len(f.baseline))


@pytest.mark.parametrize("nan_rows", [0, 1])
def test_link_forest_walk_without_nan_same_scores(nan_rows):
    """The walk skips the NaN rule for a chunk without NaN (the linker's features): the same leaves, and
    the rule applies again as soon as one value of the chunk is missing."""
    f = load_model().forest
    rng = np.random.default_rng(11)
    n_feat = int(f.feature.max()) + 3  # wider than the model reads: the flat index must use the row width
    X = rng.normal(0.0, 1.0, size=(257, n_feat)) * rng.choice([0.01, 1.0, 50.0], size=(257, n_feat))
    if nan_rows:
        X[100, :] = np.nan
    assert np.array_equal(f.raw(X), _raw_every_step(f, X))


CLAIMS = ["Officials denied that the dam was shelled overnight?",
          "The governor said \"two drones\" hit the depot, a claim the ministry did not confirm.",
          "Rescuers reportedly found no survivors under the rubble."]
BODIES = ["The ministry denied the report. It said the dam was not shelled and called the claim fabricated. "
          "Engineers allegedly inspected the site on Tuesday. Officials confirmed two drones were shot down.",
          "Rescuers worked through the night. No survivors were found, the emergency service said, "
          "though it could not verify reports of a second strike."]


def test_link_stance_text_parts_are_the_per_pair_expressions():
    """The claim's and the body's own features are computed once per text (``TextStats.parts``) and are
    what the per-pair expressions give, whichever pairs used the analyses before."""
    import math

    from newstrace.stance import features as F
    from newstrace.stance import text as T

    vec = load_model().vectorizer
    col = {n: i for i, n in enumerate(F.FEATURE_NAMES)}
    cache = F.TextCache(64)
    for _round in range(2):  # the second round reads the parts kept by the first
        X, _extra = F.featurize(vec, [c for c in CLAIMS for _b in BODIES], [b for _c in CLAIMS for b in BODIES],
                                cache=cache)
        k = 0
        for c in CLAIMS:
            h = F.analyse(vec, c, is_claim=True)
            for b in BODIES:
                s = F.analyse(vec, b)
                n_tok, lead = max(len(s.toks), 1), slice(0, F.LEAD_SENTENCES)
                want = {
                    "claim_len": len(h.toks), "body_len_log": math.log1p(len(s.toks)),
                    "n_sent_log": math.log1p(len(s.spans)), "claim_refute": T.REFUTE_LEX.count(h.toks),
                    "claim_hedge": T.HEDGE_LEX.count(h.toks), "claim_support": T.SUPPORT_LEX.count(h.toks),
                    "claim_question": "?" in c, "claim_quote": any(q in c for q in "'\"‘“"),
                    "body_refute_rate": 100.0 * float(s.sent_refute.sum()) / n_tok,
                    "body_hedge_rate": 100.0 * float(s.sent_hedge.sum()) / n_tok,
                    "body_support_rate": 100.0 * float(s.sent_support.sum()) / n_tok,
                    "lead_refute": s.sent_refute[lead].sum(), "lead_hedge": s.sent_hedge[lead].sum(),
                    "lead_support": s.sent_support[lead].sum(), "polarity_claim": T.REFUTE_LEX.count(h.toks) % 2,
                    "claim_debunk": T.DEBUNK_LEX.count(h.toks), "claim_negated": F._negated(h.toks, h.content),
                    "body_debunk_rate": 100.0 * float(s.sent_debunk.sum()) / n_tok,
                    "lead_debunk": s.sent_debunk[lead].sum(),
                }
                got = {n: X[k, col[n]] for n in want}
                assert got == {n: np.float32(v) for n, v in want.items()}, (c, b)
                assert np.array_equal(X[k], F.pair_features(h, s, c)[0])  # fresh analyses, no parts kept
                k += 1
    assert len({X[i, col["claim_hedge"]] for i in range(len(X))}) > 1  # the texts tell the cues apart
    assert len({X[i, col["body_refute_rate"]] for i in range(len(X))}) > 1
