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
from .links import links_of
from .sqlite import match_query

# Why 500: facet counts over the newest 500 matches describe the result set a person can look at,
# and keep the four facet queries near 10 ms each on 100,000 articles (counting every match of a
# common word would cost a full scan of the facet tables). The response says when it sampled.
FACET_SAMPLE = 500
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
    """A table's columns (empty when absent), looked up once per open store: the schema changes only
    when a store is opened (migrations), and a story list asked this hundreds of times per request."""
    cache = store.__dict__.setdefault("_read_columns", {})
    if table not in cache:
        cache[table] = ({r[1] for r in _rows(store, "SELECT * FROM pragma_table_info(?)", (table,))}
                        if has_table(store, table) else set())
    return cache[table]


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
    """Number of current articles, from the counters the store keeps on write.

    ``count(*) WHERE is_current = 1`` has no index to use and reads every (wide) article row:
    seconds on a store of 100,000 articles, half a minute with a cold disk cache.
    """
    rows = _rows(store, "SELECT n FROM counters WHERE kind = 'articles' AND key = ''")
    return rows[0][0] if rows else 0


def summary(store) -> dict[str, int]:
    """Article and outlet counts (both from the counters), shown on every page."""
    outlets = _rows(store, "SELECT count(*) FROM counters WHERE kind = 'outlet' AND n > 0")[0][0]
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
        links = links_of(store, doc_id)
    except StoreError:  # a store created before the links table: the record's links stand
        return rows[0][0]
    record["links"] = serialize.to_dict(Article(doc_id=doc_id, source=Origin(), links=links))["links"]
    return json.dumps(record, ensure_ascii=False)


# -- listings and search ---------------------------------------------------------------------

# Why 10,000: an exact count reads every match (seconds for a common word on 100,000 articles);
# past this many the listing says "10,000+" (``total_is_estimate``): no one pages that far.
COUNT_CAP = 10_000


def list_articles(store, *, q=None, entity=None, place=None, limit=20, offset=0, outlet=None, since=None,
                  until=None, language=None, fts=False) -> tuple[int, list, bool]:
    """A page of listing hits, the number of matches (capped at COUNT_CAP) and whether it was capped."""
    if not any((q, entity, place, outlet, since, until, language)):
        # The unfiltered listing (the search page before a query): index walks only, same order
        # as store.articles (published newest first, undated last, newest row first on ties).
        return current_count(store), _newest(store, limit, offset), False
    page = store.articles(query=q, limit=limit, offset=offset, outlet=outlet, since=since, until=until,
                          language=language, entity=entity, place=place, fts=fts, count_cap=COUNT_CAP)
    if q:  # estimated from a bounded sample of matches when there are many (store.count_matches)
        return page.total, page.items, page.total_is_estimate
    return min(page.total, COUNT_CAP), page.items, page.total > COUNT_CAP


def facets(store, *, q=None, outlet=None, since=None, until=None, language=None, fts=False) -> dict[str, Any]:
    """Counts by outlet, month, person and place over the newest FACET_SAMPLE matches (or newest articles).

    ``q`` is plain text, or FTS5 syntax with ``fts=True`` (``sqlite.match_query``)."""
    where, params = _where(store, outlet=outlet, since=since, until=until, language=language)
    if q:
        expr = match_query(q, fts=fts)
        # One bounded scan of the newest matches (the index's own order, no BM25 over every match):
        # the ones passing the filters are the sample, and the count is exact when the scan saw every
        # match, else the index's own count scaled by the share that passed (as store.count_matches).
        from .sqlite import COUNT_ALL_CAP, COUNT_SCAN

        cond = " AND ".join(where) or "1"
        rows = _fts_rows(store, f"SELECT a.doc_id, ({cond}) FROM articles_fts f CROSS JOIN articles a ON a.id = f.rowid"
                         " WHERE articles_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?", (*params, expr, COUNT_SCAN))
        passed = [d for d, ok in rows if ok]
        total, estimate = len(passed), False
        if len(rows) >= COUNT_SCAN:
            every = _fts_rows(store, "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?"
                              " LIMIT ?)", (expr, COUNT_ALL_CAP))[0][0]
            total, estimate = round(every * len(passed) / len(rows)), True
        ids = passed[:FACET_SAMPLE]
    else:
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        unfiltered = not any((outlet, since, until, language))
        estimate = False
        total = current_count(store) if unfiltered else _rows(
            store, f"SELECT count(*) FROM (SELECT 1 FROM articles a{cond} LIMIT ?)", (*params, COUNT_CAP + 1))[0][0]
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
    if not q and not unfiltered and total > COUNT_CAP:  # a filtered count stops at COUNT_CAP + 1
        total, estimate = COUNT_CAP, True
    return {"total": total, "total_is_estimate": estimate, "sample_size": len(ids), "sampled": total > len(ids),
            "sample": "newest matches" if q else "newest articles", "outlets": outlets,
            "months": months, "people": people, "places": places, "places_from": places_from}


