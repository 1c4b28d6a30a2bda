"""`newstrace export` through a subprocess: formats, tables, filters, -q, usage errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import _exports_store as X

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newstrace", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("exp") / "t.db")
    X.build(path).close()
    return path


def test_exports_cli_csv_directory_every_table(db, tmp_path):
    out = tmp_path / "tables"
    r = run("export", "--format", "csv", "--out", str(out), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "exported to" in r.stderr and "2 articles" in r.stderr
    from newstrace.exports import TABLES

    assert sorted(p.stem for p in out.glob("*.csv")) == sorted(TABLES)
    with (out / "quotes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["content_text"] for r in rows] == ['"Three warehouses burned down,"']


def test_exports_cli_filters_and_table_to_stdout(db):
    r = run("export", "--format", "csv", "--table", "claims", "--outlet", "Port Wire", "--db", db, "-q")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # -q: no bar, no summary
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert [x["claim_id"] for x in rows] == ["cl-b-12"]


def test_exports_cli_parquet_and_xlsx(db, tmp_path):
    pq = tmp_path / "claims.parquet"
    r = run("export", "-f", "parquet", "-t", "claims", "-o", str(pq), "--db", db, "-q")
    assert r.returncode == 0, r.stderr
    import pyarrow.parquet as pqm

    table = pqm.read_table(pq)
    assert table.num_rows == 3 and str(table.schema.field("check_reasons").type.value_type) == "string"
    xl = tmp_path / "all.xlsx"
    r = run("export", "-f", "xlsx", "-o", str(xl), "--db", db, "--since", "2025-03-13", "-q")
    assert r.returncode == 0, r.stderr
    import openpyxl

    book = openpyxl.load_workbook(xl, read_only=True)
    assert len(list(book["articles"].iter_rows())) == 2  # header + the one article since 13 March


def test_exports_cli_claimreview_and_geojson_stdout(db):
    r = run("export", "-f", "claimreview", "--db", db, "-q")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]["@type"] == "ClaimReview"
    r = run("export", "-f", "geojson", "--db", db, "-q")
    assert json.loads(r.stdout)["type"] == "FeatureCollection"


@pytest.mark.parametrize("args", [
    ["export", "--format", "xml"],
    ["export", "--format", "parquet"],
    ["export", "--format", "csv", "--table", "nope"],
    ["export", "--format", "csv", "--since", "yesterday"],
])
def test_exports_cli_usage_errors_exit_2(db, args):
    r = run(*args, "--db", db)
    assert r.returncode == 2, (r.stdout, r.stderr)


def test_exports_cli_help_lists_filters_and_flags():
    r = run("export", "--help")
    assert r.returncode == 0
    for opt in ("--since", "--until", "--outlet", "--entity", "--place", "--story", "--query", "--table", "-q"):
        assert opt in r.stdout
