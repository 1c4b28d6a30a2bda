"""Places in Ukrainian and Russian articles: Cyrillic names (case forms lemmatised first) resolve
through the gazetteer's GeoNames Cyrillic alternate names, with roles and precision as in English.

Articles are team-written (tests/fixtures/multi and the short texts below).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace import api, serialize
from newstrace.geo.gazetteer import load_gazetteer
from newstrace.geo.names import is_cyrillic, is_latin

FIX = Path(__file__).resolve().parent / "fixtures" / "multi"
_CACHE: dict = {}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture
def analysed(ctx):
    def get(lang: str):
        if lang not in _CACHE:
            _CACHE[lang] = api.analyze((FIX / f"{lang}_article.txt").read_text(encoding="utf-8"), ctx=ctx)
        return _CACHE[lang]

    return get


def place(article, surface, nth=0):
    found = [p for p in article.places if article.text[p.start: p.end] == surface]
    assert len(found) > nth, f"{surface!r} not among {[article.text[p.start:p.end] for p in article.places]}"
    return found[nth]


@pytest.mark.parametrize("name,cc,level_name", [
    ("Київ", "UA", "Kyiv"), ("Киев", "UA", "Kyiv"), ("Харків", "UA", "Kharkiv"), ("Харьков", "UA", "Kharkiv"),
    ("Україна", "UA", "Ukraine"), ("Россия", "RU", None), ("Донецька область", "UA", "Donetsk Oblast"),
    ("Белгород", "RU", None),
])
def test_multi_gazetteer_knows_cyrillic_names(gaz, name, cc, level_name):
    cands = gaz.candidates(name)
    assert cands and cands[0].cc == cc
    if level_name:
        assert any(c.name == level_name for c in cands)


def test_multi_gazetteer_english_lookups_unchanged(gaz):
    assert gaz.candidates("Kyiv")[0].cc == "UA"
    assert [c.name for c in gaz.candidates("Kharkov")][:1] == ["Kharkiv"]
    assert not gaz.candidates("Харківщинаа")


@pytest.mark.parametrize("s,latin,cyrillic", [("Київ", False, True), ("Kyiv", True, False), ("Kyiv Київ", False, False)])
def test_multi_script_checks(s, latin, cyrillic):
    assert is_latin(s) is latin
    assert is_cyrillic(s) is cyrillic


@pytest.mark.parametrize("lang,surface,name,cc,precision,role", [
    ("uk", "Харкову", "Kharkiv", "UA", "city", "event"),         # "удару по Харкову"
    ("uk", "Донецькій області", "Donetsk Oblast", "UA", "admin1", "event"),
    ("uk", "Покровська", "Pokrovsk", "UA", "city", "event"),    # "біля Покровська": Ukraine's, not Russia's
    ("uk", "Львові", "Lviv", "UA", "city", "event"),
    ("ru", "Харькову", "Kharkiv", "UA", "city", "event"),
    ("ru", "Москве", "Moscow", "RU", "city", "event"),
    ("ru", "Донецкой области", "Donetsk Oblast", "UA", "admin1", "event"),
    ("ru", "Одессе", "Odesa", "UA", "city", "event"),            # "Во Львове и Одессе": a list takes its preposition
    ("ru", "Киеву", "Kyiv", "UA", "city", "mention"),           # "Киеву нужны": the government
])
def test_multi_places_resolve_with_roles(analysed, lang, surface, name, cc, precision, role):
    p = place(analysed(lang), surface)
    assert p.resolved and p.name == name and p.country == cc
    assert p.precision == precision
    assert p.role == role


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_multi_places_country_mentions(analysed, lang):
    a = analysed(lang)
    countries = [p for p in a.places if p.precision == "country"]
    # "Президент Украины", "Министерство обороны России" (the Ukrainian CRF takes these into the office's name)
    assert all(p.role == "mention" for p in countries)
    assert countries or lang == "uk"


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_multi_places_offsets_round_trip(analysed, lang):
    a = analysed(lang)
    assert a.places
    back = serialize.from_dict(serialize.to_dict(a))
    assert [(p.start, p.end, p.name, p.geonameid) for p in back.places] == \
        [(p.start, p.end, p.name, p.geonameid) for p in a.places]
    for p in a.places:
        assert a.text[p.start: p.end].strip()


@pytest.mark.parametrize("text,surface,role", [
    ("КИЇВ, 3 березня – Уряд України затвердив нову програму відновлення енергетики.\n\n"
     "Прем'єр-міністр сказав, що роботи почнуться вже цього тижня у кількох областях.", "КИЇВ", "dateline"),
    ("Вночі безпілотники атакували Суми, повідомила обласна військова адміністрація. Пошкоджено "
     "кілька житлових будинків, поранено двоє людей.", None, None),
])
def test_multi_dateline_and_unknown_roles(ctx, text, surface, role):
    a = api.analyze(text, ctx=ctx)
    assert a.language == "uk"
    if surface:
        assert place(a, surface).role == role
        assert place(a, surface).name == "Kyiv"
    for p in a.places:
        assert p.role in ("event", "mention", "dateline")


@pytest.mark.parametrize("dateline", ["СЛОВ'ЯНСЬК", "Слов'янськ"])
def test_multi_places_apostrophe_dateline_is_its_own_town(dateline):
    # team-written; Nikopol lists "Sloviansk" among its alternate names and is a few people larger:
    # the dateline is looked up as its display form, Slovyansk's own name
    import newstrace

    text = (f"{dateline} — У понеділок увечері в місті пролунали вибухи, повідомили в міській раді.\n\n"
            "Мешканців закликали залишатися в укриттях до відбою тривоги.")
    a = newstrace.analyze_text(text, published="2025-06-02", language="uk")
    line = [p for p in a.places if p.role == "dateline"]
    assert line and line[0].geonameid == 693468, [(p.name, p.geonameid, p.role) for p in a.places]
