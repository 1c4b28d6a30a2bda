"""Shared fixtures. Heavy models load once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def ctx():
    from newstrace.pipeline import Context
    from newstrace.settings import Settings

    return Context(Settings())


@pytest.fixture(scope="session")
def nlp(ctx):
    return ctx.nlp


@pytest.fixture(scope="session")
def seeds_dir():
    d = SHARED / "seeds"
    if not d.is_dir():
        pytest.skip("../shared/seeds is absent")
    return d


@pytest.fixture(scope="session")
def shared_bench():
    d = SHARED / "bench"
    if not d.is_dir():
        pytest.skip("../shared/bench is absent")
    return d


@pytest.fixture()
def tmp_db(tmp_path):
    return str(tmp_path / "test.db")
