"""Walking inputs: order, hidden files, stdin, resume, and every kind of bad input next to good files."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newstrace.model import InputFailure, RawDocument
from newstrace.readers import read_paths
from newstrace.readers.dispatch import iter_stdin
from newstrace.settings import Settings

from test_readers_warc import make_warc  # tests/ is on sys.path (pytest prepend import mode)

FIX = Path(__file__).parent / "fixtures" / "readers"
GOOD = "Kyiv, 3 March - Officials said the convoy reached the town.\n\nA second paragraph of the report.\n"
ROOT = Path(__file__).resolve().parent.parent


def _where(item):
    return (item.source.path, item.source.record) if isinstance(item, RawDocument) else (item.path, item.record)


@pytest.fixture()
def bad_dir(tmp_path):
    """A folder of good files mixed with every kind of bad input."""
    d = tmp_path / "inbox"
    d.mkdir()
    (d / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (d / "b-empty.txt").write_bytes(b"")
    (d / "c-photo.jpg.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "d-report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (d / "e-bundle.zip").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40)
    (d / "f-nul.txt").write_bytes(b"Some text\x00\x00\x00with NULs\x00in it")
    (d / "g-huge.txt").write_text("word " * 2000, encoding="utf-8")
    (d / "h-cut.html.gz").write_bytes(gzip.compress((FIX / "article.html").read_bytes())[:300])
    (d / "i-broken.json").write_text('{"title": "x", "text": }', encoding="utf-8")
    (d / "j-nomain.html").write_text("<html><body><script>app()</script></body></html>", encoding="utf-8")
    (d / "k-garbage.txt").write_bytes(bytes((i * 97 + 13) % 254 + 1 for i in range(3000)))
    (d / "z-good.html").write_bytes((FIX / "article.html").read_bytes())
    return d


EXPECTED = [
    ("b-empty.txt", "NT101", "file is empty"),
    ("c-photo.jpg.txt", "NT102", "PNG image, not a text article"),
    ("d-report.pdf", "NT102", "PDF document, not a text article"),
    ("e-bundle.zip", "NT102", "ZIP archive (or DOCX/XLSX/EPUB), not a text article"),
    ("f-nul.txt", "NT102", "binary data (contains NUL bytes), not a text article"),
    ("g-huge.txt", "NT104", "file is 9.8 KB, over the 5.0 KB limit (setting max_input_bytes)"),
    ("h-cut.html.gz", "NT106", "gzip data is truncated (file cut off before the end)"),
    ("i-broken.json", "NT105", "invalid JSON at line 1 column 24: Expecting value"),
    ("j-nomain.html", "NT105", "no main text found in the HTML (empty page, script-only page, or not an article)"),
]


@pytest.fixture()
def bad_items(bad_dir):
    return list(read_paths([str(bad_dir)], Settings(max_input_bytes=5 * 1024)))


@pytest.mark.parametrize(("name", "code", "reason"), EXPECTED)
def test_dispatch_bad_input_named_with_code_and_reason(bad_dir, bad_items, name, code, reason):
    fails = {Path(f.path).name: f for f in bad_items if isinstance(f, InputFailure)}
    f = fails[name]
    assert f.path == str(bad_dir / name)
    assert (f.code, f.reason) == (code, reason)
    assert "\n" not in f.reason


def test_dispatch_garbage_rejected(bad_items):
    fails = {Path(f.path).name: f for f in bad_items if isinstance(f, InputFailure)}
    assert fails["k-garbage.txt"].code in ("NT102", "NT103")


def test_dispatch_good_files_next_to_bad_still_read(bad_items):
    docs = [d for d in bad_items if isinstance(d, RawDocument)]
    assert [Path(d.source.path).name for d in docs] == ["a-good.txt", "z-good.html"]
    assert docs[0].text == GOOD
    assert len(bad_items) == 12  # one item per file: nothing skipped silently


def test_dispatch_missing_path_then_continues(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text(GOOD, encoding="utf-8")
    items = list(read_paths([str(tmp_path / "nope.txt"), str(good)]))
    assert (items[0].code, items[0].path, items[0].reason) == ("NT108", str(tmp_path / "nope.txt"),
                                                                "no such file or directory")
    assert isinstance(items[1], RawDocument)


def test_dispatch_walk_sorted_recursive_hidden_skipped(tmp_path):
    for rel in ["b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt", ".hidden.txt", ".git/config.txt", "b/.swp.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(GOOD + rel, encoding="utf-8")
    runs = [[_where(x)[0] for x in read_paths([str(tmp_path)])] for _ in range(2)]
    rel = [os.path.relpath(p, tmp_path) for p in runs[0]]
    assert rel == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt"]
    assert runs[0] == runs[1]


def test_dispatch_wrong_extensions_detected_by_content(tmp_path):
    shutil.copy(FIX / "article.html", tmp_path / "1-page.txt")
    shutil.copy(FIX / "feed.rss", tmp_path / "2-feed.html")
    shutil.copy(FIX / "article.json", tmp_path / "3-record.dat")
    (tmp_path / "4-story.json").write_text(GOOD, encoding="utf-8")
    items = list(read_paths([str(tmp_path)]))
    formats = [(Path(x.source.path).name, x.source.format) for x in items if isinstance(x, RawDocument)]
    assert formats == [("1-page.txt", "html"), ("2-feed.html", "feed"), ("2-feed.html", "feed"),
                       ("3-record.dat", "json"), ("4-story.json", "text")]


def test_dispatch_start_records_mapping(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join(json.dumps({"text": f"Body {i}."}) for i in range(5)), encoding="utf-8")
    single = tmp_path / "b.txt"
    single.write_text(GOOD, encoding="utf-8")
    items = list(read_paths([str(tmp_path)], start_records={str(p): 3, str(single): 1}))
    assert [_where(x) for x in items] == [(str(p), 3), (str(p), 4)]  # the single document was already read


@pytest.mark.parametrize(
    ("data", "expected"),
    [(GOOD.encode(), [("text", None)]),
     (b'{"text": "One."}\n{"text": "Two."}\n', [("jsonl", 0), ("jsonl", 1)]),
     (gzip.compress((FIX / "article.html").read_bytes()), [("html", None)]),
     (make_warc(True, n=2, extra=False), [("warc", 0), ("warc", 1)])],
)
def test_dispatch_stdin_stream(data, expected):
    items = list(iter_stdin(Settings(), stream=io.BytesIO(data)))
    assert [(x.source.format, x.source.record) for x in items] == expected
    assert all(x.source.path == "-" for x in items)


def test_dispatch_stdin_empty():
    (f,) = iter_stdin(Settings(), stream=io.BytesIO(b""))
    assert (f.path, f.code, f.reason) == ("-", "NT101", "standard input is empty")


def test_dispatch_stdin_over_limit():
    (f,) = iter_stdin(Settings(max_input_bytes=100), stream=io.BytesIO(b"word " * 100))
    assert (f.path, f.code) == ("-", "NT104")


def test_dispatch_stdin_dash_subprocess():
    code = ("import sys; from newstrace.readers import read_paths\n"
            "for x in read_paths(['-']):\n"
            "    print(type(x).__name__, x.source.path, x.source.format, repr(x.text[:20]))")
    out = subprocess.run([sys.executable, "-c", code], input=GOOD.encode(), capture_output=True, timeout=120,
                         cwd=ROOT, check=True)
    assert out.stdout.decode().strip() == "RawDocument - text 'Kyiv, 3 March - Offi'"


@pytest.mark.parametrize("seed", range(4))
def test_dispatch_damaged_inputs_never_raise(tmp_path, seed):
    """Cut, flipped, spliced bytes of every fixture (and gzip of them): a failure or a document, never an exception."""
    import random

    rnd = random.Random(seed)
    originals = [p.read_bytes() for p in sorted(FIX.iterdir())]
    originals += [gzip.compress(b) for b in originals]
    for i in range(25):
        b = bytearray(rnd.choice(originals))
        op = rnd.randrange(3)
        if op == 0:
            b = b[: rnd.randrange(1, len(b))]
        elif op == 1:
            for _ in range(rnd.randint(1, 8)):
                b[rnd.randrange(len(b))] = rnd.randrange(256)
        else:
            at = rnd.randrange(len(b))
            b = b[:at] + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 40))) + b[at:]
        (tmp_path / f"in-{i:02d}{rnd.choice(['.html', '.txt', '.json', '.jsonl', '.gz', ''])}").write_bytes(bytes(b))
    items = list(read_paths([str(tmp_path)], Settings(max_input_bytes=rnd.choice([2000, 10**6]))))
    assert {_where(x)[0] for x in items} == {str(p) for p in tmp_path.iterdir()}  # every file answered for
    for x in items:
        if isinstance(x, InputFailure):
            assert x.code.startswith("NT1") and x.reason and "\n" not in x.reason


def test_dispatch_unlistable_folder_reported(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    real_walk = os.walk

    def walk_with_denied(top, onerror=None, **kw):
        # what os.walk does for a folder it may not list (cannot be staged with chmod when tests run as root)
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        yield from real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(os, "walk", walk_with_denied)
    items = list(read_paths([str(tmp_path)]))
    assert (items[0].path, items[0].code, items[0].reason) == (str(tmp_path / "locked"), "NT108",
                                                               "cannot list folder (Permission denied)")
    assert isinstance(items[1], RawDocument)


def test_dispatch_read_text_html_page_extracted():
    from newstrace.readers import read_text

    page = (FIX / "article.html").read_text(encoding="utf-8")
    doc = read_text(page, published="2024-03-05")
    assert doc.is_extracted and doc.source.format == "html"
    assert doc.text.startswith("Drone strike cuts power") and "<p>" not in doc.text
    assert doc.published == "2024-03-05"  # explicit metadata wins
    assert doc.source.path is None
    plain = read_text("Officials said the <b> tag is not markup here.")
    assert plain.source.format == "text" and "<b>" in plain.text
