"""Upload and ingest through the REST API: the real pipeline, the real store."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from newstrace.web import create_app  # noqa: E402

TOKEN = "ingest-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# Team-written, fictional.
DAM_TEXT = """Zaporizhzhia, 2 March - Engineers inspecting the Dnipro river embankment near the village of Vasylivka said on Sunday that water levels had fallen by nearly two metres overnight.

"We have never seen the reservoir drop this fast," said Mykola Hrytsenko, the district's chief engineer, adding that the cause was not yet clear.

Local officials reported that about 300 residents were moved to shelters as a precaution. The claims could not be independently verified."""

HARBOUR_TEXT = """Harbour workers in Izmail halted loading on Friday after an air-raid alert, port officials said.

Officials said about 20 ships were waiting on the Danube, according to the regional administration."""


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app(str(tmp_path / "up.db"), token=TOKEN), client=("127.0.0.1", 5000),
                    base_url="http://127.0.0.1:8000") as c:
        yield c


def test_web_ingest_pasted_article_is_searchable(client):
    r = client.post("/api/ingest", json={"title": "Reservoir level falls near Vasylivka", "text": DAM_TEXT,
                                         "outlet": "Steppe Daily", "published": "2026-03-02"}, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["new"] == 1 and body["failures"] == []
    (stored,) = body["articles"]
    assert stored["outcome"] == "new" and stored["title"] == "Reservoir level falls near Vasylivka"
    article = client.get(f"/api/articles/{stored['doc_id']}").json()
    assert article["source"]["outlet"] == "Steppe Daily"
    assert "Mykola Hrytsenko" in article["text"]
    hits = client.get("/api/search", params={"q": "reservoir"}).json()["hits"]
    assert [h["doc_id"] for h in hits] == [stored["doc_id"]]
    again = client.post("/api/ingest", json={"title": "Reservoir level falls near Vasylivka", "text": DAM_TEXT,
                                             "outlet": "Steppe Daily", "published": "2026-03-02"}, headers=AUTH).json()
    assert again["new"] == 0


def uploaded(client) -> list[str]:
    kept = Path(client.app.state.stores.db + ".uploads")
    return sorted(p.name for p in kept.rglob("*") if p.is_file())


def test_web_ingest_files_and_failures(client):
    files = [("files", ("izmail.txt", HARBOUR_TEXT.encode(), "text/plain")),
             ("files", ("../../evil/binary.bin", bytes(range(256)) * 8, "application/octet-stream"))]
    r = client.post("/api/ingest", files=files, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert [a["outcome"] for a in body["articles"]] == ["new"]
    assert [a["path"] for a in body["articles"]] == ["izmail.txt"]
    assert len(body["failures"]) == 1 and body["failures"][0]["code"].startswith("NT1")
    assert body["failures"][0]["path"] == "binary.bin"
    server_dir = str(Path(client.app.state.stores.db).resolve().parent)
    assert server_dir not in r.text  # no server path in the answer
    # The stored original stays; the rejected file is removed, never outside the upload folder.
    assert uploaded(client) == ["izmail.txt"]
    assert client.get("/api/search", params={"q": "Izmail"}).json()["hits"]


@pytest.mark.parametrize("files", [
    [("files", ("dump.bin", bytes(range(256)) * 8, "application/octet-stream"))],
    [("files", ("empty.txt", b"   \n\n  ", "text/plain")), ("files", ("nul.html", b"\x00" * 300, "text/html"))],
])
def test_web_ingest_nothing_ingested_is_422_without_paths(client, files):
    r = client.post("/api/ingest", files=files, headers=AUTH)
    assert r.status_code == 422, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == "NT422" and body["error"]["status"] == 422
    for _field, (name, _data, _type) in files:
        assert name in body["error"]["message"]
    server_dir = str(Path(client.app.state.stores.db).resolve().parent)
    assert server_dir not in r.text and ".uploads" not in r.text
    assert uploaded(client) == []  # rejected files do not stay in the uploads folder
    assert client.get("/api/stats").json()["articles"] == 0


def test_web_ingest_reupload_is_unchanged_and_kept(client):
    files = [("files", ("izmail.txt", HARBOUR_TEXT.encode(), "text/plain"))]
    first = client.post("/api/ingest", files=files, headers=AUTH).json()
    again = client.post("/api/ingest", files=files, headers=AUTH)
    assert again.status_code == 201, again.text
    assert [a["outcome"] for a in again.json()["articles"]] == ["unchanged"]
    assert again.json()["articles"][0]["doc_id"] == first["articles"][0]["doc_id"]
    assert uploaded(client) == ["izmail.txt"]


def test_web_ingest_analysis_runs_outside_the_write_lock(client, monkeypatch):
    """A slow upload (its analysis held on an event) does not block a second upload, which
    completes while the first is still analysing; only the commit takes the write lock."""
    import threading

    from newstrace.web import ingest as web_ingest

    real = web_ingest.analyse_upload
    slow_started, release = threading.Event(), threading.Event()
    lock_seen: list[bool] = []

    def fake_analyse(app, store, paths):
        if any(p.name == "slow.txt" for p in paths):
            lock_seen.append(client.app.state.stores.write_lock.locked())
            slow_started.set()
            assert release.wait(120), "the test never released the slow upload"
        return real(app, store, paths)

    monkeypatch.setattr(web_ingest, "analyse_upload", fake_analyse)
    slow_result: dict = {}

    def slow_upload():
        r = client.post("/api/ingest", files=[("files", ("slow.txt", DAM_TEXT.encode(), "text/plain"))],
                        headers=AUTH)
        slow_result["status"] = r.status_code

    t = threading.Thread(target=slow_upload)
    t.start()
    try:
        assert slow_started.wait(120), "the slow upload never reached its analysis"
        fast = client.post("/api/ingest", files=[("files", ("fast.txt", HARBOUR_TEXT.encode(), "text/plain"))],
                           headers=AUTH)
        assert fast.status_code == 201, fast.text
        assert not slow_result  # the slow one is still analysing: it did not block this one
        assert lock_seen == [False]  # and it analyses without the write lock
    finally:
        release.set()
        t.join(120)
    assert slow_result == {"status": 201}
    hits = client.get("/api/search", params={"q": "reservoir"}).json()["hits"]
    assert len(hits) == 1


def test_web_ingest_form_paste(client):
    r = client.post("/api/ingest", data={"text": HARBOUR_TEXT, "title": "Izmail port pauses loading"}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["articles"][0]["title"] == "Izmail port pauses loading"


@pytest.mark.parametrize("payload, status", [
    ({"text": "   "}, 400),
    ({"title": "no text"}, 400),
    (["not", "an", "object"], 400),
])
def test_web_ingest_rejects_bad_bodies(client, payload, status):
    r = client.post("/api/ingest", json=payload, headers=AUTH)
    assert r.status_code == status and r.json()["error"]["status"] == status


def test_web_ingest_rejects_other_content_types(client):
    r = client.post("/api/ingest", content=b"hello", headers=AUTH | {"Content-Type": "text/plain"})
    assert r.status_code == 400


def test_web_ingest_in_thread_analysis(tmp_path):
    # upload_workers=0: the pipeline runs in the request's thread (no worker processes).
    app = create_app(str(tmp_path / "t.db"), token=TOKEN, upload_workers=0)
    with TestClient(app, client=("127.0.0.1", 5000), base_url="http://127.0.0.1:8000") as c:
        r = c.post("/api/ingest", files=[("files", ("izmail.txt", HARBOUR_TEXT.encode(), "text/plain"))], headers=AUTH)
        assert r.status_code == 201, r.text
        assert [a["outcome"] for a in r.json()["articles"]] == ["new"]
        assert c.get("/api/search", params={"q": "Izmail"}).json()["hits"]


@pytest.mark.parametrize("free_after", [1, None])
def test_web_ingest_commit_waits_for_a_busy_store(client, monkeypatch, free_after):
    """Another process holding SQLite's write lock: the upload's commit is retried, then 503."""
    import sqlite3

    from newstrace.web import ingest as web_ingest

    real = web_ingest.commit_upload
    calls = []

    def busy_commit(store, paths, results):
        calls.append(1)
        if free_after is None or len(calls) <= free_after:
            raise sqlite3.OperationalError("database is locked")
        return real(store, paths, results)

    monkeypatch.setattr(web_ingest, "commit_upload", busy_commit)
    monkeypatch.setattr(web_ingest, "COMMIT_RETRY_PAUSE_S", 0.01)
    if free_after is None:
        monkeypatch.setattr(web_ingest, "COMMIT_WAIT_S", 0.05)
    r = client.post("/api/ingest", files=[("files", ("izmail.txt", HARBOUR_TEXT.encode(), "text/plain"))],
                    headers=AUTH)
    if free_after is None:
        assert r.status_code == 503 and r.json()["error"]["code"] == "NT503"
    else:
        assert r.status_code == 201, r.text
        assert len(calls) == free_after + 1
