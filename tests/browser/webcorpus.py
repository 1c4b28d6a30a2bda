"""Team-written fictional articles, annotated by hand, for the web and API tests.

The annotations are built here (offsets found with ``str.find``) rather than by the pipeline,
so the web tests do not depend on the other stages: they test that whatever an Article carries
is served and shown. Outlets, people and events are invented.
"""

from __future__ import annotations

import hashlib

from newstrace.model import (
    Amount, Article, Claim, Cue, Entity, Link, Origin, Paragraph, Place, Quote, Removed, Span, TimeRef,
)

TOKEN = "browser-test-token-0123456789"  # upload token of the browser tests' server

# The payloads a hostile page could carry; the XSS test proves none of them runs.
PAYLOADS = [
    "<script>window.__pwned = 1; document.title = 'pwned'</script>",
    '<img src=x onerror="window.__pwned=2;document.title=\'pwned\'">',
    '"><svg onload="window.__pwned=3">',
    "javascript:window.__pwned=4",
    "<iframe src=\"javascript:parent.__pwned=5\"></iframe>",
    "<a href=\"javascript:window.__pwned=6\">click</a>",
    "{{constructor.constructor('window.__pwned=7')()}}",
    "<style>body{display:none}</style>",
]


def doc_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _paragraphs(text: str, kinds: dict[int, str] | None = None) -> list[Paragraph]:
    out, pos = [], 0
    for i, block in enumerate(text.split("\n\n")):
        out.append(Paragraph(pos, pos + len(block), (kinds or {}).get(i, "body")))
        pos += len(block) + 2
    return out


def _ents(text: str, names: list[tuple[str, str, str]]) -> list[Entity]:
    """Every occurrence of each (surface, label, canonical)."""
    out = []
    for surface, label, canonical in names:
        pos = text.find(surface)
        while pos >= 0:
            out.append(Entity(pos, pos + len(surface), label, canonical))
            pos = text.find(surface, pos + 1)
    return sorted(out, key=lambda e: e.start)


PORT_ID = doc_id("kyiv-ledger/mykolaiv-port")
COPY_ID = doc_id("baltic-wire/mykolaiv-port")
DENIAL_ID = doc_id("northern-courier/denial")
MOLDOVA_ID = doc_id("prut-herald/energy-bill")
HOSTILE_ID = doc_id("hostile/payloads")


