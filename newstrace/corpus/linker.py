"""Link articles across the store: copies, rewrites, stories, stance. Incremental and idempotent.

``link_pending(store)`` links every current article that has no fingerprint yet (the ingest hook
calls it at the end of each ingest); ``relink(store)`` forgets every corpus record and links the
whole store again in publication order. For each article, in one transaction per batch:

1. fingerprint it (``fingerprint.py``) and look up LSH candidates in ``corpus_bands``;
2. learn the outlet's boilerplate (``boilerplate.py``): sentences its articles keep repeating are
   masked (offsets kept) in both texts before anything is compared; a sentence that has just
   become boilerplate sends the links among its earlier carriers back to verification;
3. verify candidates (LSH bands, and long sentences shared word for word): word alignment for
   copies and embedded articles (``dedup.py``), anchor alignment for rewrites (``rewrite.py``);
   record ``links`` with evidence offsets in both texts (an "embeds" link goes from the
   embedding page to the article it carries);
4. place it in a story (``stories.py``): its copy's story, else the most similar candidate's
   story, else a new one;
5. score stance against the claims and headlines of its story peers (``claimlinks.py``);
6. store its fingerprint, band keys and story keys, so later articles find it.

Touched stories are refreshed (roles, label, counts) at the end of each batch.

Cost (issue 15): what depends on one article alone (its light form, fingerprint, sentence keys,
stance analyses, event reports, claim frames) is computed once and cached; a masked text is masked
again only when boilerplate learned since hits one of its sentences; a story's first members in order
are kept in memory (``_head``), not sorted in SQL for each new member; links among a story's members are
looked up by ``doc_id`` alone (``linking.links_among``: both ends as IN lists probed every pair, quadratic in
a story's size at each refresh); the carriers of newly learned boilerplate are fingerprinted again once per
learning article, not once per sentence learned (``_revisit``), from the few fields a fingerprint reads
(``bare_article``); a candidate's text is read and masked only when a gate lets the pair be aligned
(``_worth``), and each masked text is tokenised once for copy verification (``_tokens``); long-sentence
keys carried by more than BLOCK_MAX_CARRIERS articles find no candidates (stop keys: template sentences
of a large corpus, whose buckets grew with it). ``link_pending`` has a helper
process score stance when asked (``parallel=True``), or by itself for a large pending set when the
load average leaves a core idle (AUTO_PARALLEL_MIN). This process keeps every decision, in the same
order, so the links are the same either way (tests/test_link_relink_identical.py, test_link_scale.py;
``bench/linkscale.py --digest`` on a copy of a real store).
"""

from __future__ import annotations

import bisect
import json
import time
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from ..model import Article, Claim, Entity, Origin, Place, Quality
from ..multi import crosslang
from ..store import linking as cs
from ..store import rows as stored
from ..store import tuning
from . import boilerplate as bp
from . import prints, similarity, stories
from .claimlinks import MAX_PEERS, events_from_plain, own_inputs, stance_rows
from .dedup import MAX_ALIGN_TOKENS, Tokens, swap, tokens, verify_copy
from .fingerprint import Fingerprint, all_band_keys, fingerprint, jaccard
from .rewrite import verify_rewrite

BATCH = 500  # articles per transaction: amortises commits (and WAL checkpoints) without holding the write lock for long
# From this many pending articles on, fingerprints are computed in a helper process while this
# one verifies and writes (fingerprinting is about half the work; the machine has 2+ cores).
PARALLEL_MIN = 2000
PREFETCH = 2  # batches fingerprinted ahead: bounds the memory held by the helper's results
# From this many pending articles on (with stance), ``link_pending`` has a helper process score stance
# while this one links (``_link_prepared``); or, with STANCE_HELPER off, prepare each article's own inputs
# (light article, fingerprint, sentence keys, stance analyses of its text and claims, event reports and
# claim frames) ahead of this process. None: only when asked (``parallel=True``): measured on this shared
# 2-core machine (load ~5, 250 articles, alternated twice) one process took 33-34 s wall and the stance
# helper 39-41 s (10.5 s CPU here + 9 s in the helper, against 16.4 s): it pays only with a free core.
PREPARE_MIN: int | None = None
# With ``parallel=None`` (``newstrace link``), the stance helper turns on by itself from this many pending
# articles when the load average leaves a core idle (``_spare_core``): a large link of a quiet machine
# (issue 15: the 100,000-article store) has a second core, a shared loaded one does not.
AUTO_PARALLEL_MIN = 1000
PREPARE_CHUNK = 25  # articles per helper task: linking starts after the first chunk, not the first batch
PREPARE_AHEAD = 6  # chunks prepared ahead (bounds the prepared analyses held in memory, ~0.1 MB per article)
# Stance (claims of the new article and its story peers) is about a third of linking: scored in a helper,
# written at the end of the batch (no later linking decision reads stance links).
STANCE_HELPER = True
MAX_VERIFY = 30  # LSH candidates verified per article, most shared bands first
# Long-sentence (block) keys carried by more than this many linked articles are left out of the candidate
# lookup: a sentence of >= 12 words that recurs word for word in over a hundred articles is stock text (a
# template sentence, a boilerplate line shared by several outlets), not evidence that two articles share
# their text; it gave a +1 to each of thousands of articles (issue 15: on the synthetic 100k store the
# block buckets of an article held ~40,000 rows at 31k linked, a hundred ms of SQL per article). The
# classic stop-key rule of LSH deduplication. Copies still share their MinHash text bands (not capped),
# and an embedded article still shares its own, rarer sentences. Results change only when one of an
# article's block keys is over the cap (tests/test_link_stop_keys.py).
BLOCK_MAX_CARRIERS = 100
# Signature Jaccard under which a candidate is not worth aligning: a lightly edited copy keeps
# > 0.5 of its 5-word shingles, two reports quoting one long statement < 0.15.
COPY_MIN_JACCARD = 0.2
REWRITE_MIN_ANCHOR_JACCARD = 0.2  # same idea on anchor pairs (names, numbers), which spinning keeps
# Long sentences (>= 12 words) shared word for word that make a pair worth aligning whatever its
# Jaccard: an embedded article shares all of its sentences (a brief has two or three that long);
# unrelated reports rarely share two. Alignment decides; this only bounds how often it runs.
EMBED_MIN_BLOCKS = 2
# Estimated share of the shorter text inside the longer one (``_contained``) from which a pair is
# aligned: a copy keeps >= 0.6 (dedup.COPY_MIN), and the estimate's noise is ~0.1.
EMBED_MIN_CONTAINED = 0.45
LINK_CACHE_KIB = 256 * 1024  # SQLite page cache while linking (see Linker.big_cache)
FP_CACHE = 20_000  # fingerprints kept in memory (~5 kB each) while linking
TEXT_CACHE = 4096  # texts and masked sides (~5-15 kB each): candidates recur within a story's window (issue 15)
# Light articles kept while linking: a story's earlier members are read as stance peers again for
# every new member (profiled: 2,080 reads and parses for 250 articles, a fifth of linking's time).
# Stories are linked in date order, so the members still joining are recent; ~30-60 kB each.
ARTICLE_CACHE = 512
STANCE_TEXTS = 2048  # stance analyses of peer texts and claims kept across articles (stance.features.TextCache)
# A story's first members in publication order, kept per story while linking (``_head``): stance peers
# and the story rule read them for every new member, and ordering a story of thousands in SQL each time
# grew with the story (issue 15: synthetic wire stories reach a third of the store).
HEAD = 200
STANCE_MEMO = 20_000  # per-article event reports, judged readings and claim frames (cleared when full)


