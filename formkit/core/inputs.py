"""One check for every file a user names as an input: it must be a regular file on disk.

Opening a FIFO blocks until someone writes to it (a run hangs), and reading /dev/zero or
/dev/urandom never ends (memory grows to the limit). ``os.stat`` never blocks and tells what
the path is, so each reader calls :func:`regular_file` before it opens anything.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import FormkitError

ON_DISK = "Give a file saved on disk"


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words a user recognises ('a device', 'a pipe (FIFO)', ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_regular(path: str | Path) -> str | None:
    """None for a regular file (or one that cannot be stat'ed: the opener reports that);
    otherwise what it is instead, for a per-file skip line."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else kind_of(mode)


def regular_file(path: str | Path, what: str, *, key: str | None = None, where: str | None = None,
                 hint: str = ON_DISK, missing_hint: str = "Check the path and spelling") -> os.stat_result:
    """The file's stat, or a FormkitError when it is missing, unreadable or not a regular file.

    ``what`` names the input ('overlay', 'applicants CSV'); ``where``/``key`` name the file
    and key that pointed at it (a logo named by an overlay), else the path itself is named.
    """
    shown = str(path)
    place = dict(path=where or shown, key=key)
    named = f": {shown}" if where else ""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FormkitError(f"{what} file not found{named}", **place, hint=missing_hint) from None
    except OSError as exc:
        raise FormkitError(f"cannot read {what} file{named} ({exc.strerror or exc})", **place,
                           hint="Check the file's permissions") from None
    article = "an" if what[:1].lower() in "aeiou" else "a"
    if stat.S_ISDIR(info.st_mode):
        raise FormkitError(f"is a folder, not {article} {what} file{named}", **place, hint="Give the file inside it")
    if not stat.S_ISREG(info.st_mode):
        raise FormkitError(f"is {kind_of(info.st_mode)}, not {article} {what} file{named}", **place, hint=hint)
    return info
