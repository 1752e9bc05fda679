"""Read a document (a file, standard input, a device or a FIFO) and parse it as YAML or JSON.

Every problem becomes an `InputError` that names where it is; YAML is read with the safe loader,
so tags such as `!!python/object` are refused, never executed. At most `MAX_BYTES` are read; a key
given twice is refused rather than silently replaced.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from trd_aid.errors import InputError
from trd_aid.safe_text import shown

MAX_BYTES = 1_000_000
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
    handle = open_named_file(source, "a history file")
    try:
        with handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror})") from None
    return _decoded(data, source), source


def open_named_file(source: str, holds: str) -> IO[bytes]:
    """Open a file named on the command line, for reading bytes; each way it can fail is one InputError
    naming it. `holds` says what the file should be, for the folder case ("a history file")."""
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError(f"{source} is a folder, not {holds}")
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{source} is a folder, not {holds}") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror})") from None


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
