"""Attribution cues from the dependency parse: who (source) said/thinks/backs what (content).

One pass over the tokens finds candidate cue verbs; each is then read off its own children
(``nsubj`` -> source, ``ccomp``/``xcomp``/object -> content), so the work is linear in the
length of the article. Works on spaCy's English parse; articles without one get no indirect
attributions (direct quotations are still found from the quote marks).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import (
    ALL_CUE_VERBS, CLAUSE_ONLY, CUE_PARTICLES, DATIVE_VERBS, NOUN_KINDS, NOUN_PREP_CONTENT, QUOTE_INTRO_VERBS,
    SPEECH_VERBS,
)

# Verbs whose noun object is what they attribute ("denied the report", "endorsed Clinton").
OBJECT_CONTENT_VERBS = frozenset("""
deny announce criticize criticise praise condemn denounce decry blame reject dismiss question accuse
propose recommend predict promise confirm reveal acknowledge admit demand support back endorse oppose
defend want seek favor favour prefer cite describe call show tweet mention answer discuss
recount dispute applaud attack slam blast hail welcome acknowledge express portray raise offer
""".split())
# Verbs whose infinitive complement is the content ("refused to", "vowed to", "urged X to").
XCOMP_CONTENT_VERBS = frozenset("""
claim promise vow pledge threaten refuse decline want seek plan urge ask call agree offer hope
expect appear seem propose demand warn tell decide consider
""".split())
# Speech verbs that attribute the rest of their sentence when used parenthetically ("A, he said, B").
PARENTHETICAL_VERBS = frozenset("say add tell note write explain argue insist recall report claim contend warn".split())
# Open-ended cues: verbs outside the lexicon with a subject and a "that"-clause.
GENERIC_CCOMP = False
# Content after the cue runs to the end of the cue verb's subtree (PolNeAR dev: see bench/quotes.py).
EXTEND_TO_CLAUSE = True
# An object's non-restrictive aside after a comma (", where ...", ", which ...") is not content.
TRIM_ASIDES = True
# Verbs whose clausal complement is not an attribution ("make sure that", "mean that").
NOT_CUES = frozenset("be have do make mean ensure require cause let help get go come take give put keep need use try".split())
# PolNeAR's content of "warned/told X to do Y" holds X (dev); off: X stays the recipient only.
XCOMP_KEEPS_OBJECT = True
# Speech verbs whose infinitive complement is not what they say ("continues to battle").
NO_XCOMP_VERBS = frozenset("continue respond answer reply read post publish share repeat begin go end".split())
# Prepositions whose object is the content of an accusation or a stance ("accused of", "called for").
CONTENT_PREPS = {"accuse": "of", "charge": "with", "blame": "for", "criticize": "for", "criticise": "for",
                 "praise": "for", "call": "for", "warn": "about", "talk": "about", "ask": "about",
                 "complain": "about", "speak": "about", "refer": "to", "point": "to", "comment": "on",
                 "disagree": "with", "respond": "to", "focus": "on", "push": "on", "reply": "to",
                 "insist": "on", "agree": "with", "argue": "for", "talk": "about", "press": "for",
                 "vote": "for", "lobby": "for", "plead": "for", "worry": "about", "portray": "as"}
# How far up the tree a subject is looked for (participles, conjoined verbs): bounded, cheap.
MAX_SUBJECT_CLIMB = 4
_ANONYMITY = re.compile(r"(?:not\s+)?to\s+(?:be\s+)?(?:named|identified|speak\s+publicly|remain\s+anonymous)", re.I)
# Work bounds per input: a sentence longer than this many tokens is not prose (a one-line dump, a run
# of brackets); its verbs are not read as cues, so hostile text cannot make cue reading quadratic.
# Real news sentences stay under ~150 tokens; the learned scorer uses the same bound.
MAX_SENT_TOKENS = 400
# Expletive subjects ("it is said that") are not sources.
_EXPLETIVES = {"it", "there"}


@dataclass(slots=True)
class Cue:
    """One attribution read off the parse. Offsets are characters into the parsed text."""

    cue: tuple[int, int]
    cue_i: int  # token index of the cue verb (or of "according")
    lemma: str
    source: tuple[int, int] | None = None
    source_i: int | None = None  # token index of the source's syntactic head
    content: tuple[int, int] | None = None
    content_i: int | None = None
    recipient: tuple[int, int] | None = None  # "told Newsweek", "told reporters"
    recipient_i: int | None = None
    platform_i: int | None = None  # "on Twitter"
    is_according: bool = False
    is_passive: bool = False
    parents: list[int] = field(default_factory=list)  # token indices of cues whose content holds this one
    parts: list[tuple[int, int]] | None = None  # content interrupted by the cue: [before, after]


def _span(tok_l, tok_r) -> tuple[int, int]:
    return tok_l.idx, tok_r.idx + len(tok_r)


_TRIM = set(",;:—–-()[] \n")


def _trimmed(doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Token range [lo, hi] -> char span without leading/trailing punctuation (quote marks kept)."""
    while lo <= hi and (doc[lo].is_space or doc[lo].text in _TRIM or doc[lo].lower_ in ("and", "but")):
        lo += 1
    while hi >= lo and (doc[hi].is_space or doc[hi].text in _TRIM or doc[hi].text == "." or doc[hi].dep_ == "cc"):
        if doc[hi].text == ")" and any(doc[k].text == "(" for k in range(max(lo, hi - MAX_SENT_TOKENS), hi)):
            break  # a balanced parenthesis stays: "Sen. Marco Rubio (R-Fla.)"
        hi -= 1
    if hi < lo:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _subtree_range(tok) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i


