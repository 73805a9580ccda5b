"""Machine translation back-ends behind one protocol, chosen by name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from glossary.errors import EngineError

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


class Engine(Protocol):
    name: str

    def translate_batch(self, segments: Sequence[MTSegment]) -> list[str]:
        """Translate every segment; the result has one string per segment, in order."""
        ...

    def close(self) -> None: ...


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
