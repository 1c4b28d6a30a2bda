"""The Python API. The CLI, the REST API and the web app call only this module.

    >>> import newstrace
    >>> art = newstrace.analyze_text("Kyiv, 3 March - Ukraine's army said ...")
    >>> art = newstrace.analyze_file("article.html")
    >>> arts = newstrace.analyze_many(["First text ...", "Second text ..."])
    >>> art.to_dict()["quotes"], art.span_text(art.quotes[0].content)
    >>> store = newstrace.open_store("newstrace.db")
    >>> report = store.ingest(["articles/"])
    >>> hits = store.search("Kherson")
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .errors import UsageError
from .model import Article, InputFailure
from .pipeline import Context, default_context, process
from .readers import read_paths, read_text
from .settings import Settings
from .store import hooks as _store_hooks

if TYPE_CHECKING:
    from .stance import StanceResult


def analyze_text(text: str, *, ctx: Context | None = None, **metadata) -> Article:
    """Analyse one article given as its text (plain text, HTML, JSON, ...: the format is detected).

    Keyword metadata (``title``, ``url``, ``outlet``, ``published``, ``language``) applies to it.
    Raises InputError when the text cannot be analysed (empty, binary, nothing left once cleaned).
    """
    if not isinstance(text, str):
        raise UsageError(f"analyze_text takes a str, not {type(text).__name__} (a path: analyze_file)")
    return _one(process([read_text(text, **metadata)], ctx or default_context()), "the text")


def analyze_file(path: str | os.PathLike, *, ctx: Context | None = None) -> Article:
    """Analyse the first article of the file at ``path`` (any supported format).

    Raises the reader's InputError when the file cannot be read, UsageError when it holds none
    (``analyze_paths`` yields every article of a multi-record file).
    """
    ctx = ctx or default_context()
    return _one(process(read_paths([os.fspath(path)], ctx.settings), ctx), os.fspath(path))


def analyze_many(texts: Iterable[str | tuple[str, dict]], *, ctx: Context | None = None,
                 **metadata) -> list[Article | InputFailure]:
    """Analyse a batch of texts in one pass (spaCy batches them); one result per text, in order.

    An item is a text, or ``(text, metadata)`` whose metadata overrides the keyword ``metadata``
    shared by all. A text that cannot be analysed gives an InputFailure in its place (never an
    exception that loses the rest of the batch).
    """
    from .errors import InputError

    items: list = []
    for i, item in enumerate(texts):
        text, own = (item, {}) if isinstance(item, str) else item
        if not isinstance(text, str):
            raise UsageError(f"analyze_many: item {i} is {type(text).__name__}, not a text")
        try:
            items.append(read_text(text, **{**metadata, **own}))
        except InputError as e:
            items.append(InputFailure(path=f"<text {i}>", code=getattr(e, "code", "NT100"), reason=str(e), record=i))
    return list(process(items, ctx or default_context()))


def analyze(text_or_path: str | os.PathLike, *, ctx: Context | None = None, **metadata) -> Article:
    """Sugar for ``analyze_file`` (a ``pathlib.Path`` or os.PathLike, or a one-line str naming an
    existing file) and ``analyze_text`` (any other str). Prefer the explicit two: a text that happens
    to be a file name is read as that file here.
    """
    if isinstance(text_or_path, os.PathLike) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 4096
        and os.path.isfile(text_or_path)
    ):
        return analyze_file(text_or_path, ctx=ctx)
    return analyze_text(str(text_or_path), ctx=ctx, **metadata)


def _one(results: Iterable[Article | InputFailure], what: str) -> Article:
    for result in results:
        if isinstance(result, InputFailure):
            from .errors import InputError

            err = InputError(result.reason, path=result.path)
            err.code = result.code
            raise err
        return result
    raise UsageError(f"no article found in {what!r}")


def analyze_paths(paths: Iterable[str], *, ctx: Context | None = None) -> Iterator[Article | InputFailure]:
    """Analyse every document under ``paths``; yields Articles and InputFailures in input order."""
    ctx = ctx or default_context()
    yield from process(read_paths(paths, ctx.settings), ctx)


def open_store(path: str | os.PathLike | None = None, *, settings: Settings | None = None,
               create: bool = True):
    """Open the store at ``path`` (default ``./newstrace.db``), creating it unless ``create`` is False.

    The store offers ``ingest(paths, progress=..., engine=...)``, ``search(query, ...)``,
    ``get(doc_id)``, ``articles(...)`` (filtered listing), ``iter_articles()``, ``stats()``,
    ``export(fmt, out, tables=..., since=..., ...)`` (``newstrace.exports``); see
    ``newstrace.store.sqlite.SQLiteStore``. Use it as a context manager.
    Raises UsageError when ``create`` is False and there is no store at ``path``.
    """
    from .store import open_store as _open

    settings = settings or Settings.from_env()
    return _open(os.fspath(path or settings.db), settings=settings, create=create)


# The shorter name the shells use (``api.open(db)``); ``newstrace.open`` stays an attribute, but
# ``from newstrace import *`` exports ``open_store`` only, so it never shadows the builtin.
open = open_store  # noqa: A001


def _ingest_into(store, paths, ctx=None, *, progress=None, **engine_options):
    from .ingest import ingest

    return ingest(store, paths, ctx, progress=progress, **engine_options)


def _corrected(store, article: Article) -> Article:
    from .desk.records import corrected  # analysts' corrections laid over the extractor's output

    return corrected(store, article)


# The store imports nothing above it: its ``ingest``/``export`` methods and the corrections ``get``
# lays over an article are these layers, plugged in when the package loads (newstrace/store/hooks.py).
_store_hooks.install(ingest=_ingest_into, overlay=_corrected,
                    export=lambda *a, **kw: export(*a, **kw))  # api.export, defined below


def stance(claims: Sequence[str], texts: Sequence[str]) -> list[StanceResult]:
    """Stance of ``texts[i]`` towards ``claims[i]``: agree | disagree | discuss | unrelated.

    Each result has the label's probability (``score``), every label's probability and the
    evidence sentences as offsets into the text. Raises UsageError when the lengths differ.
    """
    from .stance import predict

    return predict(list(claims), list(texts))


def similarity_pairs(pairs: Iterable[dict]) -> list[dict]:
    """Story similarity of each ``{"text1", "text2"}`` dict (optional title1/2, published1/2, lang1/2).

    Each result: ``score`` on the SemEval-2022 Task 8 scale (1 = same story .. 4 = unrelated),
    ``similarity`` = (4 - score) / 3, ``same_story`` (the rule stories are built with) and ``days_apart``.
    Raises UsageError on a pair without two non-empty texts.
    """
    from .corpus.similarity import score_pair

    out = []
    for i, p in enumerate(pairs):
        if not all(isinstance(p.get(k), str) and p[k].strip() for k in ("text1", "text2")):
            raise UsageError(f"pair {i}: text1 and text2 must be non-empty strings")
        out.append(score_pair(p))
    return out


def similarity_lines(lines: Iterable[str]):
    """``similar --pairs``: (pair, result) per JSON line, or (PairFailure, None) for a bad line."""
    from .corpus.similarity import run_similarity_pairs

    return run_similarity_pairs(lines)


# -- across articles (newstrace/corpus) --------------------------------------------------------

def link(store, *, full: bool = False, stance: bool = True, progress=None, story_model: str | None = None):
    """Link stored articles: copies, rewrites, stories, claim stance. Returns a LinkReport.

    Incremental by default (articles not linked yet); ``full`` forgets every link and relinks all.
    ``progress``: optional callable(done, total), called after each linked batch.
    ``story_model``: 'pair' (e5 pair model) or 'lexical' (no embedding); default: the story_model setting.
    """
    from .corpus.linker import link_pending, relink

    return (relink if full else link_pending)(store, stance=stance, progress=progress, story_model=story_model)


# -- read views: built once in newstrace/views; the CLI, REST API, web pages and export call these --

def article(store, doc_id: str) -> Article:
    """The stored article (doc_id or unique prefix) with its links. Raises UsageError when absent."""
    from .views.articles import article as _article

    return _article(store, doc_id)


def article_json(store, doc_id: str) -> str | None:
    """The stored article in the JSON format (with its current links), or None."""
    from .views.articles import article_json as _article_json

    return _article_json(store, doc_id)


def articles(store, *, q: str | None = None, entity=None, place=None, limit: int = 20, offset: int = 0,
             outlet=None, since=None, until=None, language=None, fts: bool = False) -> dict:
    """A page of articles with ``total`` (capped; ``total_is_estimate`` says when)."""
    from .views.articles import articles as _articles

    return _articles(store, q_text=q, entity=entity, place=place, limit=limit, offset=offset, outlet=outlet,
                     since=since, until=until, language=language, fts=fts)


def search(store, query: str, *, limit: int = 20, offset: int = 0, fts: bool = False, **filters) -> dict:
    """Full-text search (BM25) with snippets and highlight ranges; ``has_more`` instead of a count."""
    from .views.articles import search as _search

    return _search(store, query, limit=limit, offset=offset, fts=fts, **filters)


def facets(store, **kwargs) -> dict:
    """Facet counts (outlet, month, people, places) over the best hits of a query, or the newest articles."""
    from .views.articles import facets as _facets

    return _facets(store, **kwargs)


def stats(store) -> dict:
    """Store statistics (counts kept on write, top outlets, languages, people, organisations, places)."""
    from .views.articles import stats as _stats

    return _stats(store)


def summary(store) -> dict:
    """Article and outlet counts."""
    from .views.articles import summary as _summary

    return _summary(store)


def links(store, doc_id: str) -> dict:
    """An article's links (``{other_doc_id, kind, score, evidence, title, outlet, ...}``), its copy-group
    origin, its story and its versions."""
    from .views.corpus import article_links

    return article_links(store, doc_id)


def link_list(store, *, kind=None, doc_id=None, limit: int = 50, offset: int = 0) -> dict:
    """Links between articles, best first."""
    from .views.articles import links as _links

    return _links(store, kind=kind, doc_id=doc_id, limit=limit, offset=offset)


def origin(store, doc_id: str) -> dict:
    """The earliest published article among ``doc_id`` and its copies/rewrites (``status``: earliest | tie | unknown)."""
    from .views.corpus import origin as _origin

    return _origin(store, doc_id)


def independence(store, doc_ids: Iterable[str]) -> dict:
    """Independent sources among ``doc_ids`` with the derivation (which article folds into which
    origin, and why): the one definition, ``newstrace.corpus.origin.independence``."""
    from .views.corpus import independence_of

    return independence_of(store, list(doc_ids))


def stories(store, *, since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    """Story clusters, largest first: label, time span, outlets, article / copy / independent counts."""
    from .views.corpus import stories as _stories

    return _stories(store, since=since, until=until, limit=limit, offset=offset)


def story(store, story_id: str) -> dict:
    """One story: its members with their role (original | copy | rewrite) and the independence derivation."""
    from .views.corpus import story as _story

    return _story(store, story_id)


def claim(store, claim_id: str) -> dict:
    """A claim with its supporting, disputing and discussing articles, its copies and independent count."""
    from .views.corpus import claim as _claim

    return _claim(store, claim_id)


def quotes(store, **filters) -> tuple[int, list[dict]]:
    """Quotations across the store, newest articles first: ``(total, items)``."""
    from .views.annotations import quotes as _quotes

    return _quotes(store, **filters)


def claims(store, **filters) -> tuple[int, list[dict]]:
    """Claim sentences across the store, newest articles first: ``(total, items)``."""
    from .views.annotations import claims as _claims

    return _claims(store, **filters)


def ingest_payload(store, report, paths: list[str]) -> dict:
    """What an upload did: the stored articles (with titles, for links) and the failures."""
    from .views.articles import ingest_payload as _ingest_payload

    return _ingest_payload(store, report, paths)


def quote_dict(article: Article, index: int, quote) -> dict:
    """One quote of an article as a JSON-ready record (offsets and covered text): the one shape."""
    from .views.annotations import quote_dict as _quote_dict

    return _quote_dict(article, index, quote)


def claim_dict(article: Article, claim) -> dict:
    """One claim of an article as a JSON-ready record: the one shape."""
    from .views.annotations import claim_dict as _claim_dict

    return _claim_dict(article, claim)


def annotation_page(total: int, items: list[dict], limit: int, offset: int) -> dict:
    """A quotes / claims page as the REST API gives it (``total_is_estimate`` when the count was capped)."""
    from .views.annotations import page

    return page(total, items, limit, offset)


def entities(store, **filters) -> list[dict]:
    """Entities by the number of articles that mention them."""
    from .views.annotations import entities as _entities

    return _entities(store, **filters)


def places(store, **filters) -> dict:
    """Places as a GeoJSON FeatureCollection with article counts by role."""
    from .views.geo import places as _places

    return _places(store, **filters)


def place_articles(store, name: str, **filters) -> list[dict]:
    from .views.geo import place_articles as _place_articles

    return _place_articles(store, name, **filters)


def store_timeline(store, *, since=None, until=None) -> dict:
    """Articles per publication day and dated references per day (the web timeline)."""
    from .views.geo import timeline as _timeline

    return _timeline(store, since=since, until=until)


def timeline_day(store, date: str) -> dict:
    from .views.geo import timeline_day as _timeline_day

    return _timeline_day(store, date)


def timeline(articles: Iterable[Article], *, since: str | None = None, until: str | None = None):
    """Dated events of ``articles`` in calendar order (each resolved date with its sentence and article).

    ``articles``: ``analyze_paths(...)`` results (failures are skipped) or ``store.iter_articles()``.
    ``since``/``until``: ISO dates or prefixes ("2022-08"); an event is kept when its range overlaps.
    Returns a ``newstrace.timex.timeline.Timeline`` (``events``, ``unplaced``, ``articles``).
    """
    from .timex.timeline import build

    return build((a for a in articles if isinstance(a, Article)), since=since, until=until)


# -- analyst desk (newstrace/desk): verdicts, notes, corrections, watchlists, users --------------

def verdict(store, kind: str, target_id: str, value: str, *, author: str, note: str | None = None,
            sources: list[str] | None = None) -> dict:
    """Mark a claim or event (``kind``) true | false | misleading | unproven, with a note and source URLs."""
    from .desk import add_verdict

    return add_verdict(store, kind, target_id, value, author=author, note=note, sources=sources)


def verdicts(store, kind: str, target_id: str) -> list[dict]:
    """Every verdict on a claim or event, oldest first (the last is the current one)."""
    from .desk import verdicts_for

    return verdicts_for(store, kind, target_id)


def note(store, kind: str, target_id: str, text: str, *, author: str) -> dict:
    """A free note on an article, claim, event or story."""
    from .desk import add_note

    return add_note(store, kind, target_id, text, author=author)


def notes(store, kind: str, target_id: str) -> list[dict]:
    from .desk import notes_for

    return notes_for(store, kind, target_id)


def correct(store, doc_id: str, action: str, *, author: str, start: int | None = None, text: str | None = None,
            nth: int = 0, geonameid: int | None = None, name: str | None = None, speaker: str | None = None,
            date: str | None = None, note: str | None = None) -> dict:
    """Correct one extracted item of a stored article: ``action`` place (``geonameid`` and/or
    ``name``), speaker (``speaker``), not_quote, or date (``date``). The item is named by its start
    offset or its text (a quote: text it contains; ``nth`` picks among several). The correction is
    stored with author, time and the extractor's value, and laid over the article whenever it is read."""
    from .desk import add_correction
    from .desk.records import place_value

    value: dict = {}
    if action == "place":
        value = place_value(geonameid, name)
    elif action == "speaker":
        value = {"speaker_entity": speaker}
    elif action == "date":
        value = {"value": date}
    return add_correction(store, doc_id, action, author=author, start=start, text=text, nth=nth, value=value,
                          note=note)


