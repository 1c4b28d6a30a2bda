"""Word lists for attribution: reporting verbs, hedges, denials, verification disclaimers.

Hand-written because no maintained library ships English attribution cue lexicons; the verb
list follows the PARC/PolNeAR notion of attribution (speech, thought, stance) and was checked
against the cue words most frequent in the PolNeAR *train* split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Verbs of speech: an attribution cue whenever they govern a clause or a quotation.
SPEECH_VERBS = frozenset("""
say tell claim state add note argue insist explain report write tweet post announce warn suggest
accuse deny admit acknowledge confirm reveal assert allege contend predict promise urge ask
describe complain concede declare emphasize emphasise stress maintain indicate mention reply respond
recall remark comment continue proclaim testify vow pledge agree disagree boast brag charge
blame criticize criticise condemn praise decry denounce dismiss reject question threaten demand
propose recommend caution counter observe quip joke lament retort concur signal tout hint estimate
speculate cite inform reiterate repeat clarify confide predict muse whisper shout scream
yell read caption post publish share retweet conclude acknowledge disclose specify
talk speak attack slam blast express portray press raise vote lobby plead exclaim recognize recognise
""".split())
# Verbs of thought and evidence: attributions in PARC terms when they govern a clause.
THOUGHT_VERBS = frozenset("""
believe think know fear hope expect doubt suspect wonder worry assume reckon guess realize
realise understand figure imagine find show suggest indicate reveal prove demonstrate
seem appear learn remember decide view convince worry expect determine
""".split())
# Stance verbs: PolNeAR annotates "X backs Y" as an attribution of X's position.
STANCE_VERBS = frozenset("""
support back endorse oppose want seek favor favour prefer defend refuse decline call plan
""".split())
# Dropped after measuring on PolNeAR train (precision under a third as cues): answer, assure, feel, consider.
# Verbs that take a person object before the content ("told reporters that", "warned him that").
DATIVE_VERBS = frozenset("tell inform assure warn remind advise notify".split())
# Thought/stance verbs are cues only with a clausal complement; speech verbs also with an object.
CLAUSE_ONLY = (THOUGHT_VERBS | STANCE_VERBS) - SPEECH_VERBS
ALL_CUE_VERBS = SPEECH_VERBS | THOUGHT_VERBS | STANCE_VERBS
# Cues that introduce a direct quotation on their own ("The caption reads:", "the account wrote").
QUOTE_INTRO_VERBS = SPEECH_VERBS | frozenset({"read", "go", "begin", "conclude", "end", "answer", "assure"})
# Particles kept in the cue span because they change the meaning ("called for", "pointed out").
CUE_PARTICLES = frozenset({"out", "for", "on", "to", "up"})

# What a cue attributes (``Quote.attribution``). Speech is something said or written; the other
# kinds are PolNeAR attributions too, but an analyst asking "who said what" does not want them.
# Verbs of evidence: a video "shows", a report "proves" (never speech, even with a subject).
EVIDENCE_VERBS = frozenset("show prove demonstrate".split())
# Verbs of thought: what someone believes, fears, expects.
BELIEF_VERBS = frozenset("""
believe think know fear hope expect doubt suspect wonder worry assume reckon guess realize realise
understand figure imagine find learn remember seem appear view convince feel consider
""".split())
# Verbs of position: what someone backs or opposes (no words are reported).
STANCE_ONLY_VERBS = frozenset("""
support back endorse oppose want seek favor favour prefer defend welcome applaud hail recognize recognise
""".split())
# Evaluative speech verbs: speech when they report words (a clause or a quotation: "condemned it as
# barbaric", "criticised that ..."), a stance when they only take an object ("slammed the decision").
EVALUATIVE_VERBS = frozenset("""
blame criticize criticise condemn praise decry denounce dismiss reject question slam blast dispute
portray express
""".split())
# Verbs of action or decision: reported of someone, but neither said nor thought ("decided", "signed").
ACTION_VERBS = frozenset("""
decide determine sign offer vote lobby attack raise press refuse decline plan try order send
""".split())
# Verbs whose object is an act done by saying it ("declared a state of emergency", "proclaimed
# independence"): speech only with a clause ("declared that the vote was void").
PERFORMATIVE_VERBS = frozenset("declare proclaim".split())
_NOT_SPEECH = EVIDENCE_VERBS | BELIEF_VERBS | STANCE_ONLY_VERBS | ACTION_VERBS
# Speech: the reporting verbs minus the kinds above ("according to" is a report of speech).
PURE_SPEECH_VERBS = (SPEECH_VERBS | {"according to", "answer", "assure", "call", "caption"}) - _NOT_SPEECH - EVALUATIVE_VERBS


# Nominal attributions ("Kyiv's claim that ...", "the ministry's decision to ...", "criticism of X"):
# PolNeAR annotates them like verbs. What each noun attributes (``Quote.attribution``); a noun is a
# cue only with a source (a possessor, "by X", or the subject of "made the claim that") and a content
# (a that-clause, a to-infinitive or, for some, an "of/about" object).
NOUN_KINDS = {
    **dict.fromkeys("""claim allegation assertion statement announcement warning promise pledge vow threat
        accusation denial admission acknowledgment acknowledgement insistence suggestion demand request
        advice argument testimony""".split(), "speech"),
    **dict.fromkeys("""belief view fear hope concern conclusion assessment idea expectation doubt suspicion
        worry conviction""".split(), "belief"),
    **dict.fromkeys("criticism support opposition praise condemnation".split(), "stance"),
    **dict.fromkeys("plan decision determination proposal intention attempt refusal".split(), "action"),
}
# Nouns whose "of"/"about"/"over" object is their content ("criticism of the deal", "concerns about X").
NOUN_PREP_CONTENT = {"criticism": ("of",), "support": ("for",), "opposition": ("to",), "praise": ("for",),
                     "condemnation": ("of",), "accusation": ("of",), "claim": ("about", "of"),
                     "concern": ("about", "over"), "fear": ("of", "about", "over"), "warning": ("about", "of", "against"),
                     "allegation": ("of", "about"), "denial": ("of",), "doubt": ("about", "over"),
                     "worry": ("about", "over")}


def attribution_kind(lemma: str | None, *, quoted: bool = False, clausal: bool = False) -> str:
    """speech | belief | stance | action | evidence for a cue verb's lemma.

    ``quoted``: the content is a quotation in marks (words said or written: always speech).
    ``clausal``: the content is a clause ("condemned that ..."), which makes an evaluative verb speech.
    """
    if quoted:
        return "speech"
    if lemma is None:
        return "speech"
    if lemma in EVIDENCE_VERBS:
        return "evidence"
    if lemma in PERFORMATIVE_VERBS and not clausal:
        return "action"  # "Moldova declared a state of emergency": an act, not a report of words
    if lemma in PURE_SPEECH_VERBS:
        return "speech"
    if lemma in EVALUATIVE_VERBS:
        return "speech" if clausal else "stance"
    if lemma in BELIEF_VERBS:
        return "belief"
    if lemma in STANCE_ONLY_VERBS:
        return "stance"
    return "action"  # a verb outside the lexicons (the learned scorer's "signed", "offers")


# Multi-word cues matched on the surface, before the parse is consulted.
ACCORDING_TO = re.compile(r"\b(?:according\s+to|as\s+reported\s+by|citing|quoting|per)\b", re.I)

# Hedges: the outlet signals it does not vouch for the content.
HEDGE_PATTERNS = [
    r"\breportedly\b", r"\ballegedly\b", r"\bpurportedly\b", r"\bapparently\b", r"\bostensibly\b",
    r"\bsupposedly\b", r"\bpossibly\b", r"\bprobably\b", r"\blikely\b", r"\bunconfirmed\b",
    r"\bappears?\s+to\b", r"\bappeared\s+to\b", r"\bseems?\s+to\b", r"\bseemed\s+to\b",
    r"\bwould\s+have\b", r"\bmay\s+have\b", r"\bmight\s+have\b", r"\bcould\s+have\b",
    r"\bis\s+said\s+to\b", r"\bare\s+said\s+to\b", r"\bwas\s+said\s+to\b", r"\bwere\s+said\s+to\b",
    r"\bis\s+believed\s+to\b", r"\bare\s+believed\s+to\b", r"\bwas\s+believed\s+to\b",
    r"\bis\s+thought\s+to\b", r"\bare\s+thought\s+to\b", r"\breports\s+(?:say|suggest|indicate)\b",
    r"\bclaimed\s+to\b", r"\bpresumably\b", r"\bit\s+is\s+unclear\b", r"\bsuspected\b", r"\balleged\b",
    # expectations and predictions: what has not happened yet is not the outlet's fact
    r"\b(?:is|are|was|were)\s+(?:also\s+|still\s+|widely\s+|now\s+)?(?:expected|anticipated)\s+to\b",
    r"\b(?:can|could|may|might)\s+be\s+(?:expected|anticipated)\s+to\b",
    r"\bexpects?\s+(?:[\w-]+\s+){1,4}?to\s+(?!the\b|a\b|an\b)[a-z]+\b",
    r"\bshould\s+(?:start|open|begin|arrive|reach|resume|finish|end|come|last|return|be\s+(?:completed|restored|ready|finished))\b",
]
# Hedges that are a speaker's own voice when they fall inside their reported words ("he said the
# pipeline should start in May", "the strike would have been impossible to stop"): not the outlet's.
SPEAKER_VOICE_RE = re.compile(r"(?:would|could)\s+have\b|should\b|(?:is|are|was|were|can|could|may|might)\b"
                              r"[\w\s]*?(?:expected|anticipated)\b", re.I)
HEDGE_RE = re.compile("|".join(HEDGE_PATTERNS), re.I)

# Verification disclaimers: the outlet says it could not check the claim.
UNVERIFIED_RE = re.compile(
    r"\b(?:could\s+not|couldn[’']t|cannot|can[’']t|can\s+not|was\s+unable\s+to|were\s+unable\s+to|"
    r"is\s+unable\s+to|has\s+not\s+been\s+able\s+to|have\s+not\s+been\s+able\s+to|did\s+not|didn[’']t)"
    r"\s+(?:be\s+)?(?:independently\s+)?(?:verif(?:y|ied)|confirm(?:ed)?|authenticate[d]?)\b"
    r"|\b(?:neither|none)\b[^.;!?]{0,40}?\b(?:could|can|has|have)\s+(?:be|been)\s+(?:independently\s+)?"
    r"(?:verified|confirmed)\b"
    r"|\b(?:unverified|not\s+(?:been\s+)?(?:independently\s+)?verified|"
    r"not\s+(?:been\s+)?(?:independently\s+)?confirmed)\b",
    re.I,
)

# Denials: someone rejects the claim.
DENIAL_RE = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|denial|rejects?(?:ed)?\s+(?:the\s+)?(?:claims?|allegations?|accusations?|reports?)|"
    r"refut(?:e|es|ed|ing)|dismiss(?:es|ed)?\s+(?:the\s+)?(?:claims?|allegations?|accusations?|reports?)|"
    r"rebuff(?:s|ed)?|disput(?:e|es|ed)|categorically\s+false|fake\s+news)\b",
    re.I,
)

# Words opening a scare quote or a title rather than speech.
TITLE_INTRO = frozenset("""titled entitled called dubbed named headlined nicknamed labelled labeled branded
termed book film movie song album series show article report documentary novel play programme program headline
column essay podcast poem""".split())

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f",
    "it": "n", "its": "n", "they": "p", "them": "p", "their": "p", "we": "p", "i": "s", "you": "s",
    "who": "r", "which": "r", "that": "r",
}
# Title words and role nouns that reveal a person's gender when next to the name.
MALE_MARKERS = frozenset("mr mr. sir king prince lord spokesman chairman congressman father son brother husband actor man boy men boys".split())
FEMALE_MARKERS = frozenset("mrs mrs. ms ms. miss madam queen princess lady dame spokeswoman chairwoman congresswoman mother daughter sister wife actress woman girl women girls".split())

# Nouns that describe a person (resolved against PERSON mentions) or an organisation.
PERSON_NOUNS = frozenset("""
official spokesman spokeswoman spokesperson minister president leader journalist reporter
correspondent analyst expert commander general officer soldier director chief governor mayor
senator lawmaker ambassador diplomat secretary adviser advisor aide source witness resident
veteran man woman activist lawyer attorney candidate actress actor blogger influencer founder
professor researcher author editor prosecutor judge chancellor colonel captain
critic observer supporter opponent voter worker employee doctor medic volunteer farmer student
teacher parent neighbour neighbor survivor victim refugee protester fighter militant mother father
owner manager engineer nurse surgeon driver pensioner grandmother grandfather priest coach player
goalkeeper fan trader shopkeeper baker miner mechanic pilot sailor coordinator chairman chairwoman
deputy head medic paramedic rescuer firefighter commentator economist historian scientist inspector
proprietor
""".split())
ORG_NOUNS = frozenset("""
ministry department government agency office army military police service company firm
committee campaign council group organisation organization party administration kremlin
commission embassy authority authorities regime
""".split())
ACCOUNT_NOUNS = frozenset("account channel page profile handle feed".split())
# Words that make an ORG an outlet: sources cited for what they reported.
OUTLET_WORDS = frozenset("""
news times post journal beast newsweek cnn bbc reuters ap afp tass ria interfax guardian telegraph
herald tribune gazette daily weekly magazine press radio tv television channel network fox msnbc
nbc abc cbs politico axios bloomberg breitbart mail mirror sun independent express kyiv pravda
insider vice vox wire agency
""".split())


# --- Ukrainian and Russian (language-keyed; English above is unchanged) ----------------------------
# Hand-written: no offline uk/ru attribution lexicon exists as a library; the verbs and cues below are
# the common press forms (past tense by gender/number, present 3rd person), written by the team.
_SPEECH_UK = (r"(?:заяв(?:ив|ила|ило|или|ляє|ляють)|сказа(?:в|ла|ло|ли)|повідом(?:ив|ила|ило|или|ляє|ляють|ляли)|"
              r"дода(?:в|ла|ли)|наголоси(?:в|ла|ли)|наголошу(?:є|ють)|зазначи(?:в|ла|ли)|зазнача(?:є|ють)|"
              r"написа(?:в|ла|ли)|пиш(?:е|уть)|розпові(?:в|ла|ли)|розповіда(?:є|ють)|підкресли(?:в|ла|ли)|"
              r"стверджу(?:є|ють|вав|вала|вали)|ка(?:же|жуть)|уточни(?:в|ла|ли)|поясни(?:в|ла|ли)|"
              r"поінформува(?:в|ла|ли)|інформу(?:є|ють)|запевни(?:в|ла|ли)|відзвітува(?:в|ла|ли))")
_SPEECH_RU = (r"(?:заяв(?:ил|ила|ило|или|ляет|ляют)|сказа(?:л|ла|ло|ли)|сообщ(?:ил|ила|ило|или|ает|ают|али)|"
              r"добави(?:л|ла|ли)|подчеркну(?:л|ла|ли)|подчеркива(?:ет|ют)|отмети(?:л|ла|ли)|отмеча(?:ет|ют)|"
              r"написа(?:л|ла|ли)|пиш(?:ет|ут)|рассказа(?:л|ла|ли)|рассказыва(?:ет|ют)|"
              r"утвержда(?:ет|ют|л|ла|ли)|говор(?:ит|ят|ил|ила|или)|уточни(?:л|ла|ли)|поясни(?:л|ла|ли)|"
              r"переда(?:ет|ёт|ют)|заверил|заверила|заверили|проинформирова(?:л|ла|ли))")
# "за словами X, ...", "по словам X, ...", "як повідомляє X, ...": the source comes before the comma.
_SOURCE_INTRO_UK = r"(?:за\s+словами|як\s+(?:повідомляє|повідомляють|повідомили|повідомив|повідомила|пише|пишуть|заявили|заявив|заявила))"
_SOURCE_INTRO_RU = r"(?:по\s+(?:его|её|ее|их)\s+словам|по\s+словам|как\s+(?:сообщает|сообщают|сообщили|сообщил|сообщила|пишет|пишут|заявили|заявил|заявила))"
# "Про це повідомила X." / "Об этом сообщил X.": what was said is the sentence before.
_ABOUT_THIS_UK = r"(?:про\s+це)"
_ABOUT_THIS_RU = r"(?:об\s+этом)"
# Pronouns that point back at the last named speaker ("— заявив він", "Вона сказала, що").
PRONOUNS_BY_LANG = {
    "uk": frozenset("він вона вони його її їх воно".split()),
    "ru": frozenset("он она они его её ее их оно".split()),
}
# Nouns that make a speaker phrase an organisation, not a person (stems: the phrase is inflected).
_ORG_STEMS_UK = ("адміністрац", "міністерств", "міноборон", "генштаб", "штаб", "сил", "служб", "поліц", "уряд", "рад",
                 "командуванн", "видання", "канал", "компан", "управлінн", "прокуратур", "ова", "сбу", "зсу", "вмс")
_ORG_STEMS_RU = ("администрац", "министерств", "минобороны", "генштаб", "штаб", "сил", "служб", "полиц", "правительств",
                 "мвд", "командовани", "издани", "канал", "компани", "энергокомпани", "прокуратур", "кремл", "ведомств")


@dataclass(frozen=True, slots=True)
class SpeechLexicon:
    """One language's verbs of saying and source phrases, compiled."""

    verb: re.Pattern
    source_intro: re.Pattern
    about_this: re.Pattern
    pronouns: frozenset
    org_stems: tuple


