"""Files trd-aid writes hold health data: created 0600, never over an existing file unless asked."""

from __future__ import annotations

import os

from trd_aid.errors import InputError


def check_can_write(path: str, force: bool, *, what: str = "save") -> None:
    """Refuse early (before the questions, before the work) when the file cannot or may not be written."""
    if os.path.isdir(path):
        raise InputError(f"cannot {what} to {path}: it is a folder")
    if os.path.lexists(path) and not force:
        raise InputError(f"{path} already exists; trd-aid does not overwrite it. Choose another name, or add --force.")
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise InputError(f"cannot {what} to {path}: the folder {folder} does not exist")


def write_private(path: str, text: str, force: bool, *, what: str = "save") -> None:
    """Write `text` to a new file readable only by its owner (mode 0600)."""
    try:
        if force and os.path.lexists(path) and not os.path.isdir(path):
            os.unlink(path)  # so the new file is created 0600 whatever the old file's mode was
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise InputError(f"{path} already exists; trd-aid does not overwrite it. Choose another name.") from None
    except OSError as exc:
        raise InputError(f"cannot {what} to {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
