"""`newstrace verdict | correct | note | watch | users`: the desk from the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import newstrace
from newstrace.cli import app
from newstrace.pipeline import Context
from newstrace.settings import Settings

# Team-written, fictional.
DEPOT = """Drones hit a fuel depot in Kharkiv on Monday, the regional governor Ivan Sokolenko said.

"We counted eleven explosions before dawn," Sokolenko said on Telegram. Officials in Kyiv said air \
defences downed nine drones."""
FERRY = """A ferry carrying grain left Odesa on Friday, the port authority said, the first in a week.

"The corridor is open again," said harbour master Olena Dzyuba. Insurers in London said premiums fell."""


def cli(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    return r.exit_code, r.output


@pytest.fixture()
def db(tmp_path, ctx):
    src = tmp_path / "in"
    src.mkdir()
    (src / "depot.txt").write_text(DEPOT, encoding="utf-8")
    path = tmp_path / "cli.db"
    with newstrace.open(path) as store:
        store.ingest([str(src)], ctx=Context(Settings(), nlp=ctx.nlp))
    return str(path), src, ctx


def test_desk_cli_correct_and_show(db):
    path, _src, _ctx = db
    with newstrace.open(path) as store:
        doc_id = next(store.iter_articles()).doc_id
    code, out = cli("correct", doc_id, "place", "--item", "Kyiv", "--name", "Kyiv Oblast", "--as", "ana",
                    "--note", "the region", "--db", path)
    assert code == 0, out
    code, out = cli("show", doc_id, "--json", "--db", path)
    d = json.loads(out)
    (c,) = d["corrections"]
    assert c["author"] == "ana" and c["value"]["name"] == "Kyiv Oblast" and c["text"] == "Kyiv"
    assert any(p["text"] == "Kyiv" and p["name"] == "Kyiv Oblast" for p in d["places"])
    assert c["original"]["name"] != "Kyiv Oblast"
    code, out = cli("places", "--json", "--db", path)
    assert code == 0 and "Kyiv Oblast" in out
    code, out = cli("correct", doc_id, "--json", "--db", path)
    assert code == 0 and json.loads(out)[0]["anchor_text"] == "Kyiv"
    # a wrong item is a usage error naming the items there are
    code, out = cli("correct", doc_id, "place", "--item", "Atlantis", "--name", "X", "--db", path)
    assert code == 2 and "Kyiv" in out


def test_desk_cli_verdict_note_and_audit(db):
    path, _src, _ctx = db
    with newstrace.open(path) as store:
        claim_id = next(c.claim_id for c in next(store.iter_articles()).claims if c.claim_id)
    code, out = cli("verdict", "claim", claim_id, "unproven", "--note", "no second source", "--source",
                    "https://example.org/a", "--as", "bo", "--json", "--db", path)
    assert code == 0, out
    assert json.loads(out)["verdict"] == "unproven"
    code, out = cli("verdict", "claim", claim_id, "maybe", "--db", path)
    assert code == 2
    code, out = cli("verdict", "claim", claim_id, "--json", "--db", path)
    assert [v["verdict"] for v in json.loads(out)] == ["unproven"]
    code, out = cli("note", "claim", claim_id, "call the governor's office", "--as", "bo", "--db", path)
    assert code == 0
    code, out = cli("users", "audit", "--json", "--db", path)
    assert [(r["user"], r["action"]) for r in json.loads(out)] == [("bo", "note"), ("bo", "verdict")]


def test_desk_cli_watch_counts_what_is_new(db, tmp_path):
    path, src, ctx = db
    code, out = cli("watch", "odesa-port", "--add", "--query", "grain", "--place", "Odesa", "--db", path)
    assert code == 0, out
    code, out = cli("watch", "--json", "--db", path)
    (first,) = json.loads(out)
    assert first["new"] == 0 and first["since"] is None
    (src / "ferry.txt").write_text(FERRY, encoding="utf-8")
    with newstrace.open(path) as store:
        store.ingest([str(src)], ctx=Context(Settings(), nlp=ctx.nlp))
    digest = tmp_path / "digest.md"
    code, out = cli("watch", "--digest", digest, "--json", "--db", path)
    (second,) = json.loads(out)
    with newstrace.open(path) as store:
        ferry = next(a.doc_id for a in store.iter_articles() if "ferry" in a.text)
    assert second["new"] == 1 and second["items"][0]["doc_id"] == ferry
    assert "odesa-port: 1 new" in digest.read_text()
    code, out = cli("watch", "--json", "--db", path)
    assert json.loads(out)[0]["new"] == 0  # nothing arrived since the last look
    code, out = cli("watch", "--since", "2000-01-01", "--json", "--db", path)
    assert json.loads(out)[0]["new"] == 1
    code, out = cli("watch", "empty", "--add", "--db", path)
    assert code == 2


def test_desk_cli_users(db):
    path, _src, _ctx = db
    code, out = cli("users", "add", "carol", "--role", "analyst", "--as", "admin1", "--db", path)
    assert code == 0, out
    token = out.split("):")[-1].strip()
    with newstrace.open(path) as store:
        p = newstrace.desk.authenticate(store, token)
        assert (p.name, p.role) == ("carol", "analyst")
        assert newstrace.desk.authenticate(store, token + "x") is None
        raw = store.read("SELECT token_hash FROM desk_users")[0][0]
        assert token not in raw and len(raw) == 64
    code, out = cli("users", "add", "dan", "--role", "boss", "--db", path)
    assert code == 2
    code, out = cli("users", "token", "carol", "--db", path)
    new = out.split("):")[-1].strip()
    with newstrace.open(path) as store:
        assert newstrace.desk.authenticate(store, token) is None  # the old token stopped working
        assert newstrace.desk.authenticate(store, new).name == "carol"
    assert cli("users", "set", "carol", "--disable", "--db", path)[0] == 0
    with newstrace.open(path) as store:
        assert newstrace.desk.authenticate(store, new) is None
    assert cli("users", "set", "carol", "--enable", "--role", "reader", "--db", path)[0] == 0
    with newstrace.open(path) as store:
        assert newstrace.desk.authenticate(store, new).role == "reader"
    assert cli("users", "remove", "carol", "--db", path)[0] == 0
    with newstrace.open(path) as store:
        assert newstrace.desk.authenticate(store, new) is None
        actions = [a["action"] for a in newstrace.api.audit_log(store)]
    assert actions[:4] == ["user.remove", "user.update", "user.update", "user.update"]


def test_desk_cli_quotes_from_the_store_show_the_corrected_speaker(db):
    path, _src, _ctx = db
    with newstrace.open(path) as store:
        doc_id = next(store.iter_articles()).doc_id
    code, out = cli("correct", doc_id, "speaker", "--item", "eleven explosions", "--speaker", "Mayor Ihor Terekhov",
                    "--db", path)
    assert code == 0, out
    code, out = cli("quotes", "--json", "--db", path)
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    row = next(r for r in rows if "eleven explosions" in json.dumps(r))
    assert "Mayor Ihor Terekhov" in json.dumps(row) and "Sokolenko" not in json.dumps(row.get("speaker_entity"))


def test_desk_cli_show_lists_corrections(db):
    path, _src, _ctx = db
    with newstrace.open(path) as store:
        doc_id = next(store.iter_articles()).doc_id
    code, out = cli("correct", doc_id, "place", "--item", "Kyiv", "--name", "Kyiv Oblast", "--as", "ana",
                    "--note", "the region", "--db", path)
    assert code == 0, out
    code, out = cli("show", doc_id, "--db", path)
    assert code == 0 and "Corrections by analysts" in out and "Kyiv Oblast" in out and "the region" in out
