"""The report page ``/report/{kind}/{id}``: the report as HTML or Markdown, escaped, with its own
CSP, and behind a token when the server requires one for reads."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from browser.webcorpus import PAYLOADS, build_store  # noqa: E402
from newstrace.web import create_app  # noqa: E402

LOCAL = ("127.0.0.1", 50000)
BASE = "http://127.0.0.1:8000"
TOKEN = "report-test-token-0123456789"


@pytest.fixture(scope="module")
def web_db(tmp_path_factory):
    return build_store(str(tmp_path_factory.mktemp("report-page") / "web.db"), with_corpus=True)


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db, token=TOKEN), client=LOCAL, base_url=BASE) as c:
        yield c


@pytest.mark.parametrize("kind, item_id", [("claim", "c-port-strike"), ("story", "s-mykolaiv-port")])
def test_web_report_page_html_with_own_csp(client, kind, item_id):
    r = client.get(f"/report/{kind}/{item_id}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"] == f'inline; filename="{kind}-{item_id}.html"'
    csp = r.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp  # no script of any kind
    (style,) = re.findall(r"<style>(.*?)</style>", r.text, re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp


def test_web_report_page_hostile_text_escaped(client):
    r = client.get("/report/claim/c-hostile")
    assert r.status_code == 200
    assert PAYLOADS[1] not in r.text and "&lt;img src=x onerror=" in r.text
    assert "<script" not in r.text and 'href="javascript:' not in r.text
    md = client.get("/report/claim/c-hostile?format=md&download=1")
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.headers["content-disposition"].startswith("attachment;")
    assert re.search(r"(?<!\\)<img", md.text) is None and r"\<img" in md.text


@pytest.mark.parametrize("path, status", [("/report/claim/no-such-claim", 404), ("/report/verdict/x", 404),
                                          ("/report/claim/c-port-strike?format=pdf", 400)])
def test_web_report_page_errors(client, path, status):
    r = client.get(path)
    assert r.status_code == status and r.json()["error"]["status"] == status


def test_web_report_page_needs_a_token_when_reads_do(web_db):
    with TestClient(create_app(web_db, token=TOKEN, require_token=True), client=LOCAL, base_url=BASE) as c:
        assert c.get("/report/claim/c-port-strike").status_code == 401
        assert c.get("/report/claim/c-port-strike", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/report/claim/c-port-strike", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
