"""FNC-1 scoring: the official weighted score, macro-F1, per-class F1 and the confusion matrix."""

from __future__ import annotations

import numpy as np

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(LABELS[:3])


def fnc_score(gold: list[str], pred: list[str]) -> tuple[float, float]:
    """(score, max score) by the official formula.

    +0.25 when the related/unrelated decision is right; +0.75 more when the label is right and
    related. The maximum is the score of the gold labels themselves.
    """
    score = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        g_rel, p_rel = g in RELATED, p in RELATED
        if g == p:
            score += 0.25
            if g_rel:
                score += 0.75
        elif g_rel and p_rel:
            score += 0.25
        best += 1.0 if g_rel else 0.25
    return score, best


def confusion(gold: list[str], pred: list[str]) -> np.ndarray:
    """Rows gold, columns predicted, in LABELS order."""
    idx = {lab: i for i, lab in enumerate(LABELS)}
    m = np.zeros((len(LABELS), len(LABELS)), dtype=np.int64)
    for g, p in zip(gold, pred, strict=True):
        m[idx[g], idx[p]] += 1
    return m


def f1_per_class(m: np.ndarray) -> np.ndarray:
    tp = np.diag(m).astype(float)
    prec = np.divide(tp, m.sum(axis=0), out=np.zeros_like(tp), where=m.sum(axis=0) > 0)
    rec = np.divide(tp, m.sum(axis=1), out=np.zeros_like(tp), where=m.sum(axis=1) > 0)
    return np.divide(2 * prec * rec, prec + rec, out=np.zeros_like(tp), where=(prec + rec) > 0)


def summary(gold: list[str], pred: list[str]) -> dict:
    m = confusion(gold, pred)
    s, best = fnc_score(gold, pred)
    f1 = f1_per_class(m)
    return {
        "fnc": s / best if best else 0.0,
        "macro_f1": float(f1.mean()),
        "f1": {lab: float(v) for lab, v in zip(LABELS, f1)},
        "accuracy": float(np.trace(m) / max(m.sum(), 1)),
        "confusion": m.tolist(),
    }


def _figures(m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """FNC share, macro-F1 and disagree F1 of a stack of confusion matrices (..., 4, 4)."""
    rel = np.array([lab in RELATED for lab in LABELS])
    # Points of each (gold, predicted) cell by the official formula, and the best a gold row can earn.
    value = np.where(np.eye(len(LABELS), dtype=bool), np.where(rel, 1.0, 0.25)[:, None],
                     np.where(rel[:, None] & rel[None, :], 0.25, 0.0))
    best = np.where(rel, 1.0, 0.25)
    score = (m * value).sum(axis=(-2, -1))
    top = (m.sum(axis=-1) * best).sum(axis=-1)
    tp = np.diagonal(m, axis1=-2, axis2=-1).astype(float)
    pred, gold = m.sum(axis=-2), m.sum(axis=-1)
    f1 = np.divide(2 * tp, pred + gold, out=np.zeros_like(tp), where=(pred + gold) > 0)
    return np.divide(score, top, out=np.zeros_like(score), where=top > 0), f1.mean(axis=-1), f1[..., LABELS.index("disagree")]


def bootstrap(gold: list[str], pred: list[str], groups, *, n: int = 2000, seed: int = 0,
              level: float = 0.9) -> dict[str, tuple[float, float]]:
    """Percentile intervals of the FNC share, macro-F1 and disagree F1 when whole groups (claim stories)
    are resampled with replacement: how much a figure on a few dozen held-out claims could move with
    another draw of claims. Pairs of one claim are not independent, so they are resampled together."""
    idx = {lab: i for i, lab in enumerate(LABELS)}
    _, g = np.unique(np.asarray(groups), return_inverse=True)
    per_group = np.zeros((g.max() + 1 if len(g) else 0, len(LABELS), len(LABELS)))
    np.add.at(per_group, (g, [idx[x] for x in gold], [idx[x] for x in pred]), 1)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(len(per_group), np.full(len(per_group), 1.0 / len(per_group)), size=n) \
        if len(per_group) else np.zeros((n, 0))
    m = np.einsum("bg,gij->bij", draws, per_group)
    lo, hi = 50 * (1 - level), 50 * (1 + level)
    return {name: (float(np.percentile(v, lo)), float(np.percentile(v, hi)))
            for name, v in zip(("fnc", "macro_f1", "disagree_f1"), _figures(m))}
