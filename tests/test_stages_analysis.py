"""Analysis stage: sentences, entities, canonical names and the correction layer."""

from __future__ import annotations

import pytest

import newstrace
from newstrace.stages.analysis import _strip_titles, _trim

ARTICLE = """Defence minister Rustem Umerov said on Monday that the army had received new drones.

Umerov told reporters in Kyiv that deliveries would continue. President Volodymyr Zelensky's office \
said the drones were paid for by donors, and Zelensky thanked them on Telegram.

The footage was first posted on Twitter by @FrontlineMonitor, an account that tracks the war. \
Ukraine's partners, including the U.S., have promised more help, the ministry wrote on X."""


@pytest.fixture(scope="module")
def art(ctx):
    return newstrace.analyze(ARTICLE, ctx=ctx)


def _by_text(art):
    return {art.text[e.start : e.end]: e for e in art.entities}


def test_analysis_surname_resolves_to_full_name(art):
    ents = _by_text(art)
    assert ents["Umerov"].canonical == "Rustem Umerov"
    assert ents["Zelensky"].canonical == "Volodymyr Zelensky"


@pytest.mark.parametrize("surface", ["Telegram", "Twitter", "X"])
def test_analysis_platforms_are_not_people_or_places(art, surface):
    e = _by_text(art).get(surface)
    if e is not None:  # the model may not tag it at all; when it does, it is a platform
        assert e.label == "PLATFORM"


def test_analysis_handles_are_accounts(art):
    e = _by_text(art)["@FrontlineMonitor"]
    assert e.label == "ACCOUNT"


def test_analysis_entity_offsets_and_no_possessive(art):
    for e in art.entities:
        surface = art.text[e.start : e.end]
        assert surface == surface.strip()
        assert not surface.endswith(("'s", "’s"))
        assert "\n" not in surface


def test_analysis_sentences_cover_paragraph_breaks(art):
    for s in art.sentences:
        assert "\n\n" not in art.text[s.start : s.end]
    assert len(art.sentences) >= 5


@pytest.mark.parametrize(
    "raw,expected",
    [("X.", "X"), ("U.S.", "U.S."), ("the Kremlin", "Kremlin"), ("Putin's", "Putin"), ("Biden,", "Biden")],
)
def test_analysis_trim(raw, expected):
    s, e = _trim(raw, 0, len(raw))
    assert raw[s:e] == expected


@pytest.mark.parametrize(
    "name,expected",
    [("President Joe Biden", "Joe Biden"), ("Major General Igor Konashenkov", "Igor Konashenkov"), ("Kyiv", "Kyiv")],
)
def test_analysis_strip_titles(name, expected):
    assert _strip_titles(name) == expected


def test_analysis_non_english_gets_sentences_not_entities(ctx):
    art = newstrace.analyze(
        "Die ukrainische Armee hat am Donnerstag mehrere Dörfer zurückerobert. Das Ministerium in Moskau "
        "bestritt die Angaben. Eine Bestätigung gab es nicht.", ctx=ctx)
    assert art.language == "de"
    assert art.entities == []
    assert len(art.sentences) == 3
    assert any("no named-entity model" in w for w in art.warnings)
