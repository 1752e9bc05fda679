"""`trd-aid quiz`: every bundled vignette's stated answer agrees with the engine, the order is
reproducible, and the quiz is driven through a real pseudo-terminal."""

from __future__ import annotations

import os
import sys

import pexpect  # type: ignore[import-untyped]
import pytest

from tests.helpers import in_order, run
from trd_aid.engine import assess_history
from trd_aid.inputs.reading import validate_history
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.knowledge.quiz import Vignette, load_vignettes
from trd_aid.quiz import DEFAULT_COUNT, parse_count, pick

VIGNETTES = load_vignettes()
ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
ENV.pop("FORCE_COLOR", None)


def test_at_least_twenty_vignettes_under_known_definitions(kb: KnowledgeBase) -> None:
    assert len(VIGNETTES) >= 20
    assert {v.definition for v in VIGNETTES} <= {d.id for d in kb.definitions}
    assert len({v.definition for v in VIGNETTES}) == len(kb.definitions), "practise every definition"
    assert {v.answer.meets_definition for v in VIGNETTES} == {True, False}


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.id)
def test_stated_answer_agrees_with_the_engine(kb: KnowledgeBase, vignette: Vignette) -> None:
    result = assess_history(validate_history(vignette.history, vignette.id), kb, vignette.definition)
    assert (result.adequate_failures, result.meets_definition) == (
        vignette.answer.adequate_failures,
        vignette.answer.meets_definition,
    )


def test_seed_gives_the_same_order_and_count_limits_it() -> None:
    assert [v.id for v in pick(VIGNETTES, 7, 5)] == [v.id for v in pick(VIGNETTES, 7, 5)]
    assert [v.id for v in pick(VIGNETTES, 7, 20)] != [v.id for v in pick(VIGNETTES, 8, 20)]
    assert len(pick(VIGNETTES, 1, None)) == DEFAULT_COUNT
    assert len(pick(VIGNETTES, 1, 1000)) == len(VIGNETTES)


def test_parse_count() -> None:
    assert parse_count(" 2 ") == 2
    assert parse_count("0") == 0
    for bad in ("", "two", "-1", "1.5", "999"):
        with pytest.raises(ValueError, match="whole number"):
            parse_count(bad)


# --- through a real pseudo-terminal ---------------------------------------------------------------


def first_question(seed: int) -> Vignette:
    return pick(VIGNETTES, seed, 1)[0]


def spawn(*args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable, ["-m", "trd_aid", "quiz", *args], env=ENV, encoding="utf-8", timeout=20, dimensions=(40, 100)
    )


def test_right_answer_scores_one() -> None:
    v = first_question(3)
    met = "yes" if v.answer.meets_definition else "no"
    code, out, err = run("quiz", "--seed", "3", "--count", "1", stdin=f"{v.answer.adequate_failures}\n{met}\n")
    assert (code, err) == (0, "")
    in_order(
        out, f"Question 1 of 1: {v.title}", "How many adequate trials", "Right:", "Trial by trial:", "Score: 1 of 1"
    )


def test_wrong_and_bad_answers_are_explained_and_reasked() -> None:
    v = first_question(5)
    typed = f"two\n{v.answer.adequate_failures + 1}\nperhaps\nyes\n"
    code, out, err = run("quiz", "--seed", "5", "--count", "1", stdin=typed)
    assert (code, err) == (0, "")
    in_order(
        out, "whole number of trials", "yes or no", "Not quite. The answer:", "Trial by trial:", "1. ", "Score: 0 of 1"
    )


def test_end_of_input_exits_130_quietly() -> None:
    code, out, err = run("quiz", "--seed", "1", stdin="")
    assert code == 130 and "How many adequate trials" in out
    assert "Stopped." in err and "Traceback" not in err


@pytest.mark.slow
def test_ctrl_c_in_a_terminal_exits_130_quietly() -> None:
    child = spawn("--seed", "1")
    child.expect_exact("How many adequate trials")
    child.expect_exact("> ")
    child.sendintr()
    child.expect_exact("Stopped.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in str(child.before)
