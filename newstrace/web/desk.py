"""The analyst's desk over HTTP: who am I, verdicts, notes, corrections, watchlists, audit; and the
token checks for users and roles.

Every write needs ``Authorization: Bearer <token>`` naming an analyst or an admin (a user's token,
or the server's own token, which acts as an admin); a reader's token reads only. Tokens travel in
a header a browser never adds by itself, so a cross-site form cannot write (no CSRF). Handlers are
thin: parse -> ``newstrace.api`` -> JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from .. import api
from ..desk.users import Principal, authenticate
from .errors import Forbidden, NotFound, Unauthorized

router = APIRouter(prefix="/api/desk", tags=["desk"])
pages = APIRouter(include_in_schema=False)

Id = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str | None, Field(default=None, max_length=200)]
LongText = Annotated[str | None, Field(default=None, max_length=10_000)]


def bearer(headers) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    scheme, _, given = (headers.get("authorization") or "").partition(" ")
    return given.strip() or None if scheme.lower() == "bearer" else None


def principal(request: Request) -> Principal | None:
    """Who the request's token names (None: no token). Raises Unauthorized for a wrong token."""
    token = bearer(request.headers)
    if token is None:
        return None
    who = authenticate(request.app.state.stores.get(), token, request.app.state.token)
    if who is None:
        raise Unauthorized("wrong token")
    return who


def require(request: Request, role: str) -> Principal:
    """The request's principal when its role is ``role`` or above; 401 without a valid token, 403 below it."""
    who = principal(request)
    if who is None:
        raise Unauthorized("this needs 'Authorization: Bearer <token>' (a user's token from `newstrace users add`, "
                           "or the token printed when `newstrace serve` starts)")
    if not who.can(role):
        raise Forbidden(f"user {who.name!r} is a {who.role}; this needs the {role} role")
    return who


def read_allowed(app, headers: dict[bytes, bytes]) -> bool:
    """For ``serve --require-token``: does this request carry a valid token of any role?"""
    token = bearer({k.decode("latin-1").lower(): v.decode("latin-1") for k, v in headers.items()})
    return token is not None and authenticate(app.state.stores.get(), token, app.state.token) is not None


def _store(request: Request):
    return request.app.state.stores.get()


# -- who am I --------------------------------------------------------------------------------------

@router.get("/me", summary="The user the bearer token names, with their role")
def me(request: Request) -> dict:
    who = require(request, "reader")
    return {"name": who.name, "role": who.role, "can_write": who.can("analyst")}


# -- articles: corrections and notes ------------------------------------------------------------------

@router.get("/articles/{doc_id}", summary="An article's corrections (with the extractor's values), notes and "
                                           "the verdicts of its claims, and the items that can be corrected")
def article_desk(request: Request, doc_id: str) -> dict:
    from ..desk.records import article_verdicts, correctable, extractor_article

    store = _store(request)
    art = store.get(doc_id)
    if art is None:
        raise NotFound(f"no article {doc_id!r} in this store")
    raw = extractor_article(store, art.doc_id)
    return {"doc_id": art.doc_id,
            "corrections": api.corrections(store, art.doc_id, include_withdrawn=True),
            "applied": [c.correction_id for c in art.corrections],
            "notes": api.notes(store, "article", art.doc_id),
            "verdicts": article_verdicts(store, art),
            "correctable": {t: [{"start": s, "end": e, "text": txt} for s, e, txt in correctable(raw, t)]
                            for t in ("place", "quote", "time")}}


class CorrectionIn(BaseModel):
    doc_id: Id
    action: Annotated[str, Field(pattern="^(place|speaker|not_quote|date)$")]
    start: Annotated[int | None, Field(default=None, ge=0)] = None
    text: Annotated[str | None, Field(default=None, max_length=2000)] = None
    geonameid: Annotated[int | None, Field(default=None, ge=1)] = None
    name: Short = None
    speaker: Short = None
    date: Annotated[str | None, Field(default=None, max_length=10)] = None
    note: LongText = None


@router.post("/corrections", status_code=201, summary="Correct an extracted place, speaker, quote or date (analyst)")
def add_correction(request: Request, body: CorrectionIn) -> dict:
    who = require(request, "analyst")
    return api.correct(_store(request), body.doc_id, body.action, author=who.name, start=body.start, text=body.text,
                       geonameid=body.geonameid, name=body.name, speaker=body.speaker, date=body.date, note=body.note)


