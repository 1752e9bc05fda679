"""`data/quiz.yaml`: the quiz vignettes, validated. Each is a history, a definition and a stated answer."""

from __future__ import annotations

import functools
from typing import Any

from pydantic import Field, ValidationError

from trd_aid.knowledge.loader import KnowledgeError, load_yaml_data
from trd_aid.strict_model import StrictModel


class StatedAnswer(StrictModel):
    adequate_failures: int = Field(ge=0)
    meets_definition: bool


class Vignette(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    definition: str
    story: str
    history: dict[str, Any]  # the normal history input contract, validated where it is used
    answer: StatedAnswer


class QuizFile(StrictModel):
    schema_version: int
    vignettes: list[Vignette] = Field(min_length=1)


@functools.cache
def load_vignettes() -> list[Vignette]:
    try:
        vignettes = QuizFile.model_validate(load_yaml_data("quiz.yaml")).vignettes
    except ValidationError as exc:
        first = exc.errors()[0]
        raise KnowledgeError(f"quiz.yaml: {first['loc']}: {first['msg']}") from None
    ids = [v.id for v in vignettes]
    if len(set(ids)) != len(ids):
        raise KnowledgeError("quiz.yaml: two vignettes share an id")
    return vignettes
