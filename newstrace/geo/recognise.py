"""Toponym recognition: spaCy's GPE/LOC/FAC entities, corrected and completed with gazetteer evidence.

The small English model misses toponyms and mislabels some ("Kherson" as PERSON). On top of its
entities this module adds what the gazetteer supports strongly: a capitalised name that the
gazetteer knows as a country or first-level region, or as a populated place when the context
says "place" (a locative preposition, "X region", "X, Ukraine", "north of X"). Demonyms
("Ukrainian") are never toponyms here. Around each toponym it records what the text says about
it: a region reading ("the Donetsk region", "the Kherson and Kharkiv regions"), a container
("... of eastern Ukraine", "Paris, Texas") and a relative position ("northwest of Kyiv").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from ..model import Article, Entity
from .build import LEVEL_ADMIN1, LEVEL_ADMIN2, LEVEL_CITY, LEVEL_COUNTRY
from .demonyms import Demonyms
from .gazetteer import Gazetteer, is_own_name
from .names import normalise

PLACE_LABELS = ("GPE", "LOC", "FAC")
RELABEL_FROM = ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT")
# A populated place is taken on gazetteer evidence alone (no entity) above this size: smaller
# names are too often words or surnames ("Mobile", "Bath", "Price").
MIN_POP_BARE = 1_000_000
# ... and with a place-like context (a locative preposition) above this size.
MIN_POP_CONTEXT = 50_000
# An entity the model called a person or organisation becomes a place when the context says
# "place" ("a massacre in Bucha") and the gazetteer has a town of at least this size.
MIN_POP_RELABEL = 2_000
MAX_NGRAM = 4  # longest name matched token by token ("Bosnia and Herzegovina")
MAX_TOPONYMS = 500  # per article: bounds the resolution work on pathological input
# Window searched for patterns around a toponym; short so that the regexes stay cheap.
WINDOW = 60

_REGION_WORD = r"(?:region|oblast|province|state|governorate|district|raion|county|krai|territory|prefecture)"
_REGION_AFTER = re.compile(rf"^\s+{_REGION_WORD}\b", re.IGNORECASE)
_REGION_WORDS = rf"(?:{_REGION_WORD}s|counties|territories)"  # plurals ("Jackson and Barrow counties")
_REGIONS_AFTER = re.compile(rf"^\s+{_REGION_WORDS}\b", re.IGNORECASE)
_GENERIC_TAIL = re.compile(rf"\s+{_REGION_WORD}$", re.IGNORECASE)
# The self-proclaimed republics named after an oblast ("the Donetsk People's Republic", as Russian state
# media call the occupied Donetsk region): the name before it is read as that region.
_REPUBLIC_TAIL = re.compile(r"\s+People['’]s\s+Republic$")
# "Kherson and Kharkiv regions": a name in a list that ends in a plural region word
_LIST_THEN_REGIONS = re.compile(rf"^(?:\s*(?:,\s*and|,|and|&)\s+[A-Z][\w'’-]+){{1,4}}\s+{_REGION_WORDS}\b")
_GEO_WORD = re.compile(
    r"\b(?:River|Lake|Mountains?|Mount|Valley|Island|Islands|Bay|Sea|Ocean|Park|Street|Road|Avenue|County|"
    r"Province|Region|District|Village|Strait|Gulf|Desert|Peninsula|Creek|Canyon|Coast|Forest|Heights|Hills?|"
    r"Square|Bridge|Airport|Port|Harbou?r|Delta|Basin|Plateau|Steppe|Oblast|Raion|Governorate|Neighbou?rhood)\b"
)
_GEO_TAIL = re.compile(r"\s(?:County|City|Township|Parish|River|Borough|Oblast|Province|Lake|Island|Valley)$")
_CAP_WORDS = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}")
_OF_PLACE = re.compile(r"\bof\s+(?:the\s+)?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})$")
# An organisation's name gives up its place only for countries, first-level regions, counties
# and towns of this size: smaller namesakes are too often brands ("Delta", "Ford").
MIN_POP_EMBEDDED = 50_000
# Words that name a first-level region somewhere ("North" in Cameroon, "Lakes" in South Sudan)
# but inside an organisation's name or at a sentence's start are just words.
GENERIC_WORDS = {
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western", "metro",
    "lakes", "county", "city", "state", "national", "capital", "coast", "valley", "upper", "lower",
    "new", "united", "federal", "union", "first", "general", "island", "islands", "river", "centre", "center",
    "congress", "parliament", "senate", "court", "police", "government", "church", "university", "college",
    "school", "hospital", "army", "navy", "council", "assembly", "ministry", "office", "embassy", "market",
}
_LIST_SEP = re.compile(r"^\s*(?:,\s*and|,|and|&|or)\s*$")
# Words that end the name of a news outlet ("the Kyiv Post", "Moscow Times", "Kyiv Independent"):
# the place in an outlet's name is its masthead, not a place the article talks about.
MEDIA_WORDS = {
    "post", "times", "independent", "herald", "tribune", "journal", "gazette", "telegraph", "guardian", "ledger",
    "mirror", "express", "chronicle", "observer", "standard", "sun", "star", "courier", "inquirer", "dispatch", "bulletin", "register", "news", "daily", "today", "radio", "tv", "press",
    "review", "monitor", "sentinel", "pravda", "insider", "broadcasting", "television", "wire", "beast",
}
# Words that end the name of an armed formation ("Africa Corps", "Azov Brigade", "Black Sea Fleet").
FORMATION_WORDS = {"corps", "brigade", "battalion", "regiment", "division", "fleet", "legion", "squadron",
                   "flotilla", "militia", "army"}
# Head words of an organisation's or an event's name that follows a place name ("the Kyiv School of Economics",
# "Moscow Patriarchate", "the Kharkiv Human Rights Group", "the Odesa Film Festival", "the Black Sea Security
# Forum"): the place word is part of the name, not a place the article talks about. Police, courts, councils
# and universities are left out: their town is where they act ("Gainesville Police", "University of Kentucky").
ORG_HEAD_WORDS = frozenset({
    "forum", "initiative", "platform", "summit", "format", "group", "association", "institute", "school",
    "academy", "festival", "patriarchate", "airlines", "airways", "railways", "railway", "philharmonic",
    "orchestra", "opera", "ballet", "foundation", "federation", "conference", "declaration", "process",
    "accords", "memorandum", "communique", "administration", "economics",
})
_NAME_WORDS_AFTER = re.compile(r"^(?:[ \t]+(?:of[ \t]+|and[ \t]+)?[A-Z][\w'’-]*){1,4}")
# A small data table of organisations that a gazetteer of 270,000 places always has a namesake for
# (alliances, agencies, outlets, armed groups, seats of government used for the government). The
# general rules in _Reading.ok (acronyms, "the X" heads, the model's own labels) cover the
# class; this table is the backstop for the names news repeats most. Normalised forms.
NON_PLACE_NAMES = frozenset({
    "nato", "otan", "un", "eu", "osce", "iaea", "imf", "opec", "brics", "g7", "g20", "cnn", "bbc", "nbc",
    "cbs", "abc", "npr", "afp", "ap", "reuters", "tass", "ria", "ria novosti", "xinhua", "interfax",
    "ukrinform", "bloomberg", "al jazeera", "kremlin", "pentagon", "white house", "hamas", "hezbollah",
    "taliban", "wagner", "isis", "daesh",
})
# Abstractions written like places: "the West", "the Global South". A compass word alone names no
# place ("in the West of Ukraine" is placed by "Ukraine", with the relative position).
ABSTRACT_PLACES = frozenset({
    "west", "east", "north", "south", "the west", "the east", "the north", "the south", "global south",
    "global north", "western world", "the western world", "free world", "the free world", "occident",
    "orient", "the orient", "western", "eastern", "northern", "southern",
})
# Verbs whose subject, when it is a capital, is its government ("Moscow said", "Washington has
# lifted its ban", "Berlin would keep supporting"); and verbs whose object is ("accused Kyiv of").
# Verbs of being, lying or suffering are left out: "Kyiv was calm", "Kyiv suffered blackouts".
GOVERNMENT_VERBS = frozenset({
    "say", "tell", "claim", "accuse", "deny", "announce", "warn", "insist", "demand", "urge", "reject",
    "lift", "impose", "decide", "agree", "refuse", "respond", "retaliate", "threaten", "supply", "send",
    "mass", "move", "sign", "approve", "ban", "sanction", "support", "want", "hope", "expect", "believe",
    "recognise", "recognize", "condemn", "call", "blame", "pledge", "promise", "vow", "offer", "propose",
    "seek", "negotiate", "allow", "permit", "authorise", "authorize", "expel", "summon", "protest",
    "maintain", "consider", "plan", "intend", "keep", "continue", "argue", "acknowledge", "confirm",
    "admit", "state", "report", "dismiss", "welcome", "order", "deploy", "provide", "give", "use", "lose",
    "win", "need", "ask", "invite", "boast", "respond", "react", "counter", "suspend", "halt", "resume",
})
# A present-tense verb of saying or disputing right after a capital: its government speaking.
_SAYING_AFTER = re.compile(r"^\s+(?:says|disputes|denies|rejects|insists|claims|accuses|warns|argues|"
                           r"maintains|contends|counters)\b(?!\s*[-–—])")
# ... but a capital that is the subject of these is still the city ("Kyiv was calm", "Kyiv came
# under attack", "Kyiv suffered blackouts").
PLACE_VERBS = frozenset({"be", "remain", "stay", "lie", "sit", "come", "suffer", "face", "wake", "shake",
                         "endure", "experience", "see", "host", "border", "sleep", "brace", "burn", "shudder",
                         "go", "fall", "become", "look", "seem", "appear", "have"})
# What a government owns ("Kyiv's ombudsman", "Moscow's security offer"), as opposed to what a
# city has ("Kyiv's mayor", "London's Heathrow", "Ankara's riot police").
GOVERNMENT_POSSESSIONS = frozenset({
    "offer", "plan", "proposal", "demand", "position", "policy", "stance", "decision", "response", "claim",
    "accusation", "refusal", "ombudsman", "envoy", "ambassador", "representative", "delegation", "negotiator",
    "ally", "partner", "army", "troop", "force", "military", "diplomacy", "sanction", "war", "invasion",
    "offensive", "strategy", "regime", "government", "leadership", "request", "approval", "support", "ban",
    "statement", "version", "narrative", "propaganda", "line", "terms", "condition", "ultimatum",
    "aid", "assistance", "funding", "backing", "veto", "consent", "blessing", "allies", "sanctions",
})
WILLING = frozenset({"ready", "willing", "prepared", "determined", "unwilling", "open", "keen", "eager",
                     "able", "unable", "interested", "confident", "committed", "reluctant", "adamant",
                     "responsible", "guilty", "complicit"})
# Nouns that put a government, not a city, after "on" ("pressure on Kyiv", "sanctions on Moscow").
PRESSURE_NOUNS = frozenset({"pressure", "sanction", "demand", "influence", "dependence", "reliance", "leverage",
                            "embargo", "restriction", "tariff"})
GOVERNMENT_NOUNS = frozenset({"regime", "government", "authority", "leadership", "administration", "junta"})
RELATION_NOUNS = frozenset({"tie", "talk", "relation", "accusation", "negotiation", "deal", "agreement",
                            "dispute", "tension", "contact", "dialogue", "rift", "war", "conflict", "row",
                            "standoff", "exchange", "swap", "treaty", "alliance", "cooperation", "consultation"})
GOVERNMENT_OBJECT_VERBS = frozenset({"accuse", "blame", "urge", "warn", "call", "press", "pressure",
                                     "criticise", "criticize", "condemn", "sanction", "punish", "thank",
                                     "ask", "petition", "lobby", "persuade", "convince"})
# A line that credits a picture ("Photo: Sumy Regional Military Administration") names a source.
CREDIT_MAX_WORDS = 3  # words between "Photo:" and a name that is still the credit ("Photo: AP / Sumy ...")
_CREDIT_LINE = re.compile(r"^\s*(?:photo(?:graph)?s?|pictures?|images?|credit|source|video)\s*(?:by)?\s*[:/]", re.I)
# An organisation of local government named after its place ("Zaporizhzhia City Council", "Sumy
# Regional Military Administration") speaks for an office: its name is a source, not a place mention.
_LOCAL_GOVERNMENT = re.compile(r"\b(?:City Council|(?:Regional|Oblast|City|State)(?: Military| State)? Administration)$", re.I)
_BODY_AFTER = re.compile(r"^\s+(?:(?:regional|oblast|city|state)\s+(?:military\s+|state\s+)?administration|city\s+council)\b",
                         re.IGNORECASE)
# Degrees written after a name that normalise like a state's abbreviation ("M.D." and Maryland's "Md.").
DEGREES = frozenset({"md", "do", "rn", "pa", "np", "dds", "dmd", "dvm", "od", "ma", "ms"})
_DOTTED = re.compile(r"(?:[A-Z]\.){2,3}")
ACRONYM_MAX = 5  # "NATO", "CNN", "KBR": all-caps tokens this short are read as acronyms
# Prepositions that put something *in* a place ("near Jbeil"); "of" and "to" are left out, since
# "leader of Hamas" and "told CNN" are as common as "mayor of Kherson".
IN_PLACE = {"in", "near", "outside", "at", "into", "inside", "around", "across", "through", "throughout"}
_PLACE_OF = re.compile(r"\b(?:city|town|village|settlements?|hamlet|port|region|province|capital|outskirts|suburbs?)\s+of\s+(?:the\s+)?$", re.I)
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|central)"
_CONTAINER_AFTER = re.compile(
    rf"^(?:\s+{_REGION_WORD})?(?:\s*,\s*|\s+(?:of|in)\s+(?:the\s+)?(?:(?:{_DIRECTION})(?:ern)?\s+)?)$",
    re.IGNORECASE,
)
_RELATIVE_BEFORE = re.compile(
    rf"((?:\d[\d,.]*\s*(?:km|kilometres|kilometers|miles|mi)\s+)?{_DIRECTION}(?:ern)?\s+of\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:and|or|the|of|in)\s+", re.IGNORECASE)
_QUALIFIER = re.compile(rf"^(?:(?:{_DIRECTION})(?:ern)?|northern|southern|eastern|western)\s+", re.IGNORECASE)
LOCATIVE = {"in", "near", "outside", "at", "from", "into", "to", "around", "across", "toward", "towards",
            "through", "throughout", "inside", "within", "of", "across", "via"}
# Verbs whose object is a territory in war reporting ("captured Novohrodivka", "shelled Kherson"): as telling
# as a preposition. Verbs that take people as often ("took", "hit", "struck") are left out.
TERRITORY_VERBS = {"captured", "recaptured", "seized", "liberated", "retook", "shelled", "bombarded", "encircled",
                   "stormed", "occupied", "annexed", "evacuated", "besieged", "overran", "capture", "recapture",
                   "seize", "liberate", "retake", "shell", "encircle", "storm", "occupy", "annex", "evacuate"}
# ... and verbs of hitting, when a weapon or an attack is what hits ("shelling hit Shebekino", "a missile struck
# Dnipro"; not "the crisis would hit Tiraspol", "hit Smith").
ATTACK_VERBS = {"hit", "hits", "struck", "strike", "strikes", "targeted", "targets", "target", "pounded", "pound"}
_ATTACKER_BEFORE = re.compile(r"\b(?:shell(?:ing|s)?|strikes?|missiles?|drones?|rockets?|bombs?|artillery|attacks?|"
                              r"shahed|shaheds|glide bombs?|forces|troops|army)\b[^.!?]{0,40}$", re.IGNORECASE)
# Words after a name that only a place takes: "Kyiv-based analysts", "Lviv mayor Andriy Sadovyi said",
# "Kharkiv residents" (a sentence may open with them, where a bare capitalised name proves nothing).
_PLACE_NOUN_AFTER = re.compile(
    r"^(?:-based\b|\s+(?:mayor|governor|residents|police|firefighters|authorities|airport|suburbs?|outskirts)\b)",
    re.IGNORECASE)
# A date or time entity that opens with a capitalised name and goes on in lower case ("Kyiv overnight",
# "Kharkiv early on Monday"): the model swept a place into the time. Calendar words keep theirs.
_NAME_THEN_TIME = re.compile(r"([A-Z][\w'’-]+)\s+(?=[a-z])")
CALENDAR_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter",
    "new", "independence", "victory", "ramadan", "eid", "thanksgiving", "orthodox", "spring", "summer",
    "autumn", "winter", "fall", "last", "next", "this", "early", "late", "mid", "the", "a", "an", "one", "two",
})
# Streets and city districts: no gazetteer entry, but a place in the town the article is in (the places
# stage points them at that town). A street only after a locative preposition ("on Sadova Street"; not
# "Downing Street said", "Wall Street investors"); a district after "the" or a possessive ("in the
# Podilskyi district", "the city's Komunarskyi district").
STREET_WORDS = r"(?:Street|Avenue|Road|Boulevard|Square|Lane|Highway|Prospekt|Prospect|Embankment|Drive)"
_STREET = re.compile(rf"\b(?:[A-Z][\w'’-]+ ){{0,2}}[A-Z][\w'’-]+ {STREET_WORDS}\b")
_STREET_TAIL = re.compile(rf"\s{STREET_WORDS}$")
_DISTRICT = re.compile(r"(?:\bthe|['’]s)\s+((?:[A-Z][\w'’-]+ )?[A-Z][\w'’-]+)\s+(?:district|neighbou?rhood|microdistrict)\b")
_DISTRICT_TAIL = re.compile(r"\s(?:district|neighbou?rhood|microdistrict)$", re.IGNORECASE)
DISTRICT_AFTER = re.compile(r"^\s+(?:district|neighbou?rhood|microdistrict)\b")
# A river, reservoir or dam named with its generic word ("the Seym river", "the Kakhovka reservoir", "the
# Southern Bug estuary"): the gazetteer has no water bodies, and the article names it where it meets the
# story, so the places stage points it at the town the article puts it by (as for streets). Seas are left
# out: a sea's point is its middle, not a coastal town.
WATER_WORDS = r"(?:[Rr]iver|[Rr]eservoir|[Ee]stuary|[Dd]am|[Cc]anal|[Dd]elta)"
_WATER = re.compile(rf"\b(?:[A-Z][\w'’-]+ )?[A-Z][\w'’-]+ {WATER_WORDS}\b")
_WATER_TAIL = re.compile(rf"\s{WATER_WORDS}$")
STREET_BEFORE = {"on", "in", "at", "along", "near", "off", "of", "down", "up", "from", "to", "onto", "into"}
# Sports: a place name is a club's when the words around it make it one. Club words written before or
# after a town's name ("Dynamo Kyiv", "Zorya Luhansk", "Atletico Madrid", "Leeds United"): a data table,
# since no parse tells a club's first name from a person's; the structural cue (a sports verb's
# subject or object, in an article about a match) covers clubs without such a word.
TEAM_BEFORE = frozenset({
    "dynamo", "dinamo", "shakhtar", "zorya", "vorskla", "metalist", "karpaty", "chornomorets", "kryvbas",
    "polissya", "rukh", "kolos", "real", "atletico", "atlético", "sporting", "royal", "olympique",
    "borussia", "bayern", "inter", "fc", "ac", "sc", "cska", "spartak", "lokomotiv", "zenit", "rubin", "akhmat",
    "racing", "hertha", "eintracht", "hapoel", "maccabi", "partizan", "legia", "slavia", "sparta",
    "ferencvaros", "galatasaray", "fenerbahce", "besiktas", "ajax", "psv", "anderlecht",
})
TEAM_AFTER = frozenset({"fc", "united", "rovers", "wanderers", "athletic", "albion", "hotspur", "city fc"})
# Words that make an article a match report (at least two distinct ones): only there do the sports
# verbs below read their subject or object as a team ("Ukraine's team plays Georgia in Tbilisi").
SPORTS_WORDS = frozenset({"goalkeeper", "striker", "midfielder", "defender", "league", "stadium", "penalty",
                          "derby", "kick-off", "fixture", "footballer", "goals", "scored", "referee", "coach",
                          "tournament", "champions", "playoff", "semi-final", "quarter-final", "halftime",
                          "half-time", "match", "matches"})
_SPORTS_WORD = re.compile(r"\b(?:" + "|".join(sorted(SPORTS_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
SPORTS_VERBS = frozenset({"beat", "defeat", "thrash", "play", "draw", "lead", "trail", "deny", "edge", "rout",
                          "eliminate", "overcome", "outplay", "trounce", "hammer", "face", "host", "meet",
                          "score", "concede", "lose", "win", "top", "overtake"})
SPORTS_ROLE_WORDS = frozenset({"leaders", "champions", "hosts", "visitors", "rivals", "opponents", "holders",
                               "against", "versus", "vs"})
# "State Emergency Service of Ukraine", "Armed Forces of Ukraine", "Security Service of Ukraine": a
# body's name that ends in its country names the body; "University of Kentucky" still names the place.
_BODY_OF = re.compile(
    r"\b[A-Z][\w'’-]*\s+(?:Service|Services|Ministry|Committee|Council|Agency|Bureau|Department|Office|"
    r"Commission|Directorate|Guard|Forces|Command|Staff|Prosecutor|Parliament|Cabinet|Government|Bank|"
    r"Court|Inspectorate|Administration)\s+of\s+(?:the\s+)?$")


@dataclass(slots=True)
class Toponym:
    start: int
    end: int
    region: bool = False  # the text calls it a region ("the Donetsk region", "Kherson Oblast")
    within: int | None = None  # index of the toponym the text puts it in ("..., Ukraine")
    relative: str | None = None  # "northwest of", "30 km east of"
    qualifier: str | None = None  # "eastern" in "eastern Ukraine"
    source: str = "ner"  # ner | gazetteer | relabel | org | dateline | facility | river | street | water | district | listed | repeat
    abbreviations: bool = False  # after "City, ": "Ky." may be Kentucky
    name: str | None = None  # the name to look up when it is not the surface ("Crimea" for "Crimean peninsula")


def _clean_span(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """Drop a leading conjunction or article the model swept in ("and Eastern Europe") and a
    direction adjective ("eastern Ukraine", returned as the qualifier)."""
    qualifier = None
    for _ in range(4):  # "Central and Eastern Europe": a few words at most
        m = _LEADING.match(text[start:end]) or _QUALIFIER.match(text[start:end])
        if not m or m.end() >= end - start:
            break
        if m.re is _QUALIFIER:
            qualifier = m.group(0).strip().lower()
        start += m.end()
    return start, end, qualifier


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 20) : start])
    return m.group(1).lower() if m else ""


def _has_context(text: str, start: int, end: int) -> bool:
    """The words around a name say 'place': a locative preposition, 'X region', 'X, Country', 'north of X'."""
    after = text[end : end + WINDOW]
    before = text[max(0, start - WINDOW) : start]
    return (
        _prev_word(text, start) in LOCATIVE
        or _territory_object(text, start)
        or bool(_REGION_AFTER.match(after) or _REGIONS_AFTER.match(after))
        or bool(_RELATIVE_BEFORE.search(before))
        or bool(re.match(r"^,\s+[A-Z]", after))
        or bool(_LIST_THEN_REGIONS.match(after))
        or bool(_PLACE_NOUN_AFTER.match(after))
    )


def _territory_object(text: str, start: int) -> bool:
    """The name is the object of a verb of taking or of an attack ("captured Novohrodivka", "shelling hit
    Shebekino"): in war reporting, as sure a sign of a place as "in"."""
    prev = _prev_word(text, start)
    return prev in TERRITORY_VERBS or (prev in ATTACK_VERBS and bool(_ATTACKER_BEFORE.search(text[max(0, start - WINDOW) : start])))


# "in Taylor's case": after a possessive the locative governs the noun that follows, so for a name the
# article gives to a person, "in" before it says nothing about a place.
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")


def _surnames(entities: list[Entity], text: str) -> set[str]:
    """Last names of people named in full: a PERSON 'Kherson' is then a person, not a city."""
    out = set()
    for e in entities:
        if e.label == "PERSON":
            toks = text[e.start : e.end].split()
            if len(toks) > 1:
                out.update(t.lower() for t in toks)
    return out


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or "\n" in before or bool(re.search(r"[.!?\"“]\s*$", before))


# Entity labels that say "not a place" when the model gives them to a name elsewhere in the article.
NON_PLACE_LABELS = ("PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "PLATFORM", "ACCOUNT",
                    "MEDIA", "OUTLET")
_NEXT_WORD = re.compile(r"^[ \t]*([A-Za-z][\w'’]*)")
# Parts of speech of a following word that make the name a modifier in its noun phrase ("the
# Kherson offensive", "the Gainesville police"): then the name still refers to the place.
MODIFIED_POS = ("NOUN", "PROPN", "ADJ", "NUM")


class _Reading:
    """Whether a name is read as a place in its context (one per article: caches its lookups)."""

    def __init__(self, article: Article, gaz: Gazetteer):
        self.article, self.gaz, self.text = article, gaz, article.text
        ents = article.entities
        self.other_named = {self.text[e.start : e.end] for e in ents if e.label in NON_PLACE_LABELS}
        self.person_starts = {e.start for e in ents if e.label == "PERSON"}
        doc = article.nlp_doc
        self.tokens = list(doc) if doc is not None else []
        self.token_starts = [t.idx for t in self.tokens]
        self.credits = [(p.start, p.end) for p in article.paragraphs if p.kind == "credit"]
        self.is_sports = len({m.group(0).lower() for m in _SPORTS_WORD.finditer(self.text)}) >= 2

    def _line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def _token_at(self, start: int, end: int):
        """The last token of the span (its syntactic head for a one- or two-word name)."""
        i = bisect.bisect_left(self.token_starts, end) - 1
        return self.tokens[i] if 0 <= i < len(self.tokens) and self.tokens[i].idx >= start else None

    def government(self, start: int, end: int) -> bool:
        """A capital named for its government: the subject of a verb other than one of being or
        suffering ("Moscow said", "Washington has lifted its ban"; not "Kyiv was shelled", "Kyiv
        remained calm"), the one accused or urged ("accused Kyiv of"), the owner of an office or
        offer ("Kyiv's ombudsman", not "Kyiv's mayor"), the party to ties or talks ("ties with
        Kyiv", "accusations between Kyiv and Moscow"), or "the Kyiv regime"."""
        tok = self._token_at(start, end)
        if tok is None:
            return False
        if tok.dep_ not in ("pobj", "conj") and _SAYING_AFTER.match(self.text[end : end + 20]):
            return True  # "a figure Chisinau disputes": the parser made the verb a noun
        for _ in range(3):  # "Kyiv and Moscow": a conjunct reads like the first one
            if tok.dep_ == "conj" and tok.head is not tok:
                tok = tok.head
        head = tok.head
        dep = tok.dep_
        if dep == "nsubj" and head.pos_ in ("VERB", "AUX"):
            if head.lemma_.lower() == "be":  # "Moscow was ready to talk", not "Kyiv was calm"
                return any(c.dep_ == "acomp" and c.lemma_.lower() in WILLING for c in head.children)
            return head.lemma_.lower() not in PLACE_VERBS
        if dep == "dobj" and head.pos_ == "VERB":
            return head.lemma_.lower() in GOVERNMENT_OBJECT_VERBS
        if dep == "poss":
            return head.lemma_.lower() in GOVERNMENT_POSSESSIONS
        if dep in ("compound", "amod", "nmod") and head.lemma_.lower() in GOVERNMENT_NOUNS:
            return True
        if dep == "pobj" and head.dep_ == "prep" and head.lemma_.lower() == "on":
            return head.head.lemma_.lower() in PRESSURE_NOUNS  # "pressure on Kyiv", not "the attack on Kyiv"
        if dep == "pobj" and head.dep_ == "prep" and head.lemma_.lower() in ("with", "between"):
            return head.head.lemma_.lower() in RELATION_NOUNS
        return False

    def team(self, start: int, end: int) -> bool:
        """A club named after its town: a club word beside the name ("Zorya Luhansk", "Leeds United"), or,
        in a match report, the subject or object of a sports verb or a team's role word ("beat Antwerp",
        "denied Antwerp a goal", "plays Georgia in Tbilisi", "behind leaders Oleksandriya")."""
        before = re.search(r"([A-Za-zÀ-ÿ]+)[ \t]+$", self.text[max(0, start - 25) : start])
        if before and before.group(1)[0].isupper() and before.group(1).lower() in TEAM_BEFORE:
            return True
        after = _NEXT_WORD.match(self.text[end : end + 20])
        if after and after.group(1)[0].isupper() and after.group(1).lower() in TEAM_AFTER:
            return True
        if not self.is_sports:
            return False
        if before and before.group(1).lower() in SPORTS_ROLE_WORDS:
            return True
        tok = self._token_at(start, end)
        if tok is None:
            return False
        if tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        head = tok.head
        if tok.dep_ in ("nsubj", "dobj", "dative") and head.pos_ in ("VERB", "AUX"):
            return head.lemma_.lower() in SPORTS_VERBS
        if tok.dep_ == "pobj" and head.lower_ in ("against", "over", "to", "versus", "vs") and head.head.pos_ == "VERB":
            return head.head.lemma_.lower() in SPORTS_VERBS
        return False

    def definite_head(self, start: int, end: int) -> bool:
        """'the X' where X heads its noun phrase ("the White House said"), not a modifier
        ("the Kherson offensive", "the Moscow-backed forces")."""
        if not re.search(r"(?:^|[^\w])[Tt]he\s$", self.text[max(0, start - 5) : start]):
            return False
        if self.text[end : end + 1] == "-":
            return False
        i = bisect.bisect_left(self.token_starts, end)
        while i < len(self.tokens) and self.tokens[i].is_space:
            i += 1
        tok = self.tokens[i] if i < len(self.tokens) else None
        if tok is not None:
            return tok.is_punct or tok.pos_ not in MODIFIED_POS
        m = _NEXT_WORD.match(self.text[end : end + 30])
        return not (m and m.group(1)[0].isupper())

    def ok(self, start: int, end: int) -> bool:
        """False when the words around the name read it as something other than a place: an
        abstraction ("the West"), an organisation or outlet ("NATO", "CNN", "the Kyiv Post"), a
        seat of government used for the government ("the White House said"), part of a person's
        name ("Georgia Harrison"), unless the text states a place reading ("X, Country", "X region")."""
        text, gaz = self.text, self.gaz
        surface = text[start:end]
        norm = normalise(surface)
        after = text[end : end + WINDOW]
        stated = bool(re.match(r"^,\s+[A-Z]", after) or _REGION_AFTER.match(after) or _REGIONS_AFTER.match(after))
        if (norm in ABSTRACT_PLACES or norm in NON_PLACE_NAMES) and not stated:
            return False
        if _DOTTED.fullmatch(surface) and norm in DEGREES:
            return False  # "Charles W. Murphy, M.D.": a degree, not Maryland's "Md."
        m_after = _NAME_WORDS_AFTER.match(after)
        if m_after and not stated and any(w.lower() in ORG_HEAD_WORDS for w in re.findall(r"[A-Za-z]+", m_after.group(0))):
            return False  # "the Kyiv School of Economics", "Moscow Patriarchate": an organisation's name
        if _BODY_AFTER.match(after):
            return False  # "the Odesa regional military administration said": an office speaking, not a place
        credit = _CREDIT_LINE.match(text[self._line_start(start) : start])
        # ... only its first words: "Photo: Firefighters work at the site of the strike in Odesa" is a caption,
        # whose places are the picture's
        if any(a <= start < b for a, b in self.credits) or (
                credit and len(text[self._line_start(start) + credit.end() : start].split()) <= CREDIT_MAX_WORDS):
            return False  # "Photo: Sumy Regional Military Administration": a credit line names its source
        if _BODY_OF.search(text[max(0, start - 60) : start]):
            return False  # "the State Emergency Service of Ukraine": the body's name, not a place mention
        if self.team(start, end):
            return False  # "Zorya Luhansk", "beat Antwerp": a club, not its town
        prev = _prev_word(text, start)
        m = _NEXT_WORD.match(after)
        if m and m.group(1)[0].isupper():
            if m.group(1).lower() in MEDIA_WORDS:
                return False  # "Kyiv Post", "Moscow Times": an outlet's masthead
            if m.group(1).lower() in FORMATION_WORDS:
                return False  # "Africa Corps", "Black Sea Fleet": a formation named after its theatre
            if end + m.start(1) in self.person_starts and not surface.isupper() and prev not in LOCATIVE:
                return False  # "with Georgia Harrison" where the model split the name (not "to Egypt Dan Kurtzer")
        cands = gaz.candidates(surface, abbreviations=True)
        if not cands or stated:
            return True
        admin = any(c.level <= LEVEL_ADMIN1 for c in cands)
        own = any(is_own_name(c, norm) for c in cands)
        if any(c.is_capital and c.level == LEVEL_CITY for c in cands) and not any(
                c.level == LEVEL_COUNTRY for c in cands) and self.government(start, end):
            return False  # "Moscow said", "accused Kyiv of": the government, not the city
        if admin:
            return True  # countries and first-level regions: curated names, and "the" is normal ("the Crimea")
        if (all(c.level == LEVEL_CITY for c in cands) and prev == "the" and self.definite_head(start, end)
                and not gaz.has("the " + surface)):
            return False  # "water from the Dnipro", "the Bug": towns take no article, rivers do
        letters = sum(ch.isalpha() for ch in surface)
        if surface.isupper() and letters <= ACRONYM_MAX and (not own or surface in self.other_named):
            return False  # an acronym: "CNN" is only an airport code of Kannur, "NATO" the alliance
        if surface in self.other_named:
            if not own and not (prev in IN_PLACE or _PLACE_OF.search(text[max(0, start - 20) : start])):
                return False  # the model reads it as an organisation or person, and no town has it as its own name
            if self.definite_head(start, end) and not gaz.has("the " + surface):
                return False  # "the White House said": an institution the model tags ORG, not the town
        return True


def recognise(article: Article, gaz: Gazetteer, demonyms: Demonyms) -> list[Toponym]:
    """Toponym spans in reading order; may relabel entities the gazetteer shows to be places."""
    text = article.text
    ents = article.entities
    found: list[Toponym] = []
    covered: list[tuple[int, int]] = []
    surnames = _surnames(ents, text)
    place_labels: Counter = Counter(text[e.start : e.end] for e in ents if e.label in PLACE_LABELS)
    other_labels: Counter = Counter(text[e.start : e.end] for e in ents if e.label in RELABEL_FROM)
    reading = _Reading(article, gaz)

    def add(start: int, end: int, source: str) -> None:
        lead = _LEADING.match(text[start:end])
        if lead and lead.end() < end - start:
            start += lead.end()
        qual = None
        if not gaz.has(text[start:end]):  # "South Carolina" stays whole; "eastern Ukraine" loses "eastern"
            s0 = start
            start, end, qual = _clean_span(text, start, end)
            if qual and text[s0].isupper() and not any(
                    c.level <= LEVEL_ADMIN1 or is_own_name(c, normalise(text[start:end]))
                    for c in gaz.candidates(text[start:end])):
                # "the Southern Bug": a capitalised direction is part of a name (a river) whose rest is
                # only some town's alternate name (Benguela's "Bug"); "Eastern Ukraine" still loses it
                start, qual = s0, None
        surface = text[start:end]
        region = False
        if not gaz.has(surface):
            m = _GENERIC_TAIL.search(surface) or _REPUBLIC_TAIL.search(surface)
            if m and gaz.has(surface[: m.start()]):
                end = start + m.start()
                region = True
        found.append(Toponym(start, end, region=region, qualifier=qual, source=source))

    for e in ents:
        surface = text[e.start : e.end]
        if e.label in PLACE_LABELS:
            if demonyms.lookup(surface) and not gaz.has(surface):
                continue  # a nationality the model took for a place
            if surface.islower() and not gaz.has(surface):
                continue  # "grams of meth", "possession of marijuana": a proper name is capitalised
            if e.label == "FAC" and not gaz.has(surface):
                continue  # buildings and roads: not in a gazetteer of places, not what analysts map
            if surface.lower() in surnames and (not _has_context(text, e.start, e.end)
                                                or _POSSESSIVE_AFTER.match(text[e.end : e.end + 3])):
                continue  # "Kristina" said alone after "Kristina Olsen" is the person again; so is "in Taylor's case"
            if (other_labels[surface] >= place_labels[surface] and not _strong(gaz, surface)
                    and not _has_context(text, e.start, e.end)):
                continue  # the model itself mostly reads the name otherwise, and the gazetteer is weak
            covered.append((e.start, e.end))
            pos = e.start
            for part in re.split(r"(,\s+)", surface):  # "Paris, Texas" -> two toponyms
                if part.strip() and not part.startswith(",") and reading.ok(*_stripped(text, pos, pos + len(part))):
                    add(pos, pos + len(part), "ner")
                pos += len(part)
        elif (e.label in RELABEL_FROM or (e.label == "NORP" and not demonyms.lookup(surface)
                                           and _REGION_AFTER.match(text[e.end : e.end + WINDOW]))) \
                and (" " not in surface.strip() or _exact_multiword(gaz, surface) or _region_named(gaz, surface)):
            cands = gaz.candidates(surface)
            if not cands or surface.lower() in surnames or surface.lower() in GENERIC_WORDS:
                continue
            # A country's own name or curated short form ("Ukraine's General Staff", "the UAE said")
            # that the model tagged ORG is the country: states act, and are still places.
            country = e.kind != "media" and any(c.level == LEVEL_COUNTRY for c in cands) and not surface.isupper() \
                or (surface.isupper() and any(c.level == LEVEL_COUNTRY and c.kind != 0 for c in cands))
            # "the settlement of Tsukuryne": the words before it say "town", so a village of any size will do
            place_of = bool(_PLACE_OF.search(text[max(0, e.start - 30) : e.start]))
            strong = any(c.level <= LEVEL_ADMIN1 for c in cands) or any(
                c.level == LEVEL_CITY and (c.population >= MIN_POP_RELABEL or place_of) for c in cands)
            # "Henry County", "Charles City", "James River": a multiword name that ends in a
            # geographic word and is some place's own name is that place, whoever it was taken for.
            named_place = " " in surface.strip() and bool(_GEO_TAIL.search(surface)) and e.kind != "media"
            if (named_place or country or (strong and (_has_context(text, e.start, e.end) or (
                    e.label == "PERSON" and _well_known(gaz, surface, text, e.start, e.end))))) \
                    and reading.ok(e.start, e.end):
                e.label = "GPE"  # the general correction layer: the gazetteer and the context agree
                covered.append((e.start, e.end))
                add(e.start, e.end, "relabel")
        if e.label == "ORG" and " " in surface.strip() and e.kind != "media" and not _is_outlet(surface):
            for s0, e0 in (() if _LOCAL_GOVERNMENT.search(surface) else _embedded(text, e.start, e.end, gaz)):
                if reading.ok(s0, e0):
                    found.append(Toponym(s0, e0, source="org"))  # "Gainesville Police", "University of Kentucky"
        if e.label not in PLACE_LABELS:
            start = e.start
            if e.label in ("DATE", "TIME"):
                # "at Kyiv overnight" tagged as one TIME: the leading name is left to the gazetteer's reading
                m = _NAME_THEN_TIME.match(surface)
                if m and m.group(1).lower() not in CALENDAR_WORDS:
                    start = e.start + m.end()
            covered.append((start, e.end))  # "in March" is a date, whatever the gazetteer says

    found.extend(t for t in _gazetteer_matches(article, gaz, demonyms, covered, surnames) if reading.ok(t.start, t.end))
    found.extend(_facilities(text, gaz, found))
    found.extend(_peninsulas(text, gaz, found))
    found.extend(_rivers(text, gaz, found, ents))
    found.extend(_local_features(text, gaz, found))
    found.extend(_dateline(article, gaz, found))
    # One name, one reading: a name taken as a place once is a place wherever the model
    # tagged it otherwise (a sentence-initial "Kherson remained without power").
    # A name listed with a place ("in Batumi and Kutaisi") is read like it when the gazetteer agrees.
    place_names = {text[t.start : t.end] for t in found}
    ends = {t.end for t in found}
    for e in ents:
        surface = text[e.start : e.end]
        if e.label not in RELABEL_FROM or " " in surface.strip() or surface.lower() in surnames:
            continue
        listed = False
        if any(0 <= e.start - end <= 8 and _LIST_SEP.match(text[end : e.start]) for end in ends):
            cands = gaz.candidates(surface)
            listed = any(c.level <= LEVEL_ADMIN1 or c.population >= MIN_POP_RELABEL for c in cands)
        if ((surface in place_names and (_strong(gaz, surface) or place_labels[surface] > other_labels[surface]))
                or listed) and reading.ok(e.start, e.end):
            e.label = "GPE"
            found.append(Toponym(e.start, e.end, source="relabel"))
    found.extend(_listed(text, ents, found, gaz, reading))
    found.extend(_repeats(text, ents, found, gaz, reading))
    # A name the gazetteer does not know stays (said unresolved) only when the text itself says
    # "place": a locative preposition or a geographic word ("the Neches River", "near Zarvorivka").
    found = [t for t in found if t.source != "ner" or gaz.candidates(text[t.start : t.end], abbreviations=True)
             or _has_context(text, t.start, t.end) or _GEO_WORD.search(text[t.start : t.end])
             or local_kind(text, t.start, t.end)]
    found.sort(key=lambda t: (t.start, -t.end))
    dedup: list[Toponym] = []
    for t in found:
        if dedup and t.start < dedup[-1].end:
            continue
        dedup.append(t)
    found = dedup[:MAX_TOPONYMS]
    link(text, found)
    return found


# A plant, dam or refinery named after its town ("the Burshtyn power plant", "the Kakhovka dam", "the Cuciurgan
# power station"): the name is the town's, and the town is where the story happens (the gazetteer has no
# facilities). Only a town's own name counts, never a mere alternate name.
_FACILITY = re.compile(
    r"\b((?:[A-Z][\w'’-]+ )?[A-Z][\w'’-]+) (?:(?:nuclear|thermal|hydroelectric|hydro|coal-fired|gas-fired)\s+)?"
    r"(?:[Pp]ower [Pp]lant|[Pp]ower [Ss]tation|[Dd]am|[Rr]efinery|[Oo]il [Dd]epot|[Ff]uel [Dd]epot|"
    r"[Hh]ydroelectric [Pp]lant|HPP|TPP|NPP)\b")


def _facilities(text: str, gaz: Gazetteer, found: list[Toponym]) -> list[Toponym]:
    """The town a facility is named after (see _FACILITY), when no toponym covers it yet."""
    taken = [(t.start, t.end) for t in found]
    out = []
    for m in _FACILITY.finditer(text):
        s0, e0 = m.span(1)
        lead = re.match(r"(?:The|A|An|On|In|At|Near|Of) ", text[s0:e0])
        if lead:
            s0 += lead.end()
        name = text[s0:e0]
        if name.lower() in GENERIC_WORDS or any(a < e0 and s0 < b for a, b in taken):
            continue
        key = normalise(name)
        if any(c.level == LEVEL_CITY and c.kind == 0 and is_own_name(c, key) for c in gaz.candidates(name)):
            out.append(Toponym(s0, e0, source="facility"))
            if len(out) >= MAX_TOPONYMS:
                break
    return out


# "the Crimean peninsula": a region named by its adjective before "peninsula" (the gazetteer has the region,
# not the adjective); only a first-level region answers, so "the Korean Peninsula" stays unplaced.
_PENINSULA = re.compile(r"\b([A-Z][a-z]+) [Pp]eninsula\b")


def _peninsulas(text: str, gaz: Gazetteer, found: list[Toponym]) -> list[Toponym]:
    out = []
    for m in _PENINSULA.finditer(text):
        s0, e0 = m.span()
        if any(t.start < e0 and s0 < t.end for t in found):
            continue
        adj = m.group(1)
        for stem in (adj[:-1], adj[:-2], adj) if adj.endswith("n") else (adj,):
            if any(c.level == LEVEL_ADMIN1 for c in gaz.candidates(stem)):
                out.append(Toponym(s0, e0, region=True, source="peninsula", name=stem))
                break
        if len(out) >= MAX_TOPONYMS:
            break
    return out


# A name listed right after a place ("near Bakhmut and Chasiv Yar", "Vuhledar and Velyka Novosilka"): one to
# three capitalised words after "and", "or" or a comma.
_LISTED_NEXT = re.compile(r"(?:\s*,\s*and|\s*,|\s+and|\s+or|\s*&)\s+([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})")


def _listed(text: str, ents: list[Entity], found: list[Toponym], gaz: Gazetteer, reading: _Reading) -> list[Toponym]:
    """Names listed with a place that the model left untagged or tagged as a person or organisation: a town
    by its own name (of MIN_POP_RELABEL people, or any size after "villages of") is read like the place
    before it. Follows the list along (at most MAX_NGRAM names past each place)."""
    ent_at = {(e.start, e.end): e.label for e in ents}
    spans = [(e.start, e.end) for e in ents]
    taken = [(t.start, t.end) for t in found]
    out: list[Toponym] = []
    for t in sorted(found, key=lambda t: t.start):
        if t.source not in ("ner", "relabel", "gazetteer", "dateline"):
            continue
        end = t.end
        many = bool(_PLACE_OF.search(text[max(0, t.start - 30) : t.start]))
        for _ in range(MAX_NGRAM):
            m = _LISTED_NEXT.match(text, end)
            if not m:
                break
            words = m.group(1).split(" ")
            hit = None
            for n in range(len(words), 0, -1):
                s0 = m.start(1)
                e0 = s0 + len(" ".join(words[:n]))
                name = text[s0:e0]
                if name.lower() in GENERIC_WORDS:
                    continue
                key = normalise(name)
                if any(c.level == LEVEL_CITY and is_own_name(c, key)  # a respelling too: "Marinka" for Mar'yinka
                       and (c.population >= MIN_POP_RELABEL or many) for c in gaz.candidates(name)):
                    hit = (s0, e0)
                    break
            if hit is None:
                break
            s0, e0 = hit
            if any(a < e0 and s0 < b for a, b in taken):
                end = e0
                continue  # already a place: go on along the list
            label = ent_at.get((s0, e0))
            overlapping = any(a < e0 and s0 < b for a, b in spans)
            if (overlapping and label not in (*RELABEL_FROM, *PLACE_LABELS)) or not reading.ok(s0, e0):
                break
            out.append(Toponym(s0, e0, source="listed"))
            taken.append((s0, e0))
            end = e0
        if len(out) >= MAX_TOPONYMS:
            break
    return out


# A river named without its word, as rivers are, after "the" ("on the Danube", "across the Dnipro", "the Danube
# ports"): the gazetteer has only towns of that name, and a town takes no article, so it is the river, placed
# by the town the article puts it by (places stage). Only after a preposition or before a word of the river's.
_RIVER = re.compile(r"\b(?:on|across|along|of|over|up|down|near|by|from|to|into|in|at|beyond|behind|through|via|"
                    r"past|towards?|for|with)\s+the\s+"
                    r"([A-Z][a-z'’-]+)(?=\s+(?:ports?|banks?|delta|estuary|embankment)\b|\s*[,.;:)]|\s+(?:in|near|at|river)\b)")


_RIVER_WORD_AFTER = re.compile(r"\s+(?:ports|delta|estuary)\b")  # not "bank": "the Ukrainian bank"
_BANK_OF = re.compile(r"\b(?:banks?|mouth|shores?)\s+of\s+the\s+$")


def _rivers(text: str, gaz: Gazetteer, found: list[Toponym], ents: list[Entity]) -> list[Toponym]:
    """Rivers named after "the" (see _RIVER). A toponym already taken there ("the Dnipro" the model tagged as a
    place) becomes the river; a name the model took for a person or organisation is read as the river too."""
    out = []
    other = [(e.start, e.end) for e in ents if e.label in NON_PLACE_LABELS]
    same = {(t.start, t.end): t for t in found}
    for m in _RIVER.finditer(text):
        s0, e0 = m.span(1)
        name = m.group(1)
        norm = normalise(name)
        if norm in NON_PLACE_NAMES or norm in ABSTRACT_PLACES or name.lower() in GENERIC_WORDS:
            continue
        after = text[e0 : e0 + WINDOW]
        if _REGION_AFTER.match(after) or _REGIONS_AFTER.match(after) or _LIST_THEN_REGIONS.match(after):
            continue  # "in the Kherson and Kharkiv regions"
        if any(t.start < e0 and s0 < t.end for t in found if (t.start, t.end) != (s0, e0)) or any(
                a < e0 and s0 < b and (a, b) != (s0, e0) for a, b in other):
            continue
        cands = gaz.candidates(name)
        if not cands and not (_RIVER_WORD_AFTER.match(text, e0) or _BANK_OF.search(text, max(0, s0 - 20), s0)):
            continue  # a name the gazetteer lacks is a river only beside a river's word ("the Danube ports")
        # towns only, or regions that merely list the name (Dnipropetrovsk Oblast lists "Dnipro")
        if gaz.has("the " + name) or not all(
                c.level == LEVEL_CITY or (c.level in (LEVEL_ADMIN1, LEVEL_ADMIN2) and c.kind != 0) for c in cands):
            continue
        if (s0, e0) in same:
            same[(s0, e0)].source = "river"
            continue
        out.append(Toponym(s0, e0, source="river"))
        if len(out) >= MAX_TOPONYMS:
            break
    return out


def _repeats(text: str, ents: list[Entity], found: list[Toponym], gaz: Gazetteer, reading: _Reading) -> list[Toponym]:
    """One name, one reading, where the model tagged nothing: a name read as a place elsewhere in the
    article is a place at its other occurrences that no entity covers ("Background: Tsukuryne lies ...").
    One regex over the text for all the names (bounded work, whatever the number of names)."""
    names = {text[t.start : t.end] for t in found if t.source in ("ner", "relabel", "gazetteer", "dateline", "listed")}
    names = sorted((n for n in names if len(n) > 2 and n[0].isupper() and gaz.has(n)), key=len, reverse=True)
    if not names:
        return []
    taken = sorted([(t.start, t.end) for t in found] + [(e.start, e.end) for e in ents])
    starts = [a for a, _ in taken]
    max_end = list(itertools.accumulate((b for _, b in taken), max))
    out = []
    for m in re.finditer(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])", text):
        s0, e0 = m.span()
        k = bisect.bisect_left(starts, e0) - 1
        if (k >= 0 and max_end[k] > s0) or not reading.ok(s0, e0):
            continue
        out.append(Toponym(s0, e0, source="repeat"))
        if len(out) >= MAX_TOPONYMS:
            break
    return out