@dataclass(frozen=True, slots=True)
class ClaimCues:
    """One language's hedge, denial and disclaimer cues for the claims stage."""

    denial: re.Pattern
    hedge: re.Pattern
    unverified: re.Pattern
    anaphoric: re.Pattern  # a denial's object pointing back ("спростували цю інформацію")
    clause_after: re.Pattern  # "спростував, що ...": a clause of its own
    anaphoric_before: re.Pattern  # the object before the verb, as uk/ru word order allows ("это опровергли")


SPEECH_BY_LANG = {
    "uk": SpeechLexicon(re.compile(r"\b" + _SPEECH_UK + r"\b", re.I), re.compile(r"\b" + _SOURCE_INTRO_UK + r"\b", re.I),
                        re.compile(r"^\s*" + _ABOUT_THIS_UK + r"\s+", re.I), PRONOUNS_BY_LANG["uk"], _ORG_STEMS_UK),
    "ru": SpeechLexicon(re.compile(r"\b" + _SPEECH_RU + r"\b", re.I), re.compile(r"\b" + _SOURCE_INTRO_RU + r"\b", re.I),
                        re.compile(r"^\s*" + _ABOUT_THIS_RU + r"\s+", re.I), PRONOUNS_BY_LANG["ru"], _ORG_STEMS_RU),
}

