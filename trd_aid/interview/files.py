"""Reading a saved history to start from, and saving the answers as a private (0600) history file."""

from __future__ import annotations

import os
from typing import Any

from trd_aid.errors import InputError
from trd_aid.interview.answers import Answers, from_history

HEADER = (
    "# An antidepressant history written by `trd-aid interview`.\n"
    "# Check it with `trd-aid check THIS_FILE`; change it with `trd-aid interview --load THIS_FILE`.\n"
)


def load_answers(path: str) -> Answers:
    from trd_aid.inputs.reading import parse_document, read_source, validate_history

    text, origin = read_source(path)
    return from_history(validate_history(parse_document(text, origin), origin))


def check_can_write(path: str, force: bool) -> None:
    """Refuse before the first question, not after the last one."""
    if os.path.lexists(path) and not force:
        raise InputError(f"{path} already exists; trd-aid does not overwrite it. Choose another name, or add --force.")
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise InputError(f"cannot save to {path}: the folder {folder} does not exist")
    if os.path.isdir(path):
        raise InputError(f"cannot save to {path}: it is a folder")


def save_history(path: str, history: dict[str, Any], force: bool) -> None:
    import yaml

    text = HEADER + yaml.safe_dump(history, sort_keys=False, allow_unicode=True)
    try:
        if force and os.path.lexists(path) and not os.path.isdir(path):
            os.unlink(path)  # so the new file is created 0600 whatever the old file's mode was
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise InputError(f"{path} already exists; trd-aid does not overwrite it. Choose another name.") from None
    except OSError as exc:
        raise InputError(f"cannot save to {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
