"""Same answer either way: the local engine, N local processes and a 2-worker Dask LocalCluster
store the same articles, record for record, and ``--out`` Parquet holds the same rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace import serialize
from newstrace.engines.synthetic import write_corpus
from newstrace.pipeline import Context
from newstrace.settings import Settings
from newstrace.store.sqlite import SQLiteStore

# Small partitions so that every engine splits files into several record ranges.
BATCH = 4
N_ARTICLES = 18
# Keys that legitimately differ between two runs of the same input (wall-clock times).
VOLATILE = {"ingested_at", "linked_at", "created_at", "updated_at", "time"}


def _strip(obj):
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [_strip(x) for x in obj]
    return obj


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("engines") / "corpus"
    write_corpus(root, N_ARTICLES, per_file=7, mean_words=110, copy_share=0.2, text_files=3, seed=11)
    # A malformed record in the middle of a JSON Lines file: its failure must keep its place.
    part = root / "part-00001.jsonl"
    lines = part.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"title": "no text field here"}')
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _snapshot(db: Path) -> dict:
    with SQLiteStore(db) as store:
        docs = {doc_id: _strip(serialize.to_dict(store.get(doc_id)))
                for (doc_id,) in store.read("SELECT doc_id FROM articles ORDER BY doc_id")}
        log = store.read("SELECT path, record, outcome, code, doc_id FROM ingest_log ORDER BY id")
    return {"docs": docs, "log": log}


def _ingest(db: Path, corpus: Path, ctx: Context, **engine) -> dict:
    with SQLiteStore(db) as store:
        report = store.ingest([str(corpus)], ctx, **engine)
    assert not report.interrupted
    return {"report": report, **_snapshot(db)}


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory, ctx):
    db = tmp_path_factory.mktemp("local") / "local.db"
    return _ingest(db, corpus, Context(Settings(batch_size=BATCH), nlp=ctx.nlp))


@pytest.mark.slow
@pytest.mark.parametrize("engine", [{"engine": "dask", "workers": 2}, {"engine": "local", "workers": 2}],
                         ids=["dask-2", "processes-2"])
def test_engines_same_answer_as_local(local_run, corpus, tmp_path, engine):
    other = _ingest(tmp_path / "other.db", corpus, Context(Settings(batch_size=BATCH)), **engine)
    base = local_run
    assert base["report"].new == N_ARTICLES and len(base["report"].failed) == 1
    assert (other["report"].new, len(other["report"].failed)) == (base["report"].new, len(base["report"].failed))
    assert sorted(other["docs"]) == sorted(base["docs"])
    for doc_id, d in base["docs"].items():
        assert other["docs"][doc_id] == d, doc_id
    # The ingest log in the same order: every record's outcome, failures in place.
    assert other["log"] == base["log"]
    # The furniture pre-pass reached the workers: outlet furniture was removed as such.
    reasons = [r["reason"] for d in other["docs"].values() for r in d["removed"]]
    assert "outlet-boilerplate" in reasons, sorted(set(reasons))


@pytest.fixture()
def scheduler(request):
    """An existing Dask scheduler (2 worker processes) for the dask case, as --scheduler would name."""
    if request.node.callspec.params["engine"] != "dask":
        yield None
        return
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["dask", "local"])
def test_engines_parquet_out_matches_store(local_run, corpus, tmp_path, engine, scheduler):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "parquet"
    db = tmp_path / "log.db"
    opts = {"engine": engine, "workers": None if scheduler else 2, "scheduler": scheduler, "out": str(out)}
    with SQLiteStore(db) as store:
        report = store.ingest([str(corpus)], Context(Settings(batch_size=BATCH)), **opts)
        assert report.new == N_ARTICLES and store.count() == 0  # articles went to Parquet, not the store
    glob = str(out / "*.parquet")
    con = duckdb.connect()
    rows = con.execute(f"SELECT doc_id, text, entities, source FROM read_parquet('{glob}') ORDER BY doc_id").fetchall()
    assert [r[0] for r in rows] == sorted(local_run["docs"])
    for doc_id, text, entities, source in rows:
        want = local_run["docs"][doc_id]
        assert text == want["text"]
        assert json.loads(entities) == want["entities"]
        assert json.loads(source) == want["source"]
    # A second run of the same command resumes from the log: nothing analysed, nothing added.
    with SQLiteStore(db) as store:
        again = store.ingest([str(corpus)], Context(Settings(batch_size=BATCH)), **opts)
    assert (again.new, again.unchanged) == (0, N_ARTICLES)
    (n,) = con.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchone()
    assert n == N_ARTICLES
