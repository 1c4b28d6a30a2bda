"""Claims compared as events (newstrace/corpus/claimlinks.py): the same event with another blamed
side, figure or status is a dispute whatever the word overlap; the same frame restated is support;
a party's denial of involvement agrees with the claim that it had nothing to do with it.

Short articles written by the team. The word model is replaced by a stub that always answers
``agree`` (or ``disagree``), so every verdict asserted here comes from the event frame.
"""

from __future__ import annotations

import pytest

from newstrace import api
from newstrace.corpus import claimlinks as CL
from newstrace.stance import StanceResult

ARTICLES = {
    # a state-media claim that Kyiv's forces shelled the plant
    "mod": ("Kyiv's forces shelled the Zaporizhzhia nuclear plant, Russian defence ministry says",
            "ENERHODAR, Aug 6 - Ukrainian forces shelled the Zaporizhzhia nuclear power plant on Friday, "
            "the Russian defence ministry said.", "2022-08-06"),
    # the same frame restated by another outlet
    "ria": ("Ukrainian troops shelled nuclear plant, RIA says",
            "MOSCOW, Aug 6 - Ukrainian troops shelled the Zaporizhzhia nuclear power plant on Friday, the RIA "
            "news agency reported, citing the defence ministry.", "2022-08-06"),
    # Russian shelling of the same plant: other blamed side
    "energo": ("Russian shelling hits Zaporizhzhia nuclear plant",
               "KYIV, Aug 6 - Russian troops shelled the Zaporizhzhia nuclear power plant on Friday, Ukraine's "
               "state nuclear company Energoatom said.", "2022-08-06"),
    # Ukraine's denial: the same event, denied
    "deny": ("Ukraine denies shelling nuclear plant",
             "KYIV, Aug 6 - Ukraine's defence ministry on Saturday denied that Ukrainian forces had shelled the "
             "Zaporizhzhia nuclear power plant.", "2022-08-06"),
    # one strike, two tolls
    "toll52": ("Missile strike on Kramatorsk station kills 52",
               "KRAMATORSK, April 8 - A Russian missile strike on the railway station in Kramatorsk killed 52 "
               "people on Friday, regional governor Pavlo Kyrylenko said.", "2022-04-08"),
    "toll30": ("Kramatorsk station strike toll",
               "KRAMATORSK, April 8 - A Russian missile strike on the railway station in Kramatorsk killed 30 "
               "people on Friday, Ukrainian railways said.", "2022-04-08"),
    # Kyiv had nothing to do with a killing; Kyiv denies involvement; the FSB blames Ukraine;
    # others demand vengeance (about the killing, but no frame of who did it)
    "adviser": ("Kyiv had nothing to do with Dugina killing, adviser says",
                "KYIV, Aug 21 - Kyiv had nothing to do with the killing of Darya Dugina near Moscow on Saturday, "
                "presidential adviser Mykhailo Podolyak said.", "2022-08-21"),
    "denies_role": ("Kyiv denies role in Dugina killing",
                    "MOSCOW, Aug 22 - Ukraine denied any involvement in the killing of Darya Dugina in a car bomb "
                    "near Moscow on Saturday.", "2022-08-22"),
    "fsb": ("Russia's FSB blames Ukraine for Dugina killing",
            "MOSCOW, Aug 22 - Russia's FSB security service said Ukrainian special services were behind the "
            "killing of Darya Dugina near Moscow on Saturday.", "2022-08-22"),
    "vengeance": ("Calls for revenge after Dugina killing",
                  "MOSCOW, Aug 22 - Nationalist commentators demanded vengeance on Ukraine after the killing of "
                  "Darya Dugina near Moscow on Saturday. Her father called for victory.", "2022-08-22"),
}


@pytest.fixture(scope="module")
def arts():
    out = {}
    for name, (title, body, day) in ARTICLES.items():
        a = api.analyze_text(body, title=title, published=day)
        a.doc_id = name
        out[name] = a
    return out


def _stub(label: str):
    def predict(claims, texts):
        scores = {"agree": 0.1, "disagree": 0.1, "discuss": 0.1, "unrelated": 0.1, label: 0.7}
        return [StanceResult(label, 0.7, dict(scores)) for _ in claims]
    return predict


