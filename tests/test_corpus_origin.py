"""Origin within a copy group: earliest, ties at the coarser precision, unknown dates."""

from __future__ import annotations

import pytest

from newstrace.corpus.origin import find_origin, groups, independent_sources, roles


@pytest.mark.parametrize("members,doc_id,status,tied,undated", [
    ([("a", "2024-08-13T08:10:00"), ("b", "2024-08-13T09:30:00")], "a", "earliest", [], []),
    ([("b", "2024-08-13T09:30:00"), ("a", "2024-08-13T09:30:00")], "a", "tie", ["a", "b"], []),
    ([("a", "2024-08-13"), ("b", "2024-08-13T09:30:00"), ("c", "2024-08-14")], "a", "tie", ["a", "b"], []),
    ([("a", None), ("b", "2024-08-14T01:00:00+02:00"), ("c", "2024-08-13T23:30:00Z")], "b", "earliest", [], ["a"]),
    ([("a", None), ("b", "not a date")], None, "unknown", [], ["a", "b"]),
])
def test_origin_earliest_ties_unknown(members, doc_id, status, tied, undated):
    o = find_origin(members)
    assert (o.doc_id, o.status, o.tied, o.undated) == (doc_id, status, tied, undated)


@pytest.mark.parametrize("case", ["family"])
def test_origin_roles_and_independent_sources(case):
    members = [
        {"doc_id": "orig", "published": "2024-08-13T08:00:00", "outlet": "wire.example"},
        {"doc_id": "synd", "published": "2024-08-13T09:00:00", "outlet": "herald.example"},
        {"doc_id": "spun", "published": "2024-08-13T15:00:00", "outlet": "spinner.example"},
        {"doc_id": "indep", "published": "2024-08-13T17:00:00", "outlet": "ledger.example"},
        {"doc_id": "indep2", "published": "2024-08-14T17:00:00", "outlet": "ledger.example"},
        {"doc_id": "other", "published": None, "outlet": None},
    ]
    edges = [("synd", "orig", "copy", 1.0), ("spun", "synd", "rewrite", 0.9)]
    r = roles(members, edges)
    assert r["orig"][0] == "original" and r["synd"][:2] == ("copy", "orig") and r["spun"][:2] == ("rewrite", "orig")
    assert r["indep"][0] == "original" and r["other"][0] == "original"
    # wire (with its copy and rewrite), ledger (two articles, one outlet), and the outlet-less article
    assert independent_sources(members, r) == 3
    assert sorted(map(sorted, groups([m["doc_id"] for m in members], edges))) == [
        ["indep"], ["indep2"], ["orig", "spun", "synd"], ["other"]]
