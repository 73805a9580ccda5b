"""Background work of an editing session: the job to run for one glossary, and the queue of
segments waiting for the engine, handed out nearest the visible window first."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from glossary.match import Matcher
from glossary.record import Segment


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
