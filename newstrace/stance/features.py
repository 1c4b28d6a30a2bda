"""Claim/text pair features for the stance model (hand features in the Athene/Talos tradition).

Each text is analysed once (tokens, sentences with offsets, TF-IDF rows, LSA vector, cue counts per
sentence) and cached, so a body paired with many claims costs one analysis. Pair features are
similarities (TF-IDF cosine over the whole text and per sentence, LSA cosine, word and n-gram
overlap) and cue counts (refuting, hedging, supporting words) in the claim, in the text and in the
sentences most relevant to the claim, where a denial or confirmation of *this* claim would sit.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from . import text as T

# Bumped whenever tokens or features change meaning, so that a model trained on other features
# refuses to load instead of silently mispredicting (2: "not verified/confirmed" is a hedge;
# 3: denial and negation cues near the claim's own words, polarity contrast, debunking words).
FEATURE_VERSION = 3
# Sentences most relevant to the claim whose cues are counted (a refutation is usually stated
# within the two or three sentences that talk about the claim itself).
TOP_SENTENCES = 3
# Opening sentences: news states its position on the story first (inverted pyramid).
LEAD_SENTENCES = 2
# A sentence at this TF-IDF cosine with the claim is about it (shares its key names and words);
# cues in such sentences speak to the claim rather than to side topics.
RELATED_SENTENCE = 0.15
# A cue counts as aimed at the claim when one of the claim's content words is within this many
# tokens of it ("denied that troops shelled the plant"): about a short clause either side.
CUE_WINDOW = 6
# A negator's scope: the next few tokens ("did not shell", "no evidence of an attack").
NEG_SCOPE = 3


@dataclass(slots=True)
class Vectorizer:
    """Vocabulary, IDF weights and LSA projection learnt from training texts."""

    vocab: dict[str, int]
    idf: np.ndarray  # (V,) float32
    lsa: np.ndarray  # (k, V) float32, rows of TruncatedSVD.components_

    def tfidf(self, docs: list[list[str]]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows for token lists (unknown words ignored)."""
        rows, cols, vals = [], [], []
        for i, toks in enumerate(docs):
            counts: dict[int, int] = {}
            for t in toks:
                j = self.vocab.get(t)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            v = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            v = (1.0 + np.log(v)) * self.idf[idx]  # sublinear tf: repetition says little about stance
            v /= np.linalg.norm(v)
            rows.extend([i] * len(idx))
            cols.extend(idx.tolist())
            vals.extend(v.tolist())
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(self.vocab)), dtype=np.float32)

    def project(self, m: sparse.csr_matrix) -> np.ndarray:
        z = np.asarray(m @ self.lsa.T, dtype=np.float32)
        n = np.linalg.norm(z, axis=1, keepdims=True)
        return z / np.maximum(n, 1e-9)


@dataclass(slots=True)
class TextStats:
    """Everything about one text that the pair features need, computed once."""

    spans: list[tuple[int, int]]  # sentence offsets
    toks: list[str]
    content: frozenset[str]
    lead: frozenset[str]
    ngrams2: frozenset[tuple[str, str]]
    ngrams3: frozenset[tuple[str, str, str]]
    sent_tfidf: sparse.csr_matrix  # (n_sent, V)
    vec: sparse.csr_matrix  # (1, V)
    lsa: np.ndarray  # (k,)
    sent_refute: np.ndarray  # (n_sent,) cue counts
    sent_hedge: np.ndarray
    sent_support: np.ndarray
    sent_keys: list[list[str]]  # refuting cue keys per sentence
    sent_len: np.ndarray
    sent_toks: list[list[str]]
    sent_debunk: np.ndarray  # (n_sent,) debunking word counts
    rows: np.ndarray  # sentence index of each stored value of sent_tfidf (numpy relevance, see below)
    dense: np.ndarray | None  # (V,) TF-IDF of a claim, dense: pairs score it against many sentences
    # Token positions of refuting cues, debunking words and negators in each sentence: a text is paired
    # with many claims, and the cue words are found once here instead of once per pair (``_aimed``).
    sent_refute_at: list[list[int]]
    sent_debunk_at: list[list[int]]
    sent_neg_at: list[list[int]]
    # What the pair features read of this text alone, computed on its first pair (``_claim_part``,
    # ``_body_part``): a text is paired with many others (issue 15: ~200 pairs per linked article).
    parts: dict = field(default_factory=dict)


