"""Word lists of event extraction: event triggers, light verbs, argument kinds, count kinds.

Written by the team from the taxonomy's definitions (``taxonomy.py``); no corpus text. A trigger
makes a clause a *candidate*: the classifier types it, and a candidate typed ``OTHER`` is no event.
"""

from __future__ import annotations

import re

# Verb lemmas that report an event, with the types they usually signal (first: the most usual).
# The types only break ties and bound the classifier (see extract.py); the classifier decides.
TRIGGER_VERBS: dict[str, tuple[str, ...]] = {
    "shell": ("ART_MISS_ATTACK",), "bombard": ("ART_MISS_ATTACK",), "strike": ("ART_MISS_ATTACK", "AIR_STRIKE"),
    "hit": ("ART_MISS_ATTACK", "AIR_STRIKE"), "pound": ("ART_MISS_ATTACK",), "bomb": ("AIR_STRIKE",),
    "attack": ("ATTACK", "ARMED_CLASH"), "assault": ("ATTACK", "ARMED_CLASH"), "raid": ("ATTACK",),
    "storm": ("ATTACK", "ARMED_CLASH"), "kill": ("ATTACK", "ARMED_CLASH"), "shoot": ("ATTACK",),
    "massacre": ("ATTACK",), "wound": ("ATTACK",), "injure": ("ATTACK",), "execute": ("ATTACK",),
    "fight": ("ARMED_CLASH",), "clash": ("ARMED_CLASH",), "ambush": ("ARMED_CLASH",), "repel": ("ARMED_CLASH",),
    "capture": ("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT"), "seize": ("NON_STATE_ACTOR_OVERTAKES_TER",),
    "occupy": ("NON_STATE_ACTOR_OVERTAKES_TER",), "overrun": ("NON_STATE_ACTOR_OVERTAKES_TER",),
    "recapture": ("GOV_REGAINS_TERIT",), "retake": ("GOV_REGAINS_TERIT",), "liberate": ("GOV_REGAINS_TERIT",),
    "regain": ("GOV_REGAINS_TERIT",), "reclaim": ("GOV_REGAINS_TERIT",),
    "withdraw": ("NON_VIOL_TERRIT_TRANSFER",), "retreat": ("NON_VIOL_TERRIT_TRANSFER",),
    "explode": ("REM_EXPLOS",), "detonate": ("REM_EXPLOS",),
    "kidnap": ("ABDUCT_DISSAP",), "abduct": ("ABDUCT_DISSAP",), "rape": ("SEX_VIOL",),
    "protest": ("PEACE_PROTEST",), "demonstrate": ("PEACE_PROTEST",), "rally": ("PEACE_PROTEST",),
    "march": ("PEACE_PROTEST",), "disperse": ("PROTEST_WITH_INTER",),
    "arrest": ("ARREST", "PROTEST_WITH_INTER"), "detain": ("ARREST", "PROTEST_WITH_INTER"),
    "loot": ("PROPERTY_DISTRUCT",), "destroy": ("PROPERTY_DISTRUCT",), "demolish": ("PROPERTY_DISTRUCT",),
    "torch": ("PROPERTY_DISTRUCT",), "intercept": ("DISR_WEAP",), "defuse": ("DISR_WEAP",),
    "expel": ("DIPLO",), "sanction": ("DIPLO",), "mobilise": ("CHANGE_TO_GROUP_ACT",),
    "mobilize": ("CHANGE_TO_GROUP_ACT",), "defect": ("CHANGE_TO_GROUP_ACT",),
    # "blame" is no trigger: "X blamed Y for the attack" reports the attack (actor Y), not a claim of
    # responsibility (extract.py reads the blamed party as the attack's actor)
    "slam": ("ART_MISS_ATTACK", "AIR_STRIKE"), "batter": ("ART_MISS_ATTACK",),
    # guarded (GUARDED_VERBS below): an event only with the right object or particle
    "enter": ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER"),
    "pull": ("NON_VIOL_TERRIT_TRANSFER",), "exchange": ("AGREEMENT",), "swap": ("AGREEMENT",),
    "sign": ("AGREEMENT",), "agree": ("AGREEMENT",),
}
# Noun lemmas that name an event ("a missile attack on", "arrests at", "the shelling of").
TRIGGER_NOUNS: dict[str, tuple[str, ...]] = {
    "attack": ("ATTACK", "ART_MISS_ATTACK", "AIR_STRIKE"), "assault": ("ATTACK", "ARMED_CLASH"),
    "raid": ("ATTACK",), "offensive": ("ARMED_CLASH",), "counteroffensive": ("ARMED_CLASH", "GOV_REGAINS_TERIT"),
    "counter-offensive": ("ARMED_CLASH", "GOV_REGAINS_TERIT"), "strike": ("ART_MISS_ATTACK", "AIR_STRIKE"),
    "airstrike": ("AIR_STRIKE",), "shelling": ("ART_MISS_ATTACK",), "bombardment": ("ART_MISS_ATTACK",),
    "barrage": ("ART_MISS_ATTACK",), "bombing": ("AIR_STRIKE",), "explosion": ("REM_EXPLOS",),
    "blast": ("REM_EXPLOS",), "clash": ("ARMED_CLASH",), "fighting": ("ARMED_CLASH",), "battle": ("ARMED_CLASH",),
    "firefight": ("ARMED_CLASH",), "ambush": ("ARMED_CLASH",), "skirmish": ("ARMED_CLASH",),
    "killing": ("ATTACK",), "massacre": ("ATTACK",), "shooting": ("ATTACK",),
    "protest": ("PEACE_PROTEST",), "demonstration": ("PEACE_PROTEST",), "rally": ("PEACE_PROTEST",),
    "sit-in": ("PEACE_PROTEST",), "riot": ("VIOL_DEMONSTR",), "crackdown": ("FORCE_AGAINST_PROTEST",),
    "arrest": ("ARREST", "PROTEST_WITH_INTER"), "detention": ("ARREST",),
    "kidnapping": ("ABDUCT_DISSAP",), "abduction": ("ABDUCT_DISSAP",), "rape": ("SEX_VIOL",),
    "looting": ("PROPERTY_DISTRUCT",), "capture": ("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT"),
    "recapture": ("GOV_REGAINS_TERIT",), "liberation": ("GOV_REGAINS_TERIT",),
    "withdrawal": ("NON_VIOL_TERRIT_TRANSFER",), "retreat": ("NON_VIOL_TERRIT_TRANSFER",),
    "ceasefire": ("AGREEMENT",), "cease-fire": ("AGREEMENT",), "truce": ("AGREEMENT",),
    "agreement": ("AGREEMENT",), "accord": ("AGREEMENT",), "treaty": ("AGREEMENT",),
    "expulsion": ("DIPLO",), "responsibility": ("ATTRIB",),
    "swap": ("AGREEMENT",), "exchange": ("AGREEMENT",), "deal": ("AGREEMENT",),  # guarded: GUARDED_NOUNS
}
TRIGGER_LEMMAS = frozenset(TRIGGER_VERBS) | frozenset(TRIGGER_NOUNS)
# Words that make "exchanged 200 prisoners" / "a prisoner swap" an agreement (and not "exchanged fire").
PRISONER_WORDS = frozenset({"prisoner", "captive", "pow", "pows", "detainee", "hostage", "body", "soldier",
                            "serviceman", "civilian", "prisoner-of-war"})
