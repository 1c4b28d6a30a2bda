"""Core commands: analyze, ingest, search, show, stats (and the global --version); export is in exports.py.

Thin: parse arguments -> ``newstrace.api`` -> serialize / render. Exit codes: 0 all fine,
1 some inputs failed, 2 usage (bad arguments, missing store, malformed query), 130 interrupted.
Every failed input is one stderr line: ``error: PATH[#record]: [NTxxx] reason``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any

import typer

DB_HELP = "Store file (default: ./newstrace.db, or $NEWSTRACE_DB)."
ENGINE_HELP = ("Execution engine: local (this process, or --workers N processes) or dask (a local cluster of "
               "--workers N, or the scheduler at --scheduler ADDRESS).")
EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


class AnalyzeFormat(str, Enum):
    json = "json"
    text = "text"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _stdout():
    from rich.console import Console

    return Console(highlight=False)


def failure_line(f) -> str:
    """``error: PATH[#record]: [NTxxx] reason`` with control characters neutralised."""
    from .show import safe

    where = f"{f.path}#{f.record}" if f.record is not None else f"{f.path}"
    return safe(f"error: {where}: [{f.code}] {f.reason}").replace("\n", " ")


def _guard(fn: Callable[[], int]) -> None:
    """Run a command body; map newstrace errors to messages and exit codes."""
    from ..errors import NewstraceError, UsageError

    try:
        code = fn()
    except UsageError as e:
        _err(f"error: {e}")
        raise typer.Exit(EXIT_USAGE) from None
    except NewstraceError as e:
        _err(f"error: {e}")
        raise typer.Exit(EXIT_FAILED) from None
    except KeyboardInterrupt:
        _err("interrupted: every article committed so far is complete; run the same command again to continue")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:  # `newstrace export | head`
        sys.stderr.close()
        raise typer.Exit(0) from None
    raise typer.Exit(code)


def _err(message: str) -> None:
    from .show import safe

    sys.stderr.write(safe(message).replace("\n", " ") + "\n")
    sys.stderr.flush()


def _sigterm_interrupts() -> None:
    """Treat SIGTERM like Ctrl-C so a stopped ingest records its run as interrupted.

    (SQLite transactions already make any kill safe; this only lets the run end cleanly.)
    """
    import signal

    def handler(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (CLI invoked from a test runner thread)
        pass


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"newstrace {__version__}")
        raise typer.Exit()


def register(app: typer.Typer) -> None:
    @app.callback()
    def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                           help="Print the version and exit.")) -> None:
        pass

    @app.command()
    def analyze(
        paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or - for stdin."),
        fmt: AnalyzeFormat = typer.Option(AnalyzeFormat.json, "--format", "-f",
                                          help="json: one JSON object per line; text: readable."),
        removed: bool = typer.Option(False, "--removed", help="With --format text: list removed lines."),
    ) -> None:
        """Analyse articles without a store; JSON Lines on stdout, failures on stderr."""

        def body() -> int:
            from .. import api, serialize
            from ..model import InputFailure
            from .show import ShowOptions, render

            failed = 0
            console = _stdout() if fmt is AnalyzeFormat.text else None
            for r in api.analyze_paths(paths):
                if isinstance(r, InputFailure):
                    failed += 1
                    _err(failure_line(r))
                elif console is not None:
                    render(r, console, ShowOptions(removed=removed))
                    console.rule()
                else:
                    sys.stdout.write(serialize.to_json(r) + "\n")
            return EXIT_FAILED if failed else 0

        _guard(body)

    @app.command()
    def ingest(
        paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or - for stdin."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        engine: Engine = typer.Option(Engine.local, "--engine", help=ENGINE_HELP),
        workers: int = typer.Option(None, "--workers", min=1, help="Worker processes (engine dependent)."),
        scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (engine dask)."),
        out: str = typer.Option(None, "--out", help="Write analysed articles as Parquet parts in this folder instead of the store "
                                                  "(parallel engines; the store keeps the ingest log)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (no progress bar)."),
    ) -> None:
        """Read, analyse and store articles; a progress bar, then a summary. Re-running is safe."""

        def body() -> int:
            from .. import api
            from ..ingest import resolve_engine

            resolve_engine(engine.value, workers=workers, scheduler=scheduler, out=out)  # usage errors first
            _sigterm_interrupts()
            with api.open(db) as store:
                report = _ingest_with_progress(store, paths, engine.value, workers, scheduler, out,
                                               quiet or as_json)
                if as_json:
                    print(json.dumps(report.to_dict(), ensure_ascii=False))
                else:
                    n = store.count()
                    print(f"Ingested into {store.path} in {report.elapsed:.1f} s ({report.rate:.1f} articles/s): "
                          f"{report.new} new, {report.unchanged} unchanged, {report.versions} new versions, "
                          f"{len(report.failed)} failed.")
                    print(f"Store now holds {n} article{'' if n == 1 else 's'}. Search: newstrace search QUERY"
                          + (f" --db {store.path}" if db else ""))
            return EXIT_FAILED if report.failed else 0

        _guard(body)

    @app.command()
    def search(
        query: str = typer.Argument(..., help='Plain text: every word required, "a phrase", stem*; '
                                              'punctuation is just text (--fts for FTS5 syntax).'),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        limit: int = typer.Option(10, "--limit", "-n", min=1, help="Number of hits."),
        offset: int = typer.Option(0, "--offset", min=0, help="Skip this many hits."),
        outlet: str = typer.Option(None, "--outlet", help="Only this outlet."),
        since: str = typer.Option(None, "--since", help="Published on or after (YYYY[-MM[-DD]])."),
        until: str = typer.Option(None, "--until", help="Published on or before (YYYY[-MM[-DD]])."),
        language: str = typer.Option(None, "--language", help="Only this language code."),
        entity: str = typer.Option(None, "--entity", help="Only articles naming this entity (canonical name)."),
        place: str = typer.Option(None, "--place", help="Only articles placing something here (resolved name)."),
        fts: bool = typer.Option(False, "--fts", help="Take the query as FTS5 syntax (OR, NOT, NEAR, prefix*, "
                                                      "column:); a syntax error exits 2 with [NT401]."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per hit (highlights as offsets)."),
    ) -> None:
        """Full-text search, best match first (BM25), with highlighted snippets."""

        def body() -> int:
            from .. import api
            from .show import hit

            with api.open(db, create=False) as store:
                hits = store.search(query, limit=limit, offset=offset, outlet=outlet, since=since, until=until,
                                    language=language, entity=entity, place=place, fts=fts)
            if as_json:
                for h in hits:
                    sys.stdout.write(json.dumps(h.to_dict(), ensure_ascii=False) + "\n")
                return 0
            console = _stdout()
            if not hits:
                console.print("no matches", style="dim")
            for i, h in enumerate(hits, start=offset + 1):
                console.print(hit(h, i))
            return 0

        _guard(body)

    @app.command()
    def show(
        doc_id: str = typer.Argument(..., help="Document id, or a unique prefix of at least 6 characters."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="The article in the JSON format."),
        removed: bool = typer.Option(False, "--removed", help="List removed lines with their reasons."),
        all_attributions: bool = typer.Option(
            False, "--all", help="Every attribution (beliefs, stances, actions, evidence), not only speech."),
    ) -> None:
        """Show one stored article: metadata, paragraphs with their kinds, entities, ..."""

        def body() -> int:
            from .. import api, serialize
            from ..errors import UsageError
            from .show import ShowOptions, render

            with api.open(db, create=False) as store:
                article = store.get(doc_id)
            if article is None:
                raise UsageError(f"no article {doc_id!r} in the store")
            if as_json:
                sys.stdout.write(serialize.to_json(article, indent=2) + "\n")
            else:
                render(article, _stdout(), ShowOptions(removed=removed, all_attributions=all_attributions))
            return 0

        _guard(body)

    @app.command()
    def stats(
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="As JSON."),
    ) -> None:
        """Summarise the store: articles, outlets, languages, failures, top people, organisations, places."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                st = store.stats()
            if as_json:
                print(json.dumps(st.to_dict(), ensure_ascii=False, indent=2))
            else:
                _print_stats(st)
            return 0

        _guard(body)


def _ingest_with_progress(store, paths, engine, workers, scheduler, out, quiet):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn,
                               TextColumn, TimeElapsedColumn)

    class RateColumn(ProgressColumn):
        def render(self, task: Any):
            from rich.text import Text

            # Whole-run average: per-batch bursts make rich's windowed speed jumpy.
            elapsed = task.elapsed or 0.0
            rate = task.completed / elapsed if elapsed > 0 and task.completed else None
            return Text(f"{rate:.1f} articles/s" if rate else "-- articles/s", style="dim")

    console = _stderr()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=quiet, transient=False) as bar:
        task = bar.add_task("reading", total=None, failed=0)

        def progress(ev) -> None:
            if ev.failure is not None:
                # Printed through the progress console so the line lands above the bar.
                console.print(failure_line(ev.failure), markup=False, highlight=False, soft_wrap=True)
            if ev.phase == "scan":
                bar.update(task, description="reading", completed=ev.done)
            else:
                bar.update(task, description="analysing", completed=ev.done, total=ev.total, failed=ev.failed)

        return store.ingest(paths, progress=progress, engine=engine, workers=workers, scheduler=scheduler, out=out)


def _print_stats(st) -> None:
    from rich.table import Table

    from .show import text

    console = _stdout()
    console.print(f"Articles: {st.articles} ({st.versions} stored versions)  Outlets: {st.outlets}  "
                  f"Failed inputs: {st.failures}")
    if st.languages:
        console.print("Languages: " + ", ".join(f"{k} {v}" for k, v in st.languages.items()), markup=False)
    for title, rows in (("Top outlets", st.top_outlets), ("Top people", st.top_people),
                        ("Top organisations", st.top_organisations), ("Top places", st.top_places)):
        if not rows:
            continue
        table = Table(title=title, title_justify="left", title_style="bold")
        table.add_column("name")
        table.add_column("articles", justify="right")
        for name, n in rows:
            table.add_row(text(name), str(n))
        console.print(table)
    if st.last_run:
        r = st.last_run
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items()))
        console.print(f"Last ingest {r['run_id']} ({r['status']}): {outcomes or 'no inputs'}", markup=False)


class AnalysedArticles:
    """Articles analysed from ``paths`` for commands that read files instead of the store.

    Failures are printed as they happen (one line each) and counted in ``failed``.
    """

    def __init__(self, paths: list[str]):
        self.paths = paths
        self.failed = 0

    def __iter__(self):
        from .. import api
        from ..model import InputFailure

        for r in api.analyze_paths(self.paths):
            if isinstance(r, InputFailure):
                self.failed += 1
                _err(failure_line(r))
            else:
                yield r
