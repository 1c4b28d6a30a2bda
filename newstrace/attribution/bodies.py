"""Bodies that speak: descriptions of organisations and state bodies -> the body's canonical name.

Two kinds of evidence, the article's own first:

* the article names the body in full elsewhere ("the regional military administration" -> "Sumy
  Regional Military Administration"), or a town's own body is meant ("the city council" ->
  "Nikopol City Council");
* a description of a state body by its country and kind ("Ukraine's military", "the Malian
  army", "Moldova's government", "the SBU", "Zelenskiy's office", "his office") -> the body's
  official English name from ``OFFICIAL``, a small hand-written table: no package ships the
  official names of state bodies keyed by country and kind, and the same body must get one name
  whatever the wording, or an analyst cannot count what it said.

A head of state's office ("Pavel's office", "the president's office") is named after the country
the article gives that person's role in ("Czech President Petr Pavel"), else after ``LEADERS``. A
document that "says" ("the statement said") speaks for whoever issued it.

``BodyResolver`` holds this part of ``speakers.Resolver`` (its mixin); ``Resolved`` is what both return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import ORG_NOUNS, PERSON_NOUNS

# Countries by every word that names them in a description: name, possessive stem, adjective.
_COUNTRY_FORMS = {
    "Ukraine": ("ukraine", "ukrainian"), "Russia": ("russia", "russian"), "Belarus": ("belarus", "belarusian"),
    "Moldova": ("moldova", "moldovan"), "Mali": ("mali", "malian"), "Poland": ("poland", "polish"),
    "Romania": ("romania", "romanian"), "Czech Republic": ("czech", "czechia"), "Georgia": ("georgia", "georgian"),
    "Germany": ("germany", "german"), "France": ("france", "french"), "Turkey": ("turkey", "turkish"),
    "Hungary": ("hungary", "hungarian"), "Slovakia": ("slovakia", "slovak"), "Lithuania": ("lithuania", "lithuanian"),
    "Latvia": ("latvia", "latvian"), "Estonia": ("estonia", "estonian"), "Finland": ("finland", "finnish"),
    "Sudan": ("sudan", "sudanese"), "Niger": ("niger", "nigerien"), "Burkina Faso": ("burkina",),
    "Kazakhstan": ("kazakhstan", "kazakh"), "Azerbaijan": ("azerbaijan", "azerbaijani"),
    "Armenia": ("armenia", "armenian"), "Serbia": ("serbia", "serbian"), "Bulgaria": ("bulgaria", "bulgarian"),
    "Israel": ("israel", "israeli"), "Iran": ("iran", "iranian"), "Syria": ("syria", "syrian"),
    "Democratic Republic of the Congo": ("congo", "congolese"), "Rwanda": ("rwanda", "rwandan"),
}
COUNTRY_WORDS = {w: c for c, forms in _COUNTRY_FORMS.items() for w in forms}
# Country names said with "the" after "of" ("Office of the President of the Czech Republic").
_WITH_THE = frozenset({"Czech Republic", "Democratic Republic of the Congo", "United States", "United Kingdom",
                       "Netherlands"})


def _of(country: str) -> str:
    return f"the {country}" if country in _WITH_THE else country

# Kinds of state body, read off the words of a description after its country (longest first).
_KINDS = (
    ("intelligence", re.compile(r"(?:military|defen[cs]e)\s+intelligence(?:\s+(?:agency|service|directorate))?$")),
    ("border_guard", re.compile(r"(?:state\s+)?border\s+(?:guards?|service)(?:\s+service)?$")),
    ("security_service", re.compile(r"(?:state\s+|federal\s+)?security\s+service$")),
    ("emergency_service", re.compile(r"(?:state\s+)?emergenc(?:y|ies)\s+services?$")),
    ("nuclear", re.compile(r"(?:state\s+)?(?:nuclear|atomic)(?:\s+(?:energy|power))?\s+(?:agency|corporation|operator|company)$")),
    ("investigative", re.compile(r"investigative\s+committee$")),
    ("armed_forces", re.compile(r"(?:military|army|armed\s+forces)$")),
    ("government", re.compile(r"(?:government|cabinet)$")),
    ("office", re.compile(r"(?:presidential\s+office|presidency|president['’]s\s+office|presidential\s+administration)$")),
)
# Official English names where the body has one of its own; other kinds of body keep the
# article's wording ("Ukraine's Air Force", "Russia's Defence Ministry").
OFFICIAL = {
    "Ukraine": {"armed_forces": "Armed Forces of Ukraine", "security_service": "Security Service of Ukraine",
                "border_guard": "State Border Guard Service of Ukraine", "intelligence": "Defence Intelligence of Ukraine",
                "emergency_service": "State Emergency Service of Ukraine", "nuclear": "Energoatom",
                "government": "Government of Ukraine", "office": "Office of the President of Ukraine"},
    "Russia": {"armed_forces": "Russian Armed Forces", "security_service": "Federal Security Service",
               "nuclear": "Rosatom", "investigative": "Investigative Committee of Russia",
               "government": "Government of Russia", "office": "Kremlin"},
    "Belarus": {"armed_forces": "Armed Forces of Belarus"},
    "Mali": {"armed_forces": "Malian Armed Forces"},
    "Sudan": {"armed_forces": "Sudanese Armed Forces"},
    "Rwanda": {"armed_forces": "Rwanda Defence Force"},
    "Israel": {"armed_forces": "Israel Defense Forces"},
    "Moldova": {"armed_forces": "Armed Forces of Moldova"},
    "Romania": {"armed_forces": "Romanian Armed Forces"},
    "Democratic Republic of the Congo": {"armed_forces": "Armed Forces of the Democratic Republic of the Congo"},
    "Poland": {"armed_forces": "Polish Armed Forces"},
}
# Kinds every state has, named the same way everywhere.
_GENERIC = {"government": "Government of {}", "office": "Office of the President of {}"}
# Acronyms of state bodies that war reporting uses without spelling them out.
ACRONYMS = {"SBU": ("Ukraine", "security_service"), "FSB": ("Russia", "security_service"),
            "HUR": ("Ukraine", "intelligence"), "GUR": ("Ukraine", "intelligence"), "ZSU": ("Ukraine", "armed_forces"),
            "DSNS": ("Ukraine", "emergency_service"), "FAMa": ("Mali", "armed_forces"),
            "FARDC": ("Democratic Republic of the Congo", "armed_forces"), "SAF": ("Sudan", "armed_forces"),
            "IDF": ("Israel", "armed_forces")}
# Heads of state whose country an article may leave unsaid ("President Volodymyr Zelenskyy"):
# (folded surname, country, role). Surnames that are also common first names are left out.
LEADERS = {"zelensky": ("Ukraine", "president"), "putin": ("Russia", "president"),
           "lukashenko": ("Belarus", "president"), "erdogan": ("Turkey", "president"),
           "macron": ("France", "president"), "duda": ("Poland", "president"), "sandu": ("Moldova", "president"),
           "tokayev": ("Kazakhstan", "president"), "aliyev": ("Azerbaijan", "president"),
           "goita": ("Mali", "president"), "tshisekedi": ("Democratic Republic of the Congo", "president"),
           "kagame": ("Rwanda", "president"), "orban": ("Hungary", "prime minister"),
           "fico": ("Slovakia", "prime minister"), "tusk": ("Poland", "prime minister"),
           "shmyhal": ("Ukraine", "prime minister"), "mishustin": ("Russia", "prime minister"),
           "recean": ("Moldova", "prime minister")}
# A head of state's or government's office by role; Russia's and the United States' presidents
# speak as the Kremlin and the White House.
_ROLE_OFFICE = {"president": "Office of the President of {}", "prime minister": "Office of the Prime Minister of {}"}
_SEAT = {("Russia", "president"): "Kremlin", ("United States", "president"): "White House"}
# A role right before a person's name: "Czech President Petr Pavel", "Ukraine's President".
_ROLE_BEFORE = re.compile(r"(?:\b([A-Za-z]+)(?:['’]s)?\s+)?(?:the\s+)?(president|prime\s+minister|premier)\s+$", re.I)
_ROLE_AFTER = re.compile(r",\s+(?:the\s+)?([A-Za-z]+)(?:['’]s)?\s+(president|prime\s+minister|premier)\b", re.I)
_OFFICE = re.compile(r"^(?:the\s+)?(?:(.+?)['’]s|(his|her))\s+(?:press\s+)?office$", re.I)


def _fold(word: str) -> str:
    return re.sub(r"(?:yy|iy|yi|ij)$", "y", word.lower().replace("ï", "i").replace("ğ", "g").replace("á", "a"))


def country_of(word: str) -> str | None:
    """'Ukraine', "Ukraine's", 'Ukrainian' -> 'Ukraine'."""
    return COUNTRY_WORDS.get(re.sub(r"['’]s$", "", word.lower()))


def official_name(country: str | None, kind: str | None) -> str | None:
    """The official name of ``country``'s body of ``kind``, or None when the table has none."""
    if country is None or kind is None:
        return None
    name = OFFICIAL.get(country, {}).get(kind)
    if name is None and kind in _GENERIC:
        name = _GENERIC[kind].format(_of(country))
    return name


