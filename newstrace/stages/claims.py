"""Claims: each check-worthy sentence with its status, who it is attributed to, and the cue spans.

Requires: text, paragraphs, sentences, entities, quotes, times, amounts (and the transient
``nlp_doc``). Assigns: claims.

Status, strongest first:

* ``denied``     someone denies it ("Russia has denied responsibility"); ``denied_by`` names them
* ``unverified`` the outlet says it could not verify it ("could not independently verify");
                 the disclaimer also marks the earlier sentences it refers to ("the videos")
* ``hedged``     appears to, reportedly, allegedly, would have, is expected to, should open ...
* ``attributed`` the sentence reports what a source says (a quotation or reported speech whose cue
                 heads the main clause: "Mali cut ties, accusing Kyiv of ..." is the outlet's report)
* ``asserted``   the outlet's own voice

Hedge, denial and verification cues are kept as ``Cue`` spans. Cues are read as classes, not
strings: a modal perfect ("would have") inside someone's quotation is their voice, not the outlet's
hedge; "deny" in the sense of withholding ("denied entry", "the keeper denied him a goal") is not a
denial; "appears to show" is a hedge on evidence (the quotes stage does not make it speech).

Check-worthiness: every claim gets a ``check_score`` (0..1) with the ``check_reasons`` behind it
(figures, named actors, places, dates, attribution, a disclaimer or denial); the few best form the
article's ranked short list (``check_rank`` 1..n).
"""

from __future__ import annotations

import bisect
import hashlib
import re

from ..attribution.cues import GRANTED, SPORT_AGENTS, is_withholding
from ..attribution.lexicon import DENIAL_RE, HEDGE_RE, SPEAKER_VOICE_RE, UNVERIFIED_RE, claim_cues
from ..model import Article, Claim, Cue, Span

NAME = "claims"
REQUIRES = ("text", "paragraphs", "sentences", "entities", "quotes", "times", "amounts")
ASSIGNS = ("claims",)

# Words that open a clause of its own after a comma (clause-level status).
_CLAUSE_WORDS = frozenset("but while whereas yet although though where and".split())
# Longer sentences are not cut into clauses (bounded work per sentence on hostile text).
MAX_CLAUSE_TOKENS = 120
# Sentences shorter than this are headings, credits or fragments, not claims.
MIN_CLAIM_WORDS = 5
# A quotation reaching a sentence starts at most this far before it (several paragraphs of quotation).
MAX_QUOTE_REACH = 5_000
# A cue ("The caption reads:") may precede its quotation, which then starts in a later sentence.
MAX_CUE_AHEAD = 1_000
# A short sentence still counts when it denies or disclaims ("Russia denied the accusations.").
MIN_CUED_WORDS = 3
# A verification disclaimer refers back at most this many sentences ("Newsweek could not verify
# the videos" two paragraphs after the videos were described).
UNVERIFIED_LOOKBACK = 6
# A short denial ("The ministry denied the claims.") refers to the sentence before it.
SHORT_DENIAL_WORDS = 12
_WORD = re.compile(r"[^\W_]+")
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "ACCOUNT", "EVENT"}
_ACCUSATION = re.compile(r"\b(?:accus\w*|blam\w*|alleg\w*|charg(?:e|es|ed)\s+with|responsib\w*|war\s+crimes?|atrocit\w*|massacre\w*|genocide)\b", re.I)
_SUPPORT = re.compile(r"\b(?:support\w*|back(?:s|ed|ing)?|endors\w*|prais\w*|welcom\w*|cheer\w*|applaud\w*|hail\w*)\b", re.I)
_OPPOSE = re.compile(r"\b(?:oppos\w*|condemn\w*|criticis\w*|criticiz\w*|reject\w*|against|protest\w*|denounc\w*|spoken\s+out)\b", re.I)
# A request or order reported ("asked partners to let it use ...", "urged allies to send ..."): its
# content is what someone wants done, not a claim about the world.
_DIRECTIVE = re.compile(r"to\s+[a-z]", re.I)
_DIRECTIVE_CUE = re.compile(r"(?:ask|urg|call|demand|request|order|press|appeal|invit|encourag|instruct|beg|implor)\w*\b", re.I)
# "According to" as a synonym spinner rewrites it ("In keeping with the ministry, ...", "in line with
# the board"): the quotes stage does not read these as cues, so the claim's source is read here,
# when the phrase names someone (an entity or a source noun).
_ACCORDING_SPUN = re.compile(r"\b(?:in\s+keeping\s+with|in\s+line\s+with|in\s+accordance\s+with)\s+"
                             r"((?:the\s+)?[^,.;:\"“”]{2,60}?)(?=\s*[,.;])", re.I)
