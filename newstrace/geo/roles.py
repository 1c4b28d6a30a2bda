"""The role of a place in an article: ``event`` (where something happened), ``mention`` (named
only: a nationality-like use, the outlet's or an organisation's seat, "ambassador to Russia")
or ``dateline`` (the place opening the first body paragraph, "KYIV, March 3 (Reuters) -").

A heuristic from the parse and the words around the name: a place governed by a locative
preposition ("in", "near", "outside", "north of") in a clause about something happening is an
event location; possessives ("Russia's army"), modifiers ("the Kyiv government") and
diplomatic or biographical frames are mentions.
"""

from __future__ import annotations

import re

from ..model import Article

# A dateline: up to ~4 capitalised words (and an optional ", Region"), an optional date or
# agency in parentheses or after a comma, then a dash.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.'’\- ]{1,40}?(?:,\s*[A-Z][A-Za-z.' ]{1,30}?)?)"
    r"(?:\s*,\s*[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)\n]{1,40}\)\s*)?(?:—|–|--|-|:)\s"
)
EVENT_PREPS = {"in", "at", "near", "outside", "inside", "around", "across", "into", "throughout", "on",
               "over", "toward", "towards", "through", "within", "along", "off", "from"}
# Nouns that name something happening: "gains in X", "a strike on X" place an event at X.
EVENT_NOUNS = {
    "attack", "strike", "airstrike", "fighting", "gain", "explosion", "blast", "shelling", "bombing",
    "shooting", "protest", "rally", "march", "fire", "killing", "clash", "offensive", "counteroffensive",
    "battle", "raid", "massacre", "flood", "flooding", "storm", "crash", "election", "vote", "ceremony",
    "meeting", "talks", "summit", "arrest", "advance", "retreat", "assault", "siege", "evacuation",
    "outbreak", "earthquake", "accident", "incident", "operation", "visit", "strike", "missile",
}
_MENTION_BEFORE = re.compile(
    r"\b(?:ambassador|envoy|embassy|consul|consulate|ministry|minister|president|government|leader|"
    r"citizens?|nationals?|visit|visited|visiting|trip|relations|ties|sanctions|born|native|"
    r"delegation|counterpart|flights?|exports?|imports?|deal)\s+(?:to|of|from|with|against|on|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BASED = re.compile(r"^(?:-based|\s*-\s*based)\b")
_BASED_IN = re.compile(r"\b(?:based|headquartered|bureau)\s+in\s+(?:the\s+)?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?:'s|’s|'|’)(?:\s|$)")
WINDOW = 60
REGION_WORDS = {"region", "oblast", "province", "state", "governorate", "district", "raion", "county", "area"}


def dateline_span(article: Article) -> tuple[int, int] | None:
    """Offsets of the dateline place in the first body paragraph, if it opens with one."""
    body = next((p for p in article.paragraphs if p.kind == "body"), None)
    if body is None:
        return None
    m = _DATELINE.match(article.text[body.start : min(body.end, body.start + 200)])
    if not m:
        return None
    return body.start + m.start("place"), body.start + m.end("place")


def role(article: Article, start: int, end: int, dateline: tuple[int, int] | None, relative: bool) -> str:
    text = article.text
    if dateline and dateline[0] <= start and end <= dateline[1]:
        return "dateline"
    if any(e.label == "ORG" and e.start <= start and end <= e.end and (e.end - e.start) > (end - start)
           for e in article.entities):
        return "mention"  # part of an organisation's name: "the Gainesville Police Department"
    before = text[max(0, start - WINDOW) : start]
    after = text[end : end + WINDOW]
    if _POSSESSIVE.match(after) or _BASED.match(after) or _BASED_IN.search(before) or _MENTION_BEFORE.search(before):
        return "mention"
    if relative:
        return "event"
    doc = article.nlp_doc
    if doc is not None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            root = span.root
            for _ in range(4):  # bounded climb: "in the Kherson and Kharkiv regions"
                if root.dep_ == "conj" and root.head.pos_ == "PROPN":
                    root = root.head  # a list member takes the relation of the list's head
                elif root.dep_ in ("compound", "nmod") and root.head.lower_.rstrip("s") in REGION_WORDS:
                    root = root.head  # "across the Donetsk region": the region word carries the relation
                else:
                    break
            if root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.i not in range(root.i, span.end):
                return "mention"
            head = root.head
            if root.dep_ == "pobj" and head.lower_ in EVENT_PREPS:
                gov = head.head
                if gov.pos_ in ("VERB", "AUX") or gov.dep_ == "ROOT" or gov.lemma_.lower() in EVENT_NOUNS:
                    return "event"
            return "mention"
    m = re.search(r"([A-Za-z]+)\s+(?:the\s+)?$", before)
    return "event" if m and m.group(1).lower() in EVENT_PREPS else "mention"
