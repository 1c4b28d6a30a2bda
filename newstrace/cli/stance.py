"""Stance command: ``newstrace stance --pairs FILE.jsonl [--out FILE]``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def stance(
        pairs: str = typer.Option(..., "--pairs", help='JSON Lines of {"id", "claim", "text"}; - for stdin.'),
        out: str = typer.Option(None, "--out", help="Write results here instead of standard output."),
    ) -> None:
        """Stance of each text towards its claim: agree, disagree, discuss or unrelated.

        Writes one line per pair: {"id", "stance", "score", "scores", "evidence": [{"start", "end",
        "text", "relevance"}]}, evidence being the sentences of the text that carry the stance.
        Bad lines are reported on stderr with their line number; the exit code is then 1.
        """
        import json
        import sys

        from .. import api, serialize
        from ..stance.batch import PairFailure, run_pairs

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
            for r in run_pairs(src, api.stance):
                if isinstance(r, PairFailure):
                    failed += 1
                    print(f"error: {pairs}:{r.line}: [{r.code}] {r.reason}", file=sys.stderr)
                    continue
                d = {"id": r.id, **serialize.to_plain(r.result, r.text)}
                dst.write(json.dumps(d, ensure_ascii=False) + "\n")
        finally:
            if src is not sys.stdin:
                src.close()
            if dst is not sys.stdout:
                dst.close()
        raise typer.Exit(1 if failed else 0)