def _subject(tok):
    """The subject of a verb; for participles, conjuncts and infinitives, the one up the tree."""
    cur = tok
    for _ in range(MAX_SUBJECT_CLIMB + 1):
        subj = None
        agent = None
        for c in cur.children:
            if c.dep_ in ("nsubj", "csubj"):
                subj = c
            elif c.dep_ == "agent":
                agent = next((g for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent, True
        if subj is not None:
            if subj.lower_ in _EXPLETIVES and subj.pos_ == "PRON" and cur.lemma_ in ("say", "report", "believe"):
                return None, False
            return subj, False
        if cur.dep_ == "relcl" and cur.head.i != cur.i:
            return cur.head, False
        if cur.dep_ in ("xcomp", "advcl", "conj", "pcomp", "prep", "pobj") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return None, False
    return None, False


def _source_range(subj) -> tuple[int, int]:
    """The source noun phrase: the subject's subtree, cut before a relative or adverbial clause
    that is an attribution of its own ("Mr. Ekovich, who noted that ...", "X when asked about Y")."""
    lo, hi = _subtree_range(subj)
    for ch in subj.children:
        if ch.i > subj.i and ch.dep_ in ("relcl", "advcl", "acl") and (
                ch.lemma_.lower() in ALL_CUE_VERBS or ch.dep_ == "advcl"):
            hi = min(hi, ch.left_edge.i - 1)
    return lo, max(lo, hi)


@dataclass(slots=True)
class _Sent:
    start: int  # token index
    end: int


def _has_finite_ccomp(tok) -> bool:
    for ch in tok.children:
        if ch.dep_ == "ccomp" and ch.i > tok.i and any(g.dep_ in ("nsubj", "nsubjpass", "mark") for g in ch.children):
            return True
    return False


def _clip(doc, c: Cue, para_bounds: list[tuple[int, int]]) -> None:
    """Keep source and content inside the cue's paragraph: the parser does not see paragraph breaks."""
    i = bisect.bisect_right([b[0] for b in para_bounds], c.cue[0]) - 1
    if i < 0:
        return
    ps, pe = para_bounds[i]

    def clip(span):
        if span is None:
            return None
        s, e = max(span[0], ps), min(span[1], pe)
        return (s, e) if e > s else None

    if c.source is not None:
        c.source = clip(c.source)
        if c.source is None:
            c.source_i = None
        elif c.source_i is not None and not (c.source[0] <= doc[c.source_i].idx < c.source[1]):
            span = doc.char_span(c.source[0], c.source[1], alignment_mode="contract")
            c.source_i = span.root.i if span is not None and len(span) else None
    c.content = clip(c.content)
    if c.parts:
        c.parts = [x for x in (clip(p) for p in c.parts) if x]
        if len(c.parts) != 2:
            c.parts = None


def find_cues(doc, para_bounds: list[tuple[int, int]] | None = None) -> list[Cue]:
    """Every attribution cue in ``doc`` with its source and content where the parse shows them.

    ``para_bounds``: (start, end) of the paragraphs; sources and contents are cut at them.
    """
    out: list[Cue] = []
    by_i: dict[int, Cue] = {}
    # Token.sent walks every sentence of the doc on each call: index the sentences once instead.
    sents = [(s.start, s.end) for s in doc.sents]
    sent_of = [0] * len(doc)
    for k, (a, b) in enumerate(sents):
        sent_of[a:b] = [k] * (b - a)
    for tok in doc:
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" \
                and sents[sent_of[tok.i]][1] - sents[sent_of[tok.i]][0] <= MAX_SENT_TOKENS:
            c = _according(doc, tok, _Sent(*sents[sent_of[tok.i]]))
            if c is not None and para_bounds:
                _clip(doc, c, para_bounds)
            if c is not None:
                out.append(c)
                by_i[c.cue_i] = c
            continue
        if NOUN_CUES and tok.pos_ == "NOUN" and tok.tag_ != "VBZ" and tok.lemma_.lower() in NOUN_KINDS:
            a, b = sents[sent_of[tok.i]]
            c = _noun_cue(doc, tok, _Sent(a, b)) if b - a <= MAX_SENT_TOKENS else None
            if c is not None and para_bounds:
                _clip(doc, c, para_bounds)
            if c is not None and c.source is not None and c.content is not None:
                out.append(c)
                by_i[c.cue_i] = c
            continue
        if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.tag_ == "VBZ"):
            continue
        a, b = sents[sent_of[tok.i]]
        if b - a > MAX_SENT_TOKENS:
            continue
        lemma = tok.lemma_.lower()
        if lemma == "hop" and low.startswith("hope"):
            lemma = "hope"  # the lemmatizer's "hoped" -> "hop"
        if lemma not in ALL_CUE_VERBS and lemma not in QUOTE_INTRO_VERBS:
            # PARC attributions are open-ended ("the poll found", "he made clear"): any verb with a
            # subject and a finite clausal complement attributes that clause to the subject
            if not (GENERIC_CCOMP and tok.pos_ == "VERB" and lemma not in NOT_CUES and _has_finite_ccomp(tok)):
                continue
            if not any(ch.dep_ == "nsubj" for ch in tok.children):
                continue
        if tok.pos_ == "AUX" and lemma not in SPEECH_VERBS:
            continue
        if is_naming(tok) or is_withholding(tok) or is_not_attribution(tok):
            continue  # "known as Tengri", "denied entry": a name or a withholding, not an attribution
        if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod", "ccomp", "advcl", "oprd") and not any(
                ch.dep_ in ("aux", "auxpass", "agent", "nsubj", "nsubjpass") for ch in tok.children):
            continue  # a participle modifying a noun ("civilians reported dead") attributes nothing
        if any(ch.dep_ == "oprd" and ch.pos_ == "ADJ" for ch in tok.children) and lemma in ("report", "confirm", "declare", "list"):
            continue  # "civilians reported dead": a status, not speech
        c = _verb_cue(doc, tok, lemma, _Sent(*sents[sent_of[tok.i]]))
        if c is not None and para_bounds:
            _clip(doc, c, para_bounds)
        if c is not None:
            out.append(c)
            by_i[c.cue_i] = c
    # The speaker's next act ("China said it was opposed and warned X", see _next_speech_act): the
    # parse hangs the verb inside the reported clause, so its subject is the clause's ("it"); it is
    # the first cue's source that acts.
    for c in out:
        t = doc[c.cue_i]
        if t.dep_ not in ("conj", "advcl") or any(ch.dep_ in ("nsubj", "nsubjpass") for ch in t.children):
            continue
        anc = t.head
        for _ in range(12):
            p = by_i.get(anc.i)
            if p is not None and p is not c and p.content_i is not None and p.content is not None \
                    and p.content[1] <= t.idx and p.cue_i < t.i and p.source is not None \
                    and _next_speech_act(doc, p.content_i + 1, t.i) == t.i:
                c.source, c.source_i = p.source, p.source_i
                break
            if anc.head.i == anc.i:
                break
            anc = anc.head
    # Nesting: a cue inside another cue's content is reported through it ("CNN reported that X said").
    nested_stance = set()
    for c in out:
        anc = doc[c.cue_i].head
        for _ in range(12):
            if anc.i in by_i and anc.i != c.cue_i:
                p = by_i[anc.i]
                if p.content and p.content[0] <= doc[c.cue_i].idx < p.content[1] and anc.i not in c.parents:
                    c.parents.append(anc.i)
                    if c.lemma in CLAUSE_ONLY:
                        nested_stance.add(c.cue_i)
            if anc.head.i == anc.i:
                break
            anc = anc.head
    # a thought or stance reported inside someone's statement is part of what they said
    return [c for c in out if c.cue_i not in nested_stance]


