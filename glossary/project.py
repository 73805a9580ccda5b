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


def project_path(document: Path) -> Path:
    """escalado.md -> escalado.md.glossary.json, next to the document."""
    return document.with_name(document.name + ".glossary.json")


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
        previous: dict[str, deque] = defaultdict(deque)
        for entry in saved.get("segments", []):
            previous[entry["source"]].append(entry)
        for seg in segments:
            if previous[seg.source]:
                entry = previous[seg.source].popleft()
                seg.target = entry.get("target", "")
                seg.status = entry.get("status", NEW) if entry.get("status") in STATUSES else NEW
                seg.history = list(entry.get("history", []))[-HISTORY:]
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
        return [i for i, s in enumerate(self.segments) if s.status == NEW]

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

    def render(self) -> str:
        """The English document: each segment's target, or its source while untranslated."""
        return self.document.render([b.target for b in self.translated_blocks()])

    def export(self, path: Path | None = None) -> Path:
        target = path or output_path(self.document.path, self.document.path.parent, None)
        write_atomic(target, write_document(self.document, self.translated_blocks()))
        return target


def _target_or_source(seg: ProjectSegment) -> str:
    return seg.target if seg.target else seg.source


def load_project_file(path: Path) -> dict:
    """The saved project, {} when there is none; a damaged file is an input error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: damaged project file ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("segments", []), list):
        raise InputError(f"{path}: not a project file")
    return data


def human_memory(documents: Sequence[Path]) -> dict[str, str]:
    """Edited and approved targets from the project files of these documents."""
    pairs: dict[str, str] = {}
    for doc in documents:
        for entry in load_project_file(project_path(doc)).get("segments", []):
            if entry.get("status") in HUMAN and entry.get("target"):
                pairs[entry["source"]] = entry["target"]
    return pairs
