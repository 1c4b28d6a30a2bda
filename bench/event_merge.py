"""Events across articles: do reports of one event merge, and are their conflicts listed?

    .venv/bin/python bench/event_merge.py [--part dev|check|dev2|check2|all] [--db PATH] [--verbose] [--json]

Gold: ``bench/events_merge/reports.txt`` (82 team-written reports of 18 events by several outlets,
with near misses: same place another day, same day the next town, same event other figures, a
denial, a report that names no town) and ``bench/events_merge/gold.json`` (the planted conflicts).
Splits: ``dev`` (44) and ``dev2`` (9, a second batch) are tuned on; ``check`` (19, held out from
the start) and ``check2`` (10, written after the first measurement, before any run on it) are not
looked at while tuning.

The real pipeline runs: the reports are ingested into a fresh store (analysis with its event
stage, linking of copies/rewrites), then ``events.merge.merge_pending``. Each article is judged by
its lead event (its first typed event: the headline event). Figures:

- pairwise precision / recall / F1 over pairs of reports of one part: a pair is predicted "same
  event" when both lead events sit in one merged event; a report without any event is a miss;
- conflict recall: a planted conflict is found when the merged event holding its first report's
  lead event lists a conflict of that kind naming one of its reports.

``--db PATH`` keeps the analysed store at PATH (re-used on the next run: only merging runs again).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOLD_DIR = ROOT / "bench" / "events_merge"
_HEAD = re.compile(r"^=== (.*)$")


def load_reports(path: Path = GOLD_DIR / "reports.txt") -> list[dict]:
    """The gold reports: header fields, title and body."""
    out: list[dict] = []
    cur: dict | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEAD.match(line)
        if m:
            cur = dict(kv.split(": ", 1) for kv in m.group(1).split(" | "))
            cur["lines"] = []
            out.append(cur)
        elif cur is not None:
            cur["lines"].append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"text before the first report: {line[:60]!r}")
    for r in out:
        lines = [x for x in r.pop("lines")]
        while lines and not lines[-1].strip():
            lines.pop()
        r["title"] = lines[0].strip()
        r["text"] = "\n".join(lines[1:]).strip() + "\n"
    return out


def build_store(reports: list[dict], db: Path) -> float:
    """Ingest the reports into the store at ``db`` (real pipeline); returns the seconds it took."""
    import newstrace

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "reports.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for r in reports:
                f.write(json.dumps({"title": r["title"], "text": r["text"], "published": r["published"],
                                    "source": r["outlet"], "url": r["url"]}, ensure_ascii=False) + "\n")
        t0 = time.perf_counter()
        with newstrace.open(str(db)) as store:
            rep = store.ingest([str(src)])
            if getattr(rep, "failed", 0):
                print(f"warning: {rep.failed} report(s) failed to ingest", file=sys.stderr)
        return time.perf_counter() - t0


def predict(store, reports: list[dict]) -> tuple[dict[str, str | None], dict[str, dict]]:
    """(report id -> merged event of its lead event, merged event id -> record)."""
    from newstrace.events.merge import merge_pending
    from newstrace.store import events as ev

    merge_pending(store, full=True)
    by_url = {a.source.url: a.doc_id for a in store.iter_articles()}
    lead: dict[str, str | None] = {}
    records: dict[str, dict] = {}
    for r in reports:
        doc = by_url.get(r["url"])
        lead[r["id"]] = None
        for cid in ev.events_of_doc(store, doc) if doc else []:
            rec = records.get(cid) or ev.get_event(store, cid)
            records[cid] = rec
            if any(x["doc_id"] == doc and x.get("is_lead") for x in rec["reports"]):
                lead[r["id"]] = cid
    return lead, records


def pairwise(ids: list[str], gold: dict[str, str], pred: dict[str, str | None]) -> dict[str, float]:
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        same = gold[a] == gold[b]
        got = pred[a] is not None and pred[a] == pred[b]
        tp += same and got
        fp += got and not same
        fn += same and not got
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs_gold": tp + fn, "pairs_predicted": tp + fp, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def conflict_recall(planted: list[dict], pred: dict[str, str | None], records: dict[str, dict],
                    doc_of: dict[str, str]) -> tuple[int, list[str]]:
    found, missed = 0, []
    for c in planted:
        cid = pred.get(c["reports"][0])
        rec = records.get(cid) if cid else None
        docs = {doc_of[x] for x in c["reports"] if x in doc_of}
        ok = False
        for k in (rec or {}).get("conflicts", []):
            if k["kind"] != c["kind"]:
                continue
            named = {x["doc_id"] for v in k["values"] for x in v["reports"]}
            if named & docs:
                ok = True
        if ok:
            found += 1
        else:
            missed.append(f"{c['event']}: {c['kind']} {c['reports']}")
    return found, missed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["dev", "check", "dev2", "check2", "all"], default="all",
                    help="dev/dev2: tuned on; check/check2: held out (their misses are printed only when asked for)")
    ap.add_argument("--db", help="keep the analysed store here (re-used when it exists)")
    ap.add_argument("--verbose", action="store_true", help="print each merged event of the part")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--max-candidates", type=int, default=None,
                    help="merged events compared per report (store.events.MAX_CANDIDATES, 500): a small bound makes"
                         " every day window of the gold overflow, to measure which events the bound keeps")
    ap.add_argument("--no-rank-candidates", action="store_true",
                    help="keep the first ids in id order when a window overflows (events.merge.RANK_CANDIDATES off)")
    args = ap.parse_args()
    import newstrace
    from newstrace.events import merge as mg
    from newstrace.store import events as sev

    if args.max_candidates is not None:
        sev.MAX_CANDIDATES = args.max_candidates
    if args.no_rank_candidates:
        mg.RANK_CANDIDATES = False

    reports = load_reports()
    planted = json.loads((GOLD_DIR / "gold.json").read_text(encoding="utf-8"))["conflicts"]
    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "events.db"
    took = None
    if not db.exists():
        took = build_store(reports, db)
    with newstrace.open(str(db)) as store:
        t0 = time.perf_counter()
        pred, records = predict(store, reports)
        merge_s = time.perf_counter() - t0
        doc_of = {}
        by_url = {a.source.url: a.doc_id for a in store.iter_articles()}
        for r in reports:
            if r["url"] in by_url:
                doc_of[r["id"]] = by_url[r["url"]]
    gold = {r["id"]: r["event"] for r in reports}
    splits = list(dict.fromkeys(r["split"] for r in reports))
    parts = [*splits, "all"] if args.part == "all" else [args.part]
    out = {"reports": len(reports), "events": len(set(gold.values())), "analysis_s": round(took, 1) if took else None,
           "merge_s": round(merge_s, 2), "parts": {}}
    for part in parts:
        ids = [r["id"] for r in reports if part == "all" or r["split"] == part]
        evs = {gold[i] for i in ids}
        pc = [c for c in planted if c["event"] in evs]
        found, missed = conflict_recall(pc, pred, records, doc_of)
        out["parts"][part] = {"reports": len(ids), "no_event": sum(pred[i] is None for i in ids),
                              **pairwise(ids, gold, pred), "conflicts_planted": len(pc), "conflicts_found": found,
                              "conflict_recall": round(found / len(pc), 3) if pc else None, "missed": missed}
        if args.verbose and part != "all" and (part.startswith("dev") or args.part == part):
            shown = {pred[i] for i in ids if pred[i]}
            for cid in sorted(shown):
                rec = records[cid]
                members = [i for i in ids if pred[i] == cid]
                print(f"\n{cid} {rec['type']} {(rec.get('place') or {}).get('name')} {rec['day_start']}..{rec['day_end']}"
                      f" sources={rec['independent_sources']} gold={sorted({gold[i] for i in members})}")
                for i in members:
                    x = next(x for x in rec["reports"] if x["doc_id"] == doc_of.get(i) and x.get("is_lead"))
                    print(f"   {i:22} {x['type']:16} place={(x.get('place') or {}).get('name')!s:14}"
                          f" day={x['day_start']}..{x['day_end']}{'!' if x['day_exact'] else ''}"
                          f" actors={[a.get('side') or a.get('name') for a in x['actors']]}"
                          f" targets={[a.get('name') for a in x['targets']][:2]}"
                          f" counts={[(c.get('kind'), c.get('value')) for c in x['counts']]} {x['status']}")
                for k in rec["conflicts"]:
                    print(f"   conflict {k['kind']}: {[v['value'] for v in k['values']]}")
            for i in ids:
                if pred[i] is None:
                    print(f"\nno event: {i}")
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"Event merging: {out['reports']} reports of {out['events']} events"
              + (f"; analysis {out['analysis_s']} s" if took else "") + f"; merging {out['merge_s']} s"
              + (f"; bound {sev.MAX_CANDIDATES} candidate events per report"
                 f" ({'ranked by place and day' if mg.RANK_CANDIDATES else 'first ids'})"
                 if args.max_candidates is not None or args.no_rank_candidates else ""))
        print(f"{'part':6} {'reports':>7} {'no event':>8} {'P':>6} {'R':>6} {'F1':>6} {'conflicts':>10}")
        for part, f in out["parts"].items():
            print(f"{part:6} {f['reports']:7d} {f['no_event']:8d} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1']:6.3f}"
                  f" {f['conflicts_found']:4d}/{f['conflicts_planted']:<5d}")
            for m in f["missed"] if part.startswith("dev") or (args.part == part and part != "all") else []:
                print(f"   missed conflict: {m}")
        print("targets: pairwise precision >= 0.95, recall >= 0.90, every planted conflict listed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
