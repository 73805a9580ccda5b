"""Argos model packages: list the installed ones, install from a file or from the Argos index."""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import InputError

Progress = Callable[[int, int], None]  # (bytes done, bytes in all; 0 when unknown)


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
    """Install an .argosmodel file by unpacking it into Argos's package directory."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an Argos package (not a zip archive)")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        meta_name = next(
            (n for n in names if n.count("/") == 1 and n.endswith("/metadata.json")), None
        )
        if len(tops) != 1 or meta_name is None:
            raise InputError(f"{path}: not an Argos package (no top folder with metadata.json)")
        try:
            meta = json.loads(z.read(meta_name))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError(f"{path}: not an Argos package (unreadable metadata.json)") from None
        if meta.get("type", "translate") != "translate":
            raise InputError(f"{path}: a '{meta.get('type')}' package, not a translation model")
        top = next(iter(tops))
        if not any(n.startswith(f"{top}/model/") for n in names):
            raise InputError(f"{path}: not an Argos package (no model/ folder)")
        target = package_dir() / top
        with tempfile.TemporaryDirectory(dir=package_dir()) as tmp:
            z.extractall(tmp)
            if target.exists():
                shutil.rmtree(target)
            Path(tmp, target.name).rename(target)
    return ModelInfo(
        meta.get("from_code", "?"),
        meta.get("to_code", "?"),
        str(meta.get("package_version", "?")),
        target,
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
