"""Export and report commands: ``newstrace export`` and ``newstrace report claim|story|event ID``.

Thin: parse arguments -> ``newstrace.api.export`` / ``api.report`` (``newstrace/exports``,
``newstrace/reports``) -> files. Both show a
progress bar on stderr (``-q`` hides it).
"""

from __future__ import annotations

import sys
from enum import Enum

import typer

from .core import DB_HELP, _err, _guard, _stderr

TABLE_HELP = ("Table to write (repeatable): articles, entities, quotes, claims, places, times, amounts, events, "
              "links, verdicts. Default: every table for --out DIR and xlsx, else articles.")


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    geojson = "geojson"
    claimreview = "claimreview"


class ReportKind(str, Enum):
    claim = "claim"
    story = "story"
    event = "event"


class ReportFormat(str, Enum):
    md = "md"
    html = "html"


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f",
                                         help="jsonl (whole articles), csv, xlsx, parquet (flat tables), "
                                              "geojson (places and events), claimreview (verdicts, JSON-LD)."),
        out: str = typer.Option(None, "--out", "-o", help="Output file or directory (default stdout; xlsx and "
                                                           "parquet need one; a directory gets one file per table)."),
        table: list[str] = typer.Option(None, "--table", "-t", help=TABLE_HELP),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        since: str = typer.Option(None, "--since", help="Published on or after (YYYY[-MM[-DD]])."),
        until: str = typer.Option(None, "--until", help="Published on or before (YYYY[-MM[-DD]])."),
        outlet: str = typer.Option(None, "--outlet", help="Only this outlet."),
        entity: str = typer.Option(None, "--entity", help="Only articles naming this entity (canonical name)."),
        place: str = typer.Option(None, "--place", help="Only articles naming this place."),
        story: str = typer.Option(None, "--story", help="Only the articles of this story (story id)."),
        query: str = typer.Option(None, "--query", help="Only articles matching this search (plain text)."),
        all_versions: bool = typer.Option(False, "--all-versions", help="Include superseded versions."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary line."),
    ) -> None:
        """Export stored articles: whole articles (jsonl), one row per annotation (csv, xlsx, parquet),
        places and events (geojson) or verdicts (claimreview); filtered like search."""

        def body() -> int:
            from .. import api
            from ..exports import Filters, count_selected

            chosen = dict(since=since, until=until, outlet=outlet, entity=entity, place=place, story=story,
                          query=query)
            filters = Filters(**chosen, current_only=not all_versions)
            with api.open(db, create=False) as store:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

                total = count_selected(store, filters)
                with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), console=_stderr(), disable=quiet, transient=True) as bar:
                    tasks: dict[str, int] = {}

                    def progress(name: str, n: int) -> None:
                        if name not in tasks:
                            tasks[name] = bar.add_task(f"export {name}", total=total)
                        bar.update(tasks[name], completed=n)

                    counts = api.export(store, fmt.value, out, tables=table or None, progress=progress,
                                        current_only=not all_versions, **chosen)
            if not quiet:
                where = out if out and out != "-" else "stdout"
                _err(f"exported to {where}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
            return 0

        _guard(body)

    @app.command()
    def report(
        kind: ReportKind = typer.Argument(..., help="What to report on: claim, story or event."),
        item_id: str = typer.Argument(..., metavar="ID", help="The claim id, story id or event id."),
        fmt: ReportFormat = typer.Option(ReportFormat.md, "--format", "-f", help="md (Markdown) or html."),
        out: str = typer.Option(None, "--out", "-o", help="Output file (default stdout)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """A fact-check report: the claim / story / event, its verdict, a chronology of reports with quotes
        and evidence, independence, conflicts and a source list (URLs, outlets, dates, offsets)."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                              console=_stderr(), disable=quiet, transient=True) as bar:
                    task = bar.add_task(f"report {kind.value}", total=None)

                    def progress(done: int, total: int) -> None:
                        bar.update(task, completed=done, total=total)

                    text = api.report(store, kind.value, item_id, fmt=fmt.value, progress=progress)
            if out and out != "-":
                with open(out, "w", encoding="utf-8") as fh:
                    fh.write(text)
                if not quiet:
                    _err(f"wrote {kind.value} report to {out}")
            else:
                sys.stdout.write(text)
            return 0

        _guard(body)
