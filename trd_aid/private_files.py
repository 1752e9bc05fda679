"""Files trd-aid writes hold health data: created 0600, whole or not at all, never over a file unasked.

Every write goes to a new temporary file in the target's folder, created with mode 0600 (so no
other user can ever read it, whatever the umask), written, flushed to disk, and only then put in
place: renamed over the target with --force, or hard-linked to the target name without it, which
fails rather than replace anything that appeared in the meantime. On any error the temporary file
is removed and an old file is left as it was. --force replaces a regular file or a symbolic link
(the link itself, never what it points to), nothing else: not a device such as /dev/null, a FIFO,
a socket or /dev/stdout.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator

from trd_aid.errors import InputError

_TEMP_PREFIX = ".trd-aid-"
_TEMP_SUFFIX = ".tmp"
# Where hard links are not supported (FAT, some network file systems) the target is created directly.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}


def _folder(path: str) -> str:
    return os.path.dirname(path) or "."


def _kind(mode: int) -> str | None:
    """What a file that --force may not replace is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_what_is_there(path: str, force: bool, what: str) -> bool:
    """Refuse a target that may not be replaced; True when something replaceable is there."""
    try:
        here = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise InputError(f"cannot {what} to {path}: {exc.strerror}") from None
    if stat.S_ISDIR(here.st_mode):
        raise InputError(f"cannot {what} to {path}: it is a folder")
    if stat.S_ISLNK(here.st_mode):
        try:
            kind = _kind(os.stat(path).st_mode)  # what the link points to: /dev/stdout is a link to a device or pipe
        except OSError:
            kind = None  # a link to nothing: replacing the link harms nothing
    else:
        kind = _kind(here.st_mode)
    if kind is not None:
        raise InputError(
            f"cannot {what} to {path}: it is {kind}, not a regular file. "
            "trd-aid writes only regular files, and --force replaces only a regular file or a symbolic link."
        )
    if not force:
        raise _exists(path)
    return True


def _exists(path: str) -> InputError:
    return InputError(f"{path} already exists; trd-aid does not overwrite it. Choose another name, or add --force.")


def _failed(what: str, path: str, exc: OSError, kept: str = "") -> InputError:
    return InputError(f"cannot {what} to {path}: {exc.strerror or exc}.{kept}")


def _new_temp(folder: str) -> tuple[int, str]:
    """A new, empty temporary file in `folder`, mode 0600 from the moment it exists."""
    while True:
        temp = os.path.join(folder, f"{_TEMP_PREFIX}{secrets.token_hex(8)}{_TEMP_SUFFIX}")
        try:
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
        except FileExistsError:
            continue
        os.fchmod(fd, 0o600)  # exactly 0600 even under an unusual umask such as 0277
        return fd, temp


def check_can_write(path: str, force: bool, *, what: str = "save") -> None:
    """Refuse early (before the questions, before the work) when the file cannot or may not be written.

    Besides the checks on the target, a temporary file is created and removed in the folder, so an
    unwritable folder (permissions, a read-only disk) is found before anyone answers a question.
    """
    _refuse_what_is_there(path, force, what)
    folder = _folder(path)
    if not os.path.isdir(folder):
        raise InputError(f"cannot {what} to {path}: the folder {folder} does not exist")
    try:
        fd, temp = _new_temp(folder)
    except OSError as exc:
        raise InputError(f"cannot {what} to {path}: the folder {folder} is not writable ({exc.strerror})") from None
    os.close(fd)
    _remove(temp)


def write_private(path: str, text: str, force: bool, *, what: str = "save") -> None:
    """Write `text` as the file `path`, readable only by its owner (mode 0600), atomically.

    Without `force` an existing file is never replaced; with it, only a regular file or a symbolic link
    is. Any failure (a full disk, a folder that became read-only) is an `InputError`; the old file is
    then unchanged and no partial or temporary file is left behind.
    """
    replacing = _refuse_what_is_there(path, force, what)
    folder = _folder(path)
    data = text.encode("utf-8")
    kept = " The file that was there is unchanged." if replacing else ""
    temp: str | None = None
    try:
        fd, temp = _new_temp(folder)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if _publish(temp, path, folder, force, what, kept):
            temp = None
    except OSError as exc:  # making or writing the temporary file (_publish says its own errors)
        raise _failed(what, path, exc, kept) from None
    finally:
        if temp is not None:
            _remove(temp)


class PrivateStream:
    """What `private_stream` yields: `write(bytes)`; a failing write is an `InputError`."""

    def __init__(self, fd: int, path: str, what: str) -> None:
        self._handle = os.fdopen(fd, "wb", buffering=1 << 16)
        self._path = path
        self._what = what

    def write(self, data: bytes) -> None:
        try:
            self._handle.write(data)
        except OSError as exc:
            raise _failed(self._what, self._path, exc) from None


@contextlib.contextmanager
def private_stream(path: str, force: bool, *, what: str = "save") -> Iterator[PrivateStream]:
    """`write_private` for output made piece by piece (`trd-aid batch`): the pieces go to the
    temporary file, which takes the name `path` only when the `with` block ends without an error.
    An error or Ctrl-C in the block leaves no file behind, and an old file as it was."""
    replacing = _refuse_what_is_there(path, force, what)
    folder = _folder(path)
    kept = " The file that was there is unchanged." if replacing else ""
    try:
        fd, temp = _new_temp(folder)
    except OSError as exc:
        raise _failed(what, path, exc, kept) from None
    moved = False
    try:
        stream = PrivateStream(fd, path, what)
        with stream._handle:
            yield stream  # the caller's own errors pass through unchanged, and the file is dropped
            try:
                stream._handle.flush()
                os.fsync(stream._handle.fileno())
            except OSError as exc:
                raise _failed(what, path, exc, kept) from None
        moved = _publish(temp, path, folder, force, what, kept)
    finally:
        if not moved:
            _remove(temp)


def _publish(temp: str, path: str, folder: str, force: bool, what: str, kept: str) -> bool:
    """Give the finished temporary file the name `path`: atomically over the old file with `force`,
    else only if the name is free. True when the temporary name is gone (it became `path`)."""
    try:
        if force:
            os.replace(temp, path)  # atomic: the old file, or the new one, never half of either
        else:
            _claim(temp, path)
        _sync_folder(folder)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        raise _failed(what, path, exc, kept) from None
    return force


def _claim(temp: str, path: str) -> None:
    """Give the finished temporary file the name `path`, only if that name is free."""
    try:
        os.link(temp, path)
        return
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    # Without hard links: claim the name with an empty file created exclusively, then rename over it.
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    os.close(fd)
    try:
        os.replace(temp, path)
    except OSError:
        _remove(path)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _sync_folder(folder: str) -> None:
    """Make the new name itself durable; best effort (not every system can fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
