"""Events across articles: the reports of one event merged into one record, with its conflicts.

A *report* is one ``Event`` of one article, flattened with what merging needs from the article
(outlet, agency, publication date). Two reports describe the same event when

* their types are compatible (``TYPE_GROUPS``: a missile strike reported by one outlet may be
  typed an air strike or an attack by another; arrests at a protest are part of the protest),
* their places are close enough for the precision of both (``RADIUS_KM``: two city-level places
  must be the same town, a region contains its towns, a country everything in it),
* their time windows overlap (an explicit date is its day; no date is "the publication day or
  the day before", as news reports say "on Monday" of yesterday's strike),

and enough of the frame agrees (``score``: place, day, target, figures, actor). Who is blamed,
the figures, the status and the exact town or day may differ: that is not another event but a
*conflict* of this one, listed explicitly (``conflicts``).

``Merger`` is incremental: ``add(report)`` joins the best compatible cluster or starts a new
one, so articles arriving later join existing events. The store keeps the clusters
(``newstrace/store/events.py``); ``merge_pending(store)`` merges the articles not merged yet.

Reports are built in ``reports.py``; the merged record, its independent sources and its
conflicts in ``record.py``.
"""

from __future__ import annotations

import bisect
import heapq
import json
import logging
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from .record import conflicts, in_order, record, source_groups  # noqa: F401 - part of this module's interface
from .reports import (WEAK_ROLES, WILDCARD_TYPES, Cluster, Report, _day, _interval, _located,  # noqa: F401
                      _norm, actor_keys, event_id_of, km, reports_of)

# Types that can name one event seen by different outlets (and by the classifier). A type may sit
# in several groups; two types are compatible when they share one. Written from the ACLED
# codebook's grouping (battles, explosions/remote violence, violence against civilians,
# protests/riots, strategic developments), widened where outlets word one event differently.
TYPE_GROUPS: dict[str, frozenset[str]] = {
    "remote": frozenset({"AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE", "SUIC_BOMB", "CHEM_WEAP",
                         "ATTACK", "PROPERTY_DISTRUCT", "MAN_MADE_DISASTER"}),
    "battle": frozenset({"ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER",
                         "NON_VIOL_TERRIT_TRANSFER"}),
    "civilians": frozenset({"ATTACK", "ABDUCT_DISSAP", "SEX_VIOL", "ARREST", "MOB_VIOL"}),
    "protest": frozenset({"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR",
                          "MOB_VIOL", "ARREST"}),
    "strategic": frozenset({"AGREEMENT", "DIPLO", "HQ_ESTABLISHED", "CHANGE_TO_GROUP_ACT", "DISR_WEAP"}),
    "disaster": frozenset({"NATURAL_DISASTER", "MAN_MADE_DISASTER"}),
    "crime": frozenset({"ORG_CRIME", "ARREST", "ATTACK"}),
}
# Political violence of any kind: one strike is "shelling" to one outlet and "an attack" or
# "fighting" to another (and to the classifier); across these groups a merge needs FAMILY_EXTRA more.
VIOLENCE = TYPE_GROUPS["remote"] | TYPE_GROUPS["battle"] | TYPE_GROUPS["civilians"] - {"ARREST"}
FAMILY_EXTRA = 0.3
# The classifier gets about one type in five wrong (bench/events.py), so unrelated types are no
# wall: they merge only when the town and the exact day agree and something more does (2.1).
MISMATCH_EXTRA = 0.9
# Two events of one article need this much less agreement (0.5 left: an overlapping day).
SAME_ARTICLE_DISCOUNT = 0.7
WILDCARD_EXTRA = 0.5  # what a claim of responsibility or an untyped clause (WILDCARD_TYPES) needs more
# How far from its point a place of each precision may be and still be "the same place", in km.
# Why these: a city-level point is the town centre (a strike "in Kramatorsk" may hit its edge,
# ~5 km), a district spans ~30-60 km, an oblast ~150-250 km; a country (None) contains anything
# in it and is checked by country code instead.
RADIUS_KM: dict[str, float | None] = {"city": 5.0, "other": 5.0, "admin2": 40.0, "admin1": 200.0, "country": None}
# Two different towns closer than this may be one event told with another locality ("near
# Kramatorsk" vs the village it hit): allowed only with strong agreement, then listed as a
# place conflict. Farther apart they are two events (the "same day, next town" near miss).
NEAR_KM = 30.0
# Score needed to merge (place 0..1 + day 0..1 + target 0.6 + figures 0.5 + actor 0.3 + trigger 0.2).
# Why 1.2: a matching town and day (1.0 + 0.5 for an undated report) alone is not enough when
# nothing else agrees; one more agreeing part of the frame is.
MERGE_MIN = 1.2
# A "near" place or a day apart (possible conflicts) must be outweighed by frame agreement.
STRONG_MIN = 0.6
# When the place cannot tell (a country, a dateline, none: less than WHERE_MIN), two reports that
# both name what was hit must agree on it or on a figure (WHAT_MIN): a shared day and side alone
# would join unrelated strikes of one day in one country.
WHERE_MIN = 0.5
WHAT_MIN = 0.5
# Spellings of one name at or above this difflib ratio are one name (transliterations differ by
# a letter or two: "Balakleya" / "Balakliya" 0.89; different towns rarely score this high).
NAME_RATIO = 0.85
# A report may join a merged event when at most this share of its reports are incompatible with
# it (far apart, other day, other type): one report whose place the extractor got wrong (the city
# named in "the Zaporizhzhia nuclear power plant") must not split the event, while a report
# incompatible with most of them is another event.
MAX_INCOMPATIBLE = 0.5
MAX_CLUSTER_REPORTS = 500  # reports compared per cluster: bounds the work of one join on a huge event


# -- comparing two reports --------------------------------------------------------------------

def type_need(a: str, b: str) -> float:
    """Extra agreement two types need to be one event (0: the same group)."""
    if a == b:
        return 0.0
    if a in WILDCARD_TYPES or b in WILDCARD_TYPES:
        return WILDCARD_EXTRA
    if any(a in g and b in g for g in TYPE_GROUPS.values()):
        return 0.0
    if a in VIOLENCE and b in VIOLENCE:
        return FAMILY_EXTRA
    return MISMATCH_EXTRA


def types_compatible(a: str, b: str) -> bool:
    """Types that can name one event (anything but an unrelated pair)."""
    return type_need(a, b) < MISMATCH_EXTRA





_RANK = {"same": 3, "near": 2, "unknown": 1, "far": 0}


def place_match(a: dict | None, b: dict | None) -> tuple[str, float]:
    """('same' | 'near' | 'unknown' | 'far', strength 0..1) for two event places."""
    if not a or not b:
        return "unknown", 0.0
    if a.get("role") in WEAK_ROLES or b.get("role") in WEAK_ROLES:
        # where it was filed (or what the article is about) says little about where it happened
        if _located(a) and _located(b) and a.get("geonameid") == b.get("geonameid") and a.get("geonameid"):
            return "same", 0.5
        return "unknown", 0.0
    if not (_located(a) and _located(b)):
        if _norm(a.get("name")) and _norm(a.get("name")) == _norm(b.get("name")):
            return "same", 0.8
        return "unknown", 0.0
    if a.get("geonameid") is not None and a.get("geonameid") == b.get("geonameid"):
        return "same", 1.0
    ra, rb = RADIUS_KM.get(a.get("precision") or "city", 5.0), RADIUS_KM.get(b.get("precision") or "city", 5.0)
    if ra is None or rb is None:  # a country: anything in it
        ca, cb = a.get("country"), b.get("country")
        return ("same", 0.2) if (not ca or not cb or ca == cb) else ("far", 0.0)
    d = km(a, b)
    if d <= max(ra, rb):
        # a town inside the region named by the other, or two points of one town
        return "same", 1.0 if max(ra, rb) <= 5.0 else 0.5
    if d <= NEAR_KM and max(ra, rb) <= 5.0:
        return "near", 0.3
    return "far", 0.0


_ARTICLES = frozenset({"The", "A", "An"})


def _named_targets(r: "Report") -> set[str]:
    """Targets that carry a proper name ("Balakliia", "the Kerch bridge"): only these can name a place."""
    out = set()
    for t in r.targets:
        words = (t.get("text") or "").split()
        if any(w[:1].isupper() for w in words if w not in _ARTICLES):
            out.update(x for x in (_norm(t.get("text")), _norm(t.get("name"))) if x)
    return out


def _names(r: "Report") -> set[str]:
    """Place names a report gives for its event: chosen place, others in the clause, targets."""
    out = set()
    for p in [r.place, *r.alt_places]:
        if p and p.get("role") not in WEAK_ROLES:
            out.update(x for x in (_norm(p.get("name")), _norm(p.get("text"))) if x)
    return out


def places_match(a: "Report", b: "Report") -> tuple[str, float]:
    """The best match between the places each report's clause names (the chosen place first).

    A clause may name the town and its region, or the extractor may pick the wrong one of two
    towns: when the chosen places are far apart but another place the clause names is the
    other report's place (or a target is named like it: "recaptured Balakliia"), that reading wins.
    """
    best = place_match(a.place, b.place)
    if best[0] == "same":
        return best
    for pa in [a.place, *a.alt_places]:
        for pb in [b.place, *b.alt_places]:
            if pa is None or pb is None or (pa is a.place and pb is b.place):
                continue
            m = place_match(pa, pb)
            if (_RANK[m[0]], m[1]) > (_RANK[best[0]], best[1]):
                best = m
    if best[0] != "same":
        ta, tb = _named_targets(a), _named_targets(b)
        na, nb = _names(a), _names(b)
        if any(_alike(t, n) for t in ta if t for n in nb) or any(_alike(t, n) for t in tb if t for n in na):
            return "same", 0.8
    return best


