"""Outlet identity: the input's own outlet wins over the URL's domain; wire pickups are recognised from credits.

All articles here are written by the team for these tests.
"""

from __future__ import annotations

import json

import pytest

from newstrace import serialize
from newstrace.model import Article, RawDocument
from newstrace.pipeline import new_article, run_stages
from newstrace.readers import iter_file, read_text
from newstrace.readers._common import outlet_and_host
from newstrace.settings import Settings
from newstrace.stages import agency, clean

BODY = ("Officials in the eastern region said the strike damaged a school and two houses on Tuesday. "
        "Repair crews were at work by the evening.")


def _jsonl(tmp_path, records, settings=None):
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return list(iter_file(str(p), settings))


# --- the input's own outlet field --------------------------------------------------------------

@pytest.mark.parametrize("field", ["outlet", "source", "publisher", "site_name"])
def test_outlet_identity_jsonl_own_field_wins_over_domain(tmp_path, field):
    (doc,) = _jsonl(tmp_path, [{"text": BODY, "url": "https://www.dailypaper.co.uk/world/1", field: "AP News"}])
    assert isinstance(doc, RawDocument)
    assert doc.source.outlet == "AP News"
    assert doc.source.host == "dailypaper.co.uk"


@pytest.mark.parametrize("record, outlet, host", [
    ({"text": BODY, "url": "https://www.dailypaper.co.uk/a"}, "dailypaper.co.uk", None),
    ({"text": BODY, "url": "https://www.dailypaper.co.uk/a", "source": "www.dailypaper.co.uk"},
     "dailypaper.co.uk", None),
    ({"text": BODY, "url": "https://news.example.org/a", "source": {"id": "x", "name": "Kyiv Morning"}},
     "Kyiv Morning", "example.org"),
    ({"text": BODY, "source": "Kyiv Morning"}, "Kyiv Morning", None),
])
def test_outlet_identity_jsonl_host_only_when_different(tmp_path, record, outlet, host):
    (doc,) = _jsonl(tmp_path, [record])
    assert (doc.source.outlet, doc.source.host) == (outlet, host)


def test_outlet_identity_field_mapping_is_configurable(tmp_path):
    settings = Settings(json_fields="text=body;url=link;source=wire_name")
    rec = {"body": BODY, "link": "https://papernet.com/x", "wire_name": "Reuters", "outlet": "Ignored Daily"}
    (doc,) = _jsonl(tmp_path, [rec], settings)
    assert (doc.source.outlet, doc.source.host) == ("Reuters", "papernet.com")


def test_outlet_identity_html_site_name_wins_over_domain():
    page = ("<html><head><title>Strike hits school</title>"
            '<meta property="og:site_name" content="The Lviv Courier"></head><body><article>'
            + "".join(f"<p>{BODY} Paragraph {i} adds detail about the damage and the repairs.</p>" for i in range(4))
            + "</article></body></html>")
    doc = read_text(page, url="https://www.lvivcourier.com.ua/news/1")
    assert isinstance(doc, RawDocument)
    assert doc.source.outlet == "The Lviv Courier"
    assert doc.source.host == "lvivcourier.com.ua"


def test_outlet_identity_html_twitter_handle_is_not_an_outlet():
    page = ('<html><head><title>Strike hits school</title><meta name="twitter:site" content="@lvivcourier">'
            "</head><body><article>"
            + "".join(f"<p>{BODY} Paragraph {i} adds detail about the damage and the repairs.</p>" for i in range(4))
            + "</article></body></html>")
    doc = read_text(page, url="https://www.lvivcourier.com.ua/news/1")
    assert (doc.source.outlet, doc.source.host) == ("lvivcourier.com.ua", None)


def test_outlet_identity_feed_channel_title_wins(tmp_path):
    p = tmp_path / "feed.xml"
    p.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Frontline Wire</title>'
                 "<link>https://frontline.example.com/</link><description>x</description>"
                 f"<item><title>Strike</title><link>https://cdn.hostingnet.com/a/1</link>"
                 f"<description>{BODY}</description></item></channel></rss>", encoding="utf-8")
    (doc,) = list(iter_file(str(p)))
    assert (doc.source.outlet, doc.source.host) == ("Frontline Wire", "hostingnet.com")


