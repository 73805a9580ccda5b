"""The editor never loses work silently: a kill or a closed terminal saves and restores the
terminal, quitting after a failed save asks first and exits non-zero, an emptied target is
not "translated" and export does not slip the Spanish into the English document."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from pty_support import LEAVE_ALTERNATE_SCREEN, Terminal
from tui_support import copy_document, make_app, run_async, screen_text, settle, wait_for

from glossary.api import EDITED, MissingTargets, Project, project_path
from glossary.project import lock_path
from tui.segments import EMPTY

SIZE = (120, 40)


def saved(document: Path) -> dict:
    return json.loads(project_path(document).read_text(encoding="utf-8"))


async def type_target(pilot, text: str) -> None:
    await pilot.press("enter")
    editor = pilot.app.query_one("#editor")
    editor.replace(text, (0, 0), editor.document.end)
    await pilot.pause()
    await pilot.press("escape")


# Signals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_saves_the_last_keystrokes_and_restores_the_terminal(tmp_path, number):
    document, terms = copy_document(tmp_path)
    env = {"GLOSSARY_CACHE_DIR": str(tmp_path / "cache")}
    args = ("edit", str(document), "--engine", "apertium", "--terms", str(terms))
    with Terminal(*args, cwd=tmp_path, env=env) as editor:
        editor.wait_for("7/7 translated")
        editor.press("enter")
        editor.type(" LAST WORDS")
        editor.signal(number)  # well within the half second before the autosave
        assert editor.wait() == 0
        raw = editor.raw
    assert saved(document)["segments"][0]["target"].endswith(" LAST WORDS")
    assert saved(document)["segments"][0]["status"] == EDITED
    # The terminal is given back: the app's screen is left, nothing drawn after it.
    assert raw.rfind(LEAVE_ALTERNATE_SCREEN) > raw.rfind(b"LAST WORDS")
    assert b"Traceback" not in raw
    assert not lock_path(document).exists()


# A save that fails ---------------------------------------------------------------------------


def failing_save(project: Project):
    def save():
        raise OSError(28, "No space left on device")

    project.save = save


@run_async
async def test_quitting_after_a_failed_save_asks_and_no_keeps_the_editor(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        real_save = app.project.save
        failing_save(app.project)
        await type_target(pilot, "Scaling and its limits")
        await pilot.pause(0.8)  # the autosave fails and says so
        assert any("No space left" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "Quit anyway" in screen_text(app) and "No space left" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and "Quit anyway" not in screen_text(app)
        app.project.save = real_save  # space again
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert saved(document)["segments"][0]["target"] == "Scaling and its limits"


@run_async
async def test_quitting_anyway_after_a_failed_save_exits_non_zero(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = project_path(document).read_bytes() if project_path(document).exists() else b""
        failing_save(app.project)
        await type_target(pilot, "Scaling and its limits")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: "Quit anyway" in screen_text(app))
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 1
    assert "not saved (No space left on device)" in app.unsaved_message()
    after = project_path(document).read_bytes() if project_path(document).exists() else b""
    assert after == before  # nothing half written


# An emptied target --------------------------------------------------------------------------


@run_async
async def test_an_emptied_target_is_flagged_and_export_asks(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    english = document.with_name("editor.en.md")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        spanish = app.project.segments[1].source
        await type_target(pilot, "")
        await pilot.pause()
        screen = screen_text(app)
        assert "6/7 translated" in screen and "1 empty" in screen
        assert EMPTY in screen and "No English" in screen  # the row and the panel
        assert app.review.needs_review(1)
        await pilot.press("e")
        await pilot.pause()
        assert "1 segment(s) have no English (2)" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert not english.exists()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert spanish in english.read_text(encoding="utf-8")  # asked, and told yes
    # Reopened, the emptied target is still flagged, not silently machine-translated again.
    again = Project.open(document)
    assert again.segments[1].target == "" and again.untranslated() == [1]


def test_project_export_and_render_name_the_segments_without_english(tmp_path):
    document, _ = copy_document(tmp_path)
    project = Project.open(document)
    for index in range(len(project.segments)):
        project.set_target(index, f"English {index}")
    project.set_target(2, "")
    project.set_target(5, "   ")
    for write in (project.render, project.export):
        with pytest.raises(MissingTargets) as error:
            write()
        assert error.value.indices == [2, 5]
        assert "2 segment(s) have no English (3, 6)" in str(error.value)
    assert not document.with_name("editor.en.md").exists()
    out = project.export(allow_missing=True)
    assert project.segments[2].source in out.read_text(encoding="utf-8")
