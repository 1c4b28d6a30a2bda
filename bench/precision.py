"""Precision and recall per field on the team-written precision gold set (issue 10, items 7-8).

    .venv/bin/python bench/precision.py [--part dev|check|all] [--json] [--verbose] [--only ID ...]
    .venv/bin/python bench/precision.py --validate     # check the gold files only (seconds)

The gold set lives in ``bench/precision/{dev,check}/NN-slug.{txt,json}`` (ids divisible by 3 are the
held-out ``check`` third: do not tune on them). Each ``.txt`` is fed as a user would feed it
(``newstrace.analyze(text, published=..., outlet=...)``, cleaner included); the ``.json`` gold was
written by reading the article, never from the system's output. The script prints a table of
precision (P), recall (R) and counts per field for dev, check and all.

Locating gold. Every gold substring must occur verbatim, at word boundaries, in the raw ``.txt`` (the script stops with
exit code 2 and lists every one that does not). It is then located in the CLEAN text
(``article.text``): the ``occurrence``-th match (default 1) of the raw text is mapped to the clean
occurrence with the most similar surroundings. A gold item whose text the cleaner removed cannot be
found by any stage: it counts as a miss for recall and is listed as "removed by the cleaner".
Not-lists apply to every occurrence in the clean text; those whose text was removed cannot be
violated and are not counted.

Place gold convention (both halves): literal place readings are gold ("inside Russia", "southern
Ukraine", "region of Russia"); a capital standing for its government is a not_place ("Moscow has
massed troops", "Kyiv denied"); a country named as an actor or before its institution ("Russia
would respond", "Ukraine's air force", "US-made") is left out of both lists, so it is unjudged.

Matching rules (all one-to-one, greedy on the largest overlap; ties go to the tighter fit):

- quotes: the system's speech quotes (``Quote.attribution == "speech"`` when the field exists, else
  every quote) against gold ``content``. A quote's pieces are its content and each of its ``parts``
  (an interrupted quotation may match one gold quote per piece). A piece matches a gold quote when
  the shared characters cover at least half of the gold span or half of the piece. P = quotes with
  a matched piece / speech quotes output, R = matched gold / gold quotes.
  * speaker right (on matched pairs): gold ``null`` (unnamed) is right when the system names nobody
    (``speaker_entity`` is None; a description is fine). A named gold speaker is right when the
    system's ``speaker_entity`` equals it (case, apostrophes, a leading "the" ignored), or is a
    word-boundary suffix of it of at least two words ("Defence Ministry" for "Ukraine's Defence
    Ministry", but never a lone "Ministry"), or differs from it only in the country's possessive
    or adjective ("Russian Defence Ministry" for "Russia's Defence Ministry"), or -- when the gold
    speaker is a PERSON in the gold entities -- has the same surname. Names are compared after
    folding Ukrainian transliteration endings (Zelenskyy, Zelenskiy, Zelensky), never other
    spellings (Poutine is not Putin).
  * kind right (on matched pairs): ``Quote.kind`` equals gold ``kind`` (direct | indirect | mixed).
  * not_quotes: a listed substring is violated when any speech quote's content overlaps it.
- claims: a gold claim is located in the system claim whose sentence contains (else overlaps most)
  the gold substring. Status right = right / located; "claims found" = located / gold.
- check-worthy: the system's short list is the claims with a ``check_rank`` (ranked by it), else
  every claim (unranked; the flagged share of sentences is printed either way). P@k: of the top k
  (k = number of gold check-worthy sentences), the share whose sentence holds a gold check-worthy
  substring; R: the share of gold check-worthy sentences found anywhere in the short list.
- places: only resolved system places are output. A system place overlapping a gold place is right
  when it has the gold geonameid (null for a place GeoNames lacks: judged by its point), or lies
  within 161 km of the gold point (gold feature city/other), or is in the gold country (gold
  feature country/region). Overlapping a ``not_places`` substring
  is a false positive. Places overlapping neither list are "unjudged": counted and listed apart,
  never in P. P = right / (right + wrong + not_place hits), R = right / gold places.
- dates: system times of type date/time overlapping a gold date; right when the resolved value (or
  ``range_start``) begins with the gold value (compared at the gold's granularity: day, month,
  year); gold ``null`` is right when the system leaves it unresolved. Durations and sets are not
  output. System dates overlapping no gold date count as false positives (every date in the body
  is annotated), unless they lie in a caption or credit paragraph. P = right / system dates,
  R = right / gold dates.
- amounts: fully right when value (or low/high) equal, unit equal (case, plural and
  -metre/-meter spelling ignored; null = null), counted lenient (one normalised phrase contains the
  other; gold null = not judged) and qualifier equal (null = null). P = fully right / system amounts,
  R = fully right / gold amounts; "found" = overlapping gold (recall of detection only).
  ``not_amounts``: violated when any system amount overlaps it.
- entities: the system entity overlapping the gold surface most; canonical right by the rule for a
  named speaker without the surname clause. P = right / system entities that overlap some gold
  entity (others are unjudged), R = right / gold entities. Label right is printed apart.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import math
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "precision"
PARTS = ("dev", "check")
KINDS = {"direct", "indirect", "mixed"}
STATUSES = {"asserted", "attributed", "hedged", "unverified", "denied"}
STYLES = {"wire", "tabloid", "state-media", "live-blog", "feature", "spun-rewrite", "explainer", "regional"}
QUALIFIERS = {None, "about", "at_least", "over", "up_to", "under", "exactly"}
FEATURES = {"city", "region", "country", "other"}
NEAR_KM = 161  # accuracy@161 km: the usual geoparsing tolerance (100 miles)
CONTEXT = 40  # characters either side used to map a raw occurrence onto the clean text


class GoldError(Exception):
    """The gold files are inconsistent (a substring not in the text, a bad value, a misplaced id)."""


# -- gold loading and checking ---------------------------------------------------------------------

@dataclass
class GoldArticle:
    art_id: str
    part: str
    path: Path
    raw: str
    gold: dict


def _substrings(gold: dict):
    """-> [(where, substring, occurrence)] for every substring the gold names."""
    out = []
    for i, q in enumerate(gold.get("quotes", [])):
        out.append((f"quotes[{i}]", q["content"], q.get("occurrence", 1)))
    for key in ("not_quotes", "check_worthy", "not_places", "not_amounts"):
        for i, s in enumerate(gold.get(key, [])):
            out.append((f"{key}[{i}]", s, 1))
    for key in ("claims", "places", "dates", "amounts", "entities"):
        for i, item in enumerate(gold.get(key, [])):
            out.append((f"{key}[{i}]", item["text"], item.get("occurrence", 1)))
    return out


def check_gold(art_id: str, part: str, raw: str, gold: dict) -> list[str]:
    """Every problem in one gold file (empty when it is consistent)."""
    problems = []
    num = int(art_id)
    want = "check" if num % 3 == 0 else "dev"
    if part != want:
        problems.append(f"id {art_id} belongs in {want}/, found in {part}/")
    if gold.get("style") not in STYLES:
        problems.append(f"style {gold.get('style')!r} not one of {sorted(STYLES)}")
    for where, s, occ in _substrings(gold):
        if not isinstance(s, str) or not s:
            problems.append(f"{where}: empty or not a string")
        elif len(_occurrences(raw, s)) < occ:
            problems.append(f"{where}: {s!r} occurs {len(_occurrences(raw, s))} time(s) in the .txt "
                            f"(as whole words), occurrence {occ} wanted")
    for i, q in enumerate(gold.get("quotes", [])):
        if q.get("kind") not in KINDS:
            problems.append(f"quotes[{i}]: kind {q.get('kind')!r}")
    for i, c in enumerate(gold.get("claims", [])):
        if c.get("status") not in STATUSES:
            problems.append(f"claims[{i}]: status {c.get('status')!r}")
    for i, p in enumerate(gold.get("places", [])):
        gid = p.get("geonameid")
        if p.get("feature") not in FEATURES or not (gid is None or isinstance(gid, int)):
            problems.append(f"places[{i}]: feature or geonameid wrong")
        if not isinstance(p.get("lat"), (int, float)) or not isinstance(p.get("lon"), (int, float)):
            problems.append(f"places[{i}]: lat/lon missing")
    for i, d in enumerate(gold.get("dates", [])):
        v = d.get("value")
        if v is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v):
            problems.append(f"dates[{i}]: value {v!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    for i, a in enumerate(gold.get("amounts", [])):
        if a.get("value") is None and a.get("low") is None and a.get("high") is None:
            problems.append(f"amounts[{i}]: no value, low or high")
        if a.get("qualifier") not in QUALIFIERS:
            problems.append(f"amounts[{i}]: qualifier {a.get('qualifier')!r}")
    return problems


def load(parts=PARTS, only=None, root: Path = ROOT) -> list[GoldArticle]:
    """Read and check the gold set; raises GoldError listing every problem found."""
    arts, problems = [], []
    for part in parts:
        for jpath in sorted((root / part).glob("*.json")):
            art_id = jpath.name[:2]
            if only and art_id not in only:
                continue
            tpath = jpath.with_suffix(".txt")
            if not tpath.exists():
                problems.append(f"{jpath}: no {tpath.name}")
                continue
            raw = tpath.read_text(encoding="utf-8")
            try:
                gold = json.loads(jpath.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                problems.append(f"{jpath}: {exc}")
                continue
            problems += [f"{jpath.name}: {p}" for p in check_gold(art_id, part, raw, gold)]
            arts.append(GoldArticle(art_id, part, tpath, raw, gold))
    if problems:
        raise GoldError("\n".join(problems))
    return arts


# -- locating gold in the clean text ---------------------------------------------------------------

def _occurrences(text: str, s: str) -> list[int]:
    """Starts of ``s`` in ``text`` at word boundaries ("Russia" is not found inside "Russian")."""
    pat = (r"(?<!\w)" if s[:1].isalnum() else "") + re.escape(s) + (r"(?!\w)" if s[-1:].isalnum() else "")
    return [m.start() for m in re.finditer(pat, text)]


def locate(raw: str, clean: str, s: str, occurrence: int = 1) -> tuple[int, int] | None:
    """(start, end) of the ``occurrence``-th raw match of ``s`` in the clean text; None if cleaned away."""
    raw_occ = _occurrences(raw, s)
    clean_occ = _occurrences(clean, s)
    if not clean_occ:
        # the cleaner may re-flow whitespace (joined wrapped lines): allow any run of spaces
        pat = r"\s+".join(map(re.escape, s.split()))
        clean_occ = [m.start() for m in re.finditer(pat, clean)] if pat else []
        if not clean_occ:
            return None
        m = re.compile(pat)
        spans = [(i, m.match(clean, i).end()) for i in clean_occ]
    else:
        spans = [(i, i + len(s)) for i in clean_occ]
    if not raw_occ or len(raw_occ) == len(spans):
        k = min(occurrence, len(spans)) - 1
        return spans[k]
    r = raw_occ[min(occurrence, len(raw_occ)) - 1]
    ctx = raw[max(0, r - CONTEXT): r] + "|" + raw[r + len(s): r + len(s) + CONTEXT]

    def sim(span):
        a, b = span
        c = clean[max(0, a - CONTEXT): a] + "|" + clean[b: b + CONTEXT]
        return difflib.SequenceMatcher(None, ctx, c).ratio()

    return max(spans, key=sim)


def locate_all(clean: str, s: str) -> list[tuple[int, int]]:
    """Every occurrence of ``s`` in the clean text (the not-lists hold wherever the text occurs)."""
    return [(i, i + len(s)) for i in _occurrences(clean, s)]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: list[tuple[int, int]], pred: list[tuple[int, int]], half: bool = True):
    """One-to-one pairs (gi, pi), greedy on overlap; with ``half`` the overlap must cover half of one span."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = overlap(g, p)
            if ov <= 0:
                continue
            if half and not (ov * 2 >= g[1] - g[0] or ov * 2 >= p[1] - p[0]):
                continue
            union = max(g[1], p[1]) - min(g[0], p[0])
            cands.append((-ov, union, gi, pi))  # ties go to the tighter fit
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


