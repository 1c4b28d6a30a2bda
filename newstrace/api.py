"""The Python API. The CLI, the REST API and the web app call only this module.

    >>> import newstrace
    >>> art = newstrace.analyze("Kyiv, 3 March - Ukraine's army said ...")
    >>> store = newstrace.open("newstrace.db")
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

if TYPE_CHECKING:
    from .stance import StanceResult


def analyze(text_or_path: str | os.PathLike, *, ctx: Context | None = None, **metadata) -> Article:
    """Analyse one article given as text, or as a path to a file in any supported format.

    Keyword metadata (``title``, ``url``, ``outlet``, ``published``, ``language``) applies to text.
    Raises the reader's InputError when a path cannot be read.
    """
    ctx = ctx or default_context()
    if isinstance(text_or_path, os.PathLike) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 4096
        and os.path.exists(text_or_path)
    ):
        items = list(read_paths([os.fspath(text_or_path)], ctx.settings))
    else:
        items = [read_text(str(text_or_path), **metadata)]
    for result in process(items, ctx):
        if isinstance(result, InputFailure):
            from .errors import InputError

            err = InputError(result.reason, path=result.path)
            err.code = result.code
            raise err
        return result
    raise UsageError(f"no article found in {text_or_path!r}")


def analyze_paths(paths: Iterable[str], *, ctx: Context | None = None) -> Iterator[Article | InputFailure]:
    """Analyse every document under ``paths``; yields Articles and InputFailures in input order."""
    ctx = ctx or default_context()
    yield from process(read_paths(paths, ctx.settings), ctx)


def open(path: str | os.PathLike | None = None, *, settings: Settings | None = None,  # noqa: A001
         create: bool = True):
    """Open the store at ``path`` (default ``./newstrace.db``), creating it unless ``create`` is False.

    The store offers ``ingest(paths, progress=..., engine=...)``, ``search(query, ...)``,
    ``get(doc_id)``, ``articles(...)`` (filtered listing), ``iter_articles()``, ``stats()``,
    ``export(fmt, out)``; see ``newstrace.store.sqlite.SQLiteStore``. Use it as a context manager.
    Raises UsageError when ``create`` is False and there is no store at ``path``.
    """
    from .store import open_store

    settings = settings or Settings.from_env()
    return open_store(os.fspath(path or settings.db), settings=settings, create=create)


def stance(claims: Sequence[str], texts: Sequence[str]) -> list[StanceResult]:
    """Stance of ``texts[i]`` towards ``claims[i]``: agree | disagree | discuss | unrelated.

    Each result has the label's probability (``score``), every label's probability and the
    evidence sentences as offsets into the text. Raises UsageError when the lengths differ.
    """
    from .stance import predict

    return predict(list(claims), list(texts))


# -- across articles (newstrace/corpus) --------------------------------------------------------

def link(store, *, full: bool = False, stance: bool = True):
    """Link stored articles: copies, rewrites, stories, claim stance. Returns a LinkReport.

    Incremental by default (articles not linked yet); ``full`` forgets every link and relinks all.
    """
    from .corpus.linker import link_pending, relink

    return (relink if full else link_pending)(store, stance=stance)


def links(store, doc_id: str) -> dict:
    """An article's links (``{other_doc_id, kind, score, evidence}``), its copy-group origin and its story."""
    from .corpus.views import article_links

    return article_links(store, doc_id)


def origin(store, doc_id: str) -> dict:
    """The earliest published article among ``doc_id`` and its copies/rewrites (``status``: earliest | tie | unknown)."""
    from .corpus.views import origin as _origin

    return _origin(store, doc_id)


def stories(store, *, since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    """Story clusters, largest first: label, time span, outlets, independent vs copied counts."""
    from .corpus.views import list_stories

    return list_stories(store, since=since, until=until, limit=limit, offset=offset)


def story(store, story_id: str) -> dict:
    """One story: its members with their role (original | copy | rewrite) and origins."""
    from .corpus.views import story as _story

    return _story(store, story_id)


def claim(store, claim_id: str) -> dict:
    """A claim with its supporting, disputing and discussing articles, its copies and independent count."""
    from .corpus.views import claim as _claim

    return _claim(store, claim_id)


def timeline(articles: Iterable[Article], *, since: str | None = None, until: str | None = None):
    """Dated events of ``articles`` in calendar order (each resolved date with its sentence and article).

    ``articles``: ``analyze_paths(...)`` results (failures are skipped) or ``store.iter_articles()``.
    ``since``/``until``: ISO dates or prefixes ("2022-08"); an event is kept when its range overlaps.
    Returns a ``newstrace.timex.timeline.Timeline`` (``events``, ``unplaced``, ``articles``).
    """
    from .timex.timeline import build

    return build((a for a in articles if isinstance(a, Article)), since=since, until=until)
