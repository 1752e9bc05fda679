from __future__ import annotations

from typing import Any

import pytest

from trd_aid.inputs.history import HistoryInput
from trd_aid.inputs.reading import validate_history
from trd_aid.knowledge import load_knowledge
from trd_aid.knowledge.models import KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


def history(*trials: dict[str, Any], **extra: Any) -> HistoryInput:
    """A validated history from compact trial mappings; adherence defaults to good."""
    return validate_history({"trials": [{"adherence": "good", **t} for t in trials], **extra}, "test")


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stable Rich output in CliRunner: no colour, a fixed width, no forced terminal."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
