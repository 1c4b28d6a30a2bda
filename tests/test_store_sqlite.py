"""SQLiteStore: idempotence, versions, FTS search, facets, ingest log, crash safety, export."""

from __future__ import annotations

import json
import sqlite3

import pytest

from newstrace import serialize
from newstrace.errors import QueryError, StoreError, UsageError
from newstrace.model import Article, Claim, Entity, InputFailure, Origin, Paragraph, Place, Quote, Span, TimeRef
from newstrace.store import facets as facets_mod
from newstrace.store.schema import MIGRATIONS
from newstrace.store.sqlite import MARK_START, SQLiteStore, plain_query

TABLES = ("articles", "articles_fts", "entities", "places", "quotes", "claims", "times", "ingest_log")


def make_article(doc_id: str, text: str, *, title: str = "Untitled", path: str | None = None,
                 outlet: str = "kyivcourier.example", published: str | None = "2024-03-14",
                 language: str = "en", **fields) -> Article:
    paras, pos = [], 0
    for part in text.split("\n\n"):
        paras.append(Paragraph(pos, pos + len(part), "body"))
        pos += len(part) + 2
    return Article(doc_id=doc_id, source=Origin(path=path or f"/corpus/{doc_id}.txt", outlet=outlet),
                   text=text, title=title, published=published, language=language, paragraphs=paras, **fields)


