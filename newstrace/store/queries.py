"""Read queries behind the web app and REST API, as functions taking an open store.

They use the store's facet tables (entities, places, quotes, claims, times) for filtering and
counting, and the stored article JSON (``store.get``) for the evidence itself: the facet rows
say *which* articles, the article says *where* (offsets). Every statement is parameterised;
every result is bounded by a limit. Tables added by later stages (stories, links) are looked
up in ``sqlite_master`` first, so an older store answers with empty lists instead of failing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from .. import serialize
from ..errors import StoreError
from ..model import SCHEMA_VERSION, Article, Origin
from .sqlite import match_query

# Why 2000: facet counts over the best 2,000 matches describe the result set a person can look
# at, and keep the facet queries fast on 100,000 articles (counting every match of a common
# word would cost a full scan of the facet tables). The response says when it sampled.
FACET_SAMPLE = 2000
FACET_TOP = 10  # values shown per facet
# Why 10,000: deep pages of quotes/claims are walked article by article; past this offset the
# search or the filters are the better tool, and the bound keeps one request cheap.
MAX_ANNOTATION_OFFSET = 10_000
ARTICLE_COLS = "a.doc_id, a.title, a.outlet, a.url, a.published, a.language"
PLACE_LABELS = ("GPE", "LOC", "FAC")
DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"  # values that start with a full ISO day


def _rows(store, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
    return store.read(sql, params)


def _article_row(row: tuple) -> dict[str, Any]:
    doc_id, title, outlet, url, published, language = row[:6]
    return {"doc_id": doc_id, "title": title, "outlet": outlet, "url": url, "published": published,
            "language": language}


def has_table(store, name: str) -> bool:
    return bool(_rows(store, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)))


def _columns(store, table: str) -> set[str]:
    if not has_table(store, table):
        return set()
    return {r[1] for r in _rows(store, "SELECT * FROM pragma_table_info(?)", (table,))}


def _where(store, **filters) -> tuple[list[str], list[Any]]:
    return store.where(**filters)


def _and(where: list[str]) -> str:
    return "".join(f" AND {w}" for w in where)


def _summaries(store, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = list(dict.fromkeys(d for d in doc_ids if d))
    if not ids:
        return {}
    rows = _rows(store, f"SELECT {ARTICLE_COLS} FROM articles a WHERE a.doc_id IN (SELECT value FROM json_each(?))",
                 (json.dumps(ids),))
    return {r[0]: _article_row(r) for r in rows}


def current_count(store) -> int:
    """Number of current articles, read from the source_key index.

    Every source has exactly one current version, so distinct source keys = current articles.
    ``count(*) WHERE is_current = 1`` has no index to use and reads every (wide) article row:
    seconds on a store of 100,000 articles, half a minute with a cold disk cache.
    """
    return _rows(store, "SELECT count(DISTINCT source_key) FROM articles")[0][0]


def summary(store) -> dict[str, int]:
    """Article and outlet counts (both from indexes), shown on every page."""
    outlets = _rows(store, "SELECT count(DISTINCT outlet) FROM articles")[0][0]
    return {"articles": current_count(store), "outlets": outlets}


def _newest(store, limit: int, offset: int) -> list:
    """The newest current articles as listing hits, walking the published index (NULLs last)."""
    from .results import Hit
    from .sqlite import ELLIPSIS, LISTING_SNIPPET_CHARS

    # The page of ids first (an index walk), then the text opening by rowid: joined directly,
    # SQLite would scan the whole full-text table and sort it.
    rows = _rows(store, "SELECT a.doc_id, a.title, a.outlet, a.url, a.published, a.language, a.version,"
                 " (SELECT substr(f.text, 1, ?) FROM articles_fts f WHERE f.rowid = a.id)"
                 " FROM (SELECT * FROM articles WHERE is_current = 1 ORDER BY published DESC, id DESC"
                 " LIMIT ? OFFSET ?) a ORDER BY a.published DESC, a.id DESC",
                 (LISTING_SNIPPET_CHARS + 1, limit, offset))
    hits = []
    for doc_id, title, outlet, url, published, language, version, opening in rows:
        if len(opening or "") > LISTING_SNIPPET_CHARS:  # same opening as the store's own listing
            opening = opening[:LISTING_SNIPPET_CHARS].rsplit(" ", 1)[0] + ELLIPSIS
        hits.append(Hit(doc_id, title, outlet, url, published, language, version, None, opening or ""))
    return hits


def article_json(store, doc_id: str) -> str | None:
    """The article as ``store.get`` + ``serialize.to_json`` would give it, from the stored JSON.

    The stored record is ``serialize.to_json`` at put time; only its links change afterwards (they
    live in the corpus stage's links table, as in ``store.get``). Parsing the record as plain JSON
    and swapping the links skips turning thousands of spans into objects and back. A record in an
    older format version (or a doc_id prefix) returns None: use ``store.get``.
    """
    rows = _rows(store, "SELECT json FROM articles WHERE doc_id = ? AND json_extract(json, '$.schema_version') = ?",
                 (doc_id, SCHEMA_VERSION))
    if not rows:
        return None
    from .desk import has_corrections

    if has_corrections(store, doc_id):  # analysts' corrections are laid over by store.get
        return None
    record = json.loads(rows[0][0])
    try:
        from ..corpus.store import links_of
    except ImportError:  # an installation without the corpus stage: the record's links stand
        return rows[0][0]
    try:
        links = links_of(store, doc_id)
    except StoreError:  # a store created before the links table: the record's links stand
        return rows[0][0]
    record["links"] = serialize.to_dict(Article(doc_id=doc_id, source=Origin(), links=links))["links"]
    return json.dumps(record, ensure_ascii=False)


# -- listings and search ---------------------------------------------------------------------

def list_articles(store, *, q=None, entity=None, place=None, limit=20, offset=0, outlet=None, since=None,
                  until=None, language=None, fts=False) -> tuple[int, list]:
    if not any((q, entity, place, outlet, since, until, language)):
        # The unfiltered listing (the search page before a query): index walks only, same order
        # as store.articles (published newest first, undated last, newest row first on ties).
        return current_count(store), _newest(store, limit, offset)
    page = store.articles(query=q, limit=limit, offset=offset, outlet=outlet, since=since, until=until,
                          language=language, entity=entity, place=place, fts=fts)
    return page.total, page.items


def search_payload(q: str, hits: list, limit: int, offset: int) -> dict[str, Any]:
    """The /api/search body; the route asks for ``limit + 1`` hits to learn ``has_more``."""
    items = [h.to_dict() if hasattr(h, "to_dict") else h for h in hits[:limit]]
    return {"query": q, "limit": limit, "offset": offset, "has_more": len(hits) > limit, "hits": items}


def facets(store, *, q=None, outlet=None, since=None, until=None, language=None, fts=False) -> dict[str, Any]:
    """Counts by outlet, month, person and place over the best FACET_SAMPLE matches (or newest articles).

    ``q`` is plain text, or FTS5 syntax with ``fts=True`` (``sqlite.match_query``)."""
    where, params = _where(store, outlet=outlet, since=since, until=until, language=language)
    if q:
        base = " FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ?" + _and(where)
        args = [match_query(q, fts=fts), *params]
        total = _count_matches(store, base, args)
        ids = [r[0] for r in _fts_rows(store, "SELECT a.doc_id" + base + " ORDER BY f.rank LIMIT ?",
                                       (*args, FACET_SAMPLE))]
    else:
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        unfiltered = not any((outlet, since, until, language))
        total = current_count(store) if unfiltered else _rows(store, f"SELECT count(*) FROM articles a{cond}", params)[0][0]
        # ORDER BY published DESC walks the published index (NULLs sort last, as in the listing).
        ids = [r[0] for r in _rows(store, f"SELECT a.doc_id FROM articles a{cond}"
                                   " ORDER BY a.published DESC, a.id DESC LIMIT ?", (*params, FACET_SAMPLE))]
    sample = json.dumps(ids)
    in_sample = "doc_id IN (SELECT value FROM json_each(?))"

    def top(sql: str, *extra: Any) -> list[dict[str, Any]]:
        return [{"value": v, "count": n} for v, n in _rows(store, sql, (sample, *extra, FACET_TOP)) if v]

    outlets = top(f"SELECT outlet, count(*) n FROM articles WHERE {in_sample} AND outlet IS NOT NULL"
                  " GROUP BY outlet ORDER BY n DESC, outlet LIMIT ?")
    months = top(f"SELECT substr(published, 1, 7) m, count(*) n FROM articles WHERE {in_sample}"
                 " AND length(published) >= 7 GROUP BY m ORDER BY m DESC LIMIT ?")
    people = top(f"SELECT canonical, count(DISTINCT doc_id) n FROM entities WHERE {in_sample} AND label = ?"
                 " GROUP BY canonical ORDER BY n DESC, canonical LIMIT ?", "PERSON")
    places = top(f"SELECT name, count(DISTINCT doc_id) n FROM places WHERE {in_sample} AND lat IS NOT NULL"
                 " GROUP BY name ORDER BY n DESC, name LIMIT ?")
    places_from = "places"
    if not places:  # the places stage has not filled its table: fall back on NER place labels
        places = top(f"SELECT canonical, count(DISTINCT doc_id) n FROM entities WHERE {in_sample}"
                     " AND label IN (?, ?, ?) GROUP BY canonical ORDER BY n DESC, canonical LIMIT ?", *PLACE_LABELS)
        places_from = "entities"
    return {"total": total, "sample_size": len(ids), "sampled": total > len(ids), "outlets": outlets,
            "months": months, "people": people, "places": places, "places_from": places_from}


def _fts_rows(store, sql: str, params: Iterable[Any]) -> list[tuple]:
    """An FTS statement: a query FTS5 cannot parse raises QueryError (a 400, not a 500)."""
    return store.read_fts(sql, params)


def _count_matches(store, base: str, args: list[Any]) -> int:
    return _fts_rows(store, "SELECT count(*)" + base, args)[0][0]


def entities(store, *, label=None, prefix=None, limit=50) -> list[dict[str, Any]]:
    where, params = ["a.is_current = 1"], []
    if label:
        where.append("e.label = ?")
        params.append(label.upper())
    if prefix:
        where.append("e.canonical LIKE ? ESCAPE '\\' COLLATE NOCASE")
        params.append(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    rows = _rows(store, "SELECT e.canonical, e.label, count(DISTINCT e.doc_id) docs, sum(e.n) mentions"
                 " FROM entities e JOIN articles a ON a.doc_id = e.doc_id WHERE " + " AND ".join(where) +
                 " GROUP BY e.canonical, e.label ORDER BY docs DESC, e.canonical LIMIT ?", (*params, limit))
    return [{"canonical": c, "label": lab, "articles": d, "mentions": m} for c, lab, d, m in rows]


# -- annotations across articles (quotes, claims) ---------------------------------------------

def _paged(store, table: str, where: list[str], params: list[Any], limit: int, offset: int,
           pick: Callable[[Article], list[dict[str, Any]]]) -> tuple[int, list[dict[str, Any]]]:
    """Page through facet rows article by article (newest first), reading each article once.

    The facet table says how many matching rows each article has, so whole articles before
    ``offset`` are skipped without loading them; ``pick`` returns the matching annotations of
    one loaded article in the same order as its facet rows.
    """
    offset = min(offset, MAX_ANNOTATION_OFFSET)
    cond = "a.is_current = 1" + _and(where)
    per_doc = _rows(store, f"SELECT t.doc_id, count(*) FROM {table} t JOIN articles a ON a.doc_id = t.doc_id"
                    f" WHERE {cond} GROUP BY t.doc_id ORDER BY max(a.published) IS NULL, max(a.published) DESC,"
                    " t.doc_id", params)
    total = sum(n for _, n in per_doc)
    out: list[dict[str, Any]] = []
    skip = offset
    for doc_id, n in per_doc:
        if skip >= n:
            skip -= n
            continue
        article = store.get(doc_id)
        if article is None:
            continue
        summary = {"doc_id": article.doc_id, "title": article.title, "outlet": article.source.outlet,
                   "published": article.published, "language": article.language}
        for item in pick(article)[skip:]:
            item["article"] = summary
            out.append(item)
            if len(out) >= limit:
                return total, out
        skip = 0
    return total, out


def _span(article: Article, span) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": article.text[span.start:span.end]}


def quote_dict(article: Article, i: int, q) -> dict[str, Any]:
    return {"index": i, "text": article.text[q.content.start:q.content.end], "content": _span(article, q.content),
            "speaker": _span(article, q.speaker), "cue": _span(article, q.cue), "speaker_entity": q.speaker_entity,
            "speaker_description": q.speaker_description, "is_direct": q.is_direct, "kind": q.kind,
            "via": [v.name for v in q.via], "confidence": q.confidence, "attribution": q.attribution}


def quotes(store, *, speaker=None, doc_id=None, limit=20, offset=0,
           speech_only=False) -> tuple[int, list[dict[str, Any]]]:
    """Quotations, newest articles first; ``speech_only`` keeps ``attribution == "speech"`` (the total
    still counts every attribution: the facet table has no kind column)."""
    where, params = [], []
    if speaker:
        where.append("t.speaker_entity = ? COLLATE NOCASE")
        params.append(speaker)
    if doc_id:
        where.append("t.doc_id = ?")
        params.append(doc_id)

    def pick(article: Article) -> list[dict[str, Any]]:
        return [quote_dict(article, i, q) for i, q in enumerate(article.quotes)
                if (not speaker or (q.speaker_entity or "").lower() == speaker.lower())
                and (not speech_only or q.attribution == "speech")]

    return _paged(store, "quotes", where, params, limit, offset, pick)


def claim_dict(article: Article, c) -> dict[str, Any]:
    return {"claim_id": c.claim_id, "text": article.text[c.start:c.end], "start": c.start, "end": c.end,
            "status": c.status, "kind": c.kind, "attributed_to": c.attributed_to,
            "cues": [{"kind": x.kind, "start": x.start, "end": x.end, "text": article.text[x.start:x.end]}
                     for x in c.cues],
            "check_score": c.check_score, "check_reasons": list(c.check_reasons), "check_rank": c.check_rank}


def claims(store, *, status=None, attributed_to=None, doc_id=None, limit=20, offset=0):
    where, params = [], []
    for col, value in (("status", status), ("attributed_to", attributed_to), ("doc_id", doc_id)):
        if value:
            where.append(f"t.{col} = ?" + (" COLLATE NOCASE" if col == "attributed_to" else ""))
            params.append(value)

    def pick(article: Article) -> list[dict[str, Any]]:
        return [claim_dict(article, c) for c in article.claims
                if (not status or c.status == status)
                and (not attributed_to or (c.attributed_to or "").lower() == attributed_to.lower())]

    return _paged(store, "claims", where, params, limit, offset, pick)


def claim(store, claim_id: str) -> dict[str, Any] | None:
    """One claim with its article, and the articles linked to that article by stance and copying."""
    rows = _rows(store, "SELECT t.doc_id FROM claims t JOIN articles a ON a.doc_id = t.doc_id"
                 " WHERE t.claim_id = ? ORDER BY a.is_current DESC LIMIT 1", (claim_id,))
    if not rows:
        return None
    article = store.get(rows[0][0])
    found = next((c for c in article.claims if c.claim_id == claim_id), None) if article else None
    if found is None:
        return None
    out = claim_dict(article, found)
    out["article"] = {"doc_id": article.doc_id, "title": article.title, "outlet": article.source.outlet,
                      "published": article.published, "language": article.language, "url": article.source.url}
    linked = _links_of(store, article.doc_id)
    stance = _claim_stance(store, claim_id)
    out["stance_from"] = "claim"
    if not stance:  # no claim-level stance recorded: fall back on the source article's stance links
        stance = [x for x in linked if x["kind"] in ("agree", "disagree", "discuss")]
        out["stance_from"] = "article"
    out["supporters"] = [x for x in stance if x["kind"] == "agree"]
    out["disputers"] = [x for x in stance if x["kind"] == "disagree"]
    out["discussing"] = [x for x in stance if x["kind"] == "discuss"]
    out["copies"] = [x for x in linked if x["kind"] in ("copy", "rewrite")]
    return out


def _claim_stance(store, claim_id: str) -> list[dict[str, Any]]:
    """Articles the corpus stage found agreeing with / disputing / discussing this claim, best first."""
    if not {"claim_id", "other_doc_id", "stance"} <= _columns(store, "claim_links"):
        return []
    rows = _rows(store, "SELECT other_doc_id, stance, score, evidence FROM claim_links WHERE claim_id = ?"
                 " ORDER BY score DESC LIMIT 200", (claim_id,))
    info = _summaries(store, (r[0] for r in rows))
    return [{**info.get(d, {"doc_id": d}), "doc_id": d, "kind": st, "score": sc, "evidence": _json_list(ev)}
            for d, st, sc, ev in rows]


# -- links, stories ---------------------------------------------------------------------------

def _links_table(store) -> str | None:
    """The corpus stage's link table, if this store has one with the columns we read."""
    for name in ("links", "article_links"):
        if {"doc_id", "other_doc_id", "kind"} <= _columns(store, name):
            return name
    return None


def _links_of(store, doc_id: str) -> list[dict[str, Any]]:
    """The article's links in both directions, with the other article's title, outlet and date.

    From the corpus stage's links table; in a store without it, from the article's own record.
    """
    found: dict[tuple[str, str], dict[str, Any]] = {}
    table = _links_table(store)
    if table:
        score = "score" if "score" in _columns(store, table) else "NULL"
        select = f"SELECT doc_id, other_doc_id, kind, {score} FROM {table}"  # names from fixed lists
        rows = _rows(store, f"{select} WHERE doc_id = ? UNION ALL {select} WHERE other_doc_id = ? LIMIT 1000",
                     (doc_id, doc_id))
        for a, b, kind, sc in rows:
            other, direction = (b, "out") if a == doc_id else (a, "in")
            if (other, kind) not in found or (sc or 0) > (found[(other, kind)]["score"] or 0):
                found[(other, kind)] = {"other_doc_id": other, "kind": kind, "score": sc, "direction": direction}
    else:
        rows = _rows(store, "SELECT json_extract(json, '$.links') FROM articles WHERE doc_id = ?", (doc_id,))
        for link in _json_list(rows[0][0] if rows else None)[:1000]:
            if isinstance(link, dict) and link.get("other_doc_id") and link.get("kind"):
                found[(link["other_doc_id"], link["kind"])] = {
                    "other_doc_id": link["other_doc_id"], "kind": link["kind"], "score": link.get("score"),
                    "direction": "out"}
    info = _summaries(store, (x["other_doc_id"] for x in found.values()))
    out = []
    for x in found.values():
        s = info.get(x["other_doc_id"], {})
        out.append({**x, "title": s.get("title"), "outlet": s.get("outlet"), "published": s.get("published"),
                    "doc_id": x["other_doc_id"], "in_store": bool(s)})
    out.sort(key=lambda x: (x["kind"], -(x["score"] or 0)))
    return out


def _has_stories(store) -> bool:
    """The corpus stage's story tables (``stories``, ``story_members``) exist in this store."""
    return "story_id" in _columns(store, "stories") and {"story_id", "doc_id", "role"} <= _columns(store, "story_members")


def _story_of(store, doc_id: str) -> dict[str, Any] | None:
    if not _has_stories(store):
        return None
    rows = _rows(store, "SELECT s.story_id, s.label, m.role, m.of_doc_id FROM story_members m"
                 " JOIN stories s ON s.story_id = m.story_id WHERE m.doc_id = ? LIMIT 1", (doc_id,))
    if not rows:
        return None
    sid, label, role, of = rows[0]
    return {"story_id": sid, "label": label, "role": role, "of": of}


def article_links(store, doc_id: str) -> dict[str, Any] | None:
    """Links, story and versions of the article with exactly this doc_id (None when absent)."""
    rows = _rows(store, "SELECT previous_doc_id FROM articles WHERE doc_id = ?", (doc_id,))
    if not rows:
        return None
    return {"doc_id": doc_id, "links": _links_of(store, doc_id), "story": _story_of(store, doc_id),
            "previous_doc_id": rows[0][0],
            "versions": [{"doc_id": d, "version": v, "is_current": cur} for d, v, cur in store.versions(doc_id)]}


def links(store, *, kind=None, doc_id=None, limit=50, offset=0) -> tuple[int, list[dict[str, Any]]]:
    if doc_id:
        items = [x for x in _links_of(store, doc_id) if not kind or x["kind"] == kind]
        return len(items), items[offset:offset + limit]
    table = _links_table(store)
    if not table:
        return 0, []
    cond, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    total = _rows(store, f"SELECT count(*) FROM {table} {cond}", params)[0][0]
    score = "score" if "score" in _columns(store, table) else "NULL"
    rows = _rows(store, f"SELECT doc_id, other_doc_id, kind, {score} FROM {table} {cond}"
                 f" ORDER BY {score} DESC LIMIT ? OFFSET ?", (*params, limit, offset))
    return total, [{"doc_id": a, "other_doc_id": b, "kind": k, "score": s} for a, b, k, s in rows]


def _json_list(value: Any) -> list:
    try:
        out = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return out if isinstance(out, list) else []


def stories(store, *, limit=50, offset=0) -> tuple[int, list[dict[str, Any]]]:
    """Story clusters, largest first, with the counts the corpus stage keeps on each story."""
    if not _has_stories(store):
        return 0, []
    total = _rows(store, "SELECT count(*) FROM stories")[0][0]
    rows = _rows(store, "SELECT s.story_id, s.label, count(m.doc_id), min(a.published), max(a.published),"
                 " json_group_array(DISTINCT a.outlet),"
                 " count(DISTINCT CASE WHEN m.role NOT IN ('copy', 'rewrite') THEN coalesce(a.outlet, a.doc_id) END)"
                 " FROM stories s JOIN story_members m ON m.story_id = s.story_id"
                 " JOIN articles a ON a.doc_id = m.doc_id AND a.is_current = 1 GROUP BY s.story_id"
                 " ORDER BY count(m.doc_id) DESC, max(a.published) DESC, s.story_id LIMIT ? OFFSET ?", (limit, offset))
    return total, [{"story_id": sid, "label": label, "articles": n, "first_published": first, "last_published": last,
                    "outlets": sorted(o for o in _json_list(outlets) if o), "independent_sources": independent}
                   for sid, label, n, first, last, outlets, independent in rows]


def story_members(store, story_id: str) -> list[dict[str, Any]]:
    """The story's articles in publication order, each with its role (original | copy | rewrite)."""
    rows = _rows(store, f"SELECT {ARTICLE_COLS}, m.role, m.of_doc_id FROM story_members m"
                 " JOIN articles a ON a.doc_id = m.doc_id WHERE m.story_id = ?"
                 " ORDER BY a.published IS NULL, a.published, a.doc_id", (story_id,))
    members = [{**_article_row(r), "role": r[6], "of": r[7]} for r in rows]
    titles = {m["doc_id"]: m["title"] for m in members}
    for m in members:
        m["of_title"] = titles.get(m["of"]) if m["of"] else None
    return members


def independent_sources(members: list[dict[str, Any]]) -> int:
    """Outlets with at least one article in the story that is not a copy or rewrite of another."""
    return len({(m["outlet"] or m["doc_id"]) for m in members if m["role"] not in ("copy", "rewrite")})


def story(store, story_id: str) -> dict[str, Any] | None:
    if not _has_stories(store):
        return None
    rows = _rows(store, "SELECT story_id, label FROM stories WHERE story_id = ?", (story_id,))
    if not rows:
        return None
    members = story_members(store, story_id)
    dated = [m["published"] for m in members if m["published"]]
    return {"story_id": rows[0][0], "label": rows[0][1], "articles": members,
            "independent_sources": independent_sources(members), "first_published": min(dated) if dated else None,
            "copies": sum(m["role"] in ("copy", "rewrite") for m in members)}


# -- places and time --------------------------------------------------------------------------

def places_geojson(store, *, since=None, until=None, role=None, limit=1000) -> dict[str, Any]:
    """One GeoJSON point per resolved place, with article counts by role (event / mention / dateline)."""
    where, params = _where(store, since=since, until=until)
    if role:
        where.append("p.role = ?")
        params.append(role)
    cond = " AND ".join(["p.lat IS NOT NULL", "p.lon IS NOT NULL", *where])
    rows = _rows(store, "SELECT p.name, p.geonameid, p.country, p.feature, avg(p.lat), avg(p.lon),"
                 " count(DISTINCT p.doc_id),"
                 " count(DISTINCT CASE WHEN p.role = 'event' THEN p.doc_id END),"
                 " count(DISTINCT CASE WHEN p.role = 'mention' THEN p.doc_id END),"
                 " count(DISTINCT CASE WHEN p.role = 'dateline' THEN p.doc_id END)"
                 f" FROM places p JOIN articles a ON a.doc_id = p.doc_id WHERE {cond}"
                 " GROUP BY coalesce(p.geonameid, p.name), p.name ORDER BY 7 DESC, p.name LIMIT ?", (*params, limit))
    features = []
    for name, gid, country, feature, lat, lon, n, ev, me, dl in rows:
        main = "event" if ev else "dateline" if dl else "mention"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                         "properties": {"name": name, "geonameid": gid, "country": country, "feature": feature,
                                        "articles": n, "events": ev, "mentions": me, "datelines": dl,
                                        "role_main": main}})
    unresolved = _rows(store, "SELECT coalesce(sum(p.n), 0) FROM places p JOIN articles a ON a.doc_id = p.doc_id"
                       " WHERE p.lat IS NULL AND " + " AND ".join(["1", *where]), params)[0][0]
    return {"type": "FeatureCollection", "features": features, "unresolved": unresolved}


