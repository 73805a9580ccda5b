"""The content of an OpenDocument paragraph (`text:p`, `text:h`) in document order: its text
(the text and tails of its elements, in the format of the spans and links around it), the
inline things that are not text (a tab, spaces, a line break, a note, a field, a frame with an
image or a text box, a comment) and the zero-width marks (bookmarks, reference marks, tracked
changes, page breaks); and a paragraph rebuilt from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from glossary.formats.inline import Atom, Inline, Marker, TextSlot

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _t(name: str) -> str:
    return f"{{{TEXT_NS}}}{name}"


PARAGRAPHS = (_t("p"), _t("h"))
STYLE_NAME = _t("style-name")
_LINK = _t("a")
# Elements whose text is the paragraph's, in a format of their own: a span's style, a link.
_CONTAINERS = {_t("span"), _LINK, _t("meta")}
_MARKS = {
    _t(name)
    for name in (
        "bookmark",
        "bookmark-start",
        "bookmark-end",
        "reference-mark",
        "reference-mark-start",
        "reference-mark-end",
        "change",
        "change-start",
        "change-end",
        "soft-page-break",
        "toc-mark",
        "toc-mark-start",
        "toc-mark-end",
        "alphabetical-index-mark",
        "alphabetical-index-mark-start",
        "alphabetical-index-mark-end",
        "user-index-mark",
        "user-index-mark-start",
        "user-index-mark-end",
    )
} | {f"{{{_OFFICE_NS}}}annotation-end"}


@dataclass(eq=False)
class SpanFormat:
    """A text format: the spans and links around the text (copied when rebuilt); `code` when
    a span's style says code."""

    chain: tuple[Any, ...]
    code: bool = False

    @property
    def link(self) -> bool:
        return any(c.tag == _LINK for c in self.chain)


@dataclass(eq=False)
class NodeText(TextSlot):
    """An element's text (`tail` False) or the text after it (`tail` True), and its format."""

    element: Any
    tail: bool
    style: SpanFormat

    @property
    def value(self) -> str:
        return (self.element.tail if self.tail else self.element.text) or ""

    def replace(self, text: str) -> None:
        if self.tail:
            self.element.tail = text
        else:
            self.element.text = text


class Reader:
    """Reads a part's paragraphs, one at a time."""

    paragraphs = PARAGRAPHS

    def __init__(self, code_styles: frozenset[str] = frozenset()) -> None:
        self._code_styles = code_styles  # names of the styles that mark code

    def read(self, p: Any) -> list[Atom]:
        """The paragraph's content in document order; nothing for a paragraph of code."""
        if p.get(STYLE_NAME) in self._code_styles:
            return []
        self._atoms: list[Atom] = []
        self._formats: dict[tuple[Any, ...], SpanFormat] = {}
        self._walk(p, ())
        return self._atoms

    def _format(self, chain: tuple[Any, ...]) -> SpanFormat:
        # Two spans of one style are one format; each link is its own.
        key = tuple(id(c) if c.tag == _LINK else (c.tag, tuple(c.items())) for c in chain)
        if key not in self._formats:
            code = any(c.get(STYLE_NAME) in self._code_styles for c in chain if c.tag != _LINK)
            self._formats[key] = SpanFormat(chain, code)
        return self._formats[key]

    def _walk(self, parent: Any, chain: tuple[Any, ...]) -> None:
        if parent.text:
            self._atoms.append(NodeText(parent, False, self._format(chain)))
        for child in parent:
            tag = child.tag
            if tag in _CONTAINERS:
                self._walk(child, (*chain, child))
            elif tag in _MARKS:
                self._atoms.append(Marker(child, chain))
            elif isinstance(tag, str):
                self._atoms.append(Inline([child], chain))
            if child.tail:
                self._atoms.append(NodeText(child, True, self._format(chain)))

    @staticmethod
    def rebuild(p: Any, sequence: list[Any]) -> None:
        """The paragraph's content again, from texts with their formats and the inline and
        zero-width elements, in the order given; its attributes stay."""
        p.text = None
        for child in list(p):
            p.remove(child)
        out = _Emitter(p)
        for item in sequence:
            if isinstance(item, tuple):
                out.text(item[0], item[1].chain)
            elif isinstance(item, Inline):
                for element in item.pieces:
                    out.element(element, item.chain)
            else:
                out.element(item.element, item.chain)


class _Emitter:
    """Appends text and elements to a paragraph, opening copies of the spans and links each
    needs; neighbours in one format share them."""

    def __init__(self, p: Any) -> None:
        self._p = p
        self._open: list[tuple[Any, Any]] = []  # (original container, its copy)

    def text(self, text: str, chain: tuple[Any, ...]) -> None:
        self._enter(chain)
        parent = self._parent()
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def element(self, element: Any, chain: tuple[Any, ...]) -> None:
        self._enter(chain)
        element.tail = None  # the text after it was read as text of its own
        self._parent().append(element)

    def _parent(self) -> Any:
        return self._open[-1][1] if self._open else self._p

    def _enter(self, chain: tuple[Any, ...]) -> None:
        common = 0
        while (
            common < len(self._open)
            and common < len(chain)
            and self._open[common][0] is chain[common]
        ):
            common += 1
        del self._open[common:]
        for container in chain[common:]:
            shell = self._parent().makeelement(container.tag, dict(container.attrib))
            self._parent().append(shell)
            self._open.append((container, shell))


_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_SVG_NS = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
_FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"


def code_styles(roots: list[Any]) -> frozenset[str]:
    """The names of the paragraph and text styles of the parts (`styles.xml`'s named styles,
    each part's automatic ones) whose name, font or parent style says code."""
    from glossary.formats.code import code_name, monospace

    def s(name: str) -> str:
        return f"{{{_STYLE_NS}}}{name}"

    fonts: dict[str, str] = {}
    styles: dict[str, Any] = {}
    for root in roots:
        for face in root.iter(s("font-face")):
            fonts[face.get(s("name"), "")] = face.get(f"{{{_SVG_NS}}}font-family", "")
        for style in root.iter(s("style")):
            styles.setdefault(style.get(s("name"), ""), style)

    def is_code(name: str | None, depth: int = 0) -> bool:
        style = styles.get(name or "")
        if style is None or depth > 20:
            return False
        if code_name(style.get(s("display-name")) or name):
            return True
        props = style.find(s("text-properties"))
        if props is not None:
            font = fonts.get(props.get(s("font-name"), ""), props.get(f"{{{_FO_NS}}}font-family"))
            if monospace(font):
                return True
        return is_code(style.get(s("parent-style-name")), depth + 1)

    return frozenset(name for name in styles if is_code(name))
