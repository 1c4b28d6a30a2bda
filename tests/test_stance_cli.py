"""`newstrace stance --pairs`: JSON Lines in, stance lines out, bad lines reported and skipped."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newstrace.stance.batch import PairFailure, parse_pairs

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stance"
CLAIM = (FIXTURES / "claim.txt").read_text(encoding="utf-8").strip()
ERROR_LINE = re.compile(r"^error: .+:(\d+): \[NT\d{3}\] .+$")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newstrace", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def _lines() -> tuple[list[str], dict]:
    texts = {n: (FIXTURES / f"{n}.txt").read_text(encoding="utf-8") for n in ("support", "unrelated")}
    lines = [
        json.dumps({"id": "a1", "claim": CLAIM, "text": texts["support"]}),
        '{"id": "broken", "claim": "no closing brace"',  # line 2: not JSON
        json.dumps({"id": 7, "claim": CLAIM, "text": texts["unrelated"]}),
        json.dumps({"id": "a3", "claim": CLAIM}),  # line 4: no text
        "",
        json.dumps({"id": "a4", "claim": CLAIM, "text": texts["support"]}),
    ]
    return lines, {"a1": texts["support"], 7: texts["unrelated"], "a4": texts["support"]}


@pytest.mark.parametrize("use_out", [True, False])
def test_stance_cli_round_trip_with_bad_lines(tmp_path, use_out):
    lines, texts = _lines()
    src = tmp_path / "pairs.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run("stance", "--pairs", str(src), *(["--out", str(out)] if use_out else []))
    assert proc.returncode == 1, proc.stderr
    errors = [ERROR_LINE.match(x) for x in proc.stderr.splitlines() if x.startswith("error:")]
    assert all(errors) and [int(m.group(1)) for m in errors] == [2, 4]
    rows = [json.loads(x) for x in (out.read_text(encoding="utf-8") if use_out else proc.stdout).splitlines()]
    assert [r["id"] for r in rows] == ["a1", 7, "a4"]
    for r in rows:
        assert r["stance"] in {"agree", "disagree", "discuss", "unrelated"}
        assert 0.0 <= r["score"] <= 1.0
        for ev in r["evidence"]:
            assert texts[r["id"]][ev["start"] : ev["end"]] == ev["text"]
    assert rows[1]["stance"] == "unrelated"
    assert rows[0]["stance"] != "unrelated"
    assert rows[0] == rows[2] | {"id": "a1"}  # same pair, same answer


@pytest.mark.parametrize("line,code", [
    ("[1, 2]", "NT105"),
    ('{"id": true, "claim": "c", "text": "t"}', "NT105"),
    ('{"id": 1, "claim": 5, "text": "t"}', "NT105"),
    ('{"id": 1, "claim": "  ", "text": "t"}', "NT101"),
    ("{nope", "NT105"),
])
def test_stance_batch_rejects_bad_lines(line, code):
    (r,) = parse_pairs([line])
    assert isinstance(r, PairFailure) and r.code == code and r.line == 1


def test_stance_cli_missing_file(tmp_path):
    proc = run("stance", "--pairs", str(tmp_path / "absent.jsonl"))
    assert proc.returncode == 2 and "NT108" in proc.stderr


def test_stance_cli_unwritable_out(tmp_path):
    src = tmp_path / "pairs.jsonl"
    src.write_text(json.dumps({"id": 1, "claim": CLAIM, "text": "Dam news."}) + "\n", encoding="utf-8")
    proc = run("stance", "--pairs", str(src), "--out", str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert proc.returncode == 2 and "NT400" in proc.stderr


@pytest.mark.parametrize("claim", [CLAIM])
def test_stance_cli_reads_stdin(claim):
    line = json.dumps({"id": "s1", "claim": claim, "text": "Officials said the Dravenko dam was intact."})
    proc = subprocess.run([sys.executable, "-m", "newstrace", "stance", "--pairs", "-"], cwd=ROOT, input=line,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (row,) = [json.loads(x) for x in proc.stdout.splitlines()]
    assert row["id"] == "s1" and row["stance"] in {"agree", "disagree", "discuss", "unrelated"}
