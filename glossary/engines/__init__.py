"""Machine translation back-ends behind one protocol, chosen by name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from glossary.errors import EngineError
from glossary.segment import Span

ENGINES = ("auto", "argos", "apertium")


@dataclass(frozen=True)
class Fixed:
    """A span of the source that must come out verbatim as `text` in the translation."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MTSegment:
    """One sentence to translate, with the spans the engine must pass through fixed."""

    text: str
    fixed: tuple[Fixed, ...] = ()

    def with_fixed(self) -> str:
        """The source with each fixed span already replaced by its required text."""
        out, pos = [], 0
        for f in sorted(self.fixed, key=lambda f: f.start):
            out += [self.text[pos : f.start], f.text]
            pos = f.end
        return "".join(out) + self.text[pos:]


@dataclass(frozen=True)
class Hypothesis:
    """A translation and the model's score for it (log-probability per token; 0 if unknown)."""

    text: str
    score: float = 0.0


@dataclass(frozen=True)
class Link:
    """An alignment link: a span of the target and the span of the source it translates."""

    target: Span
    source: Span


class Engine(Protocol):
    name: str

    def translate_batch(self, segments: Sequence[MTSegment]) -> list[str]:
        """Translate every segment; the result has one string per segment, in order."""
        ...

    def close(self) -> None: ...


class NeuralEngine(Engine, Protocol):
    """What a neural engine adds, and enforcement uses when it is there."""

    def translate_nbest(self, segments: Sequence[MTSegment], n: int) -> list[list[Hypothesis]]:
        """Up to `n` translations of each segment, best first."""
        ...

    def continue_batch(
        self, segments: Sequence[MTSegment], prefixes: Sequence[str]
    ) -> list[Hypothesis]:
        """Translations that start with the given target prefixes."""
        ...

    def align(self, segments: Sequence[MTSegment], targets: Sequence[str]) -> list[list[Link]]:
        """Alignment links between each segment and its target."""
        ...

    def score(self, segments: Sequence[MTSegment], targets: Sequence[str]) -> list[float]:
        """How likely the model finds each translation (mean log-probability per token)."""
        ...


def get_engine(name: str = "auto", **options) -> Engine:
    """The engine called `name`; 'auto' prefers an installed Argos es→en package, then Apertium."""
    from glossary.engines import apertium, argos

    if name == "argos":
        return argos.ArgosEngine(**options)
    if name == "apertium":
        return apertium.ApertiumEngine()
    if name != "auto":
        raise EngineError(f"unknown engine '{name}' (choose from: {', '.join(ENGINES)})")
    if argos.find_package() is not None:
        return argos.ArgosEngine(**options)
    if apertium.available():
        return apertium.ApertiumEngine()
    raise EngineError(
        "no Spanish→English engine installed: run 'glossary models install' (Argos, needs a"
        " network once) or 'sudo apt-get install apertium-eng-spa' (Apertium)"
    )
