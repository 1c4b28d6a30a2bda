"""Ukrainian and Russian named entities: span F1 per type, and throughput next to English.

Data (read at run time, skipped when absent):

* Russian: ``../shared/bench/ner-ru/devset`` (factRuEval-2016 devset, 122 news texts). Gold mentions are
  the ``.objects`` of type Person (PER), Org (ORG), Location and LocOrg (LOC), each spanning its name
  ``.spans`` of its own type (name, surname, patronymic, nickname; org_name; loc_name: descriptors such
  as "мэрии" or "партии" and job titles are not part of a name; an object with no name part is dropped); nested
  objects are flattened to the outermost, as a flat tagger can only output those. The first 25 texts
  were used to look at errors while developing (``--part dev``); the other 97 are the evaluation part.
* Ukrainian: ``../shared/bench/ner-uk/train.iob`` (the only file there). Blocks of sentences
  (separated by two or more blank lines) are split by ``newstrace.multi.crf.split_blocks``: every fifth
  run of 50 blocks is the evaluation part (20%, never trained on or looked at); the rest is the
  development part (``--part dev``), the optional CRF's training data. The file is ordered by source
  (fiction, then news): runs put every genre on both sides. PERS/ORG/LOC are scored; the corpus'
  other types are ignored. Without the optional CRF (train/train_uk_ner.py) Ukrainian is natasha's
  spans re-typed by pymorphy3-uk.

Scores: exact span match (start, end and type) precision / recall / F1 per type, and a lenient
token-level F1 (each token's type). Labels map PERSON -> PER, ORG -> ORG, GPE/LOC -> LOC.

    .venv/bin/python bench/ner_multi.py                   # both languages, evaluation parts, + throughput
    .venv/bin/python bench/ner_multi.py --lang uk --part dev
    .venv/bin/python bench/ner_multi.py --lang uk --uk-method natasha   # without the optional CRF
    .venv/bin/python bench/ner_multi.py --no-throughput
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "bench"
RU_DIR = SHARED / "ner-ru" / "devset"
UK_FILE = SHARED / "ner-uk" / "train.iob"
TYPES = ("PER", "ORG", "LOC")
RU_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
# The first 25 texts (in file-name order) were used to look at errors while developing; the other 97
# are the evaluation part (--part eval, the default).
RU_DEV_TEXTS = 25
# The parts of a mention that name it: descriptors ("мэрии", "партии", "города") and job titles are
# not part of a named entity.
# An object's own name parts only: "мэрии Москвы" (an Org holding the LocOrg "Москвы") has no org_name.
NAME_PARTS = {"PER": {"name", "surname", "patronymic", "nickname"}, "ORG": {"org_name"}, "LOC": {"loc_name"}}
UK_TYPES = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC"}
PROJECT = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}


# --- data ------------------------------------------------------------------------------------

def load_ru() -> list[tuple[str, list[tuple[int, int, str]]]]:
    docs = []
    for txt in sorted(RU_DIR.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        spans = {}
        for line in txt.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            f = line.split("#")[0].split()
            if len(f) >= 4:
                spans[f[0]] = (int(f[2]), int(f[2]) + int(f[3]), f[1])
        gold = []
        for line in txt.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            f = line.split("#")[0].split()
            if len(f) < 3 or f[1] not in RU_TYPES:
                continue
            typ = RU_TYPES[f[1]]
            parts = [spans[i] for i in f[2:] if i in spans and spans[i][2] in NAME_PARTS[typ]]
            if parts:
                gold.append((min(p[0] for p in parts), max(p[1] for p in parts), typ))
        gold = sorted(set(gold))
        outer = [g for g in gold if not any(o != g and o[0] <= g[0] and g[1] <= o[1] for o in gold)]
        docs.append((text, outer))
    return docs


def load_uk(part: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Blocks of sentences as documents: text = tokens joined by spaces, one sentence per line."""
    from newstrace.multi import crf

    dev, held = crf.split_blocks(crf.read_iob_blocks(UK_FILE))
    chosen = held if part == "eval" else dev
    docs = []
    for b in chosen:
        pieces, gold, pos, cur = [], [], 0, None
        for sent in b:
            for i, (tok, tag) in enumerate(sent):
                start = pos
                pieces.append(tok)
                pos += len(tok)
                pieces.append(" " if i < len(sent) - 1 else "\n")
                pos += 1
                typ = UK_TYPES.get(tag[2:]) if tag != "O" else None
                if tag.startswith("B-") or typ is None or cur is None or cur[2] != typ:
                    if cur:
                        gold.append(tuple(cur))
                    cur = [start, start + len(tok), typ] if typ else None
                else:
                    cur[1] = start + len(tok)
            if cur:
                gold.append(tuple(cur))
                cur = None
        docs.append(("".join(pieces), gold))
    return docs


# --- scoring ----------------------------------------------------------------------------------

def predict(text: str, lang: str, gaz) -> list[tuple[int, int, str]]:
    from newstrace.multi import entities

    regions, pos = [], 0
    for para in text.split("\n"):
        if para.strip():
            regions.append((pos, pos + len(para)))
        pos += len(para) + 1
    return [(e.start, e.end, PROJECT[e.label]) for e in entities.entities(text, regions, lang, gaz)
            if e.label in PROJECT]


def _tokens(text: str, spans) -> dict[int, str]:
    import re

    out = {}
    for s, e, t in spans:
        for m in re.finditer(r"\S+", text[s:e]):
            out[s + m.start()] = t
    return out


