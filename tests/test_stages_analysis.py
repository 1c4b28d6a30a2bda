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


# Names (issue 10): team-written articles in the styles met in war reporting.
NAMES_ARTICLE = """KYIV, March 3 (Eastern Wire) - Russian forces shelled the outskirts of Kiev overnight, \
the State Department said, as Russian Railways halted freight to the border and the Defence Ministry in \
Moscow reported new strikes.

VLADIMIR Putin told French television, in remarks that Le Monde printed under the name Vladimir Poutine, \
that the operation was going to plan. Putin spoke for about ten minutes.

President Volodymyr Zelenskyy said in his nightly address that Kyiv would hold. Zelenskiy later told CNN \
and the Daily Beast that more air defence was needed, and the Beast said the interview lasted an hour. \
Reuters and TASS also carried the remarks, and Zelensky repeated them in parliament.

Russia's Defence Ministry said its forces had struck "military targets" in the region, a claim \
Ukraine's General Staff rejected."""


@pytest.fixture(scope="module")
def names_art(ctx):
    return newstrace.analyze(NAMES_ARTICLE, ctx=ctx, published="2022-03-03", outlet="Eastern Wire")


def _all(art, surface):
    return [e for e in art.entities if art.text[e.start : e.end] == surface]


@pytest.mark.parametrize("surface, canonical", [
    ("State Department", "State Department"),
    ("Russian Railways", "Russian Railways"),
])
def test_analysis_org_names_keep_every_word(names_art, surface, canonical):
    found = _all(names_art, surface)
    assert found, [names_art.text[e.start : e.end] for e in names_art.entities]
    assert all(e.canonical == canonical and e.label == "ORG" for e in found)


def test_analysis_country_possessive_names_the_ministry(names_art):
    found = [e for e in names_art.entities if names_art.text[e.start : e.end].endswith("Defence Ministry")]
    assert found
    assert {e.canonical for e in found} == {"Russian Defence Ministry"}, [e.canonical for e in found]


@pytest.mark.parametrize("surface", ["VLADIMIR Putin", "Vladimir Poutine", "Putin"])
def test_analysis_putin_spellings_are_one_person(names_art, surface):
    found = _all(names_art, surface)
    assert found, [names_art.text[e.start : e.end] for e in names_art.entities]
    assert all(e.canonical == "Vladimir Putin" and e.label == "PERSON" for e in found)


@pytest.mark.parametrize("surface", ["Volodymyr Zelenskyy", "Zelenskiy", "Zelensky"])
def test_analysis_zelensky_spellings_are_one_person(names_art, surface):
    found = _all(names_art, surface)
    assert found, [names_art.text[e.start : e.end] for e in names_art.entities]
    assert {e.canonical for e in found} == {"Volodymyr Zelensky"}
    assert all(e.label == "PERSON" for e in found)


def test_analysis_kiev_is_a_place_never_a_person(names_art):
    found = _all(names_art, "Kiev")
    assert found
    for e in found:
        assert e.label == "GPE" and e.canonical == "Kyiv"
    assert not [e for e in names_art.entities if e.canonical == "Kyiv" and e.label == "PERSON"]


@pytest.mark.parametrize("surface, canonical", [
    ("CNN", "CNN"), ("Daily Beast", "Daily Beast"), ("Beast", "Daily Beast"), ("Reuters", "Reuters"),
    ("TASS", "TASS"), ("Le Monde", "Le Monde"), ("Eastern Wire", "Eastern Wire"),
])
def test_analysis_outlets_are_media_organisations(names_art, surface, canonical):
    found = _all(names_art, surface)
    assert found, [names_art.text[e.start : e.end] for e in names_art.entities]
    for e in found:
        assert (e.label, e.kind, e.canonical) == ("ORG", "media", canonical)


def test_analysis_names_offsets_round_trip(names_art):
    prev_end = -1
    for e in names_art.entities:
        assert 0 <= e.start < e.end <= len(names_art.text)
        assert e.start >= prev_end or e.end <= prev_end  # sorted, no partial overlaps
        prev_end = max(prev_end, e.end)


@pytest.mark.parametrize("text, surface, label", [
    ("Kyiv Independent reporters said Odesa Region Today had published the video first.", "Odesa Region Today", "ORG"),
    ("Rosatom said it would keep the plant running, while Ukrenergo warned of outages.", "Rosatom", "ORG"),
    ("The region's governor Oleh Kiper said four drones had been shot down near the port.", "Oleh Kiper", "PERSON"),
    ("Belgorod region governor Vyacheslav Gladkov said two civilians had been killed in Ukrainian shelling of the "
     "Shebekino district overnight.", "Shebekino", "GPE"),
    ("Belgorod region governor Vyacheslav Gladkov said two civilians had been killed in Ukrainian shelling of the "
     "Shebekino district overnight.", "Ukrainian", "NORP"),
    ("Ukraine said Russia had launched 40 drones, and Ukrenergo said power was restored in Kyiv.", "Ukraine", "GPE"),
])
def test_analysis_labels_corrected(ctx, text, surface, label):
    art = newstrace.analyze("Regional report\n\n" + text + " Officials gave no further details.", ctx=ctx)
    found = _all(art, surface)
    assert found, [(art.text[e.start : e.end], e.label) for e in art.entities]
    assert all(e.label == label for e in found)
