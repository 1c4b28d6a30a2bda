"""Per-article fingerprints for cross-article linking: MinHash signatures and linking metadata.

A ``Fingerprint`` is everything the linker needs to find candidates without re-reading the text:

- ``sig``: MinHash (datasketch) of 5-word shingles of the lowercased text -> near-duplicate copies;
- ``anchor_sig``: MinHash of consecutive pairs of *anchors* (names, numbers: the tokens an article
  spinner keeps when it swaps every other word for a synonym) -> rewrites;
- ``terms``/``counts``: hashed content-word counts -> TF-IDF cosine for story similarity;
- ``keys``: entities and resolved places (``e:vladimir putin``, ``p:703448``) -> story candidates;
- ``numbers``, ``names``, ``day`` (publication day ordinal), ``outlet``, ``title``.

Shingles are hashed with CRC-32 (stable across processes, unlike ``hash``) and fed to datasketch
with an identity hash function, so the slow per-shingle SHA-1 of its default is skipped.
"""

from __future__ import annotations

import bisect

import re
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice

import numpy as np

from ..model import Article
from ..multi.keys import person_key
from .boilerplate import mask

NUM_PERM = 128  # text signature: 128 permutations put the Jaccard estimate within ~0.09 (1 sd at J=0.5)
ANCHOR_PERM = 64  # anchor sequences are short; 64 permutations are enough for candidate search
SHINGLE = 5  # words per shingle: long enough that shared shingles mean shared sentences, not phrases
# LSH banding (bands x rows = permutations). Text: 32 x 4 puts the 50% candidate threshold near
# Jaccard 0.42, well under what a lightly edited copy keeps (>0.6). Anchors: 21 x 3 -> near 0.36:
# a harsh spin that respells names keeps 0.4-0.6 of its anchor pairs (bench/dedup.py).
TEXT_BANDS, TEXT_ROWS = 32, 4
ANCHOR_BANDS, ANCHOR_ROWS = 21, 3
ANCHOR_BAND_OFFSET = 100  # anchor band numbers start here, so both live in one table
MAX_TOKENS = 20_000  # bound the work on a pathological text (a whole book pasted as one article)
MAX_TERMS = 150  # content terms kept per article for similarity: the head of the distribution
# The headline and the opening say what the story is; the rest adds background. 400 characters
# is about the standfirst / first paragraph (a shorter and a longer window did no better on the
# similarity bench).
LEAD_CHARS = 400
MAX_KEYS = 24  # entity/place keys per article used for story candidates
TERM_BUCKETS = 1 << 20  # hashed vocabulary for document frequencies: collisions are rare at 1M
KEY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"}

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
# The same tokens with the text between them (``re.split`` keeps a captured match): offsets are the running
# sum of the parts' lengths, without a match object per word (``dedup.tokens``).
WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_DIGIT = re.compile(r"\d")
# Function words and sentence openers: capitalised at the start of a sentence, never anchors.
STOPWORDS = frozenset("""
a about above after again against all also although am among an and another any are as at be because been
before being below between both but by can could did do does doing down during each either even ever every
few for from further had has have having he her here hers herself him himself his how however i if in into is
it its itself just last least less let like made make many may me meanwhile might more most much must my
myself near neither never new next no nor not now of off on once one only or other others our ours ourselves
out over own per perhaps rather same several she should since so some still such than that the their theirs
them themselves then there these they this those though through thus to too under until up upon us very via
was we were what when where whether which while who whom whose why will with within without would yet you
your yours yourself mr mrs ms dr said says say told according also its it's
""".split())


@dataclass(slots=True)
class Fingerprint:
    doc_id: str
    sig: np.ndarray  # uint32[NUM_PERM]
    anchor_sig: np.ndarray | None  # uint32[ANCHOR_PERM], None when the text has too few anchors
    terms: np.ndarray  # uint32 term buckets
    counts: np.ndarray  # uint16 counts, aligned with terms
    lead_terms: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))  # title + opening
    lead_counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint16))
    keys: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    published: str | None = None
    day: int | None = None
    outlet: str | None = None
    title: str | None = None
    n_words: int = 0
    spun: float = 0.0
    bands: list[tuple[int, int]] | None = None  # all_band_keys, computed once (looked up, then stored)


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    text = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int).permutations
    anchors = MinHash(num_perm=ANCHOR_PERM, seed=2, hashfunc=int).permutations
    return text, anchors


def minhash(hashes: np.ndarray, *, anchors: bool = False):
    """A datasketch MinHash of already hashed 32-bit values."""
    from datasketch import MinHash

    perms = _permutations()[1 if anchors else 0]
    m = MinHash(num_perm=ANCHOR_PERM if anchors else NUM_PERM, hashfunc=int, permutations=perms, scheme="affine32")
    if len(hashes):
        m.update_batch(hashes)
    return m


