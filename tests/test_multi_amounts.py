"""Vague quantities in Ukrainian and Russian (десятки, сотні, тысячи, кілька десятків) read like English ones.

Team-written sentences; the English readings they mirror are stages.amounts.VAGUE ("dozens" 24..99 as a
range with no value, "several hundred" 300..900, "a hundred" one value).
"""

from __future__ import annotations

import pytest

from newstrace import api
from newstrace.multi.quantities import reading
from newstrace.stages.amounts import VAGUE

UK = ("Нічна атака на Суми\n\n"
      "Унаслідок удару поранено десятки людей, ще кілька десятків евакуювали з пошкоджених будинків. "
      "Без світла залишилися тисячі родин, повідомила обласна адміністрація.\n\n"
      "За даними рятувальників, у місті пошкоджено близько сотні будинків, а загалом сотні вікон вибито. "
      "Збитки оцінюють у дві тисячі гривень на кожну родину.")
RU = ("Обстрел Белгорода\n\n"
      "По словам губернатора, без электричества остались десятки тысяч жителей, сотни человек "
      "эвакуированы. Повреждено около тысячи машин и несколько сотен домов.")


@pytest.fixture(scope="module")
def uk():
    return api.analyze_text(UK, published="2026-04-02", language="uk")


@pytest.fixture(scope="module")
def ru():
    return api.analyze_text(RU, published="2026-04-02", language="ru")


def _amounts(article):
    return {article.text[a.start:a.end]: a for a in article.amounts}


@pytest.mark.parametrize("lang, surface, value, low, high, qualifier, counted", [
    ("uk", "десятки", None, 20, 99, None, "людей"),
    ("uk", "кілька десятків", None, 30, 90, None, "евакуювали"),
    ("uk", "тисячі", None, 2_000, 9_999, None, "родин"),
    ("uk", "близько сотні", 100, None, None, "about", "будинків"),   # genitive singular after a qualifier
    ("uk", "сотні", None, 200, 999, None, "вікон"),                  # the plural alone: hundreds
    ("ru", "десятки тысяч", None, 20_000, 99_999, None, "жителей"),
    ("ru", "сотни", None, 200, 999, None, "человек"),
    ("ru", "около тысячи", 1_000, None, None, "about", "машин"),
    ("ru", "несколько сотен", None, 300, 900, None, "домов"),
])
def test_multi_amounts_vague(uk, ru, lang, surface, value, low, high, qualifier, counted):
    art = uk if lang == "uk" else ru
    got = _amounts(art)
    assert surface in got, sorted(got)
    a = got[surface]
    assert (a.value, a.low, a.high, a.qualifier) == (value, low, high, qualifier)
    assert a.counted == counted
    assert art.text[a.start:a.end] == surface  # offsets round-trip


def test_multi_amounts_scale_of_a_number_is_not_vague(uk):
    got = _amounts(uk)
    assert got["дві тисячі гривень"].value == 2_000
    assert "тисячі" not in {k for k, a in got.items() if a.low == 2_000 and "дві" in k}
    assert not any(a.start > uk.text.index("дві тисячі") and a.end <= uk.text.index("дві тисячі") + 10
                   and a.low is not None for a in uk.amounts)


@pytest.mark.parametrize("cyr, en", [
    ("десятки", "tens"), ("сотні", "hundreds"), ("сотни", "hundreds"), ("тысячи", "thousands"),
    ("десятки тисяч", "tens of thousands"), ("сотни тысяч", "hundreds of thousands"),
    ("мільйони", "millions"),
])
def test_multi_amounts_vague_ranges_mirror_english(cyr, en):
    value, low, high = reading(cyr, False)
    assert value is None and (low, high) == VAGUE[en]


@pytest.mark.parametrize("phrase, value", [("сотню", 100), ("десяток", 10), ("тисяча", 1_000)])
def test_multi_amounts_singular_is_one_value(phrase, value):
    assert reading(phrase, False) == (value, None, None)
    assert reading(phrase, True) == (value, None, None)
