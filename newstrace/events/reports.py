"""Reports: one article's events flattened with what merging needs, and the helpers that read them.

The lowest layer of merging (``merge.py`` compares and clusters, ``record.py`` builds the merged
record and its conflicts; both read reports through this module only).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from .taxonomy import readable_name

# A claim of responsibility (or an untyped clause) is about some other event: compatible with
# every type, but it needs more agreement to join (WILDCARD_EXTRA).
WILDCARD_TYPES = frozenset({"ATTRIB", "OTHER"})
# Time granularities coarser than a day: such a time is a window, never an exact day.
COARSE = frozenset({"week", "weekend", "month", "quarter", "season", "year", "decade", "century"})
# Place roles that say where the text was filed or what it is about, not where the event was.
WEAK_ROLES = frozenset({"dateline", "context"})
# Two town-level places of one merged event farther apart than this are a place conflict (closer:
# a district and its city, or two points of one town).
PLACE_CONFLICT_KM = 15.0
DENIAL_LAG_DAYS = 1  # a denial's own day may follow the event it denies by this many days
# Days an undated report's event may precede its publication ("yesterday", overnight).
UNDATED_LAG_DAYS = 1
EARTH_KM = 6371.0  # mean Earth radius for the haversine distance
_STOP = frozenset("the a an of in on at to for and its their his her by from with near into".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(slots=True)
class Report:
    """One article's event, as merging sees it (plain values: stored as JSON in the store)."""

    event_id: str
    doc_id: str
    type: str
    type_name: str
    start: int
    end: int
    text: str  # the evidence clause/sentence
    confidence: float = 0.0
    outlet: str | None = None
    agency: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    trigger: str | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)  # {name, side, kind, start, end, text}
    targets: list[dict[str, Any]] = field(default_factory=list)
    place: dict[str, Any] | None = None  # the event's Place as plain data
    time: dict[str, Any] | None = None  # the event's TimeRef as plain data
    day_start: str | None = None  # the window the event happened in (ISO days)
    day_end: str | None = None
    day_exact: bool = False  # the text gives the day (not the publication day's guess)
    counts: list[dict[str, Any]] = field(default_factory=list)  # {kind, value, low, high, qualifier, text, ...}
    # Other readings the clause allows: the places and days it names besides the chosen ones
    # ("captured Balakliia in the Kharkiv region on Thursday"), matched when the chosen ones miss.
    alt_places: list[dict[str, Any]] = field(default_factory=list)
    alt_windows: list[list[Any]] = field(default_factory=list)  # [day_start, day_end, exact]
    reported_by: list[str] = field(default_factory=list)
    status: str = "asserted"
    denied_by: str | None = None
    negated: bool = False
    is_lead: bool = False  # the article's first event (its headline event)

    def to_dict(self) -> dict[str, Any]:
        # shallow: the values are plain JSON data already (asdict would deep-copy every span)
        return {f: getattr(self, f) for f in self.__dataclass_fields__}  # type: ignore[attr-defined]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Report":
        names = cls.__dataclass_fields__  # type: ignore[attr-defined]
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(slots=True)
class Cluster:
    cluster_id: str
    reports: list[Report] = field(default_factory=list)
    foot: tuple[int, Any] | None = field(default=None, repr=False, compare=False)  # _footprint's cache


# -- building reports -------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def _day(s: str | None) -> date | None:
    if not s or len(s) < 10:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def _window(time: dict | None, published: str | None) -> tuple[str | None, str | None, bool]:
    """(first day, last day, exact) of when the event happened."""
    if time and time.get("resolved", True) and time.get("type", "date") in ("date", "time"):
        lo = _day(time.get("range_start")) or _day(time.get("value"))
        hi = _day(time.get("range_end")) or lo
        if lo is not None and hi is not None and hi >= lo:
            exact = lo == hi and (time.get("granularity") or "day") not in COARSE
            return lo.isoformat(), hi.isoformat(), exact
    pub = _day(published)
    if pub is None:
        return None, None, False
    return (pub - timedelta(days=UNDATED_LAG_DAYS)).isoformat(), pub.isoformat(), False


