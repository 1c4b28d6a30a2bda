"""Build the package's derived data files at install time (``make install`` runs this).

Each builder reads only installed packages (no network) and writes under ``newstrace/data/``.
"""

from __future__ import annotations

BUILDERS: list[tuple[str, str]] = [
    # (module, function) run in order; each is idempotent and skips when its output is fresh.
    ("newstrace.geo.build", "build_gazetteer"),
]


def main() -> None:
    import importlib

    for module, func in BUILDERS:
        getattr(importlib.import_module(module), func)()


if __name__ == "__main__":
    main()
