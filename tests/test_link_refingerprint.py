"""Carriers of newly learned boilerplate are fingerprinted again once per learning article (issue 15),
not once per sentence learned: the corpus tables are the same as fingerprinting each carrier again at
every sentence, as the linker did before (``_Before`` below keeps that code), including a carrier whose
full stock paragraph trips the guard against masking most of a text (its last mask with spans stands)
and carriers joined by copy links (verified again between the sentences learned).

Team-written briefs of one outlet, each ending with its stock paragraph of three sentences."""

from __future__ import annotations

import random

import pytest

from newstrace.corpus import boilerplate as bp
from newstrace.corpus import linker as L
from newstrace.model import Article, Origin
from newstrace.store import linking as cs
from newstrace.store import rows as stored
from newstrace.store.sqlite import SQLiteStore

STOCK = ["Russia launched its full-scale invasion of Ukraine on 24 February 2022 after months of build-up.",
         "Moscow has since claimed the annexation of four regions, which the UN General Assembly condemned.",
         "Kyiv says it will never cede Crimea or any other occupied territory to Russia in any talks."]
OWN = [
    "Air defences shot down 14 of 17 drones launched overnight at the Odesa region, the southern command said. "
    "Debris damaged a warehouse in Izmail and injured a guard, the governor wrote. Firefighters worked until dawn.",
    "The Kharkiv council reopened two underground schools in the Saltivskyi district, the mayor said on Monday, "
    "adding that 1,200 pupils will attend lessons in shifts. A third school is due to open in March.",
    "Farmers blocked the Dorohusk crossing for a fourth day, leaving about 900 lorries queuing on the Ukrainian "
    "side, border guards said. Warsaw promised talks with the protest leaders on Friday afternoon.",
    "Repairs at a thermal power plant in the Dnipropetrovsk region hit by missiles on Saturday would take at "
    "least six weeks, the operator said. Households were asked to limit consumption in the evening hours.",
    "A court in Lviv sentenced a man to 12 years in prison for passing the coordinates of an air base to a "
    "foreign service, investigators said. He was detained in Khmelnytskyi last April after a long probe.",
    "Volunteers in Chernihiv handed 40 generators to village schools in the north of the region, where power "
    "cuts after shelling last for days. Another 25 generators bought with donations arrive in December.",
]
SHORT = "Sirens sounded in Sumy at noon."  # the stock paragraph is most of this brief: the mask guard trips


class _Before(L.Linker):
    """The linker as it was: every carrier read, fingerprinted and written again at every sentence learned."""

    def _learn(self, c, article, sents):
        outlet = article.source.outlet if article.source else None
        todo = {x[2]: (x[0], x[1]) for x in sents if x[2] and x[2] not in self.known}
        if not outlet or not todo:
            return
        for k, n in bp.counts(self.store, list(todo)).items():
            if n + 1 >= bp.MIN_ARTICLES:
                self.known.add(k)
                self._learned.append(k)
                s, e = todo[k]
                bp.record(c, outlet, k, n + 1, article.doc_id, s, e)
                self.report.boilerplate += 1
                self._revisit(c, outlet, k)

    def _revisit(self, c, outlet, key):
        ids = bp.carriers(self.store, key)
        for d in ids:
            self._refingerprint_each(c, d)
        if len(ids) < 2:
            return
        rows = [r[:3] for r in cs.links_among(self.store, ids, ("copy", "rewrite", "embeds"))]
        if not rows:
            return
        fps = self._fingerprints(sorted({d for r in rows for d in r[:2]}))
        for a, b, kind in rows:
            if a not in fps or b not in fps:
                continue
            v = self._verify(self._side(a, fps[a].outlet), fps[a], self._side(b, fps[b].outlet), fps[b], 0)
            if v is not None and v.kind == kind:
                continue
            cs.delete_link(c, a, b, kind)
            bp.note_undone(c, self.store, outlet, key, [a, b, kind])
            self.report.undone += 1
            if v is not None:
                self._save(c, a, b, v)

    def _refingerprint_each(self, c, doc_id):
        a = self.articles.get(doc_id)
        if a is None:
            js = stored.article_json(self.store, doc_id, current_only=True)
            if js is None:
                return
            a = L.light_article(js, events=False)
        elif not cs.is_current(self.store, doc_id):
            return
        side = self._side(doc_id, a.source.outlet, a.text)
        if not side.spans:
            return
        fp = L.fingerprint(a, side.spans)
        cs.forget_bands(c, doc_id, bp.BOILER_BAND)
        L.prints.save_fingerprint(c, fp)
        self._remember(fp)


TABLES = {
    "links": "SELECT doc_id, other_doc_id, kind, score, evidence FROM links ORDER BY 1, 2, 3",
    "members": "SELECT story_id, doc_id, role, of_doc_id, score FROM story_members ORDER BY 1, 2",
    "stories": "SELECT story_id, label, label_doc_id, articles, independent_sources, copies FROM stories ORDER BY 1",
    "prints": "SELECT doc_id, published, day, outlet, title, data FROM corpus_prints ORDER BY 1",
    "bands": "SELECT band, key, doc_id FROM corpus_bands ORDER BY 1, 2, 3",
    "keys": "SELECT key, day, doc_id FROM corpus_keys ORDER BY 1, 2, 3",
    "meta": "SELECT name, value FROM corpus_meta WHERE name != 'linked_upto' ORDER BY 1",
}


