"""The editor as a translator uses it: open, translate in the background, edit, approve, grow the
glossary, quit and resume, export. Apertium (or the tiny Argos model), no network."""

from __future__ import annotations

import json

from click.testing import CliRunner
from tui_support import (
    BrokenEngine,
    GatedEngine,
    copy_document,
    make_app,
    run_async,
    screen_text,
    settle,
    wait_for,
)

from glossary.api import APPROVED, EDITED, MACHINE, NEW, Project, load_glossary, project_path

SIZE = (120, 40)


def saved(document) -> dict:
    return json.loads(project_path(document).read_text(encoding="utf-8"))


async def type_target(pilot, text: str) -> None:
    """Open the editor on the current segment, replace its text, leave with Esc."""
    await pilot.press("enter")
    editor = pilot.app.query_one("#editor")
    editor.replace(text, (0, 0), editor.document.end)
    await pilot.pause()
    await pilot.press("escape")


@run_async
async def test_opens_with_the_spanish_and_translates_in_the_background(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms, engine=GatedEngine.name)
    engine = app.review.service.engine
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_text(app)
        assert "Durante los últimos años, el escalado" in screen
        assert "0/7 translated" in screen and "translating" in screen
        # Keys answer while the engine is busy.
        await pilot.press("down", "down")
        assert app.table.current == 2
        assert app.project.segments[0].status == NEW
        engine.open()
        await settle(pilot)
        screen = screen_text(app)
        assert "The scaling and his limits" in screen
        assert "7/7 translated" in screen and "translating" not in screen
    assert all(s["status"] == MACHINE for s in saved(document)["segments"])


@run_async
async def test_on_screen_segments_are_translated_first(tmp_path):
    paragraphs = [f"El párrafo número {n} habla del escalado." for n in range(300)]
    document, terms = copy_document(tmp_path, "\n\n".join(paragraphs) + "\n")
    app = make_app(document, terms, engine=GatedEngine.name)
    engine = app.review.service.engine
    order = []
    apply_machine = app.review.apply_machine

    def spy(index, *args):
        order.append(index)
        return apply_machine(index, *args)

    app.review.apply_machine = spy
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        engine.open()
        await settle(pilot)
    # The first batch was taken before the jump to the end; the next is what is on screen.
    assert order[:8] == list(range(8))
    next_two = order[8 : 8 + 2 * 16]
    assert set(range(280, 300)) <= set(next_two) and 150 not in next_two
    assert Project.open(document).counts()[MACHINE] == 300