@router.post("/corrections/{correction_id}/withdraw", summary="Withdraw a correction (analyst)")
def withdraw_correction(request: Request, correction_id: str) -> dict:
    who = require(request, "analyst")
    api.withdraw_correction(_store(request), correction_id, author=who.name)
    return {"withdrawn": correction_id}


# -- verdicts and notes ---------------------------------------------------------------------------------

Kind = Annotated[str, Query(pattern="^(claim|event)$")]


@router.get("/verdicts", summary="The verdicts and notes of a claim or event, oldest first")
def get_verdicts(request: Request, kind: Kind, id: Annotated[str, Query(max_length=200)]) -> dict:  # noqa: A002
    store = _store(request)
    return {"kind": kind, "id": id, "verdicts": api.verdicts(store, kind, id), "notes": api.notes(store, kind, id)}


class VerdictIn(BaseModel):
    kind: Annotated[str, Field(pattern="^(claim|event)$")]
    id: Id
    verdict: Annotated[str, Field(pattern="^(true|false|misleading|unproven)$")]
    note: LongText = None
    sources: Annotated[list[Annotated[str, Field(max_length=2000)]], Field(default_factory=list, max_length=50)]


@router.post("/verdicts", status_code=201, summary="Mark a claim or event true, false, misleading or unproven (analyst)")
def add_verdict(request: Request, body: VerdictIn) -> dict:
    who = require(request, "analyst")
    return api.verdict(_store(request), body.kind, body.id, body.verdict, author=who.name, note=body.note,
                       sources=body.sources)


class NoteIn(BaseModel):
    kind: Annotated[str, Field(pattern="^(article|claim|event|story)$")]
    id: Id
    text: Annotated[str, Field(min_length=1, max_length=10_000)]


@router.get("/notes", summary="The notes on an article, claim, event or story, oldest first")
def get_notes(request: Request, kind: Annotated[str, Query(pattern="^(article|claim|event|story)$")],
              id: Annotated[str, Query(max_length=200)]) -> list[dict]:  # noqa: A002
    return api.notes(_store(request), kind, id)


@router.post("/notes", status_code=201, summary="A note on an article, claim, event or story (analyst)")
def add_note(request: Request, body: NoteIn) -> dict:
    who = require(request, "analyst")
    return api.note(_store(request), body.kind, body.id, body.text, author=who.name)


# -- watchlists -------------------------------------------------------------------------------------------

@router.get("/watchlists", summary="Each watchlist with what is new since its last look (the look is not recorded)")
def get_watchlists(request: Request, since: Annotated[str | None, Query(max_length=32)] = None) -> list[dict]:
    return api.watch(_store(request), since=since or None, mark=False)


class WatchIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    query: Short = None
    entity: Short = None
    place: Short = None
    outlet: Short = None
    event_type: Short = None


@router.post("/watchlists", status_code=201, summary="Save a watchlist (analyst)")
def save_watchlist(request: Request, body: WatchIn) -> dict:
    who = require(request, "analyst")
    return api.watch_save(_store(request), body.name, by=who.name, query=body.query, entity=body.entity,
                          place=body.place, outlet=body.outlet, event_type=body.event_type)


@router.post("/watchlists/{name}/seen", summary="Record a look at a watchlist: what is new starts again from now (analyst)")
def watchlist_seen(request: Request, name: str) -> dict:
    who = require(request, "analyst")
    (result,) = api.watch(_store(request), name=name, mark=True, by=who.name)
    return result


@router.delete("/watchlists/{name}", summary="Delete a watchlist (analyst)")
def delete_watchlist(request: Request, name: str) -> dict:
    who = require(request, "analyst")
    api.watch_remove(_store(request), name, by=who.name)
    return {"removed": name}


# -- audit -------------------------------------------------------------------------------------------------

@router.get("/audit", summary="Every write, newest first: who, what, when (admin)")
def audit(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
          user: Annotated[str | None, Query(max_length=64)] = None) -> list[dict[str, Any]]:
    require(request, "admin")
    return api.audit_log(_store(request), limit=limit, user=user)


@pages.get("/watch")
def watch_page() -> HTMLResponse:
    from .pages import render

    return HTMLResponse(render("watch"))


__all__ = ["pages", "principal", "read_allowed", "require", "router"]
