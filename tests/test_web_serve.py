"""`newstrace serve` as a user runs it: a subprocess on a free loopback port."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import pytest

httpx = pytest.importorskip("httpx")

from browser.webcorpus import PORT_ID, build_store  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("token", ["short", "12345678901"])
def test_web_serve_refuses_weak_token(tmp_path, token):
    r = subprocess.run([sys.executable, "-m", "newstrace", "serve", "--db", str(tmp_path / "x.db"), "--token", token],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "at least 12 characters" in r.stderr


@pytest.mark.slow
def test_web_serve_runs_and_prints_its_token(tmp_path):
    db = build_store(str(tmp_path / "serve.db"))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newstrace", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(base + "/api/summary", timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, "server did not start"
                time.sleep(0.2)
        assert r.json() == {"articles": 5, "outlets": 5}
        assert httpx.get(f"{base}/api/articles/{PORT_ID}").json()["doc_id"] == PORT_ID
        assert httpx.post(base + "/api/ingest", json={"text": "x"}).status_code == 401
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    token = re.search(r"upload token: (\S+)", out).group(1)
    assert len(token) >= 32
    assert f"{base}/upload#token={token}" in out


@pytest.mark.slow
def test_web_serve_allowed_host_option(tmp_path):
    db = build_store(str(tmp_path / "serve.db"))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newstrace", "serve", "--db", db, "--port", str(port),
                             "--allowed-host", "news.example.org", "--allowed-host", "[::1]"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(base + "/api/summary", timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200  # the loopback names stay allowed
        named = httpx.get(base + "/api/summary", headers={"Host": f"news.example.org:{port}"}, timeout=5)
        assert named.status_code == 200
        for host in ("evil.example", f"127.0.0.1:{port}@evil.example"):
            r = httpx.get(base + "/api/summary", headers={"Host": host}, timeout=5)
            assert r.status_code == 403 and r.json()["error"]["code"] == "NT411"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "allowed hosts: localhost, 127.0.0.1, ::1, news.example.org" in out
