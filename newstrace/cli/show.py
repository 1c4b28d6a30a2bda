"""Terminal rendering of an article (``newstrace show``, ``analyze --format text``) and of search hits.

An article is rendered by ``SECTIONS``, one explicit list of section renderers. A renderer is
``section(article, opts) -> rich renderable | None``; it reads its field with ``field(article,
name)`` (so it works whatever the Article carries) and returns None when there is nothing to
show. To show a new annotation (quotes, claims, places, times, links) append one function.

Article text is attacker-controlled: it only ever reaches the terminal inside ``rich.text.Text``
(never parsed as markup) after ``safe()`` has replaced control characters (ANSI escapes,
backspaces, carriage returns) that could rewrite what the user sees.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..model import Article

# Rows shown per list section: keeps a long article's entity list readable; the JSON has all.
MAX_ITEMS = 60
# Longest cell text in list sections (a quote, a removed line) before it is cut with an ellipsis.
MAX_CELL_CHARS = 300


@dataclass(slots=True)
class ShowOptions:
    removed: bool = False  # list the lines the cleaner removed, with reasons
    max_items: int = MAX_ITEMS
    all_attributions: bool = False  # quotes section: every attribution kind, not only speech (--all)


def safe(s: Any) -> str:
    """``s`` as text with control characters (except newline and tab) made visible as U+FFFD."""
    s = "" if s is None else str(s)
    if s.isprintable():
        return s
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else "\ufffd" for ch in s)


def text(s: Any, style: str | None = None) -> Text:
    return Text(safe(s), style=style or "")


def clip(s: Any, n: int = MAX_CELL_CHARS) -> str:
    s = safe(s)
    return s if len(s) <= n else s[: n - 1] + "\u2026"


def field(article: Article, name: str) -> Any:
    """An Article field by name, or None when this build's Article has no such field."""
    return getattr(article, name, None)


def span_text(article: Article, item: Any) -> str:
    start, end = getattr(item, "start", None), getattr(item, "end", None)
    if isinstance(start, int) and isinstance(end, int):
        return article.text[start:end]
    return ""


Column = tuple[str, "str | Callable[[Any, Article], Any]"]


def item_table(article: Article, title: str, items: Sequence[Any] | None, columns: Sequence[Column],
               opts: ShowOptions) -> RenderableType | None:
    """A table of annotation items; a column reads an attribute by name ("text" = the covered text)
    or calls ``getter(item, article)``. None when there are no items."""
    if not items:
        return None
    table = Table(title=f"{title} ({len(items)})", title_justify="left", title_style="bold", expand=False)
    for header, _ in columns:
        table.add_column(header, overflow="fold")
    for item in list(items)[: opts.max_items]:
        cells = []
        for _, getter in columns:
            if callable(getter):
                value = getter(item, article)
            elif getter == "text":
                value = span_text(article, item)
            else:
                value = getattr(item, getter, None)
            cells.append(text(clip("" if value is None else value)))
        table.add_row(*cells)
    if len(items) > opts.max_items:
        table.caption = f"... {len(items) - opts.max_items} more (see --json)"
    return table


# -- sections ---------------------------------------------------------------------------------


def header(article: Article, opts: ShowOptions) -> RenderableType | None:
    src = article.source
    out = Text()
    out.append(safe(article.title or "(no title)"), style="bold")
    out.append("\n")
    rows: list[tuple[str, Any]] = [
        ("doc_id", article.doc_id),
        ("source", " ".join(safe(x) for x in (src.path, src.url) if x) or None),
        ("record", src.record),
        ("outlet", src.outlet),
        ("host", src.host),
        ("agency", f"{src.agency} ({src.agency_credit.cue})" if src.agency and src.agency_credit else src.agency),
        ("format", src.format),
        ("published", f"{article.published} ({article.published_from})" if article.published and article.published_from
         else article.published),
        ("language", article.language),
        ("author", article.author),
        ("version", f"{article.version} (previous {article.previous_doc_id})" if article.previous_doc_id
         else article.version),
    ]
    for name, value in rows:
        if value is None or value == "":
            continue
        out.append(f"{name:>10}: ", style="dim")
        out.append(safe(value))
        out.append("\n")
    for w in field(article, "warnings") or []:
        out.append("   warning: ", style="yellow")
        out.append(safe(w))
        out.append("\n")
    return out


KIND_STYLE = {"body": "", "caption": "italic cyan", "credit": "dim cyan"}