@pytest.mark.parametrize("name, url, expected", [
    (None, "https://www.example.co.uk/a", ("example.co.uk", None)),
    ("  Example   News ", "https://www.example.co.uk/a", ("Example News", "example.co.uk")),
    ("https://www.example.co.uk/", "https://www.example.co.uk/a", ("example.co.uk", None)),
    ("x" * 500, None, ("x" * 100, None)),
    (42, "https://example.org/", ("example.org", None)),
])
def test_outlet_identity_outlet_and_host(name, url, expected):
    assert outlet_and_host(name, url) == expected


# --- wire services from bylines, datelines and credits ------------------------------------------

# (article text, agency or None, cue). Negatives name agencies as sources, in picture credits or as words.
CASES = [
    ("KYIV, Ukraine (AP) — Russian forces shelled the southern city overnight, officials said.\n\n"
     "The strikes damaged a power station.", "AP", "dateline"),
    ("(AP) — Air raid sirens sounded across the country on Wednesday morning.\n\nNo damage was reported.",
     "AP", "dateline"),
    ("KHARKIV, March 3 (Reuters) - Ukraine's grain exports fell by a third in February, the ministry said.",
     "Reuters", "dateline"),
    ("MOSCOW, November 30. /TASS/. The defence ministry said air defences downed three drones.\n\n"
     "No casualties were reported.", "TASS", "dateline"),
    ("KYIV /Ukrinform/ - The air force said it shot down eleven drones overnight.", "Ukrinform", "dateline"),
    ("BERLIN (dpa) - The chancellor said Germany would send more air defence systems.", "dpa", "dateline"),
    ("ANKARA (AA) - Turkish officials said grain ships left three Ukrainian ports.", "Anadolu", "dateline"),
    ("By Olena Harmash and Tom Bright | Reuters\n\nUkraine said its troops pushed back an assault.\n\n"
     "Officials gave no figures.", "Reuters", "byline"),
    ("By The Associated Press\n\nThe governor said two people were wounded in the shelling.", "AP", "byline"),
    ("Ukrainian forces retook the village after a week of fighting, the general staff said.\n\n"
     "The army released footage of the raising of a flag.\n\n— Interfax", "Interfax", "signoff"),
    ("Rescuers searched the rubble of the building on Thursday for a second day.\n\n(c) AFP", "AFP", "credit"),
    ("The parliament voted to extend martial law for ninety days.\n\n"
     "Copyright 2022 The Associated Press. All rights reserved.", "AP", "credit"),
    ("The Kremlin said on Monday it would not join the talks, Reuters reported.\n\n"
     "A spokesman declined to elaborate.", "Reuters", "reported"),
    ("The mayor said power was restored to most districts by noon. -- Interfax-Ukraine", "Interfax-Ukraine",
     "signoff"),
    ("KYIV (UNIAN) - The energy ministry announced rolling blackouts for the capital.", "UNIAN", "dateline"),
    ("MOSCOW, Oct 2 (RIA Novosti) - The governor said the bridge would reopen on Friday.", "RIA Novosti",
     "dateline"),
    ("LANCASTER, Pa. (AP) — Volunteers packed medical kits for Ukrainian hospitals on Saturday.", "AP", "dateline"),
    ("The ministry said the ferry line to the island would reopen next week after repairs to the pier. "
     "Officials said tickets would go on sale on Monday. kb/tr (dpa, AFP)", "dpa", "signoff"),
    ("By MARIA DANILOVA Associated Press Writer\n\nThe city council approved a new shelter plan on Monday.", "AP",
     "byline"),
    ("МОСКВА, 30 ноября. /ТАСС/. Губернатор сообщил, что мост откроют в пятницу.", "TASS", "dateline"),
    ("КИЇВ (Укрінформ) - Сили ППО збили одинадцять дронів уночі, повідомили у Повітряних силах.", "Ukrinform",
     "dateline"),
    ("Chernihiv (Ukraine) (AFP) - Engineers rebuilt the bridge over the Desna in eleven weeks.", "AFP", "dateline"),
    # negatives
    ("Губернатор сообщил ТАСС, что мост откроют в пятницу.", None, None),
    ("By Anna Tass\n\nThe city council approved a new shelter plan on Monday.", None, None),
    ("Three villages lost power after the strike, the regional governor said.\n\n"
     "The Associated Press contributed to this report.", None, None),
    ("Volunteers unload aid in the city centre on Saturday. (Photo: Oksana Petrenko, AP)\n\n"
     "The convoy brought food and medicine for two weeks.", None, None),
    ("Officials in the port city said four people were killed in the attack.\n\n"
     "Reuters could not independently verify the claim. The governor told AFP the shelling lasted an hour.",
     None, None),
    ("Rescuers searched the rubble of the building on Thursday for a second day.\n\nAP Photo/Efrem Lukatsky",
     None, None),
    ("Rescuers searched the rubble on Thursday.\n\nPhoto: Reuters/Gleb Garanich", None, None),
    ("The minister said exports would resume, according to Interfax, which cited a ministry source.\n\n"
     "TASS and RIA Novosti carried the same statement later in the day.", None, None),
    ("By Marta Kovalenko, Kyiv\n\nThe city council approved a new shelter plan on Monday.", None, None),
    ("Ukraine's AP rating fell after the vote. The AA battery plant in the city reopened.", None, None),
    ("A senior official, speaking to Reuters on condition of anonymity, said the convoy was delayed.\n\n"
     "Earlier, the official had told dpa that talks were stalled.", None, None),
    ("The report, first published by Reuters last week, said the convoy was delayed.", None, None),
]


