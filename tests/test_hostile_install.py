"""Hostile model packages: an archive that could write or delete outside the packages folder,
or whose metadata is of the wrong shape, is refused in one line naming the file, and the
packages folder and its parent are exactly as they were."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary import cli
from glossary import models as models_module

METADATA = {"type": "translate", "from_code": "es", "to_code": "en", "package_version": "1.0"}


def archive(path: Path, members: list[tuple[str, bytes | str]], links=()) -> Path:
    """A zip with the members as given (names not cleaned), and symbolic-link members."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members:
            z.writestr(name, data)
        for name, target in links:
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, target)
    return path


def package(top: str = "pkg", meta=METADATA, extra=()) -> list[tuple[str, bytes | str]]:
    members = [(f"{top}/model/model.bin", b"weights"), (f"{top}/sentencepiece.model", b"sp")]
    if meta is not None:
        members.append(
            (f"{top}/metadata.json", meta if isinstance(meta, str) else json.dumps(meta))
        )
    return [*members, *extra]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder`, with the bytes of each file."""
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def packages(tmp_path, monkeypatch) -> Path:
    """A packages folder with one package installed and a file beside it, in a parent folder
    that holds something else too: what a careless install would delete."""
    home = tmp_path / "home"
    folder = home / "argos" / "packages"
    (folder / "installed" / "model").mkdir(parents=True)
    (folder / "installed" / "model" / "model.bin").write_bytes(b"old weights")
    (folder / "installed" / "metadata.json").write_text(json.dumps(METADATA))
    (home / "argos" / "settings.json").write_text("{}")
    (home / "notes.txt").write_text("the user's own file")
    monkeypatch.setattr(models_module, "package_dir", lambda: folder)
    return folder


def install(path: Path):
    return CliRunner().invoke(cli.main, ["models", "install", str(path)])


def assert_refused(result, path: Path, reason: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"glossary: error: {path}:"), line
    assert reason in line, line


HOSTILE = {
    "top folder ..": (package(".."), "not a plain relative path"),
    "top folder .": (package("."), "not a plain relative path"),
    "absolute member": (package("/tmp/pkg"), "not a plain relative path"),
    "zip-slip member": (
        package(extra=[("pkg/../../escaped.txt", b"x")]),
        "'pkg/../../escaped.txt' is not a plain relative path",
    ),
    "deep zip-slip": (
        package(extra=[("pkg/model/../../../../notes.txt", b"overwritten")]),
        "not a plain relative path",
    ),
    "backslash member": (package(extra=[("pkg\\..\\..\\x", b"x")]), "not a plain relative path"),
    "empty path part": (package(extra=[("pkg//x", b"x")]), "not a plain relative path"),
    "two top folders": (package(extra=[("other/x", b"x")]), "one top folder expected, found 2"),
    "top folder not a plain name": (package("pkg name;rm"), "is not a plain name"),
    "metadata a list": (package(meta=[1, 2]), "metadata.json is a list, not a mapping"),
    "metadata a string": (package(meta='"translate"'), "metadata.json is a str, not a mapping"),
    "metadata not JSON": (package(meta="{not json"), "unreadable metadata.json"),
    "no metadata": (package(meta=None), "no pkg/metadata.json"),
    "no from_code": (
        package(meta={k: v for k, v in METADATA.items() if k != "from_code"}),
        "no from_code",
    ),
    "no package_version": (
        package(meta={k: v for k, v in METADATA.items() if k != "package_version"}),
        "no package_version",
    ),
    "to_code a list": (package(meta={**METADATA, "to_code": ["en"]}), "no to_code"),
    "to_code a path": (package(meta={**METADATA, "to_code": "../en"}), "not a language code"),
    "not a translation model": (package(meta={**METADATA, "type": "sbd"}), "not a translation"),
    "no model folder": (
        [("pkg/metadata.json", json.dumps(METADATA))],
        "no model/ folder",
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_archive_is_refused_and_changes_nothing(case, packages, tmp_path):
    members, reason = HOSTILE[case]
    bad = archive(tmp_path / "bad.argosmodel", members)
    home = packages.parent.parent
    before = snapshot(home)
    assert_refused(install(bad), bad, reason)
    assert snapshot(home) == before


def test_a_symbolic_link_member_is_refused(packages, tmp_path):
    bad = archive(tmp_path / "link.argosmodel", package(), links=[("pkg/model/up", "../../..")])
    home = packages.parent.parent
    before = snapshot(home)
    assert_refused(install(bad), bad, "'pkg/model/up' is not a file or folder")
    assert snapshot(home) == before


def test_a_damaged_archive_is_refused_and_leaves_no_partial_package(packages, tmp_path):
    good = archive(
        tmp_path / "good.argosmodel", package("installed", extra=[("installed/b", "x" * 5000)])
    )
    data = bytearray(good.read_bytes())
    at = data.index(b"x" * 100)
    data[at : at + 100] = b"y" * 100  # the CRC no longer matches
    bad = tmp_path / "damaged.argosmodel"
    bad.write_bytes(bytes(data))
    home = packages.parent.parent
    before = snapshot(home)
    assert_refused(install(bad), bad, "damaged archive")
    assert snapshot(home) == before  # the package of the same name installed before is intact


def test_a_package_larger_than_the_free_space_is_refused(packages, tmp_path, monkeypatch):
    good = archive(tmp_path / "big.argosmodel", package())
    monkeypatch.setattr(models_module.shutil, "disk_usage", lambda _: type("U", (), {"free": 3})())
    home = packages.parent.parent
    before = snapshot(home)
    assert_refused(install(good), good, "MB free")
    assert snapshot(home) == before


def test_a_good_archive_replaces_its_own_package_only(packages, tmp_path):
    good = archive(tmp_path / "new.argosmodel", package("installed"))
    home = packages.parent.parent
    before = snapshot(home)
    result = install(good)
    assert result.exit_code == 0, result.output
    assert "installed es→en 1.0" in result.stdout
    after = snapshot(home)
    assert after["argos/packages/installed/model/model.bin"] == b"weights"
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed <= {
        "argos/packages/installed/model/model.bin",
        "argos/packages/installed/metadata.json",
        "argos/packages/installed/sentencepiece.model",
    }
    assert not [p for p in packages.iterdir() if p.name.startswith(".")]  # no leftovers


def test_dotdot_top_folder_through_the_real_command(argos_env, tmp_path):
    """The reported case, end to end with Argos's own settings: the zip's top folder is '..',
    and the packages folder's parent used to be deleted."""
    packages = Path(argos_env["ARGOS_PACKAGES_DIR"])
    (packages / "kept").mkdir()
    (packages.parent / "beside.txt").write_text("still here")
    bad = archive(tmp_path / "dotdot.argosmodel", package(".."))
    before = snapshot(packages)
    r = subprocess.run(
        [sys.executable, "-m", "glossary", "models", "install", str(bad)],
        capture_output=True,
        text=True,
        env=argos_env,
        timeout=120,
    )
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and str(bad) in r.stderr
    assert snapshot(packages) == before
    assert (packages.parent / "beside.txt").read_text() == "still here"
