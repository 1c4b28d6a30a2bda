"""The fact-check report of a claim, story or event as a page: ``/report/{kind}/{id}?format=html|md``.

The one page the server renders with article data in it: ``newstrace.reports`` writes it with
Jinja2's autoescape on (HTML) or escapes every value (Markdown, served as text). Its own
Content-Security-Policy allows no script at all and only the report template's <style> block.
Apart from ``pages.py`` because the error handlers and the desk import the page shells.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from .. import api
from ..errors import UsageError
from .desk import read_allowed
from .errors import NotFound, Unauthorized

router = APIRouter(include_in_schema=False)


ReportFormat = Annotated[str, Query(pattern="^(html|md)$", description="html | md")]
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def _report_csp(html: str) -> str:
    """The app's CSP with no script at all and only the report template's own <style> block
    (allowed by its hash: article text is escaped, so it cannot add a style of its own)."""
    m = _STYLE.search(html)
    style = "'none'"
    if m:
        digest = base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode()
        style = f"'sha256-{digest}'"
    return (f"default-src 'none'; style-src {style}; img-src 'self'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


@router.get("/report/{kind}/{item_id}")
def report_page(request: Request, kind: str, item_id: str, format: ReportFormat = "html",  # noqa: A002
                download: bool = False) -> Response:
    """The fact-check report on a claim, story or event (``newstrace report``), as HTML or Markdown."""
    # Pages skip the API's read check (they hold no data); this one holds data, so it checks itself.
    if request.app.state.require_token and not read_allowed(request.app, dict(request.scope["headers"])):
        raise Unauthorized("this server needs 'Authorization: Bearer <token>' for reads too")
    if kind not in ("claim", "story", "event"):
        raise NotFound(f"no report kind {kind!r} (claim, story or event)")
    try:
        text = api.report(request.app.state.stores.get(), kind, item_id, fmt=format)
    except UsageError as e:
        raise NotFound(str(e)) from None
    safe_id = re.sub(r"[^A-Za-z0-9_.-]", "_", item_id)[:80]
    headers = {"content-disposition": f'{"attachment" if download else "inline"}; '
                                      f'filename="{kind}-{safe_id}.{format}"'}
    if format == "md":
        # text/plain shows it in the tab; a download keeps Markdown's own type
        return Response(text, media_type=("text/markdown" if download else "text/plain") + "; charset=utf-8",
                        headers=headers)
    headers["content-security-policy"] = _report_csp(text)
    return Response(text, media_type="text/html; charset=utf-8", headers=headers)
