"""Origin of a group of copies and rewrites, and roles inside a story.

Within a group (the connected articles of copy/rewrite links) the origin is the earliest
published one. Dates come at different precisions ("2024-08-13" vs "2024-08-13T09:30:00"): two
articles tie when their dates cannot be ordered at the coarser precision of the two, and the
result says so (``status: tie``) rather than picking silently. Undated members are listed apart;
when no member has a date the origin is ``unknown``.

Independent sources (``independence``) are ONE definition, used by every view (story, claim,
event) and by the linker:

A set of articles has as many independent sources as distinct *origins* once

1. copies, rewrites and embeds are folded: articles joined by ``copy`` / ``rewrite`` / ``embeds``
   links form one group, which folds into its earliest published member (``origin.find_origin``);
2. wire pickups are folded: a group whose origin is credited to a wire service (``Origin.agency``:
   "AP", "Reuters", ...) is that agency, so two AP pickups on two sites are one origin;
3. one outlet counts once: the remaining groups are keyed by their origin's outlet (an article
   without an outlet is its own origin).

The result carries its derivation: for every article, the origin it folds into and why, so a
count can be checked by hand (docs/format.md, "Independent sources"). Pure: no store, no SQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any


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
    """``independence(...)["count"]`` with the copy/rewrite folds read from ``roles`` (the linker's
    stored story count; views compute the same function from the links, with its derivation)."""
    folds = [(d, r[1], r[0]) for d, r in role_of.items() if r[0] != "original" and r[1]]
    return independence(members, folds)["count"]


# -- independent sources: ONE definition (docs/format.md) ---------------------------------------

FOLD_KINDS = ("copy", "rewrite", "embeds")  # link kinds that make two articles one report
DEFINITION = ("distinct origins after folding copies, rewrites and embeds (into the earliest article), "
              "wire pickups (into their agency) and articles of one outlet (into that outlet)")
_KIND_RANK = {"copy": 0, "rewrite": 1, "embeds": 2}


def source_of(member: dict[str, Any]) -> tuple[str, str]:
    """``(kind, name)`` of the source an article speaks for: its agency, else its outlet, else itself."""
    if member.get("agency"):
        return "agency", str(member["agency"])
    if member.get("outlet"):
        return "outlet", str(member["outlet"])
    return "article", str(member["doc_id"])


def independence(members: Sequence[dict[str, Any]], links: Iterable[Sequence[Any]]) -> dict[str, Any]:
    """Independent sources among ``members`` with the derivation.

    Args:
        members: dicts with ``doc_id``, ``published``, ``outlet`` and (optional) ``agency``.
        links: ``(doc_id, other_doc_id, kind, ...)`` rows; only FOLD_KINDS between two members count.

    Returns:
        ``{"count", "definition", "origins": [{source, kind, name, doc_id, articles}],
        "derivation": [{doc_id, source, folds_into, reason}]}``, origins in first-publication order.
    """
    by_id = {m["doc_id"]: m for m in members}
    edges = [(a, b, k, 0.0) for a, b, k, *_ in links if k in FOLD_KINDS and a in by_id and b in by_id and a != b]
    how: dict[str, str] = {}  # doc_id -> the strongest fold kind on one of its links
    for a, b, k, _ in edges:
        for d in (a, b):
            if d not in how or _KIND_RANK[k] < _KIND_RANK[how[d]]:
                how[d] = k
    derivation: dict[str, dict[str, Any]] = {}
    heads: list[tuple[str, list[str]]] = []
    for grp in groups(list(by_id), edges):
        org = find_origin([(d, by_id[d].get("published")) for d in grp])
        head = org.doc_id or sorted(grp)[0]
        heads.append((head, sorted(grp)))
        for d in grp:
            if d != head:
                kind = how.get(d, "copy")
                derivation[d] = {"folds_into": head,
                                 "reason": f"embeds {head}" if kind == "embeds" else f"{kind} of {head}"}
    # Origins in publication order (undated last), so "first" in a reason is the earliest article.
    heads.sort(key=lambda h: (by_id[h[0]].get("published") is None, by_id[h[0]].get("published") or "", h[0]))
    origins: dict[tuple[str, str], dict[str, Any]] = {}
    for head, grp in heads:
        m = by_id[head]
        kind, name = source_of(m)
        if kind != "agency":  # a copy credited to a wire makes its whole group that wire's text
            credited = Counter(str(by_id[d]["agency"]) for d in grp if by_id[d].get("agency"))
            if credited:
                kind, name = "agency", credited.most_common(1)[0][0]
        key = (kind, name.casefold() if kind != "article" else name)
        if key in origins:
            first = origins[key]["doc_id"]
            why = {"agency": f"wire pickup ({name}), same origin as {first}",
                   "outlet": f"same outlet ({name}) as {first}"}.get(kind, "same article")
            derivation[head] = {"folds_into": first, "reason": why}
            origins[key]["articles"].extend(grp)
        else:
            reason = f"wire pickup ({name})" if kind == "agency" else "original report"
            derivation[head] = {"folds_into": None, "reason": reason}
            origins[key] = {"source": f"{kind}:{name}", "kind": kind, "name": name, "doc_id": head,
                            "articles": list(grp)}
    src_of = {d: o["source"] for o in origins.values() for d in o["articles"]}
    return {"count": len(origins), "definition": DEFINITION,
            "origins": [{**o, "articles": sorted(o["articles"])} for o in origins.values()],
            "derivation": [{"doc_id": d, "outlet": by_id[d].get("outlet"), "agency": by_id[d].get("agency"),
                            "source": src_of[d], **derivation[d]} for d in sorted(by_id)]}


def independence_count(members: Sequence[dict[str, Any]], links: Iterable[Sequence[Any]]) -> int:
    """Just the number of independent sources (``independence(...)["count"]``)."""
    return independence(members, links)["count"]
