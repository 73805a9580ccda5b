"""Translation memory: targets already known for a source sentence, reused instead of the MT."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class Memory(Protocol):
    def lookup(self, source: str) -> str | None: ...

    def store(self, source: str, target: str) -> None: ...


class DictMemory:
    """An in-memory translation memory (exact source match)."""

    def __init__(self, pairs: Mapping[str, str] | None = None):
        self._pairs: dict[str, str] = dict(pairs or {})

    def lookup(self, source: str) -> str | None:
        return self._pairs.get(source)

    def store(self, source: str, target: str) -> None:
        self._pairs[source] = target

    def __len__(self) -> int:
        return len(self._pairs)
