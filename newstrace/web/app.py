"""The web app factory: REST API, pages and static assets in one FastAPI app.

Security model (article text is attacker-controlled, the app runs on an analyst's machine):

- every response carries a strict Content-Security-Policy (``default-src 'self'``, no inline
  script or style, ``frame-ancestors 'none'``), ``X-Content-Type-Options: nosniff`` and
  ``Referrer-Policy: no-referrer``; pages never put article text through an HTML parser;
- read endpoints answer loopback clients only unless ``public`` is set; with or without it the
  Host header must parse strictly (host[:port], no user info) and name an allowed host
  (``allowed_hosts``: the loopback names by default), so a DNS-rebinding page cannot read the
  store through a browser, even behind a firewall;
- write endpoints need a bearer token (the server's, or a user's of role analyst or admin:
  ``web/desk.py``; compared in constant time) and have body size limits; with ``require_token``
  API reads need a token of any role.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from . import errors
from .paths import STATIC_DIR, TEMPLATES_DIR, WEB_DIR  # noqa: F401 - re-exported for older imports


# Why: 'self' only; no inline script/style (article text can never become code or CSS), no
# plugins, no <base> rewriting, forms post only to the app, no framing (clickjacking).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
LOCAL_HOSTNAMES = ("localhost", "127.0.0.1", "::1")
# RFC 7230 Host = uri-host [":" port], uri-host = IP-literal / IPv4 / reg-name (no user info).
# Hand-written and strict because the stdlib's URL parsers accept "127.0.0.1:80@evil.example"
# (as user info + host) and other junk; anything this does not match is refused.
_HOST = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9](?:[a-z0-9._-]{0,251}[a-z0-9])?\.?))(?::(?P<port>[0-9]{1,5}))?")

# Per-connection read tuning for the serving connections. Why: SQLite's default page cache is
# 2 MB, so on a store of gigabytes every search re-reads its FTS index pages; 32 MB per
# connection keeps the hot index pages, and memory-mapped reads (shared OS page cache, no copy
# per connection) serve the rest. WEB_THREADS bounds how many connections exist at once.
READ_CACHE_KIB = 32 * 1024
READ_MMAP_BYTES = 1 << 30
WEB_THREADS = 8  # worker threads (and so store connections); SQLite readers in WAL run in parallel

# Why 20 MB: a few dozen saved article pages at once; the pipeline caps each input again
# (Settings.max_input_bytes) so this only bounds what one request can make the server buffer.
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def host_name(host_header: str) -> str | None:
    """The host of a Host header, lower-cased, without port or brackets; None when it does not
    parse as host[:port] ('127.0.0.1:8000' -> '127.0.0.1', '[::1]:8000' -> '::1',
    '127.0.0.1:80@evil.example' -> None)."""
    m = _HOST.fullmatch(host_header.strip().lower())
    if m is None or (m.group("port") and int(m.group("port")) > 65535):
        return None
    if m.group("v6") is not None:
        try:
            return str(ipaddress.IPv6Address(m.group("v6")))
        except ValueError:
            return None
    return m.group("name").rstrip(".")


def parse_allowed_hosts(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The allowed-hosts setting as a tuple of lower-case names ('[::1]' -> '::1')."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    return tuple(dict.fromkeys(h.strip().lower().strip("[]") for h in items if h and h.strip()))


def host_allowed(host: str | None, allowed: tuple[str, ...]) -> bool:
    """True when ``host`` (``host_name``'s answer) is allowed: an exact name, a subdomain of a
    '.domain' entry, or anything when '*' is listed."""
    if host is None:
        return False
    for entry in allowed:
        if entry == "*" or host == entry or (entry.startswith(".") and (host.endswith(entry) or host == entry[1:])):
            return True
    return False


class GuardMiddleware:
    """Pure ASGI middleware (no per-request thread hop): access check + security headers."""

    def __init__(self, app, *, public: bool, max_body_bytes: int, allowed_hosts: tuple[str, ...] = LOCAL_HOSTNAMES,
                 read_check=None):
        self.app = app
        self.read_check = read_check  # headers -> bool: reads need a valid token (serve --require-token)
        self.public = public
        self.max_body_bytes = max_body_bytes
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        raw_headers = scope.get("headers") or []
        headers = dict(raw_headers)
        if not self.public:
            client = scope.get("client")
            if not is_loopback(client[0] if client else None):
                return await self._refuse(scope, receive, send, 403,
                                          "this server answers loopback clients only (start it with --public to open it)")
        # Exactly one Host header that parses and names an allowed host, public or not.
        hosts = [v for k, v in raw_headers if k.lower() == b"host"]
        host = host_name(hosts[0].decode("latin-1")) if len(hosts) == 1 else None
        if not host_allowed(host, self.allowed_hosts):
            return await self._refuse(scope, receive, send, 403,
                                      "the Host header must name an allowed host (DNS rebinding guard; "
                                      "start the server with --allowed-host NAME to add one)")
        # Pages and static files hold no article data (they fetch it from /api); the API does.
        if self.read_check is not None and scope["path"].startswith("/api/") and scope["path"] != "/api/openapi.json":
            import anyio.to_thread

            if not await anyio.to_thread.run_sync(self.read_check, headers):
                return await self._refuse(scope, receive, send, 401, "this server needs 'Authorization: Bearer "
                                          "<token>' for reads too (a user's token from `newstrace users add`)",
                                          errors.Unauthorized.code)

        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            declared = headers.get(b"content-length", b"")
            if declared.isdigit() and int(declared) > self.max_body_bytes:
                return await self._refuse(scope, receive, send, 413,
                                          f"request body over the limit of {self.max_body_bytes} bytes",
                                          errors.TooLarge.code)
            receive = self._limited(receive)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                present = {k.lower() for k, _ in message["headers"]}
                message["headers"] = list(message["headers"]) + [h for h in SECURITY_HEADERS if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _limited(self, receive):
        """Count streamed body bytes (chunked uploads declare no length); past the limit, 413."""
        seen = 0
        limit = self.max_body_bytes

        async def wrapped():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise errors.TooLarge(f"request body over the limit of {limit} bytes")
            return message

        return wrapped

    async def _refuse(self, scope, receive, send, status, message, code=errors.Forbidden.code):
        response = errors.error_response(code, message, status)
        response.headers.update({k.decode(): v.decode() for k, v in SECURITY_HEADERS})
        await response(scope, receive, send)


class StoreProvider:
    """One store (SQLite connection) per worker thread: sqlite3 connections stay in their thread.

    Handlers call ``provider.get()`` in their own body (not in a dependency, which FastAPI may
    run on another thread). WAL mode lets these readers run beside one writer.
    """

    def __init__(self, db: str, settings=None):
        self.db = db
        self.settings = settings
        self._local = threading.local()
        self._all: list = []
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()  # one ingest at a time: SQLite has one writer

    def get(self):
        store = getattr(self._local, "store", None)
        if store is None:
            from ..api import open as open_store
            from ..store import tuning

            store = open_store(self.db, settings=self.settings)
            tuning.for_reads(store, cache_kib=READ_CACHE_KIB, mmap_bytes=READ_MMAP_BYTES)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for store in stores:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - a connection owned by a finished thread; nothing to save
                pass


@asynccontextmanager
async def _lifespan(app: FastAPI):
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = WEB_THREADS
    yield
    app.state.stores.close()


def create_app(db: str, *, token: str | None = None, public: bool = False, settings=None,
               max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
               allowed_hosts: str | list[str] | tuple[str, ...] | None = None,
               upload_workers: int | None = None, require_token: bool = False) -> FastAPI:
    """Build the app over the store at ``db``.

    Args:
        token: bearer token for write endpoints; a random one is generated when None
            (read it back from ``app.state.token``).
        public: answer non-loopback clients (reads stay open, writes still need the token).
        max_upload_bytes: largest ingest request body; larger ones get 413.
        allowed_hosts: names the Host header may carry (default: ``settings.allowed_hosts``, the
            loopback names); checked with and without ``public``.
        upload_workers: processes that analyse uploads (default ``ingest.UPLOAD_WORKERS``);
            0 analyses in the request's thread.
        require_token: API reads need a valid token too (any role: ``newstrace users``); writes
            always need an analyst's or admin's token, or ``token``.
    """
    from . import desk, events, ingest, pages, report_page, routes

    app = FastAPI(
        title="newstrace",
        version=__version__,
        description="Search and audit a newstrace store: articles with their evidence spans, "
        "quotes, claims, places, times, copies and stories.",
        # The bundled Swagger/ReDoc pages load scripts from a CDN: the spec stays, the CDN pages go.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
    )
    app.state.stores = StoreProvider(db, settings)
    app.state.token = token or secrets.token_urlsafe(24)
    app.state.public = public
    app.state.max_upload_bytes = max_upload_bytes
    app.state.upload_workers = ingest.UPLOAD_WORKERS if upload_workers is None else upload_workers
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(ingest.router)
    app.include_router(pages.router)
    app.include_router(report_page.router)  # /report/{kind}/{id}
    app.include_router(desk.router)
    app.include_router(desk.pages)
    app.include_router(events.router)
    app.include_router(events.pages)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if allowed_hosts is None:
        from ..settings import Settings

        allowed_hosts = (settings or Settings()).allowed_hosts
    app.state.allowed_hosts = parse_allowed_hosts(allowed_hosts)
    app.state.require_token = require_token
    app.add_middleware(GuardMiddleware, public=public, max_body_bytes=max_upload_bytes,
                       allowed_hosts=app.state.allowed_hosts,
                       read_check=(lambda headers: desk.read_allowed(app, headers)) if require_token else None)

    return app
