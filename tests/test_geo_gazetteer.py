"""The gazetteer index: normalisation, lookups, demonyms, fresh builds."""

from __future__ import annotations

import sqlite3

import pytest

from newstrace.geo.build import LEVEL_ADMIN1, LEVEL_ADMIN2, LEVEL_CITY, LEVEL_COUNTRY
from newstrace.geo.demonyms import Demonyms
from newstrace.geo.gazetteer import load_gazetteer
from newstrace.geo.names import normalise


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def dem(gaz):
    return Demonyms(gaz.country_names(), {cc: e.name for cc, e in gaz.countries.items()})


@pytest.mark.parametrize("raw, norm", [
    ("U.S.", "us"),
    ("São Tomé", "sao tome"),
    ("St. Louis", "saint louis"),
    ("Ivano-Frankivsk", "ivano frankivsk"),
    ("  KYIV ", "kyiv"),
    ("x" * 500, "x" * 80),  # bounded work per lookup
])
def test_names_normalise(raw, norm):
    assert normalise(raw) == norm


@pytest.mark.parametrize("name, cc, level", [
    ("Kyiv", "UA", LEVEL_CITY),
    ("Donetsk", "UA", LEVEL_CITY),
    ("Donetsk", "RU", LEVEL_CITY),  # the Russian town of the same name is a candidate too
    ("Donetsk", "UA", LEVEL_ADMIN1),
    ("Kursk", "RU", LEVEL_ADMIN1),
    ("Georgia", "GE", LEVEL_COUNTRY),
    ("Georgia", "US", LEVEL_ADMIN1),
    ("U.S.", "US", LEVEL_COUNTRY),
    ("Britain", "GB", LEVEL_COUNTRY),
    ("Rapides Parish", "US", LEVEL_ADMIN2),
    ("Paris", "US", LEVEL_CITY),
])
def test_gazetteer_candidates_include(gaz, name, cc, level):
    assert any(e.cc == cc and e.level == level for e in gaz.candidates(name))


@pytest.mark.parametrize("name", ["Kyiv", "Paris", "Donetsk"])
def test_gazetteer_candidates_have_points_and_ids(gaz, name):
    for e in gaz.candidates(name):
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180
        assert e.gid > 0


@pytest.mark.parametrize("abbr, state", [("Ky.", "Kentucky"), ("B.C.", "British Columbia")])
def test_gazetteer_abbreviations_only_when_asked(gaz, abbr, state):
    assert not any(e.name == state for e in gaz.candidates(abbr))
    assert any(e.name == state for e in gaz.candidates(abbr, abbreviations=True))


@pytest.mark.parametrize("name", ["Zarvorivka", "Qwxzv", ""])
def test_gazetteer_unknown_names_have_no_candidates(gaz, name):
    assert gaz.candidates(name) == ()


@pytest.mark.parametrize("word, cc", [
    ("Ukrainian", "UA"), ("Ukrainians", "UA"), ("Russian", "RU"), ("American", "US"), ("French", "FR"),
    ("Syrian", "SY"), ("Canadian", "CA"), ("Israeli", "IL"), ("Sudanese", "SD"), ("Mexican", "MX"),
])
def test_demonyms_map_to_country(dem, word, cc):
    assert dem.country(word) == cc


@pytest.mark.parametrize("word", ["Kyiv", "Paris", "Tuesday", "Texas"])
def test_demonyms_are_not_place_names(dem, word):
    assert dem.country(word) is None


@pytest.mark.slow
def test_gazetteer_builds_when_missing(tmp_path):
    path = tmp_path / "gazetteer.sqlite"
    g = load_gazetteer(path)  # a fresh clone has no index: the loader builds it
    assert path.exists()
    assert any(e.cc == "UA" for e in g.candidates("Kharkiv"))
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*) FROM place").fetchone()[0] > 200_000


@pytest.mark.parametrize("name", ["Kharkiv"])
def test_gazetteer_pickles_by_path(gaz, name):
    import pickle

    g2 = pickle.loads(pickle.dumps(gaz))  # a Dask worker gets the path and opens its own connection
    assert g2.candidates(name) == gaz.candidates(name)


@pytest.mark.parametrize("name, cc, level, centre, km", [
    # the geographic centre of the contiguous United States (near Lebanon, Kansas), not Alaska's pull
    ("United States", "US", LEVEL_COUNTRY, (39.83, -98.58), 161),
    # the state's middle, not New York City (where the packaged point for the state sits)
    ("New York", "US", LEVEL_ADMIN1, (42.9, -75.5), 161),
])
def test_gazetteer_area_points_near_their_centre(gaz, name, cc, level, centre, km):
    from newstrace.geo.resolve import haversine_km

    e = next(e for e in gaz.candidates(name) if e.cc == cc and e.level == level)
    assert haversine_km(e.lat, e.lon, *centre) <= km


@pytest.mark.parametrize("island_lon", [10.0, 179.0])
def test_build_landmass_centroid_is_the_largest_polygons(tmp_path, island_lon):
    import json

    from newstrace.geo.build import _landmass_centroids

    # TopoJSON with one country (ISO 3166 numeric 804): a 4x4-degree square around (48, 32) and a
    # 1x1-degree island; arcs are quantised and delta-encoded like world-atlas's
    square = [[30, 46], [4, 0], [0, 4], [-4, 0], [0, -4]]
    island = [[island_lon, 40], [1, 0], [0, 1], [-1, 0], [0, -1]]
    topo = {"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": [square, island],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "MultiPolygon", "id": "804", "arcs": [[[0]], [[1]]]}]}}}
    path = tmp_path / "countries.json"
    path.write_text(json.dumps(topo))
    lat, lon = _landmass_centroids(path)["UA"]
    assert lat == pytest.approx(48.0) and lon == pytest.approx(32.0)
