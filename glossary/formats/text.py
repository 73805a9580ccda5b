"""Plain text: the whole file is one block; URLs and e-mail addresses are protected."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from glossary.document import Block, Document
from glossary.formats import MonolingualFormat, decode_text
from glossary.protect import find_protected


class TextFormat(MonolingualFormat):
    name = "txt"
    title = "plain text"
    suffixes = (".txt", ".text")

    def parse(self, data: bytes, path: Path | None = None) -> Document:
        return parse_text(decode_text(data, path))


def parse_text(text: str) -> Document:
    def render(targets: Sequence[str]) -> str:
        return targets[0]

    return Document([Block(text, tuple(find_protected(text)))], render, "txt")


TEXT = TextFormat()