@pytest.fixture(scope="module")
def analysed(ctx):
    docs = [new_article(read_text("Newsroom report\n\n" + text, outlet="Daily Example")) for text, _, _ in CASES]
    return run_stages(docs, ctx, stages=[clean, agency])


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[0][:30] for c in CASES])
def test_outlet_identity_agency_from_credits(analysed, i):
    _, expected, cue = CASES[i]
    a = analysed[i]
    assert isinstance(a, Article)
    assert a.source.agency == expected
    assert a.source.outlet == "Daily Example"  # the agency is recorded beside the outlet, never instead of it
    credit = a.source.agency_credit
    if expected is None:
        assert credit is None
        return
    assert (credit.agency, credit.cue) == (expected, cue)
    if credit.removed is None:
        evidence = a.text[credit.span.start:credit.span.end]
    else:
        assert credit.span is None
        evidence = a.removed[credit.removed].text[credit.line_start:credit.line_end]
    # the evidence is the credit itself: it names the agency (one of its spellings) and nothing long
    assert any(alias in evidence for alias in agency.AGENCIES[expected])
    assert 0 < len(evidence) <= agency.MAX_CREDIT_CHARS


def test_outlet_identity_agency_serialises_and_validates(analysed):
    jsonschema = pytest.importorskip("jsonschema")
    for a in analysed:
        d = serialize.to_dict(a)
        jsonschema.validate(d, serialize.json_schema())
        back = serialize.from_dict(json.loads(json.dumps(d)))
        assert back.source == a.source


def test_outlet_identity_agency_reaches_the_corpus_layer(analysed):
    from newstrace.corpus.linker import light_article

    a = next(x for x in analysed if x.source.agency == "AP")
    light = light_article(serialize.to_json(a))
    assert (light.source.agency, light.source.outlet) == ("AP", "Daily Example")


@pytest.mark.parametrize("reason, expected", [("headline", "AP"), ("related-list", None), ("outside-main-text", None)])
def test_outlet_identity_dateline_in_a_dropped_headline(reason, expected):
    from newstrace.model import Paragraph, Removed

    text = "The council met on Monday to approve the plan."
    line = "ODESA, Ukraine (AP) — Was the plan really approved in ten minutes?"
    credit = agency.find_credit(text, [Paragraph(0, len(text))], [Removed(line, reason)])
    assert (credit.agency if credit else None) == expected
    if credit:
        assert (credit.removed, line[credit.line_start:credit.line_end]) == (0, "ODESA, Ukraine (AP) —")
