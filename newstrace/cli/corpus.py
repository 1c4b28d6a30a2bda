"""Across-article commands: link, links, stories, story, claim.

Thin: parse arguments -> ``newstrace.api`` -> print. ``--json`` prints the API's data as JSON.
"""

from __future__ import annotations

import json
import sys

import typer

from .core import DB_HELP, _guard


def _stdout():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)  # one record per line, even in a narrow pipe


def _json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _who(d: dict | None) -> str:
    if not d:
        return "?"
    return " · ".join(str(x) for x in (d.get("outlet"), d.get("published"), d.get("title")) if x)


def _print_independence(out, ind: dict) -> None:
    """The derivation of an independent-source count: each article and the origin it folds into."""
    from .show import safe

    out.print(safe(f"independent sources: {ind['count']} ({ind['definition']})"), style="dim", markup=False)
    for d in ind["derivation"]:
        into = f" -> {d['folds_into']}" if d["folds_into"] else ""
        out.print(safe(f"= {d['doc_id']}  {d['source']}{into}  ({d['reason']})"), style="dim", markup=False)


def register(app: typer.Typer) -> None:
    @app.command()
    def link(
        db: str = typer.Option(None, "--db", help=DB_HELP),
        full: bool = typer.Option(False, "--full", help="Forget every link and story and relink the whole store."),
        no_stance: bool = typer.Option(False, "--no-stance", help="Skip claim stance links (faster)."),
        story_model: str = typer.Option(None, "--stories", help="Story model: 'pair' (e5 pair model, event-level; "
                                        "default) or 'lexical' (no embedding, ~ms per article, looser). "
                                        "Env NEWSTRACE_STORY_MODEL."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary line."),
    ) -> None:
        """Link stored articles: copies, rewrites, story clusters, claim stance (incremental unless --full)."""

        if story_model is not None and story_model not in ("pair", "lexical"):
            raise typer.BadParameter("'pair' or 'lexical'", param_hint="--stories")

        def body() -> int:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            from .. import api

            with api.open(db, create=False) as store, Progress(
                    TextColumn("linking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), disable=quiet, transient=True) as bar:
                task = bar.add_task("linking", total=None)
                r = api.link(store, full=full, stance=not no_stance, story_model=story_model,
                             progress=lambda done, total: bar.update(task, completed=done, total=total))
            if quiet:
                return 0
            print(f"Linked {r.articles} articles in {r.elapsed:.1f} s ({r.skipped} already linked): {r.copies} copies, "
                  f"{r.rewrites} rewrites, {r.new_stories} new stories, {r.joined_stories} joined a story, "
                  f"{r.stance_links} stance links.")
            for w in dict.fromkeys(r.warnings):
                print(f"warning: {w}", file=sys.stderr)
            return 0

        _guard(body)

    @app.command()
    def links(
        doc_id: str = typer.Argument(..., help="Document id or unique prefix (6+ characters)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="As JSON (evidence offsets in both texts)."),
    ) -> None:
        """An article's copies, rewrites, story and stance links, with the origin of its copy group."""

        def body() -> int:
            from .. import api
            from .show import safe

            with api.open(db, create=False) as store:
                data = api.links(store, doc_id)
            if as_json:
                _json(data)
                return 0
            out = _stdout()
            out.print(safe(f"{data['doc_id']}  {_who(data)}"), markup=False)
            org = data["origin"]
            out.print(safe(f"origin of its copy group: {org['doc_id'] or 'unknown'} ({org['status']}"
                           + (f", tied: {', '.join(org['tied'])}" if org["tied"] else "")
                           + (f", undated: {', '.join(org['undated'])}" if org["undated"] else "") + ")"), markup=False)
            if data["story"]:
                s = data["story"]
                out.print(safe(f"story {s['story_id']}: {s['label']} (this article: {s['role']}"
                               + (f" of {s['of']}" if s.get("of") else "") + ")"), markup=False)
            if not data["links"]:
                out.print("no links", style="dim")
            for lk in data["links"]:
                out.print(safe(f"  {lk['kind']:8s} {lk['score']:.2f}  {lk['other_doc_id']}  {_who(lk['other'])}"
                               f"  [{len(lk['evidence'])} passages]"), markup=False)
            return 0

        _guard(body)

    @app.command()
    def stories(
        db: str = typer.Option(None, "--db", help=DB_HELP),
        since: str = typer.Option(None, "--since", help="Stories still running on or after (YYYY[-MM[-DD]])."),
        until: str = typer.Option(None, "--until", help="Stories started on or before (YYYY[-MM[-DD]])."),
        limit: int = typer.Option(20, "--limit", "-n", min=1, help="Number of stories."),
        as_json: bool = typer.Option(False, "--json", help="As JSON."),
    ) -> None:
        """Story clusters, largest first: label, time span, outlets, independent vs copied reports."""

        def body() -> int:
            from .. import api
            from .show import safe

            with api.open(db, create=False) as store:
                data = api.stories(store, since=since, until=until, limit=limit)
            if as_json:
                _json(data)
                return 0
            out = _stdout()
            out.print(f"{data['total']} stories", style="dim")
            for s in data["items"]:
                span = f"{(s['first_published'] or '?')[:10]}..{(s['last_published'] or '?')[:10]}"
                out.print(safe(f"{s['story_id']}  {s['articles']} articles, {s['independent_sources']} independent, "
                               f"{s['copies']} copies/rewrites  {span}  {s['label']}"), markup=False)
            return 0

        _guard(body)

    @app.command()
    def story(
        story_id: str = typer.Argument(..., help="Story id (from `newstrace stories`)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="As JSON."),
    ) -> None:
        """One story: its articles, which are originals and which copy or rewrite whom."""

        def body() -> int:
            from .. import api
            from .show import safe

            with api.open(db, create=False) as store:
                data = api.story(store, story_id)
            if as_json:
                _json(data)
                return 0
            out = _stdout()
            out.print(safe(f"{data['story_id']}: {data['label']}"), markup=False)
            out.print(safe(f"{data['articles']} articles, {data['independent_sources']} independent sources, "
                           f"{data['copies']} copies/rewrites; outlets: {', '.join(data['outlets'])}"), markup=False)
            for m in data["members"]:
                of = f" of {m['of']}" if m["of"] else ""
                out.print(safe(f"  {m['role']:8s}{of}  {m['doc_id']}  {_who(m)}"), markup=False)
            _print_independence(out, data["independence"])
            return 0

        _guard(body)

    @app.command()
    def claim(
        claim_id: str = typer.Argument(..., help="Claim id (from `newstrace claims` or an article's JSON)."),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="As JSON."),
    ) -> None:
        """A claim, the articles that support or dispute it, its copies, and its independent count."""

        def body() -> int:
            from .. import api
            from .show import safe

            with api.open(db, create=False) as store:
                data = api.claim(store, claim_id)
            if as_json:
                _json(data)
                return 0
            out = _stdout()
            out.print(safe(f"{data['claim_id']} [{data['status']}] {data['text']}"), markup=False)
            out.print(safe(f"in {data['article']['doc_id']}  {_who(data['article'])}"), markup=False)
            out.print(f"independent sources: {data['independent_sources']}")
            _print_independence(out, data["independence"])
            for name, key in (("supporting", "supporters"), ("disputing", "disputers"), ("discussing", "discussing")):
                out.print(f"{name}: {len(data[key])}")
                for x in data[key]:
                    out.print(safe(f"  {x['score']:.2f}  {x['doc_id']}  {_who(x)}"), markup=False)
            out.print(f"copies/rewrites of its article: {len(data['copies'])}")
            for x in data["copies"]:
                out.print(safe(f"  {x['doc_id']}  {_who(x)}"), markup=False)
            return 0

        _guard(body)
