"""Analysis: spaCy over the clean text, in batches; sentences and entities with canonical names.

Requires: text, paragraphs, language. Assigns: sentences, entities, nlp_doc.

English articles run through the spaCy English pipeline with ``nlp.pipe`` (one model per
process). Other languages get sentences from a rule-based multilingual sentencizer; Ukrainian and
Russian get their entities from ``newstrace.multi`` (with ``Entity.native``, the nominative), other
languages none (the English NER would only invent them) and a warning on the article says so.

On top of the model sits a small, general correction layer for its known errors on news:
social networks are platforms, not people; ``@handles`` are accounts; titles, leading
articles and possessives are stripped from names; a surname alone resolves to the full name
used elsewhere in the article.
"""

from __future__ import annotations

import bisect
import bisect
import re
from collections.abc import Sequence

from .. import nlp as nlp_names
from ..multi import names as multi_names
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
_TRAILING_SCORE = re.compile(r"\s+\d{1,2}\s*[-–]\s*\d{1,2}$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# Name scans over the whole text (outlets, surnames) are skipped past this size: bounded work per input.
MAX_OUTLET_SCAN = 200_000

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
    sc = _TRAILING_SCORE.search(seg)
    if sc and sc.start() > 0:
        end -= len(seg) - sc.start()  # "Royal Antwerp 4-0": the score is not part of the name
        seg = seg[: sc.start()]
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


_MEDIA_NAME = re.compile(
    r"(?<![\w-])(?:[A-Z][\w'’-]+ ){1,3}(?:Today|Times|Post|News|Herald|Gazette|Journal|Tribune|Telegraph|Wire|"
    r"Pravda|Ledger|Observer|Chronicle|Courier|Monitor|Insider|Dispatch|Bulletin|Independent)(?![\w-])")
# Russian and Ukrainian company names built like "Rosatom", "Ukrenergo", "Gazprom", "Naftogaz".
_COMPANY_WORD = re.compile(r"^(?!(?:Ukraine|Ukrainian|Ukrainians|Russia|Russian|Russians|Rostov|Rosie)$)"
                           r"(?:(?:Ros|Ukr)[a-z]{4,}|[A-Z][a-z]*(?:atom|energo|gaz|neft|prom|tec|cosmos|nafta|zaliznytsia))$")
# Cities whose spelling the variant table fixes are places whatever the model says ("Kharkiv" as LOC).
_KNOWN_PLACES = frozenset(nlp_names.PLACE_VARIANTS.values())
# Endings of nationality and group words (Ukrainian, Russians, Chinese, Israeli, Polish, Czech, Tuareg...)
_DEMONYM_SHAPE = re.compile(r"(?:an|ans|ese|i|is|ish|ch|ic|ics|ek|eks|ak|aks|ots?|ards?|ers?|ites?|ists?|eg|egs|"
                            r"ens|ns|s)$")
# Buildings that name an institution: organisations in news, not places to map.
_INSTITUTIONS = frozenset({"Kremlin", "Pentagon", "Elysee", "Élysée", "Bankova", "Downing", "Quai"})
_DEMONYM_WORDS = frozenset(nlp_names.DEMONYMS.values()) | {"Soviet", "Western", "American", "European", "Belarussian"}
# Labels a name can carry by the model's mistake; the article-wide vote picks one of them.
_VOTING = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART")
_POSS_COUNTRY = re.compile(r"\b([A-Z][a-z]+)(?:'s|’s)\s+(?:own\s+)?$")
# Distinct organisation names past which the short-to-long name linking is skipped (it compares
# every pair; no real article names this many organisations).
MAX_ORG_NAMES = 300
# Two words at least, or a bare surname of this length, before a name is linked by spelling alone.
MIN_SURNAME = 4


_SHORT_OUTLET = re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(
    re.escape(k) for k in sorted(nlp_names.OUTLET_SHORT, key=len, reverse=True)), re.I)
_OUTLET_RX: list = []


def _outlet_regex() -> re.Pattern:
    """One pattern for every known outlet name (built once): a scan per name would cost ~100 passes."""
    if not _OUTLET_RX:
        names = [k for k in nlp_names.OUTLETS if len(k) > 2 and k not in ("the times", "the sun", "ria", "rt")]
        _OUTLET_RX.append(re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(
            re.escape(k) for k in sorted(names, key=len, reverse=True)), re.I))
    return _OUTLET_RX[0]