@dataclass(slots=True)
class LinkReport:
    articles: int = 0
    skipped: int = 0  # already linked
    copies: int = 0
    rewrites: int = 0
    embeds: int = 0
    boilerplate: int = 0  # sentences newly learned as outlet boilerplate
    undone: int = 0  # earlier copy/rewrite links that did not hold without the boilerplate
    new_stories: int = 0
    joined_stories: int = 0
    stance_links: int = 0
    elapsed: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Prepared:
    """One stored article with the link inputs that depend on it alone (``_prepare``)."""

    article: Article
    fp: Fingerprint | None = None
    sents: list | None = None  # boilerplate.sentence_keys
    texts: list = field(default_factory=list)  # (is_claim, text, stance analysis)
    memo: dict = field(default_factory=dict)  # claimlinks.stance_rows memo entries


@dataclass(slots=True)
class _Side:
    """One article's text as compared: its outlet's boilerplate masked (offsets kept)."""
    version: int  # how many boilerplate keys were known when it was masked
    text: str
    sents: list  # boilerplate.sentence_keys
    spans: list  # masked (start, end)
    plain: set  # plain keys of the masked sentences
    masked: str = ""
    keys: frozenset = frozenset()  # its sentences' outlet keys (what newly learned boilerplate must hit to change it)
    toks: Tokens | None = None  # dedup.tokens(masked), computed the first time it is aligned (``_tokens``)


