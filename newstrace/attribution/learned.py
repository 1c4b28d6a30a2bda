"""A small learned attribution-cue classifier over the spaCy parse, and the spans it implies.

The rule layer (``cues.py``) reads attributions off a hand-written lexicon; PolNeAR annotates
attributions more broadly (noun cues "criticism of", stance phrases "came out in support of",
colon cues). A logistic regression over parse features of each candidate token (lemma, POS,
dependency, the dependencies of its children, the lemma of its prepositions, quote context,
lexicon membership) scores how likely the token is a cue. The stage uses the score both to add
attributions the rules miss and to drop rule indirect attributions the model finds unlikely.

The model ships as JSON (feature names -> weights). Feature names are built only from normalised
common-word lemmas, POS/tag/dependency labels and named punctuation: a token that is a number, a
URL or e-mail, markup or an id, a name (proper noun or entity) or anything but a plain lower-case
word is replaced by its class (``NUM``, ``URL``, ``NAME``, ``SYM``), so no text, markup or id of the
training corpus can reach the shipped file. Inference is plain Python, linear in the tokens.
Trained by ``train/train_attribution.py`` on PolNeAR train.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .lexicon import ALL_CUE_VERBS, CLAUSE_ONLY, SPEECH_VERBS, STANCE_VERBS, THOUGHT_VERBS

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "attribution" / "cue_model.json"
# 3: keys from normalised words and named punctuation only (no markup, ids, numbers or names).
FEATURE_VERSION = 3
_CAND_POS = frozenset({"VERB", "NOUN", "AUX"})
# Children dependencies that carry the content of a verb cue.
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "obj", "prep", "attr", "oprd", "advcl", "pcomp"})
# Children of a noun cue that carry its content ("criticism of X", "claim that X").
_NOUN_CONTENT_DEPS = frozenset({"prep", "acl", "ccomp", "relcl", "appos"})
# Prepositions that introduce the source of a noun cue ("a statement by the ministry").
_NOUN_SOURCE_PREPS = frozenset({"by", "from"})
# Cue heads further apart than this many tokens inside one sentence are separate attributions.
MAX_CUE_TOKENS = 6
# A sentence longer than this is not scanned (hostile text without sentence breaks).
MAX_SENT_TOKENS = 400


# A plain word: lower-case letters, inner hyphens or apostrophes ("co-operate", "o'clock"), short.
_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
# Longer "words" are glued markup, ids or URLs rather than vocabulary.
MAX_WORD_CHARS = 24
# Punctuation that carries attribution (colon cues, quote marks, commas around "he said"), by name.
_PUNCT_NAMES = {":": "colon", ",": "comma", '"': "quote", "“": "quote", "”": "quote", "``": "quote",
                "''": "quote", "'": "quote", "‘": "quote", "’": "quote", "(": "paren", ")": "paren"}
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})


def _norm(tok, word: str) -> str:
    """``word`` (a lemma or lower-cased form of ``tok``) if it is a plain common word, else its class."""
    if "http" in word or "www." in word or tok.like_url or tok.like_email:  # cheap tests first
        return "URL"
    if tok.like_num or not word.isalpha() and any(map(str.isdigit, word)):  # isalpha: C fast path
        return "NUM"
    if tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_ENTS:
        return "NAME"
    word = word.replace("’", "'")
    if len(word) > MAX_WORD_CHARS or not _WORD.fullmatch(word):
        return _PUNCT_NAMES.get(tok.text, "SYM")
    return word


def _lemma(tok) -> str:
    return _norm(tok, tok.lemma_.lower())


def _lower(tok) -> str:
    return _norm(tok, tok.lower_)


def _tag(tok) -> str:
    """Fine-grained tag; punctuation tags ('', ``, -LRB-) by name, since they are quote marks."""
    return tok.tag_ if tok.tag_.isalpha() else "PUNCT"


def candidates(doc) -> list[int]:
    """Token indices the classifier scores: verbs, nouns and the 'according' of 'according to'."""
    out = []
    for t in doc:
        if t.pos_ in _CAND_POS or (t.lower_ == "according"):
            out.append(t.i)
    return out


def quote_mask(doc) -> list[bool]:
    """True for tokens inside straight or curly double quotes (parity per paragraph-free scan)."""
    inside = False
    mask = []
    for text in [t.text for t in doc]:
        if text in ('"', "“", "”", "``", "''"):
            if text == "“":
                inside = True
            elif text == "”":
                inside = False
            else:
                inside = not inside
            mask.append(False)
            continue
        # a token's trailing whitespace is one space at most, so a blank line is in its own text
        if "\n\n" in text:
            inside = False
        mask.append(inside)
    return mask


def features(doc, i: int, in_quote: bool, lemmas: dict[int, str] | None = None) -> list[str]:
    """``lemmas``: a per-doc memo of ``_lemma`` by token index (a head is often a candidate too)."""
    if lemmas is None:
        lemmas = {}
    t = doc[i]
    lem = lemmas.get(i)
    if lem is None:
        lem = lemmas[i] = _lemma(t)
    # each spaCy string attribute is a StringStore lookup: read each once
    pos, dep, head = t.pos_, t.dep_, t.head
    hi = head.i
    if hi != i:
        head_lem = lemmas.get(hi)
        if head_lem is None:
            head_lem = lemmas[hi] = _lemma(head)
    f = [f"lem={lem}", f"pos={pos}", f"tag={_tag(t)}", f"dep={dep}", f"pos_dep={pos}_{dep}",
         f"head_pos={head.pos_}", f"head_lem={head_lem}" if hi != i else "root",
         f"lem_pos={lem}_{pos}", f"lem_dep={lem}_{dep}", f"head_dep={head.dep_}"]
    if t.ent_type_:
        f.append("in_entity")
    if in_quote:
        f.append("in_quote")
    if lem in SPEECH_VERBS:
        f.append("lex_speech")
    if lem in THOUGHT_VERBS:
        f.append("lex_thought")
    if lem in STANCE_VERBS:
        f.append("lex_stance")
    if lem in CLAUSE_ONLY:
        f.append("lex_clause_only")
    if lem not in ALL_CUE_VERBS:
        f.append("lex_none")
    deps = set()
    for ch in t.children:
        d = ch.dep_
        deps.add(d)
        side = "R" if ch.i > i else "L"
        f.append(f"ch={d}")
        f.append(f"ch={d}_{side}")
        if d == "prep":
            low = _lower(ch)
            f.append(f"prep={low}")
            f.append(f"lem_prep={lem}_{low}")
        elif d in ("nsubj", "nsubjpass", "poss"):
            f.append(f"{d}_pos={ch.pos_}")
            if ch.ent_type_:
                f.append(f"{d}_ent={ch.ent_type_}")
        elif d == "ccomp":
            if any(g.dep_ == "mark" and g.lower_ == "that" for g in ch.children):
                f.append("that_clause")
            f.append(f"lem_ccomp={lem}")
        elif d in ("dobj", "obj"):
            dl = _lemma(ch)
            f.append(f"lem_dobj={lem}_{dl}")
            f.append(f"dobj_lem={dl}")
        elif d == "prt":
            f.append(f"lem_prt={lem}_{_lower(ch)}")
        elif d == "punct" and ch.text == ":":
            f.append("colon_child")
    if "nsubj" in deps or "poss" in deps:
        f.append(f"lem_subj={lem}")
    if i + 1 < len(doc):
        nxt = doc[i + 1]
        if nxt.text in (":", ",", '"', "“", "”"):
            f.append(f"next={_PUNCT_NAMES[nxt.text]}")
    if i > 0 and doc[i - 1].text in (",", '"', "”", "“"):
        f.append(f"prev={_PUNCT_NAMES[doc[i - 1].text]}")
    return f


@dataclass(slots=True)
class CueModel:
    """Logistic regression weights keyed by feature name."""

    weights: dict[str, float]
    bias: float
    add_threshold: float
    drop_threshold: float

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "CueModel | None":
        if not path.exists():
            return None
        d = json.loads(path.read_text(encoding="utf-8"))
        if d.get("feature_version") != FEATURE_VERSION:
            return None
        return cls({k: float(v) for k, v in d["weights"].items()}, float(d["bias"]),
                   float(d["add_threshold"]), float(d["drop_threshold"]))

    def prob(self, feats: list[str]) -> float:
        get = self.weights.get
        z = self.bias + sum([get(x, 0.0) for x in feats])
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def score_doc(self, doc) -> dict[int, float]:
        mask = quote_mask(doc)
        # Sentence length per token, read once per document (Token.sent rebuilds a Span on every call).
        sent_len = [0] * len(doc)
        for sent in doc.sents:
            n = sent.end - sent.start
            sent_len[sent.start: sent.end] = [n] * n
        out = {}
        lemmas: dict[int, str] = {}
        for i in candidates(doc):
            if sent_len[i] > MAX_SENT_TOKENS:
                continue
            out[i] = self.prob(features(doc, i, mask[i], lemmas))
        return out


def _trim(doc, lo: int, hi: int) -> tuple[int, int] | None:
    while lo <= hi and (doc[lo].is_space or doc[lo].is_punct and doc[lo].text not in ('"', "“", "'", "‘")):
        lo += 1
    while hi >= lo and (doc[hi].is_space or doc[hi].is_punct and doc[hi].text not in ('"', "”", "'", "’")):
        hi -= 1
    if hi < lo:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _subject(tok):
    cur = tok
    for _ in range(4):
        for ch in cur.children:
            if ch.dep_ in ("nsubj", "nsubjpass", "csubj") and ch.lower_ not in ("it", "there"):
                return ch
            if ch.dep_ == "agent":
                g = next((x for x in ch.children if x.dep_ == "pobj"), None)
                if g is not None:
                    return g
        if cur.dep_ in ("xcomp", "conj", "advcl", "dobj", "pobj", "prep", "attr") and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def spans_for(doc, i: int) -> tuple[tuple[int, int], tuple[int, int] | None, int | None, tuple[int, int] | None]:
    """(cue, source, source head index, content) read off the parse around cue token ``i``."""
    t = doc[i]
    sent = t.sent
    s0, s1 = sent.start, sent.end - 1
    cue = (t.idx, t.idx + len(t))
    src_tok = None
    if t.lower_ == "according":
        to = next((c for c in t.children if c.lower_ == "to"), None)
        if to is not None:
            src_tok = next((g for g in to.children if g.dep_ == "pobj"), None)
            cue = (t.idx, to.idx + len(to))
        head = t.head if t.head.i != t.i else None
        rng = None
        if head is not None:
            lo, hi = head.left_edge.i, head.right_edge.i
            if t.i <= lo or t.right_edge.i < hi:
                lo = t.right_edge.i + 1 if t.i <= head.left_edge.i + 1 else lo
                hi = hi if t.i <= lo else t.left_edge.i - 1
                rng = (max(lo, s0), min(hi, s1))
        content = _trim(doc, *rng) if rng else None
        src = _trim(doc, src_tok.left_edge.i, src_tok.right_edge.i) if src_tok is not None else None
        return cue, src, (src_tok.i if src_tok is not None else None), content
    if t.pos_ == "NOUN":
        for ch in t.children:
            if ch.dep_ == "poss":
                src_tok = ch
            elif ch.dep_ == "prep" and ch.lower_ in _NOUN_SOURCE_PREPS:
                src_tok = next((g for g in ch.children if g.dep_ == "pobj"), src_tok)
        if src_tok is None and t.dep_ in ("dobj", "obj", "attr", "pobj"):
            src_tok = _subject(t.head)
        right = [ch for ch in t.children if ch.i > i and ch.dep_ in _NOUN_CONTENT_DEPS
                 and not (ch.dep_ == "prep" and ch.lower_ in _NOUN_SOURCE_PREPS)]
    else:
        src_tok = _subject(t)
        right = [ch for ch in t.children if ch.i > i and ch.dep_ in _CONTENT_DEPS]
    rng = None
    first = min(right, key=lambda ch: ch.i) if right else None
    if first is not None and first.dep_ == "prep" and first.i == i + 1 and first.i < first.right_edge.i:
        # "calls for X", "criticism of X": the preposition belongs to the cue, X is the content
        cue = (t.idx, first.idx + len(first))
        right = [ch for ch in right if ch.i != first.i] + [g for g in first.children if g.i > first.i]
    if right:
        lo = min(ch.left_edge.i for ch in right)
        hi = max(ch.right_edge.i for ch in right)
        rng = (lo, hi)
    else:
        left = [ch for ch in t.children if ch.i < i and ch.dep_ == "ccomp"]
        if left:
            rng = (min(ch.left_edge.i for ch in left), max(ch.right_edge.i for ch in left))
        elif t.dep_ in ("parataxis", "advcl") and t.head.i < i:
            rng = (s0, t.left_edge.i - 1)
        elif i + 1 <= s1 and doc[i + 1].text == ":":
            rng = (i + 2, s1)
    if rng is not None:
        rng = (max(rng[0], s0), min(rng[1], s1))
    content = _trim(doc, *rng) if rng and rng[0] <= rng[1] else None
    src = None
    if src_tok is not None:
        src = _trim(doc, src_tok.left_edge.i, src_tok.right_edge.i)
        if src is not None and content is not None and src[0] < content[1] and content[0] < src[1]:
            src = _trim(doc, src_tok.i, src_tok.i) if not (content[0] <= src_tok.idx < content[1]) else None
    return cue, src, (src_tok.i if src is not None else None), content
