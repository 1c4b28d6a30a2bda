"""Web app safety: headers, loopback-only reads, the upload token, size limits, page hygiene."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from browser.webcorpus import PORT_ID, build_store  # noqa: E402
from newstrace.web import create_app  # noqa: E402
from newstrace.web.app import CSP, STATIC_DIR, GuardMiddleware, is_loopback  # noqa: E402
from newstrace.web.pages import PAGES, render  # noqa: E402

LOCAL = ("127.0.0.1", 50000)
BASE = "http://127.0.0.1:8000"
TOKEN = "security-token-0123456789"
PAGE_PATHS = ["/", f"/article/{PORT_ID}", "/map", "/timeline", "/stories", "/story/s1", "/claims", "/claim/c1", "/upload"]
OWN_JS = sorted((STATIC_DIR / "js").glob("*.js"))


@pytest.fixture(scope="module")
def web_db(tmp_path_factory):
    return build_store(str(tmp_path_factory.mktemp("websec") / "web.db"))


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db, token=TOKEN, max_upload_bytes=4096), client=LOCAL, base_url=BASE) as c:
        yield c


@pytest.mark.parametrize("path", PAGE_PATHS + ["/api/stats", "/api/articles/nope", "/static/css/app.css",
                                               "/api/search?q=%22", "/no-such-page"])
def test_web_security_headers_everywhere(client, path):
    h = client.get(path).headers
    assert h["content-security-policy"] == CSP
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in h["content-security-policy"]


def test_web_security_csp_is_strict():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe" not in CSP and "*" not in CSP and "http" not in CSP
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_web_security_pages_have_no_inline_code_and_only_local_assets(page):
    html = render(page)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/' in tag, tag
    assert all(not body.strip() for body in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)), "inline script"
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    for url in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert url.startswith("/") and not url.startswith("//"), url


@pytest.mark.parametrize("page", sorted(PAGES))
def test_web_security_page_assets_are_installed(client, page):
    for url in re.findall(r'(?:src|href)="(/static/[^"]*)"', render(page)):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("path", OWN_JS, ids=lambda p: p.name)
def test_web_security_scripts_never_parse_html(path):
    """Article text reaches the DOM only through textContent / text nodes."""
    src = re.sub(r"//[^\n]*", "", path.read_text())  # comments may name the sinks they avoid
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setTimeout(\"", "bindTooltip(", "DOMParser"):
        assert sink not in src, f"{path.name} uses {sink}"


def test_web_security_map_data_is_bundled():
    assert (STATIC_DIR / "vendor/world-atlas/countries-110m.json").stat().st_size > 50_000
    for lic in ("leaflet/LICENSE", "topojson-client/LICENSE", "world-atlas/LICENSE"):
        assert (STATIC_DIR / "vendor" / lic).is_file()


@pytest.mark.parametrize("host, expected", [
    ("127.0.0.1", True), ("127.0.0.5", True), ("::1", True), ("::ffff:127.0.0.1", True), ("localhost", True),
    ("10.0.0.2", False), ("203.0.113.5", False), ("testclient", False), (None, False), ("", False),
])
def test_web_security_is_loopback(host, expected):
    assert is_loopback(host) is expected


@pytest.mark.parametrize("path", ["/", "/api/stats", f"/api/articles/{PORT_ID}", "/static/js/common.js"])
def test_web_security_remote_clients_refused_by_default(web_db, path):
    with TestClient(create_app(web_db), client=("203.0.113.5", 4444), base_url=BASE) as c:
        r = c.get(path)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "NT411"
    assert r.headers["content-security-policy"] == CSP


def test_web_security_public_opens_reads_not_writes(web_db):
    with TestClient(create_app(web_db, token=TOKEN, public=True, allowed_hosts=["news.example.org"]),
                    client=("203.0.113.5", 4444), base_url="http://news.example.org") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.post("/api/ingest", json={"text": "x"}).status_code == 401


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.nip.io:8000", "attacker.test:8000"])
def test_web_security_dns_rebinding_host_refused(web_db, host, public):
    # A page on attacker.test re-points its name at 127.0.0.1 (DNS rebinding): the browser then
    # sends the victim's requests from this machine with the attacker's name in Host. With
    # --public (a server behind a firewall) the allowed-hosts list refuses it the same way.
    app = create_app(web_db, public=public, allowed_hosts="localhost,127.0.0.1,news.example.org")
    with TestClient(app, client=LOCAL, base_url=f"http://{host}") as c:
        r = c.get("/api/stats")
        assert r.status_code == 403 and "Host" in r.json()["error"]["message"]
        assert r.json()["error"]["code"] == "NT411"
        assert c.get("/api/stats", headers={"host": "news.example.org"}).status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1:80@evil.example", "127.0.0.1@evil.example", "evil.example#127.0.0.1",
                                  "127.0.0.1:8000/evil", "127.0.0.1 evil.example", "127.0.0.1:99999", "127.0.0.1:",
                                  "user:pw@127.0.0.1", "[::1", "::1", "[::1]x", "", "localhost:80:80",
                                  "127.0.0.1\\evil.example", "127.0.0.1,evil.example", "localhost%2eevil.example"])
@pytest.mark.parametrize("public", [False, True])
def test_web_security_malformed_host_refused(web_db, host, public):
    with TestClient(create_app(web_db, public=public), client=LOCAL, base_url=BASE) as c:
        r = c.get("/api/stats", headers={"host": host})
    assert r.status_code == 403, host
    assert r.json()["error"]["code"] == "NT411"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST", "localhost.",
                                  "[::1]:8000", "[::1]"])
def test_web_security_loopback_hosts_allowed(web_db, host):
    with TestClient(create_app(web_db), client=LOCAL, base_url=BASE) as c:
        assert c.get("/api/stats", headers={"host": host}).status_code == 200, host


@pytest.mark.parametrize("allowed, host, ok", [
    (".example.org", "news.example.org:8443", True), (".example.org", "example.org", True),
    (".example.org", "evilexample.org", False), (".example.org", "example.org.evil.test", False),
    ("*", "anything.test", True), ("*", "127.0.0.1:80@evil.example", False),
    ("news.example.org", "NEWS.example.org", True), ("news.example.org", "localhost", False),
])
def test_web_security_allowed_hosts_setting(web_db, allowed, host, ok):
    with TestClient(create_app(web_db, public=True, allowed_hosts=allowed), client=("203.0.113.5", 4444),
                    base_url=BASE) as c:
        assert (c.get("/api/stats", headers={"host": host}).status_code == 200) is ok


def test_web_security_allowed_hosts_from_settings(web_db):
    from newstrace.settings import Settings

    app = create_app(web_db, public=True, settings=Settings(allowed_hosts="intranet.test"))
    with TestClient(app, client=("203.0.113.5", 4444), base_url="http://intranet.test") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"host": "127.0.0.1"}).status_code == 403


def test_web_security_two_host_headers_refused():
    import asyncio
    import threading

    sent = []

    async def app(scope, receive, send):  # never reached
        raise AssertionError("the request went through")

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    guard = GuardMiddleware(app, public=False, max_body_bytes=10)
    scope = {"type": "http", "method": "GET", "path": "/api/stats", "client": LOCAL,
             "headers": [(b"host", b"127.0.0.1"), (b"host", b"evil.example")]}
    # a thread of its own: an earlier test (Playwright's sync API) may leave an event loop running in this one
    errors = []

    def call():
        try:
            asyncio.run(guard(scope, receive, send))
        except BaseException as e:  # surfaced below
            errors.append(e)

    t = threading.Thread(target=call)
    t.start()
    t.join()
    assert not errors, errors
    assert sent[0]["status"] == 403


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong-token-wrong-token"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": "Bearer "},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
])
def test_web_security_ingest_needs_the_token(client, headers):
    r = client.post("/api/ingest", json={"text": "Kyiv, 3 March - a test."}, headers=headers)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "NT410"
    assert r.headers["www-authenticate"] == "Bearer"


def test_web_security_ingest_not_a_get(client):
    assert client.get("/api/ingest").status_code == 405


def test_web_security_generated_token_is_strong(web_db):
    tokens = {create_app(web_db).state.token for _ in range(3)}
    assert len(tokens) == 3 and all(len(t) >= 32 for t in tokens)


@pytest.mark.parametrize("kind", ["multipart", "json", "chunked"])
def test_web_security_upload_over_limit_is_413(client, kind, tmp_path):
    big = "word " * 2000  # 10 kB > the 4 kB limit of this app
    auth = {"Authorization": f"Bearer {TOKEN}"}
    if kind == "json":
        r = client.post("/api/ingest", json={"text": big}, headers=auth)
    elif kind == "chunked":  # no Content-Length: the limit must hold while the body streams in
        chunks = (b'{"text": "' + b"word " * 200, *[b"word " * 200] * 8, b'"}')
        r = client.post("/api/ingest", content=iter(chunks),
                        headers=auth | {"Content-Type": "application/json"})
    else:
        r = client.post("/api/ingest", files={"files": ("big.txt", big.encode())}, headers=auth)
    assert r.status_code == 413, r.text
    assert r.json()["error"]["status"] == 413
    uploads = Path(client.app.state.stores.db + ".uploads")
    assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))


def test_web_security_upload_without_content_is_400(client):
    r = client.post("/api/ingest", files={"files": ("", b"")}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and "nothing to ingest" in r.json()["error"]["message"]


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\win.ini", "_.._win.ini"),
    ("report <script>.html", "report_script_.html"),
    ("", "upload-3"),
    (".bashrc", "bashrc"),
])
def test_web_security_upload_names_stay_inside(name, expected):
    from newstrace.web.ingest import safe_name

    assert safe_name(name, 3, set()) == expected
