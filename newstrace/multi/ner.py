"""Named-entity spans for Ukrainian and Russian text.

Russian: natasha's Slovnet news NER (PER, ORG, LOC; the model and its navec embeddings ship inside
the ``natasha`` wheel, nothing is downloaded). Ukrainian: no trained Ukrainian NER installs offline;
the same model's spans are re-cut and re-typed with pymorphy3's Ukrainian dictionary (given names,
surnames and patronymics are people; organisation kind words make an organisation; a name the
gazetteer knows is a place), and capitalised names it missed are added on the same evidence.

Text is tagged paragraph by paragraph in pieces of at most ``MAX_PIECE_CHARS`` (bounded work and
memory per input); spans are character offsets into the text given.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from ..errors import UsageError
from . import crf, names

# Slovnet's CNN runs over a whole piece at once: longer paragraphs are cut at sentence ends.
MAX_PIECE_CHARS = 3000
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_TOKEN = re.compile(r"[^\W_]+(?:[-'’ʼ][^\W_]+)*|[«»\"„“”]", re.UNICODE)
_UPPER_WORD = re.compile(r"[A-ZА-ЯЁІЇЄҐ][^\W\d_]*(?:[-'’ʼ][^\W\d_]+)*")


@functools.cache
def tagger():
    """natasha's news NER tagger, loaded once per process (about 0.7 s, 30 MB)."""
    try:
        from natasha import NewsEmbedding, NewsNERTagger
    except ImportError as exc:  # pragma: no cover - a broken install
        raise UsageError("Ukrainian/Russian entities need natasha: pip install natasha==1.6.0") from exc
    return NewsNERTagger(NewsEmbedding())


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) pieces of text[start:end] of at most MAX_PIECE_CHARS, cut after sentence ends."""
    out = []
    while end - start > MAX_PIECE_CHARS:
        cut = None
        for m in _SENTENCE_END.finditer(text, start, start + MAX_PIECE_CHARS):
            cut = m.end()
        if cut is None or cut <= start:
            cut = start + MAX_PIECE_CHARS
            sp = text.rfind(" ", start, cut)
            cut = sp + 1 if sp > start else cut
        out.append((start, cut))
        start = cut
    if end > start:
        out.append((start, end))
    return out


def raw_spans(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """natasha's spans (start, end, PER|ORG|LOC) over the given regions of ``text``."""
    pieces = [p for s, e in regions for p in _pieces(text, s, e) if text[p[0]:p[1]].strip()]
    out = []
    for (s, _e), markup in zip(pieces, tagger().map([text[a:b] for a, b in pieces])):
        out.extend((s + sp.start, s + sp.stop, sp.type) for sp in markup.spans)
    return out


def _token_type(word: str, lang: str, known: Callable[[str], bool] | None) -> str | None:
    """What one capitalised word says by itself: PERSON, ORG, LOC or None."""
    low = word.lower()
    if low in names.ORG_WORDS:
        return "ORG"
    ps = names.parses(low, lang)
    if not ps:
        return None
    if any(p.normal_form in names.ORG_WORDS for p in ps[:2]):
        return "ORG"
    # a given name or surname as written (nominative) is a person even where a town has the name
    # ("Володимир"); an inflected form that a place takes is the place ("Києві", not the name "Кий")
    if any(p.word == p.normal_form and p.tag.POS == "NOUN" and ("Name" in p.tag or "anim" in p.tag)
           and "Surn" not in p.tag for p in ps[:3]):
        return "PERSON"
    if known is not None and word[:1].isupper():
        for p in ps[:3]:
            if p.tag.POS in ("NOUN", "ADJF") and not any(t in p.tag for t in names.PERSON_TAGS) \
                    and known(p.normal_form):
                return "LOC"
        if names.known_stem(word, known):
            return "LOC"  # "Покровська": a town the dictionary does not know, read as a surname
    top = ps[0]
    if any(t in top.tag for t in names.PERSON_TAGS):
        return "PERSON"
    return None


def _is_common_word(text: str, start: int, word: str, lang: str) -> bool:
    """A capitalised word at a sentence start that the dictionary knows only as a common word."""
    before = text[max(0, start - 3): start].strip()
    if before and before[-1] not in ".!?…:»\"" and start > 0:
        return False
    ps = names.parses(word.lower(), lang)
    return bool(ps) and all(p.is_known and not (p.tag.grammemes & _PROPER) for p in ps[:3])


_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def _is_adjective(word: str, lang: str) -> bool:
    return any(p.tag.POS == "ADJF" for p in names.parses(word.lower(), lang)[:2])


