"""A second translation of an unchanged document comes from the cache, not the engine."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def translate(tmp_path, *extra, terms=None):
    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache")}
    args = [
        sys.executable,
        "-m",
        "glossary",
        "translate",
        str(ROOT / "examples/escalado.md"),
        "--engine",
        "apertium",
        "-o",
        str(tmp_path / "out.md"),
        *extra,
    ]
    if terms:
        args += ["--terms", str(terms)]
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stderr, (tmp_path / "out.md").read_text(encoding="utf-8")


def test_second_run_reuses_every_segment(tmp_path):
    first, out1 = translate(tmp_path)
    second, out2 = translate(tmp_path)
    assert "reused" not in first
    assert "18 segments reused" in second
    assert out1 == out2


def test_no_cache_and_a_changed_glossary_translate_again(tmp_path):
    translate(tmp_path)
    assert "reused" not in translate(tmp_path, "--no-cache")[0]
    terms = tmp_path / "terms.yaml"
    terms.write_text((ROOT / "terms.yaml").read_text() + "  muro: obstacle\n", encoding="utf-8")
    changed, out = translate(tmp_path, terms=terms)
    assert "reused" not in changed
    assert "obstacle" in out
