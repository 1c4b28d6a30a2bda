"""Each article's wire agency comes from an index on the JSON expression (schema version 8), so the events
merge reads it without reading the article's JSON; the index follows put, update and the migration."""

from __future__ import annotations

from newstrace.model import Article, Origin, Paragraph
from newstrace.store import events as ev
from newstrace.store.schema import MIGRATIONS
from newstrace.store.sqlite import SQLiteStore

TEXT = ("KYIV (Reuters) - Air defence units shot down drones over the capital overnight, the city's military "
        "administration said on Telegram.")


def article(doc_id: str, agency: str | None) -> Article:
    return Article(doc_id=doc_id, source=Origin(path=f"/corpus/{doc_id}.txt", outlet="kyivcourier.example",
                                                agency=agency),
                   text=TEXT, title="Drones over Kyiv", published="2024-03-14", language="en",
                   paragraphs=[Paragraph(0, len(TEXT), "body")])


def test_agencies_follow_put_and_update(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as s:
        s.put(article("a" * 20, "Reuters"))
        s.put(article("b" * 20, None))
        assert ev.agencies(s, ["a" * 20, "b" * 20, "c" * 20]) == {"a" * 20: "Reuters", "b" * 20: None}
        changed = article("b" * 20, "AFP")  # the agency stage credits later: update() rewrites the JSON
        s.update(changed)
        assert ev.agencies(s, ["b" * 20]) == {"b" * 20: "AFP"}
        # the same answers as the JSON itself
        assert dict(s.read("SELECT doc_id, json_extract(json, '$.source.agency') FROM articles")) == \
            ev.agencies(s, ["a" * 20, "b" * 20])


def test_agencies_read_from_the_index_not_the_json(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as s:
        s.put(article("a" * 20, "Reuters"))
        plan = " ".join(r[3] for r in s.read(
            "EXPLAIN QUERY PLAN SELECT doc_id, json_extract(json, '$.source.agency') FROM articles"
            " INDEXED BY articles_agency WHERE doc_id IN (SELECT value FROM json_each(?))", ('["x"]',)))
        assert "USING INDEX articles_agency" in plan
        # the table's row (and its JSON column) is never read: no Column opcode on the table's cursor; the same
        # query left to the planner takes the doc_id index and reads the JSON column (the check can fail)
        assert _table_columns_read(s, "INDEXED BY articles_agency") == []
        assert _table_columns_read(s, "") != []


def _table_columns_read(s: SQLiteStore, hint: str) -> list[tuple]:
    root = s.read("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'articles'")[0][0]
    ops = s.read(f"EXPLAIN SELECT doc_id, json_extract(json, '$.source.agency') FROM articles {hint}"
                 " WHERE doc_id IN (SELECT value FROM json_each(?))", ('["x"]',))
    # EXPLAIN rows: (addr, opcode, p1, p2, p3, p4, p5, comment); OpenRead p1 = cursor, p2 = root page
    cursors = {r[2] for r in ops if r[1] == "OpenRead" and r[3] == root}
    assert cursors  # the table is opened (DeferredSeek: sought only if a column of it is read)
    return [r for r in ops if r[1] == "Column" and r[2] in cursors]


def test_migration_builds_the_index_for_a_store_written_before(tmp_path, monkeypatch):
    db = tmp_path / "old.db"
    monkeypatch.setattr("newstrace.store.sqlite.MIGRATIONS", [m for m in MIGRATIONS if m[0] < 8])
    with SQLiteStore(db) as s:
        s.put(article("a" * 20, "Ukrinform"))
        assert s.schema_version == 7
        assert s.read("SELECT name FROM sqlite_master WHERE name = 'articles_agency'") == []
    monkeypatch.undo()
    with SQLiteStore(db) as s:
        assert s.schema_version == max(v for v, _ in MIGRATIONS) >= 8
        assert s.read("SELECT name FROM sqlite_master WHERE name = 'articles_agency'") == [("articles_agency",)]
        assert ev.agencies(s, ["a" * 20]) == {"a" * 20: "Ukrinform"}
