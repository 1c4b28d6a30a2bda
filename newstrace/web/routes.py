"""Read-only REST endpoints under ``/api``: thin shells over the read layer (``newstrace.api``).

Handlers are plain ``def`` (FastAPI runs them in its thread pool) and take their store from
``StoreProvider.get()`` inside the body so a SQLite connection never changes thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from .. import api
from ..errors import UsageError
from .errors import BadParameter, NotFound

router = APIRouter(prefix="/api", tags=["read"])

# Why 100: one page of results a person reads; larger pages only cost latency and memory.
MAX_PAGE = 100
# Why 500: the longest query anyone types; FTS5 work grows with the number of terms.
MAX_QUERY_CHARS = 500
# Why 3: without a prefix index FTS5 merges the posting list of every word a prefix matches;
# "a*" or "ab*" match thousands of words and take seconds on a large store, while stems people
# search for ("evacuat*", "shell*") are longer.
MIN_PREFIX_CHARS = 3
_PREFIX = re.compile(r"(\w*)\*")

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (1..{MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="number of results to skip")]
Text = Annotated[str | None, Query(max_length=200)]
QueryText = Annotated[str | None, Query(max_length=MAX_QUERY_CHARS,
                                        description="full-text query: plain text (fts=1: FTS5 syntax)")]
FtsFlag = Annotated[bool, Query(description="take q as FTS5 syntax (OR, NOT, NEAR, prefix*, column:); "
                                            "a syntax error is a 400 NT401")]
DateParam = Annotated[str | None, Query(max_length=32, description="ISO date YYYY[-MM[-DD]]")]


def _store(request: Request):
    return request.app.state.stores.get()


def plain(obj: Any) -> Any:
    """Store results (dataclasses, rows, dicts) -> JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    return obj


