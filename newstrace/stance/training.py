"""Training the stance model (scikit-learn is used here only; inference is numpy).

Used by ``train/train_stance.py`` (all pairs -> shipped model) and ``bench/stance.py`` (one model
per cross-validation fold). Data: FNC-1 training pairs (headline, body id, stance) and bodies.
"""

from __future__ import annotations

import csv
import itertools
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import text as T
from .features import Vectorizer, featurize
from .gbdt import export
from .model import StanceModel
from .scoring import LABELS, summary

# Vocabulary size: enough for news topics, small enough to ship (V x LSA_DIMS float16 ~ 0.6 MB).
MAX_VOCAB = 6000
# Words seen in fewer documents carry no reusable signal and bloat the vocabulary.
MIN_DF = 2
# LSA dimensions: topic-level similarity; more adds size and little accuracy on FNC.
LSA_DIMS = 50
# Boosting: 4 classes x MAX_ITER trees of MAX_LEAVES leaves stay ~2 MB and train in < 1 min/fold.
GBDT = {"max_iter": 120, "learning_rate": 0.12, "max_leaf_nodes": 31, "min_samples_leaf": 20,
        "l2_regularization": 1.0, "early_stopping": False, "random_state": 0}
# Class-weight grid searched on inner out-of-fold probabilities (disagree is ~1.7% of pairs, so its
# probability needs boosting for macro-F1; the FNC score mostly rewards agree/discuss).
WEIGHT_GRID = {
    "agree": (0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0),
    "disagree": (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0),
    "discuss": (0.8, 1.0, 1.25),
}
INNER_FOLDS = 2
# Share of unrelated pairs a fit trains on (the others are weighted up to compensate).
UNRELATED_KEEP = 0.35
# Training weight of each class: disagree (~1.7% of pairs) is up-weighted so trees split on it at
# all; the rest of the imbalance is left to the class weights tuned on inner CV.
SAMPLE_WEIGHT = {"agree": 1.0, "disagree": 3.0, "discuss": 1.0, "unrelated": 1.0}


@dataclass(slots=True)
class Pairs:
    claims: list[str]
    texts: list[str]
    labels: list[str]
    groups: list[int]  # body id, for group-wise splits

    def take(self, idx) -> Pairs:
        return Pairs([self.claims[i] for i in idx], [self.texts[i] for i in idx],
                     [self.labels[i] for i in idx], [self.groups[i] for i in idx])


def load_fnc(folder: Path, limit: int | None = None, seed: int = 0) -> Pairs:
    """FNC-1 pairs; ``limit`` keeps the pairs of a random subset of bodies (for quick runs)."""
    csv.field_size_limit(sys.maxsize)
    with open(folder / "train_bodies.csv", encoding="utf-8", newline="") as f:
        bodies = {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(f)}
    with open(folder / "train_stances.csv", encoding="utf-8", newline="") as f:
        rows = [(r["Headline"], int(r["Body ID"]), r["Stance"]) for r in csv.DictReader(f)]
    if limit is not None and limit < len(rows):
        ids = sorted(bodies)
        rng = np.random.default_rng(seed)
        rng.shuffle(ids)
        keep, n = set(), 0
        per_body = Counter(b for _, b, _ in rows)
        for b in ids:
            if n >= limit:
                break
            keep.add(b)
            n += per_body[b]
        rows = [r for r in rows if r[1] in keep]
    return Pairs([h for h, _, _ in rows], [bodies[b] for _, b, _ in rows], [s for _, _, s in rows],
                 [b for _, b, _ in rows])


def fit_vectorizer(docs: list[str], seed: int = 0) -> Vectorizer:
    """Vocabulary, IDF and LSA from unique training texts (claims and bodies)."""
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

    toks = [T.content(T.tokens(d[: T.MAX_TEXT_CHARS])) for d in docs]
    df = Counter(t for ts in toks for t in set(ts))
    terms = [t for t, n in df.most_common() if n >= MIN_DF][:MAX_VOCAB]
    vocab = {t: i for i, t in enumerate(sorted(terms))}
    n = len(docs)
    idf = np.array([np.log((1 + n) / (1 + df[t])) + 1.0 for t in sorted(terms)], dtype=np.float32)
    vec = Vectorizer(vocab=vocab, idf=idf, lsa=np.zeros((LSA_DIMS, len(vocab)), dtype=np.float32))
    m = vec.tfidf(toks)
    svd = TruncatedSVD(n_components=min(LSA_DIMS, len(vocab) - 1), random_state=seed)
    svd.fit(sparse.csr_matrix(m))
    # Stored as float16 in the shipped file: quantise now so training sees what inference will.
    vec.lsa = svd.components_.astype(np.float16).astype(np.float32)
    return vec


def _fit_gbdt(X: np.ndarray, y: np.ndarray):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    # Unrelated pairs (~73%) are easy to tell apart; keep a share of them, weighted back up, so a
    # fit costs less than half on this shared 2-core machine.
    rng = np.random.default_rng(0)
    unrelated = y == LABELS.index("unrelated")
    keep = ~unrelated | (rng.random(len(y)) < UNRELATED_KEEP)
    sw = np.array([SAMPLE_WEIGHT[LABELS[i]] for i in y])
    sw[unrelated] /= UNRELATED_KEEP
    # One thread: OpenMP spinning on a 2-core machine shared with others is ~8x slower, not faster.
    with threadpool_limits(1):
        return HistGradientBoostingClassifier(**GBDT).fit(X[keep], y[keep], sample_weight=sw[keep])


def _objective(gold: list[str], pred: list[str]) -> float:
    """What class weights are tuned for: the FNC share and macro-F1, equally (the two targets)."""
    s = summary(gold, pred)
    return s["fnc"] + s["macro_f1"]


def tune_weights(p: np.ndarray, gold: list[str]) -> tuple[np.ndarray, float]:
    best, best_w = -1.0, np.ones(len(LABELS))
    for a, d, c in itertools.product(WEIGHT_GRID["agree"], WEIGHT_GRID["disagree"], WEIGHT_GRID["discuss"]):
        w = np.array([a, d, c, 1.0])
        pred = [LABELS[i] for i in np.argmax(p * w, axis=1)]
        obj = _objective(gold, pred)
        if obj > best + 1e-9:
            best, best_w = obj, w
    return best_w, best


def train(pairs: Pairs, *, inner_folds: int = INNER_FOLDS, log=print) -> StanceModel:
    """Fit vectorizer and trees on ``pairs``; class weights from inner group-wise CV on them."""
    from sklearn.model_selection import GroupKFold

    docs = sorted(set(pairs.claims)) + sorted(set(pairs.texts))
    vec = fit_vectorizer(docs)
    X, _ = featurize(vec, pairs.claims, pairs.texts)
    y = np.array([LABELS.index(s) for s in pairs.labels])
    weights = np.ones(len(LABELS))
    if inner_folds > 1:
        oof = np.zeros((len(y), len(LABELS)))
        for tr, te in GroupKFold(n_splits=inner_folds).split(X, y, groups=pairs.groups):
            oof[te] = _fit_gbdt(X[tr], y[tr]).predict_proba(X[te])
        weights, obj = tune_weights(oof, pairs.labels)
        log(f"  inner CV: class weights {dict(zip(LABELS, weights.tolist()))} objective {obj:.4f}")
    clf = _fit_gbdt(X, y)
    forest = export(clf, X_check=X[:2000])
    return StanceModel(vectorizer=vec, forest=forest, class_weights=weights)
