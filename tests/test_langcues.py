"""Letter and grammar evidence narrowing uk/ru/be/bg on short Cyrillic texts (multi.langcues)."""

import pytest

from newstrace.multi.langcues import CYRILLIC_LANGS, candidates
from newstrace.stages.language import identify


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Мост праз раку ўзарвалі", {"be"}),             # ў: Belarusian only
        ("Їжа для біженців", {"uk"}),                    # ї
        ("Обстріл міста", {"uk", "be"}),                 # і without Ukrainian-only letters
        ("Съобщение от щаба", {"bg"}),                   # ъ inside a word, not before е/ё/ю/я
        ("Ёсць электрычнасць", {"ru", "be"}),            # ё, ы, э without и/і
        ("Объявлена эвакуация", {"ru"}),                 # separating ъ before я, э, и
        ("Эвакуация из Никополя", {"ru"}),               # э and и: not Belarusian
        ("Колона над Конотоп", {"bg"})      ,           # bare name after над (Russian: над Конотопом)
        ("Света няма", {"bg"}),                          # a word only Bulgarian writes
        ("Світла нема", {"uk"}),
        ("Света нет", {"ru"}),
    ],
)
def test_langcues_candidates(text, expected):
    assert candidates(text) == frozenset(expected)


@pytest.mark.parametrize("text", ["Атака на склад", "Новая атака", ""])
def test_langcues_no_evidence_keeps_all(text):
    assert candidates(text) == CYRILLIC_LANGS


def test_langcues_contradiction_falls_back_to_all():
    # a Ukrainian ї next to a Belarusian ў: no language holds both, the identifier decides
    assert candidates("Їжа і ўсё") == CYRILLIC_LANGS


def test_langcues_inflected_name_is_not_caseless():
    # Russian inflects the name after 'над' / 'от': no Bulgarian evidence
    assert "ru" in candidates("Дроны над Курском")
    assert "ru" in candidates("Отступление от Авдеевки")
    assert "ru" in candidates("Бои под Бахмутом и над Ростовом")


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Дрони над Курськ", "bg"),            # hypothetical Bulgarian spelling, caseless after над
        ("Светлината няма да се върне", "bg"),
        ("Света нет с утра", "ru"),
        ("Пошкоджено ґанок і дах", "uk"),
        ("Мост праз раку ўзарвалі", "be"),
    ],
)
def test_langcues_identify_short_headlines(text, lang):
    assert identify(text)[0] == lang


def test_langcues_long_text_not_forced_by_one_letter():
    # a long Russian paragraph quoting one Ukrainian word keeps Russian (letter rules are for short texts)
    text = ("Власти города сообщили, что после ночной атаки без электричества остались тысячи домов, "
            "а спасатели продолжают разбирать завалы. Местные жители называют это слово «тривога» "
            "чаще всего, и по их словам, сирены звучали несколько часов подряд.")
    assert identify(text)[0] == "ru"
