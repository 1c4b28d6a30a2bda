"""Event extraction: event-reporting clauses -> ``Event`` records built from what the pipeline found.

For each body sentence, tokens whose lemma is an event trigger (``lexicon.py``) are grouped by the
clause they belong to (the nearest verb heading a clause: the root, a complement, an adverbial or
relative clause, a conjoined verb). Each such clause is a *candidate*; the classifier types it and a
candidate typed ``OTHER`` is dropped. A typed clause becomes an ``Event`` with:

* ``actors`` / ``targets`` by dependency role: subject of the trigger (or of its light verb: "launched
  an attack") = actor, object / "on X" / "at X" / "against X" = target; passive voice swapped; a
  noun trigger's possessor or nationality adjective is its actor ("Russia's attack", "a Russian strike");
* ``place``: a copy of the best place in the clause, else the sentence, else an event place of the
  previous sentence of the paragraph, else the dateline, else the country the surrounding sentences
  name ("Russian" twice around it); the fallbacks with a lower confidence and their own role;
* ``time``: a copy of the date/time in the clause or sentence (resolved ones first), else None;
* ``counts``: the sentence's amounts by what they count (dead -> fatalities, arrests -> arrested,
  square kilometres -> area);
* ``reported_by``: the attribution chain of the quotation covering the trigger, speaker first, plus an
  "according to <outlet>" the attribution stage left out;
* ``status``: the covering claim's status, cues and ``denied_by``; a negated trigger ("did not strike",
  "no shelling", "denied shelling") is kept with ``negated`` and status ``denied``.

Every span is taken from the spaCy Doc of ``Article.text`` or copied from another annotation, so
all offsets round-trip. Work per article is bounded by ``MAX_CANDIDATES``.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence

from ..model import Article, Claim, Cue, Event, EventArg, EventCount, Place, Quote, Span, TimeRef, Via
from . import lexicon as lx
from .taxonomy import readable_name

# At most this many candidate clauses per article are typed (bounds the classifier's work on a
# hostile or very long input; a long war report has 10-40).
MAX_CANDIDATES = 60
# Dependency labels that start a clause of their own: a trigger belongs to the nearest such verb.
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "pcomp"})
# Sub-clauses that report something else and are cut off a clause's span unless they hold its trigger
# ("While Russia denied responsibility, a missile attack ..."); complements stay (they are its content).
SEPARATE_DEPS = frozenset({"advcl", "conj", "parataxis"})
# Place confidence kept for fallbacks: the previous sentence's event place, the dateline, the
# surrounding sentences' country (each a weaker reading than a place named in the clause).
PREVIOUS_SENTENCE_FACTOR = 0.7
DATELINE_FACTOR = 0.5
CONTEXT_FACTOR = 0.4
# Sentences either side looked at for the country they name when nothing else places the event.
CONTEXT_WINDOW = 3
# Precision order of a place: finer is better for an event.
_PRECISION_RANK = {"city": 0, "other": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 4, "continent": 5}
_ARG_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_TARGET_PREPS = {"on", "at", "against", "into", "upon"}
_NOUN_TARGET_PREPS = {"on", "at", "against", "of", "upon", "targeting"}
# What a denial verb governs ("denied shelling", "denied that it had shelled", "rejected claims of an
# attack"); a conjoined verb ("denied ... and said it had struck a depot") is outside its scope.
_DENIED_DEPS = {"xcomp", "dobj", "obj", "pobj", "prep", "pcomp", "ccomp", "acl", "nsubjpass"}
_LEFT_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "advmod", "npadvmod"}


@dataclasses.dataclass(slots=True)
class Candidate:
    """A clause with event triggers, waiting for its type."""

    sentence: Span
    start: int
    end: int
    trigger: object  # the main trigger token (spaCy Token)
    triggers: list  # every trigger token in the clause
    head: object  # the clause's head verb (spaCy Token)
    hazard: str | None = None  # NATURAL_DISASTER / MAN_MADE_DISASTER when a natural hazard or fire is the subject
    context: frozenset = frozenset()  # trigger lemmas of the whole sentence ("detained 63 as thousands protested")
    labour: bool = False  # the sentence speaks of workers, unions or pay (a "strike" there is a labour strike)
    harm: tuple = ()  # character spans of the sentence's harm-only clauses ("killed three"): their figures are ours

    @property
    def hints(self) -> tuple[str, ...]:
        """Types the triggers usually signal, the main trigger's first."""
        if self.hazard:
            return (self.hazard,)  # "a bushfire killed three": a disaster, whatever the verb
        if self.labour and self.trigger.lemma_.lower() == "strike" and self.trigger.pos_ == "NOUN" \
                and not any(c.dep_ in ("compound", "amod") for c in self.trigger.children if c.lower_ not in ("general", "national")):
            return ("PEACE_PROTEST",)  # "the strike by 2,000 copper miners": a labour strike is a protest
        out: list[str] = []
        lemmas = {t.lemma_.lower() for t in self.triggers}
        if lemmas & lx.ARREST_LEMMAS and (lemmas | self.context) & lx.PROTEST_LEMMAS:
            out.append("PROTEST_WITH_INTER")  # arrests at a protest: ACLED's protest with intervention
        for t in sorted(self.triggers, key=lambda t: t is not self.trigger):
            table = lx.TRIGGER_VERBS if t.pos_ in ("VERB", "AUX") else lx.TRIGGER_NOUNS
            out += [x for x in table.get(t.lemma_.lower(), ()) if x not in out]
        return tuple(out)


