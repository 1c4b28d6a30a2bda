"""Optional Ukrainian NER: a linear-chain CRF (python-crfsuite) over words, suffixes, shapes and morphology.

No trained Ukrainian NER installs offline. ``train/train_uk_ner.py`` fits this model on the development
part (80%, ``split_blocks``) of ``../shared/bench/ner-uk/train.iob``; that corpus' licence is non-commercial, so the model is never
shipped: it is built locally into ``MODEL_PATH`` and used when present (with ``python-crfsuite``
from the ``uk`` extra). Without it Ukrainian falls back to natasha's spans re-typed by morphology.

Features per word (hand-written: a CRF's features are its design): the word and its lemma in lower
case, suffixes, shape, capitalisation, pymorphy3-uk's part of speech, case and name tags, whether
the gazetteer knows the lemma as a place, whether it is an organisation kind word, and the same
for the two words on either side. Sentences come from razdel (natasha's splitter), tokens from ``TOKEN``.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path

from . import names

MODEL_PATH = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "newstrace" / "uk-ner.crfsuite"
MAX_SENTENCE_TOKENS = 200  # a longer "sentence" is cut: bounded work per CRF call
LABELS = {"PERS": "PERSON", "ORG": "ORG", "LOC": "LOC"}
# One tokenizer for training and tagging: words keep inner apostrophes and hyphens ("здоров'я",
# "Імперія-Холдинг"), every other symbol is a token of its own (the corpus attaches quotes to words
# in its news part and spaces them in its fiction part; split, both read the same).
TOKEN = re.compile(r"[^\W_]+(?:['’ʼ\-][^\W_]+)*|[^\w\s]|_", re.UNICODE)


def retokenise(sentence: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A corpus sentence in TOKEN's tokens; a piece of a tagged token keeps its type (B- on the first)."""
    out = []
    for tok, tag in sentence:
        for k, m in enumerate(TOKEN.finditer(tok)):
            out.append((m.group(), tag if k == 0 or tag == "O" else "I-" + tag[2:]))
    return out


def _shape(w: str) -> str:
    s = re.sub(r"[^\W\d_]", lambda m: "X" if m.group().isupper() else "x", w)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)[:6]


@functools.lru_cache(maxsize=200_000)
def _word_features(w: str, lang: str, known: Callable[[str], bool] | None) -> tuple[str, ...]:
    low = w.lower()
    f = [f"w={low}", f"s2={low[-2:]}", f"s3={low[-3:]}", f"s4={low[-4:]}", f"p3={low[:3]}",
         f"sh={_shape(w)}", f"t={w[:1].isupper()}", f"u={w.isupper() and len(w) > 1}"]
    ps = names.parses(low, lang) if w[:1].isalpha() else ()
    if ps:
        top = ps[0]
        f += [f"l={top.normal_form}", f"pos={top.tag.POS}", f"case={top.tag.case}"]
        f += [f"tag={t}" for t in names.PERSON_TAGS if any(t in p.tag for p in ps[:3])]
        if any(p.normal_form in names.ORG_WORDS for p in ps[:2]):
            f.append("orgword")
        if known is not None and w[:1].isupper() and any(known(p.normal_form) for p in ps[:2]):
            f.append("place")
    return tuple(f)


def sentence_features(words: list[str], lang: str = "uk", known=None) -> list[list[str]]:
    base = [_word_features(w, lang, known) for w in words]
    out = []
    for i in range(len(words)):
        f = ["bias", *base[i]]
        if i == 0:
            f.append("BOS")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < len(words):
                f += [f"{d}:{x}" for x in base[j] if not x.startswith(("s2=", "s4=", "p3="))]
        if i == len(words) - 1:
            f.append("EOS")
        out.append(f)
    return out


@functools.cache
def tagger():
    """The trained model, or None when it was not built here (or python-crfsuite is absent)."""
    if not MODEL_PATH.exists():
        return None
    try:
        import pycrfsuite
    except ImportError:
        return None
    t = pycrfsuite.Tagger()
    t.open(str(MODEL_PATH))
    return t


def entity_spans(text: str, regions: list[tuple[int, int]], known=None) -> list[tuple[int, int, str]]:
    """(start, end, PERSON|ORG|LOC) from the CRF over the given regions of ``text``."""
    from razdel import sentenize

    t = tagger()
    out = []
    for rs, re_ in regions:
        for sent in sentenize(text[rs:re_]):
            toks = list(TOKEN.finditer(sent.text))
            for k in range(0, len(toks), MAX_SENTENCE_TOKENS):
                chunk = toks[k: k + MAX_SENTENCE_TOKENS]
                tags = t.tag(sentence_features([x.group() for x in chunk], "uk", known))
                cur = None
                for tok, tag in zip(chunk, tags):
                    s, e = rs + sent.start + tok.start(), rs + sent.start + tok.end()
                    typ = LABELS.get(tag[2:]) if tag != "O" else None
                    if typ and tag.startswith("I-") and cur and cur[2] == typ:
                        cur[1] = e
                        continue
                    if cur:
                        out.append(tuple(cur))
                    cur = [s, e, typ] if typ else None
                if cur:
                    out.append(tuple(cur))
    return out


def read_iob_blocks(path: Path) -> list[list[list[tuple[str, str]]]]:
    """ner-uk's IOB file as blocks (two or more blank lines apart) of sentences of (token, tag)."""
    blocks: list[list[list[tuple[str, str]]]] = [[[]]]
    blank = 0
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            blank += 1
            continue
        if blank >= 2:
            blocks.append([[]])
        elif blank == 1:
            blocks[-1].append([])
        blank = 0
        tok, tag = line.rsplit(" ", 1)
        blocks[-1][-1].append((tok, tag))
    return [[s for s in b if s] for b in blocks if any(b)]


# The corpus is ordered by source (fiction first, news last): the evaluation part takes every fifth run
# of SPLIT_RUN consecutive blocks, so both parts hold every genre, and a run keeps neighbouring
# paragraphs of one text (the same names) mostly on one side.
SPLIT_RUN = 50
SPLIT_EVERY = 5


def split_blocks(blocks: list) -> tuple[list, list]:
    """(development part, evaluation part): runs of SPLIT_RUN blocks, every SPLIT_EVERY-th for evaluation."""
    dev, held = [], []
    for i, b in enumerate(blocks):
        (held if (i // SPLIT_RUN) % SPLIT_EVERY == SPLIT_EVERY - 1 else dev).append(b)
    return dev, held
