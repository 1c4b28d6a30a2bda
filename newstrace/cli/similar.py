"""Similarity command: ``newstrace similar --pairs FILE.jsonl [--out FILE]``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def similar(
        pairs: str = typer.Option(..., "--pairs", help='JSON Lines of {"id", "text1", "text2"} (optional title1/2, '
                                  'published1/2, lang1/2); - for stdin.'),
        out: str = typer.Option(None, "--out", help="Write results here instead of standard output."),
    ) -> None:
        """Do two articles report the same story? The score stories are built from.

        Writes one line per pair: {"id", "score", "similarity", "same_story", "days_apart"}: ``score`` on the
        SemEval-2022 Task 8 scale (1 = same story ... 4 = unrelated), ``similarity`` = (4 - score) / 3,
        ``same_story`` the story rule (similarity threshold and, when both dates are given, a date window).
        Bad lines are reported on stderr with their line number; the exit code is then 1.
        """
        from .. import api
        from ..stance.batch import PairFailure
        from .common import write_pair_lines

        def results(src):
            for pair, result in api.similarity_lines(src):
                yield pair if isinstance(pair, PairFailure) else {"id": pair.id, **result}

        write_pair_lines(pairs, out, results)
