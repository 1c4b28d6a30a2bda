"""Inflected forms of a Cyrillic search word: 'Славянск' also finds 'Славянску', 'Київ' finds 'Києві'.

The index keeps the original text (FTS5's unicode61 tokens), so highlights and snippets fall on
what the article wrote; the query side widens one Cyrillic word into an FTS5 OR-group of
* the word itself,
* its Snowball Russian stem as a prefix (PyStemmer), when the stem is long enough not to flood,
* every form of its dictionary lexemes (pymorphy3, Russian and, when installed, Ukrainian), which
  covers stem alternations a prefix cannot (Київ / Києві, Львів / Львова).
Query-time expansion was chosen over a stemmed index column so existing stores need no rebuild.

Across spellings and scripts (``place_names``): a query word that names a place the gazetteer knows
(in any case form: 'Славянске' is looked up as 'Славянск') also finds the place's other names there:
'Славянск' finds 'Слов'янськ' and 'Sloviansk', 'Kyiv' finds 'Київ' and 'Киев'. Only for places in the
countries of this war (``PLACE_COUNTRIES``) with at least ``MIN_PLACE_POPULATION`` people or a region
or country, and only the names GeoNames lists (a place the gazetteer does not know, or a spelling it
does not list, is found as typed). A name shared by several places is widened only when the query's
own romanisation picks one of them as its own name (``geo.gazetteer.is_own_name``).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

# A stem shorter than this as a prefix matches too many unrelated words ('бо*').
MIN_STEM_PREFIX = 4
# Bound on the forms one query word expands to (a lexeme has up to ~30 forms; two languages).
MAX_FORMS = 48
_CYRILLIC = re.compile(r"^[\u0400-\u04ff]+$")
# Countries whose places are widened across spellings: the war's (a Latin word elsewhere, "Reading",
# "Nice", stays exactly what was typed).
PLACE_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})
MIN_PLACE_POPULATION = 10_000  # smaller namesakes of common words are not widened
MAX_PLACE_NAMES = 14  # other names of one place OR'ed into a query word (GeoNames lists up to ~60)
MAX_PLACE_IDS = 2  # places one word may name (Kyiv: the city and its municipality are two GeoNames ids)
MIN_NAME_CHARS = 4  # shorter alternate names ("Тор", "Ko") would match unrelated words
_LATIN_NAME = re.compile(r"^[a-z]+(?: [a-z]+)?$")
_CYRILLIC_NAME = re.compile(r"^[\u0400-\u04ff]+(?: [\u0400-\u04ff]+)?$")
# Ukrainian writes an apostrophe after a labial or р before я, ю, є, ї (Слов'янськ); the gazetteer's
# normalised names drop it, while the search index cuts the word there ("слов", "янськ").
_UK_APOSTROPHE = re.compile(r"(?<=[бпвмфр])(?=[яюєї])")


@lru_cache(maxsize=1)
def _stemmer():
    try:
        import Stemmer  # PyStemmer
    except ImportError:  # pragma: no cover - declared dependency; search still works exactly
        return None
    return Stemmer.Stemmer("russian")


@lru_cache(maxsize=2)
def _morph(lang: str):
    try:
        import pymorphy3
        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:  # the uk dictionary is an optional extra (GPL-3.0)
        return None


def _lexeme_forms(word: str, lang: str) -> list[str]:
    morph = _morph(lang)
    if morph is None:
        return []
    forms: list[str] = []
    for p in morph.parse(word):
        # Only readings the dictionary knows with this very form (not guessed by suffix).
        if not p.is_known or p.word != word:
            continue
        for f in p.lexeme:
            if f.word not in forms:
                forms.append(f.word)
        if len(forms) >= MAX_FORMS:
            break
    return forms[:MAX_FORMS]


@lru_cache(maxsize=1024)
def expand(word: str) -> str | None:
    """The FTS5 group for one Cyrillic word, or None when the word is not Cyrillic."""
    low = word.lower()
    if not _CYRILLIC.match(low):
        return None
    parts = [f'"{low}"']
    st = _stemmer()
    if st is not None:
        stem = st.stemWord(low)
        if len(stem) >= MIN_STEM_PREFIX and stem != low:
            parts.append(f'"{stem}" *')
        elif len(low) >= MIN_STEM_PREFIX + 1 and stem == low:
            # An uninflected (nominative) form: its case forms only add endings ("Славянск" -> "Славянску").
            parts.append(f'"{low}" *')
    for lang in ("ru", "uk"):
        for f in _lexeme_forms(low, lang):
            term = f'"{f}"'
            if term not in parts and len(parts) < MAX_FORMS:
                parts.append(term)
    if len(parts) == 1:
        return parts[0]
    return "(" + " OR ".join(parts) + ")"


@lru_cache(maxsize=1)
def _gazetteer():
    """The gazetteer index when it is built (never built at query time), else None."""
    try:
        from ..geo.gazetteer import DB_PATH, Gazetteer, is_fresh
        return Gazetteer(DB_PATH) if is_fresh(DB_PATH) else None
    except Exception:  # noqa: BLE001 - search works without it, only narrower
        return None


def _romanised(word: str) -> list[str]:
    """The word in the Ukrainian national and the Russian Wikipedia romanisations (how the places
    stage's English display forms are made), for picking a place by its own name."""
    out = []
    try:
        import translitua
        out.append(translitua.translit(word))
    except Exception:  # noqa: BLE001 - declared dependencies; without them no pick, no widening
        pass
    try:
        import iuliia
        out.append(iuliia.WIKIPEDIA.translate(word))
    except Exception:  # noqa: BLE001
        pass
    return [x.lower() for x in out if x]


def _nominatives(word: str) -> list[str]:
    out = [word]
    for lang in ("ru", "uk"):
        morph = _morph(lang)
        if morph is None:
            continue
        for p in morph.parse(word)[:3]:
            if p.normal_form not in out:
                out.append(p.normal_form)
    return out[:5]


@lru_cache(maxsize=1024)
def place_ids(word: str) -> tuple[int, ...]:
    """Gazetteer ids of the place a query word names (see the module doc), or ()."""
    from ..geo.gazetteer import is_own_name
    from ..geo.names import normalise

    gaz = _gazetteer()
    low = re.sub(r"['’ʼ]", "", word.lower())  # the gazetteer's names drop the apostrophe (Слов'янськ)
    if gaz is None or len(low) < MIN_NAME_CHARS:
        return ()
    cyrillic = bool(_CYRILLIC.match(low))
    for key in (_nominatives(low) if cyrillic else [low]):
        cands = [c for c in gaz.candidates(key) if c.cc in PLACE_COUNTRIES
                 and (c.population >= MIN_PLACE_POPULATION or c.feature in ("country", "region"))]
        if not cands:
            continue
        spellings = [normalise(x) for x in (_romanised(key) if cyrillic else [key])]
        own = [c for c in cands if any(is_own_name(c, q) for q in spellings)]
        if own:
            return tuple(c.gid for c in own[:MAX_PLACE_IDS])
        if len({c.gid for c in cands}) == 1:
            return (cands[0].gid,)
        return ()
    return ()


def _place_forms(word: str) -> list[str]:
    """Case forms of a Ukrainian place name: only readings whose lemma is the name itself, so that
    "Київ" does not bring the forms of "кий" (the uk dictionary has no place-name grammeme)."""
    morph = _morph("uk")
    if morph is None:
        return []
    forms: list[str] = []
    for p in morph.parse(word):
        if p.is_known and p.word == word and p.normal_form == word:
            forms += [f.word for f in p.lexeme if f.word not in forms]
    return forms[:MAX_FORMS // 2]


def _spellings(norm: str) -> list[str]:
    """Words a normalised Cyrillic gazetteer name may stand for: the apostrophe put back (as the
    index cuts it) and, for a Ukrainian name, і read as ї where the dictionary knows the result."""
    out = [norm]
    morph = _morph("uk")
    if morph is not None and "і" in norm and " " not in norm:
        for i, ch in enumerate(norm):
            if ch == "і":
                alt = norm[:i] + "ї" + norm[i + 1:]
                if any(p.is_known and p.normal_form == alt for p in morph.parse(alt)):
                    out.append(alt)
    return out


@lru_cache(maxsize=4096)
def _names_of(gid: int) -> tuple[tuple[str, int], ...]:
    # the index has no gid key for names (a scan, ~0.1 s): each place is read once per process
    gaz = _gazetteer()
    return tuple(gaz.names(gid)) if gaz is not None else ()


@lru_cache(maxsize=1024)
def place_names(word: str) -> tuple[str, ...]:
    """FTS5 terms for the other names of the place ``word`` names (see the module doc)."""
    ids = place_ids(word)
    if not ids:
        return ()
    low = word.lower()
    terms: list[str] = []
    names: list[str] = []
    for gid in ids:
        for norm, _kind in _names_of(gid):
            if len(norm) >= MIN_NAME_CHARS and norm != low and norm not in names \
                    and (_LATIN_NAME.match(norm) or _CYRILLIC_NAME.match(norm)):
                names.append(norm)
    # the Cyrillic names first (the point of widening), then the Latin spellings closest to the main
    # name (Kiev before Kaenugardur)
    main = next((n for gid in ids for n, kind in _names_of(gid) if kind == 0), low)
    names.sort(key=lambda n: (not _CYRILLIC_NAME.match(n), -SequenceMatcher(None, n, main).ratio(), n))
    for norm in names[:MAX_PLACE_NAMES]:
        if _LATIN_NAME.match(norm):
            terms.append(f'"{norm}"')
            continue
        for sp in _spellings(norm):
            if _UK_APOSTROPHE.search(sp) and " " not in sp:
                parts = _UK_APOSTROPHE.split(sp)
                terms.append('"' + " ".join(parts) + '" *')  # "Слов'янськ", "Слов'янську"
            if sp != norm:
                terms.extend(f'"{f}"' for f in _place_forms(sp) or [sp])  # Київ, Києві
            else:
                # a name as a prefix covers its case endings (Славянске, Москвы); Snowball's stem is not
                # used here: a gazetteer spelling is often no Russian word ("Кеиу")
                terms.append(f'"{sp}" *' if len(sp) >= MIN_STEM_PREFIX else f'"{sp}"')
    return tuple(dict.fromkeys(terms))


def widen(word: str, term: str) -> str:
    """``term`` (the query word's FTS5 group) OR'ed with the other names of the place it names."""
    extra = place_names(word)
    if not extra:
        return term
    return "(" + " OR ".join([term, *extra]) + ")"


def expand_joined(words: list[str]) -> str | None:
    """One Cyrillic word the tokenizer cut at an apostrophe or hyphen ("Слов'янськ" -> слов, янськ):
    the phrase with its last token as a prefix, so "Слов'янська", "Слов'янську" match too."""
    if len(words) < 2 or not all(_CYRILLIC.match(w.lower()) for w in words):
        return None
    last = words[-1].lower()
    st = _stemmer()
    stem = st.stemWord(last) if st is not None else last
    tail = stem if len(stem) >= MIN_STEM_PREFIX - 1 else last
    return '"' + " ".join(w.lower() for w in words[:-1]) + " " + tail + '" *'


__all__ = ["expand", "expand_joined", "place_ids", "place_names", "widen"]
