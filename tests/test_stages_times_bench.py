"""Evaluation gate: detection and normalisation on TimeBank stay above pinned floors (skips without data).

Runs the rule layer without the spaCy parse (tense from words) to stay quick; bench/times.py gives
the full figures. Floors sit below the measured scores (relaxed F1 0.937, value accuracy 0.84 on
all 183 documents without the parse) so only a real regression trips them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

RELAXED_F1_FLOOR = 0.90  # target 0.88; measured 0.937
VALUE_ACCURACY_FLOOR = 0.80  # the target; measured 0.84
STRICT_F1_FLOOR = 0.80  # measured 0.855


def _bench_module():
    path = Path(__file__).resolve().parents[1] / "bench" / "times.py"
    spec = importlib.util.spec_from_file_location("bench_times", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_times", mod)  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("floor", [(RELAXED_F1_FLOOR, VALUE_ACCURACY_FLOOR, STRICT_F1_FLOOR)])
def test_stages_times_bench_timebank_floors(shared_bench, floor):
    data = shared_bench / "time"
    files = sorted(data.rglob("*.tml"))
    if not files:
        pytest.skip("no TimeBank .tml files")
    bench = _bench_module()
    score = bench.Score()
    for f in files:
        text, dct, gold = bench.load(f)
        for g in gold:
            assert text[g.start:g.end].strip(), "gold offsets index the stripped text"
        score.add(bench.predict(text, dct, None), gold, None, text, f.stem)
    fig = score.figures()
    relaxed, value, strict = floor
    assert fig["relaxed_F1"] >= relaxed
    assert fig["value_acc"] >= value
    assert fig["strict_F1"] >= strict