class Linker:
    """Links articles against a store, one batch transaction at a time.

    Args:
        store: an open SQLiteStore (schema version >= 2).
        stance: score claim stance inside stories (needs the shipped stance model).
        texts: optional ``doc_id -> text | None`` for candidates' texts (default: read from the store).
    """

    def __init__(self, store, *, stance: bool = True, batch: int = BATCH, texts=None, story_model: str | None = None):
        self.store = store
        self._texts_of = texts  # optional doc_id -> text for articles not read from this store
        self.batch = batch
        self.df = prints.load_docfreq(store)
        self.fps: OrderedDict[str, Fingerprint] = OrderedDict()
        self.texts: OrderedDict[str, str] = OrderedDict()
        self.report = LinkReport()
        self.known = bp.load_known(store)  # outlet-boilerplate sentence keys
        self._learned: list[int] = []  # keys added to ``known`` by this linker, in order (``_side``)
        self._learned_pos: dict[int, int] = {}  # key -> its position in ``_learned`` (``_learned_since``)
        self._learned_indexed = 0  # how much of ``_learned`` is in ``_learned_pos``
        self._dirty: dict[str, list[int]] = {}  # carriers to fingerprint again: doc_id -> len(_learned) at each revisit
        self._bare: OrderedDict[str, Article] = OrderedDict()  # carriers read without events (``_refingerprint``)
        self._known0 = len(self.known)
        self.sides: OrderedDict[str, _Side] = OrderedDict()  # texts with boilerplate masked, by doc_id
        self._pre: dict[str, Fingerprint] = {}
        self._stop_blocks: set[int] = set()  # block keys over BLOCK_MAX_CARRIERS (``_candidates``)
        self.on_batch = None  # optional callable(n): called with the size of each linked batch (progress bars)
        # story decisions (pair model and its vectors cache, or the lexical rule: settings.story_model)
        self.stories = stories.StoryLinker(store, self._texts_of, mode=story_model)
        if self.stories.warning:
            self.report.warnings.append(self.stories.warning)
        self._predict = None
        self.articles: OrderedDict[str, Article] = OrderedDict()  # light articles by doc_id (ARTICLE_CACHE)
        self._memo: dict = {}  # claimlinks.stance_rows' per-article results (STANCE_MEMO)
        self.stored_inputs = False  # articles handed to link() are this store's, in light form (link_pending)
        self._pre_sents: dict[str, list] = {}
        self.heads: dict[str, list[tuple[bool, str, str | None, str]]] = {}  # story -> first HEAD members (_head)
        self.stories.head_of = self._head
        self.stance_pool = None  # optional executor: stance scored in a helper process (_link_prepared)
        self._stance_later: list = []  # (article, peer ids, future) scored in the helper, written at batch end
        self._stance_texts = None
        if stance:
            from functools import partial

            from ..stance import predict
            from ..stance.features import TextCache

            self._stance_texts = TextCache(STANCE_TEXTS)
            self._predict = partial(predict, cache=self._stance_texts)

    # -- caches ---------------------------------------------------------------------------

    def _remember(self, fp: Fingerprint) -> None:
        self.fps[fp.doc_id] = fp
        if len(self.fps) > FP_CACHE:
            self.fps.popitem(last=False)

    def _fingerprints(self, ids: list[str]) -> dict[str, Fingerprint]:
        missing = [d for d in ids if d not in self.fps]
        for d, fp in prints.load_fingerprints(self.store, missing).items():
            self._remember(fp)
        return {d: self.fps[d] for d in ids if d in self.fps}

    def _light(self, doc_id: str) -> Article | None:
        """A stored article in light form (``light_article``), cached: stored articles do not change while linking."""
        a = self.articles.get(doc_id)
        if a is not None:
            self.articles.move_to_end(doc_id)
            return a
        js = stored.article_json(self.store, doc_id)
        if js is None:
            return None
        return self._keep(light_article(js))

    def _keep(self, a: Article) -> Article:
        self.articles[a.doc_id] = a
        if len(self.articles) > ARTICLE_CACHE:
            self.articles.popitem(last=False)
        return a

    def _head(self, story_id: str) -> list[tuple[bool, str, str | None, str]]:
        """``(undated, published or "", published, doc_id)`` of a story's first HEAD members in
        ``linking.members`` order (read once, then kept as this linker adds members: ``_joined``)."""
        h = self.heads.get(story_id)
        if h is None:
            h = self.heads[story_id] = [(p is None, p or "", p, d) for p, d in cs.member_order(self.store, story_id, HEAD)]
        return h

    def _joined(self, story_id: str, published: str | None, doc_id: str) -> None:
        h = self.heads.get(story_id)
        if h is None:
            return
        key = (published is None, published or "", published, doc_id)
        if len(h) < HEAD or key < h[-1]:
            bisect.insort(h, key)
            del h[HEAD:]

    def _text(self, doc_id: str) -> str:
        t = self.texts.get(doc_id)
        if t is None and self._texts_of is not None:
            t = self._texts_of(doc_id)
        if t is None:
            t = stored.article_text(self.store, doc_id) or ""
            self.texts[doc_id] = t
            if len(self.texts) > TEXT_CACHE:
                self.texts.popitem(last=False)
        return t

    # -- linking --------------------------------------------------------------------------

    def link(self, articles: Iterable[Article], *, parallel: bool = False) -> LinkReport:
        """Link ``articles`` batch by batch; ``parallel``: fingerprint the next batches in a helper
        process meanwhile (as ``link_pending`` does for stored articles)."""
        t0 = time.perf_counter()
        batches = _batches(articles, self.batch)
        with self.big_cache():
            if parallel:
                self._link_parallel(batches)
            else:
                for chunk in batches:
                    self.link_batch(chunk)
        self.report.elapsed += time.perf_counter() - t0
        return self.report

    def _link_parallel(self, batches: Iterator[list[Article]]) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the child must not inherit this process's open SQLite connection.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            ahead: list = []
            for chunk in batches:
                ahead.append((chunk, pool.submit(_prints_of_articles, chunk)))
                if len(ahead) > PREFETCH:
                    done, fut = ahead.pop(0)
                    self.link_batch(done, fut.result())
            for done, fut in ahead:
                self.link_batch(done, fut.result())

    @contextmanager
    def big_cache(self):
        """A larger SQLite page cache while linking, then the connection's own again.

        Every article looks up and inserts ~100 band rows at random places of the corpus_bands
        indexes; past ~20,000 articles those indexes outgrow the default 2 MB cache and each
        lookup and insert goes back to the OS for its pages (profiled: the part of the linking
        time that grew faster than the article count)."""
        old = tuning.cache_size(self.store)  # None: a store without pragmas (another backend) links as it is
        if old is not None:
            tuning.set_cache_size(self.store, -LINK_CACHE_KIB)
        try:
            yield
        finally:
            if old is not None:
                tuning.set_cache_size(self.store, old)

    def link_batch(self, articles: list[Article], prints: dict[str, Fingerprint] | None = None) -> None:
        """Link one batch in one transaction; ``prints`` are fingerprints computed elsewhere."""
        self._pre = prints or {}
        try:
            self._batch(articles)
        finally:
            self._pre = {}
        if self.on_batch is not None:
            self.on_batch(len(articles))

    def link_prepared(self, ids: list[str], prepared: Iterable[Prepared]) -> None:
        """Link one batch (``ids``) in one transaction from articles prepared elsewhere, as they arrive."""
        def articles() -> Iterator[Article]:
            for p in prepared:
                self._absorb(p)
                yield p.article

        try:
            self._batch(articles(), ids)
        finally:
            self._pre, self._pre_sents = {}, {}
        if self.on_batch is not None:
            self.on_batch(len(ids))

    def _absorb(self, p: Prepared) -> None:
        d = p.article.doc_id
        if p.fp is not None:
            self._pre[d] = p.fp
        if p.sents is not None:
            self._pre_sents[d] = p.sents
        if self._predict is not None and p.texts:
            from ..stance import load_model

            vec = load_model().vectorizer  # the model predict() uses: the cache is bound to its vectorizer
            for is_claim, text, stats in p.texts:
                self._stance_texts.seed(vec, text, is_claim, stats)
        self._memo.update(p.memo)

    def _batch(self, articles: Iterable[Article], ids: list[str] | None = None) -> None:
        touched: set[str] = set()
        self._stance_later = []  # nothing carried over from a batch that failed before its end
        if ids is None:
            articles = list(articles)
            ids = [a.doc_id for a in articles]
        try:
            self._batch_in(articles, ids, touched)
        except BaseException:
            self.heads.clear()  # they may hold members of the batch rolled back
            self._stop_blocks.clear()  # and block keys counted with its rows
            raise

    def _batch_in(self, articles: Iterable[Article], ids: list[str], touched: set[str]) -> None:
        with self.store.transaction() as c:
            done = cs.linked(self.store, ids)
            for a in articles:
                if a.doc_id in done:
                    self.report.skipped += 1
                    continue
                done.add(a.doc_id)
                sid = self._one(c, a)
                touched.add(sid)
                self.report.articles += 1
            self._stance_flush(c)
            for sid in sorted(touched):
                stories.refresh(c, self.store, sid, self.df, self.fps)
            prints.save_docfreq(c, self.df)

    def _candidates(self, fp: Fingerprint, blocks: list[int]) -> list[tuple[str, int]]:
        """(doc_id, long sentences shared) of LSH-band and shared-sentence candidates, most shared keys first."""
        if BLOCK_MAX_CARRIERS is not None and blocks:
            # a key over the cap stays over it (block rows are only added while linking, and a rolled
            # back batch clears this memo): only the others are counted again (bounded: cap + 1 rows each)
            blocks = [b for b in blocks if b not in self._stop_blocks]
            over = cs.band_keys_over(self.store, bp.BLOCK_BAND, blocks, BLOCK_MAX_CARRIERS)
            if over:
                self._stop_blocks |= over
                blocks = [b for b in blocks if b not in over]
        keys = all_band_keys(fp) + [(bp.BLOCK_BAND, b) for b in blocks]
        rows = cs.band_candidates(self.store, keys, fp.doc_id, bp.BLOCK_BAND, MAX_VERIFY)
        return [(r[0], r[2] or 0) for r in rows]

    def _side(self, doc_id: str, outlet: str | None, text: str | None = None, sents: list | None = None) -> _Side:
        """A linked article's text with its outlet's boilerplate (as known now) masked."""
        hit = self.sides.get(doc_id)
        if hit is not None and hit.version != len(self.known) and hit.version >= self._known0:
            # boilerplate learned since it was masked that none of its sentences carries leaves its
            # mask as it was (masked_sentences reads only its own keys): no need to mask it again
            # (issue 15: ~3 keys are learned per article, and every candidate was re-masked)
            if not self._learned_since(hit.keys, hit.version - self._known0):
                hit.version = len(self.known)
        if hit is not None and hit.version == len(self.known):
            self.sides.move_to_end(doc_id)
            return hit
        if hit is not None and sents is None and (text is None or text == hit.text):
            text, sents = hit.text, hit.sents  # only the boilerplate known has changed: same sentences
        if text is None:
            text = self._text(doc_id)
        if sents is None:
            sents = bp.sentence_keys(text, outlet)
        hits = bp.masked_sentences(sents, self.known, text) if self.known else []
        side = _Side(len(self.known), text, sents, [(x[0], x[1]) for x in hits], {x[3] for x in hits},
                     keys=frozenset(x[2] for x in sents if x[2]))
        side.masked = bp.mask(text, side.spans)
        self.sides[doc_id] = side
        if len(self.sides) > TEXT_CACHE:
            self.sides.popitem(last=False)
        return side

    def _learned_index(self) -> dict[int, int]:
        """``_learned_pos`` brought up to date: key -> its (last) position in ``_learned``."""
        learned, pos = self._learned, self._learned_pos
        for i in range(self._learned_indexed, len(learned)):  # index what was learned since the last call
            pos[learned[i]] = i  # the last position: a key learned twice counts from its latest
        self._learned_indexed = len(learned)
        return pos

    def _learned_since(self, keys: frozenset, first: int) -> bool:
        """Whether one of ``keys`` is among the keys this linker learned from position ``first`` of ``_learned`` on.

        A side masked long ago would scan every key learned since (~3 per article: a slice of thousands for
        a candidate of last week, issue 15): the position of each learned key is looked up instead when
        that is shorter (same answer)."""
        learned, pos = self._learned, self._learned_index()
        if len(learned) - first <= len(keys):
            return not keys.isdisjoint(learned[first:])
        return any(pos.get(k, -1) >= first for k in keys)

    @staticmethod
    def _worth(fp: Fingerprint, other: Fingerprint, shared_blocks: int = 0) -> bool:
        """Whether ``_verify`` would align the pair at all (its gates, read from the fingerprints alone).

        Checked before the candidate's side is built (issue 15: its text read, its sentences keyed and
        masked for every candidate, ~30 per article, when about one in ten passes a gate): a side is a
        cache of what masking gives, so building fewer changes no verdict."""
        j = jaccard(fp.sig, other.sig)
        return (j >= COPY_MIN_JACCARD or shared_blocks >= EMBED_MIN_BLOCKS or _contained(j, fp, other) >= EMBED_MIN_CONTAINED
                or jaccard(fp.anchor_sig, other.anchor_sig) >= REWRITE_MIN_ANCHOR_JACCARD)

    def _verify(self, a: _Side, fp: Fingerprint, b: _Side, other: Fingerprint, shared_blocks: int = 0):
        """Copy, rewrite or embeds verdict on two texts with boilerplate masked (None: no link)."""
        ta, tb = a.masked, b.masked
        more_a = bp.carried(a.sents, b.plain) if b.plain else []
        more_b = bp.carried(b.sents, a.plain) if a.plain else []
        if more_b:  # b may carry a's outlet boilerplate in a copy of a: mask it there too
            tb = bp.mask(tb, more_b)
        if more_a:
            ta = bp.mask(ta, more_a)
        v = None
        j = jaccard(fp.sig, other.sig)
        if j >= COPY_MIN_JACCARD or shared_blocks >= EMBED_MIN_BLOCKS or _contained(j, fp, other) >= EMBED_MIN_CONTAINED:
            # a side's own tokens when the text compared is its masked text as it is (mask() returns that
            # very string when nothing more is masked); else its tokens less those the further mask blanks
            v = verify_copy(ta, tb, a_tokens=_tokens(a) if ta is a.masked else _tokens_less(a, ta, more_a),
                            b_tokens=_tokens(b) if tb is b.masked else _tokens_less(b, tb, more_b))
        if (v is None or v.kind is None) and jaccard(fp.anchor_sig, other.anchor_sig) >= REWRITE_MIN_ANCHOR_JACCARD:
            v = verify_rewrite(ta, tb)
        return v if v is not None and v.kind is not None else None

    def _save(self, c, doc_id: str, other_id: str, v) -> None:
        if v.kind == "embeds" and not v.a_embeds:  # the link goes from the embedding page
            cs.save_link(c, other_id, doc_id, v.kind, v.score, swap(v.evidence))
        else:
            cs.save_link(c, doc_id, other_id, v.kind, v.score, v.evidence)
        if v.kind == "copy":
            self.report.copies += 1
        elif v.kind == "rewrite":
            self.report.rewrites += 1
        else:
            self.report.embeds += 1

    def _learn(self, c, article: Article, sents: list[tuple[int, int, int, int]]) -> None:
        """Count this article's sentences against its outlet's earlier articles; learn new boilerplate."""
        outlet = article.source.outlet if article.source else None
        todo = {x[2]: (x[0], x[1]) for x in sents if x[2] and x[2] not in self.known}
        if not outlet or not todo:
            return
        try:
            for k, n in bp.counts(self.store, list(todo)).items():
                if n + 1 >= bp.MIN_ARTICLES:
                    self.known.add(k)
                    self._learned.append(k)
                    s, e = todo[k]
                    bp.record(c, outlet, k, n + 1, article.doc_id, s, e)
                    self.report.boilerplate += 1
                    self._revisit(c, outlet, k)
            for d in list(self._dirty):
                self._refingerprint(c, d)
        except BaseException:
            self._dirty.clear()  # the batch rolls back: nothing is left to fingerprint again
            raise

    def _revisit(self, c, outlet: str, key: int) -> None:
        """Verify again, without the boilerplate, the copy/rewrite links among a sentence's earlier carriers.

        The carriers are fingerprinted again once, when ``_learn`` ends (or before their links are verified
        here), not once per sentence learned: a stock paragraph is learned several sentences at a time from
        the same two or three earlier carriers, each read, fingerprinted and written again for every one of
        them (issue 15: a quarter of linking's time past 4,000 articles). ``_dirty`` keeps the points at
        which each carrier would have been fingerprinted, so it gets the fingerprint the last of them gave."""
        ids = bp.carriers(self.store, key)
        for d in ids:
            self._dirty.setdefault(d, []).append(len(self._learned))
        if len(ids) < 2:
            return
        rows = [r[:3] for r in cs.links_among(self.store, ids, ("copy", "rewrite", "embeds"))]
        if not rows:
            return
        for d in ids:
            if d in self._dirty and any(d in r[:2] for r in rows):  # their fingerprints are read below
                self._refingerprint(c, d)
        fps = self._fingerprints(sorted({d for r in rows for d in r[:2]}))
        for a, b, kind in rows:
            if a not in fps or b not in fps:
                continue
            v = None
            if self._worth(fps[a], fps[b]):
                v = self._verify(self._side(a, fps[a].outlet), fps[a], self._side(b, fps[b].outlet), fps[b], 0)
            if v is not None and v.kind == kind:
                continue
            cs.delete_link(c, a, b, kind)
            bp.note_undone(c, self.store, outlet, key, [a, b, kind])
            self.report.undone += 1
            if v is not None:
                self._save(c, a, b, v)

    def _refingerprint(self, c, doc_id: str) -> None:
        """Fingerprint a linked article again without its (newly learned) boilerplate, so its LSH
        bands and story keys stop carrying it (articles stored in this store only).

        Called once for the points ``_revisit`` noted (``_dirty``): the fingerprint is the one the last
        of them with a mask gives (each point: the boilerplate known when its sentence was learned; the
        mask only grows, unless the guard against masking most of a text drops it)."""
        points = self._dirty.pop(doc_id, None) or [len(self._learned)]
        a = self.articles.get(doc_id)
        if a is None:
            a = self._bare.get(doc_id)
            if a is not None:
                self._bare.move_to_end(doc_id)
        if a is None:
            js = cs.print_fields(self.store, doc_id)
            if js is None:
                return
            a = bare_article(js)  # what the fingerprint reads alone
            self._bare[doc_id] = a  # carriers come back for the next sentences and articles of their outlet
            if len(self._bare) > ARTICLE_CACHE:
                self._bare.popitem(last=False)
        elif not cs.is_current(self.store, doc_id):
            return
        side = self._side(doc_id, a.source.outlet, a.text)
        spans = side.spans
        for p in reversed(points[:-1]):  # the last point masked nothing (guard): an earlier one's mask was written
            if spans:
                break
            pos = self._learned_index()
            known = {x[2] for x in side.sents if x[2] in self.known and pos.get(x[2], -1) < p}
            spans = [(x[0], x[1]) for x in bp.masked_sentences(side.sents, known, side.text)]
        if not spans:
            return
        fp = fingerprint(a, spans)
        cs.forget_bands(c, doc_id, bp.BOILER_BAND)
        prints.save_fingerprint(c, fp)
        self._remember(fp)

    def _one(self, c, article: Article) -> str:
        fp = self._pre.pop(article.doc_id, None) or fingerprint(article)
        self.texts[article.doc_id] = article.text
        if self.stored_inputs:  # read again as a stance peer by the story's later members
            self._keep(article)
        sents = self._pre_sents.pop(article.doc_id, None)
        if sents is None:
            sents = bp.sentence_keys(article.text, fp.outlet)
        self._learn(c, article, sents)
        mine = self._side(article.doc_id, fp.outlet, article.text, sents)
        if mine.spans:  # boilerplate is no evidence of copying nor of the story: fingerprint the rest
            fp = fingerprint(article, mine.spans)
        unmasked = [x[3] for x in sents if x[4] >= bp.BLOCK_MIN_WORDS and x[3] not in mine.plain]
        linked: list[tuple[float, str]] = []
        cands = self._candidates(fp, unmasked)
        fps = self._fingerprints([d for d, _n in cands])
        for other_id, n_blocks in cands:
            other = fps.get(other_id)
            if other is None:
                continue
            if not self._worth(fp, other, n_blocks):
                continue
            v = self._verify(mine, fp, self._side(other_id, other.outlet), other, n_blocks)
            if v is not None:
                self._save(c, article.doc_id, other_id, v)
                if v.kind != "embeds":  # an embedding page is about something else: no story evidence
                    linked.append((v.score, other_id))
        cs.add_bands(c, bp.band_rows(article.doc_id, sents))
        # Story candidates share names with the article: a rewrite whose LSH bands all missed
        # (heavy respelling) is still checked when its anchor signature is close enough.
        story_cands = self._fingerprints(stories.candidates(self.store, fp))
        done = {d for d, _n in cands}
        for other_id, other in story_cands.items():
            if other_id in done or jaccard(fp.anchor_sig, other.anchor_sig) < REWRITE_MIN_ANCHOR_JACCARD:
                continue
            v = self._verify(mine, fp, self._side(other_id, other.outlet), other, 0)
            if v is not None and v.kind != "embeds":
                self._save(c, article.doc_id, other_id, v)
                linked.append((v.score, other_id))
        # a translation (en/uk/ru) of a story candidate is a rewrite: multilingual sentence alignment
        for other_id, v in crosslang.rewrites(article, {d: f for d, f in story_cands.items() if d not in done},
                                              self.store.get, similarity.embed_strings):
            self._save(c, article.doc_id, other_id, v)
            linked.append((v.score, other_id))
        sid = None
        score = None
        for _s, other_id in sorted(linked, reverse=True):
            sid = cs.story_of(self.store, other_id)
            if sid:
                score = _s
                break
        if sid is None:  # the event-level pair model on the few key-sharing candidates (stories.StoryLinker)
            sid, best, best_score = self.stories.choose(c, article, fp, story_cands, self.df)
            if sid:
                score = best_score
                cs.save_link(c, article.doc_id, best, "story", round(best_score, 4), [])
        if sid is None:
            sid = stories.new_story_id(article.doc_id)
            self.report.new_stories += 1
        else:
            self.report.joined_stories += 1
        if self._predict is not None:
            self._stance(c, article, sid, {o for _s, o in linked})
        prints.save_fingerprint(c, fp)
        cs.add_member(c, sid, article.doc_id, score)
        self._joined(sid, fp.published, article.doc_id)
        self.df.add(fp)
        self._remember(fp)
        return sid

    def _stance(self, c, article: Article, sid: str, copies: set[str]) -> None:
        copies = copies | set(cs.copy_neighbours(self.store, article.doc_id))
        peer_ids = [d for _n, _k, _p, d in self._head(sid)[:200]
                    if d not in copies and d != article.doc_id][:MAX_PEERS]
        if self.stance_pool is not None:  # scored in a helper; written in order at the end of the batch
            try:
                fut = self.stance_pool.submit(_stance_job, self.store.path, article.doc_id, peer_ids)
            except RuntimeError:  # a broken pool refuses work: scored here at the end of the batch
                fut = None
            self._stance_later.append((article, peer_ids, fut))
            return
        self._stance_write(c, article, self._stance_rows(article, peer_ids))

    def _stance_rows(self, article: Article, peer_ids: list[str]) -> list | None:
        peers = []
        for d in peer_ids:
            a = self._light(d)
            if a is not None:
                peers.append(a)
        if not peers:
            return []
        if len(self._memo) > STANCE_MEMO:
            self._memo.clear()
        try:
            return stance_rows(article, peers, self._predict, memo=self._memo)
        except Exception as e:  # noqa: BLE001 - a missing or broken stance model must not stop linking
            self.report.warnings.append(f"stance links skipped: {e}")
            self._predict = None
            return None

    def _stance_flush(self, c) -> None:
        """Write the stance rows scored in the helper, in the order the articles were linked."""
        later, self._stance_later = self._stance_later, []
        for article, peer_ids, fut in later:
            if self._predict is None:  # the model failed on an earlier article: no stance from there on
                continue
            rows = None
            if fut is not None:
                try:
                    rows = fut.result()
                except Exception:  # noqa: BLE001 - the helper failed: score it here (same rows, or the same warning)
                    rows = None
            if rows is None:
                rows = self._stance_rows(article, peer_ids)
            self._stance_write(c, article, rows)

    def _stance_write(self, c, article: Article, rows: list | None) -> None:
        for r in rows or []:
            if r.claim_id:
                cs.save_claim_link(c, r.claim_id, r.claim_doc, r.judged_doc, r.stance, r.score, r.evidence)
            else:  # a headline: an article-level link from the judged article to the headline's
                cs.save_link(c, r.judged_doc, r.claim_doc, r.stance, r.score, r.evidence)
            self.report.stance_links += 1


