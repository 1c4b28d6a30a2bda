"""A new user's fact-check of one claim from the demo corpus, in headless Chromium, click by click:
find the claim, read the evidence, mark a verdict, export the report (target: under 10 clicks;
the steps are the README's "Fact-check one claim in N clicks"). Also the timeline over a store
with one stray date, which must not open blank.

The store is the demo corpus as `make demo` builds it (`newstrace ingest demo/corpus`), plus one
team-written article that mentions a date a century before the rest.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

import newstrace

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "corpus"
MAX_CLICKS = 9  # the target is "under 10"

# The browser fixtures' helpers (live server, watched page), loaded under a private name: this
# module runs its own server over its own store.
_spec = importlib.util.spec_from_file_location("_walkthrough_helpers", Path(__file__).with_name("conftest.py"))
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)

# Team-written, fictional: one article whose event date lies a century before the demo's.
OUTLIER = {
    "title": "Kharkiv marks a century of its first tram line",
    "body": "Kharkiv residents marked the anniversary of the city's first electric tram line on Friday. "
            "The line opened on 12 March 1921, the city archive said, and its old depot now houses a museum.",
    "published": "2024-05-17",
    "url": "https://tramnews.example/kharkiv-century",
    "outlet": "Tram News",
}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, chromium_browser):
    if not DEMO.is_dir():
        pytest.skip("the demo corpus is not in this checkout")
    tmp = tmp_path_factory.mktemp("walkthrough")
    db = str(tmp / "demo.db")
    extra = tmp / "extra.jsonl"
    extra.write_text(json.dumps(OUTLIER) + "\n", encoding="utf-8")
    for source in (DEMO, extra):  # as `make demo` does: exit code 1 = some input failed (the broken download)
        run = subprocess.run([sys.executable, "-m", "newstrace", "ingest", str(source), "--db", db, "-q"],
                             capture_output=True, text=True, timeout=900)
        assert run.returncode in (0, 1), run.stderr
    with newstrace.open(db) as store:
        token = newstrace.api.add_user(store, "ana", "analyst", by="test")
    with helpers.LiveServer(db) as server:
        server.db = db
        server.token = token
        yield server


@pytest.fixture()
def demo(demo_server, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_init_script(helpers.WATCH_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(helpers.BROWSER_TIMEOUT_MS)
    expect.set_options(timeout=helpers.BROWSER_TIMEOUT_MS)
    watched = helpers.Watched(page, demo_server.base)
    yield watched
    try:
        watched.check_clean()
    finally:
        context.close()


class Clicks:
    """Counts the user's clicks (a native <select> counts two: open it, pick an option)."""

    def __init__(self):
        self.steps: list[str] = []

    def click(self, locator, why: str) -> None:
        locator.click()
        self.steps.append(why)

    def select(self, page, selector: str, value: str, why: str) -> None:
        page.select_option(selector, value)
        self.steps += [why + " (open)", why + " (pick)"]


def test_factcheck_walkthrough_under_10_clicks(demo, demo_server):
    clicks = Clicks()
    page = demo.goto("/")
    # 1. Find it: search the station strike (typing is not a click; the Search button is).
    page.fill("#q", "Sloviansk railway station")
    clicks.click(page.locator("#search-form button[type=submit]"), "search")
    expect(page).to_have_url(re.compile(r"[?&]q=Sloviansk"))
    hit = page.locator("#results li.hit a.article-link", has_text="Missile strike kills at least 35 at Sloviansk railway station")
    clicks.click(hit, "open the article")
    page.wait_for_selector("body[data-rendered='1']")
    claim_link = page.locator("#a-claims li", has_text="At least 35 people were killed").locator("a", has_text="claim page")
    clicks.click(claim_link, "open its claim page")

    # 2. Read the evidence: every supporting and disputing report with its sentence, outlet, date, why.
    expect(page.locator("#cl-text")).to_contain_text("At least 35 people were killed")
    disputes = page.locator("#cl-dispute li.report")
    expect(disputes.first).to_be_visible()
    police = page.locator("#cl-dispute li.report", has_text="police put the toll at 29")
    expect(police.locator("blockquote.evidence")).to_contain_text("killing 29 people")
    expect(police.locator(".why")).to_contain_text("conflict: figure")
    expect(police.locator(".why")).to_contain_text("29")
    expect(police).to_contain_text("2024-05-14")
    denial = page.locator("#cl-dispute li.report", has_text="Vostok Vestnik")
    expect(denial.locator(".why")).to_contain_text("conflict: status")
    expect(page.locator("#cl-support li.report").first.locator("blockquote.evidence a")).to_have_attribute(
        "href", re.compile(r"^/article/[0-9a-f]+#s=\d+-\d+$"))
    # First report first, in each list.
    dates = [d[:10] for d in page.locator("#cl-support li.report > .report-head .report-date").all_inner_texts()]
    assert dates == sorted(d for d in dates if d != "undated") + [d for d in dates if d == "undated"]
    # The police figure in its paragraph, opened in place.
    clicks.click(police.locator("details.context summary").first, "read the sentence in context")
    context = police.locator("details.context .context-text").first
    expect(context.locator("mark")).to_contain_text("killing 29 people")
    demo.shot("walkthrough-evidence")

    # 3. Mark a verdict.
    page.fill("#desk-token", demo_server.token)
    clicks.click(page.locator("#desk-signin button[type=submit]"), "sign in")
    expect(page.locator("#desk-user")).to_contain_text("ana")
    clicks.select(page, "#desk-verdict-value", "misleading", "choose the verdict")
    page.fill("#desk-verdict-text", "The police count 29 dead; the 35 is the regional administration's earlier figure.")
    clicks.click(page.locator("#desk-verdict-form button[type=submit]"), "save the verdict")
    expect(page.locator("#desk-verdict .badge")).to_have_text("misleading")

    # 4. Export the report.
    with page.expect_download() as info:
        clicks.click(page.locator("#report-html"), "download the report")
    report = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename.startswith("claim-") and info.value.suggested_filename.endswith(".html")
    assert "misleading" in report and "ana" in report
    assert "killing 29 people" in report  # the disputing evidence is in the report
    demo.shot("walkthrough-verdict")

    assert len(clicks.steps) <= MAX_CLICKS, clicks.steps
    assert len(clicks.steps) < 10


