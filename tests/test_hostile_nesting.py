"""Deeply nested Markdown is translated, or the lines left in Spanish are reported: in the summary
line, and as `untranslated-structure` errors with their line numbers in the JSON report. Text
left as it is on purpose (code, HTML, front matter, link definitions) is not reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.engines.apertium import ApertiumEngine
from glossary.formats import parse
from glossary.formats.markdown import MAX_NESTING

ROOT = Path(__file__).resolve().parent.parent
needs_apertium = pytest.mark.skipif(not ApertiumEngine.available(), reason="no Apertium")
SPANISH = ("Elemento", "número", "Cita", "profunda", "Línea")


def nested_list(depth: int) -> str:
    return "".join("  " * i + f"- Elemento número {i + 1}.\n" for i in range(depth))


def nested_quote(depth: int) -> str:
    return "> " * depth + "Cita profunda.\n"


def quote_per_line(depth: int) -> str:
    """A quote one level deeper on every paragraph."""
    return "".join("> " * (i + 1) + f"Línea {i + 1}.\n>\n" for i in range(depth))


def mixed(depth: int) -> str:
    """Quotes and lists nested in turn: a list item in a quote in a list item in a quote..."""
    lines, prefix = [], ""
    for i in range(depth):
        lines.append(f"{prefix}> - Elemento número {i + 1}.\n")
        prefix += "> " + "  "
    return "".join(lines)


def translate(tmp_path: Path, text: str):
    source = tmp_path / "deep.md"
    source.write_text(text, encoding="utf-8")
    out, report = tmp_path / "deep.en.md", tmp_path / "report.json"
    run = subprocess.run(
        [sys.executable, "-m", "glossary", "translate", str(source), "-o", str(out)]
        + ["--engine", "apertium", "--no-glossary", "--report", str(report), "--fail-on", "errors"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
    )
    assert "Traceback" not in run.stderr
    return run, out.read_text(encoding="utf-8"), json.loads(report.read_text())


def spanish_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if any(w in line for w in SPANISH)]


@needs_apertium
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(nested_list(5), id="list-5"),
        pytest.param(nested_list(10), id="list-10"),
        pytest.param(nested_list(30), id="list-30"),
        pytest.param(nested_quote(30), id="quote-30"),
        pytest.param(nested_quote(60), id="quote-60"),
        pytest.param(quote_per_line(40), id="quote-per-line-40"),
        pytest.param(mixed(20), id="mixed-20"),
    ],
)
def test_nesting_the_reader_follows_is_translated(tmp_path, text):
    run, out, report = translate(tmp_path, text)
    assert run.returncode == 0, run.stderr
    assert spanish_lines(text) and spanish_lines(out) == []
    assert "left untranslated" not in run.stderr
    assert report["summary"]["left_untranslated"] == 0
    assert report["documents"][0]["issues"] == []
    assert len(out.splitlines()) == len(text.splitlines())  # the structure kept, line for line


@needs_apertium
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(nested_list(60), id="list-60"),
        pytest.param(nested_quote(150), id="quote-150"),
        pytest.param(quote_per_line(120), id="quote-per-line-120"),
        pytest.param(mixed(40), id="mixed-40"),
    ],
)
def test_deeper_nesting_is_reported_line_by_line(tmp_path, text):
    run, out, report = translate(tmp_path, text)
    assert run.returncode == 1  # --fail-on errors: a line left in Spanish fails the run
    assert "glossary: failing:" in run.stderr
    left = spanish_lines(out)
    assert left  # too deep for the reader: these stay Spanish...
    assert set(left) <= set(spanish_lines(text))
    issues = report["documents"][0]["issues"]
    # ...and every one of them is reported, as an error, with its line.
    assert [i["line"] for i in issues] == left
    assert {(i["id"], i["severity"]) for i in issues} == {("untranslated-structure", "error")}
    assert all("nested too deep" in i["message"] for i in issues)
    summary = report["summary"]
    assert summary["left_untranslated"] == len(left)
    assert summary["issue_errors"] >= len(left)
    assert f"{len(left)} line(s) left untranslated (first: {tmp_path / 'deep.md'}:{left[0]})" in (
        run.stderr
    )
    # What the reader did follow is translated.
    assert len(left) < len(spanish_lines(text)) or text.count("\n") == 1


def test_the_depth_limit_is_where_the_message_says():
    assert parse(nested_list(MAX_NESTING // 2 - 1), "md").left_out == []
    assert [x.line for x in parse(nested_list(MAX_NESTING // 2), "md").left_out] == [50]
    assert parse(nested_quote(MAX_NESTING - 1), "md").left_out == []
    assert [x.line for x in parse(nested_quote(MAX_NESTING), "md").left_out] == [1]


def test_pathological_nesting_is_read_quickly_and_reported():
    """100,000 quote markers or 3,000 list levels: no recursion error, no long wait."""
    import time

    started = time.perf_counter()
    quote = parse("> " * 100_000 + "Cita profunda.\n", "md")
    deep_list = parse(nested_list(3000), "md")
    assert time.perf_counter() - started < 15
    assert [x.line for x in quote.left_out] == [1]
    assert len(deep_list.blocks) == MAX_NESTING // 2 - 1
    assert len(deep_list.left_out) == 3000 - len(deep_list.blocks)


def test_text_left_as_it_is_on_purpose_is_not_reported():
    text = (
        "---\ntítulo: Hola mundo\n---\n\n"
        "```\ncódigo con palabras\n```\n\n"
        "    código sangrado\n\n"
        "<div>\nHTML con palabras\n</div>\n\n"
        '[enlace]: https://ejemplo.com "Un título"\n\n'
        "- Elemento con `código` y [enlace][enlace].\n"
    )
    document = parse(text, "md")
    assert document.left_out == []
    assert [b.text for b in document.blocks] == ["Elemento con `código` y [enlace][enlace]."]


def test_table_cells_beyond_the_header_are_translated_not_dropped():
    text = "| Uno | Dos |\n|---|---|\n| tres | cuatro | cinco extra |\n"
    document = parse(text, "md")
    assert [b.text for b in document.blocks] == ["Uno", "Dos", "tres", "cuatro", "cinco extra"]
    assert document.left_out == []
    upper = document.render([b.text.upper() for b in document.blocks])
    assert upper == "| UNO | DOS |\n|---|---|\n| TRES | CUATRO | CINCO EXTRA |\n"