def _local_features(text: str, gaz: Gazetteer, found: list[Toponym]) -> list[Toponym]:
    """Streets and city districts the model and the gazetteer missed (see STREET_WORDS)."""
    taken = [(t.start, t.end) for t in found]
    facilities = [(t.start, t.end) for t in found if t.source == "facility"]
    out = []
    for m in _STREET.finditer(text):
        s0, e0 = m.start(), m.end()
        lead = re.match(r"(?:The|A|An|On|In|At) ", text[s0:e0])
        if lead:
            s0 += lead.end()
        if _prev_word(text, s0) not in STREET_BEFORE or any(a < e0 and s0 < b and not (s0 <= a and b <= e0)
                                                             for a, b in taken):  # "Hertford" gives way to "Hertford Road"
            continue
        out.append(Toponym(s0, e0, source="street"))
        if len(out) >= MAX_TOPONYMS:
            return out
    for m in _WATER.finditer(text):
        s0, e0 = m.start(), m.end()
        lead = re.match(r"(?:The|A|An|On|In|At|Near|Across|Over) ", text[s0:e0])
        if lead:
            s0 += lead.end()
        if text[s0:e0].rsplit(" ", 1)[0].lower() in GENERIC_WORDS or any(
                a < e0 and s0 < b and not (s0 <= a and b <= e0) for a, b in taken) or any(
                a < e0 and s0 < b for a, b in facilities):
            continue  # "the Kakhovka dam" is placed at Kakhovka, the town it is named after
        out.append(Toponym(s0, e0, source="water"))
        if len(out) >= MAX_TOPONYMS:
            return out
    for m in _DISTRICT.finditer(text):
        s0, e0 = m.start(1), m.end(1)
        if text[s0:e0].lower() in GENERIC_WORDS or any(a < e0 and s0 < b for a, b in taken):
            continue
        out.append(Toponym(s0, e0, region=True, source="district"))
        if len(out) >= MAX_TOPONYMS:
            break
    return out


