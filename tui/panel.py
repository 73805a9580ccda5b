"""The term panel: the current segment's glossary entries and how each fared in its target."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from glossary.api import APPLIED, AVOIDED, KEPT, MISSING, Review

OUTCOME = {
    APPLIED: ("✓", "applied"),
    KEPT: ("✓", "kept"),
    MISSING: ("✗", "missing"),
    AVOIDED: ("✗", "avoided"),
}


class TermPanel(VerticalScroll, can_focus=False):
    """Shows, for one segment: Spanish term, English rendering, outcome, note."""

    def compose(self):
        yield Static(id="terms")

    def show(self, review: Review, index: int) -> None:
        self.query_one("#terms", Static).update(describe(review, index))


def describe(review: Review, index: int) -> Group | Text:
    """What the panel says about one segment."""
    if not len(review):
        return Text("The document has no text to translate.")
    seg = review.segments[index]
    checks = review.checks(index)
    matches = review.matches(index)
    violations = sum(not c.ok for c in checks)
    title = Text.assemble(
        (f"Segment {index + 1} of {len(review)}", "bold"),
        f" · {seg.status}",
        f" · {len(matches)} term{'s' * (len(matches) != 1)}",
        (f" · {violations} violation{'s' * (violations != 1)}", "bold red") if violations else "",
    )
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=1)
    table.add_column(ratio=2, no_wrap=True)
    table.add_column(ratio=2, no_wrap=True)
    table.add_column(ratio=1, no_wrap=True)
    table.add_column(ratio=3)
    problems = issue_lines(review, index)
    if review.is_empty(index):
        problems.insert(
            0,
            Text(
                "⚠ No English: this target is empty. It does not count as translated, and"
                " export asks before leaving the Spanish in.",
                "bold red",
            ),
        )
    if not matches:
        return Group(title, Text("No glossary terms in this segment.", "dim"), *problems)
    rows = [(c.match, c) for c in checks] if checks else [(m, None) for m in matches]
    for match, check in rows:
        term = match.term
        icon, outcome = OUTCOME.get(check.status, ("?", check.status)) if check else ("·", "")
        bad = check is not None and not check.ok
        style = "bold red" if bad else "green" if check else "dim"
        english = check.expected if check else term.target
        surface = seg.source[match.start : match.end]
        spanish = Text(surface)
        if surface.casefold() != term.source.casefold():
            spanish.append(f" ({term.source})", "dim")
        table.add_row(
            Text(icon, style),
            spanish,
            Text("→ " + (english if not term.keep else f"{english} (keep)")),
            Text(outcome, style),
            Text(term.note, "dim italic"),
        )
    return Group(title, table, *problems)


def issue_lines(review: Review, index: int) -> list[Text]:
    """The quality checks' findings, one line each: severity, check, message."""
    lines = []
    for issue in review.issues(index):
        style = "bold red" if issue.severity == "error" else "yellow"
        lines.append(
            Text.assemble(
                ("⚠ " if issue.severity == "error" else "· ", style),
                (f"{issue.id}: ", style),
                issue.message,
            )
        )
    return lines
