"""Attribution commands: ``newstrace quotes`` and ``newstrace claims``; and the quotes, claims and
sources sections of ``newstrace show``.

With PATH arguments the files are analysed on the fly (no store); without, the store is read
(``--db``). Output is a readable table, or one JSON object per quote / claim with ``--json``.

``quotes`` and ``show`` list speech (what someone said or wrote) by default; ``--all`` adds the
other attributions (beliefs, stances, actions, evidence). ``claims`` lists each article's ranked
short list of check-worthy claims with the reasons; ``--all`` lists every claim with its status.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Any

import typer

from ..model import Article
from .show import check_reasons, is_shown, speaker_label as _who

DB_HELP = "Store file (default: ./newstrace.db, or $NEWSTRACE_DB)."
STATUSES = ("asserted", "attributed", "hedged", "unverified", "denied")
STATUS_STYLE = {"denied": "bold red", "unverified": "magenta", "hedged": "yellow", "attributed": "cyan", "asserted": ""}


class Status(str, Enum):
    asserted = "asserted"
    attributed = "attributed"
    hedged = "hedged"
    unverified = "unverified"
    denied = "denied"


def quote_record(article: Article, i: int, q) -> dict[str, Any]:
    """One quotation as a flat JSON-ready dict (offsets and covered text)."""
    from ..api import quote_dict

    d = quote_dict(article, i, q)
    d["via"] = [{"name": v.name, "relation": v.relation, "start": v.start, "end": v.end,
                 "text": article.text[v.start : v.end]} for v in q.via]
    d["speaker_type"] = q.speaker_type
    d["parts"] = [{"start": p.start, "end": p.end} for p in q.parts]
    d["attribution"] = q.attribution
    d["doc_id"] = article.doc_id
    return d


def claim_record(article: Article, c) -> dict[str, Any]:
    from ..api import claim_dict

    d = claim_dict(article, c)
    d["denied_by"] = c.denied_by
    d["check_score"] = c.check_score
    d["check_reasons"] = list(c.check_reasons)
    d["check_rank"] = c.check_rank
    d["doc_id"] = article.doc_id
    return d


def speaker_matches(q, name: str) -> bool:
    """Case-insensitive match on the canonical speaker, or a substring of the description."""
    name = name.lower()
    return (q.speaker_entity or "").lower() == name or name in (q.speaker_description or "").lower()


def _analysed(paths: list[str], failures: list) -> Any:
    from .. import api
    from ..model import InputFailure

    for r in api.analyze_paths(paths):
        if isinstance(r, InputFailure):
            failures.append(r)
        else:
            yield r


def _finish(failures: list) -> int:
    from .core import EXIT_FAILED, _err, failure_line

    for f in failures:
        _err(failure_line(f))
    return EXIT_FAILED if failures else 0


def _print_quotes(rows: list[dict[str, Any]], as_json: bool, total: int | None = None,
                  all_attributions: bool = False) -> None:
    if as_json:
        for r in rows:  # doc_id at top level, as every command's JSON (store rows nest it in "article")
            r = {"doc_id": r.get("doc_id") or (r.get("article") or {}).get("doc_id"), **r}
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    from .show import clip, text

    console = Console(highlight=False)
    if not rows:
        console.print("no quotes", style="dim")
        return
    title = "Attributions" if all_attributions else "Quotes (speech; --all for every attribution)"
    table = Table(title=f"{title} ({total if total is not None else len(rows)})", title_justify="left")
    for h in ("speaker", "cue", "kind", "via", "quote"):
        table.add_column(h, overflow="fold")
    for r in rows:
        via = ", ".join(f"{v['name']} ({v['relation']})" if isinstance(v, dict) else str(v) for v in r.get("via") or [])
        cue = (r.get("cue") or {}).get("text") if r.get("cue") else ""
        kind = r.get("kind") or ""
        if all_attributions and r.get("attribution"):
            kind = f"{r['attribution']} / {kind}"
        table.add_row(text(clip(_who(r), 80)), text(clip(cue or "", 40)), text(kind), text(clip(via, 80)),
                      text(clip(r.get("text") or "")))
    console.print(table)


def _print_claims(rows: list[dict[str, Any]], as_json: bool, total: int | None = None,
                  ranked: bool = False) -> None:
    if as_json:
        for r in rows:  # doc_id at top level, as every command's JSON (store rows nest it in "article")
            r = {"doc_id": r.get("doc_id") or (r.get("article") or {}).get("doc_id"), **r}
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    from .show import clip, text

    console = Console(highlight=False)
    if not rows:
        console.print("no claims", style="dim")
        return
    title = "Claims: the check-worthy short list, ranked (--all for every claim)" if ranked else "Claims"
    table = Table(title=f"{title} ({total if total is not None else len(rows)})", title_justify="left")
    for h in ("#", "score", "status", "by", "why", "claim"):
        table.add_column(h, overflow="fold")
    for r in rows:
        by = r.get("attributed_to") or ""
        if r.get("denied_by"):
            by = f"{by} / denied by {r['denied_by']}".strip(" /")
        rank = r.get("check_rank")
        table.add_row(text(str(rank) if rank else ""), text(f"{r.get('check_score') or 0:.2f}"),
                      text(r["status"], STATUS_STYLE.get(r["status"])), text(clip(by, 60)),
                      text(clip(check_reasons(r.get("check_reasons")), 120)), text(clip(r.get("text") or "")))
    console.print(table)


def register(app: typer.Typer) -> None:
    from .core import _guard

    @app.command()
    def quotes(
        paths: list[str] = typer.Argument(None, help="Files or directories to analyse; none: read the store."),
        speaker: str = typer.Option(None, "--speaker", help="Only quotations by this speaker (canonical name)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        limit: int = typer.Option(50, "--limit", "-n", min=1, help="Quotations shown from the store."),
        offset: int = typer.Option(0, "--offset", min=0, help="Skip this many (store only)."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per quotation."),
        all_attributions: bool = typer.Option(
            False, "--all", help="Every attribution (beliefs, stances, actions, evidence), not only speech."),
    ) -> None:
        """Quotations and reported speech: who said what, with cue, via chain and offsets."""

        def body() -> int:
            if paths:
                failures: list = []
                rows = [quote_record(a, i, q) for a in _analysed(paths, failures)
                        for i, q in enumerate(a.quotes)
                        if is_shown(q, all_attributions) and (not speaker or speaker_matches(q, speaker))]
                _print_quotes(rows, as_json, all_attributions=all_attributions)
                return _finish(failures)
            from .. import api
            from ..api import quotes as store_quotes

            with api.open(db, create=False) as store:
                total, rows = store_quotes(store, speaker=speaker, limit=limit, offset=offset,
                                           speech_only=not all_attributions)
            _print_quotes(rows, as_json, None if not all_attributions else total, all_attributions)
            return 0

        _guard(body)

    @app.command()
    def claims(
        paths: list[str] = typer.Argument(None, help="Files or directories to analyse; none: read the store."),
        status: list[Status] = typer.Option(None, "--status", help="Only claims with this status (repeatable)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        limit: int = typer.Option(50, "--limit", "-n", min=1, help="Claims shown from the store."),
        offset: int = typer.Option(0, "--offset", min=0, help="Skip this many (store only)."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per claim."),
        all_claims: bool = typer.Option(False, "--all", help="Every claim sentence, not only the ranked short list."),
    ) -> None:
        """Each article's short list of check-worthy claims, ranked, with the reasons and status
        (asserted, attributed, hedged, unverified, denied); --all for every claim sentence."""
        wanted = {s.value for s in status} if status else None
        ranked = not all_claims and not wanted  # a status filter looks at every claim sentence

        def body() -> int:
            if paths:
                failures: list = []
                rows = []
                for a in _analysed(paths, failures):
                    picked = [c for c in a.claims if (not ranked or c.check_rank) and (not wanted or c.status in wanted)]
                    if ranked:
                        picked.sort(key=lambda c: c.check_rank)
                    rows.extend(claim_record(a, c) for c in picked)
                _print_claims(rows, as_json, ranked=ranked)
                return _finish(failures)
            from .. import api
            from ..api import claims as store_claims

            rows: list[dict[str, Any]] = []
            total = 0
            with api.open(db, create=False) as store:
                for st in sorted(wanted) if wanted else [None]:
                    n, part = store_claims(store, status=st, limit=limit, offset=offset)
                    total += n
                    rows.extend(part)
            if ranked:
                rows = [r for r in rows if r.get("check_rank")]
                total = None  # the store counts every claim sentence
            _print_claims(rows[:limit], as_json, total, ranked=ranked)
            return 0

        _guard(body)
