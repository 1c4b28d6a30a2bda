"""Readers salvage what they can and name what they lost (issue 15): WARC cut inside a record
header, a JSON Lines line of NUL bytes, a lone surrogate, stray Windows-1252 bytes in UTF-8,
non-UTF-8 file names, warcio's own warnings."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest

from newstrace.model import InputFailure, RawDocument
from newstrace.readers import read_paths
from newstrace.settings import Settings
from tests.fixtures.hostile import SENTENCES, warc_bytes, warc_header_cuts


def _items(path) -> list:
    return list(read_paths([os.fspath(path)], Settings()))


@pytest.mark.parametrize("gz", [False, True])
def test_readers_warc_every_cut_point_keeps_earlier_records_and_names_the_lost_one(tmp_path, gz):
    data = warc_bytes(3)
    cuts = warc_header_cuts(data)
    assert len(cuts) >= 20  # inside the WARC and HTTP header blocks of records 1 and 2
    starts = [i for i in range(len(data)) if data.startswith(b"WARC/1", i)]
    for cut in cuts:
        part = data[:cut]
        p = tmp_path / (f"cut{cut}.warc.gz" if gz else f"cut{cut}.warc")
        p.write_bytes(gzip.compress(part) if gz else part)
        items = _items(p)
        docs = [d for d in items if isinstance(d, RawDocument)]
        fails = [f for f in items if isinstance(f, InputFailure)]
        complete = sum(1 for s in starts if s < cut) - 1  # records before the one the cut falls in
        assert [d.source.record for d in docs] == list(range(complete)), cut
        assert len(fails) == 1 and fails[0].code in ("NT105", "NT106"), (cut, items)
        assert fails[0].record == complete or "after record" in fails[0].reason, (cut, fails[0])


@pytest.mark.parametrize("bad_line", [b"\x00" * 300, b'{"text": "a\x00b\x00c"}'])
def test_readers_jsonl_nul_line_fails_alone(tmp_path, bad_line):
    good = [json.dumps({"url": f"https://news.example/{i}", "text": SENTENCES[i]}).encode() for i in range(4)]
    p = tmp_path / "feed.jsonl"
    p.write_bytes(b"\n".join([good[0], bad_line, *good[1:]]) + b"\n")
    items = _items(p)
    docs = [d for d in items if isinstance(d, RawDocument)]
    fails = [f for f in items if isinstance(f, InputFailure)]
    assert [d.source.record for d in docs] == [0, 2, 3, 4]
    assert len(fails) == 1 and fails[0].record == 1 and fails[0].code == "NT102"
    assert "line 2" in fails[0].reason


@pytest.mark.parametrize("field", ["text", "title"])
def test_readers_json_lone_surrogate_is_an_input_error(tmp_path, field):
    rec = {"text": SENTENCES[0], "title": "Depot"}
    line = json.dumps(rec).replace(rec[field][:4], rec[field][:4] + "\\udc80", 1)
    p = tmp_path / "s.jsonl"
    p.write_text(line + "\n" + json.dumps({"text": SENTENCES[1]}) + "\n")
    items = _items(p)
    assert isinstance(items[0], InputFailure) and items[0].code == "NT103" and "surrogate" in items[0].reason
    assert isinstance(items[1], RawDocument)


@pytest.mark.parametrize("stray", [b"\x92", b"\x93\x94", b"\xe9"])
def test_readers_mostly_utf8_with_stray_cp1252_bytes_stays_utf8(tmp_path, stray):
    # more stray bytes than UTF-8 multi-byte characters: a whole-file cp1250 guess garbled "Kyiv —"
    body = " ".join(SENTENCES * 3).encode()  # stray bytes stay under 2% of the file
    data = body[:150] + " Kyiv \u2014 ".encode() + body[150:300]
    for k in range(6):
        data += stray + body[300 + 150 * k : 450 + 150 * k]
    p = tmp_path / "mixed.txt"
    p.write_bytes(data)
    (doc,) = _items(p)
    assert isinstance(doc, RawDocument)
    assert "Kyiv \u2014" in doc.text
    n = 6 * len(stray)
    assert doc.text.count("\ufffd") == n
    assert any(f"{n} undecodable byte(s)" in w for w in doc.warnings)


def test_readers_legacy_file_without_utf8_still_detected(tmp_path):
    text = "Le g\u00e9n\u00e9ral a d\u00e9clar\u00e9 que la r\u00e9gion \u00e9tait s\u00e9curis\u00e9e. " * 8
    p = tmp_path / "fr.txt"
    p.write_bytes(text.encode("cp1252"))
    (doc,) = _items(p)
    assert doc.text.strip() == text.strip() and doc.warnings == []


def test_readers_non_utf8_file_name_is_valid_utf8_everywhere(tmp_path):
    raw_dir = os.fsencode(tmp_path)
    name = raw_dir + b"/caf\xe9-report.txt"
    try:
        with open(name, "wb") as fh:
            fh.write(" ".join(SENTENCES).encode())
    except OSError:
        pytest.skip("filesystem refuses non-UTF-8 names")
    (doc,) = _items(tmp_path)
    assert isinstance(doc, RawDocument)
    doc.source.path.encode("utf-8")  # no lone surrogates
    assert doc.source.path.endswith("caf\\xe9-report.txt")
    doc.identity.encode("utf-8")


def test_readers_warc_long_uri_with_spaces_writes_nothing_to_stderr(tmp_path, capfd):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    body = ("<html><body><article>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article></body></html>").encode()
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://news.example/a b" + " x" * 50_000, "response",
                                        payload=io.BytesIO(body), http_headers=http))
    p = tmp_path / "long.warc"
    p.write_bytes(buf.getvalue())
    items = _items(p)
    assert len(items) == 1
    assert len(capfd.readouterr().err) < 1000
