"""The newstrace data model: one Article and the annotations that hang off it.

Every annotation points into ``Article.text`` with ``start``/``end`` character offsets
(end-exclusive), never with a copied string: ``article.text[span.start:span.end]`` is the
evidence. ``serialize.py`` adds the covered text when it writes JSON, and checks on the way
back in that offsets still fit.

Layout of an article::

    Article
      source: Origin            where the document came from (path, url, outlet, format)
      text                      the clean text: kept paragraphs joined by blank lines
      paragraphs: [Paragraph]   kind body | caption | credit, offsets into text
      removed: [Removed]        every line the cleaner dropped, with its reason
      sentences: [Span]
      entities: [Entity]        spaCy entities + corrections, with a canonical name
      quotes: [Quote]           direct / indirect speech, speaker, cue, via chain
      sources: [Source]         people, organisations, outlets, accounts and their roles
      amounts: [Amount]         numeric claims with normalised values
      claims: [Claim]           check-worthy sentences with a status
      places: [Place]           toponyms resolved against the gazetteer
      times: [TimeRef]          temporal expressions resolved against the publication date
      events: [Event]           event-reporting clauses: type, actors, targets, place, time, counts, status
      links: [Link]             copies, rewrites, stance links to other articles
      corrections: [Correction] analysts' corrections applied over the extractor's output
      quality: Quality          document-level signals (machine-spun text, ...)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1  # bump when the JSON shape changes; docs/format.md and the JSON Schema follow

# Model -> plain data lives here, at the bottom, so that the model imports nothing of the package:
# serialize.py (above the model) adds JSON, the way back (from_dict, offset checks) and the schema.
_TRANSIENT = {"nlp_doc", "raw"}  # working state of a running pipeline, never written out


def _is_span_like(obj: Any) -> bool:
    return dataclasses.is_dataclass(obj) and hasattr(obj, "start") and hasattr(obj, "end")


def to_plain(obj: Any, text: str | None) -> Any:
    """Any model object -> plain data; spans get the ``text`` they cover in ``text`` (none when None)."""
    if dataclasses.is_dataclass(obj):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            if f.name in _TRANSIENT:
                continue
            out[f.name] = to_plain(getattr(obj, f.name), text)
        if _is_span_like(obj) and isinstance(obj.start, int) and "text" not in out and text is not None:
            out["text"] = text[obj.start : obj.end]
        return out
    if isinstance(obj, (list, tuple)):
        return [to_plain(x, text) for x in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v, text) for k, v in obj.items()}
    return obj


def _bind(obj: Any, text: str) -> None:
    if isinstance(obj, list):
        for x in obj:
            _bind(x, text)
    elif isinstance(obj, Model) and dataclasses.is_dataclass(obj):
        if _is_span_like(obj) and not isinstance(obj, Article):
            obj._src = text
        for f in dataclasses.fields(obj):
            if f.name not in _TRANSIENT:
                _bind(getattr(obj, f.name), text)


class Model:
    """Base of every model class: ``to_dict()`` in the JSON format's shape (``to_plain`` above).

    A span (any record with ``start``/``end``) holds offsets only; its text lives in the article.
    ``span.text`` reads it once the span's article is bound (``Article.bind()``: every article the
    pipeline, the store or ``serialize.from_dict`` hands out is); a span built by hand has no article:
    use ``span.text_in(article)`` or ``article.span_text(span)``. ``to_dict(article)`` adds that
    ``text`` to every span, as the JSON output does (without the article there is no text to add).
    """

    # The bound article's text (shared, never copied; not a field: never compared or written out).
    # The ``text`` property is added to the span classes at the end of this module: defined here, a
    # dataclass field named ``text`` (Article.text, Removed.text) would take it as its default.
    __slots__ = ("_src",)

    def to_dict(self, text: str | Article | None = None) -> dict[str, Any]:
        """This record as plain data; spans get the ``text`` they cover in ``text`` (an article or its text)."""
        return to_plain(self, text.text if isinstance(text, Article) else text)

    def text_in(self, article: str | Article) -> str:
        """The text this span covers in ``article`` (an Article or its clean text)."""
        start, end = getattr(self, "start", None), getattr(self, "end", None)
        if not isinstance(start, int) or not isinstance(end, int):
            raise AttributeError(f"{type(self).__name__} is not a span (no start/end offsets)")
        return (article.text if isinstance(article, Article) else article)[start:end]


@dataclass(slots=True)
class Span(Model):
    """A bare character span into ``Article.text``."""

    start: int
    end: int


@dataclass(slots=True)
class AgencyCredit(Model):
    """The line that names a wire service as the article's origin ("KYIV, Ukraine (AP) —", "By ... | Reuters")."""

    agency: str  # canonical name: "AP", "Reuters", "AFP", "Interfax", "TASS", ...
    cue: str  # dateline | byline | credit | signoff | reported
    span: Span | None = None  # the credit in Article.text, when it is in the clean text
    removed: int | None = None  # else: index into Article.removed of the dropped line that holds it,
    line_start: int | None = None  # and its offsets into that line's text
    line_end: int | None = None