# Objects that make "signed" / "reached" / "agreed on" an agreement.
DEAL_WORDS = frozenset({"deal", "agreement", "accord", "treaty", "memorandum", "ceasefire", "cease-fire", "truce",
                        "pact", "protocol", "armistice"})
# Verbs that conclude a deal: "signed a deal", "reached a deal", "struck a deal".
DEAL_VERBS = frozenset({"sign", "reach", "strike", "seal", "conclude", "agree", "broker", "finalise", "finalize"})
# What "agreed to ..." must agree to for an agreement event.
AGREE_TO = frozenset({"exchange", "swap", "release", "withdraw", "halt", "stop", "cease", "end", "resume", "return",
                      "open", "reopen", "hand", "evacuate", "allow"})
# Settlement words: "entered the town" (with an armed subject) is territory changing hands.
SETTLEMENT_WORDS = frozenset({"town", "city", "village", "centre", "center", "capital", "settlement", "district",
                              "suburb", "outskirts", "port", "base", "airport", "region", "area", "province"})
# Verbs that stop an event happening: "foiled an attack" is kept, negated (issue 11: a negated event keeps
# that status); "averted 31 attacks since 2017" is an aggregate and dropped.
PREVENT_VERBS = frozenset({"avert", "prevent", "foil", "thwart", "frustrate", "avoid"})
# Verbs of a trend: "attacks have risen", "strikes doubled": the plural subject is a tally, not one event.
TREND_VERBS = frozenset({"rise", "increase", "double", "triple", "fall", "drop", "decline", "grow", "surge", "soar",
                         "climb", "decrease", "jump", "spike", "mount", "quadruple", "halve", "average", "total"})
