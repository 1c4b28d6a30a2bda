"""Train the optional Ukrainian NER (a CRF, newstrace/multi/crf.py) on the development part of ner-uk.

    .venv/bin/python train/train_uk_ner.py [--out PATH] [--iterations 150]

Reads ``../shared/bench/ner-uk/train.iob``; fits on the development part (80% of its blocks, in runs,
``crf.split_blocks``), never on the evaluation part (the other 20%) that ``bench/ner_multi.py`` scores. The corpus' licence is
non-commercial: the model is written outside the package (``crf.MODEL_PATH``, under the user's data
directory) and never shipped; it carries the corpus' word forms as feature names. Needs the ``uk``
extra (python-crfsuite, pymorphy3-dicts-uk).

c1/c2 were chosen on a split of the development part alone (every eighth run of its blocks held out;
macro F1 over PERS/ORG/LOC): c1=0.05, c2=0.01 -> 0.776; c1=0.1, c2=0.001 -> 0.782; c1=0.02, c2=0.05
(250 iterations) -> 0.776. Quote and unknown-town-stem features changed nothing there and were dropped.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "bench" / "ner-uk" / "train.iob"
KEEP = {"PERS", "ORG", "LOC"}  # the corpus' other types (dates, jobs, money ...) are not entities here


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.001)
    args = ap.parse_args(argv)
    import pycrfsuite

    from newstrace.geo.gazetteer import load_gazetteer
    from newstrace.multi import crf
    from newstrace.multi.entities import place_checker

    if not DATA.exists():
        print(f"{DATA} is absent")
        return 1
    known = place_checker(load_gazetteer())
    dev, _held_out = crf.split_blocks(crf.read_iob_blocks(DATA))
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.perf_counter()
    n = 0
    for block in dev:
        for sent in block:
            sent = crf.retokenise(sent)
            words = [w for w, _ in sent]
            tags = [t if t != "O" and t[2:] in KEEP else "O" for _, t in sent]
            trainer.append(crf.sentence_features(words, "uk", known), tags)
            n += 1
    print(f"{n} sentences featurised in {time.perf_counter() - t0:.0f} s")
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    out = args.out or crf.MODEL_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    trainer.train(str(out))
    print(f"trained in {time.perf_counter() - t0:.0f} s -> {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
