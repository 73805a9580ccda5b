"""Which project and glossary files the editor opens, and where its glossary changes go: the
glossary shipped inside the engine's package is copied next to the document, never written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glossary.api import (
    BUNDLED_GLOSSARY,
    Glossary,
    InputError,
    Project,
    default_glossary,
    load_glossary,
    write_atomic,
)


def open_project(
    document: Path, terms: Path | None = None, engine: str | None = None
) -> tuple[Project, Glossary]:
    """The project for `document` and its glossary: --terms, else the one the project used,
    else the default (terms.yaml here or in a parent folder, else the one shipped). Bad input
    (a missing file, a broken glossary) raises InputError."""
    project = Project.open(document, engine=engine)
    path = terms or project.glossary
    if path is None or (terms is None and not Path(path).is_file()):
        path = default_glossary()
    path = Path(path).resolve()
    glossary = load_glossary(path)
    project.glossary = path  # absolute: the project may be reopened from another folder
    return project, glossary


def writable_glossary(project: Project) -> tuple[Path, str]:
    """The glossary file to change, and what to tell the user about it."""
    path = project.glossary
    if path is not None and path.resolve() != BUNDLED_GLOSSARY.resolve():
        return path, ""
    copy = project.document.path.parent.resolve() / "terms.yaml"
    if copy.exists():
        raise InputError(f"the glossary shipped with the tool is read-only: use --terms {copy}")
    write_atomic(copy, path.read_text(encoding="utf-8") if path else "terms:\n")
    project.glossary = copy
    return copy, f"Your terms go to a copy of the glossary: {copy}"


def change_glossary(project: Project, change: Callable[[Path], None]) -> tuple[Glossary, str]:
    """Apply `change` (api.add_term, update_term, remove_term) to the project's glossary file
    and load it again. Raises InputError (GlossaryError) with the file's problem."""
    path, notice = writable_glossary(project)
    try:
        change(path)
        return load_glossary(path), notice
    except OSError as e:
        raise InputError(f"{path}: {e.strerror or e}") from None
