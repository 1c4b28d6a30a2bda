"""The desk over HTTP: users and roles (a reader cannot write, a wrong token is refused), every write
audited, --require-token for reads, corrections shown by the article JSON, verdicts, watchlists."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import newstrace  # noqa: E402
from browser.webcorpus import PORT_ID, build_store  # noqa: E402
from newstrace.web import create_app  # noqa: E402

LOCAL = ("127.0.0.1", 50000)
BASE = "http://127.0.0.1:8000"
SERVER_TOKEN = "desk-server-token-0123456789"


@pytest.fixture()
def site(tmp_path):
    db = build_store(str(tmp_path / "desk.db"))
    with newstrace.open(db) as store:
        tokens = {role: newstrace.api.add_user(store, f"{role}-user", role, by="test")
                  for role in ("reader", "analyst", "admin")}
    return db, tokens


def client(db, **kw):
    return TestClient(create_app(db, token=SERVER_TOKEN, **kw), client=LOCAL, base_url=BASE)


def auth(token):
    return {"Authorization": f"Bearer {token}"}


VERDICT = {"kind": "claim", "id": "c-port-strike", "verdict": "false", "note": "no strike on that day",
           "sources": ["https://factcheck.example/port"]}


@pytest.mark.parametrize("role, status", [("reader", 403), ("analyst", 201), ("admin", 201), (None, 401),
                                          ("wrong", 401)])
def test_desk_web_roles_for_writes(site, role, status):
    db, tokens = site
    headers = {} if role is None else auth(tokens.get(role, "not-a-token-at-all-0000"))
    with client(db) as c:
        r = c.post("/api/desk/verdicts", json=VERDICT, headers=headers)
        assert r.status_code == status, r.text
        if status >= 400:
            assert r.json()["error"]["status"] == status
        verdicts = c.get("/api/desk/verdicts", params={"kind": "claim", "id": "c-port-strike"}).json()["verdicts"]
        assert [v["author"] for v in verdicts] == ([f"{role}-user"] if status == 201 else [])
    with newstrace.open(db) as store:
        audit = newstrace.api.audit_log(store)
        assert [a["action"] for a in audit if a["action"] == "verdict"] == (["verdict"] if status == 201 else [])


def test_desk_web_me_and_server_token(site):
    db, tokens = site
    with client(db) as c:
        assert c.get("/api/desk/me", headers=auth(tokens["reader"])).json() == \
            {"name": "reader-user", "role": "reader", "can_write": False}
        assert c.get("/api/desk/me", headers=auth(SERVER_TOKEN)).json()["role"] == "admin"
        assert c.get("/api/desk/me", headers=auth("x" * 32)).status_code == 401
        assert c.get("/api/desk/audit", headers=auth(tokens["analyst"])).status_code == 403
        assert c.get("/api/desk/audit", headers=auth(tokens["admin"])).status_code == 200


def test_desk_web_correction_shows_in_article_json(site):
    db, tokens = site
    with client(db) as c:
        before = c.get(f"/api/articles/{PORT_ID}").json()
        kyiv = next(p for p in before["places"] if p["text"] == "Kyiv")
        r = c.post("/api/desk/corrections", headers=auth(tokens["analyst"]),
                   json={"doc_id": PORT_ID, "action": "place", "start": kyiv["start"], "name": "Kyiv Oblast",
                         "note": "the ministry sits in the region"})
        assert r.status_code == 201, r.text
        after = c.get(f"/api/articles/{PORT_ID}").json()
        p = next(p for p in after["places"] if p["start"] == kyiv["start"])
        assert p["name"] == "Kyiv Oblast" and kyiv["name"] == "Kyiv"
        (corr,) = after["corrections"]
        assert corr["original"]["name"] == "Kyiv" and corr["author"] == "analyst-user" and corr["text"] == "Kyiv"
        desk = c.get(f"/api/desk/articles/{PORT_ID}").json()
        assert desk["applied"] == [corr["correction_id"]] and desk["correctable"]["place"]
        # a reader cannot withdraw it
        wd = f"/api/desk/corrections/{corr['correction_id']}/withdraw"
        assert c.post(wd, headers=auth(tokens["reader"])).status_code == 403
        assert c.post(wd, headers=auth(tokens["analyst"])).status_code == 200
        assert c.get(f"/api/articles/{PORT_ID}").json()["corrections"] == []


@pytest.mark.parametrize("body", [{"doc_id": PORT_ID, "action": "date", "start": 0, "date": "yesterday"},
                                  {"doc_id": PORT_ID, "action": "place", "text": "Atlantis", "name": "X"},
                                  {"doc_id": PORT_ID, "action": "rename", "text": "Kyiv"}])
def test_desk_web_bad_correction_is_400(site, body):
    db, tokens = site
    with client(db) as c:
        r = c.post("/api/desk/corrections", headers=auth(tokens["analyst"]), json=body)
        assert r.status_code == 400 and r.json()["error"]["code"].startswith("NT")


def test_desk_web_require_token_for_reads(site):
    db, tokens = site
    with client(db, require_token=True) as c:
        assert c.get("/api/stats").status_code == 401
        assert c.get("/api/stats", headers=auth("wrong-token-0123456789")).status_code == 401
        assert c.get("/api/stats", headers=auth(tokens["reader"])).status_code == 200
        assert c.get("/").status_code == 200  # the page shells hold no data
    with client(db) as c:
        assert c.get("/api/stats").status_code == 200


def test_desk_web_upload_needs_analyst_and_is_audited(site):
    db, tokens = site
    text = "Kharkiv, 2 March - The regional governor said two drones were shot down overnight near the city."
    with client(db, upload_workers=0) as c:
        r = c.post("/api/ingest", headers=auth(tokens["reader"]), files={"files": ("a.txt", text.encode())})
        assert r.status_code == 403
        r = c.post("/api/ingest", headers=auth(tokens["analyst"]), files={"files": ("a.txt", text.encode())})
        assert r.status_code == 201, r.text
    with newstrace.open(db) as store:
        assert [(a["user"], a["action"]) for a in newstrace.api.audit_log(store)][0] == ("analyst-user", "ingest")


def test_desk_web_watchlists(site):
    db, tokens = site
    with client(db) as c:
        r = c.post("/api/desk/watchlists", headers=auth(tokens["reader"]), json={"name": "ports", "place": "Odesa"})
        assert r.status_code == 403
        r = c.post("/api/desk/watchlists", headers=auth(tokens["analyst"]), json={"name": "ports", "place": "Odesa"})
        assert r.status_code == 201, r.text
        (w,) = c.get("/api/desk/watchlists").json()
        assert w["new"] == w["total"] >= 1 and any(i["doc_id"] == PORT_ID for i in w["items"])
        seen = c.post("/api/desk/watchlists/ports/seen", headers=auth(tokens["analyst"])).json()
        assert seen["new"] == w["new"]
        (w2,) = c.get("/api/desk/watchlists").json()
        assert w2["new"] == 0 and w2["total"] == w["total"]
        assert c.get("/watch").status_code == 200


@pytest.mark.parametrize("path", [f"/article/{PORT_ID}", "/claim/c-port-strike", "/event/e1", "/watch"])
def test_desk_web_pages_load_the_desk(site, path):
    db, _tokens = site
    with client(db) as c:
        r = c.get(path)
        assert r.status_code == 200 and '<script src="/static/js/desk.js"></script>' in r.text


def test_desk_web_verdict_on_merged_event(site):
    db, tokens = site
    with newstrace.open(db) as store, store.transaction() as t:
        t.execute("INSERT INTO merged_events (event_id, reports, sources, conflicts, data, updated_at)"
                  " VALUES ('e1', 2, 2, 0, '{}', 'now')")
    with client(db) as c:
        r = c.post("/api/desk/verdicts", headers=auth(tokens["analyst"]),
                   json={"kind": "event", "id": "e1", "verdict": "true", "sources": []})
        assert r.status_code == 201, r.text
        got = c.get("/api/desk/verdicts", params={"kind": "event", "id": "e1"}).json()
        assert [v["verdict"] for v in got["verdicts"]] == ["true"]


def test_desk_web_openapi_lists_the_desk(site):
    db, _tokens = site
    with client(db) as c:
        paths = c.get("/api/openapi.json").json()["paths"]
    for path in ["/api/desk/me", "/api/desk/articles/{doc_id}", "/api/desk/corrections", "/api/desk/verdicts",
                 "/api/desk/notes", "/api/desk/watchlists", "/api/desk/audit"]:
        assert path in paths, path


def test_desk_web_verdict_shows_in_claim_views(site):
    db, tokens = site
    with client(db) as c:
        assert c.get("/api/claims/c-port-strike").json()["verdict"] is None
        assert c.post("/api/desk/verdicts", json=VERDICT, headers=auth(tokens["analyst"])).status_code == 201
        one = c.get("/api/claims/c-port-strike").json()
        assert one["verdict"] == "false" and one["verdicts"][0]["sources"] == VERDICT["sources"]
        listed = c.get("/api/claims", params={"limit": 50}).json()
        items = listed["items"] if isinstance(listed, dict) else listed
        row = next(x for x in items if x["claim_id"] == "c-port-strike")
        assert row["verdict"] == "false"
        assert all(x["verdict"] is None for x in items if x["claim_id"] != "c-port-strike")
