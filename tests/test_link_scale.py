"""Linking at scale (issue 15): a masked side is reused when the boilerplate learned since does not
touch it (the same mask as masking afresh), and the stance helper turns on by itself only for a
large pending set on a machine with a core to spare."""

from __future__ import annotations

import pytest

from newstrace.corpus import boilerplate as bp
from newstrace.corpus import linker as L
from newstrace.model import Article, Origin
from newstrace.store.sqlite import SQLiteStore

TEXT = ("Air defence units shot down four drones over the southern region overnight, officials said. "
        "The regional governor said debris damaged two houses in a village near the coast. "
        "Our newsroom is supported by readers like you and we thank every one of them today. "
        "No casualties were reported after the attack on the port district, the statement added.")


@pytest.fixture()
def store(tmp_path):
    with SQLiteStore(str(tmp_path / "s.db")) as s:
        yield s


def _learn(lk: L.Linker, key: int) -> None:
    lk.known.add(key)
    lk._learned.append(key)


def test_link_side_reused_until_its_own_sentence_is_learned(store):
    lk = L.Linker(store, stance=False)
    sents = bp.sentence_keys(TEXT, "o.example")
    first = lk._side("d1", "o.example", TEXT, sents)
    assert first.spans == []
    _learn(lk, 12345)  # another article's boilerplate: this side's mask stands
    again = lk._side("d1", "o.example")
    assert again is first and again.version == len(lk.known)
    stock = sents[2]
    _learn(lk, stock[2])  # its own stock sentence: masked now
    masked = lk._side("d1", "o.example")
    assert masked.spans == [(stock[0], stock[1])]
    fresh = L.Linker(store, stance=False)
    fresh.known = set(lk.known)
    ref = fresh._side("d1", "o.example", TEXT)
    assert (ref.spans, ref.masked, ref.plain) == (masked.spans, masked.masked, masked.plain)
    assert masked.masked[stock[0]:stock[1]].strip() == "" and len(masked.masked) == len(TEXT)


@pytest.mark.parametrize(("spare", "pending", "expect"), [(True, 3, True), (False, 3, False), (True, 2, False)])
def test_link_helper_on_by_itself_only_when_large_and_a_core_is_idle(store, monkeypatch, spare, pending, expect):
    for i in range(pending):
        store.put(Article(doc_id=f"a{i}", source=Origin(path=f"a{i}", outlet="o.example"), text=TEXT,
                          published="2024-03-0%d" % (i + 1)))
    calls = []
    monkeypatch.setattr(L, "AUTO_PARALLEL_MIN", 3)
    monkeypatch.setattr(L, "PREPARE_MIN", None)
    monkeypatch.setattr(L, "_spare_core", lambda: spare)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(L, "_link_prepared", lambda store, linker, ids, stance: calls.append(len(ids)))
    L.link_pending(store, stance=True, story_model="lexical")
    assert bool(calls) is expect


def test_link_story_heads_follow_the_store_order(store, monkeypatch):
    from newstrace.store import linking as cs

    monkeypatch.setattr(L, "HEAD", 3)
    # one published day, stored in reverse name order: later members sort before earlier ones
    for i, d in enumerate(["e", "d", "c", "b", "a", "f"]):
        store.put(Article(doc_id=d, source=Origin(path=d, outlet=f"o{i}.example"), text=TEXT,
                          published="2024-03-01" if d != "f" else "2024-02-28"))
    lk = L.Linker(store, stance=True, story_model="lexical")
    lk.stored_inputs = True
    ids, _top = L.pending(store)
    lk.link(L._stored(store, ids))
    stories = {r[0] for r in store.read("SELECT story_id FROM story_members")}
    assert lk.heads  # the stance peers came from the kept heads
    for sid in stories:
        if sid in lk.heads:
            assert [h[3] for h in lk.heads[sid]] == [m["doc_id"] for m in cs.members(store, sid, limit=3)]
    assert any(len(h) == 3 for h in lk.heads.values())