class _Spans:
    """Overlap look-ups among entities in O(log n): the article text is untrusted, and a pairwise scan
    over thousands of names would not be bounded work."""

    LONGEST = 300  # characters: no entity span (one line of a name) is longer, see _trim

    def __init__(self, ents):
        self.ents = sorted(ents, key=lambda e: e.start)
        self.starts = [e.start for e in self.ents]

    def add(self, e: Entity) -> None:
        i = bisect.bisect_left(self.starts, e.start)
        self.starts.insert(i, e.start)
        self.ents.insert(i, e)

    def overlapping(self, s: int, t: int) -> list[Entity]:
        out = []
        i = bisect.bisect_left(self.starts, t) - 1
        while i >= 0 and self.starts[i] > s - self.LONGEST:
            e = self.ents[i]
            if e.start < t and s < e.end:
                out.append(e)
            i -= 1
        return out


def _outlets(text: str, ents: list[Entity], outlet: str | None) -> list[Entity]:
    """News outlets are organisations of kind media: known names, the article's own outlet, and
    capitalised names ending like a periodical ("Odesa Region Today"); never places or people."""
    out: list[Entity] = []
    scan = len(text) <= MAX_OUTLET_SCAN
    found = [(m.start(), m.end(), m.group()) for m in _outlet_regex().finditer(text)] if scan else []
    if scan and outlet and "." not in outlet and len(outlet) > 2:
        found += [(m.start(), m.end(), m.group())
                  for m in re.finditer(rf"(?<![\w-]){re.escape(outlet)}(?![\w-])", text, re.I)]
    full_seen = {nlp_names.outlet_name(g, outlet) for _, _, g in found}
    for e in ents:
        surface = text[e.start:e.end]
        name = nlp_names.outlet_name(surface, outlet)
        if name is not None:
            e.label, e.canonical, e.kind = "ORG", name, "media"
    # Capitalised names ending like a periodical ("Odesa Region Today", "Kyiv Independent"), which
    # the model splits into a place and a date or a person: one media organisation.
    index, added = _Spans(ents), _Spans([])
    if len(text) <= MAX_OUTLET_SCAN:
        for m in _MEDIA_NAME.finditer(text):
            s, t = m.start(), m.end()
            words = m.group().split()
            if words[0] in ("The", "A", "An", "In", "On", "At", "But", "And", "For"):
                s += len(words[0]) + 1
                words = words[1:]
            near = index.overlapping(s, t)
            if len(words) < 2 or nlp_names._ORG_WORDS.search(m.group()) or any(
                    e.kind == "media" and e.start <= s and t <= e.end for e in near):
                continue
            if added.overlapping(s, t):
                continue
            for e in near:
                if e.label in _VOTING + ("DATE", "EVENT", "LAW"):
                    e.label = "REMOVED"
            out.append(Entity(s, t, "ORG", text[s:t], kind="media"))
            added.add(out[-1])
    # Outlets the model missed, found by name (as printed: capitalised) and short forms once the full
    # name is in the article ("the Beast" after "the Daily Beast").
    shorts = [(m.start(), m.end(), m.group()) for m in _SHORT_OUTLET.finditer(text)] if scan else []
    for s, t, g in found + shorts:
        v = nlp_names.outlet_name(g, outlet) or nlp_names.OUTLET_SHORT.get(g.lower())
        if v is None or (g.lower() in nlp_names.OUTLET_SHORT and v not in full_seen and v != outlet):
            continue
        if text[s:s + 4].lower() == "the ":
            s += 4
        if not text[s:s + 1].isupper():
            continue
        if index.overlapping(s, t) or added.overlapping(s, t):
            continue
        out.append(Entity(s, t, "ORG", v, kind="media"))
        added.add(out[-1])
    return out


