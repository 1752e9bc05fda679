"""Read a history from a file, standard input or `-t` strings, and validate it.

Every problem becomes an `InputError` that names where it is; YAML is read with the safe loader,
so tags such as `!!python/object` are refused, never executed. Whatever the source (a file,
standard input, a device or a FIFO), at most `MAX_BYTES` are read; a history holds at most
`MAX_TRIALS` trials; a key given twice is refused rather than silently replaced.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trd_aid.errors import InputError, did_you_mean
from trd_aid.safe_text import shown

if TYPE_CHECKING:
    from pydantic import ValidationError

    from trd_aid.inputs.history import HistoryInput

MAX_BYTES = 1_000_000
# A person has tens of antidepressant trials, not hundreds; many histories are a job for a batch command.
MAX_TRIALS = 100
MAX_OTHER_TREATMENTS = MAX_TRIALS
# A history is four levels deep (history, trials, trial, value); anything much deeper is not a history.
MAX_DEPTH = 16
# No number in a history (mg, weeks, months, percent, years of age) comes near this.
MAX_NUMBER = 10**15


@dataclass(frozen=True)
class HugeNumber:
    """An integer written with too many digits to convert; refused later with its place named."""

    text: str

    @property
    def digits(self) -> int:
        return sum(char.isdigit() for char in self.text)


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


class _Refused(Exception):
    """A problem found while reading the document: a key given twice, or a key that is not a name."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_document(text: str, origin: str) -> Any:
    """YAML or JSON text to Python data, with the line and column of any syntax error."""
    if not text.strip():
        raise InputError(f"{origin} is empty; a history needs a `trials:` list")
    looks_like_json = origin.lower().endswith(".json") or text.lstrip().startswith(("{", "["))
    try:
        return _parse_json(text, origin) if looks_like_json else _parse_yaml(text, origin)
    except RecursionError:
        raise InputError(f"{origin} is nested too deeply to be a history") from None
    except _Refused as exc:
        at = f" at line {exc.line}" if exc.line is not None else ""
        raise InputError(f"{origin}{at}: {exc.message}") from None


def _parse_json(text: str, origin: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except _Refused as exc:
        # json reports no position to the hook; find the first repeated key by scanning the text.
        found = _json_repeated_key(text)
        raise exc if found is None else _Refused(_twice(found[0]), found[1]) from None


def _twice(key: object) -> str:
    return f"the key {shown(key)} is given twice; trd-aid will not guess which one you meant. Keep one."


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(_twice(key), None)
            seen.add(key)
    return result


def _json_int(text: str) -> int | HugeNumber:
    return int(text) if len(text) <= 100 else HugeNumber(text)


def _json_repeated_key(text: str) -> tuple[str, int] | None:
    """The first key repeated within one JSON object, and its line; None when none is found."""
    objects: list[set[str] | None] = []  # a set of keys per open object, None per open list
    expect_key = False
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if char == '"':
            close = position + 1
            while close < end and text[close] != '"':
                close += 2 if text[close] == "\\" else 1
            if expect_key and objects and objects[-1] is not None:
                key = json.loads(text[position : close + 1])
                if key in objects[-1]:
                    return key, text.count("\n", 0, position) + 1
                objects[-1].add(key)
            position = close + 1
            continue
        if char == "{":
            objects.append(set())
            expect_key = True
        elif char == "[":
            objects.append(None)
            expect_key = False
        elif char in "}]":
            if objects:
                objects.pop()
            expect_key = False
        elif char == ",":
            expect_key = bool(objects) and objects[-1] is not None
        elif char == ":":
            expect_key = False
        position += 1
    return None


def _parse_yaml(text: str, origin: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_strict_loader())
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


_LOADER: Any = None


def _strict_loader() -> Any:
    """The safe YAML loader (libyaml's when present) that also refuses repeated and complex keys."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class StrictLoader(base):  # type: ignore[misc]
            def construct_mapping(self, node: Any, deep: bool = False) -> Any:
                _check_keys(node)
                return super().construct_mapping(node, deep=deep)

            def construct_yaml_int(self, node: Any) -> Any:
                try:
                    return super().construct_yaml_int(node)
                except ValueError:  # more digits than Python converts (4,300)
                    return HugeNumber(str(node.value))

        StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
        _LOADER = StrictLoader
    return _LOADER


def _check_keys(node: Any) -> None:
    import yaml

    seen: set[tuple[str, str]] = set()
    for key_node, _ in node.value:
        line = key_node.start_mark.line + 1
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
            raise _Refused(
                f"a key is {kind} (a complex key, written with `? `); keys in a history are plain names "
                "such as trials or drug",
                line,
            )
        if (key_node.tag, key_node.value) in seen:
            raise _Refused(_twice(key_node.value), line)
        seen.add((key_node.tag, key_node.value))


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


__all__ = ["MAX_BYTES", "MAX_TRIALS", "load_history", "parse_document", "read_source", "read_stdin", "validate_history"]