@dataclass(slots=True)
class Origin(Model):
    """Where a document came from."""

    path: str | None = None  # file path, or "-" for standard input
    url: str | None = None
    outlet: str | None = None  # the input's own outlet name (JSON source, og:site_name, feed title), else the domain
    host: str | None = None  # the URL's domain when it differs from ``outlet`` (a wire story on a paper's site)
    agency: str | None = None  # wire service the article is a pickup of ("AP", "Reuters"), see ``agency_credit``
    agency_credit: AgencyCredit | None = None  # the byline / dateline / credit the agency was recognised from
    format: str = "text"  # text | html | json | jsonl | warc | feed | telegram
    record: int | None = None  # index of the record inside a multi-record file (JSONL, WARC, feed)
    forwarded_from: str | None = None  # a forwarded post (Telegram): the channel or person it was forwarded from


@dataclass(slots=True)
class Paragraph(Model):
    start: int
    end: int
    kind: str = "body"  # body | caption | credit
    language: str | None = None  # ISO 639-1 code detected for this paragraph (None: no letters)


@dataclass(slots=True)
class Removed(Model):
    """A piece of input the cleaner dropped: kept verbatim with the reason, never silently lost."""

    text: str
    reason: str  # e.g. "notification-prompt", "repeated-headline", "near-duplicate", "outlet-boilerplate"
    line: int | None = None  # index of the line in the input text before cleaning
    detail: str | None = None  # free text: which rule, which paragraph it duplicates, ...


@dataclass(slots=True)
class Entity(Model):
    start: int
    end: int
    label: str  # spaCy label (PERSON, ORG, GPE, ...) or ACCOUNT / PLATFORM from the correction layer
    canonical: str  # article-wide canonical name ("Putin" -> "Vladimir Putin")
    kind: str | None = None  # "media" for a news outlet (label ORG); None otherwise
    native: str | None = None  # uk/ru: the name in the nominative in the article's script ("Київ"); else None


@dataclass(slots=True)
class Via(Model):
    """One intermediary in an attribution chain ("according to the Beast", "told Newsweek")."""

    start: int
    end: int
    name: str  # canonical name of the intermediary
    relation: str  # according_to | told | posted_by | reported_by | ...


@dataclass(slots=True)
class Quote(Model):
    content: Span
    cue: Span | None = None
    speaker: Span | None = None  # the mention nearest the quote (may be a pronoun or a description)
    speaker_entity: str | None = None  # canonical name after resolution, None when unresolved
    speaker_description: str | None = None  # "the official" when no named speaker is found
    is_direct: bool = True
    kind: str = "direct"  # direct | indirect | mixed
    via: list[Via] = field(default_factory=list)
    confidence: float = 1.0
    speaker_type: str | None = None  # person | organisation | outlet | account | unknown
    parts: list[Span] = field(default_factory=list)  # pieces of an interrupted quotation ("A," he said, "B")
    # What is attributed: speech (said or written: direct, indirect, mixed) | belief (thought, fear,
    # expectation) | stance (support, opposition) | action (decided, signed, offers) | evidence (a video
    # "shows"). Views list speech by default; PolNeAR's broader attribution is all of them.
    attribution: str = "speech"


@dataclass(slots=True)
class Fragment(Model):
    """A scare quote or short quoted fragment ('genocide'): kept apart from real quotations."""

    start: int
    end: int
    kind: str = "scare"  # scare | title | fragment


@dataclass(slots=True)
class Mention(Model):
    start: int
    end: int
    role: str  # quoted | cited | credited | publisher | mentioned


@dataclass(slots=True)
class Source(Model):
    """A source as a first-class record: who the article leans on, and how."""

    name: str  # canonical name
    type: str  # person | organisation | outlet | account | unknown
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Amount(Model):
    start: int
    end: int
    value: float | None = None
    low: float | None = None  # a range: "dozens" -> 24..99, "at least 50" -> low 50
    high: float | None = None
    qualifier: str | None = None  # at_least | over | about | up_to | under | exactly | None
    unit: str | None = None  # "square kilometers", "percent", ...
    counted: str | None = None  # what is counted: "civilians reported dead"
    counted_span: Span | None = None
    attributed_to: str | None = None  # who claims the figure (None: the outlet's own voice)
    sentence: Span | None = None


