"""Quotes: direct and indirect speech, their speakers, cues and via chains; fragments; sources.

Requires: text, paragraphs, sentences, entities (and the transient ``nlp_doc``).
Assigns: quotes, fragments, sources.

Direct quotations come from pairing quote marks (``attribution.marks``); indirect speech and
the cue/speaker of direct quotations come from the dependency parse (``attribution.cues``).
Without a parse (non-English articles) direct quotations are still found, without speakers.
Short quoted words with no speech cue (scare quotes) and titles go to ``fragments``.
"""

from __future__ import annotations

import bisect
import re

from ..attribution.cues import (CONTENT_PREPS, MAX_SENT_TOKENS, Cue, find_cues, is_citation, is_naming, is_not_attribution,
                                is_unsaid, is_withholding)
from ..attribution.learned import CueModel, spans_for
from ..attribution.marks import Pair, pair_marks
from ..attribution.cyrillic import find as find_cyrillic
from ..attribution.lexicon import NOUN_KINDS, SPEECH_VERBS, TITLE_INTRO, attribution_kind, speech_lexicon
from ..attribution.sources import build_sources
from ..attribution.speakers import Resolved, Resolver
from ..model import Article, Fragment, Quote, Span, Via

NAME = "quotes"
REQUIRES = ("text", "paragraphs", "sentences", "entities")
ASSIGNS = ("quotes", "fragments", "sources")

