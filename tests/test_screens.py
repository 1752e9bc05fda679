"""Every human-facing screen fits the width: no line wider than COLUMNS (60 and 80), piped, so the
terminal never breaks a word in the middle. Also the short default of `check`, and the help."""

from __future__ import annotations

import functools
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import typer.main

from tests.helpers import run
from trd_aid.cli import app
from trd_aid.knowledge.learn import load_topics

EXAMPLE = "trd_aid/examples/history.yaml"
INTERVIEW = (
    "\n".join(
        [
            "",
            "Zoloft",
            "150",
            "10 weeks",
            "1",
            "3",  # much better,
            "yes",  # then it stopped helping;
            "yes",  # a medicine was added:
            "aripiprazole",
            "5",
            "6 weeks",  # on sertraline alone first
            "1",  # no real change with it
            "1",
            "no",
            "lithium",
            "900",
            "6 weeks",
            "2",
            "",
            "14 months",
            "2",
            "",
            *([""] * 6),
            "",
            "",
            "",
        ]
    )
    + "\n"
)
SCREENS: list[tuple[str, list[str], str | None]] = [
    ("check", ["check", "--example"], None),
    ("check --detail", ["check", "--example", "--detail"], None),
    ("check -t", ["check", "-t", "Zoloft 100 mg 8 weeks no response", "-t", "venlafaxine XR 225mg 10w partial"], None),
    ("options", ["options"], None),
    ("options --example --detail", ["options", "--example", "--detail", "--sources"], None),
    ("stage", ["stage", "--example", "--sources"], None),
    ("definitions", ["definitions"], None),
    ("definitions --compare", ["definitions", "--compare", EXAMPLE], None),
    ("drugs", ["drugs"], None),
    ("drugs citalopram", ["drugs", "citalopram"], None),
    ("about", ["about"], None),
    ("learn", ["learn"], None),
    *[(f"learn {t.id}", ["learn", t.id], None) for t in load_topics()],
    ("quiz", ["quiz", "--seed", "1", "--count", "2"], "1\nno\n2\nyes\n"),
    ("interview", ["interview"], INTERVIEW),
]
COMMANDS = ("interview", "check", "options", "stage", "definitions", "learn", "quiz", "drugs", "about")


# Every screen at 60 and 80 columns; the quick loop (-m "not slow") renders the narrower only, which
# is the stricter of the two, and the full run (CI) renders both.
WIDTHS = [60, pytest.param(80, marks=pytest.mark.slow)]


