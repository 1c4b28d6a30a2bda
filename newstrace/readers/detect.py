"""Detect an input's format from its first bytes; the file extension is only a tie-breaker.

``sniff(head, name)`` returns a ``Detection``: the format (text | html | json | jsonl | warc |
feed | telegram), whether the bytes are gzip-compressed, or why the input is not text at all (binary
magic, NUL bytes) or not a format we read (other XML).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from ._common import utf16_endianness
from .telegram import looks_like_export

# Enough to see past an XML prolog, comments and a doctype to the first real tag, and to
# judge whether the bytes are text.
HEAD_BYTES = 8192

GZIP_MAGIC = b"\x1f\x8b"

# Known binary formats people drop into article folders by mistake.
_MAGIC: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"\x7fELF", 0, "executable (ELF)"),
    (b"MZ", 0, None),  # checked below together with the PE header, "MZ" alone can start text
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"\xfd7zXZ\x00", 0, "XZ archive"),
    (b"\x28\xb5\x2f\xfd", 0, "Zstandard archive"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "MS Office document (DOC/XLS)"),
    (b"OggS", 0, "Ogg media"),
    (b"ftyp", 4, "MP4/MOV video"),
    (b"ustar", 257, "TAR archive"),
]
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")

_TAG = re.compile(r"<\s*([a-zA-Z][\w:.-]*)")
_SKIP = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*", re.S | re.I)
_FEED_TAGS = {"rss", "feed", "rdf:rdf", "rdf"}
_HTML_TAGS = {"html", "head", "body", "div", "p", "article", "main", "section", "span", "meta", "title", "table",
              "h1", "h2", "h3", "header", "nav", "script", "style", "link", "a", "br", "ul", "img", "form", "!doctype"}
_JSON_ARRAY = re.compile(r"\A\[\s*(?:\{|\]|\Z)")
_JSON_OBJECT = re.compile(r"\A\{\s*(?:\"|\}|\Z)")


@dataclass(slots=True)
class Detection:
    format: str | None  # text | html | json | jsonl | warc | feed | telegram, None when unreadable
    is_gzip: bool = False
    binary: str | None = None  # what binary thing it is, when it is one
    unsupported: str | None = None  # why a text format is not one we read


def binary_kind(head: bytes) -> str | None:
    """Name of the binary format ``head`` starts with, or None when it may be text."""
    for magic, offset, name in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            if name is None:
                if b"PE\x00\x00" in head[:1024]:
                    return "Windows executable"
                continue
            return name
    if _BZIP2.match(head):
        return "BZIP2 archive"
    if b"\x00" in head and not _utf16_or_32(head):
        return "binary data (contains NUL bytes)"
    return None


def _utf16_or_32(head: bytes) -> bool:
    """Text in UTF-16/32, with a BOM or recognisable by NULs at one byte parity (ASCII-heavy text)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        return True
    return utf16_endianness(head) is not None


def gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream (partial input is fine)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, HEAD_BYTES)
    except zlib.error:
        return b""


def _as_text(head: bytes) -> str:
    if _utf16_or_32(head):
        enc = utf16_endianness(head) or "utf-16"
        return head[: len(head) - len(head) % 2].decode(enc, "ignore").lstrip("\ufeff")
    return head.decode("utf-8", "ignore").lstrip("\ufeff")


def _name_hint(name: str) -> str:
    n = name.lower()
    if n.endswith(".gz"):
        n = n[:-3]
    return n.rsplit(".", 1)[-1] if "." in n.rsplit("/", 1)[-1] else ""


def sniff(head: bytes, name: str = "") -> Detection:
    """Detect the format of an input from its first bytes; ``name`` breaks ties only."""
    is_gzip = head.startswith(GZIP_MAGIC)
    inner = gunzip_head(head) if is_gzip else head
    if is_gzip and not inner:
        return Detection(None, True, binary="gzip data that cannot be decompressed")
    if inner.startswith((b"WARC/", b"filedesc://")):  # WARC, or its predecessor ARC (read as WARC)
        return Detection("warc", is_gzip)
    if b"\x00" in inner and _json_lines_with_nul_lines(inner):
        return Detection("jsonl", is_gzip)  # the NUL lines fail one by one, the others are read
    kind = binary_kind(inner)
    if kind:
        return Detection(None, is_gzip, binary=kind)
    ext = _name_hint(name)
    text = _as_text(inner)
    stripped = text.lstrip()
    if stripped.startswith("<"):
        fmt = _markup_format(stripped, ext)
        if fmt is None and not _looks_like_xml(stripped):
            return Detection("text", is_gzip)  # prose that merely starts with "<" ("<< Back to news")
        return Detection(fmt, is_gzip, unsupported=None if fmt else "XML that is neither an RSS/Atom feed nor HTML")
    if _JSON_ARRAY.match(stripped):
        return Detection("json", is_gzip)
    if _JSON_OBJECT.match(stripped):
        if looks_like_export(stripped):  # a Telegram Desktop chat export (result.json)
            return Detection("telegram", is_gzip)
        return Detection("jsonl" if ext in ("jsonl", "ndjson") else "json", is_gzip)
    low = stripped[:2048].lower()
    if "<html" in low or "<!doctype html" in low:  # markup after some stray leading text
        return Detection("html", is_gzip)
    return Detection("text", is_gzip)


def _json_lines_with_nul_lines(head: bytes) -> bool:
    """JSON Lines where NUL bytes sit in a minority of lines and the other lines are JSON objects:
    one damaged line must not make the whole file "binary" and lose the good records."""
    lines = [ln.strip() for ln in head.split(b"\n")[:-1]]  # complete lines only
    lines = [ln for ln in lines if ln]
    bad = sum(1 for ln in lines if b"\x00" in ln)
    good = [ln for ln in lines if b"\x00" not in ln]
    return bool(good) and bad < len(good) and all(ln.startswith(b"{") and ln.endswith(b"}") for ln in good)


def _looks_like_xml(text: str) -> bool:
    if text.startswith("<?xml"):
        return True
    m = _TAG.match(text)
    return bool(m) and f"</{m.group(1)}" in text[:HEAD_BYTES]


def _markup_format(text: str, ext: str) -> str | None:
    body = text[_SKIP.match(text).end():]
    head_low = text[:HEAD_BYTES].lower()
    m = _TAG.match(body)
    tag = m.group(1).lower() if m else ""
    if tag in _FEED_TAGS:
        return "feed"
    if tag in _HTML_TAGS or "<!doctype html" in head_low or "<html" in head_low:
        return "html"
    if ext in ("rss", "atom", "xml") and re.search(r"<(rss|feed|rdf:rdf)\b", head_low):
        return "feed"
    if ext in ("html", "htm", "xhtml"):
        return "html"
    if re.search(r"<(p|div|br|em|strong|b|i|li|ul|ol|h[1-6]|blockquote)\b", head_low):
        return "html"  # an HTML fragment starting with an inline tag
    return None
