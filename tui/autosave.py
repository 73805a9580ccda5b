"""Saving the project within half a second of a change, and never twice at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glossary.api import Project

SAVE_DELAY = 0.5  # seconds from a change to the project file: a crash loses at most this much


class Autosave:
    """The first change starts a timer; when it fires, everything changed since is saved
    (continuous typing cannot put the save off). Project.save writes atomically."""

    def __init__(self, project: Project, set_timer, on_error: Callable[[str], None]):
        self.project = project
        self._set_timer = set_timer
        self._on_error = on_error
        self._timer = None
        self.dirty = False

    def changed(self) -> None:
        self.dirty = True
        if self._timer is None:
            self._timer = self._set_timer(SAVE_DELAY, self._fire)

    def _fire(self) -> None:
        self._timer = None
        if self.dirty:
            self.save()

    def save(self) -> Path | None:
        try:
            path = self.project.save()
        except OSError as e:
            self._on_error(f"Could not save {self.project.path.name}: {e.strerror or e}")
            return None
        self.dirty = False
        return path
