"""Issue 13: hostile input and hostile situations, one table row per finding.

Each row gives the input, the exit status, exactly one line on stderr (never a traceback) and, for
writes, what is on disk afterwards. Rows that need a real process (a closed descriptor, a stdout
encoding, a mount namespace) run `python -m trd_aid`; the rest use Typer's CliRunner. Rows that need
root or a private tmpfs skip, with the reason, where they cannot be set up.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from trd_aid import private_files
from trd_aid.cli import app
from trd_aid.engine import assess_history
from trd_aid.errors import InputError
from trd_aid.inputs.documents import MAX_BYTES, parse_document
from trd_aid.inputs.reading import MAX_TRIALS, validate_history
from trd_aid.interview.parsing import parse_age, parse_choice, parse_review
from trd_aid.knowledge import load_knowledge
from trd_aid.quiz import parse_count
from trd_aid.safe_text import ECHO_LIMIT, LINE_LIMIT, safe_text, shown

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
ENV.pop("FORCE_COLOR", None)
runner = CliRunner()

ONE = "{drug: sertraline, dose_mg: 100, weeks: 8, adherence: good, outcome: no_response}"
GOOD = f"trials:\n  - {ONE}\n"
# Characters that act on a terminal or reorder text: they must never reach stdout, stderr or a report raw.
HOSTILE = {
    "ESC": "\x1b",
    "CSI": "\x9b",
    "BEL": "\x07",
    "DEL": "\x7f",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "CR": "\r",
    "backspace": "\x08",
}


# --- small helpers ------------------------------------------------------------------------------


def cli(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def proc(
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    close: tuple[int, ...] = (),
    umask: int | None = None,
    timeout: float = 30,
) -> subprocess.CompletedProcess[bytes]:
    """`python -m trd_aid ARGS` as a real process; `close` closes those descriptors in the child first."""

    def before_exec() -> None:
        for fd in close:
            os.close(fd)
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "trd_aid", *args],
        input=stdin,
        stdin=None if stdin is not None or 0 in close else subprocess.DEVNULL,
        stdout=None if 1 in close else subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env or ENV,
        cwd=REPO,
        timeout=timeout,
        preexec_fn=before_exec if close or umask is not None else None,
    )


def assert_one_error_line(err: str, *expected: str) -> None:
    assert "Traceback" not in err, err
    assert err.startswith("trd-aid: error: ") and err.count("\n") == 1, err
    assert len(err) <= LINE_LIMIT + 40, len(err)
    assert_no_raw_controls(err)
    for part in expected:
        assert part in err, (part, err)


def assert_no_raw_controls(text: str) -> None:
    """None of the hostile characters, and no other C0/C1 control but a line break or tab, appear raw."""
    for name, char in HOSTILE.items():
        assert char not in text, f"raw {name} in output"
    assert not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


def leftovers(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith(private_files._TEMP_PREFIX)]


def history_with(**trial: Any) -> str:
    return json.dumps(
        {"trials": [{"drug": "sertraline", "dose_mg": 100, "weeks": 8, "outcome": "no_response", **trial}]}
    )


# --- 3. input that crashed (exit 1, a traceback) or never ended -----------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    stdin: str | bytes
    expected: tuple[str, ...]
    code: int = 2


def _deep_json(depth: int) -> str:
    return '{"trials": ' + "[" * depth + "]" * depth + "}"


def _trials(count: int, template: str = ONE) -> str:
    return "trials:\n" + f"  - {template}\n" * count


STDIN_ROWS = [
    Row("JSON nested 100,000 deep (RecursionError)", "[" * 100_000 + "]" * 100_000, ("nested too deeply",)),
    Row("JSON object nested 100,000 deep", _deep_json(100_000), ("nested too deeply",)),
    Row("YAML nested 100,000 deep", "trials: " + "[" * 100_000 + "]" * 100_000, ("nest",)),
    Row("JSON nested 900 deep (parses, is no history)", _deep_json(900), ("trial 1:", "nested more than 16 levels")),
    Row(
        "a 400-digit dose (OverflowError)",
        f"trials: [{{drug: sertraline, dose_mg: {'9' * 400}, weeks: 8, outcome: no_response}}]",
        ("trial 1, dose_mg: a number with 400 digits is far too large",),
    ),
    Row(
        "a 5,000-digit YAML number (ValueError: int max str digits)",
        f"trials: [{{drug: sertraline, dose_mg: 100, weeks: {'9' * 5000}, outcome: no_response}}]",
        ("trial 1, weeks: a number with 5,000 digits is far too large",),
    ),
    Row(
        "a 5,000-digit JSON number",
        history_with(improvement_pct=0).replace('"improvement_pct": 0', '"improvement_pct": ' + "9" * 5000),
        ("trial 1, improvement_pct: a number with 5,000 digits",),
    ),
    Row(
        "a 400-digit percentage is not echoed in full",
        history_with(improvement_pct=0).replace('"improvement_pct": 0', '"improvement_pct": ' + "9" * 400),
        ("trial 1, improvement_pct: a number with 400 digits",),
    ),
    Row("a 400-digit age", f"{GOOD}age: {'9' * 400}\n", ("age: a number with 400 digits",)),
    Row("a 400-digit episode length", f"{GOOD}episode_months: {'9' * 400}\n", ("episode_months:", "400 digits")),
    Row("a huge hexadecimal YAML number", f"{GOOD}age: 0x{'f' * 2000}\n", ("age: a number with", "far too large")),
    Row("a 5,000-digit dose as text", history_with(dose_mg=None, dose="9" * 5000 + " mg"), ("trial 1",)),
    Row(
        "a NaN percentage (YAML)",
        GOOD.replace("outcome: no_response", "improvement_pct: .nan"),
        ("NaN is not a number",),
    ),
    Row("a NaN percentage (JSON)", history_with(improvement_pct=0).replace(": 0}", ": NaN}"), ("NaN is not a number",)),
    Row("an infinite number of weeks", GOOD.replace("weeks: 8", "weeks: .inf"), ("weeks: infinity is not a number",)),
    Row("a complex YAML key", f"{GOOD}? [a, b]\n: 1\n", ("line 3", "complex key")),
    Row("a key that is a number", f"{GOOD}1: x\n", ("the key 1 is not a name",)),
    Row(
        "trials: given twice (YAML)",
        f"trials: []\n{GOOD}",
        ("line 2", "the key 'trials' is given twice"),
    ),
    Row(
        "drug: given twice in one trial (YAML)",
        "trials:\n  - drug: sertraline\n    dose_mg: 100\n    drug: venlafaxine\n    weeks: 8\n",
        ("line 4", "the key 'drug' is given twice"),
    ),
    Row(
        "drug: given twice in one trial (JSON)",
        '{"trials": [\n  {"drug": "sertraline", "weeks": 8},\n  {"drug": "sertraline",\n   "drug": "x"}\n]}',
        ("line 4", "the key 'drug' is given twice"),
    ),
    Row("trials given twice (JSON)", '{"trials": [], "trials": []}', ("line 1", "'trials' is given twice")),
    Row(
        f"{MAX_TRIALS + 1} trials",
        _trials(MAX_TRIALS + 1),
        (f"trials: the list has {MAX_TRIALS + 1} trials", f"at most {MAX_TRIALS}", "trd-aid batch"),
    ),
    Row(
        f"{MAX_TRIALS + 1} other treatments",
        GOOD + "other_treatments:\n" + "  - {treatment: ect}\n" * (MAX_TRIALS + 1),
        ("other_treatments:", f"at most {MAX_TRIALS}"),
    ),
    Row("standard input over 1 MB", "#" * (MAX_BYTES + 1), ("standard input is larger than 1 MB",)),
    Row("standard input that is not UTF-8", b"trials: [\xff\xfe]\n", ("not a UTF-8",)),
    Row(
        "an alias bomb (a billion items from a small file)",
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))
        + f"risk_factors: [*i]\n{GOOD}",
        ("risk_factors.0: a list is not one of",),
    ),
    Row("a list that contains itself", "trials: &t [*t]\n", ("trial 1",)),
    Row("a lone surrogate in a name", history_with(drug="\ud800"), ("trial 1, drug",)),
]


@pytest.mark.parametrize("row", STDIN_ROWS, ids=lambda row: row.name)
def test_hostile_history_on_stdin_is_one_line(row: Row) -> None:
    started = time.perf_counter()
    code, out, err = cli("check", "-", stdin=row.stdin)
    assert (code, out) == (row.code, ""), err
    assert_one_error_line(err, *row.expected)
    assert time.perf_counter() - started < 5


def test_the_trial_cap_is_not_hit_by_a_real_history() -> None:
    code, out, err = cli("check", "-", "--json", "--no-options", stdin=_trials(MAX_TRIALS))
    assert (code, err) == (0, "")
    assert len(json.loads(out)["trials"]) == MAX_TRIALS


@pytest.mark.slow  # a guard on speed; the full run has it
def test_the_cost_of_a_history_grows_linearly(kb_for_timing: Any) -> None:
    def best_of(count: int) -> float:
        history = validate_history(yaml.safe_load(_trials(count)), "timing")
        times = []
        for _ in range(5):
            started = time.perf_counter()
            assess_history(history, kb_for_timing)
            times.append(time.perf_counter() - started)
        return min(times)

    ten, hundred = best_of(10), best_of(100)
    assert hundred < 10 * ten * 2 + 0.05, (ten, hundred)  # ten times the trials, at most about ten times the time


@pytest.fixture(scope="module")
def kb_for_timing() -> Any:
    return load_knowledge()


def test_a_huge_value_or_field_name_never_becomes_a_huge_line() -> None:
    for stdin in (
        history_with(outcome="x" * 900_000),
        history_with(outcome="x " * 400_000),
        history_with(**{"y" * 900_000: 1}),
        history_with(**{"\x1b[2J" * 50_000: 1}),
    ):
        code, _, err = cli("check", "-", stdin=stdin)
        assert code == 2
        assert_one_error_line(err, "…")


@pytest.mark.slow  # a real process
def test_dev_zero_ends_at_once() -> None:
    started = time.perf_counter()
    done = proc("check", "/dev/zero", timeout=20)
    assert done.returncode == 2 and done.stdout == b""
    assert_one_error_line(done.stderr.decode(), "/dev/zero is larger than 1 MB")
    assert time.perf_counter() - started < 15


def test_a_fifo_is_read_with_the_same_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "history.fifo"
    os.mkfifo(fifo)

    def endless_writer() -> None:
        with open(fifo, "wb") as out:
            try:
                for _ in range(64):
                    out.write(b"#" * 65536)
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=endless_writer, daemon=True)
    writer.start()
    code, _, err = cli("check", str(fifo))
    writer.join(timeout=10)
    assert code == 2
    assert_one_error_line(err, "is larger than 1 MB")


@pytest.mark.slow  # a real process
def test_stdin_of_200_mb_stops_after_1_mb() -> None:
    started = time.perf_counter()
    zeros = subprocess.Popen(["head", "-c", "200000000", "/dev/zero"], stdout=subprocess.PIPE)
    assert zeros.stdout is not None
    done = subprocess.run(
        [sys.executable, "-m", "trd_aid", "check", "-"], stdin=zeros.stdout, capture_output=True, cwd=REPO, env=ENV
    )
    zeros.stdout.close()
    zeros.kill()
    zeros.wait()
    assert done.returncode == 2
    assert_one_error_line(done.stderr.decode(), "standard input is larger than 1 MB")
    assert time.perf_counter() - started < 15


@pytest.mark.slow  # a real process
@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (("check", "-"), 2, "trd-aid: error: standard input is closed"),
        (("interview",), 130, "Stopped. Nothing was saved."),
        (("quiz", "--seed", "1"), 130, "Stopped. Nothing was saved."),
    ],
)
def test_closed_stdin(args: tuple[str, ...], code: int, expected: str) -> None:
    done = proc(*args, close=(0,))
    err = done.stderr.decode()
    assert done.returncode == code, err
    assert "Traceback" not in err and err.strip().count("\n") == 0 and expected in err


@pytest.mark.slow  # a real process
@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
    ],
    ids=["ascii", "latin-1", "C locale"],
)
def test_a_stdout_that_cannot_show_every_character(env: dict[str, str]) -> None:
    environment = {**ENV, **env}
    if not environment["PYTHONIOENCODING"]:
        del environment["PYTHONIOENCODING"]
    done = proc("check", "--example", "--detail", env=environment)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert done.stderr == b""
    assert b"findahelpline.com" in done.stdout[-300:], "the whole result, not half of it"


# --- 1. writes: --report and interview --save ----------------------------------------------------


@pytest.mark.slow  # a real process
def test_report_is_written_first_when_stdout_is_closed(tmp_path: Path) -> None:
    report = tmp_path / "summary.md"
    done = proc("check", "--example", "--report", str(report), close=(1,))
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert "sertraline" in report.read_text(encoding="utf-8")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


@pytest.mark.slow  # a real process
@pytest.mark.parametrize("json_output", [False, True], ids=["table", "json"])
def test_report_is_written_first_when_the_reader_goes_away(tmp_path: Path, json_output: bool) -> None:
    """`trd-aid check ... --report FILE | head -1`: the file must be there, and no traceback."""
    report = tmp_path / "summary.html"
    child = subprocess.Popen(
        [sys.executable, "-m", "trd_aid", "check", "--example", "--report", str(report)]
        + (["--json"] if json_output else []),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=ENV,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(1)
    child.stdout.close()  # like `| head -c 1`: the reader is gone
    err = child.stderr.read().decode()
    child.wait(timeout=30)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert "<!DOCTYPE html>" in report.read_text(encoding="utf-8")


def _socket_at(path: Path) -> Callable[[], None]:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server.close


def _link_to_a_fifo(path: Path) -> None:
    os.mkfifo(path.with_name("fifo"))
    os.symlink("fifo", path)


@pytest.mark.parametrize(
    ("make", "kind", "check_after"),
    [
        (lambda p: os.mkfifo(p), "a FIFO (named pipe)", stat.S_ISFIFO),
        (lambda p: _socket_at(p), "a socket", stat.S_ISSOCK),
        (lambda p: _link_to_a_fifo(p), "a FIFO (named pipe)", stat.S_ISLNK),
    ],
    ids=["fifo", "socket", "link to a fifo"],
)
def test_force_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, make: Callable[[Path], Any], kind: str, check_after: Callable[[int], bool]
) -> None:
    target = tmp_path / "summary.md"
    make(target)
    code, out, err = cli("check", "--example", "--report", str(target), "--force")
    assert (code, out) == (2, "")
    assert_one_error_line(
        err, f"it is {kind}, not a regular file", "--force replaces only a regular file or a symbolic link"
    )
    assert check_after(target.lstat().st_mode)
    assert leftovers(tmp_path) == []


@pytest.mark.slow  # a real process
def test_force_never_replaces_a_link_to_stdout(tmp_path: Path) -> None:
    """Like /dev/stdout: a link to /proc/self/fd/1, here a pipe."""
    target = tmp_path / "summary.md"
    os.symlink("/proc/self/fd/1", target)
    done = proc("check", "--example", "--report", str(target), "--force")
    assert done.returncode == 2 and done.stdout == b""
    assert_one_error_line(done.stderr.decode(), "not a regular file")
    assert target.is_symlink()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node (a copy of /dev/null) needs root")
def test_as_root_force_never_replaces_a_device(tmp_path: Path) -> None:
    null = tmp_path / "null.md"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    for args in (
        ("check", "--example", "--report", str(null), "--force"),
        ("interview", "--save", str(null), "--force"),
    ):
        code, out, err = cli(*args)
        assert (code, out) == (2, "")
        assert_one_error_line(err, "it is a device, not a regular file")
        assert stat.S_ISCHR(null.lstat().st_mode) and null.lstat().st_rdev == os.makedev(1, 3)


DEV_NULL = """
mount -t tmpfs -o size=64k tmpfs /dev
mknod -m 666 /dev/null c 1 3
printf '' | "$PY" -m trd_aid interview --save /dev/null --force >"$MNT/../out" 2>"$MNT/../err"
echo "code=$?"
echo "kind=$(stat -c %F /dev/null)"
"""


@pytest.mark.slow  # a real process
@pytest.mark.skipif(os.geteuid() != 0, reason="only root can replace /dev/null, so only root can show it is refused")
def test_as_root_dev_null_is_refused_before_anything_is_asked(tmp_path: Path) -> None:
    """The real path /dev/null, in a private mount namespace with its own /dev, so a failure harms nothing."""
    done = _in_private_mount(DEV_NULL, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["code=2", "kind=character", "special", "file"]
    assert (tmp_path / "out").read_text() == ""
    assert_one_error_line((tmp_path / "err").read_text(), "cannot save to /dev/null: it is a device")


def test_force_replaces_a_link_itself_never_its_target(tmp_path: Path) -> None:
    kept = tmp_path / "kept.md"
    kept.write_text("someone else's file", encoding="utf-8")
    link = tmp_path / "summary.md"
    os.symlink(kept, link)
    code, _, err = cli("check", "--example", "--report", str(link), "--force")
    assert code == 0, err
    assert not link.is_symlink() and stat.S_IMODE(link.stat().st_mode) == 0o600
    assert "sertraline" in link.read_text(encoding="utf-8")
    assert kept.read_text(encoding="utf-8") == "someone else's file"
    assert leftovers(tmp_path) == []


def test_force_replaces_a_regular_file_atomically_and_0600(tmp_path: Path) -> None:
    report = tmp_path / "summary.md"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o644)
    old_inode = report.stat().st_ino
    code, _, err = cli("check", "--example", "--report", str(report), "--force")
    assert code == 0, err
    assert report.stat().st_ino != old_inode, "a new file renamed into place, not the old one truncated"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_without_force_an_existing_file_is_kept(tmp_path: Path) -> None:
    report = tmp_path / "summary.md"
    report.write_text("old", encoding="utf-8")
    code, out, err = cli("check", "--example", "--report", str(report))
    assert (code, out) == (2, "")
    assert_one_error_line(err, "already exists", "--force")
    assert report.read_text(encoding="utf-8") == "old"


@pytest.mark.slow  # a real process
def test_mode_is_0600_from_creation_even_under_umask_000(tmp_path: Path) -> None:
    report = tmp_path / "summary.md"
    done = proc("check", "--example", "--report", str(report), umask=0)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_a_file_that_appears_meanwhile_is_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race after the early check: the final step (a hard link) fails on an existing name."""
    target = tmp_path / "history.yaml"
    target.write_text("appeared meanwhile", encoding="utf-8")
    monkeypatch.setattr(private_files, "_refuse_what_is_there", lambda *args: False)
    with pytest.raises(InputError, match="already exists"):
        private_files.write_private(str(target), "new", force=False)
    assert target.read_text(encoding="utf-8") == "appeared meanwhile"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", ["write_private", "private_stream"])
