"""Attribution quality on PolNeAR (brat standoff): content, cue and source spans; speaker resolution.

    .venv/bin/python bench/quotes.py [--split dev|train] [--sample N] [--seed S] [--no-learned]

Prints precision / recall / F1 for Content, Cue and Source spans with exact matching (same
start and end) and overlap matching (the spans share at least half of the gold span's tokens,
one-to-one), the share of gold attributions whose speaker resolves to the right entity, and the
time the quotes, amounts and claims stages add to the analysis stage (ratio, same process).

Two views: "all attributions" (PolNeAR's broad notion: speech, beliefs, stances, actions, evidence)
scores every predicted quotation; "speech only" scores the quotations the model marks
``attribution == "speech"`` against the gold attributions whose cue is speech. PolNeAR has no kind
label, so a gold attribution's kind comes from its cue's lemma (spaCy) through the same lexicon
(``attribution_kind``) and citation rule (``cues.is_citation``: "citing X" is evidence), with a content
opening with a quote mark always speech: the speech view
measures the span finding inside speech, not the kind decision itself.

Articles annotated by several annotators are scored once per annotation file (micro-average).
PolNeAR quotes include their quote marks in Content spans, so a direct quotation's predicted
content is widened to its marks before scoring; likewise PolNeAR's source of an apposition keeps
its closing comma ("Donald Trump, her Republican opponent,"), so a predicted source holding a comma
is widened to the comma right after it. The bench text is fed unmodified (no clean
stage): the article is built directly so offsets are the file's own.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "quotes"
_TOKEN = re.compile(r"\w+|[^\w\s]")
_MARKS = set("\"“”'‘’«»")
_NAME_TOKEN = re.compile(r"\b[A-Z][\w’'.-]+")
_STOP_CAPS = {"The", "A", "An", "He", "She", "They", "It", "We", "I", "His", "Her", "Their", "Its", "Mr.", "Mrs.",
              "Ms.", "Mr", "Mrs", "Ms", "Sen.", "Gov.", "Rep.", "Dr.", "President", "Republican", "Democratic",
              "Democrat", "Former", "Who", "That", "This", "These", "Those", "Some", "One", "Another"}


def read_ann(path: Path):
    """-> (spans {Tid: (type, [(s, e), ...])}, attributions [(source Tid|None, cue Tid|None, content Tid|None)])."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    attrs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            typ, _, offs = parts[1].partition(" ")
            frags = []
            for frag in offs.split(";"):
                a, b = frag.split()
                frags.append((int(a), int(b)))
            spans[parts[0]] = (typ, frags)
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(x.split(":", 1) for x in parts[1].split() if ":" in x)
            attrs.append((roles.get("Source"), roles.get("Cue"), roles.get("Content")))
    return spans, attrs


def tokens_in(text: str, frags) -> set[int]:
    out = set()
    for s, e in frags:
        for m in _TOKEN.finditer(text, s, e):
            out.add(m.start())
    return out


def score(text: str, gold: list[list[tuple[int, int]]], pred: list[tuple[int, int]]):
    """-> (exact tp, overlap tp, n gold, n pred); overlap is one-to-one, greedy on shared tokens."""
    gset = {(min(s for s, _ in g), max(e for _, e in g)) for g in gold}
    pset = set(pred)
    exact = len(gset & pset)
    gtok = [tokens_in(text, g) for g in gold]
    ptok = [tokens_in(text, [p]) for p in pred]
    cands = []
    for gi, gt in enumerate(gtok):
        if not gt:
            continue
        for pi, pt in enumerate(ptok):
            shared = len(gt & pt)
            if shared * 2 >= len(gt):
                cands.append((-shared, gi, pi))
    cands.sort()
    used_g, used_p = set(), set()
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    return exact, len(used_g), len(gset), len(pset)


def prf(tp: int, ng: int, np_: int) -> tuple[float, float, float]:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def widen(text: str, s: int, e: int) -> tuple[int, int]:
    if text[max(0, s - 2) : s] == "''":
        s -= 2
    elif s > 0 and text[s - 1] in _MARKS:
        s -= 1
    if text[e : e + 2] == "''":
        e += 2
    elif e < len(text) and text[e] in _MARKS:
        e += 1
    elif e + 1 < len(text) and text[e] in ",." and text[e + 1] in _MARKS:
        e += 2
    return s, e


def widen_source(text: str, s: int, e: int) -> tuple[int, int]:
    """PolNeAR's convention: an appositive source ends with its closing comma."""
    if text[e : e + 1] == "," and "," in text[s:e]:
        return s, e + 1
    return s, e