def _window_match(a: tuple, b: tuple) -> tuple[str, float]:
    a0, a1, b0, b1 = _day(a[0]), _day(a[1]), _day(b[0]), _day(b[1])
    if None in (a0, a1, b0, b1):
        return "unknown", 0.0
    if a0 <= b1 and b0 <= a1:
        if a[2] and b[2]:
            return "same", 1.0
        if (a1 - a0).days <= 2 and (b1 - b0).days <= 2:
            return "same", 0.5
        return "same", 0.2  # a month or a week overlaps many events
    gap = (b0 - a1).days if b0 > a1 else (a0 - b1).days
    return ("near", 0.0) if gap <= 1 else ("far", 0.0)


def time_match(a: "Report", b: "Report") -> tuple[str, float]:
    """('same' | 'near' | 'unknown' | 'far', strength 0..1) for two event windows; another day the
    clause names ("on Sunday called Saturday's blast ...") is a second reading."""
    best = _window_match((a.day_start, a.day_end, a.day_exact), (b.day_start, b.day_end, b.day_exact))
    if best[0] == "same":
        return best
    for wa in [(a.day_start, a.day_end, a.day_exact), *map(tuple, a.alt_windows)]:
        for wb in [(b.day_start, b.day_end, b.day_exact), *map(tuple, b.alt_windows)]:
            m = _window_match(wa, wb)
            if (_RANK[m[0]], m[1]) > (_RANK[best[0]], best[1]):
                best = m
    return best


@lru_cache(maxsize=65536)
def _alike(x: str, y: str) -> bool:
    """Two words are one name: equal, or spellings of one transliteration ("Balakliia",
    "Balakleya", "Balakliya"). difflib's ratio, only for words of 5+ letters."""
    if x == y:
        return True
    return len(x) >= 5 and len(y) >= 5 and x[0] == y[0] and SequenceMatcher(None, x, y).ratio() >= NAME_RATIO


def _overlap(xs: list[dict], ys: list[dict]) -> bool:
    for x in xs:
        nx = set(_norm(x.get("name") or x.get("text")).split())
        for y in ys:
            ny = set(_norm(y.get("name") or y.get("text")).split())
            if not nx or not ny:
                continue
            shared = sum(1 for w in nx if any(_alike(w, v) for v in ny))
            if shared == min(len(nx), len(ny)) or shared / len(nx | ny) >= 0.5:
                return True
    return False



def counts_agree(a: "Report", b: "Report") -> tuple[int, int]:
    """(figures of one kind that agree, figures of one kind that disagree) between two reports."""
    agree = disagree = 0
    for ca in a.counts:
        ia = _interval(ca)
        for cb in b.counts:
            if ca.get("kind") != cb.get("kind") or ca.get("kind") == "other" or ia is None:
                continue
            ib = _interval(cb)
            if ib is None:
                continue
            if ia[0] <= ib[1] and ib[0] <= ia[1]:
                agree += 1
            else:
                disagree += 1
    return agree, disagree


@dataclass(slots=True)
class Match:
    ok: bool
    score: float
    place: str
    time: str


def compare(a: "Report", b: "Report") -> Match:
    """Whether two reports can be one event, and how much of their frame agrees."""
    extra = type_need(a.type, b.type)
    pk, ps = places_match(a, b)
    tk, ts = time_match(a, b)
    if pk == "far" or tk == "far":
        return Match(False, 0.0, pk, tk)
    both = bool(a.targets and b.targets)
    ka, kb = actor_keys(a), actor_keys(b)
    return _decide(extra, pk, ps, tk, ts, both and _overlap(a.targets, b.targets), counts_agree(a, b)[0] > 0,
                   bool(ka and kb and ka & kb), _same_trigger(a, b), a.doc_id == b.doc_id, both)


def _same_trigger(a: "Report", b: "Report") -> bool:
    return bool(a.trigger and b.trigger and _norm(a.trigger)[:5] == _norm(b.trigger)[:5])


def _decide(extra: float, pk: str, ps: float, tk: str, ts: float, overlap: bool, agree: bool, actor: bool,
            trigger: bool, same_doc: bool, both_targets: bool) -> Match:
    """``compare``'s verdict from its parts (places and days not far): kept apart so that ``Merger.best``
    can reuse parts computed for alike reports (``_compared``) and reach the very same verdict."""
    score = ps + ts
    what = 0.0
    if overlap:
        what += 0.6
    if agree:
        what += 0.5
    score += what
    if actor:
        score += 0.3
    if trigger:
        score += 0.2
    frame = score - ps - ts
    if (pk == "near" or tk == "near") and frame < STRONG_MIN:
        return Match(False, score, pk, tk)
    if not same_doc and ps < WHERE_MIN and what < WHAT_MIN and both_targets:
        # neither the town nor what was hit agrees (both name a target, different ones): a day and
        # a side are shared by dozens of events of a war
        return Match(False, score, pk, tk)
    need = MERGE_MIN + extra
    if same_doc:
        # a later sentence of one article ("..., killing 53 and injuring 75") is about its lead
        # event unless it names another place or day (gated above) or another kind of event
        need -= SAME_ARTICLE_DISCOUNT
    return Match(score >= need, score, pk, tk)


# -- clusters ---------------------------------------------------------------------------------

def _footprint(c: Cluster) -> list[tuple[float, float]] | None:
    """The town-level points of a merged event's placed reports; None when a quick reject is
    not safe (a second reading of a place, a named target, a coarser place). Cached per number of
    reports read (at most MAX_CLUSTER_REPORTS: a larger event's later reports change nothing); each
    point once (``_elsewhere`` asks whether all are far)."""
    n = min(len(c.reports), MAX_CLUSTER_REPORTS)
    if c.foot is not None and c.foot[0] == n:
        return c.foot[1]
    # extended from the reports read before (they are only ever appended; issue 15: a growing event
    # was scanned whole again at every join) when the cache was built for fewer of them
    seen = c.foot[1] if c.foot is not None and c.foot[0] is not None and 0 <= c.foot[0] < n else None
    start = c.foot[0] if seen is not None else 0
    if c.foot is not None and c.foot[0] is not None and 0 <= c.foot[0] < n and c.foot[1] is None:
        c.foot = (n, None, *c.foot[2:])  # once None (a report that makes a quick reject unsafe), always None
        return None
    pts: list[tuple[float, float]] | None = list(seen) if seen else []
    for o in c.reports[start:n]:
        if o.alt_places or _named_targets(o):
            pts = None
            break
        if _placed(o):
            if (o.place.get("precision") or "city") not in ("city", "other"):
                pts = None
                break
            pts.append((o.place["lat"], o.place["lon"]))
    if pts:
        pts = list(dict.fromkeys(pts))
    c.foot = (n, pts, *c.foot[2:]) if c.foot is not None else (n, pts)
    return pts


def _quick(r: Report) -> bool:
    """Whether ``_elsewhere`` may reject events for ``r`` at all (placed at town level, no second reading)."""
    return not (not _placed(r) or r.alt_places or _named_targets(r)
                or (r.place.get("precision") or "city") not in ("city", "other"))


def _elsewhere(r: Report, c: Cluster, near: dict | None = None, quick: bool | None = None) -> bool:
    """A quick reject before comparing with every report: both are placed at town level, no
    second reading of a place exists on either side, and every placed report is farther than
    NEAR_KM (what ``best`` would find the long way)."""
    if not (_quick(r) if quick is None else quick):
        return False
    pts = _footprint(c)
    if not pts:
        return False
    lat, lon = r.place["lat"], r.place["lon"]
    # a degree of latitude is 111 km: points more than NEAR_KM away in latitude need no haversine
    dlat = NEAR_KM / 111.0
    if near is None:
        return all(abs(p[0] - lat) > dlat or km(r.place, {"lat": p[0], "lon": p[1]}) > NEAR_KM for p in pts)
    # ``near``: each point's answer for this r, kept by Merger.best across its candidate events
    for p in pts:
        far = near.get(p)
        if far is None:
            far = near[p] = abs(p[0] - lat) > dlat or km(r.place, {"lat": p[0], "lon": p[1]}) > NEAR_KM
        if not far:
            return False
    return True


def _placed(r: Report) -> bool:
    return _located(r.place) and r.place.get("role") not in WEAK_ROLES


def _town_only(r: Report) -> bool:
    """A report whose only place reading is one town (no second place, no named target): against
    another such report of another town, ``places_match`` is the distance alone (``place_match``:
    same within 5 km, near within NEAR_KM, else far)."""
    return (_placed(r) and not r.alt_places and (r.place.get("precision") or "city") in ("city", "other")
            and not _named_targets(r))