def _rows(arts, claim_doc: str, judged_doc: str, word_stance: str = "agree") -> list[CL.StanceRow]:
    """Rows where ``judged_doc`` is judged against ``claim_doc``'s claims and headline."""
    rows = CL.stance_rows(arts[judged_doc], [arts[claim_doc]], _stub(word_stance))
    rows = [r for r in rows if r.claim_doc == claim_doc and r.judged_doc == judged_doc]
    assert rows, f"no claim link from {judged_doc} to {claim_doc}"
    return rows


def _check_evidence(arts, row: CL.StanceRow) -> None:
    text = arts[row.judged_doc].text
    assert row.evidence
    for e in row.evidence:
        assert 0 <= e["start"] < e["end"] <= len(text)
        assert text[e["start"]:e["end"]].strip() == text[e["start"]:e["end"]]  # a sentence, round-tripping


@pytest.mark.parametrize("judged, conflict, words", [
    ("energo", "actor", "Russian troops shelled"),  # Russian shelling of the same plant
    ("deny", "status", "denied"),  # Ukraine's denial is a dispute, not "discuss"
])
def test_claim_frames_same_event_other_frame_is_dispute(arts, judged, conflict, words):
    # the word model says "agree" (the texts share nearly every word): the frame overrides it
    for row in _rows(arts, "mod", judged, "agree"):
        assert row.stance == "disagree", row
        assert row.conflict == conflict
        _check_evidence(arts, row)
        text = arts[judged].text
        assert any(words in text[e["start"]:e["end"]] and e["conflict"] == conflict for e in row.evidence)


def test_claim_frames_restated_frame_is_support(arts):
    # the word model says "disagree": the same event, blame and status restated is support
    for row in _rows(arts, "mod", "ria", "disagree"):
        assert row.stance == "agree" and row.conflict is None
        _check_evidence(arts, row)
        assert all(e["conflict"] is None for e in row.evidence)


def test_claim_frames_other_figure_is_dispute(arts):
    rows = _rows(arts, "toll52", "toll30", "agree")
    assert all(r.stance == "disagree" and r.conflict == "figure" for r in rows)
    for r in rows:
        _check_evidence(arts, r)
        assert "30" in arts["toll30"].text[r.evidence[0]["start"]:r.evidence[0]["end"]]
        assert r.frame["claim"]["figures"] != r.frame["other"]["figures"]


def test_claim_frames_denial_of_involvement_agrees_with_nothing_to_do(arts):
    # "Kyiv had nothing to do with the killing" vs "Ukraine denied any involvement": agreement,
    # even when the word model calls it a dispute (a denial!)
    rows = _rows(arts, "adviser", "denies_role", "disagree")
    claim_rows = [r for r in rows if r.claim_id]
    assert claim_rows and all(r.stance == "agree" and r.conflict is None for r in claim_rows)
    for r in rows:
        _check_evidence(arts, r)


def test_claim_frames_blame_disputes_nothing_to_do(arts):
    rows = _rows(arts, "adviser", "fsb", "agree")
    assert all(r.stance == "disagree" and r.conflict == "status" for r in rows)
    for r in rows:
        _check_evidence(arts, r)
        assert "behind" in arts["fsb"].text[r.evidence[0]["start"]:r.evidence[0]["end"]]
        vals = r.evidence[0]["values"]  # both sides of the conflicting field, as the claim page shows them
        assert vals["claim"]["status"] == "denied involvement" and vals["other"]["status"] == "involved"


def test_claim_frames_vengeance_does_not_support_nothing_to_do(arts):
    # others demanding vengeance on Ukraine share the claim's words but restate no frame of it
    rows = CL.stance_rows(arts["vengeance"], [arts["adviser"]], _stub("agree"))
    judged = [r for r in rows if r.claim_doc == "adviser" and r.judged_doc == "vengeance"]
    assert all(r.stance != "agree" for r in judged)


@pytest.mark.parametrize("word_stance", ["agree", "disagree"])
def test_claim_frames_article_without_events_keeps_word_stance(arts, word_stance):
    # an article analysed without events (older analysis) cannot restate a frame: the words decide
    import copy

    bare = copy.copy(arts["vengeance"])
    bare.events = []
    rows = CL.stance_rows(bare, [arts["adviser"]], _stub(word_stance))
    judged = [r for r in rows if r.claim_doc == "adviser" and r.judged_doc == "vengeance"]
    assert judged and all(r.stance == word_stance for r in judged)


