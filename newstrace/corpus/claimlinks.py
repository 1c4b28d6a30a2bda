"""Claims across articles: which articles of the same story support or dispute a claim.

For cost, stance (``newstrace.stance``) is asked only inside a story: when an article joins a
story, its text is scored against the claims and headline of each peer (earlier members that are
not its copies or rewrites), and each peer's text against its own claims and headline. Claim
records give ``claim_links`` rows; headlines give article links of kind agree / disagree /
discuss. ``unrelated`` verdicts are not recorded. The evidence is the sentences of the judged
text that carry the stance (offsets into that article's text).

The stance model reads words, and a report that restates a claim in order to deny it ("Ukrainian
officials said 18,000 tonnes had burned, a figure Moscow disputed") looks like agreement to it.
When the judged article has a sentence that restates the claim and that the claims stage marked
``denied``, that sentence is the evidence and the link is ``disagree``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article
from .fingerprint import STOPWORDS, _info, _WORD, stem

MAX_CLAIMS = 8  # claims of one article scored against each peer: the first, most check-worthy ones
MAX_PEERS = 12  # peers per new article: the earliest originals of the story
CLAIM_KINDS = ("event", "figure", "accusation", "statement", None)  # support/opposition are opinions
RECORDED = ("agree", "disagree", "discuss")
# A sentence of the judged article restates the claim when they share this many names/numbers
# and this share of the shorter one's content words: then the claims stage's verdict on that
# sentence (``denied``) is direct evidence of disagreement, stronger than a bag-of-words stance.
RESTATE_ANCHORS = 2
RESTATE_OVERLAP = 0.3


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
    by_id = {a.doc_id: a for a in [new, *peers]}
    out = []
    for (cid, text, claim_doc, judged_doc, _jt), r in zip(jobs, results):
        denial = _denied_restatement(text, by_id[judged_doc])
        if denial is not None:
            start, end = denial
            out.append(StanceRow(cid, claim_doc, judged_doc, "disagree", max(float(r.scores.get("disagree", 0.0)), 0.5),
                                 [{"start": start, "end": end, "relevance": 1.0, "reason": "denied-restatement"}]))
            continue
        if r.stance not in RECORDED:
            continue
        ev = [{"start": e.start, "end": e.end, "relevance": e.relevance} for e in r.evidence]
        out.append(StanceRow(cid, claim_doc, judged_doc, r.stance, float(r.score), ev))
    return out


def _bag(text: str) -> tuple[set[str], set[str]]:
    """(anchors, content words) of a sentence."""
    anchors, content = set(), set()
    for t in _WORD.findall(text[:2000]):
        low = t.lower()
        if _info(t)[1]:
            anchors.add(low)
        if len(low) >= 3 and low not in STOPWORDS:
            content.add(stem(low))
    return anchors, content


def _denied_restatement(claim: str, judged: Article) -> tuple[int, int] | None:
    """The span of a sentence of ``judged`` that restates ``claim`` and that its claims stage marked denied."""
    denied = [c for c in judged.claims if c.status == "denied"]
    if not denied:
        return None
    ca, cc = _bag(claim)
    for c in denied:
        sa, sc = _bag(judged.text[c.start:c.end])
        if len(ca & sa) >= RESTATE_ANCHORS and cc and sc and len(cc & sc) / min(len(cc), len(sc)) >= RESTATE_OVERLAP:
            return c.start, c.end
    return None
