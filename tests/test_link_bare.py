"""Carriers fingerprinted again read only what a fingerprint reads (issue 15): ``linking.print_fields``
extracts those fields in SQL and ``linker.bare_article`` builds the same article fields (and so the same
fingerprint) as parsing the whole stored JSON with ``light_article``. Team-written articles."""

from __future__ import annotations

import pytest

from newstrace.corpus import linker as L
from newstrace.corpus import prints
from newstrace.corpus.fingerprint import fingerprint
from newstrace.model import Article, Entity, Origin, Place, Quality
from newstrace.store import linking as cs
from newstrace.store import rows as stored
from newstrace.store.sqlite import SQLiteStore

TEXT = ("Мер Харкова Ігор Терехов said on Monday that 14 drones hit the city’s “Saltivskyi” district 🚀 overnight, "
        "damaging a school and 3 houses. Oleh Syniehubov, the regional governor, said air defence downed 9 of them.\n\n"
        "Repairs will take \"at least\" two weeks, officials added; 1.5 million people live in Kharkiv.")


def _articles() -> list[Article]:
    a = Article(doc_id="a1", source=Origin(path="x/a1.txt", url="https://kh.example/a1", outlet="kh.example",
                                           host="kh.example", agency="Ukrinform", format="html"),
                text=TEXT, title="Drones hit Kharkiv school", published="2024-03-04T07:30:00+02:00", language="en")
    a.entities = [Entity(17, 29, "PERSON", "Ігор Терехов"), Entity(TEXT.index("Oleh"), TEXT.index("Oleh") + 15,
                                                                  "PERSON", "Oleh Syniehubov"),
                  Entity(TEXT.index("Kharkiv."), TEXT.index("Kharkiv."), "GPE", "")]
    k = TEXT.index("Kharkiv.")
    a.places = [Place(k, k + 7, "Kharkiv", geonameid=706483, lat=49.98, lon=36.25, resolved=True),
                Place(TEXT.index("Saltivskyi"), TEXT.index("Saltivskyi") + 10, "Saltivskyi")]
    a.quality = Quality(spun={"score": 0.123456789012, "evidence": [{"start": 0, "end": 4}]})
    b = Article(doc_id="b1", source=Origin(path="b1.txt"), text="Short text with no metadata at all, none.")
    return [a, b]


@pytest.fixture()
def store(tmp_path):
    with SQLiteStore(str(tmp_path / "s.db")) as s:
        for a in _articles():
            s.put(a)
        yield s


@pytest.mark.parametrize("doc_id", ["a1", "b1"])
def test_link_bare_article_reads_what_the_fingerprint_reads(store, doc_id):
    full = L.light_article(stored.article_json(store, doc_id, current_only=True), events=False)
    bare = L.bare_article(cs.print_fields(store, doc_id))
    for name in ("doc_id", "source", "text", "title", "published", "language", "entities", "places", "quality"):
        assert getattr(bare, name) == getattr(full, name), name
    assert bare.claims == []  # not read: the fingerprint does not use them
    fa, fb = fingerprint(full), fingerprint(bare)
    spans = [(0, 20)]
    for x, y in [(fa, fb), (fingerprint(full, spans), fingerprint(bare, spans))]:
        assert prints.pack(x) == prints.pack(y) and x.keys == y.keys
        assert (x.outlet, x.published, x.day, x.title, x.n_words, x.spun) == (y.outlet, y.published, y.day, y.title,
                                                                            y.n_words, y.spun)


def test_link_bare_article_only_current_versions(store):
    assert cs.print_fields(store, "nope") is None
    with store.transaction() as c:
        c.execute("UPDATE articles SET is_current = 0 WHERE doc_id = 'b1'")
    assert cs.print_fields(store, "b1") is None
