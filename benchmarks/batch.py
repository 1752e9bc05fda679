"""Throughput and peak memory of `trd-aid batch` on synthetic histories.

Run: python benchmarks/batch.py [--count N] [--jobs 1,2] [--options] [--plumbing] [--profile | --breakdown]

Writes N seeded, realistic histories (1-6 trials of the knowledge base's antidepressants, by
generic or brand name, varied doses, durations, adherence and outcomes, some other treatments,
and about 1% invalid rows: a typo, a missing field, broken JSON, an unknown key, a dose no one
takes) to a temporary JSONL (or YAML) file, runs `trd-aid batch` on it as a subprocess, and prints
histories per second and the peak resident memory of the largest process (ru_maxrss, from wait4).

--plumbing replaces the engine (`assess_history`) with one that returns a ready-made result, so
what is left is the batch's own work: reading, validation, the rows, serialisation, writing and,
with --jobs, the traffic to and from the workers. --breakdown measures, in this process, the CPU
time per history of the whole run, of the plumbing, and of validation within it; --profile runs
once under cProfile and prints where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUTCOMES = ["no_response", "no_response", "partial_response", "response", "remission", "side_effects"]
ADHERENCE = ["good", "good", "good", "partial", "poor", None]
OTHERS = ["aripiprazole", "lithium", "quetiapine", "cbt", "ect", "rtms", "liothyronine", "psychotherapy"]
RISKS = ["thyroid_unchecked", "sleep_problems", "alcohol_or_drugs", "other_medicines", "bariatric_surgery"]
# The engine replaced by a constant, for --plumbing: the child runs this, then trd-aid's main().
NULL_ENGINE = """
import trd_aid.batch.rows as rows
from trd_aid.engine.verdict import assess_history
from trd_aid.inputs.reading import validate_history
from trd_aid.knowledge import load_knowledge
ready = assess_history(validate_history({"trials": [{"drug": "sertraline", "dose_mg": 150, "weeks": 8,
    "outcome": "no_response"}]}, "x"), load_knowledge(), with_options=False)