def _irrealis(verb) -> bool:
    """A verb that reports no event that happened: an infinitive or a modal ("to strike", "could strike",
    "go rob and kill"), unless it continues an action ("continued to shell", "began to withdraw")."""
    cur = verb
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "lest") for c in cur.children):
            return True  # a condition: "if Belarus attacks from the north"
        for c in cur.children:
            if c.dep_ == "aux" and (c.tag_ in ("TO", "MD") or c.lower_ in ("to", "will", "would", "could", "might", "may", "should", "can", "must")):
                return not (cur.dep_ == "xcomp" and cur.head.lemma_.lower() in lx.ASPECT_VERBS)
        if cur.dep_ == "conj" and cur.head is not cur:
            cur = cur.head  # "rob, rape and kill": the first conjunct carries the "to"
            continue
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() not in lx.ASPECT_VERBS | lx.DENY_VERBS:
            return True  # "went to kill", "plans to strike": a purpose or intention
        return False
    return False


def _is_trigger(tok) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        if lemma not in lx.TRIGGER_VERBS:
            return False
        if lemma in _VERB_GUARDS and not _VERB_GUARDS[lemma](tok):
            return False
        if tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children) \
                and tok.dep_ not in ("ROOT", "ccomp"):
            return False  # a participle describing a state: "100 injured", "areas occupied by ..."
        if tok.dep_ in ("amod", "compound"):
            return False  # an adjective: "a hard-hitting package"
        subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
        if subj is not None and (subj.lower_ in ("nobody", "none", "noone")
                                 or any(c.lower_ == "no" for c in subj.children)):
            return False  # "no one was injured": nothing happened to report
        return not _irrealis(tok)
    if tok.pos_ in ("NOUN", "PROPN") and lemma in lx.TRIGGER_NOUNS:
        if tok.dep_ == "compound":
            return False  # a modifier: "riot gear", "protest songs"
        if tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in lx.REFERRING_VERBS \
                and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children) \
                and not any(c.dep_ in ("relcl", "acl") for c in tok.children):
            # a re-mention judged or named: "called the strike a war crime", "condemned the attack"; one told
            # with what it did is reported there ("called the explosion that damaged the bridge a terrorist act")
            return False
        if tok.dep_ == "attr" and any(c.dep_ == "nsubj" for c in tok.head.children):
            return False  # a predicate noun: "it is Putin's battle", "the town was a battle ground"
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.pos_ == "VERB" and _irrealis(verb):
            return False  # "to go rob, rape and kill", "plans an attack on"
        if lemma == "responsibility":
            return tok.head.lemma_.lower() in lx.RESPONSIBILITY_HEADS
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in lx.DOCUMENT_NOUNS:
            return False  # what a text is about: "a letter of protest", "a song of resistance"
        if lemma in _NOUN_GUARDS:
            return _NOUN_GUARDS[lemma](tok)
        return True  # (a labour "strike" too: the classifier types it as a protest)
    return False


def _lemmas(toks) -> set[str]:
    return {t.lemma_.lower() for t in toks}


def _objects(verb) -> list:
    """Direct objects of ``verb`` with their conjuncts and compound modifiers ("a grain deal")."""
    out = []
    for c in verb.children:
        if c.dep_ in ("dobj", "obj"):
            out += [c, *[g for g in c.children if g.dep_ in ("conj", "compound")]]
    return out


def _enter_ok(tok) -> bool:
    """"troops entered the town": an armed subject entering a place."""
    # any subject child: a dateline may be parsed as a second one ("KUPIANSK, ... - Ukrainian troops entered")
    armed = any(c.dep_ == "nsubj" and (c.lemma_.lower() in lx.ARMED or c.ent_type_ == "NORP") for c in tok.children)
    place = any(o.ent_type_ in ("GPE", "LOC", "FAC") or o.lemma_.lower() in lx.SETTLEMENT_WORDS for o in _objects(tok))
    return armed and place


def _agree_ok(tok) -> bool:
    """"agreed to exchange prisoners", "agreed on a ceasefire", "agreed a deal"."""
    if any(c.dep_ == "xcomp" and c.lemma_.lower() in lx.AGREE_TO for c in tok.children):
        return True
    objs = _objects(tok) + [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "to") for g in c.children]
    return bool(_lemmas(objs) & lx.DEAL_WORDS)


# Trigger words that report an event only with the right object or particle (lexicon.py lists them):
# "exchanged 215 prisoners" (not "exchanged views"), "signed a deal" (not "signed a letter"), "pulled out".
_VERB_GUARDS = {
    "enter": _enter_ok,
    "pull": lambda t: any(c.dep_ == "prt" and c.lower_ in ("out", "back") for c in t.children),
    "exchange": lambda t: bool(_lemmas(_objects(t)) & lx.PRISONER_WORDS),
    "swap": lambda t: bool(_lemmas(_objects(t)) & lx.PRISONER_WORDS),
    "sign": lambda t: bool(_lemmas(_objects(t)) & lx.DEAL_WORDS),
    "agree": _agree_ok,
}


def _prisoner_noun(tok) -> bool:
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    if _lemmas(mods + of) & lx.PRISONER_WORDS:
        return True
    # "an exchange with Russia", "an exchange between Russia and Ukraine" (not "an exchange of views")
    parties = any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in tok.children)
    return not of and (parties or tok.lemma_.lower() == "swap")


_NOUN_GUARDS = {
    "exchange": _prisoner_noun,
    "swap": _prisoner_noun,
    # "signed a deal", "reached a deal": a deal concluded (not "a great deal of")
    "deal": lambda t: t.dep_ in ("dobj", "obj") and t.head.lemma_.lower() in lx.DEAL_VERBS,
}


