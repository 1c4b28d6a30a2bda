"""Ukrainian and Russian quotes, speakers, claim statuses and amounts (team-written fictional reports).

The reports below are written for this test and differ from bench/multi/gold.json (the gold set the
rules were measured on).
"""

from __future__ import annotations

import pytest

from newstrace import api

UK = ("Вибухи в Ізюмі\n\n"
      "«Зруйновано дві багатоповерхівки», — повідомив голова громади Максим Стрілець.\n\n"
      "За словами рятувальників, під завалами можуть бути люди. Окупанти нібито обстріляли місто з РСЗВ, "
      "проте в Міноборони РФ спростували це.\n\n"
      "Стрілець сказав, що відновлення коштуватиме понад 50 мільйонів гривень.")
RU = ("Пожар на нефтебазе\n\n"
      "— Огонь локализован, пострадавших нет, — сказал глава района Дмитрий Зуев.\n\n"
      "Беспилотник атаковал нефтебазу около трёх часов ночи, сообщили в МЧС. Ущерб якобы составил "
      "около 2 млн рублей.\n\n"
      "Как сообщает местное издание, эвакуированы 40 человек.")


@pytest.fixture(scope="module")
def uk():
    return api.analyze_text(UK, published="2026-04-02", language="uk")


@pytest.fixture(scope="module")
def ru():
    return api.analyze_text(RU, published="2026-04-02", language="ru")


def _quotes(article):
    t = article.text
    return {t[q.content.start:q.content.end]: (t[q.speaker.start:q.speaker.end] if q.speaker else None, q)
            for q in article.quotes}


@pytest.mark.parametrize("content, speaker, kind", [
    ("Зруйновано дві багатоповерхівки", "Максим Стрілець", "direct"),
    ("під завалами можуть бути люди", "рятувальників", "indirect"),
    ("відновлення коштуватиме понад 50 мільйонів гривень", "Стрілець", "indirect"),
])
def test_multi_quotes_uk_speakers(uk, content, speaker, kind):
    found = _quotes(uk)
    assert content in found, sorted(found)
    sp, q = found[content]
    assert sp is not None and speaker in sp
    assert q.kind == kind and q.cue is not None


@pytest.mark.parametrize("content, speaker", [
    ("Огонь локализован, пострадавших нет", "Дмитрий Зуев"),
    ("Беспилотник атаковал нефтебазу около трёх часов ночи", "МЧС"),
    ("эвакуированы 40 человек", "местное издание"),
])
def test_multi_quotes_ru_speakers(ru, content, speaker):
    found = _quotes(ru)
    assert content in found, sorted(found)
    assert speaker in (found[content][0] or "")


@pytest.mark.parametrize("lang, words, status", [
    ("uk", "Окупанти нібито обстріляли", "denied"),
    ("ru", "Ущерб якобы составил", "hedged"),
])
def test_multi_quotes_claim_status(uk, ru, lang, words, status):
    art = uk if lang == "uk" else ru
    claim = next(c for c in art.claims if words in art.text[c.start:c.end])
    assert claim.status == status
    cue = next(c for c in claim.cues if c.kind == ("denial" if status == "denied" else "hedge"))
    assert art.text[cue.start:cue.end].lower() in ("спростували", "якобы")


@pytest.mark.parametrize("lang, surface, value, unit", [
    ("uk", "понад 50 мільйонів гривень", 50_000_000, "hryvnias"),
    ("uk", "дві", 2, None),
    ("ru", "около 2 млн рублей", 2_000_000, "rubles"),
    ("ru", "40", 40, None),
])
def test_multi_quotes_amounts(uk, ru, lang, surface, value, unit):
    art = uk if lang == "uk" else ru
    got = {art.text[a.start:a.end]: a for a in art.amounts}
    assert surface in got, sorted(got)
    assert got[surface].value == value and got[surface].unit == unit


def test_multi_quotes_offsets_round_trip(uk, ru):
    for art in (uk, ru):
        for q in art.quotes:
            assert 0 <= q.content.start < q.content.end <= len(art.text)
            assert art.text[q.content.start:q.content.end].strip() == art.text[q.content.start:q.content.end]


def test_multi_quotes_english_unchanged():
    en = api.analyze_text("Shelling hit the town on Monday, the governor said.", published="2026-04-02", language="en")
    assert [en.text[q.content.start:q.content.end] for q in en.quotes] == ["Shelling hit the town on Monday"]


@pytest.mark.parametrize("lang, text, status", [
    ("uk", "Міністерство оборони Росії заявило, що його війська нібито взяли село, проте ці дані не підтверджуються.",
     "unverified"),
    ("ru", "Министерство обороны России заявило, что его войска якобы заняли село, однако эти данные не подтверждены.",
     "unverified"),
    ("ru", "Минобороны России якобы сбило над областью 14 беспилотников за ночь.", "hedged"),
])
def test_multi_quotes_disclaimer_beats_hedge(lang, text, status):
    art = api.analyze_text(text, published="2026-04-02", language=lang)
    assert [c.status for c in art.claims] == [status]
    q = art.quotes[0] if art.quotes else None
    if q is not None and q.speaker is not None:
        assert q.speaker_type == "organisation"  # the ministry, not the country named after it


@pytest.mark.parametrize("lang, text", [
    ("ru", "По данным местных СМИ, колонна якобы попала под обстрел у моста. В Минобороны это опровергли."),
    ("uk", "Російські блогери стверджують, що колона нібито потрапила під обстріл. У Генштабі це спростували."),
])
def test_multi_quotes_short_denial_with_object_before_verb(lang, text):
    art = api.analyze_text(text, published="2026-04-02", language=lang)
    first = next(c for c in art.claims if c.start == 0)
    assert first.status == "denied"