@dataclass(slots=True)
class Cue(Model):
    """A hedge or denial cue as a span."""

    start: int
    end: int
    kind: str  # hedge | denial | unverified


@dataclass(slots=True)
class Claim(Model):
    start: int  # the claim sentence
    end: int
    status: str  # asserted | attributed | hedged | unverified | denied
    attributed_to: str | None = None
    cues: list[Cue] = field(default_factory=list)
    kind: str | None = None  # event | figure | accusation | support | opposition | statement
    claim_id: str | None = None  # stable id: hash of doc_id and offsets
    denied_by: str | None = None  # who denies it, when status is denied
    check_score: float = 0.0  # 0..1: how worth checking (specific, attributed or unverified, named, dated)
    check_reasons: list[str] = field(default_factory=list)  # why, e.g. "figure: 12 civilians", "unverified"
    check_rank: int | None = None  # 1..n in the article's short list of the most check-worthy claims, else None


@dataclass(slots=True)
class Candidate(Model):
    name: str
    geonameid: int | None
    lat: float
    lon: float
    country: str | None
    score: float


@dataclass(slots=True)
class Place(Model):
    start: int
    end: int
    name: str  # the gazetteer name of the resolved place, or the surface form when unresolved
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166 alpha-2
    admin1: str | None = None
    feature: str | None = None  # country | region | city | other
    precision: str | None = None  # e.g. "city", "admin1", "country"
    confidence: float = 0.0
    resolved: bool = False
    reason: str | None = None  # why unresolved
    role: str = "mention"  # event | mention | dateline
    alternatives: list[Candidate] = field(default_factory=list)
    within: str | None = None  # the container the text gives ("eastern Ukraine" in "the Donetsk region of eastern Ukraine")
    relative: str | None = None  # a position relative to this place ("northwest of" in "northwest of Kyiv")


@dataclass(slots=True)
class TimeRef(Model):
    start: int
    end: int
    type: str  # date | time | duration | set
    value: str | None = None  # ISO date "2022-02-24", month "2022-08", or a duration "P6M"
    range_start: str | None = None  # for ranges ("late August" -> 2022-08-21..2022-08-31)
    range_end: str | None = None
    granularity: str | None = None  # day | week | month | year | ...
    resolved: bool = False
    reason: str | None = None  # why unresolved ("no publication date")
    anchor: str | None = None  # the date it was resolved against
    mod: str | None = None  # TIMEX3 modifier: START | MID | END (early/mid/late), APPROX, MORE_THAN, ...


@dataclass(slots=True)
class EventArg(Model):
    """An actor or a target of an event: the mention in the text, its name and side."""

    start: int  # span of the mention in Article.text
    end: int
    name: str  # canonical name (entity canonical when it is an entity, else the noun phrase)
    side: str | None = None  # "ukraine" | "russia" | other country/group key when the text gives it, else None
    kind: str | None = None  # person | organisation | armed_group | state | civilians | unknown


@dataclass(slots=True)
class EventCount(Model):
    """A figure of an event (fatalities, injured, arrested, ...), taken from ``Article.amounts``."""

    start: int
    end: int
    kind: str  # fatalities | injured | arrested | missing | displaced | area | other
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    attributed_to: str | None = None


@dataclass(slots=True)
class Event(Model):
    """One event-reporting clause: who did what to whom, where, when, on whose word."""

    start: int  # the event-reporting clause/sentence (evidence)
    end: int
    type: str  # CASE-2021 label as in ../shared/bench/events, e.g. "ART_MISS_ATTACK"
    type_name: str  # readable: "Shelling/artillery/missile attack"
    confidence: float = 0.0
    trigger: Span | None = None  # the event word ("shelled", "strike", "arrested")
    actors: list[EventArg] = field(default_factory=list)
    targets: list[EventArg] = field(default_factory=list)
    place: Place | None = None  # a copy of the resolved Place (offsets into Article.text) with its role/precision
    time: TimeRef | None = None  # a copy of the resolved TimeRef; None = publication day/unknown
    counts: list[EventCount] = field(default_factory=list)
    reported_by: list[Via] = field(default_factory=list)  # the attribution chain, speaker first
    status: str = "asserted"  # asserted | attributed | hedged | unverified | denied
    status_cues: list[Cue] = field(default_factory=list)
    denied_by: str | None = None
    negated: bool = False  # "did not strike", "no shelling": kept, with status denied
    event_id: str | None = None  # stable id: hash of doc_id + offsets


