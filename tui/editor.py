"""The target editor: a text area whose every change goes to the review at once, so that checks
follow the typing and the project file gets it within a second."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import TextArea

from glossary.api import EditSession, Review


class TargetEditor(TextArea):
    """Edits one segment's target at a time; posts `Typed` after each change."""

    @dataclass
    class Typed(Message):
        index: int

    def __init__(self, review: Review, **kwargs):
        super().__init__(soft_wrap=True, show_line_numbers=False, **kwargs)
        self.review = review
        self.session: EditSession | None = None

    def open(self, index: int) -> None:
        self.session = self.review.begin_edit(index)
        self.load_text(self.review.segments[index].target)
        self.move_cursor(self.document.end)
        self.focus()

    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self.session and self.review.type(self.session, self.text):
            self.post_message(self.Typed(self.session.index))

    def close(self) -> tuple[int, str] | None:
        """Keep what was typed; returns the segment and the text selected, or None."""
        if self.session is None:
            return None
        session, self.session = self.session, None
        self.review.type(session, self.text)
        self.review.end_edit(session)
        return session.index, self.selected_text.strip()
