"""Protected spans: text that must pass through translation untouched (URLs, e-mail, code)."""

from __future__ import annotations

import re

from glossary.span import Span

URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'«»“”]*[^\s<>\"'«»“”.,;:!?)\]]")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def find_protected(text: str, code: bool = False) -> list[Span]:
    """Spans of URLs and e-mail addresses (and `inline code` when asked), sorted, no overlaps."""
    patterns = [URL, EMAIL] + ([INLINE_CODE] if code else [])
    return merge([Span(m.start(), m.end()) for p in patterns for m in p.finditer(text)])


def merge(spans: list[Span]) -> list[Span]:
    """Sort spans and merge the ones that overlap."""
    merged: list[Span] = []
    for s in sorted(spans):
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, s.end))
        else:
            merged.append(s)
    return merged
