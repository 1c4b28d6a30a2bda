"""The data of a report: one plain dict built from the read layer's views (``newstrace.views``, ``newstrace.events.views``).

    subject      the claim sentence / story label / event clause, with its article and offsets
    verdicts     the analysts' verdicts (newest last), with note, author, time and sources
    chronology   every report, first published first: outlet, date, stance or role, the
                 evidence sentences and the quotes they carry, copies folded under their origin
    independence the independent-source count and its derivation (the view's own)
    conflicts    the reports that dispute it (claims, events) / disagree links among members (stories)
    sources      one line per article: outlet, title, URL, date, doc_id and the offsets cited

Links, stories, claims and independence come only from the API view functions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..errors import UsageError

# Quotes shown per report: enough to see who is speaking without copying the article.
MAX_QUOTES = 5
# Reports read for one report: bounds the work on a heavily syndicated story; the rest are counted.
MAX_REPORTS = 300
# Stance label -> the verb a chronology line shows.
STANCE = {"agree": "supports", "disagree": "disputes", "discuss": "discusses"}

Progress = Callable[[int, int], None]


def _verdicts(store, kind: str, item_id: str) -> list[dict[str, Any]]:
    import sqlite3

    try:
        from ..store import desk
    except ImportError:  # pragma: no cover - the desk lands with verdicts
        return []
    try:
        return desk.verdicts(store, target_kind=kind, target_ids=[item_id])
    except sqlite3.OperationalError:  # a store without desk tables (older schema)
        return []


def _quotes(article, spans: list[tuple[int, int]] | None) -> list[dict[str, Any]]:
    """Speech quotes of ``article``: those inside ``spans`` when given, else its first ones."""
    out = []
    for q in article.quotes:
        if q.attribution != "speech":
            continue
        c = q.content
        if spans is not None and not any(c.start < e and s < c.end for s, e in spans):
            continue
        out.append({"speaker": q.speaker_entity or q.speaker_description, "start": c.start, "end": c.end,
                    "text": article.text[c.start:c.end], "kind": q.kind})
        if len(out) >= MAX_QUOTES:
            break
    return out


def _brief(x: dict[str, Any]) -> dict[str, Any]:
    return {k: x.get(k) for k in ("doc_id", "title", "outlet", "url", "published")}


def _evidence(items) -> list[dict[str, Any]]:
    return [{"start": e["start"], "end": e["end"], "text": e.get("text")} for e in items or []
            if isinstance(e, dict) and isinstance(e.get("start"), int)]


def _chronological(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # First report first; undated reports last, in a stable order.
    return sorted(entries, key=lambda r: (r.get("published") is None, r.get("published") or "", r["doc_id"]))


def _fold_copies(entries: list[dict[str, Any]], copy_of: dict[str, str]) -> list[dict[str, Any]]:
    """Copies go under their origin's entry (``copies``); an origin missing from the list keeps them."""
    by_id = {e["doc_id"]: e for e in entries}
    top = []
    for e in entries:
        origin = copy_of.get(e["doc_id"])
        if origin and origin in by_id and origin != e["doc_id"]:
            by_id[origin].setdefault("copies", []).append(_brief(e))
        else:
            top.append(e)
    return top