@run_async
async def test_edit_keeps_the_change_and_undo_brings_back_the_machine_target(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        machine = app.project.segments[1].target
        await type_target(pilot, "Over recent years, scaling language models was the recipe.")
        seg = app.project.segments[1]
        assert seg.status == EDITED and seg.target.startswith("Over recent years")
        assert "Over recent years, scaling" in screen_text(app)
        await pilot.pause(1.0)  # saved within a second, without quitting
        assert saved(document)["segments"][1]["target"] == seg.target
        await pilot.press("u")
        assert app.project.segments[1].target == machine


@run_async
async def test_typing_reaches_the_project_file_within_a_second(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "end", *" xyz")
        await pilot.pause(1.0)
        assert saved(document)["segments"][0]["target"].endswith(" xyz")
        assert saved(document)["segments"][0]["status"] == EDITED
        assert app.query_one("#editor").has_focus  # still typing


@run_async
async def test_leaving_the_editor_without_a_change_changes_nothing(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "end", "x", "backspace", "escape")
        seg = app.project.segments[0]
        assert seg.status == MACHINE and seg.history == []


@run_async
async def test_verification_follows_the_typing(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.review.progress().violations == 0
        await pilot.press("enter")
        editor = app.query_one("#editor")
        editor.select_all()
        await pilot.press(*"The escalation and its limits")
        await pilot.pause()
        assert app.review.has_violation(0)
        assert "avoided" in screen_text(app)
        assert "1 violation" in screen_text(app)
        editor.select_all()
        await pilot.press(*"Scaling and its limits", "escape")
        assert not app.review.has_violation(0)
        assert app.review.progress().violations == 0


@run_async
async def test_approve_moves_on_and_next_finds_what_needs_review(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert app.project.segments[0].status == APPROVED and app.table.current == 1
        # In the editor, Ctrl+Enter (or Ctrl+J) approves and edits the next segment.
        await pilot.press("enter", "ctrl+j")
        assert app.project.segments[1].status == APPROVED
        assert app.table.current == 2 and app.query_one("#editor").has_focus
        await pilot.press("escape", "up", "up")
        await pilot.press("n")
        assert app.table.current == 2
        await pilot.press("N")
        assert app.table.current == 6  # backwards, round the end
        assert "2 approved" in screen_text(app)


@run_async
async def test_search_finds_source_and_target(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"descent", "enter")
        assert app.table.current == 6
        await pilot.press("slash", "ctrl+u", *"OpenAI", "enter")
        assert app.table.current == 4


@run_async
async def test_adding_a_term_applies_it_and_flags_human_targets(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down")  # "La receta"
        await type_target(pilot, "Our recipe")
        await pilot.press("down")  # "La receta de OpenAI es sencilla."
        await pilot.press("right", "right", "t")  # select "receta", add a term
        dialog = app.screen
        assert dialog.query_one("#spanish").value == "receta"
        await pilot.press(*"formula", "tab", "tab", *"Not recipe.", "enter")
        await settle(pilot)
        segments = app.project.segments
        assert "formula" in segments[1].target and "formula" in segments[4].target
        assert segments[1].status == MACHINE
        assert segments[3].target == "Our recipe" and app.review.has_violation(3)
        assert "1 violation" in screen_text(app)
    text = terms.read_text(encoding="utf-8")
    assert "# The editor tests' glossary" in text and '# not "coaching"' in text
    assert [t.source for t in load_glossary(terms)][-1] == "receta"
    assert load_glossary(terms).terms[-1].note == "Not recipe."


@run_async
async def test_glossary_browser_edits_and_deletes_entries(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", *"comp", "enter")  # filter, then to the table
        await pilot.press("e")  # edit "cómputo"
        english = app.screen.query_one("#english")
        english.value = ""
        await pilot.press(*"computing power", "enter")
        await settle(pilot)
        assert "computing power" in app.project.segments[2].target
        await pilot.press("d", "y")  # delete it
        await settle(pilot)
        await pilot.press("escape")
        assert "cómputo" not in [t.source for t in app.review.glossary]
    assert "cómputo" not in terms.read_text(encoding="utf-8")
    assert "# Scaling" in terms.read_text(encoding="utf-8")


@run_async
async def test_quit_and_reopen_shows_everything_as_left(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_target(pilot, "Scaling and its limits")
        await pilot.press("down", "a")
        await pilot.press("ctrl+q")
    project = Project.open(document)
    assert project.glossary == terms.resolve() and project.engine == "apertium"
    assert [s.status for s in project.segments[:2]] == [EDITED, APPROVED]
    # Reopened without --terms or --engine: the project's own are used.
    again = make_app(document, None, engine=None)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.project.segments[0].target == "Scaling and its limits"
        assert "Scaling and its limits" in screen_text(again)
        assert "1 approved" in screen_text(again) and "terms.yaml" in screen_text(again)


@run_async
async def test_a_changed_document_keeps_unchanged_segments(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_target(pilot, "Scaling and its limits")
    text = document.read_text(encoding="utf-8").replace("es sencilla", "es muy sencilla")
    document.write_text(text, encoding="utf-8")
    again = make_app(document, terms)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        segments = again.project.segments
        assert segments[0].target == "Scaling and its limits"
        assert segments[4].status == MACHINE and "very simple" in segments[4].target


@run_async
async def test_export_writes_markdown_and_translate_reuses_human_targets(tmp_path):
    from glossary.cli import main

    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_target(pilot, "Scaling and its limits")
        await pilot.press("e")
        await pilot.pause()
    exported = (tmp_path / "editor.en.md").read_text(encoding="utf-8")
    assert exported.startswith("# Scaling and its limits\n")
    assert "- The recipe of OpenAI is simple.\n" in exported
    assert "```python\nmodelo.entrenar()\n```" in exported
    out = tmp_path / "again.en.md"
    result = CliRunner().invoke(
        main,
        [
            "translate",
            str(document),
            "--terms",
            str(terms),
            "--engine",
            "apertium",
            "-o",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == exported


@run_async
async def test_engine_errors_are_shown_not_raised(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms, engine=BrokenEngine.name)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("no Argos" in n.message for n in app._notifications)
        assert "translation stopped" in screen_text(app)
        await type_target(pilot, "Scaling and its limits")  # still usable
        assert app.project.segments[0].status == EDITED


@run_async
async def test_alternatives_from_argos(tmp_path, argos_package_dir):
    document, terms = copy_document(tmp_path, "El escalado necesita más cómputo.\n")
    options = {"package_path": argos_package_dir}
    app = make_app(document, terms, engine="argos", engine_options=options)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("alternatives", ()) is True  # Argos has n-best lists
        await pilot.press("v")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AlternativesDialog")
        choices = app.screen.translations
        assert 1 <= len(choices) <= 3
        await pilot.press(str(len(choices)))
        seg = app.project.segments[0]
        assert seg.target == choices[-1].target and seg.status == EDITED


@run_async
async def test_apertium_offers_no_alternatives(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("alternatives", ()) is False
        await pilot.press("v")
        assert app.screen is app.screen_stack[0]  # nothing opened


@run_async
async def test_retranslate_replaces_an_edit_undoably(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        machine = app.project.segments[0].target
        await type_target(pilot, "Mine")
        await pilot.press("r")
        await settle(pilot)
        assert app.project.segments[0].target == machine
        assert app.project.segments[0].status == MACHINE
        await pilot.press("u")
        assert app.project.segments[0].target == "Mine"


@run_async
async def test_command_palette_runs_actions(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"export")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: (tmp_path / "editor.en.md").exists())


@run_async
async def test_ctrl_s_saves_and_says_so(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(1.0)
        project_path(document).unlink()
        await pilot.press("ctrl+s")
        assert project_path(document).exists()
        assert any("Saved" in n.message for n in app._notifications)


@run_async
async def test_keys_panel_lists_every_binding(tmp_path):
    document, terms = copy_document(tmp_path)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        screen = screen_text(app)
        assert "Add term" in screen and "Previous" in screen and "Page down" in screen
        for binding in app.BINDINGS:
            assert binding.description


@run_async
async def test_a_document_without_text_opens_and_every_key_is_harmless(tmp_path):
    document, terms = copy_document(tmp_path, "```\ncode only\n```\n")
    app = make_app(document, terms)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter", "a", "r", "u", "n", "right", "t", "escape", "v", "e")
        await pilot.pause()
        assert "0/0 translated" in screen_text(app)
        assert "no text to translate" in screen_text(app)


@run_async
async def test_quality_check_issues_show_beside_term_checks(tmp_path):
    text = "El modelo cuesta 12.000 dólares.\n"
    document, terms = copy_document(tmp_path, text)
    app = make_app(document, terms)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "$12,000" in app.project.segments[0].target
        assert "numbers:" not in screen_text(app)
        await type_target(pilot, "The model costs $13,000.")
        await pilot.pause()
        screen = screen_text(app)
        assert "numbers:" in screen and "12.000" in screen
        assert "E!" in screen  # the row is marked, as for a term violation