def _clause_head(tok):
    """The nearest verb at or above ``tok`` that heads a clause (bounded climb)."""
    cur = tok
    for _ in range(40):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ in CLAUSE_DEPS and not _participial(cur):
            return cur
        if cur.head is cur:
            return cur
        cur = cur.head
    return cur


def _participial(verb) -> bool:
    """A subjectless -ing clause that continues its parent ("shelled the market, killing eight")."""
    if verb.tag_ != "VBG" or any(c.dep_ in _SUBJ for c in verb.children):
        return False
    if verb.dep_ == "conj" and verb.head is not verb:  # "killing eight and wounding 20"
        return verb.head.dep_ == "advcl" and verb.head.tag_ == "VBG"
    return verb.dep_ == "advcl"


def _clause_span(head, keep: list) -> tuple[int, int]:
    """Character span of the clause headed by ``head``: its subtree minus sub-clauses (other clause
    heads among its children) that hold none of ``keep``, trimmed of edge punctuation and marks."""
    keep_i = {t.i for t in keep}
    excluded: list[tuple[int, int]] = []
    for child in head.children:
        if child.dep_ in SEPARATE_DEPS and (child.pos_ in ("VERB", "AUX") or child.dep_ == "conj") \
                and not _participial(child):
            sub = list(child.subtree)
            if not any(t.i in keep_i for t in sub):
                excluded.append((sub[0].i, sub[-1].i))
    lo, hi = head.left_edge.i, head.right_edge.i
    changed = True
    while changed:  # peel excluded sub-clauses off either edge (the span stays contiguous)
        changed = False
        for a, b in excluded:
            if a == lo and b < hi:
                lo, changed = b + 1, True
            elif b == hi and a > lo:
                hi, changed = a - 1, True
    doc = head.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ in ("mark", "cc") or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc" or doc[hi].is_space):
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


_DASH = re.compile(r"[^\n]{0,60}?(?:—|–|--|\s-)\s*")


def dateline_end(article: Article) -> int:
    """Where the text after a dateline ("KHARKIV, March 7 — ") starts; 0 without a dateline."""
    p = next((p for p in article.places if p.role == "dateline"), None)
    if p is None:
        return 0
    m = _DASH.match(article.text, p.end)
    return m.end() if m else 0


_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def _year(published: str | None) -> int | None:
    m = _YEAR.match(published or "")
    return int(m.group(1)) if m else None


def _historical(clause: str, pub_year: int | None) -> bool:
    """A clause dated only by years long before publication ("fought in the Battle of Stalingrad in 1942")."""
    if pub_year is None:
        return False
    years = [int(y) for y in _YEAR.findall(clause)]
    return bool(years) and max(years) < pub_year - 1


def _aggregate(tok, clause: str) -> bool:
    """A trigger that tallies many events over a period, not one event: "28 attacks in 2019", "attacks
    have risen", "averted 31 attacks since 2017", "Russian strikes have destroyed 1,200 schools since 2022"."""
    if tok.pos_ in ("NOUN", "PROPN"):
        if tok.tag_ not in ("NNS", "NNPS"):
            return False
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in lx.TREND_VERBS:
            return True
        return bool(lx.LONG_PERIOD.search(clause))
    verb = tok
    for _ in range(3):  # the perfect of a conjoined verb: "have damaged or destroyed"
        if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children):
            break
        if verb.dep_ != "conj" or verb.head is verb:
            return False
        verb = verb.head
    else:
        return False
    return bool(lx.LONG_PERIOD.search(clause))


def _hazard(head, trigger) -> str | None:
    """NATURAL_DISASTER when a natural hazard does it ("a bushfire killed three", "floods swept through
    villages, killing four"); MAN_MADE_DISASTER for a fire; else None."""
    toks = []
    for s in (_subject(head), _subject(trigger) if trigger.pos_ in ("VERB", "AUX") and trigger is not head else None):
        if s is None:
            continue
        if s.lower_ in ("that", "which", "who") and s.head.dep_ == "relcl":
            s = s.head.head  # "wildfires that destroyed homes": the relative clause's noun
        toks.append(s)
    words = _lemmas(toks) | _lemmas(c for t in toks for c in t.children if c.dep_ in ("compound", "amod"))
    if words & lx.HAZARDS:
        return "NATURAL_DISASTER"
    if words & lx.FIRES and not words & lx.ARMED:
        return "MAN_MADE_DISASTER"
    return None