def corrections(store, doc_id: str, *, include_withdrawn: bool = False) -> list[dict]:
    """The corrections of an article's source (every version), oldest first."""
    from .desk import corrections_for

    return corrections_for(store, doc_id, include_withdrawn=include_withdrawn)


def withdraw_correction(store, correction_id: str, *, author: str) -> None:
    from .desk import withdraw

    withdraw(store, correction_id, author=author)


def apply_corrections(article: Article, records: list[dict]) -> Article:
    """A copy of ``article`` with correction records laid over it (pure; see ``newstrace.desk.overlay``)."""
    from .desk import apply_corrections as _apply

    return _apply(article, records)


def desk_rows(store, kind: str, *, since: str | None = None) -> list[dict]:
    """Flat rows of ``verdicts``, ``corrections``, ``notes`` or ``audit`` (for exports)."""
    from .desk import export_rows

    return export_rows(store, kind, since=since)


def watch(store, *, name: str | None = None, since: str | None = None, mark: bool = True, by: str = "-") -> list[dict]:
    """What is new for each watchlist since the last look (or ``since``), with counts."""
    from .desk.watch import look

    return look(store, name=name, since=since, mark=mark, by=by)


def watch_save(store, name: str, *, by: str, **filters) -> dict:
    """Save a watchlist: ``query``, ``entity``, ``place``, ``outlet``, ``event_type``."""
    from .desk.watch import save

    return save(store, name, by=by, **filters)


