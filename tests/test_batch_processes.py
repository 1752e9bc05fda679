"""`trd-aid batch` as real processes: worker pools, flat memory on a large input, a reader that goes
away, Ctrl-C, and the progress bar on a terminal. All slow (each runs `python -m trd_aid`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
ENV.pop("FORCE_COLOR", None)
BATCH = [sys.executable, "-m", "trd_aid", "batch"]
MiB = 1024  # ru_maxrss is in KiB

pytestmark = pytest.mark.slow


def history(number: int) -> str:
    """A varied history: the drug, dose, duration and outcome change with the number."""
    drugs = [("sertraline", 150), ("venlafaxine", 225), ("Lexapro", 10), ("fluoxetine", 20), ("bupropion", 300)]
    trials = []
    for k in range(1 + number % 4):
        drug, dose = drugs[(number + k) % len(drugs)]
        outcome = ["no_response", "partial_response", "response", "side_effects"][(number * 7 + k) % 4]
        trials.append({"drug": drug, "dose_mg": dose, "weeks": 3 + (number + k) % 9, "outcome": outcome})
    return json.dumps({"id": f"h{number}", "trials": trials})


def write_histories(path: Path, count: int, *, cheap: int = 0) -> None:
    """`count` varied histories, each followed by `cheap` rows that are quickly refused (an empty
    trials list): a large input whose size, not the engine's speed, is what a test measures."""
    refused = '{"id": "r", "trials": []}\n' * cheap
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, count + 1):
            out.write(history(number) + "\n" + refused)


def peak(args: list[str]) -> tuple[int, int, str]:
    """(exit status, peak resident memory in KiB of the largest process, stderr) of one run."""
    child = subprocess.Popen([*BATCH, *args], cwd=REPO, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    err = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss, err


def test_jobs_2_writes_the_same_file_as_jobs_1(tmp_path: Path) -> None:
    source = tmp_path / "h.jsonl"
    write_histories(source, 1200)
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"jobs{jobs}.csv"
        done = subprocess.run(
            [*BATCH, str(source), "-o", str(target), "-j", jobs], cwd=REPO, env=ENV, capture_output=True
        )
        assert done.returncode == 0, done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 1201


@pytest.mark.parametrize(("fmt", "count", "cheap"), [("jsonl", 2000, 99), ("yaml", 1000, 49)])
def test_memory_stays_flat_on_a_large_input(tmp_path: Path, fmt: str, count: int, cheap: int) -> None:
    """200,000 JSONL rows (50,000 YAML items) take no more memory than 2,000 (1,000) do."""
    small, large = tmp_path / f"small.{fmt}", tmp_path / f"large.{fmt}"
    write_histories(small, count // 100 * 2 if fmt == "jsonl" else count // 50)
    write_histories(large, count, cheap=cheap)
    if fmt == "yaml":
        for path in (small, large):
            path.write_text("".join(f"- {line}\n" for line in path.read_text().splitlines()))
    code, base, _ = peak([str(small), "-o", str(tmp_path / "small.csv")])
    assert code == 0
    code, top, err = peak([str(large), "-o", str(tmp_path / "large.csv")])
    assert code == 0, err
    rows = count * (cheap + 1)
    assert err.startswith(f"{rows:,} histories: {count:,} judged")
    assert top < 150 * MiB, f"peak {top // MiB} MiB"
    assert top - base < 16 * MiB, f"{rows:,} rows: {top // MiB} MiB; a few: {base // MiB} MiB"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_that_goes_away_ends_it_quietly_with_141(tmp_path: Path, jobs: str) -> None:
    """`trd-aid batch big.jsonl | head -1`."""
    source = tmp_path / "h.jsonl"
    write_histories(source, 3000)
    child = subprocess.Popen(
        [*BATCH, str(source), "-j", jobs], cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline().startswith(b'{"id":"h1"')
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 141
    assert err == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_it_and_keeps_nothing(tmp_path: Path, jobs: str) -> None:
    source, target = tmp_path / "h.jsonl", tmp_path / "results.jsonl"
    write_histories(source, 20_000)
    child = subprocess.Popen(
        [*BATCH, str(source), "-o", str(target), "-j", jobs],
        cwd=REPO,
        env=ENV,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert child.stderr is not None
    deadline = time.monotonic() + 30
    while not any(name.startswith(".trd-aid-") for name in os.listdir(tmp_path)):  # writing has begun
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C does: every process in the group gets it
    err = child.stderr.read().decode()
    assert child.wait(timeout=30) == 130, err
    assert err == "\nStopped. Nothing was saved. Take care.\n"
    assert sorted(os.listdir(tmp_path)) == ["h.jsonl"]


def test_progress_bar_on_a_terminal_then_the_summary(tmp_path: Path) -> None:
    source, target = tmp_path / "h.jsonl", tmp_path / "results.csv"
    write_histories(source, 500, cheap=99)  # 50,000 rows: seconds, however fast the engine becomes
    child = pexpect.spawn(
        sys.executable,
        ["-m", "trd_aid", "batch", str(source), "-o", str(target)],
        cwd=str(REPO),
        env={**ENV, "TERM": "xterm"},
        encoding="utf-8",
        timeout=120,
        dimensions=(24, 100),
    )
    child.expect(r"[\d,]+ histories .*\d+%")  # the bar: rows, percent of the file read, rate
    child.expect_exact("50,000 histories: 500 judged, 49,500 with errors.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert target.read_text(encoding="utf-8").count("\n") == 50_001


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    source = tmp_path / "h.jsonl"
    write_histories(source, 2000)
    code, _, err = peak([str(source), "-o", str(tmp_path / "r.jsonl")])
    assert code == 0
    assert (
        err
        == f"2,000 histories: 2,000 judged, 0 with errors. Results in {tmp_path / 'r.jsonl'} (readable only by you).\n"
    )


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_started_without_fork_give_the_same_output(tmp_path: Path, method: str) -> None:
    """macOS starts workers with spawn, and Python 3.14 on Linux with forkserver: each worker then
    imports trd-aid afresh and loads the knowledge base itself (and `python -m trd_aid` must not run
    again in it)."""
    source = tmp_path / "h.jsonl"
    write_histories(source, 300)
    expected = subprocess.run([*BATCH, str(source)], cwd=REPO, env=ENV, capture_output=True, check=True).stdout
    code = (
        f"import multiprocessing, runpy, sys; multiprocessing.set_start_method({method!r}, force=True); "
        f"sys.argv = ['trd_aid', 'batch', {str(source)!r}, '-j', '2']; runpy.run_module('trd_aid', run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=ENV, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == expected
