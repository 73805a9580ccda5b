"""Argos model packages: list the installed ones, install from a file or from the Argos index."""

from __future__ import annotations

import json
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import InputError
from glossary.filekind import not_regular

Progress = Callable[[int, int], None]  # (bytes done, bytes in all; 0 when unknown)
PLAIN_NAME = re.compile(r"\w[\w.+-]*")  # a package's folder: one name, no path in it
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class ModelInfo:
    from_code: str
    to_code: str
    version: str
    path: Path


def package_dir() -> Path:
    from argostranslate import settings

    return Path(settings.package_data_dir)


def list_models() -> list[ModelInfo]:
    from glossary.engines.argos import installed_packages

    return [
        ModelInfo(p.from_code, p.to_code, str(p.package_version), Path(p.package_path))
        for p in installed_packages()
    ]


def install_file(path: Path) -> ModelInfo:
    """Install an .argosmodel file by unpacking it into Argos's package directory. The archive
    is checked whole before anything is written or removed (see `check_archive`); it is
    unpacked beside the packages and renamed into place, so a failure changes nothing."""
    why = not_regular(path)
    if why == "missing":
        raise InputError(f"{path}: no such file")
    if why is not None:
        raise InputError(f"{path}: not a regular file: {why}")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an Argos package (not a zip archive)")
    packages = package_dir()
    try:
        with zipfile.ZipFile(path) as z:
            top, meta = check_archive(z, path)
            _check_space(z, path, packages)
            packages.mkdir(parents=True, exist_ok=True)
            target = packages / top
            with tempfile.TemporaryDirectory(dir=packages, prefix=".installing-") as tmp:
                z.extractall(tmp)
                _replace(Path(tmp, top), target, Path(tmp, ".replaced"))
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise InputError(f"{path}: damaged archive ({e})") from None
    except OSError as e:
        raise InputError(
            f"{e.filename or packages}: cannot install {path.name} ({e.strerror or e})"
        ) from None
    return ModelInfo(meta["from_code"], meta["to_code"], str(meta["package_version"]), target)


def check_archive(z: zipfile.ZipFile, path: Path) -> tuple[str, dict]:
    """The package's top folder and metadata, once every member is known to land inside it:
    one top folder with a plain name, no absolute path, no `..`, no link or device, no
    encrypted member, a `model/` folder, and a metadata.json that is a mapping saying it is a
    translation model with its language codes and version. InputError naming the file
    otherwise."""
    bad = f"{path}: not an Argos package"
    tops = set()
    for info in z.infolist():
        name = info.filename
        parts = name.rstrip("/").split("/")
        if (
            name.startswith("/")
            or "\\" in name
            or "\0" in name
            or (len(parts[0]) == 2 and parts[0][1] == ":")  # C:
            or any(p in ("", ".", "..") for p in parts)
        ):
            raise InputError(f"{bad} (member {name!r} is not a plain relative path)")
        kind = stat.S_IFMT(info.external_attr >> 16)
        if info.create_system == 3 and kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise InputError(f"{bad} (member {name!r} is not a file or folder)")
        if info.flag_bits & 0x1:
            raise InputError(f"{bad} (member {name!r} is encrypted)")
        tops.add(parts[0])
    if len(tops) != 1:
        found = ", ".join(sorted(tops)[:3]) or "none"
        raise InputError(f"{bad} (one top folder expected, found {len(tops)}: {found})")
    (top,) = tops
    if not PLAIN_NAME.fullmatch(top):
        raise InputError(f"{bad} (top folder {top!r} is not a plain name)")
    names = set(z.namelist())
    if not any(n.startswith(f"{top}/model/") and not n.endswith("/") for n in names):
        raise InputError(f"{bad} (no model/ folder)")
    if f"{top}/metadata.json" not in names:
        raise InputError(f"{bad} (no {top}/metadata.json)")
    try:
        meta = json.loads(z.read(f"{top}/metadata.json"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError(f"{bad} (unreadable metadata.json)") from None
    if not isinstance(meta, dict):
        raise InputError(f"{bad} (metadata.json is a {type(meta).__name__}, not a mapping)")
    kind = meta.get("type", "translate")
    if kind != "translate":
        raise InputError(f"{path}: a {kind!r} package, not a translation model")
    for key in ("from_code", "to_code", "package_version"):
        value = meta.get(key)
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or value == "":
            raise InputError(f"{bad} (metadata.json has no {key})")
    for key in ("from_code", "to_code"):
        if not isinstance(meta[key], str) or not LANGUAGE_CODE.fullmatch(meta[key]):
            raise InputError(f"{bad} (metadata.json's {key} {meta[key]!r} is not a language code)")
    return top, meta


def _replace(new: Path, target: Path, aside: Path) -> None:
    """`new` where `target` is: the package installed before (if any) is moved `aside`, into
    the temporary folder that is removed afterwards, and put back if the rename fails."""
    old = target.exists() or target.is_symlink()
    if old:
        target.rename(aside)
    try:
        new.rename(target)
    except OSError:
        if old:
            aside.rename(target)
        raise


def _check_space(z: zipfile.ZipFile, path: Path, packages: Path) -> None:
    """A package that can't fit is refused before a byte is unpacked."""
    need = sum(i.file_size for i in z.infolist())
    folder = next((p for p in (packages, *packages.parents) if p.exists()), Path("/"))
    free = shutil.disk_usage(folder).free
    if need > free:
        raise InputError(
            f"{path}: needs {need / 1e6:.1f} MB unpacked, {folder} has {free / 1e6:.1f} MB free"
        )


def install_from_index(
    from_code: str = "es", to_code: str = "en", progress: Progress | None = None
) -> ModelInfo:
    """Download the package for a language pair from the Argos index, then install it."""
    from argostranslate import settings

    index_url = settings.remote_package_index
    index = json.loads(_fetch(index_url, None))
    entry = next(
        (
            m
            for m in index
            if m.get("from_code") == from_code
            and m.get("to_code") == to_code
            and m.get("type", "translate") == "translate"
        ),
        None,
    )
    if entry is None:
        raise InputError(f"{index_url}: no {from_code}→{to_code} package in the Argos index")
    for link in entry.get("links", []):
        try:
            data = _fetch(link, progress)
        except InputError:
            continue
        with tempfile.NamedTemporaryFile(suffix=".argosmodel", delete=False) as f:
            f.write(data)
        try:
            return install_file(Path(f.name))
        finally:
            Path(f.name).unlink(missing_ok=True)
    raise InputError(f"could not download the {from_code}→{to_code} package from any of its links")


def _fetch(url: str, progress: Progress | None) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "glossary"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            total = int(response.headers.get("Content-Length") or 0)
            chunks, done = [], 0
            while chunk := response.read(1 << 16):
                chunks.append(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
            return b"".join(chunks)
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        raise InputError(
            f"cannot download {url} ({reason}); without a network, install a package file:"
            " glossary models install FILE.argosmodel"
        ) from None
