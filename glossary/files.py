"""Files a run reads and writes: inputs, output names, atomic writes, the glossary in use."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from glossary.errors import InputError

GLOSSARY_NAME = "terms.yaml"
BUNDLED_GLOSSARY = Path(__file__).parent / "data" / GLOSSARY_NAME  # read-only, ships with us


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write through a temporary file and a rename: a crash leaves the old file or the new one.
    Text is written as UTF-8, as it is (no newline translation)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(path)
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


def collect_inputs(args: Sequence[str]) -> list[tuple[Path, Path]]:
    """(file, root) for every input: files as given, directories searched recursively for
    files that a registered format reads."""
    from glossary.formats import readable

    found: list[tuple[Path, Path]] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and readable(p) and not is_translation(p)
            )
            found += [(p, path) for p in files]
        elif path.exists():
            found.append((path, path.parent))
        else:
            raise InputError(f"{path}: no such file or directory")
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
