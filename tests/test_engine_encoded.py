"""The parallel engines' workers encode each article's stored JSON form (``base.analyse_batch``
with ``encode``) and the client's writer stores that text instead of encoding the article again
(``store.put(encoded=...)``): the same text for a first version, never for a new version."""

from __future__ import annotations

import pytest

from newstrace import api, serialize
from newstrace.engines import base
from newstrace.engines.synthetic import records
from newstrace.model import Article, InputFailure
from newstrace.readers import read_text
from newstrace.settings import Settings
from newstrace.store import rows as stored
from newstrace.store.sqlite import SQLiteStore


def _article(doc: int = 0, **meta) -> Article:
    rec = list(records(3, mean_words=90, seed=7))[doc]
    return api.analyze_text(rec["text"], title=rec["title"], published=rec["published"], **meta)


def test_analyse_batch_encodes_each_article_as_the_store_would():
    recs = list(records(3, mean_words=80, seed=9))
    docs = [read_text(r["text"], path=f"<rec{i}>") for i, r in enumerate(recs)]
    out = base.analyse_batch(docs, Settings(batch_size=4), None, False, True)
    assert isinstance(out, base.BatchResult)
    assert len(out.encoded) == len(out.results) == len(docs)
    for result, text in zip(out.results, out.encoded):
        assert isinstance(result, Article) and result.text  # real articles: the comparison is not vacuous
        assert text == serialize.to_json(result)
    # Without encode (and prepare) the plain result list, as before.
    assert isinstance(base.analyse_batch(docs[:1], Settings(batch_size=4)), list)


def test_put_keeps_the_encoded_text_of_a_first_version(tmp_path):
    a = _article(0)
    # Another valid encoding of the same article (indented): proves the given text is what is kept.
    given = serialize.to_json(a, indent=1)
    assert given != serialize.to_json(a)
    with SQLiteStore(str(tmp_path / "s.db")) as store:
        assert store.put(a, encoded=given) == "new"
        assert stored.article_json(store, a.doc_id) == given
        assert serialize.to_dict(store.get(a.doc_id)) == serialize.to_dict(a)


def test_put_encodes_a_new_version_itself(tmp_path):
    first = _article(0, url="https://example.test/a")
    second = _article(1, url="https://example.test/a")  # same source, other text: a new version
    assert first.doc_id != second.doc_id
    stale = serialize.to_json(second)  # encoded before the store gave it version 2
    with SQLiteStore(str(tmp_path / "s.db")) as store:
        assert store.put(first, encoded=serialize.to_json(first)) == "new"
        assert store.put(second, encoded=stale) == "version"
        text = stored.article_json(store, second.doc_id)
    assert text != stale
    assert text == serialize.to_json(second)
    again = serialize.from_json(text)
    assert (again.version, again.previous_doc_id) == (2, first.doc_id)


def test_put_ignores_an_encoding_of_other_version_fields(tmp_path):
    a = _article(2)
    a.version, a.previous_doc_id = 3, "elsewhere"
    stale = serialize.to_json(a)
    a.version, a.previous_doc_id = 1, None
    # Encoded with version fields the store is about to replace: the store encodes it itself.
    b = _article(2)
    b.version = 5
    with SQLiteStore(str(tmp_path / "s.db")) as store:
        assert store.put(b, encoded=stale) == "new"
        text = stored.article_json(store, b.doc_id)
    assert text != stale and text == serialize.to_json(b) and serialize.from_json(text).version == 1


@pytest.mark.parametrize("failure_at", [0, 1, 2])
def test_ordered_results_pair_each_result_with_its_encoding(failure_at):
    """Reader failures keep their place and carry no encoding; each article gets its own."""
    items: list = [read_text(f"text {i}", path=f"doc{i}") for i in range(3)]
    items.insert(failure_at, InputFailure(path="bad", code="NT100", reason="bad input"))

    class Done:
        def __init__(self, v):
            self.v = v

        def result(self):
            return self.v

    def submit(docs):
        return Done(base.BatchResult([d.text.upper() for d in docs], {}, 0.0, 0.0, [f"json {d.text}" for d in docs]))

    got = list(base.ordered_results([items[:2], items[2:]], submit, 2, None))
    want = [(x, None) if isinstance(x, InputFailure) else (x.text.upper(), f"json {x.text}") for x in items]
    assert got == want and len(got) == 4
