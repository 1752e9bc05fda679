"""Helpers shared by the tests: build a history, write a file, run the CLI in-process."""

from __future__ import annotations

import functools
import json
import pickle
from pathlib import Path
from typing import Any

import typer.main
import typer.testing
import yaml
from typer.testing import CliRunner

from trd_aid.cli import app
from trd_aid.inputs.history import HistoryInput
from trd_aid.inputs.reading import validate_history
from trd_aid.knowledge import data_path

# Typer's CliRunner turns the app into a Click command again for every invoke (~12 ms of the ~30 ms a
# `check --json` takes in-process); the command is the same each time, so the tests build it once.
# Every test module is imported (collected) before any test runs, so this holds for all of them.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]

runner = CliRunner()


@functools.cache
def _parsed_knowledge() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: this runs at collection
    data: dict[str, Any] = yaml.load(data_path().read_text(encoding="utf-8"), Loader=loader)
    return data


def knowledge_data() -> dict[str, Any]:
    """A fresh copy of data/treatments.yaml as parsed data, parsed once per test run: break it freely."""
    copied: dict[str, Any] = pickle.loads(_pickled_knowledge())  # a deep copy, ten times faster than deepcopy
    return copied


@functools.cache
def _pickled_knowledge() -> bytes:
    return pickle.dumps(_parsed_knowledge())


def history(*trials: dict[str, Any], **extra: Any) -> HistoryInput:
    """A validated history from compact trial mappings; adherence defaults to good."""
    return validate_history({"trials": [{"adherence": "good", **t} for t in trials], **extra}, "test")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """`trd-aid ARGS` through Typer's CliRunner: (exit code, stdout, stderr)."""
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "history.yaml") -> str:
    """Write `text` to a file in `tmp_path` and return its path as a string."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def in_order(text: str, *parts: str) -> None:
    """Assert that each part appears in `text`, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at}"
        at = found + len(part)


@functools.cache
def schema_validator(name: str) -> Any:
    """A validator for a published schema (docs/schema/NAME.schema.json), built once per run.

    `jsonschema.validate` checks the schema itself against the meta-schema on every call (a quarter of
    a second here); `test_every_published_schema_is_a_valid_schema` does that once instead.
    """
    import jsonschema

    from trd_aid.render.json_schema import SCHEMA_DIR

    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade of `text` (textstat, pinned in the test extras). Imported here, on first
    use, because importing textstat takes about 0.4 s, which every test worker would pay at collection."""
    import textstat  # type: ignore[import-untyped]

    return float(textstat.flesch_kincaid_grade(text))
