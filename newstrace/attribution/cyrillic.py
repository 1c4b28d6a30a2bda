"""Quotes and speakers in Ukrainian and Russian articles, from the press's fixed frames (no parse).

There is no offline dependency parser for uk/ru here, so speech is read from the frames the press
writes (hand-written patterns over sentences and the article's entities):

* «quote», — заявив X.  /  „quote“, — сказала X.  /  X заявив: «quote»
* — quote, — сказал X.            (a dash opens a line of speech)
* content, повідомили в X.        (verb of saying after the comma: indirect)
* X сказав, що content.           (verb then "що/что": indirect)
* За словами X, content.  /  По словам X, content.  /  Як повідомляє X, content.
* Про це повідомила X.  /  Об этом сообщил X.  (what was said is the sentence before)

A speaker phrase holding a PERSON (else ORG) entity takes the entity's canonical name; a pronoun
takes the previous quotation's speaker.
"""

from __future__ import annotations

import bisect
import re

from ..model import Article, Fragment, Quote, Span
from .lexicon import SpeechLexicon

# A frame's speaker phrase ends at the sentence end; past this many characters it is not a name.
MAX_SPEAKER_CHARS = 80
# Indirect content shorter than this many words is a complement, not a statement ("сказав це").
MIN_CONTENT_WORDS = 2
_DASH = "—–-"
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_PERSON, _ORGS = ("PERSON",), ("ORG", "NORP", "GPE")
# A dateline opening the first sentence ("СЛОВ'ЯНСЬК — ", "МОСКВА — ") is neither content nor speaker.
_DATELINE = re.compile(r"[A-ZА-ЯІЇЄҐЁ'’ʼ.,\s-]{3,40}?\s[—–]\s")


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _DASH + ",.:;«»„“\"!?"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _DASH + ",.:;«»„“\"!?"):
        end -= 1
    return start, end


class _Finder:
    def __init__(self, article: Article, lex: SpeechLexicon):
        self.text = article.text
        self.lex = lex
        self.ents = sorted(article.entities, key=lambda e: e.start)
        self.ent_starts = [e.start for e in self.ents]
        self.sents = [(s.start, s.end) for s in article.sentences] or [(0, len(article.text))]
        self.sent_starts = [s for s, _ in self.sents]

    def sentence(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.sent_starts, pos) - 1)
        return self.sents[i]

    def speaker(self, start: int, end: int, q: Quote, last: Quote | None) -> None:
        """Fill the speaker of ``q`` from the phrase text[start:end]."""
        start, end = _trim(self.text, start, min(end, start + MAX_SPEAKER_CHARS))
        if start >= end:
            return
        lo, hi = bisect.bisect_left(self.ent_starts, start), bisect.bisect_left(self.ent_starts, end)
        inside = [e for e in self.ents[lo:hi] if e.end <= end]
        phrase = self.text[start:end]
        first = _WORD.findall(phrase)[:1]
        if first and first[0].lower() in self.lex.pronouns:  # "— сказала вона журналістам": the pronoun
            m = _WORD.search(phrase)
            q.speaker = Span(start + m.start(), start + m.end())
            if last is not None:
                q.speaker_entity, q.speaker_description = last.speaker_entity, last.speaker_description
                q.speaker_type = last.speaker_type
            return
        low = phrase.lower()
        is_org = any(w.startswith(self.lex.org_stems) for w in _WORD.findall(low))
        pick = next((e for e in inside if e.label in _PERSON), None)
        # an organisation before the country it belongs to ("Міноборони Росії"); a country alone is not
        # the speaker of "Міністерство оборони Росії заявило" (the ministry is, unnamed by the NER)
        for label in _ORGS if not is_org else _ORGS[:1]:
            pick = pick or next((e for e in inside if e.label == label), None)
        if pick is not None and pick.label in _PERSON:
            q.speaker = Span(pick.start, pick.end)
            q.speaker_entity = pick.canonical or self.text[pick.start:pick.end]
            q.speaker_type = "person"
        elif pick is not None:
            q.speaker = Span(start, end)
            q.speaker_entity = pick.canonical or self.text[pick.start:pick.end]
            q.speaker_type = "organisation"
        else:
            q.speaker = Span(start, end)
            q.speaker_description = phrase
            q.speaker_type = "organisation" if is_org else "unknown"
        q.confidence = 0.8


def _after_frame(f: _Finder, close: int):
    """The verb of a frame right after a closing mark or dash (", — заявив X"), with the speaker's end."""
    text = f.text
    m = re.compile(r"[,.!?…]?\s*[—–-]?\s*").match(text, close)
    pos = m.end() if m else close
    v = f.lex.verb.match(text, pos)
    if v is None or pos - close > 6:
        return None
    s_end = text.find("\n", v.end())
    s_end = len(text) if s_end < 0 else s_end
    stop = re.compile(r"[.!?](?=\s|$)").search(text, v.end(), s_end)
    return v, (stop.start() if stop else s_end)


