"""Claim status by clause: a hedge, disclaimer or source in one clause does not colour the other;
requests are the outlet's report of an act; an unnamed source of reports still attributes
(team-written sentences; each failed on the code before)."""

from __future__ import annotations

import pytest

from newstrace.model import Article
from newstrace.pipeline import STAGES, new_article, run_stages
from newstrace.readers import read_text
from newstrace.stages import claims as claims_stage

UNTIL_CLAIMS = STAGES[: STAGES.index(claims_stage) + 1]
HEADLINE = "Newsroom report\n\n"


def analyse(ctx, text: str) -> Article:
    (a,) = run_stages([new_article(read_text(HEADLINE + text))], ctx, stages=UNTIL_CLAIMS)
    return a


def status_of(a: Article, needle: str) -> str:
    """Status of the claim holding ``needle`` (the tightest one, as the precision bench locates it)."""
    i = a.text.index(needle)
    found = [c for c in a.claims if c.start <= i and i + len(needle) <= c.end]
    assert found, [(a.text[c.start : c.end], c.status) for c in a.claims]
    return found[0].status


@pytest.mark.parametrize("text, needle, status", [
    # a disclaimer in one clause, a hedge on evidence in the other
    ("Medics said three ambulances were hit near Huliaipole in March. The Daily Ledger could not verify the "
     "medics' account independently, but a video the brigade posted appears to show a burnt-out truck on a "
     "road near Huliaipole.", "appears to show a burnt-out truck", "hedged"),
    ("Medics said three ambulances were hit near Huliaipole in March. The Daily Ledger could not verify the "
     "medics' account independently, but a video the brigade posted appears to show a burnt-out truck on a "
     "road near Huliaipole.", "could not verify the medics' account", "unverified"),
    # the disclaimer's referent is in its own clause: a word of the other clause ("brigade") does not
    # reach back to an earlier sentence
    ("Lieutenant Petro Hrynko said two of the brigade's trucks had been destroyed by drones in March. "
     "The Daily Ledger could not verify the account of the March attacks, but a video the brigade posted "
     "appears to show a burnt-out truck.", "two of the brigade's trucks had been destroyed", "attributed"),
    # reported speech in a side clause is attributed as a clause of its own
    ("The new sanctions come as Ukraine's forces struggle to hold the line in the Donetsk region, where "
     "Russia's Defence Ministry said on Tuesday it had captured the village of Kalynove.",
     "it had captured the village of Kalynove", "attributed"),
    # a request is an act the outlet reports, not someone's claim
    ("Kyiv has asked its Western partners to let it strike airfields inside Russia, a request Washington "
     "has so far turned down.", "Kyiv has asked its Western partners", "asserted"),
    # an unnamed source of reports still makes the sentence someone's account
    ("In the Lviv region, a substation near Stryi was hit again on Friday, according to local media.",
     "a substation near Stryi was hit again", "attributed"),
])
def test_claim_status_by_clause(ctx, text, needle, status):
    assert status_of(analyse(ctx, text), needle) == status


def test_claim_check_worthiness_denial_is_listed_and_ages_are_no_dates(ctx):
    a = analyse(ctx, "KHARKIV - Russian drones hit a power substation in Kharkiv on Tuesday, cutting electricity "
                     "to 40,000 homes, regional governor Oleh Marchuk said.\n\n"
                     "Two missiles struck a rail depot in Kupiansk, killing three workers, the railway company said.\n\n"
                     "Volunteer Taras Hnatiuk, 27, has driven the evacuation route for nine months.\n\n"
                     "The ministry denied targeting civilian infrastructure.\n\n"
                     "The city plans to open a new shelter for pupils in the spring, the mayor said.")
    listed = {a.text[c.start : c.end] for c in a.claims if c.check_rank is not None}
    assert "The ministry denied targeting civilian infrastructure." in listed
    driver = next(c for c in a.claims if "Hnatiuk" in a.text[c.start : c.end])
    assert not any(r.startswith("date: 27") for r in driver.check_reasons)  # an age is no date
    assert not any(r.startswith("figure: nine months") for r in driver.check_reasons)  # a duration is no tally


@pytest.mark.parametrize("text, needle, status", [
    # a spinner's rewrite of "according to" still names the source
    ("Russian plane dropped greater than 20 glide bombs on the town over the earlier 48 hours, in keeping with "
     "the regional navy administration.", "greater than 20 glide bombs", "attributed"),
    ("In line with the port authority, no less than two cranes have been destroyed in Izmail.",
     "two cranes have been destroyed", "attributed"),
    # "in line with expectations" names no one
    ("Grain exports from Odesa rose by 12 percent in March, in line with expectations.", "Grain exports from Odesa",
     "asserted"),
])
def test_claim_status_spun_according_to(ctx, text, needle, status):
    assert status_of(analyse(ctx, text), needle) == status