def _town_index(c: Cluster) -> tuple[dict, list]:
    """The first MAX_CLUSTER_REPORTS reports of a merged event, the town-only ones grouped by
    (lat, lon, geonameid, day window or None) as ``[(event_id, doc_id, report)]``, the others listed; kept in ``c.foot[2]``
    and extended as reports join (the cluster's reports are only ever appended)."""
    n = min(len(c.reports), MAX_CLUSTER_REPORTS)
    foot = c.foot
    idx = foot[2] if foot is not None and len(foot) > 2 else None
    if idx is None or idx[0] > n:
        idx = [0, {}, []]
    if idx[0] < n:
        groups, rest = idx[1], idx[2]
        for o in c.reports[idx[0]:n]:
            if _town_only(o):
                window = None if o.alt_windows else (o.day_start, o.day_end, o.day_exact)
                groups.setdefault((o.place["lat"], o.place["lon"], o.place.get("geonameid"), window), []).append(
                    (o.event_id, o.doc_id, o))
            else:
                rest.append(o)
        idx[0] = n
        c.foot = (foot[0], foot[1], idx, *foot[3:]) if foot is not None else (-1, None, idx)
    return idx[1], idx[2]


def _far_split(r: Report, c: Cluster) -> tuple[list[Report], list[str]]:
    """(reports of ``c`` to compare with town-only ``r``, articles of its reports that are far
    without comparing): a town-only report of another geonameid farther than NEAR_KM, or (neither
    with a second day reading) of a window more than a day apart, is "far" in ``compare``
    (``place_match``, ``_window_match``), so it fits nothing and places nothing; ``r`` itself is skipped."""
    groups, rest = _town_index(c)
    todo = list(rest)
    far: list[str] = []
    gid = r.place.get("geonameid")
    mine = None if r.alt_windows else (r.day_start, r.day_end, r.day_exact)
    for (lat, lon, g, window), members in groups.items():
        # time_match without second readings is _window_match alone: days more than one apart are far
        if ((mine is not None and window is not None and _window_match(mine, window)[0] == "far")
                or ((g is None or g != gid) and km(r.place, {"lat": lat, "lon": lon}) > NEAR_KM)):
            far.extend(d for e, d, _o in members if e != r.event_id)
        else:
            todo.extend(o for _e, _d, o in members)
    return todo, far


# Place fields compare() reads (place_match, _located, _names, WEAK_ROLES); the others (offsets,
# confidence, admin1, feature) never decide a comparison.
_PLACE_READ = ("role", "resolved", "lat", "lon", "geonameid", "name", "text", "precision", "country")
# compare() answered from parts computed once per distinct key within one ``Merger.best`` (issue 15: a
# large event's reports of one town are mostly alike in what compare() reads); False compares every report.
MEMO = True


def _place_sig(p: dict | None) -> tuple | None:
    return None if p is None else tuple(p.get(k) for k in _PLACE_READ)


def _keys(o: Report) -> tuple:
    """What ``compare(r, o)`` reads of ``o``, as keys of its parts (each a repr, so that values equal
    under ``==`` but of another type, 1 / 1.0 / True, stay apart), besides its article (``doc_id``:
    compared for equality only, keyed apart):

    0 places (``places_match``: the places' read fields, which alternative is the chosen one, the
    named targets), 1 days (``time_match``), 2 the type, 3 targets (``_overlap``: each target's word
    set), 4 figures (``counts_agree``: kind and what ``_interval`` reads; an 'other' figure never counts), 5 sides
    blamed, 6 the trigger's first letters, and 7 all of them together.
    """
    keys = (
        repr((_place_sig(o.place), tuple(_place_sig(p) for p in o.alt_places),
              tuple(p is o.place for p in o.alt_places), sorted(_named_targets(o)))),
        repr((o.day_start, o.day_end, o.day_exact, tuple(tuple(w) for w in o.alt_windows))),
        repr(o.type),
        repr(tuple(tuple(sorted(set(_norm(t.get("name") or t.get("text")).split()))) for t in o.targets)),
        repr(tuple((x.get("kind"),) if x.get("kind") == "other" else
                   (x.get("kind"), x.get("value"), x.get("low"), x.get("high"), x.get("qualifier")) for x in o.counts)),
        repr(sorted(repr(k) for k in actor_keys(o))),
        repr((bool(o.trigger), _norm(o.trigger)[:5] if o.trigger else None)),
    )
    return (*keys, "\x00".join(keys))


def _sigs(c: Cluster) -> dict[int, tuple[Report, tuple]]:
    """id(report) -> (report, its ``_keys``) for a merged event's compared reports, kept in ``c.foot[3]``
    and extended as reports join (each report's keys are computed once per merging run)."""
    foot = c.foot
    if foot is None:
        foot = c.foot = (-1, None, None, {})
    elif len(foot) < 4:
        foot = c.foot = (*foot, *(None,) * (3 - len(foot)), {})
    return foot[3]


def _compared(r: Report, other: Report, sigs: dict[int, tuple[Report, tuple]], memo: dict) -> tuple:
    """(fits, merges, score, same place, other placed) of ``compare(r, other)``, from ``memo`` when a
    report of the same keys (and the same answer to "same article as r") was compared already, else
    from the parts (``_decide``) of alike reports."""
    hit = sigs.get(id(other))
    if hit is None or hit[0] is not other:
        hit = sigs[id(other)] = (other, _keys(other))
    return _verdict(r, other, hit[1], other.doc_id == r.doc_id, _placed(other), memo)


def _verdict(r: Report, other: Report, keys: tuple, same_doc: bool, oplaced: bool, memo: dict) -> tuple:
    """``_compared`` for a report whose ``_keys`` and ``_placed`` are known, ``same_doc``: whether it is of
    r's article."""
    out = memo.get((keys[7], same_doc))
    if out is not None:
        return out
    rkey = memo.get("rk")  # r's _keys()[7], set by Merger.best when VERDICT_RUN
    if rkey is not None:
        got = _VERDICTS.get((rkey, keys[7], same_doc))
        if got is not None:
            out = memo[(keys[7], same_doc)] = (*got, oplaced)
            return out
    place = memo.get((0, keys[0]))
    if place is None:
        place = memo[(0, keys[0])] = places_match(r, other)
    time = memo.get((1, keys[1]))
    if time is None:
        time = memo[(1, keys[1])] = time_match(r, other)
    pk, ps = place
    tk, ts = time
    if pk == "far" or tk == "far":
        m = Match(False, 0.0, pk, tk)
    else:
        extra = memo.get((2, keys[2]))
        if extra is None:
            extra = memo[(2, keys[2])] = type_need(r.type, other.type)
        both = bool(r.targets and other.targets)
        overlap = False
        if both:
            overlap = memo.get((3, keys[3]))
            if overlap is None:
                overlap = memo[(3, keys[3])] = _overlap(r.targets, other.targets)
        agree = memo.get((4, keys[4]))
        if agree is None:
            agree = memo[(4, keys[4])] = counts_agree(r, other)[0] > 0
        actor = memo.get((5, keys[5]))
        if actor is None:
            ka, kb = actor_keys(r), actor_keys(other)
            actor = memo[(5, keys[5])] = bool(ka and kb and ka & kb)
        trigger = memo.get((6, keys[6]))
        if trigger is None:
            trigger = memo[(6, keys[6])] = _same_trigger(r, other)
        m = _decide(extra, pk, ps, tk, ts, overlap, agree, actor, trigger, same_doc, both)
    ok = m.place != "far" and m.time != "far"
    out = memo[(keys[7], same_doc)] = (ok, m.ok, m.score, m.place == "same", oplaced)
    if rkey is not None:
        if len(_VERDICTS) >= VERDICT_CACHE:
            _VERDICTS.clear()
        _VERDICTS[(rkey, keys[7], same_doc)] = out[:4]
    return out


def _groups(c: Cluster) -> dict[Any, list]:
    """A merged event's first MAX_CLUSTER_REPORTS reports grouped by town key (``_town_index``'s for a
    town-only report, else None) as ``[its articles, its event ids, {_keys: [a report, its articles,
    its event ids, placed]}]``; kept in ``c.foot[3]`` and extended as reports join (issue 15:
    ``Merger.best`` visits a large event's groups of alike reports, not each of its reports)."""
    idx = _sigs(c).setdefault("index", {})
    n = min(len(c.reports), MAX_CLUSTER_REPORTS)
    if idx.get("n", 0) > n:
        idx.clear()
    towns = idx.setdefault("towns", {})
    for o in c.reports[idx.get("n", 0):n]:
        town = None
        if _town_only(o):
            town = (o.place["lat"], o.place["lon"], o.place.get("geonameid"),
                    None if o.alt_windows else (o.day_start, o.day_end, o.day_exact))
        t = towns.get(town)
        if t is None:
            t = towns[town] = [set(), set(), {}]
        t[0].add(o.doc_id)
        t[1].add(o.event_id)
        keys = _keys(o)
        g = t[2].get(keys)
        if g is None:
            g = t[2][keys] = [o, set(), set(), _placed(o)]
        g[1].add(o.doc_id)
        g[2].add(o.event_id)
    idx["n"] = n
    return towns


# Merger.best decides place and days once per group of alike reports and bounds the score (Merger._pruned);
# False visits every group of alike reports (Merger._grouped: the path before; tests, bench).
PRUNE = True
# what each frame part adds to a score (_decide), in _bits order: targets, figures, sides, trigger
_PARTS = (0.6, 0.5, 0.3, 0.2)
# Merger._pruned looks for the score in the groups of highest bound first and stops at the first that cannot
# beat what is found (Merger._top_in_order); False visits them in the index's order (the path before; tests, bench).
SCORE_ORDER = True
# Merger._pruned extends an event's gates for a report's place and days keys with the reports the event gained
# since (Merger._gates_extend) instead of deciding them again from all its reports; False: the path before.
GATES_EXTEND = True
GATES_PER_EVENT = 4096  # Merger._pruned's answers kept per merged event (by place and days keys), cleared when full
_SLACK = 1e-9  # _bound adds the parts in another order than _decide: rounding must never make it smaller


