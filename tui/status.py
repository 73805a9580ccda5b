"""The status line: document, engine, glossary, progress and what runs in the background."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from glossary.api import Progress

WIDE = 100  # columns from which the glossary's name fits too


class StatusLine(Widget):
    """One line at the top of the editor."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._shown: tuple = ()

    def show(
        self,
        document: str,
        engine: str,
        glossary: str,
        progress: Progress,
        activity: str = "",
        read_only: bool = False,
    ) -> None:
        shown = (document, engine, glossary, progress, activity, read_only)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> Text:
        if not self._shown:
            return Text()
        document, engine, glossary, p, activity, read_only = self._shown
        where = f" · {engine} · {glossary} │ " if self.size.width >= WIDE else f" · {engine} │ "
        text = Text.assemble(
            *((("READ-ONLY", "bold reverse"), " ") if read_only else ()),
            (document, "bold"),
            where,
            f"{p.translated}/{p.segments} translated · ",
            (f"{p.empty} empty · ", "bold") if p.empty else "",
            f"{p.approved} approved · ",
            (
                f"{p.violations} violation{'s' * (p.violations != 1)}",
                "bold" if p.violations else "",
            ),
        )
        if activity:
            text.append(f" │ {activity}", "italic")
        return text
