"""Who speaks for a body: state bodies by country and kind, heads of state's offices, unnamed voices
of a named organisation, and pronouns (team-written sentences; each failed on the code before)."""

from __future__ import annotations

import pytest

from newstrace.attribution import bodies
from newstrace.model import Article
from newstrace.pipeline import STAGES, new_article, run_stages
from newstrace.readers import read_text
from newstrace.stages import quotes as quotes_stage

UNTIL_QUOTES = STAGES[: STAGES.index(quotes_stage) + 1]
HEADLINE = "Newsroom report\n\n"


def analyse(ctx, text: str) -> Article:
    (a,) = run_stages([new_article(read_text(HEADLINE + text))], ctx, stages=UNTIL_QUOTES)
    assert isinstance(a, Article), a
    return a


def speaker_of(a: Article, needle: str) -> str | None:
    qs = [q for q in a.quotes if needle in a.text[q.content.start : q.content.end]]
    assert qs, [a.text[q.content.start : q.content.end] for q in a.quotes]
    return qs[0].speaker_entity


@pytest.mark.parametrize("phrase, name", [
    ("Ukraine's military", "Armed Forces of Ukraine"),
    ("the Malian army", "Malian Armed Forces"),
    ("Moldova's government", "Government of Moldova"),
    ("Ukraine's border guard service", "State Border Guard Service of Ukraine"),
    ("Russia's nuclear agency", "Rosatom"),
    ("the regional military administration", None),
    ("Ukraine's air force", None),
])
def test_speakers_bodies_described_body(phrase, name):
    assert bodies.described_body(phrase) == name


@pytest.mark.parametrize("text, needle, speaker", [
    # a state body described by its country and kind gets its official name
    ("Kyiv said it would rebuild the bridge. Ukraine's military said on Monday that its troops had repelled "
     "an assault near the town of Bilohorivka.", "its troops had repelled", "Armed Forces of Ukraine"),
    ("Farmers in the south are short of diesel. Moldova's government says the new tariff will apply from "
     "next month.", "the new tariff will apply", "Government of Moldova"),
    # an acronym of a state body the text never spells out
    ("A man was detained in Odesa on Tuesday. The SBU said he had photographed the port for a foreign "
     "handler.", "he had photographed the port", "Security Service of Ukraine"),
    # a head of state's office, by the role the article gives its owner
    ("Czech President Petr Pavel visited a field hospital near Prague on Friday. Pavel's office said he "
     "would host a meeting of donors in the spring.", "he would host a meeting", "Office of the President of the Czech Republic"),
    ("President Volodymyr Zelenskyy met the Lithuanian foreign minister in Kyiv. The two discussed air "
     "defence, his office said.", "The two discussed air defence", "Office of the President of Ukraine"),
    # an unnamed voice of a named organisation speaks for it
    ("The shipment left Poland on Sunday, a State Department spokesman told reporters in Washington.",
     "The shipment left Poland on Sunday", "State Department"),
    # 'it' after a sentence whose subject is an organisation
    ("The Russian Defence Ministry said its jets had struck a depot. Later, UEFA refused the club "
     "permission to play in Kharkiv. It says it will review the decision in March.",
     "it will review the decision", "UEFA"),
])
def test_speakers_bodies_speaker(ctx, text, needle, speaker):
    assert speaker_of(analyse(ctx, text), needle) == speaker


def test_speakers_gender_evidence_stays_in_its_sentence(ctx):
    # "... a 12-year-old girl. Marchenko posted": the girl is not Marchenko, so "he" can be him
    a = analyse(ctx, "Ivan Marchenko, head of the regional administration, said drones had hit 11 villages. "
                     "A shell hit a shop, injuring a 12-year-old girl. Marchenko posted photos of the shop.\n\n"
                     "One man, aged 70, was killed in the village of Stepove, he said.")
    assert speaker_of(a, "was killed in the village of Stepove") == "Ivan Marchenko"


