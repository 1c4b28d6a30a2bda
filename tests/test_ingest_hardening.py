"""Ingest never loses an input silently (issue 15): the spelling of a path does not store a file
twice, a corrupt store is refused before anything is written, an article that ends up empty is a
failure with a code, and a one-line dump over max_text_chars is stored with text and a warning."""

from __future__ import annotations

import os
import sqlite3

import pytest

import newstrace
from newstrace.errors import CorruptStore
from newstrace.ingest import ingest
from newstrace.pipeline import Context
from newstrace.settings import Settings
from tests.fixtures.hostile import SENTENCES, prose


@pytest.fixture()
def small_ctx(ctx):
    # a small max_text_chars keeps the long seeds cheap; the bounds behave the same at any size
    return Context(Settings(max_text_chars=20_000), nlp=ctx.nlp)


def _corpus(root):
    d = root / "corpus"
    d.mkdir()
    for i in range(3):
        (d / f"a{i}.txt").write_text(f"Depot Report {i}\n\n" + "\n\n".join(SENTENCES[i:] + SENTENCES[:i]))
    return d


@pytest.mark.parametrize("second", ["relative", "dotted", "symlink"])
def test_ingest_path_spelling_stores_nothing_twice(tmp_path, monkeypatch, small_ctx, second):
    corpus = _corpus(tmp_path)
    with newstrace.open(tmp_path / "s.db") as store:
        first = ingest(store, [str(corpus.resolve())], small_ctx)
        assert (first.new, len(first.failed)) == (3, 0)
        monkeypatch.chdir(tmp_path)
        if second == "symlink":
            os.symlink(corpus, tmp_path / "link")
            spelled = "link"
        else:
            spelled = "corpus" if second == "relative" else "./corpus/../corpus"
        again = ingest(store, [spelled], small_ctx)
        assert (again.new, again.versions, again.unchanged) == (0, 0, 3)
        assert store.read("SELECT count(*) FROM articles")[0][0] == 3


