"""Event merging at scale (issue 15): ``merge_pending`` reads each article's copy / rewrite / embeds links
once per merging run (``merge.LINKS_FROM_MEMORY``, ``merge._Links``) and writes the very same tables as
looking up the links among every touched event's articles in the store at every batch; a link (or an
agency) committed by another connection during the run is read again (SQLite's data_version).

Team-written articles (tests/test_events_merge_refresh.py) with team-made links among them: fold kinds in
both directions, kinds that never fold, links to articles outside any event.
"""

from __future__ import annotations

import json
import random
import sqlite3

import pytest
from test_events_merge_refresh import _article, _tables  # tests/ is on sys.path (pytest prepend import mode)

from newstrace.events import merge as m
from newstrace.store import events as ev

KINDS = ["copy", "rewrite", "embeds", "story", "agree", "disagree"]


def _links(rng: random.Random, n: int, count: int) -> list[tuple[str, str, str]]:
    out = set()
    while len(out) < count:
        a, b = rng.randrange(n + 10), rng.randrange(n + 10)  # a{n}.. are in no event (not stored)
        if a != b:
            out.add((f"a{a}", f"a{b}", rng.choice(KINDS)))
    return sorted(out)


def _add_links(conn, rows) -> None:
    conn.executemany("INSERT OR REPLACE INTO links (doc_id, other_doc_id, kind, score, evidence, created_at)"
                     " VALUES (?, ?, ?, 0.9, '[]', '2024-01-01T00:00:00Z')", rows)


def _run(path, arts, links, monkeypatch, from_memory: bool, later=None, refresh: bool = True) -> list:
    """Merge ``arts`` in small batches with ``links`` stored first; ``later``: (links, agency doc ids) committed
    by another connection after the third batch began (as a linking process would)."""
    from newstrace.store import open_store

    monkeypatch.setattr(m, "LINKS_FROM_MEMORY", from_memory)
    monkeypatch.setattr(m, "REFRESH_FROM_MEMORY", refresh)
    calls = [0]
    real = ev.article_json

    def article_json(store, doc_ids, **kw):
        calls[0] += 1
        if later is not None and calls[0] == 3:
            other = sqlite3.connect(path)
            with other:
                _add_links(other, later[0])
                other.execute("UPDATE articles SET json = json_set(json, '$.source.agency', 'Reuters')"
                              " WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(later[1]),))
            other.close()
        return real(store, doc_ids, **kw)

    monkeypatch.setattr(ev, "article_json", article_json)
    with open_store(path) as store:
        for a in arts:
            store.put(a)
        with store.transaction() as c:
            _add_links(c, links)
        m.merge_pending(store, batch=11)
    return _tables(path)


@pytest.mark.parametrize("seed", [1, 2])
def test_events_merge_links_memory_same_tables(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    arts = [_article(rng, i, agency=rng.choice([None, None, "AP"])) for i in range(120)]
    links = _links(rng, 120, 400)
    on = _run(tmp_path / "on.db", arts, links, monkeypatch, True)
    off = _run(tmp_path / "off.db", arts, links, monkeypatch, False)
    bare = _run(tmp_path / "bare.db", arts, [], monkeypatch, True)
    assert on == off
    assert on[1] != bare[1]  # the links did fold sources of some events
    assert max(r[7] for r in on[1]) >= 5  # large merged events, rewritten many times


@pytest.mark.parametrize("seed", [3, 4])
def test_events_merge_links_other_connection_commits(tmp_path, monkeypatch, seed):
    """Links and an agency committed by another connection mid-run are read by the next batches: the same
    tables as reading every report, agency and link from the store at every batch."""
    rng = random.Random(seed)
    arts = [_article(rng, i) for i in range(120)]
    links = _links(rng, 120, 150)
    later = ([(f"a{i}", f"a{i + 1}", "copy") for i in range(0, 118, 2)], [f"a{i}" for i in range(0, 120, 3)])
    on = _run(tmp_path / "on.db", arts, links, monkeypatch, True, later)
    fresh = _run(tmp_path / "fresh.db", arts, links, monkeypatch, False, later, refresh=False)
    unseen = _run(tmp_path / "unseen.db", arts, links, monkeypatch, True)
    assert on == fresh
    assert on[1] != unseen[1]  # what was committed mid-run did change records
    assert any('"Reuters"' in r[10] for r in on[1])


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_events_merge_links_among_same_rows(tmp_path, seed):
    """``_Links.among`` gives the rows ``store.events.fold_links`` gives (as a set: the record does not
    depend on their order), for sets read before, overlapping, and after new links were committed."""
    from newstrace.store import open_store

    rng = random.Random(seed)
    arts = [_article(rng, i) for i in range(60)]
    with open_store(tmp_path / "s.db") as store:
        for a in arts:
            store.put(a)
        with store.transaction() as c:
            _add_links(c, _links(rng, 60, 300))
        kept = m._Links(store)
        for k in range(40):
            if k == 20:  # committed by this connection (as merging never does): read afresh by a new run
                with store.transaction() as c:
                    _add_links(c, _links(rng, 60, 50))
                kept = m._Links(store)
            ids = [f"a{rng.randrange(70)}" for _ in range(rng.randint(0, 25))]
            got = kept.among(ids)
            assert sorted(got) == sorted(ev.fold_links(store, ids))
            assert len(got) == len(set(got))
        assert kept.out  # read once, kept
