"""newstrace: raw news articles in, auditable evidence out."""

from __future__ import annotations

from . import stance as _stance_package  # noqa: F401  loaded first so that `stance` below is the function
from .api import (analyze, analyze_file, analyze_many, analyze_paths, analyze_text, claim, link, links,
                  open_store, origin, stance, stories, story, timeline)
from .api import open  # noqa: A004 - kept as ``newstrace.open``; not in __all__ (would shadow the builtin)
from .errors import InputError, NewstraceError, StageError, StoreError, UsageError
from .model import Article
from .settings import Settings

__version__ = "0.1.0"

# Pinned by tests/test_init.py and tests/test_api_polish.py: changing it is a deliberate act.
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
    "analyze_file",
    "analyze_many",
    "analyze_paths",
    "analyze_text",
    "claim",
    "link",
    "links",
    "open_store",
    "origin",
    "stance",
    "stories",
    "story",
    "timeline",
]