def watch_remove(store, name: str, *, by: str) -> None:
    from .desk.watch import remove

    remove(store, name, by=by)


def watch_digest(results: list[dict]) -> str:
    """A Markdown digest of ``watch`` results."""
    from .desk.watch import digest

    return digest(results)


def watchlists(store) -> list[dict]:
    from .store.desk import watchlists as _watchlists

    return _watchlists(store)


def users(store) -> list[dict]:
    """The users of a shared server (name, role, created, disabled); never their tokens."""
    from .desk.users import list_users

    return list_users(store)


def add_user(store, name: str, role: str, *, by: str) -> str:
    """Create a user with a role (reader | analyst | admin); returns its token, shown once."""
    from .desk.users import add_user as _add

    return _add(store, name, role, by=by)


def user_token(store, name: str, *, by: str) -> str:
    """Give a user a new token (the old one stops working)."""
    from .desk.users import new_token

    return new_token(store, name, by=by)


def set_user(store, name: str, *, by: str, role: str | None = None, disabled: bool | None = None) -> None:
    from .desk.users import set_disabled, set_role

    if role is not None:
        set_role(store, name, role, by=by)
    if disabled is not None:
        set_disabled(store, name, disabled, by=by)


def remove_user(store, name: str, *, by: str) -> None:
    from .desk.users import remove_user as _remove

    _remove(store, name, by=by)