@dataclass(slots=True)
class Correction(Model):
    """An analyst's correction of one extracted item, laid over the extractor's output at read time (newstrace/desk)."""

    start: int  # the corrected item's span in Article.text (re-anchored by its text in a new version)
    end: int
    target: str  # place | quote | time
    action: str  # place | speaker | not_quote | date
    value: dict[str, Any] = field(default_factory=dict)  # the analyst's value, e.g. {"name": "Kyiv", "geonameid": 703448}
    original: dict[str, Any] = field(default_factory=dict)  # the extractor's value it overrides
    correction_id: str | None = None
    author: str | None = None
    created_at: str | None = None  # ISO 8601 UTC
    note: str | None = None


@dataclass(slots=True)
class Link(Model):
    other_doc_id: str
    kind: str  # copy | rewrite | embeds | story | agree | disagree | discuss
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)  # shared passages: offsets in both texts


@dataclass(slots=True)
class Quality(Model):
    spun: dict[str, Any] | None = None  # {"score": float, "evidence": [...]} from corpus/spun


@dataclass(slots=True)
class Article(Model):
    doc_id: str
    source: Origin
    text: str = ""
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    published_from: str | None = None  # metadata | dateline | None
    language: str | None = None
    author: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    quality: Quality = field(default_factory=Quality)
    version: int = 1
    previous_doc_id: str | None = None
    warnings: list[str] = field(default_factory=list)  # non-fatal stage problems, user visible
    corrections: list[Correction] = field(default_factory=list)  # analysts' corrections (newstrace.desk, read time only)
    # Transient, never serialised: the reader's RawDocument and the spaCy Doc of ``text``
    # while the pipeline runs (both dropped when the pipeline finishes).
    raw: Any = field(default=None, repr=False, compare=False)
    nlp_doc: Any = field(default=None, repr=False, compare=False)

    def span_text(self, span: Span | Entity | Any) -> str:
        """The text ``span`` (any annotation with start/end) covers in this article."""
        return self.text[span.start : span.end]

    def bind(self) -> Article:
        """Bind every span in this article to its text, so that ``span.text`` works; returns self.

        Call again after replacing annotations by hand (``dataclasses.replace`` makes unbound copies)."""
        _bind(self, self.text)
        return self

    def to_dict(self, text: str | Article | None = None) -> dict[str, Any]:  # noqa: ARG002 - its own text
        """The article in the documented JSON format (docs/format.md; ``serialize.to_dict`` is this)."""
        d = to_plain(self, self.text)
        d["schema_version"] = SCHEMA_VERSION
        return d

    @property
    def body_text(self) -> str:
        """Body paragraphs only (no captions or credits), joined by blank lines."""
        return "\n\n".join(self.text[p.start : p.end] for p in self.paragraphs if p.kind == "body")


@dataclass(slots=True)
class RawDocument(Model):
    """What a reader yields: text still to be cleaned, plus whatever metadata the format carried."""

    text: str
    source: Origin
    title: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    site_name: str | None = None
    # Set by readers that already removed boilerplate themselves (trafilatura on HTML):
    # lines they dropped, so the cleaner can account for them.
    removed: list[Removed] = field(default_factory=list)
    is_extracted: bool = False  # True when the text is already main-content (HTML via trafilatura)
    warnings: list[str] = field(default_factory=list)  # non-fatal reading problems (bytes replaced, ...)
    # The file's resolved path (set by the file readers): the doc_id is built from it, so "corpus"
    # and "/abs/path/corpus" name the same documents. Never stored or serialised.
    identity: str | None = None


@dataclass(slots=True)
class InputFailure(Model):
    """An input that could not be read: shown to the user, counted, and logged in the store."""

    path: str
    code: str  # stable error code, e.g. "NT101"
    reason: str
    record: int | None = None


def _span_text(self: Model) -> str:
    """The text this span covers in its (bound) article."""
    src = getattr(self, "_src", None)
    if src is None:
        raise AttributeError(f"{type(self).__name__}.text: not bound to an article (Article.bind(), or "
                             "span.text_in(article))")
    return src[self.start : self.end]


def _span_classes(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        names = {f.name for f in dataclasses.fields(sub)} if dataclasses.is_dataclass(sub) else set()
        if {"start", "end"} <= names and "text" not in names:
            out.append(sub)
        out.extend(_span_classes(sub))
    return out


for _cls in _span_classes(Model):
    _cls.text = property(_span_text)
