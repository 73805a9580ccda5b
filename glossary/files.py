"""Files a run reads and writes: inputs, output names, atomic writes, the glossary in use."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.filekind import not_regular

GLOSSARY_NAME = "terms.yaml"
BUNDLED_GLOSSARY = Path(__file__).parent / "data" / GLOSSARY_NAME  # read-only, ships with us


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write through a temporary file and a rename: a crash leaves the old file or the new one.
    Text is written as UTF-8, as it is (no newline translation). A symbolic link is written
    through (the file it names is replaced, the link stays); a device or a FIFO (`-o /dev/null`)
    is written in place, never replaced by a file. Raises OSError naming the file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)
    if _is_special(path):
        with open(path, "wb") as f:
            f.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp makes it private; keep what the file had
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _is_special(path: Path) -> bool:
    """A device, FIFO or socket: written in place; a rename would put a file where it was."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def is_translation(path: Path) -> bool:
    """Our own output files (name.en.md) are not inputs when a directory is translated."""
    return path.stem.lower().endswith(".en")


@dataclass
class Inputs:
    """The documents of a run, (file, root) each, and what a folder held that looks like a
    document but is not a file one can read (said in a warning, never skipped in silence)."""

    files: list[tuple[Path, Path]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def collect_inputs(args: Sequence[str]) -> Inputs:
    """(file, root) for every input: files as given, directories searched recursively for
    files that a registered format reads. An input given by name that is not a regular file
    (a FIFO, a device, a broken link) is an InputError."""
    from glossary.formats import readable

    found = Inputs()
    add = found.files.append
    for arg in args:
        path = Path(arg)
        why = not_regular(path)
        if why == "a directory":
            for p in sorted(path.rglob("*")):
                if not readable(p) or is_translation(p):
                    continue
                why = not_regular(p)
                if why is None:
                    add((p, path))
                elif why != "a directory":
                    found.skipped.append(f"{p}: not a regular file: {why}; skipped")
        elif why is None:
            add((path, path.parent))
        elif why == "missing":
            raise InputError(f"{path}: no such file or directory")
        else:
            raise InputError(f"{path}: not a regular file: {why}")
    return found


def output_path(source: Path, root: Path, out_dir: Path | None) -> Path:
    """name.md -> name.en.md, next to the source or mirrored under out_dir."""
    name = f"{source.stem}.en{source.suffix}"
    if out_dir is None:
        return source.with_name(name)
    return out_dir / source.relative_to(root).with_name(name)


def default_glossary(start: Path | None = None) -> Path:
    """terms.yaml in the current directory or a parent, else the glossary shipped with us."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / GLOSSARY_NAME
        if candidate.is_file():
            return candidate
    return BUNDLED_GLOSSARY
