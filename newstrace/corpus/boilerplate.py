"""Per-outlet boilerplate: sentences that recur across many articles of one outlet, learned while linking.

An outlet appends the same stock background paragraph ("Russia launched its full-scale invasion
on 24 February 2022 ..."), a disclaimer, or a "read more" block carrying the lead of another of
its stories to many of its articles. Shared by two of its articles, that text looks like copied
or rewritten text and like story evidence, though neither article's own report is in it.

How it is learned (incrementally, as articles are linked):

- every sentence of at least MIN_WORDS words is keyed by its outlet and its normalised words
  (``sentence_keys``; digits fold to 0, so a stock paragraph whose figures are updated keeps its
  key); the fingerprint carries the keys with their offsets;
- the linker stores one row per (key, article) in ``corpus_bands`` under band BOILER_BAND, so how
  many of an outlet's articles carry a sentence is one indexed count, and learning is persistent
  and incremental without a table of its own;
- a sentence is boilerplate for its outlet once MIN_ARTICLES of the outlet's articles carry it.
  The record is kept with its reason in ``corpus_meta`` (``boilerplate:<outlet>:<key>``: how many
  articles, where it was first seen, links it undid), never dropped silently; ``spans_of`` gives
  an article's boilerplate spans with their reasons.

Boilerplate is *masked* (replaced by spaces, so every offset into the clean text still holds)
before copy and rewrite verification and before the fingerprint that finds candidates and story
peers. Exact keys, not MinHash: template text recurs verbatim, and an exact key is one index
lookup where MinHash would need its own LSH over sentences.

Guard: an outlet that publishes one article several times (versions, re-scrapes) makes every
sentence of it "recur"; when the mask would cover more than MAX_MASKED of an article's words the
article is a re-publication, not a carrier of boilerplate, and is compared unmasked.
"""

from __future__ import annotations

import hashlib
import json
import re

from ..store import linking

BOILER_BAND = 300  # band number of the sentence keys in corpus_bands (text bands 0-31, anchor bands 100-120)
# Outlet-free keys of long sentences, same table: a page that embeds another article (or a copy
# wrapped in much other text) shares whole sentences with it while its MinHash Jaccard is low,
# so these keys find it as a candidate where the LSH bands miss.
BLOCK_BAND = 301
BLOCK_MIN_WORDS = 12  # a shared sentence this long is shared text, not a stock phrase
MAX_BLOCK_KEYS = 60
# Articles of one outlet that must carry a sentence before it counts as boilerplate: two articles
# sharing a sentence may be a copy or a follow-up; a third, otherwise different article makes it
# the outlet's stock text.
MIN_ARTICLES = 3
MIN_WORDS = 6  # shorter sentences ("Read more:", "Share this") are page furniture, cleaned elsewhere
MAX_KEYS = 200  # sentences keyed per article: bounds the rows written for a pathological text
# Share of an article's words over which the mask is not applied (see the guard above): a
# re-published article recurs nearly whole, while a three-sentence brief can be shorter than
# the stock paragraph it carries (well over half of it boilerplate).
MAX_MASKED = 0.8
MAX_RECORD_LINKS = 50  # undone links listed in one boilerplate record

_SENT = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"'”’)]*|\n|$)")
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


def _h(b: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(b, digest_size=8).digest(), "little") >> 1  # 63 bits: SQLite INTEGER


