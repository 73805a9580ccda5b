"""Machine translation back-ends behind one protocol, registered through the `glossary.engines`
entry-point group. Each engine declares its identity (for cache keys) and its capabilities;
enforcement reads them instead of probing for methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, Protocol

from glossary.errors import EngineError
from glossary.span import Span

GROUP = "glossary.engines"
AUTO = "auto"
# What an engine can do beyond translate_batch.
NBEST = "n-best"  # translate_nbest: several translations, best first
CONSTRAIN = "constrained decoding"  # continue_batch and score: finish a forced target prefix
ATTENTION = "attention"  # align: which source span each target piece translates
FIXED_SPANS = "fixed spans"  # spans of MTSegment.fixed come out verbatim, guaranteed
CAPABILITIES = (NBEST, CONSTRAIN, ATTENTION, FIXED_SPANS)


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
    """A Spanish → English engine. Constructing one is cheap; the model or process loads at the
    first translation (`loaded` tells), so a run served from the cache never loads it."""

    name: ClassVar[str]
    title: ClassVar[str]  # what the user reads: "Argos Translate (CTranslate2)"
    capabilities: ClassVar[frozenset[str]]
    # Place in `auto`'s order (lowest first); None: auto never picks this engine.
    auto_order: ClassVar[int | None]
    identity: str  # engine, model and version: a changed model is another cache key

    @classmethod
    def available(cls) -> bool:
        """Installed and usable here (without loading anything heavy)."""
        ...

    @property
    def loaded(self) -> bool: ...

    def translate_batch(self, segments: Sequence[MTSegment]) -> list[str]:
        """Translate every segment; the result has one string per segment, in order."""
        ...

    def close(self) -> None: ...


class NeuralEngine(Engine, Protocol):
    """The methods the NBEST, CONSTRAIN and ATTENTION capabilities stand for."""

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


def can(engine: Engine | type, capability: str) -> bool:
    return capability in engine.capabilities


_registered: dict[str, type] = {}


def register_engine(engine: type) -> type:
    """Register an engine class in this process (entry points register them for every
    process); usable as a class decorator."""
    _registered[engine.name] = engine
    engines.cache_clear()
    return engine


def unregister_engine(name: str) -> None:
    _registered.pop(name, None)
    engines.cache_clear()


@cache
def engines() -> dict[str, type]:
    """Every engine class by name: the entry points' first, then those registered here."""
    from importlib.metadata import entry_points

    found: dict[str, type] = {}
    for entry in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        try:
            cls = entry.load()
        except Exception as e:  # a broken plug-in must not take the others down
            raise EngineError(f"engine '{entry.name}' ({entry.value}) failed to load: {e}") from e
        found.setdefault(cls.name, cls)
    found.update(_registered)
    return found


def engine_names() -> list[str]:
    """'auto' and every registered engine, in auto's order, then the others by name."""
    ranked = sorted(
        engines().values(),
        key=lambda c: (c.auto_order is None, c.auto_order or 0, c.name),
    )
    return [AUTO, *(c.name for c in ranked)]


def engine_class(name: str = AUTO) -> type:
    """The engine class called `name`; 'auto' is the first available in auto's order."""
    known = engines()
    if name != AUTO:
        cls = known.get(name)
        if cls is None:
            raise EngineError(f"unknown engine '{name}' (choose from: {', '.join(engine_names())})")
        return cls
    for candidate in engine_names()[1:]:
        cls = known[candidate]
        if cls.auto_order is not None and cls.available():
            return cls
    hints = [getattr(c, "install_hint", "") for c in known.values() if c.auto_order is not None]
    raise EngineError("no Spanish→English engine installed: " + " or ".join(h for h in hints if h))


def create_engine(name: str = AUTO, options: Mapping[str, Any] | None = None) -> Engine:
    """An engine instance (cheap: nothing loads before the first translation)."""
    return engine_class(name)(**dict(options or {}))