def retype(text: str, spans: list[tuple[int, int, str]], lang: str,
           known: Callable[[str], bool] | None = None) -> list[tuple[int, int, str]]:
    """Re-cut and re-type spans by the morphology of their words (Ukrainian: see the module doc).

    Leading lower-case words are dropped ("що Збройні сили України" -> "Збройні сили України"); a
    span whose words change from a place to a person is cut there ("України Володимир Зеленський");
    an organisation kind word makes the span an organisation, its genitive tail included.
    """
    out = []
    for s, e, label in spans:
        toks = [(m.start() + s, m.end() + s, m.group()) for m in _TOKEN.finditer(text[s:e])]
        while toks and not toks[0][2][:1].isupper() and toks[0][2] not in "«\"„":
            toks.pop(0)
        if not toks:
            continue
        types = [_token_type(w, lang, known) if w[:1].isalpha() else None for _, _, w in toks]
        mapped = LABELS.get(label, label)
        if len(toks) == 1 and _is_common_word(text, toks[0][0], toks[0][2], lang):
            continue  # "Після", "Нагадаємо", "Раніше" opening a sentence: words, not names
        if len(toks) == 1 and _REGION_AFTER.match(text, toks[0][1]) and _is_adjective(toks[0][2], lang):
            out.append((toks[0][0], toks[0][1], "LOC"))  # "Волинській" + "області"
            continue
        if types[0] == "ORG" and len(toks) > 1 and all(t in ("PERSON", None) for t in types[1:]) \
                and "PERSON" in types[1:] and toks[0][2][1:].islower():
            out.append((toks[0][0], toks[0][1], "ORG"))  # "Київради Дмитра Андріївського": office, then person
            out.append((toks[1][0], toks[-1][1], "PERSON"))
            continue
        if "ORG" in types[:3]:
            out.append((toks[0][0], toks[-1][1], "ORG"))
            continue
        # cut where a run of place words meets a run of person words
        groups: list[list[int]] = [[0]]
        for i in range(1, len(toks)):
            prev = next((types[j] for j in reversed(groups[-1]) if types[j]), None)
            if types[i] and prev and types[i] != prev and {types[i], prev} == {"LOC", "PERSON"}:
                groups.append([i])
            else:
                groups[-1].append(i)
        for g in groups:
            kinds = [types[i] for i in g if types[i]]
            if not kinds:
                lab = mapped
            elif all(k == "PERSON" for k in kinds):
                lab = "PERSON"
            elif all(k == "LOC" for k in kinds):
                lab = "LOC"
            else:
                lab = max(set(kinds), key=kinds.count)
            out.append((toks[g[0]][0], toks[g[-1]][1], lab))
    return out


# Social networks and blogs are platforms in this project (as in English), never organisations.
PLATFORMS = {"жж", "живой журнал", "вконтакте", "вк", "фейсбук", "facebook", "телеграм", "телеграмм", "telegram",
             "твиттер", "твітер", "twitter", "ютуб", "youtube", "інстаграм", "инстаграм", "instagram", "тікток",
             "тикток", "tiktok", "x"}
# Generic words the model tags as organisations: "the media" is nobody's name.
NOT_NAMES = {"сми", "змі"}
# Unions of states the model tags as places: organisations, as in English (and factRuEval's Org).
_UNION = re.compile(r"^(?:евросоюз|євросоюз|европейск\w* союз|європейськ\w* союз|ес|єс)\w*$", re.IGNORECASE)
# A region word right after a place belongs to its name ("Донецькій" + "області", "Курской" + "области").
_REGION_AFTER = re.compile(r"\s(?:област[ьіиеюі]\w*|області|районі?|района|району|краю?|края|округу?|округа)\b",
                           re.IGNORECASE)
_ABBR_IN_PARENS = re.compile(r"\s*\(([^()]{2,40})\)\s*$")


def _natasha_fixes(text: str, spans: list[tuple[int, int, str]], lang: str) -> list[tuple[int, int, str]]:
    """The project's conventions on natasha's spans: an abbreviation in parentheses is a mention of its
    own ("Союз координационных советов (СКС)"); platforms and generic words are not organisations. A
    country after an organisation stays a place of its own ("Министерства обороны" + "России"), as the
    model and factRuEval's name parts have it."""
    out: list[list] = []
    for s, e, t in spans:
        m = _ABBR_IN_PARENS.search(text, s, e)
        if m and m.start() > s:
            out.append([s, m.start(), t])
            out.append([m.start(1), m.end(1), t])
            continue
        low = text[s:e].lower()
        if low in NOT_NAMES:
            continue
        if low in PLATFORMS:
            out.append([s, e, "PLATFORM"])
            continue
        out.append([s, e, "ORG" if t == "LOC" and _UNION.match(low) else t])
    return [tuple(x) for x in out]


