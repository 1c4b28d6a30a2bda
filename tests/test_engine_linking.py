"""The parallel engines link on their own workers (``engines.linking``) and get the links the
single-process ingest gets: every corpus and event table row for row (times left out)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from newstrace.engines.synthetic import write_corpus
from newstrace.pipeline import Context
from newstrace.settings import Settings
from newstrace.store.sqlite import SQLiteStore

BATCH = 4
N_ARTICLES = 24
# Cross-article tables written by linking and event merging.
TABLES = ["corpus_prints", "corpus_bands", "corpus_keys", "corpus_meta", "links", "stories", "story_members",
          "claim_links", "event_docs", "event_reports", "merged_events"]
# Columns holding wall-clock times (and the linking high-water mark, a row id).
VOLATILE = {"linked_at", "created_at", "updated_at", "merged_at"}


def _digest(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out = {}
        for table in TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in VOLATILE]
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()  # names from the schema
            if table == "corpus_meta":
                rows = [r for r in rows if r[0] != "linked_upto"]
            out[table] = sorted(rows, key=repr)
        # The stored JSON text itself (the parallel engines store what their workers encoded).
        out["articles_json"] = sorted(conn.execute("SELECT doc_id, json FROM articles").fetchall())
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("enginelink") / "corpus"
    # Many copies (wire stories republished) so that copies, stories and stance all occur.
    write_corpus(root, N_ARTICLES, per_file=9, mean_words=140, copy_share=0.3, seed=5)
    return root


def _ingest(db: Path, corpus: Path, **engine):
    with SQLiteStore(db) as store:
        report = store.ingest([str(corpus)], Context(Settings(batch_size=BATCH)), **engine)
    assert not report.interrupted
    return report, _digest(db)


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("NEWSTRACE_STORY_MODEL", "lexical")
    try:
        return _ingest(tmp_path_factory.mktemp("local") / "local.db", corpus)
    finally:
        mp.undo()


@pytest.mark.slow
@pytest.mark.parametrize("engine", [{"engine": "dask", "workers": 2}, {"engine": "local", "workers": 2}],
                         ids=["dask-2", "processes-2"])
def test_engine_linking_same_tables_as_local(local_run, corpus, tmp_path, monkeypatch, engine):
    monkeypatch.setenv("NEWSTRACE_STORY_MODEL", "lexical")
    base_report, base = local_run
    assert base["links"] and base["claim_links"] and base["merged_events"], "the corpus must exercise linking"
    report, other = _ingest(tmp_path / "other.db", corpus, **engine)
    link = report.linking
    assert "error" not in link and not link["warnings"], link
    # The workers did the work they were given: every article's inputs, stance of every story member.
    assert link["prepared_on_workers"] == report.new == base_report.new
    # and the events merge took every article's reports from them (each article with events)
    assert link["merge_inputs_on_workers"] == len({r[1] for r in base["event_reports"]}) > 0  # (event_id, doc_id, ...)
    assert link["stance_jobs_on_workers"] >= 1 and link["stance_workers"] >= 1
    for table in TABLES:
        assert other[table] == base[table], table
    assert len(other["articles_json"]) == base_report.new and other["articles_json"] == base["articles_json"]


@pytest.mark.parametrize("doc", [0, 3])
def test_engine_linking_prepare_equals_what_linking_reads(tmp_path, doc):
    """A worker's prepared inputs equal what the linker computes from the stored article, and its
    reports what the events merge reads from it; they are taken only for that very stored text."""
    import json

    from newstrace import api
    from newstrace.corpus import boilerplate as bp
    from newstrace.corpus.fingerprint import fingerprint
    from newstrace.corpus.linker import light_article
    from newstrace.engines.linking import Prepared, prepare
    from newstrace.events.reports import reports_of
    from newstrace.engines.synthetic import records
    from newstrace.store import rows as stored

    rec = list(records(4, mean_words=120, seed=3))[doc]
    a = api.analyze_text(rec["text"], title=rec["title"], published=rec["published"])
    got = prepare([a])[a.doc_id]
    with SQLiteStore(str(tmp_path / "one.db")) as store:
        store.put(a)
        js = stored.article_json(store, a.doc_id)
        want = light_article(js)
    light, fp, sents, (_digest, reps) = got
    assert reps == reports_of(json.loads(js)) and reps  # an article with events: not vacuous
    cache = Prepared()
    cache.add({a.doc_id: got})
    assert cache.given(a.doc_id, js + " ") is None  # another text: decoded by the merge itself
    cache.add({a.doc_id: got})
    assert cache.given(a.doc_id, js) == reps and cache.reports_used == 1
    assert (light.text, light.title, light.published, light.source) == (want.text, want.title, want.published,
                                                                      want.source)
    assert light.entities == want.entities and light.places == want.places and light.claims == want.claims
    assert light.events == want.events and light.times == want.times
    assert light.entities and light.claims  # a real article: the comparison is not vacuous
    other = fingerprint(want)
    assert (fp.keys, fp.names, fp.numbers) == (other.keys, other.names, other.numbers)
    assert np.array_equal(fp.sig, other.sig) and np.array_equal(fp.anchor_sig, other.anchor_sig)
    assert sents == bp.sentence_keys(want.text, other.outlet)


@pytest.mark.parametrize(("cores", "expect"), [(1, 1), (2, 2), (3, 3), (8, 3)])
def test_engine_linking_stance_places_one_per_core(cores, expect):
    from newstrace.engines.linking import stance_places

    assert stance_places(["w1", "w2", "w3"], cores) == ["w1", "w2", "w3"][:expect]


@pytest.mark.parametrize("places", [["w1", "w2", "w3"]])
def test_engine_linking_one_story_one_worker(places):
    """Every stance job of a story (named by its first peer) goes to one worker; stories spread."""
    from concurrent.futures import Future

    from newstrace.engines.linking import _Pool

    sent: list[tuple[str | None, str]] = []

    def submit(fn, jobs, where=None):
        sent.extend((where, args[2]) for _job, args in jobs)  # linking._timed([(job, (path, doc_id, peer_ids))])
        f = Future()
        f.set_result(fn(jobs))
        return f

    pool = _Pool(submit, places)

    def job(path, doc_id, peer_ids):
        return [doc_id]

    for story in range(12):
        first = f"story{story}-a"
        for member in range(4):
            assert pool.submit(job, "store.db", f"story{story}-m{member}", [first, f"x{member}"]).result() == \
                [f"story{story}-m{member}"]
    by_story: dict[str, set] = {}
    for where, peers in sent:
        by_story.setdefault(peers[0], set()).add(where)
    assert all(len(w) == 1 for w in by_story.values())
    assert len({w for ws in by_story.values() for w in ws}) > 1  # not everything on one worker
    assert pool.jobs == 48 and pool.cpu >= 0 and len(pool.pids) == 1


@pytest.mark.parametrize(("total", "wanted"), [(None, False), (10, True), (11, False)])
def test_engine_linking_prepares_only_a_corpus_that_fits(total, wanted):
    """Linking goes in publication order: a corpus larger than the cache is not prepared at all."""
    from newstrace.engines.linking import Prepared

    cache = Prepared(limit=10)
    cache.size(total)
    assert cache.wanted is wanted


def test_link_preload_imports_what_the_link_phase_needs():
    """The engines import the link phase's modules while their workers warm up (linking.preload):
    every name in linking.PRELOAD is a module, imported by it in a fresh interpreter."""
    import subprocess
    import sys

    code = ("import sys; from newstrace.engines import linking as L; before = set(sys.modules); L.preload(); "
            "missing = [m for m in L.PRELOAD if m not in sys.modules]; "
            "print(len(set(sys.modules) - before), missing)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    count, missing = out.stdout.split(" ", 1)
    assert missing.strip() == "[]" and int(count) > 50, out.stdout


def test_engine_linking_stance_jobs_sent_in_groups():
    """Stance jobs go to a place GROUP at a time (one task), the rest when a result is first asked for;
    each job answers its own result, a job that raised raises alone, and a refused task fails only its
    jobs (the linker then scores them itself)."""
    from concurrent.futures import Future

    from newstrace.engines.linking import _Pool

    tasks: list[tuple[str | None, int]] = []

    def submit(fn, jobs, where=None):
        tasks.append((where, len(jobs)))
        f = Future()
        f.set_result(fn(jobs))
        return f

    def job(path, doc_id, peer_ids):
        if doc_id == "bad":
            raise ValueError("no model")
        return [doc_id, len(peer_ids)]

    pool = _Pool(submit, ["w1", "w2"], group=3)
    futs = [pool.submit(job, "s.db", f"d{i}", ["story-a"]) for i in range(7)]
    bad = pool.submit(job, "s.db", "bad", ["story-a"])
    assert len(tasks) == 2 and all(n == 3 for _w, n in tasks) and len({w for w, _n in tasks}) == 1  # 2 held
    assert [f.result() for f in futs] == [[f"d{i}", 1] for i in range(7)]
    assert tasks[-1][1] == 2 and pool.tasks == 3 and pool.jobs == 8
    with pytest.raises(RuntimeError, match="no model"):
        bad.result()

    def refuse(fn, jobs, where=None):
        raise RuntimeError("cannot schedule new futures after shutdown")

    broken = _Pool(refuse, None, group=2)
    held = [broken.submit(job, "s.db", f"d{i}", []) for i in range(3)]
    for f in held:
        with pytest.raises(RuntimeError, match="shutdown"):
            f.result()
