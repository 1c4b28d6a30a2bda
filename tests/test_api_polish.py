"""The Python API: explicit text / file / batch analysis, to_dict on every model object, span text,
a pinned __all__ that shadows no builtin, py.typed."""

from __future__ import annotations

import builtins
import dataclasses
from pathlib import Path

import pytest

import newstrace
from newstrace import model, serialize
from newstrace.model import InputFailure

TEXT = ("Officials in Kherson said on Monday that two ferries had resumed crossings on the Dnipro. "
        '"The river is open again," the port director Ivan Marchuk told reporters.')

PINNED_ALL = ["Article", "InputError", "NewstraceError", "Settings", "StageError", "StoreError", "UsageError",
              "__version__", "analyze", "analyze_file", "analyze_many", "analyze_paths", "analyze_text", "claim",
              "link", "links", "open_store", "origin", "stance", "stories", "story", "timeline"]


def test_api_polish_all_is_pinned_and_shadows_no_builtin():
    assert newstrace.__all__ == PINNED_ALL
    assert not set(newstrace.__all__) & set(dir(builtins))
    ns: dict = {}
    exec("from newstrace import *", ns)  # noqa: S102 - the star import is what is under test
    assert "open" not in ns and ns["open_store"] is newstrace.open_store
    assert newstrace.open is newstrace.open_store  # still reachable as an attribute


