"""ResumePlan: what an earlier run committed is skipped, anything else (changed files, edited
records with a restored mtime, failures, standard input) is done again."""

from __future__ import annotations

import json
import os

import pytest

from newstrace.engines.resume import ResumePlan
from newstrace.model import Article, InputFailure, RawDocument
from newstrace.pipeline import make_doc_id
from newstrace.readers import read_paths
from newstrace.settings import Settings
from newstrace.store.sqlite import SQLiteStore

RECORDS = [
    "Kharkiv, May 2 - The regional governor said 14 drones were shot down overnight.",
    "Odesa, May 2 - Port officials said grain loading resumed on Tuesday after a two-day pause.",
    "Lviv, May 3 - A rail depot was hit, the state railway said, with no injuries reported.",
    "Dnipro, May 3 - Volunteers delivered 300 generators to frontline villages, organisers said.",
]


def _write_jsonl(path, texts) -> None:
    path.write_text("".join(json.dumps({"text": t, "title": f"Report {i}"}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")


def _commit(store: SQLiteStore, items, run_id: str) -> None:
    """Commit items the way an engine does (article + log row in one transaction), without analysis."""
    for it in items:
        if isinstance(it, InputFailure):
            store.log_input(it, run_id=run_id)
        else:
            store.put(Article(doc_id=make_doc_id(it), source=it.source, text=it.text), run_id=run_id)


def _todo(store, path) -> list:
    plan = ResumePlan(store)
    run_id = store.start_run([str(path)])
    items = list(plan.filter(read_paths([str(path)], Settings()), run_id))
    return [(type(x).__name__, x.source.record if isinstance(x, RawDocument) else x.record) for x in items]


@pytest.mark.parametrize("committed", [0, 2, 4])
def test_resume_plan_skips_committed_prefix(tmp_path, committed):
    src = tmp_path / "wire.jsonl"
    _write_jsonl(src, RECORDS)
    with SQLiteStore(tmp_path / "s.db") as store:
        plan = ResumePlan(store)
        run_id = store.start_run([str(src)])
        items = list(read_paths([str(src)], Settings()))
        plan.state(str(src))  # the first run registers the file version before committing
        _commit(store, items[:committed], run_id)
        assert _todo(store, src) == [("RawDocument", r) for r in range(committed, len(RECORDS))]


@pytest.mark.parametrize("keep_mtime", [True, False])
def test_resume_plan_edited_file_is_done_again(tmp_path, keep_mtime):
    src = tmp_path / "wire.jsonl"
    _write_jsonl(src, RECORDS)
    with SQLiteStore(tmp_path / "s.db") as store:
        run_id = store.start_run([str(src)])
        ResumePlan(store).state(str(src))
        _commit(store, list(read_paths([str(src)], Settings())), run_id)
        st = os.stat(src)
        # Same length, different figure: size unchanged; with keep_mtime even the mtime is restored.
        _write_jsonl(src, [RECORDS[0].replace("14", "41"), *RECORDS[1:]])
        if keep_mtime:
            os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
        todo = _todo(store, src)
    if keep_mtime:  # the version check cannot see it; the logged doc_id does
        assert todo == [("RawDocument", 0)]
    else:  # a new file version starts over (stored articles are then found by doc_id)
        assert todo == [("RawDocument", r) for r in range(len(RECORDS))]


@pytest.mark.parametrize("bad_line", ['{"title": "no text"}'])
def test_resume_plan_failures_are_tried_again(tmp_path, bad_line):
    src = tmp_path / "wire.jsonl"
    _write_jsonl(src, RECORDS[:2])
    with open(src, "a", encoding="utf-8") as fh:
        fh.write(bad_line + "\n")
    with SQLiteStore(tmp_path / "s.db") as store:
        run_id = store.start_run([str(src)])
        ResumePlan(store).state(str(src))
        items = list(read_paths([str(src)], Settings()))
        assert isinstance(items[2], InputFailure)
        _commit(store, items, run_id)
        assert _todo(store, src) == [("InputFailure", 2)]


@pytest.mark.parametrize("name", ["dispatch.txt"])
def test_resume_plan_single_document_file(tmp_path, name):
    src = tmp_path / name
    src.write_text("Kherson, May 4 - Shelling damaged a water station, the city council said.\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "s.db") as store:
        assert _todo(store, src) == [("RawDocument", None)]
        run_id = store.start_run([str(src)])
        _commit(store, list(read_paths([str(src)], Settings())), run_id)
        plan = ResumePlan(store)
        run2 = store.start_run([str(src)])
        assert list(plan.filter(read_paths([str(src)], Settings()), run2)) == []
        assert plan.skipped == 1
        assert store.read("SELECT outcome FROM ingest_log WHERE run_id = ?", (run2,)) == [("unchanged",)]


@pytest.mark.parametrize("store_kind", ["no-store"])
def test_resume_plan_without_sqlite_store_does_nothing(tmp_path, store_kind):
    src = tmp_path / "wire.jsonl"
    _write_jsonl(src, RECORDS)
    plan = ResumePlan(object())
    assert not plan.enabled
    assert len(list(plan.filter(read_paths([str(src)], Settings()), "run"))) == len(RECORDS)
