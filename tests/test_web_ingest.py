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


def test_web_ingest_files_and_failures(client):
    files = [("files", ("izmail.txt", HARBOUR_TEXT.encode(), "text/plain")),
             ("files", ("../../evil/binary.bin", bytes(range(256)) * 8, "application/octet-stream"))]
    r = client.post("/api/ingest", files=files, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert [a["outcome"] for a in body["articles"]] == ["new"]
    assert len(body["failures"]) == 1 and body["failures"][0]["code"].startswith("NT1")
    kept = Path(client.app.state.stores.db + ".uploads")
    names = sorted(p.name for p in kept.rglob("*") if p.is_file())
    assert names == ["binary.bin", "izmail.txt"]  # originals kept, never outside the upload folder
    assert client.get("/api/search", params={"q": "Izmail"}).json()["hits"]


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