# places_match / time_match answers by (kind, one report's key, the other's key) for a whole merging run
# (issue 15: a report's place and days are alike across thousands of reports of a few towns, while the
# per-best() memo starts empty for every report). Both read only what keys 0 and 1 hold (_keys), on
# either side. Cleared when full and at the start of merge_pending / merge.
PAIR_CACHE = 300_000
_PAIRS: dict = {}


# _verdict's answers by (r's keys, the other's keys, same article) for a whole merging run (issue 15: the score
# verdicts were a sixth of the merge and the per-best() memo starts empty for every report, while reports alike
# in every key compare() reads are many: an agency text's copies, one town's daily tallies). compare() reads only
# what the keys hold, on either side (_keys; tests/test_events_merge_pair*). Cleared with _PAIRS; False: per report.
VERDICT_RUN = True
VERDICT_CACHE = 300_000
_VERDICTS: dict = {}


def _pair(kind: int, r: Report, rkey: str, other: Report, okey: str) -> tuple[str, float]:
    key = (kind, rkey, okey)
    out = _PAIRS.get(key)
    if out is None:
        if len(_PAIRS) >= PAIR_CACHE:
            _PAIRS.clear()
        out = _PAIRS[key] = places_match(r, other) if kind == 0 else time_match(r, other)
    return out


def _bits(o: Report) -> int:
    """Which frame parts ``o`` has at all (a part scores only when both reports have it, ``_decide``)."""
    return (bool(o.targets) | bool(o.counts) << 1 | bool(actor_keys(o)) << 2 | bool(o.trigger) << 3)


def _bound(base: float, bits: int) -> float:
    """The most a comparison can score with place + day ``base`` and only the frame parts in ``bits``."""
    out = base + _SLACK
    for k, v in enumerate(_PARTS):
        if bits >> k & 1:
            out += v
    return out


def _pt_index(c: Cluster) -> tuple[dict, set]:
    """A merged event's first MAX_CLUSTER_REPORTS reports as ``({town key: [its articles, {(place key,
    days key): [a report, its articles, any placed, {_bits: {_keys: [a report, its articles, placed]}}, its
    articles' mask]}]}, their event ids)``, the town key as in ``_groups``; kept in ``_sigs(c)`` and extended as
    reports join (with the groups by (town key, (place key, days key)), each article's bit in the masks, and the
    log of reports read that ``Merger._gates_extend`` extends its answers with)."""
    n = min(len(c.reports), MAX_CLUSTER_REPORTS)
    idx = _sigs(c).get("pt")
    if idx is not None and idx.get("n") == n:  # nothing new (most calls: a candidate event gains few reports)
        return idx["towns"], idx["eids"]
    idx = _sigs(c).setdefault("pt", {})
    if idx.get("n", 0) > n:
        idx.clear()
    towns = idx.setdefault("towns", {})
    eids = idx.setdefault("eids", set())
    log = idx.setdefault("log", [])
    groups = idx.setdefault("groups", {})  # (town key, (place key, days key)) -> its group, in order first read
    dbits = idx.setdefault("dbits", {})  # doc_id -> its article's bit in the groups' article masks
    for o in c.reports[idx.get("n", 0):n]:
        town = None
        if _town_only(o):
            town = (o.place["lat"], o.place["lon"], o.place.get("geonameid"),
                    None if o.alt_windows else (o.day_start, o.day_end, o.day_exact))
        t = towns.get(town)
        if t is None:
            t = towns[town] = [set(), {}]
        t[0].add(o.doc_id)
        eids.add(o.event_id)
        keys = _keys(o)
        oplaced = _placed(o)
        pkey = (keys[0], keys[1])
        pt = t[1].get(pkey)
        if pt is None:
            pt = t[1][pkey] = groups[(town, pkey)] = [o, set(), False, {}, 0]
        bit = dbits.get(o.doc_id)
        if bit is None:
            bit = dbits[o.doc_id] = 1 << len(dbits)
        pt[1].add(o.doc_id)
        pt[2] = pt[2] or oplaced
        pt[4] |= bit
        g = pt[3].setdefault(_bits(o), {}).get(keys)
        if g is None:
            g = pt[3][_bits(o)][keys] = [o, set(), oplaced]
        g[1].add(o.doc_id)
        # Merger._gates_extend reads the new entries: the report's (town, place/days) key, group, article bit, placed
        log.append(((town, pkey), pt, bit, oplaced))
    idx["n"] = n
    return towns, eids


def _has_report(c: Cluster, event_id: str) -> bool:
    """Whether a report of this id is in ``c`` already: the ids of its reports kept in ``_sigs(c)`` and extended as
    reports join (issue 15: every join scanned all of a large event's reports, thousands on this corpus)."""
    kept = _sigs(c).get("ids")
    if kept is None or kept[0] > len(c.reports):
        kept = _sigs(c)["ids"] = [0, set()]
    if kept[0] < len(c.reports):
        kept[1].update(x.event_id for x in c.reports[kept[0]:])
        kept[0] = len(c.reports)
    return event_id in kept[1]


def cluster_id_of(first: Report) -> str:
    return "ev-" + first.event_id[:12]


def _place_time(r: Report, rk: tuple, other: Report, k0, k1, memo: dict) -> tuple:
    """The place and the days answers of ``r`` against a group's first report (``_pair``), kept in ``memo``
    by the group's place key ``k0`` and days key ``k1`` (``Merger._gates`` and ``Merger._gates_extend``)."""
    place = memo.get((0, k0))
    if place is None:
        place = memo[(0, k0)] = _pair(0, r, rk[0], other, k0)
    time = memo.get((1, k1))
    if time is None:
        time = memo[(1, k1)] = _pair(1, r, rk[1], other, k1)
    return place, time


def _far_town(r: Report, town: tuple, mine, gid, far_memo: dict) -> bool:
    """Whether a town key (lat, lon, geonameid, day window) is far from ``r`` in place or days, memoised
    per town in ``far_memo`` (one test for ``Merger._grouped`` and ``Merger._gates``)."""
    far = far_memo.get(town)
    if far is None:
        lat, lon, g, window = town
        far = far_memo[town] = bool(
            (mine is not None and window is not None and _window_match(mine, window)[0] == "far")
            or ((g is None or g != gid) and km(r.place, {"lat": lat, "lon": lon}) > NEAR_KM))
    return far


def _groups_top(r: Report, kgroups: dict, memo: dict, top: float) -> float:
    """The best score above ``top`` that a fitting report of ``kgroups`` gives ``r`` (else ``top``): the
    score search of ``Merger._pruned`` and ``Merger._top_in_order`` (a report of ``r``'s own article is
    tried as the same article, and as another one when the group holds another article too)."""
    for keys, (rep, docs, oplaced) in kgroups.items():
        if r.doc_id in docs:
            sides = ((False, len(docs) > 1), (True, True))
        else:
            sides = ((False, True),)
        for same_doc, some in sides:
            if not some:
                continue
            _ok, mok, score, _same, _op = _verdict(r, rep, keys, same_doc, oplaced, memo)
            if mok and score > top:
                top = score
    return top


