"""The files a command writes, checked before any work starts: each can be written, none is a
directory where a file is meant, none is one of the command's inputs, no two go to one place.
A problem found after an hour of translation is a problem found too late."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import InputError
from glossary.filekind import kind_of

STDOUT = "-"  # as an output path: standard output


@dataclass(frozen=True)
class Output:
    """A file a command will write (None: standard output) and what it is, for messages:
    'the translation of d1/a.md', 'the report (--report)'."""

    path: Path | None
    what: str
    hint: str = ""  # added to the message when the path is a directory


def check_outputs(outputs: Sequence[Output], inputs: Iterable[Path]) -> None:
    """InputError naming the first output that can't be written, or that would overwrite an
    input or another output; nothing is written here (a probe file is made and removed)."""
    read = {}
    for path in inputs:
        for key in _keys(path):
            read.setdefault(key, path)
    claimed: dict[object, Output] = {}
    probed: dict[Path, str | None] = {}
    for out in outputs:
        keys = ["stdout"] if out.path is None else _keys(out.path)
        for key in keys:
            if key in read:
                raise InputError(f"{out.path}: {out.what} would overwrite the input {read[key]}")
            if key in claimed:
                where = "standard output" if out.path is None else str(out.path)
                raise InputError(
                    f"{where}: both {claimed[key].what} and {out.what} would be written there"
                )
        for key in keys:
            claimed[key] = out
        if out.path is not None:
            _check_writable(out, probed)


def check_folder(path: Path, option: str) -> None:
    """An output folder: a directory, or a name that can become one."""
    if path.exists() and not path.is_dir():
        kind = kind_of(path.stat().st_mode)
        raise InputError(f"{path}: is {kind}; {option} names a folder")


def _keys(path: Path) -> list[object]:
    """What identifies the file a path names: its real path, and its inode when it exists
    (a hard link or another spelling of the same file is the same file)."""
    keys: list[object] = [os.path.realpath(path)]
    try:
        st = os.stat(path)
        keys.append((st.st_dev, st.st_ino))
    except OSError:
        pass
    return keys


def _check_writable(out: Output, probed: dict[Path, str | None]) -> None:
    path = out.path
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise InputError(f"{path}: cannot be written ({e.strerror})") from None
    if st is not None:
        kind = kind_of(st.st_mode)
        if kind == "a directory":
            raise InputError(f"{path}: is a directory, not a file for {out.what}" + out.hint)
        if kind != "a regular file":
            return  # a device or a FIFO is written in place (`-o /dev/null`)
        if not os.access(path, os.W_OK):
            raise InputError(f"{path}: is read-only")
    folder = _existing_folder(Path(os.path.realpath(path)).parent, path)
    if folder not in probed:
        probed[folder] = _probe(folder)
    if probed[folder]:
        raise InputError(f"{path}: cannot write in {folder} ({probed[folder]})")


def _existing_folder(folder: Path, path: Path) -> Path:
    """The nearest folder of `folder`'s that exists (the rest is made when writing)."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            if not candidate.is_dir():
                raise InputError(f"{path}: cannot be written: {candidate} is not a folder")
            return candidate
    return Path("/")


def _probe(folder: Path) -> str | None:
    """Why a file can't be made in `folder` (read-only, permission denied), or None."""
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".glossary-probe-")
    except OSError as e:
        return e.strerror or str(e)
    os.close(fd)
    os.unlink(name)
    return None
