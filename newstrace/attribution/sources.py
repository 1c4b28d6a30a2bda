"""Sources as first-class records: who the article leans on, and in which role.

Roles: ``quoted`` (speaker of a quotation), ``cited`` (an intermediary: "according to the
Beast", "CNN reported"), ``credited`` (named in an image credit or caption credit line),
``publisher`` (the outlet the article comes from).
"""

from __future__ import annotations

import re

from ..model import Article, Mention, Source
from .speakers import entity_type

_CREDIT = re.compile(r"\b(?:credit|credits|photo|image|picture|video|footage|courtesy|source)\s*:", re.I)
_CREDIT_LINE = re.compile(r"^\s*(?:@\w+|[A-Z][\w.&'’ -]{1,60})\s*/\s*[A-Z][\w ]{1,30}\s*$")
# A credit line is short; longer lines are prose that merely mentions a name.
MAX_CREDIT_CHARS = 120


def _type_of(article: Article, name: str, start: int | None = None) -> str:
    for e in article.entities:
        if (start is not None and e.start <= start < e.end) or (start is None and e.canonical == name):
            return entity_type(e, article.text)
    if name.startswith("@"):
        return "account"
    return "unknown"


def build_sources(article: Article) -> list[Source]:
    text = article.text
    by_name: dict[str, Source] = {}

    def add(name: str | None, start: int, end: int, role: str, typ: str | None = None) -> None:
        if not name or end <= start:
            return
        src = by_name.get(name)
        if src is None:
            src = by_name[name] = Source(name=name, type=typ or _type_of(article, name, start))
        elif src.type == "unknown" and typ:
            src.type = typ
        if role not in src.roles:
            src.roles.append(role)
        if not any(m.start == start and m.end == end and m.role == role for m in src.mentions):
            src.mentions.append(Mention(start, end, role))

    for q in article.quotes:
        if q.speaker_entity and q.speaker is not None:
            typ = q.speaker_type if q.speaker_type != "unknown" else None
            # only speech quotes someone; a belief, stance or action reported of them mentions them
            add(q.speaker_entity, q.speaker.start, q.speaker.end, "quoted" if q.attribution == "speech" else "mentioned",
                typ)
        for v in q.via:
            if v.relation == "platform":
                continue
            role = "credited" if v.relation == "posted_by" else "cited"
            add(v.name, v.start, v.end, role, "outlet" if v.relation in ("according_to", "told", "reported_by")
                and _type_of(article, v.name, v.start) in ("organisation", "outlet", "unknown") else None)
    # credits: caption/credit paragraphs and "Image Credit: X" / "@handle/Twitter" lines
    for p in article.paragraphs:
        seg = text[p.start : p.end]
        for line_m in re.finditer(r"[^\n]+", seg):
            line = line_m.group()
            ls = p.start + line_m.start()
            m = _CREDIT.search(line)
            is_credit = p.kind == "credit" or (len(line) <= MAX_CREDIT_CHARS and (m or _CREDIT_LINE.match(line)))
            if not is_credit:
                continue
            lo = ls + (m.end() if m else 0)
            for e in article.entities:
                if lo <= e.start and e.end <= ls + len(line) and e.label in ("PERSON", "ORG", "ACCOUNT", "GPE"):
                    add(e.canonical, e.start, e.end, "credited")
    if article.source is not None and article.source.outlet:
        src = by_name.setdefault(article.source.outlet, Source(name=article.source.outlet, type="outlet"))
        if "publisher" not in src.roles:
            src.roles.append("publisher")
    return sorted(by_name.values(), key=lambda s: (s.mentions[0].start if s.mentions else -1, s.name))
