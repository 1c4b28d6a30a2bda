"""Plain text reader and byte decoding (encodings, mixed bytes, garbage)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newstrace.model import InputFailure, RawDocument
from newstrace.readers import iter_file, read_text

FIX = Path(__file__).parent / "fixtures" / "readers"

FRENCH = ("Les forces ukrainiennes ont repris le village, a déclaré le général à la presse. "
          "Selon l'état-major, la situation reste « très tendue » près de la rivière.\n\n")
RUSSIAN = "Под обстрелом оказался город, сообщили местные власти. Пострадали трое мирных жителей.\n\n"


def _one(path) -> RawDocument | InputFailure:
    items = list(iter_file(str(path)))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize("name", ["scraped.txt"])
def test_text_reads_scraped_file_without_title(name):
    doc = _one(FIX / name)
    assert isinstance(doc, RawDocument)
    assert doc.title is None  # the clean stage picks the headline candidate
    assert doc.source.format == "text"
    assert doc.source.path.endswith(name)
    assert doc.text.startswith("Turn on notifications")
    assert "@HarbourGazette/Telegram" in doc.text
    assert not doc.is_extracted


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_text_normalises_newlines(tmp_path, newline):
    p = tmp_path / "a.txt"
    p.write_bytes(newline.join([b"Headline here", b"", b"Body line one."]))
    assert _one(p).text == "Headline here\n\nBody line one."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(FRENCH * 3, "cp1252"), (RUSSIAN * 3, "cp1251"), (FRENCH, "utf-16"), (RUSSIAN, "utf-8-sig"),
     (FRENCH, "utf-16-le"), (FRENCH, "utf-16-be")],
)
def test_text_detects_legacy_encodings(tmp_path, text, encoding):
    p = tmp_path / "legacy.txt"
    p.write_bytes(text.encode(encoding))
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert doc.text == text
    assert doc.warnings == []


@pytest.mark.parametrize("stray", [b"\x92", b"\xe9\xe8"])
def test_text_mixed_encoding_read_with_replacement_and_note(tmp_path, stray):
    # mostly UTF-8 (with real multi-byte characters) plus a few Windows-1252 bytes pasted in
    body = (FRENCH * 4).encode("utf-8")
    p = tmp_path / "mixed.txt"
    p.write_bytes(body[:200] + stray + body[200:])
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert "\ufffd" in doc.text
    assert "général" in doc.text  # the UTF-8 parts are intact, not mojibake
    assert any("replaced" in w for w in doc.warnings)


@pytest.mark.parametrize("seed", [1, 2])
def test_text_garbage_bytes_rejected(tmp_path, seed):
    rnd = random.Random(seed)
    p = tmp_path / "garbage.txt"
    p.write_bytes(bytes(rnd.randint(1, 255) for _ in range(4000)))  # no NULs, so not caught as binary
    fail = _one(p)
    assert isinstance(fail, InputFailure)
    assert fail.code in ("NT103", "NT102")
    assert fail.path == str(p)
    assert "text" in fail.reason


@pytest.mark.parametrize("content", [b"   \n\n\t  \n"])
def test_text_whitespace_only_is_empty(tmp_path, content):
    p = tmp_path / "blank.txt"
    p.write_bytes(content)
    fail = _one(p)
    assert isinstance(fail, InputFailure)
    assert (fail.code, fail.reason) == ("NT101", "file holds only whitespace, no text")


@pytest.mark.parametrize(
    ("meta", "outlet"),
    [({"url": "https://www.bbc.co.uk/news/world-1"}, "bbc.co.uk"),
     ({"url": "https://edition.cnn.com/2024/x"}, "cnn.com"),
     ({"outlet": "Valley Herald"}, "Valley Herald"),
     ({}, None)],
)
def test_text_read_text_metadata_and_outlet(meta, outlet):
    doc = read_text("Kyiv, 3 March - The army said...\r\nSecond line.", **meta)
    assert doc.text == "Kyiv, 3 March - The army said...\nSecond line."
    assert doc.source.outlet == outlet
    assert doc.source.url == meta.get("url")
