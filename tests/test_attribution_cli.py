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


@pytest.mark.parametrize("flag, kinds", [([], {"speech"}), (["--all"], {"speech", "belief"})])
def test_attribution_cli_quotes_speech_by_default(flag, kinds):
    r = CliRunner().invoke(app, ["quotes", str(FIXTURES / "kinds_furniture.txt"), "--json", *flag])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert kinds <= {row["attribution"] for row in rows}
    if not flag:
        assert {row["attribution"] for row in rows} == {"speech"}
        assert not any("Russian artillery" in row["text"] for row in rows)  # a belief


@pytest.mark.parametrize("flag", [[], ["--all"]])
def test_attribution_cli_claims_ranked_with_reasons(flag):
    r = CliRunner().invoke(app, ["claims", str(FIXTURES / "kinds_furniture.txt"), "--json", *flag])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    ranked = [row for row in rows if row["check_rank"]]
    assert ranked and all(row["check_reasons"] and row["check_score"] > 0 for row in ranked)
    if flag:
        assert len(rows) > len(ranked)
    else:
        assert rows == ranked and [row["check_rank"] for row in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize("flag, shown", [([], False), (["--all"], True)])
def test_attribution_cli_show_section_speech_by_default(flag, shown):
    from rich.console import Console

    from newstrace import api
    from newstrace.cli.show import ShowOptions, attributions

    (a,) = list(api.analyze_paths([str(FIXTURES / "kinds_furniture.txt")]))
    console = Console(width=400, record=True)
    console.print(attributions(a, ShowOptions(all_attributions=bool(flag))))
    out = console.export_text()
    assert "Check-worthy claims, ranked" in out
    quotes_part = out.split("Check-worthy claims, ranked")[0]
    assert ("Russian artillery" in quotes_part) is shown
