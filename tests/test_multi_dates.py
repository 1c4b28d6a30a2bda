"""Ukrainian and Russian dates resolved against the publication date, as English ones are.

Sentences written by the team for this test. Publication: Wednesday 2026-04-15.
"""

from __future__ import annotations

import pytest

from newstrace import api
from newstrace.timex import cyrillic
from newstrace.timex.engine import parse_anchor

ANCHOR = parse_anchor("2026-04-15")


@pytest.mark.parametrize("text, surface, value", [
    ("Атака сталася 24 лютого.", "24 лютого", "2026-02-24"),
    ("Удар был нанесён 3 апреля 2025 года.", "3 апреля 2025 года", "2025-04-03"),
    ("У понеділок дрони атакували місто.", "У понеділок", "2026-04-13"),
    ("В прошлую пятницу начались учения.", "В прошлую пятницу", "2026-04-10"),
    ("Минулого тижня місто обстріляли.", "Минулого тижня", "2026-W15"),
    ("В прошлом месяце сбили самолёт.", "прошлом месяце", "2026-03"),
    ("Вчера вечером прозвучали взрывы.", "Вчера", "2026-04-14"),
    ("Сьогодні працює ППО.", "Сьогодні", "2026-04-15"),
    ("Наприкінці березня почалася евакуація.", "Наприкінці березня", "2026-03"),
    ("У грудні фронт стабілізувався.", "грудні", "2025-12"),  # a month after publication is last year's
    ("Переговоры будут 20 мая.", "20 мая", "2026-05-20"),  # future tense: the coming one
])
def test_multi_dates_resolved(text, surface, value):
    refs = cyrillic.extract(text, ANCHOR)
    got = {text[r.start:r.end]: r for r in refs}
    assert surface in got, sorted(got)
    assert got[surface].value == value and got[surface].resolved


@pytest.mark.parametrize("text", ["Переговори в понеділок."])
def test_multi_dates_without_anchor_unresolved(text):
    refs = cyrillic.extract(text, None)
    assert refs and not any(r.resolved for r in refs)


@pytest.mark.parametrize("text", ["Понеділок — важкий день", "Мой друг Март Лаар приехал"])
def test_multi_dates_no_false_month_or_day(text):
    # a weekday without a preposition is a date word, but "Март" as a name without a day is not a month
    refs = cyrillic.extract(text, ANCHOR)
    assert all(text[r.start:r.end].lower() != "март" for r in refs)


def test_multi_dates_through_pipeline_not_amounts():
    art = api.analyze_text("Обстріл стався 24 лютого, загинули троє людей.", published="2026-04-15", language="uk")
    assert [(art.text[t.start:t.end], t.value) for t in art.times] == [("24 лютого", "2026-02-24")]
    assert [(art.text[a.start:a.end], a.value) for a in art.amounts] == [("троє", 3.0)]


@pytest.mark.parametrize("text, surface, value", [
    ("Перші виплати почнуться на початку травня.", "на початку травня", "2026-05"),
    ("Ремонт завершится в июне, работы начнутся в мае.", "мае", "2026-05"),
    ("Міст коштуватиме дорожче у червні.", "червні", "2026-06"),
])
def test_multi_dates_future_verbs_read_forward(text, surface, value):
    got = {text[r.start:r.end]: r.value for r in cyrillic.extract(text, ANCHOR)}
    assert got.get(surface) == value, got
