"""Claim stance: k-fold cross-validation on the FNC-1 training pairs, split by body.

No body is in both the training and the test part of a fold (GroupKFold on Body ID). Each fold
trains its own model from scratch (vocabulary, LSA, trees and class weights tuned by inner CV on
the training part only), so the figures never come from data the model was fitted or tuned on.

Prints the FNC weighted score as a share of its maximum, macro-F1 over the 4 classes, per-class F1
and the confusion matrix (rows gold, columns predicted).

    .venv/bin/python bench/stance.py              # full 5-fold run (final figures)
    .venv/bin/python bench/stance.py --limit 8000 --folds 3 --inner-folds 2   # quick dev run
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "bench" / "stance"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="use about this many pairs (whole bodies)")
    ap.add_argument("--inner-folds", type=int, default=None,
                    help="inner CV folds for class weights (1 = none; default: the shipped recipe's)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here (for the model card)")
    args = ap.parse_args(argv)
    if not (DATA / "train_stances.csv").exists():
        print(f"stance bench data not found at {DATA}; skipping")
        return 0
    sys.path.insert(0, str(ROOT))
    from sklearn.model_selection import GroupKFold

    from newstrace.stance.scoring import LABELS, summary
    from newstrace.stance.training import load_fnc, train

    from newstrace.stance.training import INNER_FOLDS

    if args.inner_folds is None:
        args.inner_folds = INNER_FOLDS
    pairs = load_fnc(DATA, limit=args.limit)
    print(f"{len(pairs.labels)} pairs, {len(set(pairs.groups))} bodies, {args.folds} folds split by body, "
          f"inner folds {args.inner_folds}")
    pred: list[str | None] = [None] * len(pairs.labels)
    idx = np.arange(len(pairs.labels))
    for k, (tr, te) in enumerate(GroupKFold(n_splits=args.folds).split(idx, groups=pairs.groups)):
        assert not set(pairs.groups[i] for i in tr) & set(pairs.groups[i] for i in te)
        t0 = time.perf_counter()
        model = train(pairs.take(tr), inner_folds=args.inner_folds)
        t1 = time.perf_counter()
        test = pairs.take(te)
        p, _ = model.proba(test.claims, test.texts)
        fold_pred = model.labels_from_proba(p)
        for i, lab in zip(te, fold_pred):
            pred[i] = lab
        s = summary(test.labels, fold_pred)
        print(f"fold {k + 1}: train {len(tr)} test {len(te)}  FNC {100 * s['fnc']:.2f}%  macro-F1 "
              f"{s['macro_f1']:.3f}  (train {t1 - t0:.0f}s, predict {time.perf_counter() - t1:.0f}s)", flush=True)
    s = summary(pairs.labels, pred)
    print(f"\nFNC weighted score: {100 * s['fnc']:.2f}% of maximum   (target >= 82%)")
    print(f"macro-F1:           {s['macro_f1']:.3f}         (target >= 0.60)")
    print(f"accuracy:           {s['accuracy']:.3f}")
    print("per-class F1:       " + "  ".join(f"{lab} {s['f1'][lab]:.3f}" for lab in LABELS))
    print("confusion (rows gold, columns predicted):")
    print(" " * 11 + "".join(f"{lab:>11}" for lab in LABELS))
    for lab, row in zip(LABELS, s["confusion"]):
        print(f"{lab:>11}" + "".join(f"{v:>11}" for v in row))
    if args.json:
        figures = {"folds": args.folds, "split": "GroupKFold by Body ID", "inner_folds": args.inner_folds,
                   "pairs": len(pairs.labels), "fnc_score_share": round(s["fnc"], 4),
                   "macro_f1": round(s["macro_f1"], 4), "accuracy": round(s["accuracy"], 4),
                   "f1": {k: round(v, 4) for k, v in s["f1"].items()}, "confusion": s["confusion"],
                   "labels": list(LABELS)}
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