def _fts_rows(store, sql: str, params: Iterable[Any]) -> list[tuple]:
    """An FTS statement: a query FTS5 cannot parse raises QueryError (a 400, not a 500)."""
    return store.read_fts(sql, params)


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

# Why 1,000: the quotes / claims lists count their matches up to this many ("1,000+" past it: no
# one pages further; the filters are the better tool). Below it, grouping the matching facet rows
# per article and sorting is cheap; above it the matches are dense, and walking the articles
# newest first finds a page in a few chunks.
ANNOTATION_COUNT_CAP = 1000
WALK_CHUNK = 500  # articles probed per statement while walking newest first


def _paged(store, table: str, where: list[str], params: list[Any], limit: int, offset: int,
           pick: Callable[[Article], list[dict[str, Any]]]) -> tuple[int, list[dict[str, Any]]]:
    """Page through facet rows article by article (newest first), reading each article once.

    The facet table says how many matching rows each article has, so whole articles before
    ``offset`` are skipped without loading them; ``pick`` returns the matching annotations of
    one loaded article in the same order as its facet rows. ``total`` is counted up to
    COUNT_CAP (bounded work: ``>= COUNT_CAP`` means at least that many).
    """
    offset = min(offset, MAX_ANNOTATION_OFFSET)
    t_cond = " AND ".join(["1", *where])
    total = _rows(store, f"SELECT count(*) FROM (SELECT 1 FROM {table} t JOIN articles a ON a.doc_id = t.doc_id"
                  f" WHERE a.is_current = 1 AND {t_cond} LIMIT ?)", (*params, ANNOTATION_COUNT_CAP))[0][0]
    sparse = total < ANNOTATION_COUNT_CAP
    out: list[dict[str, Any]] = []
    skip = offset
    for doc_id, n in _per_doc(store, table, t_cond, params, sparse):
        if skip >= n:
            skip -= n
            continue
        article = _annotated(store, doc_id, table)
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


def _annotated(store, doc_id: str, table: str) -> Article | None:
    """The article with only what a quotes / claims list reads (text, metadata, that annotation
    list): building every span object of a long article dominated a page's cost. An article with
    analysts' corrections goes through ``store.get``, which lays them over."""
    from .desk import has_corrections

    if has_corrections(store, doc_id):
        return store.get(doc_id)
    rows = _rows(store, "SELECT json FROM articles WHERE doc_id = ?", (doc_id,))
    if not rows:
        return None
    d = json.loads(rows[0][0])
    keep = ("doc_id", "title", "source", "published", "language", "text", table)
    return serialize.from_dict({k: d[k] for k in keep if k in d})


