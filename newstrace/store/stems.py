"""Inflected forms of a Cyrillic search word: 'Славянск' also finds 'Славянску', 'Київ' finds 'Києві'.

The index keeps the original text (FTS5's unicode61 tokens), so highlights and snippets fall on
what the article wrote; the query side widens one Cyrillic word into an FTS5 OR-group of
* the word itself,
* its Snowball Russian stem as a prefix (PyStemmer), when the stem is long enough not to flood,
* every form of its dictionary lexemes (pymorphy3, Russian and, when installed, Ukrainian), which
  covers stem alternations a prefix cannot (Київ / Києві, Львів / Львова).
Query-time expansion was chosen over a stemmed index column so existing stores need no rebuild.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A stem shorter than this as a prefix matches too many unrelated words ('бо*').
MIN_STEM_PREFIX = 4
# Bound on the forms one query word expands to (a lexeme has up to ~30 forms; two languages).
MAX_FORMS = 48
_CYRILLIC = re.compile(r"^[\u0400-\u04ff]+$")


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


__all__ = ["expand", "expand_joined"]
