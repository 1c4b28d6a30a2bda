"""Exports analysts use: one row per annotation, typed Parquet (read by DuckDB), CSV, XLSX, filters."""

from __future__ import annotations

import csv
import json

import pytest

import _exports_store as X
from newstrace import serialize
from newstrace.exports import TABLES, Filters, export
from newstrace.exports.tables import columns


@pytest.fixture()
def store(tmp_path):
    s = X.build(str(tmp_path / "t.db"))
    yield s
    s.close()


def _expected_rows(table: str) -> int:
    arts = [X.article_a(), X.article_b()]
    if table == "articles":
        return 2
    if table == "links":
        return 2  # the rewrite link seen from each side
    if table in ("verdicts", "corrections"):
        return 1
    return sum(len(getattr(a, table)) for a in arts)


@pytest.mark.parametrize("table", TABLES)
def test_exports_csv_one_row_per_annotation_no_json_cells(store, tmp_path, table):
    out = tmp_path / f"{table}.csv"
    counts = export(store, "csv", out, tables=[table])
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert counts == {table: len(rows)}
    assert len(rows) == _expected_rows(table)
    assert list(rows[0].keys()) if rows else True
    for r in rows:
        for name, value in r.items():
            if name == "text" and table == "articles":
                continue
            assert not (value.startswith(("[{", "{\"", "[\"")) and value.endswith(("}]", "}", "\"]"))), (name, value)


@pytest.mark.parametrize("table,span", [("entities", ""), ("places", ""), ("claims", ""), ("quotes", "content_"),
                                        ("times", ""), ("amounts", "")])
def test_exports_csv_offsets_round_trip(store, tmp_path, table, span):
    out = tmp_path / f"{table}.csv"
    export(store, "csv", out, tables=[table])
    texts = {a.doc_id: a.text for a in (X.article_a(), X.article_b())}
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for r in rows:
        s, e = int(r[f"{span}start"]), int(r[f"{span}end"])
        assert texts[r["doc_id"]][s:e] == r[f"{span}text"]


