"""Format detection by content, with the extension only as a tie-breaker."""

from __future__ import annotations

import gzip

import pytest

from newstrace.readers.detect import sniff

HTML = b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Hello</p></body></html>"
RSS = b'<?xml version="1.0"?>\n<!-- a feed -->\n<rss version="2.0"><channel><title>T</title></channel></rss>'
ATOM = b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>'
RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>'
WARC = b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"


@pytest.mark.parametrize(
    ("head", "name", "fmt"),
    [
        (HTML, "page.txt", "html"),  # wrong extension: content wins
        (HTML, "page", "html"),
        (b"\xef\xbb\xbf  \n<html lang='en'><body>x</body></html>", "a.dat", "html"),  # BOM and blank lines first
        (b"<div><p>Just a fragment</p></div>", "frag.bin", "html"),
        (b"Kyiv, 3 March - some text <html> later", "x.txt", "html"),
        (RSS, "feed.txt", "feed"),
        (ATOM, "feed.html", "feed"),
        (RDF, "x", "feed"),
        (WARC, "crawl.txt", "warc"),
        (b'{"title": "a", "text": "b"}', "a.txt", "json"),
        (b'{"title": "a", "text": "b"}', "a.jsonl", "jsonl"),
        (b'{"title": "a", "text": "b"}', "a.ndjson", "jsonl"),
        (b'[\n  {"text": "b"}\n]', "a.html", "json"),
        (b"[UPDATED] Officials said on Monday...", "a.json", "text"),  # a bracket does not make JSON
        (b"{Editor's note} this is prose", "a.json", "text"),
        (b"Plain scraped article text.\n\nSecond paragraph.", "a.html", "text"),
        (b"<< Back to news\n\nOfficials said on Monday...", "a.txt", "text"),
        (b"<Untitled> draft\n\nOfficials said on Monday...", "a.txt", "text"),
        ("Texte en fran\u00e7ais".encode("utf-16"), "a.txt", "text"),  # UTF-16 with BOM is text, not binary
    ],
)
def test_detect_format_by_content(head, name, fmt):
    det = sniff(head, name)
    assert det.binary is None
    assert det.format == fmt


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"SQLite format 3\x00\x10\x00", "SQLite"),
        (b"some text\x00with\x00nul bytes\x01\x02", "NUL"),
    ],
)
def test_detect_binary(head, kind):
    det = sniff(head, "looks-like-text.txt")
    assert det.format is None
    assert kind in det.binary


@pytest.mark.parametrize(("inner", "fmt"), [(HTML, "html"), (WARC, "warc"), (b'{"text": "x"}', "json"),
                                            (RSS, "feed"), (b"plain words", "text")])
def test_detect_gzip_looks_inside(inner, fmt):
    det = sniff(gzip.compress(inner), "no-extension")
    assert det.is_gzip
    assert det.format == fmt


@pytest.mark.parametrize("name", ["doc.xml", "doc.txt"])
def test_detect_other_xml_is_unsupported(name):
    det = sniff(b'<?xml version="1.0"?><invoice><total>3</total></invoice>', name)
    assert det.format is None
    assert "neither" in det.unsupported
