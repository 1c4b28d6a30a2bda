"""The event taxonomy: the ACLED sub-event types as labelled in the CASE 2021 fine-grained event set.

Each type has its label (as used in ``../shared/bench/events/case2021_task2_dev.tsv``), a readable
name, a short definition written by the team from ACLED's codebook wording, and a few cue patterns.
The definitions double as the classifier's prototypes (their embeddings), the cues as rule features
and as the fallback when the learned model cannot run; neither carries any training snippet text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    label: str  # the label in the shared-task file, e.g. "ART_MISS_ATTACK"
    name: str  # readable name, e.g. "Shelling/artillery/missile attack"
    definition: str  # one or two sentences, written by the team
    cues: tuple[str, ...] = ()  # regular expressions (case-insensitive) typical of the type
    # Phrases that name the type outright (from its definition): they raise the type's probability
    # (classifier.DECISIVE_BOOST) instead of being one feature among hundreds.
    decisive: tuple[str, ...] = ()


# Ordered roughly as ACLED groups them: battles, explosions/remote violence, violence against
# civilians, protests, riots, strategic developments, then the non-political extras of the set.
TAXONOMY: tuple[EventType, ...] = (
    EventType(
        "ARMED_CLASH", "Armed clash",
        "Two organised armed groups fight each other: troops and rebels or militants exchange fire, "
        "battle, ambush a patrol or kill fighters of the other side.",
        (r"\bclash(?:es|ed)?\b", r"\bfighting\b", r"\bexchange[ds]? (?:of )?fire\b", r"\bgun ?battle",
         r"\bambush", r"\bkilled (?:\w+ )?(?:militants|terrorists|insurgents|rebels|fighters|soldiers)\b",
         r"\bfirefight", r"\bengaged\b", r"\bcombat\b"),
    ),
    EventType(
        "GOV_REGAINS_TERIT", "Government regains territory",
        "Government or state forces, or forces acting for them, retake control of a town, village, "
        "area or position from a non-state armed group.",
        (r"\b(?:re)?(?:took|taken|take|captur\w*|seiz\w*|liberat\w*) (?:back|control)",
         r"\bregain\w*", r"\bretak\w*|\bretook\b", r"\brecaptur\w*", r"\bliberat\w*", r"\brecover\w* control",
         r"\bcleared\b"),
        decisive=(r"\bregain(?:ed|s|ing)? (?:full )?control\b", r"\bretook\b|\bretaken\b|\bretake\b", r"\bliberat(?:ed|es|ing)\b"),
    ),
    EventType(
        "NON_STATE_ACTOR_OVERTAKES_TER", "Non-state actor overtakes territory",
        "A rebel, militant or other non-state armed group seizes control of a town, village, base or "
        "area, taking it from the government or from another armed group.",
        (r"\b(?:seiz\w*|captur\w*|overr?an|overrun|took|taken|tak\w*) (?:over |control )",
         r"\b(?:rebels|militants|insurgents|jihadists|fighters|taliban|islamic state|isis|al-shabab)\b.*"
         r"\b(?:seized|captured|overran|took control|recaptured)"),
    ),
    EventType(
        "NON_VIOL_TERRIT_TRANSFER", "Non-violent transfer of territory",
        "Territory changes hands without fighting: a force withdraws, hands over, pulls out of or "
        "evacuates an area, or another force enters it after a deal.",
        (r"\bwithdr[ae]w\w*", r"\bpull(?:ed|s|ing)? out\b", r"\bhand(?:ed|s|ing)? over\b",
         r"\bevacuation deal\b", r"\bentered\b", r"\bhandover\b"),
    ),
    EventType(
        "AIR_STRIKE", "Air/drone strike",
        "Aircraft, warplanes, helicopters or drones bomb or fire missiles at a target from the air.",
        (r"\bair ?strikes?\b", r"\bair ?raids?\b", r"\bwarplanes?\b", r"\bjets?\b", r"\bdrones?\b",
         r"\bbomb(?:ed|ing|ings|ers)\b", r"\bhelicopters?\b", r"\baircraft\b", r"\bair force\b",
         r"\bsorties?\b"),
        decisive=(r"\bair ?strikes?\b", r"\bdrone strikes?\b", r"\bwarplanes?\b"),
    ),
    EventType(
        "ART_MISS_ATTACK", "Shelling/artillery/missile attack",
        "Artillery, mortars, rockets or missiles are fired from the ground or sea at a target: "
        "shelling, bombardment, rocket or missile strikes.",
        (r"\bshell(?:ed|ing|s)\b", r"\bartillery\b", r"\bmortars?\b", r"\brockets?\b", r"\bmissiles?\b",
         r"\bbombard\w*", r"\bprojectiles?\b", r"\bmunitions\b", r"\bgrad\b", r"\bhowitzers?\b"),
        decisive=(r"\bshell(?:ed|ing)\b", r"\bartillery\b", r"\bmortars?\b"),
    ),
    EventType(
        "REM_EXPLOS", "Remote explosive/landmine/IED",
        "A bomb, improvised explosive device, landmine, roadside or car bomb explodes without the "
        "attacker present, detonated remotely or by a victim.",
        (r"\bIEDs?\b", r"\bimprovised explosive", r"\blandmines?\b", r"\b(?:road ?side|car|roadside|"
         r"magnetic|parcel|sticky) bombs?\b", r"\bexplosive devices?\b", r"\bmines?\b", r"\bexplo(?:ded|sion)\b",
         r"\bdetonat\w*", r"\bblast\b"),
    ),
    EventType(
        "GRENADE", "Grenade",
        "A grenade or similar hand-thrown explosive is thrown or lobbed at people or buildings.",
        (r"\bgrenades?\b", r"\bhurl(?:ed|s)?\b", r"\blobbed\b", r"\bthrew\b", r"\bhand-?thrown\b"),
        decisive=(r"\bgrenades?\b",),
    ),
    EventType(
        "SUIC_BOMB", "Suicide bomb",
        "An attacker detonates explosives on the body or in a vehicle, killing himself: a suicide "
        "bomber or suicide car bomb.",
        (r"\bsuicide\b", r"\bblew (?:him|her|them)sel(?:f|ves) up\b", r"\bexplosive vest\b",
         r"\bsuicide bombers?\b", r"\bself-detonat\w*", r"\bVBIED\b"),
        decisive=(r"\bsuicide (?:bomb\w*|attack\w*|car bomb)", r"\bblew (?:him|her|them)sel(?:f|ves) up\b"),
    ),
    EventType(
        "CHEM_WEAP", "Chemical weapon",
        "Chemical agents such as chlorine, sarin or other toxic gas are used as weapons against people.",
        (r"\bchemical\b", r"\bchlorine\b", r"\bsarin\b", r"\btoxic gas\b", r"\bpoison(?:ous|ed)? gas\b",
         r"\bnerve agent\b", r"\bmustard gas\b", r"\bsuffocat\w*", r"\bOPCW\b"),
        decisive=(r"\bchemical (?:weapons?|attack)\b", r"\bchlorine\b|\bsarin\b|\bnerve agent\b"),
    ),
    EventType(
        "ATTACK", "Attack",
        "An armed group or gunmen attack unarmed civilians, killing or wounding them: a shooting, a "
        "raid on a village, a massacre.",
        (r"\bgunmen\b", r"\bopened fire\b", r"\bstorm(?:ed|s)?\b", r"\bmassacre\w*", r"\battack(?:ed|ers?)?\b",
         r"\bshot dead\b", r"\bkilled\b.*\bcivilians?\b", r"\bvillagers?\b", r"\bstabb\w*", r"\bhacked\b"),
    ),
    EventType(
        "ABDUCT_DISSAP", "Abduction/forced disappearance",
        "People are kidnapped, abducted, taken hostage or made to disappear by an armed group or "
        "unknown men.",
        (r"\bkidnap\w*", r"\babduct\w*", r"\bhostages?\b", r"\bdisappear\w*", r"\bransom\b",
         r"\bmissing\b", r"\bcaptive\b"),
        decisive=(r"\bkidnapp?(?:ed|ing)\b", r"\babduct(?:ed|ion|ing)\b"),
    ),
    EventType(
        "SEX_VIOL", "Sexual violence",
        "Rape, sexual assault or other sexual violence committed against people, often in conflict.",
        (r"\brap(?:e|ed|es|ing|ists?)\b", r"\bsexual(?:ly)?\b", r"\bmolest\w*", r"\bgang-?rap\w*"),
        decisive=(r"\braped\b|\bgang-?rape", r"\bsexual(?:ly)? (?:assault\w*|violence|abuse\w*)\b"),
    ),
    EventType(
        "PEACE_PROTEST", "Peaceful protest",
        "People demonstrate, march, rally or strike peacefully and without intervention by the "
        "authorities.",
        (r"\bprotest\w*", r"\bdemonstrat\w*", r"\brall(?:y|ies|ied)\b", r"\bmarch(?:ed|es)?\b",
         r"\bsit-?in\b", r"\bstrike\b", r"\bchant\w*", r"\bplacards?\b", r"\bbanners?\b", r"\bvigil\b"),
    ),
    EventType(
        "PROTEST_WITH_INTER", "Protest with intervention",
        "A peaceful protest is dispersed or blocked by the police or security forces, with arrests, "
        "tear gas or other force short of serious harm.",
        (r"\bdispers\w*", r"\btear ?gas\b", r"\bwater cannons?\b", r"\bbroke up\b", r"\bdetain\w*",
         r"\barrest\w*", r"\bpolice\b"),
    ),
    EventType(
        "FORCE_AGAINST_PROTEST", "Excessive force against protesters",
        "Security forces use lethal or excessive force against peaceful protesters: shooting, "
        "killing or seriously injuring them.",
        (r"\bprotesters? (?:were )?(?:killed|shot|wounded|injured)\b", r"\blive (?:ammunition|rounds|fire)\b",
         r"\bopened fire on (?:the )?(?:protesters|demonstrators|crowd)", r"\bkilled\b.*\bprotest",
         r"\bcrackdown\b"),
    ),
    EventType(
        "VIOL_DEMONSTR", "Violent demonstration",
        "Demonstrators or rioters turn violent: they clash with police, throw stones, burn tyres or "
        "vehicles, vandalise property during a protest.",
        (r"\briot\w*", r"\bstones?\b", r"\brocks\b", r"\bpetrol bombs?\b", r"\bmolotov", r"\btorched\b",
         r"\bvandali\w*", r"\bclashed with police\b", r"\bset (?:on )?fire\b", r"\btyres?\b|\btires\b",
         r"\bbarricad\w*", r"\bangry\b"),
    ),
    EventType(
        "MOB_VIOL", "Mob violence",
        "A crowd or mob attacks people or property outside any demonstration: lynching, vigilante "
        "violence, communal rioting.",
        (r"\bmob\b", r"\blynch\w*", r"\bvigilantes?\b", r"\bbeat(?:en)? to death\b", r"\bangry crowd\b",
         r"\bcommunal\b"),
    ),
    EventType(
        "PROPERTY_DISTRUCT", "Looting/property destruction",
        "Property is looted, burned, demolished or destroyed by an armed group or crowd, without "
        "people being targeted.",
        (r"\bloot\w*", r"\bburn(?:ed|t|ing)? down\b", r"\bdestroy\w*", r"\bdemolish\w*", r"\bset ablaze\b",
         r"\barson\b", r"\bransack\w*", r"\bvandal\w*"),
    ),
    EventType(
        "ARREST", "Arrests",
        "State forces arrest or detain people, often opposition figures, activists or suspects, "
        "outside a protest.",
        (r"\barrest\w*", r"\bdetain\w*", r"\bdetention\b", r"\bcustody\b", r"\brounded up\b",
         r"\bapprehend\w*", r"\bjailed\b", r"\bcharged\b"),
    ),
    EventType(
        "DISR_WEAP", "Disrupted weapons use",
        "Forces seize, find, defuse or destroy weapons, ammunition or explosives before they are used: "
        "arms caches, bomb disposal, intercepted missiles.",
        (r"\bseiz(?:ed|ure)\b.*\b(?:weapons|arms|ammunition|explosives)", r"\bcache\b", r"\bdefus\w*",
         r"\bdismantl\w*", r"\bintercept\w*", r"\bammunition\b", r"\bweapons\b", r"\bfound\b",
         r"\brecovered\b", r"\bbomb disposal\b", r"\bstockpile\b"),
    ),
    EventType(
        "AGREEMENT", "Agreement",
        "Parties sign or reach an agreement: a ceasefire, peace deal, truce, prisoner exchange or "
        "other accord.",
        (r"\bagreement\b", r"\bagreed\b", r"\bsign(?:ed|s|ing)?\b", r"\bceasefire\b|\bcease-fire\b",
         r"\btruce\b", r"\bpeace (?:deal|accord|talks)\b", r"\baccord\b", r"\bdeal\b",
         r"\b(?:prisoner|captive) (?:exchange|swap)\b", r"\bmemorandum\b"),
        decisive=(r"\bsign(?:ed|s)? (?:an? |the )?(?:\w+ ){0,3}(?:agreement|deal|accord|treaty|memorandum)\b", r"\b(?:reached|struck) (?:an? )?(?:\w+ ){0,2}(?:agreement|deal)\b"),
    ),
    EventType(
        "HQ_ESTABLISHED", "Headquarters or base established",
        "An armed group or army sets up a headquarters, base, camp or observation point.",
        (r"\b(?:set|sets|setting) up\b", r"\bestablish\w*", r"\bbases?\b", r"\bobservation points?\b",
         r"\bheadquarters\b", r"\boutposts?\b", r"\bcamp\b", r"\bdeploy\w*"),
        decisive=(r"\bobservation points?\b", r"\b(?:set up|established|built) (?:an? |its )?(?:new )?(?:military )?(?:base|headquarters|outpost)\b"),
    ),
    EventType(
        "CHANGE_TO_GROUP_ACT", "Change to group/activity",
        "An armed group changes its composition or activity: defections, mergers, mobilisation, "
        "redeployment or movement of forces, recruitment, a new leader.",
        (r"\bdefect\w*", r"\bmerg\w*", r"\bmobili[sz]\w*", r"\breinforcements?\b", r"\bredeploy\w*",
         r"\bjoin(?:ed|s)?\b", r"\brecruit\w*", r"\bpull(?:ed)? back\b", r"\bconvoy\b", r"\bsurrender\w*",
         r"\bmov(?:ed|ing)\b"),
    ),
    EventType(
        "ATTRIB", "Attribution of responsibility",
        "A group claims or denies responsibility for an attack, or an official or expert body blames "
        "one party for it.",
        (r"\bclaim(?:ed|s)? responsibility\b", r"\bresponsib\w*", r"\bblam\w*", r"\bdenied\b",
         r"\baccus\w*", r"\bbehind the\b", r"\bclaimed\b"),
        decisive=(r"\bclaim(?:ed|s)? responsibility\b", r"\bdenied (?:any )?(?:responsibility|involvement)\b"),
    ),
    EventType(
        "DIPLO", "Diplomatic event",
        "States act diplomatically: expel or recall diplomats, impose sanctions, condemn, meet, "
        "hold talks or visit, without signing an agreement.",
        (r"\bdiplomat\w*", r"\bexpel\w*|\bexpuls\w*", r"\bsanctions?\b", r"\bembass\w*", r"\bambassador\w*",
         r"\bcondemn\w*", r"\bforeign minist\w*", r"\bsummit\b", r"\btalks\b", r"\bvisit\w*", r"\bconsulate\b",
         r"\bsecurity council\b"),
    ),
    EventType(
        "ORG_CRIME", "Organised crime",
        "Criminal networks at work: smuggling, trafficking of people or drugs, gangs, fraud, cartels "
        "and police action against them.",
        (r"\bsmuggl\w*", r"\btraffick\w*", r"\bdrugs?\b", r"\bcartels?\b", r"\bgangs?\b", r"\bnarcotics\b",
         r"\bfraud\b", r"\bcocaine\b|\bheroin\b", r"\bmafia\b", r"\billegal\b", r"\bcriminal\b"),
    ),
    EventType(
        "NATURAL_DISASTER", "Natural disaster",
        "A natural hazard strikes: earthquake, flood, storm, drought, wildfire, landslide or epidemic.",
        (r"\bearthquake\b|\bquake\b", r"\bflood\w*", r"\bstorm\b|\bcyclone\b|\bhurricane\b|\btyphoon\b",
         r"\bdrought\b", r"\bwildfire\w*", r"\blandslide\w*", r"\bepidemic\b|\boutbreak\b|\bcases\b",
         r"\bvirus\b|\bcovid\b", r"\btsunami\b", r"\bheavy rain\w*", r"\bvolcan\w*"),
    ),
    EventType(
        "MAN_MADE_DISASTER", "Man-made disaster",
        "An accident caused by people or technology: a plane or train crash, industrial explosion, "
        "fire, chemical spill, building collapse.",
        (r"\bcrash\w*", r"\bfire\b", r"\bspill\w*", r"\bcollaps\w*", r"\bderail\w*", r"\baccident\w*",
         r"\bplant\b", r"\bfactory\b", r"\bleak\w*", r"\bblaze\b", r"\bsank\b|\bcapsiz\w*", r"\bdebris\b"),
    ),
    EventType(
        "OTHER", "Other",
        "A reported development that fits none of the other types, such as a weapons test or the "
        "return of residents.",
        (r"\btest(?:ed|s)?\b", r"\blaunch(?:ed)?\b", r"\breturn\w*"),
    ),
)

LABELS: tuple[str, ...] = tuple(t.label for t in TAXONOMY)
BY_LABEL: dict[str, EventType] = {t.label: t for t in TAXONOMY}
# Cues compiled once; every pattern is bounded (no nested quantifiers) so untrusted text cannot blow up.
COMPILED_CUES: tuple[tuple[re.Pattern[str], ...], ...] = tuple(
    tuple(re.compile(p, re.IGNORECASE) for p in t.cues) for t in TAXONOMY
)


COMPILED_DECISIVE: tuple[tuple[re.Pattern[str], ...], ...] = tuple(
    tuple(re.compile(p, re.IGNORECASE) for p in t.decisive) for t in TAXONOMY
)


def readable_name(label: str) -> str:
    """The readable name of an event type label; the label itself when unknown."""
    t = BY_LABEL.get(label)
    return t.name if t else label