def candidates(article: Article) -> list[Candidate]:
    """Clauses with an event trigger in the article's body sentences, in text order."""
    doc = article.nlp_doc
    if doc is None or not article.sentences:
        return []
    body = [(p.start, p.end) for p in article.paragraphs if p.kind == "body"]
    starts = [s for s, _ in body]
    dl_end = dateline_end(article)
    out: list[Candidate] = []
    # Token offsets and lower-cased lemmas read in C (one array each): building a Python Token for every
    # word of every article cost the stage ~15 % of its time; only the lexicon's words become Tokens.
    from spacy.attrs import IDX, LEMMA

    arr = doc.to_array([IDX, LEMMA])
    tok_starts = arr[:, 0].tolist()
    strings = doc.vocab.strings
    lemma_ok = {h: strings[int(h)].lower() in lx.TRIGGER_LEMMAS for h in set(arr[:, 1].tolist())}
    hits = [i for i, h in enumerate(arr[:, 1].tolist()) if lemma_ok[h]]
    pub_year = _year(article.published)
    for sent in article.sentences:
        k = bisect.bisect_right(starts, sent.start) - 1
        if body and (k < 0 or sent.start >= body[k][1]):
            continue  # captions and credits repeat or label; events come from the body
        if lx.SPORT.search(article.text, sent.start, sent.end):
            continue  # "Salah struck twice in five minutes": a match report
        i0 = bisect.bisect_left(tok_starts, sent.start)
        i1 = bisect.bisect_left(tok_starts, sent.end)
        groups: dict[int, list] = {}
        for i in hits[bisect.bisect_left(hits, i0):bisect.bisect_left(hits, i1)]:
            tok = doc[i]
            if _is_trigger(tok):
                groups.setdefault(_clause_head(tok).i, []).append(tok)
        harm: tuple = ()
        if len(groups) > 1:
            # "35 were killed when a missile struck the station": the deaths are the strike's figures,
            # not an event of their own (the strike's record takes the sentence's counts)
            # (a prevented or negated event has no victims: "prevented an attack, while gunmen killed 12")
            main = [h for h, ts in groups.items() if not all(t.lemma_.lower() in lx.CASUALTY_LEMMAS for t in ts)]
            if any(not all(_negation_of(t)[0] is not None for t in groups[h]) for h in main):
                harm = tuple(_clause_span(doc[h], ts) for h, ts in groups.items() if h not in main)
                groups = {h: groups[h] for h in main}
        context = frozenset(t.lemma_.lower() for ts in groups.values() for t in ts)
        for head_i, trigs in groups.items():
            head = doc[head_i]
            start, end = _clause_span(head, trigs)
            start, end = max(start, sent.start, dl_end), min(end, sent.end)
            if end <= start:
                continue
            clause = article.text[start:end]
            trigs = [t for t in trigs if not _aggregate(t, clause)]
            if not trigs or _historical(clause, pub_year):
                continue
            # the main trigger: a verb trigger heading the clause, else the first noun trigger
            main = next((t for t in trigs if t.i == head_i), None) or trigs[0]
            out.append(Candidate(Span(sent.start, sent.end), start, end, main, trigs, head,
                                 hazard=_hazard(head, main), context=context, harm=harm,
                                 labour=bool(lx.LABOUR.search(article.text, sent.start, sent.end))))
            if len(out) >= MAX_CANDIDATES:
                return out
    return out


# ---------------------------------------------------------------------------------------- arguments


class _Sides:
    """Country keys for mentions: places, nationality words, capitals standing for states."""

    def __init__(self, article: Article, demonyms, country_names: dict[str, str]):
        self.dem = demonyms
        self.names = country_names  # normalised country name -> ISO2
        self.place_at = {p.start: p for p in article.places if p.resolved}
        self.entity_at = {}
        for e in article.entities:
            for i in range(e.start, e.end):
                self.entity_at.setdefault(i, e)

    def country_of_word(self, tok) -> str | None:
        word = tok.text.lower().removesuffix("'s").removesuffix("’s")
        if word in lx.METONYMS:
            return lx.METONYMS[word]
        p = self.place_at.get(tok.idx)
        if p is not None and p.feature == "country":
            return p.country
        if tok.ent_type_ in ("NORP",) or tok.pos_ in ("ADJ", "PROPN"):
            cc = self.dem.country(tok.text) if self.dem is not None else None
            if cc:
                return cc
        if tok.ent_type_ == "GPE":
            return self.names.get(word)
        return None

    def side(self, tokens) -> str | None:
        for tok in tokens:
            cc = self.country_of_word(tok)
            if cc:
                return lx.SIDE_KEYS.get(cc) or self._name(cc)
        return None

    def _name(self, cc: str) -> str:
        for name, code in self.names.items():
            if code == cc:
                return name
        return cc.lower()


def _phrase(tok):
    """Tokens of the noun phrase headed by ``tok``: its left modifiers and itself."""
    lo = tok.i
    for c in tok.lefts:
        if c.dep_ in _LEFT_DEPS or c.dep_ == "punct" and c.text in "-":
            lo = min(lo, c.left_edge.i)
    doc = tok.doc
    while lo < tok.i and (doc[lo].dep_ in ("det", "case", "punct") or doc[lo].is_space or doc[lo].lower_ in ("also",)):
        lo += 1
    return doc[lo : tok.i + 1]


def _arg(tok, article: Article, sides: _Sides, amounts: list[tuple[int, int]]) -> EventArg | None:
    if tok.pos_ in ("PRON", "DET", "NUM", "PUNCT", "SPACE", "ADV") or tok.like_num or tok.ent_type_ in ("DATE", "TIME"):
        return None
    if any(p.start <= tok.idx < p.end for p in article.places if p.role == "dateline"):
        return None  # the dateline parsed as a subject
    if any(a <= tok.idx < b for a, b in amounts):
        return None  # a figure is a count, not a participant ("recaptured 1,000 square kilometres")
    span = _phrase(tok)
    start, end = span[0].idx, span[-1].idx + len(span[-1])
    ent = sides.entity_at.get(tok.idx)
    if ent is not None and ent.label in _ARG_LABELS and ent.start <= start and end <= ent.end:
        name = ent.canonical
    elif ent is not None and ent.label in _ARG_LABELS and ent.start <= tok.idx and ent.end >= end:
        name = ent.canonical
    else:
        name = article.text[start:end]
    lemma = tok.lemma_.lower()
    if ent is not None and ent.label == "PERSON" and ent.start <= tok.idx < ent.end:
        kind = "person"
    elif lemma in lx.ARMED:
        kind = "armed_group"
    elif lemma in lx.CIVILIANS:
        kind = "civilians"
    elif ent is not None and ent.label == "GPE" and ent.start <= tok.idx < ent.end:
        kind = "state"
    elif lemma in lx.ORGANISATIONS or (ent is not None and ent.label == "ORG"):
        kind = "organisation"
    else:
        kind = "unknown"
    return EventArg(start, end, name, side=sides.side(span), kind=kind)


