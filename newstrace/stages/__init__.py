"""Per-article stages, one module each. The order lives in ``newstrace.pipeline.STAGES``."""
