"""Claims stage: status, cues as spans, attribution, denial, propagation, stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.model import Article
from newstrace.pipeline import STAGES, new_article, run_stages
from newstrace.readers import read_text
from newstrace.stages import claims as claims_stage
from newstrace.stages.claims import claim_id

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "attribution"
GOLD = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))
UNTIL_CLAIMS = STAGES[: STAGES.index(claims_stage) + 1]
HEADLINE = "Newsroom report\n\n"


def analyse(ctx, text: str) -> Article:
    (a,) = run_stages([new_article(read_text(text))], ctx, stages=UNTIL_CLAIMS)
    return a


def _claim(a: Article, needle: str):
    found = [c for c in a.claims if needle in a.text[c.start : c.end]]
    assert found, f"no claim containing {needle!r}"
    return found[0]


CASES = [(n, c) for n, g in GOLD.items() if n.endswith(".txt") for c in g.get("claims", [])]


@pytest.fixture(scope="module")
def articles(ctx):
    return {n: analyse(ctx, (FIXTURES / n).read_text(encoding="utf-8")) for n in GOLD if n.endswith(".txt")}


@pytest.mark.parametrize("name, case", CASES, ids=[f"{n}:{c['sentence'][:25]}" for n, c in CASES])
def test_stages_claims_fixture_status(articles, name, case):
    a = articles[name]
    c = _claim(a, case["sentence"])
    assert c.status == case["status"]
    cue_texts = [a.text[x.start : x.end] for x in c.cues]
    for cue in case.get("cues", []):
        assert cue in cue_texts
    if "denied_by" in case:
        assert c.denied_by == case["denied_by"]
    if "attributed_to" in case:
        assert c.attributed_to == case["attributed_to"]


@pytest.mark.parametrize("text, needle, status, cue_kind, cue", [
    ("The strike allegedly hit a school near the front line in Kharkiv.", "allegedly", "hedged", "hedge", "allegedly"),
    ("Footage from Bakhmut appears to show tanks crossing the river at dawn.", "appears to", "hedged", "hedge", "appears to"),
    ("The Kremlin has denied any involvement in the explosion at the depot.", "Kremlin", "denied", "denial", "denied"),
    ("The BBC could not verify the footage of the convoy near Izium.", "BBC", "unverified", "unverified", "could not verify"),
    ("The Ukrainian army said it had shot down 12 drones over Odesa.", "army", "attributed", None, None),
    ("Russian troops shelled the city of Kharkiv on Tuesday.", "shelled", "asserted", None, None),
])
def test_stages_claims_status(ctx, text, needle, status, cue_kind, cue):
    a = analyse(ctx, HEADLINE + text)
    c = _claim(a, needle)
    assert c.status == status
    if cue_kind:
        assert (cue_kind, cue) in [(x.kind, a.text[x.start : x.end]) for x in c.cues]
    else:
        assert not c.cues


@pytest.mark.parametrize("text", [
    "A video posted on Telegram by the Azov brigade reportedly shows the bridge collapsing near Kherson. "
    "The account said the bridge was destroyed by a missile.\n\nReuters could not independently verify the video.",
])
def test_stages_claims_unverified_propagates_to_referent(ctx, text):
    a = analyse(ctx, HEADLINE + text)
    c = _claim(a, "bridge collapsing")
    assert c.status == "unverified"
    assert any(x.kind == "unverified" and a.text[x.start : x.end].startswith("could not") for x in c.cues)


@pytest.mark.parametrize("text", [
    "Officials in Kyiv accused Moscow of shelling the power plant in Zaporizhzhia.\n\nRussia denied the accusations.",
])
def test_stages_claims_short_denial_marks_previous(ctx, text):
    a = analyse(ctx, HEADLINE + text)
    c = _claim(a, "accused Moscow")
    assert c.status == "denied" and c.denied_by == "Russia" and c.kind == "accusation"


@pytest.mark.parametrize("doc_id, start, end", [("abc", 0, 10)])
def test_stages_claims_ids_stable(ctx, doc_id, start, end):
    assert claim_id(doc_id, start, end) == claim_id(doc_id, start, end)
    assert claim_id(doc_id, start, end) != claim_id(doc_id, start, end + 1)
    text = HEADLINE + "Russian troops shelled the city of Kharkiv on Tuesday, officials said."
    a1, a2 = analyse(ctx, text), analyse(ctx, text)
    assert [c.claim_id for c in a1.claims] == [c.claim_id for c in a2.claims] != []
    assert all(c.claim_id == claim_id(a1.doc_id, c.start, c.end) for c in a1.claims)


@pytest.mark.parametrize("text", ["Click here to subscribe to our newsletter for more news from Kyiv."])
def test_stages_claims_skips_boilerplate(ctx, text):
    a = analyse(ctx, HEADLINE + text + "\n\nUkrainian forces retook the village of Klishchiivka on Sunday.")
    assert all("newsletter" not in a.text[c.start : c.end] for c in a.claims)


# -- status cues as classes, check-worthiness (issue 10) ----------------------------------------

KINDS = "kinds_furniture.txt"


@pytest.fixture(scope="module")
def kinds(ctx):
    return analyse(ctx, (FIXTURES / KINDS).read_text(encoding="utf-8"))


@pytest.mark.parametrize("needle, status, cue_kinds", [
    ("we would have reopened the schools", "attributed", set()),  # modal perfect in a quotation: not a hedge
    ("Journalists were denied entry", "asserted", set()),  # withholding, not a denial
    ("goalkeeper denied Kryvbas", "asserted", set()),  # a save, not a denial
    ("denied that its forces had shelled", "denied", {"denial"}),
    ("appears to show a Russian gun position", "hedged", {"hedge"}),  # hedged evidence
])
def test_stages_claims_status_classes(kinds, needle, status, cue_kinds):
    c = _claim(kinds, needle)
    assert c.status == status
    assert {x.kind for x in c.cues} == cue_kinds


@pytest.mark.parametrize("text, needle, is_denial", [
    ("The border guards denied them access to the city of Kharkiv on Tuesday.", "border guards", False),
    ("Moscow has repeatedly denied targeting civilians in Kharkiv.", "Moscow", True),
    ("Ukraine's foreign ministry denied the report about talks in Istanbul.", "ministry", True),
    ("The keeper denied Dynamo Kyiv with a double save in Lviv on Saturday.", "keeper", False),
])
def test_stages_claims_deny_senses(ctx, text, needle, is_denial):
    c = _claim(analyse(ctx, HEADLINE + text), needle)
    assert (c.status == "denied") is is_denial


@pytest.mark.parametrize("limit", [claims_stage.MAX_CHECK_WORTHY])
def test_stages_claims_check_worthy_short_list(kinds, limit):
    ranked = sorted((c for c in kinds.claims if c.check_rank), key=lambda c: c.check_rank)
    assert ranked and [c.check_rank for c in ranked] == list(range(1, len(ranked) + 1))
    assert len(ranked) <= limit and len(ranked) * 2 < len(kinds.claims)  # a short list, not most of the text
    worst = min(c.check_score for c in ranked)
    assert all(c.check_score <= worst for c in kinds.claims if not c.check_rank or c.check_rank > len(ranked))
    assert [c.check_score for c in ranked] == sorted((c.check_score for c in ranked), reverse=True)
    for c in ranked:
        assert c.check_reasons and c.check_score >= claims_stage.MIN_CHECK_SCORE


@pytest.mark.parametrize("needle, ranked, reason", [
    ("denied that its forces had shelled", True, "denied"),
    ("appears to show a Russian gun position", True, "hedged"),
    ("4,000 people had crossed", True, "figure"),
    ("Residents welcome the return", False, None),  # a caption
    ("mood on the embankment", False, None),  # nothing specific to check
])
def test_stages_claims_check_worthy_reasons(kinds, needle, ranked, reason):
    found = [c for c in kinds.claims if needle in kinds.text[c.start : c.end]]
    if not ranked and not found:
        return  # not even a claim: fine
    (c,) = found
    assert bool(c.check_rank) is ranked
    if reason:
        assert any(r.split(":")[0] == reason for r in c.check_reasons), c.check_reasons


@pytest.mark.parametrize("text, needle, status", [
    # an expectation or a prediction in the outlet's voice is not yet a fact
    ("The defence minister is expected to visit the front near Pokrovsk next week.", "expected to visit", "hedged"),
    ("The mayor can be anticipated to attend the donor conference in Vilnius in June.", "anticipated", "hedged"),
    ("Analysts expect the army to retake the crossing near Kupiansk before October.", "Analysts expect", "hedged"),
    ("Two more shelters are planned in Kharkiv, and the first of them should open in September.", "should open",
     "hedged"),
    # ... but inside someone's reported words it is their voice: the claim is attributed to them
    ("Mayor Ihor Terekhov said the new pipeline to Kharkiv should start supplying the city in May.",
     "should start", "attributed"),
    # a disclaimer naming its object generically
    ("Kyiv says 300 soldiers were killed near Avdiivka and Moscow says 90 were; neither figure could be verified.",
     "neither figure", "unverified"),
])
def test_stages_claims_expectation_hedges(ctx, text, needle, status):
    a = analyse(ctx, HEADLINE + text)
    assert _claim(a, needle).status == status


@pytest.mark.parametrize("disclaimer, marks_before", [
    ("The Herald could not independently verify the video.", True),  # points back to the video
    ("The Herald could not independently verify where the video was filmed.", False),  # a circumstance
    ("The Herald could not independently verify reports of casualties in Sudzha.", False),  # a name alone
])
def test_stages_claims_disclaimer_scope(ctx, disclaimer, marks_before):
    text = ("A video posted by the regional governor on Telegram shows a burning fuel depot in Sudzha on Monday.\n\n"
            + disclaimer)
    a = analyse(ctx, HEADLINE + text)
    assert (_claim(a, "burning fuel depot").status == "unverified") is marks_before
    assert _claim(a, "could not independently verify").status == "unverified"


@pytest.mark.parametrize("text, needle, status", [
    # the attribution sits in a side clause: the outlet reports the act itself
    ("Days later, Mali cut diplomatic ties with Kyiv, accusing Ukraine of supporting terrorism in the Sahel.",
     "cut diplomatic ties", "asserted"),
    ("NATO leaders will gather in Vilnius in July, where Zelenskiy hopes to win a clear path to membership.",
     "NATO leaders", "asserted"),
    # the main clause reports speech
    ("The Kremlin said on Monday that the talks in Istanbul had stalled over the grain corridor.",
     "talks in Istanbul", "attributed"),
])
def test_stages_claims_side_clause_attribution(ctx, text, needle, status):
    a = analyse(ctx, HEADLINE + text)
    assert _claim(a, needle).status == status