# A quoted single word is a scare quote or a term, never a quotation ('genocide').
SCARE_MAX_WORDS = 1
# Up to this many words, quoted text with no speech cue is a fragment, not a quotation.
FRAGMENT_MAX_WORDS = 5
# Text between a closing mark and its cue ("," he said, according to ...) is short; past this
# many characters the cue belongs to another sentence.
MAX_FRAME_CHARS = 200
# Words between the end of a cue's own content and a quotation it would frame "before" it: past this,
# the quotation belongs to something said later in the sentence.
FRAME_GAP_WORDS = 6
# A quotation with no cue of its own continues the previous speaker's quotation when it starts
# within this many characters of it (the next sentence or paragraph).
INHERIT_GAP = 400
DROP_INSIDE_QUOTES = True
_TITLED = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Sgt|Prof|President|Senator|Minister|Mayor)\b\.?\s", re.I)
_TITLE_STRIP = frozenset("mr mrs ms dr sen rep gov gen col sgt prof president senator minister mayor".split())
# Work bounds per article (real articles have tens of each): hostile text full of quote marks or
# reporting verbs cannot make the stage quadratic beyond these.
MAX_PAIRS = 1_000
MAX_CUES = 2_000
# The learned scorer's cost grows with tokens x sentences (spaCy's Token.sent): past this many tokens
# (~60 KB of prose, twice a long feature) the rules alone read the article, with a warning.
MAX_LEARNED_TOKENS = 12_000
# "X said, according to Y": the according-to phrase right after a speech verb is a via, not a cue.
_SAID_BEFORE = re.compile(r"\b(?:said|says|say|told|added|wrote|stated|claimed|reported)\b[^.!?\n]{0,25}$", re.I)
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_PRONOUN_WORDS = frozenset("he she it they him her them you".split())
# A clause opening with one of these after a quotation is not its frame ("... as the offensive continued").
_SUBORDINATORS = frozenset("as while when because after before since if although though until unless where".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENT_END = re.compile(r"[.!?](?=\s|$)")


# Reported speech states a proposition: an indirect "content" shorter than this is a description or a
# complement ("confirmed dating"), not what someone said.
MIN_INDIRECT_WORDS = 2


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def _is_title(text: str, p: Pair) -> bool:
    inner = text[p.content_start : p.content_end].strip(" ,.")
    words = inner.split()
    if not words or len(words) > 12:
        return False
    before = text[max(0, p.open - 20) : p.open].lower().split()
    if before and before[-1].strip(",:") in TITLE_INTRO:
        return True
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    small = sum(1 for w in words if w.lower() in ("of", "the", "and", "a", "an", "in", "on", "to", "for", "at", "or"))
    return len(words) >= 2 and caps + small == len(words) and caps >= 2 and not inner.endswith((".", "?", "!"))


class _Ctx:
    """Per-article lookups shared by the helpers below."""

    def __init__(self, article: Article):
        self.text = article.text
        self.doc = article.nlp_doc
        self.sent_starts = [s.start for s in article.sentences]
        self.sents = article.sentences
        self.para_starts = [p.start for p in article.paragraphs] or [0]
        self.paras = article.paragraphs
        self.entities = sorted(article.entities, key=lambda e: e.start)

    def sentence(self, pos: int) -> Span:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        if i < 0 or not self.sents:
            return Span(0, len(self.text))
        return self.sents[i]

    def paragraph_end(self, pos: int) -> int:
        i = bisect.bisect_right(self.para_starts, pos) - 1
        if 0 <= i < len(self.paras):
            return self.paras[i].end
        nl = self.text.find("\n\n", pos)
        return nl if nl >= 0 else len(self.text)


class _Spans:
    """Non-overlapping quotation pairs, sorted, with O(log n) lookups (top-level pairs never overlap)."""

    def __init__(self, pairs: list[Pair]):
        self.pairs = sorted(pairs, key=lambda p: p.open)
        self.starts = [p.content_start for p in self.pairs]
        self.opens = [p.open for p in self.pairs]

    def __iter__(self):
        return iter(self.pairs)

    def inside(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.pairs[i].content_end

    def next_open(self, lo: int, hi: int) -> int | None:
        i = bisect.bisect_left(self.opens, lo)
        return self.opens[i] if i < len(self.opens) and self.opens[i] < hi else None


def _inside(pos: int, pairs) -> bool:
    if isinstance(pairs, _Spans):
        return pairs.inside(pos)
    return any(p.content_start <= pos < p.content_end for p in pairs)


def _cues_between(cues_by_pos: list[tuple[int, Cue]], lo: int, hi: int) -> list[Cue]:
    i = bisect.bisect_left(cues_by_pos, lo, key=lambda x: x[0])
    out = []
    while i < len(cues_by_pos) and cues_by_pos[i][0] < hi:
        out.append(cues_by_pos[i][1])
        i += 1
    return out


def _frame_cue(c: _Ctx, p: Pair, cues_by_pos: list[tuple[int, Cue]], top: list[Pair],
               within: tuple[int, int] | None = None) -> Cue | None:
    """The cue that frames quotation ``p``: after it in the same sentence, else before it.

    ``within``: the enclosing quotation's content, for a quotation nested in another.
    """
    text = c.text
    inner = text[p.content_start : p.content_end].rstrip()
    # after: ',” the account wrote on Twitter.' / '," said X.'
    a0 = p.outer_end
    a1 = min(c.paragraph_end(a0), a0 + MAX_FRAME_CHARS, within[1] if within else len(text))
    m = _SENT_END.search(text, a0, a1)
    nq = top.next_open(a0, a1) if isinstance(top, _Spans) else next((q.open for q in top if a0 <= q.open < a1), None)
    if nq is not None and (m is None or nq < m.start()):
        a1 = nq
    elif m is not None:
        a1 = m.start()
    tail = text[a0:a1]
    tail_ok = inner.endswith((",", "?", "!", "—", "–", "-", "…")) or tail[:1] in (",", "—") or \
        (tail.strip()[:1].islower() and p.closed) or (p.closed and inner.endswith(".") and _words(tail) <= 6)
    first = tail.strip(" ,—–").split()[:1]
    if first and first[0].lower() in _SUBORDINATORS:
        tail_ok = False
    best = None
    if tail_ok and tail.strip():
        for cue in _cues_between(cues_by_pos, a0, a1):
            pos = cue.cue[0]
            if not cue.is_according and not _inside(pos, top):
                if cue.content is not None and cue.content[0] > cue.cue[0] and not (
                        cue.content[0] <= p.content_start < cue.content[1]):
                    break  # "... and claimed that X": the verb governs its own clause, not the quote
                best = cue
                break
    if best is not None:
        return best
    # before: 'The caption reads: "' / 'X said that troops had “'
    s = c.sentence(p.open)
    b0 = max(s.start, within[0] if within else 0)
    head = text[b0 : p.open]
    if not head.strip() and s.start > 0:
        prev = c.sentence(s.start - 1)
        if text[prev.start : prev.end].rstrip().endswith(":"):
            b0 = prev.start
    cands = [cue for cue in _cues_between(cues_by_pos, b0, p.open) if not _inside(cue.cue[0], top)]
    for cue in reversed(cands):
        # the cue must govern the quotation (its content reaches it) or end with a colon
        after = text[cue.cue[1] : p.open]
        if (cue.content and cue.content[1] >= p.content_start - 2) or not after.strip():
            return cue
        if after.strip().endswith((":", ",")) and not (
                cue.content and cue.content[1] < p.open and _words(text[cue.content[1] : p.open]) > FRAME_GAP_WORDS):
            # ('X said, "...'), but not a cue whose own content ended long before: "protesters
            # called for more information ..., looping the streets ... while chanting, '...'"
            return cue
    return None


def _resolve(res: Resolver, c: _Ctx, cue: Cue, remember: bool = True) -> Resolved | None:
    if cue.source is None:
        return None
    head = None
    hw = None
    indefinite = False
    if c.doc is not None and cue.source_i is not None:
        t = c.doc[cue.source_i]
        head = (t.idx, t.idx + len(t))
        hw = t.lower_
        indefinite = any(ch.dep_ == "det" and ch.lower_ in ("a", "an", "another", "one", "some") for ch in t.children)
        if hw in ("who", "which", "that") and t.head.dep_ == "relcl":
            n = t.head.head
            lo, hi = n.left_edge, n
            return res.resolve(lo.idx, hi.idx + len(hi), (n.idx, n.idx + len(n)), n.lower_, remember=remember)
    r = res.resolve(cue.source[0], cue.source[1], head, hw, indefinite, remember=remember)
    if r.entity is None and c.doc is not None and cue.source_i is not None:
        name = _proper_name(c.doc[cue.source_i])
        if name:
            # a name the tagger missed ("Traynor said"): the proper noun itself is the speaker
            country = res.capital_country(name) if res.capital_country is not None and " " not in name else None
            if country:  # an untagged capital that speaks ("Kyiv said") is its country
                r = Resolved(country, "organisation", None, None)
            else:
                r = Resolved(name, "person" if _TITLED.match(c.text, max(0, cue.source[0])) or " " in name
                             else "unknown", None, None)
            if remember and res.history and res.history[-1][0] == cue.source[0]:
                res.history[-1] = (cue.source[0], r)
    return r


# At most this many tokens between a quotation and its verb make the orphan verb's source.
ORPHAN_SOURCE_TOKENS = 14


_NOMINAL = frozenset("NOUN PROPN DET ADJ PART NUM PRON".split())


def _orphan_source(doc, cue_i: int, content: tuple[int, int]):
    """((start, end), head index, content) of the speaker of a speech verb the parser left without
    a subject: the noun phrase between the content and the verb ("..., the city's acting mayor,
    Rehina Kharchenko, said": the parser made "mayor" the object of the content's verb, and the
    content ran up to the verb: it is cut before the phrase), or the words opening the sentence
    before it ("It said it would ...")."""
    t = doc[cue_i]
    sent = t.sent
    lo_i = sent.start
    if content[0] < t.idx <= content[1] + 3:
        # the content runs up to the verb: its nominal tail after a comma is the source
        k, comma = cue_i - 1, None
        while k > sent.start and doc[k].idx >= content[0] and (
                doc[k].pos_ in _NOMINAL or doc[k].text == "," or doc[k].tag_ == "VBG" or doc[k].is_space):
            if doc[k].text == ",":
                comma = k
            k -= 1
        if comma is None or comma >= cue_i - 1:
            return None
        cut = doc[comma - 1]
        content = (content[0], cut.idx + len(cut))
        lo_i = comma + 1
    elif content[1] <= t.idx:
        lo_i = next((k for k in range(sent.start, cue_i) if doc[k].idx >= content[1]), cue_i)
    elif content[0] <= t.idx:
        return None  # the verb inside its own content: nothing to read
    toks = [doc[k] for k in range(lo_i, cue_i)]
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].lower_ in ("and", "but")):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].pos_ in ("ADV", "AUX", "PART")):
        toks = toks[:-1]
    if not toks or len(toks) > ORPHAN_SOURCE_TOKENS or any(x.pos_ == "VERB" and x.tag_ != "VBG" and not x.text[:1].isupper() for x in toks):
        # (a capitalised 'verb' is a name the tagger misread: "Tulsa police Chief Chuck Jordan")
        return None
    if not any(x.pos_ in ("NOUN", "PROPN", "PRON") for x in toks):
        return None
    ids = {x.i for x in toks}
    heads = [x for x in toks if x.head.i not in ids or x.head.i == x.i]
    head = next((x for x in heads if x.pos_ in ("NOUN", "PROPN", "PRON")), None) or \
        next((x for x in reversed(toks) if x.pos_ in ("NOUN", "PROPN") and x.text[:1].isupper()), None)
    if head is None:
        return None
    return (toks[0].idx, toks[-1].idx + len(toks[-1])), head.i, content


