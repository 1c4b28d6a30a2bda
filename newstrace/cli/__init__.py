"""The command-line shell: parse arguments -> newstrace.api -> serialize. No logic lives here.

Commands are grouped by concern, one module each, registered from one explicit list.
Exit codes: 0 all fine, 1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="newstrace",
    help="Turn raw news articles into auditable evidence: clean text, entities, quotes, places, links.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: typer's rich panels print every boolean flag as "--json <bool>"
)


def _register() -> None:
    from . import attribution, core, corpus, exports, geo, serve, stance, timeline

    for module in (core, exports, serve, stance, timeline, attribution, geo, corpus):
        module.register(app)
    from . import desk  # the analyst's desk: verdict, correct, note, watch, users

    desk.register(app)

    __import__(__name__ + ".events", fromlist=["register"]).register(app)  # events, event: merged events
    __import__(__name__ + ".similar", fromlist=["register"]).register(app)  # similar --pairs: story similarity
    __import__(__name__ + ".common", fromlist=["add_verbosity"]).add_verbosity(app)  # -q/-v on every command, last


_register()


def main() -> None:
    app()
