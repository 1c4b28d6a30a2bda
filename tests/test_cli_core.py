"""The CLI through a subprocess: help, exit codes, analyze, ingest, search, show, export, stats."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newstrace import serialize

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
COMMANDS = ["analyze", "ingest", "search", "show", "export", "stats"]
ERROR_LINE = re.compile(r"^error: .+: \[NT\d{3}\] .+$")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newstrace", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A store built once by `newstrace ingest` over the fixtures (three articles, one bad file)."""
    base = tmp_path_factory.mktemp("cli")
    corpus = base / "corpus"
    shutil.copytree(FIXTURES, corpus)
    db = base / "store.db"
    first = run("ingest", str(corpus), "--db", str(db))
    second = run("ingest", str(corpus), "--db", str(db))
    return {"corpus": corpus, "db": str(db), "first": first, "second": second}


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_cli_core_help(command):
    r = run(*([command] if command else []), "--help")
    assert r.returncode == 0, r.stderr
    assert "Usage" in r.stdout
    if command is None:
        for c in COMMANDS:
            assert c in r.stdout


def test_cli_core_version():
    from newstrace import __version__

    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"newstrace {__version__}"


@pytest.mark.parametrize("args", [
    ["ingest"],                                         # missing PATH
    ["export", "--format", "xml"],                      # not a format
    ["analyze", "x.txt", "--format", "yaml"],
    ["search", "kherson", "--limit", "0"],
    ["frobnicate"],
])
def test_cli_core_bad_arguments_exit_2(args):
    r = run(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)


@pytest.mark.parametrize("args", [
    ["search", "kherson", "--db", "{missing}"],
    ["show", "abcdef12", "--db", "{missing}"],
    ["stats", "--db", "{missing}"],
    ["export", "--db", "{missing}"],
])
def test_cli_core_missing_store_exit_2(tmp_path, args):
    missing = str(tmp_path / "nope.db")
    r = run(*[a.replace("{missing}", missing) for a in args])
    assert r.returncode == 2
    assert "no store" in r.stderr
    assert not Path(missing).exists()  # reading never creates an empty store


@pytest.mark.parametrize("engine_args", [["--scheduler", "tcp://h:1"]])
def test_cli_core_unavailable_engine_exit_2(tmp_path, engine_args):
    # (the dask and process engines exist now and are tested in tests/test_engines_*.py)
    r = run("ingest", str(FIXTURES), "--db", str(tmp_path / "e.db"), *engine_args)
    assert r.returncode == 2 and "[NT400]" in r.stderr


def test_cli_core_analyze_jsonl_and_failures():
    r = run("analyze", str(FIXTURES / "odesa-port.txt"), str(FIXTURES / "lviv-drones.txt"),
            str(FIXTURES / "bad" / "corrupt-scan.bin"))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    articles = [serialize.from_json(line) for line in lines]
    assert "Odesa" in articles[0].text and "Lviv" in articles[1].text
    for a in articles:
        for e in a.entities:
            assert a.text[e.start:e.end]
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 1 and ERROR_LINE.match(errors[0]) and "corrupt-scan.bin" in errors[0]


def test_cli_core_analyze_stdin_and_text_format():
    text = (FIXTURES / "kherson-barges.txt").read_text(encoding="utf-8")
    r = run("analyze", "-", "--format", "text", stdin=text)
    assert r.returncode == 0, r.stderr
    assert "[body]" in r.stdout and "Kherson" in r.stdout
    r = run("analyze", "-", stdin=text)
    assert r.returncode == 0 and json.loads(r.stdout)["doc_id"]