def _with_conjuncts(tok) -> list:
    out, cur = [tok], tok
    for _ in range(10):
        nxt = next((c for c in cur.children if c.dep_ == "conj"), None)
        if nxt is None:
            break
        out.append(nxt)
        cur = nxt
    return out


def _left_noun(verb):
    """The noun right before ``verb`` (skipping auxiliaries and adverbs), when the parse lost the subject."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and (doc[i].dep_ in ("aux", "auxpass", "neg", "advmod") or doc[i].is_space):
        i -= 1
    return doc[i] if i >= 0 and doc[i].pos_ in ("NOUN", "PROPN") else None


def _subject(verb):
    """The subject of ``verb``, inherited through conjoined and controlled verbs ("began to shell")."""
    cur = verb
    for _ in range(6):
        for c in cur.children:
            if c.dep_ in _SUBJ:
                return c
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head is not cur:
            cur = cur.head
            continue
        return None
    return None


def _blamed(t):
    """The party blamed or accused for the event ``t``: "blamed Y for the attack", "blamed the attack on Y",
    "accused Y of shelling"; None otherwise."""
    h = t.head
    if t.dep_ in ("pobj", "pcomp") and h.dep_ == "prep" and h.lower_ in ("for", "of") \
            and h.head.lemma_.lower() in lx.BLAME_VERBS | lx.ACCUSE_VERBS:
        return next((c for c in h.head.children if c.dep_ in ("dobj", "obj")), None)
    if t.dep_ in ("dobj", "obj") and h.lemma_.lower() in lx.BLAME_VERBS:
        # "blamed the bombing of the bridge on saboteurs": the parser may hang "on" on the last noun
        preps = [c for c in h.children if c.dep_ == "prep" and c.lower_ == "on"]
        preps += [c for c in t.subtree if c.dep_ == "prep" and c.lower_ == "on"][-1:]
        return next((g for c in preps for g in c.children if g.dep_ == "pobj"), None)
    return None


def arguments(cand: Candidate, article: Article, sides: _Sides,
              amounts: list[tuple[int, int]]) -> tuple[list[EventArg], list[EventArg]]:
    """(actors, targets) of a candidate clause by dependency role."""
    actors_t, targets_t = [], []
    t = cand.trigger
    if t.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
        subj = _subject(t)
        if subj is not None and not passive and _is_trigger(subj):
            # "a drone strike hit the depot": the subject is the event itself; its actor is the strike's
            actors_t += [c for c in subj.children if c.dep_ == "poss" or c.dep_ in ("amod", "compound")
                         and sides.country_of_word(c)]
            subj = None
        elif subj is not None and not passive and any(p.start <= subj.idx < p.end for p in article.places
                                                      if p.role == "dateline"):
            subj = _left_noun(t)  # "KHARKIV, March 7 — Russian forces shelled": the noun before the verb
        if passive:
            if subj is not None:
                targets_t.append(subj)
            for c in t.children:
                if c.dep_ == "agent":
                    actors_t += [g for g in c.children if g.dep_ == "pobj"]
        else:
            accused = _blamed(t)
            if subj is None and accused is not None:
                subj = accused  # "accused Moscow of shelling its own territory"
            if subj is not None:
                actors_t.append(subj)
            targets_t += [c for c in t.children if c.dep_ in ("dobj", "obj")]
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                targets_t += [g for g in c.children if g.dep_ == "pobj"]
    else:
        for c in t.children:
            if c.dep_ == "poss":
                actors_t.append(c)
            elif c.dep_ in ("amod", "compound") and sides.country_of_word(c):
                actors_t.append(c)
            elif c.dep_ == "compound" and (adj := next((g for g in c.children if g.dep_ == "amod"
                                                        and sides.country_of_word(g)), None)) is not None:
                actors_t.append(adj)  # "Saturday's Russian missile strike"
            elif c.dep_ == "prep" and c.lower_ == "by":
                actors_t += [g for g in c.children if g.dep_ == "pobj"]
            elif c.dep_ == "prep" and c.lower_ in _NOUN_TARGET_PREPS:
                targets_t += [g for g in c.children if g.dep_ == "pobj"]
        head = t.head
        blamed = _blamed(t)
        if blamed is not None:
            actors_t = [blamed]  # "Ukraine blamed Russian forces for a missile attack"
        if t.lemma_.lower() == "responsibility":  # "Russia denied responsibility for the incident"
            subj = _subject(head)
            actors_t += [subj] if subj is not None else []
            targets_t += [g for c in t.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
                          if g.dep_ == "pobj"]
        elif t.dep_ in ("dobj", "obj") and head.lemma_.lower() in lx.LIGHT_VERBS and not actors_t:
            subj = _subject(head)
            if subj is not None:
                actors_t.append(subj)
        if t.dep_ in ("nsubj",) and head.pos_ == "VERB":  # "a missile strike hit the school"
            targets_t += [c for c in head.children if c.dep_ in ("dobj", "obj")]
    actors = [a for tok in actors_t for x in _with_conjuncts(tok) if (a := _arg(x, article, sides, amounts))]
    targets = [a for tok in targets_t for x in _with_conjuncts(tok) if (a := _arg(x, article, sides, amounts))]
    return _dedupe(actors), _dedupe([x for x in targets if all((x.start, x.end) != (a.start, a.end) for a in actors)])


def _dedupe(args: list[EventArg]) -> list[EventArg]:
    seen, out = set(), []
    for a in args:
        if (a.start, a.end) not in seen:
            seen.add((a.start, a.end))
            out.append(a)
    return out


# ------------------------------------------------------------------------------- place, time, counts


def _place_key(p: Place):
    return (p.role != "event", not p.resolved, _PRECISION_RANK.get(p.precision or "", 6), p.start)


def _copy_place(p: Place, *, role: str | None = None, factor: float = 1.0) -> Place:
    q = dataclasses.replace(p, alternatives=list(p.alternatives))
    if role:
        q.role = role
    q.confidence = round(q.confidence * factor, 3)
    return q


def choose_place(article: Article, cand: Candidate, prev: Span | None, actor_spans: list[tuple[int, int]],
                 context_place: Callable[[], Place | None]) -> Place | None:
    """The event's place (a copy): clause, sentence, previous sentence, dateline, surrounding country."""

    def inside(p: Place, a: int, b: int) -> bool:
        return a <= p.start and p.end <= b and not any(s <= p.start < e for s, e in actor_spans)

    usable = [p for p in article.places if p.role != "dateline"]
    for a, b in ((cand.start, cand.end), (cand.sentence.start, cand.sentence.end)):
        found = [p for p in usable if inside(p, a, b)]
        if found:
            return _copy_place(min(found, key=_place_key))
    if prev is not None:
        found = [p for p in usable if inside(p, prev.start, prev.end) and p.role == "event"]
        if found:
            return _copy_place(min(found, key=_place_key), factor=PREVIOUS_SENTENCE_FACTOR)
    dateline = [p for p in article.places if p.role == "dateline"]
    named = {p.country for p in usable if p.resolved and p.country}
    if dateline and (not named or dateline[0].country in named):
        # only when the text is about the dateline's country: "LONDON (Reuters) - Gunmen attacked ... in
        # Burkina Faso" is no event in Britain
        return _copy_place(dateline[0], factor=DATELINE_FACTOR)
    return context_place()