def _per_doc(store, table: str, t_cond: str, params: list[Any], sparse: bool):
    """``(doc_id, matching rows)`` of current articles, newest first (undated last, newest row first)."""
    if sparse:  # few matching rows: group them (an index on the facet table finds them)
        yield from _rows(store, f"SELECT t.doc_id, count(*) FROM {table} t JOIN articles a ON a.doc_id = t.doc_id"
                         f" WHERE a.is_current = 1 AND {t_cond} GROUP BY a.id"
                         " ORDER BY a.published IS NULL, a.published DESC, a.id DESC", params)
        return
    # Dense: walk the current articles newest first along the index, counting each one's matching
    # rows, a chunk at a time, so a page costs a few chunks instead of grouping every row.
    walked = 0
    while True:
        # INDEXED BY: per article, its own rows (by doc_id), never a walk over every row of a status
        rows = _rows(store, f"SELECT a.doc_id, (SELECT count(*) FROM {table} t INDEXED BY {table}_doc"
                     f" WHERE t.doc_id = a.doc_id AND {t_cond})"
                     " FROM articles a WHERE a.is_current = 1 ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
                     (*params, WALK_CHUNK, walked))
        if not rows:
            return
        walked += len(rows)
        yield from ((d, n) for d, n in rows if n)
        skip = 0
    return total, out


def annotation_filters(table: str, **values: Any) -> tuple[list[str], list[Any]]:
    """Conditions on a facet table ``t`` (quotes: speaker_entity, doc_id; claims: status,
    attributed_to, doc_id); names are fixed here, values are parameters."""
    where, params = [], []
    for col, value in values.items():
        if not value:
            continue
        if col not in {"quotes": ("speaker_entity", "doc_id"), "claims": ("status", "attributed_to", "doc_id")}[table]:
            raise ValueError(col)
        where.append(f"t.{col} = ?" + (" COLLATE NOCASE" if col in ("attributed_to", "speaker_entity") else ""))
        params.append(value)
    return where, params


def paged_annotations(store, table: str, limit: int, offset: int, pick, **filters: Any):
    """``_paged`` over the quotes or claims facet table with ``annotation_filters``."""
    where, params = annotation_filters(table, **filters)
    return _paged(store, table, where, params, limit, offset, pick)


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


# -- corpus read methods (the read layer, newstrace/views, builds the views from these) ---------

# Why 500: members read for one story or copy group; bounds one request on a heavily syndicated story.
MAX_GROUP = 500
FOLD_KINDS = ("copy", "rewrite", "embeds")