rows.assess_history = lambda *args, **kwargs: ready
from trd_aid.cli import main
import sys
sys.argv[0] = "trd-aid"
main()
"""


def _drugs() -> list[tuple[str, list[str], float, float | None]]:
    """(generic name, brand names, minimum adequate dose, label maximum) of each threshold antidepressant."""
    sys.path.insert(0, str(REPO))
    from trd_aid.knowledge import load_knowledge

    found = []
    for drug in load_knowledge().drugs:
        minimum = drug.min_dose.get("atrq")
        if drug.rule != "threshold" or minimum is None:
            continue
        label_max = drug.label_max.mg_per_day if drug.label_max else None
        found.append((drug.id, [b.name for b in drug.brands], minimum.mg_per_day, label_max))
    return found


def _trial(rng: random.Random, drug: tuple[str, list[str], float, float | None]) -> dict[str, Any]:
    name, brands, minimum, label_max = drug
    dose = minimum * rng.choice([0.5, 0.75, 1, 1, 1.5, 2, 3])
    if label_max is not None:
        dose = min(dose, label_max)
    trial: dict[str, Any] = {"drug": rng.choice(brands) if brands and rng.random() < 0.3 else name}
    if rng.random() < 0.2:
        trial["dose"] = f"{dose / 2:g} mg twice a day" if rng.random() < 0.3 else f"{dose:g} mg"
    else:
        trial["dose_mg"] = round(dose, 1)
    weeks = rng.choice([1, 2, 3, 4, 5, 6, 6, 8, 8, 10, 12, 16])
    if rng.random() < 0.15:
        trial["duration"] = rng.choice(["2 months", "45 days", "ten weeks", "about 3 months"])
    else:
        trial["weeks"] = weeks
    adherence = rng.choice(ADHERENCE)
    if adherence is not None:
        trial["adherence"] = adherence
    if rng.random() < 0.2:
        trial["improvement_pct"] = rng.choice([0, 10, 20, 30, 40, 60])
    else:
        trial["outcome"] = rng.choice(OUTCOMES)
    if rng.random() < 0.1:
        trial["episode"] = "previous"
    if rng.random() < 0.05:
        trial["note"] = "stopped early, see letter"
    return trial


def history(rng: random.Random, number: int, drugs: list[tuple[str, list[str], float, float | None]]) -> str:
    """One JSONL line: a history with an id; about 1 in 100 is invalid on purpose."""
    data: dict[str, Any] = {"id": f"P{number:07d}"}
    data["trials"] = [_trial(rng, d) for d in rng.sample(drugs, rng.randint(1, 6))]
    if rng.random() < 0.3:
        data["other_treatments"] = [
            {"treatment": t, "outcome": rng.choice(OUTCOMES[:4])} for t in rng.sample(OTHERS, rng.randint(1, 2))
        ]
    if rng.random() < 0.5:
        data["episode_months"] = rng.randint(2, 60)
        data["severity"] = rng.choice(["mild", "moderate", "severe"])
    if rng.random() < 0.3:
        data["age"] = rng.randint(18, 85)
    if rng.random() < 0.1:
        data["risk_factors"] = rng.sample(RISKS, 1)
    broken = rng.random()
    if broken < 0.002:
        data["trials"][0]["drug"] = "setraline"
    elif broken < 0.004:
        data["trials"][0].pop("weeks", None)
        data["trials"][0].pop("duration", None)
    elif broken < 0.006:
        data["dosage"] = 100
    elif broken < 0.008:
        data["trials"][0]["dose_mg"] = 100_000
        data["trials"][0].pop("dose", None)
    line = json.dumps(data, separators=(", ", ": "))
    if 0.008 <= broken < 0.01:
        line = line[: len(line) // 2]
    return line


def generate(count: int, seed: int = 1) -> Iterator[str]:
    rng = random.Random(seed)
    drugs = _drugs()
    for number in range(1, count + 1):
        yield history(rng, number, drugs)


def write_input(path: Path, count: int, seed: int, fmt: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        for line in generate(count, seed):
            if fmt == "jsonl":
                out.write(line + "\n")
            else:  # YAML: a list, one flow-style item per history (JSON is YAML)
                out.write(f"- {line}\n" if line.endswith("}") else f"- {line}]\n")


def run(args: list[str], *, plumbing: bool = False) -> tuple[float, float, int, int, str]:
    """(seconds, CPU seconds of all its processes, peak RSS in KiB of the largest process, exit
    status, stderr) of one `trd-aid batch` run."""
    command = [sys.executable, "-c", NULL_ENGINE] if plumbing else [sys.executable, "-m", "trd_aid"]
    started = time.perf_counter()
    child = subprocess.Popen([*command, "batch", *args], cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert child.stderr is not None
    err = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - started, cpu, usage.ru_maxrss, child.returncode, err


# (label, file the function is in, function name): the parts of a run, none inside another.
PARTS = [
    ("reading lines (jsonl.py)", "jsonl.py", "items"),
    ("parsing JSON, the id (JsonLine.finish)", "jsonl.py", "finish"),
    ("validation (validate_history)", "reading.py", "validate_history"),
    ("engine (assess_history)", "verdict.py", "assess_history"),
    ("options (plan_next_steps)", "rows.py", "_option_ids"),
    ("the row dicts (judge, error_row)", "rows.py", "judge"),
    ("serialisation (jsonl_text)", "output.py", "jsonl_text"),
]


def profile(path: Path, options: bool) -> None:
    """Where one process spends its time on the input (cProfile; it slows everything, evenly enough)."""
    import cProfile
    import pstats

    sys.path.insert(0, str(REPO))
    from trd_aid.batch.rows import new_job
    from trd_aid.batch.run import run_batch
    from trd_aid.batch.sources import open_source

    source, stream = open_source(str(path))
    with open(os.devnull, "wb") as sink:
        profiler = cProfile.Profile()
        profiler.runcall(run_batch, source, sink.write, job=new_job(None, options), fmt="jsonl")
    stream.close()
    stats: Any = pstats.Stats(profiler)
    found, total = {}, 0.0
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        for label, file, function in PARTS:
            if name == function and filename.endswith(file):
                found[label] = cumulative
        if name == "run_batch":
            total = cumulative
    judged = found.get("the row dicts (judge, error_row)", 0.0)
    # judge() calls validation, the engine and the options: its own share is what is left.
    inside = sum(found.get(label, 0.0) for label, file, _ in PARTS[2:5])
    found["the row dicts (judge, error_row)"] = judged - inside
    found["the rest (chunks, writing, the loop)"] = total - sum(found.values())
    print(f"cProfile, one process: {total:.2f} s in all")
    for label, seconds in found.items():
        print(f"  {label:40} {seconds:6.2f} s {100 * seconds / total:5.1f}%")


def breakdown(path: Path) -> None:
    """CPU time per history in this process (best of 3, no start-up): the whole run, then with the
    engine replaced by a constant (the plumbing), then without validation too (batch's own part)."""
    sys.path.insert(0, str(REPO))
    import trd_aid.batch.rows as rows
    from trd_aid.batch.run import run_batch
    from trd_aid.batch.sources import open_source
    from trd_aid.engine.verdict import assess_history, judge_history
    from trd_aid.inputs.reading import validate_history
    from trd_aid.knowledge import load_knowledge

    job = rows.new_job()

    def measure() -> float:
        best = float("inf")
        for _ in range(3):
            source, stream = open_source(str(path))
            with open(os.devnull, "wb") as sink:
                started = time.process_time()
                counts = run_batch(source, sink.write, job=job, fmt="jsonl")
                best = min(best, (time.process_time() - started) / counts.rows)
            stream.close()
        return best

    history = {"trials": [{"drug": "sertraline", "dose_mg": 150, "weeks": 8, "outcome": "no_response"}]}
    validated = validate_history(history, "x")
    ready = assess_history(validated, load_knowledge(), with_options=False)
    judged = judge_history(validated, load_knowledge())
    full = measure()
    # the engine out of the way: a row without --options takes its verdicts from judge_history
    setattr(rows, "assess_history", lambda *args, **kwargs: ready)  # noqa: B010
    setattr(rows, "judge_history", lambda *args, **kwargs: judged)  # noqa: B010
    plumbing = measure()
    setattr(rows, "validate_history", lambda *args, **kwargs: None)  # noqa: B010 - and validation
    own = measure()
    for label, seconds in [
        ("the whole run", full),
        ("plumbing: all but the engine", plumbing),
        ("  of which validation (validate_history)", plumbing - own),
        ("  of which batch's own (read, parse, rows, JSON)", own),
    ]:
        print(f"{label:50} {seconds * 1e6:5.0f} µs per history ({1 / seconds:7,.0f} per CPU-second)")
    print(f"plumbing share of the whole run: {plumbing / full:.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to run")
    parser.add_argument("--input-format", choices=["jsonl", "yaml"], default="jsonl")
    parser.add_argument("--options", action="store_true", help="also run with --options")
    parser.add_argument("--plumbing", action="store_true", help="also run with the engine replaced by a constant")
    parser.add_argument("--profile", action="store_true", help="profile one run in this process")
    parser.add_argument("--breakdown", action="store_true", help="CPU time per history, engine and plumbing")
    parser.add_argument("--keep", metavar="FILE", help="write the input to FILE and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.keep) if args.keep else Path(folder) / f"histories.{args.input_format}"
        started = time.perf_counter()
        write_input(path, args.count, args.seed, args.input_format)
        size = path.stat().st_size / 2**20
        print(
            f"{args.count:,} histories, {size:.1f} MiB of {args.input_format}, made in {time.perf_counter() - started:.1f} s"
        )
        if args.profile:
            profile(path, args.options)
            return
        if args.breakdown:
            breakdown(path)
            return
        variants = [("engine", False, False)]
        if args.options:
            variants.append(("engine + --options", True, False))
        if args.plumbing:
            variants.append(("plumbing only", False, True))
        for label, options, plumbing in variants:
            for jobs in [int(j) for j in args.jobs.split(",")]:
                out = Path(folder) / "results.jsonl"
                flags = ["--jobs", str(jobs), "-o", str(out), "--force"] + (["--options"] if options else [])
                seconds, cpu, peak, code, err = run([str(path), *flags], plumbing=plumbing)
                if code != 0:
                    sys.exit(f"trd-aid batch failed ({code}): {err}")
                print(
                    f"{label:20} --jobs {jobs}: {args.count / seconds:9,.0f} histories/s ({seconds:6.1f} s; "
                    f"{args.count / cpu:7,.0f} per CPU-second), peak memory {peak / 1024:4.0f} MiB"
                )
                print(f"{'':20} {err.strip()}")


if __name__ == "__main__":
    main()
