"""REST API, in process (TestClient), over a store of hand-annotated fixture articles."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from browser.webcorpus import (  # noqa: E402
    COPY_ID, DENIAL_ID, HOSTILE_ID, MOLDOVA_ID, PORT_ID, STORY_ID, articles, build_store,
)
from newstrace import serialize  # noqa: E402
from newstrace.web import create_app  # noqa: E402

LOCAL = ("127.0.0.1", 50000)
BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def web_db(tmp_path_factory):
    return build_store(str(tmp_path_factory.mktemp("web") / "web.db"))


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db, token="test-token-123456"), client=LOCAL, base_url=BASE) as c:
        yield c


def ids(items):
    return {x["doc_id"] for x in items}


def assert_error(r, status, code=None):
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["status"] == status and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


@pytest.mark.parametrize("params, expected", [
    ({}, {PORT_ID, COPY_ID, DENIAL_ID, MOLDOVA_ID, HOSTILE_ID}),
    ({"outlet": "Kyiv Ledger"}, {PORT_ID}),
    ({"outlet": "kyiv ledger"}, {PORT_ID}),
    ({"entity": "Oleksandr Marchenko"}, {PORT_ID, COPY_ID}),
    ({"place": "Chisinau"}, {MOLDOVA_ID}),
    ({"since": "2026-03-05"}, {COPY_ID, DENIAL_ID, HOSTILE_ID}),
    ({"until": "2026-02"}, {MOLDOVA_ID}),
    ({"since": "2026-03-04", "until": "2026-03-04"}, {PORT_ID}),
    ({"language": "en", "q": "grain"}, {PORT_ID, COPY_ID}),
    ({"q": "Mykolaiv", "entity": "Pavel Ignatov"}, {DENIAL_ID}),
    ({"q": "tariffs"}, {MOLDOVA_ID}),
    ({"language": "uk"}, set()),
])
def test_web_api_articles_filters(client, params, expected):
    r = client.get("/api/articles", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert ids(body["items"]) == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize("limit, offset", [(2, 0), (2, 2), (2, 4)])
def test_web_api_articles_paginates(client, limit, offset):
    everything = client.get("/api/articles", params={"limit": 100}).json()["items"]
    page = client.get("/api/articles", params={"limit": limit, "offset": offset}).json()
    assert [x["doc_id"] for x in page["items"]] == [x["doc_id"] for x in everything[offset:offset + limit]]
    assert page["total"] == len(everything)


@pytest.mark.parametrize("article", articles(), ids=lambda a: a.doc_id)
def test_web_api_article_has_every_annotation(client, article):
    r = client.get(f"/api/articles/{article.doc_id}")
    assert r.status_code == 200
    body = r.json()
    assert body == serialize.to_dict(article) | {"version": 1, "previous_doc_id": None}
    for q in body["quotes"]:  # spans carry their text for auditing
        assert q["content"]["text"] == article.text[q["content"]["start"]:q["content"]["end"]]


@pytest.mark.parametrize("doc_id, status, code", [
    ("0123456789abcdef0123", 404, "NT404"),
    ("abc", 400, "NT401"),  # a prefix too short to look up
])
def test_web_api_article_unknown(client, doc_id, status, code):
    assert_error(client.get(f"/api/articles/{doc_id}"), status, code)


def test_web_api_article_by_prefix(client):
    assert client.get(f"/api/articles/{PORT_ID[:8]}").json()["doc_id"] == PORT_ID


@pytest.mark.parametrize("q, expected_first, term", [
    ("grain", {PORT_ID, COPY_ID}, "grain"),
    ("tariffs", {MOLDOVA_ID}, "tariffs"),
    ('"military targets"', {DENIAL_ID}, "military targets"),
])
def test_web_api_search_highlights(client, q, expected_first, term):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    hits = r.json()["hits"]
    assert ids(hits) == expected_first
    for h in hits:
        assert h["highlights"], h
        for s, e in h["highlights"]:
            assert h["snippet"][s:e].lower() in term.lower().split() + [term.lower()]


@pytest.mark.parametrize("q, expected", [("gra*", {PORT_ID, COPY_ID}), ("tarif*", {MOLDOVA_ID})])
def test_web_api_search_prefix(client, q, expected):
    assert ids(client.get("/api/search", params={"q": q}).json()["hits"]) == expected


def test_web_api_search_has_more(client):
    first = client.get("/api/search", params={"q": "Mykolaiv", "limit": 2}).json()
    rest = client.get("/api/search", params={"q": "Mykolaiv", "limit": 2, "offset": 2}).json()
    assert first["has_more"] is True and len(first["hits"]) == 2
    assert rest["has_more"] is False and len(rest["hits"]) == 1
    assert not ids(first["hits"]) & ids(rest["hits"])


@pytest.mark.parametrize("path", ["/api/search", "/api/articles", "/api/facets"])
@pytest.mark.parametrize("q", ['"unbalanced', "grain AND", "(", "NEAR(", "title:", "a OR OR b"])
def test_web_api_malformed_fts_query_is_400(client, path, q):
    assert_error(client.get(path, params={"q": q, "fts": "1"}), 400, "NT401")
    assert client.get(path, params={"q": q}).status_code == 200  # plain text by default


@pytest.mark.parametrize("q, expected", [("grain AND", {PORT_ID, COPY_ID}), ("(grain)", {PORT_ID, COPY_ID}),
                                         ('"grain', {PORT_ID, COPY_ID}), ("grain:", {PORT_ID, COPY_ID}),
                                         ("tariffs OR grain", set())])
def test_web_api_plain_query_is_text(client, q, expected):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    assert ids(r.json()["hits"]) == expected
    assert client.get("/api/articles", params={"q": q}).json()["total"] == len(expected)
    assert client.get("/api/facets", params={"q": q}).json()["total"] == len(expected)


def test_web_api_fts_flag_takes_the_syntax(client):
    r = client.get("/api/search", params={"q": "tariffs OR grain", "fts": "1"})
    assert ids(r.json()["hits"]) == {PORT_ID, COPY_ID, MOLDOVA_ID}


@pytest.mark.parametrize("path, params", [
    ("/api/articles", {"limit": 0}),
    ("/api/articles", {"limit": 101}),
    ("/api/articles", {"offset": -1}),
    ("/api/articles", {"limit": "ten"}),
    ("/api/articles", {"since": "yesterday"}),
    ("/api/articles", {"until": "2026-02-30"}),
    ("/api/search", {}),
    ("/api/search", {"q": ""}),
    ("/api/search", {"q": "x" * 501}),
    ("/api/places", {"role": "capital"}),
    ("/api/timeline/2026-03", {}),
    ("/api/quotes", {"limit": 1000}),
    ("/api/search", {"q": "a*", "fts": "1"}),
    ("/api/search", {"q": "grain OR ab*", "fts": "1"}),
    ("/api/articles", {"q": "*", "fts": "1"}),
    ("/api/facets", {"q": '"shell ab*"', "fts": "1"}),
    ("/api/search", {"q": "grain", "fts": "maybe"}),
])
def test_web_api_bad_parameters_are_400(client, path, params):
    r = client.get(path, params=params)
    assert_error(r, 400)
    assert r.json()["error"]["message"] != "internal error (see the server log)"


def test_web_api_unknown_route_is_404_json(client):
    assert_error(client.get("/api/nothing-here"), 404, "NT404")


def test_web_api_facets(client):
    f = client.get("/api/facets", params={"q": "Mykolaiv"}).json()
    assert f["total"] == 3 and not f["sampled"]
    assert {x["value"] for x in f["outlets"]} == {"Kyiv Ledger", "Baltic Wire", "Northern Courier"}
    assert {"value": "Oleksandr Marchenko", "count": 2} in f["people"]
    assert {"value": "Mykolaiv", "count": 3} in f["places"]
    assert f["months"] == [{"value": "2026-03", "count": 3}]


def test_web_api_entities(client):
    items = client.get("/api/entities", params={"label": "person"}).json()["items"]
    assert items[0] == {"canonical": "Oleksandr Marchenko", "label": "PERSON", "articles": 2, "mentions": 4}
    assert [x["canonical"] for x in client.get("/api/entities", params={"prefix": "Pav"}).json()["items"]] == ["Pavel Ignatov"]


@pytest.mark.parametrize("params, expected", [
    ({"speaker": "Pavel Ignatov"}, ["Our forces hit only military targets,"]),
    ({"speaker": "oleksandr marchenko"},
     ["The terminal burned for six hours and the fire crews could not reach the silos,"]),
    ({"doc_id": MOLDOVA_ID}, []),
])
def test_web_api_quotes(client, params, expected):
    body = client.get("/api/quotes", params=params).json()
    assert [q["text"] for q in body["items"]] == expected
    assert body["total"] == len(expected)
    for q in body["items"]:
        assert q["speaker"]["text"] in q["speaker_entity"] and q["article"]["title"]


def test_web_api_quotes_paginate_across_articles(client):
    everything = client.get("/api/quotes").json()["items"]
    assert len(everything) == 3
    pages = [client.get("/api/quotes", params={"limit": 1, "offset": i}).json()["items"] for i in range(3)]
    assert [p[0]["text"] for p in pages] == [q["text"] for q in everything]


@pytest.mark.parametrize("params, expected", [
    ({"status": "denied"}, ["c-port-denial"]),
    ({"status": "hedged"}, ["c-port-strike"]),
    ({"attributed_to": "moscow"}, ["c-port-denial"]),
    ({"doc_id": DENIAL_ID}, ["c-denial-unverified"]),
])
def test_web_api_claims(client, params, expected):
    body = client.get("/api/claims", params=params).json()
    assert [c["claim_id"] for c in body["items"]] == expected


def test_web_api_claim_provenance(client):
    c = client.get("/api/claims/c-port-strike").json()
    assert c["status"] == "hedged" and c["text"].startswith("Russian drones struck")
    assert [x["kind"] for x in c["cues"]] == ["hedge"] and c["cues"][0]["text"] == "reportedly"
    assert c["article"]["doc_id"] == PORT_ID
    assert ids(c["disputers"]) == {DENIAL_ID} and c["stance_from"] == "article"
    assert ids(c["copies"]) == {COPY_ID}
    assert c["supporters"] == []
    assert_error(client.get("/api/claims/no-such-claim"), 404, "NT404")


def test_web_api_places_geojson(client):
    g = client.get("/api/places").json()
    assert g["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in g["features"]}
    assert by_name["Mykolaiv"]["geometry"] == {"type": "Point", "coordinates": [31.995, 46.975]}
    assert by_name["Mykolaiv"]["properties"].items() >= {"articles": 3, "events": 2, "mentions": 1, "role_main": "event"}.items()
    assert by_name["Odesa"]["properties"]["role_main"] == "mention"
    assert by_name["Moscow"]["properties"]["role_main"] == "dateline"
    later = client.get("/api/places", params={"since": "2026-03-05"}).json()
    assert "Chisinau" not in {f["properties"]["name"] for f in later["features"]}
    events = client.get("/api/places", params={"role": "event"}).json()
    assert "Odesa" not in {f["properties"]["name"] for f in events["features"]}


def test_web_api_place_articles(client):
    items = client.get("/api/places/Mykolaiv/articles").json()["items"]
    assert ids(items) == {PORT_ID, COPY_ID, DENIAL_ID}


def test_web_api_timeline(client):
    t = client.get("/api/timeline").json()
    assert {"date": "2026-03-05", "count": 2} in t["articles"]
    assert {"date": "2026-03-03", "count": 1} in t["events"]
    assert all(len(x["date"]) == 10 and x["date"][4] == "-" for x in t["events"])  # the payload date is not a day
    day = client.get("/api/timeline/2026-03-04").json()
    assert ids(day["published"]) == {PORT_ID} and ids(day["referring"]) == {PORT_ID}


def test_web_api_links(client):
    body = client.get(f"/api/articles/{PORT_ID}/links").json()
    kinds = {(x["other_doc_id"], x["kind"]) for x in body["links"]}
    assert kinds == {(COPY_ID, "copy"), (DENIAL_ID, "disagree")}
    assert {x["title"] for x in body["links"]} >= {"Drones hit Mykolaiv grain terminal"}
    assert body["story"] is None
    listed = client.get("/api/links", params={"doc_id": PORT_ID, "kind": "copy"}).json()
    assert [x["other_doc_id"] for x in listed["items"]] == [COPY_ID]


def test_web_api_links_in_a_store_without_the_links_table(tmp_path):
    """Stores written before the corpus stage keep links in the article records only."""
    import newstrace

    db = build_store(str(tmp_path / "old.db"))
    with newstrace.open(db) as store, store.transaction() as c:
        c.execute("DROP TABLE IF EXISTS links")
    with TestClient(create_app(db), client=LOCAL, base_url=BASE) as c:
        body = c.get(f"/api/articles/{PORT_ID}/links").json()
        assert {(x["other_doc_id"], x["kind"]) for x in body["links"]} == {(COPY_ID, "copy"), (DENIAL_ID, "disagree")}
        assert [x["kind"] for x in c.get(f"/api/articles/{PORT_ID}").json()["links"]] == ["copy", "disagree"]


def test_web_api_stories_empty_before_clustering(client):
    assert client.get("/api/stories").json() == {"total": 0, "limit": 50, "offset": 0, "items": []}
    assert_error(client.get("/api/stories/s1"), 404, "NT404")


@pytest.fixture()
def corpus_client(tmp_path):
    """A store where story clustering and claim stance linking have run."""
    db = build_store(str(tmp_path / "stories.db"), with_corpus=True)
    with TestClient(create_app(db), client=LOCAL, base_url=BASE) as c:
        yield c


def test_web_api_stories_from_corpus_tables(corpus_client):
    c = corpus_client
    listed = c.get("/api/stories").json()
    assert listed["total"] == 1
    assert listed["items"][0].items() >= {"story_id": STORY_ID, "articles": 3, "independent_sources": 2,
                                          "outlets": ["Baltic Wire", "Kyiv Ledger", "Northern Courier"]}.items()
    story = c.get(f"/api/stories/{STORY_ID}").json()
    roles = {a["doc_id"]: (a["role"], a["of"]) for a in story["members"]}
    assert roles == {PORT_ID: ("original", None), COPY_ID: ("copy", PORT_ID), DENIAL_ID: ("original", None)}
    assert story["independent_sources"] == 2 and story["copies"] == 1
    assert story["first_published"] == "2026-03-04"
    assert c.get(f"/api/articles/{COPY_ID}/links").json()["story"] == {
        "story_id": STORY_ID, "label": "Drone strike on Mykolaiv port", "role": "copy", "of": PORT_ID}


def test_web_api_claim_stance_from_corpus_tables(corpus_client):
    claim = corpus_client.get("/api/claims/c-port-strike").json()
    assert [(x["doc_id"], x["score"]) for x in claim["disputers"]] == [(DENIAL_ID, 0.9)]
    assert claim["disputers"][0]["evidence"] == ["Our forces hit only military targets"]
    assert claim["disputers"][0]["title"] == "Moscow rejects reports of Mykolaiv port strike"
    assert [x["doc_id"] for x in claim["discussing"]] == [MOLDOVA_ID]
    assert claim["supporters"] == [] and ids(claim["copies"]) == {COPY_ID}
    assert claim["stance_from"] == "claim"


def test_web_api_summary(client):
    assert client.get("/api/summary").json() == {"articles": 5, "outlets": 5}


def test_web_api_stats(client):
    s = client.get("/api/stats").json()
    assert s["articles"] == 5 and s["outlets"] == 5
    assert ["Oleksandr Marchenko", 2] in s["top_people"]


def test_web_api_openapi_lists_endpoints(client):
    spec = client.get("/api/openapi.json").json()
    for path in ["/api/articles", "/api/articles/{doc_id}", "/api/search", "/api/entities", "/api/quotes",
                 "/api/claims", "/api/claims/{claim_id}", "/api/places", "/api/timeline", "/api/stories",
                 "/api/stories/{story_id}", "/api/links", "/api/stats", "/api/ingest"]:
        assert path in spec["paths"], path


def test_web_api_hostile_article_is_served_verbatim_as_json(client):
    r = client.get(f"/api/articles/{HOSTILE_ID}")
    assert r.headers["content-type"].startswith("application/json")
    assert "<script>" in r.json()["title"]  # data stays data; the pages never parse it as HTML


def test_web_api_unfiltered_listing_is_the_stores_listing(tmp_path):
    """The index-only fast path lists exactly what store.articles lists, versions and undated included."""
    import dataclasses

    import newstrace
    from newstrace.store import queries

    db = build_store(str(tmp_path / "list.db"))
    with newstrace.open(db) as store:
        undated = dataclasses.replace(articles()[3], doc_id="f" * 20, published=None,
                                      source=dataclasses.replace(articles()[3].source, path="fixtures/undated.json"))
        newer = dataclasses.replace(articles()[2], doc_id="e" * 20, text=articles()[2].text + " Updated.")
        assert store.put(undated) == "new" and store.put(newer) == "version"
        expected = store.articles(limit=100)
        total, items, estimate = queries.list_articles(store, limit=100)
        assert total == expected.total == 6 and not estimate
        assert [h.to_dict() for h in items] == [h.to_dict() for h in expected.items]
        assert items[-1].doc_id == "f" * 20 and DENIAL_ID not in {h.doc_id for h in items}
        for offset in (0, 2, 5):
            _, page, _ = queries.list_articles(store, limit=2, offset=offset)
            assert [h.doc_id for h in page] == [h.doc_id for h in expected.items[offset:offset + 2]]
        assert queries.summary(store) == {"articles": 6, "outlets": 5}
