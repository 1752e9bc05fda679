"""The wheel carries the knowledge base and the example: a non-editable install works from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return next(out.glob("trd_aid-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed (not editable) into its own folder, shared by the tests below."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return target


def test_wheel_contains_the_data(wheel: Path) -> None:
    from trd_aid.knowledge.compiled import compiled_data

    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    assert "trd_aid/data/treatments.yaml" in names
    yaml_text = archive.read("trd_aid/data/treatments.yaml").decode("utf-8")
    json_text = archive.read("trd_aid/data/treatments.json").decode("utf-8")
    assert compiled_data(json_text, yaml_text) is not None, "the build hook ships a current JSON copy"
    assert "trd_aid/examples/history.yaml" in names
    assert {"trd_aid/data/learn.yaml", "trd_aid/data/quiz.yaml"} <= set(names)
    assert {"trd_aid/templates/report.html.j2", "trd_aid/templates/report.md.j2"} <= set(names)


def test_installed_wheel_runs_the_example_from_another_folder(installed: Path, tmp_path: Path) -> None:
    target = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import trd_aid.cli, sys; print(trd_aid.cli.__file__, file=sys.stderr); trd_aid.cli.main()",
            "check",
            "--example",
            "--json",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(str(target)), "the installed copy, not the source tree, must run"
    assert json.loads(result.stdout)["meets_definition"] is True


def test_installed_wheel_runs_stage_learn_quiz_options_and_report(installed: Path, tmp_path: Path) -> None:
    target = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1", "COLUMNS": "100"}

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        code = "import trd_aid.cli, sys; assert trd_aid.cli.__file__.startswith(sys.argv.pop(1)); trd_aid.cli.main()"
        return subprocess.run(
            [sys.executable, "-c", code, str(target), *args],
            cwd=elsewhere,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )

    staged = run("stage", "--example", "--json")
    assert staged.returncode == 0, staged.stderr
    assert json.loads(staged.stdout)["maudsley"]["band"] == "moderate"
    learned = run("learn", "adequate-dose")
    assert learned.returncode == 0 and "Worked example" in learned.stdout, learned.stderr
    quizzed = run("quiz", "--seed", "1", "--count", "1", stdin="1\nno\n")
    assert quizzed.returncode == 0 and "Score: " in quizzed.stdout, quizzed.stderr
    options = run("options", "--country", "UK")
    assert options.returncode == 0 and "Next steps that guidelines describe" in options.stdout, options.stderr
    reported = run("check", "--example", "--report", "summary.html")
    assert reported.returncode == 0, reported.stderr
    assert "<!DOCTYPE html>" in (elsewhere / "summary.html").read_text(encoding="utf-8")
