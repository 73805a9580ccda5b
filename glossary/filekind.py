"""What kind of file a path is, in words: the tool reads and replaces only regular files, and
says what else it found (opening a FIFO would block forever, /dev/zero never ends)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """'a directory', 'a FIFO (named pipe)', ... for a stat mode; 'a regular file' otherwise."""
    return next((name for test, name in _KINDS if test(mode)), "a regular file")


def not_regular(path: Path) -> str | None:
    """Why `path` is not a regular file one can read ('a FIFO (named pipe)', 'a broken symbolic
    link to x.md', 'missing'), or None when it is one. Never opens the file."""
    try:
        mode = os.stat(path).st_mode  # follows symbolic links, as reading does
    except FileNotFoundError:
        if path.is_symlink():
            return f"a broken symbolic link to {os.readlink(path)}"
        return "missing"
    except OSError as e:
        return e.strerror or str(e)
    return None if stat.S_ISREG(mode) else kind_of(mode)
