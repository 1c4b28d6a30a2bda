"""A person's matching key that the English, Ukrainian and Russian spellings of one name share.

The Ukrainian national romanisation and the Russian one spell one person differently ("Oleh
Syniehubov" / "Oleg Sinegubov", "Volodymyr" / "Vladimir", "Serhiy" / "Sergei"), and English outlets use
either. They differ in vowels, in the soft-sign and iotated letters (ie/ye/yi/ii/j) and in Ukrainian
г -> h where Russian has г -> g; the consonants otherwise survive. The key is each name part's
consonant skeleton after folding h -> g (kh, zh, sh, ch, which both schemes write for х, ж, ш, ч,
folded first so their h stays). Hand-written because it is a rule of the two romanisation standards,
not a general similarity: difflib or a phonetic code (Soundex/Metaphone, made for English) would join
more names than the standards make one.

Used for story keys (corpus.fingerprint.entity_keys) and for people compared across languages
(multi.crosslang), so an English, a Ukrainian and a Russian report of one person share a key.
"""

from __future__ import annotations

import re
from functools import lru_cache

# digraphs both standards write for one Cyrillic letter, kept apart from a lone h (uk г) first
_DIGRAPHS = (("shch", "\x01"), ("kh", "\x02"), ("zh", "\x03"), ("sh", "\x04"), ("ch", "\x05"), ("ts", "\x06"))
_DROP = re.compile(r"[aeiouyjw'’ʼ`\-]|[^\x00-\x7f]")
_REPEATS = re.compile(r"(.)\1+")
# a word shorter than this keeps its letters: too little to skeletonise ("Li" / "Lee" are often two people)
MIN_WORD = 3


@lru_cache(maxsize=100_000)
def person_key(name: str) -> str:
    """The matching key of a person's (romanised) name: 'Oleh Syniehubov' and 'Oleg Sinegubov' ->
    'lg sngbv'. A word shorter than MIN_WORD (or all vowels) is kept folded as written."""
    from anyascii import anyascii

    parts = []
    for word in anyascii(name).lower().split():
        w = word
        for dg, mark in _DIGRAPHS:
            w = w.replace(dg, mark)
        w = w.replace("h", "g")
        skel = _REPEATS.sub(r"\1", _DROP.sub("", w))
        for dg, mark in _DIGRAPHS:
            skel = skel.replace(mark, dg)
        parts.append(skel if skel and len(word) >= MIN_WORD else re.sub(r"[^a-z0-9]", "", word))
    return " ".join(p for p in parts if p)


def surname_key(name: str) -> str:
    """The matching key of a person's last name part ('Syniehubov' and 'Sinegubov' -> 'sngbv')."""
    key = person_key(name)
    return key.split()[-1] if key else ""