def _proper_name(t) -> str | None:
    """'Vargas Llosa' from its head token and compound proper nouns; None when not a proper noun."""
    if t.pos_ != "PROPN" or not t.text[:1].isupper():
        return None
    toks = [x for x in t.children if x.dep_ == "compound" and x.pos_ == "PROPN" and x.i < t.i] + [t]
    toks.sort(key=lambda x: x.i)
    words = [x.text for x in toks if x.text.lower().strip(".") not in _TITLE_STRIP]
    return " ".join(words) or None


def _name_in(c: _Ctx, start: int, end: int) -> str | None:
    """Canonical name of the last person/organisation named inside text[start:end]."""
    best = None
    for e in c.entities:
        if e.start >= end:
            break
        if start <= e.start and e.end <= end and e.label in ("PERSON", "ORG", "ACCOUNT"):
            best = e.canonical
    return best


def _vias(c: _Ctx, cue: Cue, cue_index: dict[int, Cue], res_of: dict[int, Resolved | None],
          sent_cues: list[Cue]) -> list[Via]:
    out: list[Via] = []
    text = c.text
    for pi in cue.parents:
        pc = cue_index.get(pi)
        r = res_of.get(pi)
        mine = res_of.get(cue.cue_i)
        if pc is not None and pc.source is not None and r is not None and r.entity is not None \
                and (mine is None or mine.entity != r.entity):
            rel = "according_to" if pc.is_according else "reported_by"
            out.append(Via(pc.source[0], pc.source[1], r.entity or text[pc.source[0] : pc.source[1]], rel))
    for other in sent_cues:
        if other.is_according and other is not cue and other.source is not None and not cue.is_according:
            r = res_of.get(other.cue_i)
            name = (r.entity if r else None) or _name_in(c, *other.source) or text[other.source[0] : other.source[1]]
            if not any(v.start == other.source[0] for v in out):
                out.append(Via(other.source[0], other.source[1], name, "according_to"))
    if cue.recipient is not None and c.doc is not None and cue.recipient_i is not None:
        t = c.doc[cue.recipient_i]
        if t.ent_type_ in ("ORG", "PERSON") or t.pos_ == "PROPN":
            out.append(Via(cue.recipient[0], cue.recipient[1],
                           _name_in(c, *cue.recipient) or text[cue.recipient[0] : cue.recipient[1]], "told"))
    if cue.platform_i is not None and c.doc is not None:
        t = c.doc[cue.platform_i]
        out.append(Via(t.idx, t.idx + len(t), t.text, "platform"))
    return out


def _media_vias(c: _Ctx, cue: Cue, r: Resolved | None) -> list[Via]:
    """A speaker who speaks through a posted item: 'a video posted on Twitter by journalist X'."""
    if r is None or r.entity_span is None or cue.source is None or r.description is None:
        return []
    s, e = r.entity_span
    if cue.source[0] <= s and e <= cue.source[1]:
        return [Via(s, e, r.entity or c.text[s:e], "posted_by")]
    return []


def _merge_content(p: Pair, cue: Cue | None) -> tuple[int, int, str]:
    """Content of a direct quotation; grows to the cue's clause when the quote is only part of it."""
    s, e = p.content_start, p.content_end
    if cue is not None and cue.content is not None:
        cs, ce = cue.content
        if cs < p.open - 1 and ce >= p.open:
            return min(s, cs), max(e, ce), "mixed"
    return s, e, "direct"