# Withholding senses of "deny": what is denied is a thing granted, not a claim ("denied entry").
GRANTED = frozenset("""
entry access visa visas permission request bail registration accreditation clearance chance opportunity victory win goal goals title point points
penalty service services treatment care asylum right rights passage admission approval licence license permit
permits funding aid water food power electricity fuel shelter medicine medicines place spot seat leave parole
release boarding benefit benefits pay wages citizenship equaliser equalizer lead clean sheet hat-trick
""".split())
# Subjects that deny in the sports sense ("the goalkeeper denied Kane", "the post denied him").
SPORT_AGENTS = frozenset("goalkeeper keeper goalie post crossbar woodwork bar save defender".split())


def is_withholding(tok) -> bool:
    """'deny' or 'denial' in the sense of withholding ("denied him entry", "denial of access", the keeper
    "denied" a goal), not of rejecting a claim."""
    lemma = tok.lemma_.lower()
    kids = list(tok.children)
    if lemma == "deny":
        if any(ch.dep_ == "dative" for ch in kids):
            return True  # two objects: "denied him entry"
        objs = [ch for ch in kids if ch.dep_ in ("dobj", "obj")]
        if any(o.lemma_.lower() in GRANTED for o in objs):
            return True
        if any(o.pos_ == "PROPN" and not any(g.dep_ in ("poss", "case") for g in o.children) for o in objs) \
                and not any(ch.dep_ in ("ccomp", "xcomp") for ch in kids):
            return True  # "the keeper denied Jordan twice": one denies a claim, not a team
        if objs and any(ch.dep_ == "nsubjpass" for ch in kids):
            return True  # "was denied access"
        return any(ch.dep_ in ("nsubj", "nsubjpass") and ch.lemma_.lower() in SPORT_AGENTS for ch in kids)
    if lemma == "denial":
        return any(ch.dep_ == "prep" and ch.lower_ == "of" and any(
            g.lemma_.lower() in GRANTED for g in ch.children if g.dep_ == "pobj") for ch in kids)
    return False


