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
