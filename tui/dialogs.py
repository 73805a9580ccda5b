"""Dialogs over the editor: a glossary term, the glossary browser, alternatives, search, confirm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Footer, Input, Label, Static

from glossary.api import Glossary, Segment, Term, remove_term, update_term


@dataclass
class GlossaryChange(Message):
    """Change the glossary file: `change(path)` is api.add_term, update_term or remove_term
    with its other arguments given."""

    change: Callable[[Path], None]
    done: str  # what the user is told, e.g. "Added escalado"


class TermDialog(ModalScreen[Term | None]):
    """Spanish, English, keep-as-is and note of a glossary entry; returns the Term or None.
    Editing an entry keeps what the dialog does not show (forms, avoid, plural...)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, spanish: str = "", english: str = "", term: Term | None = None):
        super().__init__(classes="dialog")
        self.term = term
        self.spanish = term.source if term else spanish
        self.english = (term.target if term and not term.keep else "") if term else english

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label("Edit term" if self.term else "Add a term", classes="title")
            yield Label("Spanish")
            yield Input(self.spanish, id="spanish", compact=True)
            yield Label("English")
            yield Input(self.english, id="english", compact=True)
            keep = self.term.keep if self.term else False
            yield Checkbox("Keep as is (a name, a title)", keep, compact=True)
            yield Label("Note for translators")
            yield Input(self.term.note if self.term else "", id="note", compact=True)
            yield Static(id="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#english" if self.spanish else "#spanish", Input).focus()

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        spanish = self.query_one("#spanish", Input).value.strip()
        english = self.query_one("#english", Input).value.strip()
        keep = self.query_one(Checkbox).value
        note = self.query_one("#note", Input).value.strip()
        if not spanish:
            self.query_one("#error", Static).update("The Spanish term is missing.")
            return
        if not english and not keep:
            self.query_one("#error", Static).update("Give the English, or tick keep as is.")
            return
        fields = dict(source=spanish, target=english or spanish, keep=keep, note=note)
        self.dismiss(replace(self.term, **fields) if self.term else Term(**fields))


class GlossaryBrowser(ModalScreen[None]):
    """Every entry of the glossary in use, filtered as you type; edit or delete them."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "remove", "Delete"),
        Binding("slash", "filter", "Filter"),
    ]

    def __init__(self, glossary: Glossary):
        super().__init__(classes="dialog")
        self.glossary = glossary

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Label(self._title(), classes="title", id="glossary-title")
            yield Input(placeholder="Filter (Spanish, English or note)", id="filter", compact=True)
            yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def _title(self) -> str:
        name = self.glossary.path.name if self.glossary.path else "glossary"
        return f"{name}: {len(self.glossary)} terms"

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Spanish", width=24)
        table.add_column("English", width=24)
        table.add_column("Note")
        self.show(self.glossary)

    def show(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.query_one("#glossary-title", Label).update(self._title())
        folded = self.query_one("#filter", Input).value.casefold()
        table = self.query_one(DataTable)
        table.clear()
        for term in glossary:
            english = "(keep as is)" if term.keep else term.target
            if folded in f"{term.source}\n{english}\n{term.note}".casefold():
                table.add_row(Text(term.source), Text(english), Text(term.note), key=term.source)

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self.show(self.glossary)

    @on(Input.Submitted, "#filter")
    def _to_table(self) -> None:
        self.query_one(DataTable).focus()

    def _selected(self) -> Term | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((t for t in self.glossary if t.source == key), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove"):
            return isinstance(self.focused, DataTable) and self._selected() is not None
        return True

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        old = self._selected()

        def save(term: Term | None) -> None:
            if old and term:
                change = partial(update_term, source=old.source, term=term)
                self.post_message(GlossaryChange(change, f"Changed {old.source}"))

        if old:
            self.app.push_screen(TermDialog(term=old), save)

    def action_remove(self) -> None:
        term = self._selected()

        def answer(yes: bool | None) -> None:
            if term and yes:
                change = partial(remove_term, source=term.source)
                self.post_message(GlossaryChange(change, f"Deleted {term.source}"))

        if term:
            question = f"Delete '{term.source}' from the glossary?"
            self.app.push_screen(ConfirmDialog(question), answer)

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)


class AlternativesDialog(ModalScreen[int | None]):
    """Up to three other translations of a segment; 1, 2 or 3 picks one."""

    BINDINGS = [
        Binding("1", "pick(0)", "First"),
        Binding("2", "pick(1)", "Second"),
        Binding("3", "pick(2)", "Third"),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, source: str, translations: list[Segment]):
        super().__init__(classes="dialog")
        self.source = source
        self.translations = translations

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Label("Alternative translations", classes="title")
            yield Static(Text(self.source, "italic"), classes="source")
            for k, translation in enumerate(self.translations):
                bad = len(translation.violations)
                verdict = f"{bad} violation{'s' * (bad != 1)}" if bad else "glossary met"
                yield Static(
                    Text.assemble(
                        (f"{k + 1}  ", "bold"),
                        translation.target,
                        (f"  ({verdict})", "red" if bad else "green"),
                    ),
                    classes="alternative",
                )
            yield Label("1, 2 or 3 to use one; Esc to keep the current target.", classes="hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return parameters[0] < len(self.translations)
        return True

    def action_pick(self, k: int) -> None:
        self.dismiss(k)


class SearchDialog(ModalScreen[str | None]):
    """A text to find in sources and targets."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, query: str = ""):
        super().__init__(classes="dialog")
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label("Search Spanish and English", classes="title")
            yield Input(self.query_text, placeholder="text to find", id="query", compact=True)
            yield Label("Enter finds the next segment that has it.", classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Yes"),
        Binding("n,escape", "dismiss(False)", "No"),
    ]

    def __init__(self, question: str):
        super().__init__(classes="dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(Text(self.question), classes="title question")  # wraps, unlike Label
            with Horizontal(classes="buttons"):
                yield Button("Yes", variant="error", id="yes", compact=True)
                yield Button("No", id="no", compact=True)

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
