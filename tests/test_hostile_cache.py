"""A damaged, foreign, read-only or locked translation cache costs one warning line, never the
run and never a wrong translation; a damaged or incompatible file is kept aside, not deleted;
several runs can write one cache at once."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary.cache import APPLICATION_ID, FILE_NAME, SCHEMA, CacheFile

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Hola mundo.\n\nEl escalado del modelo.\n\nNadie sabe si el escalado seguirá funcionando.\n"
WARNING = "glossary: warning: "


def translate(tmp_path: Path, cache: Path, text: str = TEXT, *extra: str):
    """`glossary translate` of `text`: (exit status, stderr lines, the English)."""
    document = tmp_path / "doc.md"
    document.write_text(text, encoding="utf-8")
    out = tmp_path / "out.md"
    out.unlink(missing_ok=True)
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "translate", str(document), "--engine", "apertium"]
        + ["-o", str(out), *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "GLOSSARY_CACHE_DIR": str(cache)},
        timeout=120,
    )
    english = out.read_text(encoding="utf-8") if out.exists() else None
    return r.returncode, r.stderr.strip().splitlines(), english


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> str:
    """The English of TEXT with no cache at all: what every damaged-cache run must give."""
    tmp = tmp_path_factory.mktemp("reference")
    status, _, english = translate(tmp, tmp / "cache", TEXT, "--no-cache")
    assert status == 0 and english
    return english


def warnings_of(lines: list[str]) -> list[str]:
    assert not any("Traceback" in line for line in lines), lines
    return [line for line in lines if line.startswith(WARNING)]


def filled_cache(tmp_path: Path) -> Path:
    """A cache holding TEXT's translations, as a first run leaves it."""
    cache = tmp_path / "cache"
    status, lines, _ = translate(tmp_path, cache)
    assert status == 0 and not warnings_of(lines)
    return cache / FILE_NAME