def place_articles(store, name: str, *, role=None, limit=20) -> list[dict[str, Any]]:
    where, params = ["a.is_current = 1", "p.name = ? COLLATE NOCASE"], [name]
    if role:
        where.append("p.role = ?")
        params.append(role)
    rows = _rows(store, f"SELECT {ARTICLE_COLS}, group_concat(DISTINCT p.role) FROM places p"
                 " JOIN articles a ON a.doc_id = p.doc_id WHERE " + " AND ".join(where) +
                 " GROUP BY a.doc_id ORDER BY a.published IS NULL, a.published DESC LIMIT ?", (*params, limit))
    return [{**_article_row(r), "role": r[6]} for r in rows]


def timeline(store, *, since=None, until=None) -> dict[str, Any]:
    """Articles per publication day, and day-precise dated references per day."""
    where, params = _where(store, since=since, until=until)
    cond = " AND ".join([f"a.published GLOB '{DAY_GLOB}'", *where])
    articles = _rows(store, f"SELECT substr(a.published, 1, 10) d, count(*) FROM articles a WHERE {cond}"
                     " GROUP BY d ORDER BY d", params)
    ev_where, ev_params = ["a.is_current = 1", "t.type = 'date'", f"t.value GLOB '{DAY_GLOB}'"], []
    for bound, op in ((since, ">="), (until, "<=")):
        if bound:
            ev_where.append(f"substr(t.value, 1, {len(bound)}) {op} ?")
            ev_params.append(bound)
    events = _rows(store, "SELECT substr(t.value, 1, 10) d, count(*) FROM times t JOIN articles a"
                   " ON a.doc_id = t.doc_id WHERE " + " AND ".join(ev_where) + " GROUP BY d ORDER BY d", ev_params)
    undated = _rows(store, "SELECT count(*) FROM articles WHERE is_current = 1 AND published IS NULL")[0][0]
    return {"articles": [{"date": d, "count": n} for d, n in articles],
            "events": [{"date": d, "count": n} for d, n in events], "undated": undated}


