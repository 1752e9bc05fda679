"""Each vocabulary is defined once: its words cover exactly the values the input contract accepts."""

from __future__ import annotations

import pytest

from trd_aid.vocabulary import (
    ADHERENCE_TERMS,
    ADHERENCES,
    EPISODE_TERMS,
    EPISODES,
    OUTCOME_TERMS,
    OUTCOMES,
    Term,
)


@pytest.mark.parametrize(
    ("terms", "values"),
    [(OUTCOME_TERMS, OUTCOMES), (ADHERENCE_TERMS, ADHERENCES), (EPISODE_TERMS, EPISODES)],
    ids=["outcome", "adherence", "episode"],
)
def test_words_for_every_value_in_the_contract_order(terms: dict[str, Term], values: tuple[str, ...]) -> None:
    assert tuple(terms) == values
    assert all(t.value == key and t.short and t.long and t.ask for key, t in terms.items())


def test_every_outcome_can_be_written_in_a_phrase() -> None:
    assert all(t.phrases for t in OUTCOME_TERMS.values())
