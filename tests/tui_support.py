"""Shared pieces of the editor tests: a copy of the test document, the app on it, a stub engine
that holds translation back, and waiting for background work."""

from __future__ import annotations

import asyncio
import functools
import shutil
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from glossary.api import open_session
from glossary.engines import register_engine
from glossary.engines.apertium import ApertiumEngine
from tui.app import EditorApp

DATA = Path(__file__).parent / "data"


def run_async(test):
    """Run an async test function on a fresh event loop (no async pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def copy_document(tmp_path: Path, text: str | None = None) -> tuple[Path, Path]:
    """editor.md and its glossary copied to tmp_path (tests never touch tests/data)."""
    document = tmp_path / "editor.md"
    if text is None:
        shutil.copy(DATA / "editor.md", document)
    else:
        document.write_text(text, encoding="utf-8")
    terms = tmp_path / "terms.yaml"
    shutil.copy(DATA / "editor_terms.yaml", terms)
    return document, terms


def make_app(document: Path, terms: Path | None, engine: str | None = "apertium", **settings):
    """The editor on `document`, as `glossary edit` opens it."""
    return EditorApp(open_session(document, terms, engine, **settings))


async def settle(pilot, timeout: float = 30) -> None:
    """Wait until translation is over and no worker runs, then let posted messages land."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        if not app.translating and all(w.is_finished for w in app.workers):
            await pilot.pause()
            await pilot.pause()
            return
    raise AssertionError("background translation did not finish")


async def wait_for(pilot, condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


def screen_text(app) -> str:
    """What the terminal shows, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@register_engine
class GatedEngine:
    """Apertium behind a gate: nothing is translated until `open()`; records what it got."""

    name = "gated"
    title = "Apertium behind a gate"
    capabilities = frozenset()
    auto_order = None

    @classmethod
    def available(cls) -> bool:
        return True

    def __init__(self) -> None:
        self.inner = ApertiumEngine()
        self.identity = "gated:" + self.inner.identity
        self.gate = threading.Event()
        self.batches: list[list[str]] = []

    @property
    def loaded(self) -> bool:
        return self.inner.loaded

    def open(self) -> None:
        self.gate.set()

    def translate_batch(self, segments: Sequence) -> list[str]:
        if not self.gate.wait(timeout=60):
            raise TimeoutError("the test never opened the gate")
        self.batches.append([s.text for s in segments])
        return self.inner.translate_batch(segments)

    def close(self) -> None:
        self.gate.set()
        self.inner.close()


@register_engine
class BrokenEngine:
    """An engine that fails to load, as a missing model does."""

    name = "broken"
    title = "An engine without its model"
    capabilities = frozenset()
    auto_order = None

    @classmethod
    def available(cls) -> bool:
        return False

    def __init__(self) -> None:
        from glossary.api import EngineError

        raise EngineError("no Argos Spanish→English package installed")
