"""Name normalisation shared by the gazetteer builder and every lookup (one definition, both sides)."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_DROP = re.compile(r"[.\u2019'`´]")  # "U.S." -> "US", "St. Louis" -> "St Louis", "Hawai'i" -> "Hawaii"
_SEP = re.compile(r"[\s\-‐-―_,/()]+")
# Abbreviated name words read as written out: "St. Petersburg" is "Saint Petersburg".
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
MAX_NAME_CHARS = 80  # longer strings are never toponyms; bounds the work per lookup


def normalise(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'São Tomé' -> 'sao tome', 'U.S.' -> 'us'."""
    s = unicodedata.normalize("NFKD", name[:MAX_NAME_CHARS])
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _DROP.sub("", s)
    s = _SEP.sub(" ", s).strip().lower()
    if any(t in _ABBREV for t in s.split(" ")):
        s = " ".join(_ABBREV.get(t, t) for t in s.split(" "))
    return s


def is_latin(name: str) -> bool:
    """True for names written in Latin script: the only ones English news text can match."""
    for c in name:
        if c.isalpha() and not ("a" <= c.lower() <= "z" or 0xC0 <= ord(c) < 0x250 or 0x1E00 <= ord(c) < 0x1F00):
            return False
    return True


def is_cyrillic(name: str) -> bool:
    """True for names written in Cyrillic script (Ukrainian and Russian articles look these up)."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all("\u0400" <= c <= "\u04ff" for c in letters)


# Two romanisations of one name ("Sloviansk" / "Slovyansk", "Kyiv" / "Kiev") share most letters in
# order; names of different towns rarely do. 0.75 keeps Kiev/Kyiv (0.75) and drops Nikopol/Sloviansk.
RESPELLING_MIN = 0.75


def respells(a: str, b: str) -> bool:
    """True when two normalised names read as spellings of one name (difflib: a well-kept matcher)."""
    return a == b or SequenceMatcher(None, a, b).ratio() >= RESPELLING_MIN
