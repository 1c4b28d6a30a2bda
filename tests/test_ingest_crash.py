"""Killing an ingest mid-run (SIGKILL, or SIGTERM handled as an interrupt) leaves a consistent
store: every article row is whole, and a re-run completes the job."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace import serialize
from newstrace.pipeline import Context
from newstrace.settings import Settings
from newstrace.store.facets import FACETS
from newstrace.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
N_INPUTS = 80
# Give up waiting for the first committed article after this long (spaCy start-up on a busy box).
START_TIMEOUT_S = 180


def _articles_committed(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("sig, returncode, run_status", [
    (signal.SIGKILL, -signal.SIGKILL, "running"),  # no chance to clean up: the run never records its end
    (signal.SIGTERM, 130, "interrupted"),
])
def test_ingest_crash_kill_leaves_consistent_store(tmp_path, ctx, sig, returncode, run_status):
    batch_size = 4
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    bases = sorted(FIXTURES.glob("*.txt"))
    for i in range(N_INPUTS):
        base = bases[i % len(bases)].read_text(encoding="utf-8")
        (corpus / f"{i:04d}.txt").write_text(
            base + f"\nCorrection {i}: an earlier version of this report misstated the number of barges.\n",
            encoding="utf-8")
    db = tmp_path / "killed.db"
    env = dict(os.environ, NEWSTRACE_BATCH_SIZE=str(batch_size))
    proc = subprocess.Popen([sys.executable, "-m", "newstrace", "ingest", str(corpus), "--db", str(db), "-q"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while _articles_committed(db) < 1:
            if proc.poll() is not None:
                pytest.fail(f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("no article committed in time")
            time.sleep(0.02)
        proc.send_signal(sig)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert proc.returncode == returncode

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with SQLiteStore(db) as store:
        n = store.count(current_only=False)
        assert 0 < n < N_INPUTS, "the kill should land mid-run"
        assert store._read("SELECT count(*) FROM articles_fts")[0][0] == n
        for rowid, doc_id, js in store._read("SELECT id, doc_id, json FROM articles"):
            article = serialize.from_json(js)
            assert article.doc_id == doc_id and article.text and article.paragraphs
            (fts_text,) = store._read("SELECT text FROM articles_fts WHERE rowid = ?", (rowid,))[0]
            assert fts_text == article.text
            for table, columns, rows_fn in FACETS:
                stored = store._read(f"SELECT {', '.join(columns)} FROM {table} WHERE doc_id = ?", (doc_id,))
                assert sorted(map(repr, stored)) == sorted(map(repr, rows_fn(article))), table
            outcomes = store._read("SELECT outcome FROM ingest_log WHERE doc_id = ?", (doc_id,))
            assert outcomes == [("ok",)]
        (status,) = store._read("SELECT status FROM ingest_runs")[0]
        assert status == run_status
        # Re-running finishes the job: what was committed comes back unchanged.
        report = store.ingest([corpus], Context(Settings(), nlp=ctx.nlp))
        assert (report.new, report.unchanged, len(report.failed)) == (N_INPUTS - n, n, 0)
        assert json.loads(store._read("SELECT paths FROM ingest_runs ORDER BY started DESC, rowid DESC")[0][0])
