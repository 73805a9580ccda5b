"""Background translation: the translation service translates and checks in worker threads that
only post messages; segments on screen go first."""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from glossary.api import NBEST, Job, Pending, Review, Segment

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
    results: list[tuple[int, Segment]]  # index, its record checked by the service


@dataclass
class Translated(Message):
    generation: int
    results: list[tuple[int, Segment]]
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
    record: Segment


@dataclass
class Warned(Message):
    """The translation service has something to say that does not stop it (a damaged cache
    set aside); posted from whichever thread it said it in."""

    text: str


@dataclass
class AlternativesReady(Message):
    index: int
    source: str
    records: list[Segment]


class Translator(Widget):
    """Runs the review's translation service in workers; closes it at the end."""

    DEFAULT_CSS = "Translator { display: none; }"

    def __init__(self, review: Review, **kwargs):
        super().__init__(**kwargs)
        self.review = review
        self._pending = Pending([])
        # Workers call it: post_message is safe from any thread.
        review.service.on_warning = lambda text: self.post_message(Warned(text))

    @property
    def service(self):
        return self.review.service

    def watch_window(self, start: int, stop: int) -> None:
        """The segments on screen, translated before the others."""
        self._pending.watch(start, stop)

    def _engine_ready(self) -> None:
        engine = self.service.engine  # made here, in the worker: a missing engine fails here
        self.post_message(EngineReady(engine.name, self.service.can(NBEST)))

    @work(thread=True, exclusive=True, group="translate", exit_on_error=False)
    def run_job(self, job: Job, window: tuple[int, int] = (0, 0)) -> None:
        worker = get_current_worker()
        started = time.perf_counter()
        records = self.service.check([s for _, s in job.recheck])
        self.post_message(
            Checked(job.generation, [(i, r) for (i, _), r in zip(job.recheck, records)])
        )
        todo = job.work(self.service.matcher)
        if not todo or worker.is_cancelled:
            self.post_message(TranslationDone(job.generation, 0, time.perf_counter() - started))
            return
        self._engine_ready()
        pending = self._pending = Pending(todo)
        pending.watch(*window)
        done, size = 0, FIRST_BATCH
        while batch := pending.take(size):
            if worker.is_cancelled:
                return
            translated = self.service.translate([s for _, s in batch])
            self.service.flush()
            done += len(batch)
            results = [(i, r) for (i, _), r in zip(batch, translated)]
            self.post_message(Translated(job.generation, results, done, len(todo)))
            size = BATCH
        self.post_message(TranslationDone(job.generation, done, time.perf_counter() - started))

    @work(thread=True, exclusive=True, group="retranslate", exit_on_error=False)
    def retranslate(self, generation: int, index: int, segment: Segment) -> None:
        (record,) = self.service.translate([segment], fresh=True)
        self.post_message(Retranslated(generation, index, record))

    @work(thread=True, exclusive=True, group="alternatives", exit_on_error=False)
    def alternatives(self, index: int, segment: Segment, n: int = 3) -> None:
        found = self.service.alternatives(segment, n)
        self.post_message(AlternativesReady(index, segment.source, found))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        self.notify(str(error) or type(error).__name__, title="Translation", severity="error")
        self.post_message(TranslationStopped(event.worker.group))

    def on_unmount(self) -> None:
        self.service.close()