def _ngrams(toks: list[str], n: int) -> frozenset:
    return frozenset(zip(*(toks[i:] for i in range(n))))


def analyse(vec: Vectorizer, text: str, *, is_claim: bool = False) -> TextStats:
    text = text[: T.MAX_CLAIM_CHARS if is_claim else T.MAX_TEXT_CHARS]
    spans = T.sentences(text) or [(0, 0)]
    sent_toks = [T.tokens(text[s:e]) for s, e in spans]
    toks = [t for st in sent_toks for t in st]
    cont = T.content(toks)
    sent_tfidf = vec.tfidf([T.content(st) for st in sent_toks])
    whole = vec.tfidf([cont])
    keys = [[k for k in (T.REFUTE_LEX.match(t) for t in st) if k is not None] for st in sent_toks]
    indptr = sent_tfidf.indptr
    return TextStats(
        spans=spans,
        toks=toks,
        content=frozenset(cont),
        lead=frozenset(t for st in sent_toks[:LEAD_SENTENCES] for t in T.content(st)),
        ngrams2=_ngrams(cont, 2),
        ngrams3=_ngrams(cont, 3),
        sent_tfidf=sent_tfidf,
        vec=whole,
        lsa=vec.project(whole)[0],
        sent_refute=np.array([len(k) for k in keys], dtype=np.float32),
        sent_hedge=np.array([T.HEDGE_LEX.count(st) for st in sent_toks], dtype=np.float32),
        sent_support=np.array([T.SUPPORT_LEX.count(st) for st in sent_toks], dtype=np.float32),
        sent_keys=keys,
        sent_len=np.array([len(st) for st in sent_toks], dtype=np.float32),
        sent_toks=sent_toks,
        sent_debunk=np.array([T.DEBUNK_LEX.count(st) for st in sent_toks], dtype=np.float32),
        rows=np.repeat(np.arange(len(spans)), np.diff(indptr)),
        dense=whole.toarray().ravel() if is_claim else None,
        sent_refute_at=[_where(st, T.REFUTE_LEX) for st in sent_toks],
        sent_debunk_at=[_where(st, T.DEBUNK_LEX) for st in sent_toks],
        sent_neg_at=[[i for i, t in enumerate(st) if t in T.NEGATORS] for st in sent_toks],
    )


def _where(toks: list[str], lex) -> list[int]:
    return [i for i, t in enumerate(toks) if lex.match(t) is not None]


def sentence_relevance(claim: TextStats, body: TextStats) -> np.ndarray:
    """TF-IDF cosine of the claim with each sentence of the body."""
    if claim.dense is None:
        return np.asarray((body.sent_tfidf @ claim.vec.T).todense(), dtype=np.float32).ravel()
    # Plain numpy over the CSR arrays: a scipy sparse product per pair costs ~10x more in overhead.
    m = body.sent_tfidf
    return np.bincount(body.rows, weights=m.data * claim.dense[m.indices],
                       minlength=len(body.spans)).astype(np.float32)


def _aimed(toks: list[str], lex, words: frozenset[str]) -> int:
    """Cues of ``lex`` with one of ``words`` within CUE_WINDOW tokens (a denial of *this* claim)."""
    n = 0
    for i, t in enumerate(toks):
        if lex.match(t) is not None and any(
                w in words for w in toks[max(0, i - CUE_WINDOW): i + CUE_WINDOW + 1]):
            n += 1
    return n


