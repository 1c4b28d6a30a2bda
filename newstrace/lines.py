"""Shape features of one line of scraped page text, for the clean stage and the outlet furniture model.

A module of its own below both (``stages/clean.py`` and ``corpus/furniture.py`` use it), so neither
package imports the other through it.

Hand-written because no maintained library classifies *plain text* lines: the boilerplate
removers (trafilatura, jusText, readability) all need the HTML tree, and the seeds' situation
is page text with the markup already gone. Rules look at the shape of a line (length, an
imperative call to action at its start, second person, a social handle, missing sentence
punctuation, a label such as ``Topics:``), with small lists of generic cue words, never with
sentences taken from particular pages.

Every regex here runs on one line capped at ``MAX_LINE_CHARS`` and has no nested quantifiers,
so backtracking stays linear on attacker-controlled text.
"""

from __future__ import annotations

import re
import unicodedata

# Rules only ever look at this many characters of a line: furniture is short, and the cap
# bounds regex work on hostile input (a 1 MB line with no newline).
MAX_LINE_CHARS = 2000
# Furniture lines (prompts, share rows, labels) are short; a line longer than this many words
# is treated as prose by every shape rule except the explicit call-to-action one.
SHORT_WORDS = 12
# "12 thoughts on “<the whole headline>”": a comment header may quote a long title.
COMMENT_HEADER_MAX_WORDS = 30
# A call to action is a sentence or two; beyond this it is prose that happens to say "you".
CTA_MAX_WORDS = 60

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TERMINAL = re.compile(r"[.!?…:;。！？]['\"’”)\]»」』]*$")
_QUOTE_CHARS = re.compile(r"[\"“”«»„]")
_REPORTING = re.compile(
    r"\b(said|says|told|tells|according to|reported|reports|claimed|claims|added|announced|stated|"
    r"wrote|posted|denied|confirmed|warned|urged|asked|statement|notice|investigators?|officials?|"
    r"spokesm[ae]n|spokeswoman|ministry|police|army|council|government)\b", re.I)
_SECOND_PERSON = re.compile(r"\b(you|your|you're|you’re|yours|you'll|you’ll|you've|you’ve)\b", re.I)

# Imperative verbs that open calls to action on news pages (generic cue words, not page text).
_CTA_VERBS = (
    r"click|tap|press|subscribe|sign\s?up|sign\s?in|log\s?in|register|join|follow|like|share|donate|"
    r"support|allow|enable|disable|turn\s+on|download|install|get|try|watch|listen|read|see|view|"
    r"visit|check\s+out|find\s+out|learn\s+more|discover|explore|continue|accept|agree|manage|"
    r"update|upgrade|become|give|help|contribute|chip\s+in|send|email|e-mail|contact|leave|add|"
    r"comment|write|tell|let\s+us|don['’]t\s+miss|never\s+miss|stay|keep|save|shop|buy|order|"
    r"start|unlock|claim|play|call|text|whatsapp|bookmark|print|copy|report|enter|submit"
)
_CTA_START = re.compile(rf"^(?:please\s+|now\s+|just\s+)?(?:{_CTA_VERBS})\b", re.I)
_CTA_ANYWHERE = re.compile(
    r"\b(click here|tap here|clicking here|tapping here|click the|click on|sign up|subscribe|donate|donation|newsletter|"
    r"notifications?|reminders?|push alerts?|opt[- ]in|unsubscribe|inbox|"
    r"cookies?|consent|privacy policy|terms of (?:use|service)|ad ?blocker|whitelist|paywall|"
    r"support (?:our|us)|become a (?:member|subscriber|supporter)|log ?in|sign in|"
    r"download (?:the|our) app|follow us|share this|share on|join us|join our|"
    r"for (?:more|the latest) (?:stories|news|information|info|details|updates|coverage|videos))\b", re.I)
