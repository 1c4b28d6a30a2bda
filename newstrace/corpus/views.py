"""Read views of the corpus tables for the API, CLI and web: links, origins, stories, claims.

Every function takes an open store and returns plain data (dicts, lists) ready for JSON.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import UsageError
from . import store as cs
from .origin import find_origin

MAX_GROUP = 500  # copies walked to find an origin: bounds the walk on a heavily syndicated story


def _summaries(store, doc_ids) -> dict[str, dict[str, Any]]:
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return {}
    rows = store.read("SELECT doc_id, title, outlet, url, published FROM articles"
                      " WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
    return {d: {"doc_id": d, "title": t, "outlet": o, "url": u, "published": p} for d, t, o, u, p in rows}


def copy_group(store, doc_id: str) -> list[str]:
    """The article and everything connected to it by copy/rewrite links."""
    seen, todo = {doc_id}, [doc_id]
    while todo and len(seen) < MAX_GROUP:
        for other in cs.copy_neighbours(store, todo.pop()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return sorted(seen)


def origin(store, doc_id: str) -> dict[str, Any]:
    """Earliest published article of ``doc_id``'s copy group (ties and unknown dates said so)."""
    group = copy_group(store, doc_id)
    info = _summaries(store, group)
    org = find_origin([(d, info.get(d, {}).get("published")) for d in group])
    return {**org.to_dict(), "group": [info.get(d, {"doc_id": d}) for d in group]}


def article_links(store, doc_id: str) -> dict[str, Any]:
    article = store.get(doc_id)
    if article is None:
        raise UsageError(f"no article {doc_id!r} in the store")
    others = _summaries(store, [lk.other_doc_id for lk in article.links])
    links = []
    for lk in article.links:
        # Stance evidence is one-sided (sentences of the judged article): seen from the other
        # article it only has other_start/other_end, and no passage of this text to show.
        ev = [{**e, "text": article.text[e["start"]:e["end"]]} if "start" in e else dict(e) for e in lk.evidence]
        links.append({"other_doc_id": lk.other_doc_id, "kind": lk.kind, "score": lk.score, "evidence": ev,
                      "other": others.get(lk.other_doc_id)})
    sid = cs.story_of(store, article.doc_id)
    return {"doc_id": article.doc_id, "title": article.title, "outlet": article.source.outlet,
            "published": article.published, "links": links, "origin": origin(store, article.doc_id),
            "story": story_row(store, sid) if sid else None}


_STORY_COLS = ("story_id", "label", "label_doc_id", "first_published", "last_published", "articles",
               "independent_sources", "copies", "outlets")


def _story_dict(row) -> dict[str, Any]:
    d = dict(zip(_STORY_COLS, row))
    d["outlets"] = json.loads(d["outlets"] or "[]")
    return d


def story_row(store, story_id: str) -> dict[str, Any] | None:
    rows = store.read(f"SELECT {', '.join(_STORY_COLS)} FROM stories WHERE story_id = ?", (story_id,))
    return _story_dict(rows[0]) if rows else None


def list_stories(store, *, since: str | None = None, until: str | None = None, limit: int = 50,
                 offset: int = 0, min_articles: int = 1) -> dict[str, Any]:
    where, params = ["articles >= ?"], [min_articles]
    if since:
        where.append("coalesce(last_published, '') >= ?")
        params.append(since)
    if until:
        where.append("coalesce(first_published, '') <= ? || '~'")
        params.append(until)
    cond = " AND ".join(where)
    total = store.read(f"SELECT count(*) FROM stories WHERE {cond}", params)[0][0]
    rows = store.read(f"SELECT {', '.join(_STORY_COLS)} FROM stories WHERE {cond}"
                      " ORDER BY articles DESC, last_published DESC, story_id LIMIT ? OFFSET ?",
                      (*params, int(limit), int(offset)))
    return {"total": total, "items": [_story_dict(r) for r in rows]}


def story(store, story_id: str) -> dict[str, Any]:
    row = story_row(store, story_id)
    if row is None:
        raise UsageError(f"no story {story_id!r} in the store")
    members = cs.members(store, story_id)
    info = _summaries(store, [m["doc_id"] for m in members])
    for m in members:
        m["url"] = info.get(m["doc_id"], {}).get("url")
    origins = {}
    for m in members:
        if m["role"] == "original" and any(x["of"] == m["doc_id"] for x in members):
            origins[m["doc_id"]] = origin(store, m["doc_id"])
    return {**row, "members": members, "origins": origins}


def claim(store, claim_id: str) -> dict[str, Any]:
    """A claim record, the articles that support / dispute / discuss it, its copies, its independent count."""
    rows = store.read("SELECT doc_id FROM claims WHERE claim_id = ? LIMIT 1", (claim_id,))
    article = store.get(rows[0][0]) if rows else None
    found = next((c for c in article.claims if c.claim_id == claim_id), None) if article else None
    if found is None:
        raise UsageError(f"no claim {claim_id!r} in the store")
    linked = cs.claim_links(store, claim_id)
    info = _summaries(store, [x["doc_id"] for x in linked])
    texts = {}
    for x in linked:
        x.update({k: v for k, v in info.get(x["doc_id"], {}).items() if k != "doc_id"})
        if x["evidence"]:
            if x["doc_id"] not in texts:
                other = store.get(x["doc_id"])
                texts[x["doc_id"]] = other.text if other else ""
            t = texts[x["doc_id"]]
            x["evidence"] = [{**e, "text": t[e["start"]:e["end"]]} for e in x["evidence"]]
    group = copy_group(store, article.doc_id)
    copies = [d for d in group if d != article.doc_id]
    supporters = [x for x in linked if x["stance"] == "agree"]
    # Independent sources: the claim's own copy group counts once, each supporting article's
    # copy group once, and several articles from one outlet count as one source.
    seen_groups: set[str] = set(group)
    outlets = {article.source.outlet or article.doc_id}
    for x in supporters:
        if x["doc_id"] in seen_groups:
            continue
        g = copy_group(store, x["doc_id"])
        seen_groups.update(g)
        outlets.add(x.get("outlet") or x["doc_id"])
    return {"claim_id": claim_id, "text": article.text[found.start:found.end], "start": found.start, "end": found.end,
            "status": found.status, "attributed_to": found.attributed_to,
            "article": {"doc_id": article.doc_id, "title": article.title, "outlet": article.source.outlet,
                        "published": article.published},
            "supporters": supporters, "disputers": [x for x in linked if x["stance"] == "disagree"],
            "discussing": [x for x in linked if x["stance"] == "discuss"],
            "copies": list(_summaries(store, copies).values()), "independent_sources": len(outlets),
            "origin": origin(store, article.doc_id)}
