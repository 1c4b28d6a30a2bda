"""The analyst's desk: verdicts, notes and corrections over the extractor's output, watchlists,
and the users of a shared server.

    overlay.py   apply_corrections(article, corrections): the pure read-time overlay
    records.py   verdicts, notes, corrections: validated and stored with author and time
    users.py     users, roles (reader < analyst < admin), hashed tokens, authenticate()
    watch.py     saved searches, what is new since the last look, a Markdown digest

SQL lives in ``newstrace.store.desk``; every write there is audited in the same transaction.
"""

from .overlay import apply_corrections
from .records import (
    VERDICTS, add_correction, add_note, add_verdict, article_verdicts, corrected, corrected_iter, corrections_for,
    export_rows, notes_for, verdicts_for, withdraw,
)
from .users import ROLES, Principal, authenticate

__all__ = ["ROLES", "VERDICTS", "Principal", "add_correction", "add_note", "add_verdict", "apply_corrections",
           "article_verdicts", "authenticate", "corrected", "corrected_iter", "corrections_for", "export_rows", "notes_for",
           "verdicts_for", "withdraw"]
