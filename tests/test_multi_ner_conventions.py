"""Russian organisation spans: a territorial branch, an attached body and a union of states.

Sentences written by the team for this test.
"""

from __future__ import annotations

import pytest

from newstrace.multi import ner


@pytest.mark.parametrize("text, span, label", [
    ("Сотрудники ГУ МЧС России по Самаре и Тольятти прибыли на место пожара.",
     "ГУ МЧС России по Самаре и Тольятти", "ORG"),
    ("Представитель Следственного комитета при прокуратуре Иван Петров отказался от комментариев.",
     "Следственного комитета при прокуратуре", "ORG"),
    ("Евросоюз утвердил новый пакет санкций против Москвы.", "Евросоюз", "ORG"),
    ("В Минобороны России заявили, что удар пришёлся по складу.", "России", "LOC"),  # no branch: a place
])
def test_multi_ner_org_conventions(text, span, label):
    spans = ner.entity_spans(text, [(0, len(text))], "ru")
    assert (span, label) in [(text[s:e], t) for s, e, t in spans]
