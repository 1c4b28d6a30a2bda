"""Training the stance model (LightGBM and scikit-learn are used here only; inference is numpy).

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
from .gbdt import from_lightgbm
from .model import StanceModel
from .scoring import LABELS, summary

# Vocabulary size: enough for news topics, small enough to ship (V x LSA_DIMS float16 ~ 0.6 MB).
MAX_VOCAB = 6000
# Words seen in fewer documents carry no reusable signal and bloat the vocabulary.
MIN_DF = 2
# LSA dimensions: topic-level similarity; more adds size and little accuracy on FNC.
LSA_DIMS = 50
# Boosting (LightGBM parameter names): 4 classes x ROUNDS trees of num_leaves leaves stay ~2 MB
# and train in < 1 min/fold. One thread: OpenMP spinning on a 2-core machine shared with others
# is slower, not faster; deterministic so a retrain reproduces the shipped trees.
GBDT = {"objective": "multiclass", "num_class": 4, "learning_rate": 0.12, "num_leaves": 31,
        "min_data_in_leaf": 20, "lambda_l2": 1.0, "num_threads": 1, "deterministic": True,
        "force_row_wise": True, "seed": 0, "verbose": -1}
ROUNDS = 120
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

    def headline_groups(self) -> list[int]:
        """One group per distinct claim (headline), for splits that hold out unseen claims."""
        ids: dict[str, int] = {}
        return [ids.setdefault(c.strip().lower(), len(ids)) for c in self.claims]

    def claim_groups(self) -> list[int]:
        """One group per claim STORY: headlines joined when a body relates to both (FNC-1 pairs each
        story's bodies with many rewordings of its headline; holding out one wording while its
        paraphrases and bodies train the model would not test an unseen claim).

        Union-find over headlines and bodies through related (non-unrelated) pairs, hand-written
        because it is ten lines and scipy's connected_components needs a graph built first.
        """
        heads = self.headline_groups()
        parent: dict[tuple[str, int], tuple[str, int]] = {}

        def find(x):
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for h, b, lab in zip(heads, self.groups, self.labels, strict=True):
            find(("h", h))
            if lab != "unrelated":
                parent[find(("h", h))] = find(("b", b))
        ids: dict[tuple[str, int], int] = {}
        return [ids.setdefault(find(("h", h)), len(ids)) for h in heads]

    def split_groups(self, by: str) -> list[int]:
        if by == "claim":
            return self.claim_groups()
        if by == "headline":
            return self.headline_groups()
        if by == "body":
            return list(self.groups)
        raise ValueError(f"unknown grouping {by!r} (claim, headline or body)")

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
    # Ties broken by the word: most_common() keeps insertion order, which follows set iteration and so
    # PYTHONHASHSEED, and a retrain in another process would cut the vocabulary elsewhere.
    terms = [t for t, n in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_DF][:MAX_VOCAB]
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
    try:
        import lightgbm as lgb
    except ImportError as e:  # training only; inference needs numpy alone
        raise SystemExit("training the stance model needs LightGBM: pip install -e '.[train]'") from e

    # Unrelated pairs (~73%) are easy to tell apart; keep a share of them, weighted back up, so a
    # fit costs less than half on this shared 2-core machine.
    rng = np.random.default_rng(0)
    unrelated = y == LABELS.index("unrelated")
    keep = ~unrelated | (rng.random(len(y)) < UNRELATED_KEEP)
    sw = np.array([SAMPLE_WEIGHT[LABELS[i]] for i in y])
    sw[unrelated] /= UNRELATED_KEEP
    data = lgb.Dataset(X[keep], y[keep], weight=sw[keep], params={"verbose": -1})
    return lgb.train(GBDT, data, num_boost_round=ROUNDS)


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


def train(pairs: Pairs, *, inner_folds: int = INNER_FOLDS, group_by: str = "claim", log=print) -> StanceModel:
    """Fit vectorizer and trees on ``pairs``; class weights from inner group-wise CV on them
    (grouped like the outer split, so the weights are tuned for claims the trees never saw)."""
    from sklearn.model_selection import GroupKFold

    docs = sorted(set(pairs.claims)) + sorted(set(pairs.texts))
    vec = fit_vectorizer(docs)
    X, _ = featurize(vec, pairs.claims, pairs.texts)
    y = np.array([LABELS.index(s) for s in pairs.labels])
    weights = np.ones(len(LABELS))
    if inner_folds > 1:
        oof = np.zeros((len(y), len(LABELS)))
        for tr, te in GroupKFold(n_splits=inner_folds).split(X, y, groups=pairs.split_groups(group_by)):
            oof[te] = _fit_gbdt(X[tr], y[tr]).predict(X[te])
        weights, obj = tune_weights(oof, pairs.labels)
        log(f"  inner CV: class weights {dict(zip(LABELS, weights.tolist()))} objective {obj:.4f}")
    clf = _fit_gbdt(X, y)
    forest = from_lightgbm(clf, X_check=X[:2000])
    return StanceModel(vectorizer=vec, forest=forest, class_weights=weights)
