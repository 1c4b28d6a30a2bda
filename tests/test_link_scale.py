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
