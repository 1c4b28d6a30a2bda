"""``newstrace timeline``: dated events in calendar order, from files (analysed now) or from the store.

Thin: articles from ``newstrace.api`` -> ``api.timeline`` -> a table or JSON Lines.
"""

from __future__ import annotations

import json
import sys

import typer

from .core import DB_HELP, EXIT_FAILED, AnalysedArticles, _err, _guard, _stdout

# Rows printed in the terminal table by default; --limit 0 prints all, --json always prints all.
DEFAULT_LIMIT = 200


def _when(e) -> str:
    if e.range_start == e.range_end:
        return e.range_start
    return f"{e.range_start} .. {e.range_end}"


def _render(events, limit: int) -> None:
    from rich.table import Table
    from rich.text import Text

    from .show import clip, safe

    table = Table(title=f"Timeline ({len(events)} dated mentions)", title_justify="left", title_style="bold")
    for col in ("when", "value", "sentence", "article"):
        table.add_column(col, overflow="fold")
    shown = events if limit <= 0 else events[:limit]
    for e in shown:
        sent = Text(safe(e.sentence).replace("\n", " "))  # safe() keeps length: offsets still line up
        sent.stylize("bold yellow", e.expr_start, e.expr_end)
        if len(sent) > 400:
            sent.truncate(400, overflow="ellipsis")
        art = Text(clip(e.title or e.source or e.doc_id, 80))
        art.append(f"\n{e.doc_id}", style="dim")
        if e.published:
            art.append(f"  {safe(e.published)[:10]}", style="dim")
        table.add_row(Text(_when(e)), Text(safe(e.value) + (f" ({e.mod})" if e.mod else "")), sent, art)
    if len(shown) < len(events):
        table.caption = f"... {len(events) - len(shown)} more (--limit 0 or --json for all)"
    _stdout().print(table)


def register(app: typer.Typer) -> None:
    @app.command()
    def timeline(
        paths: list[str] = typer.Argument(None, help="Files or directories to analyse; none: read the store."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        since: str = typer.Option(None, "--since", help="Only events ending on or after this date (YYYY[-MM[-DD]])."),
        until: str = typer.Option(None, "--until", help="Only events starting on or before this date."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per event."),
        limit: int = typer.Option(DEFAULT_LIMIT, "--limit", help="Rows in the table (0: all)."),
    ) -> None:
        """List dated events in calendar order: when, the sentence it is mentioned in, the article.

        Times are resolved against each article's publication date; mentions that cannot be placed
        on a calendar (no publication date, durations, "now") are left out.
        """

        def body() -> int:
            from .. import api
            from ..errors import UsageError

            for bound in (since, until):
                if bound and not _valid_bound(bound):
                    raise UsageError(f"--since/--until take YYYY, YYYY-MM or YYYY-MM-DD, not {bound!r}")
            analysed = AnalysedArticles(paths or [])
            if paths:
                tl = api.timeline(analysed, since=since, until=until)
            else:
                with api.open(db, create=False) as store:
                    from ..desk import corrected_iter  # analysts' corrections laid over

                    tl = api.timeline(corrected_iter(store, store.iter_articles()), since=since, until=until)
            if as_json:
                from dataclasses import asdict

                for e in tl.events:
                    sys.stdout.write(json.dumps(asdict(e), ensure_ascii=False) + "\n")
            else:
                _render(tl.events, limit)
                if tl.unplaced:
                    _err(f"{tl.unplaced} date/time mention(s) in {tl.articles} article(s) could not be placed on "
                         "a calendar (no publication date to resolve them against, or not understood)")
            return EXIT_FAILED if analysed.failed else 0

        _guard(body)


def _valid_bound(s: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", s) is not None
