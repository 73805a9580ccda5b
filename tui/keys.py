"""The editor's keys: one binding per action, each with the name the footer, the keys panel
and the command palette show."""

from __future__ import annotations

from textual.binding import Binding

BINDINGS = [
    Binding("enter", "edit", "Edit", tooltip="Edit the English of this segment"),
    Binding("escape", "stop_editing", "Done", tooltip="Leave the editor, keeping the text"),
    Binding("a", "approve", "Approve", tooltip="Approve and go to the next segment"),
    Binding("ctrl+enter,ctrl+j", "approve_target", "Approve", key_display="^⏎"),
    Binding("r", "retranslate", "Retranslate", tooltip="Machine-translate this again"),
    Binding("u", "undo", "Undo", tooltip="Undo the last change of this target"),
    Binding("n", "next_issue(1)", "Next", tooltip="Next to review: not approved, or a violation"),
    Binding("N,shift+n", "next_issue(-1)", "Previous", tooltip="Previous to review", show=False),
    Binding("slash", "search", "Search", tooltip="Find text in sources and targets"),
    Binding("t", "add_term", "Add term", tooltip="Add the selected words to the glossary"),
    Binding("g", "glossary", "Glossary", tooltip="Browse, edit, delete glossary terms"),
    Binding("v", "alternatives", "Alternatives", tooltip="Other translations (Argos)"),
    Binding("e", "export", "Export", tooltip="Write the English document"),
    Binding("ctrl+s", "save", "Save", tooltip="Save the project now"),
    Binding("question_mark", "help", "Keys", tooltip="Show or hide every key"),
    Binding("ctrl+q", "quit", "Quit", tooltip="Save and quit"),
]

ACTIONS = {b.action.split("(")[0] for b in BINDINGS}
# What stays on offer while a target is being edited (the text area takes the letters).
WHILE_EDITING = {"stop_editing", "approve_target", "save", "quit", "help", "command_palette"}
# What needs at least one segment.
ON_A_SEGMENT = {"edit", "approve", "retranslate", "undo", "next_issue", "add_term", "alternatives"}