def briefs(store, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Title, outlet, URL, date, language, host and wire agency of each stored article."""
    ids = list(dict.fromkeys(d for d in doc_ids if d))
    if not ids:
        return {}
    # One json_extract with two paths parses each stored record once (it returns a JSON array).
    rows = _rows(store, f"SELECT {ARTICLE_COLS}, json_extract(a.json, '$.source.host', '$.source.agency')"
                 " FROM articles a WHERE a.doc_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
    out = {}
    for r in rows:
        host, agency = json.loads(r[6]) if r[6] else (None, None)
        out[r[0]] = {**_article_row(r), "host": host, "agency": agency}
    return out


def links_among(store, doc_ids: Iterable[str], kinds: tuple[str, ...] = FOLD_KINDS) -> list[tuple]:
    """``(doc_id, other_doc_id, kind, score)`` links of ``kinds`` with both ends in ``doc_ids``.

    Looked up by ``doc_id`` only and the other end checked here: with both ends as IN lists the
    planner probed every pair (400 x 400 x 3 index lookups for one page of stories)."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids or not _links_table(store):
        return []
    wanted = set(ids)
    rows = _rows(store, "SELECT l.doc_id, l.other_doc_id, l.kind, l.score FROM json_each(?) j"
                 " CROSS JOIN links l ON l.doc_id = j.value", (json.dumps(ids),))
    return [tuple(r) for r in rows if r[2] in kinds and r[1] in wanted]


def fold_neighbours(store, doc_id: str, kinds: tuple[str, ...] = FOLD_KINDS) -> list[str]:
    """Articles linked to ``doc_id`` by a copy / rewrite / embeds link, either direction."""
    if not _links_table(store):
        return []
    k = json.dumps(list(kinds))
    return [r[0] for r in _rows(store, "SELECT other_doc_id FROM links WHERE doc_id = ? AND kind IN"
                                " (SELECT value FROM json_each(?)) UNION SELECT doc_id FROM links"
                                " WHERE other_doc_id = ? AND kind IN (SELECT value FROM json_each(?)) LIMIT ?",
                                (doc_id, k, doc_id, k, MAX_GROUP))]


STORY_COLS = ("story_id", "label", "label_doc_id", "first_published", "last_published", "articles", "copies",
              "outlets")


def _story_record(row: tuple) -> dict[str, Any]:
    d = dict(zip(STORY_COLS, row))
    d["outlets"] = sorted(o for o in _json_list(d["outlets"]) if o)
    return d


def story_record(store, story_id: str) -> dict[str, Any] | None:
    """The stored story row (label, span, counts) or None."""
    if not _has_stories(store):
        return None
    rows = _rows(store, f"SELECT {', '.join(STORY_COLS)} FROM stories WHERE story_id = ?", (story_id,))
    return _story_record(rows[0]) if rows else None


def story_records(store, *, since=None, until=None, limit=50, offset=0) -> tuple[int, list[dict[str, Any]]]:
    """Stored story rows, largest first, with the number of stories matching."""
    if not _has_stories(store):
        return 0, []
    where, params = ["1"], []
    if since:
        where.append("coalesce(last_published, '') >= ?")
        params.append(since)
    if until:
        where.append("coalesce(first_published, '') <= ? || '~'")
        params.append(until)
    cond = " AND ".join(where)
    total = _rows(store, f"SELECT count(*) FROM stories WHERE {cond}", params)[0][0]
    rows = _rows(store, f"SELECT {', '.join(STORY_COLS)} FROM stories WHERE {cond}"
                 " ORDER BY articles DESC, last_published DESC, story_id LIMIT ? OFFSET ?",
                 (*params, int(limit), int(offset)))
    return total, [_story_record(r) for r in rows]


def story_member_rows(store, story_id: str, limit: int = MAX_GROUP) -> list[dict[str, Any]]:
    """The story's members in publication order: role and ``of`` as the linker stored them."""
    if not _has_stories(store):
        return []
    rows = _rows(store, "SELECT m.doc_id, m.role, m.of_doc_id FROM story_members m"
                 " LEFT JOIN articles a ON a.doc_id = m.doc_id WHERE m.story_id = ?"
                 " ORDER BY a.published IS NULL, a.published, m.doc_id LIMIT ?", (story_id, limit))
    return [{"doc_id": d, "role": r, "of": o} for d, r, o in rows]


def story_member_rows_many(store, story_ids: list[str], limit: int = MAX_GROUP) -> dict[str, list[dict[str, Any]]]:
    """``story_member_rows`` for several stories in one statement."""
    out: dict[str, list[dict[str, Any]]] = {sid: [] for sid in story_ids}
    if not story_ids or not _has_stories(store):
        return out
    rows = _rows(store, "SELECT m.story_id, m.doc_id, m.role, m.of_doc_id FROM story_members m"
                 " LEFT JOIN articles a ON a.doc_id = m.doc_id WHERE m.story_id IN (SELECT value FROM json_each(?))"
                 " ORDER BY m.story_id, a.published IS NULL, a.published, m.doc_id", (json.dumps(story_ids),))
    for sid, d, r, o in rows:
        if len(out[sid]) < limit:
            out[sid].append({"doc_id": d, "role": r, "of": o})
    return out


def story_of(store, doc_id: str) -> dict[str, Any] | None:
    return _story_of(store, doc_id)


def claim_doc_id(store, claim_id: str) -> str | None:
    """The (current first) article a claim record belongs to."""
    rows = _rows(store, "SELECT t.doc_id FROM claims t JOIN articles a ON a.doc_id = t.doc_id"
                 " WHERE t.claim_id = ? ORDER BY a.is_current DESC LIMIT 1", (claim_id,))
    return rows[0][0] if rows else None


def claim_stance_rows(store, claim_id: str) -> list[dict[str, Any]]:
    """Claim-level stance links: ``{doc_id, kind, score, evidence}`` best first."""
    return _claim_stance(store, claim_id)


def previous_doc_id(store, doc_id: str) -> tuple[bool, str | None]:
    """(stored?, previous version's doc_id)."""
    rows = _rows(store, "SELECT previous_doc_id FROM articles WHERE doc_id = ?", (doc_id,))
    return (bool(rows), rows[0][0] if rows else None)