def audit_log(store, *, limit: int = 100, user: str | None = None) -> list[dict]:
    """Every write, newest first: who, what, when."""
    from .store.desk import audit_log as _audit_log

    return _audit_log(store, limit=limit, user=user)


# -- events across articles (newstrace/events: merge.py merges, views.py builds the views) ------

def merge_events(store, *, full: bool = False):
    """Merge stored articles' events across articles (linking calls this); ``full`` re-merges all.

    Returns a ``MergeReport`` (articles, reports, new_events, joined).
    """
    from .events.merge import merge_pending

    return merge_pending(store, full=full)


def events(store, *, type: str | None = None, place: str | None = None, since: str | None = None,  # noqa: A002
           until: str | None = None, actor: str | None = None, min_sources: int = 1, limit: int = 50,
           offset: int = 0) -> dict:
    """Merged events, most recent first: ``{"total", "items"}``; each with its type, place, day window,
    actors, figures, independent sources, first report, reports (evidence) and conflicts."""
    from .events.views import list_events

    return list_events(store, type=type, place=place, since=since, until=until, actor=actor,
                       min_sources=min_sources, limit=limit, offset=offset)


def event(store, event_id: str) -> dict:
    """One merged event (id, unique prefix, or an article event's id) with every report and its conflicts."""
    from .events.views import event as _event

    return _event(store, event_id)


