"""Core commands: analyze, ingest, search, show, export, stats. (Being written.)"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def analyze(paths: list[str] = typer.Argument(..., help="Files, directories or - for stdin.")) -> None:
        """Analyse articles without a store; JSON Lines on stdout."""
        import sys

        from .. import api, serialize
        from ..model import InputFailure

        failed = 0
        for r in api.analyze_paths(paths):
            if isinstance(r, InputFailure):
                failed += 1
                print(f"error: {r.path}: [{r.code}] {r.reason}", file=sys.stderr)
            else:
                print(serialize.to_json(r))
        raise typer.Exit(1 if failed else 0)
