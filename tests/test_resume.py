"""Batch resume: after a folder run is killed, the same command run again does not translate
the documents already written, and says how many it skipped; it skips only an output that the
earlier run wrote from these very source bytes with these settings and that is unchanged since,
and the counts of what it skipped still decide the exit status."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_support import WordEngine, glossary

from glossary import run as run_module
from glossary.engines import register_engine, unregister_engine
from glossary.pipeline import BATCH

SLOW_ENGINE = '''
"""Word for word; with SLOW_ENGINE_HANG set, it stops for good at a sentence with "Bloquea"
(a run to kill). Every source it translates is appended to SLOW_ENGINE_LOG."""
import os, re, time
from pathlib import Path

WORDS = {"uno": "one", "dos": "two", "y": "and", "bloquea": "blocks"}

class SlowEngine:
    name = "slow"
    title = "word for word, and a hang on demand"
    capabilities = frozenset()
    auto_order = None
    identity = "slow:1"

    @classmethod
    def available(cls):
        return True

    loaded = True

    def translate_batch(self, segments):
        with open(os.environ["SLOW_ENGINE_LOG"], "a", encoding="utf-8") as log:
            log.writelines(s.text + "\\n" for s in segments)
        if os.environ.get("SLOW_ENGINE_HANG") and any("Bloquea" in s.text for s in segments):
            Path(os.environ["SLOW_ENGINE_HANG"]).touch()
            time.sleep(600)
        return [re.sub(r"\\w+", lambda m: WORDS.get(m.group().lower(), m.group()), s.text)
                for s in segments]

    def close(self):
        pass
'''


@pytest.fixture
def slow_plugin(tmp_path) -> Path:
    """A plug-in engine for subprocesses, registered through its own entry point."""
    folder = tmp_path / "plugins"
    info = folder / "slow_engine-0.1.dist-info"
    info.mkdir(parents=True)
    (folder / "slow_engine.py").write_text(SLOW_ENGINE, encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: slow-engine\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[glossary.engines]\nslow = slow_engine:SlowEngine\n")
    return folder


def folder_of_documents(root: Path, sizes: list[int], hang_in: int) -> list[str]:
    """Documents of `sizes` sentences each, every sentence different; the document `hang_in`
    starts with the sentence that makes the slow engine stop."""
    names = []
    for d, size in enumerate(sizes):
        lines = [f"Uno y dos {d:02d}{i:04d}." for i in range(size)]
        if d == hang_in:
            lines[0] = "Bloquea y dos."
        names.append(f"doc{d}.md")
        (root / names[-1]).write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return names


def start(plugins: Path, cwd: Path, log: Path, *args: str, hang: Path | None = None):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(plugins), os.environ.get("PYTHONPATH", "")]),
        "SLOW_ENGINE_LOG": str(log),
        "GLOSSARY_CACHE_DIR": str(cwd / "cache"),
    }
    env.pop("SLOW_ENGINE_HANG", None)
    if hang:
        env["SLOW_ENGINE_HANG"] = str(hang)
    command = [sys.executable, "-m", "glossary", "translate", "--engine", "slow", *args]
    return subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_kill_9_then_the_same_command_skips_what_was_written(tmp_path, slow_plugin):
    (tmp_path / "docs").mkdir()
    # Half a batch each: the first two documents are done with the first batch, the hang
    # comes in the second, with the fourth document.
    names = folder_of_documents(tmp_path / "docs", [BATCH // 2] * 4, hang_in=3)
    command = ("docs", "--out-dir", "out", "--no-glossary")
    hang = tmp_path / "hanging"
    killed = start(slow_plugin, tmp_path, tmp_path / "log1", *command, hang=hang)
    deadline = time.monotonic() + 120
    while not hang.exists():
        assert killed.poll() is None, killed.communicate()
        assert time.monotonic() < deadline, "the run never reached the hanging sentence"
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    assert killed.returncode == -signal.SIGKILL
    out = tmp_path / "out"
    written = sorted(p.name for p in out.iterdir())
    assert written == ["doc0.en.md", "doc1.en.md"]
    before = {name: (out / name).stat() for name in written}

    again = start(slow_plugin, tmp_path, tmp_path / "log2", *command)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert "4 document(s) (2 already written, skipped)" in err
    translated = (tmp_path / "log2").read_text(encoding="utf-8")
    assert "Uno y dos 000000." not in translated and "Uno y dos 010000." not in translated
    assert "Uno y dos 020000." in translated and "Bloquea y dos." in translated
    for name in written:  # not written again
        assert (out / name).stat().st_mtime_ns == before[name].st_mtime_ns
        assert (out / name).stat().st_ino == before[name].st_ino

    # The resumed folder is what one uninterrupted run writes.
    whole = start(
        slow_plugin,
        tmp_path,
        tmp_path / "log3",
        "docs",
        "--out-dir",
        "whole",
        "--no-glossary",
        "--no-cache",
    )
    whole.communicate(timeout=120)
    assert whole.returncode == 0
    for name in names:
        english = name.replace(".md", ".en.md")
        assert (out / english).read_bytes() == (tmp_path / "whole" / english).read_bytes()

    # A run that finished leaves nothing to resume: the next one goes through every document.
    third = start(slow_plugin, tmp_path, tmp_path / "log4", *command)
    _, err = third.communicate(timeout=120)
    assert third.returncode == 0 and "skipped" not in err, err


# What may and may not be skipped (an interrupted run in this process) -----------------------


@pytest.fixture
def words():
    WordEngine.calls = []
    register_engine(WordEngine)
    yield WordEngine
    unregister_engine(WordEngine.name)


DOCS = {
    "a.md": "Los gatos negros comen pescado.\n",  # copied Spanish: an `untranslated` error
    "b.md": "Uno y dos.\n",
    "c.md": "Dos y uno.\n",
    "d.md": "Hola.\n",
}
COMMAND = ("translate", "docs", "--out-dir", "out", "--engine", "words", "--no-glossary")


@pytest.fixture
def interrupted(tmp_path, monkeypatch, words):
    """A folder run stopped (Ctrl+C) after writing a.en.md and b.en.md of four."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    for name, text in DOCS.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    real = run_module.write_atomic
    count = []

    def write_then_interrupt(path, data):
        if len(count) == 2:
            raise KeyboardInterrupt
        real(path, data)
        count.append(path)

    monkeypatch.setattr(run_module, "write_atomic", write_then_interrupt)
    result = glossary(*COMMAND)
    assert result.exit_code == 130, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.en.md", "b.en.md"]
    monkeypatch.setattr(run_module, "write_atomic", real)
    WordEngine.calls = []
    return tmp_path


