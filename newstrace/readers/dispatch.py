"""(PLACEHOLDER being replaced by the readers work: plain UTF-8 text files only.)"""

from __future__ import annotations

import os

from ..model import InputFailure, Origin, RawDocument


def read_text(text: str, **metadata) -> RawDocument:
    src = Origin(path=metadata.get("path"), url=metadata.get("url"), outlet=metadata.get("outlet"), format="text")
    return RawDocument(text=text, source=src, title=metadata.get("title"), published=metadata.get("published"),
                       language=metadata.get("language"))


def read_paths(paths, settings):
    for p in paths:
        files = [os.path.join(d, f) for d, _, fs in os.walk(p) for f in sorted(fs)] if os.path.isdir(p) else [p]
        for f in files:
            try:
                with open(f, encoding="utf-8") as fh:
                    yield read_text(fh.read(), path=f)
            except (OSError, UnicodeDecodeError) as e:
                yield InputFailure(f, "NT100", str(e))