_PROMPT_KINDS = [
    ("cookie-prompt", re.compile(r"\b(cookies?|consent|privacy (?:policy|settings|preferences)|personali[sz]ed ads)\b", re.I)),
    ("notification-prompt", re.compile(r"\b(notifications?|reminders?|alerts?|push)\b", re.I)),
    ("donation-call", re.compile(r"\b(donat(?:e|ion|ions|ing)|chip in|support (?:our|us)|"
                                 r"become a (?:member|supporter)|appeal)\b", re.I)),
    ("subscription-prompt", re.compile(r"\b(newsletters?|subscri(?:be[ds]?|bing|ptions?|bers?)|inbox|"
                                       r"e-?mail address|sign(?:ed|ing)? up|log ?in|sign ?in|register)\b", re.I)),
]
_STRONG_CTA = re.compile(
    r"\b(click here|tap here|click (?:the|on) (?:link|button|bell)|subscribe|newsletters?|notifications?|"
    r"reminders|alerts?|donat(?:e|ion|ing)|inbox|cookies|unsubscribe|sign up (?:for|to) (?:our|the)|"
    r"your e-?mail address|activation link|"
    r"support (?:our|us)|become a (?:member|subscriber|supporter)|turn off (?:your )?ad ?blocker)\b", re.I)
# Prompts that need no imperative: "We use cookies", "Never miss a story", "Thanks for signing up!"
_PROMPT_CUES = re.compile(
    r"\b(cookies?|newsletters?|notifications?|reminders?|(?:push |news |email )?alerts?|"
    r"subscri(?:be[ds]?|bing|ptions?|bers?)|"
    r"sign(?:ed|ing)? up|inbox|email address|e-mail address|consent|personali[sz]ed ads|"
    r"privacy (?:policy|settings|preferences)|ad ?blocker|donat(?:e|ion|ing)|premium|"
    r"paywall|free trial|log(?:ged)? in|sign(?:ed)? in|registered users?)\b", re.I)

_COMMENT = re.compile(
    r"^(?:\d+\s+)?(?:leave|add|post|write|show|view|hide|load|see|read|join|be the first to)?\s*"
    r"(?:a|the|all|\d+|more|your)?\s*(?:comments?|replies|reply|responses?|discussion|conversation)"
    r"(?:\s*\(\d+\))?(?:\s+\d+)?$", re.I)
_COMMENT_SECTION = re.compile(
    r"^(?:\d+|no|one|two|three)\s+(?:comments?|responses?|replies|reactions|thoughts)\b"
    r"|^(?:leave|post|add|write|submit) a (?:reply|comment|response)\b|\bcomments? feed\b", re.I)
_COMMENT_AUTHOR = re.compile(r"^[\w .'’@-]{1,40}\s(?:says|said|wrote|replied|commented)\s*:$", re.I)
_SHARE = re.compile(
    r"^(?:share|tweet|pin|email|e-mail|print|copy link|copied|save|bookmark|follow)(?:\s+(?:this|the|it|"
    r"article|story|post|page|link|us|on|via|to|with|me|now|@\w+))*\b", re.I)
_PLATFORMS = re.compile(
    r"\b(facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|instagram|tiktok|youtube|"
    r"email|e-mail|messenger|flipboard|threads|mastodon|bluesky|vk|print|copy|link|sms|share|tweet)\b", re.I)
_HANDLE = re.compile(r"@[A-Za-z0-9_]{2,30}\b")
_TAG_LINE = re.compile(
    r"^(?:topics?|tags?|tagged(?:\s+with)?|filed\s+under|categor(?:y|ies)|keywords?|related\s+topics?|"
    r"more\s+on|subjects?|themen|schlagworte)\s*[:：|]", re.I)
_TAG_HEADER = re.compile(r"^(?:topics?|tags?|tagged|filed under|categories|keywords|related topics)$", re.I)
_ADVERT = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content| post)?|promoted(?: stories| content)?|"
    r"(?:story|article) continues (?:below|after)(?: (?:the |this )?(?:advertisement|ad))?|"
    r"continue reading(?: (?:below|the main story|after (?:the )?ad(?:vertisement)?))?|"
    r"ad|ads|anzeige|publicidad|publicité|paid (?:content|partner(?:ship)?)|partner content)\W*$", re.I)
_RELATED_HEADER = re.compile(
    r"^(?:read more|read also|also read|more|related|related (?:articles?|stories|posts|news|content|coverage|links)|"
    r"more (?:from|on|in|stories|news|articles|like this)\b.*|most (?:popular|read|viewed|shared)|popular|trending(?: now)?|"
    r"recommended(?: for you| stories| articles)?|you (?:may|might) (?:also )?like|what to read next|"
    r"editor['’]s picks?|top stories|latest(?: news| stories| articles)?|more stories|see also|"
    r"further reading|in other news|don['’]t miss|must read|recent posts|popular posts|"
    r"we recommend|elsewhere on \w+|up next|next up|watch next|around the web)\W*$"
    r"|^(?:related|more|read more|see also|recommended|popular|latest|trending)\b[^.!?]{0,60}:$", re.I)
