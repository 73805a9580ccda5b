"""Document formats: a document becomes blocks of translatable text, and blocks render back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.segment import Span

SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}


@dataclass(frozen=True)
class Block:
    """A run of translatable text (a paragraph, a heading, a list item's text...) and the spans
    inside it that must come out untouched (inline code, URLs, link targets, markup)."""

    text: str
    protected: tuple[Span, ...] = ()


@dataclass
class Document:
    """A parsed document: its blocks, and how to put translated blocks back in place."""

    blocks: list[Block]
    render_blocks: Callable[[Sequence[str]], str] = field(repr=False)
    kind: str = "txt"
    path: Path | None = None

    def render(self, targets: Sequence[str]) -> str:
        """The document with each block replaced by its target, all else byte for byte."""
        if len(targets) != len(self.blocks):
            raise ValueError(f"{len(targets)} targets for {len(self.blocks)} blocks")
        return self.render_blocks(targets)


def kind_of(path: Path) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(f"{path}: unsupported file type '{path.suffix}' (known: {known})")
    return kind


def parse(text: str, kind: str = "txt", path: Path | None = None) -> Document:
    """Parse document text of the given kind ('txt' or 'md')."""
    if kind == "md":
        from glossary.formats.markdown import parse_markdown

        doc = parse_markdown(text)
    else:
        from glossary.formats.text import parse_text

        doc = parse_text(text)
    doc.kind, doc.path = kind, path
    return doc


def read_document(path: Path) -> Document:
    """Read a .txt or .md file as UTF-8 and parse it; bad input raises InputError."""
    kind = kind_of(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (invalid byte at offset {e.start})") from None
    return parse(text.removeprefix("\ufeff"), kind, path)
