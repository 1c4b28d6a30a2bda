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