class Merger:
    """Incremental merging: each report joins the best compatible cluster or starts one.

    A report joins a cluster when it is compatible with every report of it (no far place or
    day, compatible types) and agrees well enough with at least one (single-link score,
    complete-link gates: a cluster cannot chain from one town to the next).
    """

    def __init__(self, clusters: list[Cluster] | None = None):
        self.clusters: dict[str, Cluster] = {c.cluster_id: c for c in clusters or []}

    def best(self, r: Report, candidates: list[Cluster] | None = None) -> Cluster | None:
        best, best_score = None, -1.0
        simple = _town_only(r)
        memo: dict = {}  # keys of an other report (and same article or not) -> what compare(r, it) decided (_compared)
        far_memo: dict = {}  # town key -> whether a town-only report there is far from r (_far_split's test)
        rk = _keys(r) if MEMO and PRUNE else None
        if rk is not None and VERDICT_RUN:
            memo["rk"] = rk[7]
        near: dict | None = {} if PRUNE else None  # a footprint point -> whether it is within NEAR_KM of r
        quick = _quick(r)  # once per report, not per candidate event
        for c in candidates if candidates is not None else list(self.clusters.values()):
            if quick and _elsewhere(r, c, near, True):
                continue
            if MEMO:
                if PRUNE:
                    fit = self._pruned(r, c, simple, memo, far_memo, best_score, rk)
                else:
                    fit = self._grouped(r, c, simple, memo, far_memo)
                if fit is not None:
                    if fit > best_score:
                        best, best_score = c, fit
                continue
            top = -1.0
            fits: dict[str, bool] = {}  # per article: does any of its reports fit this one
            placed = located = False
            if simple:
                # the cluster's town-only reports farther than NEAR_KM from this one's town are
                # "far" without comparing them (what compare() would find: issue 15, merging cost)
                rest, far_docs = _far_split(r, c)
                if far_docs:
                    located = True
                    for d in far_docs:
                        fits.setdefault(d, False)
            else:
                rest = c.reports[:MAX_CLUSTER_REPORTS]
            for other in rest:
                if other.event_id == r.event_id:
                    continue
                m = compare(r, other)
                located = located or _placed(other)
                ok = m.place != "far" and m.time != "far"
                fits[other.doc_id] = fits.get(other.doc_id, False) or ok
                if ok:
                    placed = placed or m.place == "same"
                    if m.ok:
                        top = max(top, m.score)
            # counted per article: one article's later sentences must not outvote the others
            if fits and sum(not v for v in fits.values()) > MAX_INCOMPATIBLE * len(fits):
                continue
            if located and _placed(r) and not placed:
                continue  # both know where it happened, and no report of it puts it where this one does
            if top > best_score:
                best, best_score = c, top
        return best if best_score >= 0 else None

    @staticmethod
    def _grouped(r: Report, c: Cluster, simple: bool, memo: dict, far_memo: dict) -> float | None:
        """What the loop of ``best`` finds for ``c`` (its best score, or None when ``c`` is no fit), one
        comparison per group of alike reports (``_groups``): fits, located and placed are ORs and the
        score a max over the reports, so a group answers for all its reports; a town-only ``r`` skips
        the far town-only groups as ``_far_split`` does."""
        top = -1.0
        trues: set[str] = set()  # articles with a report that fits r
        falses: set[str] = set()  # articles with a report that does not
        placed = located = False
        gid = r.place.get("geonameid") if simple else None
        mine = None if (not simple or r.alt_windows) else (r.day_start, r.day_end, r.day_exact)
        for town, (tdocs, teids, kgroups) in _groups(c).items():
            if simple and town is not None:
                far = _far_town(r, town, mine, gid, far_memo)
                if far:
                    if r.event_id in teids:  # r itself is skipped
                        tdocs = {o.doc_id for o in c.reports[:MAX_CLUSTER_REPORTS]
                                 if o.event_id in teids and o.event_id != r.event_id}
                    if tdocs:
                        located = True
                        falses.update(tdocs)
                    continue
            for keys, (rep, docs, eids, oplaced) in kgroups.items():
                if r.event_id in eids:  # r itself is skipped: its group's other reports
                    members = [o for o in c.reports[:MAX_CLUSTER_REPORTS]
                               if o.event_id in eids and o.event_id != r.event_id]
                    if not members:
                        continue
                    rep, docs = members[0], {o.doc_id for o in members}
                if r.doc_id in docs:
                    sides = ((False, docs - {r.doc_id}), (True, (r.doc_id,)))
                else:
                    sides = ((False, docs),)
                for same_doc, these in sides:
                    if not these:
                        continue
                    ok, mok, score, same, oplaced = _verdict(r, rep, keys, same_doc, oplaced, memo)
                    located = located or oplaced
                    (trues if ok else falses).update(these)
                    if ok:
                        placed = placed or same
                        if mok:
                            top = max(top, score)
        total = len(trues | falses)
        # counted per article: one article's later sentences must not outvote the others
        if total and len(falses - trues) > MAX_INCOMPATIBLE * total:
            return None
        if located and _placed(r) and not placed:
            return None  # both know where it happened, and no report of it puts it where this one does
        return top

    @staticmethod
    def _pruned(r: Report, c: Cluster, simple: bool, memo: dict, far_memo: dict, floor: float,
                rk: tuple) -> float | None:
        """``_grouped`` with less work and the same choice in ``best`` (issue 15): whether a report of ``c``
        fits ``r`` and puts it in the same place depends on its place and days alone, so those are decided
        once per group of reports alike in them (``_pt_index``); an event that places ``r`` nowhere it does
        is dropped before any article set is built; and the score (a max over the fitting reports) is
        looked for only in groups whose most it could reach (place + day + the frame parts both sides
        have: ``_bound``) beats both the score found and ``floor``, the best of the events before ``c``
        (``best`` takes ``c`` only for more than ``floor``, so a smaller answer stands for any other). A
        report of ``c`` that is ``r`` itself sends ``c`` the long way (``_grouped``)."""
        towns, eids = _pt_index(c)
        if r.event_id in eids:
            return Merger._grouped(r, c, simple, memo, far_memo)
        # everything up to the score depends on r's place and days keys alone (and on c's reports read):
        # kept per event for the next reports alike in them (issue 15: most candidates of a report fail
        # these gates, and the reports of one town and day are many)
        pti = _sigs(c)["pt"]
        gates = pti.setdefault("gates+" if GATES_EXTEND else "gates", {})
        n = pti["n"]
        hit = gates.get((rk[0], rk[1]))
        if GATES_EXTEND:
            if hit is None:
                if len(gates) >= GATES_PER_EVENT:
                    gates.clear()
                hit = gates[(rk[0], rk[1])] = [0, False, False, 0, 0, [], set()]
            ok_pts = Merger._gates_extend(r, pti, simple, memo, far_memo, rk, hit)
            if ok_pts is not None and SCORE_ORDER:
                # the groups in bound order, kept with the gates while the event's reports read stay the same
                rbits = _bits(r)
                if len(hit) < 8 or hit[7][0] != hit[0] or hit[7][1] != rbits:
                    del hit[7:]
                    hit.append((hit[0], rbits, Merger._in_order(ok_pts, rbits)))
                return Merger._top_in_order(r, ok_pts, rbits, floor, memo, hit[7][2])
        elif hit is not None and hit[0] == n:
            ok_pts = hit[1]
        else:
            if len(gates) >= GATES_PER_EVENT:
                gates.clear()
            ok_pts = Merger._gates(r, towns, simple, memo, far_memo, rk)
            gates[(rk[0], rk[1])] = (n, ok_pts)
        if ok_pts is None:
            return None
        top = -1.0
        rbits = _bits(r)
        if SCORE_ORDER:
            return Merger._top_in_order(r, ok_pts, rbits, floor, memo)
        for pt, base, m0, place, m1, time in ok_pts:
            memo.setdefault(m0, place)  # _verdict's parts, when the gates came from an earlier report
            memo.setdefault(m1, time)
            for bits, kgroups in pt[3].items():
                if _bound(base, bits & rbits) <= max(top, floor):
                    continue  # no report of these can score more than what is found (or beaten) already
                top = _groups_top(r, kgroups, memo, top)
        return top

    @staticmethod
    def _top_in_order(r: Report, ok_pts: list, rbits: int, floor: float, memo: dict,
                      entries: list | None = None) -> float:
        """``_pruned``'s score search with the groups visited by their bound (``_bound``), highest first, and
        stopped at the first whose bound cannot beat the score found or ``floor`` (issue 15: the score
        verdicts were a sixth of the merge). Same answer wherever ``best`` reads it: a max does not depend
        on the order it is taken in, and a skipped group's every report scores at most its bound, so the
        score returned above ``floor`` is the max over all fitting reports, as in ``_pruned``'s loop (at or
        below ``floor`` both answers lose to the event found before)."""
        if entries is None:
            entries = Merger._in_order(ok_pts, rbits)
        top = -1.0
        for bound, kgroups, x in entries:
            if bound <= top or bound <= floor:
                break  # this group and every later one: no report can score more than what is found (or beaten)
            memo.setdefault(x[2], x[3])  # _verdict's parts, when the gates came from an earlier report
            memo.setdefault(x[4], x[5])
            top = _groups_top(r, kgroups, memo, top)
        return top

    @staticmethod
    def _in_order(ok_pts: list, rbits: int) -> list:
        """The fitting groups' reports by frame parts as (bound, those reports, the group's gate entry), highest
        bound first (ties in the gates' order): what ``_top_in_order`` walks. ``Merger._pruned`` keeps it with an
        event's gates for a report's place, days and frame parts (``_bits``) while the event's reports read stay
        the same (issue 15: it was built and sorted again for every candidate event of every report)."""
        entries = []
        for x in ok_pts:
            base = x[1]
            for bits, kgroups in x[0][3].items():
                entries.append((_bound(base, bits & rbits), kgroups, x))
        entries.sort(key=lambda e: e[0], reverse=True)
        return entries

    @staticmethod
    def _gates(r: Report, towns: dict, simple: bool, memo: dict, far_memo: dict, rk: tuple) -> list | None:
        """For ``_pruned``: None when the event is no fit for ``r`` whatever the frame (a report placed
        elsewhere by all of it, or too many of its articles far), else its groups that fit ``r`` as
        (group, place + day score, memo key and answer of the place, of the days)."""
        placed = located = False
        ok_pts: list = []
        far_docs: list = []
        gid = r.place.get("geonameid") if simple else None
        mine = None if (not simple or r.alt_windows) else (r.day_start, r.day_end, r.day_exact)
        for town, (tdocs, pts) in towns.items():
            if simple and town is not None:
                far = _far_town(r, town, mine, gid, far_memo)
                if far:
                    located = True  # town-only reports are placed
                    far_docs.append(tdocs)
                    continue
            for (k0, k1), pt in pts.items():
                place, time = _place_time(r, rk, pt[0], k0, k1, memo)
                located = located or pt[2]
                if place[0] == "far" or time[0] == "far":
                    far_docs.append(pt[1])
                else:
                    placed = placed or place[0] == "same"
                    ok_pts.append((pt, place[1] + time[1], (0, k0), place, (1, k1), time))
        if located and not placed and _placed(r):
            return None  # both know where it happened, and no report of it puts it where this one does
        trues: set[str] = set()
        for x in ok_pts:
            trues.update(x[0][1])
        falses: set[str] = set()
        for docs in far_docs:
            falses.update(docs)
        total = len(trues | falses)
        # counted per article: one article's later sentences must not outvote the others
        if total and len(falses - trues) > MAX_INCOMPATIBLE * total:
            return None
        return ok_pts

    @staticmethod
    def _gates_extend(r: Report, pti: dict, simple: bool, memo: dict, far_memo: dict, rk: tuple,
                      st: list) -> list | None:
        """``_gates``' answer, kept per merged event and per place + days keys of ``r`` in ``st`` and extended
        with the event's reports read since (``pti``: ``_pt_index``'s index, its log) instead of computed again
        from all of them whenever the event gains a report (issue 15: ``_gates`` was a third of the merge, its
        answers dropped at every join). ``st``: [log entries read, located, placed, the articles with a fitting
        report, the articles read (both as masks of ``_pt_index``'s article bits), the fitting groups (as
        ``_gates`` lists them), their (town, keys)]. Same answer: located and placed are ORs over the reports; a
        group's place and days answers depend on its keys alone, so a new answer is decided once per group of
        the event (its articles' mask, placed and report all kept with the group: issue 15, a fresh answer
        walked every report of the event, ~220 candidate events per report) and extended per report logged
        since; an article fits when one of its reports is in a fitting group (the OR of the fitting groups'
        article masks); the groups fitting are listed once each, in the order their first report was read (the
        score search's max does not depend on it)."""
        log = pti["log"]
        pos = st[0]
        if pos < len(log):
            located, placed, fitm, allm, ok_pts, seen = st[1:7]
            gid = r.place.get("geonameid") if simple else None
            mine = None if (not simple or r.alt_windows) else (r.day_start, r.day_end, r.day_exact)
            # nothing read yet: each group once (its article mask and placed are those of every report logged)
            todo = ((gk, pt, pt[4], pt[2]) for gk, pt in pti["groups"].items()) if pos == 0 else log[pos:]
            for gk, pt, bit, oplaced in todo:
                allm |= bit
                town = gk[0]
                if simple and town is not None and _far_town(r, town, mine, gid, far_memo):
                    located = True  # town-only reports are placed
                    continue
                k0, k1 = gk[1]
                place, time = _place_time(r, rk, pt[0], k0, k1, memo)
                located = located or oplaced
                if place[0] != "far" and time[0] != "far":
                    fitm |= bit
                    placed = placed or place[0] == "same"
                    if gk not in seen:
                        seen.add(gk)
                        ok_pts.append((pt, place[1] + time[1], (0, k0), place, (1, k1), time))
            st[:5] = [len(log), located, placed, fitm, allm]
        if st[1] and not st[2] and _placed(r):
            return None  # both know where it happened, and no report of it puts it where this one does
        total = st[4].bit_count()
        # counted per article: one article's later sentences must not outvote the others
        if total and total - st[3].bit_count() > MAX_INCOMPATIBLE * total:
            return None
        return st[5]

    def add(self, r: Report, candidates: list[Cluster] | None = None) -> Cluster:
        c = self.best(r, candidates)
        if c is None:
            c = Cluster(cluster_id_of(r), [])
            while c.cluster_id in self.clusters:
                c.cluster_id += "x"
            self.clusters[c.cluster_id] = c
        elif c.cluster_id not in self.clusters:
            self.clusters[c.cluster_id] = c
        if not _has_report(c, r.event_id):
            c.reports.append(r)
        return c


