"""The stance model: features -> numpy gradient-boosted trees -> class weights -> label.

The shipped model is ``newstrace/data/stance/<MODEL_VERSION>.npz`` with its card
``<MODEL_VERSION>.json`` (training data, date, cross-validation figures). It loads with
``numpy.load(allow_pickle=False)``: no pickle, no scikit-learn at inference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from .features import FEATURE_NAMES, FEATURE_VERSION, TextCache, Vectorizer, featurize
from .gbdt import Forest
from .scoring import LABELS

MODEL_VERSION = "stance-v3"
# Sentences returned as evidence: the few that talk about the claim; more would dilute the audit.
EVIDENCE_SENTENCES = 3
# A sentence sharing no weighted vocabulary with the claim (cosine ~0) is no evidence of anything.
MIN_EVIDENCE_RELEVANCE = 0.05
# A cue word for the predicted label lifts a sentence above one ~0.1 more similar without it: the
# sentence that says "denied" is the evidence of a disagreement, not the one restating the claim.
CUE_BONUS = 0.1
# ...but only in sentences that are about the claim (a denial of something else is no evidence).
CUE_RELEVANCE = 0.15


@dataclass(slots=True)
class StanceEvidence:
    """A sentence of the text that carries the stance: ``text[start:end]``."""

    start: int
    end: int
    relevance: float  # TF-IDF cosine with the claim


@dataclass(slots=True)
class StanceResult:
    stance: str  # agree | disagree | discuss | unrelated
    score: float  # the model's probability of that label
    scores: dict[str, float] = field(default_factory=dict)  # probability of every label
    evidence: list[StanceEvidence] = field(default_factory=list)
    model: str = MODEL_VERSION


def _evidence_order(label: str, body, rel: np.ndarray) -> np.ndarray:
    """Sentences to show, best first: relevant to the claim, and among those the ones whose cue
    words match the label (the denial for disagree, the hedge for discuss, the confirmation for agree)."""
    cues = {"disagree": body.sent_refute, "discuss": body.sent_hedge, "agree": body.sent_support}.get(label)
    key = rel if cues is None else rel + CUE_BONUS * np.minimum(cues, 2) * (rel >= CUE_RELEVANCE)
    return np.argsort(-key, kind="stable")[:EVIDENCE_SENTENCES]


@dataclass(slots=True)
class StanceModel:
    vectorizer: Vectorizer
    forest: Forest
    class_weights: np.ndarray  # (4,) multipliers on probabilities, tuned in inner cross-validation
    version: str = MODEL_VERSION
    card: dict = field(default_factory=dict)

    def proba(self, claims: list[str], texts: list[str], *, cache: TextCache | None = None) -> tuple[np.ndarray, list]:
        X, extra = featurize(self.vectorizer, claims, texts, cache=cache)
        return self.forest.proba(X), extra

    def labels_from_proba(self, p: np.ndarray) -> list[str]:
        return [LABELS[i] for i in np.argmax(p * self.class_weights, axis=1)]

    def predict(self, claims: list[str], texts: list[str], *, cache: TextCache | None = None) -> list[StanceResult]:
        """Stance of each text towards its claim; ``cache`` keeps text analyses across calls (``TextCache``)."""
        if not claims:
            return []
        p, extra = self.proba(claims, texts, cache=cache)
        out = []
        for row, lab, (body, rel) in zip(p, self.labels_from_proba(p), extra):
            order = _evidence_order(lab, body, rel)
            ev = [StanceEvidence(*body.spans[i], relevance=round(float(rel[i]), 4))
                  for i in order if rel[i] >= MIN_EVIDENCE_RELEVANCE]
            out.append(StanceResult(
                stance=lab,
                score=round(float(row[LABELS.index(lab)]), 4),
                scores={k: round(float(v), 4) for k, v in zip(LABELS, row)},
                evidence=ev,
                model=self.version,
            ))
        return out

    # --- persistence (npz + JSON, no pickle) ---

    def save(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        vocab = sorted(self.vectorizer.vocab, key=self.vectorizer.vocab.get)
        meta = {"version": self.version, "labels": list(LABELS), "features": FEATURE_NAMES,
                "feature_version": FEATURE_VERSION}
        path = directory / f"{self.version}.npz"
        np.savez_compressed(
            path,
            vocab=np.array(vocab, dtype=str),
            idf=self.vectorizer.idf.astype(np.float32),
            lsa=self.vectorizer.lsa.astype(np.float16),
            class_weights=self.class_weights.astype(np.float64),
            meta=np.array(json.dumps(meta)),
            **self.forest.arrays(),
        )
        (directory / f"{self.version}.json").write_text(json.dumps(self.card, indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> StanceModel:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if (meta["features"] != FEATURE_NAMES or tuple(meta["labels"]) != LABELS
                    or meta.get("feature_version") != FEATURE_VERSION):
                raise ValueError(f"{path}: model was trained with other features; retrain with train/train_stance.py")
            vocab = {w: i for i, w in enumerate(z["vocab"].tolist())}
            vec = Vectorizer(vocab=vocab, idf=z["idf"].astype(np.float32), lsa=z["lsa"].astype(np.float32))
            forest = Forest.from_arrays(z)
            weights = z["class_weights"]
        card_path = path.with_suffix(".json")
        card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.exists() else {}
        return cls(vectorizer=vec, forest=forest, class_weights=weights, version=meta["version"], card=card)


def load_default() -> StanceModel:
    """The model shipped in the package."""
    ref = resources.files("newstrace").joinpath(f"data/stance/{MODEL_VERSION}.npz")
    with resources.as_file(ref) as path:
        if not path.exists():
            from ..errors import UsageError

            raise UsageError(f"stance model {MODEL_VERSION} is missing from the package; run train/train_stance.py")
        return StanceModel.load(path)