_READ_MORE_PREFIX = re.compile(
    r"^(?:read more|read also|also read|related|see also|more|recommended|watch|listen|read|latest|"
    r"most read|also see|opinion)\s*[:：|»>–—-]\s*\S", re.I)
_BYLINE = re.compile(
    r"^(?:(?:by|words by|written by|story by|reporting by|text by|von|por|par|di|door|av)\s+)"
    r"[\w.'’-]+(?:\s+[\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|&|und|y|et|e)\s*[\w.'’-]+(?:\s+[\w.'’-]+){0,3}){0,3}"
    r"(?:\s*[|,•·–—-]\s*.{0,60})?$", re.I)
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DAYS = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_TIME_WORDS = re.compile(
    rf"\b(?:{_MONTHS}|{_DAYS}|\d+(?:st|nd|rd|th)?|am|pm|a\.m\.|p\.m\.|gmt|utc|bst|cet|cest|est|edt|et|pt|pst|"
    r"pdt|ist|msk|eet|eest|published|updated|posted|last|modified|first|on|at|ago|hours?|hrs?|minutes?|mins?|"
    r"seconds?|secs?|days?|weeks?|months?|years?|yesterday|today|just|now|read|reading|time|min|"
    r"am|um|le|el|de|del|di|du|il|updated:|published:|veröffentlicht|aktualisiert|uhr)\b", re.I)
_DATE_SHAPE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d|\d\s+(?:{_MONTHS})\b|\b\d{{1,2}}:\d\d\b|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b|"
    r"\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+(?:ago|read)\b|\byesterday\b|\btoday\b", re.I)
_TIME_LEFTOVER = re.compile(r"[\s\d,.:;/|•·()\[\]+\-–—]+")
_CREDIT_LABEL = re.compile(
    r"^(?:[\w ]{0,20}\b)?(?:photo(?:graph)?s?|pictures?|pics?|images?|video|footage|credits?|source|"
    r"illustration|graphic|foto|bild)\s*(?:credits?|courtesy)?\s*(?:by|[:：]|\|)"
    r"|^(?:photo(?:graph)?|picture|image|video|footage|illustration)\s+(?:credit|copyright|courtesy)\b\s*\S", re.I)
# "Image caption <text>": a caption labelled as such (BBC style page text).
_CAPTION_LABEL = re.compile(r"^(?:image|photo|picture|video)\s+caption\b", re.I)
# Words of the caption register ("In this file photo", "pictured", "is seen"): lets a credit
# standing alone in its block claim the line above it as its caption.
_CAPTION_CUES = re.compile(r"\b(?:file (?:photo|image|picture)|in this (?:photo|image|picture|handout|undated)|"
                           r"pictured|(?:is|are) seen|poses?|posing|looks on|photographed)\b", re.I)
_CREDIT_PAREN = re.compile(r"^\((?:photo|image|picture|credit|illustration|video)\b[^()]{1,80}\)$", re.I)
_AGENCY = re.compile(
    r"\b(reuters|ap|afp|ap photo|associated press|getty(?: images)?|epa|efe|ansa|dpa|xinhua|tass|ria novosti|"
    r"anadolu(?: agency)?|sputnik|shutterstock|alamy|istock(?:photo)?|pa(?: wire| images| media)?|"
    r"bloomberg|corbis|sipa|zuma(?: press)?|rex|unsplash|pexels|wikimedia(?: commons)?|handout|"
    r"pool|courtesy|supplied|file photo|stock photo|twitter|telegram|facebook|instagram|youtube|tiktok|"
    r"[\w-]+ images|[\w-]+ photos?|[\w-]+ pictures|[\w-]+ press|[\w-]+ media)\b", re.I)
_SLASH_CREDIT = re.compile(r"^[@\w][\w .'’&@-]{0,60}\s?/\s?[\w][\w .'’&-]{0,60}$")
_VIA_CREDIT = re.compile(r"^[\w .'’@-]{2,60}\s+via\s+[\w .'’@-]{2,60}$", re.I)
_COPYRIGHT = re.compile(r"all rights reserved|subject to copyright|may not be (?:published|reproduced|"
                        r"redistributed)|without (?:the )?(?:prior )?written permission", re.I)