# Objects that make a posting verb an action, not speech ("published a photograph").
_MEDIA_OBJECTS = frozenset("photo photos photograph photographs picture pictures image images video videos footage clip "
                           "clips map maps".split())
_POSTING_VERBS = frozenset("post publish share release upload tweet retweet".split())


def is_unsaid(tok) -> bool:
    """A speech verb that reports nothing said: negated ("did not comment", "cannot confirm"), under a
    refusal ("declined to say"), or posting a picture ("published a photograph of soldiers")."""
    if any(ch.dep_ == "neg" for ch in tok.children):
        return True
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ("decline", "refuse", "fail"):
        return True
    return tok.lemma_.lower() in _POSTING_VERBS and any(
        ch.dep_ in ("dobj", "obj") and ch.lemma_.lower() in _MEDIA_OBJECTS for ch in tok.children)


_CREDIT_GERUNDS = frozenset("reporting editing writing additional".split())
_ANON_LEMMAS = frozenset("name identify quote".split())


def is_citation(tok) -> bool:
    """'citing satellite imagery': the object is the source's evidence, not what was said (that
    needs a clause). Kept as an evidence attribution (PolNeAR's broad notion), never speech."""
    return tok.lemma_.lower() in ("cite", "quote") and not any(ch.dep_ in ("ccomp", "xcomp") for ch in tok.children)


def is_not_attribution(tok) -> bool:
    """A cue word that attributes nothing: a byline credit ("(Reporting by X; Editing by Y)") and
    anonymity furniture ("asked not to be named")."""
    lemma = tok.lemma_.lower()
    kids = list(tok.children)
    if tok.lower_ in _CREDIT_GERUNDS and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("by", "reporting"):
        return True
    if lemma in ("ask", "request", "speak", "agree") and any(
            ch.dep_ == "xcomp" and ch.lemma_.lower() in _ANON_LEMMAS | {"be"}
            and any(g.dep_ == "neg" for g in ch.children)
            and (ch.lemma_.lower() != "be" or any(g.lemma_.lower() in _ANON_LEMMAS for g in ch.children))
            for ch in kids):
        return True
    return False


def is_naming(tok) -> bool:
    """'known as X', 'called X' (passive), 'dubbed': the verb gives a name, it attributes nothing."""
    lemma = tok.lemma_.lower()
    if lemma in ("know", "call", "name", "dub", "term", "label", "describe", "refer") and any(
            ch.dep_ == "prep" and ch.lower_ == "as" for ch in tok.children):
        return lemma in ("know", "refer") or tok.tag_ == "VBN"
    if lemma in ("call", "name", "dub", "term", "label") and tok.tag_ == "VBN" and (
            tok.dep_ in ("acl", "amod") or any(ch.dep_ == "auxpass" for ch in tok.children)):
        return True
    return False


# Speech verbs that, conjoined without a subject of their own inside a reported clause, are the
# speaker's next act: "said it was opposed to the test and warned X to ...", "said A, citing B".
NEXT_ACT_VERBS = SPEECH_VERBS - {"continue", "add", "note"}


def _next_speech_act(doc, lo: int, hi: int) -> int | None:
    """First token in [lo, hi] that is a speech verb conjoined (", and warned", ", citing") without
    a subject of its own: PolNeAR reads it as a second attribution by the same source, whose
    content is not part of the first (dev: contents merged across both)."""
    for j in range(lo, hi + 1):
        t = doc[j]
        if t.pos_ != "VERB" or t.dep_ not in ("conj", "advcl") or t.lemma_.lower() not in NEXT_ACT_VERBS:
            continue
        if any(ch.dep_ in ("nsubj", "nsubjpass", "mark") for ch in t.children):
            continue
        k = t.left_edge.i - 1
        if k >= lo and (doc[k].text == "," or doc[k].dep_ == "cc") and (t.dep_ == "conj" or t.tag_ == "VBG"):
            return j
    return None


# "A, X said, B": the reported clause goes on after a parenthetical cue (PolNeAR: one content in two
# pieces); off: the content ends before the cue.
PARENTHETICAL_TAIL = True


def _reported_tail(doc, tok, content_tok, sent: _Sent) -> tuple[int, int] | None:
    """Token range of what follows a parenthetical cue ("A, X said [in a report], [until B]"): after the
    first comma past the cue, to the sentence end; None unless it is a clause of the same report
    (a verb, no new speaker or next act of its own)."""
    comma = next((j for j in range(tok.i + 1, min(sent.end, tok.i + 12)) if doc[j].text == ","), None)
    if comma is None or any(not tok.is_ancestor(doc[j]) or content_tok.is_ancestor(doc[j])
                            for j in range(tok.i + 1, comma)):
        return None
    return _tail_ok(doc, comma + 1, sent.end - 1)


