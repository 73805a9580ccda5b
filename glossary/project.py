"""A translation project: a document's segments, their targets and statuses, saved beside it."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.document import Document
from glossary.errors import InputError
from glossary.files import output_path, write_atomic
from glossary.formats import TranslatedBlock, read_document, write_document
from glossary.lock import ProjectLock
from glossary.paths import set_aside
from glossary.record import Segment
from glossary.segment import Unit, render_unit, split_block

NEW, MACHINE, EDITED, APPROVED = "new", "machine", "edited", "approved"
STATUSES = (NEW, MACHINE, EDITED, APPROVED)
HUMAN = (EDITED, APPROVED)  # targets a person wrote or approved: machine output never overwrites
HISTORY = 20  # undo steps kept per segment
VERSION = 1


@dataclass
class ProjectSegment:
    """One sentence of the document, its English target and where the target came from."""

    source: str
    protected: tuple = ()
    target: str = ""
    status: str = NEW
    history: list[str] = field(default_factory=list)

    @property
    def segment(self) -> Segment:
        """A fresh record of this segment for the translation service."""
        return Segment(self.source, self.protected, target=self.target)

    @property
    def missing(self) -> bool:
        """Text to translate and no English for it: not translated, whatever its status."""
        return bool(self.source.strip()) and not self.target.strip()


class ProjectFileError(InputError):
    """A project file that cannot be read; `path` names it, so that a front end can offer to
    start over (`start_over`)."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path


class ReadOnlyError(InputError):
    """A change refused: the project is open read-only (another editor has it)."""


class MissingTargets(InputError):
    """Segments without English: exporting would leave their Spanish in the document."""

    def __init__(self, indices: list[int]):
        shown = ", ".join(str(i + 1) for i in indices[:10]) + (", …" * (len(indices) > 10))
        super().__init__(
            f"{len(indices)} segment(s) have no English ({shown}): their Spanish would stay"
            " in the English document"
        )
        self.indices = indices


def project_path(document: Path) -> Path:
    """escalado.md -> escalado.md.glossary.json, next to the document."""
    return document.with_name(document.name + ".glossary.json")


def lock_path(document: Path) -> Path:
    """escalado.md -> escalado.md.glossary.json.lock: held while an editor has it open."""
    path = project_path(document)
    return path.with_name(path.name + ".lock")


def start_over(document: Path) -> Path | None:
    """Move the document's project file aside (NAME.damaged-<time>, or NAME.old-<time> for
    one that could be read; nothing is deleted) so that it opens as a new project; returns
    where the file went, None if there was none. Refused while an editor has it open."""
    path = project_path(document)
    if not path.exists():
        return None
    lock = ProjectLock.take(lock_path(document))
    if not lock.owned and lock.holder is not None:
        raise InputError(f"{path}: not started over: {lock.reason}")
    try:
        try:
            load_project_file(path)
            why = "old"
        except ProjectFileError:
            why = "damaged"
        return set_aside(path, why)
    except OSError as e:
        raise InputError(f"{path}: cannot move it aside ({e.strerror or e})") from None
    finally:
        lock.release()


