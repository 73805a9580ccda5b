"""An editing session, free of any UI: the project under review, the translation service that
translates and checks it, each segment's record as the service last filled it, the background
jobs and the queue of segments waiting for the engine. A terminal or a browser front end draws
what this holds and sends the user's changes here."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.checks import Issue
from glossary.errors import InputError
from glossary.files import BUNDLED_GLOSSARY, default_glossary, write_atomic
from glossary.localize import DEFAULT_LOCALE
from glossary.match import Match, Matcher
from glossary.project import APPROVED, EDITED, HUMAN, MACHINE, NEW, Project, ProjectSegment
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
) -> Review:
    """A document opened for review, with its project resumed and the translation service that
    `glossary translate` would use for it (the same glossary, engine, locale, cache and project
    memory). The glossary: --terms, else the one the project used, else the default (terms.yaml
    here or in a parent folder, else the one shipped). Bad input raises InputError."""
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
    return Review(project, build_service(config))


@dataclass(frozen=True)
class Progress:
    """What a status line counts."""

    segments: int
    translated: int
    approved: int
    violations: int  # segments with at least one term violation


@dataclass
class Job:
    """What to do in the background for one glossary (`generation`): check every target,
    translate what is new and, after a glossary change (`previous`), machine targets whose
    terms changed."""

    generation: int
    recheck: list[tuple[int, Segment]] = field(default_factory=list)
    translate: list[tuple[int, Segment]] = field(default_factory=list)
    previous: Matcher | None = None
    machine: list[tuple[int, Segment]] = field(default_factory=list)

    def work(self, matcher: Matcher | None) -> list[tuple[int, Segment]]:
        """The segments to translate: new ones, and machine ones whose terms the new glossary
        finds differently."""
        todo = list(self.translate)
        if self.previous is not None and matcher is not None:
            todo += [(i, s) for i, s in self.machine if _terms_changed(self.previous, matcher, s)]
        return todo


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

    def __init__(self, project: Project, service: TranslationService):
        self.project = project
        self.service = service
        self.generation = 0  # bumped with each glossary: older background results are stale
        self.versions = [0] * len(project.segments)
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

    # Changes -------------------------------------------------------------------------------

    def apply_machine(self, index: int, record: Segment) -> bool:
        """Machine output (checked in the background), unless a person has edited or approved
        the segment meanwhile."""
        if not self.project.apply_machine(index, record.target):
            return False
        self.store(index, record)
        return True

    def set_target(self, index: int, text: str, status: str = EDITED) -> bool:
        changed = self.project.set_target(index, text, status)
        if changed:
            self._changed(index)
        return changed

    def approve(self, index: int) -> bool:
        seg = self.segments[index]
        if seg.status == APPROVED or not seg.target:
            return False
        self.project.approve(index)
        self.versions[index] += 1
        return True

    def undo(self, index: int) -> bool:
        changed = self.project.undo(index)
        if changed:
            self._changed(index)
        return changed

    # Editing in place: the first keystroke is one undo step, the rest of the typing joins it.

    def begin_edit(self, index: int) -> EditSession:
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
        return Progress(
            segments=len(self),
            translated=len(self) - counts[NEW],
            approved=counts[APPROVED],
            violations=len(self._violating),
        )

    def needs_review(self, index: int) -> bool:
        return self.segments[index].status != APPROVED or self.has_violation(index)

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
        return Job(
            self.generation,
            recheck=[(i, s.segment) for i, s in enumerate(segs) if s.target],
            translate=[
                (i, s.segment) for i, s in enumerate(segs) if s.status == NEW and s.source.strip()
            ],
            previous=previous,
            machine=[(i, s.segment) for i, s in enumerate(segs) if s.status == MACHINE]
            if previous
            else [],
        )

    def human_violations(self) -> set[int]:
        return {i for i in self._violating if self.segments[i].status in HUMAN}


class Pending:
    """Segments waiting for translation, handed out nearest the visible window first.
    The front end moves the window; a worker thread takes batches."""

    def __init__(self, items: Sequence[tuple[int, Segment]]):
        self._lock = threading.Lock()
        self._segments = dict(items)
        self._order = sorted(self._segments)
        self._window = (0, 0)

    def __len__(self) -> int:
        return len(self._order)

    def watch(self, start: int, stop: int) -> None:
        with self._lock:
            self._window = (start, stop)

    def take(self, size: int) -> list[tuple[int, Segment]]:
        with self._lock:
            start, _ = self._window
            at = bisect_left(self._order, start)
            chosen = self._order[at : at + size]
            if len(chosen) < size:  # below the window done: the rest from the top
                chosen += self._order[: size - len(chosen)]
            chosen = sorted(set(chosen))
            for index in chosen:
                self._order.remove(index)
            return [(i, self._segments.pop(i)) for i in chosen]


def _terms_changed(previous: Matcher, matcher: Matcher, segment: Segment) -> bool:
    """Would the new glossary find other terms here than the old one did?"""
    old = previous.find(segment.source, segment.protected)
    new = matcher.find(segment.source, segment.protected)
    return [(m.start, m.end, m.term) for m in old] != [(m.start, m.end, m.term) for m in new]
