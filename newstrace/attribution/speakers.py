"""Speaker resolution inside one article: names, pronouns and descriptions -> canonical entities.

A named speaker resolves to the entity that covers the head of its noun phrase. A pronoun
resolves to the nearest earlier speaker (then the nearest earlier entity) of a compatible kind:
he/she -> a person of compatible gender, it -> an organisation or account, they/we -> a group.
A definite description ("the ministry", "the journalist", "the account") resolves to the
nearest earlier entity introduced with that noun or of that kind. An indefinite one ("a
source") introduces someone new: it is kept as a description.
"""

from __future__ import annotations

import bisect
import re

from ..model import Entity
from .bodies import _BODY_HEADS, _DOC_NOUNS, _ORG_HEADS, BodyResolver, Resolved, acronym_body, is_leader, unspin
from .lexicon import (
    ACCOUNT_NOUNS, FEMALE_MARKERS, MALE_MARKERS, ORG_NOUNS, OUTLET_WORDS, PERSON_NOUNS, PRONOUNS,
)

# Titles before a name: the name is a person whatever the tagger says.
TITLE_WORDS = frozenset("""mayor president minister senator governor general colonel captain lieutenant major
sergeant commander chief mr mrs ms dr prof professor judge ambassador secretary chancellor premier""".split())
# Abbreviated titles before a name, read as the role noun a later description uses.
_TITLE_ABBREV = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "col": "colonel",
                 "lt": "lieutenant", "sgt": "sergeant", "amb": "ambassador", "pres": "president", "supt": "superintendent"}
SPEAKER_LABELS = ("PERSON", "ORG", "ACCOUNT", "GPE", "NORP", "PLATFORM")
# How far back (characters) a pronoun or description looks for its referent: about five paragraphs.
MAX_LOOKBACK = 2500
# "he"/"she" refers to an account (whose owner's gender is unknown) only when it spoke just before.
ACCOUNT_PRONOUN_GAP = 300
_MEDIA_NOUNS = frozenset("video footage image images photo photos picture post tweet caption clip message statement".split())
# Evidence of gender: pronouns after a name, except speech subjects ("she said"), which are what
# the resolver has to decide and would make the evidence circular.
_GENDERED = re.compile(r"\b(?:(he|him|his|himself)|she|her|hers|herself)\b"
                       r"(?!\s+(?:said|says|added|told|wrote|asked|explained|noted|argued|insisted|continued)\b)", re.I)
# A lone capitalised name opening a sentence, a role in apposition after it ("Serhiy, a driver who
# gave only his first name, ...").
_NAME_APPOS = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][a-z]{2,}),\s+(?:a|an|the|one)\s+(?:[\w-]+\s+){0,2}?([a-z]+)"
                         r"(?:\s+who\s+[^,.;]{0,60})?,", re.M)
# Words before a name that make it a place: "west of", "near", "outside", "the town of".
_LOCATIVE = re.compile(r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?\s+of|near|outside|"
                       r"(?:town|city|village|region|district)\s+of)\s+$", re.I)
# A sentence's end, not a title's full stop ("Mr.", "Mrs.", "Dr.").
_SENT_END = re.compile(r"(?<![A-Z][a-z])(?<![A-Z][a-z][a-z])[.!?](?:\s|$)")
# How far after a person's name a pronoun counts as evidence of their gender.
GENDER_WINDOW = 200
_APPOS = re.compile(r",\s+(?:a|an|the)?\s*(?:[\w-]+\s+){0,2}?([a-z]+)\b")
# An item's poster named as "by X" in a sentence about a video/post: "a video posted by X".
_BY_NAME = re.compile(r"\bby\s+(?:[a-z]+\s+){0,2}$")
_MEDIA_RE = re.compile(r"\b(?:video|footage|post|tweet|image|photo|clip|picture)s?\b", re.I)
# Nouns for people in the sentence before a pronoun: "an elderly woman freezes when she".
_PERSON_NP = re.compile(r"\b(?:a|an|the|one)\s+(?:[\w-]+\s+){0,2}?(woman|man|girl|boy|mother|father|"
                        r"soldier|journalist|official|actress|actor|resident|witness|veteran|spokesman|"
                        r"spokeswoman|spokesperson|officer|reporter|activist)\b", re.I)
