"""Hostile inputs that are not regular files: a FIFO (which blocks whoever opens it), a device
(/dev/zero never ends), a socket, a broken symbolic link, a directory with a document's name.
Named on the command line they are refused in one line before anything is opened; found in a
folder they are skipped with a warning and the folder's documents are translated. Each command
runs in a subprocess with a timeout, so that a regression fails instead of hanging the tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PLUGINS = Path(__file__).parent / "plugins"  # the toy engine: word for word, no model


def glossary(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PLUGINS), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "glossary", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def assert_refused(r: subprocess.CompletedProcess, name: str, why: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [f"glossary: error: {name}: not a regular file: {why}"]


@pytest.fixture
def odd(tmp_path) -> Path:
    """A folder of things that look like documents and are not regular files."""
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    (tmp_path / "null.txt").symlink_to("/dev/null")
    (tmp_path / "dangling.md").symlink_to("nowhere.md")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.md"))
    yield tmp_path
    server.close()


TRANSLATE = ("translate", "--engine", "toy", "--no-glossary")


@pytest.mark.parametrize(
    "name, why",
    [
        ("pipe.md", "a FIFO (named pipe)"),
        ("zero.md", "a character device"),
        ("null.txt", "a character device"),
        ("sock.md", "a socket"),
        ("dangling.md", "a broken symbolic link to nowhere.md"),
    ],
)
def test_an_input_that_is_not_a_regular_file_is_refused(odd, name, why):
    assert_refused(glossary(*TRANSLATE, name, cwd=odd), name, why)
    assert not (odd / name.replace(".", ".en.")).exists()


def test_a_fifo_or_device_is_refused_by_every_command_that_reads(odd):
    (odd / "ok.md").write_text("El modelo.\n", encoding="utf-8")
    (odd / "ok.en").write_text("The model.\n", encoding="utf-8")
    (odd / "terms.tsv").write_text("modelo\tmodel\n", encoding="utf-8")
    fifo = "a FIFO (named pipe)"
    assert_refused(glossary("check", "pipe.md", "ok.md", cwd=odd), "pipe.md", fifo)
    assert_refused(glossary("check", "ok.md", "zero.md", cwd=odd), "zero.md", "a character device")
    args = ("eval", "--src", "pipe.md", "--ref", "ok.en", "--terms", "pipe.md")
    assert_refused(glossary(*args, cwd=odd), "pipe.md", fifo)  # --terms first
    args = ("eval", "--src", "pipe.md", "--ref", "ok.en", "--terms", "terms.tsv", "--engine", "toy")
    assert_refused(glossary(*args, cwd=odd), "pipe.md", fifo)
    assert_refused(
        glossary(*TRANSLATE[:3], "ok.md", "--terms", "pipe.md", cwd=odd), "pipe.md", fifo
    )
    os.mkfifo(odd / "model.argosmodel")
    assert_refused(
        glossary("models", "install", "model.argosmodel", cwd=odd), "model.argosmodel", fifo
    )


def test_a_folder_skips_them_with_a_warning_and_translates_the_rest(odd):
    (odd / "ok.md").write_text("El modelo de lenguaje.\n", encoding="utf-8")
    (odd / "folder.md").mkdir()  # a directory with a document's name is a folder to walk
    (odd / "folder.md" / "inner.md").write_text("Los datos.\n", encoding="utf-8")
    r = glossary(*TRANSLATE, ".", "--out-dir", odd / "out", cwd=odd)
    assert r.returncode == 0, r.stderr
    warnings = sorted(line for line in r.stderr.splitlines() if "warning" in line)
    assert warnings == [
        "glossary: warning: dangling.md: not a regular file: a broken symbolic link to"
        " nowhere.md; skipped",
        "glossary: warning: null.txt: not a regular file: a character device; skipped",
        "glossary: warning: pipe.md: not a regular file: a FIFO (named pipe); skipped",
        "glossary: warning: sock.md: not a regular file: a socket; skipped",
        "glossary: warning: zero.md: not a regular file: a character device; skipped",
    ]
    assert "2 document(s)" in r.stderr
    assert (odd / "out/ok.en.md").read_text(encoding="utf-8") == "The model of language.\n"
    assert (odd / "out/folder.md/inner.en.md").read_text(encoding="utf-8") == "The data.\n"


def test_a_directory_named_like_a_document_is_a_folder(tmp_path):
    (tmp_path / "x.md").mkdir()
    r = glossary(*TRANSLATE, "x.md", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == ["glossary: error: no documents to translate in x.md"]
