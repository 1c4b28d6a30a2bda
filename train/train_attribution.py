"""Train the attribution cue classifier (newstrace/attribution/learned.py) on PolNeAR train.

    .venv/bin/python train/train_attribution.py [--n-train 700] [--n-heldout 140] [--cache DIR]

Articles of the train split are shuffled with a fixed seed; the first ``--n-heldout`` are held
out, the next ``--n-train`` fit the weights. The regularisation and the add/drop thresholds are
chosen on the held-out articles (content + source overlap F1, scored as bench/quotes.py scores),
and the shipped weights are that fit: the held-out articles are never folded back in, so the
held-out figures in the file describe the shipped model on articles it was not fitted on. After
the choice, PolNeAR dev is read once to record the shipped model's dev figure (nothing is chosen
on dev). Writes newstrace/data/attribution/cue_model.json: weights keyed by feature names built
from normalised common-word lemmas and parse labels (learned.py), no text, markup or ids.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quotes import DATA, build_article, prf, read_ann, score, widen  # noqa: E402
from newstrace.attribution import learned  # noqa: E402

# Lemma/feature values seen fewer times than this in training are dropped (noise, and they
# would carry rare words from the corpus into the shipped file).
MIN_FEATURE_COUNT = 8
# Inverse L2 strength, chosen on the held-out part with the thresholds (1.0 beat 0.1 and 3.0 before).
C_VALUES = (0.3, 1.0)
ADD_GRID = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
DROP_GRID = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4)


def _ann_files(base: str, split: str = "train"):
    return sorted((DATA / split / "attributions").glob(f"{base}_*.ann"))


def _dev_articles(cache: Path | None):
    f = cache / "arts_dev.pkl" if cache else None
    if f is not None and f.exists():
        return pickle.loads(f.read_bytes())  # our own cache file, written below
    from newstrace.pipeline import Context
    from newstrace.stages import analysis

    texts = sorted((DATA / "dev" / "text").glob("*.txt"))
    arts = [build_article(t.stem, t.read_text(encoding="utf-8")) for t in texts]
    analysis.run_batch(arts, Context())
    if f is not None:
        f.write_bytes(pickle.dumps(arts))
    return arts


def _articles(lo: int, hi: int, cache: Path | None):
    """Analysed train articles [lo, hi) of the seeded shuffle (cached between runs when asked)."""
    f = cache / f"arts_{lo}_{hi}.pkl" if cache else None
    if f is not None and f.exists():
        return pickle.loads(f.read_bytes())  # our own cache file, written below
    from newstrace.pipeline import Context
    from newstrace.stages import analysis

    texts = sorted((DATA / "train" / "text").glob("*.txt"))
    random.Random(0).shuffle(texts)
    arts = [build_article(t.stem, t.read_text(encoding="utf-8")) for t in texts[lo:hi]]
    analysis.run_batch(arts, Context())
    if f is not None:
        f.write_bytes(pickle.dumps(arts))
    return arts


def _rows(arts):
    X, y = [], []
    for a in arts:
        doc = a.nlp_doc
        mask = learned.quote_mask(doc)
        cands = learned.candidates(doc)
        for ann in _ann_files(a.doc_id):
            spans, _ = read_ann(ann)
            cue_frags = [fr for t, frs in spans.values() if t == "Cue" for fr in frs]
            for i in cands:
                s = doc[i].idx
                X.append(learned.features(doc, i, mask[i]))
                y.append(int(any(a0 <= s < b0 for a0, b0 in cue_frags)))
    return X, y


def _fit(X, y, C):
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in X for f in set(row))
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT))}
    rows, cols = [], []
    for r, feats in enumerate(X):
        for f in set(feats):
            k = vocab.get(f)
            if k is not None:
                rows.append(r)
                cols.append(k)
    M = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(X), len(vocab)))
    clf = LogisticRegression(C=C, max_iter=2000)
    clf.fit(M, np.array(y))
    names = sorted(vocab, key=vocab.get)
    w = {n: round(float(v), 4) for n, v in zip(names, clf.coef_[0]) if abs(v) > 1e-4}
    return w, float(clf.intercept_[0])


def _evaluate(arts, model, split: str = "train"):
    """-> {span type: (overlap F1, exact F1)} over the held-out annotation files."""
    from newstrace.stages import quotes

    tot = {"Content": [0, 0, 0, 0], "Source": [0, 0, 0, 0], "Cue": [0, 0, 0, 0]}
    for a in arts:
        qs, _ = quotes.extract(a, model)
        text = a.text
        pred = {"Content": set(), "Cue": set(), "Source": set()}
        for q in qs:
            cs, ce = q.content.start, q.content.end
            if q.kind in ("direct", "mixed"):
                cs, ce = widen(text, cs, ce)
            pred["Content"].add((cs, ce))
            if q.cue:
                pred["Cue"].add((q.cue.start, q.cue.end))
            if q.speaker:
                pred["Source"].add((q.speaker.start, q.speaker.end))
        for ann in _ann_files(a.doc_id, split):
            spans, _ = read_ann(ann)
            for typ in tot:
                gold = [fr for (t, fr) in spans.values() if t == typ]
                r = score(text, gold, sorted(pred[typ]))
                for k in range(4):
                    tot[typ][k] += r[k]
    return {t: (prf(v[1], v[2], v[3]), prf(v[0], v[2], v[3])) for t, v in tot.items()}


def _fmt(res) -> str:
    return "  ".join(f"{t} ov P{o[0]:.3f} R{o[1]:.3f} F{o[2]:.3f} ex F{e[2]:.3f}" for t, (o, e) in res.items())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-train", type=int, default=700)
    ap.add_argument("--n-heldout", type=int, default=140)
    ap.add_argument("--cache", type=Path, default=None, help="directory caching the parsed articles")
    ap.add_argument("--out", type=Path, default=learned.MODEL_PATH)
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"PolNeAR data not found at {DATA}")
        return 0
    held = _articles(0, args.n_heldout, args.cache)
    train = _articles(args.n_heldout, args.n_heldout + args.n_train, args.cache)
    X, y = _rows(train)
    print(f"train: {len(train)} articles, {len(X)} candidate tokens, {sum(y)} cue tokens")
    base = _evaluate(held, None)
    print("held-out rules only :", _fmt(base))

    def objective(res):
        return res["Content"][0][2] + res["Source"][0][2]

    best = None
    for C in C_VALUES:
        w, b = _fit(X, y, C)
        for add in ADD_GRID:
            for drop in DROP_GRID:
                if drop > add:
                    continue  # a rule attribution is never held to a stricter bar than a new one
                m = learned.CueModel(w, b, add, drop)
                res = _evaluate(held, m)
                if best is None or objective(res) > objective(best[0]):
                    best = (res, C, add, drop, w, b)
        print(f"C={C}: best so far C={best[1]} add={best[2]} drop={best[3]}:", _fmt(best[0]), flush=True)
    res, C, add, drop, w, b = best
    # No refit on held-out + train: the shipped weights are the ones the thresholds were chosen for,
    # and the held-out figures below describe exactly them.
    dev = _dev_articles(args.cache)
    dev_model = _evaluate(dev, learned.CueModel(w, b, add, drop), "dev")
    dev_rules = _evaluate(dev, None, "dev")
    print("dev rules only      :", _fmt(dev_rules))
    print("dev shipped model   :", _fmt(dev_model))

    def figs(r):
        return {t: {"overlap_f1": round(o[2], 4), "exact_f1": round(e[2], 4)} for t, (o, e) in r.items()}

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "feature_version": learned.FEATURE_VERSION, "trained_on": "PolNeAR train",
        "n_articles": len(train), "n_articles_heldout": len(held), "C": C,
        "add_threshold": add, "drop_threshold": drop,
        "selection": (f"weights fitted on {len(train)} PolNeAR train articles; C in {list(C_VALUES)} and the "
                      f"add/drop thresholds chosen on {len(held)} other train articles held out from the fit "
                      "(objective: content + source overlap F1); no refit, so 'heldout' is the shipped "
                      "model's figure on articles it never saw; 'dev' is PolNeAR dev, read once after the "
                      "choice, scored as bench/quotes.py scores it, with the attribution rules in the "
                      "working tree when it was trained"),
        "heldout": figs(res), "heldout_rules_only": figs(base),
        "dev": figs(dev_model), "dev_rules_only": figs(dev_rules),
        "bias": b, "weights": dict(sorted(w.items())),
    }, indent=0, ensure_ascii=False), encoding="utf-8")
    print(f"chosen C={C} add={add} drop={drop}; held-out with model:", _fmt(res))
    print(f"wrote {args.out} ({len(w)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
