"""Story clusters, built incrementally as articles arrive.

A new article joins the story of the article it copies or rewrites; otherwise the story of the
most similar earlier article (``similarity.story_similarity`` >= STORY_THRESHOLD) among candidates
that share entity or place keys with it inside a time window; otherwise it starts a story.
After each batch the touched stories are refreshed: roles (original / copy / rewrite and of
whom, from ``origin.roles``), label (the most central headline), time span, outlets and counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from . import store as cs
from .fingerprint import Fingerprint
from .origin import independent_sources, roles
from .similarity import EVENT_WINDOW_DAYS, PAIR_SAME_STORY, DocFreq, story_similarity

# Score at which two articles are taken to report the same story. On the similarity bench the
# shipped score averages 0.69 on pairs judged "very/somewhat similar" (Overall <= 2) and 0.20
# on dissimilar ones; at 0.35 the bench's same-story pairs are found with precision 0.69 and
# recall 0.94 (0.5 would give 0.82 / 0.82). Recall is favoured because a story link is also gated
# by shared entity/place keys and the time window, and because a young store's IDF (few
# documents) pulls every score down.
STORY_THRESHOLD = 0.35
WINDOW_DAYS = 7  # follow-ups a week later still belong to the story; later ones start a new one
PER_KEY = 200  # candidate rows read per key: bounds the work for a key every article shares
MAX_CANDIDATES = 25  # candidates scored per new article, most shared keys first
LABEL_SAMPLE = 40  # members compared to pick the most central headline (pairwise cost)


def candidates(store, fp: Fingerprint) -> list[str]:
    """Earlier articles sharing keys with ``fp`` in the time window, most shared keys first."""
    if not fp.keys:
        return []
    parts, params = [], []
    for key in fp.keys:
        if fp.day is None:
            parts.append("SELECT * FROM (SELECT doc_id FROM corpus_keys WHERE key = ? LIMIT ?)")
            params += [key, PER_KEY]
        else:
            parts.append("SELECT * FROM (SELECT doc_id FROM corpus_keys WHERE key = ? AND day BETWEEN ? AND ?"
                         " ORDER BY day DESC LIMIT ?)")
            params += [key, fp.day - WINDOW_DAYS, fp.day + WINDOW_DAYS, PER_KEY]
    rows = store.read("SELECT doc_id, count(*) n FROM (" + " UNION ALL ".join(parts) + ")"
                      " WHERE doc_id != ? GROUP BY doc_id ORDER BY n DESC, doc_id LIMIT ?",
                      (*params, fp.doc_id, MAX_CANDIDATES))
    need = 1 if len(fp.keys) <= 2 else 2
    return [d for d, n in rows if n >= need]


def best_match(fp: Fingerprint, others: dict[str, Fingerprint], df: DocFreq) -> tuple[str | None, float]:
    best, best_score = None, 0.0
    for d, other in others.items():
        s = story_similarity(fp, other, df)
        if s > best_score or (s == best_score and best is not None and d < best):
            best, best_score = d, s
    return best, best_score


def refresh(c, store, story_id: str, df: DocFreq, fps: dict[str, Fingerprint]) -> dict[str, Any]:
    """Recompute roles, label, span and counts of one story (inside the caller's transaction)."""
    mem = cs.members(store, story_id)
    if not mem:
        c.execute("DELETE FROM stories WHERE story_id = ?", (story_id,))
        return {}
    ids = [m["doc_id"] for m in mem]
    role_of = roles(mem, cs.group_links(store, ids))
    c.executemany("UPDATE story_members SET role = ?, of_doc_id = ? WHERE story_id = ? AND doc_id = ?",
                  [(role_of[d][0], role_of[d][1], story_id, d) for d in ids])
    originals = [m["doc_id"] for m in mem if role_of[m["doc_id"]][0] == "original"][:LABEL_SAMPLE]
    missing = [d for d in originals if d not in fps]
    fps.update(cs.load_fingerprints(store, missing))
    label_doc = originals[0] if originals else ids[0]
    if len(originals) > 2:
        central = {d: sum(story_similarity(fps[d], fps[o], df) for o in originals if o != d)
                   for d in originals if d in fps}
        if central:
            label_doc = max(sorted(central), key=lambda d: central[d])
    by_id = {m["doc_id"]: m for m in mem}
    label = by_id[label_doc]["title"] or label_doc
    dated = sorted(m["published"] for m in mem if m["published"])
    outlets = sorted({m["outlet"] for m in mem if m["outlet"]})
    copies = sum(1 for d in ids if role_of[d][0] != "original")
    indep = independent_sources(mem, role_of)
    c.execute("UPDATE stories SET label = ?, label_doc_id = ?, first_published = ?, last_published = ?, articles = ?,"
              " independent_sources = ?, copies = ?, outlets = ?, updated_at = ? WHERE story_id = ?",
              (label, label_doc, dated[0] if dated else None, dated[-1] if dated else None, len(ids), indep, copies,
               json.dumps(outlets), cs.now(), story_id))
    return {"story_id": story_id, "articles": len(ids), "independent_sources": indep}


def new_story_id(doc_id: str) -> str:
    """A story is named after the article that started it (stable across relinks in date order)."""
    return "st-" + doc_id[:12]


# -- stories at event granularity, from the pair model ---------------------------------------------
#
# A story is one event or one tightly bound development (SemEval-2022's "same story": same event, place,
# time and narrative), not a theme. Two articles can be in one story only when they were published
# within EVENT_WINDOW_DAYS of each other and the pair model (``similarity.pair_features``: e5 views and
# overlaps, SemEval scale) says they tell the same story. When both articles carry event records
# (``Article.events``) whose dominant ACLED categories differ, the pair needs a higher score (EVENT_MISMATCH_MARGIN).
# Joining is average-linkage-like: an article joins the story whose in-window members it matches best,
# and only if it also matches those members on average (STORY_MEAN_SLACK), so one bridging article does
# not chain two events of one theme together.

# PAIR_SAME_STORY and EVENT_WINDOW_DAYS (the story rule) live in similarity.py, which applies them to
# pairs too (`similar --pairs`); how much lower an article's mean over a story's members may be:
STORY_MEAN_SLACK = 0.1
# Extra similarity required when the articles' dominant event categories disagree. The events stage types
# clauses noisily: on the dev stories 0.1 costs nothing at 0.65 and 0.2-0.3 lose recall without gaining precision.
EVENT_MISMATCH_MARGIN = 0.1
MAX_STORY_PEERS = 30  # members of one story scored against a new article (the most recent in the window)


@dataclass(slots=True)
class StoryItem:
    """One article as story building sees it."""

    doc_id: str
    day: int | None  # publication day ordinal (None: undated, no window applies)
    side: Any  # similarity.PairSide
    event_groups: frozenset = frozenset()  # coarse event-type groups of Article.events, when present


# The events stage's 30 CASE-2021 types folded into ACLED's event categories: two reports of one event
# often type its clauses differently within a category (a "strike" typed as air strike or as shelling).
EVENT_CATEGORY = {
    **dict.fromkeys(("ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"), "battle"),
    **dict.fromkeys(("AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE", "SUIC_BOMB", "CHEM_WEAP",
                     "PROPERTY_DISTRUCT"), "remote_violence"),
    **dict.fromkeys(("ATTACK", "ABDUCT_DISSAP", "SEX_VIOL"), "violence_against_civilians"),
    **dict.fromkeys(("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST"), "protest"),
    **dict.fromkeys(("VIOL_DEMONSTR", "MOB_VIOL"), "riot"),
    **dict.fromkeys(("NON_VIOL_TERRIT_TRANSFER", "ARREST", "DISR_WEAP", "AGREEMENT", "HQ_ESTABLISHED",
                     "CHANGE_TO_GROUP_ACT", "DIPLO", "ORG_CRIME"), "strategic"),
    **dict.fromkeys(("NATURAL_DISASTER", "MAN_MADE_DISASTER"), "disaster"),
}  # ATTRIB and OTHER say nothing about which event it is


def event_groups(article) -> frozenset:
    """The dominant ACLED category (ties: all of them) of an article's events; empty without events."""
    counts: dict[str, int] = {}
    for ev in getattr(article, "events", None) or []:
        cat = EVENT_CATEGORY.get(getattr(ev, "type", None) or "")
        if cat and not getattr(ev, "negated", False):
            counts[cat] = counts.get(cat, 0) + 1
    top = max(counts.values(), default=0)
    return frozenset(c for c, n in counts.items() if n == top)


def item_of(article, *, cache=None) -> StoryItem:
    """A StoryItem of an analysed Article (embeds its views once)."""
    from .fingerprint import day_number
    from .similarity import pair_side

    return StoryItem(doc_id=article.doc_id, day=day_number(article.published),
                     side=pair_side(article.text, article.title, article.language, cache=cache),
                     event_groups=event_groups(article))


def pair_similarity(a: StoryItem, b: StoryItem) -> float:
    """0..1 same-story similarity of two items, with the date window and the event-type check applied."""
    from .similarity import load_pair_model, overall_to_similarity, pair_features

    if a.day is not None and b.day is not None and abs(a.day - b.day) > EVENT_WINDOW_DAYS:
        return 0.0
    s = overall_to_similarity(float(load_pair_model().overall([pair_features(a.side, b.side)])[0]))
    if a.event_groups and b.event_groups and not (a.event_groups & b.event_groups):
        s -= EVENT_MISMATCH_MARGIN
    return max(0.0, s)


def cluster(items: list[StoryItem], *, threshold: float = PAIR_SAME_STORY,
            slack: float = STORY_MEAN_SLACK) -> dict[str, str]:
    """doc_id -> story id, building stories in publication order (undated last), as the linker does."""
    order = sorted(items, key=lambda it: (it.day is None, it.day or 0, it.doc_id))
    story_of: dict[str, str] = {}
    members: dict[str, list[StoryItem]] = {}
    for it in order:
        best, best_key = None, (0.0, 0.0)
        for sid, mem in members.items():
            peers = [m for m in mem if it.day is None or m.day is None or abs(m.day - it.day) <= EVENT_WINDOW_DAYS]
            peers = peers[-MAX_STORY_PEERS:]
            if not peers:
                continue
            sims = [pair_similarity(it, m) for m in peers]
            top, mean = max(sims), sum(sims) / len(sims)
            if top >= threshold and mean >= threshold - slack and (top, mean) > best_key:
                best, best_key = sid, (top, mean)
        sid = best or new_story_id(it.doc_id)
        members.setdefault(sid, []).append(it)
        story_of[it.doc_id] = sid
    return story_of