def extract(article: Article, model: CueModel | None = None,
            capital_country=None, is_town=None) -> tuple[list[Quote], list[Fragment]]:
    """Quotations and fragments of ``article``; ``model`` (the learned cue scorer) refines the rules;
    ``capital_country`` (name -> country name or None) reads a capital that speaks as its country;
    ``is_town`` (name -> bool) tells a town or district from a country or region ("the city council")."""
    c = _Ctx(article)
    text = article.text
    notes: list[str] = []
    pairs = pair_marks(text, [(p.start, p.end, p.kind) for p in article.paragraphs] or None, notes)
    if len(pairs) > MAX_PAIRS:
        notes.append(f"quotation pairs after the first {MAX_PAIRS} ignored ({len(pairs)} found)")
        pairs = pairs[:MAX_PAIRS]
    top = _Spans([p for p in pairs if p.depth == 0])
    bounds = [(p.start, p.end) for p in article.paragraphs] or [(0, len(text))]
    cues = find_cues(c.doc, bounds) if c.doc is not None else []
    if len(cues) > MAX_CUES:
        notes.append(f"attribution cues after the first {MAX_CUES} ignored ({len(cues)} found)")
        cues = cues[:MAX_CUES]
    if c.doc is not None:
        long_sents = sum(1 for s in c.doc.sents if len(s) > MAX_SENT_TOKENS)
        if long_sents:
            notes.append(f"{long_sents} sentence(s) over {MAX_SENT_TOKENS} tokens not read for attributions")
    for n in notes:
        article.warnings.append(f"quotes: {n}")
    if c.doc is not None:
        for cu in cues:
            if cu.source is None and cu.content is not None and not cu.is_passive and not cu.is_according \
                    and cu.lemma in SPEECH_VERBS:
                orphan = _orphan_source(c.doc, cu.cue_i, cu.content)
                if orphan is not None:
                    cu.source, cu.source_i, cu.content = orphan
            elif cu.source is not None and not _inside(cu.cue[0], top) and _inside(cu.source[0], top):
                # '“... We will achieve justice,” Tulsa police Chief Chuck Jordan said': the parser took
                # a subject inside the quotation; the speaker is the phrase between it and the verb
                q = next((p for p in reversed(top.pairs) if p.outer_end <= cu.cue[0]), None)
                if q is not None and c.sentence(cu.cue[0]).start < q.outer_end:
                    orphan = _orphan_source(c.doc, cu.cue_i, (q.content_start, q.outer_end))
                    if orphan is not None:
                        cu.source, cu.source_i = orphan[0], orphan[1]
    cues_by_pos = sorted(((cu.cue[0], cu) for cu in cues), key=lambda x: x[0])
    cue_index = {cu.cue_i: cu for cu in cues}
    res = Resolver(text, article.entities, c.doc, capital_country, is_town)

    # 1. direct quotations: find each pair's framing cue
    framed: dict[int, Cue | None] = {}
    for p in pairs:
        if p.depth == 0:
            framed[p.open] = _frame_cue(c, p, cues_by_pos, top)
        else:
            # nested: only with its own cue inside the outer quotation ("says ‘it’s our guys’")
            parent = next((q for q in pairs if q.depth == p.depth - 1 and q.open < p.open and p.close <= q.close), None)
            cue = _frame_cue(c, p, cues_by_pos, [q for q in pairs if q.depth == p.depth and q is not p],
                             (parent.content_start, parent.content_end) if parent else None)
            framed[p.open] = cue if cue is not None and any(
                q.depth < p.depth and q.content_start <= cue.cue[0] < q.content_end for q in pairs) else None

    # 2. resolve speakers in reading order (pronouns look back at earlier speakers)
    events: list[tuple[int, str, object]] = [(cu.cue[0], "cue", cu) for cu in cues]
    events.sort(key=lambda x: x[0])
    res_of: dict[int, Resolved | None] = {}
    used_cues: set[int] = set()
    quotes: list[Quote] = []
    fragments: list[Fragment] = []
    direct_of_cue: dict[int, list[Pair]] = {}
    for p in pairs:
        cue = framed.get(p.open)
        if cue is not None:
            direct_of_cue.setdefault(cue.cue_i, []).append(p)
    inside_cues = []
    for _, _, cu in events:
        if _inside(cu.cue[0], top):
            inside_cues.append(cu)  # resolved once the quotation's own speaker is known
        else:
            res_of[cu.cue_i] = _resolve(res, c, cu)

    sent_cues_of = {}
    for cu in cues:
        s = c.sentence(cu.cue[0])
        sent_cues_of.setdefault(s.start, []).append(cu)

    def resolve_inside(cu: Cue) -> Resolved | None:
        """Speaker of an attribution quoted inside a quotation: "I"/"we" is the quotation's speaker."""
        host_q = next((q for q in quotes if q.is_direct and q.content.start <= cu.cue[0] < q.content.end), None)
        word = text[cu.source[0] : cu.source[1]].lower() if cu.source else ""
        if host_q is not None and word in _FIRST_PERSON and (host_q.speaker_entity or host_q.speaker_description):
            return Resolved(host_q.speaker_entity, host_q.speaker_type or "unknown", host_q.speaker_description)
        if host_q is not None and word in _PRONOUN_WORDS and word not in ("he", "she", "him", "her"):
            return Resolved(None, "unknown", text[cu.source[0] : cu.source[1]])
        return _resolve(res, c, cu, remember=False)

    def make(content: tuple[int, int], cu: Cue | None, kind: str, conf: float) -> Quote:
        q = Quote(content=Span(*content), kind=kind, is_direct=kind == "direct", confidence=conf)
        if cu is None:
            return q
        lemma = cu.lemma
        if lemma in ("appear", "seem") and c.doc is not None:
            # "appears to show": the inner verb says what is attributed, "appears" hedges it
            x = next((ch for ch in c.doc[cu.cue_i].children if ch.dep_ == "xcomp"), None)
            lemma = x.lemma_.lower() if x is not None else lemma
        q.attribution = attribution_kind(lemma, quoted=kind != "indirect", clausal=cu.content_i is not None)
        if kind == "indirect" and c.doc is not None and c.doc[cu.cue_i].pos_ == "NOUN":
            # a nominal attribution: "Kyiv's claim that ..." is speech, "concern that ..." a belief
            q.attribution = NOUN_KINDS.get(cu.lemma, "action")
        if q.attribution == "speech" and kind == "indirect" and c.doc is not None and is_unsaid(c.doc[cu.cue_i]):
            q.attribution = "action"  # "declined to say", "did not confirm": reported of them, nothing said
        if kind == "indirect" and c.doc is not None and is_citation(c.doc[cu.cue_i]):
            q.attribution = "evidence"  # "citing satellite imagery": what they rely on, not what they said
        if cu.parts and content == (cu.parts[0][0], cu.parts[1][1]):
            q.parts = [Span(*x) for x in cu.parts]
        q.cue = Span(*cu.cue)
        if cu.cue_i not in res_of:
            res_of[cu.cue_i] = resolve_inside(cu)
        r = res_of.get(cu.cue_i)
        if cu.source is not None:
            q.speaker = Span(*cu.source)
        if r is not None:
            q.speaker_entity = r.entity
            q.speaker_type = r.type
            if r.entity is None or r.description:
                q.speaker_description = r.description or text[cu.source[0] : cu.source[1]]
        q.via = _vias(c, cu, cue_index, res_of, sent_cues_of.get(c.sentence(cu.cue[0]).start, []))
        q.via.extend(v for v in _media_vias(c, cu, r) if all(v.start != w.start for w in q.via))
        return q

    furn = [(pa.start, pa.end) for pa in article.paragraphs if pa.kind in _FURNITURE]

    def furniture(pos: int) -> bool:
        # a caption that quotes someone keeps only its quoted words ("Image caption" is not content)
        return any(a <= pos < b for a, b in furn)

    content_cues = [cu for cu in cues if cu.content]
    prev: tuple[Pair, Quote] | None = None
    absorbed: set[int] = set()
    for p in pairs:
        inner = text[p.content_start : p.content_end]
        n = _words(inner)
        cue = framed.get(p.open)
        if p.depth > 0 and cue is None:
            continue
        if p.depth == 0:
            cue = _dash_credit(c, p) or cue  # the credit after it names the speaker, whatever came before
        # quoted words inside an indirect quotation's content are part of that quotation
        host = next((cu for cu in content_cues if cu.content[0] <= p.open and p.close <= cu.content[1] + 1
                     and cu.cue_i not in direct_of_cue and not (cu.cue[0] >= p.content_start and cu.cue[1] <= p.content_end)),
                    None)
        if _is_title(text, p) and cue is None:
            fragments.append(Fragment(p.content_start, p.content_end, "title"))
            continue
        if n <= SCARE_MAX_WORDS and not (cue is not None and inner.rstrip().endswith((",", ".", "!", "?")) and p.close <= cue.cue[0]):
            fragments.append(Fragment(p.content_start, p.content_end, "scare"))
            continue
        if cue is None and host is not None and res_of.get(host.cue_i) is not None:
            absorbed.add(p.open)
            continue
        interrupted = cue is None and prev is not None and p.depth == 0 and prev[0].depth == 0 and \
            0 <= p.open - prev[0].outer_end <= INHERIT_GAP and prev[1].cue is not None and \
            prev[0].outer_end <= prev[1].cue.start < p.open and prev[1].kind == "direct" and \
            c.paragraph_end(prev[0].open) >= p.open and not furniture(p.open)
        if cue is None and prev is not None and p.depth == 0 and prev[0].depth == 0 and \
                0 <= p.open - prev[0].outer_end <= INHERIT_GAP and (n > FRAGMENT_MAX_WORDS or interrupted):
            # "...," he said. "...": the speaker carries over to the next quotation
            pq = prev[1]
            if interrupted:  # ('“I would,” Melanie said to the TV. “I would, Donald.”': short pieces too)
                # the same quotation interrupted by its cue: one record with two parts
                first = pq.parts[0] if pq.parts else Span(pq.content.start, pq.content.end)
                pq.parts = [first, Span(p.content_start, p.content_end)]
                pq.content = Span(first.start, p.content_end)
                prev = (p, pq)
                continue
            q = Quote(content=Span(p.content_start, p.content_end), cue=pq.cue, speaker=pq.speaker,
                      speaker_entity=pq.speaker_entity, speaker_description=pq.speaker_description,
                      speaker_type=pq.speaker_type,
                      is_direct=True, kind="direct", via=list(pq.via), confidence=0.7)
            quotes.append(q)
            prev = (p, q)
            continue
        if cue is not None and prev is not None and p.depth == 0 and prev[0].depth == 0 \
                and prev[1].cue is not None and prev[1].kind == "direct" and len(prev[1].parts) < 2 \
                and framed.get(prev[0].open) is cue and prev[0].outer_end <= cue.cue[0] < p.open \
                and c.paragraph_end(prev[0].open) >= p.open:
            # '"A," she wrote, "B."': one quotation interrupted by its cue, even when the second
            # piece finds the cue too (before it): one record with two parts, as PolNeAR has it
            pq = prev[1]
            first = Span(pq.content.start, pq.content.end)
            pq.parts = [first, Span(p.content_start, p.content_end)]
            pq.content = Span(first.start, p.content_end)
            prev = (p, pq)
            continue
        if cue is None and n <= FRAGMENT_MAX_WORDS:
            fragments.append(Fragment(p.content_start, p.content_end, "fragment" if n > 2 else "scare"))
            continue
        s, e, kind = _merge_content(p, cue) if not furniture(p.open) else (p.content_start, p.content_end, "direct")
        q = make((s, e), cue, kind, 0.9 if cue is not None else 0.5)
        if cue is not None:
            used_cues.add(cue.cue_i)
        quotes.append(q)
        if p.depth == 0:
            prev = (p, q)

    for cu in inside_cues:
        if cu.cue_i not in res_of:
            res_of[cu.cue_i] = resolve_inside(cu)

    # 3. indirect speech: cues with content not already used by a direct quotation
    direct_spans = [(q.content.start, q.content.end) for q in quotes]
    used_sents = {c.sentence(cue_index[i].cue[0]).start for i in used_cues if i in cue_index}
    long_top = _Spans([p for p in top if _words(text[p.content_start : p.content_end]) > 2])
    for cu in cues:
        if cu.cue_i in used_cues or cu.content is None or cu.source is None:
            continue  # an attribution with no source ("it is said that") is a hedge, left to claims
        if DROP_INSIDE_QUOTES and _inside(cu.cue[0], long_top):
            continue  # "I think ..." inside a quotation is the speaker's voice, not a new attribution
        if cu.is_according and (c.sentence(cu.cue[0]).start in used_sents or _SAID_BEFORE.search(
                text, max(0, cu.cue[0] - 40), cu.cue[0])):
            continue  # "X said, according to Y": Y is a via of X's quotation, not a speaker
        cs, ce = cu.content
        if any(ds <= cs and ce <= de + 1 for ds, de in direct_spans) and _inside(cu.cue[0], top):
            pass  # an attribution quoted inside a quotation is still an attribution: keep it
        if any(abs(ds - cs) <= 2 and abs(de - ce) <= 2 for ds, de in direct_spans):
            continue
        has_pair = any(cs <= p.open and p.close <= ce + 1 and p.open in absorbed for p in top)
        quotes.append(make(cu.content, cu, "mixed" if has_pair else "indirect", 0.8 if cu.source else 0.6))
    if model is not None and c.doc is not None and len(c.doc) > MAX_LEARNED_TOKENS:
        article.warnings.append(f"quotes: article over {MAX_LEARNED_TOKENS} tokens: the learned cue scorer was"
                                " skipped (rules only)")
    elif model is not None and c.doc is not None:
        quotes = _learned(c, model, quotes, cues, make)
    for cu, para in _block_quote_cues(c, article, cues, used_cues):
        quotes.append(make(para, cu, "direct", 0.6))
        used_cues.add(cu.cue_i)
    for cu, kind in _headline_cues(c, article):
        if not any(q.content.start == cu.content[0] and q.content.end == cu.content[1] for q in quotes):
            q = make(cu.content, cu, "indirect", 0.6)
            q.attribution = kind
            quotes.append(q)
    _close_marks(c, quotes, top)
    quotes = _absorb_fragments(c, quotes)
    quotes = _outside_furniture(article, quotes)
    quotes = [q for q in quotes if q.kind == "direct"
              or _words(text[q.content.start : q.content.end]) >= MIN_INDIRECT_WORDS
              or (q.attribution == "stance" and _is_named(c, q.content))]
    quotes.sort(key=lambda q: (q.content.start, q.content.end))
    fragments.sort(key=lambda f: f.start)
    return quotes, fragments


