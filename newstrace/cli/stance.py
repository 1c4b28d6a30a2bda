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
        from .. import api, serialize
        from ..stance.batch import PairFailure, run_pairs
        from .common import write_pair_lines

        def results(src):
            for r in run_pairs(src, api.stance):
                yield r if isinstance(r, PairFailure) else {"id": r.id, **serialize.to_plain(r.result, r.text)}

        write_pair_lines(pairs, out, results)
