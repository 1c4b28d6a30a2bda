"""The analyst's desk on the command line: ``verdict``, ``correct``, ``note``, ``watch``, ``users``.

Thin: parse arguments -> ``newstrace.api`` -> print. Whoever runs these commands can write the
store file anyway, so the author is who they say (``--as``, $NEWSTRACE_USER, else the login name);
every write is recorded in the store's audit table.
"""

from __future__ import annotations

import json
import sys

import typer

from .core import DB_HELP, _guard, _stdout

AS_HELP = "Author recorded with the write (default: $NEWSTRACE_USER, else your login name)."


def _author(name: str | None) -> str:
    import getpass
    import os

    from ..desk.users import check_name

    return check_name(name or os.environ.get("NEWSTRACE_USER") or getpass.getuser())


def _json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _line(*parts) -> None:
    from rich.text import Text

    from .show import safe

    _stdout().print(Text(safe(" ".join(str(p) for p in parts if p not in (None, "")))))


users_app = typer.Typer(help="Users of a shared server (`serve --public`): roles reader, analyst, admin; "
                             "personal tokens stored hashed.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    @app.command()
    def verdict(
        kind: str = typer.Argument(..., help="claim or event."),
        target_id: str = typer.Argument(..., help="The claim_id or event_id."),
        value: str = typer.Argument(None, help="true, false, misleading or unproven; none: list the verdicts."),
        note: str = typer.Option(None, "--note", help="Why: the analyst's reasoning."),
        source: list[str] = typer.Option(None, "--source", help="A source URL backing the verdict (repeatable)."),
        author: str = typer.Option(None, "--as", help=AS_HELP),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Mark a claim or event true, false, misleading or unproven (with a note and sources), or list its verdicts."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                if value is None:
                    rows = api.verdicts(store, kind, target_id)
                    if as_json:
                        _json(rows)
                    for v in [] if as_json else rows:
                        _line(v["created_at"], v["author"], v["verdict"].upper(), v["note"] or "",
                              " ".join(v["sources"]))
                    if not rows and not as_json:
                        _line(f"no verdict on {kind} {target_id}")
                    return 0
                rec = api.verdict(store, kind, target_id, value, author=_author(author), note=note, sources=source)
            _json(rec) if as_json else _line(f"{kind} {target_id}: {value} (verdict {rec['verdict_id']} by "
                                             f"{rec['author']} at {rec['created_at']})")
            return 0

        _guard(body)

    @app.command()
    def correct(
        doc_id: str = typer.Argument(..., help="The article's doc_id (or a unique prefix)."),
        action: str = typer.Argument(None, help="place, speaker, not-quote or date; none: list the corrections."),
        item: str = typer.Option(None, "--item", help="The item's text (a place or date as written; for a quote, "
                                                      "words it contains)."),
        start: int = typer.Option(None, "--start", help="The item's start offset (instead of --item)."),
        nth: int = typer.Option(0, "--nth", min=0, help="Which of several items matching --item (0: the first)."),
        geonameid: int = typer.Option(None, "--geonameid", help="place: the right GeoNames id."),
        name: str = typer.Option(None, "--name", help="place: the right place name (with or without --geonameid)."),
        speaker: str = typer.Option(None, "--speaker", help="speaker: who really said it."),
        date: str = typer.Option(None, "--date", help="date: the right date, YYYY[-MM[-DD]]."),
        note: str = typer.Option(None, "--note", help="Why."),
        withdraw: str = typer.Option(None, "--withdraw", help="Withdraw the correction with this id instead."),
        show_all: bool = typer.Option(False, "--all", help="When listing: withdrawn corrections too."),
        author: str = typer.Option(None, "--as", help=AS_HELP),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Correct an extraction (wrong place, wrong speaker, not a quote, wrong date), or list corrections.

        The correction overrides the extractor wherever the article is shown, keeps the extractor's
        value, and survives new versions of the article and re-analysis.
        """

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                if withdraw:
                    api.withdraw_correction(store, withdraw, author=_author(author))
                    _line(f"correction {withdraw} withdrawn")
                    return 0
                if action is None:
                    rows = api.corrections(store, doc_id, include_withdrawn=show_all)
                    if as_json:
                        _json(rows)
                        return 0
                    for r in rows:
                        gone = f" (withdrawn {r['withdrawn_at']})" if r["withdrawn_at"] else ""
                        _line(r["correction_id"], r["created_at"], r["author"], r["action"],
                              f"{r['span_start']}-{r['span_end']} {r['anchor_text']!r}:",
                              json.dumps(r["original"], ensure_ascii=False), "->",
                              json.dumps(r["value"], ensure_ascii=False) + gone)
                    if not rows:
                        _line(f"no corrections of {doc_id}")
                    return 0
                rec = api.correct(store, doc_id, action.replace("-", "_"), author=_author(author), start=start,
                                  text=item, nth=nth, geonameid=geonameid, name=name, speaker=speaker, date=date,
                                  note=note)
            if as_json:
                _json(rec)
            else:
                _line(f"correction {rec['correction_id']}: {rec['action']} of {rec['anchor_text']!r} at "
                      f"{rec['span_start']}-{rec['span_end']}:", json.dumps(rec["original"], ensure_ascii=False),
                      "->", json.dumps(rec["value"], ensure_ascii=False))
            return 0

        _guard(body)

    @app.command()
    def note(
        kind: str = typer.Argument(..., help="article, claim, event or story."),
        target_id: str = typer.Argument(..., help="Its id (doc_id, claim_id, event_id, story_id)."),
        text: str = typer.Argument(None, help="The note; none: list the notes."),
        author: str = typer.Option(None, "--as", help=AS_HELP),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Add a note to an article, claim, event or story, or list its notes."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                if text is None:
                    rows = api.notes(store, kind, target_id)
                    if as_json:
                        _json(rows)
                    else:
                        for n in rows:
                            _line(n["created_at"], n["author"] + ":", n["text"])
                        if not rows:
                            _line(f"no notes on {kind} {target_id}")
                    return 0
                rec = api.note(store, kind, target_id, text, author=_author(author))
            _json(rec) if as_json else _line(f"note {rec['note_id']} on {kind} {rec['target_id']}")
            return 0

        _guard(body)

    @app.command()
    def watch(
        name: str = typer.Argument(None, help="One watchlist (default: all)."),
        add: bool = typer.Option(False, "--add", help="Save watchlist NAME with the filters given."),
        remove: bool = typer.Option(False, "--remove", help="Delete watchlist NAME."),
        query: str = typer.Option(None, "--query", help="--add: full-text query (plain text)."),
        entity: str = typer.Option(None, "--entity", help="--add: articles naming this person or organisation."),
        place: str = typer.Option(None, "--place", help="--add: articles naming this place."),
        outlet: str = typer.Option(None, "--outlet", help="--add: articles of this outlet."),
        event_type: str = typer.Option(None, "--event-type", help="--add: articles reporting this event type "
                                                                  "(e.g. ART_MISS_ATTACK)."),
        since: str = typer.Option(None, "--since", help="New since this date or time (YYYY-MM-DD[THH:MM]) instead "
                                                        "of since the last look (which is then not moved)."),
        peek: bool = typer.Option(False, "--peek", help="Do not remember this look."),
        digest: str = typer.Option(None, "--digest", help="Also write a Markdown digest to this file."),
        author: str = typer.Option(None, "--as", help=AS_HELP),
        db: str = typer.Option(None, "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Saved searches: what is new for each since the last look (or --since), with counts.

        Save one with --add NAME and any of --query, --entity, --place, --outlet, --event-type.
        """

        def body() -> int:
            from .. import api
            from ..errors import UsageError

            who = _author(author)
            with api.open(db, create=False) as store:
                if add or remove:
                    if not name:
                        raise UsageError("--add and --remove need the watchlist's NAME")
                    if remove:
                        api.watch_remove(store, name, by=who)
                        _line(f"watchlist {name!r} removed")
                    else:
                        api.watch_save(store, name, by=who, query=query, entity=entity, place=place, outlet=outlet,
                                       event_type=event_type)
                        _line(f"watchlist {name!r} saved")
                    return 0
                results = api.watch(store, name=name, since=since, mark=not peek, by=who)
            if digest:
                with open(digest, "w", encoding="utf-8") as f:
                    f.write(api.watch_digest(results))
            if as_json:
                _json(results)
                return 0
            if not results:
                _line("no watchlists (save one: newstrace watch NAME --add --query ...)")
            for r in results:
                w = r["watchlist"]
                since_txt = f"since {r['since']}" if r["since"] else "(first look)"
                _line(f"{w['name']}: {r['new']} new {since_txt}, {r['total']} in all")
                for it in r["items"]:
                    _line("   ", it["published"] or "undated", it["outlet"] or "", "-", it["title"] or "(untitled)",
                          f"[{it['doc_id'][:12]}]")
            if digest:
                _line(f"digest written to {digest}")
            return 0

        _guard(body)

    @users_app.command("add")
    def users_add(
        name: str = typer.Argument(..., help="User name."),
        role: str = typer.Option("reader", "--role", help="reader, analyst or admin."),
        author: str = typer.Option(None, "--as", help=AS_HELP),
        db: str = typer.Option(None, "--db", help=DB_HELP),
    ) -> None:
        """Create a user and print their token (shown once; only its hash is stored)."""

        def body() -> int:
            from .. import api

            with api.open(db) as store:
                token = api.add_user(store, name, role, by=_author(author))
            _line(f"user {name} ({role}); token (shown once): {token}")
            return 0

        _guard(body)

    @users_app.command("list")
    def users_list(db: str = typer.Option(None, "--db", help=DB_HELP),
                   as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """List users and their roles (never their tokens)."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                rows = api.users(store)
            if as_json:
                _json(rows)
            for u in [] if as_json else rows:
                _line(u["name"], u["role"], "created", u["created_at"], "by", u["created_by"] or "-",
                      "(disabled)" if u["disabled"] else "")
            return 0

        _guard(body)

    @users_app.command("token")
    def users_token(name: str = typer.Argument(..., help="User name."),
                    author: str = typer.Option(None, "--as", help=AS_HELP),
                    db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Give a user a new token (the old one stops working at once)."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                token = api.user_token(store, name, by=_author(author))
            _line(f"new token for {name} (shown once): {token}")
            return 0

        _guard(body)

    @users_app.command("set")
    def users_set(name: str = typer.Argument(..., help="User name."),
                  role: str = typer.Option(None, "--role", help="New role: reader, analyst or admin."),
                  disable: bool = typer.Option(None, "--disable/--enable", help="Refuse (or accept again) the user's token."),
                  author: str = typer.Option(None, "--as", help=AS_HELP),
                  db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Change a user's role, or disable / enable them."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                api.set_user(store, name, by=_author(author), role=role, disabled=disable)
            _line(f"user {name} updated")
            return 0

        _guard(body)

    @users_app.command("remove")
    def users_remove(name: str = typer.Argument(..., help="User name."),
                     author: str = typer.Option(None, "--as", help=AS_HELP),
                     db: str = typer.Option(None, "--db", help=DB_HELP)) -> None:
        """Delete a user (their token stops working; what they wrote stays, with their name)."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                api.remove_user(store, name, by=_author(author))
            _line(f"user {name} removed")
            return 0

        _guard(body)

    @users_app.command("audit")
    def users_audit(limit: int = typer.Option(50, "--limit", min=1, help="Rows, newest first."),
                    user: str = typer.Option(None, "--user", help="Only this user's writes."),
                    db: str = typer.Option(None, "--db", help=DB_HELP),
                    as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """The audit trail: every write to the desk (and uploads), who, what, when."""

        def body() -> int:
            from .. import api

            with api.open(db, create=False) as store:
                rows = api.audit_log(store, limit=limit, user=user)
            if as_json:
                _json(rows)
            for r in [] if as_json else rows:
                _line(r["at"], r["user"], r["action"], r["target"] or "", json.dumps(r["detail"], ensure_ascii=False))
            return 0

        _guard(body)

    app.add_typer(users_app, name="users")