def _sources(store, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        offsets = [[x["start"], x["end"]] for x in e.get("evidence", [])] + \
                  [[x["start"], x["end"]] for x in e.get("quotes", [])]
        out.append({**_brief(e), "offsets": offsets})
        for c in e.get("copies", []):
            out.append({**c, "offsets": [], "copy_of": e["doc_id"]})
    return out


def _claim(store, claim_id: str, progress: Progress | None) -> dict[str, Any]:
    from ..views.corpus import claim

    view = claim(store, claim_id)
    art = view.get("article") or {}
    span = (view["start"], view["end"])
    reports = [({**art, "evidence": [{"start": span[0], "end": span[1], "text": view.get("text")}]}, "states")]
    for key in ("supporters", "disputers", "discussing"):
        for x in view.get(key) or []:
            reports.append((x, STANCE.get(x.get("stance") or x.get("kind"), x.get("stance") or "")))
    left_out = max(0, len(reports) - MAX_REPORTS)
    reports = reports[:MAX_REPORTS]
    entries = []
    for i, (x, stance) in enumerate(reports, start=1):
        a = store.get(x["doc_id"])
        ev = _evidence(x.get("evidence"))
        entries.append({**_brief(x), "stance": stance, "score": x.get("score"), "evidence": ev,
                        "quotes": _quotes(a, [(e["start"], e["end"]) for e in ev]) if a else []})
        if progress:
            progress(i, len(reports))
    # A copy that also takes a stance stays a report of its own (marked as a copy); the other
    # copies fold under the claim's article.
    stated = {e["doc_id"] for e in entries}
    for c in view.get("copies") or []:
        if c["doc_id"] in stated:
            next(e for e in entries if e["doc_id"] == c["doc_id"])["copy_of"] = art.get("doc_id")
        else:
            entries.append({**_brief(c), "stance": "copy", "score": None, "evidence": [], "quotes": []})
    copy_of = {c["doc_id"]: art.get("doc_id") for c in view.get("copies") or [] if c["doc_id"] not in stated}
    entries = _fold_copies(_chronological(entries), copy_of)
    return {
        "kind": "claim", "id": claim_id, "title": view.get("text"), "left_out": left_out,
        "subject": {"text": view.get("text"), "start": span[0], "end": span[1], "status": view.get("status"),
                    "attributed_to": view.get("attributed_to"), "denied_by": view.get("denied_by"),
                    "article": _brief(art)},
        "verdicts": _verdicts(store, "claim", claim_id),
        "chronology": entries,
        "independence": view.get("independence") or {"count": view.get("independent_sources")},
        "conflicts": [e for e in entries if e["stance"] == "disputes"],
        "sources": _sources(store, entries),
    }


def _story(store, story_id: str, progress: Progress | None) -> dict[str, Any]:
    from ..views.corpus import article_links, story

    view = story(store, story_id)
    members = view.get("members") or []
    left_out = max(0, len(members) - MAX_REPORTS)
    members = members[:MAX_REPORTS]
    entries, conflicts, seen_pairs = [], [], set()
    ids = {m["doc_id"] for m in members}
    for i, m in enumerate(members, start=1):
        a = store.get(m["doc_id"])
        entries.append({**_brief(m), "stance": m.get("role") or "member", "score": None, "evidence": [],
                        "quotes": _quotes(a, None) if a else []})
        for lk in (article_links(store, m["doc_id"]).get("links") or []) if a else []:
            pair = tuple(sorted((m["doc_id"], lk["other_doc_id"])))
            if lk.get("kind") == "disagree" and lk["other_doc_id"] in ids and pair not in seen_pairs:
                seen_pairs.add(pair)
                other = next(x for x in members if x["doc_id"] == lk["other_doc_id"])
                conflicts.append({**_brief(m), "stance": "disputes", "against": _brief(other),
                                  "score": lk.get("score"), "evidence": _evidence(lk.get("evidence")), "quotes": []})
        if progress:
            progress(i, len(members))
    copy_of = {m["doc_id"]: m["of"] for m in members if m.get("role") == "copy" and m.get("of")}
    entries = _fold_copies(_chronological(entries), copy_of)
    return {
        "kind": "story", "id": story_id, "title": view.get("label"), "left_out": left_out,
        "subject": {"text": view.get("label"), "article": _brief(next(
            (m for m in members if m["doc_id"] == view.get("label_doc_id")), {"doc_id": view.get("label_doc_id")})),
            "first_published": view.get("first_published"), "last_published": view.get("last_published"),
            "outlets": view.get("outlets")},
        "verdicts": [],
        "chronology": entries,
        "independence": view.get("independence") or {"count": view.get("independent_sources")},
        "conflicts": conflicts,
        "sources": _sources(store, entries),
    }


def _event(store, event_id: str, progress: Progress | None) -> dict[str, Any]:
    """A merged event (``newstrace.events.views.event``: every report, sources, conflicts); an article event's id
    names the merged event it joined."""
    from ..events.views import event

    rec = event(store, event_id)
    reports = rec.get("reports") or []
    left_out = max(0, len(reports) - MAX_REPORTS)
    reports = reports[:MAX_REPORTS]
    entries = []
    for i, r in enumerate(reports, start=1):
        a = store.get(r["doc_id"])
        ev = [{"start": r["start"], "end": r["end"], "text": r.get("text")}]
        entries.append({**_brief(r), "stance": r.get("status") or "reports", "score": r.get("confidence"),
                        "evidence": ev, "quotes": _quotes(a, [(r["start"], r["end"])]) if a else [],
                        "event_id": r.get("event_id")})
        if progress:
            progress(i, len(reports))
    # One entry per article: an article with several clauses on the event keeps them all as evidence.
    by_doc: dict[str, dict[str, Any]] = {}
    for e in entries:
        if e["doc_id"] in by_doc:
            by_doc[e["doc_id"]]["evidence"] += e["evidence"]
            by_doc[e["doc_id"]]["quotes"] += [q for q in e["quotes"] if q not in by_doc[e["doc_id"]]["quotes"]]
        else:
            by_doc[e["doc_id"]] = e
    entries = _chronological(list(by_doc.values()))
    conflicts = []
    for c in rec.get("conflicts") or []:
        for v in c.get("values") or []:
            for who in v.get("reports") or []:
                ev = who.get("evidence")
                conflicts.append({**_brief(who), "topic": f"{c.get('kind')}: {v.get('value')}",
                                  "evidence": _evidence([ev] if isinstance(ev, dict) else ev)})
    first = rec.get("first_report") or {}
    lead = next((r for r in reports if r.get("event_id") == first.get("event_id")), reports[0] if reports else {})
    place = (rec.get("place") or {}).get("name")
    text = lead.get("text")
    return {
        "kind": "event", "id": rec.get("event_id") or event_id, "left_out": left_out,
        "title": f"{rec.get('type_name') or rec.get('type')}" + (f" in {place}" if place else ""),
        "subject": {"text": text, "start": lead.get("start"), "end": lead.get("end"), "status": rec.get("status"),
                    "type": rec.get("type"), "type_name": rec.get("type_name"), "place": place,
                    "time": rec.get("day_start") if rec.get("day_start") == rec.get("day_end")
                    else f"{rec.get('day_start') or '?'} .. {rec.get('day_end') or '?'}",
                    "article": _brief(lead)},
        "verdicts": _verdicts(store, "event", rec.get("event_id") or event_id)
        + [v for r in reports if r.get("event_id") for v in _verdicts(store, "event", r["event_id"])],
        "chronology": entries,
        "independence": rec.get("sources") or {"count": rec.get("independent_sources")},
        "conflicts": conflicts,
        "sources": _sources(store, entries),
    }


BUILDERS = {"claim": _claim, "story": _story, "event": _event}


def build(store, kind: str, item_id: str, *, progress: Progress | None = None) -> dict[str, Any]:
    """The report data for a claim, story or event. Raises UsageError for an unknown kind or id."""
    if kind not in BUILDERS:
        raise UsageError(f"unknown report kind {kind!r}; use claim, story or event")
    data = BUILDERS[kind](store, item_id, progress)
    data["generated"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return data
