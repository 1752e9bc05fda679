"""Validate a history (plain data, from `documents.py` or `-t` strings) and load one from a source.

Every problem becomes an `InputError` that names where it is; YAML is read with the safe loader,
so tags such as `!!python/object` are refused, never executed. Whatever the source (a file,
standard input, a device or a FIFO), at most `MAX_BYTES` are read; a history holds at most
`MAX_TRIALS` trials; a key given twice is refused rather than silently replaced.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from trd_aid.errors import InputError, did_you_mean
from trd_aid.inputs.documents import MAX_NUMBER, HugeNumber, parse_document, read_source
from trd_aid.safe_text import shown

if TYPE_CHECKING:
    from pydantic import ValidationError

    from trd_aid.inputs.history import HistoryInput

# A person has tens of antidepressant trials, not hundreds; many histories are a job for a batch command.
MAX_TRIALS = 100
MAX_OTHER_TREATMENTS = MAX_TRIALS
# A history is four levels deep (history, trials, trial, value); anything much deeper is not a history.
MAX_DEPTH = 16


def validate_history(data: Any, origin: str) -> HistoryInput:
    """Python data to a `HistoryInput`, or an `InputError` naming the trial and the field."""
    from pydantic import ValidationError

    from trd_aid.inputs.history import HistoryInput

    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError(f"{origin} must be a mapping with a `trials:` list, not {kind}")
    _check_sizes(data)
    _check_plain_data(data, origin)
    try:
        history = HistoryInput.model_validate(data)
    except ValidationError as exc:
        raise _first_problem(exc) from None
    from trd_aid.inputs.dated import check_history

    return check_history(history)


def _check_sizes(data: dict[Any, Any]) -> None:
    """A history is one person's: refuse a list of trials no person has, before any work on it."""
    from trd_aid.inputs.history import MAX_PRESCRIPTIONS

    for key, limit, what in (
        ("trials", MAX_TRIALS, "trials"),
        ("other_treatments", MAX_OTHER_TREATMENTS, "other treatments"),
        ("prescriptions", MAX_PRESCRIPTIONS, "prescription records"),
    ):
        items = data.get(key)
        if isinstance(items, list) and len(items) > limit:
            raise InputError(
                f"the list has {len(items):,} {what}; one history holds at most {limit} (a person has tens of "
                "trials, not hundreds). To check many histories, use `trd-aid batch`.",
                field=key,
            )


def _check_plain_data(data: Any, origin: str) -> None:
    """Refuse what no history holds: nesting deeper than `MAX_DEPTH`, a key that is not a name, a number too
    large to convert, NaN or infinity. Each shared (aliased) part is seen once; the first problem is named."""
    found = _first_unplain(data, 0, {id(data)})
    if found is not None:
        path = tuple(reversed(found[0]))
        if found[2]:  # too deep: name the trial, or the top-level key
            path = path[:2] if path[0] in ("trials", "other_treatments", "prescriptions") else path[:1]
        raise _located(path, found[1])


def _first_unplain(value: Any, depth: int, seen: set[int]) -> tuple[list[Any], str, bool] | None:
    """The first problem in a mapping or list, in document order: (path reversed, message, too deep?)."""
    if depth >= MAX_DEPTH:
        return [], f"is nested more than {MAX_DEPTH} levels deep; a history is a few levels.", True
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                return [], f"the key {shown(key)} is not a name; keys are words such as drug or weeks.", False
    items: Any = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        if type(child) is str:
            continue
        if isinstance(child, (dict, list)):
            if id(child) in seen:
                continue
            seen.add(id(child))
            found = _first_unplain(child, depth + 1, seen)
            if found is not None:
                found[0].append(key)
                return found
        elif isinstance(child, HugeNumber):
            return [key], f"a number with {child.digits:,} digits is far too large; check the value.", False
        elif isinstance(child, int) and not isinstance(child, bool) and abs(child) >= MAX_NUMBER:
            return [key], f"{shown(child)} is far too large; check the value.", False
        elif isinstance(child, float) and not math.isfinite(child):
            return [key], f"{shown(child)} is not a number.", False
    return None


