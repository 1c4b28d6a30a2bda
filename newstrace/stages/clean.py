"""Clean: raw text -> paragraphs of kind body/caption/credit, furniture removed with reasons.

Requires: raw. Assigns: text, paragraphs, removed, title.
(PLACEHOLDER being replaced by the clean-stage work: splits on blank lines only.)
"""

from __future__ import annotations

from ..model import Article, Paragraph

NAME = "clean"
REQUIRES = ("raw",)
ASSIGNS = ("text", "paragraphs", "removed", "title")


def run(article: Article, ctx) -> Article:
    parts = [p.strip() for p in article.raw.text.split("\n\n") if p.strip()]
    if article.title is None and parts:
        article.title = parts.pop(0)
    text, paras, pos = [], [], 0
    for p in parts:
        if paras:
            pos += 2
        paras.append(Paragraph(pos, pos + len(p), "body"))
        text.append(p)
        pos += len(p)
    article.text = "\n\n".join(text)
    article.paragraphs = paras
    return article
