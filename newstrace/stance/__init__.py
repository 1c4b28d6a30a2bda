"""Claim stance: does a text agree with, disagree with, discuss, or not address a claim?

    >>> from newstrace.stance import predict
    >>> [r.stance for r in predict(["Dam burst floods the valley"], ["Officials denied the dam burst ..."])]

The model (``newstrace/data/stance/stance-v3.npz``, trained by ``train/train_stance.py`` on the FNC-1
training pairs) is loaded once per process; inference is numpy only. Evidence sentences are offsets
into the given text: ``text[e.start:e.end]``.

``newstrace.stance`` (the package attribute) is the API function ``newstrace.api.stance``; import
this package's names with ``from newstrace.stance import ...`` (not ``import newstrace.stance as x``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .features import TextCache
    from .model import StanceModel, StanceResult

__all__ = ["LABELS", "MODEL_VERSION", "StanceEvidence", "StanceModel", "StanceResult", "load_model", "predict"]

_lock = threading.Lock()
_model: StanceModel | None = None


def __getattr__(name: str):
    # Lazy: `import newstrace` imports this package (see newstrace/__init__.py) and must stay cheap.
    if name in ("MODEL_VERSION", "StanceEvidence", "StanceModel", "StanceResult"):
        from . import model

        return getattr(model, name)
    if name == "LABELS":
        from .scoring import LABELS

        return LABELS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_model() -> StanceModel:
    """The shipped model, loaded on first use and shared by the process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from .model import load_default

                _model = load_default()
    return _model


def predict(claims: list[str], texts: list[str], *, model: StanceModel | None = None,
            cache: TextCache | None = None) -> list[StanceResult]:
    """Stance of each ``texts[i]`` towards ``claims[i]``; ``cache`` (``features.TextCache``) keeps
    text analyses across calls that score the same texts again."""
    if len(claims) != len(texts):
        from ..errors import UsageError

        raise UsageError(f"stance needs as many claims as texts ({len(claims)} claims, {len(texts)} texts)")
    return (model or load_model()).predict(list(claims), list(texts), cache=cache)
