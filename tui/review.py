"""A review session's state: the project, the glossary in use, each segment's terms and checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.api import (
    APPROVED,
    EDITED,
    HUMAN,
    MACHINE,
    NEW,
    Glossary,
    Issue,
    Match,
    Matcher,
    Project,
    ProjectSegment,
    Segment,
    TermCheck,
    check_segment,
    verify,
)


@dataclass(frozen=True)
class Progress:
    """What the status line counts."""

    segments: int
    translated: int
    approved: int
    violations: int  # segments with at least one term violation


@dataclass
class Job:
    """What to do in the background for one glossary (`generation`)."""

    generation: int
    matcher: Matcher
    checks: dict[str, str]  # the quality checks' severities, from terms.yaml
    recheck: list[tuple[int, Segment, str]] = field(default_factory=list)  # verify these targets
    translate: list[tuple[int, Segment]] = field(default_factory=list)
    # With a new glossary: machine targets are translated again where the terms found changed.
    previous: Matcher | None = None
    machine: list[tuple[int, Segment]] = field(default_factory=list)


@dataclass
class EditSession:
    """A target open in the editor: what it was, so that leaving it unchanged changes nothing."""

    index: int
    original: str
    status: str
    history: list[str]
    started: bool = False


class Review:
    """The project being reviewed and, per segment, its glossary matches and term checks.

    Every change to a target goes through here so that the cached checks stay true; `version`
    counts changes per segment, for the views that cache what they draw."""

    def __init__(self, project: Project, glossary: Glossary):
        self.project = project
        self.generation = 0  # bumped with each glossary: older background results are stale
        self.versions = [0] * len(project.segments)
        self.use_glossary(glossary)

    # The glossary --------------------------------------------------------------------------

    def use_glossary(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.matcher = Matcher(glossary)
        self.generation += 1
        self._matches: dict[int, list[Match]] = {}
        self._checks: dict[int, list[TermCheck]] = {}
        self._issues: dict[int, list[Issue]] = {}
        self._violating: set[int] = set()
        self.versions = [v + 1 for v in self.versions]

    # Per segment ---------------------------------------------------------------------------

    @property
    def segments(self) -> list[ProjectSegment]:
        return self.project.segments

    def __len__(self) -> int:
        return len(self.project.segments)

    def matches(self, index: int) -> list[Match]:
        found = self._matches.get(index)
        if found is None:
            seg = self.segments[index]
            found = self.matcher.find(seg.source, seg.protected) if seg.source.strip() else []
            self._matches[index] = found
        return found

    def checks(self, index: int) -> list[TermCheck]:
        found = self._checks.get(index)
        if found is None:
            seg = self.segments[index]
            found = verify(seg.source, seg.target, self.matches(index)) if seg.target else []
            self._store_checks(index, found)
        return found

    def issues(self, index: int) -> list[Issue]:
        """The quality checks' findings (numbers, untranslated text...) for the target."""
        found = self._issues.get(index)
        if found is None:
            seg = self.segments[index]
            found = []
            if seg.target:
                found = check_segment(
                    seg.source,
                    seg.target,
                    protected=seg.protected,
                    matches=self.matches(index),
                    config=self.glossary.checks,
                )
            self._issues[index] = found
        return found

    def has_error(self, index: int) -> bool:
        """A quality-check error (not a warning) in the target."""
        return any(i.severity == "error" for i in self.issues(index))

    def violations(self, index: int) -> list[TermCheck]:
        return [c for c in self.checks(index) if not c.ok]

    def has_violation(self, index: int) -> bool:
        self.checks(index)
        return index in self._violating

    def store(self, index: int, target: str, matches: list[Match], checks: list[TermCheck]):
        """Checks computed in the background for `target`; ignored if the target moved on."""
        if self.segments[index].target != target:
            return
        self._matches[index] = matches
        self._store_checks(index, checks)
        self._issues.pop(index, None)
        self.versions[index] += 1

    def _store_checks(self, index: int, checks: list[TermCheck]) -> None:
        self._checks[index] = checks
        if any(not c.ok for c in checks):
            self._violating.add(index)
        else:
            self._violating.discard(index)

    def _changed(self, index: int) -> None:
        """A target changed: verify it again at once, so that the counts stay true."""
        self._checks.pop(index, None)
        self._issues.pop(index, None)
        self.checks(index)
        self.versions[index] += 1

    # Changes -------------------------------------------------------------------------------

    def apply_machine(self, index: int, target: str, checks: list[TermCheck]) -> bool:
        """Machine output (checked in the background), unless a person has edited or approved
        the segment meanwhile."""
        if not self.project.apply_machine(index, target):
            return False
        self.store(index, target, [c.match for c in checks], checks)
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
        """The background work for the glossary in use: verify every target, translate what
        is new and, after a glossary change (`previous`), machine targets its terms touch."""
        segs = self.segments
        return Job(
            self.generation,
            self.matcher,
            self.glossary.checks,
            recheck=[(i, s.segment, s.target) for i, s in enumerate(segs) if s.target],
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
