"""The knowledge-base models, made from data that was validated when the wheel was built.

The wheel's JSON copy of `treatments.yaml` holds `KnowledgeBase.model_dump(mode="json", by_alias=True)`
of the validated YAML (see `loader.validated_copy`), and the loader uses it only for exactly the YAML
text it was made from. So the objects are made here without validating again: each field as the
dump holds it, nested models and dates rebuilt from the field annotations. With `defer_build`
(strict_model.py), no model's validator is ever built in a run that reads the copy.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from trd_aid.knowledge.models import KnowledgeBase

M = TypeVar("M", bound=BaseModel)
Convert = Callable[[Any], Any]


def constructed(data: dict[str, Any]) -> KnowledgeBase:
    return _build(KnowledgeBase, data)


def _build(model: type[M], values: dict[str, Any]) -> M:
    fields = {name: values[key] if convert is None else convert(values[key]) for name, key, convert in _plan(model)}
    return model.model_construct(**fields)


@functools.cache
def _plan(model: type[BaseModel]) -> list[tuple[str, str, Convert | None]]:
    """(field name, key in the dump, how to rebuild the value or None when it is used as it is)."""
    return [(name, field.alias or name, _converter(field.annotation)) for name, field in model.model_fields.items()]


def _converter(annotation: Any) -> Convert | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return functools.partial(_build, annotation)
    if annotation is dt.date:
        return dt.date.fromisoformat
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        item = _converter(args[0])
        return None if item is None else functools.partial(_each, item)
    if origin is dict:
        value = _converter(args[1])
        return None if value is None else functools.partial(_each_value, value)
    if origin in (typing.Union, types.UnionType):
        options = [_converter(arg) for arg in args if arg is not type(None)]
        if len(options) != 1:
            assert not any(options), f"no way to rebuild {annotation}"
            return None
        inner = options[0]
        return None if inner is None else functools.partial(_unless_none, inner)
    return None  # str, numbers, booleans and Literal values: JSON gives them as the model holds them


def _each(convert: Convert, values: list[Any]) -> list[Any]:
    return [convert(value) for value in values]


def _each_value(convert: Convert, values: dict[str, Any]) -> dict[str, Any]:
    return {key: convert(value) for key, value in values.items()}


def _unless_none(convert: Convert, value: Any) -> Any:
    return None if value is None else convert(value)
