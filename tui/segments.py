"""The segment table: each segment's Spanish source beside (or above) its English target, drawn
line by line (Line API) so that documents of thousands of segments scroll smoothly."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from glossary.api import APPROVED, EDITED, MACHINE, NEW, Review
from tui.wrap import wrap

SIDE_BY_SIDE = 100  # columns from which source and target stand side by side
TERM_COLOURS = 6
MARKS = {NEW: "·", MACHINE: "M", EDITED: "E", APPROVED: "✓"}
PLACEHOLDER = "…"  # the target of a segment not translated yet
EMPTY = "∅ no English (emptied)"  # a target someone emptied: flagged, export refuses it
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
MOVE = Binding.Group("Move", compact=True)
SELECT = Binding.Group("Words", compact=True)


class SegmentTable(ScrollView, can_focus=True):
    """Rows of segments with a current one; posts `Moved` and `Scrolled`, draws the review."""

    COMPONENT_CLASSES = {
        "segments--current",
        "segments--odd",
        "segments--gutter",
        "segments--source",
        "segments--target",
        "segments--new",
        "segments--machine",
        "segments--edited",
        "segments--approved",
        "segments--violation",
        "segments--selection",
        "segments--search",
        *(f"segments--term-{k}" for k in range(TERM_COLOURS)),
    }

    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous segment", group=MOVE),
        Binding("down,j", "move(1)", "Next segment", group=MOVE),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First segment", show=False),
        Binding("end", "move_to(-1)", "Last segment", show=False),
        Binding("left", "select_word(-1)", "Select the previous word", group=SELECT),
        Binding("right", "select_word(1)", "Select the next word", group=SELECT),
        Binding("shift+left", "extend_selection(-1)", "Select a word less", show=False),
        Binding("shift+right", "extend_selection(1)", "Select a word more", show=False),
    ]

    @dataclass
    class Moved(Message):
        """The current segment changed."""

        index: int

    @dataclass
    class Scrolled(Message):
        """These segments are on screen now."""

        start: int
        stop: int

    def __init__(self, review: Review, **kwargs):
        super().__init__(**kwargs)
        self.review = review
        self.current = 0
        self.search = ""  # highlighted wherever it occurs
        self._selection: tuple[int, int] | None = None  # words of the current source
        self._width = 0
        self._heights: list[int] = []
        self._offsets: list[int] = [0]
        self._cache: LRUCache[tuple, list[Strip]] = LRUCache(1024)
        self._styles: dict[str, Style] = {}

    # Layout ---------------------------------------------------------------------------------

    @property
    def side_by_side(self) -> bool:
        return self._width >= SIDE_BY_SIDE

    def _columns(self) -> tuple[int, int, int]:
        """(gutter, source width, target width); stacked, both are the full text width."""
        gutter = 4 + len(str(len(self.review)))
        text = max(self._width - gutter, 8)
        if self.side_by_side:
            source = (text - 3) // 2
            return gutter, source, text - 3 - source
        return gutter, text, text

    def _height(self, index: int) -> int:
        seg = self.review.segments[index]
        _, source, target = self._columns()
        src = len(wrap(seg.source, source))
        tgt = len(wrap(self._target_text(index), target))
        return max(src, tgt) if self.side_by_side else src + tgt

    def _target_text(self, index: int) -> str:
        """What stands in the target column (measured and drawn alike)."""
        seg = self.review.segments[index]
        if self.review.is_empty(index):
            return EMPTY
        return seg.target or PLACEHOLDER

    def _layout(self) -> None:
        self._width = self.scrollable_content_region.width
        self._heights = [self._height(i) for i in range(len(self.review))]
        self._cache.clear()
        self._relayout()

    def _relayout(self) -> None:
        """Row heights changed: where each row starts (drawn rows stay cached)."""
        self._offsets = [0, *accumulate(self._heights)]
        self.virtual_size = Size(self._width, self._offsets[-1])
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._layout()
        self.show_current()
        self._post_window()

    def update_segments(self, indices) -> None:
        """Targets changed: measure those rows again, redraw."""
        if not self._width:
            return
        moved = False
        for i in indices:
            height = self._height(i)
            if height != self._heights[i]:
                self._heights[i] = height
                moved = True
        if moved:
            self._relayout()
        else:
            self.refresh()

    def restyle(self) -> None:
        """Everything changed (a new glossary, a new search)."""
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._cache.clear()

    # Current segment, word selection ---------------------------------------------------------

    def index_at(self, line: int) -> int:
        return max(0, min(bisect_right(self._offsets, line) - 1, len(self.review) - 1))

    def go_to(self, index: int) -> None:
        if not len(self.review):
            return
        index = max(0, min(index, len(self.review) - 1))
        if index != self.current:
            self.current = index
            self._selection = None
            self.post_message(self.Moved(index))
        self.show_current()
        self.refresh()

    def show_current(self) -> None:
        if self._heights and self.current < len(self._heights):
            top, height = self._offsets[self.current], self._heights[self.current]
            height = min(height, self.scrollable_content_region.height)
            self.scroll_to_region(Region(0, top, 1, height), animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.go_to(self.current + step)

    def action_page(self, step: int) -> None:
        line = self._offsets[self.current] + step * self.scrollable_content_region.height
        self.go_to(self.index_at(max(0, line)))

    def action_move_to(self, index: int) -> None:
        self.go_to(index if index >= 0 else len(self.review) - 1)

    def _words(self) -> list[tuple[int, int]]:
        if not len(self.review):
            return []
        return [m.span() for m in _WORD.finditer(self.review.segments[self.current].source)]

    def action_select_word(self, step: int) -> None:
        words = self._words()
        if not words:
            return
        if self._selection is None:
            at = 0 if step > 0 else len(words) - 1
        else:
            at = max(
                0,
                min(
                    (self._selection[1] if step > 0 else self._selection[0]) + step, len(words) - 1
                ),
            )
        self._selection = (at, at)
        self.refresh()

    def action_extend_selection(self, step: int) -> None:
        words = self._words()
        if not words:
            return
        first, last = self._selection or (0, -1 if step > 0 else 0)
        if step > 0:
            last = min(last + 1, len(words) - 1)
        else:
            first = max(first - 1, 0)
        self._selection = (first, max(first, last))
        self.refresh()

    @property
    def selected_text(self) -> str:
        """The words selected in the current source, or ''."""
        if self._selection is None or not len(self.review):
            return ""
        words = self._words()
        first, last = self._selection
        return self.review.segments[self.current].source[words[first][0] : words[last][1]]

    def _selected_span(self) -> tuple[int, int] | None:
        if self._selection is None:
            return None
        words = self._words()
        return words[self._selection[0]][0], words[self._selection[1]][1]

    def on_click(self, event: events.Click) -> None:
        self.go_to(self.index_at(event.y + self.scroll_offset.y))

    # Which segments are on screen --------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._post_window()

    def _post_window(self) -> None:
        if self._heights:
            top = int(self.scroll_offset.y)
            bottom = top + self.scrollable_content_region.height
            self.post_message(self.Scrolled(self.index_at(top), self.index_at(bottom) + 1))

    # Drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        if self.scrollable_content_region.width != self._width:
            self._layout()  # the first frame comes before the first Resize event
        line = int(self.scroll_offset.y) + y
        if not self._heights or line >= self._offsets[-1]:
            return Strip.blank(self._width, self.rich_style)
        index = self.index_at(line)
        return self._strips(index)[line - self._offsets[index]]

    def _strips(self, index: int) -> list[Strip]:
        current = index == self.current
        key = (
            index,
            self.review.versions[index],
            current,
            self._selection if current else None,
            self.search,
        )
        strips = self._cache.get(key)  # (LRUCache never overwrites a key: the key says it all)
        if strips is None:
            strips = self._cache[key] = self._draw(index, current)
        return strips

    def _style(self, name: str) -> Style:
        """A component style; those without a background of their own leave the row's."""
        style = self._styles.get(name)
        if style is None:
            full = self.get_component_rich_style(f"segments--{name}")
            part = self.get_component_rich_style(f"segments--{name}", partial=True)
            if part.bgcolor is None:
                colour = self.get_component_styles(f"segments--{name}").color
                full = Style(
                    color=(self.styles.background + colour).rich_color if part.color else None,
                    bold=part.bold,
                    italic=part.italic,
                    underline=part.underline,
                    reverse=part.reverse,
                )
            style = self._styles[name] = full
        return style

    def _draw(self, index: int, current: bool) -> list[Strip]:
        seg = self.review.segments[index]
        gutter, src_width, tgt_width = self._columns()
        source, target = self._highlighted(index, current)
        src_lines = [source[a:b] for a, b in wrap(source.plain, src_width)]
        tgt_lines = [target[a:b] for a, b in wrap(target.plain, tgt_width)]
        base = self.rich_style + (
            self._style("current") if current else self._style("odd") if index % 2 else Style()
        )
        violation = (
            self.review.has_violation(index)
            or self.review.has_error(index)
            or self.review.is_empty(index)
        )
        head = Text.assemble(
            (MARKS.get(seg.status, "?"), self._style(seg.status)),
            ("!" if violation else " ", self._style("violation") if violation else Style()),
            f" {index + 1:>{gutter - 4}} ",
        )
        blank_gutter = Text(" " * gutter)
        arrow = Text(" " * (gutter - 2) + "→ ", self._style("gutter"))
        console = self.app.console
        rows: list[list[tuple[Text, int]]] = []
        if self.side_by_side:
            bar = Text(" │ ", self._style("gutter"))
            for k in range(self._heights[index]):
                rows.append(
                    [
                        (head if k == 0 else blank_gutter, gutter),
                        (src_lines[k] if k < len(src_lines) else Text(), src_width),
                        (bar, 3),
                        (tgt_lines[k] if k < len(tgt_lines) else Text(), tgt_width),
                    ]
                )
        else:
            for k, line in enumerate(src_lines):
                rows.append([(head if k == 0 else blank_gutter, gutter), (line, src_width)])
            for k, line in enumerate(tgt_lines):
                rows.append([(arrow if k == 0 else blank_gutter, gutter), (line, tgt_width)])
        strips = []
        for row in rows:
            parts = [_strip(text, console).adjust_cell_length(width) for text, width in row]
            strip = Strip.join(parts).adjust_cell_length(self._width)
            strips.append(strip.apply_style(base))
        return strips

    def _highlighted(self, index: int, current: bool) -> tuple[Text, Text]:
        """Source and target with terms in their colours (the same on both sides), violations
        in the warning style, the search and the selected words marked."""
        seg = self.review.segments[index]
        source = Text(seg.source, self._style("source"))
        if self.review.is_empty(index):
            target = Text(EMPTY, self._style("violation"))
        elif seg.target:
            target = Text(seg.target, self._style("target"))
        else:
            target = Text(PLACEHOLDER, self._style("new"))
        checks = self.review.checks(index)
        matches = self.review.matches(index)
        # Colours by order of appearance: the terms of one segment never share one.
        colours = {
            t: k % TERM_COLOURS for k, t in enumerate(dict.fromkeys(m.term for m in matches))
        }
        for match in matches if not checks else ():
            source.stylize(self._style(f"term-{colours[match.term]}"), match.start, match.end)
        for check in checks:
            start, end = check.match.start, check.match.end
            if check.ok:
                style = self._style(f"term-{colours.get(check.match.term, 0)}")
                source.stylize(style, start, end)
                if check.target_span:
                    target.stylize(style, check.target_span.start, check.target_span.end)
            else:
                source.stylize(self._style("violation"), start, end)
                for span in _avoided(check, target.plain):
                    target.stylize(self._style("violation"), *span)
        if self.search:
            pattern = re.compile(re.escape(self.search), re.IGNORECASE)
            for text in (source, target):
                for m in pattern.finditer(text.plain):
                    text.stylize(self._style("search"), *m.span())
        selected = self._selected_span() if current else None
        if selected:
            source.stylize(self._style("selection"), *selected)
        return source, target


def _strip(text: Text, console) -> Strip:
    """Text.render leaves out the text's own style when it has no spans: put it back."""
    style = text.style if isinstance(text.style, Style) else None
    return Strip(Segment.apply_style(text.render(console), style))


def _avoided(check, target: str) -> list[tuple[int, int]]:
    """Where the target uses a rendering the glossary entry avoids."""
    spans = []
    for avoided in check.match.term.avoid:
        pattern = r"(?<!\w)" + re.escape(avoided) + r"(?:e?s)?(?!\w)"
        spans += [m.span() for m in re.finditer(pattern, target, re.IGNORECASE)]
    return spans
