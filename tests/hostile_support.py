"""What the hostile-input tests share: a word-for-word engine that counts its calls (so a test
can tell that nothing was translated before an error), the command line in this process, a
picture of a folder to compare before and after, a small tmpfs where mounting is possible."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary import cli

WORDS = {
    "uno": "one",
    "dos": "two",
    "tres": "three",
    "hola": "hello",
    "el": "the",
    "y": "and",
    "en": "in",
}
_WORD = re.compile(r"\w+")


class WordEngine:
    """Spanish words it knows turned into English, the others copied; every source it was
    asked to translate is kept in `calls`."""

    name = "words"
    title = "word for word (hostile tests)"
    capabilities = frozenset()
    auto_order = None
    identity = "words:1"
    calls: list[str] = []

    @classmethod
    def available(cls) -> bool:
        return True

    @property
    def loaded(self) -> bool:
        return bool(self.calls)

    def translate_batch(self, segments):
        WordEngine.calls += [s.text for s in segments]
        return [_WORD.sub(_english, s.with_fixed()) for s in segments]

    def close(self) -> None:
        pass


def _english(m: re.Match) -> str:
    word = m.group()
    english = WORDS.get(word.lower(), word)
    return english.capitalize() if word[0].isupper() else english


def glossary(*args: str | Path, input: str | bytes | None = None):
    """`glossary ARGS` in this process; the result has exit_code, stdout, stderr."""
    return CliRunner().invoke(cli.main, [str(a) for a in args], input=input)


def assert_one_line_error(result, *needles: str, status: int = 2) -> str:
    """The command failed with `status` and said why in one line, no traceback."""
    assert result.exit_code == status, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("glossary: error:")]
    assert len(errors) == 1, result.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` with the bytes of each file."""
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


@contextlib.contextmanager
def tmpfs(path: Path, size: str, files: dict[str, str] | None = None, readonly: bool = False):
    """A tmpfs of `size` mounted on `path` (with `files` in it, then made read-only if asked);
    the test is skipped, saying why, where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        pytest.skip("cannot mount a tmpfs here (no mount command)")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'not root'})")
    try:
        for name, text in (files or {}).items():
            (path / name).write_text(text, encoding="utf-8")
        if readonly:
            subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextlib.contextmanager
def read_only_folder(path: Path, files: dict[str, str] | None = None):
    """A folder this process can't write in: a read-only tmpfs as root (who may write in any
    folder whatever its mode), a folder without write permission otherwise."""
    if os.geteuid() == 0:
        with tmpfs(path, "64k", files, readonly=True):
            yield path
        return
    path.mkdir(parents=True, exist_ok=True)
    for name, text in (files or {}).items():
        (path / name).write_text(text, encoding="utf-8")
    path.chmod(0o555)
    try:
        yield path
    finally:
        path.chmod(0o755)
