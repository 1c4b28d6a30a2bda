"""Ukrainian and Russian names: nominative forms by entity type, and one English display form.

The nominative comes from pymorphy3 (``pymorphy3-dicts-uk`` / ``-ru``): each word's analyses are
filtered by what the entity is (a person's words read as given names, surnames, patronymics; a
place's as inanimate nouns and adjectives; an organisation inflects only its head), one grammatical
case shared by the words is chosen, and the words are put into the nominative keeping their gender
("Ірини Венедіктової" -> "Ірина Венедіктова", "Донецькій області" -> "Донецька область").

The English display form is the romanisation standard of the language (Ukrainian national 2010,
``translitua``'s KMU table; Russian Wikipedia, ``iuliia``) under a small alias table for the names
English copy spells otherwise (Kyiv not Kiev, Zelensky, Vladimir Putin in Ukrainian text too) and the
project's own spelling-variant tables (``newstrace.nlp``), so that a person or place gets the same
display form in English, Ukrainian and Russian articles.
"""

from __future__ import annotations

import functools
import re

from .. import nlp as nlp_names
from ..errors import UsageError

LANGUAGES = ("uk", "ru")
# House style for the President of Ukraine's surname: "Zelensky" (AP, Reuters, BBC) or
# "Zelenskyy" (the Kyiv Independent, the New York Times, his office's own spelling).
ZELENSKY_STYLES = {"zelensky": "Zelensky", "zelenskyy": "Zelenskyy"}
MAX_NAME_WORDS = 8  # longer "names" are tagging accidents: left as written, bounded work