def _tail_attributes(doc, lo: int, hi: int) -> bool:
    """Is the tail after a parenthetical cue an attribution of its own ("while Y insisted ...",
    "adding that ...")?"""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    if doc[lo].tag_ == "VBG" and doc[lo].lemma_.lower() in NEXT_ACT_VERBS:
        return True
    # only a contrast that brings in a new speaker; "Too often, X said, the debate is ..." and
    # "The truth, X said, was that ..." go on with X's own words
    return doc[lo].lower_ in ("while", "whereas") and any(
        doc[j].lemma_.lower() in ALL_CUE_VERBS and doc[j].pos_ == "VERB"
        and any(ch.dep_ == "nsubj" for ch in doc[j].children) for j in range(lo, hi + 1))


def _tail_ok(doc, lo: int, hi: int) -> tuple[int, int] | None:
    """(lo, hi) without end punctuation when the tokens are a clause of the same report, else None."""
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi - lo < 2 or not any(doc[j].pos_ in ("VERB", "AUX") for j in range(lo, hi + 1)):
        return None
    first = doc[lo]
    if first.tag_ == "VBG" or first.lower_ in ("who", "which", "where", "when", "as", "while", "whereas"):
        return None  # ", adding that ...", ", which ...": not the report going on
    for j in range(lo, hi + 1):
        t = doc[j]
        if t.lemma_.lower() in ALL_CUE_VERBS and t.pos_ == "VERB":
            return None  # another attribution in the tail
    return lo, hi