def _context_place_fn(article: Article, sides: _Sides, gaz, sent_index: int) -> Callable[[], Place | None]:
    """A lazy fallback: the country the sentences around the event name most (at least twice)."""

    def run() -> Place | None:
        doc = article.nlp_doc
        lo = max(0, sent_index - CONTEXT_WINDOW)
        hi = min(len(article.sentences), sent_index + CONTEXT_WINDOW + 1)
        a, b = article.sentences[lo].start, article.sentences[hi - 1].end
        votes: Counter = Counter()
        first: dict[str, tuple[int, int]] = {}
        anchor = article.sentences[sent_index].start
        for tok in doc.char_span(a, b, alignment_mode="expand") or ():
            cc = sides.country_of_word(tok) if (tok.ent_type_ in ("NORP", "GPE") or tok.lower_ in lx.METONYMS) else None
            if cc:
                votes[cc] += 1
                prev = first.get(cc)
                dist = abs(tok.idx - anchor)
                if prev is None or dist < abs(prev[0] - anchor):
                    first[cc] = (tok.idx, tok.idx + len(tok))
        if not votes:
            return None
        (cc, n), *rest = votes.most_common(2) + [(None, 0)]
        if n < 2 or (rest and rest[0][1] == n):
            return None  # no clear country around the event
        entry = gaz.country(cc) if gaz is not None else None
        s, e = first[cc]
        if entry is None:
            return Place(s, e, name=cc, country=cc, feature="country", precision="country", role="context")
        return Place(s, e, name=entry.name, geonameid=entry.gid, lat=round(entry.lat, 5), lon=round(entry.lon, 5),
                     country=entry.cc, feature="country", precision="country", confidence=CONTEXT_FACTOR,
                     resolved=True, role="context")

    return run


def choose_time(article: Article, cand: Candidate) -> TimeRef | None:
    """A copy of the date/time in the clause, else in the sentence (resolved first), else None.

    A noun trigger's own phrase is read first: "on Sunday called the explosion that damaged the bridge on
    Saturday" dates the explosion to Saturday."""
    spans = [(cand.start, cand.end), (cand.sentence.start, cand.sentence.end)]
    t = cand.trigger
    if t.pos_ in ("NOUN", "PROPN") and t.right_edge.i > t.i:
        last = t.right_edge
        spans.insert(0, (t.left_edge.idx, last.idx + len(last)))
    for a, b in spans:
        found = [t for t in article.times if t.type in ("date", "time") and a <= t.start and t.end <= b
                 and t.value not in ("PRESENT_REF", "FUTURE_REF")]
        if found:
            return dataclasses.replace(min(found, key=lambda t: (not t.resolved, t.start)))
    return None


def _count_kind(article: Article, amount, doc, trigger) -> str | None:
    counted = (amount.counted or "").strip()
    if amount.unit and lx.AREA_UNIT.search(amount.unit) or lx.AREA_UNIT.search(counted):
        return "area"
    if amount.unit:
        return None  # money, percentages, distances, durations are not event counts
    for kind, rx in lx.COUNT_KINDS:
        if rx.search(counted):
            return kind
    # the verb governing the counted noun: "killing at least five civilians", "detained 12 people"
    span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
    kind = _raised_to(span)
    if kind:
        return kind
    if span is not None:
        tok = span.root
        for _ in range(3):
            kind = lx.COUNT_VERBS.get(tok.lemma_.lower())
            if kind:
                return kind
            if tok.head is tok:
                break
            tok = tok.head
    if counted and lx.COUNTED_OTHER.search(counted):
        return "other"
    return None