_POSTING_LEMMAS = frozenset("post share tweet upload publish release retweet".split())
_POSTER_RE = re.compile(r"[@\w][\w .'’-]{1,60}?\s+(?:has\s+|have\s+)?(?:posted|shared|tweeted|published)\b")
_POSTING = re.compile(r"\b(?:post(?:ed|s)?|shar(?:ed|es)|tweet(?:ed|s)?|upload(?:ed|s)?|publish(?:ed|es)?|by)\b", re.I)


# Plural members who speak for the organisation named after them ("researchers at X").
_MEMBERS = frozenset("analysts researchers experts staff scientists monitors investigators inspectors".split())
# One unnamed voice of an organisation named right before it speaks for it: "a State Department
# spokesman", "a Kremlin spokeswoman" (a name after it wins: "..., Dmitry Peskov"; "a spokesman for
# the Kremlin" stays unnamed, the convention of tests/test_stages_quotes.py).
_VOICES = frozenset("spokesman spokeswoman spokesperson representative".split())
# Epithets for a head of state or government: "the Russian despot", "the Kremlin chief" refer back to
# the person speaking or named before (no role noun introduces them).
_EPITHETS = frozenset("despot dictator tyrant strongman autocrat ruler tsar leader".split())
# A lone first name closing a person's description (after a role noun, or "gave his name as").
_FIRST_NAME = re.compile(r"(?:\b(?:name\s+as|named|called)\s+|\b(?:student|worker|resident|soldier|trader|"
                         r"farmer|volunteer|pensioner|teacher|nurse|driver|engineer|fighter|supporter|fan|"
                         r"mother|father|son|daughter)\s+)([A-Z][a-z]{2,})(?:,\s*\d{1,3})?[,.;:]?\s*$")
# How far back (characters) a person made a sentence's subject is the likelier referent of he/she
# than an earlier speaker: about the sentence before.
SUBJECT_WINDOW = 250
# A subject of a speech verb is already a speaker (in the history when it spoke).
_SAY_LEMMAS = frozenset("say tell add write state claim report announce".split())
_PLACE_PREP = re.compile(r"\s+(?:in|at|near|from|across|around|outside|inside)\s+(?:the\s+)?", re.I)
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


def _is_plural_person(hw: str) -> bool:
    """'residents', 'soldiers', 'witnesses', 'people': a group of people, never one of them."""
    return hw == "people" or (hw.endswith("s") and hw not in _VOICES and (hw[:-1] in PERSON_NOUNS or hw[:-2] in PERSON_NOUNS))


def entity_type(e: Entity, text: str) -> str:
    if e.label == "PERSON":
        return "person"
    if e.label == "ACCOUNT":
        return "account"
    if e.label == "ORG":
        words = {w.lower().strip(".") for w in re.findall(r"[\w.]+", e.canonical)}
        return "outlet" if words & OUTLET_WORDS else "organisation"
    if e.label in ("GPE", "NORP"):
        return "organisation"
    return "unknown"