def wrong_columns(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE tm (a, b)")


def another_table(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text)")
        db.execute("INSERT INTO notes VALUES ('not ours')")


def older_layout(path: Path) -> None:
    """The cache as the tool wrote it before its layout had a version."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE tm (context TEXT, source TEXT, target TEXT)")


def not_a_database(path: Path) -> None:
    path.write_bytes(os.urandom(20000))


DAMAGE_BEFORE_ANY_RUN = {
    "wrong-columns": (wrong_columns, "incompatible"),
    "another-table": (another_table, "incompatible"),
    "older-layout": (older_layout, "incompatible"),
    "not-a-database": (not_a_database, "damaged"),
}


@pytest.mark.parametrize("damage", DAMAGE_BEFORE_ANY_RUN, ids=list(DAMAGE_BEFORE_ANY_RUN))
def test_a_foreign_or_damaged_file_is_moved_aside_with_one_warning(tmp_path, reference, damage):
    make, kind = DAMAGE_BEFORE_ANY_RUN[damage]
    cache = tmp_path / "cache"
    cache.mkdir()
    make(cache / FILE_NAME)
    before = (cache / FILE_NAME).read_bytes()
    status, lines, english = translate(tmp_path, cache)
    assert status == 0 and english == reference
    (warning,) = warnings_of(lines)
    assert f"is {kind}" in warning and "moved aside" in warning
    if damage == "older-layout":
        assert "made by an older glossary" in warning
    (kept,) = cache.glob(f"{FILE_NAME}.{kind}-*")
    assert kept.read_bytes() == before  # kept as it was, for whoever wants it
    status, lines, english = translate(tmp_path, cache)  # the new cache works
    assert status == 0 and english == reference and not warnings_of(lines)
    assert any("segments reused" in line for line in lines)


def overwrite_pages(path: Path) -> None:
    """Garbage over every page after the first: the table itself is gone."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(4096)
        f.write(os.urandom(size - 4096))


def garbage_in_the_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size // 2)
        f.write(os.urandom(min(4096, size - size // 2)))


def altered_translation(path: Path) -> None:
    """A damaged page that still reads as a database: one translation's bytes changed."""
    data = path.read_bytes()
    assert data.count(b"Hello World.") == 1
    path.write_bytes(data.replace(b"Hello World.", b"Hello Wxrld."))


DAMAGE_AFTER_A_RUN = {
    "pages-overwritten": overwrite_pages,
    "garbage-in-the-middle": garbage_in_the_middle,
    "translation-altered": altered_translation,
}


@pytest.mark.parametrize("damage", DAMAGE_AFTER_A_RUN, ids=list(DAMAGE_AFTER_A_RUN))
def test_a_damaged_cache_never_gives_a_wrong_translation(tmp_path, reference, damage):
    path = filled_cache(tmp_path)
    DAMAGE_AFTER_A_RUN[damage](path)
    damaged = path.read_bytes()
    status, lines, english = translate(tmp_path, path.parent)
    assert status == 0 and english == reference
    assert "Wxrld" not in english
    found = warnings_of(lines)
    assert len(found) <= 1  # garbage where no lookup reads may go unnoticed, and harmlessly
    kept = list(path.parent.glob(f"{FILE_NAME}.damaged-*"))
    if damage != "garbage-in-the-middle":
        assert len(found) == 1 and "is damaged" in found[0]
    if found:
        assert [k.read_bytes() for k in kept] == [damaged]
    else:
        assert path.read_bytes() == damaged and not kept


def test_an_empty_file_is_a_new_cache_without_a_word(tmp_path, reference):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FILE_NAME).write_bytes(b"")
    status, lines, english = translate(tmp_path, cache)
    assert status == 0 and english == reference and not warnings_of(lines)


def test_a_newer_layout_is_left_alone(tmp_path, reference):
    cache = tmp_path / "cache"
    cache.mkdir()
    with sqlite3.connect(cache / FILE_NAME) as db:
        db.execute("CREATE TABLE tm (anything)")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA + 1}")
    before = (cache / FILE_NAME).read_bytes()
    status, lines, english = translate(tmp_path, cache)
    assert status == 0 and english == reference
    (warning,) = warnings_of(lines)
    assert "newer glossary" in warning and "without the cache" in warning
    assert (cache / FILE_NAME).read_bytes() == before and len(list(cache.iterdir())) == 1


def test_the_cache_folder_being_a_file(tmp_path, reference):
    cache = tmp_path / "cache"
    cache.write_text("my notes\n", encoding="utf-8")
    status, lines, english = translate(tmp_path, cache)
    assert status == 0 and english == reference
    (warning,) = warnings_of(lines)
    assert f"cache folder {cache} is a file" in warning
    assert cache.read_text(encoding="utf-8") == "my notes\n"


@contextlib.contextmanager
def read_only(path: Path):
    """Make a file or folder read-only, even for root (chattr +i); skip where neither works."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    immutable = False
    if os.access(path, os.W_OK):  # root ignores modes
        immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
        if not immutable:
            path.chmod(mode)
            pytest.skip("cannot make a file read-only here")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_cache_is_read_and_left_unchanged(tmp_path, reference, what):
    path = filled_cache(tmp_path)
    before = path.read_bytes()
    more = TEXT + "\nUna frase que el cache no tiene.\n"
    with read_only(path if what == "file" else path.parent):
        status, lines, english = translate(tmp_path, path.parent, more)
    assert status == 0 and english.startswith(reference.rstrip("\n"))
    (warning,) = warnings_of(lines)
    assert "is read-only: new translations are not kept" in warning
    assert any("3 segments reused" in line for line in lines)
    assert path.read_bytes() == before


def test_a_read_only_empty_folder_means_no_cache(tmp_path, reference):
    cache = tmp_path / "cache"
    cache.mkdir()
    with read_only(cache):
        status, lines, english = translate(tmp_path, cache)
    assert status == 0 and english == reference
    (warning,) = warnings_of(lines)
    assert "is read-only: translating without the cache" in warning
    assert list(cache.iterdir()) == []


LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode=EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
db.execute("DELETE FROM tm WHERE 0")
print("locked", flush=True)
time.sleep(60)
"""


def test_a_cache_locked_by_another_program_is_waited_for_then_skipped(tmp_path, reference):
    path = filled_cache(tmp_path)
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert locker.stdout.readline().strip() == "locked"
        started = time.monotonic()
        status, lines, english = translate(tmp_path, path.parent)
        seconds = time.monotonic() - started
    finally:
        locker.kill()
        locker.wait()
    assert status == 0 and english == reference
    (warning,) = warnings_of(lines)
    assert "locked by another program" in warning
    assert seconds < 30  # one wait of a few seconds, not one per sentence


def test_parallel_runs_share_one_cache(tmp_path):
    cache = tmp_path / "cache"
    runs = []
    for n in range(3):
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        text = "".join(f"Frase número {n * 10 + k} del escalado.\n\n" for k in range(6))
        (folder / "doc.md").write_text(text, encoding="utf-8")
        args = [sys.executable, "-m", "glossary", "translate", str(folder / "doc.md")]
        args += ["--engine", "apertium", "-o", str(folder / "out.md")]
        env = {**os.environ, "GLOSSARY_CACHE_DIR": str(cache)}
        runs.append(subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True))
    results = [(run.wait(120), run.stderr.read()) for run in runs]
    assert all(status == 0 for status, _ in results), results
    assert not any(WARNING in err or "Traceback" in err for _, err in results), results
    with sqlite3.connect(cache / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM tm").fetchone()[0] == 18


def _writer(path: str, n: int) -> int:
    said = []
    cache = CacheFile(Path(path), said.append)
    for batch in range(20):
        cache.put(
            [("ctx", f"source {n} {batch} {k}", f"target {n} {batch} {k}") for k in range(25)]
        )
    cache.close()
    return len(said)


def test_four_writers_at_once_lose_no_entry(tmp_path):
    path = tmp_path / FILE_NAME
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        warnings = pool.starmap(_writer, [(str(path), n) for n in range(4)])
    assert warnings == [0, 0, 0, 0]
    cache = CacheFile(path, pytest.fail)
    assert cache.get("ctx", "source 3 19 24") == "target 3 19 24"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM tm").fetchone()[0] == 4 * 20 * 25
    cache.close()


def test_the_editor_shows_a_cache_warning_as_a_notification(tmp_path, cache_dir):
    import asyncio

    from tui_support import copy_document, make_app, settle

    cache_dir.mkdir(parents=True, exist_ok=True)
    not_a_database(cache_dir / FILE_NAME)
    document, terms = copy_document(tmp_path)

    async def run() -> list[str]:
        app = make_app(document, terms)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.pause(0.2)
            return [n.message for n in app._notifications]

    told = asyncio.run(run())
    assert sum("is damaged" in m and "moved aside" in m for m in told) == 1
    assert len(list(cache_dir.glob(f"{FILE_NAME}.damaged-*"))) == 1
