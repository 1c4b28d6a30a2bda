"""Event extraction against the team-written gold set: event precision/recall, type, status, count, place.

Gold: ``bench/event_extract/{dev,check}.txt`` (format in ``bench/event_extract/README.md``). An output
event matches a gold event when its trigger lies inside one of the gold event's anchors and its type
shares a type group (``newstrace.events.merge.TYPE_GROUPS``) with the gold type. Several output records
may match one gold event (a reader counts "missiles hit ... killing eight" once; the extractor may give
a record per clause): precision counts output records that match some gold event, recall gold events
matched by at least one record. On matched gold events: type accuracy (exact label of the best-matching
record), coarse status accuracy, count accuracy (gold counts found with the same kind and value), place
accuracy (gold place or country). "forbidden" counts output records inside a must-not span.

    .venv/bin/python bench/event_extract.py            # dev and check figures
    .venv/bin/python bench/event_extract.py --verbose  # plus every dev passage's misses and false alarms

The check parts are held out: their per-passage output is never printed (check2 was written after tuning on
dev and scored once).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent / "event_extract"
PARTS = ("dev", "check", "check2")  # check2: written after tuning, scored once
COUNT_KEYS = ("fatalities", "injured", "arrested", "area")


@dataclass
class GoldEvent:
    anchors: list[tuple[int, int]]
    type: str
    status: str
    keys: dict[str, str]
    line: str


@dataclass
class Passage:
    pid: str
    published: str
    text: str
    events: list[GoldEvent] = field(default_factory=list)
    forbidden: list[tuple[int, int, str]] = field(default_factory=list)


def _locate(text: str, anchor: str, pid: str) -> tuple[int, int]:
    m = re.fullmatch(r"(.*?)#(\d+)", anchor)
    needle, nth = (m.group(1), int(m.group(2))) if m else (anchor, 1)
    pos = -1
    for _ in range(nth):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise ValueError(f"{pid}: anchor not in text: {anchor!r}")
    return pos, pos + len(needle)


def load(part: str) -> list[Passage]:
    out: list[Passage] = []
    body: list[str] = []
    cur: Passage | None = None
    pending: list[str] = []

    def close():
        if cur is None:
            return
        cur.text = "\n".join(body).strip("\n")
        for line in pending:
            kind, rest = line[0], line[1:].strip()
            fields = [f.strip() for f in rest.split("|")]
            anchors = [_locate(cur.text, a.strip(), cur.pid) for a in fields[0].split(" ~ ")]
            if kind == "-":
                cur.forbidden += [(a, b, fields[0]) for a, b in anchors]
                continue
            keys = dict(f.split("=", 1) for f in fields[3:] if "=" in f)
            cur.events.append(GoldEvent(anchors, fields[1], fields[2], keys, rest))
        out.append(cur)

    for raw in (GOLD_DIR / f"{part}.txt").read_text(encoding="utf-8").splitlines():
        if raw.startswith("=== "):
            close()
            meta = dict(x.strip().split(": ", 1) for x in raw[4:].split("|"))
            cur, body, pending = Passage(meta["id"], meta["published"], ""), [], []
        elif cur is None or (raw.startswith("#") and not body):
            continue
        elif raw[:2] in ("+ ", "- "):
            pending.append(raw)
        else:
            body.append(raw)
    close()
    return out


def _groups():
    from newstrace.events.merge import TYPE_GROUPS

    return TYPE_GROUPS


def compatible(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in _groups().values())


def coarse_status(e) -> str:
    if e.negated:
        return "negated"
    return {"asserted": "reported", "attributed": "reported", "hedged": "hedged", "unverified": "hedged",
            "denied": "denied"}.get(e.status, e.status)


def _inside(e, spans) -> bool:
    t = e.trigger
    return t is not None and any(a <= t.start and t.end <= b for a, b in spans)


def score_passage(p: Passage, article) -> dict:
    events = list(article.events) if article is not None and not isinstance(article, Exception) else []
    text = article.text if events else p.text
    if events and text != p.text:  # offsets are into the clean text: re-anchor the gold there
        p = _reanchor(p, text)
    matched_out: set[int] = set()
    res = {"gold": len(p.events), "out": len(events), "tp_gold": 0, "type_ok": 0, "status_ok": 0,
           "counts_gold": 0, "counts_ok": 0, "place_gold": 0, "place_ok": 0, "actor_gold": 0, "actor_ok": 0,
           "forbidden": 0, "notes": []}
    for g in p.events:
        hits = [i for i, e in enumerate(events) if _inside(e, g.anchors) and compatible(e.type, g.type)]
        matched_out.update(hits)
        if not hits:
            got = [f"{text[e.trigger.start:e.trigger.end]}:{e.type}" for e in events if _inside(e, g.anchors)]
            res["notes"].append(f"MISS {g.type} {g.line[:70]!r} got={got}")
            continue
        res["tp_gold"] += 1
        best = min(hits, key=lambda i: (events[i].type != g.type, coarse_status(events[i]) != g.status))
        e = events[best]
        res["type_ok"] += e.type == g.type
        st = coarse_status(e)
        res["status_ok"] += st == g.status
        if e.type != g.type or st != g.status:
            res["notes"].append(f"TYPE/STATUS {text[e.trigger.start:e.trigger.end]!r} {e.type}/{st} gold {g.type}/{g.status}")
        found_counts = {(c.kind, c.value) for i in hits for c in events[i].counts}
        for k in COUNT_KEYS:
            if k in g.keys:
                res["counts_gold"] += 1
                ok = (k, float(g.keys[k])) in {(a, float(b)) for a, b in found_counts if b is not None}
                res["counts_ok"] += ok
                if not ok:
                    res["notes"].append(f"COUNT {k}={g.keys[k]} got={sorted(found_counts)}")
        if "place" in g.keys or "country" in g.keys:
            res["place_gold"] += 1
            pl = e.place
            ok = pl is not None and ("place" not in g.keys or g.keys["place"].lower() in (pl.name or "").lower()) \
                and ("country" not in g.keys or (pl.country or "") == g.keys["country"])
            res["place_ok"] += ok
            if not ok:
                res["notes"].append(f"PLACE want {g.keys.get('place') or g.keys.get('country')} got "
                                    f"{(pl.name, pl.country, pl.role) if pl else None}")
        if "actor" in g.keys:
            res["actor_gold"] += 1
            want = g.keys["actor"].lower()
            ok = any(want in (a.side or "").lower() or want in (a.name or "").lower() for a in e.actors)
            res["actor_ok"] += ok
            if not ok:
                res["notes"].append(f"ACTOR want {want} got {[(a.name, a.side) for a in e.actors]}")
    for i, e in enumerate(events):
        if i in matched_out:
            continue
        bad = any(a <= e.trigger.start and e.trigger.end <= b for a, b, _ in p.forbidden) if e.trigger else False
        res["forbidden"] += bad
        res["notes"].append(f"{'FORBIDDEN' if bad else 'FALSE'} {text[e.trigger.start:e.trigger.end]!r} {e.type}/"
                            f"{coarse_status(e)} in {text[e.start:e.end][:80]!r}")
    res["tp_out"] = len(matched_out)
    return res


def _reanchor(p: Passage, text: str) -> Passage:
    """The gold anchors moved to the clean text (found by their words; the clean stage may trim)."""
    def move(a: int, b: int) -> tuple[int, int]:
        s = text.find(p.text[a:b])
        return (s, s + b - a) if s >= 0 else (a, b)

    q = Passage(p.pid, p.published, text)
    q.events = [GoldEvent([move(a, b) for a, b in g.anchors], g.type, g.status, g.keys, g.line) for g in p.events]
    q.forbidden = [(*move(a, b), w) for a, b, w in p.forbidden]
    return q


def run(passages: list[Passage], ctx) -> list:
    from newstrace.pipeline import new_article, run_stages
    from newstrace.readers import read_text

    raws = [read_text(p.text, published=p.published, url=f"https://example.org/{p.pid}") for p in passages]
    return run_stages([new_article(r) for r in raws], ctx)


def totals(rows: list[dict]) -> dict:
    t = {k: sum(r[k] for r in rows) for k in rows[0] if k != "notes"}

    def ratio(a, b):
        return round(t[a] / t[b], 3) if t[b] else None

    return {"passages": len(rows), "gold_events": t["gold"], "output_events": t["out"],
            "precision": ratio("tp_out", "out"), "recall": ratio("tp_gold", "gold"),
            "type_acc": ratio("type_ok", "tp_gold"), "status_acc": ratio("status_ok", "tp_gold"),
            "count_acc": ratio("counts_ok", "counts_gold"), "place_acc": ratio("place_ok", "place_gold"),
            "actor_acc": ratio("actor_ok", "actor_gold"), "forbidden": t["forbidden"],
            "counts_gold": t["counts_gold"], "place_gold": t["place_gold"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="print each dev passage's misses and false alarms")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from newstrace.pipeline import Context
    from newstrace.settings import Settings

    ctx = Context(Settings())
    out = {}
    for part in PARTS:
        if not (GOLD_DIR / f"{part}.txt").is_file():
            continue
        passages = load(part)
        arts = run(passages, ctx)
        rows = [score_passage(p, a) for p, a in zip(passages, arts)]
        out[part] = totals(rows)
        if args.verbose and part == "dev":
            for p, r in zip(passages, rows):
                for n in r["notes"]:
                    print(f"{p.pid}: {n}")
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    cols = ("passages", "gold_events", "output_events", "precision", "recall", "type_acc", "status_acc",
            "count_acc", "place_acc", "actor_acc", "forbidden")
    print("Event extraction on the team-written gold (bench/event_extract/)")
    print(f"{'part':6} " + " ".join(f"{c[:9]:>9}" for c in cols))
    for part, f in out.items():
        print(f"{part:6} " + " ".join(f"{'-' if f[c] is None else f[c]!s:>9}" for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
