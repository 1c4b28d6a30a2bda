"""Wire-service origin: is this article a pickup of an agency story (AP, Reuters, AFP, Interfax, TASS ...)?

Requires: text, paragraphs, removed. Assigns: source (``agency``, ``agency_credit``).

An agency is recognised only where a wire story credits itself: the dateline of the lead
("KYIV, Ukraine (AP) —", "MOSCOW, March 3 (Reuters) -", "KYIV. /Ukrinform/."), a byline
("By Jane Doe | Reuters", "By The Associated Press"), a stand-alone credit or sign-off line
("(c) AFP", "— Interfax", "Copyright 2022 The Associated Press") or the lead's own attribution
("..., Reuters reported."). An agency named as a source inside the body ("Reuters could not
verify the claim", "told AFP") is a citation, not a pickup, and photo credits ("AP Photo/...",
"Photo: Reuters") are the picture's, not the text's. Precision first: a miss leaves the outlet as
the origin, which is today's behaviour; a false hit would fold an independent report into a wire.

Hand-written patterns, not a model: the credits are a small closed set of house styles, and each
rule has to be auditable (the matched line is kept as evidence).
"""

from __future__ import annotations

import re

from ..model import AgencyCredit, Article, Span

NAME = "agency"
REQUIRES = ("text", "paragraphs", "removed")
ASSIGNS = ("source",)

