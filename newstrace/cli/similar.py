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
        import json
        import sys

        from .. import api
        from ..stance.batch import PairFailure

        try:
            src = sys.stdin if pairs == "-" else open(pairs, encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as e:
            print(f"error: {pairs}: [NT108] cannot open ({e.strerror or e})", file=sys.stderr)
            raise typer.Exit(2) from None
        try:
            dst = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
        except OSError as e:
            print(f"error: {out}: [NT400] cannot write ({e.strerror or e})", file=sys.stderr)
            raise typer.Exit(2) from None
        failed = 0
        try:
            for pair, result in api.similarity_lines(src):
                if isinstance(pair, PairFailure):
                    failed += 1
                    print(f"error: {pairs}:{pair.line}: [{pair.code}] {pair.reason}", file=sys.stderr)
                    continue
                dst.write(json.dumps({"id": pair.id, **result}, ensure_ascii=False) + "\n")
                dst.flush()
        finally:
            if src is not sys.stdin:
                src.close()
            if dst is not sys.stdout:
                dst.close()
        raise typer.Exit(1 if failed else 0)
