"""One person across the English, Ukrainian and Russian spellings of their name (multi.keys)."""

from __future__ import annotations

import pytest

from newstrace.corpus.fingerprint import entity_keys
from newstrace.geo.gazetteer import load_gazetteer
from newstrace.model import Article, Entity, Origin
from newstrace.multi import entities
from newstrace.multi.keys import person_key, surname_key


@pytest.mark.parametrize(
    "a, b",
    [
        ("Oleh Syniehubov", "Oleg Sinegubov"),
        ("Oleh Kiper", "Oleg Kiper"),
        ("Volodymyr Zelenskyy", "Vladimir Zelensky"),
        ("Serhiy Lysak", "Sergei Lysak"),
        ("Heorhiy Tykhyi", "Georgy Tikhy"),
        ("Yuriy Ihnat", "Yuri Ignat"),
        ("Ihor Terekhov", "Igor Terekhov"),
    ],
)
def test_multi_keys_uk_and_ru_romanisations_share_a_key(a, b):
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Oleh Syniehubov", "Oleh Sinelnikov"),
        ("Ihor Terekhov", "Ihor Klymenko"),
        ("Vitali Klitschko", "Vladimir Klitschko"),  # brothers: the first names keep them apart
        ("Li Wei", "Lee Wei"),                       # short words are not skeletonised
    ],
)
def test_multi_keys_different_people_differ(a, b):
    assert person_key(a) != person_key(b)


def test_multi_keys_surname_key():
    assert surname_key("Oleh Syniehubov") == surname_key("Sinegubov") == "sngbv"
    assert surname_key("") == ""


def _article(doc_id: str, lang: str, names: list[tuple[str, str]]) -> Article:
    text = " ".join(n for n, _ in names)
    ents, pos = [], 0
    for surface, label in names:
        ents.append(Entity(pos, pos + len(surface), label, surface))
        pos += len(surface) + 1
    return Article(doc_id=doc_id, source=Origin(), text=text, language=lang, entities=ents)


def test_multi_keys_story_keys_join_one_person_across_languages():
    en = _article("en", "en", [("Oleh Syniehubov", "PERSON"), ("Kharkiv", "GPE")])
    ru = _article("ru", "ru", [("Oleg Sinegubov", "PERSON"), ("Kharkiv", "GPE")])
    other = _article("x", "en", [("Oleh Sinelnikov", "PERSON")])
    assert set(entity_keys(en)) == set(entity_keys(ru))
    assert not set(entity_keys(en)) & set(entity_keys(other))


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize(
    "uk, ru",
    [
        ("Голова обласної адміністрації Олег Синєгубов повідомив про обстріл.",
         "Глава областной администрации Олег Синегубов сообщил об обстреле."),
        ("Очільник області Олег Кіпер заявив про атаку дронів.",
         "Глава области Олег Кипер заявил об атаке дронов."),
    ],
)
def test_multi_keys_uk_and_ru_articles_name_one_person(gaz, uk, ru):
    """The same official in a Ukrainian and a Russian report: display forms may differ (Oleh / Oleg),
    the story key is one."""
    keys = []
    for text, lang in ((uk, "uk"), (ru, "ru")):
        people = [e for e in entities.entities(text, [(0, len(text))], lang, gaz) if e.label == "PERSON"]
        assert people, (lang, text)
        keys.append({person_key(e.canonical) for e in people})
    assert keys[0] == keys[1]