# A figure raised to ("the death toll rose to 45"): the verb's subject says what is counted.
RISE_VERBS = frozenset({"rise", "climb", "reach", "increase", "jump", "grow", "mount", "soar", "hit", "stand",
                        "swell", "pass", "exceed", "top"})
# Natural hazards: an event whose subject is one is a natural disaster, not an attack or a clash.
HAZARDS = frozenset({"bushfire", "wildfire", "flood", "flooding", "floodwater", "storm", "earthquake", "quake",
                     "hurricane", "cyclone", "typhoon", "tornado", "landslide", "mudslide", "avalanche", "tsunami",
                     "eruption", "volcano", "drought", "heatwave", "blizzard", "hailstorm", "rain", "downpour",
                     "wind", "gale", "lightning", "aftershock", "tremor", "inferno", "firestorm"})
# Fires: a man-made or unknown-cause disaster (the same type group as natural ones).
FIRES = frozenset({"fire", "blaze"})
# A period longer than one event: "28 attacks in 2019", "since 2017", "this year", "over the past decade".
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
LONG_PERIOD = re.compile(
    r"\b(?:since|in|during|throughout|by|for)\s+(?:(?:early|late|mid-?|the whole of|all of)\s*)?(?:" + _MONTHS
    + r"\s+)?(?:1[89]|20)\d\d\b|\bsince (?:" + _MONTHS + r"|the (?:start|beginning|outbreak)|the war began)\b"
    r"|\b(?:this|last|every|each|per|a) (?:year|month|decade)\b|\bso far\b|\byear-on-year\b|\bannual(?:ly)?\b"
    r"|\bover the (?:past|last) (?:\w+ )?(?:years|months|decades?)\b|\bthe (?:previous|preceding) year\b"
    r"|\bthe year before\b|\bup from\b|\b(?:1[89]|20)\d\d (?:saw|brought|recorded|had|was)\b"
    r"|\bfrom the (?:beginning|start) of (?:the|this|last) (?:year|month)\b", re.I)
# Sport: an "attack" that "struck twice" in a match (a sentence with one of these is no war report).
SPORT = re.compile(
    r"\b(?:\d{1,3}(?:st|nd|rd|th) minute|(?:first|second) half|half-time|stoppage time|extra time|penalty (?:area|box|kick|spot)"
    r"|striker|midfielder|goalkeeper|the edge of the (?:box|area)|into the net|kick-?off|equali[sz]er|hat-trick"
    r"|\d+-\d+ (?:win|victory|defeat|draw|loss|lead)|wickets?|touchdown|innings)\b", re.I)
# "responsibility" is an event only in these frames ("claimed responsibility", "denied responsibility").
RESPONSIBILITY_HEADS = frozenset({"claim", "deny", "take", "accept", "admit", "reject", "bear"})
# Verbs that carry a noun trigger without adding meaning: the subject of "launched an attack" is its actor.
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "make", "hold", "begin", "continue",
                         "unleash", "wage", "order", "fire", "commit", "perpetrate", "resume", "step", "intensify"})
# Verbs that continue or start an action: "continued to shell" reports shelling.
ASPECT_VERBS = frozenset({"continue", "begin", "start", "resume", "keep", "manage"})
ARREST_LEMMAS = frozenset({"arrest", "detain", "detention"})
PROTEST_LEMMAS = frozenset({"protest", "demonstration", "rally", "demonstrate", "march", "sit-in"})
# Verbs that judge or name an event already reported: their definite object is a re-mention.
REFERRING_VERBS = frozenset({"call", "condemn", "describe", "denounce", "label", "term", "criticise", "criticize",
                             "decry", "investigate", "mourn", "commemorate", "remember"})
# Harm done to people: an event of its own only when the sentence reports no other event.
CASUALTY_LEMMAS = frozenset({"kill", "wound", "injure", "die", "killing"})
# Verbs whose grammatical object is a denial of the trigger ("denied shelling the plant").
DENY_VERBS = frozenset({"deny", "reject", "refute", "dismiss"})

