"""Story similarity vs. human judgement: SemEval-2022 Task 8 English pairs.

    .venv/bin/python bench/similarity.py [--limit N]

Reads ``../shared/bench/similarity/training_set.csv`` at run time, keeps the pairs with
lang1 == lang2 == "en", analyses both texts with the newstrace pipeline (entities, places), and
compares ``newstrace.corpus.similarity.story_similarity`` (the function story clustering uses) with
the gold "Overall" score. Sign convention: gold 1 = very similar .. 4 = very dissimilar, so the
target is ``(4 - Overall) / 3`` (1 = same story) and a good score correlates *positively* with it.

Document frequencies (the IDF) come from the pair texts plus, when present, the news bodies of
``../shared/bench/stance`` as a background corpus, as a store's IDF comes from the store.

Prints: the Pearson of each single signal; the cross-validated Pearson of the linear combination
(ridge, repeated 10-fold, weights fitted on the training folds only); the weights fitted on all
pairs (to paste into similarity.py as WEIGHTS/INTERCEPT) and the Pearson of the shipped weights
(a training fit when they came from this file: the CV figure is the honest one).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "bench" / "similarity" / "training_set.csv"


def load_pairs(limit: int | None) -> list[dict]:
    csv.field_size_limit(1 << 30)
    with open(DATA, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["lang1"] == "en" and r["lang2"] == "en"]
    return rows[:limit] if limit else rows


def analyse(texts: list[str]):
    from newstrace.model import InputFailure
    from newstrace.pipeline import default_context, process
    from newstrace.readers import read_text

    ctx = default_context()
    out = []
    for r in process([read_text(t) for t in texts], ctx):
        out.append(None if isinstance(r, InputFailure) else r)
    return out


def pearson(x, y) -> float:
    return float(np.corrcoef(np.asarray(x, float), np.asarray(y, float))[0, 1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="Only the first N English pairs (development).")
    ap.add_argument("--no-background", action="store_true",
                    help="IDF from the pair texts only (default adds ../shared/bench/stance bodies).")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    if not DATA.is_file():
        print(f"similarity data absent ({DATA}); nothing to measure")
        return 0
    sys.path.insert(0, str(ROOT))
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import RepeatedKFold

    from newstrace.corpus import similarity as S
    from newstrace.corpus.fingerprint import fingerprint
    from newstrace.model import Article, Origin

    pairs = load_pairs(args.limit)
    t0 = time.perf_counter()
    texts = sorted({r["text1"] for r in pairs} | {r["text2"] for r in pairs})
    arts = dict(zip(texts, analyse(texts)))
    fps = {}
    for t, a in arts.items():
        fps[t] = fingerprint(a if a is not None else Article(doc_id="x", source=Origin(), text=t))
    df = S.DocFreq()
    for fp in fps.values():  # IDF from the pair texts themselves (unsupervised: no gold used) ...
        df.add(fp)
    bodies = DATA.parents[1] / "stance" / "train_bodies.csv"
    if bodies.is_file() and not args.no_background:  # ... plus a background of unrelated news bodies
        with open(bodies, encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f)):
                df.add(fingerprint(Article(doc_id=f"bg{i}", source=Origin(), text=row["articleBody"])))
    print(f"document frequencies from {df.n_docs} texts")
    X = np.array([S.features(fps[r["text1"]], fps[r["text2"]], df) for r in pairs])
    gold = np.array([float(r["Overall"]) for r in pairs])
    y = (4.0 - gold) / 3.0
    print(f"English pairs: {len(pairs)} ({len(texts)} distinct texts analysed in {time.perf_counter() - t0:.0f} s)")
    print("sign convention: gold Overall 1 = very similar .. 4 = very dissimilar; target = (4 - Overall) / 3")
    for i, name in enumerate(S.FEATURES):
        print(f"  signal {name:12s} Pearson {pearson(X[:, i], y) if X[:, i].std() > 0 else float('nan'):+.3f}")
    preds = np.zeros((args.repeats, len(y)))
    rkf = RepeatedKFold(n_splits=args.folds, n_repeats=args.repeats, random_state=0)
    for k, (tr, te) in enumerate(rkf.split(X)):
        m = Ridge(alpha=1.0).fit(X[tr], y[tr])
        preds[k // args.folds, te] = np.clip(m.predict(X[te]), 0, 1)
    cv = [pearson(p, y) for p in preds]
    print(f"cross-validated Pearson ({args.repeats}x{args.folds}-fold ridge): {np.mean(cv):.3f} "
          f"(min {min(cv):.3f}, max {max(cv):.3f}); vs gold Overall: {-np.mean(cv):.3f}")
    full = Ridge(alpha=1.0).fit(X, y)
    print("shipped weights (fit on all pairs): INTERCEPT = %.4f; WEIGHTS = (%s)"
          % (full.intercept_, ", ".join(f"{w:.4f}" for w in full.coef_)))
    shipped = [S.story_similarity(fps[r["text1"]], fps[r["text2"]], df) for r in pairs]
    print(f"Pearson of the shipped story_similarity (training fit if its weights came from this data): "
          f"{pearson(shipped, y):.3f}")
    same = np.array(shipped)[gold <= 2.0]
    diff = np.array(shipped)[gold >= 3.0]
    print(f"shipped score: mean {same.mean():.2f} on pairs with Overall <= 2, {diff.mean():.2f} on Overall >= 3")
    from newstrace.corpus.stories import STORY_THRESHOLD

    pred = np.array(shipped) >= STORY_THRESHOLD
    gold_same = gold <= 2.0
    tp, fp, fn = int((pred & gold_same).sum()), int((pred & ~gold_same).sum()), int((~pred & gold_same).sum())
    print(f"story threshold {STORY_THRESHOLD}: same-story (Overall <= 2) precision {tp / max(1, tp + fp):.2f}, "
          f"recall {tp / max(1, tp + fn):.2f} ({int(gold_same.sum())} of {len(gold)} pairs are same-story)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