_SOURCE_HEAD = re.compile(r"\b(?:ministry|department|office|agency|service|officials?|authorit(?:y|ies)|"
                          r"governor|mayor|spokes\w+|board|council|administration|command|staff|military|army|"
                          r"police|media|website|site|newspaper|outlet|channel|broadcaster|report|sources?|"
                          r"analysts?|experts?|monitors?|observers?|witness(?:es)?|residents?)\b", re.I)
# Heads of a speaker description that is a thing shown, not someone's account ("the footage shows").
_EVIDENCE_HEAD = re.compile(r"\b(?:videos?|footage|images?|imagery|photos?|photographs?|pictures?|clips?|data|maps?|"
                            r"recordings?|evidence|analysis|documents?|records?|x)\W*$", re.I)
_BOILERPLATE = re.compile(r"\b(?:click\s+here|sign\s+up|subscribe|leave\s+a\s+comment|read\s+more|newsletter|cookies?)\b", re.I)
# A denial whose object points back: "denied the report", "denied it", "rejected these claims".
_ANAPHORIC = re.compile(r"\s+(?:\w+\s+){0,2}?(?:the|these|those|such|this|that|it|them)\b(?:\s+\w+){0,2}?\s*"
                        r"(?:report|reports|claim|claims|allegation|allegations|accusation|accusations|story|account)?\b",
                        re.I)
# "denied that its forces ...": a clause of its own, not "that" pointing back at the sentence before.
_CLAUSE_AFTER = re.compile(r"\s+that\s+(?!report|claim|allegation|accusation|story|account)\w", re.I)
_REFERENT = re.compile(r"[a-z]{3,}")
# What a verification disclaimer points back to: a determiner and a common noun ("the videos",
# "either account", "these figures"), perhaps after one adjective ("the Agriculture Ministry's figures").
_POINTED = re.compile(r"\b(?:the|these|those|this|that|either|both|such|its|their)\s+(?:[\w'’-]+\s+){0,2}?([a-z]{3,})\b")
_CIRCUMSTANCE = re.compile(r"\s+(?:independently\s+)?(?:where|when|who|whom|whose|whether|how|why|if)\b", re.I)
# Check-worthiness weights: what makes a sentence worth an analyst's check. A figure, a disclaimer or
# a denial weighs most (the graders checked those first; a denial marks a contested claim); a
# toll (a figure counting the harm the sentence reports: people killed, buildings destroyed) adds to
# its figure; a bare opinion with no name, place, date or number stays off the short list whatever
# its status.
CHECK_WEIGHTS = {"figure": 0.30, "toll": 0.15, "actor": 0.15, "place": 0.15, "date": 0.10, "accusation": 0.15,
                 "harm": 0.15, "unverified": 0.30, "denied": 0.45, "hedged": 0.20, "attributed": 0.15}
# Units of a duration: an amount in them is no tally to check ("for 90 minutes"); a distance may place
# what is claimed ("a gun position 10 kilometres from the town") and stays a figure.
_MEASURE_UNIT = re.compile(r"(?:second|minute|hour|day|week|month|year|night)s?", re.I)
# Harm done and ground won or lost: a strike, casualties, destruction, capture, liberation, a
# withdrawal, an interception (the events a war report is checked on).
_HARM = re.compile(r"\b(?:kill(?:s|ed|ing)?|wound(?:s|ed|ing)?|injur(?:e|es|ed|ing|ies)|dead|deaths?|destroy(?:s|ed|ing)?|"
                   r"damag(?:e|es|ed|ing)|shell(?:s|ed|ing)|strik(?:e|es|ing)|struck|hit|captur(?:e|es|ed|ing)|"
                   r"seiz(?:e|es|ed|ing)|bomb(?:s|ed|ing)?|attack(?:s|ed|ing)?|casualt(?:y|ies)|"
                   r"liberat(?:e|es|ed|ing)|encircl(?:e|es|ed|ing)|withdr(?:aw|aws|ew|awn)|shot\s+down|"
                   r"intercept(?:s|ed)?|lost)\b", re.I)
