"""Machine-spun text signal: how strongly an article looks like an automatic rewrite.

Requires: text, sentences, entities, nlp_doc. Assigns: quality.

Article spinners replace words with "synonyms" to disguise a copied story. Without the original at
hand, what gives them away is what no editor would let through: grammar broken by a substitution
("would have shows", "according CNN"), fixed expressions mangled ("at the least", "lots of of"), words
fused when a sentence was stitched together ("CNNukrainian"), orphaned sentence fragments, and a
well-known name respelled inside the same article ("Putin" ... "Poutine"). Each finding is evidence with
a span and a weight; the score grows with their density. It is a ranking signal, never a verdict.
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher

from ..model import Article

NAME = "spun"
REQUIRES = ("text", "sentences", "entities", "nlp_doc")
ASSIGNS = ("quality",)

# Weights: how unlikely each finding is in edited prose. Broken verb groups and mangled fixed
# expressions almost never survive an editor; a respelled name or a fused word can be a typo.
WEIGHTS = {
    "broken-verb-group": 1.0,
    "according-without-to": 1.0,
    "mangled-expression": 0.8,
    "respelled-name": 0.8,
    "fused-words": 0.5,
    "orphan-fragment": 0.5,
}
# Findings per this many words that make the score reach ~0.63 (1 - 1/e): one clear finding in
# a 300-word story is already unusual for edited copy.
DENSITY_WORDS = 300
# Names at least this similar (difflib ratio) but not equal count as a respelling of one another.
NAME_SIMILARITY = 0.72
MAX_EVIDENCE = 50  # bound the work and the record on adversarial text

# Fixed expressions as spinners leave them. Generic English patterns, not text from any article.
_MANGLED = re.compile(
    r"\b(?:at the least\b(?! (?:one|two|three|of))|lots of of|for the reason that (?:begin|start)|"
    r"in accordance(?! with)\b|greater than \d|a lot more than of)",
    re.I,
)
_ACCORDING = re.compile(r"\baccording(?!\s+to\b|ly\b)\s+(?=[A-Z\w])", re.I)
_FUSED = re.compile(r"\b[A-Z]{2,6}[a-z]{4,}\b")
_MODALS = {"would", "could", "should", "might", "must", "may", "will"}


def _findings(article: Article) -> list[tuple[int, int, str]]:
    text = article.text
    found: list[tuple[int, int, str]] = []
    for m in _MANGLED.finditer(text):
        found.append((m.start(), m.end(), "mangled-expression"))
    for m in _ACCORDING.finditer(text):
        end = text.find(" ", m.end())
        found.append((m.start(), end if end > 0 else m.end(), "according-without-to"))
    for m in _FUSED.finditer(text):
        found.append((m.start(), m.end(), "fused-words"))
    doc = article.nlp_doc
    if doc is not None:
        toks = list(doc)
        for i in range(len(toks) - 2):
            a, b, c = toks[i], toks[i + 1], toks[i + 2]
            # modal + "have" + a verb that is not a past participle: "would have shows"
            if a.lower_ in _MODALS and b.lower_ == "have" and c.tag_ in ("VBZ", "VBP", "VBD") and c.text.endswith("s"):
                found.append((a.idx, c.idx + len(c.text), "broken-verb-group"))
    for s in article.sentences:
        seg = text[s.start : s.end]
        first = seg.lstrip("\"'“‘ ")
        # A sentence that starts lowercase or is a bare verb/word fragment: stitched text.
        if first[:1].islower() or (len(seg.split()) <= 2 and seg.endswith(".") and not seg[:1].isdigit()):
            found.append((s.start, s.end, "orphan-fragment"))
    found.extend(_respelled_names(article))
    found.sort()
    return found[:MAX_EVIDENCE]


def _respelled_names(article: Article) -> list[tuple[int, int, str]]:
    """A person's surname spelled two ways in one article (e.g. a translated form left by a spinner)."""
    by_surname: dict[str, list[tuple[int, int]]] = {}
    for e in article.entities:
        if e.label == "PERSON":
            last = article.text[e.start : e.end].split()[-1].lower()
            if len(last) >= 4:
                by_surname.setdefault(last, []).append((e.start, e.end))
    names = sorted(by_surname)[:200]
    out = []
    for i, x in enumerate(names):
        for y in names[i + 1 :]:
            if x[:2] != y[:2] or x.rstrip("y") == y.rstrip("y"):  # Zelensky/Zelenskyy is transliteration
                continue
            if SequenceMatcher(None, x, y).ratio() >= NAME_SIMILARITY:
                rare = x if len(by_surname[x]) <= len(by_surname[y]) else y
                s, e = by_surname[rare][0]
                out.append((s, e, "respelled-name"))
    return out


def run(article: Article, ctx) -> Article:
    if (article.language or "en") != "en" or not article.text:
        return article
    found = _findings(article)
    words = max(1, len(article.text.split()))
    weight = sum(WEIGHTS[k] for _, _, k in found)
    score = 1.0 - math.exp(-weight * DENSITY_WORDS / max(words, DENSITY_WORDS))
    article.quality.spun = {
        "score": round(score, 3),
        "evidence": [
            {"start": s, "end": e, "text": article.text[s:e], "kind": k, "weight": WEIGHTS[k]} for s, e, k in found
        ],
    }
    return article