# A headline opening "Name: ..." gives the floor to Name ("Pence: Gennifer Flowers Won't Be at Debate",
# "Poll: Wealthy Voters Abandon ..."): at most this many words before the colon.
HEADLINE_SOURCE_WORDS = 4
_HEADLINE = re.compile(r"([^\W\d][\w.’'-]*(?: [^\W\d][\w.’'-]*){0,%d}): +(\S[^\n]*)" % (HEADLINE_SOURCE_WORDS - 1))
# One-word sources of a headline that are evidence, not speakers.
_HEADLINE_EVIDENCE = frozenset("poll polls survey study report data research census".split())
# Section labels that open headlines ("Explainer: Why ...", "Ukraine war live: ..."): never a source,
# whatever the tagger makes of them.
_HEADLINE_LABELS = frozenset("""explainer analysis opinion comment editorial live update updates watch video
photos breaking exclusive interview factbox timeline review podcast newsletter briefing profile q&a fact-check
""".split())


def _headline_cues(c: _Ctx, article: Article) -> list[tuple[Cue, str]]:
    """The attribution of a headline "Source: content" (the first paragraph only): the source must
    be a person or organisation the tagger names in full, or a poll or study (evidence); "Explainer:",
    "Ukraine war live:" and "PUTIN'S BLUSTER:" are not sources."""
    if c.doc is None or not article.paragraphs:
        return []
    para = article.paragraphs[0]
    if para.kind != "body":
        return []
    m = _HEADLINE.match(c.text, para.start, para.end)
    if m is None:
        return []
    src = (m.start(1), m.end(1))
    name = m.group(1)
    if name.lower() in _HEADLINE_LABELS or name.split()[-1].lower() in _HEADLINE_LABELS:
        return []
    if name.lower() in _HEADLINE_EVIDENCE:
        kind = "evidence"
    elif any(e.start == src[0] and e.end == src[1] and e.label in ("PERSON", "ORG") for e in c.entities) \
            and not name.isupper():
        kind = "speech"
    else:
        return []
    cs, ce = m.start(2), min(m.end(2), para.end)
    while ce > cs and c.text[ce - 1] in " .":
        ce -= 1
    if _words(c.text[cs:ce]) < 3:
        return []
    colon = c.doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
    head = c.doc.char_span(src[0], src[1], alignment_mode="expand")
    if colon is None or head is None or not len(head):
        return []
    return [(Cue(cue=(m.end(1), m.end(1) + 1), cue_i=colon[0].i, lemma=":", source=src, source_i=head.root.i,
                 content=(cs, ce)), kind)]


