"""Watchlists: saved searches (query plus entity, place, outlet and event-type filters) and what is
new for each since the last look, or since a date."""

from __future__ import annotations

import re
from typing import Any

from ..errors import UsageError
from ..store import desk as sql
from ..store.sqlite import match_query

FILTERS = ("query", "entity", "place", "outlet", "event_type")
_NAME = re.compile(r"[^\x00-\x1f\x7f]{1,80}")
# Why 200: the longest filter value a person types; each is one indexed comparison or FTS query.
MAX_FILTER_CHARS = 200
_URL = re.compile(r"https?://[^\s<>`\\]+")
_SINCE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2})?)?)?)?)?$")


def save(store, name: str, *, by: str, **filters: str | None) -> dict[str, Any]:
    """Create or change the watchlist ``name``; at least one filter is needed."""
    name = (name or "").strip()
    if not _NAME.fullmatch(name):
        raise UsageError("a watchlist name is 1-80 printable characters")
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise UsageError(f"unknown watchlist filter(s): {', '.join(sorted(unknown))}")
    clean = {k: (filters.get(k) or "").strip() or None for k in FILTERS}
    if not any(clean.values()):
        raise UsageError("a watchlist needs a query or at least one filter (entity, place, outlet, event type)")
    for k, v in clean.items():
        if v and len(v) > MAX_FILTER_CHARS:
            raise UsageError(f"{k} is longer than {MAX_FILTER_CHARS} characters")
    if clean["query"]:
        match_query(clean["query"])  # refuses an unusable query now rather than at every look
    rec = {"name": name, **clean, "created_by": by, "created_at": sql.now()}
    sql.upsert_watchlist(store, rec, by)
    return rec


def remove(store, name: str, *, by: str) -> None:
    if not sql.delete_watchlist(store, name, by):
        raise UsageError(f"no watchlist {name!r}")


def look(store, *, name: str | None = None, since: str | None = None, mark: bool = True, by: str = "-",
         limit: int = 20) -> list[dict[str, Any]]:
    """What is new for each watchlist (or the one named): ``{watchlist, since, new, total, items}``.

    New means stored after the last look, or ingested on or after ``since`` when given (an ISO date
    or time). ``mark``: remember this look, so the next one lists only what arrives after it.
    """
    if since and not _SINCE.match(since):
        raise UsageError(f"--since {since!r} is not an ISO date or time (YYYY-MM-DD[THH:MM[:SS]])")
    lists = sql.watchlists(store, name)
    if name and not lists:
        raise UsageError(f"no watchlist {name!r}")
    top = sql.last_article_id(store)
    at = sql.now()
    out = []
    for w in lists:
        if since:
            new, items = sql.watch_matches(store, w, since=since.replace(" ", "T"), limit=limit)
            basis = since
        else:
            new, items = sql.watch_matches(store, w, after_id=w["last_seen_id"], limit=limit)
            basis = w["last_seen"]
        total, _ = sql.watch_matches(store, w, limit=1)
        out.append({"watchlist": {k: w[k] for k in ("name", *FILTERS, "created_by", "created_at", "last_seen")},
                    "since": basis, "new": new, "total": total, "items": items})
        if mark and not since:
            sql.mark_seen(store, w["name"], at, top, by)
    return out


def _md(s: Any) -> str:
    """Markdown-inert text: article titles are untrusted and must not become links or markup."""
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~])", r"\\\1", str(s if s is not None else "")).replace("\n", " ")


def digest(results: list[dict[str, Any]], *, title: str = "newstrace watchlists") -> str:
    """A Markdown digest of ``look`` results: one section per watchlist, its new articles listed."""
    lines = [f"# {_md(title)}", ""]
    for r in results:
        w = r["watchlist"]
        filters = ", ".join(f"{k.replace('_', ' ')}: {_md(w[k])}" for k in FILTERS if w.get(k))
        since = f"since {r['since']}" if r["since"] else "(first look)"
        lines += [f"## {_md(w['name'])}: {r['new']} new {since}", "", f"_{filters}; {r['total']} in all_", ""]
        for it in r["items"]:
            when = it.get("published") or "undated"
            url = it.get("url") or ""
            # an autolink only for a plain http(s) URL: anything else could break out of <...>
            link = f" <{url}>" if _URL.fullmatch(url) else ""
            lines.append(f"- {_md(it.get('title') or '(untitled)')} — {_md(it.get('outlet') or '')}, {_md(when)}"
                         f" (`{it['doc_id']}`){link}")
        if r["new"] > len(r["items"]):
            lines.append(f"- ... and {r['new'] - len(r['items'])} more")
        lines.append("")
    return "\n".join(lines)
