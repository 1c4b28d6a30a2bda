"""Entities of a Ukrainian or Russian article, with canonical names shared across languages.

Each entity keeps its span in the clean text, the project's label (PERSON, ORG, GPE for a place the
gazetteer knows as a country, region or town, LOC for other places), ``native`` = the name in the
nominative in the article's script (``Києві`` -> ``Київ``), and ``canonical`` = the English display form
(``Kyiv``), the id the same person or place has in English, Ukrainian and Russian articles. Within an
article a surname alone resolves to the full name used elsewhere (``Зеленського`` -> ``Volodymyr Zelensky``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .. import nlp as nlp_names
from ..model import Entity
from . import names, ner

# Countries, first-level regions and towns of at least this size are GPE when the gazetteer knows
# the name; smaller namesakes of common words do not turn an organisation's word into a place.
MIN_GPE_POPULATION = 1_000


@functools.lru_cache(maxsize=4)
def place_checker(gaz) -> Callable[[str], bool]:
    """``name -> bool``: the gazetteer knows a country, region or town of that (Cyrillic) name."""
    if gaz is None:
        return lambda name: False

    @functools.lru_cache(maxsize=50_000)
    def known(name: str) -> bool:
        return any(c.level <= 3 or c.population >= MIN_GPE_POPULATION for c in gaz.candidates(name))

    return known


def _place_display(native: str, lang: str, gaz, style: str) -> str:
    """English display form of a place: alias table and variants first (Kyiv, Kharkiv), then the
    gazetteer's English name for a known place (Москва -> Moscow), else the romanisation."""
    low = native.lower().replace("ё", "е")
    if low in names.ALIASES:
        return names.ALIASES[low]
    rom = names.display(native, lang, style)
    if gaz is not None:
        cands = gaz.candidates(native)
        if cands:
            top = cands[0]
            if lang == "uk" and top.cc == "UA" and top.level == 4:
                return rom  # the national romanisation is the official English spelling of a Ukrainian town
            return nlp_names.variant_name(top.name)[0]
    return rom


def entities(text: str, regions: list[tuple[int, int]], lang: str, gaz=None,
             style: str = "zelensky") -> list[Entity]:
    """Entities of ``text`` (a uk or ru article) over its paragraph regions, sorted, non-overlapping."""
    known = place_checker(gaz)
    out: list[Entity] = []
    for s, e, label in ner.entity_spans(text, regions, lang, known):
        surface = text[s:e]
        if label == "PLATFORM":
            out.append(Entity(s, e, label, surface))
            continue
        if label == "LOC":
            native = names.nominative(surface, "LOC", lang, known)
            label = "GPE" if known(native) else "LOC"
            canonical = _place_display(native, lang, gaz, style)
        else:
            native = names.nominative(surface, label, lang)
            canonical = names.display(native, lang, style)
        out.append(Entity(s, e, label, canonical, native=native))
    _link_surnames(out, lang)
    return out


def _link_surnames(ents: list[Entity], lang: str) -> None:
    """A one-word person name that is (a case form of) the surname of exactly one full name in the
    article takes that full name ("Синєгубова" -> "Oleh Syniehubov")."""
    full: dict[str, tuple[str, str]] = {}  # canonical -> (native surname, native full name)
    for e in ents:
        if e.label == "PERSON" and " " in e.canonical and e.native and " " in e.native:
            full.setdefault(e.canonical, (e.native.split()[-1], e.native))
    for e in ents:
        if e.label != "PERSON" or " " in e.canonical or not e.native:
            continue
        hits = {c for c, (sur, _) in full.items()
                if names.same_person(e.native, sur, lang) or names.same_person(e.native.split()[-1], sur, lang)
                or nlp_names.fold_name(c.split()[-1]) == nlp_names.fold_name(e.canonical)}
        if len(hits) == 1:
            e.canonical = hits.pop()
            e.native = full[e.canonical][1]