# A caption that carries its own credit at the end: "... on Thursday. Credit: ESA", "... (AP)".
_INLINE_CREDIT = re.compile(
    r"(?:\b(?:credits?|photo(?:graph)?|image|picture|source|illustration)\s*(?:credit)?\s*:\s*[^.:;]{2,60}"
    r"|\((?:photo|image|picture|credit)[^()]{0,60}\)|\((?:ap|afp|reuters|epa|getty images|ap photo|[\w .-]{1,30} "
    r"(?:images|photos?|pictures))(?:/[^()]{1,40})?\))\s*$", re.I)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


def clip(line: str) -> str:
    return line[:MAX_LINE_CHARS]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def cjk_chars(line: str) -> int:
    """Characters of scripts written without spaces (a word count says little there)."""
    return len(_CJK.findall(clip(line)))


def words(line: str) -> list[str]:
    return _WORD.findall(clip(line))


def normalise(line: str) -> str:
    """Lower-case, NFKC, punctuation dropped, whitespace collapsed: the key for repetition."""
    s = unicodedata.normalize("NFKC", clip(line)).lower()
    return " ".join(_WORD.findall(s))


def ends_sentence(line: str) -> bool:
    return bool(_TERMINAL.search(line.rstrip()))


def is_title_case(line: str) -> bool:
    """Most content words capitalised, as in headlines and menu items."""
    ws = [w for w in words(line) if len(w) > 3]
    if not ws:
        return False
    return sum(w[0].isupper() or w[0].isdigit() for w in ws) / len(ws) >= 0.7


def has_reporting(line: str) -> bool:
    return bool(_QUOTE_CHARS.search(line) or _REPORTING.search(line))


def strip_site_suffix(title: str) -> str:
    """'Headline - Outlet.com' -> 'Headline' (the page <title> shape)."""
    return _TITLE_SUFFIX.sub("", title).strip()


def is_timestamp(line: str) -> bool:
    """A line that holds only a date, a time, 'Updated ... ago' or a reading time."""
    s = clip(line)
    if len(s) > 120 or not _DATE_SHAPE.search(s):
        return False
    rest = _TIME_LEFTOVER.sub(" ", _TIME_WORDS.sub(" ", s)).strip()
    # a reporter's name may share the line ("Jane Doe | 3 March 2022"); more words, or a
    # handle (an embedded post's signature "- Name (@handle) date"), is content
    return len(rest.split()) <= 2 and not _HANDLE.search(s)


def credit_kind(line: str) -> str | None:
    """'label' for 'Photo: X' / 'Featured Image Credit: X'; 'source' for 'X/Twitter', 'Reuters', 'X Images'."""
    s = clip(line).strip()
    ws = words(s)
    if not ws or len(ws) > SHORT_WORDS:
        return None
    if _CREDIT_LABEL.match(s) or _CREDIT_PAREN.match(s):
        return "label"
    if ends_sentence(s) and not s.endswith(")"):
        return None
    if len(ws) <= 6 and (_SLASH_CREDIT.match(s) or _VIA_CREDIT.match(s)):
        return "source"
    if len(ws) <= 5 and _AGENCY.search(s) and not _SECOND_PERSON.search(s):
        return "source"
    return None


def _prompt_kind(s: str, default: str = "call-to-action") -> str:
    """Name the kind of prompt by its cue words (first match wins, most specific first)."""
    for reason, cue in _PROMPT_KINDS:
        if cue.search(s):
            return reason
    return default


def is_caption_label(line: str) -> bool:
    return bool(_CAPTION_LABEL.match(clip(line)))


def has_caption_cue(line: str) -> bool:
    return bool(_CAPTION_CUES.search(clip(line)))


def has_inline_credit(line: str) -> bool:
    """A caption that ends with its own credit ('... Credit: ESA', '... (AP)')."""
    s = clip(line).strip()
    return len(words(s)) <= CTA_MAX_WORDS and bool(_INLINE_CREDIT.search(s))


