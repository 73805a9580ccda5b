"""A project file the tool cannot use (damaged, or well-formed JSON of another shape) is one line
naming the file for `glossary translate` and `glossary edit`, never a traceback and never a
silent guess; the editor offers to start over and keeps the old file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pty_support import Terminal
from tui_support import copy_document

from glossary.api import InputError, Project, ProjectFileError, open_session, project_path
from glossary.api import start_over as start_project_over

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "El escalado y sus límites"  # the first segment of tests/data/editor.md

WRONG_SHAPES = {
    "a-list": [],
    "a-number": 3,
    "segments-an-object": {"segments": {"a": 1}},
    "segment-a-number": {"segments": [1, 2]},
    "segment-a-list": {"segments": [[SOURCE, "x"]]},
    "no-source": {"segments": [{"target": "x"}]},
    "source-a-number": {"segments": [{"source": 5}]},
    "target-a-number": {"segments": [{"source": SOURCE, "target": 3, "status": "edited"}]},
    "target-null": {"segments": [{"source": SOURCE, "target": None}]},
    "status-unknown": {"segments": [{"source": SOURCE, "target": "x", "status": "done"}]},
    "status-a-list": {"segments": [{"source": SOURCE, "status": ["edited"]}]},
    "history-a-string": {"segments": [{"source": SOURCE, "target": "x", "history": "abc"}]},
    "history-of-numbers": {"segments": [{"source": SOURCE, "target": "x", "history": [1]}]},
    "glossary-a-number": {"segments": [], "glossary": 7},
    "engine-a-list": {"segments": [], "engine": ["apertium"]},
    "version-text": {"version": "1", "segments": []},
    "version-newer": {"version": 99, "segments": []},
}
DAMAGED = {
    "truncated": '{"segments": [{"source": "El',
    "not-utf8": b"\xff\xfe{}",
    "empty": "",
}


def bad_project(tmp_path: Path, content) -> tuple[Path, Path, bytes]:
    document, terms = copy_document(tmp_path)
    path = project_path(document)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return document, terms, path.read_bytes()


def glossary(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,  # not a terminal: nobody to ask
        env={**os.environ, "GLOSSARY_CACHE_DIR": str(cwd / "cache")},
        timeout=120,
    )


def assert_one_line_error(result, path: Path) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("glossary: error: ") and path.name in lines[0]
    return lines[0]


CASES = [pytest.param(v, id=k) for k, v in {**WRONG_SHAPES, **DAMAGED}.items()]


@pytest.mark.parametrize("content", CASES)
def test_opening_a_bad_project_file_raises_an_error_naming_it(tmp_path, content):
    document, _, before = bad_project(tmp_path, content)
    with pytest.raises(ProjectFileError) as error:
        Project.open(document)
    assert error.value.path == project_path(document)
    assert str(error.value).startswith(str(project_path(document)) + ": ")
    assert "\n" not in str(error.value)
    assert project_path(document).read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [pytest.param(WRONG_SHAPES[k], id=k) for k in ("segment-a-number", "status-unknown")]
    + [pytest.param(DAMAGED["truncated"], id="truncated")],
)
def test_translate_and_edit_say_it_in_one_line(tmp_path, content):
    document, terms, before = bad_project(tmp_path, content)
    path = project_path(document)
    out = tmp_path / "out.md"
    translate = glossary(
        "translate", str(document), "--engine", "apertium", "-o", str(out), cwd=tmp_path
    )
    assert_one_line_error(translate, path)
    assert not out.exists()
    edit = glossary("edit", str(document), "--engine", "apertium", cwd=tmp_path)
    line = assert_one_line_error(edit, path)
    assert "--reset-project" in line
    assert path.read_bytes() == before  # nothing written over it


def test_the_editor_session_releases_its_lock_when_the_project_is_bad(tmp_path):
    document, terms, _ = bad_project(tmp_path, WRONG_SHAPES["status-unknown"])
    with pytest.raises(ProjectFileError):
        open_session(document, terms, "apertium")
    assert not project_path(document).with_name("editor.md.glossary.json.lock").exists()


def test_start_over_keeps_the_old_file_and_opens_a_new_project(tmp_path):
    document, _, before = bad_project(tmp_path, WRONG_SHAPES["history-a-string"])
    kept = start_project_over(document)
    assert kept.name.startswith("editor.md.glossary.json.damaged-")
    assert kept.read_bytes() == before
    assert not project_path(document).exists()
    assert Project.open(document).segments[0].target == ""
    assert start_project_over(document) is None  # nothing left to move


def test_start_over_is_refused_while_another_editor_has_the_project(tmp_path):
    document, terms = copy_document(tmp_path)
    first = open_session(document, terms, "apertium")
    first.project.save()
    with pytest.raises(InputError, match="open in another editor"):
        start_project_over(document)
    assert project_path(document).exists()
    first.close()


def wait_and_quit(editor: Terminal) -> int:
    editor.wait_for("7/7 translated")
    editor.press("ctrl+q")
    return editor.wait()


def test_edit_asks_at_a_terminal_and_yes_starts_over_keeping_a_copy(tmp_path):
    document, terms, before = bad_project(tmp_path, WRONG_SHAPES["segment-a-number"])
    args = ("edit", str(document), "--engine", "apertium", "--terms", str(terms))
    with Terminal(*args, cwd=tmp_path, env={"GLOSSARY_CACHE_DIR": str(tmp_path / "c")}) as ed:
        ed.wait_for("segment 1 is a number, not an object")
        ed.wait_for("Start a new project for editor.md?")
        ed.type("y\r")
        assert wait_and_quit(ed) == 0
    (kept,) = tmp_path.glob("editor.md.glossary.json.damaged-*")
    assert kept.read_bytes() == before
    assert len(json.loads(project_path(document).read_text())["segments"]) == 7


def test_edit_asks_at_a_terminal_and_no_changes_nothing(tmp_path):
    document, terms, before = bad_project(tmp_path, WRONG_SHAPES["status-unknown"])
    args = ("edit", str(document), "--engine", "apertium", "--terms", str(terms))
    with Terminal(*args, cwd=tmp_path) as ed:
        ed.wait_for("Start a new project for editor.md?")
        ed.type("n\r")
        assert ed.wait() == 2
    assert project_path(document).read_bytes() == before
    assert not list(tmp_path.glob("*.damaged-*"))


def test_reset_project_moves_even_a_good_project_aside(tmp_path):
    document, terms = copy_document(tmp_path)
    review = open_session(document, terms, "apertium")
    review.set_target(0, "Scaling and its limits")
    review.project.save()
    review.close()
    before = project_path(document).read_bytes()
    args = ("edit", str(document), "--engine", "apertium", "--terms", str(terms))
    with Terminal(*args, "--reset-project", cwd=tmp_path) as ed:
        ed.wait_for("old project file is kept as")
        assert wait_and_quit(ed) == 0
    (kept,) = tmp_path.glob("editor.md.glossary.json.old-*")
    assert kept.read_bytes() == before
    assert "Scaling and its limits" not in project_path(document).read_text(encoding="utf-8")
