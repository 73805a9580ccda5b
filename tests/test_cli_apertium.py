"""`glossary translate` end to end with Apertium's real machine translation."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str | bytes | None = None, cwd: Path = ROOT, env=None):
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        input=data,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_stdin_to_stdout_applies_the_glossary():
    r = run(
        "translate",
        "-",
        "--engine",
        "apertium",
        stdin="El escalado de los modelos de lenguaje no tiene muro.\n",
    )
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "scaling" in out and "language models" in out
    assert "escalado" not in out and "models of language" not in out
    assert out.endswith("\n")
    assert "0 violation(s)" in r.stderr.decode()


def test_markdown_article_keeps_structure_and_terms(tmp_path):
    out, report = tmp_path / "out.md", tmp_path / "report.json"
    r = run(
        "translate",
        "examples/escalado.md",
        "--engine",
        "apertium",
        "-o",
        str(out),
        "--report",
        str(report),
    )
    assert r.returncode == 0, r.stderr
    src = (ROOT / "examples/escalado.md").read_text(encoding="utf-8")
    en = out.read_text(encoding="utf-8")

    def heading(text):
        return [line.split(" ")[0] for line in text.splitlines() if line.startswith("#")]

    assert heading(en) == heading(src)
    assert en.startswith(src.split("\n# ")[0])  # front matter untouched
    fence = src[src.index("```python") : src.index("```\n", src.index("```python") + 3) + 4]
    assert fence in en
    assert "](https://arxiv.org/abs/2001.08361)" in en
    assert "`optimizer.step()`" in en
    assert en.count("\n- ") == src.count("\n- ")
    assert "scaling" in en and "language models" in en and "gradient descent" in en
    assert "Pink Floyd" in en and "The Wall" in en
    data = json.loads(report.read_text())
    assert data["summary"]["violations"] == 0
    assert data["summary"]["term_applied"] == data["summary"]["term_occurrences"] > 10
    statuses = {t["status"] for s in data["documents"][0]["segments"] for t in s["terms"]}
    assert statuses <= {"applied", "kept"}
    seg = next(
        s
        for d in data["documents"]
        for s in d["segments"]
        for t in s["terms"]
        if t["source"] == "modelos de lenguaje"
    )
    term = next(t for t in seg["terms"] if t["source"] == "modelos de lenguaje")
    a, b = term["source_span"]
    assert seg["source"][a:b] == "modelos de lenguaje"
    a, b = term["target_span"]
    assert seg["target"][a:b] == "language models"


def test_directory_input_writes_next_to_each_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("La inferencia es cara.\n", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("# Escalado\n", encoding="utf-8")
    r = run("translate", str(tmp_path), "--engine", "apertium", "--out-dir", str(tmp_path / "en"))
    assert r.returncode == 0, r.stderr
    assert "inference" in (tmp_path / "en" / "a.en.txt").read_text()
    assert (tmp_path / "en" / "sub" / "b.en.md").read_text() == "# Scaling\n"


def test_no_glossary_gives_plain_machine_translation():
    r = run(
        "translate",
        "-",
        "--engine",
        "apertium",
        "--no-glossary",
        stdin="El escalado de los modelos de lenguaje.\n",
    )
    assert r.returncode == 0
    assert "models of language" in r.stdout.decode()


def one_line_error(r) -> str:
    assert r.returncode == 2, (r.stdout, r.stderr)
    err = r.stderr.decode().strip()
    assert "\n" not in err and "Traceback" not in err
    return err


def test_malformed_glossary(tmp_path):
    terms = tmp_path / "terms.yaml"
    terms.write_text("terms:\n  escalado: [scaling\n", encoding="utf-8")
    err = one_line_error(
        run("translate", "-", "--engine", "apertium", "--terms", str(terms), stdin="Hola.\n")
    )
    assert str(terms) in err


def test_non_utf8_input(tmp_path):
    doc = tmp_path / "latin1.txt"
    doc.write_bytes("El año pasado.\n".encode("latin-1"))
    err = one_line_error(run("translate", str(doc), "--engine", "apertium"))
    assert str(doc) in err and "UTF-8" in err


def test_missing_file():
    err = one_line_error(run("translate", "no-such-file.md", "--engine", "apertium"))
    assert "no-such-file.md" in err


def test_argos_without_a_package(tmp_path):
    env = {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ARGOS_PACKAGES_DIR": str(tmp_path / "data" / "packages"),
    }
    err = one_line_error(run("translate", "-", "--engine", "argos", stdin="Hola.\n", env=env))
    assert "glossary models install" in err


def test_unknown_engine_is_a_usage_error():
    r = run("translate", "-", "--engine", "babelfish", stdin="Hola.\n")
    assert r.returncode == 2