def _raised_to(span) -> str | None:
    """What a figure raised to counts: "the death toll rose to 45", "the number of people killed has
    risen to 24", "the toll stood at 11" (the verb's subject names it; the earliest count word wins)."""
    if span is None:
        return None
    tok = span.root
    verb = None
    if tok.head.dep_ == "prep" and tok.head.lower_ in ("to", "at") and tok.head.head.lemma_.lower() in lx.RISE_VERBS:
        verb = tok.head.head
    elif tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in lx.RISE_VERBS:
        verb = tok.head
    subj = _subject(verb) if verb is not None else None
    if subj is None:
        return None
    doc = subj.doc
    text = doc[subj.left_edge.i:min(subj.right_edge.i + 1, subj.left_edge.i + 40)].text
    found = [(m.start(), kind) for kind, rx in lx.COUNT_KINDS if (m := rx.search(text))]
    return min(found)[1] if found else None


def choose_counts(article: Article, cand: Candidate, others: Sequence[tuple[int, int]] = (),
                  negated: bool = False) -> list[EventCount]:
    """The figures that count something of the event: in the clause, else in the sentence outside the
    sentence's other event clauses (``others``). A negated event ("averted attacks") harmed no one: the
    sentence's harm clauses are not its figures."""
    out = []
    spans = [(cand.start, cand.end), *(() if negated else cand.harm)]
    for c in cand.head.children:  # "killed seven people and wounded 17": the harm's conjunct is the event's
        if c.dep_ == "conj" and c.lemma_.lower() in lx.CASUALTY_LEMMAS:
            sub = list(c.subtree)
            spans.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
    inside = [m for m in article.amounts if any(a <= m.start and m.end <= b for a, b in spans)]
    if not inside:
        inside = [m for m in article.amounts if cand.sentence.start <= m.start and m.end <= cand.sentence.end
                  and not any(a <= m.start and m.end <= b for a, b in others)]
    for m in inside:
        kind = _count_kind(article, m, article.nlp_doc, cand.trigger)
        if kind:
            out.append(EventCount(m.start, m.end, kind, m.value, m.low, m.high, m.qualifier, m.attributed_to))
    return out


# --------------------------------------------------------------------------- attribution and status


def _covering_quote(article: Article, pos: int) -> Quote | None:
    best = None
    for q in article.quotes:
        c = q.content
        if c.start <= pos < c.end and (best is None or c.end - c.start < best.content.end - best.content.start):
            best = q
    return best


def _according_to_outlet(article: Article, sent: Span, clause_start: int) -> Via | None:
    """"According (to) <outlet>" before the clause, when the attribution stage did not chain it.

    The outlet is one of the article's media entities; its name may open a run-together token
    ("According CNNukrainian president ..." in a badly scraped page), so the span is its prefix.
    """
    text = article.text
    head = text[sent.start:clause_start]
    low = head.lower()
    i = low.find("according")
    if i < 0:
        return None
    j = sent.start + i + len("according")
    rest = text[j:clause_start]
    k = len(rest) - len(rest.lstrip())
    if rest[k:k + 3].lower() == "to ":
        k += 3
    pos = j + k
    media = sorted({e.canonical for e in article.entities if e.kind == "media"}, key=len, reverse=True)
    for e in article.entities:  # a media entity right there
        if e.start == pos and e.kind == "media":
            return Via(e.start, e.end, e.canonical, "according_to")
    for name in media:
        if text.startswith(name, pos):
            return Via(pos, pos + len(name), name, "according_to")
    return None


def reported_by(article: Article, cand: Candidate) -> tuple[list[Via], Quote | None]:
    """The attribution chain covering the trigger, speaker first."""
    q = _covering_quote(article, cand.trigger.idx)
    chain: list[Via] = []
    if q is not None and q.speaker is not None:
        name = q.speaker_entity or q.speaker_description or article.text[q.speaker.start:q.speaker.end]
        chain.append(Via(q.speaker.start, q.speaker.end, name, "speaker"))
    if q is not None:
        chain += [dataclasses.replace(v) for v in q.via]
    extra = _according_to_outlet(article, cand.sentence, cand.start)
    if extra is not None and all(v.name != extra.name for v in chain):
        chain.append(extra)
    return chain, q


def _covering_claim(article: Article, cand: Candidate) -> Claim | None:
    for c in article.claims:
        if c.start <= cand.trigger.idx < c.end:
            return c
    return None


def negation(cand: Candidate) -> tuple[Cue | None, object | None]:
    """A negation of the event: "did not strike", "no shelling", "denied shelling". (cue, denier token)."""
    return _negation_of(cand.trigger)


def _negation_of(t) -> tuple[Cue | None, object | None]:
    for c in t.children:
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "never")):
            return Cue(c.idx, c.idx + len(c), "denial"), None
    head = t if t.pos_ in ("VERB", "AUX") else t.head
    if head is not t and head.pos_ in ("VERB", "AUX") and t.dep_ in ("dobj", "nsubjpass"):
        for c in head.children:
            if c.dep_ == "neg":
                return Cue(c.idx, c.idx + len(c), "denial"), None
        if head.lemma_.lower() in lx.PREVENT_VERBS:
            # "police foiled a planned bomb attack": kept, negated (it did not happen)
            return Cue(head.idx, head.idx + len(head), "denial"), None
    if t.lemma_.lower() == "responsibility":
        return None, None  # "denied responsibility" is the event itself (an attribution of responsibility)
    # "denied shelling the plant", "rejected claims of an attack" (the trigger is what is denied)
    cur = t
    for _ in range(3):  # up through complements only: "denied shelling", "denied that it shelled"
        if cur.dep_ not in _DENIED_DEPS or cur.head is cur:
            break
        cur = cur.head
        if cur.lemma_.lower() in lx.DENY_VERBS:
            return Cue(cur.idx, cur.idx + len(cur), "denial"), _subject(cur)
    return None, None


