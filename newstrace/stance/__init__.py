"""Claim stance: does a text agree with, disagree with, discuss, or not address a claim?

    >>> from newstrace.stance import predict
    >>> [r.stance for r in predict(["Dam burst floods the valley"], ["Officials denied the dam burst ..."])]

The model (``newstrace/data/stance/stance-v1.npz``, trained by ``train/train_stance.py`` on the FNC-1
training pairs) is loaded once per process; inference is numpy only. Evidence sentences are offsets
into the given text: ``text[e.start:e.end]``.
"""

from __future__ import annotations

import threading

from .model import MODEL_VERSION, StanceEvidence, StanceModel, StanceResult, load_default
from .scoring import LABELS

__all__ = ["LABELS", "MODEL_VERSION", "StanceEvidence", "StanceModel", "StanceResult", "load_model", "predict"]

_lock = threading.Lock()
_model: StanceModel | None = None


def load_model() -> StanceModel:
    """The shipped model, loaded on first use and shared by the process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = load_default()
    return _model


def predict(claims: list[str], texts: list[str], *, model: StanceModel | None = None) -> list[StanceResult]:
    """Stance of each ``texts[i]`` towards ``claims[i]``."""
    if len(claims) != len(texts):
        from ..errors import UsageError

        raise UsageError(f"stance needs as many claims as texts ({len(claims)} claims, {len(texts)} texts)")
    return (model or load_model()).predict(list(claims), list(texts))
