"""Fingerprints and term statistics as the store keeps them: packed to bytes and back.

The store (``store/linking.py``) holds the corpus tables and imports nothing from this layer, so
a ``Fingerprint`` and the ``DocFreq`` cross its interface as bytes; packing them is this
module's job.
"""

from __future__ import annotations

import json
import struct

import numpy as np

from ..store import linking
from .fingerprint import Fingerprint, all_band_keys
from .similarity import DocFreq

_HEAD = struct.Struct("<I")
_ARRAYS = (("sig", np.uint32), ("anchor_sig", np.uint32), ("terms", np.uint32), ("counts", np.uint16),
           ("lead_terms", np.uint32), ("lead_counts", np.uint16))


def pack(fp: Fingerprint) -> bytes:
    """A Fingerprint as bytes: a JSON header (metadata, array lengths) then the raw arrays."""
    arrays = [getattr(fp, name) for name, _ in _ARRAYS]
    head = {"keys": fp.keys, "numbers": fp.numbers, "names": fp.names, "n_words": fp.n_words, "spun": fp.spun,
            "lens": [-1 if a is None else len(a) for a in arrays]}
    hb = json.dumps(head, ensure_ascii=False).encode("utf-8")
    body = b"".join(np.ascontiguousarray(a, dtype=dt).tobytes() for a, (_, dt) in zip(arrays, _ARRAYS) if a is not None)
    return _HEAD.pack(len(hb)) + hb + body


def unpack(doc_id: str, blob: bytes, *, published=None, day=None, outlet=None, title=None) -> Fingerprint:
    (n,) = _HEAD.unpack_from(blob)
    head = json.loads(blob[4:4 + n].decode("utf-8"))
    pos = 4 + n
    arrays = {}
    for (name, dt), ln in zip(_ARRAYS, head["lens"]):
        if ln < 0:
            arrays[name] = None
            continue
        size = np.dtype(dt).itemsize * ln
        arrays[name] = np.frombuffer(blob[pos:pos + size], dtype=dt).copy()
        pos += size
    return Fingerprint(doc_id=doc_id, keys=head["keys"], numbers=head["numbers"], names=head["names"],
                       n_words=head["n_words"], spun=head.get("spun", 0.0), published=published, day=day,
                       outlet=outlet, title=title, **arrays)


def save_fingerprint(c, fp: Fingerprint) -> None:
    """Store a fingerprint with its LSH band keys and story keys (inside the caller's transaction)."""
    linking.save_print(c, fp.doc_id, fp.published, fp.day, fp.outlet, fp.title, pack(fp), all_band_keys(fp), fp.keys)


def load_fingerprints(store, doc_ids: list[str]) -> dict[str, Fingerprint]:
    return {d: unpack(d, data, published=p, day=day, outlet=o, title=t)
            for d, p, day, o, t, data in linking.print_rows(store, doc_ids)}


def load_docfreq(store) -> DocFreq:
    data = linking.docfreq_bytes(store)
    return DocFreq.from_bytes(data) if data is not None else DocFreq()


def save_docfreq(c, df: DocFreq) -> None:
    linking.save_docfreq(c, df.to_bytes())
