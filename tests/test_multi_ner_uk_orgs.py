"""Ukrainian organisations in the default install (natasha spans re-typed): quoted names after a word of
their kind and names ending in a lower-case organisation head. Team-written sentences."""

from __future__ import annotations

import pytest

from newstrace.multi import crf, ner


@pytest.fixture(autouse=True)
def default_install(monkeypatch):
    monkeypatch.setattr(crf, "tagger", lambda: None)  # the default method, even where the CRF is built


def _spans(text):
    return {(text[s:e], t) for s, e, t in ner.entity_spans(text, [(0, len(text))], "uk")}


@pytest.mark.parametrize("text, span", [
    ("Минулого тижня компанія « Світанок-Агро » підписала угоду з громадою.", "Світанок-Агро"),
    ("Про це повідомила редакція газети «Полтавський вісник» у неділю.", "Полтавський вісник"),
    ("Ділянку передали в оренду ТОВ «Зоряне поле» без аукціону.", "ТОВ «Зоряне поле»"),
    ("Лист підписав ректор Житомирського аграрного університету минулого четверга.",
     "Житомирського аграрного університету"),
    ("Рішення Вінницької міськради оскаржили в суді.", "Вінницької міськради"),
])
def test_multi_ner_uk_orgs_found_whole(text, span):
    assert (span, "ORG") in _spans(text)


@pytest.mark.parametrize("text, not_org", [
    ("Колона рушила Волинським шляхом до міста.", "Волинським шляхом"),        # a road, no organisation head
    ("Він цитував « Кобзар » на пам'ять.", "Кобзар"),                          # quoted, but no kind word before
])
def test_multi_ner_uk_orgs_not_every_adjective_or_quote(text, not_org):
    assert (not_org, "ORG") not in _spans(text)


def test_multi_ner_uk_orgs_bounded():
    text = "компанія « А » " * 3000
    spans = ner.entity_spans(text, [(0, len(text))], "uk")
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)


@pytest.fixture(scope="module")
def known():
    from newstrace.geo.gazetteer import load_gazetteer
    from newstrace.multi.entities import place_checker

    return place_checker(load_gazetteer())


@pytest.mark.parametrize("text, span, label", [
    ("Дощ ущух під вечір. Оксана вийшла на подвір'я і покликала сусідів.", "Оксана", "PERSON"),
    ("Сирени вмовкли. Андріана вийшла з укриття першою.", "Андріана", "PERSON"),
])
def test_multi_ner_uk_missed_names_added(known, text, span, label):
    got = {(text[s:e], t) for s, e, t in ner.entity_spans(text, [(0, len(text))], "uk", known)}
    assert (span, label) in got, got


def test_multi_ner_uk_missed_names_not_common_words(known):
    # "Мені" (to me) has a rare surname reading ("Мень"): its likeliest reading is a common word
    text = "Вечір минув тихо. Мені дозволили піти додому."
    got = {text[s:e] for s, e, _ in ner.entity_spans(text, [(0, len(text))], "uk", known)}
    assert "Мені" not in got
