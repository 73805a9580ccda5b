"""Hostile output paths: every file a command writes is checked before any work starts, in one
line naming it; nothing already there is lost; a disk that fills up or refuses a file mid-run
stops the run in one line, with the documents finished so far kept and the status non-zero."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_support import (
    WordEngine,
    assert_one_line_error,
    glossary,
    read_only_folder,
    snapshot,
    tmpfs,
)

from glossary import run as run_module
from glossary.engines import register_engine, unregister_engine

TRANSLATE = ("translate", "--engine", "words", "--no-glossary")


@pytest.fixture(autouse=True)
def words():
    WordEngine.calls = []
    register_engine(WordEngine)
    yield WordEngine
    unregister_engine(WordEngine.name)


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused_before_work(result, *needles: str) -> None:
    assert_one_line_error(result, *needles)
    assert WordEngine.calls == [], "the engine ran before the error"


# Outputs that would overwrite an input ------------------------------------------------------


def test_output_equal_to_the_input_is_refused(here):
    source = write(here / "a.md", "Uno y dos.\n")
    refused_before_work(glossary(*TRANSLATE, "a.md", "-o", "a.md"), "a.md", "overwrite the input")
    assert source.read_text(encoding="utf-8") == "Uno y dos.\n"


@pytest.mark.parametrize("spelling", ["./a.md", "link.md", "hard.md", "sub/../a.md"])
def test_another_spelling_of_the_input_is_the_input(here, spelling):
    source = write(here / "a.md", "Uno y dos.\n")
    (here / "sub").mkdir()
    (here / "link.md").symlink_to("a.md")
    os.link(here / "a.md", here / "hard.md")
    refused_before_work(glossary(*TRANSLATE, "a.md", "-o", spelling), "overwrite the input")
    assert source.read_text(encoding="utf-8") == "Uno y dos.\n"


def test_an_output_that_is_another_input_is_refused(here):
    write(here / "c.md", "Uno.\n")
    write(here / "c.en.md", "Dos.\n")  # given as an input: c.md's output would replace it
    before = snapshot(here)
    refused_before_work(glossary(*TRANSLATE, "c.md", "c.en.md"), "c.en.md", "overwrite the input")
    assert snapshot(here) == before


@pytest.mark.parametrize("victim", ["terms.yaml", "a.md.glossary.json"])
def test_the_glossary_and_the_project_file_are_inputs_too(here, victim):
    write(here / "a.md", "Uno.\n")
    write(here / "terms.yaml", "terms:\n  uno: one\n")
    write(here / "a.md.glossary.json", '{"segments": []}\n')
    before = snapshot(here)
    args = ["translate", "--engine", "words", "--terms", "terms.yaml", "a.md", "-o", victim]
    refused_before_work(glossary(*args), victim, "overwrite the input")
    assert snapshot(here) == before


# Two outputs to one place -------------------------------------------------------------------


def test_two_inputs_with_the_same_name_under_out_dir_are_refused(here):
    write(here / "d1/a.md", "Uno.\n")
    write(here / "d2/a.md", "Dos.\n")
    result = glossary(*TRANSLATE, "d1/a.md", "d2/a.md", "--out-dir", "out")
    refused_before_work(result, "out/a.en.md", "d1/a.md", "d2/a.md")
    assert not (here / "out").exists()


def test_their_common_folder_keeps_them_apart(here):
    write(here / "d/d1/a.md", "Uno.\n")
    write(here / "d/d2/a.md", "Dos.\n")
    result = glossary(*TRANSLATE, "d", "--out-dir", "out")
    assert result.exit_code == 0, result.output
    assert "2 document(s)" in result.stderr
    assert (here / "out/d1/a.en.md").read_text(encoding="utf-8") == "One.\n"
    assert (here / "out/d2/a.en.md").read_text(encoding="utf-8") == "Two.\n"


def test_the_same_file_named_twice_is_one_document(here):
    write(here / "a.md", "Uno.\n")
    result = glossary(*TRANSLATE, "a.md", "./a.md", here / "a.md")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("1 document(s)")
    assert (here / "a.en.md").read_text(encoding="utf-8") == "One.\n"


def test_the_report_and_the_output_in_one_place_are_refused(here):
    write(here / "a.md", "Uno.\n")
    refused_before_work(glossary(*TRANSLATE, "a.md", "-o", "x.md", "--report", "x.md"), "x.md")
    refused_before_work(glossary(*TRANSLATE, "a.md", "-o", "-", "--report", "-"), "standard output")
    assert not (here / "x.md").exists()


# Directories where a file is meant, files where a folder is ---------------------------------


def test_output_a_directory_is_refused_before_translating(here):
    write(here / "a.md", "Uno.\n")
    (here / "odir").mkdir()
    refused_before_work(glossary(*TRANSLATE, "a.md", "-o", "odir"), "odir", "is a directory")
    assert list((here / "odir").iterdir()) == []


def test_report_a_directory_is_refused_before_translating(here):
    write(here / "a.md", "Uno.\n")
    (here / "rdir").mkdir()
    result = glossary(*TRANSLATE, "a.md", "--report", "rdir")
    refused_before_work(result, "rdir", "is a directory", "report")
    assert not (here / "a.en.md").exists()


@pytest.mark.parametrize("out_dir", ["a.md", "a.md/sub"])
def test_out_dir_that_is_or_is_under_a_file_is_refused(here, out_dir):
    write(here / "a.md", "Uno.\n")
    refused_before_work(glossary(*TRANSLATE, "a.md", "--out-dir", out_dir), "a.md")
    assert (here / "a.md").read_text(encoding="utf-8") == "Uno.\n"


def test_a_read_only_output_folder_is_refused_before_translating(here):
    write(here / "a.md", "Uno.\n")
    with read_only_folder(here / "ro", {"a.en.md": "kept\n"}) as ro:
        refused_before_work(glossary(*TRANSLATE, "a.md", "--out-dir", ro), str(ro))
        refused_before_work(glossary(*TRANSLATE, "a.md", "--out-dir", ro / "new" / "sub"))
        assert (ro / "a.en.md").read_text(encoding="utf-8") == "kept\n"


# Standard output and devices ----------------------------------------------------------------


def test_dash_output_is_standard_output(here):
    write(here / "a.md", "Uno y dos.\n")
    result = glossary(*TRANSLATE, "a.md", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == "One and two.\n"
    assert not (here / "-").exists() and not (here / "a.en.md").exists()


def test_dash_report_is_standard_output(here):
    write(here / "a.md", "Uno.\n")
    result = glossary(*TRANSLATE, "a.md", "--report", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["documents"] == 1
    assert (here / "a.en.md").read_text(encoding="utf-8") == "One.\n"
    assert not (here / "-").exists()


def test_stdin_goes_to_the_output_file_when_given(here):
    result = glossary(*TRANSLATE, "-", "-o", "out.md", input="Hola.\n")
    assert result.exit_code == 0, result.output
    assert (here / "out.md").read_text(encoding="utf-8") == "Hello.\n"


def test_dev_null_is_written_to_not_replaced(here):
    write(here / "a.md", "Uno.\n")
    result = glossary(*TRANSLATE, "a.md", "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_full_standard_output_is_one_line(here):
    write(here / "a.md", "Uno.\n")
    with open("/dev/full", "wb") as full:
        r = subprocess.run(
            [sys.executable, "-m", "glossary", "translate", "--engine", "toy", "a.md", "-o", "-"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=here,
            env={**os.environ, "PYTHONPATH": _pythonpath_with_words()},
            timeout=120,
        )
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("glossary: error: standard output:")
    assert "No space left on device" in r.stderr


def _pythonpath_with_words() -> str:
    """A subprocess sees the toy engine of tests/plugins (WordEngine lives in this process)."""
    plugins = Path(__file__).parent / "plugins"
    return os.pathsep.join([str(plugins), os.environ.get("PYTHONPATH", "")])


# A disk that fills up, a file refused mid-run ----------------------------------------------


def failing_after(n: int, error: int, monkeypatch) -> list[Path]:
    """write_atomic as it is for the first `n` documents, then failing with `error`."""
    real = run_module.write_atomic
    written: list[Path] = []

    def write_atomic(path, data):
        if len(written) >= n:
            raise OSError(error, os.strerror(error), str(path))
        real(path, data)
        written.append(Path(path))

    monkeypatch.setattr(run_module, "write_atomic", write_atomic)
    return written


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EACCES, errno.EDQUOT])
def test_a_write_failing_mid_run_is_one_line_and_keeps_finished_documents(here, monkeypatch, error):
    for name, text in (("a", "Uno."), ("b", "Dos."), ("c", "Tres.")):
        write(here / "docs" / f"{name}.md", text + "\n")
    write(here / "out" / "b.en.md", "an older translation\n")
    written = failing_after(1, error, monkeypatch)
    result = glossary(*TRANSLATE, "docs", "--out-dir", "out")
    line = assert_one_line_error(result, "out/b.en.md", os.strerror(error))
    assert "1 finished document(s) kept" in line
    assert written == [Path("out/a.en.md")]
    assert (here / "out/a.en.md").read_text(encoding="utf-8") == "One.\n"
    # the file being written when the disk filled is as it was, and no temporary file is left
    assert (here / "out/b.en.md").read_text(encoding="utf-8") == "an older translation\n"
    assert sorted(p.name for p in (here / "out").iterdir()) == ["a.en.md", "b.en.md"]


def test_a_full_tmpfs_mid_run(here):
    """A real full disk: 64 KiB of tmpfs holds the first documents and not the rest."""
    paragraph = "Uno y dos y tres. " * 60 + "\n\n"
    for name in "abcd":
        write(here / "docs" / f"{name}.md", paragraph * 24)  # about 26 KB, 33 KB in English
    reference = glossary(*TRANSLATE, "docs", "--out-dir", "reference")
    assert reference.exit_code == 0, reference.output
    with tmpfs(here / "small", "64k") as small:
        result = glossary(*TRANSLATE, "docs", "--out-dir", small, "--force")
        line = assert_one_line_error(result, str(small), "No space left on device")
        finished = sorted(p.name for p in small.iterdir())
        assert 1 <= len(finished) < 4 and f"{len(finished)} finished document(s) kept" in line
        for name in finished:  # each kept document is whole, none is cut short
            assert (small / name).read_bytes() == (here / "reference" / name).read_bytes()


def test_a_report_that_fails_at_the_end_keeps_the_translations(here, monkeypatch):
    write(here / "a.md", "Uno.\n")
    real = run_module.write_atomic

    def write_atomic(path, data):
        if str(path).endswith(".json"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(run_module, "write_atomic", write_atomic)
    result = glossary(*TRANSLATE, "a.md", "--report", "r.json")
    assert_one_line_error(result, "r.json", "the translations were written")
    assert (here / "a.en.md").read_text(encoding="utf-8") == "One.\n"


# glossary eval -------------------------------------------------------------------------------


def eval_args(*extra):
    return (
        "eval",
        "--src",
        "s.es",
        "--ref",
        "s.en",
        "--terms",
        "t.tsv",
        "--engine",
        "words",
        *extra,
    )


@pytest.fixture
def eval_files(here):
    write(here / "s.es", "Uno.\nDos.\n")
    write(here / "s.en", "One.\nTwo.\n")
    write(here / "t.tsv", "uno\tone\n")
    return here


@pytest.mark.parametrize("empty", ["s.es", "s.en"])
def test_eval_on_an_empty_file_is_one_line(eval_files, empty):
    (eval_files / empty).write_text("", encoding="utf-8")
    refused_before_work(glossary(*eval_args()), empty, "empty")


@pytest.mark.parametrize("out", ["odir", "s.es", "t.tsv", "-"])
def test_eval_out_that_cannot_be_written_is_refused_before_translating(eval_files, out):
    (eval_files / "odir").mkdir()
    before = snapshot(eval_files)
    refused_before_work(glossary(*eval_args("--out", out)), out)
    assert snapshot(eval_files) == before


def test_eval_out_is_written(eval_files):
    result = glossary(*eval_args("--out", "hyp.en", "--json"))
    assert result.exit_code == 0, result.output
    assert (eval_files / "hyp.en").read_text(encoding="utf-8") == "One.\nTwo.\n"
    assert json.loads(result.stdout)["sentences"] == 2
