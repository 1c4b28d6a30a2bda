"""Word lists for attribution: reporting verbs, hedges, denials, verification disclaimers.

Hand-written because no maintained library ships English attribution cue lexicons; the verb
list follows the PARC/PolNeAR notion of attribution (speech, thought, stance) and was checked
against the cue words most frequent in the PolNeAR *train* split.
"""

from __future__ import annotations

import re

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
_NOT_SPEECH = EVIDENCE_VERBS | BELIEF_VERBS | STANCE_ONLY_VERBS | ACTION_VERBS
# Speech: the reporting verbs minus the kinds above ("according to" is a report of speech).
PURE_SPEECH_VERBS = (SPEECH_VERBS | {"according to", "answer", "assure", "call", "caption"}) - _NOT_SPEECH - EVALUATIVE_VERBS


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
]
HEDGE_RE = re.compile("|".join(HEDGE_PATTERNS), re.I)

# Verification disclaimers: the outlet says it could not check the claim.
UNVERIFIED_RE = re.compile(
    r"\b(?:could\s+not|couldn[’']t|cannot|can[’']t|can\s+not|was\s+unable\s+to|were\s+unable\s+to|"
    r"is\s+unable\s+to|has\s+not\s+been\s+able\s+to|have\s+not\s+been\s+able\s+to|did\s+not|didn[’']t)"
    r"\s+(?:be\s+)?(?:independently\s+)?(?:verif(?:y|ied)|confirm(?:ed)?|authenticate[d]?)\b"
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