def _tokens(side: _Side) -> Tokens:
    """``dedup.tokens`` of a side's masked text, computed once per side (issue 15: each candidate was
    tokenised again for every article verified against it)."""
    if side.toks is None:
        side.toks = tokens(side.masked)
    return side.toks


def _tokens_less(side: _Side, masked: str, spans: list[tuple[int, int]]) -> Tokens | None:
    """``dedup.tokens(masked)`` where ``masked`` is ``bp.mask(side.masked, spans)``: the side's own tokens
    less those inside ``spans``, cut out by offset (a few slices) instead of tokenising the text again
    (issue 15: texts masked further were tokenised afresh for every pair, ~1,600 times per 200 articles).

    Exact by construction: masking writes spaces over ``spans`` only, and a word (``fingerprint._WORD``)
    never spans a space, so every token wholly outside them is unchanged and none appears. None (the
    caller tokenises ``masked`` itself) when a token straddles a span's edge (it would be cut, not
    dropped) or the side's tokens reached the cap (blanking some lets later words in)."""
    toks = _tokens(side)
    n = len(toks.low)
    if n >= MAX_ALIGN_TOKENS:
        return None
    starts, ends = toks.starts, toks.ends
    drop: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        i = bisect.bisect_right(ends, s)  # first token ending after s
        k = bisect.bisect_left(starts, e)  # first token starting at or after e
        if i < k and (starts[i] < s or ends[k - 1] > e):
            return None
        if i < k:
            if drop and i <= drop[-1][1]:
                drop[-1] = (drop[-1][0], max(drop[-1][1], k))
            else:
                drop.append((i, k))
    if not drop:  # only spaces written over spaces and punctuation: the same words
        return toks
    low: list[str] = []
    st, en = array("l"), array("l")
    pos = 0
    for i, k in drop:
        low += toks.low[pos:i]
        st += starts[pos:i]
        en += ends[pos:i]
        pos = k
    low += toks.low[pos:]
    st += starts[pos:]
    en += ends[pos:]
    return Tokens(low, st, en)


