"""`newstrace events` and `newstrace event ID`, run in process with Typer's runner on a small merged store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from newstrace.cli import app
from test_events_web import HOSTILE, build_event_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_event_store(str(tmp_path_factory.mktemp("evcli") / "ev.db"))


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "250"})


def _main_id(db) -> str:
    data = json.loads(run("events", "--db", db, "--json", "--type", "ART_MISS_ATTACK").stdout)
    return data["items"][0]["event_id"]


@pytest.mark.parametrize("args, n", [((), 2), (("--type", "arrest"), 1), (("--place", "Kramatorsk"), 1),
                                     (("--actor", "russia"), 1), (("--since", "2022-05"), 1),
                                     (("--until", "2022-04-30"), 1), (("--min-sources", "2"), 1)])
def test_events_cli_filters_json(db, args, n):
    r = run("events", "--db", db, "--json", *args)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["total"] == n


def test_events_cli_table_lists_sources_and_conflicts(db):
    r = run("events", "--db", db)
    assert r.exit_code == 0, r.output
    assert "Kramatorsk" in r.stdout and "denial" in r.stdout and "figure" in r.stdout


def test_events_cli_one_event_every_report_and_conflict(db):
    eid = _main_id(db)
    r = run("event", eid[:9], "--db", db)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Reports (4)" in out and "independent sources: 4 of 4 articles" in out
    assert "denied by Russia" in out and "fatalities" in out and "russia:" in out and "ukraine:" in out
    assert "killing 50 people" in out and "killed 57 people" in out
    data = json.loads(run("event", eid, "--db", db, "--json").stdout)
    assert data["event_id"] == eid and len(data["conflicts"]) >= 3
    # an article event's own id finds its merged event too
    assert json.loads(run("event", data["reports"][0]["event_id"], "--db", db, "--json").stdout)["event_id"] == eid


def test_events_cli_csv_and_geojson(db):
    r = run("events", "--db", db, "--csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 2 and {x["event_type"] for x in rows} == {"Explosions/Remote violence", "Strategic developments"}
    g = json.loads(run("events", "--db", db, "--geojson").stdout)
    assert g["type"] == "FeatureCollection" and len(g["features"]) == 2


def test_events_cli_hostile_text_is_not_markup(db):
    r = run("event", _main_id(db), "--db", db)
    assert HOSTILE in r.stdout  # printed as text, not interpreted


@pytest.mark.parametrize("args", [("events", "--type", "nonsense-type"), ("events", "--since", "yesterday"),
                                  ("event", "ev-missing"), ("events", "--json", "--csv"), ("events", "--full")])
def test_events_cli_usage_errors_exit_2(db, args):
    r = run(*args, "--db", db)
    assert r.exit_code == 2
    assert "error:" in r.stderr


def test_events_cli_merge_is_incremental(db):
    r = run("events", "--db", db, "--merge", "--json")
    assert r.exit_code == 0
    assert "Merged 0 event reports of 0 articles" in r.stderr
    r = run("events", "--db", db, "--merge", "--full", "--json")
    assert "Merged 5 event reports of 5 articles" in r.stderr and json.loads(r.stdout)["total"] == 2
