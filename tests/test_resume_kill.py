"""kill -9 mid-ingest, then the same command again: the store ends up exactly as after one clean
run -- no article lost, none stored twice, committed records not analysed again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace import serialize
from newstrace.engines.synthetic import write_corpus
from newstrace.pipeline import Context
from newstrace.settings import Settings
from newstrace.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 60
BATCH = 4
# Kill once this many articles are committed: past the first JSON Lines partitions, far from the end.
KILL_AFTER = 10
# Give up waiting for progress after this long (spaCy start-up on a busy shared machine).
PROGRESS_TIMEOUT_S = 300
VOLATILE = {"ingested_at", "linked_at", "created_at", "updated_at", "time"}


def _strip(obj):
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [_strip(x) for x in obj]
    return obj


def _committed(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _docs(db: Path) -> dict:
    with SQLiteStore(db) as store:
        return {d: _strip(serialize.to_dict(store.get(d))) for (d,) in store.read("SELECT doc_id FROM articles")}


@pytest.mark.slow
@pytest.mark.parametrize("engine_args", [[], ["--workers", "2"]], ids=["local", "processes-2"])
def test_resume_kill9_rerun_equals_clean_run(tmp_path, ctx, engine_args):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_ARTICLES, per_file=20, mean_words=120, text_files=8, seed=3)
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "newstrace", "ingest", str(corpus), "--db", str(db), "-q", *engine_args]
    env = dict(os.environ, NEWSTRACE_BATCH_SIZE=str(BATCH))
    # Own session: SIGKILL goes to the whole process group (worker processes included), like a crash.
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + PROGRESS_TIMEOUT_S
        while _committed(db) < KILL_AFTER:
            if proc.poll() is not None:
                pytest.fail(f"ingest ended before the kill: {proc.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("no progress in time")
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    killed_at = _committed(db)
    assert KILL_AFTER <= killed_at < N_ARTICLES, "the kill should land mid-run"

    again = subprocess.run([*cmd, "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr[-2000:]

    clean_db = tmp_path / "clean.db"
    with SQLiteStore(clean_db) as store:
        clean = store.ingest([str(corpus)], Context(Settings(batch_size=BATCH), nlp=ctx.nlp))
    assert clean.new == N_ARTICLES

    resumed, reference = _docs(db), _docs(clean_db)
    assert sorted(resumed) == sorted(reference)  # nothing lost, nothing extra
    for doc_id, d in reference.items():
        assert resumed[doc_id] == d, doc_id
    with SQLiteStore(db) as store:
        # Every record committed exactly once across both runs, and each article stored once.
        per_record = store.read("SELECT path, record, count(*) FROM ingest_log WHERE outcome IN ('ok', 'version')"
                                " GROUP BY path, record")
        assert len(per_record) == N_ARTICLES and {n for *_, n in per_record} == {1}
        assert store.read("SELECT count(*), max(version) FROM articles") == [(N_ARTICLES, 1)]
        # The second run skipped what the first committed instead of analysing it again.
        (run2,) = store.read("SELECT run_id FROM ingest_runs ORDER BY started DESC, rowid DESC LIMIT 1")[0]
        outcomes = dict(store.read("SELECT outcome, count(*) FROM ingest_log WHERE run_id = ? GROUP BY outcome",
                                   (run2,)))
    assert outcomes == {"unchanged": killed_at, "ok": N_ARTICLES - killed_at}
