"""Claims across articles: which articles of the same story support or dispute a claim.

For cost, stance (``newstrace.stance``) is asked only inside a story: when an article joins a
story, its text is scored against the claims and headline of each peer (earlier members that are
not its copies or rewrites), and each peer's text against its own claims and headline. Claim
records give ``claim_links`` rows; headlines give article links of kind agree / disagree /
discuss. ``unrelated`` verdicts are not recorded. The evidence is the sentences of the judged
text that carry the stance (offsets into that article's text).

The stance model reads words, and a report that restates a claim in order to deny it ("Ukrainian
officials said 18,000 tonnes had burned, a figure Moscow disputed") looks like agreement to it.
So claims are first compared as events (``frame_stance``): the same event with another blamed
side, figure, status, target, place or date is ``disagree`` whatever the word overlap, the same
frame restated is ``agree``; each such link's evidence names the sentence of the judged article and
the frame field that conflicts (``conflict``: status | actor | figure | target | place | date, or
None for a restatement). When no frame decides, a sentence of the judged article that restates the
claim and that the claims stage marked ``denied`` makes the link ``disagree`` (conflict status);
otherwise the word model decides, except that it cannot *support* a claim whose frame the judged
article does not restate (that is ``discuss``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..events.merge import (MISMATCH_EXTRA, WILDCARD_TYPES, Report, _overlap, actor_keys, counts_agree, places_match,
                            reports_of, time_match, type_need)
from ..model import Article, Event
from ..stance import text as T
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
BAG_CACHE = 16_384  # sentences whose word bags and involvement are kept (a few hundred bytes each)


@dataclass(slots=True)
class StanceRow:
    claim_id: str | None  # None for a headline
    claim_doc: str  # the article that makes the claim (or carries the headline)
    judged_doc: str  # the article whose text was judged
    stance: str
    score: float
    evidence: list[dict]
    conflict: str | None = None  # the frame field that conflicts (status | actor | figure | target | place | date)
    frame: dict = field(default_factory=dict)  # the compared frames, when the event frame decided


def _claims(article: Article) -> list[tuple[str | None, str, tuple[int, int] | None]]:
    out: list[tuple[str | None, str, tuple[int, int] | None]] = []
    for c in article.claims:
        if c.claim_id and c.kind in CLAIM_KINDS and c.status != "denied":
            out.append((c.claim_id, article.text[c.start:c.end], (c.start, c.end)))
        if len(out) >= MAX_CLAIMS:
            break
    if article.title:
        out.append((None, article.title, None))
    return out


def stance_rows(new: Article, peers: list[Article], predict, *, memo: dict | None = None) -> list[StanceRow]:
    """Stance of ``new`` towards each peer's claims/headline and of each peer towards ``new``'s.

    ``memo``: a dict the caller keeps across calls for the same articles (keyed by doc_id): an
    article's event reports, judged-article reading and claim frames depend on that article only,
    and a story's peers are judged again for every new member (the linker bounds and clears it).
    """
    memo = {} if memo is None else memo
    # claim_id, claim text, claim span, claim doc, judged doc, judged text
    jobs: list[tuple[str | None, str, tuple[int, int] | None, str, str, str]] = []
    for peer in peers[:MAX_PEERS]:
        for cid, text, span in _claims(peer):
            jobs.append((cid, text, span, peer.doc_id, new.doc_id, new.text))
        for cid, text, span in _claims(new):
            jobs.append((cid, text, span, new.doc_id, peer.doc_id, peer.text))
    if not jobs:
        return []
    results = predict([j[1] for j in jobs], [j[5] for j in jobs])
    by_id = {a.doc_id: a for a in [new, *peers]}
    reps = {}
    for d, a in by_id.items():
        key = ("reports", d)
        if key not in memo:
            memo[key] = reports(a)
        reps[d] = memo[key]
    infos: dict[str, Judged] = {}
    out = []
    for (cid, text, span, claim_doc, judged_doc, _jt), r in zip(jobs, results):
        judged = by_id[judged_doc]
        fkey = ("frame", claim_doc, span, text)
        if fkey not in memo:
            memo[fkey] = claim_frame(text, span, by_id[claim_doc], reps[claim_doc])
        frame = memo[fkey]
        decided = None
        if frame is not None:
            if judged_doc not in infos:
                jkey = ("judged", judged_doc)
                if jkey not in memo:
                    memo[jkey] = judged_info(judged, reps[judged_doc])
                infos[judged_doc] = memo[jkey]
            decided = frame_stance(frame, infos[judged_doc])
        if decided is not None and decided[0] == "disagree":
            out.append(_frame_row(cid, claim_doc, judged_doc, decided, r))
            continue
        denial = _denied_restatement(text, judged, frame)
        if denial is not None:
            start, end = denial
            out.append(StanceRow(cid, claim_doc, judged_doc, "disagree", max(float(r.scores.get("disagree", 0.0)), 0.5),
                                 [{"start": start, "end": end, "relevance": 1.0, "reason": "denied-restatement",
                                   "conflict": "status"}], conflict="status"))
            continue
        if decided is not None:
            out.append(_frame_row(cid, claim_doc, judged_doc, decided, r))
            continue
        stance = r.stance
        info = infos.get(judged_doc)
        if stance in ("agree", "disagree") and frame is not None and info is not None and (info.reports or info.involving):
            # words alone cannot support or dispute an event claim whose frame the judged article
            # neither restates nor contradicts ("others demand vengeance on Ukraine" shares the words
            # of "Kyiv had nothing to do with the killing" and does neither): it discusses the event.
            # An article without extracted events (older analysis, other language) keeps the word stance.
            stance = "discuss"
        if stance not in RECORDED:
            continue
        ev = [{"start": e.start, "end": e.end, "relevance": e.relevance} for e in r.evidence]
        out.append(StanceRow(cid, claim_doc, judged_doc, stance, float(r.scores.get(stance, r.score)), ev))
    return out


def own_inputs(article: Article, vec) -> tuple[list[tuple[bool, str, object]], dict]:
    """What ``stance_rows`` computes of ``article`` alone, computed ahead (a helper process while
    linking): ``(is_claim, text, analysis)`` of its text and claims for ``stance.features.TextCache``,
    and its event reports, judged reading and claim frames keyed as in ``stance_rows``' memo."""
    from ..stance.features import analyse

    d = article.doc_id
    reps = reports(article)
    memo: dict = {("reports", d): reps, ("judged", d): judged_info(article, reps)}
    texts: list[tuple[bool, str, object]] = [(False, article.text, analyse(vec, article.text))]
    for _cid, text, span in _claims(article):
        texts.append((True, text, analyse(vec, text, is_claim=True)))
        memo[("frame", d, span, text)] = claim_frame(text, span, article, reps)
    return texts, memo