def check_date(name: str, value: str | None) -> str | None:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD and say which parameter is wrong otherwise."""
    if value in (None, ""):
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(value, fmt)
            return value
        except ValueError:
            continue
    raise BadParameter(f"{name}={value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")


def check_query(q: str | None, fts: bool = False) -> str | None:
    """Refuse FTS5 prefix terms too short to answer quickly (bounded work per request); plain
    text needs no check (``sqlite.plain_query`` searches a short prefix as the word itself)."""
    if not q:
        return None
    if not fts:
        return q
    for m in _PREFIX.finditer(q):
        if len(m.group(1)) < MIN_PREFIX_CHARS:
            raise BadParameter(f"prefix search {m.group(0)!r} is too short: give at least "
                               f"{MIN_PREFIX_CHARS} letters before '*'")
    return q


def _filters(outlet, since, until, language) -> dict[str, Any]:
    return {"outlet": outlet or None, "since": check_date("since", since),
            "until": check_date("until", until), "language": language or None}


@router.get("/stats", summary="Store summary: counts, outlets, languages, top entities")
def stats(request: Request) -> dict:
    return api.stats(_store(request))


@router.get("/summary", summary="Article and outlet counts (cheap; the page header shows them)")
def summary(request: Request) -> dict:
    return api.summary(_store(request))


@router.get("/articles", summary="List articles with filters, newest first")
def articles(request: Request, q: QueryText = None, outlet: Text = None, since: DateParam = None,
             until: DateParam = None, language: Text = None, entity: Text = None, place: Text = None,
             limit: Limit = 20, offset: Offset = 0, fts: FtsFlag = False) -> dict:
    f = _filters(outlet, since, until, language)
    return api.articles(_store(request), q=check_query(q, fts), entity=entity or None, place=place or None,
                        limit=limit, offset=offset, fts=fts, **f)


@router.get("/articles/{doc_id}", summary="One article with all its annotations (the JSON format)",
            response_class=Response, responses={200: {"content": {"application/json": {}}}})
def article(request: Request, doc_id: str) -> Response:
    # The JSON text straight into the response: FastAPI's generic encoder would walk the
    # thousands of spans of a long article a second time.
    stored = api.article_json(_store(request), doc_id)
    if stored is None:
        raise NotFound(f"no article {doc_id!r} in this store")
    return Response(stored, media_type="application/json")


@router.get("/articles/{doc_id}/links", summary="Copies, rewrites, stance links and the story of an article")
def article_links(request: Request, doc_id: str) -> dict:
    try:
        return plain(api.links(_store(request), doc_id))
    except UsageError:
        raise NotFound(f"no article {doc_id!r} in this store") from None


@router.get("/search", summary="Full-text search (plain text, or FTS5 syntax with fts=1; BM25) with snippets")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
           outlet: Text = None, since: DateParam = None, until: DateParam = None,
           language: Text = None, limit: Limit = 20, offset: Offset = 0, fts: FtsFlag = False) -> dict:
    f = _filters(outlet, since, until, language)
    found = api.search(_store(request), check_query(q, fts), limit=limit, offset=offset, fts=fts, **f)
    return {**found, "query": q}


@router.get("/facets", summary="Facet counts (outlet, month, people, places) for a query or the store")
def facets(request: Request, q: QueryText = None, outlet: Text = None, since: DateParam = None,
           until: DateParam = None, language: Text = None, fts: FtsFlag = False) -> dict:
    f = _filters(outlet, since, until, language)
    return plain(api.facets(_store(request), q=check_query(q, fts), fts=fts, **f))


@router.get("/entities", summary="Entities by the number of articles that mention them")
def entities(request: Request, label: Text = None, prefix: Text = None, limit: Limit = 50) -> dict:
    return {"items": plain(api.entities(_store(request), label=label or None, prefix=prefix or None, limit=limit))}


@router.get("/quotes", summary="Quotes with their speaker, newest articles first")
def quotes(request: Request, speaker: Text = None, doc_id: Text = None, limit: Limit = 20,
           offset: Offset = 0) -> dict:
    total, items = api.quotes(_store(request), speaker=speaker or None, doc_id=doc_id or None,
                              limit=limit, offset=offset)
    return plain(api.annotation_page(total, items, limit, offset))


@router.get("/claims", summary="Check-worthy claims with their status")
def claims(request: Request, status: Text = None, attributed_to: Text = None, doc_id: Text = None,
           limit: Limit = 20, offset: Offset = 0) -> dict:
    total, items = api.claims(_store(request), status=status or None, attributed_to=attributed_to or None,
                              doc_id=doc_id or None, limit=limit, offset=offset)
    return plain(api.annotation_page(total, items, limit, offset))


@router.get("/claims/{claim_id}", summary="One claim: its sentence, status, supporters and disputers")
def claim(request: Request, claim_id: str) -> dict:
    try:
        return plain(api.claim(_store(request), claim_id))
    except UsageError:
        raise NotFound(f"no claim {claim_id!r} in this store") from None


@router.get("/places", summary="Places as a GeoJSON FeatureCollection, one feature per place")
def places(request: Request, since: DateParam = None, until: DateParam = None,
           role: Annotated[str | None, Query(pattern="^(event|mention|dateline)$")] = None,
           limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> dict:
    return api.places(_store(request), since=check_date("since", since), until=check_date("until", until),
                      role=role, limit=limit)


@router.get("/places/{name}/articles", summary="Articles mentioning a place")
def place_articles(request: Request, name: str, role: Text = None, limit: Limit = 20) -> dict:
    return {"items": plain(api.place_articles(_store(request), name, role=role or None, limit=limit))}


@router.get("/timeline", summary="Articles per day and dated events per day")
def timeline(request: Request, since: DateParam = None, until: DateParam = None) -> dict:
    return plain(api.store_timeline(_store(request), since=check_date("since", since),
                                    until=check_date("until", until)))


@router.get("/timeline/{date}", summary="Articles published on a day and articles referring to it")
def timeline_day(request: Request, date: str) -> dict:
    if len(date) != 10:
        raise BadParameter(f"{date!r} is not a day (use YYYY-MM-DD)")
    return plain(api.timeline_day(_store(request), check_date("date", date)))


@router.get("/stories", summary="Story clusters (empty until the corpus stage has run)")
def stories(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict:
    return plain(api.stories(_store(request), limit=limit, offset=offset))


@router.get("/stories/{story_id}", summary="One story: its articles, original versus copies, independent count")
def story(request: Request, story_id: str) -> dict:
    try:
        return plain(api.story(_store(request), story_id))
    except UsageError:
        raise NotFound(f"no story {story_id!r} in this store") from None


@router.get("/links", summary="Links between articles (copies, rewrites, stance)")
def links(request: Request, kind: Text = None, doc_id: Text = None, limit: Limit = 50,
          offset: Offset = 0) -> dict:
    return plain(api.link_list(_store(request), kind=kind or None, doc_id=doc_id or None, limit=limit,
                               offset=offset))