def _contained(j: float, a: Fingerprint, b: Fingerprint) -> float:
    """The share of the shorter text inside the longer one, estimated from the Jaccard of their
    signatures and their lengths (|A n B| = J (|A| + |B|) / (1 + J)): an embedded article has a low
    Jaccard with the page that carries it, but a containment near 1."""
    shorter = min(a.n_words, b.n_words)
    if shorter <= 0:
        return 0.0
    return j * (a.n_words + b.n_words) / ((1 + j) * shorter)


def light_article(js: str, *, events: bool = True) -> Article:
    """The fields linking reads (text, metadata, entities, places, claims, quality) from stored JSON.

    ``serialize.from_json`` rebuilds every span of every annotation (and checks it), which costs
    more than the whole fingerprint on an analysed article; linking needs a handful of fields.
    ``events=False`` leaves out events and times (what the fingerprint alone does not read).
    """
    return _light(json.loads(js), events)


def bare_article(fields: str) -> Article:
    """What a fingerprint reads of a stored article (``linking.print_fields``: the fields extracted in SQL),
    as ``light_article(js, events=False)`` gives it without its claims."""
    d = dict(zip(cs.PRINT_FIELDS, json.loads(fields)))
    d["quality"] = {"spun": d.pop("quality.spun")}
    return _light(d, False, claims=False)


