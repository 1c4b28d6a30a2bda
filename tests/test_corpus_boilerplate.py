"""Per-outlet boilerplate and embedded articles, on team-written briefs linked by the real linker.

Five briefs of one outlet about five different events each end with the outlet's stock background
paragraph; a wire outlet syndicates one of them whole (stock paragraph included); a live page of
another outlet embeds an earlier report whole under its own, longer text.
"""

from __future__ import annotations

import re

import pytest

import newstrace
from newstrace.corpus import boilerplate as bp
from newstrace.corpus.dedup import verify_copy
from newstrace.corpus.linker import Linker
from newstrace.model import Article, Origin

STOCK = ("Russia launched its full-scale invasion of Ukraine on 24 February 2022. Moscow has since claimed the "
         "annexation of the Donetsk, Luhansk, Zaporizhzhia and Kherson regions, which the UN General Assembly "
         "condemned by 143 votes to 5. Kyiv says it will never cede Crimea or any other territory to Russia.")

BRIEFS = [
    "Ukrainian air defences shot down 14 of 17 Shahed drones launched overnight at the Odesa region, the "
    "Southern Defence Forces said on Tuesday. Debris damaged a warehouse in Izmail and injured a 52-year-old "
    "guard, regional governor Oleh Kiper wrote on Telegram.",
    "The Kharkiv city council has reopened two underground schools in the Saltivskyi district, mayor Ihor "
    "Terekhov said, adding that 1,200 pupils will attend lessons in shifts. A third school in the Kyivskyi "
    "district is due to open in March.",
    "Poland's farmers blocked the Dorohusk border crossing for a fourth day, leaving about 900 lorries queuing "
    "on the Ukrainian side, the State Border Guard Service of Ukraine said. Warsaw promised talks with the "
    "protest leaders on Friday.",
    "Energy company DTEK said repairs at a thermal power plant in the Dnipropetrovsk region hit by Russian "
    "missiles on Saturday would take at least six weeks. Ukrenergo asked households to limit consumption "
    "between 17:00 and 22:00.",
    "A court in Lviv sentenced a 34-year-old man to 12 years in prison for passing the coordinates of an air "
    "base near Starokostiantyniv to Russian intelligence, the Security Service of Ukraine said. He was "
    "detained in Khmelnytskyi last April.",
]

OWN_PAGE = [
    "Live: the day's main developments, updated through the evening by our desk in Vinnytsia.",
    "Foreign ministers of the Nordic and Baltic states met in Riga on Thursday to discuss a joint "
    "procurement of artillery shells for Ukraine. Latvian minister Krisjanis Karins said the group would "
    "finance 150,000 rounds this year and invited Poland to join. Sweden's Tobias Billstrom said the "
    "first deliveries could leave in the spring.",
    "In Kherson, the regional administration reported shelling of the Antonivka and Bilozerka communities "
    "overnight, with one woman wounded and a pharmacy and three houses damaged. Ferry traffic across the "
    "Dnipro was suspended for the day.",
    "The National Bank of Ukraine left its key rate at 15 per cent, citing slowing inflation and steady "
    "international aid. Governor Andriy Pyshnyi said the bank expected inflation near 8.5 per cent by the "
    "end of the year and would review the rate again in six weeks.",
    "Meanwhile, in Brussels, diplomats said agreement on the 13th package of sanctions against Russia was "
    "close, with Hungary no longer blocking the listing of several shipping companies.",
]


