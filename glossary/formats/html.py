"""HTML documents: the text of paragraphs, headings, list items, table cells and the like, and
the attributes people read (title, alt, aria-label, placeholder, a button's value, the page's
description) are blocks; inline markup travels as tags around the words; code, scripts, styles
and anything marked not to be translated stay as they are, and so does every other byte."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.document import Document
from glossary.formats import TranslatedBlock
from glossary.formats.html_blocks import TextBlock
from glossary.formats.html_source import Encoding, Token, decode, tokenize
from glossary.formats.html_walk import AttributeBlock, Walker


class HTMLFormat:
    name = "html"
    title = "HTML (text, inline markup as tags, translatable attributes)"
    suffixes = (".html", ".htm")
    bilingual = False

    def parse(self, data: bytes, path: Path | None = None) -> Document:
        text, encoding = decode(data, path)
        return parse_html(text, encoding)

    def write(self, document: Document, translated: Sequence[TranslatedBlock]) -> bytes:
        targets = [t.target for t in translated]
        if isinstance(document, HTMLDocument) and document.english is not None:
            return document.encoding.encode(document.english(targets))
        return document.render(targets).encode("utf-8")


@dataclass
class HTMLDocument(Document):
    """An HTML document: `render` puts translations in place and changes nothing else;
    `english` does the same and also says the page is now in English (lang="en")."""

    encoding: Encoding = field(default_factory=lambda: Encoding("utf-8"))
    english: Callable[[Sequence[str]], str] | None = field(default=None, repr=False)


def parse_html(text: str, encoding: Encoding | None = None) -> HTMLDocument:
    """The blocks of an HTML document's text; render and english put translations back."""
    tokens = tokenize(text)
    walker = Walker(text)
    walker.walk(tokens)
    found = sorted(walker.blocks, key=_start)
    entities = _entities(text, tokens)

    def render(targets: Sequence[str], lang: Sequence[tuple[int, int, str]] = ()) -> str:
        edits = sorted(
            [*lang]
            + [
                (made.span.start, made.span.end, made.render(target, entities, text))
                for made, target in zip(found, targets, strict=True)
                if isinstance(made, AttributeBlock)
            ]
        )
        starts = [e[0] for e in edits]

        def splice(start: int, end: int) -> str:
            """The source from start to end with the attribute edits inside it."""
            out, pos = [], start
            for s, e, new in edits[bisect_left(starts, start) :]:
                if s >= end:
                    break
                out += [text[pos:s], new]
                pos = e
            out.append(text[pos:end])
            return "".join(out)

        texts = [
            (made.start, made.end, made.render(target, splice, entities))
            for made, target in zip(found, targets, strict=True)
            if isinstance(made, TextBlock)
        ]
        # An attribute inside a block's markup was written by the block's splice.
        ends = [e for _, e, _ in texts]
        firsts = [s for s, _, _ in texts]
        outside = [
            edit
            for edit in edits
            if not (k := bisect_right(firsts, edit[0])) or ends[k - 1] <= edit[0]
        ]
        out, pos = [], 0
        for s, e, new in sorted(texts + outside):
            out += [text[pos:s], new]
            pos = e
        out.append(text[pos:])
        return "".join(out)

    blocks = [made.block for made in found]
    document = HTMLDocument(
        blocks, render, "html", left_out=walker.left_out, encoding=encoding or Encoding("utf-8")
    )
    document.english = lambda targets: render(targets, walker.lang)
    return document


def _start(made: TextBlock | AttributeBlock) -> int:
    return made.start if isinstance(made, TextBlock) else made.span.start


def _entities(text: str, tokens: Sequence[Token]) -> dict[str, str]:
    """The characters the source writes only as character references (a no-break space as
    &nbsp;, "ó" as &#243; in an ASCII page), and how it writes each."""
    found: dict[str, str] = {}
    for token in tokens:
        raw = text[token.start : token.end]
        if token.kind == "text" and raw.startswith("&") and len(token.decoded) == 1:
            found.setdefault(token.decoded, raw if raw.endswith(";") else raw + ";")
    return {c: ref for c, ref in found.items() if c not in text and c not in "&<>\"'"}


HTML = HTMLFormat()
