"""Toponyms of a Ukrainian or Russian article, for the places stage to resolve against the gazetteer.

The places are the article's GPE and LOC entities (``newstrace.multi.entities``); each is looked up
by its nominative (``Entity.native``: "Донецькій області" -> "Донецька область", which the gazetteer
knows among GeoNames' Cyrillic alternate names). The text around it gives the same readings as in
English: a region word ("Донецька область", "Курская область") asks for a region; a place in an
organisation's name, or after words of office or origin, is a mention; after a locative preposition
("в", "у", "під", "біля", "по") it is where something happened; the place opening the first body
paragraph before a dash is the dateline.
"""

from __future__ import annotations

import re

from ..geo.recognise import Toponym
from ..model import Article
from .names import display as display_name

MAX_TOPONYMS = 500  # per article, as in English: bounds the resolution work
WINDOW = 40
PLACE_LABELS = ("GPE", "LOC")
# Region words in the nominative: the name is a region's ("Донецька область", "Белгородская область").
_REGION = re.compile(r"\b(?:област[ьі]|край|район|округ|республік[аи]|республик[аи]|oblast)\b", re.IGNORECASE)
# Locative prepositions: a place governed by one is where something happened ("удар по Харкову",
# "бої біля Покровська", "в Донецкой области").
EVENT_PREPS = {"в", "у", "во", "на", "під", "пiд", "под", "біля", "поблизу", "поруч", "возле", "около", "вблизи",
               "по", "над", "із", "з", "из", "від", "от", "до", "через", "навколо", "вокруг", "між", "между",
               "неподалік", "неподалеку", "околицях", "окрестностях", "районі", "районе", "напрямку", "направлении"}
# Words before a place that make it a mention: offices and origin ("президент України", "посол у Франції").
_MENTION_BEFORE = re.compile(
    r"(?:президент|прем'єр|премьер|міністр|министр|посол|посольство|уряд|правительство|мер|мэр|"
    r"губернатор|голова|глава|громадян|граждан|уродженець|уроженец|делегаці|делегаци|"
    r"речник|пресс-секретарь|представник|представитель)\w*\s+(?:[уввоз]\s+)?$",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"(\w+)[\s,]*$")
# A list member takes the preposition of the list ("у Львові та Одесі", "в Харькове и Сумах").
_LISTED_BEFORE = re.compile(r"(\w+)\s+[\w'’-]+(?:\s+[\w'’-]+)?\s*(?:,|та|і|й|и|або|или)\s*$")
# a place of at most three words ("КРИВИЙ РІГ", "Велика Новосілка"): a sentence's opening words before a
# colon are no dateline ("Харківські рятувальники працювали всю ніч: ...")
_DATELINE = re.compile(r"^\s*(?P<place>[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐа-яёіїєґ'’\-]{1,30}(?: [А-ЯЁІЇЄҐа-яёіїєґ'’\-]{1,30}){0,2}?)"
                       r"\s*(?:,[^\n–—]{1,40})?\s*(?:—|–|-|:)\s")


# --- towns named by their adjective ("харківські рятувальники", "у покровському районі") -------------
# An adjective of a town is the town's name (its stem) + -ськ-/-цьк-/-зьк- (ru -ск-/-цк-) + an ending.
# Read by a pattern rather than by pymorphy3 lemmas: the stem is all that is needed, and the Ukrainian
# dictionaries are an optional (GPL) extra. The stem gives a few candidate names, kept only when the
# gazetteer knows one as a town of the war's countries (Харків, Покровськ, Одеса, Суми, Запоріжжя).
_ADJ = re.compile(
    r"(?<![\w'’ʼ-])(?P<stem>[а-яёіїєґ'’ʼ]{3,}?)(?P<suf>ськ|цьк|зьк|ск|цк)"
    r"(?P<end>ий|ого|ому|им|ім|ій|ої|ою|у|а|е|і|их|ими|ий|ая|ой|ую|ое|ие|ые|ых|ым|ыми|ом|ем|ей|ему|его|ые|ым)"
    r"(?P<next>\s+[а-яёіїєґ]+)?(?![\w'’ʼ-])",
    re.IGNORECASE,
)
# Town adjectives that are also common words ("слов'янський": Slavic; "шахтарський": miners';
# "приморський": seaside): a town only before a word of administration ("слов'янського району").
_COMMON_ADJ = {"слов'ян", "слов’ян", "славян", "шахтар", "шахтер", "примор", "україн", "русь", "рус", "козац",
               "казац", "мор", "сіль", "сель", "міськ", "гор", "люд", "чоловіч", "жіноч", "жен", "груз"}
