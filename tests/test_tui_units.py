"""The editor's pieces without a screen: wrapping, the review model, the import boundary."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from glossary.api import EDITED, MACHINE, Review, Segment, open_session
from tui.wrap import wrap

TUI = Path(__file__).parent.parent / "tui"
DATA = Path(__file__).parent / "data"

words = st.text(alphabet=st.sampled_from("abcdeñá漢 \n"), max_size=200)


@given(words, st.integers(min_value=1, max_value=40))
def test_wrapped_lines_fit_and_keep_every_word(text, width):
    lines = wrap(text, width)
    assert lines and all(a <= b for a, b in lines)
    assert all(cell_len(text[a:b]) <= max(width, 2) for a, b in lines)
    # Only whitespace is left out, and nothing is repeated.
    assert "".join(text[a:b] for a, b in lines).replace(" ", "") == text.replace(" ", "").replace(
        "\n", ""
    )
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(lines, lines[1:]))


def test_wrap_keeps_line_breaks_and_cuts_long_words():
    text = "una línea\notra https://example.com/muy/larga"
    assert [text[a:b] for a, b in wrap(text, 12)] == [
        "una línea",
        "otra",
        "https://exam",
        "ple.com/muy/",
        "larga",
    ]


def review(tmp_path) -> Review:
    document = tmp_path / "doc.txt"
    document.write_text("El escalado importa.\n\nOtra frase.\n", encoding="utf-8")
    return open_session(document, DATA / "editor_terms.yaml", "apertium")


def test_typing_is_one_undo_step_and_typing_back_is_no_change(tmp_path):
    r = review(tmp_path)
    r.apply_machine(0, Segment("El escalado importa.", target="The scaling matters."))
    session = r.begin_edit(0)
    for text in ("The scaling", "The scaling counts", "The scaling counts."):
        r.type(session, text)
    r.end_edit(session)
    seg = r.segments[0]
    assert (seg.target, seg.status, seg.history) == (
        "The scaling counts.",
        EDITED,
        ["The scaling matters."],
    )
    session = r.begin_edit(0)
    r.type(session, "x")
    r.type(session, "The scaling counts.")
    assert not r.end_edit(session)
    assert seg.history == ["The scaling matters."]


def test_checks_follow_the_target(tmp_path):
    r = review(tmp_path)
    r.set_target(0, "The escalation matters.", MACHINE)
    assert r.has_violation(0) and r.progress().violations == 1
    r.set_target(0, "Scaling matters.")
    assert not r.has_violation(0) and r.progress().violations == 0
    assert r.needs_review(0) and r.search(0, "FRASE") == 1


def test_tui_uses_only_the_public_api_of_glossary():
    for path in TUI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name.startswith("glossary") and name != "glossary":
                    assert name.startswith("glossary.api"), f"{path.name} imports {name}"
