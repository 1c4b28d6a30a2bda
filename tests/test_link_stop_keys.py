"""Stop keys in the candidate lookup (issue 15): a long-sentence (block) key carried by more than
``linker.BLOCK_MAX_CARRIERS`` linked articles is stock text and finds no candidates; keys at or under
the cap, and the MinHash text bands, find them as before.

Team-written briefs of different outlets (so no outlet learns the sentence as its boilerplate), each
with its own report and one shared template sentence."""

from __future__ import annotations

import pytest

from newstrace.corpus import boilerplate as bp
from newstrace.corpus import linker as L
from newstrace.corpus.fingerprint import fingerprint
from newstrace.model import Article, Origin
from newstrace.store import linking as cs
from newstrace.store.sqlite import SQLiteStore

SHARED = "Satellite images reviewed by independent analysts showed dozens of fresh craters near the rail depot."
OWN = [
    "The Kharkiv city council reopened two underground schools in the Saltivskyi district on Monday morning.",
    "Farmers blocked the Dorohusk border crossing for a fourth day as lorries queued on the western side.",
    "Repairs at a thermal power plant hit by missiles on Saturday will take at least six more weeks.",
    "A court in Lviv sentenced a man to twelve years in prison for passing coordinates of an air base.",
    "Volunteers in Chernihiv handed forty generators to village schools in the north of the region.",
]
NEW = "Divers searched the flooded quarry outside Zhytomyr for a missing teenager until late in the evening."


def _art(i: int, own: str) -> Article:
    return Article(doc_id=f"d{i}", source=Origin(path=f"d{i}", outlet=f"outlet{i}.example"), text=own + " " + SHARED,
                   published=f"2024-03-0{i + 1}")


@pytest.fixture()
def store(tmp_path):
    with SQLiteStore(str(tmp_path / "s.db")) as s:
        lk = L.Linker(s, stance=False, story_model="lexical")
        lk.link([_art(i, t) for i, t in enumerate(OWN[:4])])
        yield s


def _lookup(store, cap) -> list[str]:
    new = _art(9, NEW)
    lk = L.Linker(store, stance=False, story_model="lexical")
    sents = bp.sentence_keys(new.text, new.source.outlet)
    blocks = [x[3] for x in sents if x[4] >= bp.BLOCK_MIN_WORDS]
    assert blocks  # the shared sentence is a block key
    L.BLOCK_MAX_CARRIERS = cap
    return [d for d, _n in lk._candidates(fingerprint(new), blocks)]


@pytest.mark.parametrize(("cap", "found"), [(None, True), (4, True), (3, False), (1, False)])
def test_link_stop_key_over_the_cap_finds_nothing(store, monkeypatch, cap, found):
    monkeypatch.setattr(L, "BLOCK_MAX_CARRIERS", L.BLOCK_MAX_CARRIERS)  # restored after the test
    got = _lookup(store, cap)
    if found:  # the four carriers, through the shared sentence alone (their own texts share no band)
        assert sorted(got) == ["d0", "d1", "d2", "d3"]
    else:
        assert got == []


def test_link_stop_key_counted_up_to_the_cap(store):
    key = [x[3] for x in bp.sentence_keys(SHARED, None)][0]
    assert cs.band_key_counts(store, bp.BLOCK_BAND, [key]) == {key: 4}
    for cap, over in [(0, True), (3, True), (4, False), (100, False)]:
        assert (key in cs.band_keys_over(store, bp.BLOCK_BAND, [key, 12345], cap)) is over
    assert 12345 not in cs.band_keys_over(store, bp.BLOCK_BAND, [key, 12345], 0)


def test_link_stop_keys_remembered_and_forgotten_on_rollback(store, monkeypatch):
    monkeypatch.setattr(L, "BLOCK_MAX_CARRIERS", 3)
    lk = L.Linker(store, stance=False, story_model="lexical")
    key = [x[3] for x in bp.sentence_keys(SHARED, None)][0]
    lk._candidates(fingerprint(_art(9, NEW)), [key])
    assert lk._stop_blocks == {key}

    def boom(c, a):
        raise RuntimeError("mid-batch failure")

    monkeypatch.setattr(lk, "_one", boom)
    with pytest.raises(RuntimeError):
        lk.link_batch([_art(8, NEW)])
    assert lk._stop_blocks == set()


def test_link_stop_keys_under_the_cap_change_nothing(tmp_path, monkeypatch):
    """Five carriers, the default cap: the same tables as with no cap at all."""
    def tables(path, cap):
        monkeypatch.setattr(L, "BLOCK_MAX_CARRIERS", cap)
        with SQLiteStore(path) as s:
            L.Linker(s, stance=False, story_model="lexical").link([_art(i, t) for i, t in enumerate(OWN)])
            return [s.read(q) for q in ("SELECT doc_id, other_doc_id, kind, score, evidence FROM links ORDER BY 1, 2, 3",
                                        "SELECT story_id, doc_id, score FROM story_members ORDER BY 1, 2")]

    assert L.BLOCK_MAX_CARRIERS >= len(OWN)
    assert tables(str(tmp_path / "a.db"), L.BLOCK_MAX_CARRIERS) == tables(str(tmp_path / "b.db"), None)
