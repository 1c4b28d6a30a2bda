"""Copies and rewrites on the team-written Izmail family (tests/fixtures/corpus)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newstrace.corpus import fingerprint as F
from newstrace.corpus.dedup import shared_passages, swap, verify_copy
from newstrace.corpus.rewrite import verify_rewrite
from newstrace.model import Article, Origin

FIX = Path(__file__).resolve().parent / "fixtures" / "corpus"


def text(name: str) -> str:
    return (FIX / f"{name}.txt").read_text(encoding="utf-8")


def words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\w+(?:['’.-]\w+)*", s)]


@pytest.mark.parametrize("a,b", [("original", "syndicated"), ("original", "edited"), ("syndicated", "edited")])
def test_dedup_copies_found_with_passages_in_both_texts(a, b):
    ta, tb = text(a), text(b)
    v = verify_copy(ta, tb)
    assert v.kind == "copy" and v.score >= 0.9
    assert v.evidence
    for e in v.evidence:
        assert words(ta[e["start"]:e["end"]]) == words(tb[e["other_start"]:e["other_end"]])
        assert len(words(ta[e["start"]:e["end"]])) >= 8


@pytest.mark.parametrize("a,b", [("original", "spun"), ("original", "independent"), ("original", "dispute"),
                                 ("original", "unrelated"), ("independent", "dispute")])
def test_dedup_non_copies_rejected(a, b):
    assert verify_copy(text(a), text(b)).kind is None


@pytest.mark.parametrize("a,b", [("original", "spun"), ("edited", "spun")])
def test_rewrite_spun_copy_found_with_aligned_sentences(a, b):
    ta, tb = text(a), text(b)
    v = verify_rewrite(ta, tb)
    assert v.kind == "rewrite" and v.score >= 0.7
    assert len(v.evidence) >= 5
    for e in v.evidence:
        sa, sb = ta[e["start"]:e["end"]], tb[e["other_start"]:e["other_end"]]
        assert e["kept"] and all(k in sa for k in e["kept"]) and all(k in sb for k in e["other_kept"])


@pytest.mark.parametrize("a,b", [("original", "independent"), ("original", "dispute"), ("spun", "independent"),
                                 ("original", "unrelated")])
def test_rewrite_same_story_other_text_rejected(a, b):
    assert verify_rewrite(text(a), text(b)).kind is None


@pytest.mark.parametrize("a,b", [("Putin", "Poutine"), ("Zelensky", "Zelenskyy"), ("Marchenko", "Marchenka")])
def test_rewrite_anchor_key_survives_respelling(a, b):
    assert F.anchor_key(a) == F.anchor_key(b)
    assert F.anchor_key("18,000") == "18,000" != F.anchor_key("18,500")


@pytest.mark.parametrize("a,b", [("original", "edited")])
def test_dedup_swap_round_trips(a, b):
    passages = shared_passages(text(a), text(b))[0]
    assert swap(swap(passages)) == passages
    back = swap(passages)
    for e in back:
        assert words(text(b)[e["start"]:e["end"]]) == words(text(a)[e["other_start"]:e["other_end"]])


@pytest.mark.parametrize("a,b,lo,hi", [("original", "syndicated", 0.99, 1.0), ("original", "edited", 0.5, 0.95),
                                       ("original", "unrelated", 0.0, 0.05)])
def test_fingerprint_minhash_estimates_shingle_overlap(a, b, lo, hi):
    fa = F.fingerprint(Article(doc_id="a", source=Origin(), text=text(a)))
    fb = F.fingerprint(Article(doc_id="b", source=Origin(), text=text(b)))
    assert lo <= F.jaccard(fa.sig, fb.sig) <= hi


@pytest.mark.parametrize("a,b", [("original", "spun")])
def test_fingerprint_anchor_signature_survives_spinning(a, b):
    fa = F.fingerprint(Article(doc_id="a", source=Origin(), text=text(a)))
    fb = F.fingerprint(Article(doc_id="b", source=Origin(), text=text(b)))
    assert F.jaccard(fa.sig, fb.sig) < 0.2  # most shingles changed ...
    assert F.jaccard(fa.anchor_sig, fb.anchor_sig) >= 0.5  # ... names and numbers did not
    shared_bands = set(F.all_band_keys(fa)) & set(F.all_band_keys(fb))
    assert any(b >= F.ANCHOR_BAND_OFFSET for b, _ in shared_bands)


@pytest.mark.parametrize("name", ["original"])
def test_fingerprint_pack_round_trips(name):
    from newstrace.corpus.prints import pack, unpack

    fp = F.fingerprint(Article(doc_id="a", source=Origin(), text=text(name), title="T"))
    back = unpack("a", pack(fp))
    for field in ("sig", "anchor_sig", "terms", "counts", "lead_terms", "lead_counts"):
        assert (getattr(back, field) == getattr(fp, field)).all()
    assert back.keys == fp.keys and back.numbers == fp.numbers and back.names == fp.names


@pytest.mark.parametrize("n", [50_000])
def test_dedup_bounded_on_huge_input(n):
    big = "word " * n
    v = verify_copy(big, big)
    assert v.kind == "copy"  # capped alignment still answers


@pytest.mark.parametrize("n", [0, 1, 3, 400, 5000])
def test_fingerprint_signature_equals_datasketch(n):
    """The numpy signature is datasketch's MinHash, value for value (same permutations, same scheme)."""
    import numpy as np

    hashes = np.random.default_rng(n).integers(0, 2**32, size=n, dtype=np.uint64)
    for anchors in (False, True):
        assert (F.signature(hashes, anchors=anchors) == F.minhash(hashes, anchors=anchors).hashvalues.astype(np.uint32)).all()