def _verb_cue(doc, tok, lemma: str, sent: _Sent) -> Cue | None:
    content_tok = None
    xcomp = None
    dobj = None
    recipient = None
    prep_content = None
    platform = None
    particle = None
    colon = False
    paren_parts = None
    for ch in tok.children:
        d = ch.dep_
        if d == "ccomp" and content_tok is None:
            content_tok = ch
        elif d == "xcomp":
            xcomp = ch
        elif d in ("dobj", "obj"):
            dobj = ch
        elif d == "dative":
            recipient = ch
        elif d == "prt" and ch.lower_ in CUE_PARTICLES:
            particle = ch
        elif d == "prep":
            p = ch.lower_
            if CONTENT_PREPS.get(lemma) == p:
                prep_content = ch
                if lemma in ("call", "point", "refer") and ch.i == tok.i + 1:
                    particle = ch
            elif p == "on":
                obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ in ("", "ORG", "PERSON", "GPE", "PRODUCT") and obj.text[:1].isupper():
                    platform = obj
            elif p == "to" and lemma in ("say", "explain", "write", "complain", "admit", "report"):
                obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    recipient = obj
        elif d == "punct" and ch.text == ":" and ch.i > tok.i:
            colon = True
    if lemma in DATIVE_VERBS and dobj is not None and content_tok is None and xcomp is None:
        # "told Newsweek" with the content elsewhere (a quotation): the object is the recipient
        recipient, dobj = dobj, None
    elif lemma in DATIVE_VERBS and dobj is not None and (content_tok is not None or xcomp is not None):
        recipient, dobj = dobj, None
    c_range = None
    c_stop = None  # the content never runs past this token (the speaker's next act)
    if content_tok is not None:
        c_range = _subtree_range(content_tok)
        if tok.dep_ == "ROOT":
            # PARC content runs to the sentence edge: "X said [that A, but B -- C]", but not
            # into a second speaker's clause ("..., while Y insisted that ...")
            if content_tok.i > tok.i:
                end = sent.end - 1
                for j in range(c_range[1] + 1, sent.end):
                    t = doc[j]
                    if t.lemma_.lower() in ALL_CUE_VERBS and t.pos_ == "VERB" and any(ch.dep_ == "nsubj" for ch in t.children):
                        end = min(t.left_edge.i, *(ch.left_edge.i for ch in t.children if ch.dep_ == "nsubj")) - 1
                        break
                    if t.head.i == tok.i and t.dep_ in ("conj", "advcl") and t.pos_ == "VERB" \
                            and t.lemma_.lower() in ALL_CUE_VERBS:
                        # the speaker's next act is an attribution of its own: "said A and warned B",
                        # "said A, citing B" (PolNeAR dev: two contents)
                        end = t.left_edge.i - 1
                        break
                c_range = (c_range[0], max(end, c_range[1]))
            else:
                c_range = (sent.start, c_range[1])
                tail = _reported_tail(doc, tok, content_tok, sent) if PARENTHETICAL_TAIL else None
                if tail is not None:
                    # "A, Mr. Clarke said, until B" / "A, the agency said, and B": the report goes on
                    b_, a_ = _trimmed(doc, *c_range), _trimmed(doc, *tail)
                    if b_ and a_:
                        paren_parts = [b_, a_]
                        c_range = (c_range[0], tail[1])
        if content_tok.i > tok.i:
            j = _next_speech_act(doc, content_tok.i + 1, c_range[1])
            if j is not None:
                c_range = (c_range[0], doc[j].left_edge.i - 1)
                c_stop = c_range[1]
    elif xcomp is not None and dobj is not None and lemma in ("ask", "urge", "press", "call") and dobj.i < xcomp.i:
        c_range = (dobj.left_edge.i, xcomp.right_edge.i)  # "asked the court to intervene"
    elif xcomp is not None and (lemma in XCOMP_CONTENT_VERBS or lemma in DATIVE_VERBS
                                or (lemma in SPEECH_VERBS and lemma not in NO_XCOMP_VERBS)):
        lo, hi = _subtree_range(xcomp)
        if recipient is not None and lemma in DATIVE_VERBS:
            lo = max(lo, recipient.right_edge.i + 1)
            if XCOMP_KEEPS_OBJECT and recipient.i < xcomp.i and recipient.dep_ in ("dobj", "obj"):
                lo = recipient.left_edge.i  # "warned North Korea to refrain": whom is told to act is content
        c_range = (lo, hi)
    elif prep_content is not None:
        c_range = _subtree_range(prep_content)
        if particle is prep_content:
            c_range = (prep_content.i + 1, c_range[1])
        elif dobj is not None and dobj.i < prep_content.i and lemma not in DATIVE_VERBS:
            # "accused the Saudi government of attempting ...", "charged two developers with ...":
            # PolNeAR's content holds who is accused (dev)
            c_range = (dobj.left_edge.i, c_range[1])
    elif dobj is not None and lemma in OBJECT_CONTENT_VERBS:
        c_range = _subtree_range(dobj)
        oprd = next((ch for ch in tok.children if ch.dep_ == "oprd" and ch.i > dobj.i), None)
        if oprd is not None:
            c_range = (c_range[0], oprd.right_edge.i)  # "calling him a 'train wreck'"
    elif tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i and lemma in SPEECH_VERBS | {"believe", "think"} \
            and any(ch.dep_ == "nsubj" for ch in tok.children) and tok.left_edge.i > 0 \
            and doc[tok.left_edge.i - 1].text in (",", "”", '"', "’", "'", "—"):
        # "X happened, sources said": the parser hangs the cue under the reported clause.
        head = tok.head
        lo, _ = _subtree_range(head)
        c_range = (lo, tok.left_edge.i - 1)
        r = tok.right_edge.i
        if r + 2 < sent.end - 1 and doc[r + 1].text == "," and not doc[r + 2].is_punct \
                and (not PARENTHETICAL_TAIL or _tail_ok(doc, r + 2, sent.end - 1)):
            # "A, Mr. Clarke said, until B": the reported clause goes on after the cue
            tail = (r + 2, sent.end - 1)
            b_, a_ = _trimmed(doc, *c_range) if c_range[1] >= c_range[0] else None, _trimmed(doc, *tail)
            if b_ and a_:
                paren_parts = [b_, a_]
                c_range = (c_range[0], tail[1])
    parts = paren_parts
    if c_range is None and lemma in SPEECH_VERBS:
        much = next((ch for ch in tok.children if ch.dep_ == "advmod" and ch.lower_ == "much" and ch.i > tok.i), None)
        as_ = next((g for g in much.children if g.lower_ == "as" and g.i == much.i - 1), None) if much else None
        if as_ is not None:
            c_range = (as_.i, much.i)  # "Mook said as much": the content points back to what was reported
            c_stop = much.i
    if c_range is None and lemma in PARENTHETICAL_VERBS and any(ch.dep_ == "nsubj" for ch in tok.children) \
            and dobj is None:
        # "Sorry, Sanders said." / "Bob, they said, ordered them to wait": the rest of the sentence
        lo, hi = tok.left_edge.i, tok.right_edge.i
        before = (sent.start, lo - 1) if lo - 1 >= sent.start else None
        after = (hi + 1, sent.end - 1) if hi + 1 <= sent.end - 1 else None
        b = _trimmed(doc, *before) if before else None
        a = _trimmed(doc, *after) if after else None
        if b and a and PARENTHETICAL_TAIL and _tail_attributes(doc, *after):
            a = None  # "A, X said, while Y insisted ...", ", adding that ...": the tail is not X's report
        if b and a:
            parts = [b, a]
            c_range = (before[0], after[1])
        elif b or a:
            c_range = before if b else after
    if lemma not in ALL_CUE_VERBS:
        c_range = None  # a verb that only frames quotations ('"...," he answered')
    if lemma in ("appear", "seem") and xcomp is not None and xcomp.lemma_.lower() in ALL_CUE_VERBS:
        return None  # "appears to show": the inner verb is the cue, "appears" a hedge on it
    if c_range is None and lemma in CLAUSE_ONLY:
        return None
    if c_range is None and lemma not in QUOTE_INTRO_VERBS:
        return None
    if c_range is not None and _ANONYMITY.match(doc[c_range[0]:c_range[1] + 1].text):
        return None  # "asked not to be named" is a condition of the interview, not a statement
    subj, passive = _subject(tok)
    if subj is not None and subj.i == sent.start and subj.text.isupper() and len(subj.text) > 2:
        # "KHERSON, 14 November - The governor said": the parser takes the dateline for the subject
        dash = next((j for j in range(subj.i + 1, min(tok.i, subj.i + 8)) if doc[j].text in ("-", "–", "—")), None)
        if dash is not None and dash + 1 < tok.i:
            subj = doc[dash + 1 : tok.i].root
    cue_lo, cue_hi = tok.i, tok.i
    if particle is not None and particle.i == tok.i + 1:
        cue_hi = particle.i
    content = None
    if c_range is not None:
        lo, hi = c_range
        if EXTEND_TO_CLAUSE and lo > tok.i and parts is None and tok.right_edge.i > hi:
            # PARC content runs to the end of the cue's clause: its conjuncts and modifiers too
            # ("vowed not to repeat it and established a policy", "blasted the media for ...")
            hi = tok.right_edge.i
            # ... but a conjoined cue verb is an attribution of its own ("criticized the deals and
            # called for tariffs": two contents, PolNeAR dev), not more of this one's content
            for ch in tok.children:
                if ch.dep_ == "conj" and ch.i > c_range[1] and ch.pos_ == "VERB" \
                        and ch.lemma_.lower() in ALL_CUE_VERBS:
                    hi = min(hi, max(c_range[1], ch.left_edge.i - 1))
            if c_stop is not None:
                hi = min(hi, c_stop)
        if TRIM_ASIDES and lo > tok.i and parts is None and content_tok is None:
            # ... but not past a comma into a non-restrictive aside on the object ("the state, where ...")
            for j in range(lo + 1, min(hi, lo + MAX_SENT_TOKENS)):
                nxt = doc[j + 1]
                if doc[j].text == "," and nxt.dep_ in ("relcl", "acl", "advcl") or (
                        doc[j].text == "," and nxt.head.dep_ in ("relcl", "acl") and nxt.head.left_edge.i == nxt.i):
                    hi = j - 1
                    break
        # a second speaker's clause inside the range is theirs: "A said X, while B insisted Y"
        for j in range(max(lo, tok.i + 1), hi + 1):
            t = doc[j]
            if t.dep_ in ("advcl", "conj") and t.lemma_.lower() in ALL_CUE_VERBS and t.pos_ == "VERB" \
                    and any(ch.dep_ == "nsubj" for ch in t.children) and t.left_edge.i > lo:
                hi = t.left_edge.i - 1
                break
        # never let the content swallow the cue or the source
        if lo <= tok.i <= hi and parts is None:
            hi = tok.i - 1 if tok.i - lo > hi - tok.i else hi
            lo = tok.i + 1 if tok.i - lo <= hi - tok.i and lo <= tok.i else lo
        content = _trimmed(doc, lo, hi) if lo <= hi else None
        if content is not None and subj is not None and parts is None:
            s_lo, s_hi = _subtree_range(subj)
            if doc[s_lo].idx < content[1] and content[0] < doc[s_hi].idx + len(doc[s_hi]):
                if doc[s_lo].idx <= content[0]:
                    content = _trimmed(doc, s_hi + 1, hi)
                else:
                    content = _trimmed(doc, lo, s_lo - 1)
    if content is None and not colon and lemma not in QUOTE_INTRO_VERBS:
        return None
    c = Cue(cue=_span(doc[cue_lo], doc[cue_hi]), cue_i=tok.i, lemma=lemma, content=content,
            content_i=content_tok.i if content_tok is not None else None, is_passive=passive, parts=parts)
    if subj is not None:
        lo, hi = _source_range(subj)
        if not (lo <= tok.i <= hi):
            for j in range(subj.i - 1, lo - 1, -1):
                if doc[j].text in ("-", "–", "—") and doc[j].whitespace_ and j > 0 and doc[j - 1].whitespace_:
                    lo = j + 1  # "MYKOLAIV, 12 March - Ukraine's Ministry": the dateline is not the source
                    break
            c.source = _trimmed(doc, lo, hi)
            if c.source is not None and lo == hi and len(doc[lo].text.strip("'’\"")) < 2 \
                    and subj.lower_ != "i":
                c.source = None  # "let's": a clitic, not a source
            c.source_i = subj.i if c.source else None
    if recipient is not None:
        lo, hi = _subtree_range(recipient)
        c.recipient = _span(doc[lo], doc[hi])
        c.recipient_i = recipient.i
    if platform is not None:
        c.platform_i = platform.i
    return c


