"""Pairing quotation marks: straight or curly, single or double, nested, across paragraphs.

Hand-written because the pairing rules of news prose (apostrophes inside single quotes, a
quotation that continues into the next paragraph by re-opening it without closing the
previous one, stray marks in scraped text) are not handled by any tokenizer we can use:
spaCy only tags marks, it does not pair them.

A quotation is open across a paragraph break when the next paragraph opens with a mark of the
same family; otherwise it is closed at the end of its paragraph (unclosed quotes in scraped
text are common and their content is still a quotation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Two apostrophes stand for a straight double quote in some newspaper archives ('' ... '').
_MARKS = re.compile(r"''(?!')|[\"“”„«»‹›'‘’‚]")
DOUBLE = "double"
SINGLE = "single"
_FAMILY = {
    '"': DOUBLE, "“": DOUBLE, "”": DOUBLE, "„": DOUBLE, "«": DOUBLE, "»": DOUBLE,
    "'": SINGLE, "‘": SINGLE, "’": SINGLE, "‚": SINGLE, "‹": SINGLE, "›": SINGLE,
}
_OPEN_ONLY = set("“„«‘‚‹")
_CLOSE_ONLY = set("”»›")
# Characters after which a mark opens a quotation ("(", "—", "[", another mark).
_OPEN_CONTEXT = set(" \t\n([{—–-/:;\"“‘'«„")
# Characters before which a mark closes one.
_CLOSE_CONTEXT = set(" \t\n.,;:!?)]}—–-\"”’'»…")
# Nesting deeper than this is noise in scraped text (stray marks), not quotation.
MAX_DEPTH = 3
# Marks considered per text: bounds the work an adversarial text full of quote marks can cause.
MAX_MARKS = 20_000


@dataclass(slots=True)
class Pair:
    """One quotation: marks at ``open`` and ``close`` (close == content end when unclosed)."""

    open: int
    close: int
    family: str
    depth: int
    closed: bool = True
    paragraphs: int = 1  # > 1 when it continues across paragraph breaks
    open_width: int = 1  # 2 for a doubled apostrophe ''
    close_width: int = 1

    @property
    def content_start(self) -> int:
        return self.open + self.open_width

    @property
    def content_end(self) -> int:
        return self.close

    @property
    def outer_end(self) -> int:
        return self.close + self.close_width if self.closed else self.close


def _role(text: str, i: int, ch: str, width: int = 1) -> str:
    """'open', 'close', 'either' or 'apostrophe' for the mark at ``i``."""
    p = text[i - 1] if i > 0 else " "
    n = text[i + width] if i + width < len(text) else " "
    if _FAMILY[ch] == SINGLE:
        if p.isalnum() and n.isalnum():
            return "apostrophe"  # it's, Putin's, don't
        if ch == "’" or ch == "'":
            if ch == "'" and p in _OPEN_CONTEXT and (n.isalnum() or n in "\"“$£€"):
                # 'tis / '90s are rare; an opening straight single quote is the common case
                return "open"
            if ch == "’" and p in _OPEN_CONTEXT and n.isalnum():
                return "open"  # a curly quote typed the wrong way round
            if (p.isalnum() or p in ".,!?;:…”\"") and (n in _CLOSE_CONTEXT or not n.strip()):
                return "close"
            return "apostrophe"
    if ch in _OPEN_ONLY:
        return "open"
    if ch in _CLOSE_ONLY:
        return "close"
    # straight double quote
    if p in _OPEN_CONTEXT and n not in " \t\n":
        return "open"
    if p not in " \t\n" and (n in _CLOSE_CONTEXT or not n.strip()):
        return "close"
    return "either"


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in re.finditer(r"\n\s*\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def pair_marks(text: str, paragraphs: list[tuple[int, int, str]] | None = None,
               notes: list[str] | None = None) -> list[Pair]:
    """All quotation pairs in ``text``, outermost and nested, sorted by opening offset.

    ``paragraphs``: the article's (start, end, kind) paragraphs; without them, blank lines separate
    paragraphs. A quotation never continues into a paragraph of another kind (caption -> body).
    ``notes``: receives a line when a work bound cuts in (more than MAX_MARKS marks).
    """
    pairs: list[Pair] = []
    stack: list[Pair] = []  # open pairs; close field is provisional
    if paragraphs:
        paras = [(s, e) for s, e, _ in paragraphs]
        kinds = [k for _, _, k in paragraphs]
    else:
        paras = _paragraph_bounds(text)
        kinds = ["body"] * len(paras)
    marks = []
    for m in _MARKS.finditer(text, 0):
        if len(marks) == MAX_MARKS:
            if notes is not None:
                notes.append(f"quote marks after the first {MAX_MARKS} ignored (offset {m.start()} on)")
            break
        marks.append((m.start(), '"' if m.group() == "''" else m.group(), len(m.group())))
    mi = 0
    for pi, (ps, pe) in enumerate(paras):
        if stack:
            # A quotation open at the end of the previous paragraph: continued when this one
            # opens with a mark of the same family, else closed where the paragraph ended.
            first = ps
            while first < pe and text[first] in " \t":
                first += 1
            fch = '"' if text.startswith("''", first) else (text[first] if first < pe else "")
            fw = 2 if text.startswith("''", first) else 1
            cont = first < pe and fch in _FAMILY and _FAMILY[fch] == stack[0].family \
                and _role(text, first, fch, fw) in ("open", "either") and kinds[pi] == kinds[pi - 1]
            if cont:
                for st in stack[1:]:
                    st.close, st.closed = paras[pi - 1][1], False
                    pairs.append(st)
                del stack[1:]
                stack[0].paragraphs += 1
                while mi < len(marks) and marks[mi][0] <= first:
                    mi += 1
            else:
                for st in stack:
                    st.close, st.closed = paras[pi - 1][1], False
                    pairs.append(st)
                stack.clear()
        while mi < len(marks) and marks[mi][0] < pe:
            i, ch, w = marks[mi]
            mi += 1
            if i < ps:
                continue
            fam = _FAMILY[ch]
            role = _role(text, i, ch, w)
            if ch in "“‘" and stack and stack[-1].family == fam and text[stack[-1].open] in "„‚":
                role = "close"  # German „...“ and ‚...‘
            if role == "apostrophe":
                continue
            open_fams = [s.family for s in stack]
            if role == "either":
                role = "close" if fam in open_fams else "open"
            if role == "close" and fam in open_fams:
                while stack:
                    st = stack.pop()
                    st.close = i
                    st.closed = st.family == fam
                    st.close_width = w if st.closed else 1
                    pairs.append(st)
                    if st.family == fam:
                        break
            elif role == "close" and fam == DOUBLE and ch == '"' and not stack:
                continue
            elif role == "open":
                if stack and stack[-1].family == fam:
                    # The same family opening again before closing: a typo such as “a“ or a
                    # run of quotations “...,” “...”; close the previous one here.
                    st = stack.pop()
                    st.close, st.closed = i, False
                    pairs.append(st)
                if len(stack) < MAX_DEPTH:
                    stack.append(Pair(open=i, close=pe, family=fam, depth=len(stack), open_width=w))
    for st in stack:
        st.close, st.closed = len(text.rstrip()), False
        pairs.append(st)
    pairs = [p for p in pairs if p.content_end > p.content_start and text[p.content_start : p.content_end].strip()]
    pairs.sort(key=lambda p: (p.open, -p.close))
    return pairs
