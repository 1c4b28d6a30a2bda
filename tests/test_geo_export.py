"""Place records and GeoJSON built from articles."""

from __future__ import annotations

import pytest

from newstrace.geo.export import geojson, place_records
from newstrace.model import Article, Origin, Place


def _article() -> Article:
    text = "Strikes hit Kharkiv and Zarvorivka."
    return Article(doc_id="d1", source=Origin(url="https://example.org/a"), text=text, title="T", places=[
        Place(12, 19, "Kharkiv", geonameid=706483, lat=49.98, lon=36.25, country="UA", feature="city",
              confidence=0.9, resolved=True, role="event"),
        Place(24, 34, "Zarvorivka", reason="not in gazetteer"),
    ])


@pytest.mark.parametrize("country, n", [(None, 2), ("ua", 1), ("RU", 0)])
def test_geo_export_records_filter_country(country, n):
    assert len(list(place_records([_article()], country=country))) == n


def test_geo_export_geojson_points_lon_lat_and_unresolved_counted():
    fc, unresolved = geojson(place_records([_article()]))
    assert unresolved == 1
    (f,) = fc["features"]
    assert f["geometry"] == {"type": "Point", "coordinates": [36.25, 49.98]}
    assert f["properties"]["text"] == "Kharkiv" and f["properties"]["doc_id"] == "d1"
