"""The per-article pipeline: one explicit ordered list of stages and a short loop.

Each stage module exposes ``NAME``, ``REQUIRES`` and ``ASSIGNS`` (names of Article fields) and
``run(article, ctx) -> article``; a stage that gains from batching (spaCy) also exposes
``run_batch(articles, ctx) -> articles``. A batch stage may also expose ``prepare(articles, ctx) ->
handle`` and ``PREPARE_REQUIRES``: the loop calls it right after the stage that completes those fields
and hands its result to ``run_batch(..., prepared=handle)``, and to ``handle.close()`` (if it has one)
when the batch ends (the events stage starts typing its clauses there, in a thread, while the stages in
between run). The order is checked once, at import time.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from .store.keys import source_key  # the store owns document identity (versions); used by make_doc_id
from .errors import NewstraceError, NoArticleText, StageError
from .model import Article, InputFailure, RawDocument
from .settings import Settings
from .stages import agency, amounts, analysis, claims, clean, events, language, places, quotes, spun, times

STAGES = [clean, agency, language, analysis, spun, quotes, times, amounts, claims, places, events]

# Fields every new Article carries before the first stage runs.
_INITIAL = {"doc_id", "source", "raw", "title", "published", "language", "author"}


def check_order(stages=STAGES) -> None:
    """Fail loudly at start-up if a stage needs something no earlier stage assigns."""
    have = set(_INITIAL)
    for st in stages:
        missing = set(st.REQUIRES) - have
        if missing:
            raise RuntimeError(f"stage {st.NAME} requires {sorted(missing)} which no earlier stage assigns")
        have |= set(st.ASSIGNS)
    prepare_points(stages)


def prepare_points(stages=STAGES) -> dict[int, list[int]]:
    """For each stage index, the later stages whose ``prepare`` runs right after it.

    A stage prepares after the first stage that completes its ``PREPARE_REQUIRES``; no stage between
    that point and the stage itself may assign any of those fields again (what ``prepare`` read would
    be stale).
    """
    out: dict[int, list[int]] = {}
    for j, st in enumerate(stages):
        needs = set(getattr(st, "PREPARE_REQUIRES", ()))
        if getattr(st, "prepare", None) is None:
            continue
        have, at = set(_INITIAL), -1
        for i, prev in enumerate(stages[:j]):
            if needs <= have:
                break
            have |= set(prev.ASSIGNS)
            at = i
        if not needs <= have:
            raise RuntimeError(f"stage {st.NAME} prepares on {sorted(needs - have)} which no earlier stage assigns")
        for mid in stages[at + 1:j]:
            if needs & set(mid.ASSIGNS):
                raise RuntimeError(f"stage {mid.NAME} reassigns {sorted(needs & set(mid.ASSIGNS))} after "
                                   f"stage {st.NAME} prepared on them")
        out.setdefault(at, []).append(j)
    return out


check_order()


class Context:
    """Per-process resources shared by stages: settings and lazily loaded models.

    Heavy resources (the spaCy model, the gazetteer, the stance model) load on first use and
    once per process, so a Dask worker or a forked process pays for them once.
    """

    def __init__(self, settings: Settings | None = None, **resources: Any):
        self.settings = settings or Settings()
        self._resources: dict[str, Any] = dict(resources)
        self._lock = threading.Lock()

    def resource(self, name: str, loader) -> Any:
        r = self._resources.get(name)
        if r is None:
            with self._lock:
                r = self._resources.get(name)
                if r is None:
                    r = loader()
                    self._resources[name] = r
        return r

    def set(self, name: str, value: Any) -> None:
        """Install a resource built elsewhere (e.g. outlet furniture learned in an ingest pre-pass)."""
        with self._lock:
            self._resources[name] = value

    def get(self, name: str, default: Any = None) -> Any:
        return self._resources.get(name, default)

    @property
    def nlp(self):
        from .nlp import load_nlp

        return self.resource("nlp", lambda: load_nlp(self.settings.spacy_model))


_default_ctx: Context | None = None


def default_context() -> Context:
    global _default_ctx
    if _default_ctx is None:
        _default_ctx = Context(Settings.from_env())
    return _default_ctx


_WS = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().lower()


# Text normalised for the doc_id in pieces of about this many characters: re.sub on a 50 MB one-line
# dump builds millions of small strings at once (most of a gigabyte); piecewise it stays bounded.
ID_PIECE_CHARS = 1 << 20
_RUN_END = re.compile(r"\s(?=\S)")


def _normalised_parts(text: str) -> Iterator[str]:
    """``normalise_for_id(text)`` in consecutive pieces (their concatenation is exactly it).

    Pieces end where a whitespace run ends, so no run is split (it collapses to one space either
    way) and NFC never sees a base character cut from its combining marks.
    """
    if len(text) <= ID_PIECE_CHARS:
        yield normalise_for_id(text)
        return
    pos, n, first = 0, len(text), True
    while pos < n:
        m = _RUN_END.search(text, pos + ID_PIECE_CHARS - 1)
        end = m.end() if m else n
        piece = _WS.sub(" ", unicodedata.normalize("NFC", text[pos:end]))
        if first:
            piece = piece.lstrip()
        if end >= n:
            piece = piece.rstrip()
        if piece:
            first = False
            yield piece.lower()
        pos = end




def make_doc_id(raw: RawDocument, *, as_typed: bool = False) -> str:
    """Content hash under the document's identity: its URL, else its file's resolved path (so the
    spelling of the path given to ``ingest`` does not matter), else the path as given.

    ``as_typed``: the id stores made before file identities were resolved gave it (path as typed).
    """
    s = raw.source
    key = source_key(raw)
    if not s.url and not as_typed and getattr(raw, "identity", None):
        key = f"{raw.identity}#{s.record}" if s.record is not None else raw.identity
    h = hashlib.sha256()
    h.update(key.encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    for part in _normalised_parts(raw.text):
        h.update(part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:20]


def new_article(raw: RawDocument) -> Article:
    """A fresh Article for a reader's document; ``text`` holds the raw text until ``clean`` runs."""
    return Article(
        doc_id=make_doc_id(raw),
        source=raw.source,
        text=raw.text,
        title=raw.title,
        published=raw.published,
        published_from="metadata" if raw.published else None,
        language=raw.language,
        author=raw.author,
        warnings=list(raw.warnings),
        raw=raw,
    )