def build_article(name: str, text: str):
    from newstrace.model import Article, Origin, Paragraph

    paras, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        if text[pos : m.start()].strip():
            paras.append(Paragraph(pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        paras.append(Paragraph(pos, len(text)))
    return Article(doc_id=name, source=Origin(path=name), text=text, paragraphs=paras, language="en")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--sample", type=int, default=0, help="score a random sample of this many annotation files")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print this many missed/false spans per type")
    ap.add_argument("--no-learned", action="store_true", help="rules only: without the learned cue scorer")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"PolNeAR data not found at {DATA}: skipping the quotes bench")
        return 0
    from newstrace.pipeline import Context
    from newstrace.stages import amounts, analysis, claims, quotes

    quotes.USE_LEARNED = not args.no_learned
    ctx = Context()
    ann_files = sorted((DATA / args.split / "attributions").glob("*.ann"))
    if args.sample:
        random.Random(args.seed).shuffle(ann_files)
        ann_files = sorted(ann_files[: args.sample])
    texts: dict[str, Path] = {}
    for p in ann_files:
        base = re.sub(r"_[0-9a-f]{4}$", "", p.stem)
        t = DATA / args.split / "text" / f"{base}.txt"
        if t.exists():
            texts[p.name] = t
    uniq = sorted(set(texts.values()))
    arts = {t: build_article(t.stem, t.read_text(encoding="utf-8")) for t in uniq}
    ctx.nlp  # load the model before timing
    t_an = t_q = 0.0
    batch = list(arts.values())
    stage_errors: list[str] = []
    for i in range(0, len(batch), 16):
        chunk = batch[i : i + 16]
        t0 = time.perf_counter()
        analysis.run_batch(chunk, ctx)
        t1 = time.perf_counter()
        for a in chunk:
            quotes.run(a, ctx)
            try:  # timed with quotes; a failure there must not hide the attribution figures
                amounts.run(a, ctx)
                claims.run(a, ctx)
            except Exception as e:  # noqa: BLE001 - reported below
                stage_errors.append(f"{a.doc_id}: {type(e).__name__}: {e}"[:160])
        t2 = time.perf_counter()
        t_an += t1 - t0
        t_q += t2 - t1

    from newstrace.attribution.lexicon import attribution_kind

    tot = defaultdict(lambda: [0, 0, 0, 0])
    tot_sp = defaultdict(lambda: [0, 0, 0, 0])
    spk_named = [0, 0]
    spk_pron = [0, 0]
    errors = defaultdict(list)
    for ann in ann_files:
        if ann.name not in texts:
            continue
        art = arts[texts[ann.name]]
        text = art.text
        spans, attrs = read_ann(ann)
        pred = {"Content": set(), "Cue": set(), "Source": set()}
        pred_sp = {"Content": set(), "Cue": set(), "Source": set()}
        for q in art.quotes:
            cs, ce = q.content.start, q.content.end
            if q.kind in ("direct", "mixed"):
                cs, ce = widen(text, cs, ce)
            views = (pred, pred_sp) if q.attribution == "speech" else (pred,)
            for v in views:
                v["Content"].add((cs, ce))
                if q.cue:
                    v["Cue"].add((q.cue.start, q.cue.end))
                if q.speaker:
                    v["Source"].add(widen_source(text, q.speaker.start, q.speaker.end))
        speech_ids = set()
        for src, cue, content in attrs:
            if cue in spans and _gold_kind(art, spans, cue, content, attribution_kind) == "speech":
                speech_ids |= {x for x in (src, cue, content) if x}
        for typ in pred_sp:
            gold = [fr for (tid, (t, fr)) in spans.items() if t == typ and tid in speech_ids]
            r = score(text, gold, sorted(pred_sp[typ]))
            for k in range(4):
                tot_sp[typ][k] += r[k]
        for typ in pred:
            gold = [fr for (t, fr) in spans.values() if t == typ]
            r = score(text, gold, sorted(pred[typ]))
            for k in range(4):
                tot[typ][k] += r[k]
            if args.errors:
                gset = {(min(s for s, _ in g), max(e for _, e in g)) for g in gold}
                for g in sorted(gset - pred[typ])[:3]:
                    errors[typ + " missed"].append(text[g[0] : g[1]][:120])
                for p in sorted(pred[typ] - gset)[:3]:
                    errors[typ + " false"].append(text[p[0] : p[1]][:120])
        _speakers(art, spans, attrs, spk_named, spk_pron)

    n_docs = len([a for a in ann_files if a.name in texts])
    print(f"PolNeAR {args.split}: {n_docs} annotation files, {len(uniq)} texts")
    print(f"{'span':8} {'match':8} {'P':>6} {'R':>6} {'F1':>6}   gold  pred")
    for typ in ("Content", "Cue", "Source"):
        ex, ov, ng, np_ = tot[typ]
        for label, tp in (("exact", ex), ("overlap", ov)):
            p, r, f = prf(tp, ng, np_)
            print(f"{typ:8} {label:8} {p:6.3f} {r:6.3f} {f:6.3f}  {ng:5} {np_:5}")
    print("speech only (gold: cue lemma of the speech kind, or a quoted content)")
    for typ in ("Content", "Cue", "Source"):
        ex, ov, ng, np_ = tot_sp[typ]
        for label, tp in (("exact", ex), ("overlap", ov)):
            p, r, f = prf(tp, ng, np_)
            print(f"{typ:8} {label:8} {p:6.3f} {r:6.3f} {f:6.3f}  {ng:5} {np_:5}")
    print(f"speaker resolved to the right entity: named sources {spk_named[0]}/{spk_named[1]}"
          f" = {spk_named[0] / max(1, spk_named[1]):.3f}; pronoun sources (proxy: nearest earlier named gold"
          f" source) {spk_pron[0]}/{spk_pron[1]} = {spk_pron[0] / max(1, spk_pron[1]):.3f}")
    print(f"speed: analysis {t_an:.2f}s, quotes+amounts+claims {t_q:.2f}s -> +{100 * t_q / max(t_an, 1e-9):.1f}%"
          " of analysis time")
    if stage_errors:
        print(f"amounts/claims stage raised on {len(stage_errors)} texts (not attribution; first: {stage_errors[0]})")
    for k, v in errors.items():
        print(f"--- {k}")
        for x in v[: args.errors]:
            print("   ", repr(x))
    return 0


