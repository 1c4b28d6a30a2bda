"""Search finds inflected Ukrainian and Russian forms; highlights fall on the words the article wrote.

The articles are short fictional reports written by the team for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.model import Article, Origin, Paragraph
from newstrace.store.sqlite import SQLiteStore, plain_query

ARTICLES = {
    "c0000000000000000001": ("ru", "Удар по Славянску",
                             "Вечером в Славянске прозвучали взрывы. Жители Славянска провели ночь в укрытиях."),
    "c0000000000000000002": ("uk", "Ніч у Києві",
                             "У Києві працювала протиповітряна оборона, повідомили у міській адміністрації."),
    "c0000000000000000003": ("ru", "Погода в Одессе",
                             "В Одессе ожидаются дожди и сильный ветер."),
    "c0000000000000000004": ("en", "Sloviansk shelled", "Shelling hit Sloviansk on Monday evening."),
    "c0000000000000000005": ("uk", "Вибухи у Слов'янську", "Жителі Слов'янська почули вибухи вночі."),
}


def _article(doc_id: str, lang: str, title: str, text: str) -> Article:
    return Article(doc_id=doc_id, source=Origin(path=f"/corpus/{doc_id}.txt", outlet="team.example"),
                   text=text, title=title, published="2026-02-24", language=lang,
                   paragraphs=[Paragraph(0, len(text), "body")])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = SQLiteStore(str(tmp_path_factory.mktemp("ms") / "ms.db"))
    for doc_id, (lang, title, text) in ARTICLES.items():
        s.put(_article(doc_id, lang, title, text))
    yield s
    s.close()


S_RU, S_EN, S_UK = "c0000000000000000001", "c0000000000000000004", "c0000000000000000005"


@pytest.mark.parametrize("query, doc_ids", [
    # nominative query, only case forms in the article; the same gazetteer place in the other
    # languages and scripts (Слов'янськ, Sloviansk) is found too
    ("Славянск", {S_RU, S_EN, S_UK}),
    ("славянском", {S_RU, S_EN, S_UK}),  # another case form than the article's
    ("Київ", {"c0000000000000000002"}),  # stem alternation: Київ / Києві
    ("Одесса", {"c0000000000000000003"}),
    ("Слов'янськ", {S_RU, S_EN, S_UK}),  # a word the tokenizer cuts at the apostrophe
    ("Sloviansk", {S_RU, S_EN, S_UK}),
])
def test_multi_search_inflected_form_finds_article(store, query, doc_ids):
    hits = store.search(query)
    assert {h.doc_id for h in hits} == doc_ids


@pytest.mark.parametrize("query", ["Славянск", "Київ"])
def test_multi_search_highlights_original_words(store, query):
    for hit in store.search(query):
        marked = [hit.snippet[s:e] for s, e in hit.highlights] + [hit.title[s:e] for s, e in hit.title_highlights]
        assert marked, "no highlight"
        for word in marked:
            # the highlighted span is the article's own (inflected or other-script) word, not the query
            assert word in ARTICLES[hit.doc_id][1] + ARTICLES[hit.doc_id][2]
            assert word.lower() != "у" and len(word) >= 4


@pytest.mark.parametrize("query", ["Славянск", "Одесса"])
def test_multi_search_does_not_over_match(store, query):
    assert "c0000000000000000002" not in {h.doc_id for h in store.search(query)}


@pytest.mark.parametrize("query, expected", [("Reading", '"Reading"'), ("shelled", '"shelled"'),
                                             ('"по Славянску"', '"по Славянску"')])
def test_multi_search_latin_words_and_phrases_unchanged(query, expected):
    # a Latin word that names no place of this war (Reading is English) and a quoted phrase stay as typed
    assert plain_query(query) == expected


@pytest.mark.parametrize("word, gid", [("Славянск", 693468), ("Слов'янськ", 693468), ("Sloviansk", 693468),
                                       ("Славянске", 693468), ("Reading", None), ("Петренко", None)])
def test_multi_search_place_ids_by_gazetteer(word, gid):
    from newstrace.store import stems

    ids = stems.place_ids(word)
    assert (gid in ids) if gid else ids == ()


DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"
DEMO_FILES = ["json/uk-ru-sloviansk-reports.jsonl", "telegram/slovyansk-online-result.json"]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    paths = [DEMO / f for f in DEMO_FILES]
    if not all(p.exists() for p in paths):
        pytest.skip("the demo corpus is not in this checkout")
    s = SQLiteStore(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    report = s.ingest([str(p) for p in paths])
    yield s, report
    s.close()


def test_multi_search_demo_uk_ru_telegram_ingest_without_errors(demo_store):
    s, _ = demo_store
    arts = list(s.iter_articles())
    assert {a.language for a in arts} == {"uk", "ru"}
    assert len(arts) == 5  # 2 reports + 3 Telegram posts (a service message and a bare photo skipped)
    assert sum(1 for a in arts if a.source.forwarded_from) == 1
    assert all(a.quotes or a.source.format == "telegram" for a in arts)


@pytest.mark.parametrize("query, outlet", [("Славянск", "Восточный курьер"), ("Конашенков", "Восточный курьер")])
def test_multi_search_demo_finds_inflected(demo_store, query, outlet):
    s, _ = demo_store
    assert outlet in {h.outlet for h in s.search(query)}
