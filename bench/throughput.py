"""Throughput of the full newstrace analysis next to raw spaCy ``nlp.pipe`` on the same clean texts.

Both run in this one process, on the same texts, several times; the medians are compared, so machine
noise cancels out in the ratio. Also prints where the time goes, stage by stage, and each stage's cost
as a share of the spaCy analysis stage (the attribution stages aim at <= 25 %, geoparsing at <= 20 %),
and what the event extraction stage adds to the time of all the others (target <= 15 %).

Wall-clock seconds decide the ratio; CPU seconds (all threads of the process) are printed beside
them, since the events stage types its clauses in a thread that overlaps the stages before it (see
``newstrace/stages/events.py``, only when the load average leaves a core idle): with a free core that
hides wall time, not CPU time. ``--early-typing both`` alternates runs with and without that thread in
this one process and prints both; the load average is printed too.

Texts: the demo corpus, the seeds and, when present, the real article bodies of
../shared/bench/extraction (read at run time, never copied). Usage:

    .venv/bin/python bench/throughput.py [--repeat 3] [--limit N] [--early-typing auto|on|off|both]
"""

from __future__ import annotations

import argparse
import json
import os
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
    ap.add_argument("--early-typing", choices=("auto", "on", "off", "both"), default="auto",
                    help="events typed in a thread overlapping the earlier stages when a core is idle (auto, the "
                         "pipeline's default), always, never, or alternating runs of on and off")
    args = ap.parse_args()

    from newstrace.model import Article
    from newstrace.pipeline import STAGES, Context, process
    from newstrace.settings import Settings
    from newstrace.stages import events as events_stage

    ctx = Context(Settings())
    raws = load_raw(args.limit)
    # Warm-up (loads the model and every lazy resource) and the clean texts for the baseline.
    arts = [a for a in process(raws, ctx) if isinstance(a, Article)]
    texts = [a.text for a in arts]
    nlp = ctx.nlp
    n_tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=ctx.settings.batch_size))
    print(f"articles: {len(texts)}  tokens: {n_tokens}  chars: {sum(map(len, texts))}  "
          f"load average (1/5/15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    modes = {"auto": [None], "on": [True], "off": [False], "both": [True, False]}[args.early_typing]
    raw_times, raw_cpu = [], []
    full_times: dict[bool, list[float]] = {m: [] for m in modes}
    full_cpu: dict[bool, list[float]] = {m: [] for m in modes}
    stage_totals: dict[bool, dict[str, list[float]]] = {m: {} for m in modes}
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=ctx.settings.batch_size):
            pass
        raw_times.append(time.perf_counter() - t0)
        raw_cpu.append(time.process_time() - c0)

        for mode in modes:
            events_stage.EARLY_TYPING = mode
            timings: dict[str, float] = {}
            ctx.set("stage_times", timings)
            t0, c0 = time.perf_counter(), time.process_time()
            n_ok = sum(1 for a in process(raws, ctx) if isinstance(a, Article))
            full_times[mode].append(time.perf_counter() - t0)
            full_cpu[mode].append(time.process_time() - c0)
            ctx.set("stage_times", None)
            for k, v in timings.items():
                stage_totals[mode].setdefault(k, []).append(v)
            assert n_ok == len(texts)
    events_stage.EARLY_TYPING = None

    raw_s = statistics.median(raw_times)
    print(f"{'':36}{'articles/s':>12}{'tokens/s':>12}{'CPU s':>9}")
    print(f"{'raw spaCy nlp.pipe':36}{len(texts) / raw_s:12.1f}{n_tokens / raw_s:12.0f}{statistics.median(raw_cpu):9.2f}")
    for mode in modes:
        full_s = statistics.median(full_times[mode])
        name = "newstrace full analysis" + ("" if len(modes) == 1 else f" (early typing {'on' if mode else 'off'})")
        print(f"{name:36}{len(texts) / full_s:12.1f}{n_tokens / full_s:12.0f}{statistics.median(full_cpu[mode]):9.2f}")
    for mode in modes:
        full_s = statistics.median(full_times[mode])
        tag = "" if len(modes) == 1 else f" [early typing {'on' if mode else 'off'}]"
        print(f"ratio full / raw spaCy{tag}: {raw_s / full_s:.3f}   (target >= 0.85; median of {args.repeat} runs each)"
              f"   CPU-time ratio: {statistics.median(raw_cpu) / statistics.median(full_cpu[mode]):.3f}")
    for mode in modes:
        med = {k: statistics.median(v) for k, v in stage_totals[mode].items()}
        thread = med.pop(events_stage.THREAD_TIMING, 0.0)
        tag = "" if len(modes) == 1 else f" [early typing {'on' if mode else 'off'}]"
        print(f"\nper stage{tag} (median seconds, share of total, cost relative to the analysis stage):")
        total = sum(med.values()) or 1.0
        analysis = med.get("analysis") or 1.0
        for st in STAGES:
            v = med.get(st.NAME, 0.0)
            print(f"  {st.NAME:12}{v:9.3f}s {100 * v / total:6.1f}%   {100 * v / analysis:6.1f}% of analysis")
        ev = med.get("events", 0.0)
        if mode is not False:
            print(f"  (the events stage's typing thread: {thread:.3f} s of its own CPU time, overlapping the stages "
                  "between analysis and events; counted in the line below)")
        n_events = sum(len(a.events) for a in arts)
        print(f"event extraction adds {100 * (ev + thread) / max(total - ev, 1e-9):.1f} % to the other stages' time "
              f"({n_events} events in {len(arts)} articles; target <= 15 %; same process, same runs)")


    print(f"\nload average at the end (1/5/15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
