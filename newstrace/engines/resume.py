"""The resume plan lives in ``newstrace.resume``, below ``ingest`` (which filters by it) and the
engines (which import ingest's report types); re-exported here for the engines and old callers."""

from __future__ import annotations

from ..resume import LOG_BATCH, STDIN, FileState, ResumePlan, item_path  # noqa: F401