# Native nominative (lower case) -> English display form. Names whose English spelling follows
# neither romanisation standard: Russian officials named in Ukrainian text, Russian forms of
# Ukrainian places, and well-known spellings.
ALIASES = {
    "володимир путін": "Vladimir Putin", "путін": "Putin",
    "сергій лавров": "Sergei Lavrov", "сергей лавров": "Sergei Lavrov",
    "сергій шойгу": "Sergei Shoigu", "сергей шойгу": "Sergei Shoigu", "шойгу": "Shoigu",
    "дмитро пєсков": "Dmitry Peskov", "дмитрий песков": "Dmitry Peskov", "пєсков": "Peskov", "песков": "Peskov",
    "дмитро медведєв": "Dmitry Medvedev", "дмитрий медведев": "Dmitry Medvedev",
    "марія захарова": "Maria Zakharova", "мария захарова": "Maria Zakharova",
    "олександр лукашенко": "Alexander Lukashenko", "александр лукашенко": "Alexander Lukashenko",
    "лукашенко": "Lukashenko",
    "андрей белоусов": "Andrei Belousov", "андрій бєлоусов": "Andrei Belousov",
    "валерий герасимов": "Valery Gerasimov", "валерій герасимов": "Valery Gerasimov",
    "владимир зеленский": "Volodymyr Zelensky", "зеленский": "Zelensky",
    "рамзан кадыров": "Ramzan Kadyrov", "рамзан кадиров": "Ramzan Kadyrov",
    "дональд трамп": "Donald Trump", "трамп": "Trump", "джо байден": "Joe Biden", "байден": "Biden",
    "віталій кличко": "Vitali Klitschko", "виталий кличко": "Vitali Klitschko", "кличко": "Klitschko",
    "рустем умєров": "Rustem Umerov", "умєров": "Umerov",
    "киев": "Kyiv", "київ": "Kyiv", "харьков": "Kharkiv", "одесса": "Odesa", "одеса": "Odesa",
    "запорожье": "Zaporizhzhia", "запоріжжя": "Zaporizhzhia", "днепр": "Dnipro",
    "николаев": "Mykolaiv", "львов": "Lviv", "луганск": "Luhansk", "чернигов": "Chernihiv",
    "кривой рог": "Kryvyi Rih", "артемовск": "Bakhmut", "артёмовск": "Bakhmut", "славянск": "Sloviansk",
    "москва": "Moscow", "россия": "Russia", "росія": "Russia", "украина": "Ukraine", "україна": "Ukraine",
    "рф": "Russia", "сша": "United States", "беларусь": "Belarus", "білорусь": "Belarus",
    "крым": "Crimea", "крим": "Crimea", "донбасс": "Donbas", "донбас": "Donbas",
    "кремль": "Kremlin", "всу": "Armed Forces of Ukraine", "зсу": "Armed Forces of Ukraine",
    "нато": "NATO", "оон": "UN", "ес": "EU", "єс": "EU", "магатэ": "IAEA", "магате": "IAEA",
    "сбу": "SBU", "фсб": "FSB", "гур": "HUR", "минобороны": "Russian Defence Ministry",
    "тасс": "TASS", "риа новости": "RIA Novosti", "укрінформ": "Ukrinform", "укринформ": "Ukrinform",
    "уніан": "UNIAN", "униан": "UNIAN", "інтерфакс-україна": "Interfax-Ukraine", "интерфакс": "Interfax",
    "українська правда": "Ukrainska Pravda", "суспільне": "Suspilne", "медуза": "Meduza",
    # institutions of the war, so that one body has one id in English, Ukrainian and Russian text
    "міноборони росії": "Russian Defence Ministry", "минобороны россии": "Russian Defence Ministry",
    "міністерство оборони росії": "Russian Defence Ministry", "министерство обороны россии": "Russian Defence Ministry",
    "міністерство оборони рф": "Russian Defence Ministry", "министерство обороны рф": "Russian Defence Ministry",
    "минобороны рф": "Russian Defence Ministry", "міноборони рф": "Russian Defence Ministry",
    "міноборони": "Ukrainian Defence Ministry", "міноборони україни": "Ukrainian Defence Ministry",
    "міністерство оборони україни": "Ukrainian Defence Ministry", "минобороны украины": "Ukrainian Defence Ministry",
    "министерство обороны украины": "Ukrainian Defence Ministry",
    "генштаб зсу": "General Staff of the Armed Forces of Ukraine", "генштаб всу": "General Staff of the Armed Forces of Ukraine",
    "генштаб": "General Staff", "офіс президента": "Office of the President of Ukraine",
    "офис президента": "Office of the President of Ukraine", "офіс генпрокурора": "Office of the Prosecutor General",
    "офис генпрокурора": "Office of the Prosecutor General", "укрзалізниця": "Ukrainian Railways",
    "укрзализныця": "Ukrainian Railways", "укрзализница": "Ukrainian Railways", "дснс": "State Emergency Service",
    "гсчс": "State Emergency Service", "мчс": "Emergencies Ministry", "мчс россии": "Emergencies Ministry",
    "повітряні сили": "Ukrainian Air Force", "воздушные силы": "Ukrainian Air Force", "мзс": "Ukrainian Foreign Ministry",
    "мид россии": "Russian Foreign Ministry", "мзс росії": "Russian Foreign Ministry", "мид": "Russian Foreign Ministry",
    "червоний хрест": "Red Cross", "красный крест": "Red Cross", "укренерго": "Ukrenergo",
    "нацполіція": "National Police of Ukraine", "нацполиция": "National Police of Ukraine",
}
# Words that name an organisation's kind: a span holding one is an organisation; its head is the
# first such word, the rest a genitive complement that keeps its case ("Міністерства оборони").
ORG_WORDS = frozenset("""
міністерство міністерства міністр служба сили рада штаб адміністрація управління комітет комісія
департамент агентство банк компанія корпорація партія союз фонд суд прокуратура поліція армія
бригада батальйон полк угруповання командування уряд парламент верховна офіс організація інститут
університет асоціація об'єднання обєднання бюро гвардія флот округ дивізія корпус центр холдинг концерн
министерство служба силы совет штаб администрация управление комитет комиссия департамент агентство
банк компания корпорация партия союз фонд суд прокуратура полиция армия бригада батальон полк
группировка командование правительство парламент дума офис организация институт университет
ассоциация объединение бюро гвардия флот округ дивизия корпус центр холдинг концерн генштаб минобороны
мвс мвд мзс мид загін отряд ансамбль театр завод фабрика аеропорт аэропорт""".split())
PERSON_TAGS = ("Name", "Surn", "Patr")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "loc2", "acc2")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.UNICODE)


