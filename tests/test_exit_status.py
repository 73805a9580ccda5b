"""The exit status tells: `--fail-on` (and `--strict`, which is `--fail-on violations,errors`)
fails a run on what remains — term violations, quality-check errors such as lost protected
spans, warnings — and without it the summary line says plainly that errors remain."""

from __future__ import annotations

import json
import re

import pytest
from hostile_support import WordEngine, glossary

from glossary.engines import register_engine, unregister_engine


class LossyEngine(WordEngine):
    """Word for word, and what real engines do wrong: URLs lost (a `protected` error), the
    word "escalado" and its rendering dropped (a term violation nothing can repair), and "!"
    for the final "." of a sentence with "tres" (a `final-punctuation` warning)."""

    name = "lossy"

    def translate_batch(self, segments):
        out = []
        for segment, text in zip(segments, super().translate_batch(segments)):
            text = (
                re.sub(r"\s*https?://\S+?(?=\.?$)", "", text)
                .replace("escalado", "")
                .replace("scaling", "")
            )
            if "tres" in segment.text.lower():
                text = text.rstrip(".") + "!"
            out.append(text)
        return out


DOCUMENTS = {
    "clean.md": "Uno y dos.\n",
    "errors.md": "Uno y dos en https://example.org/guia.\n\nDos en https://example.org/b.\n",
    "violations.md": "El escalado.\n",
    "warnings.md": "Tres y dos.\n",
}


@pytest.fixture
def docs(tmp_path, monkeypatch):
    register_engine(LossyEngine)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "terms.yaml").write_text("terms:\n  escalado: scaling\n", encoding="utf-8")
    for name, text in DOCUMENTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    yield tmp_path
    unregister_engine(LossyEngine.name)


def translate(doc: str, *flags: str):
    return glossary("translate", doc, "--engine", "lossy", "--terms", "terms.yaml", *flags)


def test_the_documents_have_what_their_names_say(docs):
    """The cases below mean something only if each document has exactly its kind of fault."""
    found = {}
    for doc in DOCUMENTS:
        result = translate(doc, "--report", "r.json")
        assert result.exit_code == 0, result.output
        summary = json.loads((docs / "r.json").read_text(encoding="utf-8"))["summary"]
        found[doc] = (summary["violations"], summary["issue_errors"], summary["issues"])
    assert found == {
        "clean.md": (0, 0, 0),
        "errors.md": (0, 2, 2),
        "violations.md": (1, 0, 0),
        "warnings.md": (0, 0, 1),
    }
    report = json.loads((docs / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["issues_by_check"] == {"final-punctuation": 1}


EXIT = {
    # flags: exit status for clean, errors, violations, warnings
    (): (0, 0, 0, 0),
    ("--strict",): (0, 1, 1, 0),
    ("--fail-on", "none"): (0, 0, 0, 0),
    ("--fail-on", "violations"): (0, 0, 1, 0),
    ("--fail-on", "errors"): (0, 1, 0, 0),
    ("--fail-on", "warnings"): (0, 0, 0, 1),
    ("--fail-on", "errors,warnings"): (0, 1, 0, 1),
    ("--fail-on", "all"): (0, 1, 1, 1),
    ("--fail-on", "warnings", "--strict"): (0, 1, 1, 1),
}


@pytest.mark.parametrize("flags", EXIT, ids=lambda f: " ".join(f) or "default")
def test_fail_on_decides_the_exit_status(docs, flags):
    statuses = tuple(translate(doc, *flags).exit_code for doc in DOCUMENTS)
    assert statuses == EXIT[flags]


def test_lost_protected_spans_fail_a_strict_run_and_say_so(docs):
    result = translate("errors.md", "--strict")
    assert result.exit_code == 1
    assert "2 error(s) remain: see --report" in result.stderr
    assert "glossary: failing: 2 quality-check error(s) remain" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_fail_on_the_summary_says_errors_remain(docs):
    result = translate("errors.md", "--report", "r.json")
    assert result.exit_code == 0
    (line,) = result.stderr.splitlines()
    assert line.endswith("; 2 error(s) remain: see r.json")
    clean = translate("clean.md")
    assert "remain" not in clean.stderr
    violations = translate("violations.md")
    assert "1 violation(s) remain" in violations.stderr


def test_quiet_says_nothing_and_the_status_still_tells(docs):
    result = translate("errors.md", "--fail-on", "errors", "-q")
    assert result.exit_code == 1
    assert result.stderr == ""


@pytest.mark.parametrize("bad", ["bogus", "errors,bogus", ","])
def test_an_unknown_fail_on_word_is_a_usage_error(docs, bad):
    result = translate("clean.md", "--fail-on", bad)
    assert result.exit_code == 2
    assert "--fail-on" in result.stderr and "violations, errors, warnings" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (docs / "clean.en.md").exists()


def test_check_keeps_its_own_rule(docs):
    (docs / "good.en.md").write_text("One and two.\n", encoding="utf-8")
    (docs / "bad.en.md").write_text("One and two in.\n\nTwo in.\n", encoding="utf-8")
    good = glossary("check", "clean.md", "good.en.md", "--terms", "terms.yaml")
    bad = glossary("check", "errors.md", "bad.en.md", "--terms", "terms.yaml")
    assert good.exit_code == 0, good.output
    assert bad.exit_code == 1 and "[protected]" in bad.stdout