def words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\w+(?:['’.-]\w+)*", s)]


def art(doc_id: str, text: str, outlet: str, published: str) -> Article:
    return Article(doc_id=doc_id, source=Origin(path=doc_id, outlet=outlet, format="text"), text=text,
                   published=published, language="en")


def corpus() -> list[Article]:
    out = [art(f"river-{i}", b + "\n\n" + STOCK, "riverpost.example", f"2024-02-{10 + i:02d}T09:00:00")
           for i, b in enumerate(BRIEFS)]
    out.append(art("wire-copy", out[1].text + "\n\nShare this article", "eastwire.example", "2024-02-11T12:00:00"))
    out.append(art("live-page", "\n\n".join(OWN_PAGE[:2] + ["Read the earlier report:", BRIEFS[0]] + OWN_PAGE[2:]),
                   "dnipro-live.example", "2024-02-12T18:00:00"))
    return out


def link(tmp_path, articles, name="b.db"):
    store = newstrace.open(tmp_path / name)
    report = Linker(store, stance=False).link(articles)
    links = {frozenset((a, b)): (k, a) for a, b, k in store.read("SELECT doc_id, other_doc_id, kind FROM links")
             if k in ("copy", "rewrite", "embeds")}
    return store, report, links


@pytest.fixture()
def linked(tmp_path):
    store, report, links = link(tmp_path, corpus())
    yield store, report, links
    store.close()


@pytest.mark.parametrize("outlet", ["riverpost.example"])
def test_boilerplate_shared_stock_paragraph_makes_no_rewrites(linked, outlet):
    store, report, links = linked
    river = [f"river-{i}" for i in range(len(BRIEFS))]
    among = {k: v for k, v in links.items() if k <= set(river)}
    assert among == {}
    assert report.boilerplate >= 3  # the stock paragraph's sentences, each kept with its reason
    recs = bp.records(store, outlet)
    assert recs and all(r["outlet"] == outlet and "boilerplate" in r["reason"] and r["articles"] >= 3 for r in recs)


@pytest.mark.parametrize("doc", ["river-4"])
def test_boilerplate_spans_round_trip_with_reasons(linked, doc):
    store, _report, _links = linked
    a = corpus()[int(doc.split("-")[1])]
    spans = bp.spans_of(store, doc, a.text, a.source.outlet)
    assert spans and all("riverpost.example" in s["reason"] for s in spans)
    assert " ".join(a.text[s["start"]:s["end"]] for s in spans) == STOCK  # the stock paragraph, nothing else
    assert all(a.text[s["start"]:s["end"]] in STOCK for s in spans)


@pytest.mark.parametrize("unused", [None])
def test_boilerplate_early_links_undone_with_a_record(linked, unused):
    store, report, _links = linked
    # river-0 and river-1 were linked before the third brief made the paragraph boilerplate
    assert report.undone >= 1
    undone = [tuple(x) for r in bp.records(store, "riverpost.example") for x in r["undone_links"]]
    assert ("river-1", "river-0", "copy") in undone or ("river-1", "river-0", "rewrite") in undone


@pytest.mark.parametrize("unused", [None])
def test_boilerplate_without_learning_the_briefs_would_link(tmp_path, monkeypatch, unused):
    """The case has teeth: with learning switched off, the stock paragraph alone links the briefs."""
    monkeypatch.setattr(bp, "MIN_ARTICLES", 10_000)
    store, _report, links = link(tmp_path, corpus(), "off.db")
    river = {f"river-{i}" for i in range(len(BRIEFS))}
    assert any(k <= river for k in links)
    store.close()


@pytest.mark.parametrize("a,b", [("river-1", "wire-copy")])
def test_boilerplate_real_copy_still_a_copy(linked, a, b):
    store, _report, links = linked
    assert links[frozenset((a, b))][0] == "copy"
    (ev,) = store.read("SELECT evidence FROM links WHERE kind = 'copy' AND doc_id = ? AND other_doc_id = ?", (b, a))
    import json

    texts = {x.doc_id: x.text for x in corpus()}
    for e in json.loads(ev[0] if isinstance(ev, tuple) else ev):
        assert words(texts[b][e["start"]:e["end"]]) == words(texts[a][e["other_start"]:e["other_end"]])
        assert "24 February 2022" not in texts[b][e["start"]:e["end"]]  # the stock paragraph is no evidence


@pytest.mark.parametrize("page,embedded", [("live-page", "river-0")])
def test_embed_page_links_as_embeds_not_copy(linked, page, embedded):
    store, _report, links = linked
    kind, src = links[frozenset((page, embedded))]
    assert kind == "embeds" and src == page  # the link goes from the embedding page
    import json

    (ev,) = store.read("SELECT evidence FROM links WHERE kind = 'embeds'")[0]
    texts = {x.doc_id: x.text for x in corpus()}
    ev = json.loads(ev)
    assert ev
    for e in ev:
        assert words(texts[page][e["start"]:e["end"]]) == words(texts[embedded][e["other_start"]:e["other_end"]])


@pytest.mark.parametrize("a,b,kind", [(BRIEFS[0] + " " + " ".join(OWN_PAGE), BRIEFS[0], "embeds"),
                                      (BRIEFS[1] + " " + BRIEFS[2], BRIEFS[1] + " " + BRIEFS[2] + " Share.", "copy")])
def test_dedup_embeds_when_most_of_the_longer_text_is_its_own(a, b, kind):
    v = verify_copy(a, b)
    assert v.kind == kind
    if kind == "embeds":
        assert v.a_embeds


@pytest.mark.parametrize("outlet", ["riverpost.example"])
def test_boilerplate_keys_fold_digits_and_depend_on_outlet(outlet):
    a = bp.sentence_keys("More than 9,000 civilians have been killed since the war began.", outlet)
    b = bp.sentence_keys("More than 9,400 civilians have been killed since the war began.", outlet)
    c = bp.sentence_keys("More than 9,000 civilians have been killed since the war began.", "other.example")
    assert a[0][2] == b[0][2] != c[0][2]
    assert a[0][3] == c[0][3]  # the plain key ignores the outlet
    text = "One two three four five six seven. " + STOCK
    spans = [(s, e) for s, e, *_ in bp.sentence_keys(text, outlet)][1:]
    masked = bp.mask(text, spans)
    assert len(masked) == len(text) and masked.startswith("One two three") and "Russia" not in masked


@pytest.mark.parametrize("doc", ["river-0", "river-1"])
def test_boilerplate_earlier_carriers_fingerprinted_again_without_it(tmp_path, doc):
    """The first carriers were fingerprinted before the paragraph was known; their LSH bands and story
    keys are recomputed without it once it is learned (articles stored in the store)."""
    from newstrace.corpus import prints as cs
    from newstrace.corpus.fingerprint import fingerprint
    from newstrace.corpus.linker import link_pending

    store = newstrace.open(tmp_path / "stored.db")
    arts = corpus()
    for a in arts:
        store.put(a)
    link_pending(store, stance=False)
    a = next(x for x in arts if x.doc_id == doc)
    spans = [(s["start"], s["end"]) for s in bp.spans_of(store, doc, a.text, a.source.outlet)]
    assert spans
    fp = cs.load_fingerprints(store, [doc])[doc]
    assert (fp.sig == fingerprint(a, spans).sig).all()
    assert not (fp.sig == fingerprint(a).sig).all()
    river = {f"river-{i}" for i in range(len(BRIEFS))}
    kinds = store.read("SELECT doc_id, other_doc_id, kind FROM links WHERE kind IN ('copy', 'rewrite', 'embeds')")
    assert not [r for r in kinds if {r[0], r[1]} <= river]
    assert ("live-page", "river-0", "embeds") in kinds
    store.close()


@pytest.mark.parametrize("parallel", [True])
def test_linker_parallel_fingerprints_give_the_same_links(tmp_path, parallel):
    """Fingerprints made in a helper process (batches of 2) link exactly as those made in-process."""
    def rows(name, **kw):
        store = newstrace.open(tmp_path / name)
        Linker(store, stance=False, batch=2).link(corpus(), **kw)
        out = sorted(store.read("SELECT doc_id, other_doc_id, kind, round(score, 4) FROM links"))
        store.close()
        return out

    assert rows("par.db", parallel=parallel) == rows("seq.db")
