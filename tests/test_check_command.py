"""`glossary check` and the quality checks in `glossary translate`, end to end with Apertium."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUE_SENTENCE = (
    "Vive con 12.000 dólares al año desde el 9 de noviembre de 2024; el 3,5 % de 1.500.000.\n"
)


def run(*args: str, stdin: str | None = None, cwd: Path = ROOT):
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        input=stdin.encode() if stdin else None,
        capture_output=True,
        cwd=cwd,
        env=os.environ,
        timeout=120,
    )


def test_translate_writes_numbers_and_dates_for_the_target_locale():
    r = run("translate", "-", "--engine", "apertium", stdin=ISSUE_SENTENCE)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    for expected in ("$12,000", "November 9, 2024", "3.5%", "1,500,000"):
        assert expected in out
    r = run(
        "translate", "-", "--engine", "apertium", "--target-locale", "en_GB", stdin=ISSUE_SENTENCE
    )
    assert "9 November 2024" in r.stdout.decode() and "12,000" in r.stdout.decode()
    r = run("translate", "-", "--engine", "apertium", "--target-locale", "fr", stdin="Hola.")
    assert r.returncode == 2 and b"not an English locale" in r.stderr


def test_report_lists_each_segments_issues(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("¿Cuántos modelos hay?\n\nHay 12.000 modelos.\n", encoding="utf-8")
    report = tmp_path / "report.json"
    r = run(
        "translate", str(source), "--engine", "apertium", "--no-glossary", "--report", str(report)
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(report.read_text())
    # Without the glossary no number is converted: Apertium leaves "12.000", which reads 12.
    assert data["summary"]["issues"] == data["summary"]["issue_errors"] == 1
    assert data["summary"]["issues_by_check"] == {"numbers": 1}
    assert {"violations", "term_applied", "segments"} <= set(data["summary"])
    (issue,) = [i for d in data["documents"] for s in d["segments"] for i in s["issues"]]
    assert issue["id"] == "numbers" and issue["severity"] == "error"
    segment = data["documents"][0]["segments"][1]
    a, b = issue["target_span"]
    assert segment["target"][a:b] == "12.000"
    assert "1 issue(s) (1 error(s))" in r.stderr.decode()


def damage(text: str) -> str:
    """A number changed, a term replaced, a Spanish sentence left in, a URL altered."""
    changes = [
        ("$12 billion", "$13 billion"),
        ("The scaling laws describe", "The laws of scaling describe"),
        (
            "As it sang Pink Floyd in The Wall, perhaps we are in front of another wall.",
            "Como cantaba Pink Floyd en The Wall, quizá estemos ante otro muro.",
        ),
        ("https://arxiv.org/abs/2001.08361", "https://arxiv.org/abs/2001.08631"),
    ]
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_check_finds_each_damage_and_nothing_else(tmp_path):
    english = tmp_path / "escalado.en.md"
    r = run("translate", "examples/escalado.md", "--engine", "apertium", "-o", str(english))
    assert r.returncode == 0, r.stderr
    clean = run("check", "examples/escalado.md", str(english))
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.decode().endswith("18 segments checked: 0 error(s), 0 warning(s)\n")

    english.write_text(damage(english.read_text(encoding="utf-8")), encoding="utf-8")
    r = run("check", "examples/escalado.md", str(english), "--json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    issues = [
        (s["target_line"], i["id"], i["message"]) for s in data["segments"] for i in s["issues"]
    ]
    assert issues == [
        (12, "terms", "“leyes de escalado” must be “scaling laws”"),
        (
            12,
            "protected",
            "https://arxiv.org/abs/2001.08361 changed to https://arxiv.org/abs/2001.08631",
        ),
        (
            15,
            "numbers",
            "12.000 (= 12,000,000,000) in the source is 13 (= 13,000,000,000) in the target",
        ),
        (34, "untranslated", "the target is the source, untranslated"),
    ]
    assert data["summary"]["errors"] == 4 and data["summary"]["warnings"] == 0
    text = run("check", "examples/escalado.md", str(english)).stdout.decode()
    assert f"{english}:15: error [numbers]" in text
    assert text.endswith("18 segments checked: 4 error(s), 0 warning(s)\n")


def test_check_aligns_around_a_missing_paragraph(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(
        "El escalado importa.\n\nLa inferencia es cara. Cuesta 15 €.\n\nNadie lo sabe.\n",
        encoding="utf-8",
    )
    target = tmp_path / "a.en.txt"
    target.write_text("Scaling matters.\n\nNobody knows.\n", encoding="utf-8")
    r = run("check", str(source), str(target), "--json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert [(s["source"][:10], s["target"][:10]) for s in data["segments"]] == [
        ("El escalad", "Scaling ma"),
        ("La inferen", ""),
        ("Nadie lo s", "Nobody kno"),
    ]
    assert [i["id"] for s in data["segments"] for i in s["issues"]] == ["alignment"]
