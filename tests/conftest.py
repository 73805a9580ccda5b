"""Shared fixtures: a tiny Argos Translate package built from scratch, and isolated Argos homes."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from model_builders import argos_environment, build_package, word_piece

DATA = Path(__file__).parent / "data"

# Wrong renderings the tiny copy model makes; it copies every other word unchanged (Spanish in,
# Spanish out). Glossary: escalado -> scaling, cómputo -> compute, entrenamiento -> training.
ARGOS_SUBSTITUTIONS = {
    "escalado": "climbing",
    "cómputo": "computation",
    "entrenamiento": "coaching",
}


GLOSSARY_RENDERINGS = ("scaling", "compute", "training")


def pytest_configure(config: pytest.Config) -> None:
    """argostranslate creates its folders at import: keep them out of the user's home."""
    os.environ.update(argos_environment(Path(tempfile.mkdtemp(prefix="glossary-tests-"))))


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has a translation cache of its own, never the user's."""
    path = tmp_path / "glossary-cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def argos_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real es→en .argosmodel whose model copies its input, with ARGOS_SUBSTITUTIONS."""
    out = tmp_path_factory.mktemp("argos-package") / "translate-es_en-tiny.argosmodel"
    return build_package(
        out,
        DATA / "sp_train.txt",
        vocab_size=2000,
        d_model=64,
        heads=4,
        ffn=128,
        layers=2,
        substitutions=ARGOS_SUBSTITUTIONS,
        # The glossary's renderings as single pieces too, so that a forced target prefix
        # keeps the copy model's target positions in step with the source.
        user_symbols=[word_piece(w) for w in GLOSSARY_RENDERINGS],
    )


@pytest.fixture(scope="session")
def argos_package_dir(argos_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """argos_package extracted once (model/, sentencepiece.model, metadata.json): do not modify."""
    root = tmp_path_factory.mktemp("argos-package-dir")
    with zipfile.ZipFile(argos_package) as archive:
        archive.extractall(root)
    (top,) = root.iterdir()
    return top


# The Argos homes are per test (a few empty directories, so nearly free): a test that installs
# or removes packages must not change what the next test sees.
@pytest.fixture
def argos_home(tmp_path: Path) -> Path:
    """An empty directory to hold Argos Translate's data, config, cache and packages."""
    home = tmp_path / "argos-home"
    for name in ("data", "config", "cache", "packages"):
        (home / name).mkdir(parents=True)
    return home


@pytest.fixture
def argos_env(argos_home: Path) -> dict[str, str]:
    """Environment for a subprocess that uses argostranslate inside argos_home, no package
    installed. argostranslate.settings reads the environment once, at import."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ARGOS_", "SNAP"))  # the user's own Argos settings and snap dirs
    }
    env.update(argos_environment(argos_home))
    return env


@pytest.fixture
def argos_installed_env(argos_env: dict[str, str], argos_package: Path) -> dict[str, str]:
    """argos_env with argos_package installed, by extracting it as install_from_path does
    (without importing argostranslate.translate, which loads torch and spacy)."""
    with zipfile.ZipFile(argos_package) as archive:
        archive.extractall(argos_env["ARGOS_PACKAGES_DIR"])
    return argos_env


def make_service(engine: str = "apertium", terms=None, **settings):
    """A translation service as the commands build one: the glossary of `terms` (None: no
    glossary) held in memory, no disk cache unless asked."""
    from glossary.service import RunConfig, build_service
    from glossary.terms import Glossary

    glossary = Glossary(list(terms)) if terms is not None else None
    settings.setdefault("cache", False)
    return build_service(RunConfig(engine=engine, glossary=glossary, **settings))


def translate_one(service, text: str, protected=()):
    """One sentence through the service: its record."""
    from glossary.record import Segment

    (record,) = service.translate([Segment(text, tuple(protected))])
    return record
