"""The Python API over the store: newstrace.open(path) -> Store with ingest, search, get."""

from __future__ import annotations

from pathlib import Path

import pytest

import newstrace
from newstrace.errors import UsageError
from newstrace.pipeline import Context
from newstrace.settings import Settings
from newstrace.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"


@pytest.mark.parametrize("query, fts, expect_title_word", [("barges", False, "Barges"),
                                                         ("drones OR drone", True, "Drone")])
def test_store_api_open_ingest_search_get(tmp_db, ctx, query, fts, expect_title_word):
    with newstrace.open(tmp_db) as store:
        assert isinstance(store, Store)
        report = store.ingest([FIXTURES], ctx=Context(Settings(), nlp=ctx.nlp))
        assert report.new == 3 and len(report.failed) == 1
        hits = store.search(query, limit=5, fts=fts)
        assert hits and expect_title_word in (hits[0].title or "")
        article = store.get(hits[0].doc_id[:10])
        assert article is not None and article.doc_id == hits[0].doc_id
        assert article.text[article.paragraphs[0].start:article.paragraphs[0].end]
        assert store.stats().articles == 3
    with newstrace.open(tmp_db, create=False) as again:  # reopening finds the same store
        assert again.count() == 3


@pytest.mark.parametrize("create", [False])
def test_store_api_open_missing_without_create(tmp_path, create):
    with pytest.raises(UsageError):
        newstrace.open(tmp_path / "absent.db", create=create)
    assert not (tmp_path / "absent.db").exists()


def test_store_api_default_path_from_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSTRACE_DB", raising=False)
    with newstrace.open() as store:
        assert Path(store.path).name == Settings().db
    assert (tmp_path / Settings().db).exists()
