"""Saving the project within half a second of a change, and never twice at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glossary.api import InputError, Project

SAVE_DELAY = 0.5  # seconds from a change to the project file: a crash loses at most this much


class Autosave:
    """The first change starts a timer; when it fires, everything changed since is saved
    (continuous typing cannot put the save off). Project.save writes atomically. `error` is
    why the last save failed ('' after one that worked): quitting then asks first."""

    def __init__(self, project: Project, set_timer, on_error: Callable[[str], None]):
        self.project = project
        self._set_timer = set_timer
        self._on_error = on_error
        self._timer = None
        self.dirty = False
        self.error = self.reason = ""

    def changed(self) -> None:
        if self.project.read_only:
            return  # nothing of a read-only session is saved: it changes nothing
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
        except (OSError, InputError) as e:
            self.reason = (e.strerror or str(e)) if isinstance(e, OSError) else str(e)
            self.error = f"Could not save {self.project.path.name}: {self.reason}"
            self._on_error(self.error)
            return None
        self.dirty = False
        self.error = self.reason = ""
        return path
