"""A small store built by hand for the export and report tests (team-written text, offsets checked).

Two articles on the same (fictional) strike, a copy link between them with evidence passages, a
stance link, one verdict on a claim, one speaker correction; no NLP model is loaded.
"""

from __future__ import annotations

from newstrace import serialize
from newstrace.model import (Amount, Article, Claim, Cue, Entity, Event, Origin, Paragraph, Place, Quote, Span,
                             TimeRef, Via)

TEXT_A = ("Drones struck a grain terminal in Izmail overnight, the regional governor Oleh Kiper said on Wednesday. "
          '"Three warehouses burned down," Kiper told the Danube Herald. '
          "At least 12 people were injured, according to the emergency service. "
          "Moscow denied targeting civilian sites.")
TEXT_B = ("Drones struck a grain terminal in Izmail overnight, regional governor Oleh Kiper said. "
          "Officials said at least 12 people were injured.\n\n"
          "=HYPERLINK(\"http://evil.example\") is not a formula here.")
DOC_A, DOC_B = "a1b2c3d4e5f60718293a", "b1b2c3d4e5f60718293b"


def at(text: str, s: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def paragraphs(text: str) -> list[Paragraph]:
    out, pos = [], 0
    for part in text.split("\n\n"):
        out.append(Paragraph(pos, pos + len(part), "body"))
        pos += len(part) + 2
    return out


def sentences(text: str) -> list[Span]:
    import re

    return [Span(m.start(), m.end()) for m in re.finditer(r"[^.\n]+\.(\"|)|[^.\n]+$", text)]


def article_a() -> Article:
    t = TEXT_A
    s2, e2 = at(t, '"Three warehouses burned down,"')
    claim_s, claim_e = at(t, "At least 12 people were injured, according to the emergency service.")
    deny_s, deny_e = at(t, "Moscow denied targeting civilian sites.")
    art = Article(
        doc_id=DOC_A, source=Origin(path="/corpus/izmail-a.txt", url="https://danubeherald.example/izmail",
                                    outlet="Danube Herald"),
        text=t, title="Drones hit Izmail grain terminal", published="2025-03-12", language="en",
        paragraphs=paragraphs(t), sentences=sentences(t),
        entities=[Entity(*at(t, "Izmail"), "GPE", "Izmail"), Entity(*at(t, "Oleh Kiper"), "PERSON", "Oleh Kiper"),
                  Entity(*at(t, "Kiper", 1), "PERSON", "Oleh Kiper"), Entity(*at(t, "Moscow"), "GPE", "Moscow")],
        quotes=[Quote(content=Span(s2, e2), cue=Span(*at(t, "told")), speaker=Span(*at(t, "Kiper", 1)),
                      speaker_entity="Oleh Kiper", kind="direct",
                      via=[Via(*at(t, "the Danube Herald"), name="Danube Herald", relation="told")],
                      parts=[Span(s2, e2)], confidence=0.9, speaker_type="person")],
        claims=[Claim(claim_s, claim_e, "attributed", attributed_to="the emergency service", kind="figure",
                      claim_id="cl-izmail-12", check_score=0.8, check_reasons=["figure: 12 people", "attributed"],
                      check_rank=1),
                Claim(deny_s, deny_e, "denied", cues=[Cue(*at(t, "denied"), "denial")], claim_id="cl-izmail-deny",
                      denied_by="Moscow")],
        places=[Place(*at(t, "Izmail"), "Izmail", geonameid=707688, lat=45.35, lon=28.84, country="UA",
                      feature="city", resolved=True, role="event", confidence=0.9)],
        times=[TimeRef(*at(t, "Wednesday"), "date", value="2025-03-12", range_start="2025-03-12",
                       range_end="2025-03-12", resolved=True, granularity="day")],
        amounts=[Amount(*at(t, "At least 12"), value=12, low=12, qualifier="at_least", counted="people injured",
                        attributed_to="the emergency service", sentence=Span(claim_s, claim_e))],
    )
    s1, e1 = at(t, "Drones struck a grain terminal in Izmail overnight, the regional governor Oleh Kiper said on "
                   "Wednesday.")
    art.events = [Event(s1, e1, "AIR_STRIKE", "Air/drone strike", confidence=0.9, trigger=Span(*at(t, "struck")),
                        place=art.places[0], time=art.times[0], status="attributed", event_id="ev-izmail-a")]
    check(art)
    return art


def article_b() -> Article:
    t = TEXT_B
    art = Article(
        doc_id=DOC_B, source=Origin(path="/corpus/izmail-b.txt", url="javascript:alert(1)", outlet="Port Wire"),
        text=t, title="=cmd|' /C calc'!A0", published="2025-03-13", language="en", paragraphs=paragraphs(t),
        entities=[Entity(*at(t, "Izmail"), "GPE", "Izmail"), Entity(*at(t, "Oleh Kiper"), "PERSON", "Oleh Kiper")],
        places=[Place(*at(t, "Izmail"), "Izmail", geonameid=707688, lat=45.35, lon=28.84, country="UA",
                      feature="city", resolved=True, role="event")],
        claims=[Claim(*at(t, "Officials said at least 12 people were injured."), "attributed",
                      attributed_to="Officials", claim_id="cl-b-12")],
    )
    check(art)
    return art


def check(art: Article) -> None:
    for span in serialize.iter_spans(art):
        assert 0 <= span.start <= span.end <= len(art.text)


def build(path: str):
    """The store at ``path`` with both articles, a copy link, a stance link and a verdict."""
    import newstrace
    from newstrace.store import linking as cs
    from newstrace.store import desk

    store = newstrace.open_store(path) if hasattr(newstrace, "open_store") else newstrace.open(path)
    store.put(article_a())
    store.put(article_b())
    a_s, a_e = at(TEXT_A, "Drones struck a grain terminal in Izmail overnight")
    b_s, b_e = at(TEXT_B, "Drones struck a grain terminal in Izmail overnight")
    with store.transaction() as c:
        cs.save_link(c, DOC_B, DOC_A, "rewrite", 0.91,
                     [{"start": b_s, "end": b_e, "other_start": a_s, "other_end": a_e}])
        ev_s, ev_e = at(TEXT_B, "Officials said at least 12 people were injured.")
        cs.save_claim_link(c, "cl-izmail-12", DOC_A, DOC_B, "agree", 0.77, [{"start": ev_s, "end": ev_e}])
    desk.insert_verdict(store, {"verdict_id": "v-1", "target_kind": "claim", "target_id": "cl-izmail-12",
                                "doc_id": DOC_A, "source_key": desk.source_key_of(store, DOC_A),
                                "anchor_text": "At least 12 people were injured, according to the emergency service.",
                                "verdict": "unproven", "note": "Only the emergency service's <b>figure</b>.",
                                "sources": ["https://dsns.example/izmail", "javascript:alert(2)"],
                                "author": "analyst1", "created_at": "2025-03-14T09:00:00+00:00"})
    from newstrace.desk import add_correction

    add_correction(store, DOC_A, "speaker", author="analyst1", start=at(TEXT_A, '"Three warehouses')[0],
                   value={"speaker_entity": "Olena Kiper"}, note="the deputy governor spoke")
    return store