def test_cli_core_ingest_summary_and_reingest(ingested):
    first, second = ingested["first"], ingested["second"]
    assert first.returncode == 1  # one bad input
    assert "3 new, 0 unchanged, 0 new versions, 1 failed" in first.stdout
    errors = [ln for ln in first.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and ERROR_LINE.match(errors[0])
    assert second.returncode == 1
    assert "0 new, 3 unchanged, 0 new versions, 1 failed" in second.stdout


def test_cli_core_search_text_and_json(ingested):
    db = ingested["db"]
    r = run("search", "grain", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "Odesa port reopens" in r.stdout or "grain" in r.stdout.lower()
    r = run("search", "grain", "--db", db, "--json")
    hits = [json.loads(line) for line in r.stdout.splitlines()]
    assert hits and all(h["doc_id"] for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    for h in hits:
        assert all(h["snippet"][s:e].lower().startswith("grain") for s, e in h["highlights"])
    r = run("search", '"grain', "--db", db, "--fts")
    assert r.returncode == 2 and "[NT401]" in r.stderr
    r = run("search", '"grain', "--db", db)  # plain text by default: the stray quote is only text
    assert r.returncode == 0 and "no matches" not in r.stdout
    r = run("search", "nonexistentword", "--db", db)
    assert r.returncode == 0 and "no matches" in r.stdout


def test_cli_core_search_entity_and_place_filters(ingested):
    """search --place / --entity keep only articles that carry that place / entity (as the web app's filters)."""
    db = ingested["db"]
    hits = [json.loads(line) for line in run("search", "grain", "--db", db, "--json").stdout.splitlines()]
    doc = json.loads(run("show", hits[0]["doc_id"], "--db", db, "--json").stdout)
    place = next(p["name"] for p in doc["places"] if p.get("resolved"))
    entity = doc["entities"][0]["canonical"]
    for flag, value in (("--place", place), ("--entity", entity)):
        r = run("search", "grain", "--db", db, "--json", flag, value)
        found = [json.loads(line)["doc_id"] for line in r.stdout.splitlines()]
        assert r.returncode == 0 and hits[0]["doc_id"] in found, (flag, value, r.stderr)
        r = run("search", "grain", "--db", db, flag, "Atlantis Nowhere")
        assert r.returncode == 0 and "no matches" in r.stdout, (flag, r.stdout)


def test_cli_core_show_by_prefix_and_json(ingested):
    db = ingested["db"]
    hit = json.loads(run("search", "Lviv", "--db", db, "--json", "--limit", "1").stdout.splitlines()[0])
    r = run("show", hit["doc_id"][:8], "--db", db)
    assert r.returncode == 0, r.stderr
    assert "Lviv" in r.stdout and hit["doc_id"] in r.stdout and "[body]" in r.stdout
    r = run("show", hit["doc_id"], "--db", db, "--json")
    article = serialize.from_json(r.stdout)
    assert article.doc_id == hit["doc_id"]
    r = run("show", hit["doc_id"], "--db", db, "--removed")
    if article.removed:
        assert "Removed" in r.stdout and article.removed[0].reason in r.stdout
    r = run("show", "ffffffffffff", "--db", db)
    assert r.returncode == 2 and "no article" in r.stderr


def test_cli_core_show_neutralises_control_characters(tmp_path):
    from newstrace.model import Article, Origin, Paragraph
    from newstrace.store.sqlite import SQLiteStore

    text = "Before \x1b[2J\x1b[31mRED [bold]markup[/bold] after\rover."
    db = tmp_path / "evil.db"
    with SQLiteStore(db) as s:
        s.put(Article(doc_id="e111111111111111aaaa", source=Origin(path="evil.txt"), text=text,
                      title="Evil \x1b]0;title\x07", paragraphs=[Paragraph(0, len(text))]))
    r = run("show", "e111111111111111aaaa", "--db", str(db))
    assert r.returncode == 0
    assert "\x1b" not in r.stdout and "\r" not in r.stdout and "\x07" not in r.stdout
    assert "[bold]markup[/bold]" in r.stdout  # shown literally, never interpreted
    r = run("search", "markup", "--db", str(db))
    assert r.returncode == 0 and "\x1b" not in r.stdout and "[bold]markup[/bold]" in r.stdout


# csv / parquet / xlsx exports are flat tables now: tests/test_exports_cli.py
@pytest.mark.parametrize("fmt", ["jsonl"])
def test_cli_core_export(ingested, tmp_path, fmt):
    db = ingested["db"]
    out = tmp_path / f"export.{fmt}"
    r = run("export", "--format", fmt, "--out", str(out), "--db", db)
    assert r.returncode == 0, r.stderr
    expected_keys = set(json.loads(run("export", "--db", db).stdout.splitlines()[0]))
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        import csv

        with out.open(encoding="utf-8", newline="") as fh:
            records = list(csv.DictReader(fh))
    else:
        duckdb = pytest.importorskip("duckdb")
        con = duckdb.connect()
        cur = con.execute("SELECT * FROM read_parquet(?) ORDER BY doc_id", [str(out)])
        names = [d[0] for d in cur.description]
        records = [dict(zip(names, row)) for row in cur.fetchall()]
        import pyarrow.parquet as pq

        assert pq.read_table(out).num_rows == 3
    assert len(records) == 3
    assert set(records[0]) == expected_keys
    for rec in records:
        paragraphs = rec["paragraphs"] if fmt == "jsonl" else json.loads(rec["paragraphs"])
        assert all(rec["text"][p["start"]:p["end"]] == p["text"] for p in paragraphs)


def test_cli_core_export_parquet_needs_out(ingested):
    r = run("export", "--format", "parquet", "--db", ingested["db"])
    assert r.returncode == 2 and "--out" in r.stderr


def test_cli_core_stats(ingested):
    db = ingested["db"]
    r = run("stats", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    st = json.loads(r.stdout)
    assert (st["articles"], st["failures"]) == (3, 1)
    assert st["last_run"]["outcomes"] == {"unchanged": 3, "failed": 1}
    r = run("stats", "--db", db)
    assert r.returncode == 0 and "Articles: 3" in r.stdout


@pytest.mark.parametrize("name", ["lviv-drones.txt"])
def test_cli_core_ingest_json_report(tmp_path, name):
    r = run("ingest", str(FIXTURES / name), "--db", str(tmp_path / "j.db"), "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert (report["new"], report["unchanged"], report["failed"], report["interrupted"]) == (1, 0, [], False)
    assert report["run_id"]
