"""No SQL outside the store package: the store is an interface, not a SQL library.

Every module of ``newstrace`` outside ``newstrace/store/`` is parsed (AST, so comments and prose
never count) and fails when it

- calls ``.execute``, ``.executemany``, ``.executescript`` or ``.cursor`` on anything, or opens a
  database with ``sqlite3.connect`` (or ``connect`` imported from sqlite3);
- holds a string that is a SQL statement (``SELECT ...``, ``INSERT INTO ...``, ``PRAGMA ...``; an
  f-string's literal parts too): SQL handed to ``store.read`` is SQL outside the store all the same.

Documented exceptions:

- ``newstrace/geo/`` builds and reads the packaged gazetteer (``newstrace/data/gazetteer.sqlite``),
  a read-only data file made from installed packages at install time. It is not the store (no
  article, link or desk table; never written at run time), the way a model file read by the stance
  stage is not; its SQL stays beside the code that builds its schema.
- KNOWN_OFFENDERS: modules still to move, each with what removes it. The test requires each to
  still offend, so a fixed one must leave the list.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newstrace"
STORE = PACKAGE / "store"
NOT_THE_STORE = (PACKAGE / "geo",)  # the packaged gazetteer: see the module docstring
KNOWN_OFFENDERS: dict[str, str] = {}  # empty: corpus/stories.py, the last one, writes through store/stories.py
DB_CALLS = {"execute", "executemany", "executescript", "cursor"}
# A statement, not prose: an upper-case SQL verb followed by what that verb takes.
SQL = re.compile(r"""^\s*(?:SELECT\s+(?:[\d*(]|.*\b(?:FROM|WHERE)\b)|INSERT\s+(?:OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s
                 |DELETE\s+FROM\s|PRAGMA\s+\w|CREATE\s+(?:TABLE|INDEX|VIEW|TRIGGER|VIRTUAL|UNIQUE)\s|DROP\s+(?:TABLE|INDEX)\s
                 |ALTER\s+TABLE\s|WITH\s+(?:RECURSIVE\s+)?\w+\s+AS\s*\(|REPLACE\s+INTO\s|VACUUM\b|BEGIN\b)""", re.S | re.X)


def offences(source: str) -> list[tuple[int, str]]:
    """``(line, what)`` of each database call and SQL statement in ``source``."""
    tree = ast.parse(source)
    connect_names = {a.asname or a.name for n in ast.walk(tree)
                     if isinstance(n, ast.ImportFrom) and n.module == "sqlite3" for a in n.names if a.name == "connect"}
    out = []
    in_fstrings = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for n in ast.walk(tree):
        if isinstance(n, ast.JoinedStr):  # an f-string: its literal parts with a stand-in for each value
            text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in n.values)
            if SQL.match(text):
                out.append((n.lineno, "SQL " + " ".join(text.split())[:50]))
            continue
        if isinstance(n, ast.Call):
            f = n.func
            if isinstance(f, ast.Attribute) and f.attr in DB_CALLS:
                out.append((n.lineno, f".{f.attr}()"))
            elif (isinstance(f, ast.Attribute) and f.attr == "connect" and isinstance(f.value, ast.Name)
                  and f.value.id == "sqlite3") or (isinstance(f, ast.Name) and f.id in connect_names):
                out.append((n.lineno, "sqlite3.connect()"))
        elif (isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in in_fstrings
              and SQL.match(n.value)):
            out.append((n.lineno, "SQL " + " ".join(n.value.split())[:50]))
    return sorted(out)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if STORE not in p.parents and not any(d in p.parents for d in NOT_THE_STORE))


def _rel(p: Path) -> str:
    return p.relative_to(PACKAGE).as_posix()


@pytest.mark.parametrize("source, found", [
    ("c.execute('SELECT 1')", 2),  # the call and the statement
    ("store.read('SELECT json FROM articles WHERE doc_id = ?', (d,))", 1),
    ("store.read(f'PRAGMA cache_size = {n}')", 1),
    ("conn = sqlite3.connect(path)", 1),
    ("from sqlite3 import connect as k\nk(path)", 1),
    ("cur = conn.cursor()", 1),
    ("c.executemany(sql, rows)", 1),
    ("q = ('DELETE FROM links WHERE doc_id = ?')", 1),
    ("x = 'Select the outlet; update the page, delete nothing.'", 0),  # prose is not SQL
    ("q = \"\"\"SELECT doc_id,\n  title\nFROM articles\"\"\"", 1),  # a statement over several lines
    ("linking.save_link(c, a, b, 'copy', 0.9, [])", 0),
    ("'''SELECT statements live in the store.'''", 0),
    ("store.read(f'SELECT {cols} FROM place WHERE gid = ?', (g,))", 1),
    ("f'Select {n} articles'", 0),
])
def test_no_sql_outside_store_checker_finds_calls_and_statements(source, found):
    assert len(offences(source)) == found


def test_no_sql_outside_store_package():
    bad = {}
    for p in _modules():
        if _rel(p) in KNOWN_OFFENDERS:
            continue
        hits = offences(p.read_text(encoding="utf-8"))
        if hits:
            bad[_rel(p)] = hits
    assert not bad, f"SQL outside newstrace/store/ (add a store function instead): {bad}"


def test_no_sql_outside_store_known_offenders_still_offend():
    clean = [path for path in sorted(KNOWN_OFFENDERS)
             if not (PACKAGE / path).exists() or not offences((PACKAGE / path).read_text(encoding="utf-8"))]
    assert not clean, f"{clean} are clean: remove them from KNOWN_OFFENDERS"


def test_no_sql_outside_store_exception_is_the_gazetteer_only():
    """The exempt folder's statements name gazetteer tables only, never one of the store's."""
    store_tables = re.compile(r"\b(?:articles\w*|links|claim_links|stories|story_members|corpus_\w+|desk_\w+|"
                              r"ingest_\w+|event_\w+|merged_events|counters|facets?)\b")
    seen = 0
    for d in NOT_THE_STORE:
        for p in d.rglob("*.py"):
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL.match(n.value):
                    seen += 1
                    assert not store_tables.search(n.value), (_rel(p), n.lineno, n.value[:80])
    assert seen  # the exception is still needed; drop it from NOT_THE_STORE when it is not


def test_no_sql_outside_store_corpus_store_is_gone():
    """``corpus/store.py`` moved to ``store/linking.py`` (statements) and ``corpus/prints.py`` (packing)."""
    assert not (PACKAGE / "corpus" / "store.py").exists()
