"""Browser-test fixtures: a live server on a free loopback port and Debian's headless Chromium.

Every page a test opens is watched: console errors, page errors, dialogs, CSP violations and
requests leaving the app's origin fail the test when it ends. Screenshots go to
``test-artifacts/screenshots/`` for humans to look at.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from webcorpus import TOKEN, build_store

CHROMIUM = os.environ.get("NEWSTRACE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Runs before any page script: records CSP violations and anything a payload could set.
# Why 60 s: `make test` beside other CPU-heavy jobs on 2 cores slowed page loads to ~10 s; a
# condition that takes longer than this is a failure, not slowness.
BROWSER_TIMEOUT_MS = 60_000
WATCH_SCRIPT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, db: str):
        import uvicorn

        from newstrace.web import create_app

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.app = create_app(db, token=TOKEN)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium_browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (`make browser-deps` or `apt-get install chromium`)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live(tmp_path_factory, chromium_browser):
    db = build_store(str(tmp_path_factory.mktemp("browser") / "web.db"), with_corpus=True)
    with LiveServer(db) as server:
        yield server


class Watched:
    """A page plus what it did that a test must not tolerate."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.allowed_errors: list[str] = []  # substrings of console errors a test provokes on purpose
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: r.url.startswith((base + "/", "data:", "blob:")) or self.outside.append(r.url))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def goto(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__csp || []")

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def check_clean(self) -> None:
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.outside == [], f"requests outside the app: {self.outside}"
        assert self.csp_violations() == [], "CSP violations"
        errors = [e for e in self.console_errors if not any(a in e for a in self.allowed_errors)]
        assert errors == [], f"console errors: {errors}"


@pytest.fixture()
def web(live, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_SCRIPT)
    from playwright.sync_api import expect

    page = context.new_page()
    # Bounds, not waits: every wait in these tests is for a condition, and these only say how long
    # a condition may take on a loaded machine before the test fails (expect() defaults to 5 s).
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    watched = Watched(page, live.base)
    yield watched
    try:
        watched.check_clean()
    finally:
        context.close()
