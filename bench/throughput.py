"""Throughput of the full newstrace analysis next to raw spaCy ``nlp.pipe`` on the same clean texts.

Both run in this one process, on the same texts, several times; the medians are compared, so machine
noise cancels out in the ratio. Also prints where the time goes, stage by stage, and each stage's cost
as a share of the spaCy analysis stage (the attribution stages aim at <= 25 %, geoparsing at <= 20 %),
and what the event extraction stage adds to the time of all the others (target <= 15 %).

Texts: the demo corpus, the seeds and, when present, the real article bodies of
../shared/bench/extraction (read at run time, never copied). Usage:

    .venv/bin/python bench/throughput.py [--repeat 3] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


def load_raw(limit: int | None):
    from newstrace.model import RawDocument
    from newstrace.readers import read_paths, read_text
    from newstrace.settings import Settings

    docs = [d for d in read_paths([str(ROOT / "demo" / "corpus")], Settings()) if isinstance(d, RawDocument)]
    if (SHARED / "seeds").is_dir():
        docs += [d for d in read_paths([str(SHARED / "seeds")], Settings()) if isinstance(d, RawDocument)]
    gt = SHARED / "bench" / "extraction" / "ground-truth.json"
    if gt.is_file():
        for k, v in sorted(json.loads(gt.read_text()).items()):
            docs.append(read_text(v["articleBody"], url=v.get("url"), path=f"extraction/{k}"))
    return docs[:limit] if limit else docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each side (median reported)")
    ap.add_argument("--limit", type=int, default=None, help="use at most N articles")
    args = ap.parse_args()

    from newstrace.model import Article
    from newstrace.pipeline import STAGES, Context, process
    from newstrace.settings import Settings

    ctx = Context(Settings())
    raws = load_raw(args.limit)
    # Warm-up (loads the model and every lazy resource) and the clean texts for the baseline.
    arts = [a for a in process(raws, ctx) if isinstance(a, Article)]
    texts = [a.text for a in arts]
    nlp = ctx.nlp
    n_tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=ctx.settings.batch_size))
    print(f"articles: {len(texts)}  tokens: {n_tokens}  chars: {sum(map(len, texts))}")

    raw_times, full_times = [], []
    stage_totals: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=ctx.settings.batch_size):
            pass
        raw_times.append(time.perf_counter() - t0)

        timings: dict[str, float] = {}
        ctx.set("stage_times", timings)
        t0 = time.perf_counter()
        n_ok = sum(1 for a in process(raws, ctx) if isinstance(a, Article))
        full_times.append(time.perf_counter() - t0)
        ctx.set("stage_times", None)
        for k, v in timings.items():
            stage_totals.setdefault(k, []).append(v)
        assert n_ok == len(texts)

    raw_s, full_s = statistics.median(raw_times), statistics.median(full_times)
    print(f"{'':28}{'articles/s':>12}{'tokens/s':>12}")
    print(f"{'raw spaCy nlp.pipe':28}{len(texts) / raw_s:12.1f}{n_tokens / raw_s:12.0f}")
    print(f"{'newstrace full analysis':28}{len(texts) / full_s:12.1f}{n_tokens / full_s:12.0f}")
    print(f"ratio full / raw spaCy: {raw_s / full_s:.3f}   (target >= 0.85; median of {args.repeat} runs each)")
    print("\nper stage (median seconds, share of total, cost relative to the analysis stage):")
    med = {k: statistics.median(v) for k, v in stage_totals.items()}
    total = sum(med.values()) or 1.0
    analysis = med.get("analysis") or 1.0
    for st in STAGES:
        v = med.get(st.NAME, 0.0)
        print(f"  {st.NAME:12}{v:9.3f}s {100 * v / total:6.1f}%   {100 * v / analysis:6.1f}% of analysis")
    ev = med.get("events", 0.0)
    n_events = sum(len(a.events) for a in arts)
    print(f"\nevent extraction adds {100 * ev / max(total - ev, 1e-9):.1f} % to the other stages' time "
          f"({n_events} events in {len(arts)} articles; target <= 15 %; same process, same runs)")


if __name__ == "__main__":
    main()