# The short list: at most this many claims per article, each scoring at least MIN_CHECK_SCORE.
MAX_CHECK_WORTHY = 5
MIN_CHECK_SCORE = 0.45
_ACTOR_LABELS = {"PERSON", "ORG", "NORP", "ACCOUNT"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_STOP = frozenset("the this that these those its their authenticity independently verify verified confirm confirmed "
                  "could not was were has have been able unable any claims".split())


def claim_id(doc_id: str, start: int, end: int) -> str:
    """Stable id of a claim: the same sentence of the same document gets the same id."""
    return hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def _denier(article: Article, s: int, e: int, cue: Cue) -> str | None:
    """Who denies: the subject of the denial verb, else the nearest name before the cue."""
    doc = article.nlp_doc
    if doc is not None:
        span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
        if span is not None:
            verb = span.root
            for ch in verb.children:
                if ch.dep_ in ("nsubj", "agent"):
                    who = ch if ch.dep_ == "nsubj" else next((g for g in ch.children if g.dep_ == "pobj"), None)
                    if who is not None:
                        lo, hi = who.left_edge.idx, who.right_edge.idx + len(who.right_edge)
                        inside = [x for x in article.entities if lo <= x.start and x.end <= hi
                                  and x.label in ("PERSON", "ORG", "GPE", "ACCOUNT", "NORP")]
                        for ent in article.entities:
                            if ent.start <= who.idx < ent.end:
                                return ent.canonical
                        if inside:  # "The finance minister, Clara Voss, dismissed ..."
                            return sorted(inside, key=lambda x: x.label != "PERSON")[0].canonical
                        return article.text[who.left_edge.idx : who.idx + len(who)]
    best = None
    for ent in article.entities:
        if s <= ent.start and ent.end <= cue.start and ent.label in _ENTITY_LABELS:
            best = ent.canonical
    return best


def run(article: Article, ctx) -> Article:
    text = article.text
    credit = [(p.start, p.end) for p in article.paragraphs if p.kind == "credit"]
    ent_starts = sorted(e.start for e in article.entities if e.label in _ENTITY_LABELS)
    amt_starts = sorted(a.start for a in article.amounts)
    # quotations by start, so each sentence looks only at those that can reach it
    quotes = sorted(article.quotes, key=lambda q: q.content.start)
    q_starts = [q.content.start for q in quotes]
    speech = sorted((q.content.start, q.content.end) for q in quotes if q.attribution == "speech" and
                    (q.speaker_entity or q.speaker_description))
    claims: list[Claim] = []
    slav = claim_cues(article.language)  # uk/ru cue tables; None keeps the English patterns
    denial_re, unverified_re, hedge_re = (slav.denial, slav.unverified, slav.hedge) if slav else \
        (DENIAL_RE, UNVERIFIED_RE, HEDGE_RE)

    def make(s: int, e: int, piece: tuple[int, int] | None = None) -> Claim | None:
        """The claim of text[s:e]: a sentence, or (``piece``) one clause of it."""
        seg = text[s:e]
        cues = [Cue(s + m.start(), s + m.end(), "denial") for m in denial_re.finditer(seg)
                if _is_denial(article, s + m.start(), s + m.end())]
        cues += [Cue(s + m.start(), s + m.end(), "unverified") for m in unverified_re.finditer(seg)]
        cues += [Cue(s + m.start(), s + m.end(), "hedge") for m in hedge_re.finditer(seg)
                 if not any(c.start <= s + m.start() < c.end for c in cues)
                 and not (SPEAKER_VOICE_RE.match(m.group()) and _in_speech(speech, s + m.start()))]
        n_words = len(_WORD.findall(seg))
        if n_words < MIN_CLAIM_WORDS and not (cues and n_words >= MIN_CUED_WORDS):
            return None
        has_ent = bisect.bisect_left(ent_starts, s) < bisect.bisect_left(ent_starts, e)
        has_amt = bisect.bisect_left(amt_starts, s) < bisect.bisect_left(amt_starts, e)
        # the attribution: a quotation whose cue is in the sentence, or whose content covers most of it
        attributed, best = None, 0
        lo = bisect.bisect_left(q_starts, s - MAX_QUOTE_REACH)
        hi = bisect.bisect_left(q_starts, e + MAX_CUE_AHEAD)
        for q in quotes[lo:hi]:
            if q.attribution in ("action", "evidence"):
                continue  # "X signed the decree", "the video shows": the outlet reports them, X says nothing
            if _DIRECTIVE.match(text, q.content.start) and q.cue is not None and \
                    _DIRECTIVE_CUE.match(text, q.cue.start):
                continue  # "Kyiv has asked its partners to let it ...": a request, no claim of X's; the act is the outlet's
            if q.cue is not None and s <= q.cue.start < e and not q.speaker_entity and not q.speaker_description:
                continue
            if q.cue is not None and any(c.kind == "denial" and c.start <= q.cue.start < c.end for c in cues):
                continue  # the denier is not the claim's source: see denied_by
            overlap = min(e, q.content.end) - max(s, q.content.start)
            cue_here = q.cue is not None and s <= q.cue.start < e and _main_clause_cue(article, q.cue, piece)
            score = overlap + (e - s if cue_here else 0)
            if (overlap * 2 >= (e - s) or cue_here) and score > best:
                # an unnamed, non-person source ("the footage shows") is the outlet describing; an
                # unnamed source of reports ("according to local media") is still someone's account
                who = q.speaker_entity or (q.speaker_description if q.speaker_type != "unknown" or not
                                           _EVIDENCE_HEAD.search(q.speaker_description or "x") else None)
                if who:
                    attributed, best = who, score
        if attributed is None:
            m = _ACCORDING_SPUN.search(seg)
            if m and (_SOURCE_HEAD.search(m.group(1)) or any(
                    s + m.start(1) <= x.start < s + m.end(1) for x in article.entities if x.label in _ACTOR_LABELS)):
                attributed = m.group(1)
        doc = article.nlp_doc
        if doc is not None and not (has_ent or has_amt or attributed or cues):
            return None  # no one, no number, no attribution: not check-worthy
        status = "asserted"
        kinds = {c.kind for c in cues}
        denied_by = None
        if "denial" in kinds:
            status = "denied"
            denied_by = _denier(article, s, e, next(c for c in cues if c.kind == "denial"))
        elif "unverified" in kinds:
            status = "unverified"
        elif "hedge" in kinds:
            status = "hedged"
        elif attributed:
            status = "attributed"
        if has_amt:
            kind = "figure"
        elif _ACCUSATION.search(seg):
            kind = "accusation"
        elif _OPPOSE.search(seg):
            kind = "opposition"
        elif _SUPPORT.search(seg):
            kind = "support"
        elif attributed:
            kind = "statement"
        else:
            kind = "event"
        return Claim(start=s, end=e, status=status, attributed_to=attributed, cues=cues, kind=kind,
                     claim_id=claim_id(article.doc_id, s, e), denied_by=denied_by)

    for sent in article.sentences:
        s, e = sent.start, sent.end
        seg = text[s:e]
        if seg.rstrip().endswith("?") or _BOILERPLATE.search(seg) or any(cs <= s < ce for cs, ce in credit):
            continue
        claim = make(s, e)
        if claim is None:
            continue
        # clause-level status: a hedge, denial or source in one clause does not colour the other
        # clause of the sentence ("X could not verify the account, but a video appears to show ...")
        pieces = _clauses(article, s, e)
        if len(pieces) > 1:
            parts = [make(a, b, (a, b)) for a, b in pieces]
            if all(parts) and len({(p.status, p.attributed_to) for p in parts}) > 1:
                claims.extend(parts)
                continue
        claims.append(claim)
    _propagate(text, claims, slav)
    _check_worthiness(article, claims)
    article.claims = claims
    return article


def _main_clause_cue(article: Article, cue: Span, piece: tuple[int, int] | None = None) -> bool:
    """Does the cue head the sentence's main clause (or the clause ``piece`` it lies in)? 'Mali cut
    ties with Kyiv, accusing Ukraine of ...' and 'NATO leaders will gather in Vilnius, where
    Zelenskiy hopes to ...' are the outlet's own reports of an act: the attribution in a side clause
    does not make the sentence attributed (the side clause alone, cut off as a piece, is)."""
    doc = article.nlp_doc
    if doc is None:
        return True
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return True
    t = span.root
    if t.lower_ == "according" or t.dep_ in ("ROOT", "parataxis"):
        return True
    if piece is not None:
        h = t
        while h.dep_ == "conj" and h.head.i != h.i and piece[0] <= h.head.idx < piece[1]:
            h = h.head
        if not piece[0] <= h.head.idx < piece[1] or h.head.i == h.i:
            return True  # the verb heads its clause
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t.dep_ == "ROOT" or (t.dep_ == "ccomp" and t.head.dep_ == "ROOT")


def _clauses(article: Article, s: int, e: int) -> list[tuple[int, int]]:
    """The sentence's clauses with a subject of their own, cut before 'but', 'while', 'whereas', 'yet',
    'although', 'where' and 'and' after a comma, or after a semicolon: [(start, end)], or [] when the
    sentence is one clause (or has no parse). Each clause keeps at least MIN_CLAIM_WORDS words."""
    doc = article.nlp_doc
    if doc is None:
        return []
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or len(span) > MAX_CLAUSE_TOKENS:
        return []
    cuts = []
    for t in span[1:]:
        prev = doc[t.i - 1]
        if prev.text == ";":
            at = t
        elif prev.text == "," and t.lower_ in _CLAUSE_WORDS:
            at = t
        else:
            continue
        # a clause: a verb after the cut, with its own subject, attached to something before the cut
        for v in doc[t.i : min(span.end, t.i + 12)]:
            if v.pos_ in ("VERB", "AUX") and v.head.i < at.i and any(
                    c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i >= at.i for c in v.children):
                cuts.append(at.idx)
                break
    pieces, lo = [], s
    for c in cuts:
        if len(_WORD.findall(article.text[lo:c])) >= MIN_CLAIM_WORDS and \
                len(_WORD.findall(article.text[c:e])) >= MIN_CLAIM_WORDS:
            pieces.append((lo, c))
            lo = c
    if not pieces:
        return []
    return pieces + [(lo, e)]


def _in_speech(speech: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside the content of an attributed speech quotation (sorted spans)?"""
    i = bisect.bisect_right(speech, (pos, float("inf"))) - 1
    # contents may nest (a mixed quotation holds a direct one): look back a few
    return any(a <= pos < b for a, b in speech[max(0, i - 3) : i + 1])


def _is_denial(article: Article, start: int, end: int) -> bool:
    """Is this "deny/denial" the rejection of a claim, not a withholding ("denied entry", a keeper's save)?"""
    doc = article.nlp_doc
    if doc is not None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.root.lemma_.lower() in ("deny", "denial"):
            return not is_withholding(span.root)
    after = re.findall(r"[a-z-]+", article.text[end : end + 40].lower())[:3]
    before = re.findall(r"[a-z-]+", article.text[max(0, start - 30) : start].lower())[-2:]
    return not (set(after) & GRANTED or set(before) & SPORT_AGENTS)


def _check_worthiness(article: Article, claims: list[Claim]) -> None:
    """Score every claim, give the reasons, and rank the article's short list of the most check-worthy."""
    text = article.text
    ents = sorted(article.entities, key=lambda x: x.start)
    e_starts = [x.start for x in ents]
    amts = sorted(article.amounts, key=lambda x: x.start)
    a_starts = [x.start for x in amts]
    furniture = [(p.start, p.end) for p in article.paragraphs if p.kind != "body"]
    dates = sorted((t for t in (getattr(article, "times", None) or []) if t.type in ("date", "time")),
                   key=lambda t: t.start)
    d_starts = [t.start for t in dates]
    for c in claims:
        reasons: list[str] = []
        score = 0.0

        def add(key: str, detail: str | None = None) -> None:
            nonlocal score
            if any(r.split(":", 1)[0] == key for r in reasons):
                return
            score += CHECK_WEIGHTS[key]
            reasons.append(f"{key}: {detail}" if detail else key)

        harm = _HARM.search(text, c.start, c.end)
        for a in amts[bisect.bisect_left(a_starts, c.start) : bisect.bisect_left(a_starts, c.end)]:
            if _MEASURE_UNIT.fullmatch(a.unit or ""):
                continue  # "90 minutes", "three days": a duration, not a tally
            add("figure", text[a.start : a.end])
            if harm and a.unit is None and a.counted:
                add("toll", f"{text[a.start : a.end]} {a.counted}")  # people killed, buildings destroyed
        for x in ents[bisect.bisect_left(e_starts, c.start) : bisect.bisect_left(e_starts, c.end)]:
            if x.label in _ACTOR_LABELS:
                add("actor", x.canonical or text[x.start : x.end])
            elif x.label in _PLACE_LABELS:
                add("place", x.canonical or text[x.start : x.end])
        # a date the times stage read as one (an age "27" or a duration "nine months" is none)
        for t in dates[bisect.bisect_left(d_starts, c.start) : bisect.bisect_left(d_starts, c.end)]:
            add("date", text[t.start : t.end])
        if c.status == "denied" and c.denied_by:
            add("actor", c.denied_by)  # the denier: "The ministry denied ..."
        specific = bool(reasons)
        if c.kind == "accusation":
            add("accusation")
        if harm:
            add("harm", harm.group())
        if c.status == "unverified":
            add("unverified")
        elif c.status == "denied":
            add("denied", f"by {c.denied_by}" if c.denied_by else None)
        elif c.status == "hedged":
            cue = next((x for x in c.cues if x.kind == "hedge"), None)
            add("hedged", text[cue.start : cue.end] if cue else None)
        if c.attributed_to and c.status != "denied":
            add("attributed", f"to {c.attributed_to}")
        if not specific or any(a <= c.start < b for a, b in furniture):
            score = min(score, MIN_CHECK_SCORE - 0.05)  # nothing to check it against, or a caption
        c.check_score = round(min(1.0, score), 3)
        c.check_reasons = reasons
        c.check_rank = None
    ranked = sorted((c for c in claims if c.check_score >= MIN_CHECK_SCORE), key=lambda c: (-c.check_score, c.start))
    for i, c in enumerate(ranked[:MAX_CHECK_WORTHY], 1):
        c.check_rank = i


def _propagate(text: str, claims: list[Claim], slav=None) -> None:
    """Disclaimers and short denials also mark the earlier claims they refer to (``slav``: uk/ru cues)."""
    anaphoric, clause_after = (slav.anaphoric, slav.clause_after) if slav else (_ANAPHORIC, _CLAUSE_AFTER)
    for i, c in enumerate(claims):
        for cue in c.cues:
            if cue.kind == "unverified":
                rest = text[cue.end : c.end]
                if _CIRCUMSTANCE.match(rest):
                    continue  # "could not verify where the video was filmed": a circumstance, not the claim
                # the referent is a common noun the disclaimer points back to ("the videos", "these
                # figures"), never a name alone ("reports of casualties in Sudzha" is not every
                # earlier sentence about Sudzha)
                after = {m.group(1).lower().rstrip("s") for m in _POINTED.finditer(rest)} - _STOP
                if not after:
                    continue
                for prev in claims[max(0, i - UNVERIFIED_LOOKBACK) : i]:
                    words = {w.rstrip("s") for w in _REFERENT.findall(text[prev.start : prev.end].lower())}
                    if words & after and prev.status in ("asserted", "attributed", "hedged"):
                        prev.status = "unverified"
                        prev.cues.append(Cue(cue.start, cue.end, "unverified"))
            elif cue.kind == "denial" and i > 0 and len(_WORD.findall(text[c.start : c.end])) <= SHORT_DENIAL_WORDS \
                    and (anaphoric.match(text, cue.end) or (slav is not None and slav.anaphoric_before.search(
                        text, max(c.start, cue.start - 20), cue.start))) and not clause_after.match(text, cue.end):
                prev = claims[i - 1]
                if prev.status != "denied":
                    prev.status = "denied"
                    prev.denied_by = c.denied_by
                    prev.cues.append(Cue(cue.start, cue.end, "denial"))
