"""Across languages: uk/ru events as English ones, translated rewrites linked, one event merged.

The reports are short fictional texts written by the team for this test (an English report, its
Ukrainian translation by another outlet, an independent Russian account of the same strike).
"""

from __future__ import annotations

import json

import pytest

import newstrace
from newstrace.corpus.similarity import embed_strings
from newstrace.multi import crosslang
from newstrace.multi import events as multi_events

EN = ("KRAMATORSK, Ukraine — A Russian missile struck the central market in Kramatorsk on Tuesday morning, "
      "killing six people and injuring 19, the city military administration said.\n\n"
      "The missile hit as traders were opening their stalls, officials said. Firefighters put out a blaze "
      "that destroyed a row of shops by noon.\n\n"
      "Two of the injured are in a serious condition, according to the regional health department. "
      "Russia's defence ministry did not comment.")
UK = ("КРАМАТОРСЬК — У вівторок вранці російська ракета влучила в центральний ринок Краматорська, загинули "
      "шестеро людей, ще 19 поранені, повідомили в міській військовій адміністрації.\n\n"
      "Ракета влучила, коли торговці відкривали свої ятки, повідомили посадовці. Пожежники до обіду загасили "
      "пожежу, яка знищила ряд крамниць.\n\n"
      "Двоє поранених перебувають у важкому стані, повідомили в обласному департаменті охорони здоров'я. "
      "Міноборони Росії не коментувало.")
RU = ("МОСКВА — Министерство обороны России заявило, что во вторник нанесло удар по пункту временной "
      "дислокации подразделения в Краматорске.\n\n"
      "В ведомстве утверждают, что уничтожены до 30 военнослужащих. Доказательств ведомство не представило.\n\n"
      "Украинские власти сообщают о погибших среди мирных жителей на рынке.")
ROWS = [
    {"title": "Missile hits Kramatorsk market, six killed", "body": EN, "language": "en", "source": "Team Wire",
     "url": "https://team-wire.example/kramatorsk-market", "published": "2025-06-03T12:00:00Z"},
    {"title": "Ракета влучила в ринок Краматорська", "body": UK, "language": "uk", "source": "Команда Новини",
     "url": "https://komanda-novyny.example/kramatorsk-rynok", "published": "2025-06-03T15:00:00Z"},
    {"title": "Минобороны заявило об ударе в Краматорске", "body": RU, "language": "ru", "source": "Командный вестник",
     "url": "https://komandny-vestnik.example/kramatorsk", "published": "2025-06-03T18:00:00Z"},
]


@pytest.fixture(scope="module")
def analysed():
    return newstrace.analyze_many([(r["body"], {"published": r["published"], "language": r["language"],
                                                "outlet": r["source"], "title": r["title"]}) for r in ROWS])


@pytest.mark.parametrize("i", [1])
def test_multi_events_uk_record_like_english(analysed, i):
    en, uk = analysed[0], analysed[i]
    assert uk.events, "no event in the Ukrainian report"
    lead = uk.events[0]
    assert lead.type in ("ART_MISS_ATTACK", "AIR_STRIKE", "ATTACK")
    assert uk.text[lead.trigger.start:lead.trigger.end] == "влучила"
    assert [a.side for a in lead.actors] == ["russia"]
    assert [t.name for t in lead.targets] == ["market"]
    counts = {(c.kind, c.value) for c in lead.counts}
    assert ("fatalities", 6.0) in counts and ("injured", 19.0) in counts
    for c in lead.counts:  # offsets round-trip into the clean text
        assert uk.text[c.start:c.end].strip()
    en_place = next(e.place for e in en.events if e.place is not None)
    assert lead.place is not None and lead.place.geonameid == en_place.geonameid
    assert lead.time is not None and lead.time.value == "2025-06-03"


@pytest.mark.parametrize("text, lang", [("Росія може завдати удару по Харкову найближчим часом.", "uk"),
                                        ("В Москве прошла конференция о сельском хозяйстве.", "ru"),
                                        ("Новые санкции нанесли удар по экономике России, заявил министр.", "ru"),
                                        ("Скандал став ударом по репутації міністра.", "uk")])
def test_multi_events_no_event_without_one(text, lang):
    a = newstrace.analyze_text(text, published="2025-06-03", language=lang)
    assert multi_events.events(a) == []


def test_multi_crosslang_translation_is_rewrite_independent_is_not(analysed):
    en, uk, ru = analysed
    v = crosslang.verify(en, uk, embed_strings)
    assert v.kind == "rewrite", v.score
    assert len(v.evidence) >= 3
    for ev in v.evidence:
        assert en.text[ev["start"]:ev["end"]].strip() and uk.text[ev["other_start"]:ev["other_end"]].strip()
    assert crosslang.verify(en, ru, embed_strings).kind is None
    assert crosslang.verify(uk, ru, embed_strings).kind is None
    assert crosslang.verify(en, en, embed_strings).kind is None  # one language: the word-level checks' job


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("crosslang")
    src = d / "reports.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    with newstrace.open_store(str(d / "c.db")) as s:
        s.ingest([str(src)])
        yield s


def test_multi_crosslang_store_links_rewrite_and_merges_event(store):
    from newstrace.events.merge import merge_pending
    from newstrace.store import events as ev

    doc = {a.source.url: a.doc_id for a in store.iter_articles()}
    en, uk, ru = (doc[r["url"]] for r in ROWS)
    kinds = {(ln["other_doc_id"], ln["kind"]) for ln in newstrace.api.links(store, uk)["links"]}
    kinds |= {(ln["other_doc_id"], ln["kind"]) for ln in newstrace.api.links(store, en)["links"]}
    assert (en, "rewrite") in kinds or (uk, "rewrite") in kinds
    assert not any(o == ru and k in ("copy", "rewrite") for o, k in kinds)
    merge_pending(store, full=True)
    merged = set(ev.events_of_doc(store, en))
    assert merged & set(ev.events_of_doc(store, uk)), "the Ukrainian report did not join the English event"
    assert merged & set(ev.events_of_doc(store, ru)), "the Russian report did not join the English event"


@pytest.mark.parametrize("n", [400])
def test_multi_events_bounded_on_hostile_text(n):
    # a long article of trigger sentences: the records stay bounded, every trigger inside its sentence
    text = " ".join(f"Ракета влучила в будинок номер {i}, загинули {i % 7 + 2} людей." for i in range(n))
    a = newstrace.analyze_text(text, published="2025-06-03", language="uk")
    evs = multi_events.events(a)
    assert 0 < len(evs) <= multi_events.MAX_EVENTS
    for e in evs:
        assert e.start <= e.trigger.start < e.trigger.end <= e.end