def _corpus(seed: int) -> list[Article]:
    rnd = random.Random(seed)
    arts = []
    for i in range(14):
        outlet = rnd.choice(["steppe.example", "steppe.example", "north.example"])
        kind = rnd.random()
        if kind < 0.25:
            text = SHORT + " " + " ".join(STOCK)
        elif kind < 0.45 and arts:  # the outlet publishes an earlier brief again (a copy among carriers)
            prev = rnd.choice(arts)
            text, outlet = prev.text.replace(" said", " said on Tuesday", 1), prev.source.outlet
        else:
            own = rnd.choice(OWN)
            stock = STOCK if rnd.random() < 0.8 else STOCK[:2]
            text = own + "\n\n" + " ".join(stock)
        arts.append(Article(doc_id=f"b{seed}-{i:02d}", source=Origin(path=f"b{seed}-{i}", outlet=outlet),
                            text=text, title=f"Brief {i}", published=f"2024-03-{1 + i // 3:02d}T{8 + i % 3:02d}:00:00",
                            language="en"))
    return arts


def _link(tmp_path, cls, arts, name):
    with SQLiteStore(str(tmp_path / name)) as store:
        for a in arts:
            store.put(a)
        lk = cls(store, stance=False, story_model="lexical", batch=5)
        lk.stored_inputs = True
        ids, _top = L.pending(store)
        lk.link(L._stored(store, ids))
        return {t: [tuple(r) for r in store.read(q)] for t, q in TABLES.items()}, lk.report


@pytest.mark.parametrize("seed", range(4))
def test_link_carriers_fingerprinted_once_same_tables(tmp_path, seed):
    arts = _corpus(seed)
    before, rb = _link(tmp_path, _Before, arts, "before.db")
    after, ra = _link(tmp_path, L.Linker, arts, "after.db")
    assert rb.boilerplate >= 3  # the stock paragraph was learned, several sentences at once
    for t in TABLES:
        assert after[t] == before[t], t
    assert (ra.copies, ra.undone, ra.boilerplate) == (rb.copies, rb.undone, rb.boilerplate)


def test_link_guarded_carrier_keeps_its_last_mask(tmp_path):
    """A brief that is mostly stock text: masked after the first two sentences are learned, not after the
    third (the guard); its stored fingerprint is the two-sentence one, as fingerprinting at every sentence gave."""
    arts = [Article(doc_id=f"g{i}", source=Origin(path=f"g{i}", outlet="steppe.example"), text=t, title=f"G{i}",
                    published=f"2024-03-0{i + 1}T08:00:00", language="en")
            for i, t in enumerate([OWN[0] + "\n\n" + " ".join(STOCK), SHORT + " " + " ".join(STOCK),
                                   OWN[1] + "\n\n" + " ".join(STOCK)])]
    before, _rb = _link(tmp_path, _Before, arts, "before.db")
    after, _ra = _link(tmp_path, L.Linker, arts, "after.db")
    assert after == before
    plain, _r = _link(tmp_path, L.Linker, arts[1:2], "plain.db")  # the short brief alone: never masked
    short_before = [r for r in before["prints"] if r[0] == "g1"]
    assert short_before and short_before != [r for r in plain["prints"] if r[0] == "g1"]


def test_link_refingerprint_walks_back_to_the_last_point_with_a_mask(tmp_path):
    """Three stock sentences learned one after the other: masked after one and two, the guard after three;
    fingerprinted once at the end, the brief gets what fingerprinting it at every point left (the two-sentence
    mask), not its unmasked fingerprint."""
    art = Article(doc_id="g1", source=Origin(path="g1", outlet="steppe.example"), text=SHORT + " " + " ".join(STOCK),
                  title="G1", published="2024-03-02T08:00:00", language="en")
    keys = [x[2] for x in bp.sentence_keys(art.text, "steppe.example")[1:]]
    assert len(keys) == 3
    got = {}
    for name, cls in (("before", _Before), ("after", L.Linker), ("alone", None)):
        with SQLiteStore(str(tmp_path / f"{name}.db")) as store:
            store.put(art)
            lk = (cls or L.Linker)(store, stance=False, story_model="lexical")
            lk.link(L._stored(store, ["g1"]))
            for k in keys if cls else []:
                lk.known.add(k)
                lk._learned.append(k)
                if cls is _Before:
                    with store.transaction() as c:
                        lk._refingerprint_each(c, "g1")
                else:
                    lk._dirty.setdefault("g1", []).append(len(lk._learned))
            if cls is L.Linker:
                with store.transaction() as c:
                    lk._refingerprint(c, "g1")
            got[name] = [tuple(r) for r in store.read(TABLES["prints"])], [tuple(r) for r in store.read(TABLES["bands"])]
    assert got["after"] == got["before"]
    assert got["after"] != got["alone"]  # the two-sentence mask was written
