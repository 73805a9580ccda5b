"""Word wrapping by terminal cells that keeps character offsets, so highlights stay in place."""

from __future__ import annotations

import re

from rich.cells import cell_len

_WORD = re.compile(r"\S+")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """The [start, end) character spans of the lines of `text` wrapped to `width` cells: at
    spaces, at line breaks, and inside words too long for a line. Always at least one line;
    the spaces where a line breaks belong to no line."""
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    pos = 0
    for paragraph in text.split("\n"):
        _wrap_paragraph(paragraph, pos, width, lines)
        pos += len(paragraph) + 1
    return lines


def _wrap_paragraph(text: str, offset: int, width: int, lines: list[tuple[int, int]]) -> None:
    start = end = None  # the line being filled, in paragraph offsets
    used = 0
    for m in _WORD.finditer(text):
        w_start, w_end = m.span()
        size = cell_len(m.group())
        if start is not None:
            gap = cell_len(text[end:w_start])
            if used + gap + size <= width:
                end, used = w_end, used + gap + size
                continue
            lines.append((offset + start, offset + end))
            start = None
        while size > width:  # a word longer than a line: cut it
            cut = _cut(text, w_start, w_end, width)
            lines.append((offset + w_start, offset + cut))
            w_start = cut
            size = cell_len(text[w_start:w_end])
        start, end, used = w_start, w_end, size
    if start is None:
        lines.append((offset, offset))  # a blank line
    else:
        lines.append((offset + start, offset + end))


def _cut(text: str, start: int, end: int, width: int) -> int:
    """The end of the longest piece of text[start:end] that fits in `width` cells (one char
    at least)."""
    used = 0
    for i in range(start, end):
        used += cell_len(text[i])
        if used > width:
            return max(i, start + 1)
    return end