def score(docs, lang: str, gaz) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    ttp, tfp, tfn = Counter(), Counter(), Counter()
    for text, gold in docs:
        pred = predict(text, lang, gaz)
        g, p = set(gold), set(pred)
        for t in TYPES:
            gt, pt = {x for x in g if x[2] == t}, {x for x in p if x[2] == t}
            tp[t] += len(gt & pt)
            fp[t] += len(pt - gt)
            fn[t] += len(gt - pt)
        gtok, ptok = _tokens(text, gold), _tokens(text, pred)
        for k in set(gtok) | set(ptok):
            a, b = gtok.get(k), ptok.get(k)
            if a and a == b:
                ttp[a] += 1
            else:
                if b:
                    tfp[b] += 1
                if a:
                    tfn[a] += 1

    def f(tp_, fp_, fn_):
        p = tp_ / (tp_ + fp_) if tp_ + fp_ else 0.0
        r = tp_ / (tp_ + fn_) if tp_ + fn_ else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    return {t: (f(tp[t], fp[t], fn[t]), f(ttp[t], tfp[t], tfn[t]), tp[t] + fn[t]) for t in TYPES}


def report(name: str, res: dict, target: float) -> None:
    print(f"\n{name}")
    print(f"{'type':5} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}   {'token F1':>8}   target")
    for t, ((p, r, f1), (_, _, tf1), n) in res.items():
        ok = "ok" if f1 >= target else "SHORT"
        print(f"{t:5} {n:5d} {p:6.3f} {r:6.3f} {f1:6.3f}   {tf1:8.3f}   >= {target:.2f} {ok}")


# --- throughput -------------------------------------------------------------------------------

def throughput(uk_text: str, ru_text: str, en_text: str, repeats: int) -> None:
    """Per-token throughput on uk/ru next to English, in one process: the whole pipeline, and the two
    stages this work adds for uk/ru (analysis: entities; places)."""
    from newstrace.api import analyze_text
    from newstrace.pipeline import default_context

    def run(text, lang):
        ctx = default_context()
        analyze_text(text, ctx=ctx)  # warm-up: models loaded before timing
        best, best_stages = float("inf"), float("inf")
        for _ in range(repeats):
            times: dict[str, float] = {}
            ctx.set("stage_times", times)
            t0 = time.perf_counter()
            art = analyze_text(text, ctx=ctx)
            best = min(best, time.perf_counter() - t0)
            best_stages = min(best_stages, times.get("analysis", 0.0) + times.get("places", 0.0))
        toks = len(text.split())
        print(f"  {lang}: {toks} tokens, detected {art.language}, {len(art.entities)} entities, "
              f"{len(art.places)} places; whole pipeline {toks / best:7.0f} tokens/s, "
              f"analysis+places {toks / best_stages:7.0f} tokens/s (best of {repeats})")
        return toks / best, toks / best_stages

    print("\nthroughput (team-written fixtures tests/fixtures/multi/*_article.txt, same events in 3 languages)")
    en, en_st = run(en_text, "en")
    for lang, text in (("uk", uk_text), ("ru", ru_text)):
        r, r_st = run(text, lang)
        print(f"  {lang}/en per-token ratio: whole pipeline {r / en:.2f}, analysis+places {r_st / en_st:.2f} "
              f"(target >= 0.70)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=("uk", "ru", "both"), default="both")
    ap.add_argument("--part", choices=("eval", "dev"), default="eval", help="which part to score")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N documents")
    ap.add_argument("--uk-method", choices=("auto", "natasha"), default="auto",
                    help="Ukrainian: the optional CRF when built here (auto), or the default install's method")
    ap.add_argument("--no-throughput", action="store_true")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    if args.uk_method == "natasha":
        from newstrace.multi import crf

        crf.tagger = lambda: None
    from newstrace.geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    if args.lang in ("ru", "both"):
        if not RU_DIR.exists():
            print(f"skip Russian: {RU_DIR} is absent")
        else:
            docs = load_ru()
            docs = (docs[:RU_DEV_TEXTS] if args.part == "dev" else docs[RU_DEV_TEXTS:])[: args.limit or None]
            t0 = time.perf_counter()
            res = score(docs, "ru", gaz)
            print(f"Russian factRuEval-2016 devset, {args.part} part: {len(docs)} texts, "
                  f"{time.perf_counter() - t0:.1f} s")
            report(f"ru {args.part} (exact span match; outermost named objects)", res, 0.85)
    if args.lang in ("uk", "both"):
        if not UK_FILE.exists():
            print(f"skip Ukrainian: {UK_FILE} is absent")
        else:
            docs = load_uk(args.part)[: args.limit or None]
            t0 = time.perf_counter()
            res = score(docs, "uk", gaz)
            from newstrace.multi import crf

            method = f"CRF {crf.MODEL_PATH}" if crf.tagger() is not None else "natasha spans re-typed by pymorphy3-uk"
            print(f"\nUkrainian ner-uk, {args.part} part: {len(docs)} blocks, {time.perf_counter() - t0:.1f} s; "
                  f"method: {method}")
            report(f"uk {args.part} (exact span match)", res, 0.80)
    if not args.no_throughput:
        sample = ROOT / "tests" / "fixtures" / "multi"
        texts = {lang: (sample / f"{lang}_article.txt").read_text(encoding="utf-8") for lang in ("uk", "ru", "en")}
        throughput(texts["uk"], texts["ru"], texts["en"], args.repeats)


if __name__ == "__main__":
    main()