# Heads of argument phrases, by kind (singular lemmas).
ARMED = frozenset({"force", "troop", "army", "soldier", "military", "militant", "rebel", "fighter", "unit",
                   "battalion", "brigade", "regiment", "navy", "separatist", "mercenary", "artillery",
                   "militia", "guard", "marine", "paratrooper", "commando", "insurgent", "gunman", "sniper",
                   "occupier", "invader", "division", "jihadist", "terrorist", "partisan"})
CIVILIANS = frozenset({"civilian", "resident", "people", "person", "protester", "demonstrator", "child",
                       "villager", "citizen", "passenger", "woman", "man", "family", "student", "activist",
                       "journalist", "worker", "refugee", "patient", "crowd", "pensioner", "local"})
ORGANISATIONS = frozenset({"police", "ministry", "government", "authority", "court", "parliament", "service",
                           "agency", "administration", "council", "committee", "office", "kremlin", "regime",
                           "command", "staff", "prosecutor", "official", "spokesman", "spokesperson"})
# Capitals and seats that stand for a state ("Kyiv's forces", "the Kremlin").
METONYMS = {"kyiv": "UA", "kiev": "UA", "moscow": "RU", "kremlin": "RU", "washington": "US",
            "pentagon": "US", "minsk": "BY", "beijing": "CN", "london": "GB", "paris": "FR", "berlin": "DE"}
# Side keys for the two belligerents; other countries use their lower-cased English name.
SIDE_KEYS = {"UA": "ukraine", "RU": "russia", "BY": "belarus", "US": "united states", "GB": "united kingdom"}

# What an amount counts -> the event count kind (first match wins; checked on the counted phrase).
COUNT_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fatalities", re.compile(r"\b(?:dead|killed|deaths?|died|fatalit\w*|bodies|lives|slain|toll)\b", re.I)),
    ("injured", re.compile(r"\b(?:injur\w*|wounded|hurt|hospitali[sz]ed)\b", re.I)),
    ("arrested", re.compile(r"\b(?:arrest\w*|detain\w*|detentions?|detainees?|custody|jailed)\b", re.I)),
    ("missing", re.compile(r"\b(?:missing|disappeared|abducted|kidnapped)\b", re.I)),
    ("displaced", re.compile(r"\b(?:displaced|refugees?|evacuat\w*|fled|homeless)\b", re.I)),
)
# The verb governing a counted noun names the count ("killing at least five civilians").
COUNT_VERBS = {"kill": "fatalities", "die": "fatalities", "injure": "injured", "wound": "injured",
               "hurt": "injured", "arrest": "arrested", "detain": "arrested", "displace": "displaced",
               "evacuate": "displaced", "abduct": "missing", "kidnap": "missing"}
AREA_UNIT = re.compile(r"\b(?:square|sq\b|hectares?|km2|km²|acres?)", re.I)
# Counted nouns that make a figure an event's "other" count (people, weapons): money, percentages
# and distances are not event counts.
COUNTED_OTHER = re.compile(r"\b(?:people|civilians?|soldiers?|troops?|residents?|protesters?|children|"
                           r"fighters?|prisoners?|settlements?|villages?|towns?|tanks?|missiles?|drones?|"
                           r"rockets?|shells?|buildings?|homes?|houses?)\b", re.I)
# "X blamed Y for the attack" / "blamed the attack on Y": Y is the attack's actor (the blame is no event).
BLAME_VERBS = frozenset({"blame"})
# "accused Moscow of shelling its own territory": Moscow is the shelling's actor.
ACCUSE_VERBS = frozenset({"accuse", "suspect", "charge"})
# Texts and signs "of" an event word name no event: "a letter of protest", "a gesture of defiance".
DOCUMENT_NOUNS = frozenset({"letter", "note", "statement", "song", "petition", "declaration", "symbol", "sign",
                            "gesture", "poem", "form", "expression", "message", "banner", "placard"})
# A sentence about work and pay: its "strike" is a labour strike (a protest), not an attack.
LABOUR = re.compile(r"\b(?:workers?|miners?|unions?|employees?|staff|nurses|teachers|doctors|drivers|dockers|"
                    r"pickets?|picket lines?|wages?|pay|pensions?|walkout|walk-out|striking|industrial action)\b", re.I)