# '“We can build a wall around him.” ― Steve Quinlan': a quotation credited by a dash and a name that
# ends its line (testimonials, pull quotes). At most this many words in the name.
DASH_CREDIT_WORDS = 5
_DASH_CREDIT = re.compile(r"[^\S\n]*[―—–][^\S\n]*([A-Z][\w.’'-]*(?:[^\S\n]+[A-Z][\w.’'-]*){0,%d})\.?[^\S\n]*(?:\n|$)"
                          % (DASH_CREDIT_WORDS - 1))


def _dash_credit(c: _Ctx, p: Pair) -> Cue | None:
    """The cue of a quotation credited by a dash and a name alone on the rest of its line; the name must
    be one the tagger names as a person or organisation, or two capitalised words."""
    if c.doc is None:
        return None
    m = _DASH_CREDIT.match(c.text, p.outer_end)
    if m is None:
        return None
    s, e = m.span(1)
    name = c.text[s:e].rstrip(".")
    e = s + len(name)
    ent = any(x.start == s and x.label in ("PERSON", "ORG") for x in c.entities)
    if not ent and len(name.split()) < 2:
        return None
    k = next(j for j in range(m.start(), s) if c.text[j] in "―—–")
    dash = c.doc.char_span(k, k + 1, alignment_mode="expand")
    head = c.doc.char_span(s, e, alignment_mode="expand")
    if dash is None or head is None or not len(head) or not len(dash):
        return None
    return Cue(cue=(k, k + 1), cue_i=dash[0].i, lemma="―", source=(s, e), source_i=head.root.i)


# A block quotation introduced by "X added:" at the end of its paragraph is the next paragraph, when
# that is prose of at least this many words (not a list or a caption).
BLOCK_QUOTE_MIN_WORDS = 8
_QUOTE_OPEN = frozenset("\"“‘'«„")


