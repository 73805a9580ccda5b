"""The editor: a document opened as a project, translated in the background, reviewed segment by
segment, every change saved within a second."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Footer

from glossary.api import (
    MACHINE,
    NBEST,
    InputError,
    Job,
    Review,
    add_term,
    open_session,
)
from tui.autosave import Autosave
from tui.commands import EditorCommands
from tui.dialogs import (
    AlternativesDialog,
    GlossaryBrowser,
    GlossaryChange,
    SearchDialog,
    TermDialog,
)
from tui.editor import TargetEditor
from tui.keys import ACTIONS, BINDINGS, ON_A_SEGMENT, WHILE_EDITING
from tui.lifecycle import Lifecycle
from tui.panel import TermPanel
from tui.segments import SIDE_BY_SIDE, SegmentTable
from tui.status import StatusLine
from tui.translator import (
    AlternativesReady,
    Checked,
    EngineReady,
    Retranslated,
    Translated,
    TranslationDone,
    TranslationStopped,
    Translator,
    Warned,
)

REDRAW_DELAY = 0.1  # background results are drawn at most this often


def run(
    document: Path,
    terms: Path | None = None,
    engine: str | None = None,
    locale: str = "en_US",
    cache: bool = True,
) -> None:
    """`glossary edit`: bad input (a missing file, a broken glossary) raises InputError before
    the screen changes, for the command line to report. Exits non-zero when the last changes
    could not be saved."""
    review = open_session(document, terms, engine, locale=locale, cache=cache)
    app = EditorApp(review)
    try:
        app.run()
    finally:
        review.close()  # the lock goes, however the app ended
    if app.save_failed and not app.return_code:
        print(app.unsaved_message(), file=sys.stderr)
        sys.exit(1)
    if app.return_code:
        sys.exit(app.return_code)


class EditorApp(Lifecycle, App):
    """Spanish source beside editable English; terms highlighted; nothing lost."""

    CSS_PATH = "app.tcss"
    TITLE = "glossary edit"
    COMMANDS = App.COMMANDS | {EditorCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (SIDE_BY_SIDE, "-wide")]
    BINDINGS = BINDINGS

    def __init__(self, review: Review):
        """`review`: the session glossary.api.open_session opens, with the translation service
        `glossary translate` would use for the document."""
        super().__init__()
        self.review = review
        self.project = review.project
        self.engine_name = review.service.engine_name
        self.alternatives_available = review.service.can(NBEST)
        self.translating = False
        self._english_hint = ""  # text selected in the editor when it closed, for `t`
        self._activity = ""
        self._search = ""
        self.autosave = Autosave(
            self.project, self.set_timer, partial(self.notify, severity="error")
        )
        self._glossary_job = False
        self._stale: set[int] = set()  # segments changed in the background, not yet redrawn
        self._redraw_timer = None
        self._footer_state: tuple = ()
        self.table = SegmentTable(self.review, id="segments")
        self.editor = TargetEditor(self.review, id="editor")
        self.translator = Translator(self.review, id="translator")

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield self.table
        yield self.editor
        yield TermPanel(id="panel")
        yield self.translator
        yield Footer(compact=True)

    @property
    def current(self) -> int:
        return self.table.current

    def on_mount(self) -> None:
        self.table.focus()
        self._footer_state = self._bindings_state()
        self._show()
        self._start(self.review.job())
        self._catch_signals()
        self._follow_if_read_only()

    def _start(self, job: Job) -> None:
        self.translating = True
        if job.translate:
            self._activity = f"translating 0/{len(job.translate)}"
        window = (self.current, self.current + 1)
        self.translator.run_job(job, window)
        self._show_status()

    # What the screen shows ----------------------------------------------------------------

    def _show(self, panel: bool = True) -> None:
        self._show_status()
        if panel:
            self.query_one(TermPanel).show(self.review, self.current)

    def _show_status(self) -> None:
        glossary = self.project.glossary.name if self.project.glossary else "no glossary"
        self.query_one(StatusLine).show(
            self.project.document.path.name,
            self.engine_name,
            glossary,
            self.review.progress(),
            self._activity,
            read_only=bool(self.review.read_only),
        )

    def _updated(self, indices, save: bool = True) -> None:
        """Segments changed: redraw them, the counts, the panel if it shows one of them."""
        self.table.update_segments(indices)
        self._show(panel=self.current in indices)
        self._refresh_footer()
        if save:
            self.autosave.changed()

    def _updated_later(self, indices) -> None:
        """Background results come in bursts: redraw for them at most ten times a second,
        so that keys keep their turn."""
        self._stale.update(indices)
        if self._redraw_timer is None:
            self._redraw_timer = self.set_timer(REDRAW_DELAY, self._redraw)
        self.autosave.changed()

    def _redraw(self) -> None:
        if self._redraw_timer is not None:
            self._redraw_timer.stop()
            self._redraw_timer = None
        stale, self._stale = self._stale, set()
        if stale:
            self._updated(stale, save=False)

    def _bindings_state(self) -> tuple:
        """What `check_action` depends on."""
        return (
            self.editor.session is not None,
            bool(len(self.review)) and bool(self.review.segments[self.current].history),
            self.alternatives_available,
        )

    def _refresh_footer(self) -> None:
        """The footer is rebuilt only when the bindings on offer change: it is slow."""
        state = self._bindings_state()
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        editing = self.editor.session is not None
        if action in ("stop_editing", "approve_target"):
            return editing
        if editing:
            return action in WHILE_EDITING or action not in ACTIONS
        if action in ON_A_SEGMENT and not len(self.review):
            return False
        if action == "undo":
            return bool(self.review.segments[self.current].history) or None
        if action == "alternatives":
            return self.alternatives_available
        return True

    # Background results ---------------------------------------------------------------------

    @on(EngineReady)
    def _engine_ready(self, event: EngineReady) -> None:
        self.engine_name = event.name
        self.alternatives_available = event.alternatives
        self._refresh_footer()
        self._show_status()

    @on(Checked)
    def _checked(self, event: Checked) -> None:
        if event.generation != self.review.generation:
            return
        for index, record in event.results:
            self.review.store(index, record)
        self._updated([i for i, *_ in event.results], save=False)
        if self._glossary_job:
            flagged = len(self.review.human_violations())
            if flagged:
                self.notify(
                    f"{flagged} edited or approved segment(s) do not meet the glossary now:"
                    " n goes to them.",
                    severity="warning",
                )

    @on(Translated)
    def _translated(self, event: Translated) -> None:
        if event.generation != self.review.generation:
            return
        changed = [i for i, record in event.results if self.review.apply_machine(i, record)]
        self._activity = f"translating {event.done}/{event.total}"
        self._updated_later(changed)

    @on(TranslationDone)
    def _translation_done(self, event: TranslationDone) -> None:
        if event.generation != self.review.generation:
            return
        self.translating = False
        self._activity = ""
        self._redraw()
        if self._glossary_job and event.translated:
            self.notify(f"Glossary applied: {event.translated} segment(s) translated again.")
        self._glossary_job = False
        self._show_status()

    @on(TranslationStopped)
    def _translation_stopped(self, event: TranslationStopped) -> None:
        if event.group == "translate":
            self.translating = False
            self._activity = "translation stopped"
            self._show_status()

    @on(Retranslated)
    def _retranslated(self, event: Retranslated) -> None:
        if event.generation == self.review.generation:
            if self.review.set_target(event.index, event.record.target, MACHINE):
                self._updated([event.index])

    @on(AlternativesReady)
    def _alternatives_ready(self, event: AlternativesReady) -> None:
        if not event.records:
            self.notify("The engine has no alternatives for this segment.")
            return

        def pick(k: int | None) -> None:
            if k is not None and self.review.segments[event.index].source == event.source:
                if self.review.set_target(event.index, event.records[k].target):
                    self._updated([event.index])

        self.push_screen(AlternativesDialog(event.source, event.records), pick)

    @on(Warned)
    def _warned(self, event: Warned) -> None:
        self.notify(event.text, title="Warning", severity="warning", timeout=10)

    @on(SegmentTable.Moved)
    def _moved(self) -> None:
        self._show()
        self._refresh_footer()

    @on(SegmentTable.Scrolled)
    def _scrolled(self, event: SegmentTable.Scrolled) -> None:
        self.translator.watch_window(event.start, event.stop)

    # Editing ----------------------------------------------------------------------------------

    def action_edit(self) -> None:
        if self._refused():
            return
        self.editor.open(self.current)
        self.screen.add_class("editing")
        self._refresh_footer()
        self.call_after_refresh(self.table.show_current)

    @on(TargetEditor.Typed)
    def _typed(self, event: TargetEditor.Typed) -> None:
        self._updated([event.index])

    def _finish_edit(self) -> None:
        closed = self.editor.close()
        if closed:
            index, self._english_hint = closed
            self._updated([index])

    def action_stop_editing(self) -> None:
        self._finish_edit()
        self.screen.remove_class("editing")
        self.table.focus()
        self._refresh_footer()

    def action_approve(self) -> None:
        if self._refused():
            return
        if self.review.approve(self.current):
            self._updated([self.current])
        self.table.go_to(self.current + 1)

    def action_approve_target(self) -> None:
        """In the editor: approve, and edit the next segment."""
        index = self.current
        self._finish_edit()
        self.review.approve(index)
        self._updated([index])
        if index + 1 < len(self.review):
            self.table.go_to(index + 1)
            self.action_edit()
        else:
            self.action_stop_editing()

    def action_retranslate(self) -> None:
        if self._refused():
            return
        index = self.current
        segment = self.review.segments[index].segment
        self.translator.retranslate(self.review.generation, index, segment)

    def action_undo(self) -> None:
        if self._refused():
            return
        if self.review.undo(self.current):
            self._updated([self.current])

    def action_next_issue(self, step: int) -> None:
        found = self.review.find(self.current, step, self.review.needs_review)
        if found is None:
            self.notify("Every segment is approved and meets the glossary.")
        else:
            self.table.go_to(found)

    def action_search(self) -> None:
        def find(query: str | None) -> None:
            if query is None:
                return
            self._search = query
            self.table.search = query
            self.table.restyle()
            found = self.review.search(self.current, query)
            if query and found is None:
                self.notify(f"Not found: {query}", severity="warning")
            elif found is not None:
                self.table.go_to(found)

        self.push_screen(SearchDialog(self._search), find)

    def action_alternatives(self) -> None:
        if self._refused():
            return
        index = self.current
        self.notify("Looking for alternatives…", timeout=2)
        segment = self.review.segments[index].segment
        self.translator.alternatives(index, segment)

    # The glossary ---------------------------------------------------------------------------

    def action_add_term(self) -> None:
        if self._refused():
            return

        def add(term) -> None:
            if term is not None:
                change = partial(add_term, term=term)
                self._change_glossary(GlossaryChange(change, f"Added {term.source}"))

        english, self._english_hint = self._english_hint, ""
        self.push_screen(TermDialog(self.table.selected_text, english), add)

    def action_glossary(self) -> None:
        self.push_screen(GlossaryBrowser(self.review.glossary))

    @on(GlossaryChange)
    def _change_glossary(self, event: GlossaryChange) -> None:
        """A term added, changed or deleted: the file changes, then the glossary is applied
        again to every segment (machine targets translated again where its terms touch)."""
        try:
            previous, notice = self.review.change_glossary(event.change)
        except InputError as e:
            self.notify(str(e), title="Glossary", severity="error")
            return
        if notice:
            self.notify(notice)
        self.notify(f"{event.done} ({self.project.glossary.name}); applying the glossary…")
        self.table.restyle()
        if isinstance(self.screen, GlossaryBrowser):
            self.screen.show(self.review.glossary)
        self._glossary_job = True
        self._start(self.review.job(previous))
        self.autosave.changed()

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