@functools.cache
def morph(lang: str):
    """pymorphy3's analyser for ``lang`` (uk or ru), loaded once per process; None without its dictionary
    (the Ukrainian one is an optional extra, ``pip install 'newstrace[uk]'``: it is GPL-3.0)."""
    try:
        import pymorphy3
    except ImportError as exc:  # pragma: no cover - a broken install
        raise UsageError("Ukrainian/Russian names need pymorphy3: pip install pymorphy3 pymorphy3-dicts-ru") from exc
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ValueError, OSError, ImportError):
        return None


def has_morph(lang: str) -> bool:
    return morph(lang) is not None


@functools.lru_cache(maxsize=100_000)
def parses(word: str, lang: str) -> tuple:
    """pymorphy3's analyses of one word, best first; () without the language's dictionary."""
    m = morph(lang)
    return tuple(m.parse(word)) if m is not None else ()


def _case(p) -> str | None:
    return p.tag.case


def _fits(p, label: str, position: int, n: int) -> bool:
    tag = p.tag
    if label == "PERSON":
        return any(t in tag for t in PERSON_TAGS) or (tag.POS in ("ADJF", "NOUN") and "anim" in tag) \
            or (tag.POS == "ADJF")
    if label in ("GPE", "LOC"):
        return tag.POS in ("NOUN", "ADJF") and not any(t in tag for t in PERSON_TAGS)
    return tag.POS in ("NOUN", "ADJF")


def _restore_case(form: str, like: str) -> str:
    """``form`` written like ``like``: Title, UPPER or lower case, per hyphenated part."""
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in form.split("-"))
    return form


def _nominative(p) -> str:
    """The word of parse ``p`` in the nominative, keeping its gender and number."""
    if p.tag.case in (None, "nomn"):
        return p.word
    grams = {"nomn"}
    if p.tag.POS == "ADJF" and p.tag.number == "sing" and p.tag.gender:
        grams.add(p.tag.gender)
    inflected = p.inflect(grams) or p.inflect({"nomn"})
    return inflected.word if inflected is not None else p.normal_form


def nominative(surface: str, label: str, lang: str, known=None) -> str:
    """The name in the nominative (``Києві`` -> ``Київ``, ``Зеленського`` -> ``Зеленський``).

    Args:
        surface: the mention as written.
        label: PERSON, ORG, GPE or LOC: which analyses a word may take.
        lang: uk or ru.
        known: optional ``str -> bool`` (a gazetteer lookup): a place reading it accepts wins.
    """
    words = list(_WORD.finditer(surface))
    if not words or len(words) > MAX_NAME_WORDS or lang not in LANGUAGES or surface.isupper():
        return surface
    if label == "ORG":
        # the head (the first kind word, or the first word) and the adjectives before it inflect
        lows = [m.group().lower() for m in words]
        head = next((i for i, w in enumerate(lows) if w in ORG_WORDS or _stem_in_org(w, lang)), 0)
        words = words[: head + 1]
        if any(ch in surface for ch in "«\"„"):
            return surface  # a quoted proper name ("«Укренерго»") is never inflected
    options = []
    for m in words:
        w = m.group()
        ps = [p for p in parses(w.lower(), lang) if _fits(p, label, 0, len(words))]
        if label == "PERSON":
            person = [p for p in ps if any(t in p.tag for t in PERSON_TAGS)]
            ps = person or ps
            # one person: singular readings; a surname the guesser reads only as a plural
            # ("Синегубов" as genitive plural of "синегуб") is kept as written
            ps = [p for p in ps if p.tag.number != "plur"]
            if not ps and len(words) > 1:
                options.append(None)
                continue
        elif label == "ORG":
            ps = [p for p in ps if p.tag.number != "plur"] or ps  # "Міністерства": one ministry
        options.append(ps)
    if known is not None and label in ("GPE", "LOC") and len(words) == 1:
        w = words[0].group()
        hit = [p for p in (options[0] or ()) if known(_restore_case(_nominative(p), w))]
        if hit:
            return surface[: words[0].start()] + _restore_case(_nominative(max(hit, key=lambda p: p.score)), w) \
                + surface[words[0].end():]
        stem = known_stem(w, known)
        if stem:
            return surface[: words[0].start()] + stem + surface[words[0].end():]
    if not all(o is None or o for o in options) or all(o is None for o in options):
        return surface
    # one case for all words (they agree), chosen by the summed scores of their best analyses
    best_case, best_score = None, -1.0
    for case in _CASES:
        score = 0.0
        for ps in options:
            if ps is None:
                continue
            s = max((p.score for p in ps if _case(p) == case), default=None)
            if s is None:
                break
            score += s
        else:
            if score > best_score:
                best_case, best_score = case, score
    out = surface
    pieces = []
    for m, ps in zip(words, options):
        if ps is None:
            continue
        cands = [p for p in ps if _case(p) == best_case] if best_case else (
            [p for p in ps if _case(p) == "nomn"] or ps)
        # a person's surname keeps the gender of the given name before it
        p = max(cands, key=lambda p: p.score)
        pieces.append((m.start(), m.end(), _restore_case(_nominative(p), m.group())))
    for s, e, form in reversed(pieces):
        out = out[:s] + form + out[e:]
    return out