# -- name comparison -------------------------------------------------------------------------------

def norm_name(name: str | None) -> str:
    if not name:
        return ""
    s = name.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"[^\w' -]", " ", s)
    s = re.sub(r"^the\s+", "", s.strip())
    return re.sub(r"\s+", " ", s).strip()


def _fold(name: str) -> str:
    """Fold Ukrainian transliteration endings (Zelenskyy / Zelenskiy / Zelensky are one spelling)."""
    return re.sub(r"(?:yy|iy|yi|ij)\b", "y", name)


# Country adjectives whose first five letters differ from the country's ("Polish" / "Poland's").
_ADJ_STEM = {"polish": "polan", "dutch": "nethe", "turkish": "turke", "chinese": "china", "finnish": "finla",
             "swedish": "swede", "danish": "denma", "spanish": "spain", "greek": "greec", "us": "ameri"}


def _org_key(name: str) -> tuple | None:
    """("russi", "defence ministry") for both "Russia's Defence Ministry" and "Russian Defence Ministry"."""
    words = name.split()
    if len(words) < 3:
        return None
    first = words[0].removesuffix("'s")
    return _ADJ_STEM.get(first, first[:5]), tuple(words[1:])


def speaker_right(gold_speaker: str | None, sys_entity: str | None, is_person: bool) -> bool:
    if gold_speaker is None:
        return sys_entity is None
    g, s = _fold(norm_name(gold_speaker)), _fold(norm_name(sys_entity))
    if not s:
        return False
    if g == s:
        return True
    if len(s.split()) >= 2 and (g.endswith(" " + s) or s.endswith(" " + g)) and len(g.split()) >= 2:
        return True
    if _org_key(g) is not None and _org_key(g) == _org_key(s):
        return True
    return is_person and g.split()[-1] == s.split()[-1]