def test_api_polish_py_typed_shipped():
    root = Path(newstrace.__file__).parent
    assert (root / "py.typed").is_file()
    pyproject = (root.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"py.typed"' in pyproject


def test_api_polish_analyze_text_never_reads_a_file(ctx, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "Officials in Kherson said on Monday that the ferries had resumed crossings on the Dnipro, he said."
    (tmp_path / name).write_text(TEXT, encoding="utf-8")
    assert newstrace.analyze_text(name, ctx=ctx).text == name  # a text, even when a file has that name
    assert newstrace.analyze_file(name, ctx=ctx).text.startswith("Officials in Kherson said on Monday that two")
    assert newstrace.analyze(name, ctx=ctx).text.startswith("Officials in Kherson said on Monday that two")
    with pytest.raises(newstrace.UsageError):
        newstrace.analyze_text(tmp_path / name, ctx=ctx)


def test_api_polish_analyze_sugar_documented_dispatch(ctx, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    assert newstrace.analyze(p, ctx=ctx).text == newstrace.analyze_file(p, ctx=ctx).text
    assert newstrace.analyze(TEXT, ctx=ctx, outlet="Test Wire").source.outlet == "Test Wire"


def test_api_polish_analyze_file_missing_raises_input_error(ctx, tmp_path):
    with pytest.raises(newstrace.InputError):
        newstrace.analyze_file(tmp_path / "nope.txt", ctx=ctx)


def test_api_polish_analyze_many_in_order_failures_in_place(ctx):
    texts = [TEXT, "", ("Kyiv said on Tuesday that the bridge was closed.", {"outlet": "Own"})]
    out = newstrace.analyze_many(texts, ctx=ctx, outlet="Shared")
    assert len(out) == 3
    assert out[0].text.startswith("Officials") and out[0].source.outlet == "Shared"
    assert isinstance(out[1], InputFailure)
    assert out[2].source.outlet == "Own"
    single = newstrace.analyze_text(TEXT, ctx=ctx, outlet="Shared")
    assert serialize.to_dict(out[0]) == serialize.to_dict(single)  # a batch gives what one call gives


def _model_classes():
    return [v for v in vars(model).values()
            if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == model.__name__]


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_api_polish_every_model_class_has_to_dict(cls):
    assert callable(getattr(cls, "to_dict", None))


def test_api_polish_to_dict_and_span_text(ctx):
    art = newstrace.analyze_text(TEXT, ctx=ctx)
    d = art.to_dict()
    assert d == serialize.to_dict(art)
    assert art.quotes and art.entities
    q = art.quotes[0]
    qd = q.to_dict(art)
    assert qd == d["quotes"][0]
    assert qd["content"]["text"] == q.content.text_in(art) == art.span_text(q.content)
    e = art.entities[0]
    assert e.text_in(art) == art.text[e.start:e.end] == e.to_dict(art.text)["text"]
    assert "text" not in e.to_dict()  # no article, no text: offsets are the truth
    with pytest.raises(AttributeError):
        art.source.text_in(art)


def test_api_polish_span_text_property(ctx):
    """`.text` on every span of an analysed, stored-and-read-back or pickled article; a hand-made span refuses."""
    import pickle

    from newstrace.model import Span

    art = newstrace.analyze_text(TEXT, ctx=ctx)
    again = serialize.from_json(serialize.to_json(art))
    copied = pickle.loads(pickle.dumps(art))
    for a in (art, again, copied):
        spans = list(serialize.iter_spans(a))
        assert len(spans) > 5
        for s in spans:
            assert s.text == art.text[s.start:s.end]
    assert art.entities[0].text == art.to_dict()["entities"][0]["text"]
    with pytest.raises(AttributeError, match="not bound"):
        Span(0, 3).text
    assert "text" not in {f for f in art.entities[0].to_dict()}  # not a field: never written without the article


# -- CLI polish: every command has -q/--verbose, flags print as flags --------------------------------

def _commands():
    import typer.main

    from newstrace.cli import app

    group = typer.main.get_command(app)
    names = []
    for name, cmd in sorted(group.commands.items()):
        names.append(name)
        names += [f"{name} {sub}" for sub in sorted(getattr(cmd, "commands", {}))]
    return group, names


@pytest.mark.parametrize("name", _commands()[1])
def test_api_polish_cli_quiet_verbose_and_flags_in_help(name):
    from typer.testing import CliRunner

    from newstrace.cli import app

    group, _ = _commands()
    cmd = group
    for part in name.split():
        cmd = cmd.commands[part]
    result = CliRunner().invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    if hasattr(cmd, "commands"):  # a group (users): each of its subcommands is a case of its own
        return
    opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
    assert {"-q", "--quiet", "--verbose"} <= opts, name
    quiet = next(p for p in cmd.params if "--quiet" in p.opts)
    if "-q" not in quiet.opts:  # only when the command gave -q to another option first (watch: --query)
        assert any("-q" in p.opts for p in cmd.params if p is not quiet)
    assert "<bool>" not in result.output
    heads = [x.strip().split("  ")[0].replace(",", " ").split() for x in result.output.splitlines()]
    for p in cmd.params:
        if getattr(p, "is_flag", False):
            head = next(h for h in heads if p.opts[-1] in h)
            assert not head[-1].endswith(">"), head  # a flag takes no value


def test_api_polish_cli_quiet_sets_logging(tmp_path):
    import logging

    from typer.testing import CliRunner

    from newstrace.cli import app
    from newstrace.cli.common import is_quiet, is_verbose

    db = str(tmp_path / "s.db")
    import newstrace as nt

    with nt.open_store(db) as s:
        s.put(__import__("_exports_store").article_a())
    r = CliRunner().invoke(app, ["stats", "--db", db, "-v"])
    assert r.exit_code == 0, r.output
    assert is_verbose() and logging.getLogger("newstrace").level == logging.INFO
    r = CliRunner().invoke(app, ["stats", "--db", db, "--quiet"])
    assert r.exit_code == 0 and is_quiet() and logging.getLogger("newstrace").level == logging.ERROR


@pytest.mark.parametrize("command", ["quotes", "claims", "places", "timeline"])
def test_api_polish_cli_json_doc_id_at_top_level(tmp_path, command):
    import json

    from typer.testing import CliRunner

    import _exports_store as X
    from newstrace.cli import app

    db = str(tmp_path / "s.db")
    X.build(db).close()
    r = CliRunner().invoke(app, [command, "--json", "--db", db])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert rows, command
    assert all(row.get("doc_id") in (X.DOC_A, X.DOC_B) for row in rows), rows[0]


def test_api_polish_export_and_report_through_api(tmp_path):
    import csv

    import _exports_store as X
    from newstrace import api

    store = X.build(str(tmp_path / "s.db"))
    try:
        counts = api.export(store, "csv", tmp_path / "q.csv", tables=["quotes"], outlet="Danube Herald")
        assert counts == {"quotes": 1}
        with (tmp_path / "q.csv").open(encoding="utf-8", newline="") as fh:
            assert [r["doc_id"] for r in csv.DictReader(fh)] == [X.DOC_A]
        md = api.report(store, "claim", "cl-izmail-12")
        assert md.startswith("# Claim report") and "unproven" in md
        with pytest.raises(newstrace.UsageError):
            api.report(store, "claim", "cl-izmail-12", fmt="pdf")
    finally:
        store.close()