def find(article: Article, lex: SpeechLexicon, direct: list[Quote], fragments: list[Fragment]
         ) -> tuple[list[Quote], list[Fragment]]:
    """Give ``direct`` quotations (from paired marks) their speakers; add dash speech and indirect speech.

    A short quoted fragment followed by a speech frame ("«Зруйновано дві будівлі», — повідомив X")
    is a quotation (without a parse the marks stage cannot see the cue). Returns every quotation,
    sorted by content start, and the fragments left.
    """
    f = _Finder(article, lex)
    text = f.text
    kept: list[Fragment] = []
    for fr in fragments:
        close = fr.end
        while close < len(text) and text[close] in "»“”\"":
            close += 1
        if fr.kind != "title" and _words(text[fr.start:fr.end]) >= MIN_CONTENT_WORDS and _after_frame(f, close):
            direct = [*direct, Quote(content=Span(fr.start, fr.end), is_direct=True, kind="direct", confidence=0.5)]
        else:
            kept.append(fr)
    direct = sorted(direct, key=lambda q: q.content.start)
    out: list[Quote] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    # 1. direct quotations by marks: their frame after (", — заявив X") or before ("X заявив: «")
    for q in direct:
        close = q.content.end
        while close < len(text) and text[close] in "»“”\"":
            close += 1
        frame = _after_frame(f, close)
        if frame is not None:
            v, s_end = frame
            q.cue = Span(v.start(), v.end())
            f.speaker(v.end(), s_end, q, out[-1] if out else None)
        else:
            s, _ = f.sentence(q.content.start)
            before = text[s:q.content.start]
            m = re.search(r"(" + lex.verb.pattern[2:-2] + r")\s*:\s*[«„“\"]?\s*$", before, re.I)
            if m:
                q.cue = Span(s + m.start(1), s + m.end(1))
                f.speaker(s, s + m.start(1), q, out[-1] if out else None)
        out.append(q)
        taken.append((q.content.start, q.content.end))

    for i, (s, e) in enumerate(f.sents):
        dl = _DATELINE.match(text, s, e)
        if dl and not any(ch.islower() for ch in text[s:dl.end()]):
            s = dl.end()
        seg = text[s:e]
        last = out[-1] if out else None
        # 2. a line of speech opened by a dash: "— Ракета попала в дом, — сказал Серов."
        m = re.match(r"\s*[—–]\s*(.+?)[,.!?…]?\s*[—–]\s*(?=\w)", seg)
        if m and (s == 0 or text[s - 1] == "\n" or text[max(0, s - 2):s].strip() == ""):
            frame = _after_frame(f, s + m.end(1))
            if frame is not None and free(s + m.start(1), s + m.end(1)):
                v, s_end = frame
                q = Quote(content=Span(s + m.start(1), s + m.end(1)), cue=Span(v.start(), v.end()),
                          is_direct=True, kind="direct")
                f.speaker(v.end(), s_end, q, last)
                out.append(q)
                taken.append((q.content.start, q.content.end))
                continue
        # 3. "За словами X, content" / "По словам X, content" / "Як повідомляє X, content"
        m = lex.source_intro.search(seg)
        if m and not seg[:m.start()].strip(" ,—–-"):
            comma = seg.find(",", m.end())
            if comma > 0:
                cs, ce = _trim(text, s + comma + 1, e)
                if _words(text[cs:ce]) >= MIN_CONTENT_WORDS and free(cs, ce):
                    q = Quote(content=Span(cs, ce), cue=Span(s + m.start(), s + m.end()), is_direct=False,
                              kind="indirect")
                    sp_start = s + m.end()
                    if re.search(r"\b(?:його|її|їх|его|её|ее|их)\b", m.group(), re.I):
                        pm = re.search(r"\b(?:його|її|їх|его|её|ее|их)\b", m.group(), re.I)
                        f.speaker(s + m.start() + pm.start(), s + m.start() + pm.end(), q, last)
                    else:
                        f.speaker(sp_start, s + comma, q, last)
                    out.append(q)
                    taken.append((cs, ce))
                    continue
        # 4. "Про це повідомила X." / "Об этом сообщил X.": the previous sentence was said
        m = lex.about_this.match(seg)
        if m:
            v = lex.verb.match(seg, m.end())
            if v and i > 0:
                ps, pe = _trim(text, *f.sents[i - 1])
                if free(ps, pe):
                    q = Quote(content=Span(ps, pe), cue=Span(s + v.start(), s + v.end()), is_direct=False,
                              kind="indirect")
                    f.speaker(s + v.end(), e, q, last)
                    out.append(q)
                    taken.append((ps, pe))
                    continue
        for v in lex.verb.finditer(seg):
            vs, ve = s + v.start(), s + v.end()
            if not free(vs, ve):
                continue
            # 5. "X сказав, що content."
            that = re.compile(r"\s*,\s*(?:що|что)\s+", re.I).match(text, ve)
            if that:
                cs, ce = _trim(text, that.end(), e)
                head = text[s:vs]
                if _words(text[cs:ce]) >= MIN_CONTENT_WORDS and free(cs, ce) and "," not in head.strip(" ,"):
                    q = Quote(content=Span(cs, ce), cue=Span(vs, ve), is_direct=False, kind="indirect")
                    f.speaker(s, vs, q, last)
                    out.append(q)
                    taken.append((cs, ce))
                    break
            # 6. "content, повідомили в X."
            pre = text[s:vs].rstrip()
            if pre.endswith(",") and not pre.rstrip(",").rstrip().endswith(("»", "“", "\"")):
                cs, ce = _trim(text, s, s + len(pre) - 1)
                if _words(text[cs:ce]) >= MIN_CONTENT_WORDS and free(cs, ce):
                    q = Quote(content=Span(cs, ce), cue=Span(vs, ve), is_direct=False, kind="indirect")
                    f.speaker(ve, e, q, last)
                    out.append(q)
                    taken.append((cs, ce))
                    break
    return sorted(out, key=lambda q: q.content.start), kept


__all__ = ["find"]
