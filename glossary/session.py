"""An editing session, free of any UI: the project under review, the translation service that
translates and checks it, each segment's record as the service last filled it, the background
jobs and the queue of segments waiting for the engine. A terminal or a browser front end draws
what this holds and sends the user's changes here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.checks import Issue
from glossary.errors import InputError
from glossary.files import BUNDLED_GLOSSARY, default_glossary, write_atomic
from glossary.jobs import Job
from glossary.localize import DEFAULT_LOCALE
from glossary.lock import ProjectLock
from glossary.match import Match, Matcher
from glossary.project import (
    APPROVED,
    EDITED,
    HUMAN,
    MACHINE,
    NEW,
    Project,
    ProjectSegment,
    ReadOnlyError,
    lock_path,
)
from glossary.record import Segment
from glossary.service import RunConfig, TranslationService, build_service
from glossary.terms import Glossary, load_glossary
from glossary.verify import TermCheck


def open_session(
    document: Path,
    terms: Path | None = None,
    engine: str | None = None,
    *,
    locale: str = DEFAULT_LOCALE,
    cache: bool = True,
    cache_dir: Path | None = None,
    engine_options: Mapping[str, Any] | None = None,
    lock: bool = True,
) -> Review:
    """A document opened for review, with its project resumed and the translation service that
    `glossary translate` would use for it (the same glossary, engine, locale, cache and project
    memory). The glossary: --terms, else the one the project used, else the default (terms.yaml
    here or in a parent folder, else the one shipped). Bad input raises InputError (a project
    file that is not one: ProjectFileError). `lock`: take the project's lock, as an editor
    must; while another editor holds it the session is read-only (`Review.read_only` says
    why). `Review.close()` lets it go."""
    project_lock = ProjectLock.take(lock_path(document)) if lock else None
    try:
        project = Project.open(document, engine=engine)
        path = terms or project.glossary
        if path is None or (terms is None and not Path(path).is_file()):
            path = default_glossary()
        path = Path(path).resolve()
        glossary = load_glossary(path)
        project.glossary = path  # absolute: the project may be reopened from another folder
        config = RunConfig(
            engine=project.engine,
            engine_options=dict(engine_options or {}),
            glossary=glossary,
            target_locale=locale,
            project_memory=(document,),
            cache=cache,
            cache_dir=cache_dir,
        )
        return Review(project, build_service(config), project_lock)
    except BaseException:
        if project_lock is not None:
            project_lock.release()
        raise


@dataclass(frozen=True)
class Progress:
    """What a status line counts."""

    segments: int
    translated: int  # with English (an emptied target is not translated)
    approved: int
    violations: int  # segments with at least one term violation
    empty: int = 0  # targets emptied (by a person or the engine): no English, flagged


@dataclass
class EditSession:
    """A target open in the editor: what it was, so that leaving it unchanged changes nothing."""

    index: int
    original: str
    status: str
    history: list[str]
    started: bool = False


class Review:
    """The project being reviewed and, per segment, the record the service computed for its
    current target (matches, term checks, quality issues). Every change to a target goes
    through here and is checked at once, so what a front end draws is always stored, never
    computed while drawing; `versions` counts changes per segment for views that cache."""

    def __init__(
        self, project: Project, service: TranslationService, lock: ProjectLock | None = None
    ):
        self.project = project
        self.service = service
        self.lock = lock
        if lock is not None and not lock.owned:
            project.read_only = lock.reason or "another editor has it open"
        self.generation = 0  # bumped with each glossary: older background results are stale
        self.versions = [0] * len(project.segments)
        self._seen = self._file_state()
        self._reset()

    def _reset(self) -> None:
        self.generation += 1
        self._records: dict[int, Segment] = {}
        self._matches: dict[int, list[Match]] = {}
        self._violating: set[int] = set()
        self.versions = [v + 1 for v in self.versions]

    # The glossary --------------------------------------------------------------------------

    @property
    def glossary(self) -> Glossary:
        return self.service.glossary

    @property
    def matcher(self) -> Matcher | None:
        return self.service.matcher

    def change_glossary(self, change: Callable[[Path], None]) -> tuple[Matcher | None, str]:
        """Apply `change` (api.add_term, update_term, remove_term) to the project's glossary
        file and use the file from then on; returns the previous matcher and what to tell the
        user. Raises InputError (GlossaryError) with the file's problem."""
        self._writable()
        path, notice = self._writable_glossary()
        try:
            change(path)
        except OSError as e:
            raise InputError(f"{path}: {e.strerror or e}") from None
        return self.use_glossary(load_glossary(path)), notice

    def _writable_glossary(self) -> tuple[Path, str]:
        """The glossary file to change, and what to tell the user about it: the glossary
        shipped with the tool is copied next to the document, never written."""
        project = self.project
        path = project.glossary
        if path is not None and path.resolve() != BUNDLED_GLOSSARY.resolve():
            return path, ""
        copy = project.document.path.parent.resolve() / "terms.yaml"
        if copy.exists():
            raise InputError(f"the glossary shipped with the tool is read-only: use --terms {copy}")
        write_atomic(copy, path.read_text(encoding="utf-8") if path else "terms:\n")
        project.glossary = copy
        return copy, f"Your terms go to a copy of the glossary: {copy}"

    def use_glossary(self, glossary: Glossary) -> Matcher | None:
        """A changed glossary: the service uses it from now on; returns the previous matcher."""
        previous = self.service.matcher
        self.service.use_glossary(glossary)
        self._reset()
        return previous

    # Per segment ---------------------------------------------------------------------------

    @property
    def segments(self) -> list[ProjectSegment]:
        return self.project.segments

    def __len__(self) -> int:
        return len(self.project.segments)

    def record(self, index: int) -> Segment | None:
        """The service's record for the segment's current target; None until checked."""
        return self._records.get(index)

    def matches(self, index: int) -> list[Match]:
        record = self._records.get(index)
        if record is not None:
            return record.matches
        found = self._matches.get(index)
        if found is None:
            seg = self.segments[index]
            found = self._matches[index] = self.service.find_terms(seg.segment)
        return found

    def checks(self, index: int) -> list[TermCheck]:
        record = self._records.get(index)
        return record.checks if record is not None else []

    def issues(self, index: int) -> list[Issue]:
        record = self._records.get(index)
        return record.issues if record is not None else []

    def violations(self, index: int) -> list[TermCheck]:
        return [c for c in self.checks(index) if not c.ok]

    def has_violation(self, index: int) -> bool:
        return index in self._violating

    def has_error(self, index: int) -> bool:
        """A quality-check error (not a warning) in the target."""
        return any(i.severity == "error" for i in self.issues(index))

    def store(self, index: int, record: Segment) -> bool:
        """A record the service filled in the background; ignored if the target moved on."""
        if self.segments[index].target != record.target or self.segments[index].source != (
            record.source
        ):
            return False
        self._records[index] = record
        if record.misses_term:
            self._violating.add(index)
        else:
            self._violating.discard(index)
        self.versions[index] += 1
        return True

    def _changed(self, index: int) -> None:
        """A target changed: check it again at once, so that the counts stay true."""
        seg = self.segments[index]
        if seg.target:
            (record,) = self.service.check([seg.segment])
            self.store(index, record)
        else:
            self._records.pop(index, None)
            self._violating.discard(index)
            self.versions[index] += 1

    # Read-only while another editor has the project ------------------------------------

    @property
    def read_only(self) -> str:
        """Why this session may not change the project ('' when it may)."""
        return self.project.read_only

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"read-only: {self.read_only}")

    def follow(self) -> tuple[bool, list[int]]:
        """A read-only session keeps up with the editor that has the project: what it saves is
        read in (the segments that changed are returned, checked again), and once it lets go
        of the lock this session takes it and may edit (True)."""
        if not self.read_only:
            return False, []
        took = self.lock is not None and self.lock.acquire()
        changed = self._reload()
        if took:
            self.project.read_only = ""
        return took, changed

    def _file_state(self) -> tuple | None:
        try:
            stat = self.project.path.stat()
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def _reload(self) -> list[int]:
        state = self._file_state()
        if state == self._seen:
            return []
        self._seen = state
        try:
            changed = self.project.reload()
        except InputError:
            return []  # damaged meanwhile: keep showing what was read before
        for index in changed:
            self._changed(index)
        return changed

    def close(self) -> None:
        """The editor is done with the project: its lock goes (save first)."""
        if self.lock is not None:
            self.lock.release()

    # Changes -------------------------------------------------------------------------------

    def apply_machine(self, index: int, record: Segment) -> bool:
        """Machine output (checked in the background), unless a person has edited or approved
        the segment meanwhile."""
        if self.read_only or not self.project.apply_machine(index, record.target):
            return False
        self.store(index, record)
        return True

    def set_target(self, index: int, text: str, status: str = EDITED) -> bool:
        self._writable()
        changed = self.project.set_target(index, text, status)
        if changed:
            self._changed(index)
        return changed

    def approve(self, index: int) -> bool:
        self._writable()
        seg = self.segments[index]
        if seg.status == APPROVED or not seg.target.strip():
            return False
        self.project.approve(index)
        self.versions[index] += 1
        return True

    def undo(self, index: int) -> bool:
        self._writable()
        changed = self.project.undo(index)
        if changed:
            self._changed(index)
        return changed

    # Editing in place: the first keystroke is one undo step, the rest of the typing joins it.

    def begin_edit(self, index: int) -> EditSession:
        self._writable()
        seg = self.segments[index]
        return EditSession(index, seg.target, seg.status, list(seg.history))

    def type(self, session: EditSession, text: str) -> bool:
        seg = self.segments[session.index]
        if text == seg.target:
            return False
        if not session.started:
            self.project.set_target(session.index, text, EDITED)
            session.started = True
        else:
            seg.target, seg.status = text, EDITED
        self._changed(session.index)
        return True

    def end_edit(self, session: EditSession) -> bool:
        """True if the target was changed; typing back the original text changes nothing."""
        seg = self.segments[session.index]
        if session.started and seg.target == session.original:
            seg.status, seg.history = session.status, session.history
            self._changed(session.index)
            return False
        return session.started

    # Views ---------------------------------------------------------------------------------

    def progress(self) -> Progress:
        counts = self.project.counts()
        missing = self.project.untranslated()
        return Progress(
            segments=len(self),
            translated=len(self) - len(missing),
            approved=counts[APPROVED],
            violations=len(self._violating),
            empty=sum(self.segments[i].status != NEW for i in missing),
        )

    def is_empty(self, index: int) -> bool:
        """A target emptied (by a person or the engine): no English, and none coming."""
        seg = self.segments[index]
        return seg.missing and seg.status != NEW

    def needs_review(self, index: int) -> bool:
        seg = self.segments[index]
        return seg.status != APPROVED or seg.missing or self.has_violation(index)

    def export(self, path: Path | None = None, allow_missing: bool = False) -> Path:
        """Write the English document; MissingTargets while a segment has no English, unless
        `allow_missing`. Read-only, what the other editor saved last is exported."""
        if self.read_only:
            self._reload()
        return self.project.export(path, allow_missing)

    def find(self, start: int, step: int, wanted) -> int | None:
        """The next segment after `start` (wrapping round) for which `wanted(index)` holds."""
        n = len(self)
        for k in range(1, n + 1):
            index = (start + step * k) % n
            if wanted(index):
                return index
        return None

    def search(self, start: int, query: str, step: int = 1) -> int | None:
        folded = query.casefold()

        def hit(index: int) -> bool:
            seg = self.segments[index]
            return folded in seg.source.casefold() or folded in seg.target.casefold()

        return self.find(start, step, hit) if query else None

    def job(self, previous: Matcher | None = None) -> Job:
        """The background work for the glossary in use: check every target, translate what
        is new and, after a glossary change (`previous`), machine targets its terms touch."""
        segs = self.segments
        writable = not self.read_only  # read-only: the editor that has the project translates
        return Job(
            self.generation,
            recheck=[(i, s.segment) for i, s in enumerate(segs) if s.target],
            translate=[
                (i, s.segment)
                for i, s in enumerate(segs)
                if writable and s.status == NEW and s.source.strip()
            ],
            previous=previous,
            machine=[(i, s.segment) for i, s in enumerate(segs) if s.status == MACHINE]
            if previous and writable
            else [],
        )

    def human_violations(self) -> set[int]:
        return {i for i in self._violating if self.segments[i].status in HUMAN}
