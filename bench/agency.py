"""Wire-service recognition on real news text: what the agency stage finds, for review by eye.

    .venv/bin/python bench/agency.py [--limit N] [--show N] [--seed S]

There is no public gold for "this article is a wire pickup", so this script measures what can be
measured honestly without one: over real articles it was not written against (the English texts of
``../shared/bench/similarity``, the PolNeAR texts of ``../shared/bench/quotes`` and the FNC-1 bodies of
``../shared/bench/stance``), it counts the articles credited to an agency (by agency and cue) and
prints a random sample of hits with their evidence line, and a random sample of articles that name
an agency somewhere but got none (candidate misses, mostly citations: "told Reuters"). Precision is
then the share of sampled hits a reader confirms; the figure goes in the closing note with its sample.
Skips cleanly (exit 0) when the data folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "bench"


def load(limit: int | None) -> list[tuple[str, str]]:
    """(name, text) pairs from the bench folders that exist."""
    csv.field_size_limit(1 << 30)
    out: list[tuple[str, str]] = []
    sim = DATA / "similarity" / "training_set.csv"
    if sim.exists():
        with open(sim, encoding="utf-8", newline="") as f:
            seen = set()
            for r in csv.DictReader(f):
                for side in ("1", "2"):
                    if r[f"lang{side}"] == "en" and r[f"text{side}"] not in seen:
                        seen.add(r[f"text{side}"])
                        out.append((f"semeval:{r['pair_id']}:{side}", r[f"text{side}"]))
    for split in ("dev", "train"):
        for p in sorted((DATA / "quotes" / split / "text").glob("*.txt")) if (DATA / "quotes").exists() else []:
            out.append((f"polnear:{split}:{p.stem}", p.read_text(encoding="utf-8")))
    bodies = DATA / "stance" / "train_bodies.csv"
    if bodies.exists():
        with open(bodies, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                out.append((f"fnc:{r['Body ID']}", r["articleBody"]))
    return out[:limit] if limit else out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", type=int, default=40, help="hits and candidate misses to print")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skip: {DATA} is absent")
        return 0
    from newstrace.model import Article
    from newstrace.pipeline import Context, new_article, run_stages
    from newstrace.readers import read_text
    from newstrace.settings import Settings
    from newstrace.stages import agency, clean

    docs = load(args.limit)
    if not docs:
        print("skip: no bench texts found")
        return 0
    ctx = Context(Settings())
    names = re.compile(r"\b(?:" + "|".join(re.escape(a) for v in agency.AGENCIES.values() for a in v
                                          if a not in agency._DATELINE_ONLY) + r")\b")
    hits, misses, by = [], [], {}
    for i in range(0, len(docs), 64):
        batch = docs[i:i + 64]
        arts = run_stages([new_article(read_text(t, path=n)) for n, t in batch], ctx, stages=[clean, agency])
        for (n, t), a in zip(batch, arts):
            if not isinstance(a, Article):
                continue
            c = a.source.agency_credit
            if c:
                ev = (a.text[c.span.start:c.span.end] if c.removed is None
                      else a.removed[c.removed].text[c.line_start:c.line_end])
                hits.append((n, c.agency, c.cue, ev, a.text[:160].replace("\n", " ")))
                by[(c.agency, c.cue)] = by.get((c.agency, c.cue), 0) + 1
            elif names.search(t):
                m = names.search(t)
                misses.append((n, t[max(0, m.start() - 80):m.end() + 80].replace("\n", " ")))
    print(f"articles: {len(docs)}  credited to an agency: {len(hits)} ({len(hits) / len(docs):.1%})  "
          f"name an agency but not credited: {len(misses)}")
    for (ag, cue), k in sorted(by.items(), key=lambda x: -x[1]):
        print(f"  {ag:18s} {cue:9s} {k}")
    rng = random.Random(args.seed)
    print(f"\n--- sample of hits (evidence | lead) ---")
    for n, ag, cue, ev, lead in rng.sample(hits, min(args.show, len(hits))):
        print(f"{n}\t{ag}\t{cue}\t{ev!r}\t| {lead!r}")
    print(f"\n--- sample of articles naming an agency without a credit ---")
    for n, ctxt in rng.sample(misses, min(args.show, len(misses))):
        print(f"{n}\t{ctxt!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
