"""Gradient-boosted trees as plain numpy arrays: exported from scikit-learn, evaluated in numpy.

Why hand-written: scikit-learn's own model can only be saved with pickle (unsafe to load, tied to
its version). Its HistGradientBoosting trees are simple (numeric split ``x <= threshold``, NaN goes
the way the node says), so we flatten them into arrays that load from ``.npz`` without pickle.
``export`` checks that the arrays reproduce scikit-learn's raw scores before they are written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Samples scored at once: bounds the (samples x trees) node-index matrix to a few tens of MB.
CHUNK = 2048


@dataclass(slots=True)
class Forest:
    feature: np.ndarray  # (N,) int32, split feature per node
    threshold: np.ndarray  # (N,) float64, go left when x <= threshold
    left: np.ndarray  # (N,) int32, global node index
    right: np.ndarray  # (N,) int32
    missing_left: np.ndarray  # (N,) bool, where NaN goes
    is_leaf: np.ndarray  # (N,) bool
    value: np.ndarray  # (N,) float64, leaf value
    roots: np.ndarray  # (T,) int32, root node of each tree
    tree_class: np.ndarray  # (T,) int32, the class whose raw score a tree adds to
    baseline: np.ndarray  # (C,) float64
    depth: int

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Raw (pre-softmax) scores, shape (n, C)."""
        X = np.asarray(X, dtype=np.float64)
        out = np.empty((len(X), len(self.baseline)), dtype=np.float64)
        for lo in range(0, len(X), CHUNK):
            x = X[lo : lo + CHUNK]
            rows = np.arange(len(x))[:, None]
            node = np.broadcast_to(self.roots, (len(x), len(self.roots))).copy()
            for _ in range(self.depth):
                v = x[rows, self.feature[node]]
                go_left = np.where(np.isnan(v), self.missing_left[node], v <= self.threshold[node])
                nxt = np.where(go_left, self.left[node], self.right[node])
                node = np.where(self.is_leaf[node], node, nxt)
            leaf = self.value[node]  # (n, T)
            scores = np.zeros((len(x), len(self.baseline)))
            for c in range(len(self.baseline)):
                scores[:, c] = leaf[:, self.tree_class == c].sum(axis=1)
            out[lo : lo + CHUNK] = scores + self.baseline
        return out

    def proba(self, X: np.ndarray) -> np.ndarray:
        z = self.raw(X)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def arrays(self, prefix: str = "gbdt_") -> dict[str, np.ndarray]:
        return {
            prefix + name: np.asarray(getattr(self, name))
            for name in ("feature", "threshold", "left", "right", "missing_left", "is_leaf", "value",
                         "roots", "tree_class", "baseline", "depth")
        }

    @classmethod
    def from_arrays(cls, arrays, prefix: str = "gbdt_") -> Forest:
        kw = {name: arrays[prefix + name] for name in ("feature", "threshold", "left", "right", "missing_left",
                                                       "is_leaf", "value", "roots", "tree_class", "baseline")}
        return cls(**kw, depth=int(arrays[prefix + "depth"]))


def export(clf, X_check: np.ndarray | None = None) -> Forest:
    """Flatten a fitted multiclass ``HistGradientBoostingClassifier`` into a Forest."""
    feats, thr, left, right, miss, leaf, val, roots, cls_of = [], [], [], [], [], [], [], [], []
    base = 0
    depth = 0
    for iteration in clf._predictors:
        for c, pred in enumerate(iteration):
            nodes = pred.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported by the numpy forest")
            roots.append(base)
            cls_of.append(c)
            feats.append(nodes["feature_idx"].astype(np.int32))
            thr.append(nodes["num_threshold"].astype(np.float64))
            left.append(nodes["left"].astype(np.int32) + base)
            right.append(nodes["right"].astype(np.int32) + base)
            miss.append(nodes["missing_go_to_left"].astype(bool))
            leaf.append(nodes["is_leaf"].astype(bool))
            val.append(nodes["value"].astype(np.float64))
            depth = max(depth, int(nodes["depth"].max()))
            base += len(nodes)
    forest = Forest(
        feature=np.concatenate(feats),
        threshold=np.concatenate(thr),
        left=np.concatenate(left),
        right=np.concatenate(right),
        missing_left=np.concatenate(miss),
        is_leaf=np.concatenate(leaf),
        value=np.concatenate(val),
        roots=np.asarray(roots, dtype=np.int32),
        tree_class=np.asarray(cls_of, dtype=np.int32),
        baseline=np.asarray(clf._baseline_prediction, dtype=np.float64).ravel(),
        depth=depth,
    )
    if X_check is not None:
        ours = forest.proba(X_check)
        theirs = clf.predict_proba(X_check)
        if not np.allclose(ours, theirs, atol=1e-6):
            raise AssertionError("exported forest disagrees with scikit-learn")
    return forest
