"""The one strict base for every Pydantic model in trd-aid: unknown fields are errors, values are frozen.

Input models (`trd_aid.inputs.history`) unfreeze themselves, because they normalise what a person
wrote (dose text to mg, a duration to weeks) after validation.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    # defer_build: a model's validator is built when it first validates, not when it is defined: a run
    # that reads the wheel's validated knowledge-base copy (knowledge/construct.py) never builds those.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
