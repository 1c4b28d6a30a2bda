"""The events pages in Chromium: table, map markers, timeline, one event with its reports and conflicts.

A live server of its own over a small merged store (tests/test_events_web.py builds it); every wait
is for a condition (the table's data-state, a selector), never a fixed sleep.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import BROWSER_TIMEOUT_MS, WATCH_SCRIPT, LiveServer, Watched

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_events_web import HOSTILE, build_event_store  # noqa: E402


@pytest.fixture(scope="module")
def events_live(tmp_path_factory, chromium_browser):
    db = build_event_store(str(tmp_path_factory.mktemp("evbrowser") / "ev.db"))
    with LiveServer(db) as server:
        yield server


@pytest.fixture()
def events_web(events_live, chromium_browser):
    from playwright.sync_api import expect

    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    watched = Watched(page, events_live.base)
    yield watched
    try:
        watched.check_clean()
    finally:
        context.close()


def test_events_browser_table_map_timeline_and_filter(events_web):
    from playwright.sync_api import expect

    page = events_web.goto("/events")
    page.wait_for_selector("#ev-table[data-state='ready']")
    expect(page.locator("#ev-rows tr.event-row")).to_have_count(2)
    expect(page.locator("#ev-status")).to_have_text("2 events")
    assert page.locator("#map path.leaflet-interactive").count() == 2  # one circle marker per located event
    assert page.locator("#ev-timeline rect.bar").count() == 2
    strike = page.locator("#ev-rows tr.event-row", has_text="Kramatorsk")
    expect(strike).to_contain_text("actor, denial, figure")
    page.fill("#ev-type", "arrest")
    page.press("#ev-type", "Enter")
    expect(page.locator("#ev-rows tr.event-row")).to_have_count(1)
    expect(page.locator("#ev-rows")).to_contain_text("Sloviansk")
    assert "type=arrest" in page.locator("#ev-csv").get_attribute("href")
    events_web.shot("events-list")


def test_events_browser_one_event_reports_and_conflicts_as_text(events_web):
    from playwright.sync_api import expect

    page = events_web.goto("/events")
    page.wait_for_selector("#ev-table[data-state='ready']")
    page.locator("#ev-rows tr.event-row", has_text="Kramatorsk").locator("a").first.click()
    page.wait_for_selector("#e-reports[data-state='ready']")
    expect(page.locator("#e-reports tr.report")).to_have_count(4)
    expect(page.locator("#e-conflicts li.conflict-denial")).to_contain_text("denied by Russia")
    expect(page.locator("#e-conflicts li.conflict-figure")).to_contain_text("57 people")
    expect(page.locator("#e-meta")).to_contain_text("4 independent sources")
    # the hostile outlet and sentence are shown as text, never parsed
    expect(page.locator("#e-reports")).to_contain_text(HOSTILE)
    assert page.locator("#e-reports script").count() == 0
    events_web.shot("event-one")
