"""The segment record: one sentence's way through the flow. Each stage fills in its part once
(matches, conversions, the request to the engine, candidates, target, term checks, issues), and
no later stage computes again what an earlier one stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.checks import Issue
from glossary.engines import Hypothesis, MTSegment
from glossary.localize import Conversion
from glossary.match import Match
from glossary.span import Span
from glossary.verify import TermCheck

# Where a target came from.
ENGINE, CACHE, MEMORY, HUMAN = "engine", "cache", "memory", "human"
ORIGINS = (ENGINE, CACHE, MEMORY, HUMAN)


@dataclass
class Segment:
    """A source sentence and everything the flow learns about it, in flow order."""

    source: str
    protected: tuple[Span, ...] = ()  # spans that pass through untouched (code, URLs, markup)
    matches: list[Match] = field(default_factory=list)  # glossary terms found in the source
    conversions: list[Conversion] = field(default_factory=list)  # numbers, dates for the locale
    request: MTSegment | None = None  # what the engine was asked to translate
    candidates: list[Hypothesis] = field(default_factory=list)  # the engine's n best, if asked
    target: str = ""
    origin: str | None = None  # ENGINE, CACHE, MEMORY or HUMAN; None: not translated
    checks: list[TermCheck] = field(default_factory=list)  # each term's outcome in the target
    issues: list[Issue] = field(default_factory=list)  # what the quality checks found

    @property
    def key(self) -> tuple[str, tuple[Span, ...]]:
        """Segments with the same key are translated once."""
        return self.source, self.protected

    @property
    def violations(self) -> list[TermCheck]:
        return [c for c in self.checks if not c.ok]

    @property
    def misses_term(self) -> bool:
        return any(not c.ok for c in self.checks)

    @property
    def met(self) -> int:
        """How many of its terms the target meets."""
        return sum(c.ok for c in self.checks)

    @property
    def reused(self) -> bool:
        """The target came from the memory or the cache, not from the engine."""
        return self.origin in (CACHE, MEMORY, HUMAN)

    def accept(self, target: str, checks: list[TermCheck]) -> None:
        """A better target, with the term checks already computed for it."""
        self.target, self.checks = target, checks
