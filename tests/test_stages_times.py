"""The times stage on team-written articles: gold file tests/fixtures/times/gold.json, plus seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newstrace
from newstrace.model import Article, Entity, Origin, Span
from newstrace.stages import times as times_stage
from newstrace.timex.engine import NO_ANCHOR

TIMES = Path(__file__).resolve().parent / "fixtures" / "times"
GOLD = json.loads((TIMES / "gold.json").read_text(encoding="utf-8"))
ARTICLES = [k for k in GOLD if not k.startswith("_")]
_CACHE: dict[str, Article] = {}


def _analysed(name: str, ctx) -> Article:
    if name not in _CACHE:
        g = GOLD[name]
        meta = {"published": g["published"]} if g["published"] else {}
        _CACHE[name] = newstrace.analyze((TIMES / name).read_text(encoding="utf-8"), ctx=ctx, **meta)
    return _CACHE[name]


def _covering(art: Article, needle: str):
    """The TimeRef covering the first occurrence of ``needle`` in the clean text."""
    i = art.text.find(needle)
    assert i >= 0, f"{needle!r} is not in the clean text"
    hits = [t for t in art.times if t.start <= i and i + len(needle) <= t.end]
    return hits[0] if hits else None


@pytest.mark.parametrize(
    ("name", "want"), [(n, w) for n in ARTICLES for w in GOLD[n]["find"]],
    ids=[f"{n}:{w['text']}" for n in ARTICLES for w in GOLD[n]["find"]])
def test_stages_times_gold_found_and_resolved(ctx, name, want):
    art = _analysed(name, ctx)
    t = _covering(art, want["text"])
    assert t is not None, f"{want['text']!r} not detected; found {[art.text[x.start:x.end] for x in art.times]}"
    for key, expected in want.items():
        if key != "text":
            assert getattr(t, key) == expected, f"{want['text']!r}: {key} is {getattr(t, key)!r}, want {expected!r}"
    if t.resolved and want.get("value") and t.type in ("date", "time"):
        assert t.anchor == GOLD[name]["published"], "a relative date records the date it was resolved against"


@pytest.mark.parametrize(
    ("name", "needle"), [(n, x) for n in ARTICLES for x in GOLD[n]["not"]],
    ids=[f"{n}:{x}" for n in ARTICLES for x in GOLD[n]["not"]])
def test_stages_times_gold_not_found(ctx, name, needle):
    art = _analysed(name, ctx)
    assert _covering(art, needle) is None, f"{needle!r} wrongly reported as a time"


@pytest.mark.parametrize("name", ARTICLES)
def test_stages_times_offsets_round_trip(ctx, name):
    art = _analysed(name, ctx)
    assert art.times, "every fixture has times"
    for t in art.times:
        assert 0 <= t.start < t.end <= len(art.text)
        assert art.text[t.start:t.end].strip() == art.text[t.start:t.end]
        assert t.type in ("date", "time", "duration", "set")
        assert t.resolved == (t.value is not None)
        if not t.resolved:
            assert t.reason, "an unresolved time says why"


@pytest.mark.parametrize("name", ["undated_dispatch.txt"])
def test_stages_times_no_publication_date_never_uses_today(ctx, name):
    art = _analysed(name, ctx)
    assert art.published is None
    relative = [t for t in art.times if t.type in ("date", "time")]
    assert relative and all(not t.resolved and t.reason == NO_ANCHOR and t.anchor is None for t in relative)


@pytest.mark.parametrize(("published", "reason_part"), [
    ("sometime in spring", "not a usable ISO date"), ("9999-12-31", "not a usable ISO date"), (None, "no publication")])
def test_stages_times_unusable_publication_date_reason(published, reason_part):
    text = "The convoy left on 24 February and returned last week."
    art = Article(doc_id="x", source=Origin(), text=text, published=published, sentences=[Span(0, len(text))])
    times_stage.run(art, None)
    assert [text[t.start:t.end] for t in art.times] == ["24 February", "last week"]
    assert all(not t.resolved and reason_part in t.reason for t in art.times)


@pytest.mark.parametrize(("entity_text", "kept"), [("the 1980s season", False), ("54", False), ("Lunar New Year week", True)])
def test_stages_times_spacy_candidates_only_when_calendrical(entity_text, kept):
    text = f"Reported then: {entity_text}."
    i = text.index(entity_text)
    art = Article(doc_id="x", source=Origin(), text=text, published="2022-04-10",
                  entities=[Entity(i, i + len(entity_text), "DATE", entity_text)])
    times_stage.run(art, None)
    extra = [t for t in art.times if t.reason == times_stage.NOT_UNDERSTOOD]
    assert bool(extra) == kept


@pytest.mark.parametrize(("text", "name", "label", "kept"), [
    ("The Daily Beast reported the arrests.", "Daily Beast", "ORG", False),
    ("Summer Palace guards were detained.", "Summer Palace", "FAC", False),
    ("The arrests were reported on Friday.", "Friday", "DATE", True),
    ("He helped broker the Good Friday Agreement.", "the Good Friday Agreement", "LAW", False),
    ("Strikes hit the city before the May 9 Victory Day parade.", "the May 9 Victory Day parade", "EVENT", True),
])
def test_stages_times_time_words_inside_names(text, name, label, kept):
    i = text.index(name)
    art = Article(doc_id="x", source=Origin(), text=text, published="2022-04-10",
                  entities=[Entity(i, i + len(name), label, name)])
    times_stage.run(art, None)
    assert bool(art.times) == kept


@pytest.mark.parametrize(("entity_text", "value"), [("weeks", "PXW"), ("the years", "PXY"), ("hours", "PTXH")])
def test_stages_times_spacy_bare_units_are_vague_durations(entity_text, value):
    text = f"The town held out {entity_text} under siege."
    i = text.index(entity_text)
    art = Article(doc_id="x", source=Origin(), text=text, published=None,
                  entities=[Entity(i, i + len(entity_text), "DATE", entity_text)])
    times_stage.run(art, None)
    assert [(t.type, t.value, t.resolved) for t in art.times] == [("duration", value, True)]


@pytest.mark.parametrize(("published", "value"), [(None, None), ("2022-04-10", "2022-02-24")])
def test_stages_times_seed_24_february(ctx, seeds_dir, published, value):
    seed = next((p for p in sorted(seeds_dir.glob("*.txt")) if "24 February" in p.read_text(encoding="utf-8")), None)
    if seed is None:
        pytest.skip("no seed mentions 24 February")
    meta = {"published": published} if published else {}
    art = newstrace.analyze(seed.read_text(encoding="utf-8"), ctx=ctx, **meta)
    if published is None and art.published:
        pytest.skip("the reader found a publication date in the seed itself")
    t = _covering(art, "24 February")
    assert t is not None and t.type == "date"
    assert t.value == value and t.resolved == (value is not None)
    if value is None:
        assert t.reason == NO_ANCHOR
    else:
        assert (t.range_start, t.range_end, t.granularity, t.anchor) == (value, value, "day", published)


@pytest.mark.parametrize("needle", ["a single day", "58th minute", "a normal year", "their day"])
def test_stages_times_unplaced_unit_words_are_not_dates(ctx, needle):
    text = ("Match report\n\nThe troops destroyed more than 100 tanks in a single day, the general said. "
            "When the sirens began in the 58th minute, the referee stopped play. He fixed 40 boilers in a "
            "normal year. \"The bread is the first normal thing in their day,\" she says.")
    art = newstrace.analyze(text, ctx=ctx, published="2024-05-21")
    assert _covering(art, needle) is None, [art.text[t.start:t.end] for t in art.times]
