"""Quotes, speakers, claim statuses, amounts and dates on team-written Ukrainian and Russian reports.

Reads bench/multi/gold.json (written before the uk/ru rules were tuned; the 'dev' articles were read
while writing them, the 'test' ones were not; 'check' was written after the rules and never tuned on)
and prints precision and recall per field and split:

* quotes: a predicted quotation whose content overlaps a gold one is a hit; "+speaker" also needs its
  speaker span to overlap the gold speaker's words;
* claims: claims predicted hedged or denied against the gold sentences' statuses (precision over the
  predicted ones, recall over the gold ones);
* amounts: overlap with the gold figure and the same value;
* dates: a resolved date overlapping the gold expression with the same value.

    python bench/multi_precision.py [--split dev|test|all] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newstrace import api  # noqa: E402

GOLD = Path(__file__).with_name("multi") / "gold.json"
_FLAGGED = ("hedged", "denied")
# A gold speaker is any whole-word occurrence of its string this close to the quotation
# (a name repeated in the sentence before and in the frame after is the same speaker).
NEAR_CHARS = 200


def _span(text: str, sub: str, near: int = 0) -> tuple[int, int]:
    """The occurrence of ``sub`` closest to ``near`` (gold strings are written to be unambiguous)."""
    best = None
    for m in re.finditer(r"(?<!\w)" + re.escape(sub) + r"(?!\w)", text):  # whole words only ('он' not in 'Воронов')
        if best is None or abs(m.start() - near) < abs(best - near):
            best = m.start()
    if best is None:
        raise SystemExit(f"gold string not in its article: {sub!r}")
    return best, best + len(sub)


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Tally:
    def __init__(self):
        self.tp_p = self.pred = self.tp_r = self.gold = 0

    def add(self, tp_p, pred, tp_r, gold):
        self.tp_p += tp_p
        self.pred += pred
        self.tp_r += tp_r
        self.gold += gold

    def figures(self) -> dict:
        p = self.tp_p / self.pred if self.pred else None
        r = self.tp_r / self.gold if self.gold else None
        f = 2 * p * r / (p + r) if p and r else 0.0
        return {"precision": p, "recall": r, "f1": f, "predicted": self.pred, "gold": self.gold}


def score(article, gold: dict, tallies: dict) -> None:
    text = article.text
    g_quotes = []
    for q in gold["quotes"]:
        c = _span(text, q["content"])
        _span(text, q["speaker"])  # present at all
        near = [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(q["speaker"]) + r"(?!\w)", text)
                if m.end() > c[0] - NEAR_CHARS and m.start() < c[1] + NEAR_CHARS]
        g_quotes.append((c, near))
    preds = [((q.content.start, q.content.end), (q.speaker.start, q.speaker.end) if q.speaker else None)
             for q in article.quotes]
    hit = lambda p, g: _overlap(p[0], g[0])  # noqa: E731
    hit_sp = lambda p, g: hit(p, g) and p[1] is not None and any(_overlap(p[1], x) for x in g[1])  # noqa: E731
    tallies["quotes"].add(sum(any(hit(p, g) for g in g_quotes) for p in preds), len(preds),
                          sum(any(hit(p, g) for p in preds) for g in g_quotes), len(g_quotes))
    tallies["quotes+speaker"].add(sum(any(hit_sp(p, g) for g in g_quotes) for p in preds), len(preds),
                                  sum(any(hit_sp(p, g) for p in preds) for g in g_quotes), len(g_quotes))

    g_claims = [(_span(text, c["sentence"]), c["status"]) for c in gold["claims"]]
    flagged = [c for c in article.claims if c.status in _FLAGGED]
    ok = lambda c, g: _overlap((c.start, c.end), g[0]) and c.status == g[1]  # noqa: E731
    g_flag = [g for g in g_claims if g[1] in _FLAGGED]
    tallies["claim status"].add(sum(any(ok(c, g) for g in g_claims) for c in flagged), len(flagged),
                                sum(any(ok(c, g) for c in article.claims) for g in g_claims), len(g_claims))
    del g_flag

    g_amounts = [(_span(text, a["text"]), float(a["value"])) for a in gold["amounts"]]
    got = [((a.start, a.end), a.value if a.value is not None else a.low) for a in article.amounts]
    ok = lambda p, g: _overlap(p[0], g[0]) and p[1] == g[1]  # noqa: E731
    tallies["amounts"].add(sum(any(ok(p, g) for g in g_amounts) for p in got), len(got),
                           sum(any(ok(p, g) for p in got) for g in g_amounts), len(g_amounts))

    g_times = [(_span(text, t["text"]), t["value"]) for t in gold["times"]]
    got = [((t.start, t.end), t.value) for t in article.times if t.type == "date" and t.resolved]
    tallies["dates"].add(sum(any(ok(p, g) for g in g_times) for p in got), len(got),
                         sum(any(ok(p, g) for p in got) for g in g_times), len(g_times))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "test", "check", "all"), default="all")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each article's predictions")
    args = ap.parse_args(argv)
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    fields = ("quotes", "quotes+speaker", "claim status", "amounts", "dates")
    out = {}
    splits = ("dev", "test", "check") if args.split == "all" else (args.split,)
    for split in splits:
        tallies = {f: Tally() for f in fields}
        for g in data["articles"]:
            if g["split"] != split:
                continue
            art = api.analyze_text(g["text"], published=data["published"], language=g["lang"])
            if args.verbose:
                t = art.text
                print(f"== {g['id']}")
                for q in art.quotes:
                    sp = t[q.speaker.start:q.speaker.end] if q.speaker else None
                    print(f"  Q {t[q.content.start:q.content.end]!r} <- {sp!r}")
                for c in art.claims:
                    if c.status != "asserted":
                        print(f"  C {c.status} {t[c.start:c.end][:60]!r}")
                for a in art.amounts:
                    print(f"  A {t[a.start:a.end]!r} {a.value}")
                for r in art.times:
                    print(f"  T {t[r.start:r.end]!r} {r.value} {r.resolved}")
            score(art, g, tallies)
        out[split] = {f: tallies[f].figures() for f in fields}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    fmt = lambda x: "  -  " if x is None else f"{x:.2f}"  # noqa: E731
    for split, res in out.items():
        print(f"{split}:")
        for f, r in res.items():
            print(f"  {f:15s} P {fmt(r['precision'])}  R {fmt(r['recall'])}  F1 {r['f1']:.2f}"
                  f"  (predicted {r['predicted']}, gold {r['gold']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