def _frame_row(cid, claim_doc: str, judged_doc: str, decided: tuple[str, list[dict]], r) -> StanceRow:
    stance, ev = decided
    conflict = ev[0].get("conflict") if stance == "disagree" else None
    return StanceRow(cid, claim_doc, judged_doc, stance, max(float(r.scores.get(stance, 0.0)), FRAME_SCORE), ev,
                     conflict=conflict, frame=ev[0].get("values") or {})


@lru_cache(maxsize=BAG_CACHE)  # the same claims and denied sentences are compared for every new story member
def _bag(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(anchors, content words) of a sentence."""
    anchors, content = set(), set()
    for t in _WORD.findall(text[:2000]):
        low = t.lower()
        if _info(t)[1]:
            anchors.add(low)
        if len(low) >= 3 and low not in STOPWORDS:
            content.add(stem(low))
    return frozenset(anchors), frozenset(content)


def _denied_restatement(claim: str, judged: Article, frame: Frame | None = None) -> tuple[int, int] | None:
    """The span of a sentence of ``judged`` that restates ``claim`` and that its claims stage marked denied.

    A party's denial of its own involvement ("Ukraine denied any involvement in the killing") denies
    the claim only when the claim blames that party: it does not deny that the killing happened
    (and it agrees with a claim that the party had nothing to do with it)."""
    denied = [c for c in judged.claims if c.status == "denied"]
    if not denied:
        return None
    ca, cc = _bag(claim)
    for c in denied:
        inv = involvement(judged.text[c.start:c.end])
        if inv is not None and not (frame is not None and frame.party == inv[0] and frame.involved):
            continue
        sa, sc = _bag(judged.text[c.start:c.end])
        if len(ca & sa) >= RESTATE_ANCHORS and cc and sc and len(cc & sc) / min(len(cc), len(sc)) >= RESTATE_OVERLAP:
            return c.start, c.end
    return None


# -- claims compared as events ------------------------------------------------------------------
#
# Words cannot tell "Kyiv's forces shelled the plant" from "Russian forces shelled the plant": they
# share every word but one. The event frame can (newstrace/events: type, actors with their side,
# targets, place, time, figures, status). A claim's frame is the event its sentence reports (or,
# for a headline, the claim article's event it restates) and/or the party it says was or was not
# involved; the judged article's frames are its own events and its sentences about a party's
# involvement. The same event (compatible type, place and time, anchored by a shared target or
# place) with another blamed side, another figure, another status (asserted vs denied), another
# target, place or date is a dispute, whatever the word overlap; the same frame restated is support.

# Priority of a conflict when one judged article gives several (the first is the row's conflict).
CONFLICTS = ("status", "actor", "figure", "target", "place", "date")
# Score of a stance decided by the frame: evidence of this kind is stronger than the word model's
# typical agree/disagree probability (~0.4-0.7), and below the 1.0 of an exact denied restatement.
FRAME_SCORE = 0.8
# A headline restates one of its article's events when they share this many content words.
HEADLINE_OVERLAP = 2
# Evidence sentences kept per link: the conflicting (or restating) sentences, most important first.
MAX_FRAME_EVIDENCE = 3
# Involvement of a party, stated or denied ("Kyiv had nothing to do with the killing", "Ukraine
# denied any involvement", "Moscow blamed Ukrainian special services"). Hand-written patterns: the
# events extractor types these clauses as claims of responsibility (ATTRIB) without the party.
_INVOLVE_NEG = re.compile(
    r"\b(?:(?:had|has|have)\s+(?:had\s+)?nothing\s+to\s+do\s+with|(?:was|were|is|are)\s+not\s+(?:involved|behind|"
    r"responsible)|(?:wasn|weren|isn|aren)['’]t\s+(?:involved|behind|responsible)|(?:den(?:y|ies|ied|ying)|"
    r"reject(?:s|ed|ing)?)\s+(?:any\s+|all\s+)?(?:involvement|responsibility|role|part|links?|complicity)|"
    r"no\s+(?:involvement|role|part)\s+in|played\s+no\s+(?:role|part))", re.I)
_INVOLVE_POS = re.compile(
    r"\b(?:(?:was|were|is|are)\s+(?:behind|responsible\s+for)|(?:claim(?:s|ed)?|took|takes|accept(?:s|ed)?)\s+"
    r"responsibility\s+for|orchestrated|masterminded)", re.I)
# "blamed Ukraine for", "accused Ukrainian special services of": the party follows the verb.
_BLAME = re.compile(r"\b(?:blam(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|pointed\s+the\s+finger\s+at)\b", re.I)
# Party words -> side, as the events extractor names sides (newstrace/events/lexicon.py SIDE_KEYS).
_PARTY = re.compile(r"\b(?:(ukrain\w*|kyiv|kiev|zelensk\w*)|(russia\w*|moscow|kremlin|putin\w*))\b", re.I)
# Words of an involvement sentence that say nothing about which event it is.
_FRAME_STOP = frozenset(T.stem(w) for w in (
    "nothing", "involvement", "involved", "responsible", "responsibility", "role", "part", "deny", "denied",
    "denies", "rejected", "behind", "blamed", "accused", "links", "complicity", "claimed", "official", "officials"))


@dataclass(slots=True)
class Frame:
    """What a claim (or a sentence of the judged article) says happened: an event and/or a party's involvement."""

    report: Report | None = None  # the event (newstrace.events.merge.Report: plain values, offsets into its article)
    party: str | None = None  # side said to be (or not to be) involved: "ukraine" | "russia"
    involved: bool | None = None  # True: the party did it / is blamed; False: it had nothing to do with it
    words: frozenset[str] = frozenset()  # content words of the claim (topic check for involvement)
    start: int = 0  # evidence span in its own article (or the headline)
    end: int = 0


def _side_of(text: str) -> str | None:
    m = _PARTY.search(text)
    if m is None:
        return None
    return "ukraine" if m.group(1) else "russia"


@lru_cache(maxsize=BAG_CACHE)  # pure in the text; asked again for each claim compared with a denied sentence
def involvement(text: str) -> tuple[str, bool] | None:
    """(party side, involved?) that ``text`` states: the party named nearest before a denial or
    assertion of involvement, or right after a blaming verb."""
    text = text[:T.MAX_CLAIM_CHARS]
    for rx, value in ((_INVOLVE_NEG, False), (_INVOLVE_POS, True)):
        m = rx.search(text)
        if m:
            parties = list(_PARTY.finditer(text, 0, m.start()))
            if parties:
                p = parties[-1]
                return ("ukraine" if p.group(1) else "russia"), value
    m = _BLAME.search(text)
    if m:
        side = _side_of(text[m.end(): m.end() + 60])
        if side:
            return side, True
    return None


def _words(text: str, limit: int = T.MAX_CLAIM_CHARS) -> frozenset[str]:
    """Content words (stems of 4+ letters) that say which event a text is about (no party names, no cue words)."""
    return frozenset(w for w in T.content(T.tokens(text[:limit])) if len(w) >= 4
                     and w not in _FRAME_STOP and _PARTY.fullmatch(w) is None)


def events_from_plain(items: list[dict] | None) -> list[Event]:
    """Events stored as JSON -> model objects (for articles the linker reads in light form)."""
    from ..serialize import _from_plain  # the one JSON <-> model conversion

    return [_from_plain(Event, e) for e in items or []]


def reports(article: Article) -> list[Report]:
    """The article's events as merging sees them (plain values; offsets into ``article.text``)."""
    if not article.events:
        return []
    from ..serialize import to_plain

    d = {"doc_id": article.doc_id, "text": article.text, "published": article.published, "title": article.title,
         "source": {"outlet": article.source.outlet, "url": article.source.url, "agency": article.source.agency},
         "events": [to_plain(e, article.text) for e in article.events],
         "places": [to_plain(p, article.text) for p in article.places],
         "times": [to_plain(t, article.text) for t in article.times]}
    return reports_of(d)


def _denied(r: Report) -> bool:
    return r.status == "denied" or r.negated


def claim_frame(claim_text: str, span: tuple[int, int] | None, article: Article, reps: list[Report]) -> Frame | None:
    """The frame of a claim: the event its sentence reports (``span`` into ``article``), or for a
    headline (``span`` None) the article's event that the headline restates; and the involvement
    of a party it states."""
    words = _words(claim_text)
    rep = None
    if span is not None:
        inside = [r for r in reps if r.start < span[1] and span[0] < r.end and r.type not in WILDCARD_TYPES]
        rep = inside[0] if inside else None
    elif reps:
        scored = [(len(words & _words(r.text)), -i, r) for i, r in enumerate(reps) if r.type not in WILDCARD_TYPES]
        best = max(scored, default=None, key=lambda x: (x[0], x[1]))
        rep = best[2] if best and best[0] >= HEADLINE_OVERLAP else None
    inv = involvement(claim_text)
    party, involved = inv if inv else (None, None)
    if rep is not None and party is None:
        sides = sorted(actor_keys(rep))
        if len(sides) == 1:
            party, involved = sides[0], not _denied(rep)
    if rep is None and party is None:
        return None
    s, e = span if span is not None else (0, len(claim_text))
    return Frame(rep, party, involved, words, s, e)


def _event_conflict(c: Report, r: Report) -> str | None | bool:
    """How the judged report ``r`` stands to the claim's event ``c``: a conflict name (dispute),
    True (the same frame restated), or None (another event, or nothing to compare)."""
    if type_need(c.type, r.type) >= MISMATCH_EXTRA or r.type in WILDCARD_TYPES:
        return None
    pk, _ = places_match(c, r)
    tk, _ = time_match(c, r)
    tgt = bool(c.targets and r.targets and _overlap(c.targets, r.targets))
    same_type = type_need(c.type, r.type) == 0.0
    if not (tgt or pk == "same"):
        return None  # nothing anchors the two reports to one event
    agree, disagree = counts_agree(c, r)
    if pk == "far" or tk == "far":
        # one target of one kind of event: another town or day is a conflict when the rest agrees
        # (a plant shelled on two days is two events unless the figures or the blame say otherwise)
        if tgt and same_type and (agree or (actor_keys(c) & actor_keys(r))) and not (pk == "far" and tk == "far"):
            return "place" if pk == "far" else "date"
        return None
    ka, kb = actor_keys(c), actor_keys(r)
    if _denied(c) != _denied(r):
        if ka and kb and not ka & kb:
            return None  # "Russia shelled it" vs "Ukraine did not": no contradiction
        return "status"
    if ka and kb and not ka & kb:
        return "actor" if not _denied(c) else None  # two parties' denials do not contradict
    if disagree and not agree:
        return "figure"
    if (c.targets and r.targets and not tgt and same_type and pk == "same" and tk == "same"
            and c.day_exact and r.day_exact and ka and ka == kb):
        return "target"
    if (ka & kb) or agree or tgt or (pk == "same" and tk == "same"):
        return True
    return None


@dataclass(slots=True)
class Judged:
    """What frame comparison reads of a judged article, computed once per article (not per claim)."""

    article: Article
    reports: list[Report]
    sentences: list[tuple[int, int]]
    involving: list[tuple[int, int, str, bool, frozenset[str]]]  # sentences stating a party's involvement
    words: frozenset[str]


def judged_info(article: Article, reps: list[Report] | None = None) -> Judged:
    sents = T.sentences(article.text)
    involving = []
    for s, e in sents:
        inv = involvement(article.text[s:e])
        if inv is not None:
            involving.append((s, e, inv[0], inv[1], _words(article.text[s:e])))
    return Judged(article, reports(article) if reps is None else reps, sents, involving,
                  _words(article.text, T.MAX_TEXT_CHARS))


def _sentence_of(sents: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence (stance splitter) that holds ``start``; the span itself when none does."""
    for s, e in sents:
        if s <= start < e:
            return s, max(e, end)
    return start, end


def frame_stance(frame: Frame, info: Judged) -> tuple[str, list[dict]] | None:
    """('agree' | 'disagree', evidence) of ``judged`` towards the claim's frame, or None when the
    judged article restates nothing of it. Evidence: sentences of ``judged`` (offsets), each with
    the frame field that conflicts (``conflict``) or ``None`` for a restatement."""
    disputes: list[tuple[int, dict]] = []
    supports: list[dict] = []

    def ev(start: int, end: int, conflict: str | None, why: str, values: dict) -> dict:
        s, e = _sentence_of(info.sentences, start, end)
        return {"start": s, "end": e, "relevance": 1.0, "reason": why, "conflict": conflict,
                "claim_span": [frame.start, frame.end], "event_span": [start, end], "values": values}

    reps = info.reports
    if frame.report is not None:
        c = frame.report
        for r in reps:
            v = _event_conflict(c, r)
            if v is None:
                continue
            values = {"claim": _frame_values(c), "other": _frame_values(r)}
            if v is True:
                supports.append(ev(r.start, r.end, None, "event-frame", values))
            else:
                disputes.append((CONFLICTS.index(v), ev(r.start, r.end, v, "event-frame", values)))
    if frame.party is not None:
        # sentences that state or deny a party's involvement in this event (the claim's words)
        about_it = len(frame.words & info.words) >= 2
        for s, e, party, involved, words in info.involving:
            if not (frame.words & words or about_it):
                continue
            values = {"claim": _involvement_values(frame.party, frame.involved),
                      "other": _involvement_values(party, involved)}
            if party == frame.party:
                if involved == frame.involved:
                    supports.append(ev(s, e, None, "involvement", values))
                else:
                    disputes.append((0, ev(s, e, "status", "involvement", values)))
            elif involved and frame.involved:
                disputes.append((1, ev(s, e, "actor", "involvement", values)))
        if frame.involved is False and frame.report is None:
            # the party blamed for the event by the judged article ("Ukrainian agents killed her")
            for r in reps:
                if (frame.party in actor_keys(r) and not _denied(r) and r.type not in WILDCARD_TYPES
                        and frame.words & _words(r.text)):
                    values = {"claim": _involvement_values(frame.party, False),
                              "other": {**_frame_values(r), **_involvement_values(frame.party, True)}}
                    disputes.append((0, ev(r.start, r.end, "status", "event-frame", values)))
    if disputes:
        disputes.sort(key=lambda x: x[0])
        return "disagree", _unique([d for _, d in disputes])[:MAX_FRAME_EVIDENCE]
    if supports:
        return "agree", _unique(supports)[:MAX_FRAME_EVIDENCE]
    return None


def _unique(evs: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in evs:
        if (e["start"], e["end"]) not in seen:
            seen.add((e["start"], e["end"]))
            out.append(e)
    return out


def _involvement_values(party: str | None, involved: bool | None) -> dict:
    """A party's involvement as frame values (``actors``/``status`` named like an event's, for display)."""
    return {"party": party, "involved": involved, "actors": [party] if party else [],
            "status": "involved" if involved else "denied involvement"}


def _frame_values(r: Report) -> dict:
    """The compared fields of a report, as plain values (shown with the conflict)."""
    return {"type": r.type, "actors": sorted(actor_keys(r)) or [a.get("name") for a in r.actors],
            "targets": [t.get("name") for t in r.targets], "place": (r.place or {}).get("name"),
            "day": r.day_start if r.day_exact else None, "status": "denied" if _denied(r) else r.status,
            "figures": [{"kind": c.get("kind"), "value": c.get("value")} for c in r.counts]}