def event_id_of(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def reports_of(article_dict: dict[str, Any]) -> list[Report]:
    """The reports of one article given as its JSON dict (``serialize.to_dict`` or stored JSON)."""
    src = article_dict.get("source") or {}
    doc_id = article_dict["doc_id"]
    text = article_dict.get("text") or ""
    published = article_dict.get("published")
    out: list[Report] = []
    events = sorted(article_dict.get("events") or [], key=lambda e: (e.get("start", 0), e.get("end", 0)))
    places = [p for p in article_dict.get("places") or [] if p.get("resolved") and p.get("role") not in WEAK_ROLES]
    times = [t for t in article_dict.get("times") or [] if t.get("resolved")]
    lead_done = False
    for e in events:
        start, end = int(e["start"]), int(e["end"])
        time = e.get("time")
        d0, d1, exact = _window(time, published)
        trig = e.get("trigger")
        r = Report(
            event_id=e.get("event_id") or event_id_of(doc_id, start, end), doc_id=doc_id,
            type=e.get("type") or "OTHER", type_name=e.get("type_name") or readable_name(e.get("type") or "OTHER"),
            start=start, end=end, text=e.get("text") or text[start:end], confidence=float(e.get("confidence") or 0.0),
            outlet=src.get("outlet"), agency=src.get("agency"), published=published, title=article_dict.get("title"),
            url=src.get("url"),
            trigger=(trig.get("text") or text[trig["start"]:trig["end"]]) if trig else None,
            actors=[_arg(a, text) for a in e.get("actors") or []],
            targets=[_arg(a, text) for a in e.get("targets") or []],
            place=_place(e.get("place"), text), time=time, day_start=d0, day_end=d1, day_exact=exact,
            counts=[{**c, "text": c.get("text") or text[c["start"]:c["end"]]} for c in e.get("counts") or []],
            reported_by=[v.get("name") for v in e.get("reported_by") or [] if v.get("name")],
            status=e.get("status") or "asserted", denied_by=e.get("denied_by"), negated=bool(e.get("negated")),
        )
        r.alt_places = [_place(p, text) for p in places if start <= p["start"] and p["end"] <= end
                        and (not r.place or p["start"] != r.place.get("start"))]
        r.alt_windows = [list(w) for t in times if start <= t["start"] and t["end"] <= end
                         and (w := _window(t, None))[0] is not None and [w[0], w[1]] != [d0, d1]]
        if (r.status == "denied" or r.negated) and r.day_exact and r.day_start:
            # "Moscow on Friday denied that ...": the day is the denial's; the event came before it
            r.day_start, r.day_exact = (_day(r.day_start) - timedelta(days=DENIAL_LAG_DAYS)).isoformat(), False
        if not lead_done and r.type not in WILDCARD_TYPES:
            r.is_lead = lead_done = True
        out.append(r)
    if out and not lead_done:
        out[0].is_lead = True
    return out


def _arg(a: dict, text: str) -> dict[str, Any]:
    return {"name": a.get("name") or "", "side": a.get("side"), "kind": a.get("kind"), "start": a.get("start"),
            "end": a.get("end"), "text": a.get("text") or text[a["start"]:a["end"]]}


def _place(p: dict | None, text: str) -> dict[str, Any] | None:
    if not p:
        return None
    keep = ("start", "end", "name", "geonameid", "lat", "lon", "country", "admin1", "feature", "precision",
            "resolved", "role", "confidence")
    out = {k: p.get(k) for k in keep}
    out["text"] = p.get("text") or text[p["start"]:p["end"]]
    return out


# -- reading reports ---------------------------------------------------------------------------

def km(a: dict, b: dict) -> float:
    """Great-circle distance (haversine) between two places with lat/lon."""
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))

def _located(p: dict | None) -> bool:
    return bool(p and p.get("resolved") and p.get("lat") is not None and p.get("lon") is not None)

@lru_cache(maxsize=65536)  # names repeat across thousands of comparisons
def _norm(s: str | None) -> str:
    return " ".join(w for w in _WORD.findall((s or "").lower()) if w not in _STOP)

def _interval(c: dict) -> tuple[float, float] | None:
    v, lo, hi, q = c.get("value"), c.get("low"), c.get("high"), c.get("qualifier")
    if v is None and lo is None and hi is None:
        return None
    if lo is not None or hi is not None:
        return float(lo if lo is not None else 0.0), float(hi if hi is not None else math.inf)
    v = float(v)
    if q in ("at_least", "over", "more_than"):
        return v, math.inf
    if q in ("up_to", "under", "less_than"):
        return 0.0, v
    if q in ("about", "nearly", "almost", "approximately"):
        return v * 0.9, v * 1.1  # "about 900" covers 850..950-ish, not "more than 1,000"
    return v, v

def actor_keys(r: "Report") -> set[str]:
    """Who a report blames: the sides of its actors (names without a side are not compared:
    "the missile", "a wave of drones" are no party)."""
    return {x["side"] for x in r.actors if x.get("side")}
