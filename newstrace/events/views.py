"""Read views of the merged events for the API, CLI, web and export: built here once.

Every function takes an open store (or the records a listing returned) and returns plain data
ready for JSON: a listing, one event with every report and its conflicts, a GeoJSON
FeatureCollection, and ACLED-style rows for a CSV export.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..errors import UsageError
from .taxonomy import LABELS, TAXONOMY

MAX_LIMIT = 1000  # events in one listing page (the CSV export pages through all)

# ACLED's event types over its sub-event types (the labels of the taxonomy); the CASE-2021 extras
# (attribution, diplomacy, crime, disasters) are not ACLED types and export as "Other".
ACLED_EVENT_TYPE: dict[str, str] = {
    **dict.fromkeys(("ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"), "Battles"),
    **dict.fromkeys(("AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE", "SUIC_BOMB", "CHEM_WEAP"),
                    "Explosions/Remote violence"),
    **dict.fromkeys(("ATTACK", "ABDUCT_DISSAP", "SEX_VIOL"), "Violence against civilians"),
    **dict.fromkeys(("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST"), "Protests"),
    **dict.fromkeys(("VIOL_DEMONSTR", "MOB_VIOL"), "Riots"),
    **dict.fromkeys(("NON_VIOL_TERRIT_TRANSFER", "PROPERTY_DISTRUCT", "ARREST", "DISR_WEAP", "AGREEMENT",
                     "HQ_ESTABLISHED", "CHANGE_TO_GROUP_ACT"), "Strategic developments"),
}
# ACLED geo_precision: 1 the town itself, 2 near a town / a district, 3 only the region or country.
GEO_PRECISION = {"city": 1, "other": 1, "admin2": 2, "admin1": 3, "country": 3}
ACLED_COLUMNS = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
                 "location", "latitude", "longitude", "geo_precision", "sources", "source_count", "fatalities",
                 "notes")


def type_labels(value: str | None) -> list[str] | None:
    """Labels a ``--type`` value names: a label ("ART_MISS_ATTACK", any case) or a fragment of
    readable names ("shelling", "protest"). Raises UsageError when it names none."""
    if not value:
        return None
    v = value.strip()
    if v.upper() in LABELS:
        return [v.upper()]
    low = v.lower()
    found = [t.label for t in TAXONOMY if low in t.name.lower() or low in t.label.lower()]
    if not found:
        raise UsageError(f"no event type matches {value!r}; types: {', '.join(LABELS)}")
    return found


def _check_day(name: str, value: str | None) -> str | None:
    import re

    if value and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
        raise UsageError(f"{name} takes YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value or None


def summary(rec: dict[str, Any]) -> dict[str, Any]:
    """A merged event without its full reports: what a listing row shows."""
    out = {k: v for k, v in rec.items() if k not in ("reports", "sources", "figures")}
    out["reports"] = [{"doc_id": r["doc_id"], "event_id": r["event_id"], "outlet": r.get("outlet"), "url": r.get("url"),
                       "published": r.get("published"), "title": r.get("title"), "status": r.get("status"),
                       "evidence": {"start": r["start"], "end": r["end"], "text": r["text"]}}
                      for r in rec.get("reports") or []]
    out["conflict_kinds"] = sorted({c["kind"] for c in rec.get("conflicts") or []})
    return out


def list_events(store, *, type: str | None = None, place: str | None = None, since: str | None = None,  # noqa: A002
                until: str | None = None, actor: str | None = None, min_sources: int = 1, limit: int = 50,
                offset: int = 0) -> dict[str, Any]:
    """Merged events matching the filters, most recent first: ``{"total", "items"}``."""
    from ..store import events as ev

    if min_sources < 0 or limit < 1 or offset < 0:
        raise UsageError("--min-sources and --offset take 0 or more, --limit 1 or more")
    total, items = ev.list_events(store, types=type_labels(type), place=place or None,
                                  since=_check_day("--since", since), until=_check_day("--until", until),
                                  actor=actor or None, min_sources=min_sources, limit=min(limit, MAX_LIMIT),
                                  offset=offset)
    return {"total": total, "items": [summary(r) for r in items]}


def event(store, event_id: str) -> dict[str, Any]:
    """One merged event with every report (evidence, actors, figures, status), sources and conflicts.

    ``event_id`` is a merged event id (or a unique prefix of 6+ characters) or the id of one of
    its reports (an article's ``Event.event_id``). Raises UsageError when there is none.
    """
    from ..store import events as ev

    rec = ev.get_event(store, event_id)
    if rec is None:
        cid = ev.event_of_report(store, event_id)
        rec = ev.get_event(store, cid) if cid else None
    if rec is None:
        raise UsageError(f"no event {event_id!r} in the store (list them with `newstrace events`)")
    return rec


def geojson(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Located events as a GeoJSON FeatureCollection (RFC 7946: coordinates are lon, lat)."""
    feats = []
    for r in items:
        p = r.get("place") or {}
        if p.get("lat") is None or p.get("lon") is None:
            continue
        feats.append({"type": "Feature", "id": r["event_id"],
                      "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                      "properties": {"event_id": r["event_id"], "type": r.get("type"), "type_name": r.get("type_name"),
                                     "place": p.get("name"), "precision": p.get("precision"),
                                     "day_start": r.get("day_start"), "day_end": r.get("day_end"),
                                     "independent_sources": r.get("independent_sources"),
                                     "articles": r.get("articles"), "fatalities": r.get("fatalities"),
                                     "conflicts": len(r.get("conflicts") or [])}})
    return {"type": "FeatureCollection", "features": feats}


