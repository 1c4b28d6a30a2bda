"""RSS and Atom feed files through feedparser: every entry is one article.

The entry's full content is preferred over its summary; HTML in either is turned into plain
paragraphs by the HTML reader's fragment path. The entry link is the url; the feed (channel)
title is the outlet, and the link's domain is kept as ``Origin.host`` when it differs. ``record`` is the entry's 0-based
index in the feed.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

from .. import errors
from ..model import InputFailure, Origin, RawDocument
from . import html as html_reader
from ._common import failure, iso_date, language_code, normalise_newlines, outlet_and_host


def _entry_text(entry) -> str:
    parts = []
    for c in entry.get("content") or []:
        if c.get("value"):
            parts.append((c.get("type") or "", c["value"]))
    if not parts and entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        parts.append((detail.get("type") or "text/html", entry["summary"]))
    # several content blocks (Atom allows it) are alternatives: keep the longest
    ctype, value = max(parts, key=lambda p: len(p[1])) if parts else ("", "")
    if "html" in ctype or html_reader.looks_like_html(value):
        return html_reader.fragment_to_text(value)
    return normalise_newlines(value).strip()


def _entry_language(entry) -> str | None:
    """xml:lang on the entry's content or summary, which overrides the feed's language."""
    details = list(entry.get("content") or []) + [entry.get("summary_detail") or {}]
    return next((language_code(d.get("language")) for d in details if language_code(d.get("language"))), None)


def read(data: bytes, path: str, settings=None, *, start_record: int = 0) -> Iterator[RawDocument | InputFailure]:
    """Parse a feed (bytes) and yield one document per entry."""
    import feedparser

    try:
        parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=False)
    except Exception as e:  # noqa: BLE001 - feedparser is lenient, but a hostile file must not crash the run
        yield failure(path, errors.MalformedInput, f"feed cannot be parsed ({type(e).__name__})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        yield failure(path, errors.MalformedInput,
                      "feed has no entries" + (f" (parse error: {str(why).splitlines()[0][:120]})" if why else ""))
        return
    feed = parsed.get("feed") or {}
    feed_title = (feed.get("title") or "").strip() or None
    lang = language_code(feed.get("language"))
    for i, entry in enumerate(entries):
        if i < start_record:
            continue
        text = _entry_text(entry)
        if not text.strip():
            yield failure(path, errors.MalformedInput, f"feed entry {i} has neither content nor summary text", i)
            continue
        url = entry.get("link") or None
        url = url if url and url.startswith(("http://", "https://")) else None  # Atom ids such as urn:...
        with warnings.catch_warnings():  # feedparser's updated->published alias warns on access
            warnings.simplefilter("ignore", DeprecationWarning)
            published = iso_date(entry.get("published_parsed") or entry.get("updated_parsed")) or iso_date(
                entry.get("published") or entry.get("updated"))
        title = (entry.get("title") or "").strip()
        outlet, host = outlet_and_host(feed_title, url)  # the channel's own title wins over the link's domain
        title = html_reader.fragment_to_text(title) if html_reader.looks_like_html(title) else title
        yield RawDocument(
            text=text,
            source=Origin(path=path, url=url, outlet=outlet, host=host, format="feed", record=i),
            title=title or None,
            published=published,
            language=_entry_language(entry) or lang,
            author=entry.get("author") or None,
            site_name=feed_title,
        )