def local_kind(text: str, start: int, end: int) -> str | None:
    """"street" for a street's name ("Sadova Street"), "water" for a river's or reservoir's ("Seym river"),
    "district" for a name before "district", else None."""
    if _STREET_TAIL.search(text[start:end]):
        return "street"
    if _WATER_TAIL.search(text[start:end]):
        return "water"
    if DISTRICT_AFTER.match(text[end : end + 20]) or _DISTRICT_TAIL.search(text[start:end]):
        return "district"
    return None


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a leading "the"/"and" the model swept in (as ``add`` will cut it)."""
    lead = _LEADING.match(text[start:end])
    return (start + lead.end(), end) if lead and lead.end() < end - start else (start, end)


def _is_outlet(name: str) -> bool:
    """An organisation named like a news outlet ("The Kyiv Independent", "Moscow Times")."""
    words = re.findall(r"[A-Za-z]+", name)
    return len(words) > 1 and words[-1].lower() in MEDIA_WORDS and words[-1][0].isupper()


def _dateline(article: Article, gaz: Gazetteer, found: list[Toponym]) -> list[Toponym]:
    """The dateline's place ("MANSFIELD, Ohio -"): a place by position, whatever the model tagged."""
    from .roles import dateline_span

    span = dateline_span(article)
    if span is None:
        return []
    out = []
    pos = span[0]
    for part in re.split(r"(,\s*)", article.text[span[0] : span[1]]):
        s0, e0 = pos, pos + len(part)
        pos = e0
        if not part.strip() or part.startswith(",") or any(t.start < e0 and s0 < t.end for t in found):
            continue
        if gaz.candidates(part, abbreviations=True):
            out.append(Toponym(s0, e0, source="dateline", abbreviations=True))
            for e in article.entities:
                if e.start == s0 and e.end == e0 and e.label in RELABEL_FROM:
                    e.label = "GPE"
    return out


