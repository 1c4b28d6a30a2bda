"""Event merging at scale (issue 15): a rewritten merged record costs less per report and writes the same text.

* ``merge._record_json`` encodes a record with each report's JSON kept across rewrites: the very text
  ``json.dumps(rec, ensure_ascii=False)`` gives (hostile text, non-ASCII, floats, agencies changed);
* ``record._disjoint_pair`` (figure conflicts) answers what comparing every pair of intervals answers, and the
  actor clash compared per distinct set of sides what comparing every pair of reports answers;
* ``merge_pending`` with the parts on and off writes the same tables.
"""

from __future__ import annotations

import copy
import json
import math
import random

import pytest
from test_events_merge_memo import _report  # tests/ is on sys.path (pytest prepend import mode)
from test_events_merge_refresh import _article, _run

from newstrace.events import merge as m
from newstrace.events import record as rec_mod
from newstrace.events.reports import actor_keys

HOSTILE = ['"quoted" \\ back', "</script><b>x</b>", "Київ — Харків", "tab\tnew\nline", "\u2028\u2029", "😀 emoji",
           "\x00nul", "{\"reports\": []}"]


def _reports(rng: random.Random, n: int) -> list[m.Report]:
    out = []
    for i in range(n):
        r = _report(rng, i)
        r.text = rng.choice(HOSTILE) + r.text
        r.outlet = rng.choice(HOSTILE + [None])
        r.agency = rng.choice([None, "AP", "Рейтер"])
        r.confidence = rng.choice([0.1, 1 / 3, 1e-7, 2.5e10])
        r.published = rng.choice([None, "2024-03-01", "2024-03-02T10:00:00Z"])
        out.append(r)
    return out


@pytest.mark.parametrize("seed", range(5))
def test_events_merge_json_parts_same_text(seed):
    rng = random.Random(seed)
    rs = _reports(rng, 60)
    m._FRAGS.clear()
    for n in (1, 2, 17, 60):
        sub = rs[:n]
        rec = m.record(m.Cluster("ev-x", sub), [])
        want = json.dumps(rec, ensure_ascii=False)
        assert m._record_json(rec, sub) == want
        assert m._record_json(rec, sub) == want  # from the kept parts
        assert m._record_json(rec, sub, keep=False) == want
    # a report copied with another agency (what _refresh does) is encoded anew, not from the original's part
    other = [m.Report.from_dict({**r.to_dict(), "agency": "Reuters"}) if k % 3 == 0 else r for k, r in enumerate(rs)]
    rec = m.record(m.Cluster("ev-x", other), [])
    assert m._record_json(rec, other) == json.dumps(rec, ensure_ascii=False)
    # the same object changed afterwards (never done by merging) is caught by its agency at least
    rs[0].agency = "changed"
    rec = m.record(m.Cluster("ev-x", rs), [])
    assert m._record_json(rec, rs) == json.dumps(rec, ensure_ascii=False)
    m._FRAGS.clear()


def test_events_merge_json_parts_off_is_none(monkeypatch):
    monkeypatch.setattr(m, "RECORD_JSON_PARTS", False)
    rs = _reports(random.Random(3), 4)
    assert m._record_json(m.record(m.Cluster("ev-x", rs), []), rs) is None


def _pairwise(ivs):
    return any(not (a[0] <= b[1] and b[0] <= a[1]) for i, a in enumerate(ivs) for b in ivs[i + 1:])


@pytest.mark.parametrize("seed", range(6))
def test_events_merge_json_disjoint_pair_as_pairwise(seed):
    rng = random.Random(seed)
    vals = [0.0, 1.0, 2.0, 2.0, 3.0, 9.0, 10.0, math.inf, -1.0]
    both = [0, 0]
    for _ in range(3000):
        ivs = []
        for _k in range(rng.randint(0, 6)):
            lo = rng.choice(vals)
            hi = rng.choice([lo, lo, rng.choice(vals)])  # mostly proper, some start > end
            if rng.random() < 0.03:
                lo = math.nan
            ivs.append((lo, hi))
        want = _pairwise(ivs)
        both[want] += 1
        assert rec_mod._disjoint_pair(ivs) == want, ivs
    assert min(both) > 300


def _old_clash(reports):
    asserted = [r for r in reports if actor_keys(r) and not (r.status == "denied" or r.negated)]
    return any(not (actor_keys(x) & actor_keys(y)) for i, x in enumerate(asserted) for y in asserted[i + 1:])


@pytest.mark.parametrize("seed", range(4))
def test_events_merge_json_actor_clash_as_pairwise(seed):
    rng = random.Random(seed)
    sides = ["russia", "ukraine", "wagner", None]
    seen = [0, 0]
    for _ in range(600):
        rs = []
        for i in range(rng.randint(0, 7)):
            r = _report(rng, i)
            r.actors = [{"name": "x", "side": rng.choice(sides)} for _a in range(rng.randint(0, 2))]
            r.status = rng.choice(["asserted", "asserted", "denied"])
            r.negated = rng.random() < 0.1
            rs.append(r)
        want = _old_clash(rs)
        seen[want] += 1
        assert rec_mod._clash(rs) == want
    assert min(seen) > 60


@pytest.mark.parametrize("seed", [31, 32])
def test_events_merge_json_parts_same_tables(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    arts = [_article(rng, i, agency=rng.choice([None, "AP"])) for i in range(150)]
    out = []
    for parts in (True, False):
        monkeypatch.setattr(m, "RECORD_JSON_PARTS", parts)
        out.append(_run(tmp_path / f"j{parts}.db", arts, monkeypatch, True, 20_000))
    assert out[0] == out[1]
    assert len(out[0][1]) < len(out[0][0]) / 3  # reports did join events