def _canonicalise(text: str, ents: list[Entity]) -> None:
    """Give every entity an article-wide canonical name.

    People lose titles; spelling variants take one spelling (Poutine -> Putin, Kiev -> Kyiv); a
    surname alone, or a variant of it (Zelenskiy for Zelenskyy), resolves to the full name used
    elsewhere in the article; an organisation keeps every word ("State Department"), takes the
    country of a possessive before it ("Russia's Defence Ministry" -> "Russian Defence Ministry"),
    and a shorter name that ends or starts a single longer organisation name resolves to it.
    Finally one label per canonical name (the article's majority: "Kiev" is never a PERSON).
    """
    place_variant: set[int] = set()
    for i, e in enumerate(ents):
        if e.kind == "media":
            continue
        surface = text[e.start : e.end]
        name = _strip_titles(surface) if e.label == "PERSON" else surface
        name, is_place = nlp_names.variant_name(name)
        is_place = is_place or (name in _KNOWN_PLACES and e.label in ("LOC", "NORP", "ORG", "PERSON"))
        if e.label == "NORP" and " " not in name and name[:1].isupper() and not _DEMONYM_SHAPE.search(name) \
                and name not in _INSTITUTIONS:
            e.label = "GPE"  # "Belgorod", "Shebekino" tagged NORP: a nationality word has a demonym ending
        if is_place:
            place_variant.add(i)
            if e.label in _VOTING:
                e.label = "GPE"
        if e.label == "ORG":
            m = _POSS_COUNTRY.search(text, max(0, e.start - 30), e.start)
            demonym = nlp_names.DEMONYMS.get(m.group(1).lower()) if m else None
            if demonym and not name.startswith(demonym) and nlp_names._ORG_WORDS.search(name):
                name = f"{demonym} {name}"
        e.canonical = name
    # Full names by folded surname: the longest full name wins; two people sharing a surname make it
    # ambiguous, so the surname then stays as it is.
    full: dict[str, str] = {}
    for e in ents:
        if e.label == "PERSON" and " " in e.canonical:
            last = nlp_names.fold_name(e.canonical.split()[-1])
            prev = full.get(last)
            if prev is None or prev == e.canonical:
                full[last] = e.canonical
            elif nlp_names.fold_name(prev).endswith(nlp_names.fold_name(e.canonical)):
                pass
            elif nlp_names.fold_name(e.canonical).endswith(nlp_names.fold_name(prev)):
                full[last] = e.canonical
            elif nlp_names.fold_name(prev) != nlp_names.fold_name(e.canonical):
                full[last] = ""
            # same folded name, another spelling: the first one seen stays canonical
    for e in ents:
        if " " in e.canonical or e.kind == "media" or e.label not in ("PERSON", "ORG", "NORP", "GPE", "PRODUCT"):
            continue
        cand = full.get(nlp_names.fold_name(e.canonical))
        if cand and len(e.canonical) >= MIN_SURNAME:
            e.canonical = cand
            e.label = "PERSON"
    # Organisations: a shorter name that is the first or last words of exactly one longer name.
    orgs = {e.canonical for e in ents if e.label == "ORG" and e.kind != "media"}
    places = {e.canonical for e in ents if e.label in ("GPE", "LOC")} | set(nlp_names.PLACE_VARIANTS.values())
    for e in ents:
        if e.label != "ORG" or e.kind == "media" or e.canonical in places or len(orgs) > MAX_ORG_NAMES:
            continue
        low = e.canonical.lower()
        longer = {o for o in orgs if len(o) > len(low) and (o.lower().endswith(" " + low) or o.lower().startswith(low + " "))}
        if len(longer) == 1:
            e.canonical = longer.pop()
    # One label per canonical name.
    votes: dict[str, dict[str, int]] = {}
    for i, e in enumerate(ents):
        if e.label in _VOTING and e.kind != "media":
            votes.setdefault(e.canonical, {}).setdefault(e.label, 0)
            votes[e.canonical][e.label] += 3 if i in place_variant else 1
    for e in ents:
        v = votes.get(e.canonical)
        if e.kind != "media" and e.label in _VOTING and v and len(v) > 1:
            best = max(v.items(), key=lambda kv: (kv[1], kv[0] == e.label))
            e.label = best[0]


def _merge_of_place(text: str, ents: list[Entity]) -> list[Entity]:
    """"State Emergency Service of" + "Ukraine": the model often cuts an organisation before "of <place>"."""
    out: list[Entity] = []
    for e in ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label == "ORG" and prev.kind is None and e.label in ("GPE", "LOC") \
                and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[prev.end: e.start] + " ") is None \
                and re.search(r"\bof$", text[prev.start: prev.end]) and re.fullmatch(r"\s+", text[prev.end: e.start]):
            prev.end = e.end
            prev.canonical = text[prev.start: prev.end]
            continue
        out.append(e)
    return out


