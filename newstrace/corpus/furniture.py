"""Outlet furniture learned over a corpus: lines that recur across many articles of one outlet.

A page template repeats its furniture ("Sign up for the Morning Brief", "Follow us on Telegram",
a donation appeal) in every article of an outlet, in wording the line-shape rules may not
recognise. ``FurnitureModel`` counts, per outlet, in how many distinct articles each
normalised line occurs; the clean stage asks ``is_furniture(outlet, line)``.

What could go wrong, and the guards:
- the same article ingested several times (versions, re-scrapes) would make its whole body
  "recurring": an article is counted once per source key, and the clean stage ignores the
  model for an article when most of its lines would be removed;
- an outlet republishing a quote or a standard sentence ("X did not respond to a request for
  comment") across stories: long sentence-shaped lines are never furniture here, and a line
  must recur in a share of the outlet's articles, not just in a handful of a large corpus;
- memory on a large corpus: lines per article and distinct lines per outlet are capped, and
  lines seen once are pruned first when an outlet's table is full.

Usage (the ingest pre-pass)::

    model = learn(raw_documents, settings)
    ctx.set("furniture", model)
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..model import RawDocument
from ..settings import Settings
from .. import lines as L

# Furniture sits in the first and last lines of a page text; counting more lines per article
# only grows the table with body sentences that never recur.
MAX_LINES_PER_ARTICLE = 400
# Distinct line hashes kept per outlet (8-byte keys: a few MB per outlet at most).
MAX_DISTINCT_PER_OUTLET = 50_000
# Besides the absolute minimum (settings.furniture_min_articles), a line must appear in this
# share of the outlet's articles: template lines appear on most pages, while a sentence that
# several stories of a big outlet happen to share stays far below 10 %.
MIN_SHARE = 0.1
# A line with at least this many words that ends like a sentence is body text, whoever
# repeats it (a quote republished in follow-up stories).
BODY_SENTENCE_WORDS = 12
# Lines shorter than this after normalisation carry no signal ("Video", "More").
MIN_CHARS = 3
# Source keys remembered to count each article once (8-byte hashes).
MAX_SEEN_SOURCES = 2_000_000


def _key(line: str) -> bytes | None:
    n = L.normalise(line)
    if len(n) < MIN_CHARS:
        return None
    return hashlib.blake2b(n.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def outlet_of(raw: RawDocument) -> str | None:
    """The outlet name used to group articles: the reader's outlet, else the site name or URL host."""
    src = raw.source
    if src.outlet:
        return src.outlet.lower()
    if raw.site_name:
        return raw.site_name.lower()
    if src.url:
        host = urlsplit(src.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


class FurnitureModel:
    """Per-outlet counts of normalised lines, each counted once per article."""

    def __init__(self, min_articles: int = 3):
        self.min_articles = max(2, int(min_articles))
        self._counts: dict[str, Counter] = {}
        self._articles: Counter = Counter()
        self._seen: set[bytes] = set()

    def observe(self, raw: RawDocument) -> None:
        outlet = outlet_of(raw)
        if outlet is None:
            return
        src = raw.source
        ident = f"{outlet}\x00{src.url or src.path or ''}\x00{src.record}".encode("utf-8", "surrogatepass")
        sk = hashlib.blake2b(ident, digest_size=8).digest()
        if src.url or src.path:
            if sk in self._seen:
                return  # another version of an article already counted
            if len(self._seen) < MAX_SEEN_SOURCES:
                self._seen.add(sk)
        lines = [ln for ln in raw.text.splitlines() if ln.strip()]
        if len(lines) > MAX_LINES_PER_ARTICLE:
            half = MAX_LINES_PER_ARTICLE // 2
            lines = lines[:half] + lines[-half:]
        keys = {k for k in map(_key, lines) if k is not None}
        if not keys:
            return
        counts = self._counts.setdefault(outlet, Counter())
        self._articles[outlet] += 1
        for k in keys:
            if k in counts or len(counts) < MAX_DISTINCT_PER_OUTLET:
                counts[k] += 1
        if len(counts) >= MAX_DISTINCT_PER_OUTLET:
            for k in [k for k, c in counts.items() if c == 1]:
                del counts[k]

    def articles(self, outlet: str) -> int:
        return self._articles.get(outlet.lower(), 0)

    def count(self, outlet: str, line: str) -> int:
        k = _key(line)
        counts = self._counts.get(outlet.lower())
        return 0 if k is None or counts is None else counts.get(k, 0)

    def is_furniture(self, outlet: str | None, line: str) -> bool:
        if not outlet:
            return False
        outlet = outlet.lower()
        n_articles = self._articles.get(outlet, 0)
        needed = max(self.min_articles, MIN_SHARE * n_articles)
        if n_articles < self.min_articles or self.count(outlet, line) < needed:
            return False
        if len(L.words(line)) >= BODY_SENTENCE_WORDS and L.ends_sentence(line):
            return False
        return True


def learn(raws: Iterable[RawDocument], settings: Settings | None = None) -> FurnitureModel:
    """Observe every document and return the model (the ingest pre-pass)."""
    model = FurnitureModel((settings or Settings()).furniture_min_articles)
    for raw in raws:
        if isinstance(raw, RawDocument):
            model.observe(raw)
    return model
