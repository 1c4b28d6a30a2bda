"""The analyst's desk in headless Chromium: a verdict on a claim, a corrected place on an article page,
a watchlist, and the role checks (a reader cannot write, a wrong token is refused)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from playwright.sync_api import expect

import newstrace
from webcorpus import PORT_ID, STORY_ID, build_store

pytestmark = pytest.mark.browser

# The browser fixtures' helpers (live server, watched page), loaded under a private name: this
# module runs its own server over its own store, with users in it.
_spec = importlib.util.spec_from_file_location("_desk_browser_helpers", Path(__file__).with_name("conftest.py"))
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)

CLAIM = "c-port-strike"


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory, chromium_browser):
    db = build_store(str(tmp_path_factory.mktemp("desk-browser") / "desk.db"), with_corpus=True)
    with newstrace.open(db) as store:
        tokens = {role: newstrace.api.add_user(store, f"{role}-user", role, by="test")
                  for role in ("reader", "analyst", "admin")}
    with helpers.LiveServer(db) as server:
        server.tokens = tokens
        server.db = db
        yield server


@pytest.fixture()
def desk(desk_server, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(helpers.WATCH_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(helpers.BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=helpers.BROWSER_TIMEOUT_MS)
    watched = helpers.Watched(page, desk_server.base)
    watched.tokens = desk_server.tokens
    yield watched
    try:
        watched.check_clean()
    finally:
        context.close()


def sign_in(page, token: str) -> None:
    page.wait_for_selector("#desk-signin")
    page.fill("#desk-token", token)
    page.locator("#desk-signin button[type=submit]").click()


def test_desk_browser_verdict_on_claim(desk, desk_server):
    page = desk.goto(f"/claim/{CLAIM}")
    expect(page.locator("#desk-verdict")).to_contain_text("no verdict yet")
    sign_in(page, desk.tokens["analyst"])
    expect(page.locator("#desk-user")).to_contain_text("analyst-user")
    page.select_option("#desk-verdict-value", "misleading")
    page.fill("#desk-verdict-text", "The governor's figure is not in the ministry's report.")
    page.fill("#desk-verdict-urls", "https://factcheck.example/port-strike")
    page.locator("#desk-verdict-form button[type=submit]").click()
    expect(page.locator("#desk-verdict .badge")).to_have_text("misleading")
    expect(page.locator("#desk-verdict")).to_contain_text("analyst-user")
    expect(page.locator("#desk-verdict-sources a")).to_have_attribute("href", "https://factcheck.example/port-strike")
    desk.shot("desk-verdict")
    page = desk.goto("/claims")  # the claims list shows the verdict too
    row = page.locator("#claims li.hit", has=page.locator(f'a[href="/claim/{CLAIM}"]'))
    expect(row.locator(".badge.verdict")).to_have_text("verdict: misleading")
    with newstrace.open(desk_server.db) as store:
        (v,) = newstrace.api.verdicts(store, "claim", CLAIM)
        assert (v["verdict"], v["author"]) == ("misleading", "analyst-user")
        assert ("analyst-user", "verdict") in [(a["user"], a["action"]) for a in newstrace.api.audit_log(store)]


def test_desk_browser_correct_a_place(desk):
    page = desk.goto(f"/article/{PORT_ID}")
    page.wait_for_selector("body[data-rendered='1']")
    expect(page.locator("#desk-corrections")).to_contain_text("no corrections")
    sign_in(page, desk.tokens["analyst"])
    page.wait_for_selector("#desk-correct-form")
    page.select_option("#desk-action", "place")
    kyiv = page.locator("#desk-item option", has_text="Kyiv").first.get_attribute("value")
    page.select_option("#desk-item", kyiv)
    page.fill("#desk-name", "Kyiv Oblast")
    page.fill("#desk-correct-note", "the ministry's region, not the city")
    page.locator("#desk-correct-form button[type=submit]").click()
    # the page reloads with the corrected article: the place list and the desk both show it
    expect(page.locator("#desk-corrections li")).to_contain_text("Kyiv Oblast")
    expect(page.locator("#desk-corrections li")).to_contain_text("analyst-user")
    page.wait_for_selector("body[data-rendered='1']")
    expect(page.locator("#a-places")).to_contain_text("Kyiv Oblast")
    desk.shot("desk-correction")


def test_desk_browser_reader_cannot_write(desk):
    desk.allowed_errors.append("403")  # the forged request below is refused, as it must be
    page = desk.goto(f"/claim/{CLAIM}")
    sign_in(page, desk.tokens["reader"])
    expect(page.locator("#desk-user")).to_contain_text("reader-user (reader)")
    expect(page.locator("#desk-verdict-form")).to_have_count(0)
    expect(page.locator("#desk-note-form")).to_have_count(0)
    # the server refuses the write even when the page is bypassed
    status = page.evaluate("""async (claim) => {
        const r = await fetch('/api/desk/verdicts', {method: 'POST', headers: {
            'Authorization': 'Bearer ' + sessionStorage.getItem('newstrace-token'), 'Content-Type': 'application/json'},
            body: JSON.stringify({kind: 'claim', id: claim, verdict: 'true'})});
        return r.status; }""", CLAIM)
    assert status == 403


def test_desk_browser_wrong_token_refused(desk):
    desk.allowed_errors.append("401")  # the refused sign-in
    page = desk.goto(f"/article/{PORT_ID}")
    page.wait_for_selector("body[data-rendered='1']")
    sign_in(page, "not-a-real-token-0123456789")
    expect(page.locator("#desk-auth-error")).to_contain_text("NT410")
    expect(page.locator("#desk-correct-form")).to_have_count(0)
    expect(page.locator("#desk-user")).to_have_count(0)


def test_desk_browser_note_on_a_story(desk):
    page = desk.goto(f"/story/{STORY_ID}")
    expect(page.locator("#desk-notes")).to_contain_text("no notes")
    sign_in(page, desk.tokens["analyst"])
    page.fill("#desk-note-text", "Ask the harbour master for the loading log.")
    page.locator("#desk-note-form button[type=submit]").click()
    expect(page.locator("#desk-notes li")).to_contain_text("harbour master")
    expect(page.locator("#desk-notes li")).to_contain_text("analyst-user")


def test_desk_browser_watchlist(desk):
    page = desk.goto("/watch")
    sign_in(page, desk.tokens["analyst"])
    page.wait_for_selector("#watch-form")
    page.fill("#watch-name", "Black Sea ports")
    page.fill("#watch-place", "Odesa")
    page.locator("#watch-form button[type=submit]").click()
    section = page.locator('section.watchlist[data-name="Black Sea ports"]')
    expect(section.locator(".watch-new")).to_have_text("1 new")
    expect(section.locator(f'a[href="/article/{PORT_ID}"]')).to_have_count(1)
    section.locator("button.watch-seen").click()
    expect(section.locator(".watch-new")).to_have_text("0 new")
    desk.shot("desk-watchlists")


@pytest.fixture(scope="module")
def locked_server(tmp_path_factory, chromium_browser):
    """A server started like `serve --require-token`: API reads need a token too."""
    import threading

    import uvicorn

    from newstrace.web import create_app

    db = build_store(str(tmp_path_factory.mktemp("desk-locked") / "locked.db"))
    with newstrace.open(db) as store:
        token = newstrace.api.add_user(store, "reader-user", "reader", by="test")
    server = helpers.LiveServer(db)
    server.app = create_app(db, token="locked-server-token-0123456789", require_token=True)
    server.server = uvicorn.Server(uvicorn.Config(server.app, host="127.0.0.1", port=server.port, log_level="warning"))
    server.thread = threading.Thread(target=server.server.run, daemon=True)
    with server:
        server.reader_token = token
        yield server


def test_desk_browser_reads_need_a_token_when_required(locked_server, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(helpers.WATCH_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(helpers.BROWSER_TIMEOUT_MS)
    watched = helpers.Watched(page, locked_server.base)
    watched.allowed_errors.append("401")  # the reads refused before signing in
    try:
        page = watched.goto("/")
        expect(page.locator("#results .error, #main .error").first).to_contain_text("NT410")
        page = watched.goto("/watch")
        sign_in(page, locked_server.reader_token)
        expect(page.locator("#desk-user")).to_contain_text("reader-user (reader)")
        expect(page.locator("#watchlists")).to_contain_text("No watchlists yet.")
        page = watched.goto("/")  # the token stays with the tab and goes with every read
        page.wait_for_selector("#results li.hit")
        watched.check_clean()
    finally:
        context.close()
