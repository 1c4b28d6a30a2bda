"""Outlet furniture learned over a corpus, and its use by the clean stage."""

from __future__ import annotations

import pytest

from newstrace.corpus import furniture as F
from newstrace.corpus.furniture import FurnitureModel, learn
from newstrace.model import Origin, RawDocument
from newstrace.pipeline import Context, new_article
from newstrace.settings import Settings
from newstrace.stages import clean

# An outlet line the shape rules do not know: no imperative, no second person, no cue word.
TEMPLATE = "The Steppe Dispatch — independent reporting from the east since 2014"
# A long quote the same outlet republishes in several follow-up stories: body, never furniture.
QUOTE = ('"We will rebuild every bridge on this river, and we will do it before the first frost," '
         "the regional governor said at the opening of the pontoon crossing.")
STORIES = [
    "Flood waters receded from the lower districts of Kherson on Sunday, leaving a layer of silt in hundreds of homes.",
    "Grain exports through the Danube ports rose for a third month, the infrastructure ministry said on Tuesday.",
    "A convoy of ambulances donated by Polish hospitals reached Zaporizhzhia after a two-day journey.",
    "Teachers in Kharkiv began the school year in underground classrooms built inside metro stations.",
    "Engineers said the repaired dam spillway would be tested under full load before the spring thaw.",
]


def _raw(i: int, body: str, outlet: str | None = "steppedispatch.example", url: str | None = None) -> RawDocument:
    text = f"Story Number {i} About The Region\n\n{body}\n\n{QUOTE}\n\n{TEMPLATE}"
    return RawDocument(text=text, source=Origin(path=f"a{i}.txt", url=url or f"https://steppedispatch.example/{i}",
                                                outlet=outlet))


@pytest.fixture()
def model():
    return learn([_raw(i, b) for i, b in enumerate(STORIES)], Settings(furniture_min_articles=3))


@pytest.mark.parametrize("line,expected", [(TEMPLATE, True), (QUOTE, False), (STORIES[0], False)])
def test_corpus_furniture_recurring_line(model, line, expected):
    assert model.is_furniture("steppedispatch.example", line) is expected


@pytest.mark.parametrize("outlet", ["otheroutlet.example", None, ""])
def test_corpus_furniture_is_per_outlet(model, outlet):
    assert model.is_furniture(outlet, TEMPLATE) is False


@pytest.mark.parametrize("copies", [5])
def test_corpus_furniture_counts_each_article_once(copies):
    """Re-ingesting versions of one article (same URL) must not make its body 'recurring'."""
    m = FurnitureModel(min_articles=3)
    for v in range(copies):
        m.observe(_raw(0, STORIES[0] + f" Updated {v}.", url="https://steppedispatch.example/same"))
    assert m.articles("steppedispatch.example") == 1
    assert not m.is_furniture("steppedispatch.example", TEMPLATE)


@pytest.mark.parametrize("n_articles", [60])
def test_corpus_furniture_needs_a_share_of_the_outlet(n_articles):
    """Three articles sharing a line in a large outlet corpus is a story, not a template."""
    m = FurnitureModel(min_articles=3)
    for i in range(n_articles):
        extra = "\n\nThe pontoon crossing was closed for repairs" if i < 3 else ""
        m.observe(RawDocument(text=f"Headline {i}\n\nUnique body sentence number {i} here.{extra}",
                              source=Origin(url=f"https://big.example/{i}", outlet="big.example")))
    assert m.count("big.example", "The pontoon crossing was closed for repairs") == 3
    assert not m.is_furniture("big.example", "The pontoon crossing was closed for repairs")


@pytest.mark.parametrize("cap", [50])
def test_corpus_furniture_memory_bounded(monkeypatch, cap):
    monkeypatch.setattr(F, "MAX_DISTINCT_PER_OUTLET", cap)
    m = FurnitureModel(min_articles=2)
    for i in range(40):
        lines = "\n".join(f"line {i} {j} unique words" for j in range(10))
        m.observe(RawDocument(text=lines + "\nShared footer line", source=Origin(url=f"u{i}", outlet="o")))
    assert len(m._counts["o"]) <= cap + 10
    assert m.is_furniture("o", "Shared footer line")


@pytest.mark.parametrize("idx", [1])
def test_clean_uses_learned_furniture(model, idx):
    ctx = Context(Settings())
    ctx.set("furniture", model)
    art = clean.run(new_article(_raw(idx, STORIES[idx])), ctx)
    removed = {r.text: r.reason for r in art.removed}
    assert removed.get(TEMPLATE) == "outlet-boilerplate"
    body = [art.text[p.start:p.end] for p in art.paragraphs]
    assert body == [STORIES[idx], QUOTE]


@pytest.mark.parametrize("n_copies", [4])
def test_clean_ignores_model_when_article_is_mostly_furniture(n_copies):
    """If the corpus holds copies of this very article (syndication under several URLs), every
    line recurs: the model says nothing about page furniture there, and no body line is lost."""
    short_body = ["Shelling resumed at dawn in Nikopol.", "Two people were wounded, officials said.",
                  "Power was cut in three districts.", "Repairs began by the afternoon."]
    text = "\n\n".join(["Nikopol Shelled Again"] + short_body + [TEMPLATE])
    raws = [RawDocument(text=text, source=Origin(url=f"https://syndicated.example/{i}", outlet="syndicated.example"))
            for i in range(n_copies)]
    model = learn(raws)
    assert all(model.is_furniture("syndicated.example", line) for line in short_body)
    ctx = Context(Settings())
    ctx.set("furniture", model)
    art = clean.run(new_article(raws[0]), ctx)
    assert [art.text[p.start:p.end] for p in art.paragraphs if p.kind == "body"][:4] == short_body
    assert not [r for r in art.removed if r.reason == "outlet-boilerplate"]
