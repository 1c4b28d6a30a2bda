"""Reading the links table (schema v2): an article's links seen from its side.

Links are stored once per pair, from the article linked later (``doc_id``) to the one it was
found against (``other_doc_id``), evidence offsets in ``doc_id``'s text first (the linker in
``newstrace/corpus`` writes them). Reading them is the store's job: ``store.get`` attaches them,
so this lives here and the store imports nothing from the corpus layer.
"""

from __future__ import annotations

import json

from ..model import Article, Link

MAX_LINKS = 1000  # links returned for one article: bounds one request on a heavily copied story
_ORDER = {"copy": 0, "rewrite": 1, "embeds": 2, "disagree": 3, "agree": 4, "discuss": 5, "story": 6}


def swap(evidence: list[dict]) -> list[dict]:
    """The same evidence seen from the other article (offsets exchanged; one-sided offsets move across)."""
    out = []
    for e in evidence:
        d = {k: v for k, v in e.items() if k not in ("start", "end", "other_start", "other_end")}
        for mine, theirs in (("start", "other_start"), ("end", "other_end")):
            if theirs in e:
                d[mine] = e[theirs]
            if mine in e:
                d[theirs] = e[mine]
        out.append(d)
    return out


def links_of(store, doc_id: str, kinds: tuple[str, ...] | None = None) -> list[Link]:
    """Every link of ``doc_id`` seen from its side (evidence offsets into its own text first)."""
    rows = store.read("SELECT doc_id, other_doc_id, kind, score, evidence FROM links WHERE doc_id = ?"
                      " UNION ALL SELECT doc_id, other_doc_id, kind, score, evidence FROM links"
                      " WHERE other_doc_id = ? LIMIT ?", (doc_id, doc_id, MAX_LINKS))
    out: dict[tuple[str, str], Link] = {}
    for a, b, kind, score, ev in rows:
        if kinds and kind not in kinds:
            continue
        evidence = json.loads(ev)
        other = b if a == doc_id else a
        if a != doc_id:
            evidence = swap(evidence)
        key = (other, kind)
        if key not in out or out[key].score < score:
            out[key] = Link(other_doc_id=other, kind=kind, score=round(float(score), 4), evidence=evidence)
    return sorted(out.values(), key=lambda x: (_ORDER.get(x.kind, 9), -x.score, x.other_doc_id))


def attach_links(store, article: Article) -> Article:
    """Fill ``article.links`` from the links table (called by ``store.get``)."""
    try:
        article.links = links_of(store, article.doc_id)
    except Exception:  # noqa: BLE001 - a store without the corpus tables still reads its articles
        pass
    return article
