"""Events merged across articles: ``/api/events`` (JSON, GeoJSON, ACLED-style CSV), ``/api/events/{id}``,
and the ``/events`` and ``/event/{id}`` pages (table, map, timeline; each event with its reports and
conflicts).

Thin: query parameters -> ``newstrace.api`` -> JSON. The pages are constant shells like every
other page (``base.html`` + ``templates/events*.html``) whose script builds the DOM from the JSON
with ``textContent``, so article text never goes through an HTML parser.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from .. import api
from ..errors import UsageError
from .errors import BadParameter, NotFound
from .routes import DateParam, Offset, Text, check_date

# The templates folder, found from this file (not imported from app.py: route modules sit below the app).
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
router = APIRouter(prefix="/api", tags=["read"])
pages = APIRouter(include_in_schema=False)

MAX_EVENTS = 1000  # events in one JSON / GeoJSON answer: what one map or table shows
EventLimit = Annotated[int, Query(ge=1, le=MAX_EVENTS, description=f"page size (1..{MAX_EVENTS})")]
Format = Annotated[str, Query(pattern="^(json|geojson|csv)$", description="json | geojson | csv (ACLED-style)")]
MinSources = Annotated[int, Query(ge=0, le=10_000, description="only events with this many independent sources")]


def _store(request: Request):
    return request.app.state.stores.get()


@router.get("/events", summary="Events merged across articles (JSON, GeoJSON or ACLED-style CSV), most recent first",
            response_model=None)
def events(request: Request, type: Text = None, place: Text = None, since: DateParam = None,  # noqa: A002
           until: DateParam = None, actor: Text = None, min_sources: MinSources = 1, limit: EventLimit = 50,
           offset: Offset = 0, format: Format = "json") -> dict | Response:  # noqa: A002
    filters = dict(type=type or None, place=place or None, since=check_date("since", since),
                   until=check_date("until", until), actor=actor or None, min_sources=min_sources)
    store = _store(request)
    try:
        if format == "csv":
            import io

            buf = io.StringIO()
            api.events_csv(store, buf, **filters)
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"content-disposition": 'attachment; filename="events.csv"'})
        if format == "geojson":
            return Response(_dumps(api.events_geojson(store, limit=limit, offset=offset, **filters)),
                            media_type="application/geo+json")
        return api.events(store, limit=limit, offset=offset, **filters)
    except UsageError as e:
        raise BadParameter(str(e)) from None


@router.get("/events/{event_id}", summary="One merged event: every report with its evidence, sources, conflicts")
def event(request: Request, event_id: str) -> dict:
    try:
        return api.event(_store(request), event_id)
    except UsageError:
        raise NotFound(f"no event {event_id!r} in this store") from None


def _dumps(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


# -- pages ------------------------------------------------------------------------------------

LEAFLET_CSS = "/static/vendor/leaflet/leaflet.css"
SCRIPTS = ("/static/vendor/leaflet/leaflet.js", "/static/vendor/topojson-client/topojson-client.min.js",
           "/static/js/events.js", "/static/js/desk.js",  # desk.js: the verdict panel on /event/ID
           "/static/js/report.js")  # report.js: the report buttons on /event/ID


@cache
def render(page: str) -> str:
    """The constant shell of an events page: ``base.html`` with ``templates/{page}.html`` inside."""
    base = (TEMPLATES_DIR / "base.html").read_text(encoding="utf-8")
    main = (TEMPLATES_DIR / f"{page}.html").read_text(encoding="utf-8")
    title = "Events" if page == "events" else "Event"
    scripts = "".join(f'<script src="{s}"></script>\n' for s in SCRIPTS)
    return (base.replace("__TITLE__", title).replace("__PAGE__", page)
            .replace("__STYLES__", f'<link rel="stylesheet" href="{LEAFLET_CSS}">\n')
            .replace("__SCRIPTS__", scripts).replace("__MAIN__", main))


@pages.get("/events")
def events_page() -> HTMLResponse:
    return HTMLResponse(render("events"))


@pages.get("/event/{event_id}")
def event_page(event_id: str) -> HTMLResponse:
    return HTMLResponse(render("event"))