def port_article() -> Article:
    text = (
        "Russian drones struck the grain terminal in Mykolaiv on Tuesday night, regional governor "
        "Oleksandr Marchenko said, in an attack that reportedly left at least 12 people injured.\n\n"
        "\"The terminal burned for six hours and the fire crews could not reach the silos,\" Marchenko "
        "said in a video posted on Telegram.\n\n"
        "The Ministry of Defence in Kyiv said air defences shot down 17 of 25 drones over the south. "
        "Moscow denied targeting civilian infrastructure.\n\n"
        "Ships bound for Odesa were held outside the port until Wednesday morning, according to the "
        "harbour master, who said about 40,000 tonnes of wheat were waiting to be loaded.\n\n"
        "Smoke rises over the grain terminal in Mykolaiv.\n\n"
        "Photo: Kyiv Ledger / Ivan Petrenko"
    )
    quote = Quote(content=Span(*find(text, "The terminal burned for six hours and the fire crews could not reach the silos,")),
                  cue=Span(*find(text, "said", 1)), speaker=Span(*find(text, "Marchenko", 1)),
                  speaker_entity="Oleksandr Marchenko", is_direct=True, kind="direct")
    s1 = find(text, "Russian drones struck")[0]
    hedge = find(text, "reportedly")
    denial = find(text, "denied")
    deny_sentence = find(text, "Moscow denied targeting civilian infrastructure.")
    return Article(
        doc_id=PORT_ID,
        source=Origin(path="fixtures/kyiv-ledger-port.txt", url="https://kyivledger.example/port-strike", outlet="Kyiv Ledger"),
        text=text, title="Drones hit Mykolaiv grain terminal, governor says", published="2026-03-04",
        published_from="metadata", language="en", author="Halyna Bondar",
        paragraphs=_paragraphs(text, {4: "caption", 5: "credit"}),
        removed=[Removed("Sign up for our morning briefing", "notification-prompt", 3),
                 Removed("Share this article on Facebook", "share-prompt", 9)],
        entities=_ents(text, [("Oleksandr Marchenko", "PERSON", "Oleksandr Marchenko"),
                              ("Marchenko", "PERSON", "Oleksandr Marchenko"), ("Mykolaiv", "GPE", "Mykolaiv"),
                              ("Telegram", "PLATFORM", "Telegram"), ("Ministry of Defence", "ORG", "Ministry of Defence"),
                              ("Kyiv", "GPE", "Kyiv"), ("Moscow", "GPE", "Moscow"), ("Odesa", "GPE", "Odesa")]),
        quotes=[quote],
        amounts=[Amount(*find(text, "at least 12 people"), value=12, low=12, qualifier="at_least",
                        counted="people injured", attributed_to="Oleksandr Marchenko"),
                 Amount(*find(text, "17 of 25 drones"), value=17, counted="drones shot down",
                        attributed_to="Ministry of Defence"),
                 Amount(*find(text, "about 40,000 tonnes"), value=40000, qualifier="about", unit="tonnes",
                        counted="wheat waiting")],
        claims=[Claim(s1, find(text, "12 people injured.")[1], status="hedged", attributed_to="Oleksandr Marchenko",
                      cues=[Cue(*hedge, kind="hedge")], kind="event", claim_id="c-port-strike"),
                Claim(*deny_sentence, status="denied", attributed_to="Moscow", cues=[Cue(*denial, kind="denial")],
                      kind="accusation", claim_id="c-port-denial")],
        places=[Place(*find(text, "Mykolaiv"), name="Mykolaiv", geonameid=700569, lat=46.975, lon=31.995,
                      country="UA", feature="city", resolved=True, confidence=0.9, role="event"),
                Place(*find(text, "Kyiv", 0), name="Kyiv", geonameid=703448, lat=50.45, lon=30.52, country="UA",
                      feature="city", resolved=True, confidence=0.9, role="mention"),
                Place(*find(text, "Odesa"), name="Odesa", geonameid=698740, lat=46.48, lon=30.73, country="UA",
                      feature="city", resolved=True, confidence=0.8, role="mention")],
        times=[TimeRef(*find(text, "on Tuesday night"), type="date", value="2026-03-03", granularity="day",
                       resolved=True, anchor="2026-03-04"),
               TimeRef(*find(text, "Wednesday morning"), type="date", value="2026-03-04", granularity="day",
                       resolved=True, anchor="2026-03-04")],
        links=[Link(COPY_ID, "copy", 0.97, evidence=[{"start": 0, "end": find(text, "12 people injured.")[1],
                                                       "other_start": 0, "other_end": 176, "words": 29}]),
               Link(DENIAL_ID, "disagree", 0.81)],
    )


def copy_article() -> Article:
    base = port_article()
    text = base.text.replace("Photo: Kyiv Ledger / Ivan Petrenko", "Photo: Baltic Wire")
    return Article(
        doc_id=COPY_ID, source=Origin(url="https://balticwire.example/ua-port", outlet="Baltic Wire", format="html"),
        text=text, title="Drones hit Mykolaiv grain terminal", published="2026-03-05", language="en",
        paragraphs=_paragraphs(text, {4: "caption", 5: "credit"}),
        entities=_ents(text, [("Oleksandr Marchenko", "PERSON", "Oleksandr Marchenko"), ("Mykolaiv", "GPE", "Mykolaiv")]),
        places=[Place(*find(text, "Mykolaiv"), name="Mykolaiv", geonameid=700569, lat=46.975, lon=31.995,
                      country="UA", feature="city", resolved=True, role="event")],
        links=[Link(PORT_ID, "copy", 0.97)],
    )


