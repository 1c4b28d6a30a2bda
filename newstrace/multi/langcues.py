"""Spelling and grammar evidence that narrows uk/ru/be/bg before a statistical identifier decides.

On a two- or three-word Cyrillic headline the n-gram models (fastText, lingua) have little to go on,
but a single letter or a caseless phrase can settle the language for certain:

- letters only some of the four alphabets have: ``ў`` is Belarusian only; ``ї``, ``є``, ``ґ``
  Ukrainian (``і`` Ukrainian or Belarusian); ``ы``, ``э``, ``ё`` Russian or Belarusian; Belarusian
  writes neither ``и`` nor ``щ`` nor ``ъ``; a ``ъ`` inside a word that is not the Russian separating
  sign (before е/ё/ю/я) is Bulgarian;
- Bulgarian has no noun cases: a capitalised name left in its bare, consonant-final form after a
  preposition that in Russian and Ukrainian governs the genitive, instrumental or locative ("над
  Киев", "от Покровск") cannot be Russian, Ukrainian or Belarusian ("над Киевом", "від Покровська");
- a few function words that exist in one of the languages only ("нет", "немає", "няма").

Hand-written because the rules are the alphabets' and grammars' own, a dozen lines, and no installed
identifier exposes them as constraints (lingua and fastText only score).
"""

from __future__ import annotations

import re

CYRILLIC_LANGS = frozenset({"uk", "ru", "be", "bg"})

# letter -> the languages whose alphabet holds it (the others never write it)
_LETTERS = {
    "ў": {"be"},
    "ї": {"uk"}, "є": {"uk"}, "ґ": {"uk"},
    "і": {"uk", "be"},
    "ы": {"ru", "be"}, "э": {"ru", "be"}, "ё": {"ru", "be"},
    "и": {"uk", "ru", "bg"}, "щ": {"uk", "ru", "bg"}, "ъ": {"ru", "bg"},
}
# ъ inside a word and not before е/ё/ю/я: Russian writes it only as the separating sign there
_BG_HARD_SIGN = re.compile(r"ъ(?![еёюя])\w|\wъ(?!\w)", re.I)
# Prepositions that govern a case other than the nominative/accusative in Russian and Ukrainian
# (genitive: от, из, до, без, у, около, возле, біля, для; instrumental: над, под in place, между;
# locative: при) plus Bulgarian-only ones. "в", "на", "по", "за" are left out: in Russian they also
# take the accusative, which equals the nominative of an inanimate masculine noun ("на Ростов").
_OBLIQUE_PREPOSITIONS = ("от|из|до|без|около|возле|край|над|при|след|срещу|към|със|във|между")
# a capitalised name (not an acronym) ending in a hard consonant: the bare nominative of a masculine
# name, which Russian and Ukrainian inflect after those prepositions (Киев -> Киева/Киевом)
# (the instrumental, dative and locative plural endings -ом/-ем/-ой/-ым/-ам/-ах... end in a consonant too)
_CASELESS_CI = re.compile(rf"(?<!\w)(?i:{_OBLIQUE_PREPOSITIONS})\s+[А-Я][а-я]+"
                          r"[бвгджзклмнпрстфхцчшщ](?<![оеёыиаяу][мйх])(?!\w)")
# function words written in one language only (a "no" / "there is no" a headline often ends on)
_ONLY = {
    "нет": "ru", "немає": "uk", "нема": "uk", "няма": "bg",
}
_WORD = re.compile(r"[^\W\d_]+")


def candidates(text: str) -> frozenset[str]:
    """The Cyrillic languages (of uk/ru/be/bg) that ``text`` can be written in; all four if no evidence.

    An empty set never comes back: contradictory evidence (a quoted word in another language) falls
    back to all four, and the statistical identifier decides.
    """
    low = text.lower()
    allowed = set(CYRILLIC_LANGS)
    for ch, langs in _LETTERS.items():
        if ch in low:
            allowed &= langs
    if _BG_HARD_SIGN.search(low):
        allowed &= {"bg"}
    if _CASELESS_CI.search(text):
        allowed -= {"ru", "uk", "be"}
    for w in _WORD.findall(low):
        lang = _ONLY.get(w)
        if lang:
            allowed &= {lang}
    return frozenset(allowed) if allowed else CYRILLIC_LANGS
