"""An engine from outside `glossary/`, registered through the `glossary.engines` entry-point
group by a distribution of the tests' own (tests/plugins), translates through the command line
with the glossary enforced and verified on its output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLUGINS = Path(__file__).parent / "plugins"
TERMS = "terms:\n  escalado: scaling\n  modelo de lenguaje: language model\n"


def glossary(*args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PLUGINS), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_the_plugin_engine_is_listed_and_offered(tmp_path):
    listed = glossary("engines", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "toy" in listed.stdout and "not in auto" in listed.stdout
    helped = glossary("translate", "--help", cwd=tmp_path)
    assert "toy" in helped.stdout  # the --engine choices come from the registry


def test_the_plugin_engine_translates_with_the_glossary_enforced(tmp_path):
    terms = tmp_path / "terms.yaml"
    terms.write_text(TERMS, encoding="utf-8")
    text = "El escalado de los modelos de lenguaje no tiene muro.\n"
    plain = glossary("translate", "-", "--engine", "toy", "--no-glossary", stdin=text, cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout == "The climbing of the models of language not has wall.\n"
    enforced = glossary(
        "translate",
        "-",
        "--engine",
        "toy",
        "--terms",
        str(terms),
        "--strict",
        stdin=text,
        cwd=tmp_path,
    )
    assert enforced.returncode == 0, enforced.stderr
    assert enforced.stdout == "The scaling of the language models not has wall.\n"
    assert "2/2 terms applied, 0 violation(s)" in enforced.stderr


def test_without_the_plugin_the_engine_is_unknown(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "translate", "-", "--engine", "toy"],
        input="Hola.\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert "toy" in result.stderr and "apertium" in result.stderr
