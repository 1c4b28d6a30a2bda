"""The import graph of ``newstrace`` has no cycles: arrows only point down.

Built with grimp (every ``import`` statement, at module level and inside functions: a lazy import
that dodges a cycle at run time is still a cycle). Checked twice: between modules, and between
the package's parts (subpackages such as ``store`` or ``corpus``, and top-level modules such as
``ingest``), where ``store -> ingest -> engines -> store`` was a cycle no single module showed.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

grimp = pytest.importorskip("grimp")

# Upward imports still in the code, each with the part that owns it and what would remove it. The
# tests take these edges out and require the rest of the graph to be acyclic (so any NEW cycle
# fails), and require each listed edge to still exist (so a fixed one must leave the list).
KNOWN_UPWARD: dict[tuple[str, str], str] = {}  # empty: every upward import has been removed


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("newstrace", cache_dir=None)


def _edges(graph) -> dict[str, set[str]]:
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    for a, b in KNOWN_UPWARD:
        edges.get(a, set()).discard(b)
    return edges


def test_import_graph_known_upward_edges_still_exist(graph):
    gone = [(a, b) for a, b in sorted(KNOWN_UPWARD)
            if a not in graph.modules or b not in graph.find_modules_directly_imported_by(a)]
    assert not gone, f"{gone} are gone: remove them from KNOWN_UPWARD"


def _cycles(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on_stack.discard(x)
                    comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def _explain(comp: list[str], edges: dict[str, set[str]], detail) -> str:
    lines = [" <-> ".join(comp)]
    for a in comp:
        for b in sorted(edges.get(a, ())):
            if b in comp:
                lines.append(f"  {a} -> {b}: {detail(a, b)}")
    return "\n".join(lines)


@pytest.mark.parametrize("level", ["module"])
def test_import_graph_no_module_cycles(graph, level):
    edges = _edges(graph)
    cycles = _cycles(set(graph.modules), edges)
    assert not cycles, "import cycles:\n" + "\n".join(_explain(c, edges, lambda a, b: "") for c in cycles)


def _part(module: str) -> str:
    return ".".join(module.split(".")[:2])


@pytest.mark.parametrize("level", ["part"])
def test_import_graph_no_cycles_between_parts(graph, level):
    edges: dict[str, set[str]] = defaultdict(set)
    via: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, targets in _edges(graph).items():
        for b in targets:
            pa, pb = _part(a), _part(b)
            if pa != pb and pb != "newstrace":
                edges[pa].add(pb)
                via[(pa, pb)].append(f"{a} -> {b}")
    cycles = _cycles({_part(m) for m in graph.modules}, edges)
    assert not cycles, "cycles between parts of the package:\n" + "\n".join(
        _explain(c, edges, lambda a, b: "; ".join(sorted(via[(a, b)]))) for c in cycles)


@pytest.mark.parametrize("case", ["a cycle", "no cycle"])
def test_import_graph_cycle_finder_finds_cycles(case):
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"} if case == "a cycle" else set()}
    assert _cycles({"a", "b", "c"}, edges) == ([["a", "b", "c"]] if case == "a cycle" else [])


def test_import_graph_store_hooks_installed_by_any_import(tmp_path):
    """The store's ingest/export/corrections come from above (store/hooks.py), installed by the package's
    API whenever any part of newstrace is imported, so a bare ``SQLiteStore`` still has them."""
    import subprocess
    import sys

    code = ("from newstrace.store.sqlite import SQLiteStore\n"
            "from newstrace.store import hooks\n"
            "print(sorted(hooks._HOOKS))\n"
            f"with SQLiteStore({str(tmp_path / 'x.db')!r}) as s:\n"
            "    print(s.export('jsonl', " + repr(str(tmp_path / 'out.jsonl')) + "))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[:2] == ["['export', 'ingest', 'overlay']", "0"]


def test_import_graph_store_hooks_reject_unknown_names():
    from newstrace.store import hooks

    with pytest.raises(ValueError):
        hooks.install(serve=lambda: None)