def display_width(line: str) -> int:
    if line.isascii():
        return len(line)
    return sum(2 if ord(ch) >= 0x1100 and unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize(("name", "args", "stdin"), SCREENS, ids=[s[0] for s in SCREENS])
def test_no_line_is_wider_than_the_screen(
    monkeypatch: pytest.MonkeyPatch, columns: int, name: str, args: list[str], stdin: str | None
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = run(*args, stdin=stdin)
    assert code == 0, name
    wide = [line for line in out.splitlines() if display_width(line) > columns]
    assert not wide, f"{name}: {len(wide)} lines wider than {columns}, e.g. {wide[0]!r}"


@functools.cache
def _root_command() -> Any:  # a Click group, as Typer builds it
    return typer.main.get_command(app)


def help_text(command: str | None, columns: int) -> str:
    """The help as a real terminal of this width shows it (CliRunner forces 80 columns)."""
    root = _root_command()
    context = root.make_context("trd-aid", [], terminal_width=columns, resilient_parsing=True)
    if command is None:
        whole: str = root.get_help(context)
        return whole
    sub = root.get_command(context, command)
    assert sub is not None
    text: str = sub.get_help(
        sub.make_context(command, [], parent=context, terminal_width=columns, resilient_parsing=True)
    )
    return text


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_fits_the_screen(columns: int, command: str | None) -> None:
    wide = [line for line in help_text(command, columns).splitlines() if display_width(line) > columns]
    assert not wide, f"{command} --help: {wide[0]!r}"


def test_check_example_is_short_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("check", "--example")
    assert code == 0 and len(out.splitlines()) <= 120


@pytest.mark.parametrize("value", ["0", "", "junk", "-5"])
def test_a_useless_columns_value_falls_back_to_80(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("COLUMNS", value)
    code, out, _ = run("check", "--example")
    assert code == 0 and out.strip()
    assert max(display_width(line) for line in out.splitlines()) <= 80


def test_help_shows_no_python_types_and_cuts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = help_text(None, 100)
    assert not [line for line in out.splitlines() if "..." in line and not line.startswith("Usage:")], "cut"
    assert out.index("interview") < out.index("check "), "patients start with the interview"
    assert "Canada 9-8-8" in " ".join(out.split())
    for command in COMMANDS:
        out = help_text(command, 100)
        assert "<" not in out and "[default: None]" not in out, command
    out = help_text("check", 100)
    assert "PHRASE" in out and "FILE" in out and "--save" not in out


@pytest.mark.parametrize(("count", "words"), [(1, "1 adequate failed trial."), (2, "2 adequate failed trials.")])
def test_plurals(count: int, words: str) -> None:
    trials = ["-t", "sertraline 100 mg 8 weeks no response", "-t", "venlafaxine 225 mg 8 weeks no response"]
    code, out, _ = run("check", *trials[: 2 * count], "--definition", "eu-pearl")
    assert code == 0 and words in " ".join(out.split())
    assert "(s)" not in out


def test_the_readme_shows_what_check_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's excerpt of `check --example` is the real output at 100 columns, elisions aside."""

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- check-example -->\n```text\n", 1)[1].split("\n```", 1)[0]
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run("check", "--example")
    assert code == 0
    printed = [line.rstrip() for line in out.splitlines()]
    shown = [line for line in block.splitlines()[1:] if line.strip() and not line.lstrip().startswith("[...")]
    missing = [line for line in shown if line not in printed]
    assert not missing, f"README excerpt differs from the output: {missing[:3]}"


def test_each_caution_is_said_once_per_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    from trd_aid.engine import assess_history
    from trd_aid.inputs.reading import load_history
    from trd_aid.knowledge import load_knowledge

    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run("check", "--example", "--options")
    assert code == 0
    flat = " ".join(out.split())
    steps = assess_history(load_history(EXAMPLE, []), load_knowledge()).next_steps
    assert steps is not None
    texts = {" ".join(c.text.split()) for o in steps.options if not o.tried for c in o.caveats}
    said_twice = [t for t in texts if flat.count(t) > 1]
    assert not said_twice, said_twice[:2]
    assert "See cautions for this history above" in flat


def test_a_long_screen_goes_through_the_pager_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    from trd_aid.render import screen

    paged = tmp_path / "paged.txt"
    monkeypatch.setenv(
        "PAGER", f"{sys.executable} -c \"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())\""
    )
    code, out, _ = run("check", "--example")  # CliRunner's stdout is not a terminal
    assert code == 0 and "Result: definition met" in out and not paged.exists()
    monkeypatch.setattr(screen, "_is_terminal", lambda stream: True)
    monkeypatch.setenv("LINES", "24")  # the terminal's height, as the console reads it
    code, out, _ = run("check", "--example")
    assert code == 0 and "Result: definition met" in paged.read_text() and "Result" not in out
    paged.unlink()
    code, out, _ = run("check", "--example", "--no-pager")
    assert code == 0 and "Result: definition met" in out and not paged.exists()
    monkeypatch.setenv("PAGER", "")
    code, out, _ = run("check", "--example")
    assert code == 0 and "Result: definition met" in out


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly_with_141() -> None:
    import subprocess
    import sys

    env = {**os.environ, "PAGER": "", "COLUMNS": "80"}
    # PYTHONUNBUFFERED (set on some build machines) makes stdout unbuffered, and then Python drops the
    # rest of a write the reader cut short instead of raising: no program could see the closed pipe.
    env.pop("PYTHONUNBUFFERED", None)
    done = subprocess.run(
        f"{sys.executable} -m trd_aid check --example | head -1", shell=True, capture_output=True, text=True, env=env
    )
    assert done.stdout.startswith("In a crisis") and done.stderr == ""
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import subprocess, sys; "
            # A screen is written at once when it is ready; this one (about 100 KB) is more than a pipe
            # holds, so the reader closes it mid-screen, as `| head` does.
            "p = subprocess.Popen([sys.executable, '-m', 'trd_aid', 'options', '--detail'], stdout=subprocess.PIPE); "
            "p.stdout.read(10); p.stdout.close(); sys.exit(p.wait())",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert child.returncode == 141 and "Traceback" not in child.stderr


@pytest.mark.slow
@pytest.mark.parametrize("columns", [60, 80])
def test_messages_on_a_terminal_wrap_at_words_and_stay_one_line_when_piped(tmp_path: Path, columns: int) -> None:
    """An error or the batch summary on a terminal wraps to its width at spaces; piped, it is one line."""
    import subprocess
    import sys

    import pexpect  # type: ignore[import-untyped]

    (tmp_path / "h.yaml").write_text("trials:\n  - {drug: setraline, dose_mg: 100, weeks: 8, outcome: no_response}\n")
    (tmp_path / "h.jsonl").write_text('{"id": 1, "trials": []}\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env |= {"TERM": "xterm", "NO_COLOR": "1", "PAGER": "", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for args in (["check", "h.yaml"], ["batch", "h.jsonl", "-o", "results-of-the-batch.jsonl"]):
        child = pexpect.spawn(
            sys.executable,
            ["-m", "trd_aid", *args],
            cwd=str(tmp_path),
            env=env,
            encoding="utf-8",
            dimensions=(24, columns),
            timeout=60,
        )
        child.expect(pexpect.EOF)
        child.close()
        lines = child.before.replace("\r\n", "\n").rstrip("\n").split("\n")
        assert len(lines) > 1 and all(len(line) <= columns for line in lines), lines
        (tmp_path / "results-of-the-batch.jsonl").unlink(missing_ok=True)
        piped = subprocess.run(
            [sys.executable, "-m", "trd_aid", *args], cwd=tmp_path, capture_output=True, text=True, env=env
        )
        assert piped.stderr.count("\n") == 1
        assert piped.stderr.split() == " ".join(lines).split()  # the same words, none cut
        (tmp_path / "results-of-the-batch.jsonl").unlink(missing_ok=True)


@pytest.mark.slow
def test_check_json_and_its_errors_never_import_rich_even_on_a_terminal(tmp_path: Path) -> None:
    """`check --json` stays fast: neither the result nor a one-line error on a terminal loads Rich."""
    import subprocess
    import sys

    probe = (
        "import atexit, sys; "
        "atexit.register(lambda: print(any(m == 'rich' or m.startswith('rich.') for m in sys.modules))); "
        "from trd_aid.cli import main; sys.argv = ['trd-aid', *sys.argv[1:]]; main()"
    )
    for args, code in ((["check", "--example", "--json"], 0), (["check", str(tmp_path / "none.yaml"), "--json"], 2)):
        parent, child = os.openpty()
        try:
            done = subprocess.run(
                [sys.executable, "-c", probe, *args], stdout=subprocess.PIPE, stderr=child, text=True, cwd=tmp_path
            )
        finally:
            os.close(child)
            os.close(parent)
        assert done.returncode == code
        assert done.stdout.rstrip().endswith("False"), args
