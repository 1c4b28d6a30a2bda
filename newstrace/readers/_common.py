"""Helpers shared by the readers: decoding bytes, failures, outlets, dates, bounded reads."""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

from .. import errors
from ..model import InputFailure

# BOM-less UTF-16 of Latin-script text has a NUL high byte for nearly every character (all of
# Latin-1 lies below U+0100); binary data rarely has NULs at exactly one parity this often.
UTF16_NUL_SHARE = 0.8


def utf16_endianness(head: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" for BOM-less UTF-16 of mostly-ASCII text (NULs at one byte parity)."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 16:
        return None
    even, odd, half = sample[0::2].count(0), sample[1::2].count(0), len(sample) // 2
    if odd > UTF16_NUL_SHARE * half and even == 0:
        return "utf-16-le"
    if even > UTF16_NUL_SHARE * half and odd == 0:
        return "utf-16-be"
    return None


# Bytes handed to charset-normalizer: detection on the first MB is as good as on the whole
# file and keeps a 50 MB legacy-encoded page from costing seconds.
DETECT_BYTES = 1 << 20
# A mostly-UTF-8 document may carry a few stray bytes (a pasted Windows-1252 quote mark):
# we keep it with U+FFFD and a note as long as invalid bytes stay under 2% of the input and
# are outnumbered by valid multi-byte characters; beyond that it is another encoding or garbage.
MAX_BAD_BYTE_RATIO = 0.02
# Decoded text whose share of control / unassigned / private-use characters exceeds this is
# garbage decoded by luck, not text (real articles have essentially none).
MAX_UNPRINTABLE_RATIO = 0.02
# Copy chunk for draining oversized lines without holding them.
CHUNK = 1 << 16

# C0/C1 controls other than whitespace, private use, non-characters: what garbage decodes to.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffe\uffff]")


def failure(path: str, err: type[errors.InputError], reason: str, record: int | None = None) -> InputFailure:
    return InputFailure(path=path, code=err.code, reason=reason, record=record)


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def too_large(path: str, size: int | None, settings, what: str = "file", record: int | None = None) -> InputFailure:
    limit = human_size(settings.max_input_bytes)
    got = f"is {human_size(size)}" if size is not None else "is larger than that"
    return failure(path, errors.InputTooLarge, f"{what} {got}, over the {limit} limit (setting max_input_bytes)",
                   record)


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # user-visible warning when bytes were replaced


def _unprintable_ratio(text: str) -> float:
    sample = text[:DETECT_BYTES]
    if not sample:
        return 0.0
    return sum(1 for _ in _UNPRINTABLE.finditer(sample)) / len(sample)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Bytes -> str, detecting the encoding; raise UndecodableInput for data that is not text.

    Order: byte-order mark, strict UTF-8, the declared charset (HTML meta / XML prolog / HTTP
    header), mostly-UTF-8 with a few bad bytes (replaced, with a note), then charset-normalizer.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, "replace")
            return _checked(text, enc, text.count("\ufffd"))
    if b"\x00" in data[:4096]:  # NULs are valid UTF-8, so BOM-less UTF-16 must be caught first

        enc = utf16_endianness(data[:4096])
        if enc:
            text = data[: len(data) - len(data) % 2].decode(enc, "replace")
            return _checked(text, enc, text.count("\ufffd"))
    try:
        return _checked(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    enc = _codec(declared)
    if enc and enc not in ("utf-8", "utf-16", "utf-32"):
        try:
            return _checked(data.decode(enc), enc, 0)
        except UnicodeDecodeError:
            pass
    loose = data.decode("utf-8", "replace")
    bad = loose.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # U+FFFD written in the file is not a replacement
    multibyte = len(loose) - len(loose.encode("ascii", "ignore")) - loose.count("\ufffd")
    # Legacy 8-bit text practically never forms a valid UTF-8 multi-byte sequence by accident, so
    # one such sequence means a UTF-8 file with a few stray bytes: keep it UTF-8 and say how many
    # bytes were replaced, rather than a whole-file guess (cp1250) that garbles every UTF-8 character.
    if bad <= len(data) * MAX_BAD_BYTE_RATIO and multibyte > 0:
        return _checked(loose, "utf-8", bad)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:DETECT_BYTES]).best()
    if best is None or _codec(best.encoding) is None:
        raise errors.UndecodableInput("not readable as text in any encoding (corrupt or binary data?)")
    enc = _codec(best.encoding)
    text = data.decode(enc, "replace")
    return _checked(text, enc, text.count("\ufffd"))