def body_kind(words: str) -> str | None:
    """The kind of state body the description's words after its country name ('border guard service')."""
    w = re.sub(r"\s+", " ", words.lower().strip())
    for kind, rx in _KINDS:
        if rx.search(w):
            return kind
    return None


def described_body(phrase: str) -> str | None:
    """'Ukraine's military', 'the Malian army', "Moldova's government" -> the official name, else None.

    The country must be the description's first naming word and the kind its last words: 'the
    regional military administration' names no country, 'Ukraine's air force' no kind the table has."""
    toks = re.findall(r"[\w'’-]+", phrase)
    if toks and toks[0].lower() in ("the", "a", "an"):
        toks = toks[1:]
    if len(toks) < 2 or len(toks) > 5:
        return None
    country = country_of(toks[0])
    if country is None:
        return None
    rest = " ".join(toks[1:])
    return official_name(country, body_kind(rest))


def acronym_body(name: str) -> str | None:
    """'SBU' -> 'Security Service of Ukraine' (only acronyms of the table)."""
    hit = ACRONYMS.get(name.strip())
    return official_name(*hit) if hit else None


def leader_role(text: str, person: str, mentions: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    """(country, role) of ``person`` from the words next to the article's mentions of them ("Czech
    President Petr Pavel", "Petr Pavel, the Czech president"), else from ``LEADERS``."""
    role = country = None
    for s, e in mentions:
        m = _ROLE_BEFORE.search(text, max(0, s - 40), s)
        if m is None:
            m = _ROLE_AFTER.match(text, e)
        if m is None:
            continue
        role = re.sub(r"\s+", " ", m.group(2).lower()).replace("premier", "prime minister")
        country = country_of(m.group(1) or "") or country
        if country:
            break
    known = LEADERS.get(_fold(person.split()[-1])) if person.split() else None
    if known is not None and (role is None or role == known[1]):
        return country or known[0], known[1]
    return country, role


# A synonym spinner's words for a ministry's portfolio ("Protection Ministry" for "Defence Ministry",
# "Overseas Ministry" for "Foreign Ministry"): a spun rewrite must name the same body as its original.
_SPUN_PORTFOLIO = {"protection": "Defence", "overseas": "Foreign", "inside": "Interior", "inner": "Interior"}
_MINISTRY = re.compile(r"\b(Protection|Overseas|Inside|Inner)(\s+Ministry)\b|\b(Ministry\s+of\s+)(Protection|Overseas|Inside)\b")


def unspin(name: str) -> str:
    """'Russian Protection Ministry' -> 'Russian Defence Ministry' (a ministry's spun portfolio word)."""
    def sub(m: re.Match) -> str:
        if m.group(1):
            return _SPUN_PORTFOLIO[m.group(1).lower()] + m.group(2)
        return m.group(3) + _SPUN_PORTFOLIO[m.group(4).lower()]
    return _MINISTRY.sub(sub, name)


def is_leader(name: str) -> bool:
    """Is ``name`` ('Zelenskyy', 'Vladimir Putin') a head of state or government of ``LEADERS``? The
    tagger sometimes reads a lone surname as a place or organisation ('Zelenskyy says ...')."""
    words = name.split()
    return 0 < len(words) <= 3 and _fold(words[-1]) in LEADERS


def office_of(country: str | None, role: str | None) -> str | None:
    """The office a head of state or government speaks through ('Office of the President of Ukraine')."""
    if country is None or role not in _ROLE_OFFICE:
        return None
    return _SEAT.get((country, role)) or _ROLE_OFFICE[role].format(_of(country))


def office_possessor(phrase: str) -> tuple[str, bool] | None:
    """ "Zelenskiy's office" -> ('Zelenskiy', False); 'his office' -> ('his', True); else None."""
    m = _OFFICE.match(phrase.strip(" ,.;:"))
    if m is None:
        return None
    return (m.group(1), False) if m.group(1) else (m.group(2), True)


# Documents that speak for whoever issued them: "the statement said" is never a speaker of its own.
_DOC_NOUNS = frozenset("statement communique communiqué bulletin release readout report".split())
_ISSUED = re.compile(r"\b(?:issued|released|published|put\s+out|circulated|sent\s+out)\s+(?:a|an|its)\s+(?:[\w-]+\s+){0,2}?"
                     r"(?:statement|communiqu[eé]|bulletin|release|readout|report)\b", re.I)
# Nouns that introduce an organisation by its name ("the energy company Tiraspoltransgaz").
_ORG_HEADS = frozenset("company operator site group firm agency outlet newspaper broadcaster channel network "
                       "tank institute organisation organization union coalition alliance movement".split())
# "The agency's press service said": the body the sentence named before it speaks.
_PRESS_VOICE = re.compile(r"^(?:the|its)\s+([a-z]+)['’]s\s+(?:press\s+(?:service|office|secretary)|spokes(?:man|woman|person))$")
# Heads of a body of state or of an institution: "Ukraine's air force", "the UAE foreign ministry",
# "the regional military administration". A description with one of these heads names an organisation
# (a type word such as "company" or "site" only introduces a name: see _ORG_HEADS).
_BODY_HEADS = frozenset("""ministry department government office army military police service committee council
administration commission embassy authority authorities force forces command headquarters league
navy directorate inspectorate parliament cabinet presidency""".split())
# Words of a description that do not name its referent ("the", "its") or end its naming part.
_DESC_SKIP = frozenset("the a an its their his her our this that these those".split())
_DESC_STOP = frozenset("in at of for on from with who which that, near".split())
# A town's own bodies: "the city council", "the port authority", "the harbour master's office".
_LOCAL_WORDS = frozenset("city town port harbour harbor village municipal district".split())
# How far back (characters) a town named before "the city council" is the one it belongs to.
LOCAL_LOOKBACK = 600
# Function words skipped when an acronym is read off a long name ("Security Service of Ukraine").
_ACRONYM_SKIP = frozenset("of the for and on in to de du des la le del".split())
_DEFINED_ACRONYM = re.compile(r"\b([A-Z][\w'’.-]*(?:\s+(?:of|the|for|and|on|in|to|de|du|des|la|del|[A-Z][\w'’.-]*)){1,9})"
                              r"\s+\(([A-Z][A-Za-z]{1,7})\)")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (a line start or after ". ")."""
    dot = text.rfind(". ", 0, pos)
    return max(text.rfind("\n", 0, pos) + 1, dot + 2 if dot >= 0 else 0)


def _org_head(name: str) -> str:
    """The head noun of an organisation's name: 'Sumy Regional Military Administration' -> 'administration',
    'Government of Moldova' -> 'government' (lower case, without a plural s)."""
    words = re.findall(r"[\w-]+", re.split(r"\s+(?:of|for|on)\s+", name, maxsplit=1)[0].lower())
    return words[-1].rstrip("s") if words else ""


@dataclass(slots=True)
class Resolved:
    entity: str | None  # canonical name
    type: str  # person | organisation | outlet | account | unknown
    description: str | None = None
    entity_span: tuple[int, int] | None = None


class BodyResolver:
    """The part of speaker resolution that names bodies: an organisation's full name in the article,
    a description of a body ("the regional military administration", "Ukraine's military", "his
    office") and the issuer of a document ("the statement said"). A mixin of ``speakers.Resolver``,
    whose attributes and person methods (``_typed``, ``_covering``, ``_before``, ``_pronoun``,
    ``_description``, ``history``, ``ents``, ``orgs``, ``is_town``) it uses."""

    def _long_names(self) -> dict[str, str]:
        """Short name -> the article's full name of that organisation.

        An acronym defined in the text ("Alliance to Reclaim Our Schools (AROS)") or spelling the initials
        of a named organisation (IAEA, International Atomic Energy Agency), and a name the tagger cut
        short ("Coordination Headquarters") of a longer one it starts. The entity tagger keeps the
        short forms apart; a speaker is reported under the article's full name.
        """
        out: dict[str, str] = {}
        for m in _DEFINED_ACRONYM.finditer(self.text):
            words, acr = m.group(1).split(), m.group(2)
            # the run may hold more than the name ("Kyiv and the International Atomic Energy Agency
            # (IAEA)"): the shortest tail spelling the acronym, else (an acronym of another language,
            # "Security Service of Ukraine (SBU)") the run after its last "and"
            long = None
            for k in range(len(words) - 1, -1, -1):
                tail = words[k:]
                if tail[0].lower() in _ACRONYM_SKIP:
                    continue
                if "".join(w[0] for w in tail if w.lower() not in _ACRONYM_SKIP).upper() == acr.upper():
                    long = " ".join(tail)
                    break
            if long is None:
                long = re.sub(r"^(?:the|The)\s+", "", re.split(r"\s+and\s+", m.group(1))[-1])
            if len(long.split()) >= 2:
                out.setdefault(acr, long)
        names = {e.canonical for e in self.ents if e.label == "ORG"}
        for long in names:
            words = long.split()
            if len(words) < 2:
                continue
            initials = "".join(w[0] for w in words if w.lower() not in _ACRONYM_SKIP and w[:1].isupper())
            if len(initials) >= 2 and initials in names:
                out.setdefault(initials, long)
            for short in names:
                if short != long and long.startswith(short + " ") and len(short.split()) >= 2:
                    if out.get(short, long) == long or len(long) > len(out[short]):
                        out[short] = long
        return out

    def _body(self, start: int, end: int, head: tuple[int, int] | None, hw: str) -> Resolved | None:
        """A description of a body ("the regional military administration", "Ukraine's air force").

        It resolves to the article's organisation whose name holds every naming word of the
        description, the nearest before it, else the first after it (a report may name the body in
        full only further down). Failing that, a description that names its country ("Ukraine's air
        force", "the UAE foreign ministry") is itself the organisation's name.
        """
        if hw not in _BODY_HEADS or head is None:
            return None
        phrase = self.text[start : head[1]]
        toks = re.findall(r"[\w'’-]+|,", phrase)
        if not toks or len(toks) > 7 or "," in toks:
            return None
        lead = toks[0].lower()
        naming = []
        for w in toks:
            lw = w.lower()
            if lw in _DESC_STOP:
                break
            if lw in _DESC_SKIP:
                continue
            naming.append(re.sub(r"['’]s$", "", lw))
        if not naming:
            return None
        possessor = re.match(r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)['’]s\s", phrase)
        words = set(naming) - ({possessor.group(1).lower()} if possessor else set())
        best_before = best_after = None
        for e in self.orgs:
            cw = {w.rstrip("s") for w in re.findall(r"[\w-]+", e.canonical.lower())}
            if not all(w.rstrip("s") in cw for w in words) or _org_head(e.canonical) != hw.rstrip("s"):
                continue  # every naming word, and the same kind of body: a navy is no "Navy Administration"
            if e.start < start and (best_before is None or e.start > best_before.start):
                best_before = e
            elif e.start >= end and best_after is None:
                best_after = e
        e = best_before or best_after
        if e is not None and possessor and len(e.canonical.split()) == 1:
            e = None  # "Ukraine's navy" is more than a bare "Navy" named elsewhere
        if e is not None and not (e.start <= head[0] < e.end):
            r = self._typed(e)
            return Resolved(r.entity, "organisation", self.text[start:end], r.entity_span)
        # "the UAE foreign ministry": a country (or a state the tagger read as ORG) right before the body
        local = self._local_body(start, head, toks, lead)
        if local is not None:
            return Resolved(local, "organisation", self.text[start:end])
        country = bool(possessor) or any(
            (x.label in ("GPE", "NORP") or (x.label == "ORG" and len(self.text[x.end : head[0]].split()) <= 1))
            and start <= x.start and x.end <= head[0]
            and not re.search(r"(?i)\b(?:pro|anti)-\w*$", self.text[max(start, x.start - 5) : x.start + 5])  # "pro-Russian"
            for x in self.ents)
        if country and all(w[:1].isalpha() for w in toks):
            name = phrase if lead not in _DESC_SKIP else phrase.split(None, 1)[1]
            # a proper name continued by "for/of the ..." ("Coordination Headquarters for the Treatment
            # of Prisoners of War") is the organisation's own name: the possessive country is dropped
            m = re.match(r"\s+(?:for|of|on)\s+(?:(?:the|of|and|for|on|in)\s+|[A-Z][\w'’-]*\s*)*[A-Z][\w'’-]*",
                         self.text[head[1] : end])
            if possessor and m and all(w[:1].isupper() for w in phrase[possessor.end() :].split()):
                name = phrase[possessor.end() :].strip() + m.group(0).rstrip()
            return Resolved(name, "organisation", self.text[start:end])
        return None

    def _official(self, start: int, head: tuple[int, int]) -> Resolved | None:
        """A state body described by its country and kind ("Ukraine's military", "the Malian army"),
        a head of state's office ("Zelenskiy's office", "his office") or a body's press service named
        by its noun ("the agency's press service" after the sentence named the agency)."""
        phrase = self.text[start : head[1]]
        name = described_body(phrase)
        if name is not None:
            return Resolved(name, "organisation", phrase)
        owner = office_possessor(phrase)
        if owner is not None:
            who, is_pronoun = owner
            person = None
            if is_pronoun:
                # "Zelenskyy decided to sign a decree, his office said": the person the sentence names first
                ls = _sentence_start(self.text, start)
                here = [x for x in self.ents if ls <= x.start < start and (x.label == "PERSON" or is_leader(x.canonical))]
                r = self._typed(here[0]) if here else self._pronoun("he" if who.lower() == "his" else "she", start)
                person = r.entity if r is not None and r.type == "person" else None
                if not here:  # a head of state the tagger left untagged
                    person = next((w for w in re.findall(r"\b[A-Z][\w'’-]+", self.text[ls:start]) if is_leader(w)), person)
            else:
                x = self._covering(start, start + len(who), None)
                person = x.canonical if x is not None and x.label == "PERSON" else None
            if person is not None:
                mentions = [(x.start, x.end) for x in self.ents if x.canonical == person]
                office = office_of(*leader_role(self.text, person, mentions))
                if office is not None:
                    return Resolved(office, "organisation", phrase)
            return None
        m = _PRESS_VOICE.match(phrase)
        if m is not None and (m.group(1) in ORG_NOUNS or m.group(1) in _ORG_HEADS):
            ls = _sentence_start(self.text, start)
            for x in self._before(start, ("ORG",)):
                if x.start < ls:
                    break
                r = self._typed(x)
                if r.type == "organisation":
                    return Resolved(r.entity, "organisation", phrase, r.entity_span)
        return None

    def _local_body(self, start: int, head: tuple[int, int], toks: list[str], lead: str) -> str | None:
        """'The city council', 'the port authority', "the harbour master's office": a town's own body,
        named after the town the sentence (else the text just before) is about: 'Nikopol city council'."""
        if self.is_town is None or not _LOCAL_WORDS & {re.sub(r"['’]s$", "", w.lower()) for w in toks}:
            return None
        if lead not in ("the", "its"):
            return None
        ls = _sentence_start(self.text, start)
        le = self.text.find(". ", head[1])
        le = len(self.text) if le < 0 else le
        towns = [e for e in self.ents if e.label in ("GPE", "ORG") and e.end <= le and e.start > start - LOCAL_LOOKBACK
                 and self.is_town(e.canonical)]
        here = [e for e in towns if e.start >= ls]
        town = here[0] if here else next((e for e in reversed(towns) if e.end <= start), None)
        if town is None:
            return None
        rest = re.sub(r"^(city|town|port|village)['’]s ", r"\1 ", " ".join(toks[1:]))
        return f"{town.canonical} {rest}"

    def _issuer(self, start: int, end: int, hw: str, phrase: str) -> Resolved | None:
        """Who issued the document that 'says': a name in the phrase ("a statement from the Kremlin", "a
        ministry statement", "the ministry's statement"), else whoever the text shows issuing one just
        before ("The ministry issued a statement on Monday. ... the statement said"), else for a
        statement the organisation or person who spoke last in this paragraph or the one before."""
        inside = [x for x in self.ents if start <= x.start and x.end <= end and x.label in ("ORG", "PERSON", "GPE")]
        if inside:
            x = next((x for x in inside if x.label != "GPE"), inside[0])
            r = self._typed(x)
            return Resolved(r.entity, r.type, phrase, r.entity_span)
        m = re.match(r"(?i)(?:the|its|their)\s+([a-z]+)['’]s\s", phrase)
        if m is not None and m.group(1) in ORG_NOUNS | PERSON_NOUNS:
            r = self._description(m.group(1), start, phrase)
            if r is not None:
                return Resolved(r.entity, r.type, phrase, r.entity_span)
        # from the start of the paragraph before this one (blank lines between paragraphs skipped)
        j = max(0, self.text.rfind("\n", 0, start))
        while j > 0 and self.text[j - 1].isspace():
            j -= 1
        lo = self.text.rfind("\n", 0, j) + 1
        issued = None
        for mm in _ISSUED.finditer(self.text, lo, start):
            issued = mm
        if issued is not None:
            ls = _sentence_start(self.text, issued.start())
            subj = [x for x in self.ents if ls <= x.start < issued.start() and x.label in ("ORG", "PERSON", "GPE")]
            if subj:
                r = self._typed(subj[0])
                return Resolved(r.entity, r.type, phrase, r.entity_span)
        if hw == "report":
            return None  # a report may be anyone's: only a named issuer speaks through it
        for off, r in reversed(self.history):
            if off < lo:
                break
            if off < start and r.entity and r.type in ("organisation", "person"):
                return Resolved(r.entity, r.type, phrase, r.entity_span)
        return None
