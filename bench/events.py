"""Event typing: cross-validated weighted and macro F1 over the 30 event types of the CASE 2021 snippets.

Reads ``../shared/bench/events/case2021_task2_dev.tsv`` (510 labelled snippets) at run time and
exits 0 with a message when it is absent. Near-duplicate snippets (character 3-5-gram TF-IDF cosine
> ``NEAR_DUP``) are grouped, and a group never spans two folds (``StratifiedGroupKFold``). Each fold
fits the classifier of ``newstrace/events/classifier.py`` from scratch on its training part.

With ``--nested`` the regularisation ``C`` is chosen inside each training part by an inner grouped
3-fold CV over ``C_GRID`` (so the reported figure never saw the data that chose it); without it,
``C`` is the shipped value (30, chosen by train/train_events.py with the same inner CV on all 510
snippets: that figure is then slightly optimistic, and the bench says so). The feature design
(lead-sentence view, cue weight) was compared on exploratory runs over the same snippets, not nested.

Prints weighted and macro F1, the rules-only baseline, a per-type table (P, R, F1, support) and the
most frequent confusions.

    .venv/bin/python bench/events.py [--folds 5] [--nested] [--cache /tmp/events-emb.npz]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "bench" / "events" / "case2021_task2_dev.tsv"
TARGET_WEIGHTED_F1 = 0.80  # issue 11 (best CASE 2021 system: 0.771 on the full test set)
# Two snippets this similar in character n-grams are rewordings of one report (e.g. "charged a camp"
# vs "attacked a camp" in otherwise identical text); 0.5 groups the ~10 such pairs in the dev file.
NEAR_DUP = 0.5
C_GRID = (3.0, 10.0, 30.0)
INNER_REPEATS = 3
SHIPPED_C = 30.0  # what train/train_events.py chose (see its card)


def load(path: Path = DATA) -> tuple[list[str], np.ndarray]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["EventSnippet"] for r in rows], np.array([r["SubType"] for r in rows])


def near_duplicate_groups(texts: list[str], threshold: float = NEAR_DUP) -> np.ndarray:
    """Connected components of the 'cosine > threshold' graph: one group id per text."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    tv = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(texts)
    sim = (tv @ tv.T).tocsr()
    sim.setdiag(0)
    sim.eliminate_zeros()
    _, groups = connected_components(csr_matrix(sim > threshold), directed=False)
    return groups


def embeddings(texts: list[str], cache: Path | None, views: str = "full") -> np.ndarray:
    """Embedding features of every snippet, from ``cache`` when it holds the same texts."""
    from newstrace.events.classifier import MODEL_VERSION, embed

    key = hashlib.sha256("\x00".join([MODEL_VERSION, views, *texts]).encode()).hexdigest()
    if cache and cache.is_file():
        with np.load(cache, allow_pickle=False) as z:
            if str(z["key"]) == key:
                return z["emb"]
    t = time.time()
    emb = embed(texts, views=views)
    print(f"embedded {len(texts)} snippets in {time.time() - t:.1f} s", file=sys.stderr)
    if cache:
        np.savez(cache, key=np.array(key), emb=emb)
    return emb


def choose_c(X, y, groups, seed: int, protos=None) -> float:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    from newstrace.events.classifier import fit

    best = (-1.0, SHIPPED_C)
    for C in C_GRID:
        scores = []
        # One 3-fold split of ~400 snippets is a noisy judge (it once picked C=3, which scores ~0.01
        # below 10 and 30 in every outer seed): average over INNER_REPEATS shuffles.
        for r in range(INNER_REPEATS):
            pred = np.empty_like(y)
            for tr, te in StratifiedGroupKFold(3, shuffle=True, random_state=seed + r).split(X, y, groups):
                pred[te] = [m.label for m in _predict(fit(X[tr], y[tr], protos, C=C), X[te])]
            scores.append(f1_score(y, pred, average="weighted"))
        best = max(best, (float(np.mean(scores)), C))
    return best[1]


def _predict(model, X, hits=None, boost=0.0):
    from newstrace.events.classifier import EventTyping, apply_rules
    from newstrace.events.taxonomy import readable_name

    P = model.proba(X)
    if hits is not None:
        P = apply_rules(P, model.labels, hits, boost)
    return [EventTyping(model.labels[k], float(P[i, k]), readable_name(model.labels[k])) for i, k in
            enumerate(P.argmax(axis=1))]