def merge(reports: list[Report]) -> list[Cluster]:
    """Merge reports in publication order (undated last), as they would arrive."""
    _PAIRS.clear()
    _VERDICTS.clear()
    m = Merger()
    for r in sorted(reports, key=lambda x: (x.published is None, x.published or "", x.doc_id, x.start)):
        m.add(r)
    return list(m.clusters.values())


# -- the store --------------------------------------------------------------------------------

@dataclass(slots=True)
class MergeReport:
    articles: int = 0
    reports: int = 0
    new_events: int = 0
    joined: int = 0
    events_touched: int = 0
    # reports whose day window held more merged events than store.events.MAX_CANDIDATES (each compared with the
    # nearest by place and day: _Windows.choose), more than store.events.MAX_WINDOW (ids past it not read), the largest
    candidates_cut: int = 0
    window_cut: int = 0
    window_max: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


BATCH = 200  # articles per transaction
# merge_pending rewrites the merged records its batches touched once every this many batches and at the end (issue
# 15: an event of ~2,000 reports was rewritten whole by every batch that gave it one): the same final records; a run
# stopped in between leaves those events with fewer reports counted than stored, rewritten when merging starts again
# (store.events.unwritten_clusters). A report saved again (moved between events) rewrites at once. 1: every batch.
REWRITE_EVERY = 10
# merge_pending rewrites a touched merged event from the reports it holds (checked against the stored
# count) instead of reading them again; False reads every one from the store (the path before; tests).
REFRESH_FROM_MEMORY = True
CLUSTER_CACHE = 20_000  # merged events kept decoded in memory during one merging run
# ... and at most about this many of their reports (least recently used events dropped first; issue 15: at 100k
# articles 20,000 events of this corpus hold over a million reports, each with its indexes: many GB; merging goes
# in publication order, so a dropped event is seldom a candidate again, and then it is read from the store)
CACHE_REPORTS = 250_000


# merge_pending reads each article's copy / rewrite / embeds links once per merging run (_Links) instead of
# looking up the links among all of a touched event's articles in every batch; False: store.events.fold_links
# for every rewrite (the path before; tests, bench).
LINKS_FROM_MEMORY = True
LINKS_CACHE = 200_000  # articles whose fold links _Links keeps (cleared when full: they are read again)


class _Links:
    """``store.events.fold_links`` answered from each article's fold links, read once per merging run (issue
    15: the lookup among every article of a large event, in every batch that touched it, was a seventh of
    the merge). Merging writes no link; a commit by another connection (a linking process) is seen by
    ``fresh`` (SQLite's data_version), which forgets what was read. Same rows: those with both ends in the
    set (in another order: the record's independence does not depend on it, ``independence.groups``)."""

    def __init__(self, store):
        from ..store import events as ev

        self.store = store
        self.out: dict[str, list[tuple[str, str, str]]] = {}
        self.version = ev.data_version(store)

    def fresh(self) -> bool:
        """Forget everything when another connection committed since; True when nothing was forgotten."""
        from ..store import events as ev

        v = ev.data_version(self.store)
        if v == self.version:
            return True
        self.version = v
        self.out.clear()
        return False

    def among(self, doc_ids: list[str]) -> list[tuple[str, str, str]]:
        from ..store import events as ev

        if len(doc_ids) < 2:
            return []
        ids = sorted(set(doc_ids))
        missing = [d for d in ids if d not in self.out]
        if missing:
            if len(self.out) + len(missing) > LINKS_CACHE:
                self.out.clear()
            self.out.update(ev.fold_links_from(self.store, missing))
        inside = set(ids)
        return [row for d in ids for row in self.out[d] if row[1] in inside]


def _refresh(c, store, cluster_ids: set[str], held: dict[str, Cluster] | None = None,
             agencies: dict[str, str | None] | None = None, links: _Links | None = None) -> None:
    """Rewrite the merged records of ``cluster_ids`` from their reports: those of ``held`` (merged events
    whose reports this run holds in memory exactly as stored, in the store's order) without reading and
    decoding them again (issue 15: re-reading every report of a large event in every batch grew with
    the store), the others read from the store. A held event whose stored count of reports differs
    (an id met twice, a report saved again elsewhere) is read from the store all the same.
    ``agencies``: doc_id -> agency as read from the store earlier in this merging run (filled here; merging
    writes no article, so it stays what the store says; issue 15: json_extract over every article of a
    large event in every batch was a fifth of the merge), or None to read them all now. ``links``: the fold
    links read earlier in this run (``_Links``), or None to look them up in the store now."""
    from ..store import events as ev

    held = held or {}
    mem = [cid for cid in cluster_ids if cid in held]
    if mem:
        counts = ev.report_counts(store, mem)
        mem = [cid for cid in mem if counts.get(cid, 0) == len(held[cid].reports)]
    mem_set = set(mem)
    stored = ev.cluster_reports(store, sorted(cid for cid in cluster_ids if cid not in mem_set))
    for cid in sorted(cluster_ids):
        own = cid not in mem_set
        rs = list(held[cid].reports) if not own else [Report.from_dict(d) for d in stored.get(cid, [])]
        if not rs:
            ev.delete_event(c, cid)
            continue
        if agencies is None:
            agency = ev.agencies(store, [r.doc_id for r in rs])
        else:
            missing = [r.doc_id for r in rs if r.doc_id not in agencies]
            if missing:
                agencies.update(ev.agencies(store, missing))
            agency = agencies
        # the agency stage's answer as stored now; a held report (one merging compares) is never changed: a copy
        # takes another agency (issue 15: copying every report of a large event at every rewrite was not needed)
        for k, r in enumerate(rs):
            a = agency.get(r.doc_id, r.agency)
            if own:
                r.agency = a
            elif a != r.agency:
                rs[k] = Report.from_dict({**r.to_dict(), "agency": a})
        docs = [r.doc_id for r in rs]
        rec = record(Cluster(cid, rs), links.among(docs) if links is not None else ev.fold_links(store, docs))
        ev.save_event(c, rec, _record_json(rec, rs, keep=not own))