def _unit(u: str | None) -> str:
    if not u:
        return ""
    u = u.lower().replace("meter", "metre").replace("kilometer", "kilometre").strip()
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in u.split())


def _phrase(s: str | None) -> str:
    words = re.findall(r"[a-z0-9]+", (s or "").lower())
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def _num_eq(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def amount_problems(g: dict, a) -> list[str]:
    """What is wrong with system amount ``a`` against gold amount ``g`` (empty: fully right)."""
    out = []
    if g.get("value") is not None:
        if not _num_eq(g["value"], a.value):
            out.append(f"value {a.value} != {g['value']}")
    elif not (_num_eq(g.get("low"), a.low) and _num_eq(g.get("high"), a.high)):
        out.append(f"range {a.low}..{a.high} != {g.get('low')}..{g.get('high')}")
    if _unit(g.get("unit")) != _unit(a.unit):
        out.append(f"unit {a.unit!r} != {g.get('unit')!r}")
    if g.get("counted"):
        gc, sc = _phrase(g["counted"]), _phrase(a.counted)
        if not sc or not (gc in sc or sc in gc):
            out.append(f"counted {a.counted!r} != {g['counted']!r}")
    if g.get("qualifier") != a.qualifier:
        out.append(f"qualifier {a.qualifier!r} != {g.get('qualifier')!r}")
    return out


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def place_right(g: dict, p) -> bool:
    if p.geonameid is not None and p.geonameid == g.get("geonameid"):
        return True
    if g["feature"] in ("country", "region"):
        return bool(p.country) and p.country == g.get("country")
    if p.lat is None or p.lon is None:
        return False
    return haversine_km(g["lat"], g["lon"], p.lat, p.lon) <= NEAR_KM


def date_right(g: dict, t) -> bool:
    gv = g.get("value")
    if gv is None:
        return not t.resolved or t.value is None
    for v in (t.value, t.range_start):
        wk = re.fullmatch(r"(\d{4})-W(\d{2})", v or "")
        if wk:  # an ISO week: compared through its Monday (a gold week is written as its month or day)
            v = datetime.date.fromisocalendar(int(wk[1]), int(wk[2]), 1).isoformat()
        if v and v[: len(gv)] == gv and (len(v) == len(gv) or not v[len(gv)].isdigit()):
            return True
    return False


# -- system views (tolerant of the attribution-kinds and check-worthiness changes) ------------------

def speech_quotes(article) -> list:
    return [q for q in article.quotes if getattr(q, "attribution", "speech") == "speech"]


def quote_span(q) -> tuple[int, int]:
    spans = [q.content] + list(q.parts or [])
    return min(s.start for s in spans), max(s.end for s in spans)


def quote_pieces(q) -> list[tuple[int, int]]:
    """The content and, for an interrupted quotation, each of its parts (each may match a gold quote)."""
    out = [(q.content.start, q.content.end)]
    out += [(p.start, p.end) for p in (q.parts or []) if (p.start, p.end) not in out]
    return out


def shortlist(article) -> tuple[list, bool]:
    """-> (claims in rank order, is_ranked)."""
    ranked = [c for c in article.claims if getattr(c, "check_rank", None) is not None]
    if ranked:
        return sorted(ranked, key=lambda c: c.check_rank), True
    if any(hasattr(c, "check_rank") for c in article.claims):
        return [], True
    return list(article.claims), False


# -- scoring ---------------------------------------------------------------------------------------

@dataclass
class Tally:
    """Counters per field: ``right`` over ``sys`` is P, ``right_g`` over ``gold`` is R."""

    c: dict = field(default_factory=lambda: defaultdict(int))
    errors: list = field(default_factory=list)  # (field, what, art_id, text, sentence)

    def add(self, other: "Tally") -> None:
        for k, v in other.c.items():
            self.c[k] += v
        self.errors += other.errors


def _sentence(article, start: int, end: int) -> str:
    for s in article.sentences:
        if s.start <= start < s.end:
            return article.text[s.start: max(s.end, end)].replace("\n", " ")
    return article.text[max(0, start - 60): end + 60].replace("\n", " ")


def score_article(ga: GoldArticle, article) -> Tally:
    """Score one analysed article against its gold (pure: reads only model fields)."""
    gold, raw, text = ga.gold, ga.raw, article.text
    t = Tally()
    c = t.c

    def err(fld, what, span=None, s=""):
        sent = _sentence(article, *span) if span else ""
        t.errors.append((fld, what, ga.art_id, s, sent))
        if "removed by the cleaner" in what:
            c["removed_by_cleaner"] += 1

    def loc(s, occ=1):
        return locate(raw, text, s, occ)

    persons = {norm_name(e["canonical"]) for e in gold.get("entities", []) if e.get("label") == "PERSON"}
    non_body = [(p.start, p.end) for p in article.paragraphs if p.kind != "body"]

    # quotes
    gq = [(q, loc(q["content"], q.get("occurrence", 1))) for q in gold.get("quotes", [])]
    for q, sp in gq:
        if sp is None:
            err("quotes", "FN removed by the cleaner", None, q["content"])
    gq_in = [(q, sp) for q, sp in gq if sp is not None]
    sq = speech_quotes(article)
    sspans = [quote_span(q) for q in sq]
    pieces = [(qi, sp) for qi, q in enumerate(sq) for sp in quote_pieces(q)]
    piece_pairs = match_spans([sp for _, sp in gq_in], [sp for _, sp in pieces])
    pairs = [(gi, pieces[k][0]) for gi, k in piece_pairs]
    c["quotes.gold"] += len(gq)
    c["quotes.sys"] += len(sq)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    c["quotes.right"] += len(matched_p)
    c["quotes.right_g"] += len(matched_g)
    for gi, (q, sp) in enumerate(gq_in):
        if gi not in matched_g:
            err("quotes", "FN", sp, q["content"])
    for pi, sp in enumerate(sspans):
        if pi not in matched_p:
            err("quotes", f"FP ({sq[pi].kind}, {sq[pi].speaker_entity or sq[pi].speaker_description})", sp,
                text[sp[0]:sp[1]])
    for gi, pi in pairs:
        q, sp = gq_in[gi]
        s = sq[pi]
        c["speaker.n"] += 1
        if speaker_right(q.get("speaker"), s.speaker_entity, norm_name(q.get("speaker")) in persons):
            c["speaker.right"] += 1
        else:
            err("speaker", f"{s.speaker_entity!r} (desc {s.speaker_description!r}) != {q.get('speaker')!r}",
                sp, q["content"])
        c["kind.n"] += 1
        if s.kind == q["kind"]:
            c["kind.right"] += 1
        else:
            err("kind", f"{s.kind} != {q['kind']}", sp, q["content"])
    for s in gold.get("not_quotes", []):
        found = locate_all(text, s)
        if not found:
            c["not_quotes.removed"] += 1
            continue
        c["not_quotes.n"] += 1
        sp = next((f for f in found if any(overlap(f, x) > 0 for x in sspans)), None)
        if sp:
            c["not_quotes.violated"] += 1
            err("not_quotes", "inside a quote", sp, s)

    # claim status
    for g in gold.get("claims", []):
        c["claims.gold"] += 1
        sp = loc(g["text"])
        if sp is None:
            err("claims", "removed by the cleaner", None, g["text"])
            continue
        inside = [x for x in article.claims if x.start <= sp[0] and sp[1] <= x.end]
        best = inside[0] if inside else max(article.claims, key=lambda x: overlap(sp, (x.start, x.end)),
                                             default=None)
        if best is None or overlap(sp, (best.start, best.end)) <= 0:
            err("claims", "no system claim", sp, g["text"])
            continue
        c["claims.located"] += 1
        if best.status == g["status"]:
            c["claims.right"] += 1
        else:
            err("status", f"{best.status} != {g['status']}", sp, g["text"])

    # check-worthy
    cw = [(s, loc(s)) for s in gold.get("check_worthy", [])]
    listed, ranked = shortlist(article)
    c["cw.sentences"] += len(article.sentences)
    c["cw.flagged"] += len(listed)
    c["cw.ranked"] += int(ranked)

    def holds_gold(claim):
        return any(sp and claim.start <= sp[0] and sp[1] <= claim.end for _, sp in cw)

    k = len(cw)
    top = listed[:k] if ranked else listed
    c["cw.top"] += len(top)
    c["cw.top_right"] += sum(1 for x in top if holds_gold(x))
    c["cw.gold"] += k
    for s, sp in cw:
        if sp and any(x.start <= sp[0] and sp[1] <= x.end for x in listed):
            c["cw.found"] += 1
        else:
            err("check_worthy", "FN not in the short list", sp, s)

    # places
    gp = [(g, loc(g["text"], g.get("occurrence", 1))) for g in gold.get("places", [])]
    nps = [sp for s in gold.get("not_places", []) for sp in locate_all(text, s)]
    sysp = [p for p in article.places if p.resolved]
    gp_in = [(g, sp) for g, sp in gp if sp]
    pairs = match_spans([sp for _, sp in gp_in], [(p.start, p.end) for p in sysp], half=False)
    c["places.gold"] += len(gp)
    for g, sp in gp:
        if sp is None:
            err("places", "FN removed by the cleaner", None, g["text"])
    pg = {pi: gi for gi, pi in pairs}
    got = set()
    for pi, p in enumerate(sysp):
        ps = (p.start, p.end)
        if pi in pg:
            g, sp = gp_in[pg[pi]]
            c["places.sys"] += 1
            if place_right(g, p):
                c["places.right"] += 1
                got.add(pg[pi])
            else:
                err("places", f"FP wrong place {p.name} ({p.geonameid}, {p.country}) != {g['name']} "
                    f"({g['geonameid']})", ps, text[p.start:p.end])
        elif any(overlap(ps, n) > 0 for n in nps):
            c["places.sys"] += 1
            c["places.not_place_hits"] += 1
            err("places", f"FP not a place here -> {p.name} ({p.country})", ps, text[p.start:p.end])
        elif any(overlap(ps, sp) > 0 for _, sp in gp_in):
            c["places.sys"] += 1  # a second reading of a gold mention already matched
            err("places", f"FP duplicate reading {p.name}", ps, text[p.start:p.end])
        else:
            c["places.unjudged"] += 1
            err("places", f"unjudged {p.name} ({p.geonameid}, {p.country})", ps, text[p.start:p.end])
    for gi, (g, sp) in enumerate(gp_in):
        if gi not in got:
            err("places", f"FN {g['name']}", sp, g["text"])

    # dates
    gd = [(g, loc(g["text"], g.get("occurrence", 1))) for g in gold.get("dates", [])]
    gd_in = [(g, sp) for g, sp in gd if sp]
    st = [x for x in article.times if x.type in ("date", "time")]
    pairs = match_spans([sp for _, sp in gd_in], [(x.start, x.end) for x in st], half=False)
    c["dates.gold"] += len(gd)
    for g, sp in gd:
        if sp is None:
            err("dates", "FN removed by the cleaner", None, g["text"])
    dg = {pi: gi for gi, pi in pairs}
    got = set()
    for pi, x in enumerate(st):
        xs = (x.start, x.end)
        if pi in dg:
            g, sp = gd_in[dg[pi]]
            c["dates.sys"] += 1
            if date_right(g, x):
                c["dates.right"] += 1
                got.add(dg[pi])
            else:
                err("dates", f"wrong value {x.value} (range {x.range_start}) != {g.get('value')}", xs,
                    text[x.start:x.end])
        elif any(overlap(xs, n) > 0 for n in non_body):
            continue
        else:
            c["dates.sys"] += 1
            err("dates", f"FP {x.value}", xs, text[x.start:x.end])
    for gi, (g, sp) in enumerate(gd_in):
        if gi not in got and gi not in dg.values():
            err("dates", f"FN {g.get('value')}", sp, g["text"])

    # amounts
    ga_ = [(g, loc(g["text"], g.get("occurrence", 1))) for g in gold.get("amounts", [])]
    ga_in = [(g, sp) for g, sp in ga_ if sp]
    sa = list(article.amounts)
    pairs = match_spans([sp for _, sp in ga_in], [(a.start, a.end) for a in sa], half=False)
    c["amounts.gold"] += len(ga_)
    c["amounts.sys"] += len(sa)
    c["amounts.found"] += len(pairs)
    for g, sp in ga_:
        if sp is None:
            err("amounts", "FN removed by the cleaner", None, g["text"])
    ag = {pi: gi for gi, pi in pairs}
    for pi, a in enumerate(sa):
        xs = (a.start, a.end)
        if pi in ag:
            g, sp = ga_in[ag[pi]]
            probs = amount_problems(g, a)
            if probs:
                err("amounts", "wrong: " + "; ".join(probs), xs, text[a.start:a.end])
            else:
                c["amounts.right"] += 1
        else:
            err("amounts", f"FP value {a.value} counted {a.counted!r}", xs, text[a.start:a.end])
    for gi, (g, sp) in enumerate(ga_in):
        if gi not in ag.values():
            err("amounts", "FN", sp, g["text"])
    for s in gold.get("not_amounts", []):
        found = locate_all(text, s)
        if not found:
            continue
        c["not_amounts.n"] += 1
        sp = next((f for f in found if any(overlap(f, (a.start, a.end)) > 0 for a in sa)), None)
        if sp:
            c["not_amounts.violated"] += 1
            err("not_amounts", "read as an amount", sp, s)

    # entities
    ge = [(g, loc(g["text"], g.get("occurrence", 1))) for g in gold.get("entities", [])]
    ge_in = [(g, sp) for g, sp in ge if sp]
    se = list(article.entities)
    pairs = match_spans([sp for _, sp in ge_in], [(e.start, e.end) for e in se], half=False)
    c["entities.gold"] += len(ge)
    c["entities.sys"] += len(pairs)
    eg = {gi: pi for gi, pi in pairs}
    for g, sp in ge:
        if sp is None:
            err("entities", "FN removed by the cleaner", None, g["text"])
    for gi, (g, sp) in enumerate(ge_in):
        if gi not in eg:
            err("entities", f"FN not recognised ({g['canonical']})", sp, g["text"])
            continue
        e = se[eg[gi]]
        if speaker_right(g["canonical"], e.canonical, False):
            c["entities.right"] += 1
        else:
            err("entities", f"canonical {e.canonical!r} != {g['canonical']!r}", sp, g["text"])
        c["entities.label_n"] += 1
        if e.label == g.get("label"):
            c["entities.label_right"] += 1
        else:
            err("entities", f"label {e.label} != {g.get('label')}", sp, g["text"])
    return t


# -- report ----------------------------------------------------------------------------------------

def _ratio(a, b):
    return a / b if b else None


def rows(c) -> list[tuple[str, float | None, float | None, str]]:
    """(field, P, R, counts) for one tally; P is an accuracy for the "right" rows."""
    return [
        ("quotes (speech)", _ratio(c["quotes.right"], c["quotes.sys"]), _ratio(c["quotes.right_g"], c["quotes.gold"]),
         f"{c['quotes.sys']} output, {c['quotes.gold']} gold"),
        ("quote speaker right", _ratio(c["speaker.right"], c["speaker.n"]), None, f"{c['speaker.n']} matched"),
        ("quote kind right", _ratio(c["kind.right"], c["kind.n"]), None, f"{c['kind.n']} matched"),
        ("not_quotes kept out", _ratio(c["not_quotes.n"] - c["not_quotes.violated"], c["not_quotes.n"]), None,
         f"{c['not_quotes.violated']} of {c['not_quotes.n']} violated"),
        ("claim status right", _ratio(c["claims.right"], c["claims.located"]),
         _ratio(c["claims.right"], c["claims.gold"]), f"{c['claims.located']} of {c['claims.gold']} gold located"),
        ("check-worthy P@k / R", _ratio(c["cw.top_right"], c["cw.top"]), _ratio(c["cw.found"], c["cw.gold"]),
         f"{c['cw.flagged']} listed of {c['cw.sentences']} sentences "
         f"({100 * (_ratio(c['cw.flagged'], c['cw.sentences']) or 0):.0f}%)"),
        ("places", _ratio(c["places.right"], c["places.sys"]), _ratio(c["places.right"], c["places.gold"]),
         f"{c['places.sys']} judged, {c['places.gold']} gold, {c['places.not_place_hits']} not-place hits, "
         f"{c['places.unjudged']} unjudged"),
        ("dates resolved right", _ratio(c["dates.right"], c["dates.sys"]), _ratio(c["dates.right"], c["dates.gold"]),
         f"{c['dates.sys']} output, {c['dates.gold']} gold"),
        ("amounts fully right", _ratio(c["amounts.right"], c["amounts.sys"]),
         _ratio(c["amounts.right"], c["amounts.gold"]),
         f"{c['amounts.sys']} output, {c['amounts.gold']} gold, {c['amounts.found']} found"),
        ("not_amounts kept out", _ratio(c["not_amounts.n"] - c["not_amounts.violated"], c["not_amounts.n"]), None,
         f"{c['not_amounts.violated']} of {c['not_amounts.n']} violated"),
        ("entities canonical", _ratio(c["entities.right"], c["entities.sys"]),
         _ratio(c["entities.right"], c["entities.gold"]), f"{c['entities.sys']} judged, {c['entities.gold']} gold"),
        ("entity label right", _ratio(c["entities.label_right"], c["entities.label_n"]), None,
         f"{c['entities.label_n']} matched"),
    ]


def _fmt(x):
    return "   -" if x is None else f"{x:.2f}"


def print_table(name: str, tally: Tally, n_articles: int) -> None:
    print(f"\n== {name}: {n_articles} articles")
    print(f"{'field':<24} {'P':>5} {'R':>5}  counts")
    for fld, p, r, counts in rows(tally.c):
        print(f"{fld:<24} {_fmt(p):>5} {_fmt(r):>5}  {counts}")
    if tally.c["removed_by_cleaner"]:
        print(f"({tally.c['removed_by_cleaner']} gold items were removed by the cleaner: counted as misses; "
              "--verbose lists them)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["dev", "check", "all"], default="all")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--verbose", action="store_true", help="list every error with its sentence")
    ap.add_argument("--only", nargs="*", help="article ids (two digits) to score")
    ap.add_argument("--validate", action="store_true", help="only check the gold files (fast, no analysis)")
    args = ap.parse_args(argv)
    parts = PARTS if args.part == "all" else (args.part,)
    if not any((ROOT / p).glob("*.json") for p in parts if (ROOT / p).is_dir()):
        print(f"precision: no gold articles under {ROOT} ({args.part}); skipped")
        return 0
    try:
        arts = load(parts, set(args.only or []) or None, root=ROOT)
    except GoldError as exc:
        print("precision: the gold set is inconsistent:\n" + str(exc), file=sys.stderr)
        return 2

    if args.validate:
        for part in parts:
            sel = [ga for ga in arts if ga.part == part]
            n = {k: sum(len(ga.gold.get(k, [])) for ga in sel) for k in ("quotes", "places", "dates", "amounts")}
            print(f"{part}: {len(sel)} articles, gold consistent; " + ", ".join(f"{v} {k}" for k, v in n.items()))
        return 0

    import newstrace

    t0 = time.perf_counter()
    tallies = {p: Tally() for p in parts}
    counts = {p: 0 for p in parts}
    per_article: list[tuple[GoldArticle, Tally]] = []
    for ga in arts:
        meta = {"outlet": ga.gold.get("outlet")}
        if ga.gold.get("published"):
            meta["published"] = ga.gold["published"]
        article = newstrace.analyze(ga.raw, **meta)
        one = score_article(ga, article)
        per_article.append((ga, one))
        tallies[ga.part].add(one)
        counts[ga.part] += 1
    total = Tally()
    for p in parts:
        total.add(tallies[p])
    secs = time.perf_counter() - t0

    if args.json:
        out = {p: {f: {"P": pv, "R": rv, "counts": cs} for f, pv, rv, cs in rows(tallies[p].c)} for p in parts}
        out["all"] = {f: {"P": pv, "R": rv, "counts": cs} for f, pv, rv, cs in rows(total.c)}
        out["articles"] = counts
        out["seconds"] = round(secs, 1)
        if args.verbose:
            out["errors"] = [dict(zip(("field", "what", "article", "text", "sentence"), e)) for e in total.errors]
        print(json.dumps(out, indent=2))
        return 0
    if args.verbose:
        for fld, what, art_id, s, sent in sorted(total.errors, key=lambda e: (e[0], e[2])):
            print(f"[{fld}] {art_id} {what}: {s!r}" + (f"\n      in: {sent[:300]}" if sent else ""))
    if args.verbose:
        print("\nper article: P/R of quotes, places, dates, amounts; status right")
        for ga, one in per_article:
            r = {f: (p, rr) for f, p, rr, _ in rows(one.c)}
            cells = [f"{_fmt(r[f][0])}/{_fmt(r[f][1])}".replace(" ", "") for f in
                     ("quotes (speech)", "places", "dates resolved right", "amounts fully right")]
            print(f"  {ga.art_id} {ga.part:<5} {ga.gold.get('style', ''):<12} " + "  ".join(cells)
                  + f"  {_fmt(r['claim status right'][0])}")
    for p in parts:
        print_table(p, tallies[p], counts[p])
    if len(parts) > 1:
        print_table("all", total, sum(counts.values()))
    print(f"\n{sum(counts.values())} articles analysed in {secs:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
