"""The one JSON error shape of the REST API, and the web-only error classes.

Every error leaves the app as::

    {"error": {"code": "NT401", "message": "...", "status": 400}}

so a client handles one shape whatever failed (a bad parameter, a malformed full-text query,
an unknown document, a missing token, an upload too large, a crash).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, NewstraceError, StoreError, UsageError


class WebError(UsageError):
    """A request the web app refuses; ``status`` is the HTTP status sent back."""

    code = "NT400"
    status = 400


class BadParameter(WebError):
    code = "NT402"
    status = 400


class NotFound(WebError):
    code = "NT404"
    status = 404


class Unauthorized(WebError):
    code = "NT410"
    status = 401


class Forbidden(WebError):
    code = "NT411"
    status = 403


class TooLarge(WebError):
    code = "NT413"
    status = 413


class StoreBusy(WebError):
    """The store stayed locked by another writer (e.g. a CLI ingest's linking pass) for too long."""

    code = "NT503"
    status = 503


class NothingIngested(WebError):
    """An upload whose every input failed: nothing was stored (the message names each failure)."""

    code = "NT422"
    status = 422


# HTTP statuses raised by Starlette/FastAPI themselves, mapped to stable codes.
_HTTP_CODES = {400: "NT400", 401: "NT410", 403: "NT411", 404: "NT404", 405: "NT405", 413: "NT413", 422: "NT422", 503: "NT503"}


def error_body(code: str, message: str, status: int) -> dict:
    return {"error": {"code": code, "message": message, "status": status}}


def error_response(code: str, message: str, status: int, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, status), status_code=status, headers=headers)


def status_for(exc: NewstraceError) -> int:
    """HTTP status for a newstrace error: the caller's fault is 4xx, the store's is 5xx."""
    if isinstance(exc, WebError):
        return exc.status
    if isinstance(exc, (UsageError, InputError)):
        return 400
    if isinstance(exc, StoreError):
        return 500
    return 500


async def _newstrace_error(request: Request, exc: NewstraceError) -> JSONResponse:
    status = status_for(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return error_response(exc.code, exc.message, status, headers)


async def _http_error(request: Request, exc: StarletteHTTPException):
    if exc.status_code == 404 and not request.url.path.startswith(("/api/", "/static/")):
        from fastapi.responses import HTMLResponse

        from .pages import render

        return HTMLResponse(render("notfound"), status_code=404)
    code = _HTTP_CODES.get(exc.status_code, f"NT{exc.status_code}")
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return error_response(code, message, exc.status_code, getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return error_response(BadParameter.code, "bad parameter: " + "; ".join(parts), 400)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Never echo the exception text: it can carry paths or SQL; the server log has the traceback.
    return error_response("NT500", "internal error (see the server log)", 500)


def install(app) -> None:
    """Register the handlers that turn every failure into the one error shape."""
    app.add_exception_handler(NewstraceError, _newstrace_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
