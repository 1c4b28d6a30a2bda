"""`newstrace serve`: the local web app and REST API over a store."""

from __future__ import annotations

import typer

# Why 12: a short hand-picked token can be guessed by anyone who can reach the port;
# the generated one has 32 URL-safe characters (192 bits).
MIN_TOKEN_CHARS = 12


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: str = typer.Option(None, "--db", help="Store file (default: ./newstrace.db, or $NEWSTRACE_DB)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
        token: str = typer.Option(None, "--token", envvar="NEWSTRACE_TOKEN",
                                  help="Bearer token for uploads (default: a random one, printed at start)."),
        public: bool = typer.Option(False, "--public",
                                    help="Answer clients other than this machine (reads open unless --require-token; writes "
                                         "need the server's token or a user's of role analyst or admin)."),
        require_token: bool = typer.Option(False, "--require-token",
                                           help="API reads need a token too (a user's, from `newstrace users add`, "
                                                "any role); writes always need an analyst's or admin's."),
        max_upload_mb: int = typer.Option(20, "--max-upload-mb", min=1, max=1024,
                                          help="Largest upload request in MB (larger ones get 413)."),
        allowed_host: list[str] = typer.Option(None, "--allowed-host",
                                               help="A host name clients use to reach the server (repeatable; "
                                                    "added to the allowed_hosts setting, default the loopback "
                                                    "names). Requests naming another Host are refused."),
    ) -> None:
        """Serve the web app (search, articles with evidence, map, timeline, stories, claims, upload)."""
        import os
        import secrets
        import sys

        from ..settings import Settings
        from ..web.app import is_loopback

        settings = Settings.from_env()
        db = db or settings.db
        if token is not None and len(token) < MIN_TOKEN_CHARS:
            print(f"error: --token must be at least {MIN_TOKEN_CHARS} characters", file=sys.stderr)
            raise typer.Exit(2)
        token = token or secrets.token_urlsafe(24)
        try:
            import uvicorn

            from ..web import create_app
        except ImportError as e:  # fastapi/uvicorn are dependencies; a trimmed install may lack them
            print(f"error: the web app needs fastapi and uvicorn ({e}); pip install 'uvicorn[standard]' fastapi",
                  file=sys.stderr)
            raise typer.Exit(2) from e
        if not os.path.exists(db):
            print(f"note: no store at {db}; starting with an empty one (upload articles or run `newstrace ingest`)")
        from ..web.app import parse_allowed_hosts

        allowed = parse_allowed_hosts([*parse_allowed_hosts(settings.allowed_hosts), *(allowed_host or [])])
        app_ = create_app(db, token=token, public=public, settings=settings,
                          max_upload_bytes=max_upload_mb * 1024 * 1024, allowed_hosts=allowed,
                          require_token=require_token)
        shown = f"[{host}]" if ":" in host else host
        if shown in ("0.0.0.0", "[::]"):
            shown = "127.0.0.1"
        base = f"http://{shown}:{port}"
        print(f"newstrace web app on {base}/  (store: {db})")
        print(f"upload token: {token}  (acts as an admin; give others their own: newstrace users add NAME --role "
              "reader|analyst|admin)")
        print(f"upload page:  {base}/upload#token={token}")
        print(f"REST API:     {base}/api/openapi.json")
        if not public and not is_loopback(host) and host not in ("0.0.0.0", "::"):
            print("note: without --public only clients on this machine are answered", file=sys.stderr)
        print(f"allowed hosts: {', '.join(allowed)}" + (
            "  (add the name clients use with --allowed-host)" if public and not allowed_host else ""))
        uvicorn.run(app_, host=host, port=port, log_level="info", server_header=False)