def test_claim_frames_unframed_claim_keeps_word_stance(arts):
    # no event and no involvement in a claim: the word model's stance stands
    frame = CL.claim_frame("The weather was fine in Lviv.", None, arts["mod"], [])
    assert frame is None


@pytest.mark.parametrize("text, expected", [
    ("Mykhailo Podolyak said Kyiv had nothing to do with the explosion.", ("ukraine", False)),
    ("Ukraine denied any involvement in the killing.", ("ukraine", False)),
    ("The Kremlin rejected any responsibility for the strike.", ("russia", False)),
    ("Russia's FSB said Ukrainian special services were behind the killing.", ("ukraine", True)),
    ("Moscow blamed Ukraine for the blast on the bridge.", ("ukraine", True)),
    ("The bridge was damaged by a blast on Saturday.", None),
])
def test_claim_frames_involvement(text, expected):
    assert CL.involvement(text) == expected


STORE_ARTICLES = [
    {"title": "Kyiv's forces shelled the Zaporizhzhia nuclear plant, Russian defence ministry says",
     "source": "statenews.example", "url": "https://statenews.example/zpp", "published": "2022-08-06T09:00:00",
     "text": "ENERHODAR, Aug 6 - Ukrainian forces shelled the Zaporizhzhia nuclear power plant on Friday, the Russian "
             "defence ministry said. The ministry said the shelling damaged a power line at the Zaporizhzhia nuclear "
             "power plant in Enerhodar. Radiation levels at the Zaporizhzhia plant remained normal, the ministry "
             "added. The Zaporizhzhia plant, Europe's largest nuclear power station, has been held by Russian troops "
             "since March."},
    {"title": "Russian shelling hits Zaporizhzhia nuclear plant, Energoatom says",
     "source": "kyivwire.example", "url": "https://kyivwire.example/zpp", "published": "2022-08-06T12:00:00",
     "text": "KYIV, Aug 6 - Russian troops shelled the Zaporizhzhia nuclear power plant on Friday, Ukraine's state "
             "nuclear company Energoatom said. Two reactors in Enerhodar were switched off after the attack, and the "
             "station's staff worked through the night to restore a cut cable. The International Atomic Energy "
             "Agency called for a mission to the Zaporizhzhia site."},
]


def test_claim_frames_through_the_store(tmp_path, ctx):
    # the linker reads stored articles in light form: their events must come with them
    import json

    import newstrace

    path = tmp_path / "zpp.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in STORE_ARTICLES), encoding="utf-8")
    store = newstrace.open(tmp_path / "zpp.db")
    try:
        store.ingest([str(path)], ctx)
        ids = {a.source.outlet: a.doc_id for a in store.iter_articles()}
        state = store.get(ids["statenews.example"])
        blame = [c for c in state.claims if "Ukrainian forces shelled" in state.text[c.start:c.end]]
        assert blame, "the claims stage should find the shelling claim"
        data = api.claim(store, blame[0].claim_id)
        disputers = [x for x in data["disputers"] if x["doc_id"] == ids["kyivwire.example"]]
        assert disputers and not [x for x in data["supporters"] if x["doc_id"] == ids["kyivwire.example"]]
        ev = disputers[0]["evidence"]
        other = store.get(ids["kyivwire.example"])
        assert any(e["conflict"] == "actor" and "Russian troops shelled" in e["text"] for e in ev)
        for e in ev:
            assert other.text[e["start"]:e["end"]] == e["text"]
    finally:
        store.close()


@pytest.mark.parametrize("text", [
    "Kyiv denied any involvement in the blast. " * 50_000,  # hostile: far more sentences than are read
    "Kyiv " * 100_000 + "had nothing to do with it",  # hostile: one enormous sentence
])
def test_claim_frames_bounded_on_hostile_text(text):
    from newstrace.model import Article, Origin
    from newstrace.stance import text as T

    art = Article(doc_id="hostile", source=Origin(), text=text)
    info = CL.judged_info(art, [])
    assert len(info.sentences) <= T.MAX_SENTENCES and len(info.involving) <= T.MAX_SENTENCES
    frame = CL.Frame(party="ukraine", involved=False, words=frozenset({"blast"}))
    verdict = CL.frame_stance(frame, info)
    assert verdict is None or verdict[0] in ("agree", "disagree")
    for e in (verdict[1] if verdict else []):
        assert 0 <= e["start"] < e["end"] <= len(text)
