"""Reports an analyst pastes into a fact-check: ``newstrace report claim|story|event ID --format md|html``.

``build`` gathers the data from the read layer (``reports.data``); ``render`` writes it with a
Jinja2 template (``reports/templates``). HTML is rendered with autoescape on, and only http(s)
URLs become links; Markdown escapes every value taken from an article (``md_escape``), so article
text can neither inject markup nor run script in either format.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .data import build

FORMATS = ("md", "html")
TEMPLATES = Path(__file__).resolve().parent / "templates"
# Characters with a meaning inside a Markdown line (emphasis, code, links, images, raw HTML,
# table cells, strike-through); each is backslash-escaped in article values. Line-start markers
# (#, +, -, 1.) need no escape: a value never starts a line (line breaks become spaces).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_WS = re.compile(r"\s+")

__all__ = ["FORMATS", "build", "md_escape", "render"]


def md_escape(value: Any) -> str:
    """A value as inert Markdown text on one line (no markup, no HTML, no table break)."""
    if value is None:
        return ""
    text = _WS.sub(" ", str(value)).strip()
    return _MD_SPECIAL.sub(r"\\\1", text)


def _code(value: Any) -> str:
    """Text for inside a one-backtick code span (ids): backticks and line breaks removed."""
    return "" if value is None else _WS.sub(" ", str(value)).replace("`", "'")


def is_web_url(value: Any) -> bool:
    return isinstance(value, str) and re.match(r"^https?://[^\s<>\"']+$", value, re.I) is not None


def _md_url(value: Any) -> str:
    """A URL as a Markdown autolink when it is http(s), else escaped text."""
    if is_web_url(value):
        return f"<{value}>"
    return md_escape(value)


def _finalize(value: Any) -> Any:
    return "" if value is None else value


@cache
def _env(fmt: str):
    try:
        from jinja2 import Environment, FileSystemLoader
    except ImportError as e:  # pragma: no cover - jinja2 is a declared dependency
        raise UsageError("reports need jinja2: pip install jinja2") from e

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=(fmt == "html"),
                      finalize=_finalize, trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters.update(md=md_escape, code=_code, url=_md_url, is_web_url=is_web_url)
    return env


def render(data: dict[str, Any], fmt: str = "md") -> str:
    """The report ``data`` (from ``build``) as Markdown or HTML. Raises UsageError on another format."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; use md or html")
    text = _env(fmt).get_template(f"report.{fmt}.j2").render(**data)
    return re.sub(r"\n{3,}", "\n\n", text)
