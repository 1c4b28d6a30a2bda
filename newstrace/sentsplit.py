"""Rough sentence spans by a regex over the gaps between sentences.

A module of its own below ``corpus`` and ``multi`` (the rewrite check and the cross-language check
both split any text, analysed or not, with their own pattern), so neither imports the other for it.
Hand-written because the spans must come from raw or light stored text without a parse, and each
caller needs its own gap pattern and a bound on the work.
"""

from __future__ import annotations

import re


def sentence_spans(text: str, end: re.Pattern, limit: int, *, skip_blank: bool = False) -> list[tuple[int, int]]:
    """(start, end) spans of at most ``limit`` sentences of ``text``; ``end`` matches the gaps between
    sentences; ``skip_blank`` drops spans holding only whitespace."""
    out, start = [], 0
    for m in end.finditer(text):
        if m.start() > start and (not skip_blank or text[start:m.start()].strip()):
            out.append((start, m.start()))
        start = m.end()
        if len(out) >= limit:
            return out
    if start < len(text) and text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out
