"""Reports: claim and story reports in Markdown and HTML, with verdict, chronology, evidence, quotes,
independence, conflicts and sources; article text can inject neither HTML nor Markdown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import _exports_store as X
from newstrace.errors import UsageError
from newstrace.reports import build, md_escape, render

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def store(tmp_path):
    s = X.build(str(tmp_path / "t.db"))
    yield s
    s.close()


def test_reports_claim_data(store):
    d = build(store, "claim", "cl-izmail-12")
    a = X.article_a()
    assert d["subject"]["text"] == a.text[d["subject"]["start"]:d["subject"]["end"]]
    assert [v["verdict"] for v in d["verdicts"]] == ["unproven"]
    # First report first: the claim's own article, then the supporter a day later.
    assert [(e["doc_id"], e["stance"]) for e in d["chronology"]] == [(X.DOC_A, "states"), (X.DOC_B, "supports")]
    sup = d["chronology"][1]
    assert sup["evidence"][0]["text"] == "Officials said at least 12 people were injured."
    assert {s["doc_id"] for s in d["sources"]} == {X.DOC_A, X.DOC_B}
    assert d["independence"]["count"] >= 1


def test_reports_quotes_inside_evidence(store):
    d = build(store, "claim", "cl-izmail-12")
    # The claim sentence carries no quotation; the quote of article A is elsewhere.
    assert d["chronology"][0]["quotes"] == []


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_render_sections_and_sources(store, fmt):
    text = render(build(store, "claim", "cl-izmail-12"), fmt)
    for heading in ("Verdict", "Chronology of reports", "Independence", "Conflicts", "Sources"):
        assert heading in text
    assert "unproven" in text and "Danube Herald" in text and "Port Wire" in text
    assert "https://danubeherald.example/izmail" in text


def test_reports_html_escapes_article_text(store):
    html = render(build(store, "claim", "cl-izmail-12"), "html")
    assert "<b>figure</b>" not in html and "&lt;b&gt;figure&lt;/b&gt;" in html
    # Only http(s) URLs become links; a javascript: URL is text.
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("https://") for h in hrefs)


def test_reports_markdown_escapes_article_text(store):
    md = render(build(store, "claim", "cl-izmail-12"), "md")
    assert "<b>" not in md and "\\<b\\>figure\\</b\\>" in md
    assert "](javascript:" not in md and "<javascript:" not in md


@pytest.mark.parametrize("value,expected", [
    ("a *b* [c](d) <e> |f|", "a \\*b\\* \\[c\\](d) \\<e\\> \\|f\\|"),
    ("two\nlines", "two lines"),
    (None, ""),
])
def test_reports_md_escape(value, expected):
    assert md_escape(value) == expected


def test_reports_story(store):
    from newstrace import api

    api.link(store, stance=False)  # builds the story of the two articles (B rewrites A)
    (story,) = api.stories(store)["items"]
    d = build(store, "story", story["story_id"])
    assert d["subject"]["text"] == story["label"]
    first = d["chronology"][0]
    assert first["doc_id"] == X.DOC_A  # first report first
    folded = [c["doc_id"] for c in first.get("copies", [])]
    top = [e["doc_id"] for e in d["chronology"]]
    assert X.DOC_B in folded or X.DOC_B in top
    assert {s["doc_id"] for s in d["sources"]} == {X.DOC_A, X.DOC_B}
    # Quotes carry offsets into their own article.
    for q in first["quotes"]:
        assert X.TEXT_A[q["start"]:q["end"]] == q["text"]
    assert story["label"] in render(d, "md")


def test_reports_event_merged_with_verdict(store):
    from newstrace import api
    from newstrace.desk import add_verdict

    api.link(store, stance=False)  # merges the article events into events across articles
    add_verdict(store, "event", "ev-izmail-a", "true", author="analyst2", note="Satellite images confirm.",
                sources=["https://images.example/izmail"])
    d = build(store, "event", "ev-izmail-a")  # an article event's id names its merged event
    assert d["subject"]["type"] == "AIR_STRIKE" and d["subject"]["place"] == "Izmail"
    assert [v["verdict"] for v in d["verdicts"]] == ["true"]
    (entry,) = d["chronology"]
    ev = entry["evidence"][0]
    assert X.TEXT_A[ev["start"]:ev["end"]] == ev["text"]
    html = render(d, "html")
    assert "Satellite images confirm." in html and 'href="https://images.example/izmail"' in html


@pytest.mark.parametrize("kind,item", [("claim", "no-such-claim"), ("event", "no-such-event"), ("nope", "x")])
def test_reports_unknown_raise_usage_error(store, kind, item):
    with pytest.raises(UsageError):
        build(store, kind, item)


def test_reports_cli_writes_file_and_exit_codes(store, tmp_path):
    db = store.path
    store.close()
    out = tmp_path / "r.html"
    r = subprocess.run([sys.executable, "-m", "newstrace", "report", "claim", "cl-izmail-12", "--format", "html",
                        "--out", str(out), "--db", str(db), "-q"], cwd=ROOT, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    r = subprocess.run([sys.executable, "-m", "newstrace", "report", "claim", "nope", "--db", str(db)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 2 and "no claim" in r.stderr


def test_reports_bounded_reports(store, monkeypatch):
    from newstrace.reports import data as b

    monkeypatch.setattr(b, "MAX_REPORTS", 1)
    d = build(store, "claim", "cl-izmail-12")
    assert len(d["chronology"]) == 1 and d["left_out"] == 1
    assert "1 more report(s) left out" in render(d, "md")
