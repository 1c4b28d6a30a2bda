"""`newstrace places`: files analysed on the fly or the store; --country, --role, JSON, GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli import app

FIX = Path(__file__).resolve().parent / "fixtures" / "geo"


@pytest.mark.parametrize("country", ["UA", "ua"])
def test_geo_cli_places_country_filter_json(country):
    r = CliRunner().invoke(app, ["places", str(FIX / "ukraine_front.txt"), "--country", country, "--json"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert rows and all(row["place"]["country"] == "UA" for row in rows)
    assert {"Bucha", "Kramatorsk"} <= {row["text"] for row in rows}


@pytest.mark.parametrize("fixture", ["ukraine_front.txt"])
def test_geo_cli_places_geojson(tmp_path, fixture):
    out = tmp_path / "places.geojson"
    r = CliRunner().invoke(app, ["places", str(FIX / fixture), "--geojson", str(out)])
    assert r.exit_code == 0, r.output
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["features"]
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["role"] in ("event", "mention", "dateline")
    bucha = next(f for f in fc["features"] if f["properties"]["text"] == "Bucha")
    lon, lat = bucha["geometry"]["coordinates"]  # GeoJSON order: Bucha is about 30.2 E, 50.5 N
    assert abs(lon - 30.2) < 0.5 and abs(lat - 50.5) < 0.5
    assert "Zarvorivka" not in {f["properties"]["text"] for f in fc["features"]}  # unresolved: never placed
    assert "unresolved" in r.output


@pytest.mark.parametrize("args", [["--country", "Ukraine"], ["--role", "somewhere"]])
def test_geo_cli_places_bad_options_exit_2(args):
    r = CliRunner().invoke(app, ["places", str(FIX / "paris_texas.txt"), *args])
    assert r.exit_code == 2


@pytest.mark.parametrize("role", ["event"])
def test_geo_cli_places_from_store(tmp_db, role):
    from newstrace import api

    with api.open(tmp_db) as store:
        store.ingest([str(FIX / "georgia_us.txt"), str(FIX / "paris_france.txt")])
    r = CliRunner().invoke(app, ["places", "--db", tmp_db, "--country", "US", "--role", role, "--json"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert rows and all(row["place"]["country"] == "US" and row["place"]["role"] == role for row in rows)
