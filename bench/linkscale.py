"""Linking at scale: CPU per article against the number already linked, phases, peak memory, projection.

    NEWSTRACE_STORY_MODEL=lexical nice -n 5 .venv/bin/python bench/linkscale.py --db COPY.db [--n 5000]
        [--batch 500] [--reset] [--no-stance] [--profile-batch K] [--profile-out FILE] [--json OUT]
        [--merge-only] [--no-memo] [--no-links-memo] [--no-score-order] [--no-verdict-run] [--no-gates-extend] [--merge-profile FILE] [--digest]

Links the pending articles of a store (a COPY: it writes the corpus and event tables) the way
``newstrace link`` does (``corpus.linker``: publication order, one transaction per batch, then
``events.merge.merge_pending``), or only the first ``--n`` of them in that order (the store is not
marked linked then, and only those articles' events are merged). ``--reset`` first forgets every
link, story and merged event of the copy (a second measurement on the same copy).

Per batch it prints the CPU time (``time.process_time``: fair on a loaded machine) per article
against the number of articles linked before it, and the phases (exclusive CPU: a nested phase is
not counted twice): read (stored JSON to light articles), fingerprint, lsh (band candidates),
boilerplate (sentence keys, learning, masking, refingerprinting), verify (alignment), stories
(candidates and choice), refresh (story roles and labels at batch end), stance, write (fingerprint,
bands, members, term statistics), commit, other. The final event merge is timed per merge batch too.
``--profile-batch K`` runs batch K under cProfile and prints its top functions (cumulative and own).

The projection to 100,000 articles is labelled as such: it extrapolates the mean CPU per article
of the last batches (and the event merge's) linearly; it is no measurement of a 100,000 run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import sys
import time
from functools import wraps
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class Phases:
    """Exclusive CPU time per named phase: entering a phase pauses the one it is nested in."""

    def __init__(self):
        self.totals: dict[str, float] = {}
        self.stack: list[list] = []  # [name, start]

    def enter(self, name: str) -> None:
        now = time.process_time()
        if self.stack:
            top = self.stack[-1]
            self.totals[top[0]] = self.totals.get(top[0], 0.0) + now - top[1]
        self.stack.append([name, now])

    def leave(self) -> None:
        now = time.process_time()
        name, start = self.stack.pop()
        self.totals[name] = self.totals.get(name, 0.0) + now - start
        if self.stack:
            self.stack[-1][1] = now

    def take(self) -> dict[str, float]:
        out, self.totals = self.totals, {}
        return out


PH = Phases()


def profile_text(prof, sorts, dump_to: str | None = None) -> str:
    """The profile's top rows for each (sort key, rows) in ``sorts``; also dumped to ``dump_to`` if given."""
    s = io.StringIO()
    st = pstats.Stats(prof, stream=s)
    for key, rows in sorts:
        st.sort_stats(key).print_stats(rows)
    if dump_to:
        st.dump_stats(dump_to)
    return s.getvalue()


def timed(name: str, fn):
    @wraps(fn)
    def inner(*a, **k):
        PH.enter(name)
        try:
            return fn(*a, **k)
        finally:
            PH.leave()
    return inner


def instrument() -> None:
    """Wrap the linker's steps in phase timers (this process only; nothing is changed but timing)."""
    from newstrace.corpus import boilerplate as bp
    from newstrace.corpus import linker as lk
    from newstrace.corpus import prints, stories
    from newstrace.multi import crosslang
    from newstrace.store import linking as cs

    lk.fingerprint = timed("fingerprint", lk.fingerprint)
    L = lk.Linker
    L._candidates = timed("lsh", L._candidates)
    for name in ("_learn", "_side", "_refingerprint"):
        setattr(L, name, timed("boilerplate", getattr(L, name)))
    bp.sentence_keys = timed("boilerplate", bp.sentence_keys)
    L._verify = timed("verify", L._verify)
    crosslang.rewrites = timed("verify", crosslang.rewrites)
    stories.candidates = timed("stories", stories.candidates)
    stories.StoryLinker.choose = timed("stories", stories.StoryLinker.choose)
    stories.refresh = timed("refresh", stories.refresh)
    L._stance = timed("stance", L._stance)
    L._stance_flush = timed("stance", L._stance_flush)
    prints.save_fingerprint = timed("write", prints.save_fingerprint)
    prints.save_docfreq = timed("write", prints.save_docfreq)
    cs.add_bands = timed("write", cs.add_bands)
    cs.add_member = timed("write", cs.add_member)
    cs.story_of = timed("stories", cs.story_of)