def furniture_reason(line: str, *, position: float = 0.5) -> tuple[str, str] | None:
    """(reason, detail) when the line's shape marks it as page furniture, else None.

    ``position`` is the line's relative place in the page (0 top, 1 bottom): label-only rows
    are furniture anywhere, but some cues are trusted only near the edges.
    """
    s = clip(line).strip()
    ws = words(s)
    n = len(ws)
    if n == 0:
        return ("no-words", "punctuation or symbols only")
    if all(w.isdigit() for w in ws) and n <= 3 and not is_timestamp(s):
        return ("no-words", "numbers only")
    reporting = has_reporting(s)
    if _ADVERT.match(s):
        return ("advert", "advertisement marker")
    if _TAG_LINE.match(s):
        return ("tag-line", "label followed by a list of tags")
    if _TAG_HEADER.match(s):
        return ("tag-line", "tag list header")
    if n <= COMMENT_HEADER_MAX_WORDS and _COMMENT_SECTION.match(s):
        return ("comment-prompt", "reader comments section header")
    if n <= 8 and _COMMENT.match(s):
        return ("comment-prompt", "comment count or call to comment")
    if n <= 6 and _RELATED_HEADER.match(s):
        return ("related-list", "related / read-more header")
    if n <= 25 and _READ_MORE_PREFIX.match(s) and not reporting:
        return ("read-more", "link to another article")
    if n <= 12 and _HANDLE.fullmatch(s.strip("()[] ")):
        return ("social-handle", "lone social handle")
    if n <= 8 and not ends_sentence(s):
        plat = len(_PLATFORMS.findall(s))
        if _SHARE.match(s) and (plat or n <= 4):
            return ("share-follow", "share / follow row")
        if plat >= 2 and plat >= n - 2:
            return ("share-follow", "row of platform names")
        if re.match(r"^follow\b", s, re.I) and (_HANDLE.search(s) or plat):
            return ("share-follow", "follow the outlet or author")
    if n <= SHORT_WORDS + 8 and re.match(r"^follow\b", s, re.I) and len(_PLATFORMS.findall(s)) >= 2 \
            and not _REPORTING.search(s):
        return ("share-follow", "follow the outlet on social networks")
    if n <= 8 and _COMMENT_AUTHOR.match(s):
        return ("comment-author", "reader comment header")
    if n <= 14 and _BYLINE.match(s) and not ends_sentence(s.rstrip(")")):
        return ("byline", "author line")
    if n <= 16 and is_timestamp(s):
        return ("timestamp", "date or time only")
    second = bool(_SECOND_PERSON.search(s))
    # Past a short line, second-person text is often body (a buying guide, advice): only a
    # strong furniture cue (click here, subscribe, newsletter, donate...) makes it a call to action.
    if SHORT_WORDS < n <= CTA_MAX_WORDS and not _QUOTE_CHARS.search(s) and not _REPORTING.search(s):
        if second and _STRONG_CTA.search(s):
            return (_prompt_kind(s), "second-person prompt with a call-to-action cue")
    elif n <= SHORT_WORDS and not _QUOTE_CHARS.search(s):
        if _CTA_START.match(s) and (second or _CTA_ANYWHERE.search(s) or n <= 6) and not _REPORTING.search(s):
            return (_prompt_kind(s), "imperative call to action")
        if second and _CTA_ANYWHERE.search(s) and not _REPORTING.search(s):
            return (_prompt_kind(s), "second-person prompt with a call-to-action cue")
        if second and _PROMPT_CUES.search(s) and not _REPORTING.search(s):
            return (_prompt_kind(s, "subscription-prompt"), "second-person prompt")
        if n <= SHORT_WORDS and _PROMPT_CUES.search(s) and not reporting and (
                position < 0.15 or position > 0.85 or not ends_sentence(s)):
            return (_prompt_kind(s, "subscription-prompt"), "subscription / cookie / sign-in cue")
    if re.match(r"^(?:©|\(c\)|copyright\b)", s, re.I) or _COPYRIGHT.search(s):
        return ("copyright", "copyright notice")
    return None


def is_headline_candidate(line: str) -> bool:
    """Short, title-like, no terminal sentence punctuation, not a prompt."""
    s = clip(line).strip()
    n = len(words(s))
    if not 2 <= n <= 30 or len(s) > 250:
        return False
    if s.endswith((".", ";", ",")) and not s.endswith("..."):
        return False
    return furniture_reason(s) is None and credit_kind(s) is None
