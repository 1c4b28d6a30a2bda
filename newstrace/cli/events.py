"""``newstrace events`` (merged events across articles, filtered; JSON, GeoJSON, ACLED-style CSV) and
``newstrace event ID`` (every report with its evidence, the independent sources, the conflicts).

Thin: parse arguments -> ``newstrace.api`` -> print. The views are built in ``events/views.py``.
"""

from __future__ import annotations

import json
import sys

import typer

from .core import DB_HELP, _guard


def _json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _place(rec: dict) -> str:
    p = rec.get("place") or {}
    return ", ".join(x for x in (p.get("name"), p.get("admin1") if p.get("admin1") != p.get("name") else None,
                                 p.get("country")) if x)


def _when(rec: dict) -> str:
    a, b = rec.get("day_start"), rec.get("day_end")
    if not a and not b:
        return "undated"
    return a if a == b else f"{a or '?'}..{b or '?'}"


def _who(actors: list[dict]) -> str:
    return ", ".join(f"{a.get('name') or ''}" + (f" [{a['side']}]" if a.get("side") else "") for a in actors)


def _render_list(data: dict) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .show import clip, safe

    table = Table(title=f"Events ({data['total']} merged; showing {len(data['items'])})", title_justify="left",
                  title_style="bold")
    for col in ("event", "when", "type", "where", "actors", "sources", "conflicts", "first report"):
        table.add_column(col, overflow="fold")
    for r in data["items"]:
        first = r.get("first_report") or {}
        lead = next((x for x in r["reports"] if x["event_id"] == first.get("event_id")), None)
        table.add_row(Text(r["event_id"]), Text(_when(r)), Text(safe(r.get("type_name") or r.get("type"))),
                      Text(clip(_place(r), 40)), Text(clip(_who(r.get("actors") or []), 50)),
                      Text(f"{r['independent_sources']} ({r['articles']} articles)"),
                      Text(", ".join(r.get("conflict_kinds") or []) or "-"),
                      Text(clip(f"{first.get('outlet') or ''}: {lead['evidence']['text'] if lead else ''}", 120)))
    Console(highlight=False).print(table)


def _render_one(rec: dict) -> None:
    from rich.console import Console

    from .show import safe

    out = Console(highlight=False, soft_wrap=True)

    def line(s: str = "") -> None:
        out.print(safe(s), markup=False)

    line(f"{rec['event_id']}  {rec.get('type_name')} ({rec.get('type')})")
    line(f"when: {_when(rec)}    where: {_place(rec) or 'unknown'}")
    if rec.get("actors"):
        line(f"actors: {_who(rec['actors'])}")
    if rec.get("targets"):
        line(f"targets: {_who(rec['targets'])}")
    for kind, figs in sorted((rec.get("figures") or {}).items()):
        line(f"{kind}: " + "; ".join(f"{f.get('text')}" + (f" (per {f['attributed_to']})" if f.get("attributed_to") else "")
                                     for f in figs))
    first = rec.get("first_report") or {}
    outlet_of = {r["doc_id"]: r.get("outlet") or r["doc_id"] for r in rec["reports"]}
    if first.get("tied"):
        firsts = f"tie on {(first.get('published') or '')[:10]}: " + ", ".join(
            dict.fromkeys(outlet_of.get(d, d) for d in first["tied"]))
    else:
        firsts = f"{first.get('outlet') or first.get('doc_id')} {first.get('published') or ''}"
    line(f"independent sources: {rec['independent_sources']} of {rec['articles']} articles"
         f" ({', '.join(rec.get('outlets') or [])}); first report: {firsts}")
    line()
    line(f"Reports ({len(rec['reports'])}):")
    for r in rec["reports"]:
        status = r.get("status") + (f" by {r['denied_by']}" if r.get("denied_by") else "")
        line(f"  {(r.get('published') or '')[:10]}  {r.get('outlet') or '?'}  [{status}]  doc {r['doc_id']}"
             f"  chars {r['start']}-{r['end']}")
        line(f"    \"{' '.join(r['text'].split())}\"")
        if r.get("reported_by"):
            line(f"    on the word of: {' <- '.join(r['reported_by'])}")
    line()
    if not rec.get("conflicts"):
        line("Conflicts: none")
    else:
        line(f"Conflicts ({len(rec['conflicts'])}):")
        for c in rec["conflicts"]:
            head = f"  {c['kind']}" + (f" ({c['field']})" if c.get("field") and c["field"] != c["kind"] else "")
            if c["kind"] == "denial":
                head += f": denied by {c.get('denied_by') or 'a party'}"
            line(head)
            for v in c["values"]:
                outlets = ", ".join(f"{x.get('outlet') or x['doc_id']}" for x in v["reports"])
                line(f"    {v['value']}: {outlets}")
                for x in v["reports"][:3]:
                    line(f"      \"{' '.join(x['evidence']['text'].split())[:200]}\"")


