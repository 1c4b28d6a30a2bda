"""The machine-spun signal ranks spun rewrites above edited copy and shows its evidence."""

from __future__ import annotations

import pytest

import newstrace

EDITED = """A missile struck a fuel depot outside Mykolaiv on Sunday night, the regional governor said, \
starting a fire that burned for more than six hours.

Vitaliy Kim, the head of the Mykolaiv regional administration, said no one had been killed. "The fire \
is under control," Kim wrote on Telegram on Monday morning.

Russia's defence ministry said it had hit "a storage site for fuel used by the Ukrainian army". \
The claim could not be independently verified."""

# The same story as a spinner leaves it: broken verb groups, mangled expressions, a fused word,
# a stitched-on fragment and a respelled name.
SPUN = """A missile would have hits a gasoline depot outdoors Mykolaiv on Sunday night time, the regional \
governor mentioned, beginning a fireplace that burned for greater than 6 hours.

Vitaliy Kim, the top of the Mykolaiv regional administration, mentioned no one had been killed, \
according BBCregional officers. "The fireplace is underneath management," Kym wrote on Telegram.

Russia's defence ministry mentioned it had hit "a storage website for gasoline". at the least \
the declare couldn't be verified. stated Monday."""


@pytest.fixture(scope="module")
def pair(ctx):
    return newstrace.analyze(EDITED, ctx=ctx), newstrace.analyze(SPUN, ctx=ctx)


def test_spun_scores_rank_spun_above_edited(pair):
    edited, spun = pair
    assert spun.quality.spun["score"] > edited.quality.spun["score"] + 0.4
    assert edited.quality.spun["score"] < 0.3


@pytest.mark.parametrize("kind", ["broken-verb-group", "according-without-to", "mangled-expression", "fused-words"])
def test_spun_evidence_kinds_found(pair, kind):
    _, spun = pair
    assert kind in {e["kind"] for e in spun.quality.spun["evidence"]}


def test_spun_evidence_offsets_round_trip(pair):
    for art in pair:
        for e in art.quality.spun["evidence"]:
            assert art.text[e["start"] : e["end"]] == e["text"]


def test_spun_skips_non_english(ctx):
    art = newstrace.analyze("Die Armee meldete am Donnerstag die Rückeroberung mehrerer Dörfer bei Charkiw. "
                            "Das Ministerium bestritt die Angaben.", ctx=ctx)
    assert art.language == "de"
    assert art.quality.spun is None
