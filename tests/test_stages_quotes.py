"""Quotes stage on team-written articles: each construction of the attribution issue."""

from __future__ import annotations

import json

import pytest

from newstrace.model import Article
from newstrace.pipeline import STAGES, new_article, run_stages
from newstrace.readers import read_text
from newstrace.stages import claims as claims_stage

FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "attribution"
GOLD = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))
# Only the stages this issue depends on: a failure in a later stage must not hide ours.
UNTIL_CLAIMS = STAGES[: STAGES.index(claims_stage) + 1]


# Short test texts get a headline, as real articles have: the cleaner takes a lone first line as the title.
HEADLINE = "Newsroom report\n\n"


def analyse(ctx, text: str, **meta) -> Article:
    (a,) = run_stages([new_article(read_text(text, **meta))], ctx, stages=UNTIL_CLAIMS)
    assert isinstance(a, Article), a
    return a


@pytest.fixture(scope="module")
def articles(ctx):
    return {name: analyse(ctx, (FIXTURES / name).read_text(encoding="utf-8")) for name in GOLD if name.endswith(".txt")}


def _find(a: Article, needle: str):
    return [q for q in a.quotes if needle in a.text[q.content.start : q.content.end]]


CASES = [(name, q) for name, g in GOLD.items() if name.endswith(".txt") for q in g.get("quotes", [])]


@pytest.mark.parametrize("name, case", CASES, ids=[f"{n}:{c['quote'][:30]}" for n, c in CASES])
def test_stages_quotes_speaker_cue_via(articles, name, case):
    a = articles[name]
    found = _find(a, case["quote"])
    assert found, f"no quotation containing {case['quote']!r}"
    q = min(found, key=lambda q: (-q.content.start, q.content.end))  # the innermost quotation
    if "speaker" in case:
        assert q.speaker_entity == case["speaker"]
    if "speaker_description" in case:
        assert case["speaker_description"].lower() in (q.speaker_description or "").lower()
    if "is_direct" in case:
        assert q.is_direct == case["is_direct"]
    assert q.cue is not None and a.text[q.cue.start : q.cue.end].strip()
    for name_, rel in case.get("via", []):
        assert any(v.relation == rel and name_ in v.name for v in q.via), q.via
    # every span points into the text
    for s in [q.content, q.cue, q.speaker, *q.via, *q.parts]:
        if s is not None:
            assert 0 <= s.start < s.end <= len(a.text)


@pytest.mark.parametrize("name", ["port_strikes.txt", "rail_inquiry.txt"])
def test_stages_quotes_fragments_kept_apart(articles, name):
    a = articles[name]
    frags = {(a.text[f.start : f.end].strip(" ,."), f.kind) for f in a.fragments}
    for text, kind in GOLD[name].get("fragments", []):
        assert (text, kind) in frags
    for text in GOLD[name].get("not_quotes", []):
        assert not [q for q in a.quotes if a.text[q.content.start : q.content.end].strip(" ,.") == text]


@pytest.mark.parametrize("name", ["rail_inquiry.txt"])
def test_stages_quotes_two_speakers_one_sentence(articles, name):
    a = articles[name]
    for first, second in GOLD[name]["not_in_quote"]:
        q = min(_find(a, first), key=lambda q: q.content.end - q.content.start)
        assert second not in a.text[q.content.start : q.content.end]


@pytest.mark.parametrize("name", ["port_strikes.txt"])
def test_stages_quotes_sources_and_roles(articles, name):
    a = articles[name]
    by_name = {s.name: s for s in a.sources}
    for src, typ, roles in GOLD[name]["sources"]:
        assert src in by_name, sorted(by_name)
        assert by_name[src].type == typ
        assert set(roles) <= set(by_name[src].roles)
        for m in by_name[src].mentions:
            assert 0 <= m.start < m.end <= len(a.text)


@pytest.mark.parametrize("text, speaker", [
    ('"We will hold the line, whatever it costs," said General Anna Kovalenko.', "Anna Kovalenko"),
    ('Prime Minister John Harlow said: "There will be no deal tonight."', "John Harlow"),
    ('"Nothing was agreed," Harlow told reporters on Friday after the summit in Brussels.', "Harlow"),
])
def test_stages_quotes_direct_frames(ctx, text, speaker):
    a = analyse(ctx, HEADLINE + text)
    assert [q for q in a.quotes if q.is_direct and speaker in (q.speaker_entity or q.speaker_description or "")]


@pytest.mark.parametrize("text, speaker, content", [
    ("The ministry said that 12 soldiers had been wounded near the border.", "ministry", "12 soldiers had been wounded"),
    ("According to the governor, Lena Brandt, the dam was hit twice overnight.", "Lena Brandt", "the dam was hit twice"),
    ("Officials claimed the convoy was carrying only food and medicine.", "Officials", "carrying only food"),
    ("The opposition accused the government of rigging the vote in three districts.", "opposition", "rigging the vote"),
    ("Senator Ruth Okafor tweeted that the bill would pass before the recess.", "Ruth Okafor", "the bill would pass"),
])
def test_stages_quotes_indirect_forms(ctx, text, speaker, content):
    a = analyse(ctx, HEADLINE + text)
    qs = [q for q in a.quotes if content in a.text[q.content.start : q.content.end]]
    assert qs, [a.text[q.content.start : q.content.end] for q in a.quotes]
    q = qs[0]
    assert not q.is_direct
    who = (q.speaker_entity or "") + " " + (q.speaker_description or "")
    assert speaker.lower() in who.lower()


@pytest.mark.parametrize("text", [
    "Der Minister sagte am Montag vor Journalisten in Berlin: „Wir werden bei den Investitionen nicht nachgeben.“",
])
def test_stages_quotes_without_parse(ctx, text):
    """A non-English article has no parse: direct quotations are still found, without a speaker."""
    a = analyse(ctx, "Minister verteidigt Haushaltsplan\n\n" + text)
    assert a.language != "en"
    (q,) = [q for q in a.quotes if "nicht nachgeben" in a.text[q.content.start : q.content.end]]
    assert q.is_direct and q.speaker_entity is None


@pytest.mark.parametrize("text, needle, speaker", [
    # the article's own pronouns tell each person's gender: "she" skips the man quoted in between
    ("Maria Lopez, the head of the agency, arrived late. Her office had warned of delays.\n\n"
     "John Carter said his trains were running again. \"Nothing is certain,\" she said.", "Nothing is certain",
     "Maria Lopez"),
])
def test_stages_quotes_pronoun_gender_from_article(ctx, text, needle, speaker):
    a = analyse(ctx, HEADLINE + text)
    (q,) = _find(a, needle)
    assert q.speaker_entity == speaker


@pytest.mark.parametrize("n", [600])
def test_stages_quotes_bounded_on_hostile_text(ctx, n):
    """Thousands of quote marks and reporting verbs: the stage finishes with bounded output."""
    from newstrace.stages.quotes import MAX_PAIRS

    body = " ".join(f"'x{i}' \"said {i}\" he said." for i in range(n))
    a = analyse(ctx, HEADLINE + body)
    assert len(a.quotes) + len(a.fragments) <= MAX_PAIRS + len(a.sentences)
    for q in a.quotes:
        assert 0 <= q.content.start < q.content.end <= len(a.text)
