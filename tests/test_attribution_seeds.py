"""Acceptance on the two seed articles (skipped when ../shared/seeds is absent).

Needles are a few words long: enough to locate a quotation in the seed, never its text. The
clean stage may or may not have removed the page furniture: only quotes, claims and amounts are
asserted, never paragraph counts or offsets.
"""

from __future__ import annotations

import re

import pytest

from newstrace.model import Article
from newstrace.pipeline import STAGES, new_article, run_stages
from newstrace.readers import read_text
from newstrace.stages import claims as claims_stage

UNTIL_CLAIMS = STAGES[: STAGES.index(claims_stage) + 1]


@pytest.fixture(scope="module")
def seeds(seeds_dir, ctx) -> dict[str, Article]:
    out = {}
    for p in sorted(seeds_dir.glob("*.txt")):
        (a,) = run_stages([new_article(read_text(p.read_text(encoding="utf-8")))], ctx, stages=UNTIL_CLAIMS)
        assert isinstance(a, Article)
        out["cheer" if "Kursk" in a.text else "liberated" if "Zolotov" in a.text else p.name] = a
    if not {"cheer", "liberated"} <= set(out):
        pytest.skip("seed articles not recognised")
    return out


def _quote(a: Article, needle: str):
    qs = [q for q in a.quotes if needle in a.text[q.content.start : q.content.end]]
    assert qs, f"no quotation containing {needle!r}"
    return min(qs, key=lambda q: (-q.content.start, q.content.end))  # the innermost


def _who(q) -> str:
    return f"{q.speaker_entity or ''} | {q.speaker_description or ''}"


def _fold(name: str) -> str:
    """Transliteration endings folded (Zelenskyy, Zelenskiy, Zelensky): the names stage picks the spelling."""
    return re.sub(r"(?:yy|iy|yi)\b", "y", name or "")


def _names_in(expected: str, found: str) -> bool:
    """``expected`` names ``found``'s speaker, whatever the transliteration or an organisation's
    qualifier ("Ukrainian Ministry of Defence" for "Ministry of Defence")."""
    return _fold(expected) in _fold(found)


@pytest.mark.parametrize("seed, needle, speaker, via", [
    ("cheer", "ordinary Russians", "Ministry of Defence", None),  # the caption -> the posting ministry
    ("cheer", "Kursk region", "Ministry of Defence", None),  # the caption's second paragraph
    ("cheer", "tongues", "Volodymyr Zelenskyy", None),
    ("cheer", "lying to you", "journalist", None),
    ("cheer", "believe propaganda", "journalist", None),
    ("liberated", "Heartwarming", "Visegrád 24", None),  # "the account wrote"
    ("liberated", "long hug", "Visegrád 24", None),  # "he added" after the account's quotation
    ("liberated", "Twitter feed", "Michael McFaul", None),
    ("liberated", "liberated areas supports", "Viktor Zolotov", ("Beast", "according_to")),
    ("liberated", "enemy positions", "spokesperson", ("CNN", "reported_by")),
    ("liberated", "names of the settlements", "spokesperson", ("CNN", "reported_by")),
    ("liberated", "significant losses", "military officials", None),
    ("liberated", "very bloody", "veteran", None),
    ("liberated", "Ukrainian citizens support", "director", ("Daily Beast", "reported_by")),
])
def test_attribution_seeds_quotations_and_speakers(seeds, seed, needle, speaker, via):
    q = _quote(seeds[seed], needle)
    assert _names_in(speaker, _who(q))
    if via:
        assert any(via[0] in v.name and v.relation == via[1] for v in q.via), q.via


@pytest.mark.parametrize("seed, needle, status, extra", [
    ("liberated", "would have shows", "unverified", None),
    ("liberated", "reportedly shows", "unverified", None),
    ("liberated", "could not independently verify", "unverified", None),
    ("cheer", "denied responsibility", "denied", ("denied_by", "Russia")),
    ("cheer", "cut out the tongues", "attributed", ("attributed_to", "Volodymyr Zelenskyy")),
])
def test_attribution_seeds_claim_status(seeds, seed, needle, status, extra):
    a = seeds[seed]
    cs = [c for c in a.claims if needle in a.text[c.start : c.end]]
    assert cs and cs[0].status == status
    if extra:
        got = getattr(cs[0], extra[0]) or ""
        assert _fold(got) == _fold(extra[1]) or _fold(got).endswith(" " + _fold(extra[1]))


@pytest.mark.parametrize("seed, surface, value, low, high, qualifier, unit, counted", [
    ("cheer", "at least 50", 50, 50, None, "at_least", None, "civilians reported dead"),
    ("cheer", "over 100", 100, 100, None, "over", None, "injured"),
    ("cheer", "at least 900", 900, 900, None, "at_least", None, "arrests"),
    ("liberated", "1,000 square kilometers", 1000, None, None, None, "square kilometers", "square kilometers"),
    ("liberated", "from two to tens", None, 2, 99, None, "kilometers", "kilometers"),
    ("liberated", "dozens", None, 24, 99, None, None, "citizens"),  # the head noun is what is counted
])
def test_attribution_seeds_amounts(seeds, seed, surface, value, low, high, qualifier, unit, counted):
    a = seeds[seed]
    xs = [x for x in a.amounts if a.text[x.start : x.end] == surface]
    assert xs, [a.text[x.start : x.end] for x in a.amounts]
    x = xs[0]
    assert (x.value, x.low, x.high, x.qualifier, x.unit, x.counted) == (value, low, high, qualifier, unit, counted)


@pytest.mark.parametrize("seed, fragment", [("cheer", "genocide"), ("cheer", "special military operation")])
def test_attribution_seeds_scare_quotes_are_fragments(seeds, seed, fragment):
    a = seeds[seed]
    assert fragment in [a.text[f.start : f.end] for f in a.fragments]
    assert not [q for q in a.quotes if q.is_direct and a.text[q.content.start : q.content.end] == fragment]


@pytest.mark.parametrize("seed, name, typ, role", [
    ("cheer", "@DefenceU", "account", "credited"),  # the image credit lines
    ("cheer", "Ministry of Defence", "organisation", "quoted"),  # the caption it posted
    ("liberated", "Visegrád 24", "account", "quoted"),  # "the account wrote"
    ("liberated", "Maksym Eristavi", "person", "credited"),  # "a video posted on Twitter by journalist ..."
    ("liberated", "Daily Beast", "outlet", "cited"),
])
def test_attribution_seeds_sources(seeds, seed, name, typ, role):
    found = [s for s in seeds[seed].sources if _fold(s.name) == _fold(name) or _fold(s.name).endswith(" " + _fold(name))]
    assert found, sorted(s.name for s in seeds[seed].sources)
    assert any(s.type == typ and role in s.roles for s in found)


@pytest.mark.parametrize("seed, needle", [("liberated", "applaud Russia's defeat")])
def test_attribution_seeds_caption_headline_is_not_a_quote(seeds, seed, needle):
    """A caption headline repeating the title is furniture: never quote content, cue or speaker."""
    a = seeds[seed]
    at = [i for i in range(len(a.text)) if a.text.startswith(needle, i)]
    assert at
    for i in at:
        assert not [q for q in a.quotes if q.content.start <= i < q.content.end
                    or (q.cue is not None and q.cue.start <= i + len(needle) and i <= q.cue.end)]
