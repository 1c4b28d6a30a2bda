"""Geoparsing on LGL and TR-News (Gritta et al.): recognition, resolution on gold toponyms, end to end, speed.

    .venv/bin/python bench/geo.py                     # both corpora, all articles, dev/check split reported apart
    .venv/bin/python bench/geo.py --corpus lgl --limit 100 --split dev --errors 30 --misses 30

Each article's text runs through the analysis stage (spaCy) unchanged (no cleaning, so the gold
character offsets stay valid) with one paragraph per line, then through the places stage.

* Recognition: predicted place spans against gold toponym spans, one-to-one, a match when the
  spans overlap; precision, recall, F1. Gold toponyms include demonyms ("Turkish" -> Turkey), which
  the places stage keeps apart on purpose, so recall is also shown without them.
* Resolution on gold toponyms: the gold spans (those with gold coordinates) are resolved with the
  article as context; accuracy within 161 km (100 miles), mean and median error in km. Also shown:
  the share resolved to the gold GeoNames id or within 161 km: the gazetteer's points for countries
  and first-level regions are estimates of the centre GeoNames' own points approximate (see
  newstrace/geo/build.py), so the right feature can still sit hundreds of km from GeoNames' point for
  it (Canada, which GeoNames moved to 60.1 N, 113.6 W: 880 km). A span the
  gazetteer cannot resolve counts as a miss (and is left out of the error means, counted apart).
* End to end: a predicted place is correct when it overlaps a gold toponym and lies within 161 km
  of it; P/R/F1 over all predicted places and gold toponyms with coordinates.
* Speed: the places stage's time as a share of the analysis stage's time in the same process, and
  the gazetteer's load time (median of runs).

Articles are split by a stable hash of their id into a development half (rules were tuned on it)
and a check half; figures are printed for each and for all. By default each article is resolved on its
own, as the product does. With ``--outlet-context`` (the setting outlet_context=batch) the places stage
runs over each half as one batch: an outlet's other articles in the same half give its home region
(newstrace/stages/places.py, ``home_regions``), which the gold-toponym resolution uses too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "geo"
CORPORA = {"lgl": "lgl.xml", "trnews": "TR-News.xml"}
KM = 161.0  # 100 miles: the customary threshold of geoparsing evaluations
OFFSET_SLACK = 15  # some TR-News offsets drift by up to ~10 characters: take the nearest occurrence


@dataclass
class Gold:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None
    gid: int | None


@dataclass
class Doc:
    doc_id: str
    text: str
    url: str | None
    gold: list[Gold] = field(default_factory=list)


def load(path: Path) -> list[Doc]:
    from lxml import etree

    docs = []
    for a in etree.parse(str(path)).getroot().iter("article"):
        text = a.findtext("text") or ""
        d = Doc(a.get("docid"), text, (a.findtext("url") or "").strip() or None)
        for tp in a.iter("toponym"):
            s, e = int(tp.findtext("start")), int(tp.findtext("end"))
            phrase = (tp.findtext("phrase") or "").strip()
            if text[s:e] != phrase:
                near = [k for k in range(max(0, s - OFFSET_SLACK), s + OFFSET_SLACK + 1)
                        if text.startswith(phrase, k)]
                if not near or not phrase:
                    continue
                k = min(near, key=lambda k: abs(k - s))
                s, e = k, k + len(phrase)
            g = tp.find("gaztag")
            lat = lon = gid = None
            if g is not None and g.findtext("lat"):
                lat, lon = float(g.findtext("lat")), float(g.findtext("lon"))
                gid = int(g.get("geonameid")) if g.get("geonameid") else None
            d.gold.append(Gold(s, e, phrase, lat, lon, gid))
        docs.append(d)
    return docs


def is_dev(doc_id: str) -> bool:
    return zlib.crc32(doc_id.encode()) % 2 == 0


def make_article(doc: Doc):
    from newstrace.model import Article, Origin, Paragraph

    paras, pos = [], 0
    for line in doc.text.split("\n"):
        if line.strip():
            paras.append(Paragraph(pos, pos + len(line)))
        pos += len(line) + 1
    return Article(doc_id=doc.doc_id, source=Origin(url=doc.url), text=doc.text, language="en", paragraphs=paras)


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.fn_nodem = 0
        self.res_n = self.res_ok = self.res_unres = self.res_ok_id = 0
        self.errors: list[float] = []
        self.e2e_tp = self.e2e_pred = self.e2e_gold = 0

    def line(self, name: str) -> str:
        p = self.tp / max(1, self.tp + self.fp)
        r = self.tp / max(1, self.tp + self.fn)
        f = 2 * p * r / max(1e-9, p + r)
        r2 = self.tp / max(1, self.tp + self.fn_nodem)
        acc = self.res_ok / max(1, self.res_n)
        acc_id = self.res_ok_id / max(1, self.res_n)
        mean = statistics.fmean(self.errors) if self.errors else float("nan")
        med = statistics.median(self.errors) if self.errors else float("nan")
        ep = self.e2e_tp / max(1, self.e2e_pred)
        er = self.e2e_tp / max(1, self.e2e_gold)
        ef = 2 * ep * er / max(1e-9, ep + er)
        return (f"{name:<14} recognition P {p:.3f} R {r:.3f} F1 {f:.3f} (R w/o demonym gold {r2:.3f}) | "
                f"gold-toponym acc@161km {acc:.3f} (same GeoNames id or @161km {acc_id:.3f}; n={self.res_n}, "
                f"unresolved {self.res_unres}) "
                f"mean err {mean:.0f} km, median {med:.1f} km | end-to-end P {ep:.3f} R {er:.3f} F1 {ef:.3f}")


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def evaluate(doc: Doc, art, gold_places, tally: Tally, dem, errors_out: list | None,
             misses_out: list | None = None) -> None:
    from newstrace.geo.resolve import haversine_km

    used: set[int] = set()
    for p in art.places:
        k = next((i for i, g in enumerate(doc.gold) if i not in used and overlaps(p.start, p.end, g.start, g.end)), None)
        if k is None:
            tally.fp += 1
            if misses_out is not None:
                misses_out.append(("FP", doc.doc_id, art.text[p.start : p.end], p.name if p.resolved else "unresolved",
                                   _context(art.text, p.start, p.end)))
        else:
            used.add(k)
            tally.tp += 1
        if p.resolved:
            tally.e2e_pred += 1
            if k is not None and doc.gold[k].lat is not None and \
                    haversine_km(p.lat, p.lon, doc.gold[k].lat, doc.gold[k].lon) <= KM:
                tally.e2e_tp += 1
    for i, g in enumerate(doc.gold):
        if i not in used:
            tally.fn += 1
            if misses_out is not None:
                misses_out.append(("FN", doc.doc_id, g.phrase, "", _context(doc.text, g.start, g.end)))
            if not dem.lookup(g.phrase):
                tally.fn_nodem += 1
    tally.e2e_gold += sum(1 for g in doc.gold if g.lat is not None)
    for g, p in gold_places:
        tally.res_n += 1
        if not p.resolved:
            tally.res_unres += 1
            if errors_out is not None:
                errors_out.append((doc.doc_id, g.phrase, "unresolved", p.reason, g.lat, g.lon))
            continue
        err = haversine_km(p.lat, p.lon, g.lat, g.lon)
        tally.errors.append(err)
        if err <= KM or (g.gid is not None and p.geonameid == g.gid):
            tally.res_ok_id += 1
        if err <= KM:
            tally.res_ok += 1
        elif errors_out is not None:
            errors_out.append((doc.doc_id, g.phrase, f"{p.name} ({p.country}, {p.admin1}, {p.precision})",
                               f"{err:.0f} km", g.lat, g.lon))


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return " ".join(text[max(0, start - width) : end + width].split())


def process_load_ms(runs: int = 5) -> float:
    """Gazetteer load time in a fresh process (first open, no warm Python state), median of runs."""
    import subprocess

    code = ("import time, newstrace.stages.places as p; from newstrace.pipeline import Context; c = Context(); "
            "t = time.perf_counter(); p.gazetteer(c); p.demonyms(c); print((time.perf_counter() - t) * 1000)")
    out = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
           for _ in range(runs)]
    return statistics.median(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    ap.add_argument("--limit", type=int, default=0, help="first N articles of each corpus (0: all)")
    ap.add_argument("--split", choices=["dev", "check", "all"], default="all")
    ap.add_argument("--errors", type=int, default=0, help="print up to N resolution errors (gold spans)")
    ap.add_argument("--misses", type=int, default=0,
                    help="print up to N recognition errors: places found on no gold toponym (FP), gold toponyms missed (FN)")
    ap.add_argument("--outlet-context", action="store_true",
                    help="setting outlet_context=batch: each half is one batch and an outlet's other articles "
                         "inform its home region (off by default, as in the product)")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"bench/geo.py: {DATA} is absent; nothing to measure")
        return 0

    from newstrace.geo.gazetteer import load_gazetteer
    from newstrace.geo.recognise import Toponym, link
    from newstrace.pipeline import Context
    from newstrace.settings import Settings
    from newstrace.stages import analysis, places

    load_gazetteer()  # build if needed, outside the timing
    loads = []
    for _ in range(5):
        t0 = time.perf_counter()
        g = load_gazetteer()
        d = places.Demonyms(g.country_names(), {cc: e.name for cc, e in g.countries.items()})
        loads.append(time.perf_counter() - t0)
    ctx = Context(Settings(outlet_context="batch" if args.outlet_context else "off"))
    ctx.set("gazetteer", g)
    ctx.set("demonyms", d)
    gaz, dem = places.gazetteer(ctx), places.demonyms(ctx)
    ctx.nlp  # noqa: B018 - load spaCy outside the timing

    t_analysis = t_places = 0.0
    for name in (CORPORA if args.corpus == "all" else [args.corpus]):
        docs = load(DATA / CORPORA[name])
        if args.limit:
            docs = docs[: args.limit]
        if args.split != "all":
            docs = [d for d in docs if is_dev(d.doc_id) == (args.split == "dev")]
        tallies = {"dev": Tally(), "check": Tally(), "all": Tally()}
        errs: list | None = [] if args.errors else None
        misses: list | None = [] if args.misses else None
        # With --outlet-context each half is one batch of the places stage, so an outlet's other articles in
        # that half (never the other half's) inform its home region, as an ingest of an outlet's archive would.
        for half in (True, False):
            part = [d for d in docs if is_dev(d.doc_id) == half]
            arts = []
            for doc in part:
                art = make_article(doc)
                t0 = time.perf_counter()
                analysis.run_batch([art], ctx)
                t_analysis += time.perf_counter() - t0
                arts.append(art)
            t1 = time.perf_counter()
            for batch in ([arts] if args.outlet_context else [[a] for a in arts]):
                places.run_batch(batch, ctx)
            t_places += time.perf_counter() - t1
            homes = places.home_regions(arts, gaz) if args.outlet_context else [{} for _ in arts]
            for doc, art, home in zip(part, arts, homes):
                with_coords = [g for g in doc.gold if g.lat is not None]
                tops = [Toponym(g.start, g.end, source="gold") for g in with_coords]
                link(art.text, tops)
                gold_places = list(zip(with_coords, places.resolve_toponyms(art, tops, gaz, dem, home_regions=home)))
                for key in ("dev" if half else "check", "all"):
                    evaluate(doc, art, gold_places, tallies[key], dem, errs if key == "all" else None,
                             misses if key == "all" else None)
        print(f"== {name}: {len(docs)} articles, {sum(len(d.gold) for d in docs)} gold toponyms")
        for key, t in tallies.items():
            print(t.line(f"{name}/{key}"))
        if errs:
            for e in errs[: args.errors]:
                print("   ", *e)
        if misses:
            for kind in ("FP", "FN"):
                for m in [m for m in misses if m[0] == kind][: args.misses]:
                    print("   ", *m)
    print(f"start-up: loading the gazetteer in a fresh process takes {process_load_ms():.0f} ms (median of 5 processes)")
    print(f"speed: places stage / analysis stage time = {t_places / max(1e-9, t_analysis):.3f} "
          f"({t_places:.1f} s / {t_analysis:.1f} s); gazetteer load median {statistics.median(loads) * 1000:.0f} ms "
          f"(index + demonym table, {len(loads)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