# What continues an organisation's name after it (factRuEval's org_name spans and the organisations'
# own names): a territorial branch ("МЧС по Санкт-Петербургу и Ленобласти", "ГУ МВД по Москве"), a
# body attached to another ("Следственный комитет при прокуратуре"), and a second organisation word
# right after the first ("ГУ" + "МЧС", "Палаты представителей" + "Конгресса").
_BRANCH = re.compile(r"\s+по\s+", re.IGNORECASE)
_ATTACHED = re.compile(r"\s+(?:при|під|под)\s+([а-яёіїєґ][а-яёіїєґ'’-]+)\b")
_LIST_JOIN = re.compile(r"\s*(?:,|и|і|та|й)\s*$")


def _join_org_parts(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Organisation spans extended over their branch, attachment and a following organisation word
    (see ``_BRANCH``): the model cuts them into an organisation and places."""
    spans = sorted(spans)
    out: list[list] = []
    i = 0
    while i < len(spans):
        s, e, t = spans[i]
        if t != "ORG":
            out.append([s, e, t])
            i += 1
            continue
        j = i + 1
        while j < len(spans):
            ns, ne, nt = spans[j]
            gap = text[e:ns]
            if nt == "ORG" and gap.strip() == "" and "\n" not in gap:
                e, j = ne, j + 1  # "ГУ" "МЧС"
            elif nt == "LOC" and text[ns:ne][:1].isupper() and _BRANCH.fullmatch(gap):
                e, j = ne, j + 1  # "МЧС по Санкт-Петербургу"
                while j < len(spans) and spans[j][2] == "LOC" and _LIST_JOIN.fullmatch(text[e:spans[j][0]]):
                    e, j = spans[j][1], j + 1  # "... и Ленобласти"
            elif nt == "LOC" and gap.strip() == "" and "\n" not in gap and j + 1 < len(spans) \
                    and text[ne:spans[j + 1][0]].strip().lower() == "по" and spans[j + 1][2] == "LOC":
                e, j = ne, j + 1  # "МЧС России" before its branch ("... по Санкт-Петербургу")
            else:
                break
        m = _ATTACHED.match(text, e)
        if m and not any(sp[0] < m.end() and m.start() < sp[1] for sp in spans[j:j + 1]):
            e = m.end()  # "комитета при прокуратуре"
        out.append([s, e, t])
        i = j
    return [tuple(x) for x in out]


# --- Ukrainian organisations the re-typed spans cut short or miss (bench/ner_multi.py --lang uk, dev part) ---
# A name in quotation marks after a word of the organisation's kind ("компанія « Фармак »", "газети
# «Житомирщина»", "ТОВ «Еко-Сервіс»"): the name is the organisation (with a legal-form acronym before it).
_ORG_KIND = (r"(?:компані\w*|фірм\w*|газет\w*|підприємств\w*|держпідприємств\w*|видавництв\w*|товариств\w*|"
             r"клуб\w*|холдинг\w*|концерн\w*|банк\w*|груп\w*|театр\w*|ансамбл\w*|фонд\w*|корпораці\w*|"
             r"організаці\w*|об['’]єднанн\w*|агентств\w*|телеканал\w*|радіостанці\w*|журнал\w*|колектив\w*|"
             r"завод\w*|фабрик\w*|компани\w*|газет\w*|предприяти\w*|издательств\w*|телекана\w*)")
_LEGAL = r"(?:ТОВ|ПАТ|ПрАТ|ПП|ДП|КП|АТ|ВАТ|ЗАТ|ОКЖК|ПФ|ТД|СП|НВП|МП|ООО|ОАО|ЗАО|ПАО|АО|ГП|ФГУП)"
_QUOTED_ORG = re.compile(
    rf"(?:(?P<legal>(?<![\w-]){_LEGAL})|(?<![\w-]){_ORG_KIND})\s*(?P<q>«\s*(?P<name>[^«»\n]{{1,60}}?)\s*»)")
# Lower-case adjectives and the head noun after a capitalised adjective: "Українського католицького
# університету", "Чернігівської міськради": the organisation's whole name when the head is an organisation word.
_NEXT_WORD = re.compile(r"\s+([а-яіїєґ'’ʼ-]+)")
_EXTRA_ORG_HEADS = frozenset("міськрада райрада облрада сільрада райсуд госпсуд осередок підприємство товариство "
                             "академія станція лікарня училище ліцей гімназія редакція".split())
MAX_ORG_TAIL = 4  # lower-case words read after a capitalised adjective


def _org_head_after(text: str, end: int, lang: str) -> int | None:
    """End of an organisation's head noun after the adjective ending at ``end`` (None: no such head)."""
    pos = end
    for _ in range(MAX_ORG_TAIL):
        m = _NEXT_WORD.match(text, pos)
        if not m:
            return None
        ps = names.parses(m.group(1), lang)[:2]
        if any(p.normal_form in names.ORG_WORDS or p.normal_form in _EXTRA_ORG_HEADS for p in ps) \
                and any(p.tag.POS == "NOUN" for p in ps):
            return m.end(1)
        if not any(p.tag.POS == "ADJF" for p in ps):
            return None
        pos = m.end(1)
    return None


def _uk_org_fixes(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Ukrainian organisations: a quoted name after a word of its kind (``_QUOTED_ORG``), and a span ending
    in a capitalised adjective extended over its lower-case organisation head ("Львівського політехнічного
    інституту"). Both win over the re-typed spans they overlap."""
    out = []
    for s, e, t in spans:
        words = list(re.finditer(r"\S+", text[s:e]))
        last = words[-1].group() if words else ""
        if last.isalpha() and last[1:].islower() and _is_adjective(last, "uk"):
            head = _org_head_after(text, e, "uk")
            if head is not None:
                # a common word opening the sentence is no part of the name ("Рішення Вінницької міськради")
                while len(words) > 1 and _is_common_word(text, s + words[0].start(), words[0].group(), "uk"):
                    words.pop(0)
                out.append((s + words[0].start(), head, "ORG"))
                continue
        out.append((s, e, t))
    quoted = []
    for m in _QUOTED_ORG.finditer(text):
        if m.group("legal"):
            quoted.append((m.start("legal"), m.end("q"), "ORG"))
        else:
            quoted.append((m.start("name"), m.end("name"), "ORG"))
    if quoted:
        out = [sp for sp in out if not any(q[0] < sp[1] and sp[0] < q[1] for q in quoted)] + quoted
    return sorted(out)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3): start].strip()
    return not before or before[-1] in ".!?…:»\"—–-"


def _uk_missed_names(text: str, regions: list[tuple[int, int]], spans: list[tuple[int, int, str]],
                     known: Callable[[str], bool] | None) -> list[tuple[int, int, str]]:
    """Capitalised words the model left untagged that the dictionary knows as a given name or surname
    ("Андріана могла ...", a sentence's opening name) or the gazetteer as a place ("населення України");
    adjacent person words join ("Дмитру" + "Ягодину")."""
    taken = sorted((s, e) for s, e, _ in spans)
    starts = [s for s, _ in taken]
    added = []
    for rs, re_ in regions:
        for m in _UPPER_WORD.finditer(text, rs, re_):
            w = m.group()
            if len(w) < 2 or w.isupper():
                continue  # an initial or an acronym: no evidence from the dictionary
            i = bisect.bisect_right(starts, m.start()) - 1
            if (i >= 0 and taken[i][1] > m.start()) or (i + 1 < len(taken) and taken[i + 1][0] < m.end()):
                continue
            ps = names.parses(w.lower(), "uk")[:2]
            if ps and ps[0].is_known and ("Name" in ps[0].tag or "Surn" in ps[0].tag):  # its likeliest reading
                added.append((m.start(), m.end(), "PERSON"))
            elif known is not None and _token_type(w, "uk", known) == "LOC" and not (
                    _opens_sentence(text, m.start()) and ps and ps[0].is_known
                    and not ps[0].tag.grammemes & _PROPER):  # capitalised by the sentence ("Мені": to me)
                added.append((m.start(), m.end(), "LOC"))
    if not added:
        return spans
    out: list[list] = []
    for s, e, t in sorted(spans + added):
        if out and t == "PERSON" and out[-1][2] == "PERSON" and text[out[-1][1]:s] == " ":
            out[-1][1] = e  # "Дмитру Ягодину": one person
        else:
            out.append([s, e, t])
    return [tuple(x) for x in out]


def entity_spans(text: str, regions: list[tuple[int, int]], lang: str,
                 known: Callable[[str], bool] | None = None) -> list[tuple[int, int, str]]:
    """Typed spans (start, end, PERSON|ORG|LOC|PLATFORM) in reading order, non-overlapping."""
    if lang == "uk" and crf.tagger() is not None:
        spans = crf.entity_spans(text, regions, known)
    elif lang == "uk":
        spans = _natasha_fixes(text, retype(text, raw_spans(text, regions), lang, known), lang)
        spans = _uk_missed_names(text, regions, _uk_org_fixes(text, spans), known)
    else:
        spans = _natasha_fixes(text, [(s, e, LABELS.get(t, t)) for s, e, t in raw_spans(text, regions)], lang)
        spans = _join_org_parts(text, spans)
    spans = [(s, _REGION_AFTER.match(text, e).end(), t) if t == "LOC" and _REGION_AFTER.match(text, e) else (s, e, t)
             for s, e, t in spans]
    spans.sort(key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, int, str]] = []
    for sp in spans:
        if out and sp[0] < out[-1][1]:
            continue
        out.append(sp)
    return out