class Project:
    """A document opened for translation; `save()` writes the project file atomically."""

    def __init__(
        self,
        document: Document,
        units: list[Unit],
        segments: list[ProjectSegment],
        engine: str = "auto",
        glossary: Path | None = None,
    ):
        self.document = document
        self.units = units
        self.segments = segments
        self.engine = engine
        self.glossary = glossary
        self.read_only = ""  # why the project file may not be written, "" when it may

    @property
    def path(self) -> Path:
        return project_path(self.document.path)

    @classmethod
    def open(
        cls, document_path: Path, engine: str | None = None, glossary: Path | None = None
    ) -> Project:
        """Open a document; resume its project file if there is one. Segments whose source is
        unchanged keep their targets; new or changed ones start untranslated."""
        document = read_document(document_path)
        units = [split_block(b) for b in document.blocks]
        segments = [ProjectSegment(s.source, s.protected) for u in units for s in u.segments]
        saved = load_project_file(project_path(document_path))
        _resume(segments, saved)
        stored = saved.get("glossary")
        glossary = glossary or (Path(stored) if stored else None)
        return cls(
            document,
            units,
            segments,
            engine=engine or saved.get("engine", "auto"),
            # absolute: the project may be reopened from another folder
            glossary=glossary.resolve() if glossary else None,
        )

    def reload(self) -> list[int]:
        """Targets and statuses as the project file has them now (another editor saved it);
        returns the segments that changed."""
        fresh = [ProjectSegment(s.source, s.protected) for s in self.segments]
        _resume(fresh, load_project_file(self.path))
        changed = []
        for index, (seg, new) in enumerate(zip(self.segments, fresh)):
            if (seg.target, seg.status, seg.history) != (new.target, new.status, new.history):
                seg.target, seg.status, seg.history = new.target, new.status, new.history
                changed.append(index)
        return changed

    def to_json(self) -> dict:
        return {
            "version": VERSION,
            "document": self.document.path.name,
            "document_sha256": hashlib.sha256(self.document.text.encode()).hexdigest(),
            "engine": self.engine,
            "glossary": str(self.glossary) if self.glossary else None,
            "segments": [
                {
                    "source": s.source,
                    "target": s.target,
                    "status": s.status,
                    "history": s.history[-HISTORY:],
                }
                for s in self.segments
            ],
        }

    def save(self) -> Path:
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is not saved: {self.read_only}")
        write_atomic(self.path, json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n")
        return self.path

    # Changes to targets ------------------------------------------------------------------

    def set_target(self, index: int, text: str, status: str = EDITED) -> bool:
        """Change a target (remembering the old one for undo); False if nothing changed."""
        seg = self.segments[index]
        if text == seg.target and status == seg.status:
            return False
        if text != seg.target:
            seg.history = [*seg.history, seg.target][-HISTORY:]
        seg.target, seg.status = text, status
        return True

    def apply_machine(self, index: int, text: str) -> bool:
        """Machine output for a segment, unless a person has already edited or approved it."""
        seg = self.segments[index]
        if seg.status in HUMAN:
            return False
        seg.target, seg.status = text, MACHINE
        return True

    def approve(self, index: int) -> None:
        self.segments[index].status = APPROVED

    def undo(self, index: int) -> bool:
        seg = self.segments[index]
        if not seg.history:
            return False
        seg.target = seg.history.pop()
        seg.status = EDITED if seg.target else NEW
        return True

    # Views -------------------------------------------------------------------------------

    def untranslated(self) -> list[int]:
        """Segments without English: new ones, and those whose target was emptied."""
        return [i for i, s in enumerate(self.segments) if s.missing]

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(STATUSES, 0)
        for s in self.segments:
            result[s.status] += 1
        return result

    def human_targets(self) -> dict[str, str]:
        """Edited and approved targets by source, for `glossary translate` to reuse."""
        return {s.source: s.target for s in self.segments if s.status in HUMAN and s.target}

    def translated_blocks(self) -> list[TranslatedBlock]:
        """Each block with its segments' targets (the source while untranslated)."""
        it = iter(self.segments)
        blocks = []
        for block, unit in zip(self.document.blocks, self.units, strict=True):
            segs = [next(it) for _ in unit.segments]
            target = render_unit(unit, [_target_or_source(s) for s in segs])
            blocks.append(TranslatedBlock(block, target, [s.segment for s in segs]))
        return blocks

    def render(self, allow_missing: bool = False) -> str:
        """The English document. A segment without English raises MissingTargets, unless
        `allow_missing`: then its Spanish stands in for it."""
        self._check_missing(allow_missing)
        return self.document.render([b.target for b in self.translated_blocks()])

    def export(self, path: Path | None = None, allow_missing: bool = False) -> Path:
        """Write the English document (NAME.en.EXT beside it); see render for `allow_missing`."""
        self._check_missing(allow_missing)
        target = path or output_path(self.document.path, self.document.path.parent, None)
        write_atomic(target, write_document(self.document, self.translated_blocks()))
        return target

    def _check_missing(self, allow_missing: bool) -> None:
        missing = self.untranslated()
        if missing and not allow_missing:
            raise MissingTargets(missing)


def _resume(segments: list[ProjectSegment], saved: dict) -> None:
    """Give segments the targets saved for the same source, in order of appearance."""
    previous: dict[str, deque] = defaultdict(deque)
    for entry in saved.get("segments", []):
        previous[entry["source"]].append(entry)
    for seg in segments:
        if previous[seg.source]:
            entry = previous[seg.source].popleft()
            seg.target = entry.get("target", "")
            seg.status = entry.get("status", NEW)
            seg.history = list(entry.get("history", []))[-HISTORY:]


def _target_or_source(seg: ProjectSegment) -> str:
    return seg.target if seg.target else seg.source


def load_project_file(path: Path) -> dict:
    """The saved project, {} when there is none; a file that is not one (damaged, or JSON of
    another shape) raises ProjectFileError naming the file and the first problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise ProjectFileError(path, "a folder, not a project file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ProjectFileError(path, f"damaged project file ({e})") from None
    except OSError as e:
        raise ProjectFileError(path, f"cannot read it ({e.strerror or e})") from None
    version = data.get("version") if isinstance(data, dict) else None
    if isinstance(version, int) and version > VERSION:
        raise ProjectFileError(path, f"made by a newer glossary (project format {version})")
    problem = _shape_problem(data)
    if problem:
        raise ProjectFileError(path, f"not a project file: {problem}")
    return data


def _shape_problem(data) -> str:
    """What is wrong with a project file's JSON, '' if nothing."""
    if not isinstance(data, dict):
        return f"it holds {_kind(data)}, not an object"
    version = data.get("version", VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        return f'"version" is {_kind(version)}, not a number'
    for key in ("document", "engine", "glossary"):
        if data.get(key) is not None and not isinstance(data[key], str):
            return f'"{key}" is {_kind(data[key])}, not text'
    segments = data.get("segments", [])
    if not isinstance(segments, list):
        return f'"segments" is {_kind(segments)}, not a list'
    for n, entry in enumerate(segments, 1):
        if not isinstance(entry, dict):
            return f"segment {n} is {_kind(entry)}, not an object"
        for key in ("source", "target"):
            if key not in entry and key == "source":
                return f'segment {n} has no "source"'
            if key in entry and not isinstance(entry[key], str):
                return f'segment {n}: "{key}" is {_kind(entry[key])}, not text'
        if entry.get("status", NEW) not in STATUSES:
            status = json.dumps(entry["status"], ensure_ascii=False)[:40]
            return f"segment {n}: unknown status {status} (not one of {', '.join(STATUSES)})"
        history = entry.get("history", [])
        if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
            return f'segment {n}: "history" is not a list of texts'
    return ""


def _kind(value) -> str:
    """A JSON value's type in words."""
    if value is None:
        return "null"
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list"}
    return kinds.get(type(value), "an object")


def human_memory(documents: Sequence[Path]) -> dict[str, str]:
    """Edited and approved targets from the project files of these documents."""
    pairs: dict[str, str] = {}
    for doc in documents:
        for entry in load_project_file(project_path(doc)).get("segments", []):
            if entry.get("status") in HUMAN and entry.get("target"):
                pairs[entry["source"]] = entry["target"]
    return pairs