def register(app: typer.Typer) -> None:
    @app.command()
    def events(
        db: str = typer.Option(None, "--db", help=DB_HELP),
        type_: str = typer.Option(None, "--type", help="Event type: a label (ART_MISS_ATTACK) or part of a name (shelling)."),
        place: str = typer.Option(None, "--place", help="Part of the place or region name, or a country code (UA)."),
        since: str = typer.Option(None, "--since", help="Events on or after this date (YYYY[-MM[-DD]])."),
        until: str = typer.Option(None, "--until", help="Events on or before this date."),
        actor: str = typer.Option(None, "--actor", help="Part of an actor's name, or a side (russia, ukraine)."),
        min_sources: int = typer.Option(1, "--min-sources", help="Only events with this many independent sources."),
        limit: int = typer.Option(50, "--limit", help="Events listed (1..1000; --csv writes all)."),
        offset: int = typer.Option(0, "--offset", help="Events skipped."),
        as_json: bool = typer.Option(False, "--json", help="As JSON (every report with evidence, conflicts)."),
        as_geojson: bool = typer.Option(False, "--geojson", help="As a GeoJSON FeatureCollection of located events."),
        as_csv: bool = typer.Option(False, "--csv", help="As ACLED-style CSV (event_date, event_type, ..., notes)."),
        merge: bool = typer.Option(False, "--merge", help="First merge the articles not merged yet."),
        full: bool = typer.Option(False, "--full", help="With --merge: forget the merged events and merge all again."),
    ) -> None:
        """List events merged across articles: type, when, where, actors, independent sources, conflicts."""

        def body() -> int:
            from .. import api
            from ..errors import UsageError

            if sum((as_json, as_geojson, as_csv)) > 1:
                raise UsageError("choose one of --json, --geojson, --csv")
            if full and not merge:
                raise UsageError("--full goes with --merge")
            filters = dict(type=type_, place=place, since=since, until=until, actor=actor, min_sources=min_sources)
            with api.open(db, create=False) as store:
                if merge:
                    r = api.merge_events(store, full=full)
                    print(f"Merged {r.reports} event reports of {r.articles} articles: {r.new_events} new events, "
                          f"{r.joined} joined an event.", file=sys.stderr)
                if as_csv:
                    api.events_csv(store, sys.stdout, **filters)
                    return 0
                if as_geojson:
                    _json(api.events_geojson(store, **filters))
                    return 0
                data = api.events(store, limit=limit, offset=offset, **filters)
            if as_json:
                _json(data)
            else:
                _render_list(data)
            return 0

        _guard(body)

    @app.command()
    def event(
        event_id: str = typer.Argument(..., help="Event id (or a unique prefix of 6+ characters, or an article event id)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="As JSON."),
    ) -> None:
        """One event: every report with its evidence and status, the independent sources, the conflicts."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                rec = api.event(store, event_id)
            if as_json:
                _json(rec)
            else:
                _render_one(rec)
            return 0

        _guard(body)