def _batched(it: Iterable[Any], n: int) -> Iterator[list[Any]]:
    it = iter(it)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


def _failure(article: Article, err: Exception, stage_name: str) -> InputFailure:
    if not isinstance(err, NewstraceError):
        err = StageError(f"stage {stage_name}: {type(err).__name__}: {err}")
    src = article.source
    return InputFailure(path=src.path or src.url or "-", code=err.code, reason=err.message, record=src.record)


def _no_text(article: Article) -> NoArticleText:
    """Why an article ended up without text, from what the cleaner removed (the commonest reasons first)."""
    reasons = Counter(r.reason for r in article.removed)
    if not reasons:
        return NoArticleText("no article text: the input holds only whitespace")
    top = ", ".join(f"{why} x{n}" for why, n in reasons.most_common(3))
    more = f" and {len(reasons) - 3} other reason(s)" if len(reasons) > 3 else ""
    return NoArticleText(f"no article text left after cleaning: all {sum(reasons.values())} piece(s) removed "
                         f"({top}{more})")


_PREPARE_POINTS = prepare_points()


def _prepare(stages, which, live: list[Article], ctx: Context, prepared: dict[int, Any],
             timings: dict[str, float] | None) -> None:
    """Call the ``prepare`` of the stages that prepare at this point (its time counts as theirs)."""
    for j in which:
        st = stages[j]
        t0 = time.perf_counter()
        try:
            prepared[j] = st.prepare(live, ctx) if live else None
        except Exception:  # noqa: BLE001 - the stage then does all its work in run_batch, and fails there
            prepared[j] = None
        if timings is not None:
            timings[st.NAME] = timings.get(st.NAME, 0.0) + time.perf_counter() - t0


