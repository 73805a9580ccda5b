"""A document as the flow sees it: blocks of translatable text, and how to put their
translations back in place. Formats make documents; segmentation splits their blocks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.span import Span


@dataclass(frozen=True)
class Tag:
    """Inline markup around translatable words of a block: its opening and closing pieces as
    the block's text writes them ("**" and "**", '<a href="…">' and "</a>", a DOCX run's
    "<b1>" and "</b1>"). The words between are translated; the pieces go back around their
    translation."""

    open: Span
    close: Span


@dataclass(frozen=True)
class Block:
    """A run of translatable text (a paragraph, a heading, a list item's text, a bilingual
    file's unit) and the spans inside it that must come out untouched (inline code, URLs, link
    targets, markup). Bilingual formats also give the unit's `id`, `context`, `note` and the
    `target` the file already has, with its `state` (None: no target)."""

    text: str
    protected: tuple[Span, ...] = ()
    tags: tuple[Tag, ...] = ()  # inline markup pairs; their pieces are not in `protected`
    id: str | None = None
    context: str = ""
    note: str = ""
    target: str | None = None
    state: str | None = None


@dataclass(frozen=True)
class LeftOut:
    """A line with words in it that the format could give the flow in no block, so it stays in
    the source language (nested deeper than the parser follows, say): reported, never silent."""

    line: int  # 1-based, in the document as it was read
    text: str
    reason: str


@dataclass
class Document:
    """A parsed document: its blocks, and how to put translated blocks back in place.
    `format` names the format that parsed it (the format registry's name); `left_out`, the
    lines with words that are in no block and not left as they are on purpose (code, HTML)."""

    blocks: list[Block]
    render_blocks: Callable[[Sequence[str]], str] = field(repr=False)
    format: str = "txt"
    path: Path | None = None
    left_out: list[LeftOut] = field(default_factory=list)

    def render(self, targets: Sequence[str]) -> str:
        """The document with each block replaced by its target, all else byte for byte."""
        if len(targets) != len(self.blocks):
            raise ValueError(f"{len(targets)} targets for {len(self.blocks)} blocks")
        return self.render_blocks(targets)

    @property
    def text(self) -> str:
        """The document as it was read."""
        return self.render([b.text for b in self.blocks])
