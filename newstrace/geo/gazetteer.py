"""The read-only gazetteer: normalised name -> candidate places, from the SQLite index.

Load once per process with ``ctx.resource("gazetteer", load_gazetteer)``. Opening the index
is a file open (milliseconds); lookups go through SQLite's B-tree on the name, so memory stays
at SQLite's page cache plus the small per-process caches below.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .build import (
    DB_PATH,
    LEVEL_ADMIN1,
    LEVEL_ADMIN2,
    LEVEL_CITY,
    LEVEL_CONTINENT,
    LEVEL_COUNTRY,
    NAME_ABBR,
    NAME_ALT,
    NAME_MAIN,
    build_gazetteer,
    is_fresh,
)
from .names import normalise, respells

MAX_CANDIDATES = 25  # per name: the 25 most populous are plenty to rank; bounds work on "San José"
PAGE_CACHE_KIB = 48 * 1024  # SQLite page cache per connection: above the index's ~32 MB
LOOKUP_CACHE = 20_000  # names remembered per process (each a short list of small records)

FEATURE = {LEVEL_CONTINENT: "other", LEVEL_COUNTRY: "country", LEVEL_ADMIN1: "region",
           LEVEL_ADMIN2: "region", LEVEL_CITY: "city"}
PRECISION = {LEVEL_CONTINENT: "continent", LEVEL_COUNTRY: "country", LEVEL_ADMIN1: "admin1",
             LEVEL_ADMIN2: "admin2", LEVEL_CITY: "city"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One candidate place for a name."""

    gid: int
    name: str
    lat: float
    lon: float
    cc: str | None
    admin1: str | None
    admin1_gid: int | None
    admin2_gid: int | None
    level: int
    population: int
    is_capital: bool
    kind: int  # how the name matched: 0 main name, 1 alternate, 2 abbreviation

    @property
    def feature(self) -> str:
        return FEATURE[self.level]

    @property
    def precision(self) -> str:
        return PRECISION[self.level]


_COLS = "p.gid, p.name, p.lat, p.lon, p.cc, p.admin1, p.admin1_gid, p.admin2_gid, p.level, p.population, p.is_capital"


class Gazetteer:
    """Name lookups over the index. Thread-safe (one connection per thread)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._local = threading.local()
        con = self._con()
        self.admin1_names = dict(con.execute("SELECT gid, name FROM admin_name WHERE level = ?", (LEVEL_ADMIN1,)))
        self.countries: dict[str, Entry] = {}
        for row in con.execute(f"SELECT {_COLS}, 0 FROM place p WHERE p.gid IN "
                               "(SELECT gid FROM admin_name WHERE level = ?)", (LEVEL_COUNTRY,)):
            e = self._entry(row)
            self.countries[e.cc] = e
        self.lookup = lru_cache(maxsize=LOOKUP_CACHE)(self._lookup)

    def _entry(self, r) -> Entry:
        return Entry(r[0], r[1], r[2], r[3], r[4], self.admin1_names.get(r[6]), r[6], r[7], r[8], r[9],
                     bool(r[10]), r[11])

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        # A connection must not cross a fork (Dask and multiprocessing workers): reopen per process.
        if con is None or getattr(self._local, "pid", None) != os.getpid():
            # immutable=1: no locking or change checks, the file never changes while we read it
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            # Keep every page read in this process's own cache (the whole index fits): under memory
            # pressure the OS drops file pages and each lookup would go back to disk.
            con.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
            self._local.con, self._local.pid = con, os.getpid()
        return con

    def __getstate__(self) -> dict:
        return {"path": str(self.path)}  # ship the path to a worker, never a connection

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])

    def _lookup(self, norm: str) -> tuple[Entry, ...]:
        rows = self._con().execute(
            f"SELECT {_COLS}, MIN(n.kind) FROM name n JOIN place p ON p.gid = n.gid WHERE n.norm = ? "
            "GROUP BY p.gid ORDER BY p.population DESC LIMIT ?",
            (norm, MAX_CANDIDATES),
        ).fetchall()
        return tuple(self._entry(r) for r in rows)

    def candidates(self, name: str, *, abbreviations: bool = False) -> tuple[Entry, ...]:
        """Places called ``name`` (any spelling the index knows), most populous first."""
        found = self.lookup(normalise(name))
        if not abbreviations:
            found = tuple(e for e in found if e.kind != NAME_ABBR)
        return found

    def has(self, name: str) -> bool:
        return bool(self.candidates(name))

    def get(self, gid: int) -> Entry | None:
        row = self._con().execute(f"SELECT {_COLS}, 0 FROM place p WHERE p.gid = ?", (gid,)).fetchone()
        return self._entry(row) if row else None

    def names(self, gid: int) -> list[tuple[str, int]]:
        """Every (normalised name, kind) the index knows for one place, main name first."""
        return self._con().execute("SELECT norm, kind FROM name WHERE gid = ? ORDER BY kind, norm", (gid,)).fetchall()

    def country(self, cc: str | None) -> Entry | None:
        return self.countries.get(cc) if cc else None

    def country_names(self) -> Iterable[tuple[str, str]]:
        """(name, ISO2) for every name of every country: feeds the demonym table."""
        return self._con().execute("SELECT norm, cc FROM country_name").fetchall()


def is_own_name(e: Entry, query: str | None) -> bool:
    """The name is the place's own (main) name, a respelling of it, or its first words: "Sloviansk" is
    Slovyansk's own name in another romanisation, "Newcastle" Newcastle upon Tyne's short form, while
    Nikopol only lists "Sloviansk" among its alternate names."""
    if e.kind == NAME_MAIN:
        return True
    if query is None or e.kind != NAME_ALT or e.level != LEVEL_CITY:
        return False
    own = normalise(e.name)
    return respells(query, own) or own.startswith(query + " ")


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Open the index, building it first when missing or stale (a fresh clone, a new build rule)."""
    path = Path(path or DB_PATH)
    if not is_fresh(path):
        build_gazetteer(path)
    return Gazetteer(path)
