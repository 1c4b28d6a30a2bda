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
