"""Where the tool keeps its own files (cache), from platformdirs."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The user's cache folder for glossary (GLOSSARY_CACHE_DIR overrides it)."""
    override = os.environ.get("GLOSSARY_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("glossary", appauthor=False))


def set_aside(path: Path, why: str) -> Path:
    """Rename a file the tool cannot use to NAME.<why>-<time> beside it, so that nothing is
    deleted and a fresh one can take its place; returns the new name."""
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.{why}-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.{why}-{stamp}-{n}")
    path.rename(aside)
    return aside
