"""`newstrace quotes` and `newstrace claims` on files (analysed on the fly) and their JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "attribution"


@pytest.mark.parametrize("speaker, expect, reject", [
    ("Dmitry Peskov", "We don't comment on rumours", "We will rebuild"),
    (None, "We will rebuild", None),
])
def test_attribution_cli_quotes_json(speaker, expect, reject):
    args = ["quotes", str(FIXTURES / "port_strikes.txt"), "--json"] + (["--speaker", speaker] if speaker else [])
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert any(expect in row["text"] for row in rows)
    if reject:
        assert not any(reject in row["text"] for row in rows)
    for row in rows:
        assert row["content"]["text"] == row["text"]
        if speaker:
            assert row["speaker_entity"] == speaker


@pytest.mark.parametrize("status", ["unverified", "denied"])
def test_attribution_cli_claims_status_filter(status):
    r = CliRunner().invoke(app, ["claims", str(FIXTURES / "port_strikes.txt"), "--status", status, "--json"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert rows and all(row["status"] == status for row in rows)
    assert all(len(row["claim_id"]) == 16 for row in rows)


@pytest.mark.parametrize("command", ["quotes", "claims"])
def test_attribution_cli_table_output(command):
    r = CliRunner().invoke(app, [command, str(FIXTURES / "rail_inquiry.txt")])
    assert r.exit_code == 0, r.output
    assert ("Quotes" if command == "quotes" else "Claims") in r.stdout


@pytest.mark.parametrize("command", ["quotes", "claims"])
def test_attribution_cli_missing_input_fails(command, tmp_path):
    r = CliRunner().invoke(app, [command, str(tmp_path / "nope.txt")])
    assert r.exit_code == 1