class Resolver(BodyResolver):
    """Resolves speaker mentions left to right, remembering who spoke."""

    def __init__(self, text: str, entities: list[Entity], doc=None, capital_country=None, is_town=None):
        self.text = text
        self.doc = doc
        # name of a capital -> its country's name (a capital that speaks stands for its government)
        self.capital_country = capital_country
        self.is_town = is_town  # name -> a town or district (not a country or region)?
        # a "person" the tagger found where only a place can stand ("west of Orikhiv") is no one
        self.ents = [e for e in entities if e.label in SPEAKER_LABELS and e.label != "PLATFORM" and not (
            e.label == "PERSON" and _LOCATIVE.search(text, max(0, e.start - 30), e.start))]
        self.starts = [e.start for e in self.ents]
        self.history: list[tuple[int, Resolved]] = []  # (offset, speaker) of resolved speakers so far
        self.gender = self._genders()
        self.roles = self._roles()
        self.accounts: dict[str, str] = {}  # canonical -> "account" when described as one
        self._poster_cache: list[tuple[int, Entity]] | None = None
        self.long_names = self._long_names()
        self.orgs = [e for e in self.ents if e.label == "ORG"]

    # -- article-wide evidence ---------------------------------------------------------------
    def _genders(self) -> dict[str, str]:
        """Gender of people from the titles and role nouns next to their names."""
        g: dict[str, str] = {}
        for e in self.ents:
            if e.label != "PERSON":
                continue
            # the words next to the name in its own sentence only ("... a 12-year-old girl. Fedorov
            # posted": the girl is not Fedorov)
            before = _SENT_END.split(self.text[max(0, e.start - 25) : e.start])[-1].lower().split()[-2:]
            after = _SENT_END.split(self.text[e.end : e.end + 25])[0].lower().split()[:3]
            words = {w.strip(",.;:") for w in before + after}
            if words & MALE_MARKERS:
                g.setdefault(e.canonical, "m")
            elif words & FEMALE_MARKERS:
                g.setdefault(e.canonical, "f")
        # Then the pronouns that follow a person before anyone else is named: "Voss ... her
        # department" (no name list is shipped: the article's own usage decides).
        votes: dict[str, list[int]] = {}
        persons = [e for e in self.ents if e.label == "PERSON"]
        for k, e in enumerate(persons):
            stop = min(e.end + GENDER_WINDOW, persons[k + 1].start if k + 1 < len(persons) else len(self.text))
            v = votes.setdefault(e.canonical, [0, 0])
            for m in _GENDERED.finditer(self.text, e.end, max(e.end, stop)):
                v[0 if m.group(1) else 1] += 1
        for name, (m_, f_) in votes.items():
            if name not in g and m_ != f_ and min(m_, f_) * 3 <= max(m_, f_):
                g[name] = "m" if m_ > f_ else "f"
        return g

    def _roles(self) -> list[tuple[int, str, Entity]]:
        """(offset, role noun, entity) for names introduced with a role.

        Only the tight forms count: the role right before the name ('journalist Maksym
        Eristavi', 'military official Viktor Zolotov') or in apposition after it ('X, a
        journalist'); a role noun merely nearby belongs to someone else.
        """
        out = []
        for e in self.ents:
            line_start = self.text.rfind("\n", 0, e.start) + 1
            before = re.findall(r"[a-z]+", self.text[max(line_start, e.start - 30) : e.start].lower())[-2:]
            m = _APPOS.match(self.text, e.end)
            words = before + ([m.group(1).lower()] if m else [])
            for w in words:
                w = _TITLE_ABBREV.get(w, w)  # "Sen. Elizabeth Warren" ... "the Democratic senator"
                if w in PERSON_NOUNS or w in ORG_NOUNS or w in ACCOUNT_NOUNS:
                    out.append((e.start, w, e))
        return out

    # -- resolution --------------------------------------------------------------------------
    def _covering(self, start: int, end: int, head: tuple[int, int] | None) -> Entity | None:
        i = bisect.bisect_right(self.starts, end) - 1
        best = None
        while i >= 0 and self.ents[i].end > start - 200:
            e = self.ents[i]
            if e.start < end and start < e.end:
                if head is not None and e.start <= head[0] and head[1] <= e.end:
                    return e
                if best is None or (e.label == "PERSON" and best.label != "PERSON"):
                    best = e
            i -= 1
        return best if head is None else None

    def _before(self, pos: int, labels: tuple[str, ...]):
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0 and self.ents[i].start > pos - MAX_LOOKBACK:
            e = self.ents[i]
            if e.label in labels:
                yield e
            i -= 1

    def _typed(self, e: Entity) -> Resolved:
        t = entity_type(e, self.text)
        if t == "organisation" and e.label == "ORG":
            before = self.text[max(0, e.start - 40) : e.start].split()[-3:]
            caps = []
            for w in reversed(before):
                if not w[:1].isupper():
                    break
                caps.append(w.lower().strip(".,"))
            if any(w in TITLE_WORDS for w in caps):
                t = "person"  # "Mayor Oleksandr Senkevych" mislabelled ORG by the tagger
        if t == "organisation" and e.label in ("GPE", "ORG") and is_leader(e.canonical):
            t = "person"  # "Zelenskyy says ...": a head of state the tagger read as a place
        if self.accounts.get(e.canonical):
            t = "account"
        name = self.long_names.get(e.canonical, e.canonical) if e.label == "ORG" else e.canonical
        if e.label == "ORG" and name == e.canonical:
            name = acronym_body(name) or unspin(name)  # "the SBU" -> "Security Service of Ukraine"
        if e.label in ("GPE", "ORG") and self.capital_country is not None and name == e.canonical:
            # the tagger reads a capital that speaks as GPE or ORG ("Minsk said")
            name = self.capital_country(e.canonical) or name
        return Resolved(name, t, entity_span=(e.start, e.end))

    def _epithet(self, pos: int, phrase: str) -> Resolved | None:
        """'The Russian despot': the person who spoke or was named last before it."""
        for off, r in reversed(self.history):
            if off < pos - MAX_LOOKBACK:
                break
            if off < pos and r.type == "person" and r.entity:
                return Resolved(r.entity, "person", phrase, r.entity_span)
        return None

    def _pronoun(self, word: str, pos: int) -> Resolved | None:
        kind = PRONOUNS.get(word)
        if kind in ("m", "f"):
            # this sentence and the one before ("Tkachenko lifts a woman's suitcase. '...,' she tells him")
            prev = self.text.rfind(". ", 0, pos)
            ls = max(self.text.rfind("\n", 0, pos) + 1, self.text.rfind(". ", 0, max(prev, 0)) + 2, pos - 300)
            if not any(ls <= off < pos for off, _ in self.history):
                same, unknown = None, None
                # "One man, aged 70, was killed in X, he said": after the words it attributes, the
                # pronoun's sentence up to it is the content, never its speaker
                hi = pos
                if re.search(r"[,\"”]\s*$", self.text[max(0, pos - 3) : pos]):
                    hi = max(ls, self.text.rfind(". ", 0, pos) + 2, self.text.rfind("\n", 0, pos) + 1)
                for m in _PERSON_NP.finditer(self.text, ls, hi):
                    between = self.text[m.end() : pos]
                    if between.count('"') % 2 or between.count("”") > between.count("“"):
                        continue  # someone inside the quotation being attributed, not its speaker
                    noun = m.group(1).lower()
                    g = "f" if noun in FEMALE_MARKERS else ("m" if noun in MALE_MARKERS else None)
                    if g == kind:
                        same = m
                    elif g is None:
                        unknown = m
                named = self._untagged_name(kind, ls, pos)
                if named is not None:
                    return named
                best = same or unknown
                if best is not None:
                    return Resolved(None, "person", best.group(0))
        account = None
        if kind in ("m", "f", "n"):
            subject = self._subject_since(kind, pos)
            if subject is not None:
                return subject
        for off, r in reversed(self.history):
            if off < pos - MAX_LOOKBACK:
                break
            if off >= pos:
                continue
            if self._compatible(kind, r):
                unknown = self._gender_of_description(r) is None if r.entity is None else \
                    r.type == "person" and self.gender.get(r.entity) is None
                if kind == "f" and unknown and self._paragraphs_between(off, pos) >= 1 \
                        and self._gendered_speaker(kind, off, pos):
                    # someone of unknown gender who spoke in another paragraph ("a senior EU diplomat")
                    # is not "she" when a woman spoke before: the woman the feature follows says it.
                    # Not for "he": most speakers in the news are men, so an unknown one is the likelier
                    # (tried on PolNeAR dev: "he" lost 8 attributions, "she" none)
                    continue
                if r.type == "account" and kind in ("m", "f") and off < pos - ACCOUNT_PRONOUN_GAP:
                    account = account or r  # a person named since is the likelier referent
                    continue
                return r  # the nearest earlier speaker (tried on PolNeAR train: better than nearest name)
        if account is not None:
            return account
        labels = {"m": ("PERSON",), "f": ("PERSON",), "s": ("PERSON",), "n": ("ORG", "ACCOUNT"),
                  "p": ("ORG", "NORP", "GPE")}.get(kind, ())
        first = None
        for e in self._before(pos, labels):
            r = self._typed(e)
            if not self._compatible(kind, r):
                continue
            if kind not in ("m", "f") or r.type != "person" or self.gender.get(r.entity or "") == kind:
                return r
            if first is None:
                first = r  # of unknown gender: a person known to be of the pronoun's gender nearby is likelier
            elif self._paragraphs_between(e.start, pos) > 2:
                break
        return first

    def _untagged_name(self, kind: str, lo: int, pos: int) -> Resolved | None:
        """A first name the tagger missed, opening a sentence with a role in apposition: 'Serhiy, a
        driver who gave only his first name, ... He said'. The role or the apposition's pronoun must
        not contradict the pronoun's gender."""
        best = None
        for m in _NAME_APPOS.finditer(self.text, lo, pos):
            if m.group(2).lower() not in PERSON_NOUNS or self._covering(m.start(1), m.end(1), None) is not None:
                continue
            words = {w.lower() for w in re.findall(r"[a-z]+", m.group(0), re.I)}
            g = "m" if words & (MALE_MARKERS | {"his", "him"}) else "f" if words & (FEMALE_MARKERS | {"her"}) else None
            if g is None or g == kind:
                best = m
        if best is None:
            return None
        return Resolved(best.group(1), "person", best.group(0).rstrip(", "), (best.start(1), best.end(1)))

    @staticmethod
    def _gender_of_description(r: Resolved) -> str | None:
        hw = (r.description or "").lower().split()[-1:] or [""]
        return "m" if hw[0] in MALE_MARKERS else "f" if hw[0] in FEMALE_MARKERS else None

    def _paragraphs_between(self, a: int, b: int) -> int:
        """Paragraph breaks between offsets a and b."""
        return self.text.count("\n", a, b)

    def _gendered_speaker(self, kind: str, lo: int, pos: int) -> bool:
        """Did a named speaker of that (known) gender speak before ``lo`` within reach?"""
        return any(pos - MAX_LOOKBACK < off < lo and r.entity and r.type == "person" and self.gender.get(r.entity) == kind
                   for off, r in self.history)

    def _subject_since(self, kind: str, pos: int) -> Resolved | None:
        """A person (for "it": an organisation) made the subject of a sentence after the last speaker of
        that kind and shortly before the pronoun: 'Sybiha said ... Zelensky was more guarded. "...," he
        said.', 'UEFA refused Shakhtar permission to play in Ukraine. It says ...'."""
        if self.doc is None:
            return None
        last = -1
        for off, r in reversed(self.history):
            if off < pos and self._compatible(kind, r):
                last = off
                break
        lo = max(last + 1, pos - SUBJECT_WINDOW, self.text.rfind("\n", 0, pos) + 1)
        best = None
        for e in self._before(pos, ("ORG",) if kind == "n" else ("PERSON",)):
            if e.start < lo:
                break
            if kind == "n" and not self._compatible(kind, self._typed(e)):
                continue
            g = self.gender.get(e.canonical) if kind != "n" else None
            if g is not None and g != kind:
                continue
            between = self.text[e.end : pos]
            if between.count('"') % 2 or between.count("”") > between.count("“"):
                continue  # a name inside the quotation being attributed
            span = self.doc.char_span(e.start, e.end, alignment_mode="expand")
            root = span.root if span is not None else None
            if root is not None and root.dep_ in ("appos", "compound") and root.head.dep_ in ("nsubj", "nsubjpass"):
                root = root.head  # "Her colleague Dr Oleh Bondar, 34, has not had leave": the subject's name
            if root is None or root.dep_ not in ("nsubj", "nsubjpass") or root.head.dep_ != "ROOT" or \
                    root.head.lemma_.lower() in _SAY_LEMMAS:
                continue  # the subject of a main clause, not of someone's reported words
            # only the subject of the sentence right before the pronoun's ("Zelensky was more guarded.
            # '...,' he said"): further back, the last speaker is the likelier referent (PolNeAR dev)
            gap = _QUOTED.sub("", self.text[span.sent.end_char : pos])
            # sentences about the same person in between keep them the subject: "Bondar, 34, has not
            # had leave. He laughs when asked about it. '...,' he said"; "Petrenko keeps chickens. Her
            # house sits on a road ..."
            own = ("He", "His") if kind == "m" else ("She", "Her") if kind == "f" else ("It", "Its")
            gap = re.sub(r"(?:^|(?<=\s))(?:%s)\b[^.!?]*[.!?](?=\s|$)" % "|".join(own), "", gap)
            if re.search(r"[.!?](?:\s|$)", gap):
                break  # another sentence of the outlet's own lies between them
            best = e
            break
        return self._typed(best) if best is not None else None

    def _compatible(self, kind: str | None, r: Resolved) -> bool:
        if r.entity is None:
            # an unnamed speaker ("a journalist") is a referent for a pronoun of its kind
            hw = (r.description or "").lower().split()[-1:] or [""]
            # the description's head: its last word before a preposition or relative clause
            dhead = (re.split(r"\s+(?:of|in|from|at|near|with|who|which|on)\s+", (r.description or "").lower(), maxsplit=1)[0]
                     .split()[-1:] or [""])[0].strip(".,;:")
            if kind in ("m", "f", "s") and _is_plural_person(dhead):
                return False  # "soldiers call it 'the avenue'. She said ...": a group is not "she"
            if kind in ("m", "f", "s"):
                return r.type == "person" and (hw[0] not in MALE_MARKERS or kind != "f") and (
                    hw[0] not in FEMALE_MARKERS or kind != "m")
            return False
        if kind in ("m", "f"):
            if r.type == "account":
                return True  # an account may be run by a person of either gender
            return r.type == "person" and self.gender.get(r.entity or "", kind) == kind
        if kind == "s":
            return r.type in ("person", "account")
        if kind == "n":
            return r.type in ("organisation", "outlet", "account")
        if kind == "p":
            return r.type in ("organisation", "outlet")
        return False

    def _description(self, noun: str, pos: int, phrase: str) -> Resolved | None:
        for off, w, e in reversed(self.roles):
            if off < pos and w == noun and off > pos - MAX_LOOKBACK:
                if noun in ORG_NOUNS and noun not in PERSON_NOUNS and e.label == "PERSON":
                    # "Central Election Commission head Ella Pamfilova ... The commission": the
                    # organisation named before her role, never the person
                    m = re.search(r"((?:[A-Z][\w'’-]*\s+){0,4}" + noun + r")\s+[a-z]+\s*$",
                                  self.text[max(0, e.start - 80) : e.start], re.I)
                    if m and m.group(1)[:1].isupper():
                        return Resolved(m.group(1), "organisation", phrase)
                    continue
                return self._typed(e)
        if noun in ACCOUNT_NOUNS or noun == "caption":
            poster = self.poster(pos)
            if poster is not None:
                if noun in ACCOUNT_NOUNS:
                    self.accounts[poster.canonical] = "account"
                return self._typed(poster)
        if noun in ORG_NOUNS:
            for e in self._before(pos, ("ORG",)):
                if noun in e.canonical.lower():
                    return self._typed(e)
        if noun in PERSON_NOUNS and re.search(r"(?i)\bthe\s+(?:[\w-]+\s+){0,2}$", self.text[max(0, pos - 40) : pos]
                                              + " " + phrase.rsplit(" ", 1)[0] + " "):
            return self._named_next(pos)
        return None

    def _named_next(self, pos: int) -> Resolved | None:
        """'..., according to a post by the regional governor. Oleh Syniehubov wrote that ...': a role
        with no one before it is the person who opens the next sentence."""
        end = self.text.find(". ", pos)
        if end < 0 or "\n\n" in self.text[pos:end]:
            return None
        i = bisect.bisect_left(self.starts, end + 2)
        if i < len(self.ents) and self.ents[i].start == end + 2 and self.ents[i].label == "PERSON":
            return self._typed(self.ents[i])
        return None

    def _posters(self) -> list[tuple[int, Entity]]:
        """(offset, entity) for everyone shown posting something: 'X posted', 'posted by X'."""
        out = []
        if self.doc is not None:
            for t in self.doc:
                if t.lemma_.lower() not in _POSTING_LEMMAS or t.pos_ != "VERB":
                    continue
                for ch in t.children:
                    who = ch
                    if ch.dep_ == "agent":
                        who = next((g for g in ch.children if g.dep_ == "pobj"), None)
                    elif ch.dep_ != "nsubj":
                        continue
                    if who is None:
                        continue
                    e = self._covering(who.idx, who.idx + len(who), None)
                    if e is not None and e.label in ("ACCOUNT", "ORG", "PERSON"):
                        out.append((t.idx, e))
            for e in self.ents:
                if e.label in ("ACCOUNT", "ORG", "PERSON") and _BY_NAME.search(self.text, max(0, e.start - 30), e.start):
                    ls = max(self.text.rfind("\n", 0, e.start) + 1, e.start - 150)
                    if _MEDIA_RE.search(self.text, ls, e.start):
                        out.append((e.start, e))
            out.sort(key=lambda x: x[0])
        else:
            for m in _POSTER_RE.finditer(self.text):
                e = self._covering(m.start(), m.end(), None)
                if e is not None:
                    out.append((m.start(), e))
        return out

    def poster(self, pos: int) -> Entity | None:
        """The account or organisation that posted the item discussed just before ``pos``."""
        if self._poster_cache is None:
            self._poster_cache = self._posters()
        best = None
        for off, e in self._poster_cache:
            if pos - MAX_LOOKBACK < off < pos:
                best = e
        return best

    def resolve(self, start: int, end: int, head: tuple[int, int] | None = None,
                head_word: str | None = None, is_indefinite: bool = False, remember: bool = True) -> Resolved:
        """Resolve the mention text[start:end] (head token span ``head``); remember it as a speaker."""
        phrase = self.text[start:end]
        r = self._resolve(start, end, head, (head_word or phrase.split()[-1] if phrase.split() else "").lower(),
                          is_indefinite, phrase)
        if remember:
            self.history.append((start, r))
            self.history.sort(key=lambda x: x[0])
        return r

    def _named(self, x: Entity, start: int, end: int) -> Resolved:
        r = self._typed(x)
        return Resolved(r.entity, r.type, self.text[start:end], r.entity_span or (x.start, x.end))

    def _named_in(self, start: int, end: int, head: tuple[int, int], hw: str) -> Resolved | None:
        """A description that names its referent: the person at the end of the phrase ("A spokesperson
        for the Kremlin, Dmitry Peskov", "IAEA director general Rafael Grossi", "Their coordinator,
        21-year-old Denys Lysenko"), or the organisation an organisation noun introduces ("the
        region's energy company Tiraspoltransgaz") or follows ("the Ukrainska Pravda news site")."""
        tail = self.text[start:end].rstrip(" ,.;:)’'\"")
        stop = start + len(tail)
        inside = [x for x in self.ents if start <= x.start and x.end <= end]
        # a plural head is a group, never the one person named in its complement ("Residents of the city
        # of Rzeszow", "advisers to Mr. Obama"); names right after it are its members ("candidates X and Y")
        plural = hw not in _MEMBERS and _is_plural_person(hw)
        for x in reversed(inside):
            # the name closes the description, perhaps followed by an age ("..., Moussa, 52")
            if plural and re.search(r"\b(?:of|for|to|in|from|at|near|with)\b", self.text[head[1] : x.start]):
                continue
            if x.label == "PERSON" and x.start >= head[1] and (
                    x.end >= stop or re.fullmatch(r",\s*\d{1,3}", self.text[x.end : stop])):
                return self._named(x, start, end)
        if hw in PERSON_NOUNS and not any(x.label == "PERSON" for x in inside):
            # a first name the tagger missed: "One supporter, 19-year-old student Oleksii", "a trader who
            # gave his name as Moussa, 52"
            m = _FIRST_NAME.search(self.text, head[1], end)
            if m is not None:
                return Resolved(m.group(1), "person", self.text[start:end], (m.start(1), m.end(1)))
        if hw in _MEMBERS or hw in _VOICES:
            # "Analysts at the Institute for the Study of War": a group speaking for its organisation
            for x in reversed(inside):
                if x.label == "ORG" and x.start >= head[1] and hw in _MEMBERS and \
                        re.match(r"\s+(?:at|of|from|with)\s", self.text[head[1] :]):
                    return self._named(x, start, end)
                if x.label == "ORG" and x.end <= head[0] and not self.text[x.end : head[0]].strip():
                    return self._named(x, start, end)  # "IAEA experts at the site"
            m = re.search(r"\b([A-Z]{2,6})\s*$", self.text[start : head[0]])
            if m:  # an acronym the tagger missed right before them: "IAEA experts"
                return Resolved(self.long_names.get(m.group(1), m.group(1)), "organisation", self.text[start:end])
        if hw in ORG_NOUNS or hw in _ORG_HEADS:
            for x in reversed(inside):
                if x.label != "ORG":
                    continue
                if x.start >= head[1] and x.end >= stop and not _PLACE_PREP.fullmatch(self.text, head[1], x.start):
                    return self._named(x, start, end)  # not "the administration in Tiraspol": a place
                if x.end <= head[0] and len(self.text[x.end : head[0]].split()) <= 1:
                    return self._named(x, start, end)
        return None

    def _resolve(self, start, end, head, hw, is_indefinite, phrase) -> Resolved:
        hw = hw.strip(".,;:'’\"")
        e = self._covering(start, end, head)
        if e is not None and e.label not in ("GPE", "NORP") or (e is not None and head is not None):
            return self._typed(e)
        if e is None and (hw in PERSON_NOUNS or hw in TITLE_WORDS) and head is not None:
            # "The Kremlin's spokesman, Dmitry Peskov": the name in apposition is the speaker
            for x in self.ents:
                if x.label == "PERSON" and head[1] <= x.start and x.end <= end and \
                        re.fullmatch(r",?\s*", self.text[head[1] : x.start]):
                    return self._typed(x)
        if e is None and head is not None and hw not in PRONOUNS:
            r = self._named_in(start, end, head, hw)
            if r is not None and (r.entity_span is None or hw not in _BODY_HEADS
                                  or not r.entity_span[1] <= head[0]):
                return r
            official = None if is_indefinite else self._official(start, head)
            if official is not None:
                return official
            body = None if is_indefinite else self._body(start, end, head, hw)
            if body is not None:
                return body
            if r is not None:
                return r
        if hw in PRONOUNS:
            if hw in ("who", "which", "that"):
                return Resolved(None, "unknown", phrase)
            r = self._pronoun(hw, start)
            kind = PRONOUNS.get(hw)
            if r is not None and r.entity and r.type == "person" and kind in ("m", "f"):
                self.gender.setdefault(r.entity, kind)  # "Fowler said ... he said": Fowler is a man
            return r if r is not None else Resolved(None, "unknown", phrase)
        if hw in _DOC_NOUNS:
            r = self._issuer(start, end, hw, phrase)
            if r is not None:
                return r
        if hw in _MEDIA_NOUNS:
            # "a video posted by journalist X shows": X speaks through the video
            m = _POSTING.search(phrase)
            if m:
                inner = self._covering(start + m.end(), end, None)
                if inner is not None:
                    r = self._typed(inner)
                    return Resolved(r.entity, r.type, phrase, r.entity_span)
            by = re.search(r"\bby\s+((?:the|its|their)\s+(?:[a-z-]+\s+){0,3}([a-z]+))\W*$", phrase)
            if by and by.group(2) in PERSON_NOUNS:
                # "a Telegram post by the regional governor": the description after "by" speaks
                r = self._description(by.group(2), start, phrase)
                if r is not None:
                    return Resolved(r.entity, r.type, phrase, r.entity_span)
            if hw == "caption":
                r = self._description("caption", start, phrase)
                if r is not None:
                    return Resolved(r.entity, r.type, phrase, r.entity_span)
            return Resolved(None, "unknown", phrase)
        if hw in PERSON_NOUNS and re.match(r"(?i)(?:its|their)\s", phrase):
            # "its secretary", "their spokesman": an unnamed member of the body just mentioned, never
            # someone else introduced with that role
            return Resolved(None, "person", phrase)
        if not is_indefinite and (hw in PERSON_NOUNS or hw in ORG_NOUNS or hw in ACCOUNT_NOUNS):
            r = self._description(hw, start, phrase)
            if r is not None:
                return Resolved(r.entity, r.type, phrase, r.entity_span)
        if e is not None:
            return self._typed(e)
        if not is_indefinite and hw in _EPITHETS and re.match(r"(?i)the\s", phrase):
            r = self._epithet(start, phrase)
            if r is not None:
                return r
        if hw in PERSON_NOUNS or hw in MALE_MARKERS or hw in FEMALE_MARKERS or hw.rstrip("s") in PERSON_NOUNS \
                or hw in ("people", "officials", "sources", "men", "women", "residents", "witnesses"):
            return Resolved(None, "person", phrase)
        if hw in ORG_NOUNS or hw.rstrip("s") in ORG_NOUNS:
            return Resolved(None, "organisation", phrase)
        return Resolved(None, "unknown", phrase)
