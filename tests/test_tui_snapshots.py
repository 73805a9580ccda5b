"""What the editor looks like, at 80×24 (stacked) and 120×40 (side by side), translated by
Apertium from tests/data/editor.md; background work is finished before each picture."""

from __future__ import annotations

from tui_support import copy_document, make_app, settle


def test_main_screen_80x24(snap_compare, tmp_path):
    document, terms = copy_document(tmp_path)
    assert snap_compare(make_app(document, terms), terminal_size=(80, 24), run_before=settle)


def test_main_screen_120x40(snap_compare, tmp_path):
    document, terms = copy_document(tmp_path)
    assert snap_compare(make_app(document, terms), terminal_size=(120, 40), run_before=settle)


def test_review_states_120x40(snap_compare, tmp_path):
    """Approved, edited with a term violation (warning colour, panel), the current row."""
    document, terms = copy_document(tmp_path)

    async def review(pilot):
        await settle(pilot)
        await pilot.press("a")  # approve the title
        await pilot.press("enter")
        editor = pilot.app.query_one("#editor")
        editor.replace(
            "In recent years the escalation of language models was the industry's recipe.",
            (0, 0),
            editor.document.end,
        )
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()

    assert snap_compare(make_app(document, terms), terminal_size=(120, 40), run_before=review)


def test_add_term_dialog_80x24(snap_compare, tmp_path):
    document, terms = copy_document(tmp_path)

    async def add_term(pilot):
        await settle(pilot)
        await pilot.press("down", "down", "down", "right", "right", "t")
        await pilot.pause()
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(document, terms), terminal_size=(80, 24), run_before=add_term)
