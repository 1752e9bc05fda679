"""Reading a saved history to start from, and saving the answers as a private (0600) history file."""

from __future__ import annotations

from typing import Any

from trd_aid.errors import InputError
from trd_aid.interview.answers import Answers, from_history
from trd_aid.private_files import check_can_write, write_private

__all__ = ["check_can_write", "load_answers", "save_history"]

HEADER = (
    "# An antidepressant history written by `trd-aid interview`.\n"
    "# Check it with `trd-aid check THIS_FILE`; change it with `trd-aid interview --load THIS_FILE`.\n"
)


def load_answers(path: str) -> Answers:
    from trd_aid.inputs.documents import parse_document, read_source
    from trd_aid.inputs.reading import validate_history

    text, origin = read_source(path)
    history = validate_history(parse_document(text, origin), origin)
    if history.prescriptions:
        raise InputError(
            f"{origin} holds prescription records, which the interview does not edit; "
            f"`trd-aid check {origin}` shows their result.",
            field="prescriptions",
        )
    return from_history(history)


def save_history(path: str, history: dict[str, Any], force: bool) -> None:
    import yaml

    write_private(path, HEADER + yaml.safe_dump(history, sort_keys=False, allow_unicode=True), force)
