"""The merged record of one event: its reports, independent sources, first report and conflicts."""

from __future__ import annotations

from typing import Any

from ..independence import find_origin, independence
from .reports import (PLACE_CONFLICT_KM, WEAK_ROLES, WILDCARD_TYPES, Cluster, Report, _interval, _located, _norm,
                      actor_keys, km)
from .taxonomy import readable_name


# -- independence -----------------------------------------------------------------------------

def source_groups(reports: list[Report], links: list[tuple] = ()) -> dict[str, Any]:
    """Independent sources among the reports' articles, with the derivation.

    ``links``: ``(doc_id, other_doc_id, kind, ...)`` copy/rewrite rows among them; the one definition
    (``newstrace.independence.independence``) that every view uses.
    """
    members = list({r.doc_id: {"doc_id": r.doc_id, "published": r.published, "outlet": r.outlet,
                                "agency": r.agency} for r in reports}.values())
    return independence(members, links)


# -- conflicts --------------------------------------------------------------------------------

def _who(r: Report) -> dict[str, Any]:
    return {"event_id": r.event_id, "doc_id": r.doc_id, "outlet": r.outlet, "published": r.published,
            "evidence": {"start": r.start, "end": r.end, "text": r.text}}


def _disjoint_pair(ivs: list[tuple[float, float]]) -> bool:
    """Whether two of these closed intervals do not overlap. Intervals on a line overlap pairwise exactly when
    the largest start is at most the smallest end, so a linear test answers for proper ones (issue 15: every
    pair of a large event's figures was compared at every rewrite); any with start > end (or NaN) is
    compared pair by pair as before."""
    if all(lo <= hi for lo, hi in ivs):
        return len(ivs) > 1 and max(lo for lo, _ in ivs) > min(hi for _, hi in ivs)
    return any(not (a[0] <= b[1] and b[0] <= a[1]) for i, a in enumerate(ivs) for b in ivs[i + 1:])


def _clash(reports: list[Report]) -> bool:
    """Whether two asserting reports blame no side in common; compared once per distinct set of sides (issue 15:
    every pair of a large event's reports was compared at every rewrite): a set shares its sides (non-empty
    here) with itself, so two reports of one set never clash."""
    sets = list(dict.fromkeys(frozenset(k) for r in reports if (k := actor_keys(r))
                              and not (r.status == "denied" or r.negated)))
    return any(not (x & y) for i, x in enumerate(sets) for y in sets[i + 1:])


def conflicts(reports: list[Report]) -> list[dict[str, Any]]:
    """The disagreements among one event's reports, each with the reports on every side."""
    out: list[dict[str, Any]] = []
    # different blamed actor: sides blamed by different reports, and a side a report denies
    # ("Russian forces did not strike the station") while another blames it
    blamed: dict[str, list[Report]] = {}
    for r in reports:
        denied = r.status == "denied" or r.negated
        for k in sorted(actor_keys(r)):
            blamed.setdefault(("not " if denied else "") + k, []).append(r)
    clash = _clash(reports)
    disowned = any(k.startswith("not ") and k[4:] in blamed
                   and {r.doc_id for r in blamed[k[4:]]} - {r.doc_id for r in blamed[k]} for k in blamed)
    if clash or disowned:
        out.append({"kind": "actor", "field": "actors", "values": [
            {"value": k, "reports": [_who(r) for r in rs]} for k, rs in sorted(blamed.items())]})
    # different figures, per kind
    kinds = sorted({c.get("kind") for r in reports for c in r.counts if c.get("kind")})
    for kind in kinds:
        vals: list[tuple[tuple[float, float], dict, Report]] = []
        for r in reports:
            for c in r.counts:
                if c.get("kind") == kind and (iv := _interval(c)) is not None:
                    vals.append((iv, c, r))
        if _disjoint_pair([iv for iv, _c, _r in vals]):
            groups: dict[str, list] = {}
            for iv, c, r in vals:
                groups.setdefault(c.get("text") or str(c.get("value")), []).append(
                    {**_who(r), "figure": {k: c.get(k) for k in ("start", "end", "text", "value", "low", "high",
                                                                  "qualifier", "attributed_to")}})
            out.append({"kind": "figure", "field": kind, "values": [
                {"value": v, "reports": rs} for v, rs in sorted(groups.items())]})
    # denial by a party (one entry per article and denier: a denial repeated in one article is one)
    seen: set[tuple[str, str | None]] = set()
    for r in reports:
        if (r.status == "denied" or r.negated) and (r.doc_id, r.denied_by) not in seen:
            seen.add((r.doc_id, r.denied_by))
            out.append({"kind": "denial", "field": "status", "denied_by": r.denied_by,
                        "values": [{"value": r.denied_by or "denied", "reports": [_who(r)]}]})
    # different place: town-level event places farther apart than a town (a district is its city)
    towns: dict[str, list[Report]] = {}
    where: dict[str, dict] = {}
    for r in reports:
        p = r.place
        if _located(p) and p.get("precision") in ("city", "other") and p.get("role") not in WEAK_ROLES:
            towns.setdefault(p.get("name") or "", []).append(r)
            where.setdefault(p.get("name") or "", p)
    names = sorted(towns)
    if any(km(where[x], where[y]) > PLACE_CONFLICT_KM for i, x in enumerate(names) for y in names[i + 1:]):
        out.append({"kind": "place", "field": "place", "values": [
            {"value": k, "reports": [_who(r) for r in towns[k]]} for k in names]})
    # different date
    days: dict[str, list[Report]] = {}
    for r in reports:
        if r.day_exact and r.day_start:
            days.setdefault(r.day_start, []).append(r)
    if len(days) > 1:
        out.append({"kind": "date", "field": "time", "values": [
            {"value": k, "reports": [_who(r) for r in rs]} for k, rs in sorted(days.items())]})
    return out


