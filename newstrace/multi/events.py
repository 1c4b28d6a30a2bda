"""Events of a Ukrainian or Russian article: trigger sentences -> the same ``Event`` records as English.

English events come from a dependency parse and a trained clause classifier (``events/extract.py``);
neither exists offline for uk/ru, so this module reads one sentence at a time with hand-written
Cyrillic trigger stems (a small closed vocabulary of war reporting: удар, обстріл/обстрел, ракета,
дрон, влучила/попала, загинули/погибли, поранені/ранены, затримали/задержаны, звільнили/освободили)
and fills the record from what the pipeline already found in that sentence:

* ``type``: the CASE-2021 label the trigger words signal (a drone -> AIR_STRIKE, a missile or shelling
  -> ART_MISS_ATTACK, detentions -> ARREST, detentions at a rally -> PROTEST_WITH_INTER, ...);
* ``actors``: a side adjective or name next to the weapon or forces ("російська ракета", "ВСУ"), with
  the side keys English uses ("russia", "ukraine") so that conflicts compare sides across languages;
* ``targets``: what was hit, by an English concept name ("вокзал" -> "railway station"), so that
  merging compares it with English reports' targets;
* ``place``: the finest resolved place in the sentence (its gazetteer id is language independent), else
  the article's previous event place, else the dateline; ``time``: a resolved date in the sentence;
* ``counts``: the sentence's amounts by the casualty word nearest them (загинули -> fatalities; an
  amount with no such word near it is left out);
  a casualty sentence right after an event sentence adds its figures to that event;
* ``status``: the covering claim's status and cues; a denial verb or "не" before the trigger negates.

Every span is a match in ``Article.text`` or a copy of another annotation, so offsets round-trip.
Work per article is bounded by ``MAX_EVENTS`` and by the sentence count the pipeline already bounds.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from ..events.extract import event_id
from ..events.taxonomy import readable_name
from ..model import Article, Cue, Event, EventArg, EventCount, Place, Span, Via
from .names import LANGUAGES

MAX_EVENTS = 60  # as English MAX_CANDIDATES: bounds the records of a hostile or very long article
# Confidence of a rule-typed event (the classifier's are 0.3-0.99): a trigger word is a fair signal,
# but nothing checks that the sentence reports an event that happened.
RULE_CONFIDENCE = 0.6
PREVIOUS_PLACE_FACTOR = 0.7  # as English PREVIOUS_SENTENCE_FACTOR
DATELINE_FACTOR = 0.5  # as English DATELINE_FACTOR
MENTION_FACTOR = 0.8  # a place the places stage read as a mention ("вокзал Слов'янська"), in a trigger sentence
COUNT_WINDOW = 40  # characters around an amount searched for the word saying what it counts

_W = r"[\w'’ʼ-]*"
# Weapon and attack words -> the type they signal (first match in the sentence wins).
_WEAPONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("AIR_STRIKE", re.compile(r"\b(?:дрон|безпілотник|беспилотник|шахед|ударн\w+ бпла|бпла|авіаудар|авиаудар|"
                              r"авіабомб|авиабомб|кab|каб\b|авіаці|авиаци)" + _W, re.I)),
    ("ART_MISS_ATTACK", re.compile(r"\b(?:ракет|обстріл|обстрел|обстріля|обстреля|артилері|артиллери|снаряд|"
                                   r"мінометн|минометн|рсзв|рсзо|град(?:ом|ами)?\b|ракетн)" + _W, re.I)),
)
# Verbs and nouns of an attack that say nothing of the weapon.
_ATTACK = re.compile(r"\b(?:удар|удари|ударів|ударом|атак|влучи|влучан|поціли|попал|попадан|поразил|поразив|"
                     r"уразил|уразив|вразил|обстріл|обстрел|вибух|взрыв|знищ|уничтож|зруйн|разрушил|зазнал)" + _W,
                     re.I)
# "Удар по економіці", "атака на репутацію": an attack word about something no weapon can hit (unless
# the sentence names a weapon too).
_FIGURATIVE = re.compile(r"\b(?:удар|атак|ударил|вдарил)\w*\s+(?:по|на)\s+(?:економі|экономи|репутаці|репутаци|імідж|"
                         r"имидж|бюджет|позиці|позици|інтерес|интерес|ринк|рынк|валют|рубл|гривн|свобод|демократі|"
                         r"демократи|довір|довер|прав[ао]\b|правам|гаманц|кошельк|карман|кишен)", re.I)
_CASUALTY = re.compile(r"\b(?:загин|загибл|погиб|убит|вбит|вбив|убил|жертв|помер|поранен|ранен|травмован|"
                       r"постражд|пострадав)" + _W, re.I)
_ARREST = re.compile(r"\b(?:затрима|затриман|задержа|задержан|заарешт|арестова|арештува)" + _W, re.I)
_PROTEST = re.compile(r"\b(?:акці[їяюі]|акци[июя]|протест|мітинг|митинг|демонстрац|пікет|пикет)" + _W, re.I)
_REGAIN = re.compile(r"\b(?:звільнили|звільнено|звільнили|деокупува|освободил[аи]?|освобожден|визволил)" + _W, re.I)
# A sentence about the future, a plan or a threat reports no event ("планують удар", "может ударить").
_IRREALIS = re.compile(r"\b(?:може|можуть|может|могут|планує|планують|планирует|готує|готовит|погрожу|угрожа|"
                       r"загроза|угроза|буде|будет|будуть|будут)\b", re.I)
_NEGATION = re.compile(r"\b(?:не|ні|ни|немає|нет)\s+(?:\w+\s+){0,2}$", re.I)
_DENIAL = re.compile(r"\b(?:спростува|спростову|опроверг|опровергл|заперечу|заперечи|отрица|відкида|отвергл|"
                     r"не підтверджу|не подтвержда)" + _W, re.I)

# What each count kind's words are (checked near an amount; first match in the nearest window wins).
_COUNT_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fatalities", re.compile(r"\b(?:загин|загибл|погиб|убит|вбит|жертв|помер|смерт|тіл|тел\b)" + _W, re.I)),
    ("injured", re.compile(r"\b(?:поранен|ранен|травмован|постражд|пострадав|госпітал|госпитал)" + _W, re.I)),
    ("arrested", re.compile(r"\b(?:затрима|задержа|заарешт|арест|арешт)" + _W, re.I)),
    ("missing", re.compile(r"\b(?:зникл|пропал|безвісти|без вести|викраден|похищен)" + _W, re.I)),
    ("displaced", re.compile(r"\b(?:евакуйован|эвакуирован|переселен|біжен|беженц)" + _W, re.I)),
)

# Side words: an adjective or name of a party next to a weapon or forces word, or a party on its own.
_FORCES = r"(?:ракет|дрон|безпілот|беспилот|військ|войск|артилер|артиллер|армі|арми|сил|снаряд|бомб|авіаці|" \
          r"авиаци|окупант|оккупант|бпла|ппо|пво|десант|штурмов|підрозділ|подразделен)"
_SIDE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("russia", re.compile(r"\b(?:(?:російськ|российск|рф)\w*\s+(?:\w+\s+)?" + _FORCES + r"\w*|"
                          r"(?:окупант|оккупант|рашист|росіян|россиян)\w*|(?:армі[яії]|арми[яи]) (?:рф|росії|россии))",
                          re.I)),
    ("ukraine", re.compile(r"\b(?:(?:українськ|украинск)\w*\s+(?:\w+\s+)?" + _FORCES + r"\w*|"
                           r"зсу|всу|сили оборони|силы обороны)\b", re.I)),
)
_SIDE_NAMES = {"russia": "Russian forces", "ukraine": "Ukrainian forces"}

# What was hit -> an English concept name (compared with English reports' targets by words).
_TARGETS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("railway station", re.compile(r"\b(?:вокзал|залізничн\w* станц|железнодорожн\w* станц)" + _W, re.I)),
    ("school", re.compile(r"\b(?:школ|ліце|лице|гімназі|гимнази)" + _W, re.I)),
    ("market", re.compile(r"\b(?:ринок|ринку|рынок|рынке|рынка|базар)" + _W, re.I)),
    ("grain terminal", re.compile(r"\b(?:зернов\w* термінал|зернов\w* терминал|зерносхов|зернохранил)" + _W, re.I)),
    ("port", re.compile(r"\b(?:порт|порту|порта|портов|портов)\b" + _W, re.I)),
    ("substation", re.compile(r"\b(?:підстанці|подстанци|електропідстанці|электроподстанци)" + _W, re.I)),
    ("power plant", re.compile(r"\b(?:електростанці|электростанци|тец|тэц|аес|аэс)" + _W, re.I)),
    ("hospital", re.compile(r"\b(?:лікарн|больниц|госпітал|госпитал)" + _W, re.I)),
    ("residential building", re.compile(r"\b(?:житлов|жилой|жилые|жилых|багатоповерхів|многоэтаж)" + _W, re.I)),
    ("depot", re.compile(r"\b(?:склад)" + _W, re.I)),
    ("bridge", re.compile(r"\b(?:міст\b|мосту|мост\b|моста)" + _W, re.I)),
)


def _sentence_type(s: str) -> tuple[str | None, re.Match | None]:
    """(type, trigger match) of one sentence, or (None, None)."""
    arrest = _ARREST.search(s)
    if arrest:
        return ("PROTEST_WITH_INTER" if _PROTEST.search(s) else "ARREST"), arrest
    regain = _REGAIN.search(s)
    if regain and not _CASUALTY.search(s):
        return "GOV_REGAINS_TERIT", regain
    attack = _ATTACK.search(s)
    if attack and _FIGURATIVE.search(s) and not any(rx.search(s) for _l, rx in _WEAPONS):
        attack = None
    for label, rx in _WEAPONS:
        m = rx.search(s)
        if m:
            return label, attack or m
    if attack:
        return "ATTACK", attack
    return None, None


def _casualty_only(s: str) -> re.Match | None:
    return _CASUALTY.search(s)


def _place(article: Article, a: int, b: int) -> Place | None:
    """The finest resolved place inside [a, b): an event place first, then a mention."""
    rank = {"city": 0, "other": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 4, "continent": 5}
    best = None
    for p in article.places:
        if not (a <= p.start and p.end <= b) or not p.resolved or p.role == "dateline":
            continue
        if p.role != "event" and p.precision not in ("city", "other", "admin2"):
            continue  # "Міноборони Росії", "президент України": a country named in passing is no event place
        key = (p.role != "event", rank.get(p.precision or "city", 5), p.start)
        if best is None or key < best[0]:
            best = (key, p)
    if best is None:
        return None
    p = best[1]
    return dataclasses.replace(p, role="event", alternatives=[],
                               confidence=round(p.confidence * (1.0 if p.role == "event" else MENTION_FACTOR), 3))


def _dateline(article: Article) -> Place | None:
    p = next((p for p in article.places if p.role == "dateline" and p.resolved), None)
    return dataclasses.replace(p, alternatives=[], confidence=round(p.confidence * DATELINE_FACTOR, 3)) if p else None


def _count_kind(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    """What the amount at [start, end) counts: the count word nearest it inside its sentence [lo, hi),
    inside its comma-delimited part first."""
    seg_lo = max(lo, text.rfind(",", lo, start) + 1, text.rfind(";", lo, start) + 1)
    cut = [i for i in (text.find(",", end, hi), text.find(";", end, hi)) if i != -1]
    seg_hi = min(cut) if cut else hi
    for a, b in ((seg_lo, seg_hi), (max(lo, start - COUNT_WINDOW), min(hi, end + COUNT_WINDOW))):
        best = None
        for kind, rx in _COUNT_KINDS:
            for m in rx.finditer(text, a, b):
                d = start - m.end() if m.end() <= start else m.start() - end
                if d >= 0 and (best is None or d < best[0]):
                    best = (d, kind)
        if best is not None:
            return best[1]
    return None


def _counts(article: Article, a: int, b: int) -> list[EventCount]:
    out = []
    for m in article.amounts:
        if not (a <= m.start and m.end <= b) or m.unit:
            continue
        kind = _count_kind(article.text, m.start, m.end, a, b)
        if kind is None:
            # no casualty or detention word near it: "у двох районах", "шість із дев'яти дронів",
            # "в 800 метрах" say nothing a conflict between reports could be about
            continue
        out.append(EventCount(m.start, m.end, kind, value=m.value, low=m.low, high=m.high, qualifier=m.qualifier,
                              attributed_to=m.attributed_to))
    return out


def _actors(text: str, a: int, b: int, trig_start: int) -> list[EventArg]:
    """Sides named before the trigger (the subject: "російська ракета влучила"), or just after it
    ("обстріляли Суми російські війська"); farther on a side word is usually the target's
    ("поразил мастерскую украинских дронов")."""
    out: list[EventArg] = []
    after = text.find(" ", text.find(" ", text.find(" ", trig_start) + 1) + 1)  # three words on
    stop = b if after == -1 else min(b, max(after, trig_start))
    for side, rx in _SIDE_WORDS:
        m = rx.search(text, a, stop)
        if m:
            out.append(EventArg(m.start(), m.end(), _SIDE_NAMES[side], side=side, kind="armed_group"))
    return out


def _targets(text: str, a: int, b: int, after: int) -> list[EventArg]:
    """What was hit: the first target word after the trigger (else anywhere in the sentence)."""
    for lo in (after, a):
        found = []
        for name, rx in _TARGETS:
            m = rx.search(text, lo, b)
            if m:
                found.append((m.start(), m.end(), name))
        if found:
            s, e, name = min(found)
            return [EventArg(s, e, name, kind="unknown")]
    return []


def _status(article: Article, a: int, b: int, trig: re.Match) -> tuple[str, list[Cue], bool]:
    claim = next((c for c in article.claims if c.start <= a < c.end or a <= c.start < b), None)
    status = claim.status if claim else "asserted"
    cues = list(claim.cues) if claim else []
    text = article.text
    negated = bool(_NEGATION.search(text[max(a, trig.start() - 25): trig.start()]))
    denial = _DENIAL.search(text, a, b)
    if denial and denial.start() < trig.start():
        negated = True
        cues.append(Cue(denial.start(), denial.end(), "denial"))
    return ("denied" if negated else status), cues, negated


def _reported_by(article: Article, a: int, b: int) -> list[Via]:
    for q in article.quotes:
        if q.content.start <= a < q.content.end or a <= q.content.start < b:
            if q.speaker is not None and (q.speaker_entity or q.speaker_description):
                return [Via(q.speaker.start, q.speaker.end, q.speaker_entity or q.speaker_description or "", "said")]
    return []


def events(article: Article) -> list[Event]:
    """Event records of a uk/ru article (empty for any other language)."""
    if (article.language or "") not in LANGUAGES or not article.text:
        return []
    text = article.text
    out: list[Event] = []
    last_place: Place | None = None
    dateline = _dateline(article)
    times = sorted((t for t in article.times if t.resolved and t.type in ("date", "time")), key=lambda t: t.start)
    t_starts = [t.start for t in times]
    prev_sent_start = 0
    last_event_sent = prev_sent = -1  # ends of the last sentence with an event and of the previous sentence
    for sent in article.sentences:
        if len(out) >= MAX_EVENTS:
            break
        a, b = sent.start, sent.end
        prev_sent_span = (prev_sent_start, prev_sent) if prev_sent != -1 else None
        prev, prev_sent, prev_sent_start = prev_sent, b, a
        s = text[a:b]
        label, trig = _sentence_type(s)
        if label is None:
            cas = _casualty_only(s)
            counts = _counts(article, a, b) if cas else []
            if cas and counts and out and last_event_sent == prev != -1:
                out[-1].counts.extend(counts)  # "Загинули 35 людей": the previous sentence's event's toll
                last_event_sent = b
                continue
            if not (cas and counts):
                continue
            label, trig = (out[-1].type if out else "ATTACK"), cas
        if _IRREALIS.search(s[: trig.start()]):
            continue
        trig_start, trig_end = a + trig.start(), a + trig.end()
        place = _place(article, a, b)
        if place is None and prev_sent_span is not None:  # "У Москві ... вийшли на акцію. Поліція затримала ..."
            place = _place(article, *prev_sent_span)
            if place is not None:
                place = dataclasses.replace(place, confidence=round(place.confidence * PREVIOUS_PLACE_FACTOR, 3))
        if place is None and last_place is not None:
            place = dataclasses.replace(last_place, confidence=round(last_place.confidence * PREVIOUS_PLACE_FACTOR, 3))
        if place is None:
            place = dateline
        if place is not None and place.role == "event":
            last_place = place
        i = bisect.bisect_left(t_starts, a)
        time = times[i] if i < len(times) and times[i].end <= b else None
        status, cues, negated = _status(article, a, b, _Shift(trig, a))
        out.append(Event(
            start=a, end=b, type=label, type_name=readable_name(label), confidence=RULE_CONFIDENCE,
            trigger=Span(trig_start, trig_end), actors=_actors(text, a, b, trig_start), targets=_targets(text, a, b, trig_end),
            place=place, time=dataclasses.replace(time) if time else None, counts=_counts(article, a, b),
            reported_by=_reported_by(article, a, b), status=status, status_cues=cues, negated=negated,
            event_id=event_id(article.doc_id, a, b)))
        last_event_sent = b
    return out


class _Shift:
    """A sentence-relative regex match seen at article offsets (start/end only)."""

    __slots__ = ("_m", "_a")

    def __init__(self, m: re.Match, a: int):
        self._m, self._a = m, a

    def start(self) -> int:
        return self._a + self._m.start()

    def end(self) -> int:
        return self._a + self._m.end()


__all__ = ["events", "MAX_EVENTS"]