# Nominal cues ("Kyiv's claim that ...", see lexicon.NOUN_KINDS); off: verbs and "according to" only.
NOUN_CUES = True
# ... only when the holder is named, not a pronoun ("his decision to ..."): see bench figures in the log.
NOUN_CUES_NAMED = True
# Verbs whose object noun is the cue and whose subject its source ("made the claim that", "expressed concern").
_LIGHT_VERBS = frozenset("make issue express voice raise repeat reiterate announce share state offer announce".split())


def _noun_cue(doc, tok, sent: _Sent) -> Cue | None:
    """A nominal attribution: content from the noun's clause, infinitive or object; source from its
    possessor, its "by/from" phrase, or the subject of a light verb taking it as object."""
    lemma = tok.lemma_.lower()
    content_tok = None
    src = None
    content_range = None
    for ch in tok.children:
        d = ch.dep_
        if d in ("acl", "ccomp") and ch.i > tok.i and ch.pos_ in ("VERB", "AUX") and (
                any(g.dep_ == "mark" and g.lower_ == "that" for g in ch.children)
                or any(g.dep_ == "aux" and g.lower_ == "to" and g.i < ch.i for g in ch.children)):
            content_tok = ch
            content_range = _subtree_range(ch)
            break
        if d == "prep" and ch.i > tok.i and ch.lower_ in NOUN_PREP_CONTENT.get(lemma, ()):
            obj = next((g for g in ch.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                content_range = (obj.left_edge.i, obj.right_edge.i)
                break
    if content_range is None:
        return None
    for ch in tok.children:
        if ch.dep_ == "poss":
            src = ch
        elif ch.dep_ == "prep" and ch.lower_ in ("by", "from") and ch.i < content_range[0]:
            src = next((g for g in ch.children if g.dep_ == "pobj"), src)
    if src is None and tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in _LIGHT_VERBS:
        src = next((g for g in tok.head.children if g.dep_ == "nsubj"), None)
    if src is None or src.lower_ in _EXPLETIVES or (NOUN_CUES_NAMED and src.pos_ == "PRON"):
        return None
    content = _trimmed(doc, content_range[0], min(content_range[1], sent.end - 1))
    if content is None:
        return None
    s_lo, s_hi = _subtree_range(src) if src.dep_ != "poss" else (src.left_edge.i, src.i)
    source = _trimmed(doc, s_lo, s_hi)
    if source is None:
        return None
    if src.dep_ == "poss":
        # the possessive marker stays in the source span ("Trump's claim": PolNeAR's "Trump's")
        nxt = src.i + 1
        if nxt < len(doc) and doc[nxt].text in ("'s", "’s", "'", "’") and doc[nxt].head.i == src.i:
            source = (source[0], doc[nxt].idx + len(doc[nxt]))
    return Cue(cue=_span(tok, tok), cue_i=tok.i, lemma=lemma, source=source, source_i=src.i, content=content,
               content_i=content_tok.i if content_tok is not None else None)


def _according(doc, tok, sent: _Sent) -> Cue | None:
    to = doc[tok.i + 1]
    obj = next((g for g in to.children if g.dep_ == "pobj"), None)
    if obj is None:
        # the parser sometimes hangs the object on "according"
        obj = next((g for g in tok.children if g.dep_ == "pobj"), None)
    if obj is None:
        return None
    s_lo, s_hi = _subtree_range(obj)
    s_lo = max(s_lo, to.i + 1)
    j = s_hi + 1
    if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].pos_ == "PROPN":
        # "according to the governor, Lena Brandt, ...": the name in apposition is part of the source
        k = j + 1
        while k < len(doc) and doc[k].pos_ == "PROPN":
            k += 1
        if k < len(doc) and doc[k].text == ",":
            s_hi = k - 1
    p_lo, p_hi = min(tok.i, s_lo), max(s_hi, to.i)
    before = (sent.start, p_lo - 1)
    after = (p_hi + 1, sent.end - 1)
    # The content is the rest of the sentence, on the side that carries it.
    lo, hi = after if after[1] - after[0] > before[1] - before[0] else before
    if (lo, hi) == after and before[1] >= before[0] and not any(
            doc[j].pos_ in ("VERB", "AUX") for j in range(after[0], after[1] + 1)) and any(
            doc[j].pos_ in ("VERB", "AUX") for j in range(before[0], before[1] + 1)):
        lo, hi = before  # "53,000 people remain, according to his office, down from 60,000": a verbless tail
    k = lo
    while k <= hi and (doc[k].is_punct or doc[k].is_space):
        k += 1
    if k <= hi and doc[k].lower_ in ("citing", "quoting"):
        # "According to X, citing Y, <content>": Y is X's source, the content follows it
        comma = next((j for j in range(k + 1, hi + 1) if doc[j].text == ","), None)
        if comma is not None:
            lo = comma + 1
    content = _trimmed(doc, lo, hi) if lo <= hi else None
    return Cue(cue=_span(tok, to), cue_i=tok.i, lemma="according to", source=_span(doc[s_lo], doc[s_hi]),
               source_i=obj.i, content=content, is_according=True)
