"""WARC / WARC.gz reader: HTML responses as articles, streaming, truncation, per-record limits."""

from __future__ import annotations

import io

import pytest

from newstrace.model import InputFailure, RawDocument
from newstrace.readers import iter_file
from newstrace.settings import Settings

PARA = ("<p>Paragraph {j} of story {i}: the regional council met in emergency session on Monday to discuss "
        "repairs to the water network damaged by last week's strikes, officials said.</p>")


def _page(i: int) -> bytes:
    body = "".join(PARA.format(i=i, j=j) for j in range(6))
    return (f"<html lang='en'><head><title>Story {i}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Story {i}</h1>{body}</article></body></html>").encode()


def make_warc(gzip: bool, n: int = 3, extra: bool = True) -> bytes:
    """n HTML responses (records 1, 3, 5... when ``extra`` adds a request before each) plus one PNG response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip)
    for i in range(n):
        url = f"https://www.example.co.uk/news/story-{i}"
        if extra:
            req = StatusAndHeaders(f"GET /news/story-{i} HTTP/1.1", [("Host", "www.example.co.uk")],
                                   is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
        hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(_page(i)), http_headers=hh))
    img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://www.example.co.uk/logo.png", "response",
                                        payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), http_headers=img))
    return buf.getvalue()


def _items(path, settings=None, start_record=0):
    return list(iter_file(str(path), settings, start_record=start_record))


@pytest.mark.parametrize(("gz", "name"), [(False, "crawl.warc"), (True, "crawl.warc.gz"), (True, "crawl.bin")])
def test_warc_html_responses_become_documents(tmp_path, gz, name):
    p = tmp_path / name
    p.write_bytes(make_warc(gz))
    items = _items(p)
    assert all(isinstance(d, RawDocument) for d in items)
    assert [d.source.url for d in items] == [f"https://www.example.co.uk/news/story-{i}" for i in range(3)]
    assert [d.source.record for d in items] == [1, 3, 5]  # ordinals among all records (requests count)
    d = items[0]
    assert (d.source.format, d.source.outlet, d.language, d.is_extracted) == ("warc", "example.co.uk", "en", True)
    assert "Paragraph 5 of story 0" in d.text and "Home | World" not in d.text


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("fraction", [0.55, 0.8])
def test_warc_truncated_keeps_earlier_records_then_one_nt106(tmp_path, gz, fraction):
    data = make_warc(gz, n=4, extra=False)
    p = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    p.write_bytes(data[: int(len(data) * fraction)])
    items = _items(p)
    docs = [d for d in items if isinstance(d, RawDocument)]
    fails = [f for f in items if isinstance(f, InputFailure)]
    assert 1 <= len(docs) < 4
    assert [d.source.record for d in docs] == list(range(len(docs)))
    assert all(d.text.count("Paragraph") == 6 for d in docs)  # no partial article slips through
    assert len(fails) == 1 and items[-1] is fails[0]
    assert fails[0].code == "NT106" and fails[0].path == str(p)
    assert "records before it were read" in fails[0].reason


@pytest.mark.parametrize("gz", [False, True])
def test_warc_record_over_limit_others_read(tmp_path, gz):
    p = tmp_path / "crawl.warc"
    p.write_bytes(make_warc(gz, n=3, extra=False))
    limit = len(_page(0)) + 500  # each page (with its HTTP headers) fits; the one added below does not
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://big.example/x", "response",
                                        payload=io.BytesIO(_page(9) * 20), http_headers=hh))
    p.write_bytes(p.read_bytes() + buf.getvalue())
    items = _items(p, Settings(max_input_bytes=limit))
    assert [type(x).__name__ for x in items] == ["RawDocument"] * 3 + ["InputFailure"]
    assert items[3].code == "NT104" and items[3].record == 4 and "https://big.example/x" in items[3].reason


@pytest.mark.parametrize("start", [0, 2, 4, 9])
def test_warc_start_record_skips(tmp_path, start):
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(make_warc(True, n=4))
    items = _items(p, start_record=start)
    assert [d.source.record for d in items] == [r for r in (1, 3, 5, 7) if r >= start]


def test_warc_file_larger_than_limit_streams(tmp_path):
    p = tmp_path / "crawl.warc"
    p.write_bytes(make_warc(False, n=5))
    settings = Settings(max_input_bytes=4000)
    assert p.stat().st_size > 2 * settings.max_input_bytes
    assert len([d for d in _items(p, settings) if isinstance(d, RawDocument)]) == 5


def test_warc_without_html_is_unsupported(tmp_path):
    data = make_warc(False, n=0)
    p = tmp_path / "images.warc"
    p.write_bytes(data)
    (f,) = _items(p)
    assert f.code == "NT107" and "HTML" in f.reason


@pytest.mark.parametrize("status", ["301 Moved Permanently", "404 Not Found", "500 Internal Server Error"])
def test_warc_redirects_and_error_pages_passed_over(tmp_path, status):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    bad = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://a.example/old", "response",
                                        payload=io.BytesIO(b"<html><body>Moved or missing</body></html>"),
                                        http_headers=bad))
    ok = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://a.example/new", "response", payload=io.BytesIO(_page(1)),
                                        http_headers=ok))
    p = tmp_path / "c.warc.gz"
    p.write_bytes(buf.getvalue())
    items = _items(p)
    assert [(type(x).__name__, x.source.url) for x in items] == [("RawDocument", "https://a.example/new")]


def test_warc_bad_content_length_reported_once_quietly(tmp_path, capfd):
    data = make_warc(False, n=3, extra=False)
    # shorten the first record's declared length: its end no longer falls on the record boundary
    head_end = data.index(b"\r\n\r\n")
    header = data[:head_end]
    length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    damaged = header.replace(f"Content-Length: {length}".encode(), f"Content-Length: {length - 40}".encode())
    p = tmp_path / "damaged.warc"
    p.write_bytes(damaged + data[head_end:])
    items = _items(p)
    fails = [f for f in items if isinstance(f, InputFailure)]
    assert len(fails) == 1 and fails[0].code == "NT105" and "Content-Length" in fails[0].reason
    assert any(isinstance(d, RawDocument) for d in items)
    assert "WARNING" not in capfd.readouterr().err


@pytest.mark.parametrize("gz", [False, True])
def test_warc_legacy_arc_read(tmp_path, gz):
    import gzip

    desc = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    data = b"filedesc://test.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(desc) + desc + b"\n"
    for i in range(2):
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + _page(i)
        data += b"http://www.example.com/s%d 1.2.3.4 20240101000000 text/html %d\n" % (i, len(http)) + http + b"\n"
    p = tmp_path / "old.arc"
    p.write_bytes(gzip.compress(data) if gz else data)
    items = _items(p)
    assert [(type(x).__name__, x.source.url, x.source.outlet) for x in items] == [
        ("RawDocument", "http://www.example.com/s0", "example.com"),
        ("RawDocument", "http://www.example.com/s1", "example.com")]
