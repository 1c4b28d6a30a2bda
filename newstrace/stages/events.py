"""events stage: event-reporting clauses -> ``Article.events`` (who did what to whom, where, when, on whose word).

Requires: text, paragraphs, sentences, entities, quotes, amounts, claims, places, times (and the
transient spaCy Doc). Assigns: events.

Candidates (clauses with an event trigger) of the whole batch are typed in one classifier call;
``newstrace/events/extract.py`` builds the records. Ukrainian and Russian articles get theirs from
``newstrace/multi/events.py`` (trigger sentences); other languages get no events (no parse).

The typing (an e5 embedding per ambiguous clause, most of the stage's cost) starts early: the pipeline
calls ``prepare`` as soon as the parse exists (``PREPARE_REQUIRES``), and a thread types the clauses
while the stages in between (quotes ... places) run, and ``pipeline.process`` runs this stage only after
the next batch's earlier stages (its parse too); the embedding runs in C without the GIL, so on a
machine with a free core it costs little wall time (the CPU time is the same). ``run_batch`` then uses those types. Candidates only
read what ``PREPARE_REQUIRES`` names, except the dateline's end (``extract.dateline_end`` reads the
places stage's dateline): an article the places stage gave a dateline has its candidates found again,
and any clause whose text or hints changed is typed then. A clause's type depends only on its text and
hints, never on the rest of its batch (tests/test_events_prepare.py), so the records are the same as
without ``prepare``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence

from ..events import extract
from ..events.classifier import type_clauses
from ..model import Article
from ..multi import events as multi_events
from . import places as places_stage

NAME = "events"
REQUIRES = ("text", "paragraphs", "sentences", "entities", "quotes", "amounts", "claims", "places", "times")
ASSIGNS = ("events",)
# What extract.candidates and extract.typing_text read, the dateline aside (see the module docstring).
PREPARE_REQUIRES = ("text", "paragraphs", "sentences", "nlp_doc", "published", "language")
# Type the clauses in a thread started by ``prepare`` (False: ``prepare`` does nothing and
# ``run_batch`` types them itself, as before; tests compare the two; the output is the same). None: only
# when the machine has a core to spare (``_spare_core``): the thread gains wall time on an idle core, but
# on a busy machine it only competes with the pipeline's own thread (bench/throughput.py at load 5-6 on
# 2 cores: ratio 0.693 with it, 0.712 without, and about 1 s more CPU for 119 articles).
EARLY_TYPING: bool | None = None
# Key of the typing thread's CPU seconds in the pipeline's stage timings (bench/throughput.py): the
# stage's own entry only counts the wait for it.
THREAD_TIMING = "events typing thread (CPU)"


def _country_names(ctx) -> dict[str, str]:
    def load() -> dict[str, str]:
        out: dict[str, str] = {}
        for norm, cc in places_stage.gazetteer(ctx).country_names():
            out.setdefault(norm, cc)
        return out

    return ctx.resource("event_country_names", load)


def _english(articles: Sequence[Article]) -> list[Article]:
    # English only: the trigger lexicon and the dependency rules are English (other languages get no parse)
    return [a for a in articles if a.nlp_doc is not None and a.text and (a.language or "en") == "en"]


def _key(a: Article, c: extract.Candidate) -> tuple[str, tuple[str, ...]]:
    return extract.typing_text(a, c), tuple(c.hints)


class Prepared:
    """Candidates found right after the parse, and their types, computed in a thread."""

    def __init__(self, articles: Sequence[Article]):
        self.cands: dict[int, tuple[Article, int, list[extract.Candidate]]] = {}
        keys: dict[tuple[str, tuple[str, ...]], None] = {}
        for a in _english(articles):
            cs = extract.candidates(a)
            self.cands[id(a)] = (a, extract.dateline_end(a), cs)
            keys.update((_key(a, c), None) for c in cs)
        self._keys = list(keys)
        self._types: dict[tuple[str, tuple[str, ...]], tuple[str, float]] = {}
        self._thread: threading.Thread | None = None
        self.cpu = 0.0  # the thread's CPU seconds
        if self._keys:
            self._thread = threading.Thread(target=self._type, name="newstrace-event-typing", daemon=True)
            self._thread.start()

    def _type(self) -> None:
        c0 = time.thread_time()
        try:
            types = type_clauses([k[0] for k in self._keys], [k[1] for k in self._keys])
        except Exception:  # noqa: BLE001 - run_batch types them again and reports the error there
            return
        finally:
            self.cpu = time.thread_time() - c0
        self._types = dict(zip(self._keys, types))

    def candidates(self, a: Article) -> list[extract.Candidate] | None:
        """The candidates found early, when they still hold (no dateline moved a clause's start)."""
        got = self.cands.get(id(a))
        if got is None or got[0] is not a or extract.dateline_end(a) != got[1]:
            return None
        return got[2]

    def types(self) -> dict[tuple[str, tuple[str, ...]], tuple[str, float]]:
        self.close()
        return self._types

    def close(self) -> None:
        """Wait for the thread (the pipeline calls it when the batch ends: no thread outlives its batch,
        so a process that forks workers afterwards never copies a half-held embedding lock)."""
        if self._thread is not None:
            self._thread.join()


def _spare_core() -> bool:
    """True when the last minute's load average (this process's own thread included) leaves about a core
    idle: at most ``cores - 0.5`` on a machine of two cores or more."""
    cores = os.cpu_count() or 1
    try:
        return cores >= 2 and os.getloadavg()[0] <= cores - 0.5
    except OSError:  # no load average on this platform
        return False


def prepare(articles: Sequence[Article], ctx) -> Prepared | None:
    """Find the batch's candidate clauses and start typing them in a thread (see the module docstring)."""
    early = _spare_core() if EARLY_TYPING is None else EARLY_TYPING
    return Prepared(articles) if early else None


def run_batch(articles: Sequence[Article], ctx, prepared: Prepared | None = None) -> Sequence[Article]:
    for a in articles:  # Ukrainian and Russian: Cyrillic trigger sentences (newstrace/multi/events.py)
        if a.text and a.language in multi_events.LANGUAGES:
            a.events = multi_events.events(a)
    todo = _english(articles)
    per = []
    for a in todo:
        cs = prepared.candidates(a) if prepared is not None else None
        per.append(extract.candidates(a) if cs is None else cs)
    keys = [_key(a, c) for a, cs in zip(todo, per) for c in cs]
    if not keys:
        return articles
    known = prepared.types() if prepared is not None else {}
    timings = ctx.get("stage_times") if prepared is not None else None
    if timings is not None:
        timings[THREAD_TIMING] = timings.get(THREAD_TIMING, 0.0) + prepared.cpu
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    if missing:
        known = {**known, **dict(zip(missing, type_clauses([k[0] for k in missing], [k[1] for k in missing])))}
    typed = iter(known[k] for k in keys)
    gaz, dem, names = places_stage.gazetteer(ctx), places_stage.demonyms(ctx), _country_names(ctx)
    for a, cs in zip(todo, per):
        types = [next(typed) for _ in cs]
        a.events = extract.build_events(a, cs, types, demonyms=dem, gazetteer=gaz, country_names=names)
    return articles


def run(article: Article, ctx) -> Article:
    run_batch([article], ctx)
    return article
