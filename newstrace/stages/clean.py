"""Clean: raw text -> paragraphs of kind body/caption/credit, furniture removed with reasons.

Requires: raw. Assigns: text, paragraphs, removed, title (and may set published /
published_from from a dateline, and add warnings).

Every non-blank input line ends up either in a kept paragraph (body, caption or credit) or in
``article.removed`` with a reason and its line index; lines the HTML reader already dropped
(``raw.removed``) are merged in first, so nothing is silently lost. The steps, in order:

1. outlet furniture learned over the corpus (``ctx.get("furniture")``, see corpus/furniture.py);
2. line-shape rules (newstrace/lines.py): prompts, calls to action, share rows, tags, bylines, ...;
3. captions and credits (a caption followed by a credit line; standalone credit labels);
4. the title (reader metadata, else the first headline-shaped line) and its repetitions;
5. exact and near-duplicate paragraphs (the fuller copy is kept);
6. for whole-page text (not already extracted by the HTML reader): the main text block, the
   run of lines with the highest prose score; lines outside it are navigation or page furniture;
7. a dateline at the start of the body may give the publication date.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..model import Article, Paragraph, Removed
from .. import lines as L

NAME = "clean"
REQUIRES = ("raw",)
ASSIGNS = ("text", "paragraphs", "removed", "title")

# At most this many lines are examined; a page text longer than that is pathological and the
# rest is removed as "too-many-lines" (bounds the near-duplicate and region passes).
MAX_LINES = 10_000
# A single line longer than this is not one paragraph but a dump of many (JSON/CSV exports put a
# whole article on one line): it is split at sentence ends (else at spaces) into paragraphs of at
# most this size, so no stage sees one giant paragraph and max_text_chars cuts only the tail.
SPLIT_PARAGRAPH_CHARS = 10_000
# Raw text examined by the cleaner, as a multiple of max_text_chars: furniture rarely outweighs the
# article four to one, and the bound keeps a 50 MB one-line dump from costing a gigabyte of copies.
INPUT_CHARS_FACTOR = 5
# Characters of text beyond the examined part (or beyond MAX_LINES) kept verbatim in its one
# ``removed`` record: enough to see what it was, bounded so a hostile input cannot bloat the store.
OVERFLOW_KEEP_CHARS = 20_000
# Longest run of symbols (punctuation, emoji) kept as it is: spaCy's tokenizer peels affixes off a
# token one at a time, rescanning the rest each time, so a run of thousands of ")" or emoji is
# quadratic (16 KB of them took minutes). Real text has rules of dashes or stars, not longer ones.
MAX_SYMBOL_RUN = 64
# Hard-wrapped text (plain-text mail, terminals) breaks lines at 60-80 characters; a line at
# least this long that stops mid-sentence, followed by one starting in lower case, is wrapped.
WRAP_MIN_CHARS = 40
# Wrapped lines are glued only up to this paragraph length (bounds the work on hostile input).
MAX_PARAGRAPH_CHARS = 5000
# "<name> says:" lines needed before they are taken for a reader-comments thread.
MIN_COMMENT_AUTHORS = 3
# Captions are one or two lines (a title and a sentence) directly above their credit.
MAX_CAPTION_LINES = 2
# The headline is searched among the first few surviving lines only: further down, a short
# title-like line is a subheading or a menu item.
TITLE_SEARCH_LINES = 6
# Paragraphs shorter than this are not compared for repetition: short lines ("Reuters",
# "@DefenceU/Twitter", "Video") legitimately recur as credits and labels, list items
# ("Eat every 2-3 hours") recur in structured articles.
MIN_DUP_WORDS = 10
# Near (not exact) repetition is only judged on paragraphs this long: short list items
# ("Portion: 1 cup rice", "Section 3 paragraph 4") differ by one token and are all content.
NEAR_DUP_MIN_WORDS = 12
# SequenceMatcher ratio over the normalised words above which two paragraphs are the same one
# (one word changed in a 20-word standfirst scores 0.95; two different sentences sharing a
# clause score well under 0.8).
NEAR_DUP_RATIO = 0.9
# Near-duplicates are looked for among this many preceding paragraphs: repeats on real pages
# are close together (standfirst/first paragraph, pull quotes), and the window keeps the pass linear.
NEAR_DUP_WINDOW = 20
# Characters of each paragraph compared for near-repetition (bounds the quadratic matcher).
NEAR_DUP_CHARS = 400
# Full matcher runs allowed per document; real pages need a handful (the vocabulary check
# rejects almost every pair first), so this only binds on hostile input.
MAX_NEAR_DUP_MATCHES = 2000
# Region scoring: prose lines score their word count; a short line without sentence
# punctuation (menu item, label) costs NAV_PENALTY; a line already recognised as furniture
# costs FURNITURE_PENALTY, so prompt/related blocks cut the body off from teasers beyond them.
NAV_PENALTY = 4.0
FURNITURE_PENALTY = 6.0
# Some furniture marks a section boundary: reader comments start after a comment prompt, and
# a related-articles header opens a box; crossing one costs as much as a couple of paragraphs.
REASON_PENALTY = {"comment-prompt": 40.0, "comment-author": 10.0, "related-list": 10.0}
# Weight of a prose line whose informative neighbours are both short labels or headlines:
# teaser summaries in "more stories" boxes look like paragraphs but stand alone.
ISOLATED_WEIGHT = 0.25
# Teasers of one box follow each other within this many lines (label, headline, summary).
TEASER_SPACING = 6
# A sentence this short ending in a full stop is neutral evidence ("He declined to comment.").
MIN_SHORT_SENTENCE_WORDS = 3
# The dateline opens the first or second body paragraph (after a standfirst).
DATELINE_SEARCH_PARAGRAPHS = 2
# A run of at least MIN_DATA_ROWS lines of DATA_ROW_MIN_WORDS+ words containing digits, right
# after the body, is a table or list belonging to it (navigation items are 1-3 words, no digits).
MIN_DATA_ROWS = 3
DATA_ROW_MIN_WORDS = 3
# Prose words needed before a comment-section header for it to close the article.
MIN_BODY_BEFORE_COMMENTS = 40.0
# Items of a related / read-more list are headlines: short, no end punctuation.
RELATED_ITEM_MAX_WORDS = 20
# A line this long without end punctuation is still prose (an unpunctuated paragraph), at half weight.
LONG_UNPUNCTUATED_WORDS = 15
# Fewer words than this, even with a full stop ("Sorry!"), is not evidence of prose.
MIN_PROSE_WORDS = 5

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\- ]{1,40}(?:,\s*[A-Z][A-Za-z'’.\- ]{1,30}){0,2})"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z .]{2,30})\))?\s*[-—–]{1,2}\s")


@dataclass(slots=True)
class _Unit:
    idx: int  # line index in the input
    text: str  # stripped line
    block: int  # blank-line separated block number
    kind: str | None = None  # body | caption | credit once kept
    reason: str | None = None  # set when removed
    detail: str | None = None

    @property
    def alive(self) -> bool:
        return self.reason is None


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")


def split_long(line: str, limit: int = SPLIT_PARAGRAPH_CHARS) -> list[str]:
    """``line`` cut into pieces of at most ``limit`` characters: after the last sentence end in
    the second half of each window, else at the last space, else (one giant token) hard."""
    if len(line) <= limit:
        return [line]
    out, pos = [], 0
    while len(line) - pos > limit:
        window = line[pos : pos + limit]
        cut = 0
        for m in _SENTENCE_END.finditer(window, limit // 2):
            cut = m.end()
        if not cut:
            cut = window.rfind(" ", limit // 2) + 1
        if cut <= 0:
            cut = limit
        piece = window[:cut].strip()
        if piece:
            out.append(piece)
        pos += cut
    rest = line[pos:].strip()
    if rest:
        out.append(rest)
    return out


_SYMBOL_RUN = re.compile(r"[^\w\s]{%d,}" % (MAX_SYMBOL_RUN + 1))


def cap_symbol_runs(line: str) -> tuple[str, str]:
    """``line`` with every run of symbols cut to MAX_SYMBOL_RUN characters, and what was cut."""
    cut: list[str] = []

    def keep(m: re.Match) -> str:
        cut.append(m.group()[MAX_SYMBOL_RUN:])
        return m.group()[:MAX_SYMBOL_RUN]

    return _SYMBOL_RUN.sub(keep, line), "".join(cut)


def _overflow(lines: list[str], i: int, reason: str, detail: str) -> Removed:
    """One record for everything from line ``i`` on; its text bounded by OVERFLOW_KEEP_CHARS."""
    kept, size = [], 0
    total = sum(len(ln) for ln in lines[i:])
    for ln in lines[i:]:
        ln = ln.strip()
        if ln:
            kept.append(ln[: OVERFLOW_KEEP_CHARS - size])
            size += len(kept[-1]) + 1
            if size >= OVERFLOW_KEEP_CHARS:
                break
    text = "\n".join(kept)
    if total > len(text):
        detail += f"; {total} characters, the first {len(text)} kept here"
    return Removed(text, reason, i, detail)


def _units(text: str) -> tuple[list[_Unit], list[Removed], bool]:
    units, overflow, block, blank_seen, has_blank = [], [], 0, False, False
    lines = text.splitlines()
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            blank_seen = True
            continue
        if blank_seen and units:
            block += 1
            has_blank = True
        blank_seen = False
        if len(units) >= MAX_LINES:
            # kept in one record: one Removed per line would multiply a hostile input's memory
            overflow.append(_overflow(lines, i, "too-many-lines", f"beyond the first {MAX_LINES} lines"))
            break
        prev = units[-1] if units else None
        if prev is not None and prev.block == block and _continues(prev.text, s):
            prev.text = f"{prev.text} {s}"  # a hard-wrapped paragraph: one paragraph again
            continue
        if len(s) > MAX_SYMBOL_RUN:
            s, cut = cap_symbol_runs(s)
            if cut:
                overflow.append(_overflow([cut], 0, "symbol-run", f"symbols beyond {MAX_SYMBOL_RUN} in a row"))
                overflow[-1].line = i
        units.extend(_Unit(i, piece, block) for piece in split_long(s))
    return units, overflow, has_blank


def _continues(prev: str, line: str) -> bool:
    """``line`` continues a hard-wrapped ``prev``: prev is long and stops mid-sentence, line
    starts in lower case. Menu items are short, so a navigation list is never glued together."""
    return (WRAP_MIN_CHARS <= len(prev) <= MAX_PARAGRAPH_CHARS and line[:1].islower()
            and not L.ends_sentence(prev))


def _drop(u: _Unit, reason: str, detail: str | None = None) -> None:
    u.reason, u.detail = reason, detail


def _apply_furniture_model(units: list[_Unit], article: Article, ctx) -> None:
    model = ctx.get("furniture") if ctx is not None else None
    if model is None or article.raw is None:
        return
    from ..corpus.furniture import outlet_of

    outlet = outlet_of(article.raw)
    if not outlet:
        return
    hits = [u for u in units if u.alive and model.is_furniture(outlet, u.text)]
    # If most of the article is "furniture", the corpus holds copies of this very article
    # (versions, syndication): the model says nothing about page furniture here.
    if hits and len(hits) <= 0.5 * len(units):
        for u in hits:
            _drop(u, "outlet-boilerplate", f"recurs in many articles of {outlet}")


def _apply_shape_rules(units: list[_Unit]) -> None:
    n = max(len(units) - 1, 1)
    for pos, u in enumerate(units):
        if not u.alive:
            continue
        found = L.furniture_reason(u.text, position=pos / n)
        if found:
            _drop(u, *found)
    # "<name> says:" heads reader comments only when comments come in numbers; a single one
    # introduces a quote in the article ("Reporter Jane Doe says:")
    authors = [u for u in units if u.reason == "comment-author"]
    if len(authors) < MIN_COMMENT_AUTHORS:
        for u in authors:
            u.reason = u.detail = None


def _mark_captions(units: list[_Unit], has_blank: bool) -> None:
    for pos, u in enumerate(units):
        if not u.alive or u.kind:
            continue
        kind = L.credit_kind(u.text)
        if kind is None:
            if L.has_inline_credit(u.text) or L.is_caption_label(u.text):
                u.kind = "caption"  # the credit is part of the line; attribution reads it from there
            continue
        caption = []
        max_lines = MAX_CAPTION_LINES if has_blank else 1
        j = pos - 1
        while j >= 0 and len(caption) < max_lines:
            prev = units[j]
            if prev.block != u.block or not prev.alive or prev.kind or L.credit_kind(prev.text):
                break
            caption.append(prev)
            j -= 1
        if not caption and pos > 0:
            prev = units[pos - 1]
            # a credit alone in its block claims the line above only if that reads like a caption
            if prev.alive and not prev.kind and L.has_caption_cue(prev.text) and not L.credit_kind(prev.text):
                caption = [prev]
        if caption:
            u.kind = "credit"
            for c in caption:
                c.kind = "caption"
        elif kind == "label":
            u.kind = "credit"  # a standalone credit ("Featured Image Credit: X"): kept for attribution


def _pick_title(units: list[_Unit], article: Article) -> str | None:
    raw_title = getattr(article.raw, "title", None)
    if raw_title and raw_title.strip():
        return raw_title.strip()
    seen = 0
    for u in units:
        if not u.alive or u.kind:
            continue
        if L.is_headline_candidate(u.text):
            _drop(u, "headline", "first headline-shaped line, stored as the title")
            return u.text
        seen += 1
        if seen >= TITLE_SEARCH_LINES:
            break
    return None


class _Words:
    """Normalised text of a paragraph with its bounded word list and vocabulary, computed once."""

    __slots__ = ("norm", "words", "vocab")

    def __init__(self, text: str):
        self.norm = L.normalise(text)
        # bounded prefix: two copies of a paragraph agree from their first words on, and the
        # matcher below is quadratic in the worst case
        self.words = self.norm[:NEAR_DUP_CHARS].split()
        self.vocab = set(self.words)


def _similar(a: _Words, b: _Words, budget: list[int] | None = None) -> bool:
    """Same paragraph up to a few words (word-level, so unrelated sentences of similar length
    are rejected by a cheap vocabulary check before the matcher runs). ``budget`` holds the
    matcher runs left for this document: hostile text made of one shuffled vocabulary passes
    the cheap checks on every pair."""
    if a.norm == b.norm:
        return True
    la, lb = len(a.words), len(b.words)
    if not la or not lb or min(la, lb) / max(la, lb) < NEAR_DUP_RATIO:
        return False
    if len(a.vocab & b.vocab) / max(len(a.vocab), len(b.vocab)) < NEAR_DUP_RATIO - 0.1:
        return False
    if budget is not None:
        if budget[0] <= 0:
            return False
        budget[0] -= 1
    return difflib.SequenceMatcher(None, a.words, b.words, autojunk=False).ratio() >= NEAR_DUP_RATIO


def _remove_repeated_title(units: list[_Unit], title: str | None) -> None:
    if not title:
        return
    keys = [_Words(t) for t in {title, L.strip_site_suffix(title)}]
    keys = [k for k in keys if k.norm]
    budget = [MAX_NEAR_DUP_MATCHES]
    for u in units:
        if u.alive and not u.kind:
            n = _Words(u.text)
            if any(_similar(n, k, budget) for k in keys):
                _drop(u, "repeated-headline", "repeats the title")


def _duplicate_groups(units: list[_Unit]) -> list[list[_Unit]]:
    """Groups of paragraphs that repeat each other exactly or nearly (normalised text)."""
    live = [u for u in units if u.alive and u.kind != "credit" and len(L.words(u.text)) >= MIN_DUP_WORDS]
    texts = [_Words(u.text) for u in live]
    budget = [MAX_NEAR_DUP_MATCHES]
    norms = [t.norm for t in texts]
    group_of: dict[int, list[_Unit]] = {}
    first: dict[str, int] = {}
    for i, n in enumerate(norms):
        j = first.get(n)
        if j is None and len(texts[i].words) >= NEAR_DUP_MIN_WORDS:
            for k in range(max(0, i - NEAR_DUP_WINDOW), i):
                if _similar(texts[i], texts[k], budget):
                    j = k
                    break
        if j is None:
            first[n] = i
            continue
        group = group_of.setdefault(id(live[j]), [live[j]])
        group.append(live[i])
        group_of[id(live[i])] = group
    seen, out = set(), []
    for g in group_of.values():
        if id(g) not in seen:
            seen.add(id(g))
            out.append(g)
    return out


def _remove_duplicates(groups: list[list[_Unit]]) -> None:
    """Keep one copy per group: the fullest among those still kept (e.g. the one with its final
    full stop); on a tie, the first."""
    for g in groups:
        alive = [u for u in g if u.alive]
        if len(alive) < 2:
            continue
        keep = max(alive, key=lambda u: (len(u.text), -u.idx))
        for u in alive:
            if u is keep:
                continue
            exact = L.normalise(u.text) == L.normalise(keep.text)
            _drop(u, "duplicate-paragraph" if exact else "near-duplicate", f"repeats line {keep.idx}")
            keep.kind = keep.kind or u.kind


def _raw_score(u: _Unit, repeated: set[int]) -> float | None:
    """Prose evidence of one line; None for neutral lines (captions, credits, repeats)."""
    if not u.alive:
        return -REASON_PENALTY.get(u.reason, FURNITURE_PENALTY)
    if u.kind or id(u) in repeated:
        return None  # captions, credits and repeated paragraphs say nothing about where the body is
    n = max(len(L.words(u.text)), len(u.text) // 7, L.cjk_chars(u.text) // 2)  # scripts without spaces
    if n >= MIN_PROSE_WORDS and L.ends_sentence(u.text):
        return float(n)
    if n >= MIN_SHORT_SENTENCE_WORDS and u.text.endswith("."):
        return None  # "He declined to comment.": a short sentence, neither prose mass nor furniture
    if n >= LONG_UNPUNCTUATED_WORDS:
        return n / 2
    return -NAV_PENALTY


def _scores(units: list[_Unit], repeated: set[int]) -> list[float]:
    """Line scores. Teasers in a "more stories" box are prose lines standing alone between
    labels and headlines, one after another: a prose line with no prose neighbour counts only
    ISOLATED_WEIGHT when the next or previous prose line is isolated too (one paragraph under
    a subheading is normal; a run of them is a box of teasers)."""
    raw = [_raw_score(u, repeated) for u in units]
    # removed furniture (an inline ad, a "See it now" link) is no evidence of a teaser box
    info = [i for i, r in enumerate(raw) if r is not None and r != 0 and units[i].alive]
    out = [0.0 if r is None else r for r in raw]
    isolated = []
    for k, i in enumerate(info):
        if raw[i] > 0 and 0 < k < len(info) - 1 and raw[info[k - 1]] < 0 and raw[info[k + 1]] < 0:
            isolated.append(i)
    for j, i in enumerate(isolated):
        near_prev = j > 0 and i - isolated[j - 1] <= TEASER_SPACING
        near_next = j + 1 < len(isolated) and isolated[j + 1] - i <= TEASER_SPACING
        if near_prev or near_next:
            out[i] = raw[i] * ISOLATED_WEIGHT
    return out


def _main_region(scores: list[float]) -> tuple[int, int] | None:
    """The run of lines with the highest total prose score (maximum subarray), widened over
    neutral neighbours (a repeated standfirst, a caption at the edge)."""
    best, best_span, cur, start = 0.0, None, 0.0, 0
    for i, s in enumerate(scores):
        if cur <= 0:
            cur, start = s, i
        else:
            cur += s
        if cur > best:
            best, best_span = cur, (start, i)
    if best_span is None:
        return None
    a, b = best_span
    while a > 0 and scores[a - 1] == 0:
        a -= 1
    while b + 1 < len(scores) and scores[b + 1] == 0:
        b += 1
    return a, b


def _is_data_row(u: _Unit) -> bool:
    return u.alive and not u.kind and len(L.words(u.text)) >= DATA_ROW_MIN_WORDS and bool(re.search(r"\d", u.text))


def _extend_over_data_list(units: list[_Unit], b: int) -> int:
    """A table or list of dated / numbered rows (tour dates, standings, prices) that ends an
    article scores as navigation line by line; when it directly follows the body (at most one
    heading between), it belongs to the body."""
    i = b + 1
    if i < len(units) and units[i].alive and not _is_data_row(units[i]) and not L.ends_sentence(units[i].text):
        i += 1  # the list's heading ("Tour dates")
    j = i
    while j < len(units) and _is_data_row(units[j]):
        j += 1
    return j - 1 if j - i >= MIN_DATA_ROWS else b


def _apply_region(units: list[_Unit], groups: list[list[_Unit]]) -> None:
    repeated = {id(u) for g in groups for u in g}
    scores = _scores(units, repeated)
    span = _main_region(scores)
    if span is None:
        return
    a, b = span
    b = _extend_over_data_list(units, b)
    # Reader comments follow the article: once enough body precedes a comment-section header,
    # the region ends there even if the comments outweigh the body.
    acc = 0.0
    for i in range(a, b + 1):
        if units[i].reason == "comment-prompt" and acc >= MIN_BODY_BEFORE_COMMENTS:
            b = i - 1
            break
        acc += max(scores[i], 0.0)
    for i, u in enumerate(units):
        if (i < a or i > b) and u.alive:
            if u.kind == "credit" and L.credit_kind(u.text) == "label":
                continue  # an explicit credit label is kept wherever it sits
            u.kind = None
            short = len(L.words(u.text)) < LONG_UNPUNCTUATED_WORDS and not L.ends_sentence(u.text)
            _drop(u, "navigation" if short else "outside-main-text",
                  "before the main text" if i < a else "after the main text")


def _remove_related_lists(units: list[_Unit]) -> None:
    """After a 'Related' / 'Most popular' header, the run of short unpunctuated lines is its list."""
    in_list = False
    for u in units:
        if u.reason == "related-list":
            in_list = True
            continue
        if not in_list or not u.alive:
            continue
        if u.kind or L.ends_sentence(u.text) or len(L.words(u.text)) > RELATED_ITEM_MAX_WORDS:
            in_list = False
            continue
        _drop(u, "related-list", "item of a related / read-more list")


def _apply_dateline(article: Article, paragraph: str) -> bool:
    """True when the paragraph opens with a dateline (its date used if metadata had none)."""
    m = _DATELINE.match(paragraph[:200])
    if not m:
        return False
    date_text = m.group("date")
    if article.published or not date_text:
        return True
    if not re.search(r"\d{4}", date_text):
        article.warnings.append(f"dateline date without a year ignored: {date_text!r}")
        return True
    import dateparser

    dt = dateparser.parse(date_text, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    if dt is not None:
        article.published = dt.date().isoformat()
        article.published_from = "dateline"
    return True


def run(article: Article, ctx) -> Article:
    raw = article.raw
    text = (raw.text if raw is not None else article.text) or ""
    max_chars = ctx.settings.max_text_chars if ctx is not None else None
    cut_at = max_chars * INPUT_CHARS_FACTOR if max_chars else None
    tail = None
    if cut_at is not None and len(text) > cut_at:
        nl = text.rfind("\n", cut_at // 2, cut_at)
        cut_at = nl + 1 if nl >= 0 else cut_at
        rest = len(text) - cut_at
        tail = Removed(text[cut_at : cut_at + OVERFLOW_KEEP_CHARS].strip(), "too-long", text.count("\n", 0, cut_at),
                       f"input beyond its first {cut_at} characters not examined; {rest} characters, the first "
                       f"{min(rest, OVERFLOW_KEEP_CHARS)} kept here")
        text = text[:cut_at]
        article.warnings.append(f"clean: input of {len(raw.text if raw is not None else article.text)} characters;"
                                f" only the first {cut_at} examined ({INPUT_CHARS_FACTOR} x max_text_chars)")
    units, removed_extra, has_blank = _units(text)
    if tail is not None:
        removed_extra.append(tail)
    if any(r.reason == "too-many-lines" for r in removed_extra):
        article.warnings.append(f"clean: more than {MAX_LINES} lines; the rest removed as too-many-lines")
    if any(r.reason == "symbol-run" for r in removed_extra):
        article.warnings.append(f"clean: runs of more than {MAX_SYMBOL_RUN} symbols shortened (see removed)")
    if any(u.idx == v.idx for u, v in zip(units, units[1:])):  # only split pieces share a line
        article.warnings.append(f"clean: line(s) over {SPLIT_PARAGRAPH_CHARS} characters split into paragraphs")

    _apply_furniture_model(units, article, ctx)
    _apply_shape_rules(units)
    _mark_captions(units, has_blank)
    article.title = _pick_title(units, article)
    _remove_repeated_title(units, article.title)
    _remove_related_lists(units)
    groups = _duplicate_groups(units)
    if not getattr(raw, "is_extracted", False):
        _apply_region(units, groups)
    _remove_duplicates(groups)

    kept = [u for u in units if u.alive]
    for u in kept:
        u.kind = u.kind or "body"
    for text in [u.text for u in kept if u.kind == "body"][:DATELINE_SEARCH_PARAGRAPHS]:
        if _apply_dateline(article, text):
            break

    parts, paras, pos = [], [], 0
    for u in kept:
        start = pos + (2 if parts else 0)
        if max_chars is not None and start + len(u.text) > max_chars:
            _drop(u, "truncated", f"clean text capped at max_text_chars={max_chars}")
            continue
        parts.append(u.text)
        paras.append(Paragraph(start, start + len(u.text), u.kind))
        pos = start + len(u.text)
    if any(u.reason == "truncated" for u in kept):
        article.warnings.append(f"clean text truncated to {max_chars} characters (max_text_chars)")

    article.text = "\n\n".join(parts)
    article.paragraphs = paras
    article.removed = list(getattr(raw, "removed", None) or []) + sorted(
        [Removed(u.text, u.reason, u.idx, u.detail) for u in units if not u.alive] + removed_extra,
        key=lambda r: r.line)
    return article
