"""Towns named only by their adjective in Ukrainian and Russian ("харківські рятувальники")."""

from __future__ import annotations

import pytest

from newstrace import api
from newstrace.geo.gazetteer import load_gazetteer
from newstrace.model import Article, Origin
from newstrace.multi import places

UK = ("Ліквідація наслідків удару\n\n"
      "Харківські рятувальники працювали всю ніч: під завалами знайшли двох людей. "
      "Тим часом у покровському районі тривали бої, повідомили військові. "
      "Сумські медики вивезли поранених, а український уряд обіцяв допомогу.\n\n"
      "Слов'янський народний хор скасував концерт.")
RU = ("Последствия атаки\n\n"
      "Курские власти сообщили о повреждении подстанции. Белгородские спасатели выехали на место, "
      "морской порт не пострадал.")


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def uk():
    return api.analyze_text(UK, published="2026-04-02", language="uk")


@pytest.fixture(scope="module")
def ru():
    return api.analyze_text(RU, published="2026-04-02", language="ru")


def _by_surface(article):
    return {article.text[p.start:p.end]: p for p in article.places}


@pytest.mark.parametrize("lang, surface, name, country, role", [
    ("uk", "Харківські", "Kharkiv", "UA", "mention"),
    ("uk", "покровському районі", None, "UA", "event"),   # the district, after a locative preposition
    ("uk", "Сумські", "Sumy", "UA", "mention"),
    ("ru", "Курские", "Kursk", "RU", "mention"),
    ("ru", "Белгородские", "Belgorod", "RU", "mention"),
])
def test_multi_adjective_places_resolve(uk, ru, lang, surface, name, country, role):
    art = uk if lang == "uk" else ru
    got = _by_surface(art)
    assert surface in got, sorted(got)
    p = got[surface]
    assert p.resolved and p.country == country
    if name:
        assert p.name == name
    else:
        assert p.precision != "city" or "Pokrovsk" in (p.name or "")
    assert p.role == role
    assert art.text[p.start:p.end] == surface


@pytest.mark.parametrize("lang, surface", [
    ("uk", "український"),       # a country's adjective: a nationality, not a place
    ("uk", "Слов'янський"),      # Slavic (a common word), not Sloviansk, before no word of administration
    ("ru", "морской"),           # seaside: a namesake abroad (Море) is never read from an adjective
])
def test_multi_adjective_places_common_words_are_not_towns(uk, ru, lang, surface):
    art = uk if lang == "uk" else ru
    assert surface not in _by_surface(art)


def test_multi_adjective_places_region_is_left_to_entities(gaz):
    text = "Обстріл харківської області тривав, а у херсонському селі згоріла хата."
    art = Article(doc_id="x", source=Origin(), text=text, language="uk")
    got = {text[t.start:t.end]: name for t, name in places.adjective_toponyms(art, gaz, [])}
    assert "харківської" not in got
    assert got.get("херсонському") == "Херсон"


def test_multi_adjective_places_bounded(gaz):
    text = "харківські " * 2000
    art = Article(doc_id="y", source=Origin(), text=text, language="uk")
    assert len(places.adjective_toponyms(art, gaz, [])) <= places.MAX_TOPONYMS
