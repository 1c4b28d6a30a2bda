"""Cross-article views: an article's links, origins, stories, claims, and independence.

Independence has ONE definition (``newstrace.corpus.origin.independence``); every view here that
shows a count of independent sources computes it with ``independence_of`` from the links among
the articles, and returns the derivation with it. An event view (events come from the events
stage) is one more caller: ``independence_of(store, event_doc_ids)``.
"""

from __future__ import annotations

from typing import Any

from ..corpus.origin import find_origin, independence
from ..errors import UsageError
from ..store import queries as q


def _summary(b: dict[str, Any] | None, doc_id: str) -> dict[str, Any]:
    b = b or {}
    return {"doc_id": doc_id, "title": b.get("title"), "outlet": b.get("outlet"), "url": b.get("url"),
            "published": b.get("published"), "agency": b.get("agency")}


def copy_group(store, doc_id: str) -> list[str]:
    """The article and everything joined to it by copy / rewrite / embeds links (bounded walk)."""
    seen, todo = {doc_id}, [doc_id]
    while todo and len(seen) < q.MAX_GROUP:
        for other in q.fold_neighbours(store, todo.pop()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return sorted(seen)


def origin(store, doc_id: str) -> dict[str, Any]:
    """The earliest published article of ``doc_id``'s copy group (ties and unknown dates said so)."""
    group = copy_group(store, doc_id)
    info = q.briefs(store, group)
    org = find_origin([(d, info.get(d, {}).get("published")) for d in group])
    return {**org.to_dict(), "group": [_summary(info.get(d), d) for d in group]}


def independence_of(store, doc_ids, *, briefs: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Independent sources among ``doc_ids``, with the derivation (``corpus.origin.independence``)."""
    ids = list(dict.fromkeys(doc_ids))[: q.MAX_GROUP]
    info = briefs if briefs is not None else q.briefs(store, ids)
    members = [{**_summary(info.get(d), d)} for d in ids]
    return independence(members, q.links_among(store, ids))


def article_links(store, doc_id: str) -> dict[str, Any]:
    """An article's links (both directions, with the other article and the evidence passages),
    its copy-group origin, its story (with the story's independent count) and its versions."""
    article = store.get(doc_id)
    if article is None:
        raise UsageError(f"no article {doc_id!r} in the store")
    doc_id = article.doc_id
    others = q.briefs(store, [lk.other_doc_id for lk in article.links])
    links = []
    for lk in article.links:
        # Stance evidence is one-sided (sentences of the judged article): seen from the other
        # article it only has other_start/other_end, and no passage of this text to show.
        ev = [{**e, "text": article.text[e["start"]:e["end"]]} if isinstance(e, dict) and "start" in e else e
              for e in lk.evidence]
        o = others.get(lk.other_doc_id)
        links.append({"other_doc_id": lk.other_doc_id, "kind": lk.kind, "score": lk.score, "evidence": ev,
                      "title": (o or {}).get("title"), "outlet": (o or {}).get("outlet"),
                      "published": (o or {}).get("published"), "in_store": o is not None,
                      "other": _summary(o, lk.other_doc_id) if o else None})
    st = q.story_of(store, doc_id)
    _, previous = q.previous_doc_id(store, doc_id)
    return {"doc_id": doc_id, "title": article.title, "outlet": article.source.outlet,
            "published": article.published, "links": links, "origin": origin(store, doc_id), "story": st,
            "previous_doc_id": previous,
            "versions": [{"doc_id": d, "version": v, "is_current": cur} for d, v, cur in store.versions(doc_id)]}


def _story_counts(store, row: dict[str, Any], members=None, info=None, links=None):
    """The story row with its counts computed from its members as they are now (the stored
    columns are the linker's snapshot): articles, copies, outlets, span, independent sources."""
    members = q.story_member_rows(store, row["story_id"]) if members is None else members
    ids = [m["doc_id"] for m in members]
    info = q.briefs(store, ids) if info is None else info
    links = q.links_among(store, ids) if links is None else links
    ind = independence([_summary(info.get(d), d) for d in ids], links)
    dated = sorted(info[d]["published"] for d in ids if d in info and info[d].get("published"))
    out = {**row, "articles": len(members), "copies": sum(m["role"] != "original" for m in members),
           "outlets": sorted({info[d]["outlet"] for d in ids if d in info and info[d].get("outlet")}),
           "first_published": dated[0] if dated else row["first_published"],
           "last_published": dated[-1] if dated else row["last_published"],
           "independent_sources": ind["count"]}
    return out, members, info, ind


def stories(store, *, since=None, until=None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Story clusters, largest first: label, span, outlets, article / copy / independent counts.

    Members, their metadata and the links among them are read for the whole page at once (three
    statements), and each story's independence is the one function applied to its part."""
    total, rows = q.story_records(store, since=since, until=until, limit=limit, offset=offset)
    members = q.story_member_rows_many(store, [r["story_id"] for r in rows])
    ids = [m["doc_id"] for ms in members.values() for m in ms]
    info = q.briefs(store, ids)
    links = q.links_among(store, ids)  # the function keeps, per story, only links between its members
    return {"total": total, "limit": limit, "offset": offset,
            "items": [_story_counts(store, r, members[r["story_id"]], info, links)[0] for r in rows]}


def story(store, story_id: str) -> dict[str, Any]:
    """One story: members in publication order with role (original | copy | rewrite | embeds) and
    origin, the independent count and its derivation. Raises UsageError when absent."""
    row = q.story_record(store, story_id)
    if row is None:
        raise UsageError(f"no story {story_id!r} in the store")
    out, members, info, ind = _story_counts(store, row)
    titles = {d: b.get("title") for d, b in info.items()}
    out["members"] = [{**_summary(info.get(m["doc_id"]), m["doc_id"]),
                       "language": info.get(m["doc_id"], {}).get("language"),
                       "role": m["role"], "of": m["of"], "of_title": titles.get(m["of"]) if m["of"] else None}
                      for m in members]
    out["independence"] = ind
    out["origins"] = [o["doc_id"] for o in ind["origins"]]
    return out


def _with_text(store, items: list[dict[str, Any]]) -> None:
    """Evidence given as offsets gets the passage's text from the article it points into."""
    texts: dict[str, str] = {}
    for x in items:
        ev = x.get("evidence") or []
        if not any(isinstance(e, dict) and "start" in e for e in ev):
            continue
        if x["doc_id"] not in texts:
            other = store.get(x["doc_id"])
            texts[x["doc_id"]] = other.text if other else ""
        t = texts[x["doc_id"]]
        x["evidence"] = [{**e, "text": t[e["start"]:e["end"]]} if isinstance(e, dict) and "start" in e else e
                         for e in ev]


def claim(store, claim_id: str) -> dict[str, Any]:
    """A claim with the articles that support / dispute / discuss it, its copies, and the
    independent sources among its article, its copies and its supporters (with the derivation).
    Raises UsageError when absent."""
    from .annotations import claim_dict

    doc_id = q.claim_doc_id(store, claim_id)
    article = store.get(doc_id) if doc_id else None
    found = next((c for c in article.claims if c.claim_id == claim_id), None) if article else None
    if found is None:
        raise UsageError(f"no claim {claim_id!r} in the store")
    out = claim_dict(article, found)
    out["article"] = {"doc_id": article.doc_id, "title": article.title, "outlet": article.source.outlet,
                      "published": article.published, "language": article.language, "url": article.source.url}
    stance = q.claim_stance_rows(store, claim_id)
    out["stance_from"] = "claim"
    if not stance:  # no claim-level stance recorded: fall back on the source article's stance links
        out["stance_from"] = "article"
        stance = [{"doc_id": lk.other_doc_id, "kind": lk.kind, "score": lk.score, "evidence": lk.evidence}
                  for lk in article.links if lk.kind in ("agree", "disagree", "discuss")]
        info = q.briefs(store, [x["doc_id"] for x in stance])
        stance = [{**_summary(info.get(x["doc_id"]), x["doc_id"]), **x} for x in stance]
    _with_text(store, stance)
    for x in stance:
        x["stance"] = x["kind"]
    out["supporters"] = [x for x in stance if x["kind"] == "agree"]
    out["disputers"] = [x for x in stance if x["kind"] == "disagree"]
    out["discussing"] = [x for x in stance if x["kind"] == "discuss"]
    group = copy_group(store, article.doc_id)
    info = q.briefs(store, group)
    out["copies"] = [{**_summary(info.get(d), d)} for d in group if d != article.doc_id]
    ind = independence_of(store, [*group, *(x["doc_id"] for x in out["supporters"])])
    out["independent_sources"] = ind["count"]
    out["independence"] = ind
    out["origin"] = origin(store, article.doc_id)
    from ..desk import verdicts_for  # the analysts' verdicts, oldest first (newstrace/desk)

    out["verdicts"] = verdicts_for(store, "claim", claim_id)
    out["verdict"] = out["verdicts"][-1]["verdict"] if out["verdicts"] else None
    return out