# -- links among many articles (story refresh, boilerplate revisits): linear, same rows and order ------------

_OLD_AMONG = ("SELECT doc_id, other_doc_id, kind, score FROM links WHERE kind IN (SELECT value FROM json_each(?))"
              " AND doc_id IN (SELECT value FROM json_each(?)) AND other_doc_id IN (SELECT value FROM json_each(?))")


def _links_store(store, n: int, seed: int):
    import random

    from newstrace.store import linking as cs

    rnd = random.Random(seed)
    ids = [f"d{rnd.randrange(10**6):06x}-{i}" for i in range(n)]
    with store.transaction() as c:
        for _ in range(4 * n):
            a, b = rnd.sample(ids, 2)
            cs.save_link(c, a, b, rnd.choice(["copy", "rewrite", "embeds", "story", "discuss"]),
                         rnd.choice([0.5, 0.7, 0.9]), [])  # tied scores: roles() breaks ties by the row order
    return ids, rnd


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_link_links_among_same_rows_in_the_order_of_the_pairwise_plan(store, seed):
    import json

    from newstrace.store import linking as cs

    ids, rnd = _links_store(store, 60, seed)
    for _ in range(20):
        part = rnd.sample(ids, rnd.randint(2, 60))  # unsorted, as a story's members come
        for kinds in (("copy", "rewrite"), ("copy", "rewrite", "embeds"), ("discuss", "copy")):
            old = [tuple(r) for r in store.read(_OLD_AMONG, (json.dumps(list(kinds)), json.dumps(part),
                                                             json.dumps(part)))]
            assert cs.links_among(store, part, kinds) == old
        old = [tuple(r) for r in store.read(_OLD_AMONG, ('["copy", "rewrite"]', json.dumps(part), json.dumps(part)))]
        assert cs.group_links(store, part) == old


def test_link_story_refresh_writes_only_changed_roles(store):
    from newstrace.corpus import stories
    from newstrace.corpus.similarity import DocFreq
    from newstrace.independence import roles
    from newstrace.store import linking as cs

    ids, _rnd = _links_store(store, 30, 7)
    with store.transaction() as c:
        for d in ids:
            cs.add_member(c, "st-x", d, None)
    with store.transaction() as c:
        stories.refresh(c, store, "st-x", DocFreq(), {})
    mem = cs.members(store, "st-x")
    want = roles(mem, cs.group_links(store, ids))
    assert {m["doc_id"]: (m["role"], m["of"]) for m in mem} == {d: r[:2] for d, r in want.items()}
    assert any(m["role"] != "original" for m in mem)
    writes = []
    with store.transaction() as c:
        c.set_trace_callback(lambda sql: writes.append(sql) if sql.startswith("UPDATE story_members") else None)
        stories.refresh(c, store, "st-x", DocFreq(), {})
        c.set_trace_callback(None)
    assert writes == []  # nothing changed since: no member row rewritten
    assert {m["doc_id"]: (m["role"], m["of"]) for m in cs.members(store, "st-x")} == {d: r[:2] for d, r in want.items()}


def test_link_learned_since_matches_the_slice():
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.integers(0, 40), max_size=60), st.frozensets(st.integers(0, 40), max_size=12),
           st.integers(0, 61), st.integers(0, 60))
    @example([5, 5, 1, 2], frozenset({5}), 1, 4)  # a key learned again after `first`: its latest position counts
    @example([1, 2, 3, 4, 5, 6], frozenset({6}), 2, 2)  # learned after the index was built
    def check(learned, keys, first, seen):
        lk = L.Linker.__new__(L.Linker)
        lk._learned, lk._learned_pos, lk._learned_indexed = learned[:seen], {}, 0
        lk._learned_since(keys, 0)  # an index built on a shorter list, then more learned
        lk._learned = learned
        assert lk._learned_since(keys, first) == (not keys.isdisjoint(learned[first:]))

    check()