def test_exports_parquet_typed_columns_in_duckdb(store, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    folder = tmp_path / "pq"
    counts = export(store, "parquet", folder)
    assert set(counts) == set(TABLES)
    con = duckdb.connect()

    def types(table: str) -> dict[str, str]:
        return {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{folder / table}.parquet')")
                .fetchall()}

    q = types("quotes")
    assert q["content_start"] == "BIGINT" and q["confidence"] == "DOUBLE" and q["is_direct"] == "BOOLEAN"
    assert q["via"].startswith("STRUCT(") and q["via"].endswith("[]") and '"name" VARCHAR' in q["via"]
    c = types("claims")
    assert c["check_reasons"] == "VARCHAR[]" and c["cues"].startswith("STRUCT(") and c["check_rank"] == "BIGINT"
    p = types("places")
    assert p["lat"] == "DOUBLE" and p["resolved"] == "BOOLEAN" and p["alternatives"].endswith("[]")
    assert types("articles")["paragraphs"].startswith("STRUCT(")
    assert types("links")["evidence"].startswith("STRUCT(")
    assert types("verdicts")["sources"] == "VARCHAR[]"
    # Nested values are queryable as data, and offsets round-trip against the articles table.
    via = con.execute(f"SELECT via[1].name, via[1].relation FROM read_parquet('{folder}/quotes.parquet')").fetchall()
    assert via == [("Danube Herald", "told")]
    bad = con.execute(
        f"SELECT count(*) FROM read_parquet('{folder}/claims.parquet') c JOIN read_parquet('{folder}/articles.parquet') a"
        " USING (doc_id) WHERE substr(a.text, c.start + 1, c.\"end\" - c.start) <> c.text").fetchone()[0]
    assert bad == 0
    reasons = con.execute(f"SELECT check_reasons FROM read_parquet('{folder}/claims.parquet')"
                          " WHERE claim_id = 'cl-izmail-12'").fetchone()[0]
    assert reasons == ["figure: 12 people", "attributed"]
    assert con.execute(f"SELECT verdict FROM read_parquet('{folder}/verdicts.parquet')").fetchall() == [("unproven",)]


def test_exports_parquet_schema_follows_model():
    names = [c.name for c in columns("amounts")]
    assert {"sentence_start", "sentence_end", "sentence_text", "counted_span_start"} <= set(names)
    assert names[:4] == ["doc_id", "outlet", "published", "position"]


def test_exports_xlsx_one_sheet_per_table_and_no_formulas(store, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "all.xlsx"
    counts = export(store, "xlsx", out)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == list(TABLES)
    for t in TABLES:
        rows = list(book[t].iter_rows(values_only=True))
        assert list(rows[0]) == [c.name for c in columns(t)]
        assert len(rows) - 1 == counts[t] == _expected_rows(t)
    art_rows = list(book["articles"].iter_rows(values_only=True))
    header = art_rows[0]
    titles = {r[header.index("doc_id")]: r[header.index("title")] for r in art_rows[1:]}
    assert titles[X.DOC_B] == X.article_b().title  # unchanged text...
    full = openpyxl.load_workbook(out)  # ...in a string cell, never a formula
    types = {c.value: c.data_type for row in full["articles"].iter_rows(min_row=2) for c in row}
    assert types[X.article_b().title] == "s" and "f" not in set(types.values())
    quotes = list(book["quotes"].iter_rows(values_only=True))
    assert quotes[1][quotes[0].index("via")] == "the Danube Herald"


@pytest.mark.parametrize("filters,expected", [
    (Filters(outlet="Port Wire"), {X.DOC_B}),
    (Filters(since="2025-03-13"), {X.DOC_B}),
    (Filters(until="2025-03-12"), {X.DOC_A}),
    (Filters(entity="Moscow"), {X.DOC_A}),
    (Filters(place="Izmail"), {X.DOC_A, X.DOC_B}),
    (Filters(query="warehouses"), {X.DOC_A}),
    (Filters(), {X.DOC_A, X.DOC_B}),
])
def test_exports_filters(store, tmp_path, filters, expected):
    out = tmp_path / "e.csv"
    export(store, "csv", out, tables=["entities"], filters=filters)
    with out.open(encoding="utf-8", newline="") as fh:
        assert {r["doc_id"] for r in csv.DictReader(fh)} == expected
    out = tmp_path / "v.csv"
    export(store, "csv", out, tables=["verdicts"], filters=filters)
    with out.open(encoding="utf-8", newline="") as fh:
        assert {r["doc_id"] for r in csv.DictReader(fh)} == expected & {X.DOC_A}


def test_exports_jsonl_is_the_json_format(store, tmp_path):
    out = tmp_path / "a.jsonl"
    assert export(store, "jsonl", out) == {"articles": 2}
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == serialize.to_dict(store.get(lines[0]["doc_id"]))


def test_exports_geojson_places_lon_lat(store, tmp_path):
    out = tmp_path / "p.geojson"
    counts = export(store, "geojson", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and counts == {"places": 2, "events": 1, "unplaced": 0}
    layers = [f["properties"]["layer"] for f in doc["features"]]
    assert sorted(layers) == ["event", "place", "place"]
    ev = next(f for f in doc["features"] if f["properties"]["layer"] == "event")
    assert ev["properties"]["event_id"] == "ev-izmail-a" and ev["geometry"]["coordinates"] == [28.84, 45.35]
    assert X.TEXT_A[ev["properties"]["start"]:ev["properties"]["end"]] == ev["properties"]["text"]
    f = doc["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [28.84, 45.35]}
    assert f["properties"]["text"] == "Izmail" and f["properties"]["layer"] == "place"


def test_exports_verdicts_empty_without_desk_rows(tmp_path):
    import newstrace

    with newstrace.open(str(tmp_path / "empty.db")) as s:
        s.put(X.article_b())
        out = tmp_path / "v.csv"
        assert export(s, "csv", out, tables=["verdicts"]) == {"verdicts": 0}
        assert out.read_text(encoding="utf-8").splitlines() == [",".join(c.name for c in columns("verdicts"))]


@pytest.mark.parametrize("fmt,out,tables", [("xml", "x", None), ("csv", "x.csv", ["nope"]),
                                            ("parquet", None, None), ("xlsx", None, None)])
def test_exports_usage_errors(store, tmp_path, fmt, out, tables):
    from newstrace.errors import UsageError

    with pytest.raises(UsageError):
        export(store, fmt, None if out is None else tmp_path / out, tables=tables)


def test_exports_articles_table_metadata(store, tmp_path):
    out = tmp_path / "a.csv"
    export(store, "csv", out)  # one file, no --table: the articles table
    with out.open(encoding="utf-8", newline="") as fh:
        rows = {r["doc_id"]: r for r in csv.DictReader(fh)}
    a = rows[X.DOC_A]
    assert (a["url"], a["path"], a["outlet"], a["published"]) == (
        "https://danubeherald.example/izmail", "/corpus/izmail-a.txt", "Danube Herald", "2025-03-12")
    assert (a["n_quotes"], a["n_claims"], a["n_links"]) == ("1", "2", "1")
    assert a["text"] == X.TEXT_A


def test_exports_corrections_table_and_overlay(store, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    folder = tmp_path / "pq"
    export(store, "parquet", folder, tables=["corrections", "quotes"])
    con = duckdb.connect()
    row = con.execute(f"SELECT action, value['speaker_entity'], original['speaker_entity'], typeof(value)"
                      f" FROM read_parquet('{folder}/corrections.parquet')").fetchone()
    assert row[:3] == ("speaker", "Olena Kiper", "Oleh Kiper") and row[3].startswith("MAP(")
    # The quotes table shows the corrected speaker, as the pages do.
    assert con.execute(f"SELECT speaker_entity FROM read_parquet('{folder}/quotes.parquet')").fetchall() == [
        ("Olena Kiper",)]
    out = tmp_path / "c.csv"
    export(store, "csv", out, tables=["corrections"])
    with out.open(encoding="utf-8", newline="") as fh:
        (r,) = list(csv.DictReader(fh))
    assert "speaker_entity=Olena Kiper" in r["value"] and r["original"].startswith("speaker_entity=Oleh Kiper")


def test_exports_story_filter(store, tmp_path):
    from newstrace import api
    from newstrace.errors import UsageError

    api.link(store, stance=False)
    (story,) = api.stories(store)["items"]
    out = tmp_path / "s.csv"
    assert export(store, "csv", out, tables=["articles"], filters=Filters(story=story["story_id"])) == {"articles": 2}
    assert export(store, "csv", out, tables=["articles"],
                  filters=Filters(story=story["story_id"], outlet="Port Wire")) == {"articles": 1}
    with pytest.raises(UsageError):
        export(store, "csv", out, filters=Filters(story="st-nope"))
