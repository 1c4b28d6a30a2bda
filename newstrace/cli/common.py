"""Options every command shares: ``-q/--quiet`` and ``-v/--verbose``, added in one place.

``add_verbosity(app)`` runs once after the command modules registered their commands; each command
that does not declare ``--quiet`` / ``--verbose`` itself gets them (a command that has its own
``quiet`` parameter keeps it and still reports it here). The level is applied to the ``newstrace``
loggers before the command body runs, and ``is_quiet()`` / ``is_verbose()`` let a command's shell
skip its summary lines or print more.

    quiet    only errors on stderr: no progress bars, no summaries, logging at ERROR
    verbose  logging at INFO (``-vv``-style detail is DEBUG: pass it twice is not supported by
             click flags, so ``NEWSTRACE_LOG=DEBUG`` raises it further)
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import sys
from typing import Any

import typer

QUIET_HELP = "Only errors on stderr: no progress bar, no summary."
VERBOSE_HELP = "More detail on stderr (log messages at INFO; NEWSTRACE_LOG=DEBUG for more)."
_STATE = {"quiet": False, "verbose": False}
_QUIET, _VERBOSE = "_nt_quiet", "_nt_verbose"


def is_quiet() -> bool:
    return _STATE["quiet"]


def is_verbose() -> bool:
    return _STATE["verbose"]


def configure(*, quiet: bool = False, verbose: bool = False) -> None:
    """Apply the verbosity to the ``newstrace`` loggers (stderr)."""
    _STATE.update(quiet=bool(quiet), verbose=bool(verbose) and not quiet)
    log = logging.getLogger("newstrace")
    level = logging.ERROR if quiet else (
        getattr(logging, os.environ.get("NEWSTRACE_LOG", "INFO").upper(), logging.INFO) if verbose
        else logging.WARNING)
    log.setLevel(level)
    if verbose and not any(getattr(h, "_newstrace", False) for h in log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
        handler._newstrace = True  # type: ignore[attr-defined]
        log.addHandler(handler)


def _declares(sig: inspect.Signature, name: str, flag: str) -> str | None:
    """The parameter of ``sig`` that already is option ``flag`` (or is called ``name``), if any."""
    for p in sig.parameters.values():
        decls = getattr(p.default, "param_decls", None) or ()
        if p.name == name or flag in decls:
            return p.name
    return None


def _with_verbosity(fn):
    sig = inspect.signature(fn, eval_str=True)
    own_quiet = _declares(sig, "quiet", "--quiet")
    own_verbose = _declares(sig, "verbose", "--verbose")
    taken = {d for p in sig.parameters.values() for d in (getattr(p.default, "param_decls", None) or ())}
    extra = []
    # A short flag the command already gives another option (watch: -q is --query) stays that option's.
    if own_quiet is None:
        decls = ("--quiet", "-q") if "-q" not in taken else ("--quiet",)
        extra.append(inspect.Parameter(_QUIET, inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                                       default=typer.Option(False, *decls, help=QUIET_HELP)))
    if own_verbose is None:
        decls = ("--verbose", "-v") if "-v" not in taken else ("--verbose",)
        extra.append(inspect.Parameter(_VERBOSE, inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                                       default=typer.Option(False, *decls, help=VERBOSE_HELP)))
    if not extra:
        return fn

    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> Any:
        quiet = kwargs.pop(_QUIET) if own_quiet is None else kwargs.get(own_quiet, False)
        verbose = kwargs.pop(_VERBOSE) if own_verbose is None else kwargs.get(own_verbose, False)
        configure(quiet=quiet, verbose=verbose)
        return fn(*args, **kwargs)

    command.__signature__ = sig.replace(parameters=[*sig.parameters.values(), *extra])  # type: ignore[attr-defined]
    command.__annotations__ = {**getattr(fn, "__annotations__", {}), **{p.name: bool for p in extra}}
    return command


def add_verbosity(app: typer.Typer) -> None:
    """Give every registered command, subcommands of groups included (``users add``), ``-q/--quiet``
    and ``-v/--verbose`` (see the module docstring)."""
    for info in app.registered_commands:
        if info.callback is not None and not getattr(info.callback, "_nt_verbosity", False):
            info.callback = _with_verbosity(info.callback)
            info.callback._nt_verbosity = True  # type: ignore[union-attr]
    for group in app.registered_groups:
        if group.typer_instance is not None:
            add_verbosity(group.typer_instance)


def write_pair_lines(pairs: str, out: str | None, results) -> None:
    """The shell of the ``--pairs`` commands (``stance``, ``similar``): open ``pairs`` (``-``: stdin) and
    ``out`` (default stdout), write one JSON line per dict that ``results(src)`` yields, report each
    ``PairFailure`` it yields on stderr with its line number, and exit 1 when any line failed (2 when a
    file cannot be opened)."""
    import json

    from ..stance.batch import PairFailure

    try:
        src = sys.stdin if pairs == "-" else open(pairs, encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as e:
        print(f"error: {pairs}: [NT108] cannot open ({e.strerror or e})", file=sys.stderr)
        raise typer.Exit(2) from None
    try:
        dst = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    except OSError as e:
        if src is not sys.stdin:
            src.close()
        print(f"error: {out}: [NT400] cannot write ({e.strerror or e})", file=sys.stderr)
        raise typer.Exit(2) from None
    failed = 0
    try:
        for r in results(src):
            if isinstance(r, PairFailure):
                failed += 1
                print(f"error: {pairs}:{r.line}: [{r.code}] {r.reason}", file=sys.stderr)
                continue
            dst.write(json.dumps(r, ensure_ascii=False) + "\n")
            dst.flush()
    finally:
        if src is not sys.stdin:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    raise typer.Exit(1 if failed else 0)