_ADMIN_NEXT = re.compile(r"район|громад|міськрад|горсовет|ова\b|округ", re.IGNORECASE)
_REGION_NEXT = re.compile(r"област|обл\b|край|кра[юя]", re.IGNORECASE)
_DISTRICT_NEXT = re.compile(r"район", re.IGNORECASE)
# Countries whose towns the uk/ru press names by adjective; a namesake elsewhere ("Море" is an
# alternate name of Mora, Cameroon) is not read from an adjective.
ADJ_COUNTRIES = {"UA", "RU", "BY", "MD"}
# Smallest town read from an adjective: villages share stems with ordinary adjectives.
ADJ_MIN_POPULATION = 5_000


def _adjective_names(stem: str, suf: str) -> list[str]:
    """Candidate town names for an adjective's stem, most likely first."""
    s = stem.lower()
    out = [s, s + suf, s + "а", s + "и", s + "ы", s + "о", s + "са", s + "си", s + "сы"]
    if suf == "зьк":
        out.append(s[:-1] + "іжжя" if s.endswith("і") else s + "жжя")  # запорізький -> Запоріжжя
        out.append(s + "жжя")
    if s.endswith("ов") or s.endswith("ев"):
        out += [s[:-1], s[:-2] + "ва"]  # дніпровський -> Дніпро, московский -> Москва
    return [w[:1].upper() + w[1:] for w in dict.fromkeys(out)]


def _adjective_town(gaz, stem: str, suf: str):
    """The candidate name of the most populous town it names (московский -> Москва, not a namesake)."""
    best, best_pop = None, -1
    for name in _adjective_names(stem, suf):
        for c in gaz.candidates(name):
            if c.level == 4 and c.cc in ADJ_COUNTRIES and c.population >= max(ADJ_MIN_POPULATION, best_pop + 1):
                best, best_pop = name, c.population
    return best


def adjective_toponyms(article: Article, gaz, taken: list[tuple[int, int]]) -> list[tuple[Toponym, str]]:
    """Towns named only by their adjective, as (toponym over the adjective, name to look up).

    "у харківському районі" is the district when the gazetteer knows it ("Харківський район"), else the
    town; "харківські рятувальники" is the town; "харківської області" (a region) is left to the entities.
    """
    out: list[tuple[Toponym, str]] = []
    text = article.text
    for m in _ADJ.finditer(text):
        if any(s < m.end("end") and m.start() < e for s, e in taken):
            continue
        stem, suf, nxt = m.group("stem"), m.group("suf"), (m.group("next") or "").strip()
        if nxt and _REGION_NEXT.match(nxt):
            continue
        if stem.lower() in _COMMON_ADJ and not (nxt and _ADMIN_NEXT.match(nxt)):
            continue
        name = _adjective_town(gaz, stem, suf)
        if name is None:
            continue
        if nxt and _DISTRICT_NEXT.match(nxt):
            # "у харківському районі": the district ("Харківський район", "Харьковский район") when known
            form = f"{stem[:1].upper()}{stem[1:].lower()}{suf.lower()}ий район"
            if any(c.cc in ADJ_COUNTRIES and c.level == 3 for c in gaz.candidates(form)):
                out.append((Toponym(m.start(), m.end(), region=True, source="adjective"), form))
                continue
        out.append((Toponym(m.start(), m.end("end"), source="adjective"), name))
        if len(out) >= MAX_TOPONYMS:
            break
    return out