def _gold_kind(art, spans, cue, content, attribution_kind) -> str:
    """The attribution kind of a gold attribution, from its cue's head lemma (see the module docstring)."""
    text, doc = art.text, art.nlp_doc
    if content in spans:
        c0 = spans[content][1][0][0]
        if text[c0 : c0 + 1] in _MARKS or text[c0 : c0 + 2] == "''":
            return "speech"
    a, b = spans[cue][1][0]
    span = doc.char_span(a, b, alignment_mode="expand") if doc is not None else None
    if span is None or not len(span):
        return "speech"
    root = span.root
    lemma = "according to" if root.lower_ == "according" else root.lemma_.lower()
    if lemma in ("appear", "seem"):
        x = next((ch for ch in root.children if ch.dep_ == "xcomp"), None)
        lemma = x.lemma_.lower() if x is not None else lemma
    clausal = any(ch.dep_ in ("ccomp", "xcomp") for ch in root.children)
    from newstrace.attribution.cues import is_citation

    if is_citation(root):
        return "evidence"  # "citing satellite imagery": the same rule as the quotes stage's
    return attribution_kind(lemma, clausal=clausal)


def _norm(w: str) -> str:
    return re.sub(r"(?:'s|’s|'|’)$", "", w).strip(".,").lower()


def _names(s: str) -> set[str]:
    return {_norm(w) for w in _NAME_TOKEN.findall(s) if w not in _STOP_CAPS}


def _initials(name: str) -> set[str]:
    """{"imf"} for "International Monetary Fund": a name and its acronym are one name, either way round."""
    caps = [w for w in re.findall(r"[\w’'-]+", name) if w[:1].isupper() and w not in _STOP_CAPS]
    return {"".join(w[0] for w in caps).lower()} if len(caps) >= 2 else set()


def _gold_names(doc, frags) -> set[str]:
    """Proper-noun tokens of a gold source span (from the parse, so a capitalised first word is not a name)."""
    out = set()
    for a, b in frags:
        span = doc.char_span(a, b, alignment_mode="expand") if doc is not None else None
        if span is None:
            continue
        out |= {_norm(t.text) for t in span if t.pos_ == "PROPN" and t.text not in _STOP_CAPS}
    return out


def _speakers(art, spans, attrs, named, pron) -> None:
    """Gold attributions -> predicted quotation with overlapping content -> is its speaker right?

    A gold source that contains a proper noun is resolved right when the predicted canonical name
    shares a name token with it (an acronym matches the initials of the full name, either way round:
    "IMF" and "International Monetary Fund"). PolNeAR does not link pronouns to names, so a pronoun's referent
    is approximated by the nearest earlier gold source that is a name.
    """
    text, quotes = art.text, art.quotes
    gold_named = []
    for src, _cue, content in attrs:
        if not src or not content or src not in spans or content not in spans:
            continue
        s_fr = spans[src][1]
        s_text = " ".join(text[a:b] for a, b in s_fr)
        c_tok = tokens_in(text, spans[content][1])
        s0 = s_fr[0][0]
        names = _gold_names(art.nlp_doc, s_fr)
        is_pron = s_text.strip().lower() in ("he", "she", "they", "it", "him", "her", "we", "i", "who")
        if names:
            gold_named.append((s0, names))
            target, bucket = names, named
        elif is_pron:
            prev = [n for o, n in gold_named if o < s0]
            if not prev:
                continue
            target, bucket = prev[-1], pron
        else:
            continue
        bucket[1] += 1
        best = None
        for q in quotes:
            qt = tokens_in(text, [(q.content.start, q.content.end)])
            shared = len(qt & c_tok)
            if c_tok and shared * 2 >= len(c_tok) and (best is None or shared > best[0]):
                best = (shared, q)
        if best is not None and best[1].speaker_entity:
            said = best[1].speaker_entity
            said_names = {_norm(w) for w in re.findall(r"[\w’'.-]+", said)} | _initials(said)
            if said_names & (target | (_initials(s_text) if bucket is named else set())):
                bucket[0] += 1


if __name__ == "__main__":
    sys.exit(main())
