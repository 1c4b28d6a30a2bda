"""Temporal expressions on TempEval-3 TimeBank: detection P/R/F1 (relaxed and strict), value and type accuracy.

Each .tml document's TEXT is stripped of its tags (character offsets kept); the document creation
time (the TIMEX3 with functionInDocument="CREATION_TIME") is the anchor, given to the stage as the
article's publication date. Gold: every TIMEX3 inside TEXT.

    .venv/bin/python bench/times.py                 # all documents, dev/check split reported apart
    .venv/bin/python bench/times.py --limit 30      # a sample while developing
    .venv/bin/python bench/times.py --errors 40     # also print mismatches (check split)

Detection: a predicted span matches a gold span when they overlap (relaxed) or coincide (strict).
Value accuracy: share of relaxed matches whose normalised value equals the gold TIMEX3 value;
type accuracy likewise for DATE/TIME/DURATION/SET. Documents are split by a stable hash of their
name into a development part (rules were tuned on it) and a check part (never looked at).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "time"

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", re.S)
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str


def load(path: Path) -> tuple[str, str | None, list[Gold]]:
    """The TEXT of a .tml document with tags stripped, its creation date, and its TIMEX3 spans."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    m = _DCT.search(raw)
    if m:
        dct = dict(_ATTR.findall(m.group(0))).get("value")
    body = _TEXT.search(raw).group(1)
    out: list[str] = []
    pos = 0
    n = 0
    gold: list[Gold] = []
    open_timex: tuple[int, dict] | None = None
    for t in _TAG.finditer(body):
        chunk = html.unescape(body[pos: t.start()])
        out.append(chunk)
        n += len(chunk)
        pos = t.end()
        if t.group(2) != "TIMEX3":
            continue
        if t.group(1) == "":
            open_timex = (n, dict(_ATTR.findall(t.group(3))))
        elif open_timex:
            start, attrs = open_timex
            gold.append(Gold(start, n, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return "".join(out), (dct[:10] if dct else None), gold


def is_check(name: str) -> bool:
    """A third of the documents, chosen by a stable hash, kept for checking."""
    return zlib.crc32(name.encode()) % 3 == 0


TIMING = {"parse": 0.0, "times": 0.0}


def predict(text: str, published: str | None, nlp):
    from newstrace.model import Article, Entity, Origin, Span
    from newstrace.stages import times

    art = Article(doc_id="bench", source=Origin(), text=text, published=published, language="en")
    if nlp is not None:
        t0 = time.perf_counter()
        doc = nlp(text)
        TIMING["parse"] += time.perf_counter() - t0
        art.nlp_doc = doc
        art.sentences = [Span(s.start_char, s.end_char) for s in doc.sents]
        art.entities = [Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    t0 = time.perf_counter()
    times.run(art, None)
    TIMING["times"] += time.perf_counter() - t0
    return art.times


class Score:
    def __init__(self):
        self.tp_rel = self.tp_strict = self.n_pred = self.n_gold = 0
        self.value_ok = self.type_ok = self.matched = 0

    def add(self, preds, gold: list[Gold], errors: list | None, text: str, name: str):
        self.n_pred += len(preds)
        self.n_gold += len(gold)
        used = set()
        for g in gold:
            best = None
            for i, p in enumerate(preds):
                if i not in used and p.start < g.end and g.start < p.end:
                    best = i
                    if p.start == g.start and p.end == g.end:
                        break
            if best is None:
                if errors is not None:
                    errors.append(("MISS", name, text[g.start: g.end], g.type, g.value, ""))
                continue
            used.add(best)
            p = preds[best]
            self.tp_rel += 1
            self.tp_strict += p.start == g.start and p.end == g.end
            self.matched += 1
            ok_val = (p.value or "") == g.value
            self.value_ok += ok_val
            self.type_ok += p.type.upper() == g.type
            if errors is not None and not ok_val:
                errors.append(("VALUE", name, text[g.start: g.end], g.type, g.value,
                               f"{text[p.start:p.end]!r} {p.type} {p.value}"))
        if errors is not None:
            for i, p in enumerate(preds):
                if i not in used:
                    errors.append(("FALSE", name, text[p.start: p.end], p.type, p.value or "", ""))

    def figures(self) -> dict[str, float]:
        def f1(tp):
            p = tp / self.n_pred if self.n_pred else 0.0
            r = tp / self.n_gold if self.n_gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        pr, rr, fr = f1(self.tp_rel)
        ps, rs, fs = f1(self.tp_strict)
        return {"relaxed_P": pr, "relaxed_R": rr, "relaxed_F1": fr, "strict_P": ps, "strict_R": rs,
                "strict_F1": fs, "value_acc": self.value_ok / self.matched if self.matched else 0.0,
                "type_acc": self.type_ok / self.matched if self.matched else 0.0,
                "value_F1": 2 * (self.value_ok / self.n_pred) * (self.value_ok / self.n_gold)
                / ((self.value_ok / self.n_pred) + (self.value_ok / self.n_gold)) if self.value_ok else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents (by name)")
    ap.add_argument("--errors", type=int, default=0, help="print up to N mismatches")
    ap.add_argument("--split", choices=("dev", "check", "all"), default="all", help="which documents to print errors for")
    ap.add_argument("--no-parse", action="store_true", help="skip spaCy (tense from words only)")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"bench data absent ({DATA}); nothing to measure")
        return 0
    files = sorted(DATA.rglob("*.tml"))
    if args.limit:
        files = files[: args.limit]
    nlp = None
    if not args.no_parse:
        from newstrace.pipeline import default_context

        nlp = default_context().nlp
    scores = {"dev": Score(), "check": Score(), "all": Score()}
    errors: list = []
    for f in files:
        text, dct, gold = load(f)
        preds = predict(text, dct, nlp)
        part = "check" if is_check(f.name) else "dev"
        want = args.errors and args.split in (part, "all")
        scores[part].add(preds, gold, errors if want else None, text, f.stem)
        scores["all"].add(preds, gold, None, text, f.stem)
    print(f"TimeBank (TempEval-3), {len(files)} documents, anchor = document creation time")
    print(f"{'part':6} {'docs':>5} {'gold':>5} {'pred':>5}  relaxed P/R/F1        strict P/R/F1         value_acc type_acc value_F1")
    for part, s in scores.items():
        ndocs = sum(1 for f in files if part == "all" or (part == "check") == is_check(f.name))
        fg = s.figures()
        print(f"{part:6} {ndocs:5d} {s.n_gold:5d} {s.n_pred:5d}  "
              f"{fg['relaxed_P']:.3f}/{fg['relaxed_R']:.3f}/{fg['relaxed_F1']:.3f}   "
              f"{fg['strict_P']:.3f}/{fg['strict_R']:.3f}/{fg['strict_F1']:.3f}   "
              f"{fg['value_acc']:.3f}     {fg['type_acc']:.3f}    {fg['value_F1']:.3f}")
    print("targets: relaxed F1 >= 0.88, value accuracy >= 0.80 (HeidelTime TempEval-3: ~0.90 / ~0.78 value F1)")
    n = max(len(files), 1)
    line = f"cost: times stage {1000 * TIMING['times'] / n:.1f} ms/doc"
    if TIMING["parse"]:
        line += (f", spaCy parse {1000 * TIMING['parse'] / n:.1f} ms/doc in the same process"
                 f" (times = {TIMING['times'] / TIMING['parse']:.1%} of the parse)")
    print(line)
    for e in errors[: args.errors]:
        print(" | ".join(str(x) for x in e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