def lookup_name(gaz, native: str, canonical: str) -> str:
    """The name to resolve: the English display form when the gazetteer gives it a place the native
    name also has (then "Киев" resolves exactly as "Kyiv" in an English article), else the native."""
    if canonical and canonical != native:
        own = {c.gid for c in gaz.candidates(native)}
        if own and any(c.gid in own for c in gaz.candidates(canonical)):
            return canonical
    return native


def toponyms(article: Article, gaz=None) -> tuple[list[Toponym], list[str]]:
    """(toponyms, the name to look up for each) from the article's place entities, in reading order."""
    tops, names = [], []
    for e in article.entities:
        if e.label not in PLACE_LABELS:
            continue
        native = e.native or article.text[e.start:e.end]
        tops.append(Toponym(e.start, e.end, region=bool(_REGION.search(native)), source="ner"))
        name = lookup_name(gaz, native, e.canonical) if gaz is not None else native
        adj = _ADJ.fullmatch(article.text, e.start, e.end) if gaz is not None and not gaz.candidates(name) else None
        if adj:  # a capitalised town adjective the tagger took for a place ("Курские власти")
            name = _adjective_town(gaz, adj.group("stem"), adj.group("suf")) or name
        names.append(name)
        if len(tops) >= MAX_TOPONYMS:
            break
    if gaz is not None and len(tops) < MAX_TOPONYMS:
        taken = [(e.start, e.end) for e in article.entities if e.label in PLACE_LABELS]
        for t, name in adjective_toponyms(article, gaz, taken)[: MAX_TOPONYMS - len(tops)]:
            i = sum(1 for x in tops if x.start < t.start)
            tops.insert(i, t)
            names.insert(i, name)
    # a dateline the tagger left untagged ("КИЇВ, 3 березня –": capitals), taken when the gazetteer knows it
    line = dateline_span(article)
    if gaz is not None and line and not any(t.start < line[1] and line[0] < t.end for t in tops):
        name = _title(article.text[line[0]: line[1]].strip())
        if gaz.candidates(name):
            i = sum(1 for t in tops if t.start < line[0])
            tops.insert(i, Toponym(line[0], line[1], source="dateline"))
            # looked up as its English display form when that names the same place, as entities are
            # ("СЛОВ'ЯНСЬК" -> "Sloviansk": Slovyansk's own name, not Nikopol's alternate one)
            lang = article.language if article.language in ("uk", "ru") else "uk"
            names.insert(i, lookup_name(gaz, name, display_name(name, lang)))
    return tops, names


def _title(name: str) -> str:
    """A capitalised dateline in title case: str.title() also capitalises after an apostrophe
    ("СЛОВ'ЯНСЬК" -> "Слов'Янськ", a name the gazetteer does not know)."""
    return re.sub(r"[^\s-]+", lambda m: m.group()[:1].upper() + m.group()[1:].lower(), name)


def dateline_span(article: Article) -> tuple[int, int] | None:
    """The place opening the first body paragraph before a dash ("КИЇВ, 3 березня –"), or None."""
    body = [p for p in article.paragraphs if p.kind == "body"]
    if len(body) < 2:
        return None
    p = body[1] if article.text[body[0].start: body[0].end].count(" ") > 3 and not _DATELINE.match(
        article.text[body[0].start: body[0].end]) else body[0]
    m = _DATELINE.match(article.text, p.start, p.end)
    return (m.start("place"), m.end("place")) if m else None


def role(article: Article, start: int, end: int, dateline, relative: bool) -> str:
    """event | mention | dateline for a place in Ukrainian or Russian text (see the module doc)."""
    own = dateline_span(article)
    if own and own[0] <= start and end <= own[1]:
        return "dateline"
    if any(e.label == "ORG" and e.start <= start and end <= e.end and (e.end - e.start) > (end - start)
           for e in article.entities):
        return "mention"
    before = article.text[max(0, start - WINDOW): start]
    if _MENTION_BEFORE.search(before):
        return "mention"
    if relative:
        return "event"
    m = _WORD_BEFORE.search(before)
    if m and m.group(1).lower() in EVENT_PREPS:
        return "event"
    m = _LISTED_BEFORE.search(before)
    return "event" if m and m.group(1).lower() in EVENT_PREPS else "mention"