def _first_name_people(text: str, ents: list[Entity]) -> list[Entity]:
    """People the model mislabels or misses: a known given name followed by a capitalised surname."""
    split: list[Entity] = []
    for e in ents:
        surface = text[e.start: e.end]
        if e.label in ("PERSON", "GPE", "NORP", "LOC") and (
                _COMPANY_WORD.match(surface) or (" " in surface and _ORG_TAIL.search(surface))):
            e.label = "ORG"  # "Rosatom", "Russian Railways" (tagged GPE): organisations
        elif e.label in ("ORG", "PERSON", "NORP") and surface.lower() in nlp_names.DEMONYMS:
            e.label = "GPE"  # "Ukraine's General Staff": the country, not an organisation
        elif e.label in ("ORG", "PERSON", "GPE") and surface in _DEMONYM_WORDS:
            e.label = "NORP"  # "in Ukrainian shelling" tagged ORG: a nationality
        elif e.label in ("ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART") and e.kind is None:
            words = _strip_titles(text[e.start: e.end]).split()
            if 2 <= len(words) <= 3 and words[0].lower() in nlp_names.FIRST_NAMES and all(
                    w[:1].isupper() for w in words) and not nlp_names._ORG_WORDS.search(" ".join(words)):
                e.label = "PERSON"
            elif e.label == "ORG":
                # "Security Council Dmitry Medvedev": an organisation run into its official's name
                m = re.search(r"\s([A-Z][a-z]+) [A-Z][a-z]+$", text[e.start: e.end])
                if m and m.group(1).lower() in nlp_names.FIRST_NAMES and len(text[e.start: e.end][: m.start()].split()) >= 1:
                    p = e.start + m.start() + 1
                    split.append(Entity(p, e.end, "PERSON", text[p: e.end]))
                    e.end = e.start + m.start()
                    e.canonical = text[e.start: e.end]
    if len(text) > MAX_OUTLET_SCAN:
        return split
    out = []
    index = _Spans(ents + split)
    for m in _GIVEN_SURNAME.finditer(text):
        if m.group(1).lower() not in nlp_names.FIRST_NAMES:
            continue
        s, t = m.start(), m.end()
        inside = index.overlapping(s, t)
        if inside and not all(s <= e.start and e.end <= t and e.label in ("NORP", "GPE", "ORG", "PERSON", "LOC")
                              and e.kind is None and (e.end - e.start) < (t - s) for e in inside):
            continue
        for e in inside:  # "Vladyslav" (NORP) + "Vanat": one person
            e.label = "REMOVED"
        out.append(Entity(s, t, "PERSON", text[s:t]))
    return out + split


_GIVEN_SURNAME = re.compile(r"(?<![\w-])([A-Z][A-Za-z]+) [A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w-])")
# The last word of an organisation's name (not of a place or a person): "Russian Railways", "Defence Ministry".
_ORG_TAIL = re.compile(r"\b(?:Ministry|Department|Service|Council|Agency|Office|Committee|Commission|Railways|"
                       r"Company|Corporation|Group|Institute|Bank|Party|Union|Fund|Authority|Bureau|Directorate)$")


def _surname_mentions(text: str, ents: list[Entity]) -> list[Entity]:
    """Surnames of people named in full elsewhere in the article that the model did not tag."""
    people: dict[str, str] = {}
    for e in ents:
        if e.label == "PERSON" and " " in e.canonical:
            last = text[e.start : e.end].split()[-1]
            if len(last) >= MIN_SURNAME and last[:1].isupper():
                people.setdefault(nlp_names.fold_name(last), e.canonical)
                people.setdefault(nlp_names.fold_name(e.canonical.split()[-1]), e.canonical)
    if not people or len(text) > MAX_OUTLET_SCAN:
        return []
    taken = sorted((e.start, e.end) for e in ents)
    out = []
    # Every capitalised word whose folded spelling is a known surname: "Zelenskiy" for "Zelenskyy".
    for m in re.finditer(r"(?<![\w-])[A-Z][a-z]{%d,}(?![\w-])" % (MIN_SURNAME - 1), text):
        full_name = people.get(nlp_names.fold_name(nlp_names.variant_name(m.group())[0]))
        if full_name is None:
            continue
        s, t = m.start(), m.end()
        i = bisect.bisect_right(taken, (s, float("inf"))) - 1
        if (i >= 0 and taken[i][1] > s) or (i + 1 < len(taken) and taken[i + 1][0] < t):
            continue
        out.append(Entity(s, t, "PERSON", full_name))
    return out