def paragraphs(article: Article, opts: ShowOptions) -> RenderableType | None:
    paras = field(article, "paragraphs")
    if not paras:
        return text(article.text) if article.text else None
    parts: list[RenderableType] = []
    for p in paras:
        line = Text()
        line.append(f"[{p.kind}] ", style="dim")
        line.append(safe(article.text[p.start : p.end]), style=KIND_STYLE.get(p.kind, ""))
        parts.append(line)
        parts.append(Text(""))
    return Group(*parts)


def removed(article: Article, opts: ShowOptions) -> RenderableType | None:
    lines = field(article, "removed")
    if not lines:
        return None
    if not opts.removed:
        return text(f"{len(lines)} removed line(s): show them with --removed", "dim")
    return item_table(article, "Removed", lines, [("reason", "reason"), ("line", "line"), ("text", lambda r, a: r.text),
                                                   ("detail", "detail")], opts)


def entities(article: Article, opts: ShowOptions) -> RenderableType | None:
    ents = field(article, "entities")
    if not ents:
        return None
    counts: Counter[tuple[str, str]] = Counter()
    surfaces: dict[tuple[str, str], set[str]] = {}
    for e in ents:
        key = (e.label, e.canonical or span_text(article, e))
        counts[key] += 1
        surfaces.setdefault(key, set()).add(span_text(article, e))
    rows = [_EntityRow(label, canonical, n, ", ".join(sorted(surfaces[(label, canonical)] - {canonical})))
            for (label, canonical), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return item_table(article, "Entities", rows, [("label", "label"), ("canonical", "canonical"),
                                                   ("mentions", "n"), ("also written", "surfaces")], opts)


@dataclass(slots=True)
class _EntityRow:
    label: str
    canonical: str
    n: int
    surfaces: str


def _time_when(t: Any, article: Article) -> str:
    if not t.resolved:
        return f"unresolved: {t.reason}"
    if t.range_start and t.range_end and t.range_start != t.range_end:
        return f"{t.range_start} .. {t.range_end}"
    return t.range_start or ""


def times(article: Article, opts: ShowOptions) -> RenderableType | None:
    return item_table(article, "Times", field(article, "times"), [
        ("text", "text"), ("type", "type"), ("value", "value"), ("when", _time_when),
        ("granularity", "granularity"), ("anchor", "anchor")], opts)


def _place_where(p: Any, article: Article) -> str:
    if not p.resolved:
        return f"unresolved: {p.reason}"
    where = ", ".join(x for x in (p.name, p.admin1 if p.admin1 != p.name else None, p.country) if x)
    return f"{p.relative} {where}" if p.relative else where


def places(article: Article, opts: ShowOptions) -> RenderableType | None:
    return item_table(article, "Places", field(article, "places"), [
        ("text", "text"), ("place", _place_where), ("feature", "feature"), ("role", "role"),
        ("confidence", lambda p, a: f"{p.confidence:.2f}" if p.resolved else ""),
        ("geonameid", "geonameid")], opts)


def _event_who(e: Any, article: Article) -> str:
    def names(args) -> str:
        return ", ".join(f"{x.name} ({x.side})" if x.side else x.name for x in args)
    return f"{names(e.actors) or '?'} -> {names(e.targets) or '?'}"


def events(article: Article, opts: ShowOptions) -> RenderableType | None:
    return item_table(article, "Events", field(article, "events"), [
        ("type", lambda e, a: f"{e.type_name} {e.confidence:.2f}"), ("who -> whom", _event_who),
        ("where", lambda e, a: f"{_place_where(e.place, a)} [{e.place.role}]" if e.place else ""),
        ("when", lambda e, a: (e.time.value or a.text[e.time.start:e.time.end]) if e.time else ""),
        ("counts", lambda e, a: ", ".join(f"{c.kind} {a.text[c.start:c.end]}" for c in e.counts)),
        ("on whose word", lambda e, a: " via ".join(v.name for v in e.reported_by)),
        ("status", lambda e, a: f"{e.status} (negated)" if e.negated else e.status + (f" by {e.denied_by}" if e.denied_by else "")),
        ("text", "text")], opts)


Section = Callable[[Article, ShowOptions], "RenderableType | None"]


def speaker_label(q: dict[str, Any]) -> str:
    """A speaker as shown: canonical name [description], or the description, or (unattributed)."""
    who = q.get("speaker_entity") or q.get("speaker_description") or "(unattributed)"
    if q.get("speaker_entity") and q.get("speaker_description"):
        who += f" [{q['speaker_description']}]"
    return who


def is_shown(q, all_attributions: bool) -> bool:
    """Speech by default; every attribution with ``--all``."""
    return all_attributions or q.attribution == "speech"


def check_reasons(reasons) -> str:
    """The reasons of a check-worthiness score, one line."""
    return "; ".join(reasons or [])


def attributions(article: Article, opts) -> Any:
    """Who said what, via whom; then the claims that are not the outlet's plain assertion; then sources."""
    from rich.console import Group

    parts = []
    every = getattr(opts, "all_attributions", False)
    qs = [q for q in field(article, "quotes") or [] if is_shown(q, every)]
    if qs:
        parts.append(item_table(article, "Attributions" if every else "Quotes (speech; --all for every attribution)", qs, [
            *([("attribution", "attribution")] if every else []),
            ("speaker", lambda q, a: speaker_label({"speaker_entity": q.speaker_entity, "speaker_description": q.speaker_description})),
            ("cue", lambda q, a: a.text[q.cue.start : q.cue.end] if q.cue else ""),
            ("kind", "kind"),
            ("via", lambda q, a: ", ".join(f"{v.name} ({v.relation})" for v in q.via)),
            ("quote", lambda q, a: a.text[q.content.start : q.content.end]),
        ], opts))
    ranked = sorted((c for c in field(article, "claims") or [] if c.check_rank), key=lambda c: c.check_rank)
    if ranked:
        parts.append(item_table(article, "Check-worthy claims, ranked", ranked, [
            ("#", "check_rank"),
            ("score", lambda c, a: f"{c.check_score:.2f}"),
            ("status", "status"),
            ("why", lambda c, a: check_reasons(c.check_reasons)),
            ("claim", "text"),
        ], opts))
    cl = [c for c in field(article, "claims") or [] if c.status != "asserted"]
    if cl:
        parts.append(item_table(article, "Claims not asserted by the outlet", cl, [
            ("status", lambda c, a: c.status.upper() if c.status in ("denied", "unverified") else c.status),
            ("by", lambda c, a: " / ".join(x for x in (c.attributed_to, f"denied by {c.denied_by}" if c.denied_by else None) if x)),
            ("cues", lambda c, a: "; ".join(f"{x.kind}: {a.text[x.start:x.end]}" for x in c.cues)),
            ("claim", "text"),
        ], opts))
    src = field(article, "sources")
    if src:
        parts.append(item_table(article, "Sources", src, [
            ("name", "name"), ("type", "type"), ("roles", lambda s, a: ", ".join(s.roles)),
            ("mentions", lambda s, a: len(s.mentions)),
        ], opts))
    parts = [p for p in parts if p is not None]
    return Group(*parts) if parts else None


def corrections(article: Article, opts) -> Any:
    """Analysts' corrections laid over the extractor's output (``newstrace.desk``): the item, the
    extractor's value and the analyst's, who and when."""
    import json

    def value(d: dict[str, Any]) -> str:
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    return item_table(article, "Corrections by analysts (they override the extractor above)",
                      field(article, "corrections"), [
                          ("item", "text"), ("correction", "action"),
                          ("extractor", lambda c, a: value(c.original)), ("analyst", lambda c, a: value(c.value)),
                          ("by", lambda c, a: f"{c.author or '?'} {(c.created_at or '')[:10]}"),
                          ("note", lambda c, a: c.note or "")], opts)


# The order sections appear in. Append a renderer to show a new field.

SECTIONS: list[Section] = [header, paragraphs, removed, entities, attributions, places, times, events, corrections]


def render(article: Article, console: Console, opts: ShowOptions | None = None,
           sections: Iterable[Section] | None = None) -> None:
    """Print ``article`` section by section (empty sections print nothing)."""
    opts = opts or ShowOptions()
    for section in sections or SECTIONS:
        r = section(article, opts)
        if r is not None:
            console.print(r)


# -- search hits ------------------------------------------------------------------------------


def highlighted(s: str | None, ranges: Sequence[tuple[int, int]], style: str = "bold yellow") -> Text:
    """Escaped text with the given character ranges styled."""
    s = s or ""
    t = Text(safe(s))  # safe() keeps length, so ranges still line up
    for start, end in ranges:
        t.stylize(style, start, end)
    return t


def hit(h: Any, rank: int) -> Text:
    """One search hit: rank, highlighted title, doc_id, outlet/date, highlighted snippet."""
    t = Text()
    t.append(f"{rank:>3}. ", style="dim")
    t.append_text(highlighted(h.title or "(no title)", h.title_highlights, "bold yellow"))
    t.stylize("bold", 5)
    t.append("\n     ")
    t.append(h.doc_id, style="cyan")
    meta = "  ".join(safe(x) for x in (h.outlet, h.published, h.language) if x)
    if meta:
        t.append("  " + meta, style="dim")
    if h.score is not None:
        t.append(f"  score {h.score:.3g}", style="dim")
    t.append("\n     ")
    t.append_text(highlighted(h.snippet.replace("\n", " "), h.highlights))
    return t
