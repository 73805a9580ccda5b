"""How an editing session ends, and who may write it: saving, export, quitting (asking first
when a save failed), SIGTERM and SIGHUP (saved like Ctrl+Q), and the read-only window on a
project another editor holds, which follows that editor's saves."""

from __future__ import annotations

import asyncio
import signal

from glossary.api import InputError, MissingTargets
from tui.dialogs import ConfirmDialog

FOLLOW_EVERY = 1.0  # seconds between looks at the project another editor holds
SIGNALS = ("SIGTERM", "SIGHUP")  # a kill, the terminal closed: save and leave cleanly


class Lifecycle:
    """Part of EditorApp (it uses its review, autosave, notify and exit)."""

    save_failed = False  # the last changes could not be saved when the app ended

    # Read-only ------------------------------------------------------------------------------

    def _follow_if_read_only(self) -> None:
        """A second editor on a project: say why it is read-only, then keep up with the
        editor that has it."""
        if not self.review.read_only:
            return
        self.notify(
            f"Read-only: {self.review.read_only}. This window shows what that editor saves"
            " and can edit once it closes.",
            title="Read-only",
            severity="warning",
            timeout=15,
        )
        self._follower = self.set_interval(FOLLOW_EVERY, self._follow)

    def _refused(self) -> bool:
        """Read-only: say so, and change nothing."""
        if self.review.read_only:
            self.notify(f"Read-only: {self.review.read_only}.", severity="warning")
            return True
        return False

    def _follow(self) -> None:
        """Read-only: show what the other editor saves; edit once it has closed."""
        took, changed = self.review.follow()
        if changed:
            self._updated(changed, save=False)
        if took:
            self._follower.stop()
            self.notify("The other editor has closed the project: you can edit now.")
            self._start(self.review.job())
            self._refresh_footer()

    # Signals ------------------------------------------------------------------------------

    def _catch_signals(self) -> None:
        """A kill or a closed terminal saves and restores the terminal like Ctrl+Q does."""
        loop = asyncio.get_running_loop()
        for name in SIGNALS:
            if hasattr(signal, name):
                try:
                    loop.add_signal_handler(getattr(signal, name), self._signalled, name)
                except (NotImplementedError, RuntimeError, ValueError):
                    pass  # not the main thread, or no signals here (Windows)

    def _release_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for name in SIGNALS:
            if hasattr(signal, name):
                try:
                    loop.remove_signal_handler(getattr(signal, name))
                except (NotImplementedError, RuntimeError, ValueError):
                    pass

    def _signalled(self, name: str) -> None:
        self._finish_edit()
        if self._save_for_exit():
            self.exit()
        else:
            self._exit_unsaved()

    # Saving, export, quitting -----------------------------------------------------------------

    def action_save(self) -> None:
        if self._refused():
            return
        path = self.autosave.save()
        if path:
            self.notify(f"Saved {path.name}")

    def action_export(self, allow_missing: bool = False) -> None:
        try:
            path = self.review.export(allow_missing=allow_missing)
        except MissingTargets as e:

            def answer(yes: bool | None) -> None:
                if yes:
                    self.action_export(allow_missing=True)

            self.push_screen(ConfirmDialog(f"{e}. Export anyway?"), answer)
            return
        except (OSError, InputError) as e:
            self.notify(f"Could not export: {e}", severity="error")
            return
        self.notify(f"Wrote {path.name}")

    async def action_quit(self) -> None:
        """Save and quit; when the save fails, ask before losing what it would have kept."""
        if self.editor.session is not None:
            self.action_stop_editing()  # the dialog may keep the editor open: leave the text
        if self._save_for_exit():
            self.exit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._exit_unsaved()

        question = f"{self.autosave.error}. Quit anyway, losing the changes since the last save?"
        self.push_screen(ConfirmDialog(question), answer)

    def _save_for_exit(self) -> bool:
        """Save before leaving; False if that failed (a read-only session has nothing to)."""
        if self.review.read_only:
            return True
        return self.autosave.save() is not None

    def _exit_unsaved(self) -> None:
        self.autosave.dirty = False  # the user chose to leave it; on_unmount must not retry
        self.exit(
            return_code=1,
            message=self.unsaved_message(),
        )

    def unsaved_message(self) -> str:
        """The line left on the terminal when the last changes could not be saved."""
        return (
            f"glossary: error: {self.project.path}: not saved ({self.autosave.reason});"
            " the changes since the last save are lost"
        )

    def on_unmount(self) -> None:
        """However the app ends, what was typed is in the project file (`save_failed` if it
        could not be); then the project's lock goes."""
        self._release_signals()
        if self.autosave.dirty and not self.autosave.save():
            self.save_failed = True
        self.review.close()
