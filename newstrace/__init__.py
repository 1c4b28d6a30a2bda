"""newstrace: raw news articles in, auditable evidence out."""

from __future__ import annotations

from . import stance as _stance_package  # noqa: F401  loaded first so that `stance` below is the function
from .api import analyze, analyze_paths, claim, link, links, open, origin, stance, stories, story, timeline
from .errors import InputError, NewstraceError, StageError, StoreError, UsageError
from .model import Article
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "InputError",
    "NewstraceError",
    "Settings",
    "StageError",
    "StoreError",
    "UsageError",
    "__version__",
    "analyze",
    "analyze_paths",
    "claim",
    "link",
    "links",
    "open",
    "origin",
    "stance",
    "stories",
    "story",
    "timeline",
]