_PERSON_AFTER = re.compile(r"^\s+(?:said|says|told|added|wrote|asked|explained|noted|argued|who|,\s+who)\b")
_PERSON_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Coach|Judge|Officer|Sgt|Lt|Capt)\.?\s+$")
MIN_POP_WELL_KNOWN = 100_000  # a city this big is a place even without a preposition ("Gainesville police")


def _well_known(gaz: Gazetteer, name: str, text: str, start: int, end: int) -> bool:
    """A name the model called a person that is a country, a region or a big city by its own name,
    with nothing around it that says person (a title before, "said" after)."""
    if _PERSON_AFTER.match(text[end : end + 20]) or _PERSON_BEFORE.search(text[max(0, start - 12) : start]):
        return False
    key = normalise(name)
    return any(is_own_name(c, key) and (c.level <= LEVEL_ADMIN1 or (c.level == LEVEL_CITY and c.population >= MIN_POP_WELL_KNOWN))
               for c in gaz.candidates(name))


def _region_named(gaz: Gazetteer, name: str) -> bool:
    """"Sumy Oblast", "Kursk region": a name and a region word whose name the gazetteer has as a region."""
    m = _GENERIC_TAIL.search(name)
    return bool(m) and any(c.level in (LEVEL_ADMIN1, LEVEL_ADMIN2) for c in gaz.candidates(name[: m.start()]))


