"""Two editors on one document: the first has the project, the second opens read-only, says
why and overwrites nothing, follows what the first saves and can edit once it has closed. A
lock left by an editor that was killed is taken over."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pty_support import Terminal
from tui_support import copy_document, make_app, run_async, screen_text, settle, wait_for

from glossary.api import EDITED, ReadOnlyError, open_session, project_path
from glossary.lock import Holder, ProjectLock
from glossary.project import lock_path

SIZE = (120, 40)


def saved(document: Path) -> dict:
    return json.loads(project_path(document).read_text(encoding="utf-8"))


def dead_pid() -> int:
    """The pid of a process of this host that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lock(document: Path, **fields) -> Path:
    holder = {"pid": os.getpid(), "host": socket.gethostname(), "user": "ana"}
    holder["started"] = time.time()
    holder.update(fields)
    path = lock_path(document)
    path.write_text(json.dumps(holder), encoding="utf-8")
    return path


@run_async
async def test_second_editor_is_read_only_says_why_and_overwrites_nothing(tmp_path):
    document, terms = copy_document(tmp_path)
    first = open_session(document, terms, "apertium")
    first.set_target(0, "Scaling and its limits")
    first.project.save()
    before = project_path(document).read_bytes()
    second = make_app(document, terms)
    assert f"pid {os.getpid()}" in second.review.read_only
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_text(second)
        assert "READ-ONLY" in screen
        assert "Scaling and its limits" in screen  # it shows what the first one saved
        told = [n.message for n in second._notifications]
        assert any("open in another editor" in m for m in told)
        await pilot.press("down", "enter")  # edit: refused
        assert second.editor.session is None
        await pilot.press("a", "r", "ctrl+s")  # approve, retranslate, save: refused
        await pilot.pause(0.7)
        assert second.project.segments[1].status != "approved"
        refusals = [n.message for n in second._notifications][len(told) :]
        assert len(refusals) == 4 and all(m.startswith("Read-only") for m in refusals)
        with pytest.raises(ReadOnlyError):
            second.review.set_target(1, "Mine")
        with pytest.raises(ReadOnlyError):
            second.project.save()
        with pytest.raises(ReadOnlyError):
            second.review.change_glossary(lambda path: None)
    assert project_path(document).read_bytes() == before
    assert first.lock.owned and lock_path(document).exists()
    first.close()
    assert not lock_path(document).exists()


@run_async
async def test_read_only_editor_follows_the_first_then_edits_once_it_closes(tmp_path):
    document, terms = copy_document(tmp_path)
    first = open_session(document, terms, "apertium")
    second = make_app(document, terms)
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert second.review.read_only
        first.set_target(0, "Scaling and its limits")
        first.project.save()
        await wait_for(pilot, lambda: "Scaling and its limits" in screen_text(second))
        first.close()  # the first editor quits
        await wait_for(pilot, lambda: not second.review.read_only)
        await settle(pilot)
        assert "READ-ONLY" not in screen_text(second)
        await pilot.press("down", "enter")
        editor = second.query_one("#editor")
        editor.replace("Over recent years, scaling was the recipe.", (0, 0), editor.document.end)
        await pilot.pause()
        await pilot.press("escape")
    segments = saved(document)["segments"]
    assert segments[0]["target"] == "Scaling and its limits"  # the first editor's edit
    assert segments[1]["target"] == "Over recent years, scaling was the recipe."
    assert segments[1]["status"] == EDITED
    assert not lock_path(document).exists()


ON_LINUX = Path("/proc/1/stat").exists()  # when a process began is known only there


@pytest.mark.parametrize(
    "stale",
    [
        pytest.param(lambda: {"pid": dead_pid()}, id="pid-ended"),
        # pid 1 runs, but began long after this lock was written: another process now
        pytest.param(
            lambda: {"pid": 1, "started": 1_000_000.0},
            id="pid-reused",
            marks=pytest.mark.skipif(not ON_LINUX, reason="needs /proc"),
        ),
    ],
)
def test_a_stale_lock_is_taken_over(tmp_path, stale):
    document, terms = copy_document(tmp_path)
    path = write_lock(document, **stale())
    review = open_session(document, terms, "apertium")
    assert review.read_only == ""
    holder = Holder.parse(path.read_text(encoding="utf-8"))
    assert holder is not None and holder.pid == os.getpid()
    review.set_target(0, "Scaling and its limits")
    review.project.save()
    review.close()
    assert saved(document)["segments"][0]["target"] == "Scaling and its limits"
    assert not path.exists()


@pytest.mark.parametrize(
    "fields, says",
    [
        ({"host": "another-machine"}, "on another-machine"),
        ({"pid": 1, "started": time.time()}, "pid 1"),  # alive, and older than the lock
    ],
    ids=["other-host", "live-pid"],
)
def test_a_live_or_foreign_lock_is_respected(tmp_path, fields, says):
    document, terms = copy_document(tmp_path)
    path = write_lock(document, **fields)
    before = path.read_bytes()
    review = open_session(document, terms, "apertium")
    assert says in review.read_only
    review.close()
    assert path.read_bytes() == before  # a lock that is not ours is never removed


def test_a_garbled_lock_waits_for_its_writer_then_is_stale(tmp_path):
    document, terms = copy_document(tmp_path)
    path = lock_path(document)
    path.write_text("{half written", encoding="utf-8")
    review = open_session(document, terms, "apertium")
    assert "opening it" in review.read_only
    review.close()
    old = time.time() - 60
    os.utime(path, (old, old))
    review = open_session(document, terms, "apertium")
    assert review.read_only == ""
    review.close()


def test_only_one_of_two_racing_editors_gets_the_lock(tmp_path):
    document, _ = copy_document(tmp_path)
    path = write_lock(document, pid=dead_pid())
    locks = [ProjectLock(path), ProjectLock(path)]
    results = [lock.acquire() for lock in locks]
    assert results == [True, False]
    assert "open in another editor" in locks[1].reason
    locks[0].release()


def test_two_editor_processes_on_one_document_lose_nothing(tmp_path):
    document, terms = copy_document(tmp_path)
    env = {"GLOSSARY_CACHE_DIR": str(tmp_path / "cache")}
    args = ("edit", str(document), "--engine", "apertium", "--terms", str(terms))
    with Terminal(*args, cwd=tmp_path, env=env) as first:
        first.wait_for("7/7 translated")
        with Terminal(*args, cwd=tmp_path, env=env) as second:
            second.wait_for("READ-ONLY")
            second.wait_for("open in another editor")
            first.press("enter", "select_all")
            first.type("Scaling and its limits")
            first.press("escape", pause=0.5)
            second.wait_for("Scaling and its limits")
            second.press("down", "enter", "select_all")
            second.type("NOT TYPED")  # refused: the editor never opened
            second.press("ctrl+s")
            first.press("ctrl+q")
            assert first.wait() == 0
            second.wait_for("has closed the project")
            second.press("down", "enter", "select_all")
            second.type("Over recent years, scaling was the recipe.")
            second.press("escape", pause=0.5)
            second.press("ctrl+q")
            assert second.wait() == 0
    segments = saved(document)["segments"]
    assert segments[0]["target"] == "Scaling and its limits"
    assert segments[1]["target"] == "Over recent years, scaling was the recipe."
    assert not any("NOT TYPED" in s["target"] for s in segments)
    assert not lock_path(document).exists()