def timeline_day(store, date: str, *, limit=50) -> dict[str, Any]:
    published = _rows(store, f"SELECT {ARTICLE_COLS} FROM articles a WHERE a.is_current = 1"
                      " AND substr(a.published, 1, 10) = ? ORDER BY a.published, a.doc_id LIMIT ?", (date, limit))
    referring = _rows(store, f"SELECT {ARTICLE_COLS} FROM articles a WHERE a.is_current = 1 AND a.doc_id IN"
                      " (SELECT doc_id FROM times WHERE substr(value, 1, 10) = ?)"
                      " ORDER BY a.published IS NULL, a.published, a.doc_id LIMIT ?", (date, limit))
    return {"date": date, "published": [_article_row(r) for r in published],
            "referring": [_article_row(r) for r in referring]}


# -- ingest ----------------------------------------------------------------------------------

def ingest_payload(store, report, paths: list[str]) -> dict[str, Any]:
    """What an upload did: the stored articles (with titles, for links) and the failures."""
    log = store.ingest_log(run_id=report.run_id, limit=10_000)
    stored = [r for r in reversed(log) if r["outcome"] != "failed" and r["doc_id"]]
    info = _summaries(store, (r["doc_id"] for r in stored))
    articles = [{"doc_id": r["doc_id"], "outcome": {"ok": "new"}.get(r["outcome"], r["outcome"]),
                 "title": info.get(r["doc_id"], {}).get("title"), "path": r["path"]} for r in stored]
    failures = [{"path": f.path, "record": f.record, "code": f.code, "reason": f.reason} for f in report.failed]
    return {"run_id": report.run_id, "new": report.new, "unchanged": report.unchanged, "versions": report.versions,
            "articles": articles, "failures": failures}