# -- the merged record ------------------------------------------------------------------------

def _mode(values: list[Any]) -> Any:
    counts: dict[Any, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda k: (counts[k], str(k))) if counts else None


_PRECISION_RANK = {"city": 0, "other": 0, "admin2": 1, "admin1": 2, "country": 3}


def in_order(reports: list[Report]) -> list[Report]:
    """A merged event's reports in the order its record lists them (publication order, undated last)."""
    return sorted(reports, key=lambda x: (x.published is None, x.published or "", x.doc_id, x.start))


def record(c: Cluster, links: list[tuple] = ()) -> dict[str, Any]:
    """The merged event as plain data: type, place, window, actors, figures, reports, sources, conflicts."""
    rs = in_order(c.reports)
    typed = [r.type for r in rs if r.type not in WILDCARD_TYPES] or [r.type for r in rs]
    etype = _mode(typed)
    located = [r.place for r in rs if _located(r.place) and r.place.get("role") != "dateline"] or \
              [r.place for r in rs if _located(r.place)]
    place = None
    if located:
        best = min(_PRECISION_RANK.get(p.get("precision") or "city", 0) for p in located)
        names = [p.get("name") for p in located if _PRECISION_RANK.get(p.get("precision") or "city", 0) == best]
        top = _mode(names)
        place = next(p for p in located if p.get("name") == top)
        place = {k: place.get(k) for k in ("name", "geonameid", "lat", "lon", "country", "admin1", "precision")}
    exact = [r.day_start for r in rs if r.day_exact and r.day_start]
    if exact:
        day_start = day_end = _mode(exact)
    else:
        starts = [r.day_start for r in rs if r.day_start]
        ends = [r.day_end for r in rs if r.day_end]
        day_start = max(starts) if starts else None
        day_end = min(ends) if ends else None
        if day_start and day_end and day_start > day_end:
            day_start, day_end = min(starts), max(ends)
    actors: dict[str, dict] = {}
    targets: dict[str, dict] = {}
    for r in rs:
        if r.status == "denied" or r.negated:
            continue
        for a in r.actors:
            actors.setdefault(_norm(a.get("name")) or a.get("side") or "", {"name": a.get("name"), "side": a.get("side"),
                                                                           "kind": a.get("kind")})
        for a in r.targets:
            targets.setdefault(_norm(a.get("name")), {"name": a.get("name"), "side": a.get("side"), "kind": a.get("kind")})
    figures: dict[str, list[dict]] = {}
    for r in rs:
        for cnt in r.counts:
            figures.setdefault(cnt.get("kind") or "other", []).append(
                {"value": cnt.get("value"), "low": cnt.get("low"), "high": cnt.get("high"),
                 "qualifier": cnt.get("qualifier"), "text": cnt.get("text"), "attributed_to": cnt.get("attributed_to"),
                 "doc_id": r.doc_id, "event_id": r.event_id})
    sources = source_groups(rs, links)
    org = find_origin(list({r.doc_id: r.published for r in rs}.items()))
    first = next((r for r in rs if r.doc_id == org.doc_id), rs[0])
    docs = list(dict.fromkeys(r.doc_id for r in rs))
    fatal = [f for f in figures.get("fatalities", []) if f.get("value") is not None or f.get("low") is not None]
    return {
        "event_id": c.cluster_id, "type": etype, "type_name": readable_name(etype) if etype else None,
        "place": place, "day_start": day_start, "day_end": day_end,
        "actors": [a for a in actors.values() if a.get("name") or a.get("side")],
        "targets": [t for t in targets.values() if t.get("name")],
        "figures": figures,
        "fatalities": min((f["value"] if f.get("value") is not None else f["low"]) for f in fatal) if fatal else None,
        "status": _mode([r.status for r in rs]),
        "reports": [r.to_dict() for r in rs], "report_count": len(rs), "articles": len(docs),
        "independent_sources": sources["count"], "sources": sources,
        "outlets": sorted({r.outlet for r in rs if r.outlet}),
        "first_report": {"doc_id": first.doc_id, "event_id": first.event_id, "outlet": first.outlet,
                         "published": first.published, "status": org.status, "tied": org.tied},
        "conflicts": conflicts(rs),
    }
