"""Demonyms and nationality adjectives ("Ukrainian", "Russians") -> the country they refer to.

Demonyms are not places: the places stage keeps them out of ``places`` and uses them only as
context (an article about "Ukrainian troops" leans towards Ukraine). The table is derived from
the gazetteer's country names by the regular English suffix rules, plus the irregular forms no
rule reaches; no package ships a demonym list that matches GeoNames' country codes.
"""

from __future__ import annotations

from .names import normalise

IRREGULAR = {
    "french": "FR", "british": "GB", "english": "GB", "scottish": "GB", "scots": "GB", "welsh": "GB",
    "dutch": "NL", "swiss": "CH", "greek": "GR", "spanish": "ES", "danish": "DK", "finnish": "FI",
    "swedish": "SE", "irish": "IE", "polish": "PL", "turkish": "TR", "turk": "TR", "filipino": "PH",
    "thai": "TH", "afghan": "AF", "saudi": "SA", "emirati": "AE", "portuguese": "PT", "czech": "CZ",
    "slovak": "SK", "croat": "HR", "serb": "RS", "norwegian": "NO", "icelandic": "IS", "cypriot": "CY",
    "argentine": "AR", "peruvian": "PE", "lao": "LA", "burmese": "MM", "malagasy": "MG", "belarusian": "BY",
    "kyrgyz": "KG", "tajik": "TJ", "uzbek": "UZ", "kazakh": "KZ", "turkmen": "TM", "somali": "SO",
    "yemeni": "YE", "congolese": "CD", "ivorian": "CI", "dominican": "DO", "new zealander": "NZ",
    "kiwi": "NZ", "american": "US", "soviet": "RU", "kosovar": "XK", "bosnian": "BA", "luxembourgish": "LU",
    "monegasque": "MC", "maltese": "MT", "hungarian": "HU", "german": "DE", "israeli": "IL",
    "palestinian": "PS", "chinese": "CN", "lebanese": "LB", "sudanese": "SD", "vietnamese": "VN",
    "japanese": "JP", "iraqi": "IQ", "pakistani": "PK", "bangladeshi": "BD", "qatari": "QA",
    "kuwaiti": "KW", "nigerian": "NG", "nigerien": "NE", "indian": "IN", "georgian": "GE", "omani": "OM", "azerbaijani": "AZ", "azeri": "AZ", "bahraini": "BH",
}
# Continents: context for no country, but a gold "European" names Europe.
CONTINENTS = {"european": "europe", "african": "africa", "asian": "asia", "north american": "north america",
              "south american": "south america", "latin american": "south america"}
_RULES = (  # (strip from the country name, add) -> candidate demonym
    ("", "n"), ("", "ian"), ("e", "ian"), ("a", "an"), ("o", "an"), ("", "i"), ("", "ese"),
    ("a", "ese"), ("a", "ian"), ("on", "ese"), ("ia", "ian"), ("y", "ian"), ("ey", "ish"), ("and", "ish"),
)
MIN_NAME = 4  # shorter country names ("Mali" is fine, "Oman" too) never yield a rule-made demonym


class Demonyms:
    def __init__(self, country_names: list[tuple[str, str]], main_names: dict[str, str]):
        """``country_names``: (normalised name, ISO2) pairs; ``main_names``: ISO2 -> display name."""
        table: dict[str, str] = {}
        for norm, cc in country_names:
            if len(norm) < MIN_NAME or not cc or norm.count(" ") > 1:
                continue
            for strip, add in (_RULES if " " not in norm else _RULES[:1]):  # "South Africa" -> "South African"
                if strip and not norm.endswith(strip):
                    continue
                stem = norm[: len(norm) - len(strip)] if strip else norm
                table.setdefault(stem + add, (cc, norm))
        by_cc = {cc: normalise(name) for cc, name in main_names.items()}
        table = {k: (cc, by_cc.get(cc, n)) for k, (cc, n) in table.items()}
        for word, cc in IRREGULAR.items():
            table[word] = (cc, by_cc.get(cc, word))
        for word, continent in CONTINENTS.items():
            table[word] = (None, continent)
        self.table = table

    def lookup(self, word: str) -> tuple[str | None, str] | None:
        """(ISO2, country name) a demonym refers to ("Ukrainians" -> ("UA", "ukraine")), else None.
        For a continent's demonym ("European") the code is None."""
        n = normalise(word)
        for key in (n, n[:-1] if n.endswith("s") else None, n[:-3] + "man" if n.endswith("men") else None):
            if key and key in self.table:
                return self.table[key]
        return None

    def country(self, word: str) -> str | None:
        """ISO2 of the country a demonym refers to ("Ukrainians" -> "UA"), else None."""
        hit = self.lookup(word)
        return hit[0] if hit else None