def _exact_multiword(gaz: Gazetteer, name: str) -> bool:
    """A multiword name that is some place's own name ("Parkers Prairie", "Pointe Coupee")."""
    return any(c.kind == 0 for c in gaz.candidates(name)) and name.count(" ") < MAX_NGRAM


def _strong(gaz: Gazetteer, name: str) -> bool:
    if name.lower() in GENERIC_WORDS:
        return False
    for c in gaz.candidates(name):
        if c.kind == 0 and (c.level <= LEVEL_ADMIN1 or (c.level == LEVEL_ADMIN2 and " " in name)):
            return True
        if c.level == LEVEL_CITY and c.population >= MIN_POP_EMBEDDED and is_own_name(c, normalise(name)):
            return True  # not by an alternate name: "Google Maps" is not Topeka's
    return False


def _embedded(text: str, start: int, end: int, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Toponyms inside an organisation's name: a leading one ("Ohio State University",
    "Gainesville Police Department"), a trailing "of X" ("University of Kentucky"), or every
    name of a list the model took for one organisation ("Kharkiv and Odesa")."""
    surface = text[start:end]
    out = []
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,&]+?(?=\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*|$))", surface)
             if m.group(0).strip()]
    if len(parts) > 1 and re.search(r"\s(?:and|&)\s|,", surface):
        names = [(a + len(surface[a:b]) - len(surface[a:b].lstrip()), b) for a, b in parts]
        names = [(a + (4 if surface[a:b].startswith("and ") else 0), b) for a, b in names]
        if all(_strong(gaz, surface[a:b]) for a, b in names):
            return [(start + a, start + b) for a, b in names]  # the model took a list of places for one name
    m = _CAP_WORDS.match(surface)
    if m:
        words = m.group(0).split(" ")
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            if len(name) < len(surface.rstrip()) and _strong(gaz, name):
                out.append((start, start + len(name)))
                break
    m = _OF_PLACE.search(surface)
    if m and _strong(gaz, m.group(1)) and not any(a <= start + m.start(1) < b for a, b in out):
        out.append((start + m.start(1), start + m.end(1)))
    return out


# A name going on past a hyphen ("Pul-i-Alam", "Shah-i-Kot", "Baden-Baden"): the piece before it names nothing.
_HYPHENATED_ON = re.compile(r"-(?:[a-z]{1,3}-)?[A-Z]")


def _gazetteer_matches(article: Article, gaz: Gazetteer, demonyms: Demonyms,
                       covered: list[tuple[int, int]], surnames: frozenset[str] | set[str] = frozenset()) -> list[Toponym]:
    """Capitalised names the model left out that the gazetteer and the context support."""
    doc = article.nlp_doc
    if doc is None:
        return []
    text = article.text
    spans = sorted(covered)
    # bounded work per input: a bisect over span starts and a running maximum of their ends
    # instead of a scan of every span per candidate (quadratic on a 200,000-character article)
    span_starts = [a for a, _ in spans]
    max_end = list(itertools.accumulate((b for _, b in spans), max))

    def is_covered(s: int, e: int) -> bool:
        k = bisect.bisect_left(span_starts, e) - 1  # the last span starting before e
        return k >= 0 and max_end[k] > s

    out: list[Toponym] = []
    toks = list(doc)
    i = 0
    while i < len(toks):
        t = toks[i]
        if not (t.is_title or (t.is_upper and len(t) > 1)) or not t.is_alpha:
            i += 1
            continue
        matched = False
        for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
            span = doc[i : i + n]
            if not (span[-1].is_title or span[-1].is_upper) or span[-1].is_punct:
                continue
            s, e = span.start_char, span.end_char
            if is_covered(s, e):
                continue
            surface = text[s:e]
            if (demonyms.lookup(surface) and not gaz.has(surface)) or surface.lower() in GENERIC_WORDS:
                continue
            if _HYPHENATED_ON.match(text, e):
                continue  # "Pul" of "Pul-i-Alam": the first piece of a hyphenated name is not a place of its own
            cands = gaz.candidates(surface)
            if not cands or t.is_stop and n == 1:
                continue
            context = _has_context(text, s, e)
            if surface.lower() in surnames and (not context or _POSSESSIVE_AFTER.match(text[e : e + 3])):
                continue  # an untagged repeat of a person's name ("in Clifton's case" after "Susan Clifton")
            top_admin = any(c.level <= LEVEL_ADMIN1 and c.kind == 0 for c in cands)
            big = max((c.population for c in cands if c.level == LEVEL_CITY), default=0)
            initial = _is_sentence_start(text, s)
            ok = (
                (top_admin and (not initial or context))
                or (big >= MIN_POP_BARE and not initial)
                or (big >= MIN_POP_CONTEXT and context)
                or (big >= MIN_POP_RELABEL and _territory_object(text, s))
                or (context and (_REGION_AFTER.match(text[e : e + WINDOW]) or _REGIONS_AFTER.match(text[e : e + WINDOW])))
            )
            if ok:
                out.append(Toponym(s, e, source="gazetteer"))
                i += n
                matched = True
                break
        if not matched:
            i += 1
    return out


def link(text: str, tops: list[Toponym]) -> None:
    """Region readings, containers and relative positions from the words between toponyms."""
    for k, t in enumerate(tops):
        after = text[t.end : t.end + WINDOW]
        if _REGION_AFTER.match(after) or _REGIONS_AFTER.match(after):
            t.region = True
        m = _RELATIVE_BEFORE.search(text[max(0, t.start - WINDOW) : t.start])
        if m:
            t.relative = " ".join(m.group(1).split())
    # "the Kherson and Kharkiv regions": the plural reaches back along the list
    for k in range(len(tops) - 2, -1, -1):
        a, b = tops[k], tops[k + 1]
        if b.region and _LIST_SEP.match(text[a.end : b.start]) and _REGIONS_AFTER.match(text[b.end : b.end + WINDOW]):
            a.region = True
    for k in range(len(tops) - 1):
        a, b = tops[k], tops[k + 1]
        between = text[a.end : b.start]
        if len(between) <= WINDOW and _CONTAINER_AFTER.match(between):
            a.within = k + 1
            if "," in between:
                a.abbreviations = b.abbreviations = True
    # a list shares its container: "the Kherson and Kharkiv regions of southern Ukraine"
    for k in range(len(tops) - 2, -1, -1):
        a, b = tops[k], tops[k + 1]
        if a.within is None and b.within is not None and _LIST_SEP.match(text[a.end : b.start]):
            a.within = b.within
