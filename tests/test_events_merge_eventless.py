"""Event merging (issue 15): articles without events are marked merged by the batch that reads them, their JSON
told apart in SQL (``store.events.article_json(events_only=True)``) and never decoded in Python; there is no scan of
every pending article before the first batch (a resume of the real 100k merge spent 5-10 minutes in it).

Team-written articles (tests/test_events_merge_refresh.py) mixed with team-written articles that report no event.
"""

from __future__ import annotations

import json
import random
import sqlite3

from test_events_merge_refresh import _article, _tables  # tests/ is on sys.path (pytest prepend import mode)

from newstrace.events import merge as m
from newstrace.store import events as ev


def _quiet(i: int):
    from newstrace.model import Article, Origin

    text = f"Council members in the district met on Tuesday to discuss the winter heating budget (item {i})."
    return Article(doc_id=f"q{i}", source=Origin(outlet="desk", url=f"https://desk.example/{i}"), text=text,
                   published=f"2024-03-{1 + i % 20:02d}")


def _arts():
    rng = random.Random(29)
    arts = [_article(rng, i) for i in range(60)]
    quiet = [_quiet(i) for i in range(25)]
    return [x for pair in zip(arts, quiet) for x in pair] + arts[25:]


def test_events_merge_eventless_marked_counted_and_not_decoded(tmp_path, monkeypatch):
    from newstrace.store import open_store

    decoded = []
    real_loads = json.loads

    def loads(s, *a, **kw):
        if isinstance(s, str) and "winter heating budget" in s:
            decoded.append(s)
        return real_loads(s, *a, **kw)

    monkeypatch.setattr(json, "loads", loads)  # merge_pending imports json inside: its json.loads is this
    arts = _arts()
    with open_store(tmp_path / "s.db") as store:
        for a in arts:
            store.put(a)
        out = m.merge_pending(store, batch=7)
        assert out.articles == len(arts)  # eventless articles counted once, as the articles with events
        assert ev.pending(store) == []
        again = m.merge_pending(store, batch=7)
        assert again.articles == 0 and again.reports == 0
    assert decoded == []  # an eventless article's JSON never reached Python's decoder
    conn = sqlite3.connect(tmp_path / "s.db")
    try:
        marked = {r[0] for r in conn.execute("SELECT doc_id FROM event_docs")}
        reported = {r[0] for r in conn.execute("SELECT DISTINCT doc_id FROM event_reports")}
    finally:
        conn.close()
    assert marked == {a.doc_id for a in arts}
    assert not any(d.startswith("q") for d in reported) and len(reported) == 60


def test_events_merge_eventless_same_tables_as_without_them(tmp_path):
    """Eventless articles between the others change nothing in the event tables, however batches fall."""
    from newstrace.store import open_store

    arts = _arts()
    tables = []
    for name, items, batch in (("with", arts, 7), ("with13", arts, 13), ("without", [a for a in arts if a.events], 5)):
        with open_store(tmp_path / f"{name}.db") as store:
            for a in items:
                store.put(a)
            m.merge_pending(store, batch=batch)
        tables.append(_tables(tmp_path / f"{name}.db"))
    assert tables[0] == tables[1] == tables[2]
    assert len(tables[0][1]) < len(tables[0][0])  # reports did join events


def test_events_merge_eventless_article_json_in_sql(tmp_path):
    from newstrace.store import open_store

    arts = _arts()[:6]
    with open_store(tmp_path / "s.db") as store:
        for a in arts:
            store.put(a)
        ids = [a.doc_id for a in arts]
        plain = dict(ev.article_json(store, ids))
        only = dict(ev.article_json(store, ids, events_only=True))
    assert set(plain) == set(only) == set(ids)
    for a in arts:
        assert (only[a.doc_id] is None) == (not a.events)
        if a.events:
            assert only[a.doc_id] == plain[a.doc_id]
