"""`data/learn.yaml`: the learning topics, validated, with thresholds filled in from the knowledge base.

A topic's text never types a threshold; it writes a placeholder such as `{mgh-atrq.min_weeks}`,
filled in here from `treatments.yaml`, so each number keeps its one sourced home.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from pydantic import Field, ValidationError

from trd_aid.knowledge.loader import KnowledgeError, data_file, load_yaml_data
from trd_aid.knowledge.models import KnowledgeBase
from trd_aid.strict_model import StrictModel

PLACEHOLDER = re.compile(r"\{([a-z0-9_.\-]+)\}")


class Expectation(StrictModel):
    """What the engine must say of a worked example's history, under one definition."""

    definition: str
    adequate_failures: int = Field(ge=0)
    meets_definition: bool
    maudsley_total: int | None = None
    maudsley_band: str | None = None
    mgh_total: float | None = None
    thase_rush_stage: int | None = None


class WorkedExample(StrictModel):
    text: str
    history: dict[str, Any] | None = None
    expect: list[Expectation] = []


class Topic(StrictModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    text: str
    example: WorkedExample
    sources: list[str] = Field(min_length=1)


class LearnFile(StrictModel):
    schema_version: int
    topics: list[Topic] = Field(min_length=1)


@functools.cache
def load_topics() -> list[Topic]:
    raw = load_yaml_data("learn.yaml")
    try:
        topics = LearnFile.model_validate(raw).topics
    except ValidationError as exc:
        raise KnowledgeError(f"{data_file('learn.yaml')}: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from None
    ids = [t.id for t in topics]
    if len(set(ids)) != len(ids):
        raise KnowledgeError("learn.yaml: two topics share an id")
    return topics


def placeholder_values(kb: KnowledgeBase) -> dict[str, str]:
    """Every value a topic may quote, keyed by the name used between braces."""
    values: dict[str, str] = {"adherence_good_means": kb.settings.adherence_good_means}
    bands = kb.settings.outcome_bands
    values["outcome.no_response_below_pct"] = f"{bands.no_response_below_pct:g}"
    values["outcome.response_at_least_pct"] = f"{bands.response_at_least_pct:g}"
    for d in kb.definitions:
        values[f"{d.id}.min_weeks"] = f"{d.min_weeks:g}"
        values[f"{d.id}.failure_below_pct"] = f"{d.failure_below_pct:g}"
        values[f"{d.id}.required_failures"] = str(d.required_failures)
    for drug in kb.drugs:
        for basis, dose in drug.min_dose.items():
            values[f"drug.{drug.id}.{basis}"] = f"{dose.mg_per_day:g}"
        if drug.label_max is not None:
            values[f"drug.{drug.id}.label_max"] = f"{drug.label_max.mg_per_day:g}"
    if kb.staging is not None:
        msm, mgh = kb.staging.maudsley, kb.staging.mgh.scoring
        levels = msm.bands.levels
        values["maudsley.min_total"] = str(levels[0].from_points)
        values["maudsley.max_total"] = str(levels[-1].to_points)
        for band in levels:
            values[f"maudsley.band.{band.id}"] = f"{band.from_points}-{band.to_points}"
        for name in ("per_failed_trial", "min_trial_weeks", "per_optimised_trial", "per_augmented_trial", "ect"):
            values[f"mgh.{name}"] = f"{getattr(mgh, name):g}"
    return values


def fill(text: str, kb: KnowledgeBase) -> str:
    """The text with its placeholders filled in and its line breaks folded; an unknown name is a KnowledgeError."""
    values = placeholder_values(kb)

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KnowledgeError(f"learn.yaml: unknown placeholder {{{key}}}")
        return values[key]

    return PLACEHOLDER.sub(one, " ".join(text.split()))
