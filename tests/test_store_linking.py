"""The store's linking interface (``newstrace/store/linking.py``): a linked batch commits whole or not at all.

The linker calls named store functions inside one ``store.transaction()`` per batch; an interruption
in the middle of a batch (Ctrl-C, a crash in a store write) must leave none of that batch's
fingerprints, bands, links or story rows, and linking again afterwards gives what an uninterrupted
run gives. Team-written briefs: a report, a wire copy of it, and two unrelated reports.
"""

from __future__ import annotations

import pytest

import newstrace
from newstrace.corpus.linker import Linker, link_pending
from newstrace.model import Article, Origin
from newstrace.store import linking

REPORT = ("Repair crews reopened the damaged road bridge over the Vovcha river near Pavlohrad on Monday, two weeks "
          "after a missile strike cut the town's main link to the regional centre. The regional military "
          "administration said lorries heavier than 20 tonnes would still use the detour through Ternivka. "
          "Engineers expect the second lane to open by the end of the month, head of the administration Serhiy "
          "Lysak said.")
OTHER = [
    "A volunteer group in Chernihiv has handed 40 portable generators to village schools in the north of the "
    "region, where power cuts after shelling last for days. The group's coordinator said another 25 generators "
    "were bought with donations from Lithuania and would arrive in December.",
    "The State Emergency Service said sappers cleared 112 hectares of farmland in the Mykolaiv region last week "
    "and removed 36 explosive items, including two anti-tank mines found near a grain storage site in "
    "Snihurivka. Farmers were asked not to enter fields marked with red signs.",
]
KINDS = ("copy", "rewrite", "embeds", "story", "agree", "disagree", "discuss")


def _articles() -> list[Article]:
    def art(doc_id, text, outlet, day):
        return Article(doc_id=doc_id, source=Origin(path=doc_id, outlet=outlet, format="text"), text=text,
                       published=f"2024-03-{day:02d}T08:00:00", language="en")

    return [art("bridge-report", REPORT, "steppe-news.example", 4),
            art("bridge-wire", REPORT + "\n\nShare this article", "eastwire.example", 4),
            art("generators", OTHER[0], "north-daily.example", 5),
            art("demining", OTHER[1], "south-herald.example", 6)]


def _state(store, ids):
    return (sorted(linking.linked(store, ids)), sorted(linking.links_among(store, ids, KINDS)),
            {d: linking.story_of(store, d) for d in ids})


def _stored(path):
    store = newstrace.open(path)
    for a in _articles():
        store.put(a)
    return store


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The corpus tables after an uninterrupted run."""
    store = _stored(tmp_path_factory.mktemp("clean") / "clean.db")
    link_pending(store, stance=False, parallel=False)
    ids = [a.doc_id for a in _articles()]
    state = _state(store, ids)
    store.close()
    assert ("bridge-wire", "bridge-report", "copy") in {r[:3] for r in state[1]}  # the corpus does link
    return state


@pytest.mark.parametrize("fail_at", [1, 2, 4])
def test_store_linking_interrupted_batch_leaves_nothing(tmp_path, monkeypatch, clean, fail_at):
    store = _stored(tmp_path / "cut.db")
    ids = [a.doc_id for a in _articles()]
    real = linking.add_member
    calls = []

    def cut(c, story_id, doc_id, score):
        calls.append(doc_id)
        if len(calls) == fail_at:
            raise KeyboardInterrupt  # as Ctrl-C would, after earlier writes of the same batch
        real(c, story_id, doc_id, score)

    monkeypatch.setattr(linking, "add_member", cut)
    with pytest.raises(KeyboardInterrupt):
        link_pending(store, stance=False, parallel=False)
    assert _state(store, ids) == ([], [], {d: None for d in ids})
    assert linking.meta_get(store, linking.LINKED_UPTO) is None  # the high-water mark did not move either
    monkeypatch.setattr(linking, "add_member", real)
    report = link_pending(store, stance=False, parallel=False)
    assert report.articles == len(ids)
    assert _state(store, ids) == clean
    store.close()


def test_store_linking_batches_commit_separately(tmp_path, monkeypatch, clean):
    """Batches of two: the first batch commits; a failure in the second leaves the first whole."""
    store = _stored(tmp_path / "batches.db")
    ids = [a.doc_id for a in _articles()]
    real = linking.add_member

    def cut(c, story_id, doc_id, score):
        if doc_id == "demining":
            raise RuntimeError("disk full")
        real(c, story_id, doc_id, score)

    monkeypatch.setattr(linking, "add_member", cut)
    with pytest.raises(RuntimeError):
        Linker(store, stance=False, batch=2).link(_articles())
    assert sorted(linking.linked(store, ids)) == ["bridge-report", "bridge-wire"]
    assert linking.story_of(store, "generators") is None
    monkeypatch.setattr(linking, "add_member", real)
    link_pending(store, stance=False, parallel=False)
    assert _state(store, ids) == clean
    store.close()
