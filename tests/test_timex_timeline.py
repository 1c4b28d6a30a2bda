"""Dated events across articles (newstrace.timex.timeline) and the `newstrace timeline` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newstrace
from newstrace.cli import app
from newstrace.timex.timeline import build

TIMES = Path(__file__).resolve().parent / "fixtures" / "times"
GOLD = json.loads((TIMES / "gold.json").read_text(encoding="utf-8"))
NAMES = [k for k in GOLD if not k.startswith("_")]


@pytest.fixture(scope="module")
def articles(ctx):
    out = []
    for name in NAMES:
        meta = {"published": GOLD[name]["published"]} if GOLD[name]["published"] else {}
        out.append(newstrace.analyze((TIMES / name).read_text(encoding="utf-8"), ctx=ctx, title=name, **meta))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The fixture articles as JSON files carrying their publication dates (the undated one without)."""
    d = tmp_path_factory.mktemp("timeline")
    for name in NAMES:
        rec = {"title": name, "text": (TIMES / name).read_text(encoding="utf-8")}
        if GOLD[name]["published"]:
            rec["published"] = GOLD[name]["published"]
        (d / (name[:-4] + ".json")).write_text(json.dumps(rec), encoding="utf-8")
    return d


def test_timex_timeline_order_and_evidence(articles):
    tl = build(articles)
    assert tl.articles == len(NAMES)
    starts = [(e.range_start, e.range_end) for e in tl.events]
    assert starts == sorted(starts) and len(starts) > 15
    for e in tl.events:
        assert e.sentence[e.expr_start:e.expr_end] == e.expression
        assert e.range_start <= e.range_end
    by_expr = {(e.title, e.expression): e for e in tl.events}
    assert by_expr[("ridgeford_truce.txt", "24 February")].range_start == "2022-02-24"
    assert "war began" in by_expr[("ridgeford_truce.txt", "24 February")].sentence
    assert by_expr[("salvek_blockade.txt", "yesterday")].range_start == "2024-02-29"
    # Durations, sets and "now" are not calendar points.
    assert not any(e.type not in ("date", "time") for e in tl.events)
    assert not any(e.title == "undated_dispatch.txt" for e in tl.events)
    assert tl.unplaced == sum(1 for w in GOLD["undated_dispatch.txt"]["find"] if w["type"] in ("date", "time"))


@pytest.mark.parametrize(("since", "until"), [("2024", None), (None, "2022-12"), ("2023-01", "2023-01")])
def test_timex_timeline_since_until(articles, since, until):
    evs = build(articles, since=since, until=until).events
    everything = build(articles).events
    assert 0 < len(evs) < len(everything)
    # An event is kept when its range overlaps the window, so "last week" (Dec 26 - Jan 1) is in January.
    for e in evs:
        assert since is None or e.range_end[: len(since)] >= since
        assert until is None or e.range_start[: len(until)] <= until


def test_timex_timeline_cli_from_paths_json(corpus):
    r = CliRunner().invoke(app, ["timeline", str(corpus), "--json"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert rows and [x["range_start"] for x in rows] == sorted(x["range_start"] for x in rows)
    assert {x["title"] for x in rows} == {n for n in NAMES if GOLD[n]["published"]}


def test_timex_timeline_cli_table_and_undated_note(corpus):
    r = CliRunner().invoke(app, ["timeline", str(corpus), "--limit", "5"])
    assert r.exit_code == 0
    assert "Timeline" in r.stdout and "more" in r.stdout
    assert "could not be placed" in r.stderr


def test_timex_timeline_cli_from_store(corpus, tmp_path):
    db = str(tmp_path / "t.db")
    with newstrace.open(db) as store:
        store.ingest([str(corpus)])
    r = CliRunner().invoke(app, ["timeline", "--db", db, "--json", "--since", "2024-02-29", "--until", "2024-02-29"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert [x["expression"] for x in rows] == ["Last month", "yesterday"]  # both cover February 29


@pytest.mark.parametrize("bad", ["last week", "2022/01/01", "22-01"])
def test_timex_timeline_cli_rejects_bad_bounds(corpus, bad):
    r = CliRunner().invoke(app, ["timeline", str(corpus), "--since", bad])
    assert r.exit_code == 2


def test_timex_timeline_cli_escapes_control_characters(tmp_path):
    rec = {"text": "Shelling resumed on Friday \x1b[2J\x1b[31mnear the depot, officials said.\n", "published": "2022-08-27"}
    (tmp_path / "a.json").write_text(json.dumps(rec), encoding="utf-8")
    r = CliRunner().invoke(app, ["timeline", str(tmp_path)])
    assert r.exit_code == 0
    assert "2022-08-26" in r.stdout and "\x1b" not in r.stdout


@pytest.mark.parametrize("since", [None, "2023"])
def test_timex_timeline_api_skips_failures(articles, since):
    from newstrace import api
    from newstrace.model import InputFailure

    mixed = [InputFailure(path="x.html", code="NT106", reason="truncated"), *articles]
    tl = api.timeline(mixed, since=since)
    assert tl.articles == len(articles)
    assert tl.events == build(articles, since=since).events


@pytest.mark.parametrize("db_name", ["missing.db"])
def test_timex_timeline_cli_missing_store_is_a_usage_error(tmp_path, db_name):
    r = CliRunner().invoke(app, ["timeline", "--db", str(tmp_path / db_name)])
    assert r.exit_code == 2
    assert not (tmp_path / db_name).exists(), "reading a timeline never creates a store"
