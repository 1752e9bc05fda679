"""Read a history from a file, standard input or `-t` strings, and validate it.

Every problem becomes an `InputError` that names where it is; YAML is read with the safe loader,
so tags such as `!!python/object` are refused, never executed. Whatever the source (a file,
standard input, a device or a FIFO), at most `MAX_BYTES` are read.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trd_aid.errors import InputError, did_you_mean
from trd_aid.safe_text import shown

if TYPE_CHECKING:
    from pydantic import ValidationError

    from trd_aid.inputs.history import HistoryInput

MAX_BYTES = 1_000_000


def read_stdin() -> str:
    """Standard input, at most `MAX_BYTES`; closed or unreadable input is an `InputError`."""
    stream = sys.stdin
    if stream is None or stream.closed:
        raise InputError(
            "standard input is closed; pipe a history into it (`... | trd-aid check -`), or give a file name"
        )
    try:
        raw = getattr(stream, "buffer", None)
        data = raw.read(MAX_BYTES + 1) if raw is not None else stream.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise InputError(f"standard input cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    return _decoded(data, "standard input")


def _decoded(data: bytes | str, origin: str) -> str:
    if len(data) > MAX_BYTES:
        raise InputError(f"{origin} is larger than 1 MB; a history is much smaller, so trd-aid stops reading")
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{origin} is not a UTF-8 text file (YAML or JSON)") from None


def read_source(source: str, stdin_text: str | None = None) -> tuple[str, str]:
    """The text of a history and a name for messages; `-` means standard input.

    A file, a device or a FIFO is read up to `MAX_BYTES` + 1 bytes, so `/dev/zero` ends at once.
    """
    if source == "-":
        return (read_stdin() if stdin_text is None else _decoded(stdin_text, "standard input")), "standard input"
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError(f"{source} is a folder, not a history file")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{source} is a folder, not a history file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror})") from None
    return _decoded(data, source), source


def parse_document(text: str, origin: str) -> Any:
    """YAML or JSON text to Python data, with the line and column of any syntax error."""
    if not text.strip():
        raise InputError(f"{origin} is empty; a history needs a `trials:` list")
    looks_like_json = origin.lower().endswith(".json") or text.lstrip().startswith(("{", "["))
    if looks_like_json:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{origin} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.constructor.ConstructorError as exc:
        found = re.search(r"'([^']+)'", exc.problem or "")
        tag = found.group(1).replace("tag:yaml.org,2002:", "!!") if found else "(unknown)"
        raise InputError(
            f"{origin}{_mark(exc)}: the YAML tag {tag} is not allowed; "
            "trd-aid reads plain data only and never runs tags"
        ) from None
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{origin} is not valid YAML{_mark(exc)}: {problem}") from None


def _mark(exc: Any) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def validate_history(data: Any, origin: str) -> HistoryInput:
    """Python data to a `HistoryInput`, or an `InputError` naming the trial and the field."""
    from pydantic import ValidationError

    from trd_aid.inputs.history import HistoryInput

    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError(f"{origin} must be a mapping with a `trials:` list, not {kind}")
    try:
        return HistoryInput.model_validate(data)
    except ValidationError as exc:
        raise _first_problem(exc) from None


def _first_problem(exc: ValidationError) -> InputError:
    from trd_aid.inputs.history import HISTORY_FIELDS, OTHER_FIELDS, TRIAL_FIELDS

    # Pydantic reports one error per member of a union; the first error of the first location is enough.
    err = exc.errors(include_url=False)[0]
    loc = list(err["loc"])
    section, index, field_choices = None, None, HISTORY_FIELDS
    if len(loc) >= 2 and loc[0] in ("trials", "other_treatments") and isinstance(loc[1], int):
        section = "trial" if loc[0] == "trials" else "other treatment"
        index = loc[1] + 1
        field_choices = TRIAL_FIELDS if loc[0] == "trials" else OTHER_FIELDS
        loc = loc[2:]
    field = ".".join(str(part) for part in loc if not str(part).startswith(("float", "str", "int"))) or None
    message, suggestion = _describe(err, field, field_choices)
    return InputError(message, trial=index, field=field, suggestion=suggestion, section=section or "trial")


def _describe(err: Any, field: str | None, field_choices: list[str]) -> tuple[str, str | None]:
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        return "is not a known field.", did_you_mean(str(field), field_choices) or (
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


__all__ = ["MAX_BYTES", "load_history", "parse_document", "read_source", "read_stdin", "validate_history"]
