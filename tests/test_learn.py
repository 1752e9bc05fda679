"""`trd-aid learn`: the topics exist, their numbers come from the knowledge base, every worked
example that states a verdict agrees with the engine, and every topic reads at grade 8 or below."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tests.helpers import reading_grade
from trd_aid.cli import app
from trd_aid.engine import assess_history
from trd_aid.engine.staging import stage_history
from trd_aid.inputs.reading import validate_history
from trd_aid.knowledge import KnowledgeError
from trd_aid.knowledge.learn import PLACEHOLDER, Topic, fill, load_topics
from trd_aid.knowledge.models import KnowledgeBase

runner = CliRunner()
TOPICS = load_topics()
REQUIRED = {
    "trd-definition",
    "adequate-dose",
    "adequate-duration",
    "adherence",
    "response",
    "pseudo-resistance",
    "staging-models",
    # Issue 11, "Coverage the seed topics need".
    "supplements",
    "inflammation",
    "bariatric-absorption",
}


def test_the_issue_topics_are_all_there() -> None:
    assert {t.id for t in TOPICS} >= REQUIRED


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_worked_example_agrees_with_the_engine(kb: KnowledgeBase, topic: Topic) -> None:
    example = topic.example
    if not example.expect:
        return
    assert example.history is not None
    history = validate_history(example.history, topic.id)
    for expected in example.expect:
        result = assess_history(history, kb, expected.definition)
        assert (result.adequate_failures, result.meets_definition) == (
            expected.adequate_failures,
            expected.meets_definition,
        ), expected.definition
        if expected.maudsley_total is not None or expected.mgh_total is not None:
            staging = stage_history(history, kb, expected.definition)
            assert staging.maudsley.total == expected.maudsley_total
            assert staging.maudsley.band == expected.maudsley_band
            assert staging.mgh.total == expected.mgh_total
        if expected.thase_rush_stage is not None:
            assert stage_history(history, kb, expected.definition).thase_rush.stage == expected.thase_rush_stage


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_topic_text_quotes_thresholds_only_through_placeholders(kb: KnowledgeBase, topic: Topic) -> None:
    bare = PLACEHOLDER.sub("", topic.text)
    assert not re.search(r"\d", bare), f"{topic.id}: write thresholds as placeholders, not digits"
    assert "{" not in fill(topic.text, kb) and "{" not in fill(topic.example.text, kb)
    assert set(topic.sources) <= set(kb.sources)


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_topic_and_worked_example_read_at_grade_8_or_below(kb: KnowledgeBase, topic: Topic) -> None:
    """Issue 11: patient-facing text at Flesch-Kincaid grade 8 or below, measured after filling in."""
    parts = {"text": topic.text, "example": topic.example.text}
    too_hard = {part: round(reading_grade(fill(text, kb)), 1) for part, text in parts.items()}
    assert {k: v for k, v in too_hard.items() if v > 8.0} == {}


def test_an_unknown_placeholder_fails_loudly(kb: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeError, match="unknown placeholder"):
        fill("at least {mgh-atrq.min_wekes} weeks", kb)


def test_learn_lists_and_shows_topics() -> None:
    listing = runner.invoke(app, ["learn"])
    assert listing.exit_code == 0 and all(t in listing.stdout for t in REQUIRED)
    one = runner.invoke(app, ["learn", "adequate-duration"])
    assert one.exit_code == 0
    assert "at least 6 weeks" in one.stdout and "Worked example" in one.stdout and "[rybak2021]" in one.stdout
    as_json = runner.invoke(app, ["learn", "response", "--json"])
    assert as_json.exit_code == 0 and '"id": "response"' in as_json.stdout


def test_unknown_topic_is_one_line_with_a_suggestion() -> None:
    result = runner.invoke(app, ["learn", "adequate-dos"])
    assert result.exit_code == 2
    assert result.stderr == "trd-aid: error: learn: unknown topic 'adequate-dos'. Did you mean 'adequate-dose'?\n"