# merge_pending encodes a rewritten record with each report's JSON kept from its last rewrite (_record_json; issue 15:
# encoding a large event's every report again at every rewrite was a third of the rewrite); False: json.dumps whole.
RECORD_JSON_PARTS = True
FRAG_CACHE = 150_000  # reports whose JSON _record_json keeps (cleared when full)
_FRAGS: dict[int, tuple[Report, str | None, str]] = {}


def _record_json(rec: dict[str, Any], rs: list[Report], keep: bool = True) -> str | None:
    """``json.dumps(rec, ensure_ascii=False)`` for ``rec = record(Cluster(_, rs), _)``, each report's part kept by
    the report object (and its agency) across rewrites; None when RECORD_JSON_PARTS is off. Same text: with no
    indent, the encoder writes a dict as its ``key: value`` items joined by ", " and a list as its items joined
    by ", ", each item encoded as it would be alone (tests/test_events_merge_json.py); ``rec["reports"]`` is
    ``[r.to_dict() for r in in_order(rs)]`` (``record``). Reports are never changed once built (a held one gets
    a copy for another agency, ``_refresh``), so a kept part stays that report's JSON. ``keep``: False for reports
    read for this rewrite alone (encoded, not kept)."""
    if not RECORD_JSON_PARTS:
        return None
    parts = []
    for r in in_order(rs):
        hit = _FRAGS.get(id(r)) if keep else None
        if not keep:
            parts.append(json.dumps(r.to_dict(), ensure_ascii=False))
            continue
        if hit is None or hit[0] is not r or hit[1] != r.agency:
            if len(_FRAGS) >= FRAG_CACHE:
                _FRAGS.clear()
            hit = _FRAGS[id(r)] = (r, r.agency, json.dumps(r.to_dict(), ensure_ascii=False))
        parts.append(hit[2])
    reports = "[" + ", ".join(parts) + "]"
    return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + (
        reports if k == "reports" else json.dumps(v, ensure_ascii=False)) for k, v in rec.items()) + "}"


WINDOW_SETS = 64  # day windows whose candidate events merge_pending keeps in memory (least recently used dropped)
# When a report's day window holds more than store.events.MAX_CANDIDATES merged events, merge_pending compares it with
# the MAX_CANDIDATES it could most likely join (_Windows.choose) instead of the first ids in id order (issue 15: ids are
# hashes, so that kept an arbitrary subset; on the real 100k store at ~37k merged most reports' windows held more than
# 500 events). False: the first ids in order (the code before; bench/linkscale.py --no-rank-candidates).
RANK_CANDIDATES = True
WHERE_CACHE = 200_000  # merged events whose place/day summary _Windows keeps (all forgotten when full, read again)
GRID_DEG = 0.5  # grid cell of the town-point index, in degrees: 55 km of latitude, >= 33 km of longitude below 48.5 N
_NAMELESS = ("The", "A", "An")


class _Where:
    """What ranking a merged event for a report reads, over the event's reports (_Windows.choose): whether any of
    them can meet a report anywhere (``open``: no town or region point, a dateline or context place, a second
    reading by a named target, a country), and the hull of their day windows (None: one is undated)."""

    __slots__ = ("open", "lo", "hi")

    def __init__(self):
        self.open = False
        self.lo: int | None = None
        self.hi: int | None = None


def _points(place: dict | None, alt_places: list, targets: list) -> tuple[list[tuple[float, float, float, Any]], bool]:
    """(points (lat, lon, radius km, geonameid) a report's places can match at, open): as ``places_match`` reads
    them, so an event none of whose points is within reach of the report's can only place it far or unknown."""
    pts, opened = [], False
    for p in [place, *(alt_places or [])]:
        if not p or p.get("role") in WEAK_ROLES or not _located(p):
            opened = True  # unknown: a name match, or a dateline's geonameid, can still say "same"
            continue
        rad = RADIUS_KM.get(p.get("precision") or "city", 5.0)
        if rad is None:  # a country holds anything in it
            opened = True
            continue
        pts.append((p["lat"], p["lon"], rad, p.get("geonameid")))
    for t in targets or []:  # a named target may be named like the other's place ("recaptured Balakliia")
        if any(w[:1].isupper() for w in (t.get("text") or "").split() if w not in _NAMELESS):
            opened = True
            break
    return pts, opened


def _hull(windows) -> tuple[int | None, int | None]:
    lo = hi = None
    for w in windows:
        a, b = _day(w[0]), _day(w[1])
        if a is None or b is None:
            return None, None
        lo = a.toordinal() if lo is None else min(lo, a.toordinal())
        hi = b.toordinal() if hi is None else max(hi, b.toordinal())
    return lo, hi


