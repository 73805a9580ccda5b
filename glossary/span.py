"""Character ranges of a text: the one value type every stage uses to say where something is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A character range [start, end) in a text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        """The two ranges share at least one character."""
        return self.start < other.end and other.start < self.end

    def overlaps_any(self, others: Iterable[Span]) -> bool:
        return any(self.overlaps(o) for o in others)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def holds(self, pos: int) -> bool:
        """The character at `pos` is inside the range."""
        return self.start <= pos < self.end

    def clip(self, window: Span) -> Span | None:
        """The part of the range inside `window`; None when they do not overlap."""
        if not self.overlaps(window):
            return None
        return Span(max(self.start, window.start), min(self.end, window.end))

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)


def inside(window: Span, spans: Iterable[Span]) -> tuple[Span, ...]:
    """The parts of `spans` that fall inside `window`, as offsets from the window's start."""
    return tuple(
        clipped.shift(-window.start) for s in spans if (clipped := s.clip(window)) is not None
    )


def holding(pos: int, spans: Iterable[Span]) -> bool:
    """Some span holds the character at `pos`."""
    return any(s.holds(pos) for s in spans)