def _block_quote_cues(c: _Ctx, article: Article, cues: list[Cue], used: set[int]):
    """(cue, paragraph span) for 'Limbaugh added:' closing a paragraph, the next paragraph being his
    words without quote marks (transcripts, block quotes); a paragraph opening with a mark is a direct
    quotation the marks already give."""
    text = c.text
    paras = article.paragraphs
    out = []
    for cu in cues:
        if cu.cue_i in used or cu.source is None or cu.lemma not in SPEECH_VERBS or cu.is_according:
            continue
        i = bisect.bisect_right(c.para_starts, cu.cue[0]) - 1
        if not 0 <= i < len(paras) - 1 or paras[i].kind != "body" or paras[i + 1].kind != "body":
            continue
        if paras[i].end - cu.cue[1] > MAX_FRAME_CHARS:
            continue  # far from its paragraph's end (and no long slice per cue on hostile text)
        tail = text[cu.cue[1] : paras[i].end].strip()
        if tail != ":":
            continue
        nxt = paras[i + 1]
        body = text[nxt.start : nxt.end].strip()
        if not body or body[0] in _QUOTE_OPEN or not body.endswith((".", "!", "?", "…")) \
                or _words(body) < BLOCK_QUOTE_MIN_WORDS:
            continue
        s = nxt.start + (len(text[nxt.start : nxt.end]) - len(text[nxt.start : nxt.end].lstrip()))
        out.append((cu, (s, s + len(body))))
    return out


def _close_marks(c: _Ctx, quotes: list[Quote], top: _Spans) -> None:
    """An indirect or mixed content that stops inside a quotation it opened ("people would ''learn
    nothing", the parse ends before ',''') runs to that quotation's closing mark: a content never
    leaves a quote mark unbalanced."""
    for q in quotes:
        if q.kind == "direct" or q.parts:
            continue
        s, e = q.content.start, q.content.end
        i = bisect.bisect_right(top.opens, e) - 1
        if i < 0:
            continue
        p = top.pairs[i]
        if s <= p.open < e < p.outer_end and p.close >= e and p.closed and \
                not c.text[e : p.close].strip(" ,.;:!?"):
            q.content = Span(s, p.outer_end)
            if q.kind == "indirect":
                q.kind = "mixed"


def _is_named(c: _Ctx, span: Span) -> bool:
    """A one-word content that names someone ("Cruz endorses Trump", "backed Clinton"): a stance
    towards them is an attribution, unlike a one-word complement of speech ("confirmed dating")."""
    if c.doc is None:
        return False
    sp = c.doc.char_span(span.start, span.end, alignment_mode="expand")
    return sp is not None and len(sp) > 0 and all(t.pos_ in ("PROPN", "PRON") for t in sp if not t.is_punct)


def _absorb_fragments(c: _Ctx, quotes: list[Quote]) -> list[Quote]:
    """A quoted fragment inside someone's reported words is part of that mixed quotation, not a
    quotation of its own: 'Zelenskiy called the attack "another act of pure terror" and repeated
    ...', 'Peskov told reporters the "special military operation" would continue "until ..."'. The
    fragment goes unless it has a speech verb and a named speaker of its own, other than the
    host's ("X said that Y told him '...'"); the host becomes mixed."""
    if c.doc is None:
        return quotes
    hosts = [q for q in quotes if q.kind in ("indirect", "mixed") and q.attribution == "speech"]
    drop = set()
    for i, q in enumerate(quotes):
        if q.kind != "direct" or q.attribution != "speech":
            continue
        host = next((h for h in hosts if h is not q and h.content.start <= q.content.start - 1
                     and q.content.end <= h.content.end + 1), None)
        if host is None:
            continue
        if q.cue is not None:
            span = c.doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
            lemma = span.root.lemma_.lower() if span is not None and len(span) else ""
            if lemma in SPEECH_VERBS and q.speaker_entity and q.speaker_entity != host.speaker_entity:
                continue  # another speaker's quotation ("X said that Y told him '...'")
        drop.add(i)
        host.kind = "mixed"
    return [q for i, q in enumerate(quotes) if i not in drop]


_FURNITURE = ("caption", "credit")


def _outside_furniture(article: Article, quotes: list[Quote]) -> list[Quote]:
    """Captions and credits are not statements: drop attributions read in them, unless the caption
    itself quotes someone in quote marks; a cue never reaches across paragraphs of different kinds."""
    paras = article.paragraphs
    if not any(p.kind in _FURNITURE for p in paras):
        return quotes
    starts = [p.start for p in paras]

    def kind_at(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        return paras[i].kind if 0 <= i < len(paras) and pos < paras[i].end else "body"

    out = []
    for q in quotes:
        where = kind_at(q.content.start)
        cue_where = kind_at(q.cue.start) if q.cue is not None else where
        if where in _FURNITURE and q.kind == "indirect":
            continue
        if cue_where != where:
            if q.kind == "indirect":
                continue
            q.cue = q.speaker = None  # a caption's verb is not the speech verb of a body quotation
            q.speaker_entity = q.speaker_description = q.speaker_type = None
            q.via, q.parts = [], []
            q.attribution = "speech"
        out.append(q)
    return out


# A learned attribution whose content shares this share of its characters with an existing
# quotation's content is the same attribution seen twice.
DUPLICATE_OVERLAP = 0.6


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, inter) / max(1, min(a[1] - a[0], b[1] - b[0]))