def denial_article() -> Article:
    text = (
        "Russia's defence ministry on Thursday rejected Ukrainian reports of a strike on the port of "
        "Mykolaiv, calling them \"staged\".\n\n"
        "\"Our forces hit only military targets,\" spokesman Pavel Ignatov told reporters in Moscow, "
        "without giving evidence.\n\n"
        "Independent verification of either account was not possible."
    )
    return Article(
        doc_id=DENIAL_ID, source=Origin(url="https://northerncourier.example/denial", outlet="Northern Courier"),
        text=text, title="Moscow rejects reports of Mykolaiv port strike", published="2026-03-05", language="en",
        paragraphs=_paragraphs(text),
        entities=_ents(text, [("Pavel Ignatov", "PERSON", "Pavel Ignatov"), ("Mykolaiv", "GPE", "Mykolaiv"),
                              ("Moscow", "GPE", "Moscow")]),
        quotes=[Quote(content=Span(*find(text, "Our forces hit only military targets,")),
                      cue=Span(*find(text, "told")), speaker=Span(*find(text, "Pavel Ignatov")),
                      speaker_entity="Pavel Ignatov")],
        claims=[Claim(*find(text, "Independent verification of either account was not possible."),
                      status="unverified", cues=[Cue(*find(text, "not possible"), kind="unverified")],
                      claim_id="c-denial-unverified")],
        places=[Place(*find(text, "Mykolaiv"), name="Mykolaiv", geonameid=700569, lat=46.975, lon=31.995,
                      country="UA", resolved=True, role="mention"),
                Place(*find(text, "Moscow"), name="Moscow", geonameid=524901, lat=55.75, lon=37.62,
                      country="RU", resolved=True, role="dateline")],
        times=[TimeRef(*find(text, "on Thursday"), type="date", value="2026-03-05", granularity="day", resolved=True)],
        links=[Link(PORT_ID, "disagree", 0.81)],
    )


def moldova_article() -> Article:
    text = (
        "Moldova's parliament in Chisinau debated an emergency energy bill on Monday as gas prices "
        "rose by 30 percent over the winter.\n\n"
        "Deputy speaker Irina Vlad said the bill would cap household tariffs until April."
    )
    return Article(
        doc_id=MOLDOVA_ID, source=Origin(path="fixtures/prut-herald.json", outlet="Prut Herald", format="json"),
        text=text, title="Chisinau lawmakers debate energy price cap", published="2026-02-16", language="en",
        paragraphs=_paragraphs(text),
        entities=_ents(text, [("Irina Vlad", "PERSON", "Irina Vlad"), ("Chisinau", "GPE", "Chisinau"),
                              ("Moldova", "GPE", "Moldova")]),
        amounts=[Amount(*find(text, "30 percent"), value=30, unit="percent", counted="gas price rise")],
        places=[Place(*find(text, "Chisinau"), name="Chisinau", geonameid=618426, lat=47.0056, lon=28.8575,
                      country="MD", resolved=True, role="event")],
        times=[TimeRef(*find(text, "on Monday"), type="date", value="2026-02-16", granularity="day", resolved=True)],
    )


def hostile_article() -> Article:
    """Every user-visible field carries script, event-handler or javascript: payloads."""
    lead = "Officials in Kherson said the following text was posted on a hacked site: "
    text = lead + " ".join(PAYLOADS) + "\n\n" + "Kherson residents were told " + PAYLOADS[1] + " to stay home."
    pay = PAYLOADS[1]
    p_start, p_end = find(text, pay)
    kh = find(text, "Kherson")
    return Article(
        doc_id=HOSTILE_ID,
        source=Origin(path="<script>window.__pwned=8</script>.txt", url="javascript:window.__pwned=9",
                      outlet='<img src=x onerror="window.__pwned=10">'),
        text=text, title="Kherson " + PAYLOADS[0] + PAYLOADS[1], published="2026-03-06", language="en",
        author=PAYLOADS[2], paragraphs=_paragraphs(text),
        removed=[Removed(PAYLOADS[0], "notification-prompt", 0, detail=PAYLOADS[1])],
        entities=[Entity(*kh, "GPE", "Kherson"), Entity(p_start, p_end, 'PERSON"><img src=x onerror=alert(1)>', pay)],
        quotes=[Quote(content=Span(p_start, p_end), speaker=Span(*kh), speaker_entity=PAYLOADS[3],
                      speaker_description=PAYLOADS[4])],
        claims=[Claim(p_start, p_end, status="asserted", attributed_to=PAYLOADS[5],
                      cues=[Cue(p_start, p_start + 4, kind='hedge" onmouseover="window.__pwned=11')],
                      claim_id="c-hostile")],
        amounts=[Amount(p_start, p_end, value=1, counted=PAYLOADS[0], attributed_to=PAYLOADS[1])],
        places=[Place(*kh, name="Kherson", geonameid=706448, lat=46.6354, lon=32.6169, country="UA",
                      resolved=True, role="event"),
                Place(p_start, p_end, name=PAYLOADS[1], lat=46.0, lon=33.0, resolved=True, role='event')],
        times=[TimeRef(p_start, p_end, type="date", value=PAYLOADS[0], resolved=False, reason=PAYLOADS[1])],
        links=[Link(PAYLOADS[3], "copy", 0.5)],
        warnings=[PAYLOADS[0]],
    )


