"""Each compared text is tokenised once (issue 15): a masked side keeps its word tokens
(``linker._Side.toks``) and copy verification aligns them instead of tokenising the candidate again for
every article verified against it. Same verdicts and the same corpus tables as tokenising every time.

Team-written briefs: one report copied with light edits by several outlets (each copy is verified
against all the earlier ones), an outlet's stock sentence learned as boilerplate on its third carrier,
and unrelated reports."""

from __future__ import annotations

import sqlite3

import pytest

from newstrace.corpus import dedup
from newstrace.corpus import linker as L
from newstrace.corpus.fingerprint import words
from newstrace.model import Article, Origin
from newstrace.store.sqlite import SQLiteStore

BASE = ("Air defence units shot down eleven of fourteen drones launched overnight at the Odesa region, the southern "
        "command said on Tuesday. Debris from one drone damaged a grain warehouse in the port of Izmail and injured "
        "a night guard, regional governor Oleh Kiper wrote on Telegram. Firefighters put out the blaze by dawn and "
        "the port resumed loading ships at noon, the port authority said. Three drones hit an empty field near "
        "Reni without causing damage, officials added.")
EDITS = [("eleven", "11"), ("on Tuesday", "early on Tuesday"), ("night guard", "security guard"),
         ("at noon", "by midday"), ("officials added", "the command added")]
STOCK = "Our reporting from the south is paid for by readers, and every donation keeps the newsroom going."
OTHER = ["The Kharkiv city council reopened two underground schools in the Saltivskyi district, the mayor said on "
         "Monday, adding that twelve hundred pupils will attend lessons in two shifts until the spring.",
         "Farmers blocked the Dorohusk border crossing for a fourth day, leaving about nine hundred lorries queuing "
         "on the Ukrainian side, border guards said, while Warsaw promised talks with the protest leaders."]


def _corpus() -> list[Article]:
    out = []
    for i in range(len(EDITS) + 1):
        text = BASE
        for old, new in EDITS[:i]:
            text = text.replace(old, new)
        outlet = "south-ledger.example" if i % 2 == 0 else f"wire{i}.example"
        if outlet == "south-ledger.example" or i == 3:  # c3: a wire copy that carries the outlet's stock sentence
            text = text + " " + STOCK
        out.append(Article(doc_id=f"c{i}", source=Origin(path=f"c{i}", outlet=outlet), text=text,
                           published=f"2024-03-0{i + 1}"))
    for i, t in enumerate(OTHER):
        out.append(Article(doc_id=f"o{i}", source=Origin(path=f"o{i}", outlet="south-ledger.example"),
                           text=t + " " + STOCK, published=f"2024-03-0{i + 2}"))
    return out


TABLES = ["SELECT doc_id, other_doc_id, kind, score, evidence FROM links ORDER BY 1, 2, 3",
          "SELECT doc_id, published, day, outlet, title, data FROM corpus_prints ORDER BY 1",
          "SELECT band, key, doc_id FROM corpus_bands ORDER BY 1, 2, 3",
          "SELECT story_id, doc_id, role, of_doc_id, score FROM story_members ORDER BY 1, 2",
          "SELECT name, value FROM corpus_meta WHERE name LIKE 'boilerplate:%' ORDER BY 1"]


def _link(path: str) -> tuple[dict, L.LinkReport]:
    with SQLiteStore(path) as s:
        for a in _corpus():
            s.put(a)
        report = L.link_pending(s, stance=False, parallel=False, story_model="lexical")
        con = sqlite3.connect(path)
        try:
            return {q: con.execute(q).fetchall() for q in TABLES}, report
        finally:
            con.close()


