"""``newstrace places``: the places of articles (analysed now, or from the store) as a table,
JSON Lines, or a GeoJSON file. Thin: api -> newstrace.geo.export -> output."""

from __future__ import annotations

import json
import sys

import typer

from .core import DB_HELP, EXIT_FAILED, AnalysedArticles, _err, _guard, _stdout

DEFAULT_LIMIT = 200  # rows in the terminal table; --json and --geojson always carry all


def _render(records, limit: int) -> None:
    from rich.table import Table
    from rich.text import Text

    from .show import clip, safe

    table = Table(title=f"Places ({len(records)} mentions)", title_justify="left", title_style="bold")
    for col in ("text", "place", "country", "admin1", "feature", "role", "conf.", "article"):
        table.add_column(col, overflow="fold")
    shown = records if limit <= 0 else records[:limit]
    for r in shown:
        p = r.place
        where = p.name if p.resolved else f"unresolved: {p.reason}"
        if p.relative:
            where = f"{p.relative} {where}"
        table.add_row(Text(safe(r.text)), Text(safe(where)), Text(p.country or ""), Text(safe(p.admin1 or "")),
                      Text(p.feature or ""), Text(p.role), Text(f"{p.confidence:.2f}" if p.resolved else ""),
                      Text(clip(r.title or r.source or r.doc_id, 60)))
    if len(shown) < len(records):
        table.caption = f"... {len(records) - len(shown)} more (--limit 0, --json or --geojson for all)"
    _stdout().print(table)


def register(app: typer.Typer) -> None:
    @app.command()
    def places(
        paths: list[str] = typer.Argument(None, help="Files or directories to analyse; none: read the store."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        country: str = typer.Option(None, "--country", help="Only places in this country (ISO 3166 alpha-2, e.g. UA)."),
        role: str = typer.Option(None, "--role", help="Only places with this role: event, mention or dateline."),
        geojson_file: str = typer.Option(None, "--geojson", help="Write the resolved places as a GeoJSON "
                                         "FeatureCollection to this file (- for standard output)."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per place mention."),
        limit: int = typer.Option(DEFAULT_LIMIT, "--limit", help="Rows in the table (0: all)."),
    ) -> None:
        """List the places articles mention: the gazetteer place, country, role, confidence.

        Unresolved names are listed with the reason; in GeoJSON they are counted, never placed.
        """

        def body() -> int:
            from .. import api
            from ..errors import UsageError
            from ..geo.export import ROLES, geojson, place_records

            if country and (len(country) != 2 or not country.isalpha()):
                raise UsageError(f"--country takes an ISO 3166 alpha-2 code such as UA, not {country!r}")
            if role and role not in ROLES:
                raise UsageError(f"--role takes one of {', '.join(ROLES)}, not {role!r}")
            analysed = AnalysedArticles(paths or [])
            if paths:
                records = list(place_records(analysed, country=country, role=role))
            else:
                with api.open(db, create=False) as store:
                    from ..desk import corrected_iter  # analysts' corrections laid over

                    records = list(place_records(corrected_iter(store, store.iter_articles()), country=country,
                                                 role=role))
            if geojson_file:
                fc, unresolved = geojson(records)
                out = json.dumps(fc, ensure_ascii=False)
                if geojson_file == "-":
                    sys.stdout.write(out + "\n")
                else:
                    with open(geojson_file, "w", encoding="utf-8") as f:
                        f.write(out)
                    _err(f"wrote {len(fc['features'])} place(s) to {geojson_file}"
                         + (f"; {unresolved} unresolved mention(s) left out" if unresolved else ""))
            elif as_json:
                from dataclasses import asdict

                for r in records:
                    d = asdict(r)
                    sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
            else:
                _render(records, limit)
            return EXIT_FAILED if analysed.failed else 0

        _guard(body)
