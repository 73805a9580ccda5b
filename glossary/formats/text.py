"""Plain text: the whole file is one block; URLs and e-mail addresses are protected."""

from __future__ import annotations

from collections.abc import Sequence

from glossary.formats import Block, Document
from glossary.protect import find_protected


def parse_text(text: str) -> Document:
    def render(targets: Sequence[str]) -> str:
        return targets[0]

    return Document([Block(text, tuple(find_protected(text)))], render)
