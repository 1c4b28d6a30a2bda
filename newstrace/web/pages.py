"""HTML pages: constant shells (base.html + one fragment each) that load their data with fetch.

No article data is ever written into a page by the server: the shells are the same bytes for
every request, and the page scripts build DOM nodes with ``textContent`` from the JSON API.
So there is nothing to escape on the server and nothing for an article to inject.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from .paths import TEMPLATES_DIR

router = APIRouter(include_in_schema=False)

# page name -> (title, extra stylesheets, scripts after common.js)
PAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "search": ("Search", (), ("search.js",)),
    "article": ("Article", ("/static/css/desk.css",), ("article.js", "desk.js")),
    "map": ("Map", ("/static/vendor/leaflet/leaflet.css", "/static/vendor/leaflet.markercluster/MarkerCluster.css",
                    "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css"),
            ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
             "/static/vendor/topojson-client/topojson-client.min.js", "map.js")),
    "timeline": ("Timeline", (), ("timeline.js",)),
    "stories": ("Stories", (), ("stories.js",)),
    "story": ("Story", ("/static/css/desk.css",), ("stories.js", "desk.js")),
    "claims": ("Claims", ("/static/css/desk.css",), ("claims.js",)),
    "claim": ("Claim", ("/static/css/desk.css",), ("claims.js", "desk.js")),
    "upload": ("Upload", (), ("upload.js",)),
    "watch": ("Watchlists", ("/static/css/desk.css",), ("desk.js",)),  # newstrace/web/desk.py
    "notfound": ("Not found", (), ()),
}


@cache
def render(page: str) -> str:
    title, styles, scripts = PAGES[page]
    base = (TEMPLATES_DIR / "base.html").read_text(encoding="utf-8")
    main = (TEMPLATES_DIR / f"{page}.html").read_text(encoding="utf-8")
    script_tags = "".join(
        f'<script src="{s if s.startswith("/") else "/static/js/" + s}"></script>\n' for s in scripts
    )
    style_tags = "".join(f'<link rel="stylesheet" href="{s}">\n' for s in styles)
    return (base.replace("__TITLE__", title).replace("__PAGE__", page).replace("__STYLES__", style_tags)
            .replace("__SCRIPTS__", script_tags).replace("__MAIN__", main))


def _page(name: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(render(name), status_code=status)


@router.get("/")
def search_page() -> HTMLResponse:
    return _page("search")


@router.get("/article/{doc_id}")
def article_page(doc_id: str) -> HTMLResponse:
    return _page("article")


@router.get("/map")
def map_page() -> HTMLResponse:
    return _page("map")


@router.get("/timeline")
def timeline_page() -> HTMLResponse:
    return _page("timeline")


@router.get("/stories")
def stories_page() -> HTMLResponse:
    return _page("stories")


@router.get("/story/{story_id}")
def story_page(story_id: str) -> HTMLResponse:
    return _page("story")


@router.get("/claims")
def claims_page() -> HTMLResponse:
    return _page("claims")


@router.get("/claim/{claim_id}")
def claim_page(claim_id: str) -> HTMLResponse:
    return _page("claim")


@router.get("/favicon.ico")
def favicon() -> Response:
    """Pages without an icon link (a report) make browsers ask for /favicon.ico: send them the app's."""
    from fastapi.responses import RedirectResponse

    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/upload")
def upload_page() -> HTMLResponse:
    return _page("upload")

