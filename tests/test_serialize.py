"""The JSON format: schema validity, round trip, offsets, docs kept in sync with the model."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace import model, serialize

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = """Kyiv, 3 March - Ukraine's armed forces said on Thursday that at least 40 soldiers had been wounded near Izium.

"We are holding the line," said Colonel Oksana Hryn, a spokeswoman for the eastern command. Hryn added that \
the shelling had lasted six hours.

Russia's defence ministry denied the report, according to the state agency TASS."""


@pytest.fixture(scope="module")
def analysed(ctx):
    import newstrace

    return newstrace.analyze(ARTICLE, ctx=ctx, outlet="example-news.test", published="2022-03-04")


def test_serialize_output_validates_against_schema(analysed):
    jsonschema.validate(serialize.to_dict(analysed), serialize.json_schema())


def test_serialize_committed_schema_matches_model():
    committed = json.loads((ROOT / "docs" / "article.schema.json").read_text())
    assert committed == serialize.json_schema(), "regenerate docs/article.schema.json from serialize.json_schema()"


def test_serialize_round_trip_is_lossless(analysed):
    again = serialize.from_json(serialize.to_json(analysed))
    assert again == analysed
    assert serialize.to_dict(again) == serialize.to_dict(analysed)


def test_serialize_every_span_carries_its_text(analysed):
    d = serialize.to_dict(analysed)
    seen = 0

    def walk(o):
        nonlocal seen
        if isinstance(o, dict):
            if isinstance(o.get("start"), int) and "end" in o and "text" in o and "other_doc_id" not in o:
                assert d["text"][o["start"] : o["end"]] == o["text"]
                seen += 1
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(d)
    assert seen >= 5


def test_serialize_rejects_wrong_shape():
    from newstrace.errors import MalformedInput

    with pytest.raises(MalformedInput):
        serialize.from_dict({"doc_id": "x", "source": {"path": "a"}, "paragraphs": [{"start": 0}]})


@pytest.mark.parametrize("cls", [c for c in vars(model).values() if dataclasses.is_dataclass(c)
                                 and c not in (model.RawDocument, model.InputFailure)])
def test_serialize_every_field_is_documented(cls):
    doc = (ROOT / "docs" / "format.md").read_text()
    for f in dataclasses.fields(cls):
        if f.name in ("nlp_doc", "raw"):
            continue
        assert re.search(rf"`{f.name}`|\b{f.name}\b", doc), f"{cls.__name__}.{f.name} is not documented in docs/format.md"


# Property: whatever the text, every annotation the pipeline emits round-trips to its offsets.
_words = st.sampled_from(
    ["Kyiv", "Kherson", "Putin", "Zelensky", "said", "\"We", "will", "win,\"", "according", "to", "Reuters",
     "on", "Thursday", "at", "least", "50", "civilians", "died", "@DefenceU", "the", "ministry", "denied", "it",
     "1,000", "square", "kilometers", "'genocide'", "Ukraine's", "Twitter", "Mr.", "Biden", "—", "dozens", ".",
     "\n", "\n\n", "é", "Ж", "🙂", "\u00a0"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(_words, min_size=1, max_size=80).map(" ".join))
def test_serialize_offsets_round_trip_property(ctx, text):
    import newstrace
    from newstrace.errors import NewstraceError

    try:
        art = newstrace.analyze(text, ctx=ctx, published="2022-09-10")
    except NewstraceError:
        return  # e.g. nothing left after cleaning: a typed refusal, not a crash
    for span in serialize.iter_spans(art):
        assert 0 <= span.start <= span.end <= len(art.text)
    d = serialize.to_dict(art)
    for span_dict in _span_dicts(d):
        assert art.text[span_dict["start"] : span_dict["end"]] == span_dict["text"]
    for p in art.paragraphs:
        assert art.text[p.start : p.end].strip() == art.text[p.start : p.end]


def _span_dicts(o):
    if isinstance(o, dict):
        if isinstance(o.get("start"), int) and "text" in o:
            yield o
        for v in o.values():
            yield from _span_dicts(v)
    elif isinstance(o, list):
        for v in o:
            yield from _span_dicts(v)


def test_serialize_type_hints_resolved_once_per_class():
    # from_dict runs for every stored article the linker, the web app and export read; resolving the
    # model's string annotations for every nested object made it the largest cost of linking.
    from newstrace.model import Article
    from newstrace.serialize import _hints

    assert _hints(Article) is _hints(Article)
