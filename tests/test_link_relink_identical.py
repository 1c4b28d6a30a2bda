"""Cheaper linking gives the same links: relinking reproduces a first run, and the linker's caches
(light articles, stance text analyses, per-article claim frames) change no result.

Team-written briefs analysed by the real pipeline: one outlet appends a stock sentence to each of
its reports (learned as boilerplate on the third, which sends earlier carriers back to
fingerprinting), a wire copy, a denial of a reported strike (stance in the story) and a second
story. The corpus tables are compared row for row (timestamps left out).
"""

from __future__ import annotations

import shutil
import sqlite3

import numpy as np
import pytest

from newstrace import api
from newstrace.corpus import linker as L
from newstrace.corpus.fingerprint import fingerprint
from newstrace.model import Origin
from newstrace.serialize import to_json
from newstrace.store.sqlite import SQLiteStore

STOCK = "The Dnipro Ledger's war reporting is paid for by readers in Ukraine and abroad, and you can support it too."
BRIEFS = [
    # doc_id, outlet, published, title, body
    ("kh-strike", "dnipro-ledger.example", "2024-03-04",
     "Missile strike hits Kherson river port",
     "KHERSON, March 4 - A Russian missile strike hit the river port in Kherson on Monday morning, killing two "
     "dock workers and wounding five, regional governor Oleksandr Prokudin said. The strike set fire to a grain "
     "warehouse and damaged two barges moored at the quay. " + STOCK),
    ("kh-wire", "black-sea-wire.example", "2024-03-04",
     "Missile strike hits Kherson river port",
     "KHERSON, March 4 - A Russian missile strike hit the river port in Kherson on Monday morning, killing two "
     "dock workers and wounding five, regional governor Oleksandr Prokudin said. The strike set fire to a grain "
     "warehouse and damaged two barges moored at the quay. (Reporting by wire staff.)"),
    ("kh-denial", "moscow-daily.example", "2024-03-05",
     "Russian ministry denies striking Kherson port",
     "MOSCOW, March 5 - The Russian defence ministry denied on Tuesday that its forces had struck the river port "
     "in Kherson, saying the fire at the grain warehouse was caused by a Ukrainian air defence missile. The "
     "ministry gave no evidence for the claim."),
    ("od-grain", "dnipro-ledger.example", "2024-03-06",
     "Odesa grain terminal resumes loading",
     "ODESA, March 6 - The grain terminal at Pivdennyi port near Odesa resumed loading ships on Wednesday after "
     "repairs to a conveyor damaged by drone debris, the port authority said. Three bulk carriers are expected "
     "to leave with 120,000 tonnes of wheat this week. " + STOCK),
    ("od-grain-2", "kyiv-morning.example", "2024-03-06",
     "Pivdennyi terminal loads wheat again",
     "ODESA, March 6 - Loading of wheat restarted at the Pivdennyi grain terminal on Wednesday, the port "
     "authority said, after workers repaired a conveyor hit by debris from a downed drone. Officials expect "
     "three ships to sail with 120,000 tonnes this week."),
    ("kh-follow", "dnipro-ledger.example", "2024-03-07",
     "Kherson port clears debris after strike",
     "KHERSON, March 7 - Workers at the Kherson river port cleared burnt grain from the damaged warehouse on "
     "Thursday, three days after a Russian missile strike killed two dock workers, the port's director said. "
     + STOCK),
]
TABLES = {
    "links": "SELECT doc_id, other_doc_id, kind, score, evidence FROM links ORDER BY 1, 2, 3",
    "claim_links": "SELECT claim_id, doc_id, other_doc_id, stance, score, evidence FROM claim_links ORDER BY 1, 2, 3",
    "stories": "SELECT story_id, label, label_doc_id, first_published, last_published, articles, "
               "independent_sources, copies, outlets FROM stories ORDER BY 1",
    "members": "SELECT story_id, doc_id, role, of_doc_id, score FROM story_members ORDER BY 1, 2",
    "prints": "SELECT doc_id, published, day, outlet, title, data FROM corpus_prints ORDER BY 1",
    "bands": "SELECT band, key, doc_id FROM corpus_bands ORDER BY 1, 2, 3",
    "keys": "SELECT key, day, doc_id FROM corpus_keys ORDER BY 1, 2, 3",
    "meta": "SELECT name, value FROM corpus_meta WHERE name != 'linked_upto' ORDER BY 1",
}


def _tables(path) -> dict[str, list]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def analysed():
    out = []
    for doc_id, outlet, day, title, body in BRIEFS:
        a = api.analyze_text(body, title=title, published=day)
        a.doc_id = doc_id
        a.source = Origin(path=doc_id, url=f"https://{outlet}/{doc_id}", outlet=outlet, format="text")
        out.append(a)
    return out


@pytest.fixture(scope="module")
def stored(analysed, tmp_path_factory):
    """A store holding the analysed briefs, not linked yet."""
    path = tmp_path_factory.mktemp("relink") / "store.db"
    with SQLiteStore(str(path)) as s:
        for a in analysed:
            s.put(a)
    return path


def _linked(stored, tmp_path, name: str, *, relink: bool = False):
    path = tmp_path / f"{name}.db"
    shutil.copy(stored, path)
    with SQLiteStore(str(path)) as s:
        report = L.link_pending(s, parallel=False, story_model="lexical")
        if relink:
            report = L.relink(s, story_model="lexical")
    return _tables(path), report