@pytest.mark.parametrize("text, needle, speaker", [
    # a group named with a place is not a person of that name, and not "he" later
    ("President Volodymyr Zelenskyy spoke in the evening. Residents of the western city of Lutsk told local "
     "radio they heard blasts at about 3am.\n\n\"We will answer,\" he said in his nightly address.",
     "We will answer", "Volodymyr Zelensky"),
    # a first name the tagger missed, with a role in apposition
    ("Dr Oksana Hrytsai runs the clinic.\n\nTaras, a driver who gave only his first name, has made the trip "
     "many times. He said the road had been shelled twice in May.", "the road had been shelled", "Taras"),
    # sentences about the same person between the subject and the pronoun keep them its referent
    ("Mayor Petro Ivanenko said the trams would run again. Her colleague Dr Mykola Dudar, 40, has not "
     "slept for two days. He shrugs when asked. \"Sleep is for peacetime,\" he said.",
     "Sleep is for peacetime", "Mykola Dudar"),
    # a plural group is never "she"
    ("Dr Olha Kravets, 52, keeps goats in the village. Her yard lies on a road that soldiers call "
     "\"the corridor\". She said volunteers brought her flour every week.", "volunteers brought her flour",
     "Olha Kravets"),
])
def test_speakers_pronoun_classes(ctx, text, needle, speaker):
    assert speaker_of(analyse(ctx, text), needle) == speaker


@pytest.mark.parametrize("text, needle, speaker", [
    # "his office" after a sentence that names a head of state in its reported words
    ("Zelenskyy decided to sign a decree on a new administration for the liberated villages, his office said.",
     "decided to sign a decree", "Office of the President of Ukraine"),
    # a role with no one before it is the person who opens the next sentence
    ("Ukrainian troops have entered the centre of Vovchansk, according to a Telegram post by the regional "
     "governor. Oleh Hrytsenko wrote that the flag was back over the town hall.",
     "Ukrainian troops have entered the centre of Vovchansk", "Oleh Hrytsenko"),
    # the subject's name in apposition ("Her colleague Dr X, 34, ...") is he
    ("Dr Iryna Kovalenko runs the ward. Her colleague Dr Pavlo Stepanenko, 34, has not had leave since "
     "August. \"Leave is a rumour,\" he said.", "Leave is a rumour", "Pavlo Stepanenko"),
])
def test_speakers_referents_in_context(ctx, text, needle, speaker):
    assert speaker_of(analyse(ctx, text), needle) == speaker


@pytest.mark.parametrize("name, canonical", [
    ("Russian Protection Ministry", "Russian Defence Ministry"),  # a spinner's word for the portfolio
    ("Ministry of Overseas Affairs", "Ministry of Foreign Affairs"),
    ("Civil Protection Service", "Civil Protection Service"),  # not a ministry's portfolio
])
def test_speakers_bodies_unspin(name, canonical):
    assert bodies.unspin(name) == canonical


@pytest.mark.parametrize("text, needle, speaker", [
    # a statement speaks for whoever issued it
    ("Russia's Defence Ministry said its forces had taken the village of Novomykhailivka. The ministry issued "
     "a statement on Monday evening.\n\n\"All attacks were repelled,\" the statement said.",
     "All attacks were repelled", "Russian Defence Ministry"),
    ("A separate statement from the Kremlin said the talks in Istanbul had stalled.", "the talks in Istanbul",
     "Kremlin"),
    # a report names no one unless its issuer is named
    ("Shelling hit the market in Kherson on Monday.\n\nThe report said 40 civilians were wounded.",
     "40 civilians were wounded", None),
])
def test_speakers_documents_speak_for_their_issuer(ctx, text, needle, speaker):
    assert speaker_of(analyse(ctx, text), needle) == speaker


def test_speakers_abbreviated_title_introduces_the_role(ctx):
    # "Sen." before the name is the senator a later description points back to
    a = analyse(ctx, "Sen. Maria Hollis questioned the bank's chief executive on Tuesday. \"This just isn't right,\" "
                     "the Democratic senator said.")
    assert speaker_of(a, "This just isn't right") == "Maria Hollis"
