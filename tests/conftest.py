from __future__ import annotations

import gc
import sys
from collections.abc import Generator
from typing import TYPE_CHECKING

# Keep compiled test and package modules between runs even where PYTHONDONTWRITEBYTECODE is set (as on
# this project's build machines): pytest's assertion rewriting and the imports cost the quick loop about
# 2.5 s a run otherwise. The files go to __pycache__ folders, which git ignores.
sys.dont_write_bytecode = False

import pytest  # noqa: E402

# The package is imported by the test modules (and tests/helpers.py), not here: with pytest-xdist the
# controlling process loads this file too, and never runs a test.
if TYPE_CHECKING:
    from trd_aid.knowledge.models import KnowledgeBase


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Generator[None, object, object]:
    """Collecting imports every module and loads the knowledge base, and all of it lives until the end.
    The cyclic garbage collector is off meanwhile, then those objects are frozen (`gc.freeze`), so that no
    later collection walks them again: a full collection then costs milliseconds, not a tenth of a
    second, and the collector's share of a one-process run falls from about 12% to 7%."""
    gc.disable()
    try:
        return (yield)
    finally:
        gc.freeze()
        gc.enable()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    from trd_aid.knowledge import load_knowledge

    return load_knowledge()


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stable Rich output in CliRunner: no colour, a fixed width, no forced terminal."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