def _place(loc: list[Any]) -> tuple[str, int | None, str | None, list[str]]:
    """A location in the data as (section, 1-based trial number, field, the fields known there)."""
    from trd_aid.inputs.history import ADD_ON_FIELDS, HISTORY_FIELDS, OTHER_FIELDS, PRESCRIPTION_FIELDS, TRIAL_FIELDS

    sections = {
        "trials": ("trial", TRIAL_FIELDS),
        "other_treatments": ("other treatment", OTHER_FIELDS),
        "prescriptions": ("record", PRESCRIPTION_FIELDS),
    }
    section, index, field_choices = "trial", None, HISTORY_FIELDS
    if len(loc) >= 2 and loc[0] in sections and isinstance(loc[1], int):
        section, field_choices = sections[loc[0]]
        index = loc[1] + 1
        loc = loc[2:]
        if len(loc) >= 2 and loc[0] == "add_ons" and isinstance(loc[1], int):
            # "add_ons[1].treatment": the add-on counted from 1, as the trial is
            loc = [f"add_ons[{loc[1] + 1}]", *loc[2:]]
            field_choices = ADD_ON_FIELDS
    field = ".".join(str(part) for part in loc if not str(part).startswith(("float", "str", "int"))) or None
    return section, index, field, field_choices


def _located(path: tuple[Any, ...], message: str) -> InputError:
    section, index, field, _ = _place(list(path))
    return InputError(message, trial=index, field=field, section=section)


def _first_problem(exc: ValidationError) -> InputError:
    # Pydantic reports one error per member of a union; the first error of the first location is enough.
    err = exc.errors(include_url=False)[0]
    section, index, field, field_choices = _place(list(err["loc"]))
    message, suggestion = _describe(err, field, field_choices)
    return InputError(message, trial=index, field=field, suggestion=suggestion, section=section)


def _describe(err: Any, field: str | None, field_choices: list[str]) -> tuple[str, str | None]:
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        name = str(field).rsplit(".", 1)[-1]
        if str(field).startswith("add_ons[") and name in ("outcome", "improvement_pct", "later"):
            return "is not a field of an add-on: a regimen has one outcome, given on its trial.", None
        return "is not a known field.", did_you_mean(name, field_choices) or (
            f"Known fields: {', '.join(field_choices)}."
        )
    if kind == "missing":
        return "is required.", None
    if kind == "literal_error":
        expected = [part.strip(" '") for part in err["ctx"]["expected"].replace(" or ", ", ").split(",")]
        suggestion = did_you_mean(str(value), expected, cutoff=60) if isinstance(value, str) else None
        return f"{shown(value)} is not one of: {', '.join(expected)}.", suggestion
    if kind == "value_error":
        return f"{err['ctx']['error']}.", None
    if kind == "too_short" and field == "trials":
        return "the list is empty; add at least one antidepressant trial.", None
    if kind in {"float_parsing", "float_type"}:
        return f"{shown(value)} is not a number.", None
    if kind in {"list_type", "model_type", "dict_type"}:
        return f"has the wrong shape: {err['msg'].lower()}.", None
    return f"{err['msg']}.", None


def history_from_trial_texts(texts: list[str]) -> dict[str, Any]:
    """`-t "Zoloft 100 mg 8 weeks no response"` strings to the input contract's mapping."""
    from trd_aid.inputs.trial_text import parse_trial_text

    trials = []
    for number, text in enumerate(texts, start=1):
        try:
            trials.append(parse_trial_text(text))
        except ValueError as exc:
            raise InputError(str(exc), trial=number, field="-t") from None
    return {"trials": trials}


def load_history(source: str | None, trial_texts: list[str], stdin_text: str | None = None) -> HistoryInput:
    if trial_texts:
        return validate_history(history_from_trial_texts(trial_texts), "-t")
    assert source is not None
    text, origin = read_source(source, stdin_text)
    return validate_history(parse_document(text, origin), origin)


__all__ = ["MAX_TRIALS", "load_history", "validate_history"]
