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