def annotated() -> Article:
    """An article with every facet-bearing field filled by hand, offsets checked."""
    text = ("Oleksandr Hrytsenko said shelling hit Kherson on Tuesday. "
            '"We will rebuild," Hrytsenko said. The Kremlin denied it.')

    def at(s: str, nth: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return i, i + len(s)

    ents = [Entity(*at("Oleksandr Hrytsenko"), "PERSON", "Oleksandr Hrytsenko"),
            Entity(*at("Hrytsenko", 1), "PERSON", "Oleksandr Hrytsenko"),
            Entity(*at("Kherson"), "GPE", "Kherson"),
            Entity(*at("Kremlin"), "ORG", "Kremlin")]
    places = [Place(*at("Kherson"), "Kherson", geonameid=706448, lat=46.65, lon=32.6, country="UA",
                    feature="city", resolved=True, role="event")]
    quotes = [Quote(content=Span(*at('"We will rebuild,"')), speaker=Span(*at("Hrytsenko", 1)),
                    speaker_entity="Oleksandr Hrytsenko", is_direct=True)]
    s, e = at("The Kremlin denied it.")
    claims = [Claim(s, e, "denied", attributed_to="Kremlin", claim_id="c1"),
              Claim(0, at("Tuesday.")[1], "attributed", attributed_to="Oleksandr Hrytsenko", claim_id="c2")]
    times = [TimeRef(*at("Tuesday"), "date", value="2024-03-12", resolved=True)]
    art = make_article("f00dfeed0001aaaa0001", text, title="Kherson shelled", entities=ents, places=places,
                       quotes=quotes, claims=claims, times=times)
    for span in serialize.iter_spans(art):
        assert 0 <= span.start <= span.end <= len(text)
    return art


def counts(store: SQLiteStore) -> dict[str, int]:
    return {t: store._read(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def rows(store: SQLiteStore, table: str) -> list[tuple]:
    return store._read(f"SELECT * FROM {table} ORDER BY 1, 2")


@pytest.fixture()
def store(tmp_db):
    with SQLiteStore(tmp_db) as s:
        yield s


@pytest.mark.parametrize("reopen", [False, True])
def test_store_sqlite_put_is_idempotent(tmp_db, reopen):
    art = annotated()
    s = SQLiteStore(tmp_db)
    assert s.put(art) == "new"
    before = {t: rows(s, t) for t in TABLES if t not in ("ingest_log",)}
    n_before = counts(s)
    if reopen:
        s.close()
        s = SQLiteStore(tmp_db)
    assert s.put(serialize.from_json(serialize.to_json(art))) == "unchanged"
    after = {t: rows(s, t) for t in TABLES if t not in ("ingest_log",)}
    assert after == before
    n_after = counts(s)
    assert n_after["ingest_log"] == n_before["ingest_log"] + 1
    assert {k: v for k, v in n_after.items() if k != "ingest_log"} == \
        {k: v for k, v in n_before.items() if k != "ingest_log"}
    assert s.schema_version == max(v for v, _ in MIGRATIONS)
    s.close()


@pytest.mark.parametrize("n_versions", [2, 3])
def test_store_sqlite_changed_document_becomes_linked_version(store, n_versions):
    ids = [f"ab12cd34ef{i:02d}00000000" for i in range(n_versions)]
    for i, doc_id in enumerate(ids):
        art = make_article(doc_id, f"Revision {i}: the ceasefire collapsed in Avdiivka.", path="/corpus/same.txt",
                           title=f"Ceasefire collapses (rev {i})")
        outcome = store.put(art)
        assert outcome == ("new" if i == 0 else "version")
        assert art.version == i + 1
        assert art.previous_doc_id == (ids[i - 1] if i else None)
    stored = store.get(ids[-1])
    assert stored.version == n_versions and stored.previous_doc_id == ids[-2]
    assert store.versions(ids[0]) == [(d, i + 1, d == ids[-1]) for i, d in enumerate(ids)]
    hits = store.search("ceasefire")
    assert [h.doc_id for h in hits] == [ids[-1]]  # only the current version is searched
    assert store.count() == 1 and store.count(current_only=False) == n_versions
    log = store.ingest_log(limit=10)
    assert [r["outcome"] for r in reversed(log)] == ["ok"] + ["version"] * (n_versions - 1)


def test_store_sqlite_search_ranks_by_bm25_and_title(store):
    store.put(make_article("0000000000000000000a", "Grain prices rose. Shipping insurers raised premiums.",
                           title="Markets"))
    store.put(make_article("0000000000000000000b", "A drone hit a grain silo. The grain burned for hours, "
                           "and grain dust spread across the grain terminal.", title="Port fire"))
    store.put(make_article("0000000000000000000c", "Officials discussed the corridor.", title="Grain corridor talks"))
    store.put(make_article("0000000000000000000d", "Nothing about cereals here at all.", title="Weather"))
    hits = store.search("grain")
    assert {h.doc_id[-1] for h in hits} == {"a", "b", "c"}
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    order = [h.doc_id[-1] for h in hits]
    # Four mentions in the body beat one; a title mention outweighs a single body mention.
    assert order.index("b") < order.index("a")
    assert order.index("c") < order.index("a")
    title_hit = next(h for h in hits if h.doc_id.endswith("c"))
    assert [title_hit.title[s:e] for s, e in title_hit.title_highlights] == ["Grain"]


@pytest.mark.parametrize("query, expect", [
    ("shelling", "shell"),              # porter stemming: shelling ~ shelled
    ('"grain barges"', "grain barges"),
    ("kherson", "kherson"),             # case-insensitive
    ("Zaporizh*", "zaporizh"),          # prefix query
])
def test_store_sqlite_snippet_highlights_are_offsets(store, query, expect):
    text = ("Russian forces shelled the river port overnight. Two grain barges sank near Kherson, "
            "and a third drifted toward Zaporizhzhia before crews secured it. " * 3)
    store.put(make_article("1111111111111111aaaa", text, title="River port attacked"))
    (hit,) = store.search(query)
    assert hit.highlights, hit
    for s, e in hit.highlights:
        assert hit.snippet[s:e].lower().startswith(expect.split()[0])
    assert MARK_START not in hit.snippet
    joined = "".join(seg for seg, _ in hit.segments())
    assert joined == hit.snippet


def test_store_sqlite_marker_characters_in_text_do_not_fake_highlights(store):
    text = f"Evil {MARK_START}fake{chr(0xE001)} highlight next to Mariupol."
    store.put(make_article("2222222222222222aaaa", text, title="Odd"))
    (hit,) = store.search("Mariupol")
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["Mariupol"]
    assert store.get("2222222222222222aaaa").text == text  # the stored article is untouched


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "grain AND", "NEAR(", ")", "title:", "*", "   ", "a OR"])
def test_store_sqlite_malformed_fts_query_raises_query_error(store, query):
    store.put(make_article("3333333333333333aaaa", "The grain deal collapsed.", title="Deal"))
    with pytest.raises(QueryError) as ei:
        store.search(query, fts=True)
    assert ei.value.code == "NT401" and isinstance(ei.value, UsageError)
    assert [h.doc_id for h in store.search("grain")] == ["3333333333333333aaaa"]  # store still fine


@pytest.mark.parametrize("query, found", [('"unbalanced', False), ("AND", False), ("grain AND", False),
                                          ("NEAR(", False), (")", False), ("title:", False), ("*", False),
                                          ("a OR", False), ("grain (deal", True), ('"grain deal"', True),
                                          ('"deal grain"', False), ("gra*", True), ("deal:", True)])
def test_store_sqlite_plain_query_never_raises(store, query, found):
    store.put(make_article("3333333333333333aaaa", "The grain deal collapsed.", title="Deal"))
    assert bool(store.search(query)) is found


def test_store_sqlite_blank_query_is_a_usage_error(store):
    with pytest.raises(QueryError):
        store.search("   ")


@pytest.mark.parametrize("text, expect", [('"unbalanced grain', '"unbalanced" "grain"'),
                                          ("Zaporizhzhia-based U.S.", '"Zaporizhzhia based" "U S"'),
                                          ("Kyiv's e-mail 10:30", '"Kyiv s" "e mail" "10 30"'),
                                          ('NOT "Black Sea" OR', '"NOT" "Black Sea" "OR"'),
                                          ("evacuat* a* (*)", '"evacuat" * "a"'),
                                          ("title:foo ^bar +", '"title foo" "bar"'),
                                          ("-- ?? !", "")])
def test_store_sqlite_plain_query_is_always_valid(store, text, expect):
    assert plain_query(text) == expect
    store.search(text)  # parses


def test_store_sqlite_plain_query_bounds_its_terms(store):
    store.search(" ".join(["grain"] * 64))
    with pytest.raises(QueryError, match="too many words"):
        store.search(" ".join(["grain"] * 65))


def test_store_sqlite_facets_filled_from_article_fields(store):
    art = annotated()
    store.put(art)
    assert rows(store, "entities") == sorted([
        (art.doc_id, "Kherson", "GPE", 1), (art.doc_id, "Kremlin", "ORG", 1),
        (art.doc_id, "Oleksandr Hrytsenko", "PERSON", 2)])
    assert rows(store, "places") == [(art.doc_id, "Kherson", 706448, "UA", 46.65, 32.6, "city", "event", 1)]
    assert rows(store, "quotes") == [(art.doc_id, "Oleksandr Hrytsenko", 1)]
    assert sorted(rows(store, "claims")) == sorted([(art.doc_id, "c1", "denied", "Kremlin"),
                                                    (art.doc_id, "c2", "attributed", "Oleksandr Hrytsenko")])
    assert rows(store, "times") == [(art.doc_id, "2024-03-12", "date")]
    other = make_article("4444444444444444aaaa", "A quiet day in Lviv.", title="Lviv",
                         entities=[Entity(15, 19, "GPE", "Lviv")])
    store.put(other)
    assert [h.doc_id for h in store.articles(entity="oleksandr hrytsenko").items] == [art.doc_id]
    assert [h.doc_id for h in store.articles(place="Kherson").items] == [art.doc_id]
    assert [h.doc_id for h in store.articles(country="UA").items] == [art.doc_id]
    assert store.articles(country="RU").total == 0
    st = store.stats()
    assert st.top_people == [("Oleksandr Hrytsenko", 1)]
    assert st.top_organisations == [("Kremlin", 1)]
    assert st.top_places == [("Kherson", 1)]  # from the places table once it has rows


def test_store_sqlite_stats_fall_back_on_ner_places(store):
    store.put(make_article("5555555555555555aaaa", "A quiet day in Lviv.", entities=[Entity(15, 19, "GPE", "Lviv")]))
    store.log_input(InputFailure("/corpus/broken.html.gz", "NT106", "truncated gzip"))
    st = store.stats()
    assert st.top_places == [("Lviv", 1)]
    assert (st.articles, st.versions, st.outlets, st.failures) == (1, 1, 1, 1)
    assert st.languages == {"en": 1}
    # A failed input that later goes in fine is no longer counted as failing.
    store.log_input(InputFailure("/corpus/flaky.txt", "NT200", "stage clean: crashed"))
    assert store.stats().failures == 2
    store.put(make_article("5555555555555555bbbb", "Fixed text from Sumy.", path="/corpus/flaky.txt"))
    assert store.stats().failures == 1


def test_store_sqlite_get_by_prefix(store):
    a = annotated()
    store.put(a)
    store.put(make_article("f00dfeed0002bbbb0002", "Another text about Odesa.", title="Odesa"))
    assert serialize.to_dict(store.get(a.doc_id)) == serialize.to_dict(a)
    assert store.get("f00dfeed0001").doc_id == a.doc_id
    assert store.get("deadbeef0000") is None
    with pytest.raises(QueryError, match="several"):
        store.get("f00dfeed")
    with pytest.raises(QueryError, match="too short"):
        store.get("f00d")


def test_store_sqlite_listing_filters_and_pages(store):
    for i, (outlet, published, lang) in enumerate([
            ("kyivcourier.example", "2024-03-01", "en"), ("kyivcourier.example", "2024-03-15T08:00:00", "en"),
            ("odesaherald.example", "2024-04-02", "uk"), ("odesaherald.example", None, "en")]):
        store.put(make_article(f"66666666666666660{i:03d}", f"Report {i} on the front line near Bakhmut.",
                               outlet=outlet, published=published, language=lang, title=f"Report {i}"))
    page = store.articles(limit=2)
    assert page.total == 4 and len(page.items) == 2
    assert [h.published for h in page.items] == ["2024-04-02", "2024-03-15T08:00:00"]  # newest first
    assert [h.doc_id for h in store.articles(limit=2, offset=2).items][-1].endswith("003")  # undated last
    assert store.articles(outlet="KyivCourier.example").total == 2
    assert store.articles(since="2024-03-15").total == 2
    assert store.articles(until="2024-03").total == 2
    assert store.articles(since="2024-03-02", until="2024-03-31").total == 1
    assert store.articles(language="uk").total == 1
    assert store.articles(query="Bakhmut", outlet="odesaherald.example").total == 2
    assert store.articles(outlet="' OR 1=1 --").total == 0  # parameterised, not interpolated
    assert all(h.snippet.startswith("Report") for h in page.items)
    with pytest.raises(UsageError):
        store.articles(since="March 2024")
    with pytest.raises(UsageError):
        store.articles(limit=0)


def test_store_sqlite_ingest_log_records_every_outcome(store):
    a = make_article("7777777777777777aaaa", "First text from Izium.", path="/corpus/izium.txt")
    store.put(a, run_id="run-1")
    store.put(a, run_id="run-1")
    b = make_article("7777777777777777bbbb", "Second text from Izium.", path="/corpus/izium.txt")
    store.put(b, run_id="run-1")
    store.log_input(InputFailure("/corpus/feed.xml", "NT105", "not a feed", record=3), run_id="run-1")
    log = list(reversed(store.ingest_log(run_id="run-1")))
    assert [(r["path"], r["record"], r["outcome"], r["code"], r["doc_id"]) for r in log] == [
        ("/corpus/izium.txt", None, "ok", None, a.doc_id),
        ("/corpus/izium.txt", None, "unchanged", None, a.doc_id),
        ("/corpus/izium.txt", None, "version", None, b.doc_id),
        ("/corpus/feed.xml", 3, "failed", "NT105", None)]
    assert log[-1]["reason"] == "not a feed"


def test_store_sqlite_exception_mid_put_leaves_no_partial_rows(store, monkeypatch):
    good = make_article("8888888888888888aaaa", "Kept article about Sumy.", title="Sumy")
    store.put(good)
    before = {t: rows(store, t) for t in TABLES}

    def exploding_rows(article):
        yield ("half-written", "", None)  # one row goes in, then the stage of indexing blows up
        raise RuntimeError("disk on fire")

    boom = list(facets_mod.FACETS)
    boom.insert(3, ("claims", ("claim_id", "status", "attributed_to"), exploding_rows))
    monkeypatch.setattr("newstrace.store.sqlite.FACETS", boom)
    bad = annotated()
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.put(bad)
    assert {t: rows(store, t) for t in TABLES} == before
    monkeypatch.undo()
    assert store.put(bad) == "new"  # the store is usable and the article now goes in whole
    assert store.get(bad.doc_id).claims[0].status == "denied"


def test_store_sqlite_open_errors(tmp_path):
    with pytest.raises(UsageError, match="no store"):
        SQLiteStore(tmp_path / "missing.db", create=False)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(junk)
    newer = tmp_path / "newer.db"
    SQLiteStore(newer).close()
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version VALUES (999, 'future')")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(newer)


def test_store_sqlite_wal_and_foreign_keys(store):
    assert store._read("PRAGMA journal_mode")[0][0] == "wal"
    assert store._read("PRAGMA foreign_keys")[0][0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction() as c:
            c.execute("INSERT INTO entities VALUES ('no-such-doc', 'X', 'PERSON', 1)")


def test_store_sqlite_reindex_rebuilds_facets(store):
    art = annotated()
    store.put(art)
    before = {t: rows(store, t) for t in ("entities", "places", "quotes", "claims", "times")}
    with store.transaction() as c:
        c.execute("DELETE FROM entities")
    assert store.reindex() == 1
    assert {t: rows(store, t) for t in before} == before
    assert [h.doc_id for h in store.search("Kherson")] == [art.doc_id]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_store_sqlite_export_keeps_json_field_names(store, tmp_path, fmt):
    art = annotated()
    store.put(art)
    store.put(make_article("9999999999999999aaaa", "Second article, about Kharkiv.", title="Kharkiv"))
    out = tmp_path / f"out.{fmt}"
    assert store.export(fmt, out) == 2
    expected = serialize.to_dict(store.get(art.doc_id))
    if fmt == "jsonl":
        lines = out.read_text(encoding="utf-8").splitlines()
        assert json.loads(lines[0]) == expected
        return
    if fmt == "csv":
        import csv

        with out.open(encoding="utf-8", newline="") as fh:
            records = list(csv.DictReader(fh))
    else:
        import pyarrow.parquet as pq

        records = pq.read_table(out).to_pylist()
    # One row per article with flat, typed columns (newstrace/exports); annotations have tables of their own.
    first = next(r for r in records if r["doc_id"] == art.doc_id)
    assert first["text"] == expected["text"] and first["title"] == expected["title"]
    assert first["outlet"] == expected["source"]["outlet"] and first["path"] == expected["source"]["path"]
    assert int(first["n_entities"]) == len(expected["entities"])


def test_store_sqlite_iter_articles_streams_everything(store):
    ids = [f"{i:020d}" for i in range(7)]
    for i, d in enumerate(ids):
        store.put(make_article(d, f"Dispatch {i} from Chernihiv."))
    assert [a.doc_id for a in store.iter_articles(batch_size=3)] == ids


@pytest.mark.parametrize("good", [True, False])
def test_store_sqlite_appended_migration_applies_once_or_rolls_back(tmp_db, monkeypatch, good):
    with SQLiteStore(tmp_db) as s:
        s.put(annotated())
    extra = ("CREATE TABLE links_probe (doc_id TEXT REFERENCES articles(doc_id), other TEXT);"
             "CREATE INDEX links_probe_doc ON links_probe(doc_id);")
    if not good:
        extra += "INSERT INTO no_such_table VALUES (1);"
    base = max(v for v, _ in MIGRATIONS)
    monkeypatch.setattr("newstrace.store.sqlite.MIGRATIONS", [*MIGRATIONS, (base + 1, extra)])
    if good:
        with SQLiteStore(tmp_db) as s:
            assert s.schema_version == base + 1 and s.count() == 1
            assert s.read("SELECT count(*) FROM links_probe") == [(0,)]
        with SQLiteStore(tmp_db) as s:  # reopening applies nothing twice
            assert s.read("SELECT count(*) FROM schema_version") == [(base + 1,)]
    else:
        with pytest.raises(StoreError):
            SQLiteStore(tmp_db)
        monkeypatch.undo()
        with SQLiteStore(tmp_db) as s:  # the failed migration left nothing behind
            assert s.schema_version == base and s.count() == 1
            assert s.read("SELECT name FROM sqlite_master WHERE name LIKE 'links_probe%'") == []


@pytest.mark.parametrize("writers", [3])
def test_store_sqlite_concurrent_writers_share_one_file(tmp_db, writers):
    import threading

    SQLiteStore(tmp_db).close()
    errors: list[BaseException] = []

    def write(w: int) -> None:
        try:
            with SQLiteStore(tmp_db) as s:  # one connection per writer, as separate processes would
                for i in range(25):
                    s.put(make_article(f"{w:02d}{i:018d}", f"Writer {w} dispatch {i} from Pokrovsk."))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with SQLiteStore(tmp_db) as s:
        assert s.count() == writers * 25
        assert s.read("SELECT count(*) FROM articles_fts") == [(writers * 25,)]
        assert len(s.search("Pokrovsk", limit=1000)) == writers * 25


def test_store_sqlite_update_rewrites_annotations_in_place(store):
    art = annotated()
    store.put(art)
    log_rows = len(store.ingest_log())
    art.claims[0].status = "unverified"
    art.entities = art.entities[:1]
    store.update(art)
    got = store.get(art.doc_id)
    assert got.claims[0].status == "unverified" and len(got.entities) == 1
    assert ("c1", "unverified", "Kremlin") in [r[1:] for r in rows(store, "claims")]
    assert rows(store, "entities") == [(art.doc_id, "Oleksandr Hrytsenko", "PERSON", 1)]
    assert store.count(current_only=False) == 1 and len(store.ingest_log()) == log_rows
    assert [h.doc_id for h in store.search("Kherson")] == [art.doc_id]
    changed = annotated()
    changed.text += " More."
    with pytest.raises(UsageError, match="differs"):
        store.update(changed)
    with pytest.raises(UsageError, match="no article"):
        store.update(make_article("0123456789abcdef0123", "Not stored."))


@pytest.mark.parametrize("query, expect", [("ins*", {"a"}), ("gra*", {"a", "b"})])
def test_store_sqlite_prefix_index_serves_prefix_queries(store, query, expect):
    store.put(make_article("0000000000000000000a", "Grain prices rose. Shipping insurers raised premiums."))
    store.put(make_article("0000000000000000000b", "A drone hit a grain silo near the port."))
    assert {h.doc_id[-1] for h in store.search(query)} == expect
    sql = store.read("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'")[0][0]
    assert "prefix" in sql


def test_store_sqlite_current_articles_counted_from_index(store):
    plan = " ".join(str(r) for r in store.read("EXPLAIN QUERY PLAN SELECT count(*) FROM articles WHERE is_current = 1"))
    assert "articles_current" in plan


@pytest.mark.parametrize("status", ["interrupted"])
def test_store_sqlite_run_finishes_after_a_transaction_cut_by_an_interrupt(tmp_db, status):
    with SQLiteStore(tmp_db) as store:
        run_id = store.start_run(["corpus"])
        store._conn.execute("BEGIN IMMEDIATE")  # as if Ctrl-C landed between BEGIN and its handler
        store.finish_run(run_id, status)
        assert store._read("SELECT status FROM ingest_runs WHERE run_id = ?", (run_id,)) == [(status,)]
