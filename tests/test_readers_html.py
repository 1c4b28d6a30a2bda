"""HTML reader: trafilatura main text, metadata, dropped-line audit trail, broken pages."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newstrace.model import InputFailure, RawDocument
from newstrace.readers import html as html_reader
from newstrace.readers import iter_file
from newstrace.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "readers"

ARTICLE_P = ("<p>Paragraph {i}: emergency crews in the eastern district worked through the night to clear rubble "
             "after the strike, the regional administration said in a statement on Wednesday.</p>")


def _one(path, settings=None):
    items = list(iter_file(str(path), settings))
    assert len(items) == 1, items
    return items[0]


@pytest.fixture(scope="module")
def article():
    doc = _one(FIX / "article.html")
    assert isinstance(doc, RawDocument)
    return doc


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Drone strike cuts power to Vorskla river towns"), ("author", "Marta Kovalenko"),
     ("site_name", "The Harbour Gazette"), ("published", "2024-03-04"), ("language", "en"),
     ("is_extracted", True)],
)
def test_html_metadata(article, field, value):
    assert getattr(article, field) == value


def test_html_origin_from_canonical_url(article):
    assert article.source.format == "html"
    assert article.source.url == "https://www.harbourgazette.example/world/2024/03/04/vorskla-power"
    assert article.source.outlet == "The Harbour Gazette"  # the page's own og:site_name wins over the domain
    assert article.source.host == "harbourgazette.example"  # www. dropped
    assert article.source.path.endswith("article.html")


def test_html_paragraphs_separated_by_blank_lines(article):
    paras = article.text.split("\n\n")
    assert any(p.startswith("Three towns along the Vorskla river") for p in paras)
    assert any(p.startswith("The defence ministry in the capital") for p in paras)
    # <br> inside a paragraph is a single newline, not a paragraph break
    assert "shortly after midnight.\n\"The windows shook" in article.text


@pytest.mark.parametrize("furniture", ["Subscribe now for 1 euro", "Accept all cookies", "Related stories",
                                       "Follow us on social media", "All rights reserved"])
def test_html_boilerplate_dropped_and_recorded(article, furniture):
    assert furniture not in article.text
    hits = [r for r in article.removed if furniture in r.text]
    assert hits and all(r.reason == "html-boilerplate" for r in hits)


def test_html_body_never_listed_as_removed(article):
    for r in article.removed:
        assert r.text not in article.text.replace("\n", " ")


def test_html_gzipped_same_as_plain(tmp_path, article):
    p = tmp_path / "page.htm.gz"
    p.write_bytes(gzip.compress((FIX / "article.html").read_bytes()))
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert (doc.text, doc.title, doc.published) == (article.text, article.title, article.published)


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r"])
def test_html_declared_charset(tmp_path, charset):
    body = "".join(f"<p>Абзац {i}: спасатели работали всю ночь, сообщили в областной администрации.</p>"
                   for i in range(6))
    page = (f'<html lang="ru"><head><meta charset="{charset}"><title>Новости</title></head>'
            f"<body><article>{body}</article></body></html>")
    p = tmp_path / "ru.html"
    p.write_bytes(page.encode(charset))
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert "спасатели работали всю ночь" in doc.text
    assert doc.language == "ru"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>App</title><script>var x = 1;</script></head><body><div id='root'></div></body></html>",
        "<html><body>   </body></html>",
        "<html><head><style>p {color: red}</style></head><body><noscript>Enable JavaScript</noscript></body></html>",
    ],
)
def test_html_without_main_text_is_nt105(tmp_path, page):
    p = tmp_path / "broken.html"
    p.write_text(page, encoding="utf-8")
    fail = _one(p)
    assert isinstance(fail, InputFailure)
    assert fail.code == "NT105"
    assert fail.path == str(p)
    assert "no main text" in fail.reason


def test_html_tag_soup_still_read(tmp_path):
    # unclosed tags and stray end tags: lxml repairs them, the article survives
    soup = "<html><body><div><article>" + "".join(ARTICLE_P.format(i=i).replace("</p>", "") for i in range(5))
    soup += "</span></td></article></body>"
    p = tmp_path / "soup.html"
    p.write_text(soup, encoding="utf-8")
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert "Paragraph 4: emergency crews" in doc.text


def test_html_truncated_gzip_is_nt106(tmp_path):
    data = gzip.compress((FIX / "article.html").read_bytes())
    p = tmp_path / "cut.html.gz"
    p.write_bytes(data[: len(data) // 2])
    fail = _one(p)
    assert isinstance(fail, InputFailure)
    assert (fail.code, fail.path) == ("NT106", str(p))
    assert "truncated" in fail.reason


def test_html_gzip_bomb_stops_at_limit(tmp_path):
    page = b"<html><body><p>" + b"a" * 5_000_000 + b"</p></body></html>"
    p = tmp_path / "bomb.html.gz"
    p.write_bytes(gzip.compress(page))
    assert p.stat().st_size < 100_000
    fail = _one(p, Settings(max_input_bytes=1_000_000))
    assert isinstance(fail, InputFailure)
    assert fail.code == "NT104"
    assert "decompressed" in fail.reason and "max_input_bytes" in fail.reason


def test_html_removed_lines_are_capped(tmp_path):
    n = html_reader.MAX_REMOVED_LINES + 200
    nav = "".join(f"<li><a href='/s{i}'>Section number {i}</a></li>" for i in range(n))
    page = (f"<html><body><nav><ul>{nav}</ul></nav><article>"
            + "".join(ARTICLE_P.format(i=i) for i in range(6)) + "</article></body></html>")
    p = tmp_path / "big-nav.html"
    p.write_text(page, encoding="utf-8")
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert len(doc.removed) == html_reader.MAX_REMOVED_LINES
    assert any("not listed" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [("<p>One.</p><p>Two<br>lines.</p>", "One.\n\nTwo\nlines."),
     ("<div><script>alert(1)</script><p>Kept &amp; decoded</p></div>", "Kept & decoded"),
     ("<ul><li>First</li><li>Second</li></ul>", "First\n\nSecond")],
)
def test_html_fragment_to_text(fragment, expected):
    assert html_reader.fragment_to_text(fragment) == expected


def test_html_deep_nesting_does_not_crash():
    fragment = "<div>" * 5000 + "<p>Deep text</p>" + "</div>" * 5000
    assert "Deep text" in html_reader.fragment_to_text(fragment)


@pytest.mark.bench_data
@pytest.mark.slow
def test_html_bench_f1_at_least_trafilatura(shared_bench):
    """Acceptance: token F1 of the reader on the shared extraction set >= trafilatura's own output."""
    import json
    import re
    from collections import Counter

    d = shared_bench / "extraction"
    gt = json.loads((d / "ground-truth.json").read_text())
    peer = json.loads((d / "peers" / "trafilatura.json").read_text())
    tok = re.compile(r"\w+")

    def f1(pred):
        tp = pp = gg = 0
        for k, v in gt.items():
            g, p = Counter(tok.findall(v["articleBody"].lower())), Counter(tok.findall(pred.get(k, "").lower()))
            tp, pp, gg = tp + sum((g & p).values()), pp + sum(p.values()), gg + sum(g.values())
        return 2 * tp / (pp + gg)

    ours = {}
    for k, v in gt.items():
        doc = next(html_reader.read(gzip.decompress((d / "html" / f"{k}.html.gz").read_bytes()), k, url=v["url"]))
        ours[k] = doc.text if isinstance(doc, RawDocument) else ""
    assert f1(ours) >= f1({k: v["articleBody"] for k, v in peer.items()})


@pytest.mark.parametrize("fragment", ["<p>Short wire item: the bridge reopened on Friday, the ministry said.</p>"])
def test_html_bare_fragment_file_kept_for_the_cleaner(tmp_path, fragment):
    p = tmp_path / "wire.html"
    p.write_text(fragment, encoding="utf-8")
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert doc.text == "Short wire item: the bridge reopened on Friday, the ministry said."
    assert not doc.is_extracted
