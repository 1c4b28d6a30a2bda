"""Events: typing event-reporting text with the ACLED-style taxonomy (records and merging come later)."""

from .classifier import EventTyping, classify, classify_batch
from .taxonomy import LABELS, TAXONOMY, EventType, readable_name

__all__ = ["EventType", "EventTyping", "LABELS", "TAXONOMY", "classify", "classify_batch", "readable_name"]
