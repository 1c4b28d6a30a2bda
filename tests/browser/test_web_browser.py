"""The web app in headless Chromium: search, article highlights, map, timeline, claims, upload, XSS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from webcorpus import COPY_ID, DENIAL_ID, HOSTILE_ID, PAYLOADS, PORT_ID, STORY_ID, TOKEN, port_article

pytestmark = pytest.mark.browser

# Team-written, fictional: pasted through the upload page.
UPLOAD_TEXT = """Kramatorsk, 6 March - Volunteers in Kramatorsk opened a second field kitchen on Friday after the city's water station was damaged, the mayor's office said.

"We are cooking for about 1,500 people a day," said Olena Serhiienko, who runs the kitchen, adding that supplies would last another week.

The damage could not be independently verified."""


def test_web_browser_search_with_facets(web):
    page = web.goto("/")
    page.wait_for_selector("#results li.hit")  # the listing before any query
    page.fill("#q", "grain")
    page.press("#q", "Enter")
    # Conditions that only the answer to "grain" meets (the listing also has hits and facets).
    expect(page).to_have_url(re.compile(r"[?&]q=grain"))
    hits = page.locator("#results li.hit")
    expect(hits).to_have_count(2)
    expect(page.locator("#results .snippet mark").first).to_be_visible()
    marks = page.locator("#results .snippet mark").all_text_contents()
    assert marks and all(m.lower() == "grain" for m in marks)
    expect(page.locator("#facet-people")).to_contain_text("Oleksandr Marchenko")
    web.shot("search")
    page.locator("#facet-outlets button", has_text="Kyiv Ledger").click()
    page.wait_for_selector("#active-filters .chip")
    expect(page.locator("#results li.hit")).to_have_count(1)
    assert page.locator("#results li.hit").get_attribute("data-doc-id") == PORT_ID


def test_web_browser_article_highlights(web):
    page = web.goto("/?q=Marchenko")
    page.locator(f'#results li[data-doc-id="{PORT_ID}"] a.article-link').click()
    page.wait_for_selector("body[data-rendered='1']")
    art = port_article()
    # The text is all there, once, in order: paragraphs rebuilt from offsets lose nothing.
    paras = page.locator("#a-text p.para").all_text_contents()
    assert paras == [art.text[p.start:p.end] for p in art.paragraphs]
    assert page.locator("#a-text p.para-caption").count() == 1 and page.locator("#a-text p.para-credit").count() == 1

    def covered(selector: str) -> str:
        return "".join(page.locator(f"#a-text {selector}").all_text_contents())

    q = art.quotes[0]
    assert covered("span.quote") == art.text[q.content.start:q.content.end]
    assert covered("span.speaker") == "Marchenko"
    assert covered("span.hedge") == "reportedly"
    assert covered("span.denial") == "denied"
    assert "at least 12 people" in covered("span.amount")
    assert covered("span.place.role-event") == "Mykolaiv"
    assert re.sub(r"\s+", " ", covered("span.time")) == "on Tuesday nightWednesday morning"
    assert "Oleksandr Marchenko" in covered("span.ent-PERSON")
    assert covered("span.shared") == art.text[:art.links[0].evidence[0]["end"]]  # passage shared with the copy
    web.shot("article")
    # Details of a highlight, and the quote's speaker linked.
    page.locator("#a-text span.amount").first.click()
    expect(page.locator("#details-body")).to_contain_text("people injured")
    speaker_link = page.locator("#a-quotes a", has_text="Oleksandr Marchenko")
    assert speaker_link.get_attribute("href") == "/?entity=Oleksandr%20Marchenko"
    # Layers can be switched off.
    page.locator("#legend input[data-layer='quote']").uncheck()
    expect(page.locator("#article")).to_have_class(re.compile(r"\bhide-quote\b"))
    # Removed furniture on demand.
    assert not page.locator("#removed-list").is_visible()
    page.locator("#removed summary").click()
    expect(page.locator("#removed-list")).to_contain_text("Sign up for our morning briefing")
    # Links to the copy and the disputing report.
    page.wait_for_selector(f'#a-links a[href="/article/{COPY_ID}"]')
    expect(page.locator(f'#a-links a[href="/article/{DENIAL_ID}"]')).to_have_count(1)
    web.shot("article-details")


# Horizontal pixel extent of every ring Leaflet drew for the country outlines (one SVG subpath
# per ring: "M x y L x y ... z").
RING_SPANS = r"""() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path:not(.place-marker)'))
  .flatMap((p) => (p.getAttribute('d') || '').split('M').filter((s) => s.trim())
    .map((sub) => { const xs = Array.from(sub.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)).map((m) => +m[1]);
                    return xs.length ? Math.max(...xs) - Math.min(...xs) : 0; }))"""


def map_reloaded(page, action) -> int:
    """Do ``action`` (which reloads the map's places) and wait until the map says its markers for
    that answer are drawn: the /api/places response, then #map[data-state=ready]. Returns the
    marker count. Conditions only: on a loaded machine the answer can take seconds, and checking
    right after the action read the map between clearing and redrawing (0 markers)."""
    with page.expect_response(lambda r: "/api/places" in r.url and r.request.method == "GET"):
        action()
    expect(page.locator("#map")).to_have_attribute("data-state", "ready")
    return int(page.get_attribute("#map", "data-markers"))


def test_web_browser_map_renders_markers(web):
    page = web.page
    map_reloaded(page, lambda: web.goto("/map"))
    markers = page.locator("path.place-marker")
    assert int(page.get_attribute("#map", "data-markers")) >= 6
    expect(markers).to_have_count(int(page.get_attribute("#map", "data-markers")))
    assert page.locator("path.place-marker.role-event").count() >= 2
    assert page.locator("path.place-marker.role-mention").count() >= 2
    assert page.locator("path.place-marker.role-dateline").count() == 1
    # Country outlines: drawn before the markers (the places load once the outlines are in).
    assert page.locator(".leaflet-overlay-pane path:not(.place-marker)").count() > 100
    # No band artefacts: no drawn ring spans more than half the world's width at this zoom (a ring
    # crossing the antimeridian unsplit spans all of it: Russia's and Fiji's did).
    # The map opens on the places; zoom out to the whole world (where a band would cross it).
    while int(page.get_attribute("#map", "data-zoom")) > 1:
        zoom = page.get_attribute("#map", "data-zoom")
        page.locator(".leaflet-control-zoom-out").click()
        expect(page.locator("#map")).not_to_have_attribute("data-zoom", zoom)
    page.wait_for_function("() => !document.querySelector('#map .leaflet-zoom-anim')")
    world_px = 256 * 2 ** int(page.get_attribute("#map", "data-zoom"))
    spans = page.evaluate(RING_SPANS)
    assert len(spans) > 100 and max(spans) < world_px / 2, max(spans)
    # Labels: the places most written about are named on the map.
    expect(page.locator(".leaflet-tooltip.place-label", has_text="Mykolaiv")).to_have_count(1)
    web.shot("map")
    shown = map_reloaded(page, lambda: page.locator("#m-event").uncheck())
    expect(page.locator("path.place-marker.role-event")).to_have_count(0)
    expect(markers).to_have_count(shown)
    assert page.locator("path.place-marker.role-mention").count() >= 2
    map_reloaded(page, lambda: page.locator("#m-event").check())
    page.fill("#m-since", "2026-03-05")
    shown = map_reloaded(page, lambda: page.locator("#map-form button").click())
    expect(page.locator("#map-status")).to_contain_text(f"{shown} place")
    expect(markers).to_have_count(shown)
    page.locator("path.place-marker.role-dateline").click()
    page.wait_for_selector("#place-panel li")
    assert "Moscow" in page.locator("#place-panel").inner_text()
    web.shot("map-filtered")


def test_web_browser_timeline(web):
    page = web.goto("/timeline")
    page.wait_for_selector("#tl-articles rect.bar")
    page.wait_for_selector("#tl-events rect.bar")
    page.locator('#tl-events rect.bar[data-date="2026-03-03"]').click()
    expect(page.locator("#tl-day-refs a").first).to_have_attribute("href", f"/article/{PORT_ID}")
    web.shot("timeline")


def test_web_browser_claim_page(web):
    page = web.goto("/claims")
    page.wait_for_selector("#claims li.hit")
    web.shot("claims")
    page = web.goto("/claim/c-port-strike")
    page.wait_for_selector("#cl-dispute li a")
    expect(page.locator("#cl-text")).to_have_text(re.compile(r"^Russian drones struck"))
    expect(page.locator("#cl-meta")).to_contain_text("hedged")
    expect(page.locator("#cl-dispute a.article-link")).to_have_attribute("href", f"/article/{DENIAL_ID}")
    expect(page.locator("#cl-dispute")).to_contain_text("score 0.90")
    expect(page.locator("#cl-dispute")).to_contain_text("Northern Courier")
    expect(page.locator("#cl-dispute")).to_contain_text("2026-03-05")
    expect(page.locator("#cl-dispute li.report .badge.stance")).to_have_text("disputes")
    expect(page.locator("#cl-dispute blockquote")).to_have_text("Our forces hit only military targets")
    expect(page.locator("#cl-copies a")).to_have_attribute("href", f"/article/{COPY_ID}")
    # The claim's own sentence links to its highlighted span in the source article.
    art = port_article()
    claim = next(c for c in art.claims if c.claim_id == "c-port-strike")
    expect(page.locator("#cl-source-link")).to_have_attribute("href", f"/article/{PORT_ID}#s={claim.start}-{claim.end}")
    web.shot("claim")
    page.locator("#cl-source-link").click()
    page.wait_for_selector("#a-text span.target")
    assert "".join(page.locator("#a-text span.target").all_text_contents()) == art.text[claim.start:claim.end]
    expect(page.locator("#target-start")).to_be_focused()


def test_web_browser_article_default_layers_and_legend(web):
    page = web.goto(f"/article/{PORT_ID}")
    page.wait_for_selector("body[data-rendered='1']")
    expect(page.locator("#legend legend")).to_contain_text("Highlight layers")
    on = {i.get_attribute("data-layer") for i in page.locator("#legend input[data-layer]").all() if i.is_checked()}
    off = {i.get_attribute("data-layer") for i in page.locator("#legend input[data-layer]").all() if not i.is_checked()}
    assert on == {"quote", "speaker", "claim", "place"}
    assert {"entity", "amount", "time", "hedge", "denial"} <= off
    article = page.locator("#article")
    expect(article).to_have_class(re.compile(r"\bhide-amount\b"))
    expect(article).not_to_have_class(re.compile(r"\bhide-quote\b"))
    # A hidden layer is really not painted; a shown one is.
    bg = page.eval_on_selector("#a-text span.amount", "n => getComputedStyle(n).backgroundColor")
    assert bg in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.eval_on_selector("#a-text span.place.role-event", "n => getComputedStyle(n).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    # Every legend swatch is labelled with its count; toggles work from the keyboard.
    assert all(re.search(r"\d+$", t.strip()) for t in page.locator("#legend label.layer-toggle").all_inner_texts())
    page.focus("#legend input[data-layer='amount']")
    page.keyboard.press("Space")
    expect(article).not_to_have_class(re.compile(r"\bhide-amount\b"))
    # The choice is kept for the tab: another article opens with it.
    page = web.goto(f"/article/{COPY_ID}")
    page.wait_for_selector("body[data-rendered='1']")
    expect(page.locator("#article")).not_to_have_class(re.compile(r"\bhide-amount\b"))
    web.shot("article-layers")


def test_web_browser_report_route_escaped(web):
    page = web.goto("/report/claim/c-hostile")
    body = page.locator("body").inner_text()
    assert "Claim report" in body
    assert PAYLOADS[1] in body  # the hostile text is shown as text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script, img, iframe").count() == 0
    assert page.evaluate("document.querySelectorAll('style').length") == 1  # the report's own, allowed by hash
    page = web.goto("/report/claim/c-port-strike?format=md")
    assert page.locator("body").inner_text().startswith("# Claim report")


def test_web_browser_story_page(web):
    page = web.goto("/stories")
    page.locator("#stories a", has_text="Drone strike on Mykolaiv port").click()
    expect(page.locator("#s-articles tr")).to_have_count(3)
    expect(page.locator("#s-meta")).to_contain_text("2 independent sources")
    rows = [(r.locator("td").nth(2).locator("a").inner_text(), r.locator("td").nth(3).inner_text())
            for r in page.locator("#s-articles tr").all()]
    # First report first (4 March, then the copy folded right under it, then the 5 March denial).
    assert rows == [("Drones hit Mykolaiv grain terminal, governor says", "original"),
                    ("Drones hit Mykolaiv grain terminal", "copy"),
                    ("Moscow rejects reports of Mykolaiv port strike", "original")]
    expect(page.locator("#s-articles tr.folded")).to_have_count(1)
    # The disputing report, against the report it disputes.
    dispute = page.locator("#s-conflicts li.report")
    expect(dispute).to_have_count(1)
    expect(dispute.locator(f'a[href="/article/{DENIAL_ID}"]')).to_have_count(1)
    expect(dispute.locator(f'a[href="/article/{PORT_ID}"]')).to_have_count(1)
    expect(dispute.locator(".report-head strong").first).to_have_text("Northern Courier")  # the later one disputes
    expect(page.locator("#report-html")).to_be_visible()
    web.shot("story")
    page = web.goto(f"/article/{COPY_ID}")
    page.wait_for_selector(f'#a-links a[href="/story/{STORY_ID}"]')


def test_web_browser_unknown_article_shows_error(web):
    web.allowed_errors.append("status of 404")
    page = web.goto("/article/0123456789abcdef0123")
    page.wait_for_selector("#a-text .error")
    assert "NT404" in page.locator("#a-text").inner_text()


def test_web_browser_upload_with_token_then_find_it(web):
    page = web.goto(f"/upload#token={TOKEN}")
    assert page.url.endswith("/upload")  # the token left the address bar
    assert page.input_value("#u-token") == TOKEN
    page.fill("#u-title", "Kramatorsk volunteers open second field kitchen")
    page.fill("#u-outlet", "Donbas Evening")
    page.fill("#u-text", UPLOAD_TEXT)
    web.shot("upload-form")
    page.locator("#u-submit").click()
    link = page.wait_for_selector("#u-results li.ingested a", timeout=120_000)
    assert link.inner_text() == "Kramatorsk volunteers open second field kitchen"
    web.shot("upload-done")
    link.click()
    page.wait_for_selector("body[data-rendered='1']")
    expect(page.locator("#a-text")).to_contain_text("Olena Serhiienko")
    page = web.goto("/?q=kitchen")
    expect(page.locator("#results li.hit")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Kramatorsk volunteers")


def test_web_browser_upload_wrong_token_refused(web):
    web.allowed_errors.append("status of 401")
    page = web.goto("/upload")
    page.fill("#u-token", "not-the-token-at-all")
    page.fill("#u-text", UPLOAD_TEXT)
    page.locator("#u-submit").click()
    expect(page.locator("#u-failures .error")).to_contain_text("NT410")


def settled(page) -> None:
    """Wait (for conditions, not a time) until the page is quiet: no request in flight (an
    injected image or script would be one) and two animation frames rendered after that, so any
    handler a payload could have attached has had its turn."""
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


# Pages where the hostile article's fields are shown, and what to wait for on each.
HOSTILE_PAGES = [
    (f"/article/{HOSTILE_ID}", "body[data-rendered='1']"),
    ("/?q=Kherson", "#results li.hit"),
    ("/claims", "#claims li.hit"),
    ("/claim/c-hostile", "#cl-source a"),
    ("/map", "#map[data-state='ready']"),
    ("/timeline", "#tl-articles rect.bar"),
    ("/?entity=Kherson", "#results li.hit"),
]


@pytest.mark.parametrize("path, ready", HOSTILE_PAGES, ids=[p for p, _ in HOSTILE_PAGES])
def test_web_browser_hostile_article_runs_nothing(web, path, ready):
    page = web.goto(path)
    page.wait_for_selector(ready)
    settled(page)
    # Poke at everything a payload could hook: hover and click every highlight and link in the text.
    for node in page.locator("#a-text span.ann, #removed summary, path.place-marker").all()[:40]:
        for event in ("mouseover", "mouseenter", "click"):  # events, not clicks: markers overlap
            node.dispatch_event(event)
    settled(page)
    assert page.evaluate("window.__pwned") is None
    assert page.title() != "pwned"
    assert web.dialogs == []
    assert page.locator("#main script, #main img, #main iframe, #main svg[onload], #main style").count() == 0
    assert page.locator("a[href^='javascript:'], [onerror], [onload], [onmouseover]").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == page.evaluate(
        "Array.from(document.scripts).filter(s => s.src.startsWith(location.origin + '/static/')).length")
    body = page.locator("body").inner_text()
    if path.startswith("/article/"):
        for payload in PAYLOADS:  # shown as text, character for character
            assert payload in body
        assert "javascript:window.__pwned=9" in page.locator("#a-source").inner_text()
        web.shot("hostile-article")
