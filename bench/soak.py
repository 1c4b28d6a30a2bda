"""Soak: ingest + serve + concurrent searchers + uploads, all at once for N minutes; then count losses.

Everything runs on this machine and talks to 127.0.0.1 only:

- a ``newstrace serve`` process over a fresh store (seeded with a first part of the corpus);
- an ingest loop: ``newstrace ingest`` (a separate process, as a user would run it) over the next
  part of a synthetic corpus, again and again, while the server answers;
- ``--searchers`` threads (default 20) searching through the REST API (plain text with
  punctuation as people type it, some FTS5 syntax with ``fts=1``), each pausing ``--think-ms``
  between queries (a person reads the results);
- ``--uploaders`` threads (default 2) uploading articles through ``POST /api/ingest``.

Every loop stops by itself at the deadline (and has a hard bound on its iterations); the ingest
part running at the deadline is allowed to finish. Then every record that was ingested or
uploaded is looked up (its unique marker word through ``/api/search``, its doc_id through
``/api/articles``): a record not found is LOST.

Reports: requests and errors per kind (any non-2xx answer, timeout or connection error is an
error), search latency percentiles (ms), uploads, ingested records, lost records, and the load
average of the machine (shared: read the latencies next to it).

Usage::

    .venv/bin/python bench/soak.py [--minutes 10] [--searchers 20] [--uploaders 2] [--think-ms 200]
                                   [--part 25] [--keep DIR]

Targets (issue 15): 0 errors, p95 search < 300 ms, 0 lost, over 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOKEN = "soak-token-0123456789abcdef"
# Why 60 s: an upload is analysed by the server (spaCy) on a loaded 2-core machine; past a
# minute a request counts as an error rather than slowness.
REQUEST_TIMEOUT_S = 60
# Hard bounds on each loop's iterations, whatever the clock says (a loop must stop by itself).
MAX_SEARCHES_PER_THREAD = 200_000
MAX_UPLOADS_PER_THREAD = 2_000
MAX_INGEST_PARTS = 1_000
# What analysts type: words with punctuation, phrases, names with apostrophes, abbreviations.
# Written for this script; {place}/{person}/{thing} are filled from the synthetic corpus's lists.
PLAIN_QUERIES = ["{place}", "{place}'s mayor", "{person}", "\"{person}\"", "{thing} {place}", "U.S. {thing}",
                 "e-mail {place}", "{place} (port)", "{thing}: {place}", "\"{place}", "{place} AND {thing}",
                 "shelling near {place}?", "{person}'s statement", "10:30 {place}", "{place} - {place2}",
                 "{thing}*", "NOT {place}", "{place}, {place2}", "grain-export deal", "ceasefire talks..."]
FTS_QUERIES = ["{place} OR {place2}", "\"{thing}\" NOT {place}", "{place} NEAR {thing}", "evacu*"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    search_ms: list[float] = field(default_factory=list)
    searches: int = 0
    uploads: int = 0
    upload_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    uploaded: list[tuple[str, str]] = field(default_factory=list)  # (marker, doc_id)

    def error(self, kind: str, detail: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.examples) < 10:
                self.examples.append(f"{kind}: {detail[:200]}")


def marked_records(n: int, seed: int, prefix: str) -> list[dict]:
    """``n`` synthetic articles, each with a unique marker word in its own paragraph."""
    from newstrace.engines.synthetic import records

    out = []
    for i, rec in enumerate(records(n, seed=seed, mean_words=300, copy_share=0.0)):
        marker = f"{prefix}{i:05d}"
        rec = dict(rec, url=f"https://soak.example/{prefix}/{i}", marker=marker)
        # Inside the longest body paragraph: the cleaner drops lines after the main text.
        paras = rec["text"].split("\n\n")
        longest = max(range(len(paras)), key=lambda k: len(paras[k]))
        paras[longest] += f" The archive reference is {marker}."
        rec["text"] = "\n\n".join(paras)
        out.append(rec)
    return out


def write_part(folder: Path, index: int, recs: list[dict]) -> Path:
    path = folder / f"part-{index:04d}.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps({k: v for k, v in r.items() if k not in ("marker", "copy")}) + "\n")
    return path


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newstrace", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port), "--token", TOKEN], stdout=open(log, "w"),
                            stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(base + "/api/summary", timeout=30).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the server did not start (see {log})")


def searcher(base: str, deadline: float, tally: Tally, seed: int, think_s: float) -> None:
    import httpx

    from newstrace.engines.synthetic import PEOPLE, PLACES, THINGS

    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
        for _ in range(MAX_SEARCHES_PER_THREAD):
            if time.monotonic() >= deadline:
                break
            fts = rng.random() < 0.15
            template = rng.choice(FTS_QUERIES if fts else PLAIN_QUERIES)
            q = template.format(place=rng.choice(PLACES), place2=rng.choice(PLACES), person=rng.choice(PEOPLE),
                                thing=rng.choice(THINGS))
            params = {"q": q, "limit": 20}
            if fts:
                params["fts"] = "1"
            t0 = time.perf_counter()
            try:
                r = client.get("/api/search", params=params)
                ms = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    tally.error(f"search {r.status_code}", f"{params}: {r.text}")
                with tally.lock:
                    tally.searches += 1
                    tally.search_ms.append(ms)
            except httpx.HTTPError as e:
                tally.error(f"search {type(e).__name__}", str(params))
            if think_s:
                time.sleep(think_s * (0.5 + rng.random()))  # a person reading results, not a timing


def uploader(base: str, deadline: float, tally: Tally, recs: list[dict], start: int, step: int) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S,
                      headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        for n, i in enumerate(range(start, len(recs), step)):
            if time.monotonic() >= deadline or n >= MAX_UPLOADS_PER_THREAD:
                break
            rec = recs[i]
            body = {"title": rec.get("title"), "text": rec["text"], "outlet": rec.get("source"),
                    "url": rec["url"], "published": rec.get("published")}
            t0 = time.perf_counter()
            try:
                r = client.post("/api/ingest", json={k: v for k, v in body.items() if v})
                if r.status_code != 201:
                    tally.error(f"upload {r.status_code}", r.text)
                    continue
                arts = r.json()["articles"]
                with tally.lock:
                    tally.uploads += 1
                    tally.upload_ms.append((time.perf_counter() - t0) * 1000)
                    tally.uploaded.extend((rec["marker"], a["doc_id"]) for a in arts)
                if not arts:
                    tally.error("upload stored nothing", rec["marker"])
            except httpx.HTTPError as e:
                tally.error(f"upload {type(e).__name__}", rec["marker"])


def ingest_loop(db: Path, parts: list[Path], deadline: float, done: list[Path], tally: Tally, log: Path) -> None:
    with open(log, "a") as out:
        for path in parts[:MAX_INGEST_PARTS]:
            if time.monotonic() >= deadline:
                break
            r = subprocess.run([sys.executable, "-m", "newstrace", "ingest", str(path), "--db", str(db), "--quiet"],
                               stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
            if r.returncode != 0:
                tally.error(f"ingest exit {r.returncode}", path.name)
            done.append(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="how long the load runs")
    ap.add_argument("--searchers", type=int, default=20, help="concurrent search threads")
    ap.add_argument("--uploaders", type=int, default=2, help="concurrent upload threads")
    ap.add_argument("--think-ms", type=float, default=200.0, help="mean pause of a searcher between queries")
    ap.add_argument("--part", type=int, default=25, help="articles per ingest part (one `newstrace ingest` each)")
    ap.add_argument("--parts", type=int, default=40, help="ingest parts prepared (the loop stops at the deadline)")
    ap.add_argument("--seed-articles", type=int, default=60, help="articles ingested before the load starts")
    ap.add_argument("--keep", help="keep the store and logs in this folder (default: a temporary one)")
    args = ap.parse_args()

    import httpx

    tmp_ctx = tempfile.TemporaryDirectory(prefix="nt-soak-") if not args.keep else None
    work = Path(args.keep or tmp_ctx.name)
    work.mkdir(parents=True, exist_ok=True)
    db, corpus = work / "soak.db", work / "corpus"
    corpus.mkdir(exist_ok=True)
    ingest_recs = marked_records(args.seed_articles + args.part * args.parts, seed=15, prefix="soakrec")
    upload_recs = marked_records(MAX_UPLOADS_PER_THREAD, seed=16, prefix="soakup")
    part_recs = {write_part(corpus, 0, ingest_recs[:args.seed_articles]): ingest_recs[:args.seed_articles]}
    for i in range(args.parts):
        chunk = ingest_recs[args.seed_articles + i * args.part: args.seed_articles + (i + 1) * args.part]
        part_recs[write_part(corpus, i + 1, chunk)] = chunk
    seed_part, *parts = part_recs
    print(f"soak: {args.minutes:g} min, {args.searchers} searchers (think {args.think_ms:g} ms), {args.uploaders} "
          f"uploaders, ingest parts of {args.part}; store {db}; load average {os.getloadavg()[0]:.2f}", flush=True)
    ingest_log = work / "ingest.log"
    t_seed = time.monotonic()
    subprocess.run([sys.executable, "-m", "newstrace", "ingest", str(seed_part), "--db", str(db), "--quiet"],
                   stdout=open(ingest_log, "w"), stderr=subprocess.STDOUT, cwd=ROOT, check=False)
    print(f"seed ingest of {args.seed_articles} articles: {time.monotonic() - t_seed:.0f} s", flush=True)
    server, base = start_server(db, work / "server.log")
    tally = Tally()
    done_parts: list[Path] = [seed_part]
    loads: list[float] = []
    try:
        t0 = time.monotonic()
        deadline = t0 + args.minutes * 60
        threads = [threading.Thread(target=ingest_loop, args=(db, parts, deadline, done_parts, tally, ingest_log))]
        threads += [threading.Thread(target=searcher, args=(base, deadline, tally, 100 + i, args.think_ms / 1000))
                    for i in range(args.searchers)]
        threads += [threading.Thread(target=uploader, args=(base, deadline, tally, upload_recs, i, args.uploaders))
                    for i in range(args.uploaders)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads[1:]):
            loads.append(os.getloadavg()[0])
            next(t for t in threads[1:] if t.is_alive()).join(timeout=5)  # load sampled every 5 s
        threads[0].join()  # the ingest part running at the deadline finishes
        elapsed = time.monotonic() - t0

        # Lost records: every ingested / uploaded record must be findable by its marker word.
        ingested = [r for p in done_parts for r in part_recs[p]]
        lost, checked = [], 0
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
            for marker in [r["marker"] for r in ingested] + [m for m, _ in tally.uploaded]:
                checked += 1
                r = client.get("/api/search", params={"q": marker, "limit": 5})
                if r.status_code != 200 or not r.json()["hits"]:
                    lost.append(marker)
            for marker, doc_id in tally.uploaded:
                if client.get(f"/api/articles/{doc_id}").status_code != 200:
                    lost.append(f"{marker} ({doc_id})")
            total = client.get("/api/summary").json()["articles"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    errors = sum(tally.errors.values())
    print(f"\nran {elapsed / 60:.1f} min; load average during the run: mean {sum(loads) / max(1, len(loads)):.2f}, "
          f"max {max(loads, default=0):.2f} (2 cores, shared)")
    print(f"searches: {tally.searches} ({tally.searches / elapsed:.1f}/s); latency ms p50 "
          f"{percentile(tally.search_ms, 50):.0f}, p90 {percentile(tally.search_ms, 90):.0f}, "
          f"p95 {percentile(tally.search_ms, 95):.0f}, p99 {percentile(tally.search_ms, 99):.0f}, "
          f"max {max(tally.search_ms, default=0):.0f}  (target p95 < 300)")
    print(f"uploads: {tally.uploads} stored; upload ms p50 {percentile(tally.upload_ms, 50):.0f}, "
          f"max {max(tally.upload_ms, default=0):.0f}")
    print(f"ingest: {len(done_parts)} parts, {len(ingested)} records; store holds {total} articles")
    print(f"errors: {errors} {dict(sorted(tally.errors.items()))}  (target 0)")
    for ex in tally.examples:
        print(f"  {ex}")
    print(f"lost records: {len(lost)} of {checked} checked  (target 0)" + (f": {lost[:10]}" if lost else ""))
    if tmp_ctx is not None:
        tmp_ctx.cleanup()


if __name__ == "__main__":
    main()