class _Run:
    """One batch on its way through the stages: ``advance`` runs them up to a point, ``finish`` runs
    the rest and gives the results (``process`` finishes a batch after the next one has advanced)."""

    def __init__(self, articles: list[Article], ctx: Context, stages=STAGES):
        self.articles, self.ctx, self.stages = articles, ctx, stages
        self.failed: dict[int, InputFailure] = {}
        self.timings: dict[str, float] | None = ctx.get("stage_times")  # set by bench/throughput.py
        self.points = _PREPARE_POINTS if stages is STAGES else prepare_points(stages)
        self.prepared: dict[int, Any] = {}
        self.k = 0  # the next stage to run
        _prepare(stages, self.points.get(-1, ()), articles, ctx, self.prepared, self.timings)

    def advance(self, stop: int) -> None:
        """Run the stages before index ``stop`` that have not run yet."""
        articles, ctx, failed, timings = self.articles, self.ctx, self.failed, self.timings
        while self.k < min(stop, len(self.stages)):
            k, st = self.k, self.stages[self.k]
            self.k += 1
            live = [a for i, a in enumerate(articles) if i not in failed]
            if not live:
                self.k = len(self.stages)
                return
            t0 = time.perf_counter() if timings is not None else 0.0
            batch_fn = getattr(st, "run_batch", None)
            extra = {"prepared": self.prepared[k]} if self.prepared.get(k) is not None else {}
            if batch_fn is not None:
                try:
                    batch_fn(live, ctx, **extra)
                    if timings is not None:
                        timings[st.NAME] = timings.get(st.NAME, 0.0) + time.perf_counter() - t0
                    _prepare(self.stages, self.points.get(k, ()), live, ctx, self.prepared, timings)
                    continue
                except Exception:  # noqa: BLE001 - retry one by one to fail only the culprit
                    pass
            for i, a in enumerate(articles):
                if i in failed:
                    continue
                try:
                    if batch_fn is not None:
                        batch_fn([a], ctx, **extra)
                    else:
                        st.run(a, ctx)
                except Exception as e:  # noqa: BLE001 - a stage bug fails one article, not the run
                    failed[i] = _failure(a, e, st.NAME)
            if timings is not None:
                timings[st.NAME] = timings.get(st.NAME, 0.0) + time.perf_counter() - t0
            if "text" in st.ASSIGNS:
                for i, a in enumerate(articles):
                    if i not in failed and not a.text.strip():
                        failed[i] = _failure(a, _no_text(a), st.NAME)
            _prepare(self.stages, self.points.get(k, ()), [a for i, a in enumerate(articles) if i not in failed],
                     ctx, self.prepared, timings)

    def finish(self) -> list[Article | InputFailure]:
        self.advance(len(self.stages))
        for handle in self.prepared.values():  # work a prepare started ends with its batch
            close = getattr(handle, "close", None)
            if close is not None:
                close()
        out: list[Article | InputFailure] = []
        for i, a in enumerate(self.articles):
            a.nlp_doc = None  # the spaCy Doc and the raw input are never stored
            a.raw = None
            out.append(self.failed.get(i) or a.bind())
        return out


def run_stages(articles: list[Article], ctx: Context, stages=STAGES) -> list[Article | InputFailure]:
    """Run every stage over a batch, in order. A stage error fails that article only, and so does
    an empty text after the stage that assigns it (NT109: an empty article is never a success)."""
    return _Run(articles, ctx, stages).finish()


# ``process`` runs a batch's stages from this one on (the first stage that prepares early: events) only
# after the next batch has run the stages before it, so the work ``prepare`` started in a thread (the
# events typing) overlaps the next batch's parse too, not only the stages between. Two batches are in
# flight at most; results still come out in input order.
_DEFER_FROM = min((j for js in _PREPARE_POINTS.values() for j in js), default=len(STAGES))


def process(items: Iterable[RawDocument | InputFailure], ctx: Context | None = None) -> Iterator[Article | InputFailure]:
    """Turn reader output into analysed Articles (or failures), batch by batch, lazily, in order."""
    ctx = ctx or default_context()
    pending: tuple[list, _Run] | None = None
    for chunk in _batched(items, ctx.settings.batch_size):
        run = _Run([new_article(x) for x in chunk if isinstance(x, RawDocument)], ctx)
        run.advance(_DEFER_FROM)
        if pending is not None:
            yield from _emit(*pending)
        pending = (chunk, run)
    if pending is not None:
        yield from _emit(*pending)


def _emit(chunk: list, run: _Run) -> Iterator[Article | InputFailure]:
    results = iter(run.finish())
    for item in chunk:
        yield item if isinstance(item, InputFailure) else next(results)