def status_of(article: Article, cand: Candidate, quote: Quote | None, sides: _Sides,
              amounts) -> tuple[str, list[Cue], str | None, bool]:
    """(status, cues, denied_by, negated) of a candidate clause."""
    claim = _covering_claim(article, cand)
    status = claim.status if claim else ("attributed" if quote else "asserted")
    cues = [dataclasses.replace(c) for c in claim.cues] if claim else []
    denied_by = claim.denied_by if claim else None
    if status == "asserted" and quote is not None:
        status = "attributed"
    cue, denier = negation(cand)
    negated = cue is not None
    if negated:
        status = "denied"
        if all((c.start, c.end) != (cue.start, cue.end) for c in cues):
            cues.append(cue)
        if denier is not None:
            arg = _arg(denier, article, sides, amounts)
            denied_by = arg.name if arg else denied_by
        elif quote is not None and (quote.speaker_entity or quote.speaker_description):
            denied_by = quote.speaker_entity or quote.speaker_description  # who says it did not happen
    return status, cues, denied_by, negated


# ------------------------------------------------------------------------------------------ events


def typing_text(article: Article, cand: Candidate) -> str:
    """The clause as the classifier sees it: without its negation ("did not strike" is typed as a
    strike; the record keeps ``negated``), since the model learned from reports of events that happened."""
    doc = article.nlp_doc
    t = cand.trigger
    if t.pos_ in ("NOUN", "PROPN") and _blamed(t) is not None:
        # "Ukraine blamed Russia for a missile attack on ...": typed as the attack, not as the blame
        return doc[t.left_edge.i:t.right_edge.i + 1].text
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None:
        return article.text[cand.start:cand.end]
    drop = {c.i for t in (cand.trigger, cand.head) for c in t.children if c.dep_ == "neg"}
    if not drop:
        return article.text[cand.start:cand.end]
    return "".join(t.text_with_ws for t in span if t.i not in drop).strip()


_POSSESSIVE_PRONOUN = re.compile(r"^(?:its|their|our|his|her)\b", re.I)


def _speaker_side(article: Article, args: list[EventArg], chain: list[Via], sides: _Sides) -> None:
    """"its forces" in a quotation of Ukraine's army: the possessor is the speaker, so is the side."""
    if not chain or chain[0].relation != "speaker":
        return
    for a in args:
        if a.side is None and _POSSESSIVE_PRONOUN.match(article.text[a.start:a.end]):
            span = article.nlp_doc.char_span(chain[0].start, chain[0].end, alignment_mode="expand")
            a.side = sides.side(span) if span is not None else None


def event_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def _trigger_span(tok) -> Span:
    """The trigger word with its compound modifiers ("missile attack", "air strike")."""
    lo = tok.i
    for c in reversed(list(tok.lefts)):
        if c.dep_ == "compound" and c.i == lo - 1:
            lo = c.i
        else:
            break
    first = tok.doc[lo]
    return Span(first.idx, tok.idx + len(tok))


def build_events(article: Article, cands: Sequence[Candidate], types: Sequence[tuple[str, float]],
                 demonyms=None, gazetteer=None, country_names: dict[str, str] | None = None) -> list[Event]:
    """Event records for typed candidates (``types``: (label, confidence) per candidate; OTHER dropped)."""
    if not cands:
        return []
    sides = _Sides(article, demonyms, country_names or {})
    amounts = [(m.start, m.end) for m in article.amounts]
    sent_starts = [s.start for s in article.sentences]
    para_of = [p for p in article.paragraphs]
    para_starts = [p.start for p in para_of]
    events: list[Event] = []
    for cand, (label, conf) in zip(cands, types):
        if label == "OTHER":
            continue
        si = bisect.bisect_right(sent_starts, cand.sentence.start) - 1
        prev = article.sentences[si - 1] if si > 0 else None
        if prev is not None:
            pk = bisect.bisect_right(para_starts, cand.sentence.start) - 1
            if pk >= 0 and prev.start < para_of[pk].start:
                prev = None  # the previous sentence is in another paragraph
        actors, targets = arguments(cand, article, sides, amounts)
        chain, quote = reported_by(article, cand)
        _speaker_side(article, actors + targets, chain, sides)
        status, cues, denied_by, negated = status_of(article, cand, quote, sides, amounts)
        place = choose_place(article, cand, prev, [(a.start, a.end) for a in actors] + [(v.start, v.end) for v in chain],
                             _context_place_fn(article, sides, gazetteer, si))
        events.append(Event(
            start=cand.start, end=cand.end, type=label, type_name=readable_name(label), confidence=round(conf, 3),
            trigger=_trigger_span(cand.trigger), actors=actors, targets=targets, place=place,
            time=choose_time(article, cand), reported_by=chain,
            counts=choose_counts(article, cand, [(c.start, c.end) for c in cands
                                                 if c is not cand and c.sentence == cand.sentence], negated),
            status=status, status_cues=cues, denied_by=denied_by, negated=negated,
            event_id=event_id(article.doc_id, cand.start, cand.end),
        ))
    return events