CLAIM_CUES_BY_LANG = {
    "uk": ClaimCues(
        denial=re.compile(r"\b(?:спростува\w*|спростову\w*|заперечи\w*|заперечу\w*|запереча\w*|"
                          r"відкину\w*\s+(?:звинувачення|заяви|інформацію|причетність)|"
                          r"відкида\w*\s+(?:звинувачення|заяви|інформацію|причетність)|фейк\w*)", re.I),
        hedge=re.compile(r"\b(?:нібито|начебто|ймовірно|імовірно|вірогідно|можливо|мабуть|"
                         r"за\s+попередніми\s+даними|за\s+неофіційн\w+\s+(?:даними|інформацією)|як\s+стверджу\w+)\b", re.I),
        unverified=re.compile(r"\b(?:не\s+(?:вдалося|змогли|змогла|зміг|може)\s+(?:незалежно\s+)?(?:перевірити|підтвердити)|"
                              r"не\s+підтвердж\w*|неперевірен\w*)", re.I),
        anaphoric=re.compile(r"\s+(?:\w+\s+){0,2}?(?:це|ці|цю|цей|цих|такі|їх|його|її)\b", re.I),
        clause_after=re.compile(r",?\s+що\s", re.I),
        anaphoric_before=re.compile(r"\b(?:це|ці|цю|цей|цих|такі|їх|його|її)\s+(?:\w+\s+)?$", re.I)),
    "ru": ClaimCues(
        denial=re.compile(r"\b(?:опроверг\w*|опроверга\w*|опровержени\w*|отрица(?:ет|ют|л|ла|ли|ние)\b|"
                          r"отверг\w*\s+(?:обвинения|заявления|информацию|причастность)|"
                          r"отверга\w*\s+(?:обвинения|заявления|информацию|причастность)|фейк\w*|"
                          r"не\s+соответству\w+\s+действительности)", re.I),
        hedge=re.compile(r"\b(?:якобы|вероятно|возможно|предположительно|по-видимому|видимо|"
                         r"по\s+предварительным\s+данным|по\s+неофициальным\s+данным|как\s+утверждается)\b", re.I),
        unverified=re.compile(r"\b(?:не\s+(?:удалось|смогли|смогла|смог|может)\s+(?:независимо\s+)?(?:проверить|подтвердить)|"
                              r"не\s+подтвержд\w*|непроверенн\w*)", re.I),
        anaphoric=re.compile(r"\s+(?:\w+\s+){0,2}?(?:это|эти|эту|этот|этих|такие|их|его|её|ее)\b", re.I),
        clause_after=re.compile(r",?\s+что\s", re.I),
        anaphoric_before=re.compile(r"\b(?:это|эти|эту|этот|этих|такие|их|его|её|ее)\s+(?:\w+\s+)?$", re.I)),
}


def _lang_key(language: str | None) -> str | None:
    key = (language or "").lower()[:2]
    return key if key in SPEECH_BY_LANG else None


def speech_lexicon(language: str | None) -> SpeechLexicon | None:
    """The uk/ru speech lexicon for an article's language, or None (English and others: the parse path)."""
    key = _lang_key(language)
    return SPEECH_BY_LANG[key] if key else None


def claim_cues(language: str | None) -> ClaimCues | None:
    """The uk/ru claim cues for an article's language, or None (the English patterns above)."""
    key = _lang_key(language)
    return CLAIM_CUES_BY_LANG[key] if key else None