def _learned(c: _Ctx, model: CueModel, quotes: list[Quote], cues: list[Cue], make) -> list[Quote]:
    """Drop rule indirect attributions the model finds unlikely; add the confident ones the rules missed."""
    doc = c.doc
    scores = model.score_doc(doc)
    cue_tok = {cu.cue[0]: cu.cue_i for cu in cues}
    cue_clausal = {cu.cue_i: cu.content_i is not None for cu in cues}
    kept = []
    for q in quotes:
        if q.kind == "indirect" and q.cue is not None:
            i = cue_tok.get(q.cue.start)
            if i is not None and scores.get(i, 1.0) < model.drop_threshold and not (
                    doc[i].pos_ == "NOUN" and cue_clausal.get(i)):
                continue  # (a nominal cue with a holder and a clause: the rules' reading is kept)
        kept.append(q)
    taken = [(q.cue.start, q.cue.end) for q in kept if q.cue is not None]
    direct = [q for q in kept if q.is_direct]
    for i, p in sorted(scores.items(), key=lambda x: -x[1]):
        if p < model.add_threshold:
            break
        t = doc[i]
        if any(s <= t.idx < e for s, e in taken) or is_naming(t) or is_withholding(t) or is_not_attribution(t):
            continue
        if len(t.sent) > MAX_SENT_TOKENS:
            continue  # the rules' bound holds for the learned cues too (see cues.MAX_SENT_TOKENS)
        cue_span, src, src_i, content = spans_for(doc, i)
        if content is None or content[1] - content[0] < 3:
            continue
        if cue_span[1] > t.idx + len(t) and t.lower_ != "according":
            # the cue took a preposition ("spoke for", "recalled in", "reported from"): its object is
            # content only for prepositions of content, not of time, place or audience
            prep = doc.char_span(t.idx + len(t) + 1, cue_span[1], alignment_mode="expand")
            p_low = prep[-1].lower_ if prep is not None and len(prep) else ""
            if p_low in ADJUNCT_PREPS and CONTENT_PREPS.get(t.lemma_.lower()) != p_low and (
                    not ADJUNCT_SPEECH_ONLY or t.lemma_.lower() in SPEECH_VERBS):
                continue
        content, src = _learned_spans(c, t, content, src)
        if content is None:
            continue
        if src is None and t.lemma_.lower() in SPEECH_VERBS:
            orphan = _orphan_source(doc, i, content)
            if orphan is not None:
                src, src_i, content = orphan
        if any(_overlap(content, (q.content.start, q.content.end)) >= DUPLICATE_OVERLAP
               and c.sentence(q.content.start).start == c.sentence(content[0]).start for q in kept):
            continue
        if any(q.content.start <= t.idx < q.content.end for q in direct):
            continue  # the speaker's own words inside a quotation
        cu = Cue(cue=cue_span, cue_i=i, lemma=t.lemma_.lower(), source=src, source_i=src_i, content=content,
                 is_according=t.lower_ == "according")
        kept.append(make(content, cu, "indirect", round(p, 3)))
        taken.append(cue_span)
    return kept


_EDGE_PUNCT = frozenset(",;:—–-.()[]")
# Prepositions whose object is a circumstance, not what is attributed ("spoke for five minutes",
# "recalled in an interview", "reported from Midway", "shouted to the crowd"): a learned cue taking
# one adds nothing (PolNeAR dev: none of them annotated).
ADJUNCT_PREPS = frozenset("in during at from after before since until to into through across near within "
                          "throughout via under".split())
# The filter above only for speech verbs ("said in a phone interview" is no quotation); other learned
# cues with such a preposition stay (PolNeAR annotates some: "weighed in", "persisted in").
ADJUNCT_SPEECH_ONLY = True


def _learned_spans(c: _Ctx, t, content: tuple[int, int], src: tuple[int, int] | None):
    """The learned cue's content runs to the end of its clause (as the rules' does, see
    ``cues.EXTEND_TO_CLAUSE``); content and source stay inside the cue's paragraph."""
    if EXTEND_LEARNED and content[0] > t.idx:
        r = t.right_edge
        while r.i > t.i and (r.is_space or r.text in _EDGE_PUNCT):
            r = r.nbor(-1)
        content = (content[0], max(content[1], r.idx + len(r)))
    i = bisect.bisect_right(c.para_starts, t.idx) - 1
    if 0 <= i < len(c.paras):
        ps, pe = c.paras[i].start, c.paras[i].end
        content = (max(content[0], ps), min(content[1], pe))
        if content[1] <= content[0]:
            return None, src
        if src is not None:
            src = (max(src[0], ps), min(src[1], pe))
            src = src if src[1] > src[0] else None
    return content, src


# See _learned_spans; a switch to compare on bench/quotes.py. Off: on PolNeAR it merged learned
# attributions into their neighbours (cue and source recall -0.003..-0.006, content unchanged).
EXTEND_LEARNED = False


def _model(ctx) -> CueModel | None:
    if ctx is None or not USE_LEARNED:
        return None
    return ctx.resource("attribution.cue_model", CueModel.load)


# The learned cue scorer on top of the rules (bench/quotes.py --no-learned turns it off to compare).
USE_LEARNED = True


def _capital_country(ctx, article: Article):
    """name -> the country whose capital it is ("Kyiv said" is Ukraine speaking), from the gazetteer.

    The country is named as the article names it ("Russia"), else by its short gazetteer name."""
    if ctx is None:
        return None
    from ..geo.gazetteer import LEVEL_COUNTRY, load_gazetteer

    def country_of(name: str) -> str | None:
        gaz = ctx.resource("gazetteer", load_gazetteer)
        # the capital's own entry (Moscow the city, not the larger Moskva oblast listed first)
        cap = next((x for x in gaz.candidates(name) if x.is_capital), None)
        if cap is None:
            return None
        for e in article.entities:
            if e.label == "GPE" and e.canonical != name:
                own = gaz.candidates(e.canonical)
                if own and own[0].level == LEVEL_COUNTRY and own[0].cc == cap.cc:
                    return e.canonical
        country = gaz.country(cap.cc)
        return country.name.split(",")[0] if country is not None else None
    return country_of


def _is_town(ctx):
    """name -> is its likeliest reading a town or a district (not a country or a region)?"""
    if ctx is None:
        return None
    from ..geo.gazetteer import LEVEL_ADMIN2, LEVEL_COUNTRY, load_gazetteer

    def is_town(name: str) -> bool:
        # a town that names its region too ("Mykolaiv", listed after Mykolaiv Oblast) is a town
        cands = ctx.resource("gazetteer", load_gazetteer).candidates(name)[:3]
        return bool(cands) and cands[0].level > LEVEL_COUNTRY and any(x.level >= LEVEL_ADMIN2 for x in cands)
    return is_town


def run(article: Article, ctx) -> Article:
    quotes, fragments = extract(article, _model(ctx), _capital_country(ctx, article), _is_town(ctx))
    lex = speech_lexicon(article.language)
    if lex is not None and article.nlp_doc is None:  # uk/ru: speakers and indirect speech from press frames
        quotes, fragments = find_cyrillic(article, lex, quotes, fragments)
    article.quotes = quotes
    article.fragments = fragments
    article.sources = build_sources(article)
    return article