def cross_validate(X, y, groups, folds: int, nested: bool, seed: int = 0, hits=None, boosts=(0.0,)):
    """Out-of-fold predictions, one array per decisive-rule boost (the same fitted model for each)."""
    from sklearn.model_selection import StratifiedGroupKFold

    from newstrace.events.classifier import fit

    preds = {b: np.empty_like(y) for b in boosts}
    chosen = []
    for tr, te in StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(X, y, groups):
        C = choose_c(X[tr], y[tr], groups[tr], seed) if nested else SHIPPED_C
        chosen.append(C)
        model = fit(X[tr], y[tr], None, C=C)
        for b in boosts:
            preds[b][te] = [m.label for m in _predict(model, X[te], None if hits is None else hits[te], b)]
    return preds, chosen


def report(y, pred, title: str) -> float:
    from sklearn.metrics import f1_score

    from newstrace.events.taxonomy import LABELS

    w = f1_score(y, pred, average="weighted", labels=list(LABELS), zero_division=0)
    present = sorted(set(y))
    m = f1_score(y, pred, average="macro", labels=present, zero_division=0)
    acc = float((y == pred).mean())
    print(f"\n{title}\n  weighted F1 {w:.3f}   macro F1 {m:.3f} (over the {len(present)} types present)   "
          f"accuracy {acc:.3f}")
    return w


def per_type(y, pred) -> None:
    from sklearn.metrics import precision_recall_fscore_support

    from newstrace.events.taxonomy import LABELS, readable_name

    p, r, f, s = precision_recall_fscore_support(y, pred, labels=list(LABELS), zero_division=0)
    print(f"\n  {'type':31s} {'name':36s} {'P':>5s} {'R':>5s} {'F1':>5s} {'n':>4s}")
    for k in np.argsort(-s, kind="stable"):
        print(f"  {LABELS[k]:31s} {readable_name(LABELS[k])[:36]:36s} {p[k]:5.2f} {r[k]:5.2f} {f[k]:5.2f} {s[k]:4d}")
    conf = Counter((g, q) for g, q in zip(y, pred) if g != q)
    print(f"\n  most frequent confusions (gold -> predicted), {sum(conf.values())} errors in all:")
    for (g, q), n in conf.most_common(12):
        print(f"  {n:3d}  {g} -> {q}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--nested", action="store_true", help="choose C by repeated inner CV in each training part")
    ap.add_argument("--cache", type=Path, help="npz file caching the snippet embeddings between runs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--boosts", default="", help="also report these decisive-rule boosts, e.g. 0,0.5,2")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--views", choices=("full", "query"), default="full",
                    help="embedding views: full (events-v3) or query only (events-v3-query, the pipeline's)")
    a = ap.parse_args(argv)
    if not a.data.is_file():
        print(f"bench/events: {a.data} is absent; skipping (nothing measured).")
        return 0
    import warnings

    warnings.filterwarnings("ignore", message="The least populated class")  # OTHER has 2 snippets
    from newstrace.events.classifier import DECISIVE_BOOST, decisive_hits, features, prototypes, rules_only

    texts, y = load(a.data)
    groups = near_duplicate_groups(texts)
    print(f"{len(texts)} snippets, {len(set(y))} types, {len(set(groups))} near-duplicate groups "
          f"(cosine > {NEAR_DUP}); StratifiedGroupKFold k={a.folds}, seed {a.seed}")
    rules = np.array([m.label for m in rules_only(texts)])
    report(y, rules, "rules only (taxonomy cue patterns, no training)")
    X = features(texts, prototypes(), embeddings(texts, a.cache, a.views))
    t = time.time()
    boosts = sorted({DECISIVE_BOOST, 0.0} | {float(b) for b in a.boosts.split(",") if b.strip()})
    preds, chosen = cross_validate(X, y, groups, a.folds, a.nested, a.seed, decisive_hits(texts), boosts)
    how = f"nested: C chosen per fold by inner 3-fold CV x{INNER_REPEATS} from {C_GRID} -> {chosen}" if a.nested else (
        f"C={SHIPPED_C} fixed (chosen by CV on all the snippets: slightly optimistic)")
    for b in boosts:
        if b != DECISIVE_BOOST:
            report(y, preds[b], f"model with decisive-rule boost {b} (not shipped)")
    pred = preds[DECISIVE_BOOST]
    w = report(y, pred, f"SHIPPED ({a.views} views): e5 embeddings + cues, logistic regression, decisive-rule boost {DECISIVE_BOOST}, "
                        f"cross-validated ({how}) [{time.time() - t:.0f} s]")
    per_type(y, pred)
    print(f"\n  target weighted F1 >= {TARGET_WEIGHTED_F1:.2f}: {'MET' if w >= TARGET_WEIGHTED_F1 else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
