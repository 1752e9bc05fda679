"""Start-up latency: `trd-aid check --example --json` against a bare import of the stack.

Run: python benchmarks/startup.py [--runs N]
Both commands run alternately in fresh processes; the medians and their ratio are printed.
The aim (issue 2) is a ratio of at most 1.3.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import typer, rich, pydantic, yaml"]
CHECK = [sys.executable, "-m", "trd_aid", "check", "--example", "--json"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    timed(BASELINE), timed(CHECK)  # warm the file cache and bytecode
    baseline, check = [], []
    for _ in range(runs):
        baseline.append(timed(BASELINE))
        check.append(timed(CHECK))
    b, c = statistics.median(baseline), statistics.median(check)
    print(f"bare import of typer, rich, pydantic, yaml: median {b * 1000:.0f} ms over {runs} runs")
    print(f"trd-aid check --example --json:             median {c * 1000:.0f} ms over {runs} runs")
    print(f"ratio: {c / b:.2f} (aim: at most 1.30)")


if __name__ == "__main__":
    main()
