"""Fuzz corpus: every hostile seed (tests/fixtures/hostile) plus seeded mutations of them, read
and analysed one input at a time. Prints the slowest 10 inputs with their times, and the silent
losses: inputs that produced neither an article with text nor a failure with a code.

    .venv/bin/python bench/fuzz.py [--mutations N] [--seed S] [--limit-s 60] [--only NAME]

Target (issue 15): no input of <= 1 MB takes more than 10 s; 0 silent losses.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.fixtures.hostile import seeds  # noqa: E402


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random byte-level mutation: flip, insert, delete, duplicate a slice, or truncate."""
    if not data:
        return bytes([rng.randrange(256)])
    b = bytearray(data)
    op = rng.randrange(5)
    i = rng.randrange(len(b))
    if op == 0:
        b[i] = rng.randrange(256)
    elif op == 1:
        b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
    elif op == 2:
        del b[i:i + rng.randrange(1, 64)]
    elif op == 3:
        j = min(len(b), i + rng.randrange(1, 4096))
        b[i:i] = b[i:j] * rng.randrange(2, 8)
    else:
        del b[i:]
    return bytes(b)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mutations", type=int, default=2, help="mutated variants per seed")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--limit-s", type=float, default=60.0, help="give up on one input after this long")
    ap.add_argument("--only", default=None, help="only seeds whose name contains this")
    args = ap.parse_args(argv)

    from newstrace.model import Article, InputFailure
    from newstrace.pipeline import Context, process
    from newstrace.readers import read_paths

    ctx = Context()
    ctx.nlp  # load once, outside the timings
    rng = random.Random(args.seed)
    corpus = []
    for name, (fname, data) in sorted(seeds().items()):
        if args.only and args.only not in name:
            continue
        corpus.append((name, fname, data))
        for k in range(args.mutations):
            corpus.append((f"{name}~m{k}", fname, mutate(data, rng)))
    times, losses, timeouts, over = [], [], [], []
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory() as tmp:
        for name, fname, data in corpus:
            path = os.path.join(tmp, name.replace("~", "_") + "_" + fname)
            with open(path, "wb") as fh:
                fh.write(data)
            t0, c0 = time.perf_counter(), time.process_time()
            signal.setitimer(signal.ITIMER_REAL, args.limit_s)
            try:
                results = list(process(read_paths([path], ctx.settings), ctx))
            except _Timeout:
                timeouts.append(name)
                results = None
            except Exception as e:  # noqa: BLE001 - an escaping exception is a finding, reported below
                losses.append(f"{name}: exception {type(e).__name__}: {str(e)[:120]}")
                results = []
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            dt = time.perf_counter() - t0
            times.append((dt, name, len(data), time.process_time() - c0))
            if len(data) <= 1 << 20 and dt > 10:
                over.append(name)
            if results is None:
                continue
            if not results:
                losses.append(f"{name}: no article and no failure")
            for r in results:
                if isinstance(r, Article) and not r.text.strip():
                    losses.append(f"{name}: article {r.doc_id} stored with empty text")
                elif isinstance(r, InputFailure) and not r.code.startswith("NT"):
                    losses.append(f"{name}: failure without a code")
            os.unlink(path)
    times.sort(reverse=True)
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min)")
    print(f"fuzz corpus: {len(corpus)} inputs ({len(corpus) - len(corpus) // (args.mutations + 1)} mutated), "
          f"seed {args.seed}")
    # CPU seconds of this process next to wall seconds: on a shared machine the wall time is mostly
    # waiting for a core, and the CPU time is what the input costs on a quiet one
    print("slowest 10 (wall s, CPU s, input, bytes):")
    for dt, name, size, cpu in times[:10]:
        print(f"  {dt:8.2f}  {cpu:8.2f}  {name:40s} {size:>9d}")
    print(f"inputs <= 1 MB over 10 s: {len(over)}" + (f" ({', '.join(over)})" if over else ""))
    print(f"timeouts (> {args.limit_s:.0f} s): {len(timeouts)}" + (f" ({', '.join(timeouts)})" if timeouts else ""))
    print(f"silent losses: {len(losses)}")
    for line in losses:
        print("  " + line)
    return 0 if not (over or timeouts or losses) else 1


if __name__ == "__main__":
    sys.exit(main())