# canonical name -> spellings in credits (longest first inside the regex, so "Interfax-Ukraine" beats "Interfax")
AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "Reuters": ("Reuters", "REUTERS", "Thomson Reuters"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Interfax-Ukraine": ("Interfax-Ukraine", "Interfax Ukraine", "Інтерфакс-Україна"),
    "Interfax": ("Interfax", "INTERFAX", "Интерфакс", "Інтерфакс"),
    "TASS": ("TASS", "ITAR-TASS", "Tass", "ТАСС", "ИТАР-ТАСС"),
    "RIA Novosti": ("RIA Novosti", "RIA NOVOSTI", "RIA", "РИА Новости"),
    "Ukrinform": ("Ukrinform", "UKRINFORM", "Укрінформ"),
    "UNIAN": ("UNIAN", "УНІАН"),
    "Anadolu": ("Anadolu Agency", "Anadolu", "AA"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Xinhua": ("Xinhua",),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "PAP": ("PAP",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "PA Media": ("PA Media",),
}
_CANON = {alias.lower(): name for name, aliases in AGENCIES.items() for alias in aliases}
# Case-sensitive on purpose: "ap" or "aa" in lower case are words, "AP" and "AA" in a credit are not.
_AG = "(?P<ag>" + "|".join(re.escape(a) for a in sorted({x for v in AGENCIES.values() for x in v}, key=len,
                                                               reverse=True)) + ")"
# Short-only names that are ambiguous outside a parenthesised dateline or a /slashed/ credit.
_DATELINE_ONLY = {"AA", "RIA", "PAP", "EFE", "ANSA"}

_DASH = r"[-\u2010-\u2015\u2212]"
# "KYIV, Ukraine (AP) —", "MOSCOW, March 3 (Reuters) -", "(AP) —", "LONDON (dpa) -": a place (capitalised,
# up to ~80 chars, no sentence end) then the agency in brackets then a dash or a colon, at the start of the lead.
# Periods are allowed in the place ("MANCHESTER, N.H. (AP) —"): the bracketed agency plus the dash is the signal.
_CAP = "[A-ZА-ЯЁІЇЄҐ]"  # a place starts with a capital, Latin or Cyrillic ("МОСКВА, 30 ноября. /ТАСС/.")
# One bracketed region is allowed in the place: "Iguala de la Independencia (Mexico) (AFP) -".
_DATELINE = re.compile(r"^(?:" + _CAP + r"[^\n!?()]{0,80}?(?:\([^()\n]{1,30}\))?[ ,]\s*)?\(" + _AG + r"\)\s*(?:" + _DASH + r"{1,2}|:)")
# TASS / Ukrinform / Interfax style: "MOSCOW, November 30. /TASS/." or "KYIV /Ukrinform/ -"
_SLASHED = re.compile(r"^(?:" + _CAP + r"[^\n!?/]{0,80}?\s*)?/" + _AG + r"/")
# "By Jane Doe | Reuters", "By Jane Doe, Associated Press", "By Reuters", "By The Associated Press"
_STAFF = r"(?:\s+(?i:staff writer|staff|writers?|reporters?|correspondents?))?"
_BYLINE = re.compile(r"^By\s+(?:(?:[^\n|/]{1,80}?)\s*(?:[|/,]|" + _DASH + r")\s*)?(?:The\s+)?" + _AG + _STAFF
                     + r"\s*\.?$")
# AP house style puts the agency after the name with no separator ("By JANE DOE Associated Press Writer"); only a
# multi-word name is safe there ("By Anna Tass" is a person).
_LONG = "(?P<ag>" + "|".join(re.escape(a) for v in AGENCIES.values() for a in sorted(v, key=len, reverse=True)
                             if " " in a) + ")"
_BYLINE_LONG = re.compile(r"^By\s+[^\n|/]{1,80}?\s+(?:The\s+)?" + _LONG + _STAFF + r"\s*\.?$")
# A stand-alone credit line: "(c) AFP", "© AFP 2022", "Copyright 2022 The Associated Press. All rights reserved."
_COPYRIGHT = re.compile(r"^(?:\(c\)|©|Copyright)\s*(?:\d{4}\s+)?(?:The\s+)?" + _AG
                        + r"(?:\s+\d{4})?\.?(?:\s*All rights reserved\.?)?$", re.IGNORECASE)
# A sign-off line or paragraph end: "— Interfax", "-- dpa", "(Reuters)", "Source: Ukrinform"
_SIGNOFF_LINE = re.compile(r"^(?:" + _DASH + r"{1,2}\s*(?:The\s+)?" + _AG + r"|\(" + _AG.replace("?P<ag>", "?P<ag2>")
                           + r"\)|(?:Source|Sources|Via):\s*(?:The\s+)?" + _AG.replace("?P<ag>", "?P<ag3>") + r")\.?$")
# Editors' initials then the agencies a story was compiled from (Deutsche Welle style): "glb/sb (Reuters, AFP)".
_COMPILED_RX = r"[a-z]{2,4}(?:/[a-z]{2,4}){1,3}\s*\(" + _AG.replace("?P<ag>", "?P<ag3>") + r"(?:,\s*[A-Za-z][\w -]{1,30}){0,4}\)"
_COMPILED = re.compile("^" + _COMPILED_RX + "$")
_SIGNOFF_END = re.compile(r"[.!?\"'\u201d]\s+(?:" + _DASH + r"{1,2}\s*" + _AG + r"|\(" + _AG.replace("?P<ag>", "?P<ag2>")
                          + r"\)|" + _COMPILED_RX + r")\.?$")
# The lead reports itself as an agency's story: "..., Reuters reported." / "Reuters reported on Monday that ..."
_REPORTED = re.compile(r"(?:,\s*|^)(?:[Tt]he\s+)?(?:news\s+agency\s+)?" + _AG
                       + r"(?:\s+news\s+agency)?\s+(?:reported|reports)(?=[\s.,]|$)")
# Picture and video credits name agencies too; they credit the image, not the text.
_PICTURE = re.compile(r"\b(?:photo|photos|photograph|picture|pictures|image|images|video|getty|file|"
                      r"illustration|graphic|via)\b", re.IGNORECASE)

LEAD_PARAGRAPHS = 3  # datelines and bylines sit at the top; later paragraphs quote, they do not credit
TAIL_PARAGRAPHS = 3  # sign-offs sit at the bottom
MAX_CREDIT_CHARS = 160  # a byline or credit line is short; a long paragraph naming an agency is body text
# Removed lines that were the article's own top line. Not "outside-main-text" or "related-list": a page's
# other stories carry their own datelines.
HEADLINE_REASONS = frozenset({"headline", "repeated-headline"})
MAX_REMOVED_LINES = 400  # bound the work on adversarial pages with thousands of dropped lines


def _canon(alias: str) -> str:
    return _CANON[alias.lower()]


def _agency_alias(m: re.Match) -> str | None:
    """The agency name as written in the first agency group the pattern filled."""
    for g in ("ag", "ag2", "ag3"):
        try:
            v = m.group(g)
        except IndexError:
            continue
        if v:
            return v
    return None


def _agency_of(m: re.Match) -> str | None:
    v = _agency_alias(m)
    return _canon(v) if v else None


def _line_credit(line: str, *, lead: bool, tail: bool) -> tuple[str, str, int, int] | None:
    """(agency, cue, start, end) for a short stand-alone credit line, offsets into ``line``."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_CREDIT_CHARS or _PICTURE.search(stripped):
        return None
    off = line.index(stripped)
    for cue, rx, where in (("byline", _BYLINE, lead), ("byline", _BYLINE_LONG, lead), ("credit", _COPYRIGHT, True),
                           ("signoff", _SIGNOFF_LINE, tail),
                           ("signoff", _COMPILED, tail)):
        if not where:
            continue
        m = rx.match(stripped)
        if m:
            ag = _agency_of(m)
            if ag and not (_ambiguous(m) and cue != "credit"):
                return ag, cue, off + m.start(), off + m.end()
    return None


def _ambiguous(m: re.Match) -> bool:
    v = _agency_alias(m)
    return v is not None and v in _DATELINE_ONLY


def _dateline(line: str) -> re.Match | None:
    for rx in (_DATELINE, _SLASHED):
        m = rx.match(line)
        if m and not _PICTURE.search(m.group(0)):
            return m
    return None


def find_credit(text: str, paragraphs: list, removed: list) -> AgencyCredit | None:
    """The first wire credit in an article: lead dateline, byline, credit line, sign-off, lead attribution."""
    # captions and the credits under them belong to pictures ("(c) AFP" under a photo is the photo's)
    body = [p for p in paragraphs if p.kind == "body"]
    lead, tail = body[:LEAD_PARAGRAPHS], body[-TAIL_PARAGRAPHS:]
    for p in lead:
        para = text[p.start:p.end]
        m = _dateline(para)
        if m:
            return AgencyCredit(_canon(m.group("ag")), "dateline", Span(p.start + m.start(), p.start + m.end()))
    for i, r in enumerate(removed[:MAX_REMOVED_LINES]):
        # the cleaner can take a dateline lead for the headline ("TRENTON, N.J. (AP) — Was that ...?") and drop it
        m = _dateline(r.text) if r.reason in HEADLINE_REASONS else None
        if m:
            return AgencyCredit(_canon(m.group("ag")), "dateline", removed=i, line_start=m.start(), line_end=m.end())
    for p in body:
        para = text[p.start:p.end]
        hit = _line_credit(para, lead=p in lead, tail=p in tail)
        if hit:
            ag, cue, s, e = hit
            return AgencyCredit(ag, cue, Span(p.start + s, p.start + e))
    for i, r in enumerate(removed[:MAX_REMOVED_LINES]):
        hit = _line_credit(r.text, lead=True, tail=True)
        if hit:
            ag, cue, s, e = hit
            return AgencyCredit(ag, cue, removed=i, line_start=s, line_end=e)
    for p in tail:
        # a sign-off closes the paragraph: only its end is searched, which bounds the work on long paragraphs
        cut = max(p.start, p.end - MAX_CREDIT_CHARS)
        para = text[cut:p.end]
        m = _SIGNOFF_END.search(para)
        if m and not _ambiguous(m):
            s = m.start() + 1
            while para[s].isspace():
                s += 1
            return AgencyCredit(_agency_of(m), "signoff", Span(cut + s, cut + m.end()))
    if body:
        p = body[0]
        para = text[p.start:p.end]
        first = re.split(r"(?<=[.!?])\s+", para, maxsplit=1)[0]  # the lead sentence only
        m = _REPORTED.search(first)
        if m and not _ambiguous(m):
            s = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(", ")))  # the span starts at the name
            return AgencyCredit(_canon(m.group("ag")), "reported", Span(p.start + s, p.start + m.end()))
    return None


def run(article: Article, ctx) -> Article:
    credit = find_credit(article.text, article.paragraphs, article.removed)
    article.source.agency = credit.agency if credit else None
    article.source.agency_credit = credit
    return article