class _Windows:
    """``store.events.candidate_clusters`` for dated reports, answered from memory during one
    merging run: each day window's merged events are read once (``window_clusters``) and kept up
    to date as reports are saved, so a report does not re-scan every report of its window (issue
    15: that scan grew with the store's density of reports per day). Same answer: the window's event
    ids in order, at most MAX_WINDOW; ``choose`` bounds them to MAX_CANDIDATES for one report."""

    def __init__(self, store):
        self.store = store
        self.sets: OrderedDict[tuple[str, str], tuple[set, list]] = OrderedDict()
        self.saved_ids: set[str] = set()
        # ranking (choose): each merged event's _Where, and indexes of its reports' points: geonameid -> events,
        # grid cell -> {(lat, lon): events} for town points, (lat, lon, radius) -> events for wider ones
        self.where: dict[str, _Where] = {}
        self.by_gid: dict[Any, set] = {}
        self.by_cell: dict[tuple[int, int], dict[tuple[float, float], set]] = {}
        self.wide: dict[tuple[float, float, float], set] = {}
        self.cut = 0  # reports whose window held more than MAX_CANDIDATES events
        self.cut_read = 0  # ... more than MAX_WINDOW (the ids past it were never read)
        self.largest = 0

    def candidates(self, day_start: str | None, day_end: str | None) -> list[str]:
        from ..store import events as ev

        lo, hi = ev._shift(day_start, -ev.WINDOW_SLACK_DAYS), ev._shift(day_end, ev.WINDOW_SLACK_DAYS)
        if not day_start or not day_end or lo is None or hi is None:
            return ev.candidate_clusters(self.store, day_start, day_end)
        hit = self.sets.get((lo, hi))
        if hit is None:
            ids = ev.window_clusters(self.store, lo, hi)
            hit = self.sets[(lo, hi)] = (set(ids), sorted(ids))
            while len(self.sets) > WINDOW_SETS:
                self.sets.popitem(last=False)
        else:
            self.sets.move_to_end((lo, hi))
        return hit[1][:ev.MAX_WINDOW]

    def saved(self, event_id: str, day_start: str | None, day_end: str | None, cluster_id: str,
              report: Report | None = None, new: bool = False) -> None:
        """A report was saved into ``cluster_id``: add it to the windows it meets (as the SQL reads them), and to
        the event's summary when one is kept (``new``: the event begins with it)."""
        if event_id in self.saved_ids:  # a report saved again replaces its row: read the windows afresh
            self.sets.clear()
            self._forget()
        self.saved_ids.add(event_id)
        for (lo, hi), (ids, order) in self.sets.items():
            if cluster_id not in ids and (day_end is None or (day_start is not None and day_end >= lo and day_start <= hi)):
                ids.add(cluster_id)
                bisect.insort(order, cluster_id)
        if report is not None and (new or cluster_id in self.where):
            self._add(cluster_id, report.place, report.alt_places, report.targets,
                      [(report.day_start, report.day_end), *report.alt_windows])

    def _forget(self) -> None:
        self.where.clear()
        self.by_gid.clear()
        self.by_cell.clear()
        self.wide.clear()

    def _add(self, cid: str, place, alt_places, targets, windows) -> None:
        w = self.where.get(cid)
        if w is None:
            w = self.where[cid] = _Where()
            w.lo, w.hi = _hull(windows)
        else:
            lo, hi = _hull(windows)
            if w.lo is not None:
                w.lo, w.hi = (None, None) if lo is None else (min(w.lo, lo), max(w.hi, hi))
        pts, opened = _points(place, alt_places, targets)
        w.open = w.open or opened
        for lat, lon, rad, gid in pts:
            if gid is not None:
                self.by_gid.setdefault(gid, set()).add(cid)
            if rad <= NEAR_KM:
                self.by_cell.setdefault((int(lat // GRID_DEG), int(lon // GRID_DEG)), {}).setdefault(
                    (lat, lon), set()).add(cid)
            else:
                self.wide.setdefault((lat, lon, rad), set()).add(cid)

    def _load(self, ids: list[str]) -> None:
        """Summaries of these merged events from their stored reports (the parts ranking reads, extracted in SQL)."""
        import json as _json

        todo = [i for i in ids if i not in self.where]
        if not todo:
            return
        if len(self.where) + len(todo) > WHERE_CACHE:
            self._forget()
            todo = list(ids)
        from ..store import events as ev

        for cid, ds, de, place, alt, tg, aw in ev.report_places(self.store, todo):
            self._add(cid, _json.loads(place) if place else None, _json.loads(alt) if alt else [],
                      _json.loads(tg) if tg else [], [(ds, de), *(_json.loads(aw) if aw else [])])
        for i in todo:
            if i not in self.where:  # no report stored (not expected of a window's event): nothing rules it out
                self.where[i] = _Where()
                self.where[i].open = True

    def _reach(self, pts: list) -> set:
        """Merged events with a report point within reach of one of these points (what ``place_match`` may call
        same or near: the same geonameid, or within the larger radius, at least NEAR_KM)."""
        out: set = set()
        for lat, lon, rad, gid in pts:
            if gid is not None:
                out |= self.by_gid.get(gid, set())
            reach = max(NEAR_KM, rad)
            p = {"lat": lat, "lon": lon}
            # cells either side: a cell is GRID_DEG * 111 km high and as wide times cos(latitude) (at most the
            # widest latitude the reach may touch)
            sy = int(reach // (GRID_DEG * 111.0)) + 1
            sx = int(reach // (GRID_DEG * 111.0 * max(0.05, math.cos(math.radians(min(89.0, abs(lat) + sy * GRID_DEG)))))) + 1
            cy, cx = int(lat // GRID_DEG), int(lon // GRID_DEG)
            for dy in range(-sy, sy + 1):
                for dx in range(-sx, sx + 1):
                    for (la, lo), cids in self.by_cell.get((cy + dy, cx + dx), {}).items():
                        if not cids <= out and km(p, {"lat": la, "lon": lo}) <= reach:
                            out |= cids
            for (la, lo, r2), cids in self.wide.items():
                if not cids <= out and km(p, {"lat": la, "lon": lo}) <= max(reach, r2):
                    out |= cids
        return out

    def choose(self, r: Report, ids: list[str]) -> list[str]:
        """At most MAX_CANDIDATES of a report's window events ``ids`` (in id order; unchanged when they fit): those
        with a report placed within reach of one of its places first, then those whose place cannot rule it out
        (``_Where.open``, or the report's own), then the rest; within each, nearest in days (hull of the event's
        windows), then id. An event whose every report places this one far cannot take it (Merger's place gate)."""
        from ..store import events as ev

        n = ev.MAX_CANDIDATES
        self.largest = max(self.largest, len(ids))
        if len(ids) >= ev.MAX_WINDOW:
            self.cut_read += 1
        if len(ids) <= n:
            return ids
        self.cut += 1
        if not RANK_CANDIDATES:
            return ids[:n]
        self._load(ids)
        pts, r_open = _points(r.place, r.alt_places, r.targets)
        near = self._reach(pts) if pts else set()
        r0, r1 = _hull([(r.day_start, r.day_end), *r.alt_windows])
        where = self.where

        def key(cid: str) -> tuple:
            w = where[cid]
            tier = 0 if cid in near else 1 if (r_open or w.open) else 2
            if r0 is None or w.lo is None:
                return tier, 0, cid
            return tier, max(0, w.lo - r1, r0 - w.hi), cid

        # keys are unique (the id is the last part), so the n smallest are the same set sorting would keep
        return sorted(heapq.nsmallest(n, ids, key=key))


def _batch_end(c) -> None:
    """Called at the end of every merge batch, inside its transaction (bench/linkscale.py's per-batch figures)."""


def merge_pending(store, *, full: bool = False, batch: int = BATCH,
                  given: Callable[[str, str], list[Report] | None] | None = None) -> MergeReport:
    """Merge the events of every current article not merged yet into the store's merged events.

    Incremental: new reports join existing merged events. ``full`` forgets every merged event and
    merges the whole store again, in publication order. Run after linking, so copies and rewrites
    are known when independent sources are counted. ``given(doc_id, stored_json)``: that article's
    ``reports_of`` made elsewhere from that very JSON (an engine's workers), or None: decoded here.
    """
    import json

    from ..store import events as ev

    out = MergeReport()
    # merged events held in memory while merging (their reports decoded once), least recently
    # used dropped first; they mirror what this run wrote, so a dropped one is re-read from the store
    cache: OrderedDict[str, Cluster] = OrderedDict()
    with store.transaction() as c:
        if full:
            ev.clear(c)
        stale = set(ev.stale_clusters(store))
        if stale:
            ev.drop_stale(c)
        stale |= set(ev.unwritten_clusters(store))  # a run stopped between its rewrites (REWRITE_EVERY)
        if stale:
            _refresh(c, store, stale)
    # Articles without events are marked merged by the batch that reads them (article_json tells them in SQL). A
    # scan for them before the first batch read every pending article's JSON once more: on the real 100k store
    # each resume spent 5-10 minutes in it with a cold page cache (issue 15).
    todo = ev.pending(store)
    windows = _Windows(store)
    _PAIRS.clear()
    _VERDICTS.clear()
    _FRAGS.clear()
    # merged events whose reports in ``cache`` are exactly the stored ones (read from the store, or
    # begun here, and every report saved here appended): _refresh rewrites them from memory. A report
    # id saved twice (INSERT OR REPLACE moves its row) makes every record be read from the store again.
    exact: set[str] = set()
    saved_ids: set[str] = set()
    trust = REFRESH_FROM_MEMORY
    held_n = 0  # reports of the events in ``cache`` (as counted in ``counted`` when last seen)
    counted: dict[str, int] = {}
    agencies: dict[str, str | None] = {}  # each article's agency read once per run (_refresh)
    links = _Links(store) if LINKS_FROM_MEMORY else None
    dirty: set[str] = set()  # events touched since their records were last rewritten (REWRITE_EVERY)
    for bno, i in enumerate(range(0, len(todo), batch)):
        rows = ev.article_json(store, todo[i:i + batch], events_only=True)
        rewrite = i + batch >= len(todo) or (bno + 1) % max(1, REWRITE_EVERY) == 0  # (``i`` is reused below)
        touched: set[str] = set()
        moved = False  # a report saved again in this batch (its row moved): every record is rewritten now
        with store.transaction() as c:
            for doc_id, js in rows:
                out.articles += 1
                if js is None:  # no events: only marked merged (below)
                    continue
                reps = given(doc_id, js) if given is not None else None
                if reps is None:
                    try:
                        d = json.loads(js)
                    except ValueError:
                        continue
                    reps = reports_of(d)
                for r in reps:
                    ids = windows.choose(r, windows.candidates(r.day_start, r.day_end))
                    missing = [i for i in ids if i not in cache]
                    for cid, xs in ev.cluster_reports(store, missing).items():
                        if xs:
                            cache[cid] = Cluster(cid, [Report.from_dict(x) for x in xs])
                            held_n += len(xs) - counted.get(cid, 0)
                            counted[cid] = len(xs)
                            exact.add(cid)
                            saved_ids.update(x.get("event_id") for x in xs)
                    cands = [cache[i] for i in ids if i in cache]
                    for i in ids:
                        if i in cache:
                            cache.move_to_end(i)
                    known = {x.cluster_id for x in cands}
                    cl = Merger().add(r, cands)
                    if cl.cluster_id in known:
                        out.joined += 1
                    else:
                        out.new_events += 1
                        cache[cl.cluster_id] = cl
                        exact.add(cl.cluster_id)  # the stored count check in _refresh catches an id taken before
                    if r.event_id in saved_ids:
                        trust = False
                        moved = True
                    saved_ids.add(r.event_id)
                    held_n += len(cl.reports) - counted.get(cl.cluster_id, 0)
                    counted[cl.cluster_id] = len(cl.reports)
                    while len(cache) > CLUSTER_CACHE or (held_n > CACHE_REPORTS and len(cache) > 1):
                        gone, _c = cache.popitem(last=False)
                        held_n -= counted.pop(gone, 0)
                    ev.save_report(c, r.to_dict(), cl.cluster_id)
                    windows.saved(r.event_id, r.day_start, r.day_end, cl.cluster_id, r, cl.cluster_id not in known)
                    touched.add(cl.cluster_id)
                    out.reports += 1
            ev.mark_merged(c, [r[0] for r in rows])
            dirty |= touched
            if rewrite or moved:
                held = {cid: cache[cid] for cid in dirty if cid in exact and cid in cache} if trust else None
                # asked inside this batch's write transaction, which no other connection can commit during: the
                # links and agencies kept are those the store holds now
                if links is not None and not links.fresh():
                    agencies.clear()  # another connection committed: an agency credited meanwhile is read again too
                _refresh(c, store, dirty, held, agencies if trust else None, links)
                dirty = set()
            _batch_end(c)
        out.events_touched += len(touched)
    _FRAGS.clear()  # the reports' JSON parts are kept for this run only
    out.candidates_cut, out.window_cut, out.window_max = windows.cut, windows.cut_read, windows.largest
    if windows.cut:
        logging.getLogger(__name__).warning(
            "%d of %d event reports had more than %d candidate events in their day window (largest %d): each was"
            " compared with the %d nearest by place and day%s", windows.cut, out.reports, ev.MAX_CANDIDATES,
            windows.largest, ev.MAX_CANDIDATES, "" if RANK_CANDIDATES else " (first ids in order: RANK_CANDIDATES off)")
    if windows.cut_read:
        logging.getLogger(__name__).warning("%d event reports had %d or more events in their day window: the ids"
                                            " past %d in id order were not read", windows.cut_read, ev.MAX_WINDOW,
                                            ev.MAX_WINDOW)
    return out
