"""RSS / Atom reader: entries as articles, content preferred to summary, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.model import InputFailure, RawDocument
from newstrace.readers import iter_file

FIX = Path(__file__).parent / "fixtures" / "readers"


@pytest.fixture(scope="module")
def rss():
    return list(iter_file(str(FIX / "feed.rss")))


def test_feed_rss_content_preferred_and_html_stripped(rss):
    first = rss[0]
    assert isinstance(first, RawDocument)
    assert first.text == ("Negotiators failed to agree on the exchange of prisoners on Thursday, two people familiar "
                          "with the talks said.\n\nA spokesman for the mediators declined to comment, saying only "
                          'that "contacts continue".')
    assert "Short summary only" not in first.text


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Ceasefire talks stall over prisoner lists"), ("published", "2024-05-02T09:30:00+00:00"),
     ("language", "en"), ("site_name", "Steppe Monitor")],
)
def test_feed_rss_metadata(rss, field, value):
    assert getattr(rss[0], field) == value


def test_feed_rss_origin(rss):
    src = rss[0].source
    assert (src.format, src.record, src.url) == ("feed", 0, "https://news.steppemonitor.example/2024/05/02/talks-stall")
    assert rss[1].text.startswith("The ferry at Kamianka resumed service")  # summary when no content


def test_feed_entry_without_text_fails_others_read(rss):
    assert [type(x).__name__ for x in rss] == ["RawDocument", "RawDocument", "InputFailure"]
    f = rss[2]
    assert (f.code, f.record) == ("NT105", 2)
    assert f.reason == "feed entry 2 has neither content nor summary text"


def test_feed_atom_outlet_is_feed_title_without_link():
    (doc,) = iter_file(str(FIX / "feed.atom"))
    assert doc.source.url is None  # the Atom id is a URN, not a link
    assert doc.source.outlet == "Carpathian Desk"
    assert doc.text == "Lorries waited up to 30 hours at the border crossing on Sunday, drivers said.\n\n" \
                       "Customs officials blamed new inspection rules."
    assert doc.published == "2024-06-01T12:00:00+00:00"


@pytest.mark.parametrize(
    ("content", "reason"),
    [('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>', "feed has no entries"),
     ('<rss version="2.0"><channel><item><title>x</title', "feed entry 0 has neither content nor summary text")],
)
def test_feed_without_entries_is_nt105(tmp_path, content, reason):
    p = tmp_path / "empty.rss"
    p.write_text(content, encoding="utf-8")
    (f,) = iter_file(str(p))
    assert isinstance(f, InputFailure)
    assert (f.code, f.path) == ("NT105", str(p))
    assert f.reason.startswith(reason)


@pytest.mark.parametrize("start", [1, 2])
def test_feed_start_record(start):
    items = list(iter_file(str(FIX / "feed.rss"), start_record=start))
    assert [x.source.record if isinstance(x, RawDocument) else x.record for x in items] == list(range(start, 3))


def test_feed_entry_xml_lang_overrides_feed_language(tmp_path):
    p = tmp_path / "mixed.atom"
    p.write_text('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
                 "<title>Desk</title><entry><title>Grenze</title><id>urn:x:1</id>"
                 '<content type="text" xml:lang="de-AT">Die Grenze bleibt geschlossen, sagte der Sprecher.</content>'
                 "</entry></feed>", encoding="utf-8")
    (doc,) = iter_file(str(p))
    assert doc.language == "de"