# Case endings of Ukrainian and Russian place names, longest first: a place the dictionary does not
# know ("Покровська", "Покровськом") is found by trying the stem, and accepted only when the gazetteer
# knows it.
_PLACE_ENDINGS = ("ові", "еві", "ому", "ого", "ою", "ею", "ой", "ей", "ом", "ем", "ам", "ах", "ях",
                  "а", "у", "ю", "і", "е", "ї", "и", "ы", "я")


def known_stem(word: str, known) -> str | None:
    for end in _PLACE_ENDINGS:
        if len(word) > len(end) + 2 and word.lower().endswith(end):
            stem = word[: -len(end)]
            for cand in (stem, stem + "а", stem + "я", stem + "е", stem + "і"):
                if known(cand):
                    return cand
    return None


def same_person(word: str, surname: str, lang: str) -> bool:
    """A one-word mention is a case form of ``surname`` ("Синєгубова" of "Синєгубов")."""
    w, s = word.lower(), surname.lower()
    if w == s:
        return True
    lemmas = {p.normal_form for p in parses(s, lang)[:3]} | {s}
    if any(p.normal_form in lemmas for p in parses(w, lang)):
        return True
    # surnames the dictionary does not know: the surname followed by a case ending
    return w.startswith(s) and len(w) - len(s) <= 3 or (s.endswith(("ий", "ій", "ой", "а")) and w.startswith(s[:-2])
                                                      and len(w) - len(s) <= 2)


def _stem_in_org(word: str, lang: str) -> bool:
    return any(p.normal_form in ORG_WORDS for p in parses(word, lang)[:2])


def romanise(native: str, lang: str) -> str:
    """The standard romanisation: Ukrainian national 2010 (KMU 55) or Russian Wikipedia style."""
    if lang == "uk":
        import translitua

        return translitua.translit(native, translitua.UkrainianKMU)
    import iuliia

    return iuliia.WIKIPEDIA.translate(native)


def display(native: str, lang: str, style: str = "zelensky") -> str:
    """The English display form of a nominative name: alias table, else romanisation + variants."""
    low = " ".join(native.lower().replace("ё", "е").split())
    out = ALIASES.get(low)
    if out is None:
        words = native.split()
        # alias words inside a longer name ("Путін" in "Володимир Володимирович Путін" stays Putin)
        out = " ".join(ALIASES.get(w.lower(), romanise(w, lang)) if len(words) > 1 else romanise(w, lang)
                       for w in words)
        out, _ = nlp_names.variant_name(out)
    return house_style(out, style)


def house_style(name: str, style: str) -> str:
    """``name`` with the house spelling of "Zelensky" (``ZELENSKY_STYLES``)."""
    if style == "zelensky":
        return name
    return re.sub(r"\bZelensky\b", ZELENSKY_STYLES.get(style, "Zelensky"), name)
