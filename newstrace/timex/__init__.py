"""Temporal expressions: detection (``rules``) and resolution against an anchor date (``calendar``).

``extract(text, anchor)`` is the entry point; the ``times`` stage wraps it for articles.
"""

from .engine import extract, parse_anchor, sentence_tense

__all__ = ["extract", "parse_anchor", "sentence_tense"]