def _aimed_at(toks: list[str], at: list[int], words: frozenset[str]) -> int:
    """``_aimed`` with the cues' positions ``at`` known (``TextStats.sent_refute_at``): the same count."""
    return sum(1 for i in at if any(w in words for w in toks[max(0, i - CUE_WINDOW): i + CUE_WINDOW + 1]))


def _negated(toks: list[str], words: frozenset[str]) -> int:
    """Negators whose scope (the next NEG_SCOPE tokens) holds one of ``words``."""
    return sum(1 for i, t in enumerate(toks)
               if t in T.NEGATORS and any(w in words for w in toks[i + 1: i + 1 + NEG_SCOPE]))


def _negated_at(toks: list[str], at: list[int], words: frozenset[str]) -> int:
    """``_negated`` with the negators' positions ``at`` known (``TextStats.sent_neg_at``): the same count."""
    return sum(1 for i in at if any(w in words for w in toks[i + 1: i + 1 + NEG_SCOPE]))


def _frac(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _feature_names() -> list[str]:
    names = [
        "cos_tfidf", "cos_lsa", "sent_cos_max", "sent_cos_top3", "sent_cos_first", "sent_argmax_pos",
        "sent_share_related", "jaccard", "claim_cov", "claim_cov_lead", "bigram_cov", "trigram_cov",
        "claim_len", "body_len_log", "n_sent_log",
        "claim_refute", "claim_hedge", "claim_support", "claim_question", "claim_quote",
        "body_refute_rate", "body_hedge_rate", "body_support_rate",
        "top_refute", "top_hedge", "top_support", "max_refute", "max_hedge", "max_support",
        "lead_refute", "lead_hedge", "lead_support",
        "polarity_claim", "polarity_top", "polarity_match",
        "relw_refute_sum", "relw_refute_max", "relw_hedge_sum", "relw_hedge_max", "relw_support_sum",
        "relw_support_max", "related_refute", "related_hedge", "related_support",
    ]
    names += [f"top_key_{k}" for k in T.REFUTE_KEYS]
    names += [
        "claim_debunk", "claim_negated", "body_debunk_rate", "lead_debunk", "top_debunk", "related_debunk",
        "relw_debunk_max", "aimed_refute_top", "aimed_refute_related", "aimed_debunk_related",
        "aimed_refute_relw_max", "negated_claim_top", "negated_claim_related", "negated_claim_lead",
        "polarity_contrast_top", "polarity_contrast_related", "related_support_minus_refute",
    ]
    return names


FEATURE_NAMES = _feature_names()
_KEY_INDEX = {k: i for i, k in enumerate(T.REFUTE_KEYS)}


def _claim_part(claim: TextStats, claim_text: str) -> tuple:
    """The features of the claim alone (the same expressions ``pair_features`` used per pair, once per claim)."""
    key = ("claim", claim_text)
    hit = claim.parts.get(key)
    if hit is None:
        c_ref = T.REFUTE_LEX.count(claim.toks)
        hit = claim.parts[key] = (
            c_ref, float(len(claim.toks)), float(c_ref), float(T.HEDGE_LEX.count(claim.toks)),
            float(T.SUPPORT_LEX.count(claim.toks)), float("?" in claim_text),
            float(any(q in claim_text for q in "'\"‘“")), float(c_ref % 2),
            float(T.DEBUNK_LEX.count(claim.toks)), _negated(claim.toks, claim.content))
    return hit


def _body_part(body: TextStats) -> tuple:
    """The features of the body alone (as ``_claim_part``)."""
    hit = body.parts.get("body")
    if hit is None:
        n_tok = max(len(body.toks), 1)
        lead = slice(0, LEAD_SENTENCES)
        hit = body.parts["body"] = (
            math.log1p(len(body.toks)), math.log1p(len(body.spans)),
            100.0 * float(body.sent_refute.sum()) / n_tok,
            100.0 * float(body.sent_hedge.sum()) / n_tok,
            100.0 * float(body.sent_support.sum()) / n_tok,
            float(body.sent_refute[lead].sum()), float(body.sent_hedge[lead].sum()),
            float(body.sent_support[lead].sum()),
            100.0 * float(body.sent_debunk.sum()) / n_tok, float(body.sent_debunk[lead].sum()))
    return hit


def pair_features(claim: TextStats, body: TextStats, claim_text: str) -> tuple[np.ndarray, np.ndarray]:
    """Feature vector for one pair, and the sentence relevance scores (for evidence)."""
    (c_ref, c_len, c_ref_f, c_hedge, c_support, c_question, c_quote, c_ref_odd, c_debunk,
     c_neg) = _claim_part(claim, claim_text)
    (b_len_log, b_sent_log, b_refute_rate, b_hedge_rate, b_support_rate, b_lead_refute, b_lead_hedge,
     b_lead_support, b_debunk_rate, b_lead_debunk) = _body_part(body)
    rel = sentence_relevance(claim, body)
    order = np.argsort(-rel, kind="stable")
    top = order[:TOP_SENTENCES]
    n_sent = len(body.spans)
    if claim.dense is not None:
        cos = float(body.vec.data @ claim.dense[body.vec.indices]) if body.vec.nnz else 0.0
    else:
        cos = float((claim.vec @ body.vec.T).toarray()[0, 0]) if claim.vec.nnz and body.vec.nnz else 0.0
    union = claim.content | body.content
    top_ref = float(body.sent_refute[top].sum())
    keys = np.zeros(len(T.REFUTE_KEYS), dtype=np.float32)
    for i in top:
        for k in body.sent_keys[i]:
            j = _KEY_INDEX.get(k)
            if j is not None:
                keys[j] += 1
    f = [
        cos,
        float(claim.lsa @ body.lsa),
        float(rel.max(initial=0.0)),
        float(rel[top].mean()) if len(top) else 0.0,
        float(rel[0]) if n_sent else 0.0,
        _frac(int(order[0]), n_sent) if n_sent else 1.0,
        _frac(int((rel > 0.2).sum()), n_sent),
        _frac(len(claim.content & body.content), len(union)),
        _frac(len(claim.content & body.content), len(claim.content)),
        _frac(len(claim.content & body.lead), len(claim.content)),
        _frac(len(claim.ngrams2 & body.ngrams2), len(claim.ngrams2)),
        _frac(len(claim.ngrams3 & body.ngrams3), len(claim.ngrams3)),
        c_len,
        b_len_log,
        b_sent_log,
        c_ref_f,
        c_hedge,
        c_support,
        c_question,
        c_quote,
        b_refute_rate,
        b_hedge_rate,
        b_support_rate,
        top_ref,
        float(body.sent_hedge[top].sum()),
        float(body.sent_support[top].sum()),
        float(body.sent_refute[order[0]]),
        float(body.sent_hedge[order[0]]),
        float(body.sent_support[order[0]]),
        b_lead_refute,
        b_lead_hedge,
        b_lead_support,
        c_ref_odd,
        float(top_ref % 2),
        float((c_ref % 2) == (top_ref % 2)),
    ]
    related = rel >= RELATED_SENTENCE
    for cues in (body.sent_refute, body.sent_hedge, body.sent_support):
        w = rel * cues
        f += [float(w.sum()), float(w.max(initial=0.0))]
    f += [float(cues[related].sum()) for cues in (body.sent_refute, body.sent_hedge, body.sent_support)]
    # Denial and negation aimed at the claim's own words, in the sentences about the claim.
    words = claim.content
    top_set = set(int(i) for i in top)
    rel_idx = [int(i) for i in np.flatnonzero(related)[:T.MAX_SENTENCES]]
    st, ref_at, deb_at, neg_at = body.sent_toks, body.sent_refute_at, body.sent_debunk_at, body.sent_neg_at
    aimed_ref = {i: _aimed_at(st[i], ref_at[i], words) for i in top_set | set(rel_idx)}
    aimed_deb = {i: _aimed_at(st[i], deb_at[i], words) for i in rel_idx}
    neg = {i: _negated_at(st[i], neg_at[i], words) for i in top_set | set(rel_idx) | set(range(min(LEAD_SENTENCES, n_sent)))}
    neg_top = sum(neg[i] for i in top_set)
    neg_rel = sum(neg[i] for i in rel_idx)
    extra = [
        c_debunk,
        float(c_neg),
        b_debunk_rate,
        b_lead_debunk,
        float(body.sent_debunk[top].sum()),
        float(body.sent_debunk[related].sum()),
        float((rel * body.sent_debunk).max(initial=0.0)),
        float(sum(aimed_ref[i] for i in top_set)),
        float(sum(aimed_ref[i] for i in rel_idx)),
        float(sum(aimed_deb.values())),
        float(max((rel[i] * aimed_ref[i] for i in aimed_ref), default=0.0)),
        float(neg_top),
        float(neg_rel),
        float(sum(neg[i] for i in range(min(LEAD_SENTENCES, n_sent)))),
        float((c_neg > 0) != (neg_top > 0)),
        float((c_neg > 0) != (neg_rel > 0)),
        float(body.sent_support[related].sum() - body.sent_refute[related].sum()),
    ]
    return np.concatenate([np.asarray(f, dtype=np.float32), keys, np.asarray(extra, dtype=np.float32)]), rel


class TextCache:
    """Text analyses kept across ``featurize`` calls, least recently used dropped past ``size``.

    ``analyse`` depends only on the text and the vectorizer, so a caller that scores the same texts
    in many calls (the linker judges every story peer's text and claims again for each new member
    of the story: profiled, re-analysis was over half of the stance time) keeps them here; the
    features, and so the predictions, are the same as without it. Bound to one vectorizer.
    """

    def __init__(self, size: int = 1024):
        self.size = size
        self._vec: Vectorizer | None = None
        self._items: OrderedDict[tuple[bool, str], TextStats] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def seed(self, vec: Vectorizer, text: str, is_claim: bool, stats: TextStats) -> None:
        """Keep an analysis made elsewhere (``analyse(vec, text, is_claim=...)`` in a helper process)."""
        if vec is not self._vec:
            self._items.clear()
            self._vec = vec
        self._items[(is_claim, text)] = stats
        if len(self._items) > self.size:
            self._items.popitem(last=False)

    def analysis(self, vec: Vectorizer, text: str, is_claim: bool) -> TextStats:
        if vec is not self._vec:  # another model's vocabulary: nothing cached applies
            self._items.clear()
            self._vec = vec
        key = (is_claim, text)
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
            return hit
        stats = self._items[key] = analyse(vec, text, is_claim=is_claim)
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return stats


def featurize(vec: Vectorizer, claims: list[str], texts: list[str], *,
              cache: TextCache | None = None) -> tuple[np.ndarray, list[tuple[TextStats, np.ndarray]]]:
    """Feature matrix for pairs; also each pair's body analysis and sentence relevance.

    Texts are analysed once each even when paired with many claims (FNC bodies carry ~30 claims);
    ``cache`` keeps the analyses across calls too.
    """
    cache_b: dict[str, TextStats] = {}
    cache_c: dict[str, TextStats] = {}
    X = np.zeros((len(claims), len(FEATURE_NAMES)), dtype=np.float32)
    extra: list[tuple[TextStats, np.ndarray]] = []
    for i, (c, t) in enumerate(zip(claims, texts, strict=True)):
        b = cache_b.get(t)
        if b is None:
            b = cache_b[t] = analyse(vec, t) if cache is None else cache.analysis(vec, t, False)
        h = cache_c.get(c)
        if h is None:
            h = cache_c[c] = analyse(vec, c, is_claim=True) if cache is None else cache.analysis(vec, c, True)
        X[i], rel = pair_features(h, b, c)
        extra.append((b, rel))
    return X, extra