def _light(d: dict, events: bool, *, claims: bool = True) -> Article:
    src = d.get("source") or {}
    a = Article(doc_id=d["doc_id"], source=Origin(path=src.get("path"), url=src.get("url"), outlet=src.get("outlet"),
                                                  host=src.get("host"), agency=src.get("agency"),
                                                  format=src.get("format") or "text", record=src.get("record")),
                text=d.get("text") or "", title=d.get("title"), published=d.get("published"),
                language=d.get("language"))
    a.entities = [Entity(e["start"], e["end"], e["label"], e.get("canonical") or "") for e in d.get("entities") or []]
    a.places = [Place(p["start"], p["end"], p.get("name") or "", geonameid=p.get("geonameid"),
                      resolved=bool(p.get("resolved"))) for p in d.get("places") or []]
    if claims:
        a.claims = [Claim(c["start"], c["end"], c.get("status") or "asserted", kind=c.get("kind"),
                          claim_id=c.get("claim_id")) for c in d.get("claims") or []]
    a.quality = Quality(spun=(d.get("quality") or {}).get("spun"))
    if events:
        a.events = events_from_plain(d.get("events"))  # claim links compare claims as events (claimlinks.py)
        a.times = stories.times_from_plain(d.get("times"))  # stories date a report by its lead (stories.lead_days)
    return a


