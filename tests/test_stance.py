"""Claim stance: the shipped model, its outputs and evidence offsets, on team-written pairs."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import newstrace
from newstrace.errors import UsageError
from newstrace.stance import LABELS, MODEL_VERSION, load_model, predict
from newstrace.stance.scoring import fnc_score, summary
from newstrace.stance.text import MAX_SENTENCES, sentences

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stance"
CLAIM = (FIXTURES / "claim.txt").read_text(encoding="utf-8").strip()
TEXTS = {name: (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
         for name in ("support", "denial", "discuss", "unrelated")}
DATA = Path(newstrace.__file__).resolve().parent / "data" / "stance"


@pytest.fixture(scope="module")
def results():
    names = list(TEXTS)
    return dict(zip(names, newstrace.stance([CLAIM] * len(names), [TEXTS[n] for n in names])))


def test_stance_model_loads_shipped_versioned_file():
    model = load_model()
    assert model.version == MODEL_VERSION
    assert load_model() is model  # loaded once per process
    path = DATA / f"{MODEL_VERSION}.npz"
    assert path.stat().st_size < 5_000_000
    card = json.loads((DATA / f"{MODEL_VERSION}.json").read_text(encoding="utf-8"))
    assert card["version"] == MODEL_VERSION
    assert card["training_data"]["pairs"] > 40_000
    assert card["trained"][:2] == "20"


def test_stance_model_file_loads_without_pickle():
    with np.load(DATA / f"{MODEL_VERSION}.npz", allow_pickle=False) as z:
        for name in z.files:
            assert z[name].dtype != object, name


@pytest.mark.parametrize("name", list(TEXTS))
def test_stance_outputs_well_formed(results, name):
    r = results[name]
    text = TEXTS[name]
    assert r.stance in LABELS
    assert set(r.scores) == set(LABELS)
    assert math.isclose(sum(r.scores.values()), 1.0, abs_tol=1e-3)
    assert 0.0 <= r.score <= 1.0 and r.score == r.scores[r.stance]
    assert r.model == MODEL_VERSION
    assert len(r.evidence) <= 3
    for ev in r.evidence:
        span = text[ev.start : ev.end]
        assert span and span == span.strip()
        assert 0.0 < ev.relevance <= 1.0 + 1e-6


@pytest.mark.parametrize("name", ["support", "denial", "discuss"])
def test_stance_reports_on_the_claim_are_related(results, name):
    assert results[name].stance != "unrelated"
    # The best evidence sentence is about the dam, not the page furniture.
    ev = results[name].evidence[0]
    assert "Dravenko" in TEXTS[name][ev.start : ev.end] or "dam" in TEXTS[name][ev.start : ev.end]


@pytest.mark.parametrize("name", ["unrelated"])
def test_stance_other_story_is_unrelated(results, name):
    assert results[name].stance == "unrelated"
    assert results[name].scores["unrelated"] > 0.5


def test_stance_denial_scores_disagree_above_support(results):
    assert results["denial"].scores["disagree"] > results["support"].scores["disagree"]


@pytest.mark.parametrize("name,label", [("support", "agree"), ("denial", "disagree")])
def test_stance_clear_support_and_denial(results, name, label):
    # Verified on the shipped model (stance-v2: support 0.91 agree, denial 0.85 disagree; stance-v3: 0.82, 0.56;
    # a v4 candidate with 34 more cue features, retrained reproducibly, read the denial as discuss (disagree
    # 0.04) and was not shipped for that reason). The 'discuss'
    # text is not pinned: v1 called it disagree, and v2's fix ("could not be verified" is a hedge, not
    # a refutation) was prompted by this very text, so passing it would prove little.
    assert results[name].stance == label


@pytest.mark.parametrize("claims,texts", [(["a claim"], []), ([], ["a text"])])
def test_stance_mismatched_lengths_raise_usage_error(claims, texts):
    with pytest.raises(UsageError):
        newstrace.stance(claims, texts)


@pytest.mark.parametrize("claims,texts", [([], [])])
def test_stance_empty_batch(claims, texts):
    assert newstrace.stance(claims, texts) == []


@pytest.mark.parametrize("text", [
    "", "   \n\n  ", "no punctuation at all just words about a dam " * 5,
    "Dam. " * 50_000,  # hostile: far more sentences than the model reads
    "x" * 300_000,  # hostile: one enormous token
])
def test_stance_degenerate_texts_bounded(text):
    (r,) = predict([CLAIM], [text])
    assert r.stance in LABELS
    for ev in r.evidence:
        assert 0 <= ev.start < ev.end <= len(text)


@pytest.mark.parametrize("text", [
    TEXTS["support"],
    "One. Two!  Three?\n\n“Quoted,” he said. Last line without end",
])
def test_stance_sentences_offsets_round_trip(text):
    spans = sentences(text)
    assert spans and len(spans) <= MAX_SENTENCES
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        prev = e
    # Every non-space character of the text is in some sentence: nothing dropped.
    covered = set().union(*(range(s, e) for s, e in spans))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@pytest.mark.parametrize("gold,pred,expected", [
    (["agree", "unrelated"], ["agree", "unrelated"], (1.25, 1.25)),
    (["agree", "unrelated"], ["discuss", "agree"], (0.25, 1.25)),
    (["disagree", "unrelated"], ["unrelated", "unrelated"], (0.25, 1.25)),
])
def test_stance_fnc_score_formula(gold, pred, expected):
    assert fnc_score(gold, pred) == expected


def test_stance_summary_macro_f1():
    s = summary(["agree", "disagree", "discuss", "unrelated"], ["agree", "discuss", "discuss", "unrelated"])
    assert s["f1"]["disagree"] == 0.0 and s["f1"]["agree"] == 1.0
    assert math.isclose(s["macro_f1"], (1 + 0 + 2 / 3 + 1) / 4)


def test_stance_bootstrap_interval_over_claim_groups():
    """bench/stance.py --ci: intervals come from whole claim groups resampled, around the point figure."""
    from newstrace.stance.scoring import bootstrap

    rng = np.random.default_rng(3)
    gold = [LABELS[i] for i in rng.integers(0, 4, 400)]
    groups = [i // 10 for i in range(400)]  # 40 claims of 10 pairs
    # Half the claims are predicted perfectly, the other half all "discuss": claims differ a lot.
    pred = [g if grp % 2 == 0 else "discuss" for g, grp in zip(gold, groups)]
    s = summary(gold, pred)
    ci = bootstrap(gold, pred, groups, n=500, seed=1)
    for key, point in (("fnc", s["fnc"]), ("macro_f1", s["macro_f1"]), ("disagree_f1", s["f1"]["disagree"])):
        lo, hi = ci[key]
        assert lo < point < hi, key
        assert hi - lo > 0.02, key  # resampling claims moves the figure
    assert bootstrap(gold, pred, groups, n=500, seed=1) == ci  # a fixed draw
    # Every claim predicted perfectly: no resample can move the figures.
    assert bootstrap(gold, gold, groups, n=200) == {"fnc": (1.0, 1.0), "macro_f1": (1.0, 1.0),
                                                    "disagree_f1": (1.0, 1.0)}
    # The same errors spread evenly over every claim move far less than errors concentrated in half.
    spread = [g if i % 2 == 0 else "discuss" for i, g in enumerate(gold)]
    narrow = bootstrap(gold, spread, groups, n=500, seed=1)
    # (pairs resampled one by one would give both about the same width)
    assert 2 * (narrow["fnc"][1] - narrow["fnc"][0]) < ci["fnc"][1] - ci["fnc"][0]


@pytest.mark.parametrize("seed,nan_in_training", [(0, True), (1, False)])
def test_stance_gbdt_export_matches_lightgbm(seed, nan_in_training):
    """The numpy forest reproduces LightGBM (a tiny fit, not the shipped model), NaN included."""
    import lightgbm as lgb

    from newstrace.stance.gbdt import Forest, from_lightgbm

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(400, 6)).astype(np.float32)
    X[rng.random(X.shape) < 0.05] = np.nan
    y = (X[:, 0] > 0).astype(int) + 2 * (np.nan_to_num(X[:, 1]) > 0.5)
    fit_X = X if nan_in_training else np.nan_to_num(X)
    params = {"objective": "multiclass", "num_class": 4, "num_threads": 1, "verbose": -1, "min_data_in_leaf": 5,
              "seed": seed}
    booster = lgb.train(params, lgb.Dataset(fit_X, y), num_boost_round=20)
    forest = Forest.from_arrays(from_lightgbm(booster).arrays())
    assert np.allclose(forest.proba(X), booster.predict(X), atol=1e-6)


@pytest.mark.parametrize("private", ["._predictors", "._baseline_prediction", "import pickle", "joblib"])
def test_stance_model_code_reads_no_private_or_pickled_state(private):
    """Export goes through LightGBM's public dump_model(); nothing reads a library's private attributes."""
    import importlib

    pkg = importlib.import_module("newstrace.stance")  # the package, not the API function of that name
    files = list(Path(pkg.__path__[0]).glob("*.py"))
    assert len(files) > 5
    for path in files:
        assert private not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("by", ["claim", "headline", "body"])
def test_stance_training_groups_hold_out_whole_claims(by):
    """Claim groups join rewordings of a headline through a body related to both; unrelated pairs never join."""
    from newstrace.stance.training import Pairs

    pairs = Pairs(
        claims=["Dam burst floods valley", "Valley flooded as dam bursts", "Dam burst floods valley", "Pope visits moon"],
        texts=["b1", "b1", "b2", "b1"],
        labels=["agree", "discuss", "unrelated", "unrelated"],
        groups=[1, 1, 2, 1],
    )
    g = pairs.split_groups(by)
    expect = {"claim": [0, 0, 0, 1], "headline": [0, 1, 0, 2], "body": [1, 1, 2, 1]}[by]
    assert g == expect


@pytest.mark.parametrize("claim,sentence,negated,aimed", [
    ("Troops shelled the power plant", "The ministry said troops did not shell the plant.", 1, 1),
    ("Troops shelled the power plant", "Troops shelled the power plant on Monday.", 0, 0),
    ("Troops shelled the power plant", "The ministry denied it. Separately, a bridge was repaired far away.", 0, 0),
    ("Troops shelled the power plant", "Officials denied that troops shelled the plant.", 0, 1),
])
def test_stance_features_denial_aimed_at_the_claim(claim, sentence, negated, aimed):
    from newstrace.stance import features as F
    from newstrace.stance import text as T

    words = frozenset(T.content(T.tokens(claim)))
    toks = T.tokens(sentence)
    assert F._negated(toks, words) == negated
    assert F._aimed(toks, T.REFUTE_LEX, words) == aimed


@pytest.mark.parametrize("submodule", ["newstrace.stance.model", "newstrace.stance.features"])
def test_stance_api_name_is_the_function_after_submodule_imports(submodule):
    """`newstrace.stance` stays the API function even though a subpackage has the same name."""
    import importlib

    importlib.import_module(submodule)
    assert callable(newstrace.stance) and newstrace.stance is newstrace.api.stance


@pytest.mark.parametrize("field,value", [("feature_version", 1), ("labels", ["a", "b", "c", "d"])])
def test_stance_model_trained_on_other_features_refuses_to_load(tmp_path, field, value):
    from newstrace.stance.model import StanceModel

    with np.load(DATA / f"{MODEL_VERSION}.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    meta[field] = value
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(ValueError, match="retrain"):
        StanceModel.load(tmp_path / "old.npz")


@pytest.mark.parametrize("phrase,hedge,refute", [
    ("The video could not be independently verified.", 1, 0),
    ("It is not clear who fired first.", 1, 0),
    ("Officials did not deny the report.", 0, 2),  # 'not' and 'deny' both stay refuting cues
    ("The ministry said the story wasn't true.", 0, 1),
])
def test_stance_tokens_negated_verification_is_a_hedge(phrase, hedge, refute):
    """'could not be verified' reports a claim without endorsing it; it must not count as a denial."""
    from newstrace.stance.text import HEDGE_LEX, REFUTE_LEX, tokens

    toks = tokens(phrase)
    assert HEDGE_LEX.count(toks) >= hedge
    assert REFUTE_LEX.count(toks) == refute


@pytest.mark.parametrize("name,cue", [("denial", ("denied", "deny", "fake", "no breach"))])
def test_stance_evidence_carries_the_denial(results, name, cue):
    text = TEXTS[name]
    shown = [text[e.start : e.end] for e in results[name].evidence]
    assert shown and all(any(c in s for c in cue) for s in shown)


def test_stance_vocabulary_cut_is_reproducible(monkeypatch):
    """Words tied on document frequency are cut by the word itself, not by set order (PYTHONHASHSEED),
    so a retrain in another process keeps the same vocabulary."""
    from newstrace.stance import training

    monkeypatch.setattr(training, "MAX_VOCAB", 3)
    docs = ["zebra walrus otter heron", "zebra walrus otter heron", "heron otter walrus zebra badger",
            "badger falcon", "falcon zebra"]
    # zebra is in 4 documents; heron, otter and walrus tie at 3 for the last two places: the first by word.
    assert sorted(training.fit_vectorizer(docs).vocab) == ["heron", "otter", "zebra"]