_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)  # MurmurHash3's 32-bit finalizer, as datasketch's "affine32"


def signature(hashes: np.ndarray, *, anchors: bool = False) -> np.ndarray:
    """The MinHash signature (uint32) datasketch's ``minhash(hashes).hashvalues`` gives, computed in
    one numpy expression: datasketch's ``update_batch`` calls the hash function once per value in
    Python, which was a tenth of the linking time. Same permutations (datasketch's own); a test
    pins the equality with datasketch, so a change of its scheme fails loudly."""
    a, b = _permutations()[1 if anchors else 0]
    n = ANCHOR_PERM if anchors else NUM_PERM
    if not len(hashes):
        return np.full(n, 0xFFFFFFFF, dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX32
    hv = np.asarray(hashes).astype(np.uint32).reshape(-1, 1)
    with np.errstate(over="ignore"):
        hv = hv ^ (hv >> np.uint32(s1))
        hv = hv * np.uint32(m1)
        hv = hv ^ (hv >> np.uint32(s2))
        hv = hv * np.uint32(m2)
        hv = hv ^ (hv >> np.uint32(s3))
        return (hv * a + b).min(axis=0).astype(np.uint32)


@lru_cache(maxsize=64)
def words(text: str) -> list[re.Match]:
    """Word tokens with their offsets (bounded by MAX_TOKENS). Cached: while linking, one new
    article is aligned with each of its candidates (Python caches a string's hash, so the key is cheap)."""
    return list(islice(_WORD.finditer(text), MAX_TOKENS))


@lru_cache(maxsize=200_000)
def _word_hash(w: str) -> int:
    return zlib.crc32(w.encode("utf-8", "surrogatepass"))


def is_anchor(token: str) -> bool:
    """A name or a number: what a synonym spinner leaves alone."""
    return _info(token)[1]


def day_number(published: str | None) -> int | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def stem(w: str) -> str:
    """Fold plurals and possessives ("drones", "Ukraine's" -> "drone", "ukraine"): enough for a bag of words."""
    for suf in ("'s", "’s", "ies", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def term_counts(lower: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed counts of content words (no stopwords, no 1-2 letter tokens), the MAX_TERMS most frequent."""
    return _top_terms([_info(w)[3] for w in lower])


def _top_terms(buckets: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The MAX_TERMS most frequent buckets (ties: smaller bucket first), sorted by bucket, with their counts.

    numpy's unique/lexsort: the same result as counting in a dict and sorting, at a fraction of the
    cost (it runs twice per article while linking)."""
    arr = np.asarray(buckets, dtype=np.int64)
    arr = arr[arr >= 0]
    if not len(arr):
        return np.zeros(0, np.uint32), np.zeros(0, np.uint16)
    terms, counts = np.unique(arr, return_counts=True)
    if len(terms) > MAX_TERMS:
        keep = np.sort(np.lexsort((terms, -counts))[:MAX_TERMS])
        terms, counts = terms[keep], counts[keep]
    return terms.astype(np.uint32), np.minimum(counts, 65535).astype(np.uint16)


@lru_cache(maxsize=500_000)
def _info(token: str) -> tuple[int, bool, bool, int, int]:
    """(CRC-32 of the lowercased token, is an anchor, has a digit, term bucket or -1, anchor key hash),
    cached per token."""
    low = token.lower()
    digit = _DIGIT.search(token) is not None
    anchor = digit or (token[:1].isupper() and low not in STOPWORDS and len(token) > 1)
    term = -1
    if len(low) >= 3 and low not in STOPWORDS and not low.isdigit():
        term = _word_hash(stem(low)) % TERM_BUCKETS
    return _word_hash(low), anchor, digit, term, _word_hash(anchor_key(token)) if anchor else 0


_VOWELS = re.compile(r"[aeiouyäöüéèáàíóúâêîôû]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def anchor_key(token: str) -> str:
    """How an anchor is compared across texts: numbers as written, names by their consonant skeleton.

    Spinners and transliteration respell names by their vowels ("Putin" / "Poutine",
    "Zelensky" / "Zelenskyy"): the consonants survive, so "ptn" matches both.
    """
    low = token.lower()
    if _DIGIT.search(low):
        return low
    skel = _REPEATS.sub(r"\1", _VOWELS.sub("", low))
    return skel if len(skel) >= 2 else low


def _inside_any(spans: list[tuple[int, int]]):
    """A test of whether an offset lies in one of ``spans`` (``s <= start < e``), by bisection over
    the merged spans: an article with many masked sentences has every entity and place tested
    (profiled: a third of linking's refingerprint when each test scanned all the spans)."""
    merged: list[list[int]] = []
    for s, e in sorted(x for x in spans if x[1] > x[0]):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [m[0] for m in merged]

    def inside(start: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and start < merged[i][1]

    return inside


def entity_keys(article: Article, masked: list[tuple[int, int]] | None = None) -> list[str]:
    """Story keys: canonical entities and resolved places, most mentioned first (none from ``masked`` spans)."""
    freq: dict[str, int] = {}
    inside = _inside_any(masked) if masked else None
    for e in article.entities:
        if inside is not None and inside(e.start):
            continue
        if e.label in KEY_LABELS and e.canonical:
            # a person by a key the uk/ru/en romanisations of one name share (Oleh/Oleg Kiper)
            k = "e:" + (person_key(e.canonical) if e.label == "PERSON" else e.canonical.strip().lower())
            freq[k] = freq.get(k, 0) + 1
    for p in article.places:
        if inside is not None and inside(p.start):
            continue
        if p.resolved and p.geonameid:
            k = f"p:{p.geonameid}"
            freq[k] = freq.get(k, 0) + 1
    return [k for k, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))][:MAX_KEYS]


def _shingles(wh: list[int], k: int) -> np.ndarray:
    arr = np.array(wh, dtype=np.uint64)
    if len(arr) == 0:
        return arr
    if len(arr) < k:
        return np.array([int(np.bitwise_xor.reduce(arr))], dtype=np.uint64)
    acc = np.zeros(len(arr) - k + 1, dtype=np.uint64)
    mult = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * mult + arr[j: len(arr) - k + 1 + j]
    return np.unique((acc >> np.uint64(16)) & np.uint64(0xFFFFFFFF))


def fingerprint(article: Article, masked: list[tuple[int, int]] | None = None) -> Fingerprint:
    """Compute the fingerprint of one analysed article (works without entities, e.g. on raw text).

    ``masked``: spans left out (outlet boilerplate, ``boilerplate.py``): not shingled, not counted
    as terms, names or numbers, their entities not used as story keys.

    Tokens are looked up in a per-process cache (``_info``): news vocabulary repeats, so most
    tokens cost one dictionary lookup; this is what lets 100,000 articles link in minutes.
    """
    text = article.text or ""
    if masked:
        text = mask(text, masked)
    toks = _WORD.findall(text)[:MAX_TOKENS]
    infos = list(map(_info, toks))
    sig = signature(_shingles([i[0] for i in infos], SHINGLE))
    anc = [t for t, i in zip(toks, infos) if i[1]]
    ah = _shingles([_info(a)[4] for a in anc], 2) if len(anc) >= 2 else np.zeros(0, np.uint64)
    anchor_sig = signature(ah, anchors=True) if len(ah) >= 3 else None
    title = article.title or ""
    title_toks = _WORD.findall(title)[:200] if title and title.strip() not in text[:len(title) + 50] else []
    title_terms = [_info(t)[3] for t in title_toks]
    terms, counts = _top_terms(title_terms + [i[3] for i in infos])
    lead_terms, lead_counts = _top_terms(title_terms + [_info(t)[3] for t in _WORD.findall(text[:LEAD_CHARS])])
    names = sorted({a.lower() for a, i in zip(toks, infos) if i[1] and not i[2]})[:300]
    numbers = sorted({t.lower() for t, i in zip(toks, infos) if i[2] and len(t) >= 2})[:200]
    spun = 0.0
    if article.quality and article.quality.spun:
        spun = float(article.quality.spun.get("score") or 0.0)
    return Fingerprint(doc_id=article.doc_id, sig=sig, anchor_sig=anchor_sig, terms=terms, counts=counts,
                       lead_terms=lead_terms, lead_counts=lead_counts,
                       keys=entity_keys(article, masked), numbers=numbers, names=names,
                       published=article.published, day=day_number(article.published),
                       outlet=article.source.outlet if article.source else None, title=article.title,
                       n_words=len(toks), spun=spun)


_BAND_MULT = np.array([0x9E3779B97F4A7C15 >> (7 * i) | 1 for i in range(8)], dtype=np.uint64)


def band_keys(sig: np.ndarray, bands: int, rows: int, offset: int = 0) -> list[tuple[int, int]]:
    """(band number, 63-bit key) for each LSH band of a signature (a multiply-add hash of the band's rows)."""
    m = sig[: bands * rows].astype(np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        keys = (m * _BAND_MULT[:rows]).sum(axis=1, dtype=np.uint64) >> np.uint64(1)
    return [(offset + b, int(k)) for b, k in enumerate(keys.tolist())]


def all_band_keys(fp: Fingerprint) -> list[tuple[int, int]]:
    if fp.bands is None:
        keys = band_keys(fp.sig, TEXT_BANDS, TEXT_ROWS)
        if fp.anchor_sig is not None:
            keys += band_keys(fp.anchor_sig, ANCHOR_BANDS, ANCHOR_ROWS, ANCHOR_BAND_OFFSET)
        fp.bands = keys
    return list(fp.bands)


def jaccard(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """MinHash estimate of the Jaccard similarity of two signatures (0 when either is missing)."""
    if a is None or b is None or len(a) != len(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)
