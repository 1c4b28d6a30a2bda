"""HTML pages (``.html``/``.htm``, gzipped too) through trafilatura; HTML fragments through lxml.

A page yields its main text with one paragraph per block (blank lines between paragraphs,
single newlines for ``<br>``), plus title, author and site name from trafilatura, the
publication date from htmldate (which trafilatura runs for its metadata), and the language
from ``<html lang>``. Lines of the whole page that trafilatura left out are recorded as
``RawDocument.removed`` with reason ``html-boilerplate``, so nothing disappears unaccounted.

The extraction options were chosen on the whole ``../shared/bench/extraction`` set (see
``EXTRACT_OPTIONS``); ``bench/extraction.py`` measures them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import errors
from ..model import InputFailure, Origin, RawDocument, Removed
from ._common import decode, failure, iso_date, language_code, normalise_newlines, outlet_and_host, outlet_of

# favor_precision: trafilatura's stricter boilerplate filter; news pages carry many
# related-story and promo blocks, and the recall it costs is small (measured on the bench set:
# P .945->.969, R .991->.986). include_comments=False: reader comments are not the article.
# Tables stay in: data tables in reporting are content (casualty counts, polls).
EXTRACT_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}
# Retried when the precise pass finds nothing: a short article must not fail for being short.
FALLBACK_OPTIONS = {"favor_recall": True, "include_comments": False, "include_tables": True}
# At most this many dropped page lines are listed in ``removed``: the audit trail of a huge
# page (a forum dump, an infinite-scroll archive) must not outgrow the article itself.
MAX_REMOVED_LINES = 300
# Lines of the whole page examined for the audit trail (bounds the substring checks).
MAX_PAGE_LINES = 5000
# A dropped line longer than this is stored cut, with the cut marked in ``detail``.
MAX_REMOVED_CHARS = 2000
# Occurrences of a page line tried with str.find before one regex scan decides (bounds the work
# for short lines such as "a" that occur glued inside many words).
MAX_FIND_TRIES = 20

_BLOCK = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
          "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
          "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
          "td", "th", "thead", "title", "tr", "ul", "option", "button", "label", "legend"}
_DROP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "head", "select"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_HTML_HINT = re.compile(r"<(?:p|div|br|span|a|em|strong|b|i|li|ul|ol|h[1-6]|blockquote|figure|img|html|body|"
                        r"article|section|table)\b[^>]*>", re.I)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]{0,500}\?>")
_FULL_DOC = re.compile(r"<(?:html|body|head)\b", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def looks_like_html(text: str) -> bool:
    """True when a string (a JSON or feed field) carries HTML markup rather than plain text."""
    return bool(_HTML_HINT.search(text[:20000]))


def _element_paragraphs(root) -> list[str]:
    """Text of an lxml tree as paragraphs: block elements split paragraphs, ``<br>`` splits lines.

    Hand-written (iterative, not recursive) because lxml's ``text_content()`` loses block
    boundaries and a recursive walk would overflow on hostile, deeply nested markup.
    """
    from lxml import etree

    out: list[str] = []
    skip_depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if skip_depth or tag in _DROP or not tag:
                skip_depth += 1
                continue
            if tag in _BLOCK:
                out.append("\n\n")
            elif tag == "br":
                out.append("\n")
            if el.text:
                out.append(el.text)
        else:
            if skip_depth:
                skip_depth -= 1
            elif tag in _BLOCK:
                out.append("\n\n")
            if el.tail and not skip_depth and el is not root:
                out.append(el.tail)
    return _paragraphs("".join(out))


def _paragraphs(text: str) -> list[str]:
    paras = []
    for block in re.split(r"\n\s*\n", normalise_newlines(text)):
        lines = [_SPACES.sub(" ", ln).strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if lines:
            paras.append("\n".join(lines))
    return paras


def fragment_to_text(fragment: str) -> str:
    """An HTML fragment (a JSON body, a feed entry) as plain text, paragraphs separated by blank lines."""
    import lxml.html

    try:
        text = "\n\n".join(_element_paragraphs(lxml.html.fragment_fromstring(fragment, create_parent="div")))
    except Exception:  # noqa: BLE001 - lxml raises several types on hostile markup
        text = ""
    if not text:  # unparseable, or nested past libxml2's depth limit: strip tags instead of losing the text
        import html as html_lib

        text = "\n\n".join(_paragraphs(html_lib.unescape(re.sub(r"<[^<>]{0,2000}>", "\n\n", fragment))))
    return text


def _language(tree) -> str | None:
    cands = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    cands += tree.xpath("//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content")
    cands += tree.xpath("//meta[@property='og:locale']/@content")
    for c in cands:
        if language_code(c):
            return language_code(c)
    return None


def _main_paragraphs(body) -> list[str]:
    from trafilatura.xml import xmltotxt

    paras = []
    for child in body:
        paras.extend(_paragraphs(xmltotxt(child, False)))
    return paras


def _dropped_lines(tree, kept: str, title: str | None) -> tuple[list[Removed], int]:
    """Lines of the whole page absent from the extracted text: what trafilatura dropped."""
    norm_kept = _SPACES.sub(" ", kept)
    removed: list[Removed] = []
    skipped = 0
    seen: set[str] = set()
    body = tree.find(".//body")
    lines = [ln for p in _element_paragraphs(body if body is not None else tree) for ln in p.split("\n")]
    for i, line in enumerate(lines[:MAX_PAGE_LINES]):
        if line in seen or line == title:
            continue
        seen.add(line)
        # word-bounded so a one-word menu item is not "kept" for appearing inside a body word
        if _contains_words(norm_kept, line):
            continue
        if len(removed) >= MAX_REMOVED_LINES:
            skipped += 1
            continue
        # ``line`` stays None: page lines are not lines of the reader's text, which the cleaner numbers
        detail = f"page line {i}, not in trafilatura's main text"
        if len(line) > MAX_REMOVED_CHARS:
            line, detail = line[:MAX_REMOVED_CHARS], detail + f"; cut to {MAX_REMOVED_CHARS} characters"
        removed.append(Removed(text=line, reason="html-boilerplate", detail=detail))
    skipped += max(0, len(lines) - MAX_PAGE_LINES)
    return removed, skipped


def _contains_words(hay: str, needle: str) -> bool:
    """``needle`` occurs in ``hay`` not glued to word characters on either side."""
    start = hay.find(needle)
    for _ in range(MAX_FIND_TRIES):
        if start == -1:
            return False
        end = start + len(needle)
        if (start == 0 or not hay[start - 1].isalnum()) and (end == len(hay) or not hay[end].isalnum()):
            return True
        start = hay.find(needle, start + 1)
    # a short line glued into many words ("a", "in"): one linear regex scan instead of more finds
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", hay) is not None


def extract(html: str, *, path: str, url: str | None = None, fmt: str = "html", record: int | None = None,
            outlet: str | None = None) -> RawDocument | InputFailure:
    """Main text and metadata of one HTML page (already decoded)."""
    import trafilatura
    from trafilatura.utils import load_html

    if _XML_DECL.match(html):  # lxml refuses str input that declares an encoding
        html = _XML_DECL.sub("", html, count=1)
    try:
        tree = load_html(html)
    except Exception:  # noqa: BLE001 - parser failures on hostile markup are bad input, not bugs
        tree = None
    if tree is None:
        return failure(path, errors.MalformedInput, "not parseable as HTML", record)
    doc, paras = None, []
    for opts in (EXTRACT_OPTIONS, FALLBACK_OPTIONS):
        try:
            doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **opts)
        except Exception:  # noqa: BLE001 - trafilatura raises assorted errors on broken pages
            doc = None
        paras = _main_paragraphs(doc.body) if doc is not None and doc.body is not None else []
        if paras:
            break
    if not paras:
        return failure(path, errors.MalformedInput,
                       "no main text found in the HTML (empty page, script-only page, or not an article)", record)
    text = "\n\n".join(paras)
    url = url or (doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None)
    # the caller's outlet (a JSON record's own field), else the page's og:site_name, wins over the domain
    site, host = outlet_and_host(outlet or _og_site_name(tree), url)
    raw = RawDocument(
        text=text,
        source=Origin(path=path, url=url, outlet=site, host=host, format=fmt, record=record),
        title=doc.title or None,
        published=iso_date(doc.date),
        language=_language(tree),
        author=doc.author or None,
        site_name=doc.sitename or None,
        is_extracted=True,
    )
    raw.removed, more = _dropped_lines(tree, text, doc.title)
    if more:
        raw.warnings.append(f"{more} further page line(s) dropped by the HTML extractor are not listed")
    return raw


def _og_site_name(tree) -> str | None:
    """The page's own ``og:site_name``. Read here, not from trafilatura's ``sitename``, which falls back to a
    Twitter handle ("@kyivpost" -> "Kyivpost") or a title fragment: the domain is the better outlet then."""
    try:
        names = tree.xpath('//meta[@property="og:site_name" or @name="og:site_name"]/@content')
    except Exception:  # noqa: BLE001 - a hostile tree must not fail the document
        return None
    return next((n.strip() for n in names if isinstance(n, str) and n.strip()), None)


def read(data: bytes, path: str, settings=None, *, url: str | None = None, fmt: str = "html",
         record: int | None = None, charset: str | None = None) -> Iterator[RawDocument | InputFailure]:
    """Decode and extract one HTML page from bytes."""
    try:
        dec = decode(data, declared=charset or declared_charset(data))
    except errors.UndecodableInput as e:
        yield failure(path, errors.UndecodableInput, e.message, record)
        return
    if not dec.text.strip():
        yield failure(path, errors.EmptyInput, "HTML holds only whitespace", record)
        return
    result = extract(dec.text, path=path, url=url, fmt=fmt, record=record)
    if isinstance(result, InputFailure) and not is_full_document(dec.text):
        # a bare fragment (no <html>/<body>) is the article itself: trafilatura's page model
        # finds no "main" part in it, so keep its text and let the cleaner judge it
        text = fragment_to_text(dec.text)
        if text.strip():
            result = RawDocument(text=text, source=Origin(path=path, url=url, outlet=outlet_of(url), format=fmt,
                                                          record=record))
    if isinstance(result, RawDocument) and dec.note:
        result.warnings.append(dec.note)
    yield result


def is_full_document(text: str) -> bool:
    return bool(_FULL_DOC.search(text[:20000]))
