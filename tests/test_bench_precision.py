"""The precision scorer (bench/precision.py) on a tiny hand-made gold whose P/R are known by hand."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from newstrace.model import Amount, Article, Claim, Entity, Origin, Paragraph, Place, Quote, Span, TimeRef

_PATH = Path(__file__).resolve().parents[1] / "bench" / "precision.py"
_spec = importlib.util.spec_from_file_location("bench_precision", _PATH)
precision = importlib.util.module_from_spec(_spec)
sys.modules["bench_precision"] = precision  # dataclasses look their module up while being built
_spec.loader.exec_module(precision)

RAW = (
    "Sign up for alerts\n\n"
    "Mayor Ivan Fedorov said 12 civilians were killed in Zaporizhzhia on Monday.\n\n"
    "A firefighter at the scene\n\n"
    "NATO leaders will meet in September. The match ended 4-0.\n\n"
    "\"We will rebuild,\" Fedorov said.\n"
)
# What the cleaner would keep: the prompt line is gone, the caption stays as its own paragraph.
CLEAN = RAW.split("\n\n", 1)[1].rstrip("\n")

GOLD = {
    "published": "2024-05-15",
    "outlet": "Test Wire",
    "style": "wire",
    "quotes": [
        {"content": "12 civilians were killed in Zaporizhzhia on Monday", "speaker": "Ivan Fedorov",
         "kind": "indirect"},
        {"content": "We will rebuild,", "speaker": "Ivan Fedorov", "kind": "direct"},
        {"content": "Sign up for alerts", "speaker": None, "kind": "direct"},  # removed by the cleaner: a miss
    ],
    "not_quotes": ["A firefighter at the scene"],
    "claims": [{"text": "12 civilians were killed", "status": "attributed"},
               {"text": "The match ended 4-0", "status": "asserted"}],
    "check_worthy": ["12 civilians were killed"],
    "places": [{"text": "Zaporizhzhia", "name": "Zaporizhzhia", "geonameid": 687700, "lat": 47.823,
                "lon": 35.191, "country": "UA", "feature": "city"}],
    "not_places": ["NATO"],
    "dates": [{"text": "on Monday", "value": "2024-05-13"}, {"text": "in September", "value": "2024-09"}],
    "amounts": [{"text": "12 civilians", "value": 12, "low": None, "high": None, "unit": None,
                 "counted": "civilians killed", "qualifier": None}],
    "not_amounts": ["4-0"],
    "entities": [{"text": "Ivan Fedorov", "canonical": "Ivan Fedorov", "label": "PERSON"},
                 {"text": "Fedorov", "occurrence": 2, "canonical": "Ivan Fedorov", "label": "PERSON"}],
}


def _span(s: str, occurrence: int = 1) -> tuple[int, int]:
    i = -1
    for _ in range(occurrence):
        i = CLEAN.index(s, i + 1)
    return i, i + len(s)


def _article() -> Article:
    art = Article(doc_id="t", source=Origin(), text=CLEAN)
    paras, pos = [], 0
    for chunk in CLEAN.split("\n\n"):
        kind = "caption" if chunk.startswith("A firefighter") else "body"
        paras.append(Paragraph(pos, pos + len(chunk), kind))
        pos += len(chunk) + 2
    art.paragraphs = paras
    art.sentences = [Span(*_span(s)) for s in (
        "Mayor Ivan Fedorov said 12 civilians were killed in Zaporizhzhia on Monday.",
        "NATO leaders will meet in September.", "The match ended 4-0.", "\"We will rebuild,\" Fedorov said.")]
    q1 = Quote(content=Span(*_span("12 civilians were killed in Zaporizhzhia on Monday")),
               speaker_entity="Fedorov", kind="indirect")  # surname of a gold PERSON: right
    q2 = Quote(content=Span(*_span("We will rebuild")), speaker_entity="Mayor of Zaporizhzhia", kind="mixed")
    q3 = Quote(content=Span(*_span("A firefighter at the scene")), kind="direct")  # caption: FP + violation
    art.quotes = [q1, q2, q3]
    if "attribution" in Quote.__dataclass_fields__:  # not speech: ignored by the speech view
        art.quotes.append(Quote(content=Span(*_span("NATO leaders will meet")), kind="indirect",
                                attribution="action"))
    s1, s2 = _span("Mayor Ivan Fedorov said 12 civilians were killed in Zaporizhzhia on Monday.")
    s3, s4 = _span("The match ended 4-0.")
    art.claims = [Claim(s1, s2, "hedged"), Claim(s3, s4, "denied")]
    z = _span("Zaporizhzhia")
    n = _span("NATO")
    art.places = [Place(z[0], z[1], "Zaporizhzhia", 687701, 47.85, 35.12, "UA", resolved=True),  # 6 km off: right
                  Place(n[0], n[1], "Nato", 1, 10.0, 120.0, "PH", resolved=True)]  # a not-place: FP
    m, sep = _span("on Monday"), _span("September")
    art.times = [TimeRef(m[0], m[1], "date", "2024-05-13", resolved=True),
                 TimeRef(sep[0], sep[1], "date", "2023-09", resolved=True)]  # wrong year
    a, sc = _span("12 civilians"), _span("4-0")
    art.amounts = [Amount(a[0], a[1], value=12, counted="civilians"),
                   Amount(sc[0], sc[1], low=4, high=0, counted="match")]  # a score: FP + violation
    f1, f2 = _span("Ivan Fedorov"), _span("Fedorov", 2)
    art.entities = [Entity(f1[0], f1[1], "PERSON", "Ivan Fedorov"), Entity(f2[0], f2[1], "ORG", "Fedorov")]
    return art


def _ga(raw: str = RAW, gold: dict | None = None) -> precision.GoldArticle:
    return precision.GoldArticle("01", "dev", Path("01-test.txt"), raw, gold or GOLD)


def test_bench_precision_scores_known_tiny_gold():
    c = precision.score_article(_ga(), _article()).c
    assert (c["quotes.right"], c["quotes.sys"], c["quotes.gold"]) == (2, 3, 3)  # P 2/3, R 2/3 (one cleaned away)
    assert (c["speaker.right"], c["speaker.n"]) == (1, 2)
    assert (c["kind.right"], c["kind.n"]) == (1, 2)
    assert (c["not_quotes.violated"], c["not_quotes.n"]) == (1, 1)
    assert (c["claims.right"], c["claims.located"], c["claims.gold"]) == (0, 2, 2)
    assert (c["places.right"], c["places.sys"], c["places.gold"], c["places.not_place_hits"]) == (1, 2, 1, 1)
    assert (c["dates.right"], c["dates.sys"], c["dates.gold"]) == (1, 2, 2)
    assert (c["amounts.right"], c["amounts.sys"], c["amounts.gold"]) == (1, 2, 1)
    assert (c["not_amounts.violated"], c["not_amounts.n"]) == (1, 1)
    assert (c["entities.right"], c["entities.gold"], c["entities.label_right"]) == (1, 2, 1)
    table = {row[0]: row[1:3] for row in precision.rows(c)}
    assert table["quotes (speech)"] == pytest.approx((2 / 3, 2 / 3))
    assert table["places"] == pytest.approx((0.5, 1.0))


def test_bench_precision_perfect_system_scores_one():
    art = _article()
    art.quotes = art.quotes[:2]
    art.quotes[1].kind = "direct"
    art.quotes[1].speaker_entity = "Ivan Fedorov"
    art.claims[0].status, art.claims[1].status = "attributed", "asserted"
    art.places = art.places[:1]
    art.times[1].value = "2024-09"
    art.amounts = art.amounts[:1]
    art.entities[1] = Entity(art.entities[1].start, art.entities[1].end, "PERSON", "Ivan Fedorov")
    ranked = "check_rank" in Claim.__dataclass_fields__
    if ranked:
        art.claims[0].check_rank = 1
    gold = dict(GOLD, quotes=GOLD["quotes"][:2])
    for name, p, r, _ in precision.rows(precision.score_article(_ga(gold=gold), art).c):
        if name.startswith("check-worthy") and not ranked:
            continue  # unranked: every claim counts as flagged
        assert p in (None, 1.0) and r in (None, 1.0), name


@pytest.mark.parametrize("gold_speaker, system, is_person, right", [
    (None, None, False, True),
    (None, "Ivan Fedorov", True, False),
    ("Volodymyr Zelensky", "Zelenskyy", True, True),
    ("Vladimir Putin", "Vladimir Poutine", True, False),
    ("Russia's Defence Ministry", "Defence Ministry", False, True),
    ("Russia's Defence Ministry", "Ministry", False, False),
    ("Russia's Defence Ministry", "Russian Defence Ministry", False, True),
    ("Poland's Operational Command", "Polish Operational Command", False, True),
    ("Russia's Defence Ministry", "Ukrainian Defence Ministry", False, False),
])
def test_bench_precision_speaker_rules(gold_speaker, system, is_person, right):
    assert precision.speaker_right(gold_speaker, system, is_person) is right


def test_bench_precision_locate_maps_occurrence_past_removed_furniture():
    raw = "Kherson hit\n\nKherson hit\n\nShelling hit Kherson again.\n"
    clean = "Kherson hit\n\nShelling hit Kherson again."
    assert precision.locate(raw, clean, "Kherson", 3) == (26, 33)
    assert precision.locate(raw, clean, "Mykolaiv") is None
    assert precision._occurrences("Russian troops left Russia", "Russia") == [20]


def test_bench_precision_rejects_gold_not_in_text(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "04-x.txt").write_text(RAW, encoding="utf-8")
    bad = dict(GOLD, not_quotes=["a sentence that is not there"])
    (tmp_path / "dev" / "04-x.json").write_text(json.dumps(bad), encoding="utf-8")
    (tmp_path / "dev" / "06-y.txt").write_text(RAW, encoding="utf-8")  # id 06 belongs in check/
    (tmp_path / "dev" / "06-y.json").write_text(json.dumps(GOLD), encoding="utf-8")
    with pytest.raises(precision.GoldError) as exc:
        precision.load(("dev",), root=tmp_path)
    assert "a sentence that is not there" in str(exc.value)
    assert "06 belongs in check/" in str(exc.value)


@pytest.mark.parametrize("gold, pred, pairs", [
    ([(10, 20)], [(0, 40), (10, 20)], [(0, 1)]),  # equal overlap: the tighter span wins
    ([(0, 10), (20, 30)], [(0, 30)], [(0, 0)]),  # one system span matches one gold span only
    ([(0, 10)], [(8, 30)], []),  # overlap covers under half of both spans
])
def test_bench_precision_match_spans_one_to_one(gold, pred, pairs):
    assert precision.match_spans(gold, pred) == pairs


def test_bench_precision_main_skips_empty_and_fails_on_bad_gold(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(precision, "ROOT", tmp_path)
    assert precision.main(["--validate"]) == 0
    assert "skipped" in capsys.readouterr().out
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "01-x.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "dev" / "01-x.json").write_text(json.dumps(dict(GOLD, not_places=["Atlantis"])), encoding="utf-8")
    assert precision.main(["--validate"]) == 2
    assert "Atlantis" in capsys.readouterr().err
