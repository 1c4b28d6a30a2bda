"""Origin of a group of copies and rewrites, and roles inside a story.

Within a group (the connected articles of copy/rewrite links) the origin is the earliest
published one. Dates come at different precisions ("2024-08-13" vs "2024-08-13T09:30:00"): two
articles tie when their dates cannot be ordered at the coarser precision of the two, and the
result says so (``status: tie``) rather than picking silently. Undated members are listed apart;
when no member has a date the origin is ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass(slots=True)
class Origin:
    doc_id: str | None  # the earliest published member (first by doc_id among tied ones), None if unknown
    status: str  # earliest | tie | unknown
    tied: list[str] = field(default_factory=list)  # members published at the same earliest time
    undated: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id, "status": self.status, "tied": self.tied, "undated": self.undated}


def _when(published: str | None) -> tuple[datetime, bool] | None:
    """(instant, has_time) or None when absent or unparsable."""
    if not published:
        return None
    try:
        dt = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    has_time = "T" in published or " " in published.strip()
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt, has_time


def _same_time(a: tuple[datetime, bool], b: tuple[datetime, bool]) -> bool:
    if a[1] and b[1]:
        return a[0] == b[0]
    return a[0].date() == b[0].date()  # one is a bare date: only the day can be compared


def find_origin(members: list[tuple[str, str | None]]) -> Origin:
    """``members``: (doc_id, published). The earliest, ties and undated ones."""
    dated = [(d, w) for d, p in members if (w := _when(p)) is not None]
    undated = sorted(d for d, p in members if _when(p) is None)
    if not dated:
        return Origin(None, "unknown", [], undated)
    dated.sort(key=lambda x: (x[1][0], not x[1][1], x[0]))
    first = dated[0]
    tied = sorted(d for d, w in dated if _same_time(w, first[1]))
    status = "tie" if len(tied) > 1 else "earliest"
    return Origin(tied[0] if status == "tie" else first[0], status, tied if status == "tie" else [], undated)


def groups(doc_ids: list[str], edges: list[tuple[str, str, str, float]]) -> list[list[str]]:
    """Connected components of copy/rewrite links (union-find)."""
    parent = {d: d for d in doc_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _kind, _score in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    out: dict[str, list[str]] = {}
    for d in doc_ids:
        out.setdefault(find(d), []).append(d)
    return list(out.values())


def roles(members: list[dict], edges: list[tuple[str, str, str, float]]) -> dict[str, tuple[str, str | None, Origin]]:
    """doc_id -> (role, of_doc_id, group origin): the group's origin is ``original``, the rest are
    ``copy`` or ``rewrite`` of it (``rewrite`` when its strongest link in the group is a rewrite)."""
    by_id = {m["doc_id"]: m for m in members}
    kind_of: dict[str, tuple[str, float]] = {}
    for a, b, kind, score in edges:
        for d in (a, b):
            if d in by_id and (d not in kind_of or (kind == "copy") > (kind_of[d][0] == "copy")
                               or score > kind_of[d][1]):
                kind_of[d] = (kind, score)
    out = {}
    for grp in groups(list(by_id), edges):
        org = find_origin([(d, by_id[d]["published"]) for d in grp])
        head = org.doc_id or sorted(grp)[0]
        for d in grp:
            if d == head or len(grp) == 1:
                out[d] = ("original", None, org)
            else:
                out[d] = (kind_of.get(d, ("copy", 0.0))[0], head, org)
    return out


def independent_sources(members: list[dict], role_of: dict[str, tuple]) -> int:
    """Distinct outlets among the originals (an outlet-less article counts as its own source)."""
    return len({(m["outlet"] or m["doc_id"]) for m in members if role_of[m["doc_id"]][0] == "original"})