def _stored(store, doc_ids: list[str]) -> Iterator[Article]:
    for i in range(0, len(doc_ids), 100):
        part = doc_ids[i:i + 100]
        rows = stored.articles_json(store, part)
        for d in part:
            if d in rows:
                yield light_article(rows[d])


def pending(store) -> tuple[list[str], int]:
    """Current articles without a fingerprint, in publication order (undated last), and the
    highest article row id seen.

    Only rows stored after the last linking's high-water mark are read (``linking.unlinked``).
    """
    found, top = cs.unlinked(store)
    found.sort(key=lambda r: (r[2] is None, r[2] or "", r[0]))
    return [r[1] for r in found], top


def _mark(store, top: int) -> None:
    cs.mark_linked(store, top)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prints_of_articles(articles: list[Article]) -> dict[str, Fingerprint]:
    """Helper process: fingerprints of articles handed over in memory."""
    return {a.doc_id: fingerprint(a) for a in articles}


def _prepare(path: str, doc_ids: list[str], stance: bool) -> list[Prepared]:
    """Helper process: the stored articles ``doc_ids`` (in that order) with their own link inputs,
    read through a read-only connection."""
    vec = None
    if stance:
        try:
            from ..stance import load_model

            vec = load_model().vectorizer
        except Exception:  # noqa: BLE001 - the linker reports a missing model; its stance is computed there
            vec = None
    arts = {}
    for js in stored.articles_json_readonly(path, doc_ids):
        a = light_article(js)
        arts[a.doc_id] = a
    out = []
    for d in doc_ids:
        a = arts.get(d)
        if a is None:
            continue
        fp = fingerprint(a)
        p = Prepared(a, fp, bp.sentence_keys(a.text, fp.outlet))
        if vec is not None:
            p.texts, p.memo = own_inputs(a, vec)
        out.append(p)
    return out


_HELPER: dict = {}  # a stance helper process's caches (light articles, stance analyses, stance_rows memo)


def _stance_job(path: str, doc_id: str, peer_ids: list[str]) -> list | None:
    """Helper process: ``claimlinks.stance_rows`` of a stored article against its stored peers
    (None: the model failed; the linker scores the article itself and reports why)."""
    from functools import partial

    from ..stance import predict
    from ..stance.features import TextCache

    if not _HELPER:
        _HELPER.update(articles=OrderedDict(), memo={}, predict=partial(predict, cache=TextCache(STANCE_TEXTS)))
    arts: OrderedDict = _HELPER["articles"]
    want = [d for d in [doc_id, *peer_ids] if d not in arts]
    if want:
        for js in stored.articles_json_readonly(path, want):
            a = light_article(js)
            arts[a.doc_id] = a
    for d in [doc_id, *peer_ids]:
        if d in arts:
            arts.move_to_end(d)
    while len(arts) > ARTICLE_CACHE:
        arts.popitem(last=False)
    peers = [arts[d] for d in peer_ids if d in arts]
    if not peers or doc_id not in arts:
        return []
    if len(_HELPER["memo"]) > STANCE_MEMO:
        _HELPER["memo"].clear()
    try:
        return stance_rows(arts[doc_id], peers, _HELPER["predict"], memo=_HELPER["memo"])
    except Exception:  # noqa: BLE001 - reported by the linker when it scores the article itself
        return None


