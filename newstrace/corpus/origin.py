"""Kept for imports from inside ``corpus`` (stories) and old callers: the origin of a group and
independent sources live in ``newstrace.independence``, below both ``corpus`` and ``events`` (the
linker merges events, and events count independent sources: one lower module breaks that cycle)."""

from __future__ import annotations

from ..independence import (DEFINITION, FOLD_KINDS, Origin, find_origin, groups, independence,  # noqa: F401
                            independence_count, independent_sources, roles, source_of)