@pytest.mark.parametrize("case", ["relink"])
def test_link_relink_equals_first_run(stored, tmp_path, case):
    first, report = _linked(stored, tmp_path, "first")
    again, _ = _linked(stored, tmp_path, "again", relink=True)
    assert report.copies >= 1 and report.boilerplate >= 1, report  # the corpus exercises copies and the revisit
    assert report.stance_links >= 1, report
    assert first["claim_links"], "no claim links: the stance part of the check would be empty"
    for name in TABLES:
        assert again[name] == first[name], name


@pytest.mark.parametrize("case", ["no caches"])
def test_link_caches_change_nothing(stored, tmp_path, monkeypatch, case):
    cached, _ = _linked(stored, tmp_path, "cached")
    monkeypatch.setattr(L, "ARTICLE_CACHE", 0)  # every peer read and parsed again
    monkeypatch.setattr(L, "STANCE_TEXTS", 0)  # every stance text analysed again
    monkeypatch.setattr(L, "STANCE_MEMO", -1)  # reports, frames and judged readings per call only
    plain, _ = _linked(stored, tmp_path, "plain")
    for name in TABLES:
        assert plain[name] == cached[name], name


@pytest.mark.parametrize("size", [2])
def test_link_stance_text_cache_same_features(size):
    from newstrace.stance import load_model
    from newstrace.stance.features import TextCache, featurize

    vec = load_model().vectorizer
    claims = ["Russian forces struck the Kherson port", "The ministry denied the strike",
              "Russian forces struck the Kherson port"]
    texts = [b[4] for b in BRIEFS[:3]]
    want, _ = featurize(vec, claims, texts)
    cache = TextCache(size)
    for _ in range(2):  # the second round reads what the first left in the cache
        got, _ = featurize(vec, claims, texts, cache=cache)
        assert np.array_equal(got, want)
    assert len(cache) == size  # bounded: least recently used analyses dropped


@pytest.mark.parametrize("doc", [0, 2])
def test_link_light_article_without_events_same_fingerprint(analysed, doc):
    js = to_json(analysed[doc])
    full, bare = L.light_article(js), L.light_article(js, events=False)
    assert full.events and not bare.events
    a, b = fingerprint(full), fingerprint(bare)
    assert (a.keys, a.names, a.numbers) == (b.keys, b.names, b.numbers)
    assert np.array_equal(a.sig, b.sig) and np.array_equal(a.terms, b.terms)


@pytest.mark.parametrize("claim", ["Russian forces struck the Kherson port", "the strike did not kill dock workers"])
def test_link_stance_cue_positions_same_counts(claim):
    """Cue positions found once per text give the counts the per-pair scan gives."""
    from newstrace.stance import load_model
    from newstrace.stance import text as T
    from newstrace.stance.features import _aimed, _aimed_at, _negated, _negated_at, analyse

    vec = load_model().vectorizer
    words = analyse(vec, claim, is_claim=True).content
    body = analyse(vec, BRIEFS[2][4] + " Officials did not deny it; they rejected the false claim that it was fake.")
    counts = []
    for i, st in enumerate(body.sent_toks):
        assert _aimed_at(st, body.sent_refute_at[i], words) == _aimed(st, T.REFUTE_LEX, words)
        assert _aimed_at(st, body.sent_debunk_at[i], words) == _aimed(st, T.DEBUNK_LEX, words)
        assert _negated_at(st, body.sent_neg_at[i], words) == _negated(st, words)
        counts.append(_aimed(st, T.REFUTE_LEX, words) + _negated(st, words))
    assert any(counts)  # the text has cues aimed at the claim's words: the comparison is not vacuous


@pytest.mark.parametrize("scorer", [True, False])
def test_link_prepared_in_helper_same_links(stored, tmp_path, monkeypatch, scorer):
    """Articles prepared by a helper process (``linker._prepare``), and stance scored by a second one
    (``linker._stance_job``) or here from prepared analyses, link exactly as read and scored in this one."""
    serial, _ = _linked(stored, tmp_path, "serial")
    monkeypatch.setattr(L, "PREPARE_MIN", 1)
    monkeypatch.setattr(L, "PREPARE_CHUNK", 2)
    monkeypatch.setattr(L, "STANCE_HELPER", scorer)
    path = tmp_path / "helper.db"
    shutil.copy(stored, path)
    with SQLiteStore(str(path)) as s:
        report = L.link_pending(s, story_model="lexical")
    assert not report.warnings, report.warnings  # the helper delivered every chunk
    helper = _tables(path)
    for name in TABLES:
        assert helper[name] == serial[name], name


@pytest.mark.parametrize("doc", [0])
def test_link_prepare_gives_what_the_linker_computes(stored, analysed, doc):
    from newstrace.corpus import boilerplate as bp
    from newstrace.corpus import claimlinks as CL

    d = analysed[doc].doc_id
    (p,) = L._prepare(str(stored), [d], True)
    a = L.light_article(to_json(analysed[doc]))
    assert p.sents == bp.sentence_keys(a.text, a.source.outlet)
    assert np.array_equal(p.fp.sig, fingerprint(a).sig)
    assert [(c, t) for c, t, _s in p.texts] == [(False, a.text)] + [(True, t) for _c, t, _sp in CL._claims(a)]
    assert ("reports", d) in p.memo and ("judged", d) in p.memo


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_link_masked_span_test_by_bisection(seed):
    import random

    from newstrace.corpus.fingerprint import _inside_any

    rng = random.Random(seed)
    spans = [(s, s + rng.randint(0, 30)) for s in (rng.randint(0, 400) for _ in range(rng.randint(1, 25)))]
    inside = _inside_any(spans)
    for start in range(-2, 460):
        assert inside(start) == any(s <= start < e for s, e in spans), (start, spans)
