"""Engine throughput: histories judged per second, in-process, on one core.

Run: python benchmarks/engine.py [--histories N] [--seed S] [--repeat R]

Seeded synthetic histories (1-6 trials; names, brands and formulations from the knowledge base;
doses around each drug's thresholds; every outcome, adherence and episode; other treatments, risk
factors, ages and severities) are validated first, outside the timing. Then each is judged:

- "judged": every trial under every definition, and the verdict under each (`judge_history`);
- "assessed": the same, written up as `check --json` shows it, without the options
  (`assess_history(..., with_options=False)`);
- "with options": the same, plus the next-step options tailored to the history (what `check` does).

Each of the R passes judges N histories never judged before (a batch sees each history once), so
what the engine keeps between histories helps only as far as histories share doses, durations and
outcomes. The best pass is printed for each, as histories per second.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable
from typing import Any

from trd_aid.engine import assess_history
from trd_aid.engine.verdict import judge_history
from trd_aid.errors import InputError
from trd_aid.inputs.history import HistoryInput
from trd_aid.inputs.reading import validate_history
from trd_aid.knowledge import load_knowledge
from trd_aid.knowledge.models import Drug, KnowledgeBase
from trd_aid.vocabulary import RISK_FACTORS, SEVERITIES

OUTCOMES = ["no_response", "partial_response", "response", "remission", "side_effects"]


def _names(drug: Drug) -> list[str]:
    names = [drug.display_name, *drug.aliases, *(b.name for b in drug.brands)]
    names += [f"{drug.display_name} {form.tokens[0]}" for form in drug.formulations]
    return names


def _trial(rng: random.Random, drug: Drug) -> dict[str, Any]:
    trial: dict[str, Any] = {"drug": rng.choice(_names(drug))}
    minimum = drug.min_dose.get("atrq") or next(iter(drug.min_dose.values()), None)
    top = drug.label_max.mg_per_day if drug.label_max else None
    if minimum is not None:
        dose = minimum.mg_per_day * rng.choice([0.5, 0.75, 1, 1, 1.5, 2])
        trial["dose_mg"] = round(min(dose, top) if top else dose, 1)
    elif top is not None:
        trial["dose_mg"] = round(top * rng.choice([0.25, 0.5, 1]), 1)
    if rng.random() < 0.5:
        trial["weeks"] = rng.choice([2, 3, 4, 6, 8, 10, 12, 16])
    else:
        trial["duration"] = rng.choice(["6 weeks", "2 months", "45 days", "3 months", "1 month"])
    roll = rng.random()
    if roll < 0.6:
        trial["outcome"] = rng.choice(OUTCOMES)
    elif roll < 0.9:
        trial["improvement_pct"] = rng.choice([-10, 0, 10, 24, 25, 35, 49, 50, 70, 100])
    else:
        trial["outcome"] = "partial_response"
        trial["improvement_pct"] = rng.choice([30, 40, 45])
    if rng.random() < 0.8:
        trial["adherence"] = rng.choice(["good", "good", "good", "partial", "poor"])
    if rng.random() < 0.15:
        trial["episode"] = "previous"
    if rng.random() < 0.2:
        trial["note"] = "stopped because of nausea"
    return trial


def synthetic_history(rng: random.Random, kb: KnowledgeBase) -> dict[str, Any]:
    judged = [d for d in kb.drugs if d.rule == "threshold" and d.min_dose]
    data: dict[str, Any] = {"trials": [_trial(rng, rng.choice(judged)) for _ in range(rng.randint(1, 6))]}
    if rng.random() < 0.5:
        others = rng.sample(kb.other_treatments, rng.randint(0, 3))
        data["other_treatments"] = [
            {"treatment": o.name, "outcome": rng.choice(OUTCOMES[:4]), "weeks": rng.choice([4, 8, 12])} for o in others
        ]
    if rng.random() < 0.6:
        data["severity"] = rng.choice(list(SEVERITIES))
    if rng.random() < 0.5:
        data["episode_months"] = rng.choice([3, 8, 14, 30, 60])
    if rng.random() < 0.5:
        data["age"] = rng.randint(16, 90)
    if rng.random() < 0.4:
        data["risk_factors"] = rng.sample(list(RISK_FACTORS), rng.randint(1, 3))
    if rng.random() < 0.1:
        data["pregnancy_or_breastfeeding"] = True
    return data


def synthetic_histories(count: int, seed: int, kb: KnowledgeBase) -> list[HistoryInput]:
    """`count` valid histories; a generated one the engine refuses (a rare implausible combination) is
    redrawn. They are tried on a copy of the knowledge base, so that nothing the engine keeps for the
    one being timed comes from them."""
    rng = random.Random(seed)
    checker = load_knowledge.__wrapped__()
    histories: list[HistoryInput] = []
    while len(histories) < count:
        try:
            history = validate_history(synthetic_history(rng, kb), "benchmark")
            assess_history(history, checker, with_options=False)
        except InputError:
            continue
        histories.append(history)
    return histories


def rate(batches: list[list[HistoryInput]], judge: Callable[[HistoryInput], object]) -> float:
    """Histories per second in the fastest pass, one pass per batch."""
    best = 0.0
    for batch in batches:
        start = time.perf_counter()
        for history in batch:
            judge(history)
        best = max(best, len(batch) / (time.perf_counter() - start))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--histories", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kb = load_knowledge()
    count, repeat = args.histories, args.repeat
    histories = synthetic_histories(count * repeat, args.seed, kb)
    batches = [histories[i * count : (i + 1) * count] for i in range(repeat)]
    # A batch reads its histories one at a time; holding all of them here would make every full
    # garbage collection walk them. Freezing what exists now keeps the timing to the judging.
    gc.collect()
    gc.freeze()
    trials = sum(len(h.trials) for h in histories)
    print(
        f"{repeat} passes of {count} histories (seed {args.seed}), {trials / len(histories):.1f} trials each on average"
    )
    judged = rate(batches, lambda history: judge_history(history, kb))
    print(f"judged under every definition (judge_history):   {judged:,.0f} histories/s")
    assessed = rate(batches, lambda history: assess_history(history, kb, with_options=False))
    print(f"assessed, no options (assess_history):           {assessed:,.0f} histories/s")
    quarter = [batch[: max(1, count // 4)] for batch in batches]
    options = rate(quarter, lambda history: assess_history(history, kb))
    print(f"assessed with the next-step options:             {options:,.0f} histories/s")


if __name__ == "__main__":
    main()