def resumed(*extra: str):
    result = glossary(*COMMAND, *extra)
    assert result.exit_code == 0, result.output
    return result


def inodes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.iterdir()}


def test_the_same_command_skips_both_and_translates_the_rest(interrupted):
    out = interrupted / "out"
    before = inodes(out)
    result = resumed("--report", "r.json")
    assert "4 document(s) (2 already written, skipped)" in result.stderr
    report = json.loads((interrupted / "r.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"]] == ["docs/c.md", "docs/d.md"]
    after = inodes(out)
    assert {name: after[name] for name in before} == before  # a and b not written again
    assert (out / "c.en.md").read_text(encoding="utf-8") == "Two and one.\n"
    assert (out / "d.en.md").read_text(encoding="utf-8") == "Hello.\n"


@pytest.mark.parametrize(
    "damage",
    ["edited output", "truncated output", "deleted output", "edited source", "damaged record"],
)
def test_a_changed_output_or_source_or_a_damaged_record_is_translated_again(interrupted, damage):
    out, docs = interrupted / "out", interrupted / "docs"
    if damage == "edited output":
        (out / "b.en.md").write_text("One and two, edited.\n", encoding="utf-8")
    elif damage == "truncated output":
        (out / "b.en.md").write_bytes((out / "b.en.md").read_bytes()[:4])
    elif damage == "deleted output":
        (out / "b.en.md").unlink()
    elif damage == "edited source":
        (docs / "b.md").write_text("Uno y uno.\n", encoding="utf-8")
    else:
        for record in (interrupted / "glossary-cache" / "outputs").iterdir():
            if "b.en.md" in record.read_text(encoding="utf-8"):
                record.write_text('{"output": [', encoding="utf-8")
    a_before = (out / "a.en.md").stat().st_ino
    result = resumed("--report", "r.json")
    assert "(1 already written, skipped)" in result.stderr  # a.en.md only
    report = json.loads((interrupted / "r.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"]] == ["docs/b.md", "docs/c.md", "docs/d.md"]
    assert (out / "a.en.md").stat().st_ino == a_before
    english = "One and one.\n" if damage == "edited source" else "One and two.\n"
    assert (out / "b.en.md").read_text(encoding="utf-8") == english
    if damage == "edited source":
        assert WordEngine.calls == ["Uno y uno."]


@pytest.mark.parametrize(
    "flags", [("--force",), ("--no-cache",), ("--target-locale", "en_GB"), ("--terms", "t.yaml")]
)
def test_other_settings_or_force_translate_everything(interrupted, flags):
    (interrupted / "t.yaml").write_text("terms:\n  hola: hi\n", encoding="utf-8")
    out = interrupted / "out"
    before = {name: (out / name).stat().st_ino for name in ("a.en.md", "b.en.md")}
    args = [a for a in COMMAND if a != "--no-glossary"] if "--terms" in flags else COMMAND
    result = glossary(*args, *flags)
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.stderr
    assert result.stderr.startswith("4 document(s), 4 segments")
    for name, inode in before.items():  # written again
        assert (out / name).stat().st_ino != inode


def test_what_remains_in_a_skipped_document_still_fails_the_run(interrupted):
    result = glossary(*COMMAND, "--fail-on", "errors", "--report", "r.json")
    assert result.exit_code == 1
    assert "(2 already written, skipped)" in result.stderr
    assert "1 error(s) remain: see r.json" in result.stderr
    report = json.loads((interrupted / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["documents"] == 4 and report["summary"]["skipped"] == 2
    assert report["summary"]["issues_by_check"] == {"untranslated": 1}
    assert sorted(d["path"] for d in report["skipped"]) == ["docs/a.md", "docs/b.md"]
    assert sorted(d["path"] for d in report["documents"]) == ["docs/c.md", "docs/d.md"]
