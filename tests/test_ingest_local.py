"""The local ingest loop: outcomes, re-ingest idempotence, versions, engines, progress, interrupts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newstrace.errors import UsageError
from newstrace.ingest import IngestProgress, ingest
from newstrace.pipeline import Context
from newstrace.settings import Settings
from newstrace.store.sqlite import SQLiteStore

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
N_GOOD = 3  # the three .txt articles; bad/ holds one unreadable file
COUNTED = ("articles", "articles_fts", "entities", "places", "quotes", "claims", "times")


@pytest.fixture()
def ingest_ctx(ctx):
    # A private Context (sharing the session's spaCy model) so the furniture model an ingest
    # installs never leaks into other tests.
    return Context(Settings(), nlp=ctx.nlp)


@pytest.fixture()
def corpus(tmp_path):
    dst = tmp_path / "corpus"
    shutil.copytree(FIXTURES, dst)
    return dst


def table_counts(store):
    return {t: store._read(f"SELECT count(*) FROM {t}")[0][0] for t in COUNTED}


@pytest.mark.parametrize("runs", [2, 3])
def test_ingest_local_reingest_changes_nothing(tmp_db, corpus, ingest_ctx, runs, monkeypatch):
    import newstrace.ingest as ingest_mod

    analysed: list[str] = []
    real_process = ingest_mod.process

    def counting_process(items, ctx):
        def note(it):
            for x in it:
                analysed.append(type(x).__name__)
                yield x
        return real_process(note(items), ctx)

    monkeypatch.setattr(ingest_mod, "process", counting_process)
    with SQLiteStore(tmp_db) as store:
        first = ingest(store, [corpus], ingest_ctx)
        assert (first.new, first.unchanged, first.versions) == (N_GOOD, 0, 0)
        assert [Path(f.path).name for f in first.failed] == ["corrupt-scan.bin"]
        assert first.failed[0].code.startswith("NT1")
        snapshot = table_counts(store)
        json_rows = store._read("SELECT doc_id, json FROM articles ORDER BY doc_id")
        assert analysed.count("RawDocument") == N_GOOD
        for _ in range(runs - 1):
            analysed.clear()
            again = store.ingest([corpus], ingest_ctx)
            assert "RawDocument" not in analysed  # stored documents are not analysed again
            assert (again.new, again.unchanged, again.versions, len(again.failed)) == (0, N_GOOD, 0, 1)
            assert table_counts(store) == snapshot
            assert store._read("SELECT doc_id, json FROM articles ORDER BY doc_id") == json_rows
        log = store.ingest_log(run_id=first.run_id)
        assert sorted(r["outcome"] for r in log) == ["failed"] + ["ok"] * N_GOOD
        failed_row = next(r for r in log if r["outcome"] == "failed")
        assert failed_row["path"].endswith("corrupt-scan.bin") and failed_row["code"] and failed_row["reason"]
        assert store.stats().last_run["status"] == "done"


def test_ingest_local_changed_file_becomes_version(tmp_db, corpus, ingest_ctx):
    with SQLiteStore(tmp_db) as store:
        store.ingest([corpus / "odesa-port.txt"], ingest_ctx)
        (old,) = [h.doc_id for h in store.articles().items]
        f = corpus / "odesa-port.txt"
        f.write_text(f.read_text(encoding="utf-8") + "\nThis article was updated to add the authority's figures.\n",
                     encoding="utf-8")
        report = store.ingest([f], ingest_ctx)
        assert (report.new, report.versions) == (0, 1)
        (current,) = store.articles().items
        assert current.doc_id != old and current.version == 2
        assert store.get(current.doc_id).previous_doc_id == old


@pytest.mark.parametrize("options", [
    {"engine": "local", "scheduler": "tcp://127.0.0.1:8786"},
    {"engine": "local", "out": "shards/"},
    {"engine": "spark"},
    {"engine": "local", "workers": 0},
])
def test_ingest_local_unavailable_engine_is_usage_error(tmp_db, corpus, ingest_ctx, options):
    with SQLiteStore(tmp_db) as store:
        with pytest.raises(UsageError):
            ingest(store, [corpus], ingest_ctx, **options)
        assert store.count() == 0


def test_ingest_local_progress_reports_every_input(tmp_db, corpus, ingest_ctx):
    events: list[IngestProgress] = []
    with SQLiteStore(tmp_db) as store:
        report = store.ingest([corpus], ingest_ctx, progress=events.append)
    stored = [e for e in events if e.phase == "store"]
    assert [e.done for e in stored] == list(range(1, N_GOOD + 2))
    assert sum(e.failure is not None for e in stored) == 1
    assert sum(e.article is not None for e in stored) == N_GOOD
    last = stored[-1]
    assert (last.new, last.failed) == (report.new, len(report.failed)) == (N_GOOD, 1)


def test_ingest_local_interrupt_keeps_only_whole_articles(tmp_db, corpus, ingest_ctx):
    def stop_after_two(ev: IngestProgress) -> None:
        if ev.phase == "store" and ev.new == 2:
            raise KeyboardInterrupt

    with SQLiteStore(tmp_db) as store:
        with pytest.raises(KeyboardInterrupt):
            store.ingest([corpus / "kherson-barges.txt", corpus / "lviv-drones.txt", corpus / "odesa-port.txt"],
                         ingest_ctx, progress=stop_after_two)
        assert store.count() == 2
        counts = table_counts(store)
        assert counts["articles_fts"] == counts["articles"] == 2
        assert store.stats().last_run["status"] == "interrupted"
        for a in store.iter_articles():
            assert a.text and a.paragraphs
        resumed = store.ingest([corpus], ingest_ctx)
        assert (resumed.new, resumed.unchanged) == (1, 2)


def test_ingest_local_furniture_prepass_sees_every_document(tmp_db, corpus, ingest_ctx, monkeypatch):
    furniture = pytest.importorskip("newstrace.corpus.furniture")
    seen = []
    observe = furniture.FurnitureModel.observe

    def spy(self, raw):
        seen.append(raw.source.path)
        return observe(self, raw)

    monkeypatch.setattr(furniture.FurnitureModel, "observe", spy)
    events: list[IngestProgress] = []
    with SQLiteStore(tmp_db) as store:
        report = store.ingest([corpus], ingest_ctx, progress=events.append)
    assert sorted(Path(p).name for p in seen) == ["kherson-barges.txt", "lviv-drones.txt", "odesa-port.txt"]
    model = ingest_ctx.get("furniture")
    assert isinstance(model, furniture.FurnitureModel)
    assert model.min_articles == max(2, ingest_ctx.settings.furniture_min_articles)
    assert report.new == N_GOOD
    assert {e.total for e in events if e.phase == "store"} == {N_GOOD + 1}  # known after the pre-pass
