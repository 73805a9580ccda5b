"""Background translation: the engine loads and translates in worker threads that only post
messages; segments on screen go first."""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from glossary.api import Enforcer, Match, Matcher, Segment, TermCheck, Translation, verify
from tui.review import Job

FIRST_BATCH = 8  # small, so that the first screen fills quickly
BATCH = 16  # small enough that cancelling (a new glossary, quitting) waits for little


# Messages --------------------------------------------------------------------------------


@dataclass
class EngineReady(Message):
    name: str
    alternatives: bool  # the engine gives n-best lists


@dataclass
class Checked(Message):
    generation: int
    results: list[tuple[int, str, list[Match], list[TermCheck]]]  # index, target verified


@dataclass
class Translated(Message):
    generation: int
    results: list[tuple[int, Translation]]
    done: int
    total: int


@dataclass
class TranslationDone(Message):
    generation: int
    translated: int
    seconds: float


@dataclass
class TranslationStopped(Message):
    """A worker failed; its error has been shown to the user."""

    group: str


@dataclass
class Retranslated(Message):
    generation: int
    index: int
    translation: Translation


@dataclass
class AlternativesReady(Message):
    index: int
    source: str
    translations: list[Translation]


class Pending:
    """Segments waiting for translation, handed out nearest the visible window first.
    The UI thread moves the window; the worker thread takes batches."""

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
            start, stop = self._window
            at = bisect_left(self._order, start)
            chosen = self._order[at : at + size]
            if len(chosen) < size:  # below the window done: the rest from the top
                chosen += self._order[: size - len(chosen)]
            chosen = sorted(set(chosen))
            for index in chosen:
                self._order.remove(index)
            return [(i, self._segments.pop(i)) for i in chosen]


class Translator(Widget):
    """Owns the engine: loads it on first use, in a worker, and closes it at the end."""

    DEFAULT_CSS = "Translator { display: none; }"

    def __init__(self, engine_factory: Callable[[], object], **kwargs):
        super().__init__(**kwargs)
        self._factory = engine_factory
        self._engine = None
        self._lock = threading.Lock()
        self._pending = Pending([])

    def watch_window(self, start: int, stop: int) -> None:
        """The segments on screen, translated before the others."""
        self._pending.watch(start, stop)

    def _load_engine(self):
        with self._lock:
            if self._engine is None:
                self._engine = self._factory()
                nbest = Enforcer(self._engine).uses("nbest")
                self.post_message(EngineReady(self._engine.name, nbest))
            return self._engine

    def _enforcer(self, matcher: Matcher, checks: dict[str, str]) -> Enforcer:
        """As `glossary translate` makes it: the glossary enforced, numbers written for
        en_US (the engine's default locale), the glossary's quality-check settings."""
        return Enforcer(self._load_engine(), matcher, checks=checks)

    @work(thread=True, exclusive=True, group="translate", exit_on_error=False)
    def run_job(self, job: Job, window: tuple[int, int] = (0, 0)) -> None:
        worker = get_current_worker()
        started = time.perf_counter()
        checked = []
        for index, segment, target in job.recheck:
            matches = job.matcher.find(segment.text, segment.protected)
            checked.append((index, target, matches, verify(segment.text, target, matches)))
        self.post_message(Checked(job.generation, checked))
        todo = list(job.translate)
        if job.previous is not None:
            todo += [(i, s) for i, s in job.machine if _terms_changed(job, s)]
        if not todo or worker.is_cancelled:
            self.post_message(TranslationDone(job.generation, 0, time.perf_counter() - started))
            return
        pending = self._pending = Pending(todo)
        pending.watch(*window)
        enforcer = self._enforcer(job.matcher, job.checks)
        done, size = 0, FIRST_BATCH
        while batch := pending.take(size):
            if worker.is_cancelled:
                return
            translations = enforcer.translate([s for _, s in batch])
            done += len(batch)
            results = [(i, t) for (i, _), t in zip(batch, translations)]
            self.post_message(Translated(job.generation, results, done, len(todo)))
            size = BATCH
        self.post_message(TranslationDone(job.generation, done, time.perf_counter() - started))

    @work(thread=True, exclusive=True, group="retranslate", exit_on_error=False)
    def retranslate(self, generation: int, matcher: Matcher, checks, index: int, segment: Segment):
        (translation,) = self._enforcer(matcher, checks).translate([segment])
        self.post_message(Retranslated(generation, index, translation))

    @work(thread=True, exclusive=True, group="alternatives", exit_on_error=False)
    def alternatives(self, matcher: Matcher, checks, index: int, segment: Segment, n: int = 3):
        found = self._enforcer(matcher, checks).alternatives(segment, n)
        self.post_message(AlternativesReady(index, segment.text, found))

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def load(self) -> None:
        self._load_engine()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        self.notify(str(error) or type(error).__name__, title="Translation", severity="error")
        self.post_message(TranslationStopped(event.worker.group))

    def on_unmount(self) -> None:
        if self._engine is not None:
            self._engine.close()


def _terms_changed(job: Job, segment: Segment) -> bool:
    """Would the new glossary find other terms here than the old one did?"""
    old = job.previous.find(segment.text, segment.protected)
    new = job.matcher.find(segment.text, segment.protected)
    return [(m.start, m.end, m.term) for m in old] != [(m.start, m.end, m.term) for m in new]
