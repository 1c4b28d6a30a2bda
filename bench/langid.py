"""Language identification on short headlines: accuracy overall and per language, confusion table.

Data: ``bench/langid/headlines.tsv`` (200 team-written uk/ru/be/bg/en headlines, used while tuning) and
``bench/langid/heldout.tsv`` (50 more, set aside before tuning). Each line: ``lang<TAB>headline``.

    .venv/bin/python bench/langid.py              # both sets, newstrace next to py3langid and the raw parts
    .venv/bin/python bench/langid.py --errors     # also list the misidentified headlines (dev set only)
    .venv/bin/python bench/langid.py --article    # also time the stage on a 700-word article

Methods: ``newstrace`` (stages/language.identify: fastText lite + lingua restricted), ``py3langid``
(the stage's previous method, all 97 languages), ``fasttext-lite`` and ``lingua-focus`` (the two parts alone).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "langid"
LANGS = ("uk", "ru", "be", "bg", "en")


def load(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            lang, text = line.split("\t", 1)
            rows.append((lang, text))
    return rows


def methods():
    from newstrace.stages import language

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    old = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ft = language._fasttext()
    focus = language._lingua(frozenset(language.FOCUS))

    def lingua_focus(s):
        r = focus.detect_language_of(s)
        return r.iso_code_639_1.name.lower() if r else "?"

    return {
        "newstrace": lambda s: language.identify(s)[0] or "?",
        "py3langid": lambda s: old.classify(s)[0],
        "fasttext-lite": lambda s: ft.detect(s, model="lite", k=1)[0]["lang"],
        "lingua-focus": lingua_focus,
    }


def evaluate(rows, fn):
    gold = [g for g, _ in rows]
    for _, s in rows[:5]:  # load the models before timing
        fn(s)
    t0 = time.perf_counter()
    pred = [fn(s) for _, s in rows]
    ms = (time.perf_counter() - t0) / max(len(rows), 1) * 1000
    return gold, pred, ms


def report(name: str, rows, fns, errors: bool) -> None:
    print(f"\n== {name}: {len(rows)} headlines ({', '.join(f'{k} {v}' for k, v in Counter(g for g, _ in rows).items())})")
    print(f"{'method':<14} {'overall':>7} " + " ".join(f"{lang:>5}" for lang in LANGS) + "   ms/headline")
    confusions = {}
    for mname, fn in fns.items():
        gold, pred, ms = evaluate(rows, fn)
        acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
        per = []
        for lang in LANGS:
            idx = [i for i, g in enumerate(gold) if g == lang]
            per.append(sum(pred[i] == lang for i in idx) / len(idx) if idx else float("nan"))
        print(f"{mname:<14} {acc:7.3f} " + " ".join(f"{x:5.3f}" for x in per) + f"   {ms:.2f}")
        confusions[mname] = (gold, pred)
    for mname in ("newstrace", "py3langid"):
        gold, pred = confusions[mname]
        others = sorted({p for p in pred if p not in LANGS})
        cols = list(LANGS) + others
        print(f"\nconfusion ({mname}): rows gold, columns predicted")
        print("      " + " ".join(f"{c:>4}" for c in cols))
        cnt = Counter(zip(gold, pred))
        for g in LANGS:
            print(f"{g:>5} " + " ".join(f"{cnt[(g, c)]:>4}" for c in cols))
    if errors:
        gold, pred = confusions["newstrace"]
        print("\nerrors (newstrace):")
        for (g, s), p in zip(rows, pred):
            if g != p:
                print(f"  gold {g} got {p}: {s}")


ARTICLE_UK = ("Уночі окупанти атакували місто ударними дронами, повідомила обласна військова адміністрація. "
              "За її даними, сили протиповітряної оборони збили більшість цілей, але уламки впали на житловий "
              "квартал. Пошкоджено кілька багатоповерхівок, школу та лінію електропередачі. ")


def time_article() -> None:
    """Stage time on a 700-word team-written article, next to the old whole-text py3langid call."""
    from newstrace.model import Article, Origin, Paragraph
    from newstrace.stages import language

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    words = ARTICLE_UK.split()
    paras, text = [], ""
    while len(text.split()) < 700:
        chunk = " ".join(words)
        start = len(text) + (2 if text else 0)
        text = f"{text}\n\n{chunk}" if text else chunk
        paras.append(Paragraph(start, len(text)))
    old = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    old.classify(text[:3000])
    language.run(Article(doc_id="w", source=Origin(), text=text, paragraphs=list(paras)), None)  # warm up
    n = 20
    t0 = time.perf_counter()
    for _ in range(n):
        old.classify(text[:3000])
    t_old = (time.perf_counter() - t0) / n * 1000
    t0 = time.perf_counter()
    for _ in range(n):
        a = Article(doc_id="x", source=Origin(), text=text, paragraphs=[Paragraph(p.start, p.end) for p in paras])
        language.run(a, None)
    t_new = (time.perf_counter() - t0) / n * 1000
    print(f"\n700-word article ({len(text.split())} words, {len(paras)} paragraphs): "
          f"old py3langid {t_old:.1f} ms, new stage {t_new:.1f} ms per article (language {a.language})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list misidentified dev headlines")
    ap.add_argument("--article", action="store_true", help="time the stage on a 700-word article")
    ap.add_argument("--part", choices=("dev", "heldout", "all"), default="all",
                    help="which set to measure (tune on dev; the held-out set once, for the report)")
    args = ap.parse_args()
    fns = methods()
    if args.part in ("dev", "all"):
        report("dev (headlines.tsv)", load("headlines.tsv"), fns, args.errors)
    if args.part in ("heldout", "all"):
        report("held out (heldout.tsv)", load("heldout.tsv"), fns, False)
    if args.article:
        time_article()


if __name__ == "__main__":
    main()