def reset(store) -> None:
    from newstrace.store import events as ev
    from newstrace.store import linking as cs

    with store.transaction() as c:
        cs.clear(c)
        ev.clear(c)
        c.execute("DELETE FROM corpus_meta")


DIGEST = {  # what linking and merging decide, timestamps left out
    "links": "SELECT doc_id, other_doc_id, kind, score, evidence FROM links ORDER BY 1, 2, 3",
    "claim_links": "SELECT claim_id, doc_id, other_doc_id, stance, score, evidence FROM claim_links ORDER BY 1, 2, 3",
    "stories": "SELECT story_id, label, label_doc_id, first_published, last_published, articles, independent_sources,"
               " copies, outlets FROM stories ORDER BY 1",
    "members": "SELECT story_id, doc_id, role, of_doc_id, score FROM story_members ORDER BY 1, 2",
    "prints": "SELECT doc_id, published, day, outlet, title, data FROM corpus_prints ORDER BY 1",
    "bands": "SELECT band, key, doc_id FROM corpus_bands ORDER BY 1, 2, 3",
    "keys": "SELECT key, day, doc_id FROM corpus_keys ORDER BY 1, 2, 3",
    "meta": "SELECT name, value FROM corpus_meta WHERE name != 'linked_upto' ORDER BY 1",
    "event_reports": "SELECT event_id, doc_id, cluster_id, type, day_start, day_end, data FROM event_reports ORDER BY 1",
    "merged_events": "SELECT event_id, type, day_start, day_end, place, admin1, country, lat, lon, actors, reports,"
                     " sources, conflicts, first_published, data FROM merged_events ORDER BY 1",
}


