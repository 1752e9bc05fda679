from __future__ import annotations

import functools
import sys

# Keep compiled test and package modules between runs even where PYTHONDONTWRITEBYTECODE is set (as on
# this project's build machines): pytest's assertion rewriting and the imports cost the quick loop about
# 2.5 s a run otherwise. The files go to __pycache__ folders, which git ignores.
sys.dont_write_bytecode = False

import pytest  # noqa: E402
import typer.main  # noqa: E402
import typer.testing  # noqa: E402

from trd_aid.knowledge import load_knowledge  # noqa: E402
from trd_aid.knowledge.models import KnowledgeBase  # noqa: E402

# Typer's CliRunner turns the app into a Click command again for every invoke (~12 ms of the ~30 ms a
# `check --json` takes in-process); the command is the same each time, so the tests build it once.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stable Rich output in CliRunner: no colour, a fixed width, no forced terminal."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
