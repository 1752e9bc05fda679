"""`trd-aid quiz`: bundled vignettes, graded by the same engine as `check`, explained trial by trial.

Ctrl-C and end of input are not caught here: the CLI turns them into a goodbye and exit 130.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from trd_aid.interview.prompts import Asker

if TYPE_CHECKING:
    from trd_aid.engine.results import Assessment
    from trd_aid.knowledge.quiz import Vignette

DEFAULT_COUNT = 5
MOST_TRIALS = 30


def parse_count(text: str) -> int:
    """A whole number of trials; anything else is asked again."""
    from trd_aid.interview.parsing import small_number

    number = small_number(text.strip())
    if number is None or number > MOST_TRIALS:
        raise ValueError("Please type a whole number of trials, for example 2.")
    return number


def pick(vignettes: list[Vignette], seed: int | None, count: int | None) -> list[Vignette]:
    """The questions in a shuffled order; the same seed always gives the same order."""
    order = list(vignettes)
    random.Random(seed).shuffle(order)
    return order[: min(count or DEFAULT_COUNT, len(order))]


def run_quiz(*, seed: int | None, count: int | None) -> None:
    from trd_aid.engine import assess_history
    from trd_aid.inputs.reading import validate_history
    from trd_aid.knowledge import load_knowledge
    from trd_aid.knowledge.quiz import load_vignettes
    from trd_aid.render.layout import make_console

    kb = load_knowledge()
    questions = pick(load_vignettes(), seed, count)
    a = Asker(make_console())
    a.say("trd-aid quiz", bold=True)
    a.say(
        f"{len(questions)} short histories (invented people). For each, say how many adequate trials that "
        "did not help enough count under the named definition, and whether the definition is met. "
        "The answers come from the same rules as `trd-aid check`. Ctrl-C stops at any time."
    )
    score = 0
    for number, vignette in enumerate(questions, start=1):
        history = validate_history(vignette.history, f"quiz vignette {vignette.id}")
        assessment = assess_history(history, kb, vignette.definition, with_options=False)
        score += ask_one(a, number, len(questions), vignette, assessment)
    a.heading(f"Score: {score} of {len(questions)}")
    a.say("`trd-aid learn` explains each idea with a worked example.")


def ask_one(a: Asker, number: int, total: int, vignette: Vignette, assessment: Assessment) -> int:
    d = assessment.definition
    a.heading(f"Question {number} of {total}: {vignette.title}")
    a.say(" ".join(vignette.story.split()))
    a.hint(f"Definition: {d.short_name}. {d.summary}")
    given = a.ask(
        f"How many adequate trials that did not help enough count under {d.short_name}?",
        parse_count,
        "Type a whole number, for example 2.",
    )
    met = a.yes_no(f"Is the {d.short_name} definition met?")
    right = given == assessment.adequate_failures and met == assessment.meets_definition
    answer = (
        f"{assessment.adequate_failures} adequate failed trial(s); the definition is "
        f"{'met' if assessment.meets_definition else 'not met'}."
    )
    a.say()
    if right:
        a.say(f"Right: {answer}", bold=True)
    else:
        a.say(f"Not quite. The answer: {answer} You said {given} and {'yes' if met else 'no'}.", bold=True)
    explain(a, assessment)
    return int(right)


def explain(a: Asker, assessment: Assessment) -> None:
    a.say("Trial by trial:")
    for t in assessment.trials:
        name = t.drug or t.input_name
        if t.input_name.lower() != name.lower():
            name = f"{name} ({t.input_name})"
        status = "counts" if t.counts else "does not count"
        a.say(f"{t.number}. {name}: {status}")
        for reason in t.reasons:
            a.hint(f"- {reason}")
    for o in assessment.other_treatments:
        a.say(f"{o.name} ({o.kind.replace('_', ' ')}): not an antidepressant trial, so it is not counted.")
    a.say(assessment.verdict)
