"""Across languages: are translated rewrites linked as rewrites, and do uk/ru/en reports of one event merge?

    .venv/bin/python bench/multi_crosslang.py [--set dev|check] [--db PATH] [--verbose] [--json]

Gold: ``bench/multi/crosslang/articles.jsonl`` (16 team-written reports in English, Ukrainian and
Russian, written before any cross-language rule was tuned: translated rewrites of another outlet's
story, independent reports of the same events, other events in the same town) and ``gold.json``
(the events and the rewrite pairs). ``--set check``: ``check.jsonl`` / ``check_gold.json`` (10 more
reports, written after the dev set's first runs and before any run on them, with harder cases: a
shortened reordered translation, an independent report quoting the same figures, another event in the
same town on the same day, a conflicting figure); not tuned on.

The real pipeline runs: the reports are ingested into a fresh store (analysis, events stage,
linking with the cross-language rewrite check), then ``events.merge.merge_pending``. Figures:

- rewrite links, pairwise over pairs of articles in different languages: predicted = a ``rewrite``
  link between them (a ``copy`` link across languages counts as a wrong link);
- event merging, pairwise (as bench/event_merge.py: each article judged by its lead event), over
  all pairs and over the pairs in different languages; a report without an event is a miss;
- conflicts listed on the merged events (printed with --verbose).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
GOLD_DIR = ROOT / "bench" / "multi" / "crosslang"


SETS = {"dev": ("articles.jsonl", "gold.json"), "check": ("check.jsonl", "check_gold.json")}


def load(name: str = "dev") -> tuple[list[dict], dict]:
    arts, gold = SETS[name]
    rows = [json.loads(x) for x in (GOLD_DIR / arts).read_text(encoding="utf-8").splitlines() if x.strip()]
    return rows, json.loads((GOLD_DIR / gold).read_text(encoding="utf-8"))


def build_store(src: Path, db: Path) -> float:
    import newstrace

    t0 = time.perf_counter()
    with newstrace.open(str(db)) as store:
        rep = store.ingest([str(src)])
        if getattr(rep, "failed", 0):
            print(f"warning: {rep.failed} report(s) failed to ingest", file=sys.stderr)
    return time.perf_counter() - t0


def _pr(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"gold": tp + fn, "predicted": tp + fp, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=sorted(SETS), default="dev", help="dev: the first set; check: held out")
    ap.add_argument("--db", help="keep the analysed store here (re-used when it exists)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import newstrace
    from event_merge import predict

    rows, gold = load(args.set)
    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "crosslang.db"
    took = build_store(GOLD_DIR / SETS[args.set][0], db) if not db.exists() else None
    lang = {r["id"]: r["language"] for r in rows}
    ids = [r["id"] for r in rows]
    with newstrace.open(str(db)) as store:
        by_url = {a.source.url: a.doc_id for a in store.iter_articles()}
        doc = {r["id"]: by_url.get(r["url"]) for r in rows}
        rid = {d: i for i, d in doc.items() if d}
        kinds: dict[frozenset, set] = {}
        for i in ids:
            if not doc[i]:
                continue
            for ln in newstrace.api.links(store, doc[i]).get("links", []):
                o = rid.get(ln.get("other_doc_id"))
                if o:
                    kinds.setdefault(frozenset((i, o)), set()).add(ln.get("kind"))
        reports = [{"id": r["id"], "url": r["url"]} for r in rows]
        pred, records = predict(store, reports)
    gold_rw = {frozenset(p) for p in gold["rewrites"]}
    ev_of = {i: e for e, members in gold["events"].items() for i in members}
    tp = fp = fn = 0
    wrong: list[str] = []
    for a, b in combinations(ids, 2):
        if lang[a] == lang[b]:
            continue
        k = kinds.get(frozenset((a, b)), set())
        got = "rewrite" in k or "copy" in k
        same = frozenset((a, b)) in gold_rw
        tp += same and "rewrite" in k
        fp += got and not (same and "rewrite" in k)
        fn += same and "rewrite" not in k
        if got != same or (got and "rewrite" not in k):
            wrong.append(f"{'missed' if same else 'false'} rewrite {a} ~ {b} {sorted(k)}")

    def merge_pr(cross: bool) -> dict:
        t = f = n = 0
        for a, b in combinations(ids, 2):
            if cross and lang[a] == lang[b]:
                continue
            same = ev_of[a] == ev_of[b]
            got = pred[a] is not None and pred[a] == pred[b]
            t += same and got
            f += got and not same
            n += same and not got
        return _pr(t, f, n)

    out = {"articles": len(rows), "analysis_s": round(took, 1) if took else None,
           "rewrites_cross_language": _pr(tp, fp, fn), "event_merge_all_pairs": merge_pr(False),
           "event_merge_cross_language": merge_pr(True), "no_event": sorted(i for i in ids if pred[i] is None),
           "errors": wrong}
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(f"Cross-language set '{args.set}': {len(rows)} articles (en {sum(v == 'en' for v in lang.values())}, "
          f"uk {sum(v == 'uk' for v in lang.values())}, ru {sum(v == 'ru' for v in lang.values())})"
          + (f"; analysis+linking {out['analysis_s']} s" if took else ""))
    for name in ("rewrites_cross_language", "event_merge_all_pairs", "event_merge_cross_language"):
        f = out[name]
        print(f"{name:28} P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}"
              f"  (gold pairs {f['gold']}, predicted {f['predicted']})")
    print(f"articles without an event: {out['no_event'] or 'none'}")
    for w in wrong:
        print("  " + w)
    if args.verbose:
        for cid in sorted({c for c in pred.values() if c}):
            rec = records[cid]
            members = [i for i in ids if pred[i] == cid]
            print(f"\n{cid} {rec['type']} {(rec.get('place') or {}).get('name')} {rec['day_start']}..{rec['day_end']}"
                  f" sources={rec['independent_sources']} members={members}")
            for x in rec["reports"]:
                print(f"   {rid.get(x['doc_id'], x['doc_id'])[:22]:22} {x['type']:16} place={(x.get('place') or {}).get('name')!s:14}"
                      f" day={x['day_start']}..{x['day_end']}{'!' if x['day_exact'] else ''}"
                      f" actors={[a.get('side') or a.get('name') for a in x['actors']]}"
                      f" counts={[(c.get('kind'), c.get('value')) for c in x['counts']]} {x['status']} lead={x.get('is_lead')}")
            for k in rec["conflicts"]:
                print(f"   conflict {k['kind']}: {[v['value'] for v in k['values']]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