def articles() -> list[Article]:
    return [port_article(), copy_article(), denial_article(), moldova_article(), hostile_article()]


# The corpus stage's tables (schema migration 2), created when the store predates them, with
# what story clustering and claim stance linking would record for the fixture articles.
CORPUS_TABLES = """
CREATE TABLE IF NOT EXISTS stories (story_id TEXT PRIMARY KEY, label TEXT, label_doc_id TEXT,
    first_published TEXT, last_published TEXT, articles INTEGER NOT NULL DEFAULT 0,
    independent_sources INTEGER NOT NULL DEFAULT 0, copies INTEGER NOT NULL DEFAULT 0,
    outlets TEXT NOT NULL DEFAULT '[]', updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_members (story_id TEXT NOT NULL, doc_id TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
    of_doc_id TEXT, score REAL, PRIMARY KEY (story_id, doc_id));
CREATE TABLE IF NOT EXISTS claim_links (claim_id TEXT NOT NULL, doc_id TEXT NOT NULL, other_doc_id TEXT NOT NULL,
    stance TEXT NOT NULL, score REAL NOT NULL, evidence TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (claim_id, other_doc_id))
"""
STORY_ID = "s-mykolaiv-port"


def _record_links(store, arts: list[Article]) -> None:
    """Where the store keeps links in the corpus stage's table, put the fixtures' links there."""
    if "other_doc_id" not in {r[1] for r in store.read("SELECT * FROM pragma_table_info('links')")}:
        return  # an older store: links stay in the article records
    from newstrace.store.linking import save_link

    with store.transaction() as c:
        for a in arts:
            for link in a.links:
                save_link(c, a.doc_id, link.other_doc_id, link.kind, link.score, link.evidence)


def build_store(path: str, *, with_corpus: bool = False) -> str:
    """Create a store at ``path`` holding the fixture articles (and a story); return the path."""
    import newstrace

    with newstrace.open(path) as store:
        for a in articles():
            store.put(a)
        _record_links(store, articles())
        if with_corpus:
            with store.transaction() as c:
                for stmt in CORPUS_TABLES.split(";"):
                    c.execute(stmt)
                c.execute("INSERT INTO stories (story_id, label, updated_at) VALUES (?, ?, 'now')",
                          (STORY_ID, "Drone strike on Mykolaiv port"))
                c.executemany("INSERT INTO story_members (story_id, doc_id, role, of_doc_id) VALUES (?, ?, ?, ?)",
                              [(STORY_ID, PORT_ID, "original", None), (STORY_ID, COPY_ID, "copy", PORT_ID),
                               (STORY_ID, DENIAL_ID, "original", None)])
                c.executemany("INSERT INTO claim_links (claim_id, doc_id, other_doc_id, stance, score, evidence)"
                              " VALUES ('c-port-strike', ?, ?, ?, ?, ?)",
                              [(PORT_ID, DENIAL_ID, "disagree", 0.9, '["Our forces hit only military targets"]'),
                               (PORT_ID, MOLDOVA_ID, "discuss", 0.2, "[]")])
    return path
