"""The shape of the code as pyproject.toml's import-linter contracts state it: glossary/ never
imports the editor or a UI library, and the layers of the flow import only downward."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_import_contracts_are_kept():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_test_only_builders_are_not_part_of_the_package():
    assert not (ROOT / "glossary" / "testing.py").exists()
    assert (ROOT / "tests" / "model_builders.py").exists()
    result = subprocess.run(
        [sys.executable, "-c", "import glossary.testing"],
        cwd=ROOT / "tests",  # not the project root: only what is installed can be imported
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "No module named 'glossary.testing'" in result.stderr
