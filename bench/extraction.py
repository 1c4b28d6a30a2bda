"""Main-text extraction quality: token precision / recall / F1 on ``../shared/bench/extraction``.

Two measurements, both against the benchmark's ground-truth article bodies:

(a) the HTML path: readers -> clean stage -> ``article.body_text``, next to every peer system
    found in ``peers/`` (their published outputs on the same pages);
(b) the text cleaner on the ``html-text`` whole-page dumps (page text with all its furniture:
    the seeds' situation), next to the raw dump's own score.

Metric: bag of lower-cased word tokens per document (multiset intersection), micro-averaged
over documents (true positives, predicted and gold token counts summed before dividing).
Only the clean stage runs (no spaCy), so this is quick.

    .venv/bin/python bench/extraction.py [--limit N] [--show-worst K] [--part html|text|both]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "extraction"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter:
    return Counter(_TOKEN.findall((text or "").lower()))


class Score:
    """Micro-averaged token P/R/F1 accumulated over documents."""

    def __init__(self) -> None:
        self.tp = self.pred = self.gold = 0
        self.per_doc: dict[str, tuple[float, int, int, int]] = {}

    def add(self, doc_id: str, gold: str, pred: str) -> None:
        g, p = tokens(gold), tokens(pred)
        tp = sum((g & p).values())
        ng, np_ = sum(g.values()), sum(p.values())
        self.tp += tp
        self.gold += ng
        self.pred += np_
        self.per_doc[doc_id] = (_f1(tp, np_, ng), tp, np_, ng)

    @property
    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _f1(tp: int, npred: int, ngold: int) -> float:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _clean(raw):
    from newstrace.pipeline import Context, new_article
    from newstrace.stages import clean

    ctx = _clean.ctx = getattr(_clean, "ctx", None) or Context()
    art = new_article(raw)
    clean.run(art, ctx)
    return art


def run_html(ids: list[str], gold: dict) -> tuple[Score, dict[str, str], int]:
    from newstrace.model import InputFailure
    from newstrace.readers import read_paths

    score, preds, failures = Score(), {}, 0
    for i in ids:
        path = DATA / "html" / f"{i}.html.gz"
        pred = ""
        try:
            items = list(read_paths([str(path)]))
        except Exception as e:  # noqa: BLE001 - a reader crash is a failure to report, not the end of the bench
            print(f"  reader crashed on {path.name}: {type(e).__name__}: {e}", file=sys.stderr)
            items = []
        docs = [x for x in items if not isinstance(x, InputFailure)]
        if not docs:
            failures += 1
        else:
            pred = _clean(docs[0]).body_text
        preds[i] = pred
        score.add(i, gold[i]["articleBody"], pred)
    return score, preds, failures


def run_text(ids: list[str], gold: dict, dumps: dict) -> tuple[Score, Score, dict[str, str]]:
    from newstrace.readers import read_text

    ours, raw_score, preds = Score(), Score(), {}
    for i in ids:
        dump = (dumps.get(i) or {}).get("articleBody") or ""
        art = _clean(read_text(dump, url=gold[i].get("url")))
        preds[i] = art.body_text
        ours.add(i, gold[i]["articleBody"], preds[i])
        raw_score.add(i, gold[i]["articleBody"], dump)
    return ours, raw_score, preds


def peer_scores(ids: list[str], gold: dict) -> dict[str, Score]:
    out = {}
    for f in sorted((DATA / "peers").glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        s = Score()
        for i in ids:
            s.add(i, gold[i]["articleBody"], (data.get(i) or {}).get("articleBody") or "")
        out[f.stem] = s
    return out


def table(rows: list[tuple[str, Score]]) -> None:
    print(f"  {'system':<28} {'P':>6} {'R':>6} {'F1':>6}")
    for name, s in sorted(rows, key=lambda r: -r[1].prf[2]):
        p, r, f = s.prf
        print(f"  {name:<28} {p:6.3f} {r:6.3f} {f:6.3f}")


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def show_worst(score: Score, preds: dict[str, str], gold: dict, k: int, label: str) -> None:
    """Print the worst documents with the lines we missed (in gold only) and added (in ours only)."""
    worst = sorted(score.per_doc.items(), key=lambda kv: kv[1][0])[:k]
    for doc_id, (f1, tp, npred, ngold) in worst:
        print(f"\n--- {label} worst: {doc_id[:16]} F1={f1:.3f} (tp={tp} pred={npred} gold={ngold}) "
              f"{gold[doc_id].get('url', '')}")
        g, p = _lines(gold[doc_id]["articleBody"]), _lines(preds.get(doc_id, ""))
        for op in difflib.ndiff(g, p):
            if op[:2] in ("- ", "+ "):
                tag = "MISSED" if op[0] == "-" else "EXTRA "
                print(f"  {tag} {op[2:][:160]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents (sorted ids)")
    ap.add_argument("--show-worst", type=int, default=0, metavar="K", help="print the K worst documents' diffs")
    ap.add_argument("--part", choices=("html", "text", "both"), default="both")
    args = ap.parse_args(argv)

    gt_file = DATA / "ground-truth.json"
    if not gt_file.is_file():
        print(f"extraction bench data absent ({DATA}); skipping.")
        return 0
    gold = json.loads(gt_file.read_text(encoding="utf-8"))
    ids = sorted(gold)[: args.limit] if args.limit else sorted(gold)
    print(f"extraction bench: {len(ids)} documents from {DATA}")
    peers = peer_scores(ids, gold)

    if args.part in ("html", "both"):
        t0 = time.perf_counter()
        score, preds, failures = run_html(ids, gold)
        dt = time.perf_counter() - t0
        print(f"\n(a) HTML path: readers -> clean -> body_text  ({failures} unreadable, {dt:.1f}s)")
        table([("newstrace (html)", score)] + [(k, v) for k, v in peers.items() if k != "html-text"])
        if args.show_worst:
            show_worst(score, preds, gold, args.show_worst, "html")

    if args.part in ("text", "both"):
        dump_file = DATA / "peers" / "html-text.json"
        if not dump_file.is_file():
            print("\n(b) peers/html-text.json absent; skipping the text-cleaner part.")
            return 0
        dumps = json.loads(dump_file.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        ours, raw, preds = run_text(ids, gold, dumps)
        dt = time.perf_counter() - t0
        print(f"\n(b) text cleaner on the html-text whole-page dumps ({dt:.1f}s)")
        table([("newstrace clean (dump)", ours), ("raw dump (html-text)", raw)])
        if args.show_worst:
            show_worst(ours, preds, gold, args.show_worst, "text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