def sentence_keys(text: str, outlet: str | None) -> list[tuple[int, int, int, int, int]]:
    """(start, end, outlet key, plain key, words) of each sentence of at least MIN_WORDS words.

    The outlet key hashes the outlet with the normalised words (0 without an outlet); the plain key
    the words alone (what another outlet's copy of the sentence has too). A regex splitter
    (on ., !, ?, … and line ends), not the analysis' sentences: linking compares any text,
    analysed or not, and a key only has to be the same wherever the same words recur.
    """
    if not text:
        return []
    out = []
    prefix = (outlet or "").lower().encode("utf-8", "surrogatepass") + b"\x00"
    for m in _SENT.finditer(text):
        g = m.group()
        ws = _WORD.findall(g.lower())
        if len(ws) < MIN_WORDS:
            continue
        norm = _DIGIT.sub("0", " ".join(ws)).encode("utf-8", "surrogatepass")
        start = m.start() + (len(g) - len(g.lstrip()))
        end = m.end() - (len(g) - len(g.rstrip()))
        out.append((start, end, _h(prefix + norm) if outlet else 0, _h(norm), len(ws)))
        if len(out) >= MAX_KEYS:
            break
    return out


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces (same length: offsets into the clean text hold)."""
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in sorted(spans):
        if s < pos:
            s = pos
        if e <= s:
            continue
        parts.append(text[pos:s])
        parts.append(" " * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def masked_sentences(sents: list[tuple[int, int, int, int, int]], known: set[int], text: str):
    """The sentences of ``sents`` whose outlet keys are known boilerplate, unless they would cover
    most of the text (then none: see the guard in the module docstring)."""
    hit = [x for x in sents if x[2] and x[2] in known]
    if not hit:
        return []
    total = len(_WORD.findall(text)) or 1
    return [] if sum(x[4] for x in hit) / total > MAX_MASKED else hit


def masked_spans(sents: list[tuple[int, int, int, int, int]], known: set[int], text: str) -> list[tuple[int, int]]:
    """The (start, end) of the boilerplate sentences to mask (``masked_sentences``)."""
    return [(x[0], x[1]) for x in masked_sentences(sents, known, text)]


def carried(sents: list[tuple[int, int, int, int, int]], plain: set[int]) -> list[tuple[int, int]]:
    """Spans of sentences whose plain keys are in ``plain``: another outlet's boilerplate carried
    along in a copy of one of its articles (masked in the copy too, so the pair compares like with like)."""
    return [(x[0], x[1]) for x in sents if x[3] in plain] if plain else []


# -- store records --------------------------------------------------------------------------------

def _name(outlet: str, key: int) -> str:
    return f"boilerplate:{outlet.lower()}:{key}"


def load_known(store) -> set[int]:
    """Every sentence key already recorded as boilerplate (a small set: only recurring sentences)."""
    return {int(name.rsplit(":", 1)[1]) for name in linking.meta_names(store, "boilerplate:", "boilerplate;")}


def counts(store, keys: list[int]) -> dict[int, int]:
    """How many linked articles carry each key (one indexed lookup for all of them)."""
    return linking.band_key_counts(store, BOILER_BAND, keys)


def band_rows(doc_id: str, sents: list[tuple[int, int, int, int, int]]) -> list[tuple[int, int, str]]:
    """The (band, key, doc_id) rows an article adds to corpus_bands: its outlet keys and the plain
    keys of its long sentences (block keys), each once."""
    outlet_keys = {x[2] for x in sents if x[2]}
    block_keys = list(dict.fromkeys(x[3] for x in sents if x[4] >= BLOCK_MIN_WORDS))[:MAX_BLOCK_KEYS]
    return [(BOILER_BAND, k, doc_id) for k in sorted(outlet_keys)] + [(BLOCK_BAND, b, doc_id) for b in block_keys]


def carriers(store, key: int, limit: int = 1000) -> list[str]:
    """The linked articles carrying a key."""
    return linking.band_carriers(store, BOILER_BAND, key, limit)


def record(c, outlet: str, key: int, articles: int, doc_id: str, start: int, end: int) -> None:
    """Keep a newly learned boilerplate sentence with its reason."""
    rec = {"outlet": outlet, "key": key, "articles": articles, "doc_id": doc_id, "start": start, "end": end,
           "reason": f"recurs in {articles} articles of {outlet} (>= {MIN_ARTICLES}): outlet boilerplate,"
                     " excluded from copy, rewrite and story evidence",
           "undone_links": []}
    linking.meta_put(c, _name(outlet, key), json.dumps(rec))


def note_undone(c, store, outlet: str, key: int, link: list) -> None:
    """Add a link that boilerplate undid (re-verified without it) to the boilerplate's record."""
    value = linking.meta_get(store, _name(outlet, key))
    if value is None:
        return
    rec = json.loads(value)
    if len(rec["undone_links"]) < MAX_RECORD_LINKS:
        rec["undone_links"].append(link)
        linking.meta_update(c, _name(outlet, key), json.dumps(rec))


def records(store, outlet: str | None = None, limit: int = 1000) -> list[dict]:
    """Boilerplate records (all, or one outlet's), most widespread first."""
    lo = "boilerplate:" + (f"{outlet.lower()}:" if outlet else "")
    hi = lo[:-1] + chr(ord(lo[-1]) + 1)
    out = [json.loads(v) for _name_, v in linking.meta_range(store, lo, hi, limit)]
    return sorted(out, key=lambda r: (-r["articles"], r["outlet"], r["key"]))


def spans_of(store, doc_id: str, text: str, outlet: str | None) -> list[dict]:
    """An article's boilerplate spans with their reasons: ``{start, end, reason, articles}`` (offsets into ``text``)."""
    sents = sentence_keys(text, outlet)
    if not sents:
        return []
    n = counts(store, [x[2] for x in sents if x[2]])
    known = load_known(store)
    spans = set(masked_spans(sents, known, text))
    out = []
    for s, e, k, _p, _n in sents:
        if (s, e) in spans:
            out.append({"start": s, "end": e, "articles": n.get(k, 0),
                        "reason": f"outlet boilerplate: recurs in {n.get(k, 0)} articles of {outlet}"})
    return out
