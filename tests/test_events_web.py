"""Events in the web app: /api/events as JSON, GeoJSON and CSV, one event, the pages (in process)."""

from __future__ import annotations

import csv
import io

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from newstrace.events.merge import merge_pending  # noqa: E402
from newstrace.store import open_store  # noqa: E402
from newstrace.web import create_app  # noqa: E402
from test_events_merge import KRAMATORSK, SLOVIANSK, article  # noqa: E402

LOCAL = ("127.0.0.1", 50000)
BASE = "http://127.0.0.1:8000"
HOSTILE = "<script>alert(1)</script>"


def event_articles():
    return [
        article("w1", "Russian forces fired a missile at the railway station in Kramatorsk on Friday, killing 50 people.",
                outlet="Reuters", published="2022-04-08", place=KRAMATORSK, date="2022-04-08", date_word="Friday",
                actor=("Russian forces", "russia"), target="railway station", count=("fatalities", "50 people", 50, None)),
        article("w2", "A rocket hit the train station in Kramatorsk on Friday and killed 57 people.",
                outlet="Kyiv Independent", published="2022-04-09", place=KRAMATORSK, date="2022-04-08",
                date_word="Friday", target="train station", count=("fatalities", "57 people", 57, None)),
        article("w3", f"Ukrainian forces fired a missile at the station in Kramatorsk, {HOSTILE} said.",
                outlet=HOSTILE, published="2022-04-08", place=KRAMATORSK, actor=("Ukrainian forces", "ukraine"),
                target="station"),
        article("w4", "Russia denied that its forces struck the station in Kramatorsk on Friday.",
                outlet="TASS", published="2022-04-08", place=KRAMATORSK, date="2022-04-08", date_word="Friday",
                target="station", status="denied", denied_by="Russia"),
        article("w5", "Police arrested 40 protesters in Sloviansk on Sunday.", outlet="Suspilne", type="ARREST",
                published="2022-05-02", place=SLOVIANSK, date="2022-05-01", date_word="Sunday",
                count=("arrested", "40 protesters", 40, None), target="protesters"),
    ]


def build_event_store(path: str) -> str:
    with open_store(path) as store:
        for a in event_articles():
            store.put(a)
        merge_pending(store)
    return path


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_event_store(str(tmp_path_factory.mktemp("evweb") / "ev.db"))
    with TestClient(create_app(db, token="test-token-123456"), client=LOCAL, base_url=BASE) as c:
        yield c


def _main(client):
    items = client.get("/api/events", params={"type": "shelling"}).json()["items"]
    return next(e for e in items if any(r["doc_id"] == "w1" for r in e["reports"]))


@pytest.mark.parametrize("params, n", [({}, 2), ({"type": "ARREST"}, 1), ({"type": "shelling"}, 1),
                                       ({"place": "Sloviansk"}, 1), ({"place": "UA"}, 2), ({"actor": "ukraine"}, 1),
                                       ({"since": "2022-04-20"}, 1), ({"until": "2022-04"}, 1), ({"min_sources": 3}, 1),
                                       ({"min_sources": 5}, 0)])
def test_events_web_api_filters(client, params, n):
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    assert r.json()["total"] == n


def test_events_web_api_one_event_with_reports_and_conflicts(client):
    main = _main(client)
    r = client.get("/api/events/" + main["event_id"])
    assert r.status_code == 200
    e = r.json()
    assert {x["doc_id"] for x in e["reports"]} == {"w1", "w2", "w3", "w4"}
    assert {"actor", "figure", "denial"} <= {c["kind"] for c in e["conflicts"]}
    assert e["independent_sources"] == 4
    # the text comes back as data, unescaped and unchanged; the page never parses it
    assert any(HOSTILE in x["text"] for x in e["reports"])
    assert client.get("/api/events/nope-not-there").status_code == 404
    assert client.get("/api/events/nope-not-there").json()["error"]["code"] == "NT404"


@pytest.mark.parametrize("params", [{"type": "no-such-type"}, {"since": "last week"}, {"limit": 0},
                                    {"format": "xml"}, {"min_sources": -1}])
def test_events_web_api_bad_parameters_are_400(client, params):
    r = client.get("/api/events", params=params)
    assert r.status_code in (400, 422), r.text
    assert set(r.json()) == {"error"}


def test_events_web_geojson(client):
    r = client.get("/api/events", params={"format": "geojson"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    f = next(f for f in fc["features"] if f["properties"]["type"] == "ARREST")
    assert f["geometry"]["coordinates"] == [SLOVIANSK["lon"], SLOVIANSK["lat"]]  # lon, lat


def test_events_web_csv_acled_columns(client):
    r = client.get("/api/events", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {"event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
            "latitude", "longitude", "geo_precision", "sources", "source_count", "fatalities", "notes"} <= set(rows[0])
    strike = next(x for x in rows if x["event_type"] == "Explosions/Remote violence")
    assert strike["event_date"] == "2022-04-08" and strike["location"] == "Kramatorsk" and strike["country"] == "Ukraine"
    assert strike["geo_precision"] == "1" and strike["source_count"] == "4" and strike["fatalities"] == "50"
    assert "conflict (figure)" in strike["notes"] and "Kramatorsk" in strike["notes"]
    arrest = next(x for x in rows if x["sub_event_type"] == "Arrests")
    assert arrest["event_type"] == "Strategic developments"


@pytest.mark.parametrize("path", ["/events", "/event/ev-123"])
def test_events_web_pages_are_constant_shells(client, path):
    r = client.get(path)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "/static/js/events.js" in r.text and HOSTILE not in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert client.get("/static/js/events.js").status_code == 200
