"""Story similarity: how likely two articles report the same story, on a 0..1 scale.

One function, ``story_similarity``, is used by story clustering and measured by
``bench/similarity.py`` (Pearson with the SemEval-2022 Task 8 "Overall" judgements). It is a linear
combination of cheap signals computed from two Fingerprints:

- ``cosine``: TF-IDF cosine of content words (sublinear tf, document frequencies from ``DocFreq``),
- ``cosine_sqrt``: its square root (the judgement saturates: two texts at cosine 0.3 already tell
  the same story),
- ``lead``, ``lead_sqrt``: the same on the headline and the opening (LEAD_CHARS),
- ``entities``: set cosine of entity keys (people, organisations, places named by the analysis),
- ``places``: set cosine of resolved gazetteer places,
- ``names``: set cosine of capitalised names (works on unanalysed text too),
- ``numbers``: Jaccard of the figures.

The publication dates are not part of the score (the benchmark pairs carry none): story clustering
applies them as a time window before scoring.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from .fingerprint import TERM_BUCKETS, Fingerprint

FEATURES = ("cosine", "cosine_sqrt", "lead", "lead_sqrt", "entities", "places", "names", "numbers")
# Fitted by bench/similarity.py (ridge regression on the 161 English SemEval-2022 Task 8 pairs,
# target (4 - Overall) / 3 so that 1 = same story); cross-validated Pearson is what the bench
# reports. Re-run the bench and paste its "shipped weights" line after changing a feature.
INTERCEPT = 0.0110
WEIGHTS = (0.2057, 0.6228, 0.2017, 0.5487, -0.2804, 0.0362, -0.0822, -0.1121)


class DocFreq:
    """Document frequencies of hashed content words (the IDF of the TF-IDF cosine)."""

    def __init__(self, n_docs: int = 0, df: np.ndarray | None = None):
        self.n_docs = n_docs
        self.df = df if df is not None else np.zeros(TERM_BUCKETS, dtype=np.uint32)

    def add(self, fp: Fingerprint) -> None:
        self.n_docs += 1
        self.df[fp.terms] += 1

    def remove(self, fp: Fingerprint) -> None:
        self.n_docs = max(0, self.n_docs - 1)
        sel = fp.terms[self.df[fp.terms] > 0]
        self.df[sel] -= 1

    def idf(self, terms: np.ndarray) -> np.ndarray:
        return np.log((self.n_docs + 1.0) / (self.df[terms].astype(np.float64) + 1.0)) + 1.0

    def to_bytes(self) -> bytes:
        return zlib.compress(np.uint64(self.n_docs).tobytes() + self.df.tobytes(), 1)

    @classmethod
    def from_bytes(cls, blob: bytes) -> "DocFreq":
        raw = zlib.decompress(blob)
        n = int(np.frombuffer(raw[:8], dtype=np.uint64)[0])
        return cls(n, np.frombuffer(raw[8:], dtype=np.uint32).copy())


def _vector(terms: np.ndarray, counts: np.ndarray, df: DocFreq) -> np.ndarray:
    w = (1.0 + np.log(counts.astype(np.float64))) * df.idf(terms)
    norm = math.sqrt(float(w @ w))
    return w / norm if norm else w


def _cosine(ta: np.ndarray, ca: np.ndarray, tb: np.ndarray, cb: np.ndarray, df: DocFreq) -> float:
    if not len(ta) or not len(tb):
        return 0.0
    common, ia, ib = np.intersect1d(ta, tb, assume_unique=True, return_indices=True)
    if not len(common):
        return 0.0
    return float(_vector(ta, ca, df)[ia] @ _vector(tb, cb, df)[ib])


def tfidf_cosine(a: Fingerprint, b: Fingerprint, df: DocFreq) -> float:
    return _cosine(a.terms, a.counts, b.terms, b.counts, df)


def _set_cosine(x: set, y: set) -> float:
    return len(x & y) / math.sqrt(len(x) * len(y)) if x and y else 0.0


def features(a: Fingerprint, b: Fingerprint, df: DocFreq) -> list[float]:
    cos = tfidf_cosine(a, b, df)
    lead = _cosine(a.lead_terms, a.lead_counts, b.lead_terms, b.lead_counts, df)
    ents_a = {k for k in a.keys if k.startswith("e:")}
    ents_b = {k for k in b.keys if k.startswith("e:")}
    pl_a = {k for k in a.keys if k.startswith("p:")}
    pl_b = {k for k in b.keys if k.startswith("p:")}
    na, nb = set(a.numbers), set(b.numbers)
    nums = len(na & nb) / len(na | nb) if na and nb else 0.0
    return [cos, math.sqrt(max(cos, 0.0)), lead, math.sqrt(max(lead, 0.0)), _set_cosine(ents_a, ents_b), _set_cosine(pl_a, pl_b),
            _set_cosine(set(a.names), set(b.names)), nums]


def combine(feats: list[float], weights=WEIGHTS, intercept: float = INTERCEPT) -> float:
    return min(1.0, max(0.0, intercept + sum(w * f for w, f in zip(weights, feats))))


def story_similarity(a: Fingerprint, b: Fingerprint, df: DocFreq) -> float:
    """0..1: how likely ``a`` and ``b`` report the same story (1 = same story)."""
    return combine(features(a, b, df))
