"""Analysis: spaCy over the clean text, in batches; sentences and entities with canonical names.

Requires: text, paragraphs, language. Assigns: sentences, entities, nlp_doc.

English articles run through the spaCy English pipeline with ``nlp.pipe`` (one model per
process). Other languages get sentences from a rule-based multilingual sentencizer and no
entities (the English NER would only invent them); a warning on the article says so.

On top of the model sits a small, general correction layer for its known errors on news:
social networks are platforms, not people; ``@handles`` are accounts; titles, leading
articles and possessives are stripped from names; a surname alone resolves to the full name
used elsewhere in the article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..model import Article, Entity, Span

NAME = "analysis"
REQUIRES = ("text", "paragraphs", "language")
ASSIGNS = ("sentences", "entities", "nlp_doc")

# Platforms the small model often tags PERSON/GPE/ORG; they are neither people nor places.
PLATFORMS = {
    "twitter", "x", "telegram", "facebook", "instagram", "youtube", "tiktok", "whatsapp",
    "vkontakte", "vk", "weibo", "wechat", "reddit", "linkedin", "snapchat", "threads", "bluesky",
    "truth social", "rumble", "signal", "viber", "discord", "twitch", "gab", "parler", "mastodon",
}
# Honorifics and offices stripped from the front of a person's name for the canonical form.
TITLES = {
    "president", "vice", "prime", "minister", "mr", "mrs", "ms", "miss", "dr", "prof", "professor",
    "general", "gen", "lt", "lieutenant", "colonel", "col", "major", "maj", "captain", "capt",
    "sergeant", "sgt", "admiral", "adm", "commander", "chancellor", "king", "queen", "prince",
    "princess", "pope", "sen", "senator", "rep", "representative", "gov", "governor", "mayor",
    "secretary", "ambassador", "judge", "justice", "sir", "dame", "lord", "lady", "chief", "deputy",
    "foreign", "defence", "defense", "former", "state", "us", "u.s.", "ukrainian", "russian",
    "spokesman", "spokeswoman", "spokesperson", "official", "journalist", "reporter", "st",
}
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,30}\b")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LABEL_FAMILY = {"PERSON": "PERSON", "ORG": "ORG", "NORP": "NORP", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}

_multi_sentencizer = None


def _sentencizer():
    global _multi_sentencizer
    if _multi_sentencizer is None:
        import spacy

        _multi_sentencizer = spacy.blank("xx")
        _multi_sentencizer.add_pipe("sentencizer")
    return _multi_sentencizer


def _paragraph_starts(article: Article) -> set[int]:
    return {p.start for p in article.paragraphs}


def _sentences(doc, para_starts: set[int]) -> list[Span]:
    """Sentences from the parse, additionally split at paragraph starts (the parser sometimes joins them)."""
    out: list[Span] = []
    starts = sorted(para_starts)
    text = doc.text  # spaCy rebuilds Doc.text from every token on each access: once, not per sentence
    for s in doc.sents:
        a, b = s.start_char, s.end_char
        lo, hi = bisect.bisect_right(starts, a), bisect.bisect_left(starts, b)
        cuts = starts[lo:hi]  # paragraph starts strictly inside the sentence, without a scan per sentence
        for c in [*cuts, b]:
            seg = text[a:c]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            if c - trail > a + lead:
                out.append(Span(a + lead, c - trail))
            a = c
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim an entity span: not across a line break, no leading 'the', no trailing possessive."""
    seg = text[start:end]
    nl = seg.find("\n")
    if nl >= 0:
        end = start + nl
        seg = seg[:nl]
    low = seg.lower()
    if low.startswith("the ") and len(seg) > 4:
        start += 4
        seg = seg[4:]
    m = _POSSESSIVE.search(seg)
    if m and len(seg) > m.end() - m.start() + 1:
        end -= m.end() - m.start()
        seg = seg[: m.start()]
    while seg and not seg[-1].isalnum() and seg[-1] != ")":
        # keep the final period of an abbreviation ("U.S.", "Jr."), drop a sentence's full stop ("X.")
        if seg[-1] == "." and ("." in seg[:-1] or seg[:-1].split()[-1:] in (["Jr"], ["Sr"], ["St"], ["Inc"], ["Co"])):
            break
        end -= 1
        seg = seg[:-1]
    return start, end


def _strip_titles(name: str) -> str:
    toks = name.split()
    while len(toks) > 1 and toks[0].lower().rstrip(".") in TITLES:
        toks = toks[1:]
    return " ".join(toks)


def _canonicalise(text: str, ents: list[Entity]) -> None:
    """Give every entity an article-wide canonical name (surname -> full name, titles stripped)."""
    full: dict[str, dict[str, str]] = {}
    for e in ents:
        name = _strip_titles(text[e.start : e.end])
        e.canonical = name
        fam = _LABEL_FAMILY.get(e.label)
        if fam in ("PERSON", "ORG") and " " in name:
            last = name.split()[-1].lower()
            # The longest full name ending in this surname wins; two different people sharing
            # a surname make it ambiguous, so the surname then stays as it is.
            prev = full.setdefault(fam, {}).get(last)
            if prev is None or prev == name or name.endswith(prev) or len(name.split()) > len(prev.split()):
                full[fam][last] = name if prev is None or len(name) >= len(prev) else prev
            elif not prev.endswith(name):
                full[fam][last] = ""
    for e in ents:
        fam = _LABEL_FAMILY.get(e.label)
        if fam in ("PERSON", "ORG") and " " not in e.canonical:
            cand = full.get(fam, {}).get(e.canonical.lower())
            if cand:
                e.canonical = cand


def entities_from_doc(text: str, doc) -> list[Entity]:
    """spaCy entities plus the correction layer, sorted and non-overlapping."""
    ents: list[Entity] = []
    handles = [(m.start(), m.end()) for m in _HANDLE.finditer(text)]
    for ent in doc.ents:
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end <= start:
            continue
        if any(hs < end and start < he for hs, he in handles):
            continue  # the handle wins over whatever the model made of it
        label = ent.label_
        surface = text[start:end]
        if surface.lower() in PLATFORMS and label in ("PERSON", "GPE", "ORG", "LOC", "NORP", "PRODUCT", "WORK_OF_ART"):
            label = "PLATFORM"
        ents.append(Entity(start, end, label, surface))
    for hs, he in handles:
        ents.append(Entity(hs, he, "ACCOUNT", text[hs:he]))
    ents.sort(key=lambda e: (e.start, -e.end))
    _canonicalise(text, ents)
    return ents


def run_batch(articles: Sequence[Article], ctx) -> Sequence[Article]:
    english = [a for a in articles if (a.language or "en") == "en"]
    other = [a for a in articles if (a.language or "en") != "en"]
    if english:
        nlp = ctx.nlp
        for a, doc in zip(english, nlp.pipe((a.text for a in english), batch_size=ctx.settings.batch_size)):
            a.nlp_doc = doc
            a.sentences = _sentences(doc, _paragraph_starts(a))
            a.entities = entities_from_doc(a.text, doc)
    for a in other:
        doc = _sentencizer()(a.text)
        a.nlp_doc = None
        a.sentences = _sentences(doc, _paragraph_starts(a))
        a.entities = []
        a.warnings.append(f"analysis: no named-entity model for language {a.language!r}; entities skipped")
    return articles


def run(article: Article, ctx) -> Article:
    run_batch([article], ctx)
    return article