def _country(code: str | None) -> str:
    if not code:
        return ""
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=code.upper())
        return c.name if c else code
    except (ImportError, LookupError):
        return code


def _actor(a: dict[str, Any] | None) -> str:
    if not a:
        return ""
    name, side = a.get("name") or "", a.get("side")
    return f"{name} ({side})" if side and side.lower() not in name.lower() else name


def acled_row(rec: dict[str, Any]) -> dict[str, Any]:
    """One merged event as an ACLED-style row; ``notes`` carries the evidence and the conflicts."""
    p = rec.get("place") or {}
    reps = rec.get("reports") or []
    first = (rec.get("first_report") or {}).get("event_id")
    lead = next((r for r in reps if r["event_id"] == first), reps[0] if reps else None)
    notes = []
    if lead:
        notes.append(f"{(lead.get('published') or '')[:10]} {lead.get('outlet') or lead['doc_id']}: "
                     f"\"{' '.join(lead['text'].split())}\"")
    for c in rec.get("conflicts") or []:
        notes.append(f"conflict ({c['kind']}): " + " vs ".join(str(v["value"]) for v in c["values"]))
    return {
        "event_id": rec["event_id"], "event_date": rec.get("day_start") or "",
        "event_type": ACLED_EVENT_TYPE.get(rec.get("type") or "", "Other"),
        "sub_event_type": rec.get("type_name") or "",
        "actor1": _actor((rec.get("actors") or [None])[0]), "actor2": _actor((rec.get("targets") or [None])[0]),
        "country": _country(p.get("country")), "admin1": p.get("admin1") or "", "location": p.get("name") or "",
        "latitude": p.get("lat") if p.get("lat") is not None else "",
        "longitude": p.get("lon") if p.get("lon") is not None else "",
        "geo_precision": GEO_PRECISION.get(p.get("precision") or "", "") if p else "",
        "sources": "; ".join(rec.get("outlets") or []), "source_count": rec.get("independent_sources") or 0,
        "fatalities": int(rec["fatalities"]) if rec.get("fatalities") is not None else 0,
        "notes": " | ".join(notes),
    }


# Spreadsheet programs run a cell that starts with these as a formula (CSV injection): such a
# cell from article text gets a leading apostrophe (OWASP's advice).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(v: Any) -> Any:
    if isinstance(v, str) and v.startswith(_FORMULA):
        return "'" + v
    return v


def acled_csv(store, out, **filters: Any) -> int:
    """Write every merged event matching ``filters`` (as ``list_events``) as ACLED-style CSV to
    the text stream ``out``; returns the number of rows."""
    from ..store import events as ev

    w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    w.writeheader()
    n, offset = 0, 0
    types = type_labels(filters.pop("type", None))
    for k in ("since", "until"):
        _check_day("--" + k, filters.get(k))
    while True:
        _total, items = ev.list_events(store, types=types, offset=offset, limit=MAX_LIMIT, **filters)
        for rec in items:
            w.writerow({k: _cell(v) for k, v in acled_row(rec).items()})
            n += 1
        if len(items) < MAX_LIMIT:
            return n
        offset += MAX_LIMIT


def acled_csv_text(store, **filters: Any) -> str:
    buf = io.StringIO()
    acled_csv(store, buf, **filters)
    return buf.getvalue()