def test_without_hard_links_the_file_is_still_created_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str
) -> None:
    def no_links(*args: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    def write(path: Path, text: str) -> None:  # the whole-file writer, or the one batch writes piece by piece
        if writer == "write_private":
            private_files.write_private(str(path), text, force=False)
        else:
            with private_files.private_stream(str(path), force=False) as out:
                out.write(text.encode("utf-8"))

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "history.yaml"
    write(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(InputError, match="already exists"):
        monkeypatch.setattr(private_files, "_refuse_what_is_there", lambda *args: False)
        write(target, "newer")
    assert target.read_text(encoding="utf-8") == "new"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("force", [True, False], ids=["--force over an old file", "a new file"])
def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    target = tmp_path / "summary.md"
    if force:
        target.write_text("old summary", encoding="utf-8")

    def full_disk(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    code, out, err = cli("check", "--example", "--report", str(target), *(["--force"] if force else []))
    monkeypatch.undo()
    assert (code, out) == (2, "")
    assert_one_error_line(err, "No space left on device")
    if force:
        assert "The file that was there is unchanged." in err
        assert target.read_text(encoding="utf-8") == "old summary"
    else:
        assert not target.exists()
    assert leftovers(tmp_path) == []


def _in_private_mount(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run `script` (sh) in a private mount namespace, with MNT a fresh mount point; skip where impossible."""
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        pytest.skip("needs Linux and unshare(1) to mount a private tmpfs")
    mount_point = tmp_path / "mnt"
    mount_point.mkdir()
    command = [unshare, "-m"] if os.geteuid() == 0 else [unshare, "-r", "-m"]
    env = {**ENV, "MNT": str(mount_point), "PY": sys.executable}
    probe = subprocess.run(
        [*command, "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$MNT"'], capture_output=True, text=True, env=env
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs in a private mount namespace here: {probe.stderr.strip()}")
    return subprocess.run(
        [*command, "sh", "-c", script], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


FULL_DISK = """
set -u
mount -t tmpfs -o size=64k tmpfs "$MNT"
printf 'old summary\\n' > "$MNT/summary.md"
dd if=/dev/zero of="$MNT/fill" bs=1k count=100 2>/dev/null
"$PY" -m trd_aid check --example --report "$MNT/summary.md" --force >/dev/null 2>"$MNT/../forced.err"
echo "forced=$?"
"$PY" -m trd_aid check --example --report "$MNT/new.md" >/dev/null 2>"$MNT/../new.err"
echo "new=$?"
echo "old=$(cat "$MNT/summary.md")"
echo "files=$(ls -A "$MNT" | tr '\\n' ' ')"
rm "$MNT/fill"
"$PY" -m trd_aid check --example --report "$MNT/new.md" >/dev/null 2>&1
echo "rerun=$?"
"""


@pytest.mark.slow  # a real process
def test_a_full_disk_keeps_the_old_file_and_leaves_no_partial_one(tmp_path: Path) -> None:
    done = _in_private_mount(FULL_DISK, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines())
    assert lines["forced"] == "2" and lines["new"] == "2"
    assert lines["old"] == "old summary", "--force on a full disk must keep the old file"
    assert lines["files"].split() == ["fill", "summary.md"], "no partial and no temporary file"
    assert lines["rerun"] == "0", "nothing left behind blocks a rerun"
    for name, expected in (("forced.err", "The file that was there is unchanged."), ("new.err", "No space left")):
        assert_one_error_line((tmp_path / name).read_text(), expected)


READ_ONLY = """
mount -t tmpfs -o ro,size=64k tmpfs "$MNT"
printf '' | "$PY" -m trd_aid interview --save "$MNT/history.yaml"
"""


@pytest.mark.slow  # a real process
def test_interview_save_into_an_unwritable_folder_fails_before_the_first_question(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        done = _in_private_mount(READ_ONLY, tmp_path)
        code, out, err = done.returncode, done.stdout, done.stderr
    else:
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
        code, out, err = cli("interview", "--save", str(folder / "history.yaml"), stdin="")
    assert code == 2
    assert "antidepressant" not in out, "no question may be asked"
    assert_one_error_line(err, "is not writable")


# --- 2. text from the input reaching a terminal or a report --------------------------------------

NASTY = "".join(HOSTILE.values())


def test_control_and_bidi_characters_never_reach_stdout_stderr_or_a_report(tmp_path: Path) -> None:
    crafted = tmp_path / "crafted.yaml"
    note = f"clear{NASTY}\x1b[2J\x1b]0;title\x07\x1b]8;;http://x.example\x1b\\link\x9b31m fake verdict"
    crafted.write_text(
        yaml.safe_dump(
            {
                "trials": [
                    {"drug": "sertraline", "dose_mg": 150, "weeks": 8, "outcome": "no_response", "note": note},
                    {
                        "drug": "Zoloft",
                        "dose_mg": 150,
                        "weeks": 8,
                        "outcome": "no_response",
                        "note": "line\nbreak\tkept",
                    },
                ],
                "other_treatments": [{"treatment": "ect", "note": note}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    outputs = []
    for extra in (["--why"], ["--json"], ["--report", str(tmp_path / "s.md")], ["--report", str(tmp_path / "s.html")]):
        code, out, err = cli("check", str(crafted), *extra)
        assert code == 0, err
        outputs += [out, err]
    outputs += [(tmp_path / "s.md").read_text(encoding="utf-8"), (tmp_path / "s.html").read_text(encoding="utf-8")]
    for text in outputs:
        assert_no_raw_controls(text)
    assert "\\x1b[2J" in outputs[0] and "\\u202e" in outputs[-2] and "\\x9b" in outputs[-1]
    assert json.loads(outputs[2])["trials"][1]["note"] == "line\nbreak\tkept", "a note keeps its lines and tabs"


@pytest.mark.parametrize(
    "args",
    [
        ("check", "-"),
        ("check", "-t", f"sert{NASTY}raline 100 mg 8 weeks no response"),
        ("drugs", f"zz{NASTY}"),
        ("learn", f"zz{NASTY}"),
        ("check", f"no-such-file{NASTY}.yaml"),
        ("check", "--example", "--definition", f"zz{NASTY}"),
    ],
    ids=["drug in a file", "-t", "drugs query", "learn topic", "file name", "definition"],
)
def test_error_lines_show_controls_escaped(args: tuple[str, ...]) -> None:
    stdin = history_with(drug=f"sert{NASTY}raline", **{f"field{NASTY}": 1}) if args[-1] == "-" else None
    code, out, err = cli(*args, stdin=stdin)
    assert (code, out) == (2, "")
    assert_one_error_line(err)
    assert "\\x1b" in err or "\\x9b" in err


def test_unknown_field_names_are_escaped() -> None:
    code, _, err = cli("check", "-", stdin=history_with(**{"\x1b]0;pwned\x07": 1}))
    assert code == 2
    assert_one_error_line(err, "trial 1, \\x1b]0;pwned\\x07: is not a known field.")


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("check", "-"), history_with(drug="sertral\u0456ne")),
        (("check", "-t", "sertral\u0456ne 100 mg 8 weeks no response"), None),
        (("drugs", "sertral\u0456ne"), None),
    ],
    ids=["file", "-t", "drugs"],
)
def test_a_look_alike_letter_is_made_visible(args: tuple[str, ...], stdin: str | None) -> None:
    code, _, err = cli(*args, stdin=stdin)
    assert code == 2
    assert_one_error_line(
        err, "'sertral\\u0456ne' contains a non-Latin letter (\\u0456 is Cyrillic).", "Did you mean 'sertraline'?"
    )
    assert "\u0456" not in err


@pytest.mark.slow  # a real process
def test_the_interview_echoes_typed_text_escaped_and_bounded() -> None:
    typed = "\n".join(["", "\x1b[2Jzzqq\x07", "x" * 500, ""]).encode()
    done = proc("interview", stdin=typed)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 130 and "Traceback" not in err
    assert_no_raw_controls(out)
    assert 'does not know "\\x1b[2Jzzqq\\x07"' in out
    assert f"please type at most {ECHO_LIMIT}" in out and "x" * 100 not in out


# --- prompts never show Python's errors ---------------------------------------------------------


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (lambda text: parse_choice(text, 3), "²", "Please type a number from 1 to 3."),
        (lambda text: parse_choice(text, 3), "9" * 5000, "Please type a number from 1 to 3."),
        (lambda text: parse_choice(text, 3), "\u0662", "Please type a number from 1 to 3."),
        (lambda text: parse_review(text, 3), "²", "Please type a number from 1 to 3, add, remove"),
        (parse_count, "²", "Please type a whole number of trials"),
        (parse_count, "9" * 5000, "Please type a whole number of trials"),
        (parse_age, "³⁴", "Please type your age in years"),
        (parse_age, "9" * 5000, "Please type your age in years"),
    ],
)
def test_prompts_say_what_to_type(parse: Callable[[str], object], text: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"^Please type") as caught:
        parse(text)
    assert str(caught.value).startswith(message)


@pytest.mark.slow  # a real process
def test_the_quiz_asks_again_in_plain_words() -> None:
    done = proc("quiz", "--seed", "1", "--count", "1", stdin="²\n".encode())
    out = done.stdout.decode()
    assert done.returncode == 130 and "Traceback" not in done.stderr.decode()
    assert "Please type a whole number of trials" in out and "invalid literal" not in out


# --- safe_text itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("a\x1b[2Jb", {}, "a\\x1b[2Jb"),
        ("\x9b31m", {}, "\\x9b31m"),
        ("bell\x07 del\x7f", {}, "bell\\x07 del\\x7f"),
        ("abc\u202edef\u2066", {}, "abc\\u202edef\\u2066"),
        ("zero\u200bwidth", {}, "zero\\u200bwidth"),
        ("one\ntwo\tthree", {}, "one\\ntwo\\tthree"),
        ("one\ntwo\tthree\r\nfour\rfive", {"multiline": True}, "one\ntwo\tthree\nfour\nfive"),
        ("Séroxat µg 日本 \u00a0", {}, "Séroxat µg 日本 \u00a0"),
        ("x" * 200, {"limit": 10}, "xxxxxxxxx…"),
        ("\x1b" * 200, {"limit": 10}, "\\x1b\\x1b…"),
        ("short", {"limit": 10}, "short"),
    ],
)
def test_safe_text(text: str, kwargs: dict[str, Any], expected: str) -> None:
    assert safe_text(text, **kwargs) == expected


def test_shown_values() -> None:
    assert shown("meh") == "'meh'"
    assert shown(10**400) == "a number with 401 digits"
    assert shown(float("nan")) == "NaN" and shown(float("-inf")) == "minus infinity"
    assert shown([1, 2]) == "a list" and shown({"a": 1}) == "a mapping"
    assert len(shown("y" * 10_000)) == ECHO_LIMIT + 2


# --- 4. random documents: never a traceback, always exit 0 or 2 ---------------------------------

KB = load_knowledge()
FIELDS = ["trials", "drug", "dose_mg", "dose", "weeks", "duration", "outcome", "adherence", "improvement_pct",
          "episode", "note", "episode_months", "severity", "other_treatments", "treatment", "risk_factors", "age",
          "pregnancy_or_breastfeeding"]  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**500), max_value=10**500)
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["sertraline", "Zoloft", "150 mg", "8 weeks", "no_response", "good", "current", "ect", "1e999"])
)
keys = st.sampled_from(FIELDS) | st.text(max_size=12)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=25
)
trial = st.fixed_dictionaries(
    {"drug": st.sampled_from(["sertraline", "Effexor XR", "ect", "aripiprazole", "setraline"]) | st.text(max_size=20)},
    optional={name: scalars for name in FIELDS[2:12]},
)
near_valid = st.fixed_dictionaries(
    {"trials": st.lists(trial, max_size=4)},
    optional={
        "other_treatments": st.lists(st.fixed_dictionaries({"treatment": scalars}, optional={"weeks": scalars})),
        "severity": scalars,
        "risk_factors": st.lists(scalars, max_size=3),
        "age": scalars,
        "episode_months": scalars,
    },
)


def as_text(data: Any, form: str) -> str:
    if form == "json":
        return json.dumps(data)
    try:
        return yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return json.dumps(data)


def check_in_process(text: str) -> None:
    """parse, validate and assess as `check` does: only an InputError may come out, as one safe line."""
    try:
        assess_history(validate_history(parse_document(text, "random"), "random"), KB)
    except InputError as exc:
        line = exc.line()
        assert "\n" not in line and len(line) <= LINE_LIMIT
        assert_no_raw_controls(line)


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The three heaviest properties run in full with the slow tests (`python -m pytest`, what CI runs), and
# with fewer examples in the quick loop (`-m "not slow"`): the same property, checked less often.
QUICK_FUZZ = settings(FUZZ, max_examples=50)
random_documents = {"data": documents | near_valid, "form": st.sampled_from(["json", "yaml"])}
random_input = st.binary(max_size=200) | (documents | near_valid).map(lambda d: as_text(d, "yaml").encode())


@pytest.mark.slow  # 300 inputs; the quick loop has the _quick variant below
@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_in_process(data: bytes) -> None:
    check_bytes_in_process(data)


@QUICK_FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_in_process_quick(data: bytes) -> None:
    check_bytes_in_process(data)


def check_bytes_in_process(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    check_in_process(text)


@pytest.mark.slow  # 300 documents; the quick loop has the _quick variant below
@FUZZ
@given(**random_documents)
def test_random_documents_in_process(data: Any, form: str) -> None:
    check_in_process(as_text(data, form))


@QUICK_FUZZ
@given(**random_documents)
def test_random_documents_in_process_quick(data: Any, form: str) -> None:
    check_in_process(as_text(data, form))


def check_through_the_cli(data: bytes) -> None:
    result = runner.invoke(app, ["check", "-", "--json", "--no-options"], input=data)
    assert result.exit_code in (0, 2), (result.exception, result.stderr)
    if result.exit_code == 2:
        assert_one_error_line(result.stderr)


@pytest.mark.slow  # 40 inputs; the quick loop has the _quick variant below
@settings(max_examples=40, deadline=None)
@given(data=random_input)
def test_random_input_through_the_cli(data: bytes) -> None:
    check_through_the_cli(data)


@settings(max_examples=10, deadline=None)
@given(data=random_input)
def test_random_input_through_the_cli_quick(data: bytes) -> None:
    check_through_the_cli(data)
