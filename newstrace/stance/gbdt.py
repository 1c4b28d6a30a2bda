"""Gradient-boosted trees as plain numpy arrays: trained with LightGBM, evaluated in numpy.

Why a numpy evaluator: a trained booster can be saved only as LightGBM's own model file or as
pickle; shipping either would make LightGBM (and its OpenMP runtime) a run-time dependency for a
few hundred small trees. ``from_lightgbm`` reads the trees through LightGBM's public, documented
JSON export (``Booster.dump_model()``: split feature, threshold, default direction, children, leaf
values), flattens them into arrays that load from ``.npz`` without pickle, and checks that the
arrays reproduce LightGBM's own raw scores before they are written. LightGBM is a training-only
dependency (the ``train`` extra).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    _child: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def _children(self) -> np.ndarray:
        """``[right, left]`` of each node, flat: the child a walk goes to is ``[2 * node + went_left]``."""
        if self._child is None:
            self._child = np.stack([self.right, self.left], axis=1).ravel()
        return self._child

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Raw (pre-softmax) scores, shape (n, C)."""
        X = np.asarray(X, dtype=np.float64)
        out = np.empty((len(X), len(self.baseline)), dtype=np.float64)
        n_trees = len(self.roots)
        for lo in range(0, len(X), CHUNK):
            x = X[lo : lo + CHUNK]
            # Only the (sample, tree) walks still at a split node move on, and the walk stops when
            # none is left (issue 15: most trees end well above ``depth``; a step of every walk at
            # every level was a third of linking's stance time). The same leaves as stepping all.
            # One flat gather per step (sample offset + feature, the child at 2 * node + went_left), and
            # the NaN rule only when the chunk holds a NaN (the linker's features never do): 1.4x faster
            # on 216 pairs, the same leaves (tests/test_link_stance_forest.py).
            flat = x.ravel()
            nan = bool(np.isnan(flat).any())
            child = self._children()
            node = np.tile(self.roots, len(x))  # flat (n * T): sample-major, as reshaped below
            base = np.repeat(np.arange(len(x)) * x.shape[1], n_trees)
            active = np.flatnonzero(~self.is_leaf[node])
            for _ in range(self.depth):
                if not active.size:
                    break
                nd = node[active]
                v = flat[base[active] + self.feature[nd]]
                go_left = v <= self.threshold[nd]
                if nan:
                    go_left = np.where(np.isnan(v), self.missing_left[nd], go_left)
                nxt = child[2 * nd + go_left]
                node[active] = nxt
                active = active[~self.is_leaf[nxt]]
            leaf = self.value[node].reshape(len(x), n_trees)  # (n, T)
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


def _flatten(node: dict, base: int, out: dict[str, list]) -> int:
    """Append one tree of ``dump_model()`` to ``out`` (pre-order); returns its depth."""
    stack = [(node, 0)]
    depth = 0
    # Iterative pre-order: node ids are assigned when a node is appended, children patched later.
    order: list[tuple[dict, int]] = []
    while stack:
        nd, d = stack.pop()
        order.append((nd, d))
        if "split_feature" in nd:
            stack.append((nd["right_child"], d + 1))
            stack.append((nd["left_child"], d + 1))
    index = {id(nd): base + k for k, (nd, _) in enumerate(order)}
    for nd, d in order:
        depth = max(depth, d)
        me = index[id(nd)]
        if "split_feature" in nd:
            if nd.get("decision_type", "<=") != "<=":
                raise ValueError("categorical splits are not supported by the numpy forest")
            missing = nd.get("missing_type", "None")
            thr = float(nd["threshold"])
            if missing == "NaN":
                miss_left = bool(nd["default_left"])
            elif missing == "None":
                miss_left = 0.0 <= thr  # LightGBM reads NaN as 0.0 when it saw no NaN in training
            else:
                raise ValueError(f"missing_type {missing!r} is not supported by the numpy forest")
            out["feature"].append(int(nd["split_feature"]))
            out["threshold"].append(thr)
            out["left"].append(index[id(nd["left_child"])])
            out["right"].append(index[id(nd["right_child"])])
            out["missing_left"].append(miss_left)
            out["is_leaf"].append(False)
            out["value"].append(0.0)
        else:
            out["feature"].append(0)
            out["threshold"].append(0.0)
            out["left"].append(me)
            out["right"].append(me)
            out["missing_left"].append(False)
            out["is_leaf"].append(True)
            out["value"].append(float(nd["leaf_value"]))
    return depth


def from_lightgbm(booster, X_check: np.ndarray | None = None) -> Forest:
    """Flatten a multiclass LightGBM ``Booster`` (softmax objective) into a Forest.

    Reads only ``Booster.dump_model()`` (LightGBM's public JSON model format). Tree ``t`` adds to the
    raw score of class ``t % num_class``; LightGBM folds any initial score into the first trees, so
    the baseline is zero.
    """
    dump = booster.dump_model()
    n_class = int(dump["num_class"])
    if int(dump.get("num_tree_per_iteration", n_class)) != n_class:
        raise ValueError("expected one tree per class and iteration (softmax objective)")
    out: dict[str, list] = {k: [] for k in ("feature", "threshold", "left", "right", "missing_left",
                                            "is_leaf", "value")}
    roots, cls_of = [], []
    depth = 0
    for t, info in enumerate(dump["tree_info"]):
        roots.append(len(out["feature"]))
        cls_of.append(t % n_class)
        depth = max(depth, _flatten(info["tree_structure"], roots[-1], out))
    forest = Forest(
        feature=np.asarray(out["feature"], dtype=np.int32),
        threshold=np.asarray(out["threshold"], dtype=np.float64),
        left=np.asarray(out["left"], dtype=np.int32),
        right=np.asarray(out["right"], dtype=np.int32),
        missing_left=np.asarray(out["missing_left"], dtype=bool),
        is_leaf=np.asarray(out["is_leaf"], dtype=bool),
        value=np.asarray(out["value"], dtype=np.float64),
        roots=np.asarray(roots, dtype=np.int32),
        tree_class=np.asarray(cls_of, dtype=np.int32),
        baseline=np.zeros(n_class, dtype=np.float64),
        depth=depth,
    )
    if X_check is not None:
        ours = forest.raw(X_check)
        theirs = booster.predict(np.asarray(X_check, dtype=np.float64), raw_score=True)
        if not np.allclose(ours, theirs, atol=1e-6):
            raise AssertionError("exported forest disagrees with LightGBM")
    return forest