@pytest.mark.parametrize("pair", [(0, 3), (1, 5), (2, 6)])
def test_link_tokens_kept_give_the_same_verdict(pair):
    arts = _corpus()
    a, b = arts[pair[0]].text, arts[pair[1]].text
    masked = a.replace(STOCK, " " * len(STOCK))  # a masked text: spaces where the stock sentence was
    for x, y in [(a, b), (masked, b), (b, masked)]:
        fresh = dedup.verify_copy(x, y)
        kept = dedup.verify_copy(x, y, a_tokens=dedup.tokens(x), b_tokens=dedup.tokens(y))
        assert (kept.kind, kept.score, kept.evidence, kept.a_embeds) == (fresh.kind, fresh.score, fresh.evidence,
                                                                          fresh.a_embeds)
        for p in kept.evidence:  # offsets hold in both texts
            assert x[p["start"]:p["end"]].split() == y[p["other_start"]:p["other_end"]].split()


@pytest.mark.parametrize("text", [
    "", "   ", BASE, "İstanbul ÉCOLE straße ǅemal don't U.S. e-mail 10:30 ’tis Σίσυφος ΟΔΟΣ",
    "a" * 5 + " -- 'quoted' ... end.", "x " * (dedup.MAX_ALIGN_TOKENS + 3)])
def test_link_tokens_are_the_words_the_alignment_read(text):
    """The split tokeniser gives exactly what a match per word gave (fingerprint.words, lowercased)."""
    ref = words(text)[:dedup.MAX_ALIGN_TOKENS]
    t = dedup.tokens(text)
    assert t.low == [m.group().lower() for m in ref]
    assert list(t.starts) == [m.start() for m in ref] and list(t.ends) == [m.end() for m in ref]


def test_link_tokens_bounded_like_the_alignment():
    text = "word " * (dedup.MAX_ALIGN_TOKENS + 50)
    t = dedup.tokens(text)
    assert len(t.low) == len(t.starts) == len(t.ends) == dedup.MAX_ALIGN_TOKENS
    assert t.starts[1] == 5 and t.ends[1] == 9


def test_link_tokens_once_per_side_and_same_tables(tmp_path, monkeypatch):
    calls = []
    real = dedup.tokens

    def counted(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(L, "tokens", counted)
    monkeypatch.setattr(dedup, "tokens", counted)
    kept, report = _link(str(tmp_path / "kept.db"))
    assert report.copies >= 3  # the copies were verified against one another
    kept_calls = list(calls)  # held: no text's id is reused while it is compared below
    # the reference: every text tokenised at every verification, as before
    calls.clear()
    monkeypatch.setattr(L, "_tokens", lambda side: counted(side.masked))
    fresh, report2 = _link(str(tmp_path / "fresh.db"))
    assert fresh == kept
    assert report2.copies == report.copies and report2.boilerplate == report.boilerplate
    assert report.boilerplate >= 1  # the stock sentence was learned and masked along the way
    # kept: no text object tokenised twice (a side masked again is a new text); the reference tokenises again
    assert len({id(t) for t in kept_calls}) == len(kept_calls)
    assert len({id(t) for t in calls}) < len(calls)
    assert len(kept_calls) < len(calls)


def test_link_sides_built_only_for_pairs_aligned(tmp_path, monkeypatch):
    """A candidate's side (its text read, keyed, masked) is built only when a gate lets the pair be aligned
    (``Linker._worth``); building every candidate's side, as before, gives the same tables."""
    built = []
    real_side = L.Linker._side

    def side(self, doc_id, *a, **k):
        built.append(doc_id)
        return real_side(self, doc_id, *a, **k)

    monkeypatch.setattr(L.Linker, "_side", side)
    worth = []
    real_worth = L.Linker._worth
    monkeypatch.setattr(L.Linker, "_worth", staticmethod(lambda *a: worth.append(real_worth(*a)) or worth[-1]))
    lazy, _r = _link(str(tmp_path / "lazy.db"))
    assert False in worth  # some candidates were not worth aligning: their sides were not built
    n_lazy = len(built)
    built.clear()
    monkeypatch.setattr(L.Linker, "_worth", staticmethod(lambda *a: True))  # every candidate aligned, as before
    eager, _r = _link(str(tmp_path / "eager.db"))
    assert eager == lazy
    assert n_lazy < len(built)
