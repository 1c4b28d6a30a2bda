"""The learned cue scorer: shipped model loads safely, scores real cues above non-cues, adds spans."""

from __future__ import annotations

import json

import pytest

from newstrace.attribution import learned
from newstrace.stages import quotes as quotes_stage

ARTICLE = (
    "The defence ministry issued a statement condemning the strike on the depot near Kharkiv. "
    "The mayor's criticism of the regional governor grew louder on Tuesday. "
    "Residents planted potatoes in the field behind the school. "
    "Opposition leader Mara Venn came out in support of the new sanctions package."
)


@pytest.fixture(scope="module")
def model():
    m = learned.CueModel.load()
    # the model ships with the package: a missing or stale file is a failure, not a skip
    assert m is not None, f"{learned.MODEL_PATH} missing or of another feature version"
    return m


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(ARTICLE)


def test_learned_model_file_is_plain_json_of_feature_weights():
    d = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert d["feature_version"] == learned.FEATURE_VERSION
    assert 0.0 < d["add_threshold"] < 1.0 and 0.0 <= d["drop_threshold"] <= d["add_threshold"]
    assert all(isinstance(k, str) and isinstance(v, float) for k, v in d["weights"].items())
    # features are lemmas and parse labels, never sentences from the training corpus
    assert all(len(k) < 80 and k.count(" ") <= 1 for k in d["weights"])


# What a key may carry after its name: lower-case lemmas, labels (POS, tags, dependencies, entity
# types), class names (NUM, URL, NAME, SYM) and named punctuation, joined by "_".
_CLEAN_VALUE = r"[A-Za-z][A-Za-z_'-]*"


@pytest.mark.parametrize("fragment", ["<", ">", '"', "“", "”", "/", "=", "http", "www", "id=", "@"])
def test_learned_shipped_keys_carry_no_markup_or_quotes(fragment):
    keys = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))["weights"]
    values = [k.split("=", 1)[1] if "=" in k else k for k in keys]
    assert not [k for k, v in zip(keys, values) if fragment in v]


def test_learned_shipped_keys_are_words_and_labels_only():
    import re

    keys = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))["weights"]
    bad = [k for k in keys if not re.fullmatch(r"[a-z_]+(=" + _CLEAN_VALUE + ")?", k)
           or any(c.isdigit() for c in k) or len(k) > 60]
    assert not bad, bad[:10]


@pytest.mark.parametrize("text,word,cls", [
    ('The post <tweet id="769292115914395649"> said it.', '769292115914395649', "NUM"),
    ("He said it on https://example.org/page today.", "https://example.org/page", "URL"),
    ("Officials said 1,000 troops left.", "1,000", "NUM"),
    ("Mara Venn said the talks failed.", "Venn", "NAME"),
])
def test_learned_features_replace_ids_urls_numbers_names(nlp, text, word, cls):
    d = nlp(text)
    tok = next(t for t in d if word in t.text or t.text in word and len(t.text) > 3)
    assert learned._lemma(tok) == cls
    for i in learned.candidates(d):
        for f in learned.features(d, i, False):
            assert word not in f and "<" not in f and '"' not in f


def test_learned_load_refuses_other_feature_version(tmp_path):
    p = tmp_path / "m.json"
    p.write_text(json.dumps({"feature_version": -1, "weights": {}, "bias": 0, "add_threshold": 0.5,
                             "drop_threshold": 0.1}), encoding="utf-8")
    assert learned.CueModel.load(p) is None
    assert learned.CueModel.load(tmp_path / "absent.json") is None


@pytest.mark.parametrize("cue,non_cue", [("statement", "potatoes"), ("criticism", "field"), ("support", "school")])
def test_learned_scores_cues_above_ordinary_words(model, doc, cue, non_cue):
    scores = model.score_doc(doc)
    by_text = {doc[i].text: p for i, p in scores.items()}
    assert by_text[cue] > by_text[non_cue]


def test_learned_noun_cue_spans_read_off_the_parse(doc):
    i = next(t.i for t in doc if t.text == "criticism")
    cue, src, src_i, content = learned.spans_for(doc, i)
    assert ARTICLE[cue[0] : cue[1]] == "criticism of"  # the preposition belongs to the cue
    assert "mayor" in ARTICLE[src[0] : src[1]]
    assert ARTICLE[content[0] : content[1]] == "the regional governor"


def test_learned_according_to_spans(nlp):
    text = "According to the health ministry, 40 people were injured in the shelling."
    d = nlp(text)
    i = next(t.i for t in d if t.lower_ == "according")
    cue, src, _, content = learned.spans_for(d, i)
    assert text[cue[0] : cue[1]] == "According to"
    assert text[src[0] : src[1]] == "the health ministry"
    assert "40 people were injured" in text[content[0] : content[1]]


def test_learned_quote_mask_marks_quoted_tokens(nlp):
    d = nlp('He said "we will stay" and left.')
    mask = learned.quote_mask(d)
    assert [t.text for t, m in zip(d, mask) if m] == ["we", "will", "stay"]


def test_learned_stage_adds_stance_attribution_rules_miss(ctx, model):
    from newstrace.pipeline import new_article
    from newstrace.readers import read_text
    from newstrace.stages import analysis

    a = new_article(read_text("Frontline report\n\n" + ARTICLE))
    analysis.run(a, ctx)  # keeps the transient parse the quotes stage reads
    rules_only, _ = quotes_stage.extract(a, None)
    with_model, _ = quotes_stage.extract(a, model)
    assert len(with_model) > len(rules_only)
    got = [a.text[q.content.start : q.content.end] for q in with_model]
    assert any("sanctions package" in g for g in got) or any("regional governor" in g for g in got)
    for q in with_model:  # offsets round-trip
        assert 0 <= q.content.start < q.content.end <= len(a.text)
        if q.speaker:
            assert a.text[q.speaker.start : q.speaker.end].strip()