def test_factcheck_walkthrough_evidence_link_highlights_span(demo):
    """Each evidence sentence links to its highlighted span in the article (#s=START-END)."""
    page = demo.goto("/?q=" + "police put the toll at 29")
    page.locator("#results li.hit a.article-link").first.click()
    page.wait_for_selector("body[data-rendered='1']")
    page.locator("#a-claims a", has_text="claim page").first.click()
    link = page.locator("#cl-support blockquote.evidence a, #cl-dispute blockquote.evidence a").first
    href = link.get_attribute("href")
    sentence = link.inner_text()
    start, end = map(int, re.search(r"#s=(\d+)-(\d+)$", href).groups())
    link.click()
    page.wait_for_selector("#a-text span.target")
    assert "".join(page.locator("#a-text span.target").all_text_contents()) == sentence
    assert end - start == len(sentence)
    expect(page.locator("#target-start")).to_be_focused()
    expect(page.locator("#target-start")).to_be_in_viewport()


def test_factcheck_walkthrough_timeline_not_blank_with_an_outlier(demo):
    page = demo.goto("/timeline")
    page.wait_for_selector(".timeline[data-state='ready']")
    # The 1921 date is listed outside the axis, not stretching it.
    expect(page.locator("#tl-outliers button.outlier[data-date='1921-03-12']")).to_have_count(1)
    expect(page.locator("#tl-axis-note")).to_contain_text("2024-05")
    assert "1921" not in page.locator("#tl-axis-note").inner_text()
    expect(page.locator("#tl-events text.outlier-mark")).to_have_text("◀ 1 earlier")  # marked on the chart too
    # The bars are drawn wide enough to see and tell apart (blank = every bar squeezed to a pixel).
    bars = page.locator("#tl-articles rect.bar")
    assert bars.count() >= 3
    widths = [float(b.get_attribute("width")) for b in bars.all()]
    xs = sorted(float(b.get_attribute("x")) for b in bars.all())
    assert min(widths) >= 5 and xs[-1] - xs[0] > 100
    demo.shot("timeline-outlier")
    # The outlier opens its day; the full axis is one tick away.
    page.locator("#tl-outliers button.outlier[data-date='1921-03-12']").click()
    expect(page.locator("#tl-day-refs")).to_contain_text("Kharkiv marks a century")
    page.locator("#t-all").check()
    expect(page.locator("#tl-axis-note")).to_contain_text("1921-03-12")
    expect(page.locator("#tl-outliers button")).to_have_count(0)
    # Keyboard: a bar takes the focus and opens its day with Enter.
    page.locator("#t-all").uncheck()
    expect(page.locator("#tl-outliers button.outlier")).to_have_count(1)
    bar = page.locator("#tl-events rect.bar").first
    bar.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#tl-day-title")).to_have_text(bar.get_attribute("data-date"))


@pytest.mark.parametrize("kind", ["story", "event"])
def test_factcheck_walkthrough_report_from_story_and_event_pages(demo, demo_server, kind):
    with newstrace.open(demo_server.db) as store:
        if kind == "story":
            item = newstrace.api.stories(store, limit=1)["items"][0]
            item_id, title = item["story_id"], item["label"]
        else:
            item = newstrace.api.events(store, min_sources=2)["items"][0]
            item_id, title = item["event_id"], None
    page = demo.goto(f"/{kind}/{item_id}")
    with page.expect_download() as info:
        page.locator("#report-md").click()
    assert info.value.suggested_filename == f"{kind}-{item_id}.md"
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith(f"# {kind.title()} report")
    assert title is None or title.split()[0] in text
    # The report's sources are the page's reports: every article the page links to is in it.
    page.wait_for_selector("#s-articles[data-state='ready']" if kind == "story" else "#e-reports[data-state='ready']")
    shown = {h.split("/article/")[1].split("#")[0] for h in page.eval_on_selector_all(
        "#s-articles a, #e-reports a", "ns => ns.map((n) => n.getAttribute('href'))") if "/article/" in h}
    assert shown and all(doc_id in text for doc_id in shown)
    if kind == "event":  # each report's sentence links to its highlighted span
        hrefs = page.eval_on_selector_all("#e-reports a.evidence-link", "ns => ns.map((n) => n.getAttribute('href'))")
        assert hrefs and all(re.fullmatch(r"/article/[0-9a-f]+#s=\d+-\d+", h) for h in hrefs), hrefs