def _checked(text: str, enc: str, replaced: int) -> Decoded:
    if _unprintable_ratio(text) > MAX_UNPRINTABLE_RATIO:
        raise errors.UndecodableInput(f"decodes as {enc} only to control characters: not text (corrupt or binary?)")
    note = None
    if replaced:
        note = f"{replaced} undecodable byte(s) replaced with U+FFFD while reading as {enc} (mixed or broken encoding)"
    return Decoded(text, enc, note)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def outlet_of(url: str | None) -> str | None:
    """Registered domain of ``url`` without ``www.`` ("https://www.bbc.co.uk/x" -> "bbc.co.uk")."""
    if not url or not isinstance(url, str):
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    return _registered_domain(host)


# An outlet name longer than this is not a name (a whole tagline or a scraped paragraph).
MAX_OUTLET_CHARS = 100
_DOMAINISH = re.compile(r"^(?:https?://)?[\w.-]+\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)


def outlet_and_host(name, url: str | None) -> tuple[str | None, str | None]:
    """(outlet, host): the input's own outlet name wins over the URL's domain; host is that domain when it differs.

    A name that is itself a domain or URL ("www.bbc.co.uk") is reduced to its registered domain, so it
    compares equal to the URL's. Without a name the domain is the outlet and there is no separate host.
    """
    host = outlet_of(url)
    if isinstance(name, str):
        name = " ".join(name.split())[:MAX_OUTLET_CHARS].strip() or None
    else:
        name = None
    if name and _DOMAINISH.match(name):
        name = outlet_of(name if "://" in name else f"http://{name}") or name
    if not name:
        return host, None
    if not host or name.lower() == host.lower():
        return name, None
    return name, host


@lru_cache(maxsize=4096)  # a crawl repeats a few hosts many times; the suffix lookup is the slow part
def _registered_domain(host: str) -> str:
    try:
        from courlan import extract_domain  # public-suffix aware ("co.uk"), ships its list offline

        dom = extract_domain(f"http://{host}/")
    except Exception:  # noqa: BLE001 - a weird host must not fail the document
        dom = None
    dom = dom or host
    return dom[4:] if dom.startswith("www.") else dom


_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]|$)")


def language_code(value) -> str | None:
    """Primary language subtag of a metadata value ("en-GB" -> "en", "pt_BR" -> "pt"), else None."""
    m = _LANG.match(value.strip()) if isinstance(value, str) else None
    return m.group(1).lower() if m else None


def iso_date(value) -> str | None:
    """A publication date from metadata as ISO 8601, or None when unrecognised.

    Accepts ISO 8601 strings, RFC 2822 dates (feeds, HTTP), epoch seconds and time.struct_time.
    Free-text dates are left to the dates stage (datelines) rather than guessed here.
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value, tz=timezone.utc).isoformat()
        if hasattr(value, "tm_year"):  # time.struct_time from feedparser (UTC)
            return datetime(*value[:6], tzinfo=timezone.utc).isoformat()
        if not isinstance(value, str) or not value.strip():
            return None
        s = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", s):  # a bare date stays a date, not midnight
            return s
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
        return parsedate_to_datetime(s).isoformat()
    except (ValueError, TypeError, OverflowError, OSError, IndexError):
        return None


def read_bounded(stream, limit: int) -> bytes | None:
    """Read at most ``limit`` bytes; None when the stream holds more (so gzip bombs stop early)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, OSError)


def gzip_reason(err: Exception) -> str:
    if isinstance(err, EOFError):
        return "gzip data is truncated (file cut off before the end)"
    return f"gzip data is corrupt ({err})"


class HeadThenRest(io.RawIOBase):
    """A read-only stream replaying already-read head bytes, then the rest (for stdin)."""

    def __init__(self, head: bytes, rest):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(b))
        b[: len(data)] = data
        return len(data)