def events_geojson(store, **filters) -> dict:
    """Located merged events as a GeoJSON FeatureCollection (filters as ``events``)."""
    from .events.views import geojson

    return geojson(events(store, **{"limit": 1000, **filters})["items"])


def events_csv(store, out, **filters) -> int:
    """Write merged events as ACLED-style CSV to the text stream ``out``; returns the row count."""
    from .events.views import acled_csv

    return acled_csv(store, out, **filters)


# -- exports and reports (newstrace/exports, newstrace/reports) --------------------------------

def export(store, fmt: str, out=None, *, tables=None, progress=None, current_only: bool = True,
           **filters) -> dict[str, int]:
    """Export the store: ``jsonl`` (whole articles), ``csv`` / ``xlsx`` / ``parquet`` (one typed table per
    annotation kind), ``geojson`` (places, events) or ``claimreview`` (verdicts); rows per table.

    ``filters``: since, until, outlet, entity, place, story, query (as search). ``out``: a path, a
    directory (one file per table) or a text stream. See ``newstrace.exports.export``.
    """
    from .exports import Filters
    from .exports import export as _export

    return _export(store, fmt, out, tables=tables, progress=progress,
                   filters=Filters(current_only=current_only, **filters))


def report(store, kind: str, item_id: str, *, fmt: str = "md", progress=None) -> str:
    """A fact-check report on a claim, story or event as Markdown or HTML (``newstrace.reports``).

    Raises UsageError for an unknown kind, id or format.
    """
    from .reports import build, render

    return render(build(store, kind, item_id, progress=progress), fmt)