def _link_prepared(store, linker: Linker, ids: list[str], stance: bool) -> None:
    """Link ``ids`` batch by batch while a helper process scores stance (``_stance_job``), or, with
    STANCE_HELPER off, prepares the articles ahead (``_prepare``: their stance analyses included);
    what a helper cannot deliver is done in this process (same results)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    batches = [ids[i:i + linker.batch] for i in range(0, len(ids), linker.batch)]
    chunks = [ch[i:i + PREPARE_CHUNK] for ch in batches for i in range(0, len(ch), PREPARE_CHUNK)]
    futures: dict[int, object] = {}
    failed: list[str] = []
    preparing = True  # articles prepared by the helper (else read here)

    # spawn, not fork: the child must not inherit this process's open SQLite connection.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool, ProcessPoolExecutor(1, mp_context=spawn) as scorer:
        if stance and STANCE_HELPER:
            linker.stance_pool = scorer
            # The scorer analyses the texts it scores; what is left to prepare (light article, fingerprint,
            # sentence keys) costs this process about what taking it back from a helper does (measured:
            # 250 articles without stance, 10.8 s CPU here alone, 10.3 s + 2.5 s with a helper).
            preparing = False

        def chunk(k: int) -> list[Prepared]:
            for j in range(k, min(k + PREPARE_AHEAD, len(chunks))):
                if preparing and j not in futures and not failed:
                    try:
                        futures[j] = pool.submit(_prepare, store.path, chunks[j], stance)
                    except RuntimeError as e:  # a broken pool refuses work
                        failed.append(type(e).__name__)
            fut = futures.pop(k, None)
            if fut is not None:
                try:
                    return fut.result()
                except Exception as e:  # noqa: BLE001 - BrokenProcessPool, OSError, pickling: read here instead
                    failed.append(type(e).__name__)
            return [Prepared(a) for a in _stored(store, chunks[k])]

        k = 0
        for batch_ids in batches:
            n = (len(batch_ids) + PREPARE_CHUNK - 1) // PREPARE_CHUNK

            def prepared(first: int = k, count: int = n) -> Iterator[Prepared]:
                for j in range(first, first + count):
                    yield from chunk(j)

            linker.link_prepared(batch_ids, prepared())
            k += n
        linker.stance_pool = None
    if failed:
        linker.report.warnings.append(f"helper process failed ({failed[0]}); linking went on in one process")


def link_pending(store, *, stance: bool = True, parallel: bool | None = None, progress=None,
                 story_model: str | None = None) -> LinkReport:
    """Link the articles stored since the last linking (incremental).

    ``parallel`` (default: with stance, on a multi-core machine, for a store file, when PREPARE_MIN is set
    and at least that many articles are pending, or from AUTO_PARALLEL_MIN pending when the load average
    leaves a core idle): a helper process scores stance while
    this one links (``_link_prepared``); the links are the same either way. The helpers are spawned
    (as the dask engine's workers are): a script that calls this needs the usual
    ``if __name__ == "__main__":`` guard, or ``parallel=False``.
    ``progress``: optional callable(done, total) called after each batch.
    ``story_model``: 'pair' or 'lexical' (default: the ``story_model`` setting; ``stories.story_mode``).
    """
    import os

    ids, top = pending(store)
    linker = Linker(store, stance=stance, story_model=story_model)
    linker.stored_inputs = True
    if progress is not None:
        counted = [0]

        def _advance(n: int) -> None:
            counted[0] += n
            progress(counted[0], len(ids))

        linker.on_batch = _advance
    if parallel is None:  # without stance the helpers do not pay (see _link_prepared)
        parallel = stance and (os.cpu_count() or 1) > 1 and (
            (PREPARE_MIN is not None and len(ids) >= PREPARE_MIN)
            or (AUTO_PARALLEL_MIN is not None and len(ids) >= AUTO_PARALLEL_MIN and _spare_core()))
    if not parallel or store.path == ":memory:":
        linker.link(_stored(store, ids))
        _mark(store, top)
        _merge_events(store, linker.report)
        return linker.report
    t0 = time.perf_counter()
    with linker.big_cache():
        _link_prepared(store, linker, ids, stance and linker._predict is not None)
    _mark(store, top)
    _merge_events(store, linker.report)
    linker.report.elapsed += time.perf_counter() - t0
    return linker.report


def _spare_core() -> bool:
    """Whether the load average leaves a core idle (as the events stage's early typing decides)."""
    import os

    cores = os.cpu_count() or 1
    try:
        return cores >= 2 and os.getloadavg()[0] <= cores - 1
    except OSError:  # no load average on this platform
        return False


def _merge_events(store, report: LinkReport, given=None) -> None:
    """Merge the newly linked articles' events across articles (copies are known now); ``given``: as
    ``merge_pending``'s (an article's reports made elsewhere)."""
    from ..events.merge import merge_pending

    try:
        merge_pending(store, given=given)
    except Exception as e:  # noqa: BLE001 - links are committed; `newstrace events --merge` re-runs merging
        report.warnings.append(f"event merging skipped: {type(e).__name__}: {e}")


def relink(store, *, stance: bool = True, progress=None, story_model: str | None = None) -> LinkReport:
    """Forget every link, fingerprint and story and link the whole store again."""
    with store.transaction() as c:
        cs.clear(c)
    return link_pending(store, stance=stance, progress=progress, story_model=story_model)