def _corrupt(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE filler (x TEXT)")
    con.executemany("INSERT INTO filler VALUES (?)", [("y" * 500,) for _ in range(200)])
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = os.path.getsize(path)
    with open(path, "r+b") as fh:  # scribble over a b-tree page near the end (the filler table)
        fh.seek(size - 3 * 4096 + 100)
        fh.write(b"\xff" * 2000)


@pytest.mark.parametrize("engine", ["local"])
def test_ingest_into_corrupt_store_fails_before_writing(tmp_path, small_ctx, engine):
    db = tmp_path / "bad.db"
    newstrace.open(db).close()
    _corrupt(db)
    corpus = _corpus(tmp_path)
    with newstrace.open(db) as store:
        with pytest.raises(CorruptStore) as e:
            ingest(store, [str(corpus)], small_ctx, engine=engine)
    assert e.value.code == "NT301" and "integrity" in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("content", ["Share on Facebook\nShare on Twitter\nSubscribe to our newsletter\n",
                                     ")" * 5000, "\u2014 \u2014 ***\n\n\u00b7 \u00b7 \u00b7\n"])
def test_ingest_article_left_empty_is_a_failure_with_a_code(tmp_path, small_ctx, content):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_text(content)
    (d / "fine.txt").write_text("\n\n".join(SENTENCES))
    with newstrace.open(tmp_path / "s.db") as store:
        rep = ingest(store, [str(d)], small_ctx)
    assert rep.new == 1
    assert [(f.code, os.path.basename(f.path)) for f in rep.failed] == [("NT109", "empty.txt")]
    assert "no article text" in rep.failed[0].reason


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_ingest_one_line_dump_over_the_limit_keeps_text_with_a_warning(tmp_path, small_ctx, fmt):
    import json

    line = prose(60_000, seed=7)  # three times max_text_chars, without a line break
    d = tmp_path / "in"
    d.mkdir()
    (d / f"dump.{fmt}").write_text(line if fmt == "txt" else json.dumps({"text": line}) + "\n")
    with newstrace.open(tmp_path / "s.db") as store:
        rep = ingest(store, [str(d)], small_ctx)
        assert (rep.new, rep.failed) == (1, [])
        (art,) = list(store.iter_articles())
    assert 10_000 < len(art.text) <= 20_000
    assert art.text in line.replace("\n", " ") or art.text.split("\n\n")[0] in line
    assert any("split" in w for w in art.warnings) and any("truncated" in w for w in art.warnings)
    for p in art.paragraphs:
        assert art.text[p.start : p.end].strip() and p.end - p.start <= 10_000


def test_ingest_store_from_before_resolved_identities_sees_unchanged(tmp_path, small_ctx):
    from newstrace.model import RawDocument
    from newstrace.pipeline import process
    from newstrace.readers import read_paths

    corpus = _corpus(tmp_path)
    with newstrace.open(tmp_path / "s.db") as store:
        raws = [r for r in read_paths([str(corpus)], small_ctx.settings) if isinstance(r, RawDocument)]
        for r in raws:
            r.identity = None  # as an older newstrace read them: doc_id from the path as typed
        for art in process(raws, small_ctx):
            store.put(art)
        rep = ingest(store, [str(corpus)], small_ctx)
        assert (rep.new, rep.versions, rep.unchanged) == (0, 0, 3)


@pytest.mark.parametrize("chunk", [700, 2000])
def test_ingest_long_article_parsed_in_pieces_matches_one_parse(monkeypatch, small_ctx, chunk):
    from newstrace.pipeline import new_article
    from newstrace.readers import read_text
    from newstrace.stages import analysis, clean, language

    art = new_article(read_text(prose(6000, seed=11, sep="\n\n")))
    clean.run(art, small_ctx)
    language.run(art, small_ctx)
    analysis.run(art, small_ctx)
    whole = ([(s.start, s.end) for s in art.sentences], [(e.start, e.end, e.label) for e in art.entities])
    monkeypatch.setattr(analysis, "PARSE_CHUNK_CHARS", chunk)
    assert len(analysis._pieces(art)) >= 3 and "".join(analysis._pieces(art)) == art.text
    analysis.run(art, small_ctx)
    assert art.nlp_doc.text == art.text
    pieces = ([(s.start, s.end) for s in art.sentences], [(e.start, e.end, e.label) for e in art.entities])
    assert pieces[0] == whole[0]
    assert len(set(pieces[1]) & set(whole[1])) >= 0.95 * len(whole[1])


@pytest.mark.parametrize("limit", [2000, 5000])
def test_ingest_clean_bounds_its_input_and_names_the_rest(limit):
    from newstrace.pipeline import new_article
    from newstrace.readers import read_text
    from newstrace.stages import clean

    text = prose(limit * 12, seed=5, sep="\n\n")
    art = clean.run(new_article(read_text(text)), Context(Settings(max_text_chars=limit)))
    assert 0 < len(art.text) <= limit
    (tail,) = [r for r in art.removed if r.reason == "too-long"]
    assert tail.text and len(tail.text) <= clean.OVERFLOW_KEEP_CHARS and tail.text in text
    assert any("examined" in w for w in art.warnings)


@pytest.mark.parametrize("run", [")" * 500, "\U0001F600" * 300, ".)\"(" * 100])
def test_ingest_clean_caps_symbol_runs_with_a_record(run):
    from newstrace.pipeline import new_article
    from newstrace.readers import read_text
    from newstrace.stages import clean

    text = f"{SENTENCES[0]} {run} {SENTENCES[1]}"
    art = clean.run(new_article(read_text(text)), Context(Settings()))
    assert SENTENCES[0] in art.text and SENTENCES[1] in art.text
    assert run[: clean.MAX_SYMBOL_RUN] in art.text and run[: clean.MAX_SYMBOL_RUN + 1] not in art.text
    (cut,) = [r for r in art.removed if r.reason == "symbol-run"]
    assert len(cut.text) == len(run) - clean.MAX_SYMBOL_RUN
    assert any("symbols" in w for w in art.warnings)
