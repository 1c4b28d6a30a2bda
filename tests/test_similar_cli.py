"""``newstrace similar --pairs`` and ``api.similarity_pairs``: SemEval-scale story similarity of text pairs."""

from __future__ import annotations

import json

import pytest

# Team-written: one strike told by two outlets, a different event, and an unrelated text.
STRIKE_A = ("Russian drones struck a grain terminal in the port of Odesa overnight, killing two workers and "
            "destroying about 3,000 tonnes of wheat, regional governor Oleh Kiper said on Friday. Two silos "
            "caught fire and a conveyor gallery collapsed.")
STRIKE_B = ("Two port workers were killed when a drone attack set grain silos ablaze at Odesa's seaport, "
            "Ukrainian officials said on Friday. The terminal's operator said some 3,000 tonnes of wheat "
            "bound for Egypt were lost in the fire.")
OTHER = ("The city council approved a new cycling lane along the river embankment on Tuesday. Work will "
         "start in spring and cost about two million euros, the mayor's office said.")


@pytest.fixture(scope="module")
def pairs_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("similar") / "pairs.jsonl"
    lines = [
        json.dumps({"id": "same", "text1": STRIKE_A, "text2": STRIKE_B, "lang1": "en", "lang2": "en",
                    "published1": "2025-04-11", "published2": "2025-04-11"}),
        "{not json",
        json.dumps({"id": 2, "text1": STRIKE_A, "text2": OTHER}),
        json.dumps({"id": "empty", "text1": STRIKE_A, "text2": "   "}),
        json.dumps({"id": "late", "text1": STRIKE_A, "text2": STRIKE_B, "lang1": "en", "lang2": "en",
                    "published1": "2025-04-11", "published2": "2025-04-30"}),
        json.dumps({"id": True, "text1": STRIKE_A, "text2": STRIKE_B}),
        '{"id": "surrogate", "text1": "Drones hit Odesa \\ud800 port\\u0000 overnight", "text2": "Odesa port struck"}',
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def run(pairs_file):
    from typer.testing import CliRunner

    from newstrace.cli import app

    return CliRunner().invoke(app, ["similar", "--pairs", str(pairs_file)])


@pytest.mark.parametrize("line", [2, 4, 6])
def test_similar_cli_bad_lines_fail_with_their_number(run, pairs_file, line):
    assert run.exit_code == 1
    assert f"{pairs_file}:{line}: [NT" in run.output


@pytest.mark.parametrize("ids", [["same", 2, "late", "surrogate"]])
def test_similar_cli_scores_on_semeval_scale(run, ids):
    out = [json.loads(x) for x in run.output.splitlines() if x.startswith("{")]
    assert [o["id"] for o in out] == ids
    by = {o["id"]: o for o in out}
    for o in out:
        assert 1.0 <= o["score"] <= 4.0
        assert o["similarity"] == pytest.approx((4.0 - o["score"]) / 3.0, abs=1e-3)
    assert by["same"]["score"] < 2.5 < by[2]["score"]
    assert by["same"]["same_story"] and not by[2]["same_story"]
    # Same texts, published 19 days apart: the score reads the texts only, the story rule the dates too.
    assert by["late"]["score"] == pytest.approx(by["same"]["score"])
    assert by["late"]["days_apart"] == 19 and not by["late"]["same_story"]


@pytest.mark.parametrize("bad", [{"text1": "x"}, {"text1": "  ", "text2": "y"}])
def test_similar_api_rejects_incomplete_pairs(bad):
    from newstrace import api
    from newstrace.errors import UsageError

    with pytest.raises(UsageError):
        api.similarity_pairs([bad])


@pytest.mark.parametrize("n", [1])
def test_similar_api_symmetric(n):
    from newstrace import api

    ab, ba = api.similarity_pairs([{"text1": STRIKE_A, "text2": STRIKE_B}, {"text1": STRIKE_B, "text2": STRIKE_A}])
    assert ab["score"] == pytest.approx(ba["score"], abs=1e-6)
