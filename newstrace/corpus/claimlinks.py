"""Claims across articles: which articles of the same story support or dispute a claim.

For cost, stance (``newstrace.stance``) is asked only inside a story: when an article joins a
story, its text is scored against the claims and headline of each peer (earlier members that are
not its copies or rewrites), and each peer's text against its own claims and headline. Claim
records give ``claim_links`` rows; headlines give article links of kind agree / disagree /
discuss. ``unrelated`` verdicts are not recorded. The evidence is the sentences of the judged
text that carry the stance (offsets into that article's text).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article

MAX_CLAIMS = 8  # claims of one article scored against each peer: the first, most check-worthy ones
MAX_PEERS = 12  # peers per new article: the earliest originals of the story
CLAIM_KINDS = ("event", "figure", "accusation", "statement", None)  # support/opposition are opinions
RECORDED = ("agree", "disagree", "discuss")


@dataclass(slots=True)
class StanceRow:
    claim_id: str | None  # None for a headline
    claim_doc: str  # the article that makes the claim (or carries the headline)
    judged_doc: str  # the article whose text was judged
    stance: str
    score: float
    evidence: list[dict]


def _claims(article: Article) -> list[tuple[str | None, str]]:
    out = []
    for c in article.claims:
        if c.claim_id and c.kind in CLAIM_KINDS and c.status != "denied":
            out.append((c.claim_id, article.text[c.start:c.end]))
        if len(out) >= MAX_CLAIMS:
            break
    if article.title:
        out.append((None, article.title))
    return out


def stance_rows(new: Article, peers: list[Article], predict) -> list[StanceRow]:
    """Stance of ``new`` towards each peer's claims/headline and of each peer towards ``new``'s."""
    jobs: list[tuple[str | None, str, str, str, str]] = []  # claim_id, claim text, claim doc, judged doc, judged text
    for peer in peers[:MAX_PEERS]:
        for cid, text in _claims(peer):
            jobs.append((cid, text, peer.doc_id, new.doc_id, new.text))
        for cid, text in _claims(new):
            jobs.append((cid, text, new.doc_id, peer.doc_id, peer.text))
    if not jobs:
        return []
    results = predict([j[1] for j in jobs], [j[4] for j in jobs])
    out = []
    for (cid, _text, claim_doc, judged_doc, _jt), r in zip(jobs, results):
        if r.stance not in RECORDED:
            continue
        ev = [{"start": e.start, "end": e.end, "relevance": e.relevance} for e in r.evidence]
        out.append(StanceRow(cid, claim_doc, judged_doc, r.stance, float(r.score), ev))
    return out
