"""Scale: END-TO-END ingest time and memory of every engine (start-up included), next to raw spaCy.

Generates a synthetic corpus of N articles (``newstrace.engines.synthetic``: templated war and
politics reporting, ~600 words typical with varied lengths, outlet furniture, copies) as JSON Lines,
then for each engine runs a full ``ingest`` (then the post-ingest linking) into a fresh SQLite
store in a child process and reports:

- the headline: END-TO-END wall time of the whole child process (interpreter and imports, worker
  spawning and model loading, the read, the analysis, the store writes, the linking) and the
  ratio of the local engine's time to each engine's (issue 15 target: dask 2 workers >= 1.5 x local
  on 500 articles);
- start-up measured separately (``newstrace.engines`` logs it): when every worker was warm, when
  the client's read (furniture pre-pass) was done, and how long the client then waited for
  the workers (0 when the warm-up hid behind the read);
- the load average of the machine around each run (the machine is shared: read the ratios
  next to it);
- the link phase (linking and event merge after the last article is stored: its wall, the merge's
  share), the client's CPU during the ingest and during the link phase, how long the client sat
  idle during the ingest, and what the workers did for linking (articles whose link inputs they
  prepared with their analysis, overlapped with the ingest; stance jobs they scored, and how long
  the client waited for them);
- articles/s and tokens/s, sustained (from the end of each worker's first batch, which carries
  the start-up and model loading, to the last stored article; store writes included) and end to end (the whole ingest, start-up included);
- peak memory: the sum of the RSS of the child and all its descendants (workers, Dask scheduler
  and nannies), sampled with psutil every SAMPLE_S;
- the ratio to raw spaCy ``nlp.pipe`` (same model, same texts, one process), measured in this run
  before and after the engines (the mean is the baseline), so load from other users of the
  machine affects both sides alike as far as possible;
- the ingest-to-store time for 100,000 articles, EXTRAPOLATED from the sustained rate (plus the
  measured start-up), unless ``--big`` runs it for real.

Usage::

    .venv/bin/python bench/scale.py [--n 500] [--engines local,processes,dask1,dask2] [--workers 2]
                                    [--raw] [--big 0] [--mean-words 600]

Targets: issue 15: dask 2 workers end to end >= 1.5 x local on 500 articles, start-up included.
Issue 7: dask2 >= 1.7 x dask1; local >= 0.85 x raw spaCy (``--raw``); >= 8.5 articles/s sustained;
peak memory < 1.5 GB for 100,000 articles.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# RSS sampling period: fine enough to catch a batch's peak, cheap enough not to load the machine.
SAMPLE_S = 0.2
ENGINES = {
    "local": [],
    "processes": ["--engine", "local", "--workers", "{workers}"],
    "dask1": ["--engine", "dask", "--workers", "1"],
    "dask2": ["--engine", "dask", "--workers", "2"],
}
BIG_N = 100_000
# Texts in the raw spaCy measurement taken next to each engine: two batches, ~20-40 s here.
RAW_SAMPLE = 64


def run_one(corpus: str, db: str, engine: str, workers: int | None) -> None:
    """Child process: one ingest with timing from progress events; prints a JSON line."""
    from newstrace.ingest import ingest
    from newstrace.pipeline import Context
    from newstrace.settings import Settings
    from newstrace.store.sqlite import SQLiteStore

    marks: list[float] = []
    startup: dict = {}

    class Startup(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            startup.update(getattr(record, "startup", {}))

    log = logging.getLogger("newstrace.engines")
    log.setLevel(logging.INFO)
    log.addHandler(Startup())

    cpu_marks: list[float] = []

    def progress(ev) -> None:
        if ev.phase == "store" and (ev.article is not None or ev.failure is not None):
            marks.append(time.perf_counter())
            cpu_marks[:] = [time.process_time()]

    t0 = time.perf_counter()
    with SQLiteStore(db) as store:
        report = ingest(store, [corpus], Context(Settings.from_env()), progress, engine=engine, workers=workers)
    total = time.perf_counter() - t0
    end_cpu = time.process_time()
    linking = report.linking or {}
    # The link phase: from the last article stored to the end of the ingest (linking + event merge).
    link_phase = (t0 + total - marks[-1]) if marks else None
    # Results arrive in bursts of one batch; the first batch of each worker carries the start-up
    # (spawning, model loading), so the sustained rate counts from the end of those batches.
    skip = Settings.from_env().batch_size * (workers or 1)
    sustained = 0.0
    if len(marks) > skip and marks[-1] > marks[skip - 1]:
        sustained = (len(marks) - skip) / (marks[-1] - marks[skip - 1])
    print(json.dumps({"stored": report.stored, "failed": len(report.failed), "elapsed": report.elapsed,
                      "total": total, "sustained": sustained, "first_at": (marks[0] - t0) if marks else None,
                      "linking": link_phase, "startup": startup,
                      "client_cpu_ingest": cpu_marks[0] if cpu_marks else None,
                      "client_cpu_link": (end_cpu - cpu_marks[0]) if cpu_marks else None,
                      "merge_s": linking.get("merge_s", (link_phase - linking["elapsed"])
                                             if link_phase is not None and linking.get("elapsed") else None), "stance_jobs": linking.get("stance_jobs_on_workers"), "stance_tasks": linking.get("stance_tasks"),
                      "prepared": linking.get("prepared_on_workers"),
                      "prepared_s": linking.get("prepared_on_workers_s"), "link_error": linking.get("error"),
                      "merge_inputs": linking.get("merge_inputs_on_workers"),
                      "analysis_s": linking.get("analysis_on_workers_s"),
                      "stance_s": linking.get("stance_on_workers_s"),
                      "stance_workers": linking.get("stance_workers"),
                      "stance_wait_s": linking.get("stance_wait_s")}))


def measure(cmd: list[str]) -> tuple[dict, float]:
    """Run ``cmd``; return its JSON result (plus ``wall``: the process's wall time, and ``load``:
    the 1-minute load average before and after) and the peak summed RSS (bytes) of its process tree."""
    import psutil

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = 0
    cpu: dict[int, float] = {}  # last seen user+system CPU seconds of every process of the tree
    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            rss = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        rss += p.memory_info().rss
                        t = p.cpu_times()
                        cpu[p.pid] = t.user + t.system
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            except psutil.NoSuchProcess:
                break
            peak = max(peak, rss)
            time.sleep(SAMPLE_S)
        out, err = proc.communicate()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"engine run failed ({proc.returncode}): {err[-3000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    res["wall"] = wall
    res["cpu"] = sum(cpu.values())  # a lower bound: CPU after a process's last sample is missed
    res["cpu_client"] = cpu.get(proc.pid, 0.0)
    res["load"] = (load_before, os.getloadavg()[0])
    return res, peak


def raw_spacy(texts: list[str], batch_size: int) -> tuple[float, int]:
    """Articles/s and token count of raw ``nlp.pipe`` over ``texts`` (one warm-up pass first)."""
    from newstrace.nlp import load_nlp

    nlp = load_nlp("auto")
    for _ in nlp.pipe(texts[:batch_size], batch_size=batch_size):
        pass
    t0 = time.perf_counter()
    tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=batch_size))
    return len(texts) / (time.perf_counter() - t0), tokens


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="articles in the generated corpus")
    ap.add_argument("--raw", action="store_true", help="also measure raw spaCy nlp.pipe (issue 7's ratios)")
    ap.add_argument("--engines", default="local,processes,dask1,dask2", help=f"comma list of {', '.join(ENGINES)}")
    ap.add_argument("--workers", type=int, default=2, help="processes for the 'processes' engine")
    ap.add_argument("--mean-words", type=int, default=600, help="typical article length in words")
    ap.add_argument("--big", type=int, default=0, help="also ingest this many articles for real with the local "
                                                        "engine (e.g. 100000; hours on 2 cores)")
    ap.add_argument("--run-one", nargs=4, metavar=("CORPUS", "DB", "ENGINE", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run_one:
        corpus, db, engine, workers = args.run_one
        run_one(corpus, db, engine, int(workers) if workers != "-" else None)
        return

    from newstrace.engines.synthetic import records, write_corpus
    from newstrace.settings import Settings

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        raise SystemExit(f"unknown engines: {sorted(unknown)}")
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory(prefix="nt-scale-") as tmp:
        corpus = os.path.join(tmp, "corpus")
        info = write_corpus(corpus, args.n, per_file=500, mean_words=args.mean_words)
        texts = [r["text"] for r in records(args.n, mean_words=args.mean_words)]
        print(f"corpus: {info.articles} articles ({info.copies} copies), {info.words} words "
              f"({info.words / info.articles:.0f} per article), {len(info.paths)} JSON Lines files; "
              f"batch size {settings.batch_size}; cpus {os.cpu_count()} (machine shared with other users)")
        tokens = info.words  # tokens/s below are words/s unless --raw counts spaCy tokens
        raw_rate = 0.0
        if args.raw:
            raw_rate, tokens = raw_spacy(texts, settings.batch_size)
            print(f"raw spaCy nlp.pipe (1 process): {raw_rate:.2f} articles/s, {raw_rate * tokens / args.n:.0f} "
                  f"tokens/s  [{tokens} tokens]  (measured again after the engines; the mean is the baseline)")
        print(f"load average (1, 5, 15 min) before the runs: {', '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
        header = (f"{'engine':11}{'wall s':>8}{'x local':>8}{'e2e a/s':>8}{'warm s':>7}{'read s':>7}{'wait s':>7}"
                  f"{'1st s':>7}{'link s':>7}{'sust a/s':>9}{'CPU s':>7}{'peak RSS':>9}{'load':>12}")
        print("wall = the whole child process, end to end (imports, workers, read, analysis, store, linking);\n"
              "warm/read/wait = start-up (workers warm, client's read done, client waited for workers) after\n"
              "the ingest began; 1st = first article stored; CPU = CPU seconds of the whole process tree\n"
              "(the work, whatever the load); load = 1-min load average before -> after\n")
        print(header)
        results = {}
        for name in engines:
            workers = {"processes": str(args.workers), "dask1": "1", "dask2": "2"}.get(name, "-")
            engine = "dask" if name.startswith("dask") else "local"
            db = os.path.join(tmp, f"{name}.db")
            res_raw = 0.0
            if args.raw:
                # Raw spaCy again just before this engine: on a shared machine the load drifts over
                # minutes, so each engine is also compared with the baseline measured next to it.
                res_raw, _ = raw_spacy(texts[:RAW_SAMPLE], settings.batch_size)
            res, peak = measure([sys.executable, __file__, "--run-one", corpus, db, engine, workers])
            results[name] = (res, peak)
            res["raw_now"] = res_raw
            st = res.get("startup") or {}
            local_wall = results["local"][0]["wall"] if "local" in results else None
            ratio = f"{local_wall / res['wall']:8.2f}" if local_wall else f"{'-':>8}"
            print(f"{name:11}{res['wall']:8.1f}{ratio}{res['stored'] / res['wall']:8.2f}"
                  f"{st.get('ready_s', 0):7.1f}{st.get('scanned_s', 0):7.1f}{st.get('waited_s', 0):7.1f}"
                  f"{res['first_at'] or 0:7.1f}{res['linking'] or 0:7.1f}{res['sustained']:9.2f}{res['cpu']:7.0f}"
                  f"{peak / 2**30:8.2f}G{res['load'][0]:6.2f}->{res['load'][1]:.2f}", flush=True)
        print("\nlink phase (from the last article stored to the end: linking + event merge) and where the CPU went:")
        print(f"{'engine':11}{'link s':>7}{'merge s':>8}{'client CPU ingest':>18}{'client CPU link':>16}"
              f"{'client idle in ingest':>22}{'workers CPU':>12}{'analysis':>9}{'prepared':>9}{'prep s':>7}{'merge in':>9}"
              f"{'stance jobs':>16}{'stance s':>9}{'wait s':>7}")  # stance jobs: N@W/T = N jobs on W workers in T tasks
        for name, (res, _peak) in results.items():
            ing, lnk = res.get("client_cpu_ingest"), res.get("client_cpu_link")
            ingest_wall = (res["total"] - (res["linking"] or 0))
            idle = f"{max(0.0, ingest_wall - ing):.1f} of {ingest_wall:.1f}" if ing is not None else "-"
            print(f"{name:11}{res['linking'] or 0:7.1f}{res.get('merge_s') or 0:8.1f}{ing or 0:18.1f}{lnk or 0:16.1f}"
                  f"{idle:>22}{res['cpu'] - res['cpu_client']:12.0f}{res.get('analysis_s') or 0:9.1f}"
                  f"{res.get('prepared') or 0:9d}{res.get('prepared_s') or 0:7.1f}{res.get('merge_inputs') or 0:9d}"
                  f"{'%d@%d/%d' % (res.get('stance_jobs') or 0, res.get('stance_workers') or 0, res.get('stance_tasks') or 0):>16}"
                  f"{res.get('stance_s') or 0:9.1f}{res.get('stance_wait_s') or 0:7.1f}"
                  + (f"  link error: {res['link_error']}" if res.get("link_error") else ""))
        print("(client idle = the ingest's wall minus the client's CPU then; workers CPU = every other process of\n"
              " the tree (workers, nannies), of which analysis = the pipeline itself; prepared = articles whose link\n"
              " inputs the workers computed with their analysis (overlapped with the ingest), in 'prep s' worker CPU;\n"
              " merge in = articles whose event reports the workers made for the events merge (same JSON digest);\n"
              " stance jobs = story members whose stance the workers scored during the link phase (N@W/T: on W\n"
              " workers, sent as T tasks), in 'stance s'; wait s = the client's wait for them (link phase wall on the workers);\n"
              " the rest of the workers' CPU is start-up (interpreters, models, warm-up) and the engine's own overhead)")
        print(f"\nload average (1, 5, 15 min) after the runs: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if "local" in results:
            lw = results["local"][0]["wall"]
            for name, (res, _peak) in results.items():
                if name != "local":
                    target = " (target >= 1.5)" if name == "dask2" else ""
                    print(f"END TO END {name} vs local on {args.n} articles: {lw / res['wall']:.2f} x{target}")
        if args.raw:
            raw_after, _ = raw_spacy(texts, settings.batch_size)
            print(f"\nraw spaCy nlp.pipe again: {raw_after:.2f} articles/s (before: {raw_rate:.2f}); "
                  f"baseline = mean {(raw_rate + raw_after) / 2:.2f}")
            raw_rate = (raw_rate + raw_after) / 2
            for name, (res, _peak) in results.items():
                print(f"  {name:12} sustained x raw spaCy: {res['sustained'] / raw_rate:.2f}")
            if "local" in results:
                loc = results["local"][0]
                print(f"local / raw spaCy: {loc['sustained'] / raw_rate:.2f} x the run's mean baseline, "
                      f"{loc['sustained'] / loc['raw_now']:.2f} x the adjacent one (target >= 0.85)")
        if "dask1" in results and "dask2" in results and results["dask1"][0]["sustained"]:
            d1, d2 = results["dask1"][0], results["dask2"][0]
            print(f"dask 2 workers / 1 worker: sustained {d2['sustained'] / d1['sustained']:.2f} x, "
                  f"end to end {d1['wall'] / d2['wall']:.2f} x")
        for name, (res, _peak) in results.items():
            if res["sustained"]:
                est = res["first_at"] + BIG_N / res["sustained"]
                print(f"ingest-to-store of {BIG_N:,} articles, {name}: EXTRAPOLATED {est / 3600:.1f} h "
                      f"(measured start-up + {BIG_N:,} / sustained rate; linking not included)")
        if args.big:
            big = os.path.join(tmp, "big")
            write_corpus(big, args.big, per_file=5000, mean_words=args.mean_words)
            res, peak = measure([sys.executable, __file__, "--run-one", big, os.path.join(tmp, "big.db"), "local", "-"])
            print(f"\nMEASURED local ingest of {args.big:,} articles: {res['total'] / 3600:.2f} h end to end, "
                  f"{res['sustained']:.2f} articles/s sustained, peak RSS {peak / 2**30:.2f} GB")


if __name__ == "__main__":
    main()
