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
the article gives that person's role in ("Czech President Petr Pavel"), else after ``LEADERS``.
"""

from __future__ import annotations

import re

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
