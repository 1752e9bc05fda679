from __future__ import annotations

import functools

import pytest
import typer.main
import typer.testing

from trd_aid.knowledge import load_knowledge
from trd_aid.knowledge.models import KnowledgeBase

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