def digest(store, names=None) -> dict[str, str]:
    """sha256 of each corpus and event table's rows (what --digest prints: equal digests, equal tables);
    ``names``: these tables only (--merge-only: the event tables, the corpus ones are not written)."""
    import hashlib

    out = {}
    for name, sql in DIGEST.items():
        if names is not None and name not in names:
            continue
        h = hashlib.sha256()
        n = 0
        for row in store.read(sql):
            h.update(repr(tuple(row)).encode())
            n += 1
        out[name] = f"{n}:{h.hexdigest()[:16]}"
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True, help="A COPY of a store (written to).")
    ap.add_argument("--n", type=int, default=0, help="Link only the first N pending articles (0: all).")
    ap.add_argument("--batch", type=int, default=None, help="Articles per transaction (default: linker.BATCH).")
    ap.add_argument("--reset", action="store_true", help="Forget every link, story and merged event first.")
    ap.add_argument("--no-stance", action="store_true")
    ap.add_argument("--no-merge", action="store_true", help="Skip the final event merge.")
    ap.add_argument("--parallel", action="store_true",
                    help="Link with the stance helper process (linker._link_prepared): totals only, this process's"
                         " CPU and the helper's reported apart.")
    ap.add_argument("--merge-only", action="store_true",
                    help="Link nothing: forget the merged events and merge the linked articles' events again (with"
                         " --n N: the first N linked articles in publication order, as linking takes them).")
    ap.add_argument("--profile-batch", type=int, default=-1, help="Run this batch (0-based) under cProfile.")
    ap.add_argument("--profile-out", default=None, help="Write that profile's stats here (pstats file).")
    ap.add_argument("--no-memo", action="store_true",
                    help="Merge comparing every report (events.merge.MEMO off): the path before the memo, for"
                         " before/after figures and digests in one tree.")
    ap.add_argument("--no-links-memo", action="store_true",
                    help="Look up the fold links among every touched event's articles in the store at every merge"
                         " batch (events.merge.LINKS_FROM_MEMORY off): the path before, for before/after in one tree.")
    ap.add_argument("--no-score-order", action="store_true",
                    help="Look for an event's score in its groups in index order (events.merge.SCORE_ORDER off):"
                         " the path before, for before/after in one tree.")
    ap.add_argument("--no-verdict-run", action="store_true",
                    help="Keep score verdicts per report only (events.merge.VERDICT_RUN off): the path before.")
    ap.add_argument("--no-gates-extend", action="store_true",
                    help="Decide an event's gates again from all its reports whenever it gained one"
                         " (events.merge.GATES_EXTEND off): the path before.")
    ap.add_argument("--no-rank-candidates", action="store_true",
                    help="Cut a day window holding more than MAX_CANDIDATES merged events at the first ids in id order"
                         " (events.merge.RANK_CANDIDATES off): the choice before, for before/after in one tree.")
    ap.add_argument("--rewrite-every", type=int, default=None,
                    help="Rewrite the touched merged records every N merge batches (events.merge.REWRITE_EVERY;"
                         " 1: every batch, the path before).")
    ap.add_argument("--merge-profile", default=None,
                    help="Run the event merge under cProfile and write its stats here (pstats file; top printed).")
    ap.add_argument("--merge-profile-batch", type=int, default=-1,
                    help="Run this merge batch (0-based) alone under cProfile (top printed; stats to --merge-profile"
                         " if given).")
    ap.add_argument("--merge-live", action="store_true", help="Print each merge batch's CPU as it ends.")
    ap.add_argument("--digest-at", type=lambda v: [int(x) for x in v.split(",") if x], default=[],
                    help="Also print the digest after the merge batch that reaches each of these numbers of merged"
                         " articles (comma-separated).")
    ap.add_argument("--digest", action="store_true", help="Print a digest of every corpus and event table at the end.")
    ap.add_argument("--json", default=None, help="Write the per-batch figures here.")
    args = ap.parse_args()

    from newstrace.corpus import linker as lk
    from newstrace.events import merge as mg
    from newstrace.store import events as ev
    from newstrace.store import open_store

    instrument()
    digest_names = ("event_reports", "merged_events") if args.merge_only else None
    if args.no_memo:
        mg.MEMO = False
    if args.no_links_memo:
        mg.LINKS_FROM_MEMORY = False
    if args.no_score_order:
        mg.SCORE_ORDER = False
    if args.no_verdict_run:
        mg.VERDICT_RUN = False
    if args.rewrite_every is not None:
        mg.REWRITE_EVERY = args.rewrite_every
    if args.no_rank_candidates:
        mg.RANK_CANDIDATES = False
    if args.no_gates_extend:
        mg.GATES_EXTEND = False
    t_open = time.process_time()
    store = open_store(args.db, create=False)
    if args.reset:
        reset(store)
    ids, top = lk.pending(store)
    total_pending = len(ids)
    if args.merge_only:
        with store.transaction() as c:
            ev.clear(c)
        # The linked articles in the order linking takes them (corpus.linker.pending: publication order, undated
        # last, then row id), so --n N re-merges the first N linked, not N in the index's (doc_id) order.
        ids = [r[0] for r in store.read(
            "SELECT a.doc_id FROM articles a WHERE a.is_current = 1"
            " AND EXISTS (SELECT 1 FROM corpus_prints p WHERE p.doc_id = a.doc_id)"
            " ORDER BY a.published IS NULL, coalesce(a.published, ''), a.id")]
        total_pending = -1
    if args.n:
        ids = ids[:args.n]
    linker = lk.Linker(store, stance=not args.no_stance)
    linker.stored_inputs = True
    if args.batch:
        linker.batch = args.batch
    setup = time.process_time() - t_open
    load0 = os.getloadavg()
    print(f"store {args.db}: {total_pending} pending, linking {len(ids)} in batches of {linker.batch}"
          f" (stance {'off' if args.no_stance else 'on'}, story model {linker.stories.mode}); setup {setup:.1f} s CPU;"
          f" load {load0[0]:.2f} on {os.cpu_count()} cores", flush=True)
    rows = []
    done = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    prof_text = ""
    if args.parallel and not args.merge_only:
        with linker.big_cache():
            lk._link_prepared(store, linker, ids, not args.no_stance and linker._predict is not None)
        ch = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"parallel: this process {time.process_time() - cpu0:.1f} s CPU, helpers {ch.ru_utime + ch.ru_stime:.1f} s"
              f" CPU, {time.perf_counter() - wall0:.0f} s wall (load {os.getloadavg()[0]:.1f})", flush=True)
    with linker.big_cache():
        for k, i in enumerate(range(0, 0 if (args.merge_only or args.parallel) else len(ids), linker.batch)):
            part = ids[i:i + linker.batch]
            prof = cProfile.Profile() if k == args.profile_batch else None
            PH.take()
            c0, w0 = time.process_time(), time.perf_counter()
            if prof:
                prof.enable()
            PH.enter("read")
            arts = list(lk._stored(store, part))
            PH.leave()
            PH.enter("other")
            linker.link_batch(arts)
            PH.leave()
            if prof:
                prof.disable()
                prof_text = profile_text(prof, (("cumulative", 45), ("tottime", 30)), args.profile_out)
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            ph = PH.take()
            row = {"batch": k, "linked_before": done, "articles": len(part), "cpu_s": round(cpu, 3),
                   "cpu_ms_per_article": round(1000 * cpu / len(part), 1), "wall_s": round(wall, 2),
                   "load": round(os.getloadavg()[0], 2), "peak_mb": round(peak_mb()),
                   "phases_ms_per_article": {p: round(1000 * v / len(part), 1) for p, v in sorted(ph.items())}}
            rows.append(row)
            done += len(part)
            phs = " ".join(f"{p}={v}" for p, v in row["phases_ms_per_article"].items())
            print(f"batch {k:3d} linked_before {row['linked_before']:6d}: {row['cpu_ms_per_article']:6.1f} ms/article CPU"
                  f" ({row['wall_s']:.0f} s wall, load {row['load']:.1f}, peak {row['peak_mb']} MB) | {phs}", flush=True)
    link_cpu, link_wall = time.process_time() - cpu0, time.perf_counter() - wall0
    if not args.merge_only and (not args.n or args.n >= total_pending):
        lk._mark(store, top)
    merge_rows = []
    merge_cpu = merge_wall = 0.0
    if not args.no_merge:
        only = set(ids)
        real_pending = ev.pending
        ev.pending = lambda s: [d for d in real_pending(s) if d in only]  # the articles linked here only
        real_refresh = mg._refresh
        mark = [time.process_time(), 0]

        kprof = cProfile.Profile() if args.merge_profile_batch >= 0 else None
        merged = [0, 0]  # articles, reports merged so far (MergeReport is only returned at the end)
        digested: list[int] = []
        real_save = ev.save_report

        def save_report(c, report, cluster_id):
            merged[1] += 1
            return real_save(c, report, cluster_id)

        real_marked = ev.mark_merged

        def mark_merged(c, doc_ids):
            merged[0] += len(doc_ids)
            return real_marked(c, doc_ids)

        rewrite = [0.0, 0]  # CPU of the records' rewrites (_refresh) in this merge batch, events rewritten

        def refresh(c, s, touched, *rest):  # every merge.REWRITE_EVERY batches: the records' rewrite apart
            r0 = time.process_time()
            real_refresh(c, s, touched, *rest)
            rewrite[0] += time.process_time() - r0
            rewrite[1] += len(touched)

        real_batch_end = getattr(mg, "_batch_end", None)

        def batch_end(_c):  # once per merge batch: its CPU so far
            now = time.process_time()
            k = len(merge_rows)
            row_cpu = now - mark[0]
            merge_rows.append({"batch": k, "cpu_s": round(now - mark[0], 3), "refresh_s": round(rewrite[0], 3),
                               "merged_articles": merged[0], "merged_reports": merged[1],
                               "events_touched": rewrite[1], "load": round(os.getloadavg()[0], 2)})
            rewrite[:] = [0.0, 0]
            mark[0] = now
            due = [x for x in args.digest_at if merged[0] >= x and x not in digested]
            # this batch's tables (not committed yet: the same connection reads them); the records are those of a
            # merge that ended here only after a rewrite (every merge.REWRITE_EVERY batches)
            if due:
                digested.extend(due)
                print(f"digest after {merged[0]} articles merged (timestamps left out):", digest(store, digest_names),
                      flush=True)
                mark[0] = time.process_time()  # the digest's own CPU is no merge batch's
            if args.merge_live:
                print(f"  merge batch {k} done: {merged[0]} articles merged, {row_cpu:.2f} s CPU,"
                      f" load {merge_rows[-1]['load']:.1f}", flush=True)
            if kprof is not None:  # the next batch alone under the profiler
                if k == args.merge_profile_batch:
                    kprof.disable()
                elif k + 1 == args.merge_profile_batch:
                    kprof.enable()
                    mark[0] = time.process_time()

        mg._refresh, ev.save_report, ev.mark_merged, mg._batch_end = refresh, save_report, mark_merged, batch_end
        m0, mw0 = time.process_time(), time.perf_counter()
        mark[0] = m0
        mprof = cProfile.Profile() if args.merge_profile and kprof is None else None
        if mprof:
            mprof.enable()
        if kprof is not None and args.merge_profile_batch == 0:
            kprof.enable()
        rep = mg.merge_pending(store)
        if mprof:
            mprof.disable()
            prof_text += "\nevent merge profile:\n" + profile_text(
                mprof, (("tottime", 25), ("cumulative", 30)), args.merge_profile)
        if kprof is not None:
            kprof.disable()
            prof_text += f"\nevent merge batch {args.merge_profile_batch} profile:\n" + profile_text(
                kprof, (("tottime", 25), ("cumulative", 30)), args.merge_profile)
        ev.save_report, ev.mark_merged = real_save, real_marked
        prev = [0, 0]
        for row in merge_rows:  # the curve: CPU per article of each merge batch against the articles merged before it
            n_art = row["merged_articles"] - prev[0]
            print(f"merge batch {row['batch']:3d} merged_before {prev[0]:6d} ({prev[1]:7d} reports):"
                  f" {1000 * row['cpu_s'] / max(1, n_art):7.1f} ms/article CPU ({n_art} articles,"
                  f" {row['merged_reports'] - prev[1]} reports, {row['events_touched']} events rewritten,"
                  f" refresh {row['refresh_s']:.2f} s, load {row['load']:.1f})", flush=True)
            prev = [row["merged_articles"], row["merged_reports"]]
        merge_cpu, merge_wall = time.process_time() - m0, time.perf_counter() - mw0
        ev.pending, mg._refresh, mg._batch_end = real_pending, real_refresh, real_batch_end
        print(f"event merge: {rep.articles} articles, {rep.reports} reports, {rep.new_events} new events,"
              f" {rep.joined} joined (memo {'on' if mg.MEMO else 'off'}): {merge_cpu:.1f} s CPU ({1000 * merge_cpu / max(1, len(ids)):.1f} ms/article),"
              f" {merge_wall:.0f} s wall; per merge batch (CPU s): {[r['cpu_s'] for r in merge_rows]},"
              f" of which records rewritten (_refresh): {[r['refresh_s'] for r in merge_rows]}", flush=True)
        if hasattr(rep, "candidates_cut"):
            print(f"candidate windows: {rep.candidates_cut} reports over MAX_CANDIDATES (ranked: {mg.RANK_CANDIDATES}),"
                  f" {rep.window_cut} at MAX_WINDOW, largest window {rep.window_max} events", flush=True)
    if args.digest:
        print("digest (timestamps left out):", digest(store, digest_names), flush=True)
    n = max(1, len(ids))
    r = linker.report
    print(f"linked {r.articles} articles: {link_cpu:.1f} s CPU ({1000 * link_cpu / n:.1f} ms/article), {link_wall:.0f} s wall;"
          f" {r.copies} copies, {r.rewrites} rewrites, {r.embeds} embeds, {r.boilerplate} boilerplate,"
          f" {r.undone} undone, {r.new_stories} new stories, {r.joined_stories} joined, {r.stance_links} stance links;"
          f" peak RSS {peak_mb():.0f} MB; load {load0[0]:.2f} -> {os.getloadavg()[0]:.2f}")
    if rows:
        tail = rows[-min(3, len(rows)):]
        last_ms = sum(x["cpu_s"] for x in tail) * 1000 / sum(x["articles"] for x in tail)
        merge_ms = 1000 * merge_cpu / n
        proj = (last_ms + merge_ms) * 100_000 / 1000
        print(f"PROJECTION (not a measurement): 100,000 articles at the last batches' {last_ms:.1f} ms/article"
              f" + merge {merge_ms:.1f} ms/article, held flat: {proj / 3600:.2f} h of one core"
              f" ({proj:.0f} s CPU); it holds only if the curve above stays flat")
    if prof_text:
        print(prof_text)
    if args.json:
        Path(args.json).write_text(json.dumps({"batches": rows, "merge": merge_rows, "link_cpu_s": link_cpu,
                                               "merge_cpu_s": merge_cpu, "report": r.to_dict()}, indent=1))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