def entities_from_doc(text: str, doc, outlet: str | None = None) -> list[Entity]:
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
    ents = sorted(ents + _outlets(text, ents, outlet), key=lambda e: (e.start, -e.end))
    ents = _merge_of_place(text, [e for e in ents if e.label != "REMOVED"])
    ents = sorted(ents + _first_name_people(text, ents), key=lambda e: (e.start, -e.end))
    ents = [e for e in ents if e.label != "REMOVED"]
    _canonicalise(text, ents)
    extra = _surname_mentions(text, ents)
    if extra:
        ents = sorted(ents + extra, key=lambda e: (e.start, -e.end))
    return ents


# Longest text parsed as one spaCy Doc. Longer texts are parsed in paragraph-aligned pieces of about
# this size and joined with Doc.from_docs: the parser's memory grows with the Doc (a 200,000-character
# article took 600 MB at once), and no sentence or entity crosses a paragraph break anyway.
PARSE_CHUNK_CHARS = 20_000


def _pieces(article: Article) -> list[str]:
    """The article's text cut at paragraph starts into pieces of about PARSE_CHUNK_CHARS (joined, the text)."""
    text = article.text
    if len(text) <= PARSE_CHUNK_CHARS:
        return [text]
    cuts, last, best = [0], 0, 0
    for start in sorted(p.start for p in article.paragraphs):
        if start - last > PARSE_CHUNK_CHARS and best > last:
            cuts.append(best)
            last = best
        best = start
    if len(text) - last > PARSE_CHUNK_CHARS and best > last:
        cuts.append(best)
    cuts.append(len(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _parse(nlp, articles: Sequence[Article], batch_size: int):
    """One spaCy Doc per article, in order; long articles parsed piecewise (bounded memory per Doc)."""
    from spacy.tokens import Doc

    pieces = [_pieces(a) for a in articles]
    short = nlp.pipe((ps[0] for ps in pieces if len(ps) == 1), batch_size=batch_size)
    for a, ps in zip(articles, pieces):
        if len(ps) == 1:
            yield next(short)
            continue
        # one piece at a time: spaCy's working memory grows with the characters in a batch
        doc = Doc.from_docs(list(nlp.pipe(ps, batch_size=1)), ensure_whitespace=False)
        yield doc if doc.text == a.text else nlp(a.text)  # joined text must be the text, offsets rely on it


def run_batch(articles: Sequence[Article], ctx) -> Sequence[Article]:
    english = [a for a in articles if (a.language or "en") == "en"]
    other = [a for a in articles if (a.language or "en") != "en"]
    if english:
        nlp = ctx.nlp
        for a, doc in zip(english, _parse(nlp, english, ctx.settings.batch_size)):
            a.nlp_doc = doc
            a.sentences = _sentences(doc, _paragraph_starts(a))
            a.entities = entities_from_doc(a.text, doc, a.source.outlet if a.source else None)
            _house_style(a.entities, getattr(ctx.settings, "name_style", "zelensky"))
    for a in other:
        doc = _sentencizer()(a.text)
        a.nlp_doc = None
        a.sentences = _sentences(doc, _paragraph_starts(a))
        if a.language in multi_names.LANGUAGES:
            a.entities = _multi_entities(a, ctx)  # Ukrainian and Russian: newstrace.multi
            continue
        a.entities = []
        a.warnings.append(f"analysis: no named-entity model for language {a.language!r}; entities skipped")
    return articles


def _house_style(ents: list[Entity], style: str) -> None:
    """The house spelling of the President of Ukraine's name (setting ``name_style``)."""
    if style == "zelensky":
        return
    for e in ents:
        if "Zelensky" in e.canonical:
            e.canonical = multi_names.house_style(e.canonical, style)


def _multi_entities(article: Article, ctx) -> list[Entity]:
    """Entities of a Ukrainian or Russian article (natasha / CRF spans, nominative and English names)."""
    from ..geo.gazetteer import load_gazetteer
    from ..multi import entities as multi_entities

    gaz = ctx.resource("gazetteer", load_gazetteer)
    regions = [(p.start, p.end) for p in article.paragraphs] or [(0, len(article.text))]
    return multi_entities.entities(article.text, regions, article.language, gaz,
                                   style=getattr(ctx.settings, "name_style", "zelensky"))


def run(article: Article, ctx) -> Article:
    run_batch([article], ctx)
    return article