# A window 640 px wide shows what a 1280 px screen shows at 200 % zoom.
ZOOM_200 = {"width": 640, "height": 450}


@pytest.mark.parametrize("path, ready", [
    ("/claims", "#claims li.hit"), ("/timeline", ".timeline[data-state='ready']"),
    ("/map", "#map[data-state='ready']"), ("/stories", "#stories li.hit"), ("/?q=Sloviansk", "#results li.hit"),
])
def test_factcheck_walkthrough_readable_at_200_percent_and_keyboard(demo, path, ready):
    page = demo.page
    page.set_viewport_size(ZOOM_200)
    page = demo.goto(path)
    page.wait_for_selector(ready)
    # Nothing wider than the window: no sideways scrolling to read a page.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    # The first Tab lands on a control that shows it has the focus.
    page.keyboard.press("Tab")
    style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()")
    assert style[0] != "BODY" and style[1] != "none" and style[2] != "0px", style


def test_factcheck_walkthrough_claim_and_article_at_200_percent(demo, demo_server):
    with newstrace.open(demo_server.db) as store:
        _, items = newstrace.api.claims(store, limit=100)
    claim = next(c for c in items if "At least 35 people were killed" in c["text"])
    page = demo.page
    page.set_viewport_size(ZOOM_200)
    page = demo.goto(f"/claim/{claim['claim_id']}")
    page.wait_for_selector("#cl-support[data-state='ready']")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    page = demo.goto(f"/article/{claim['article']['doc_id']}")
    page.wait_for_selector("body[data-rendered='1']")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


# Why 80: more places than map.js's CLUSTER_MIN (60), so the map clusters them.
DENSE_PLACES = 80


def dense_article():
    """A team-written bulletin naming 80 invented hamlets a few kilometres apart (a dense map)."""
    from newstrace.model import Article, Origin, Paragraph, Place

    names = [f"Hamlet {i}" for i in range(1, DENSE_PLACES + 1)]
    text = "Shelling was reported overnight in " + ", ".join(names) + ", the regional administration said."
    places, pos = [], 0
    for i, name in enumerate(names):
        start = text.index(name, pos)
        pos = start + len(name)
        places.append(Place(start, pos, name=name, lat=48.0 + (i // 10) * 0.05, lon=37.0 + (i % 10) * 0.05,
                            country="UA", resolved=True, role="event"))
    return Article(doc_id="dense-bulletin-0001", source=Origin(outlet="Steppe Bulletin"), text=text,
                   title="Overnight shelling bulletin", published="2024-06-01", language="en",
                   paragraphs=[Paragraph(0, len(text), "body")], places=places)


@pytest.fixture(scope="module")
def dense_server(tmp_path_factory, chromium_browser):
    db = str(tmp_path_factory.mktemp("dense") / "dense.db")
    with newstrace.open(db) as store:
        store.put(dense_article())
    with helpers.LiveServer(db) as server:
        yield server


def test_factcheck_walkthrough_map_clusters_dense_markers(dense_server, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(helpers.WATCH_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(helpers.BROWSER_TIMEOUT_MS)
    watched = helpers.Watched(page, dense_server.base)
    try:
        watched.goto("/map")
        expect(page.locator("#map")).to_have_attribute("data-state", "ready")
        assert page.get_attribute("#map", "data-markers") == str(DENSE_PLACES)
        assert page.get_attribute("#map", "data-clustered") == "1"
        # Zoomed out to the world, the hamlets merge into clusters whose counts add up to all of them.
        while int(page.get_attribute("#map", "data-zoom")) > 3:
            zoom = page.get_attribute("#map", "data-zoom")
            page.locator(".leaflet-control-zoom-out").click()
            expect(page.locator("#map")).not_to_have_attribute("data-zoom", zoom)
        page.wait_for_function("() => !document.querySelector('#map .leaflet-zoom-anim, #map .leaflet-cluster-anim')")
        clusters = page.locator(".marker-cluster")
        expect(clusters.first).to_be_visible()
        # (a condition, not a read: markercluster swaps the old zoom's clusters out after the zoom)
        page.wait_for_function(f"""() => Array.from(document.querySelectorAll('.marker-cluster'))
            .reduce((s, n) => s + parseInt(n.textContent, 10), 0)
            + document.querySelectorAll('path.place-marker').length === {DENSE_PLACES}""")
        assert clusters.count() < 5
        # Labels never sit on top of each other.
        boxes = page.eval_on_selector_all(".leaflet-tooltip.place-label", "ns => ns.map((n) => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
        watched.shot("map-clusters")
        watched.check_clean()
    finally:
        context.close()
