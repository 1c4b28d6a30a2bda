"""Moved: the corpus tables' statements live in ``newstrace/store/linking.py`` (no SQL outside the
store package) and fingerprint packing in ``corpus/prints.py``.

Kept only as re-exports for ``corpus/stories.py`` (owned by the story-assignment work, which is
being reworked at the same time); delete this module once stories.py imports ``store.linking``
and ``corpus.prints`` directly. Nothing else may import it (tests/test_no_sql_outside_store.py).
"""

from __future__ import annotations

from ..store.linking import (add_member, claim_links, copy_neighbours, group_links, members,  # noqa: F401
                             now, save_claim_link, save_link, story_of)
from .prints import load_docfreq, load_fingerprints, pack, save_docfreq, save_fingerprint, unpack  # noqa: F401
