"""A paragraph of a word processor's document (DOCX, ODT) as text with inline tags, and put
back around its translation; each format reads its paragraphs into the pieces below and
rebuilds a paragraph from them (`wordml.py`, `odf.py`).

The text of a paragraph is the text of its text pieces. Where the formatting changes, the text
in another format than the paragraph's commonest one (bold, italic, a character style, a link,
a content control, a tracked insertion...) is wrapped in a tag named by a number,
`<1>negrita</1>`; the number stands for that format (a DOCX run's `w:rPr` and the containers
around the run, an ODT span's style). Inline things that are not text (a tab, a line break, a
field, a note or its reference, an image, a text box, an equation) are placeholders, `<2/>`,
that go back where the translation puts them. A `<` of the paragraph's own text that would
read as a tag is written `<\\` (`<1>` is `<\\1>`) and read back as it was. Things before the
first and after the last text (a footnote's own number mark, a bookmark around a heading) stay
where they are and are not in the text.

Writing back: when the translation has the same tags and placeholders in the same order, only
the texts change. When they moved (the translation reordered the words) or repeated, the
paragraph is rebuilt in the translation's order, each piece with the format and containers of
its tag. When the tags are garbled (unbalanced, nested), the paragraph's text is written in
the format of its first text, its placeholders kept; the flow's `protected` check reports the
missing pieces. Either way every placeholder comes back once, in the source's order (a field's
code before its end), and one the translation lost goes next to its source neighbours."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from glossary.document import Block, Tag
from glossary.protect import find_protected, merge
from glossary.span import Span

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_PIECE = re.compile(r"<(/?)(\d+)(/?)>")
_LITERAL = re.compile(r"<(?=\\*/?\d+/?>)")  # a '<' of the text that would read as a tag
_ESCAPED = re.compile(r"<\\(?=\\*/?\d+/?>)")
_ESCAPED_WHOLE = re.compile(r"<\\+/?\d+/?>")


def escape(text: str) -> str:
    return _LITERAL.sub(r"<\\", text)


def unescape(text: str) -> str:
    return _ESCAPED.sub("<", text)


class TextSlot:
    """A piece of a paragraph's text where the document keeps it (a DOCX `w:t`, an ODT
    element's text or tail), in a format (`style`, whose `link` says it is a link or another
    container rather than a run format, and `code` that it is code, kept as it is)."""

    style: Any

    @property
    def value(self) -> str:
        raise NotImplementedError

    def replace(self, text: str) -> None:
        raise NotImplementedError


@dataclass(eq=False)
class Inline:
    """Inline content that is not text: its elements, as the format's reader gives them, and
    the containers around them."""

    pieces: list[Any] = field(default_factory=list)
    chain: tuple[Any, ...] = ()


@dataclass(eq=False)
class Marker:
    """A zero-width element: a bookmark, a comment's range, a proofing mark, a deletion."""

    element: Any
    chain: tuple[Any, ...]


Atom = TextSlot | Inline | Marker
# Rebuilds a paragraph from (text, style) pairs, Inline and Marker pieces, in order.
Rebuild = Callable[[Any, list[Any]], None]


@dataclass(eq=False)
class Layout:
    """A paragraph read as text: the block, and what writing its translation back needs."""

    p: Any
    atoms: list[Atom]
    first: int  # index in atoms of the first text, and of the last
    last: int
    block: Block
    skeleton: list[tuple[str, int]]  # ("open" | "close" | "object", number), in text order
    stretches: list[list[TextSlot]]  # texts before, between, after the pieces
    styles: dict[int, Any]  # a tag's number → its format
    objects: dict[int, Inline]  # a placeholder's number → its content
    base: Any  # the format of untagged text
    rebuild: Rebuild

    @classmethod
    def of(cls, p: Any, atoms: list[Atom], rebuild: Rebuild) -> Layout | None:
        """The paragraph `p` read as `atoms`; None when it has no text. `rebuild` writes a
        paragraph again from pieces in a new order."""
        texts = [i for i, a in enumerate(atoms) if isinstance(a, TextSlot) and a.value]
        if not texts:
            return None
        first, last = texts[0], texts[-1]
        if all(atoms[i].style.code for i in texts):
            return None  # code: it stays as it is
        weight: Counter[Any] = Counter()
        for atom in atoms[first : last + 1]:
            if isinstance(atom, TextSlot):
                weight[atom.style] += len(atom.value)
        # Untagged text is in the commonest format outside links and other containers (the
        # first of them on a tie): a link is a tag even when it is most of the paragraph.
        # Code is a tag too, and what it holds passes through as it is.
        prose = [s for s in weight if not s.code]
        plain = [s for s in prose if not s.link] or prose
        base = max(plain, key=lambda s: weight[s])
        text = _TextBuilder()
        numbers: dict[Any, int] = {}
        objects: dict[int, Inline] = {}
        skeleton: list[tuple[str, int]] = []
        stretches: list[list[TextSlot]] = [[]]
        tags: list[Tag] = []
        fixed: list[Span] = []  # placeholders, and the text of code
        pending: list[TextSlot] = []  # w:t's of the current stretch, escaped together
        current: Any = base
        opened_at: Span | None = None

        def close(style: Any, at: Span) -> None:
            n = numbers[style]
            tag = Tag(at, piece("close", n, f"</{n}>"))
            tags.append(tag)
            if style.code:
                fixed.append(Span(tag.open.end, tag.close.start))

        def piece(kind: str, number: int, written: str) -> Span:
            text.add(escape("".join(t.value for t in pending)))
            pending.clear()
            skeleton.append((kind, number))
            stretches.append([])
            return text.add(written)

        for atom in atoms[first : last + 1]:
            # An empty w:t stays in the stretch it is in, whatever its format.
            if isinstance(atom, TextSlot) and atom.value and atom.style is not current:
                if opened_at is not None:
                    close(current, opened_at)
                    opened_at = None
                current = atom.style
                if current is not base:
                    n = numbers.setdefault(current, len(numbers) + len(objects) + 1)
                    opened_at = piece("open", n, f"<{n}>")
            if isinstance(atom, TextSlot):
                pending.append(atom)
                stretches[-1].append(atom)
            elif isinstance(atom, Inline):
                n = len(numbers) + len(objects) + 1
                objects[n] = atom
                fixed.append(piece("object", n, f"<{n}/>"))
        if opened_at is not None:
            close(current, opened_at)
        text.add(escape("".join(t.value for t in pending)))
        full = text.value()
        literals = [Span(m.start(), m.end()) for m in _ESCAPED_WHOLE.finditer(full)]
        protected = merge([*fixed, *literals, *find_protected(full)])
        block = Block(full, tuple(protected), tuple(tags))
        styles = {n: s for s, n in numbers.items()}
        return cls(
            p, atoms, first, last, block, skeleton, stretches, styles, objects, base, rebuild
        )

    def apply(self, target: str) -> str:
        """Put the translation in the paragraph: "kept" (only texts changed), "rebuilt"
        (runs rebuilt in the translation's order) or "flattened" (tags garbled: the text in
        the first run's format, placeholders kept)."""
        target = _INVALID_XML.sub("", target)
        tokens = self._tokens(target)
        markers = [t for t in tokens if not isinstance(t, str)]
        texts = _between(tokens)
        if markers == self.skeleton and all(
            not new or any(t.value for t in stretch) for stretch, new in zip(self.stretches, texts)
        ):
            for stretch, new in zip(self.stretches, texts):
                _set_texts(stretch, new)
            return "kept"
        items = self._placed(tokens)
        if items is not None:
            self._rebuild(items)
            return "rebuilt"
        self._rebuild(self._flattened(tokens))
        return "flattened"

    def _tokens(self, target: str) -> list[str | tuple[str, int]]:
        """The target as texts (unescaped) and pieces; what reads as a piece but is none of
        this paragraph's (`<9>`, `</2/>`) stays text, so nothing the engine wrote is lost."""
        tokens: list[str | tuple[str, int]] = []
        pos = 0
        for m in _PIECE.finditer(target):
            closing, number, empty = m.group(1), int(m.group(2)), m.group(3)
            kind = "close" if closing else "object" if empty else "open"
            known = self.objects if kind == "object" else self.styles
            if (closing and empty) or number not in known:
                continue  # stays text
            tokens += [unescape(target[pos : m.start()]), (kind, number)]
            pos = m.end()
        tokens.append(unescape(target[pos:]))
        return tokens

    def _placed(self, tokens: list[str | tuple[str, int]]) -> list[Any] | None:
        """Texts with their formats and objects, when the tags are well formed; else None."""
        items: list[Any] = []
        current: int | None = None
        for token in tokens:
            if isinstance(token, str):
                if token:
                    style = self.base if current is None else self.styles[current]
                    items.append((token, style))
            elif token[0] == "open":
                if current is not None:
                    return None
                current = token[1]
            elif token[0] == "close":
                if current != token[1]:
                    return None
                current = None
            else:
                items.append(self.objects[token[1]])
        if current is not None:
            return None
        return self._ordered(items)

    def _flattened(self, tokens: list[str | tuple[str, int]]) -> list[Any]:
        style = self.atoms[self.first].style
        items: list[Any] = []
        for token in tokens:
            if isinstance(token, str):
                if token:
                    items.append((token, style))
            elif token[0] == "object":
                items.append(self.objects[token[1]])
        return self._ordered(items)

    def _ordered(self, items: list[Any]) -> list[Any]:
        """Each placeholder once, in the source's order (a field's code before its end), at
        the places the translation gave; those it lost go next to their source neighbours."""
        number = {id(o): n for n, o in self.objects.items()}
        seen: set[int] = set()
        kept = []
        for item in items:
            if isinstance(item, Inline):
                if id(item) in seen:
                    continue
                seen.add(id(item))
            kept.append(item)
        slots = [i for i, item in enumerate(kept) if isinstance(item, Inline)]
        present = sorted((kept[i] for i in slots), key=lambda o: number[id(o)])
        for i, obj in zip(slots, present):
            kept[i] = obj
        for n, obj in sorted(self.objects.items()):
            if id(obj) in seen:
                continue
            at = [i for i, it in enumerate(kept) if isinstance(it, Inline) and number[id(it)] < n]
            after = [i for i, it in enumerate(kept) if isinstance(it, Inline)]
            kept.insert(at[-1] + 1 if at else after[0] if after else len(kept), obj)
        return kept

    def _rebuild(self, items: list[Any]) -> None:
        # Before the first text and after the last: no text (empty pieces are dropped).
        middle = self.atoms[self.first : self.last + 1]
        sequence = [
            *(a for a in self.atoms[: self.first] if not isinstance(a, TextSlot)),
            *items,
            *(a for a in middle if isinstance(a, Marker)),
            *(a for a in self.atoms[self.last + 1 :] if not isinstance(a, TextSlot)),
        ]
        self.rebuild(self.p, sequence)


class _TextBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0

    def add(self, piece: str) -> Span:
        self._parts.append(piece)
        self._len += len(piece)
        return Span(self._len - len(piece), self._len)

    def value(self) -> str:
        return "".join(self._parts)


def _between(tokens: list[str | tuple[str, int]]) -> list[str]:
    """The texts before, between and after the pieces (empty where two pieces touch)."""
    texts, current = [], ""
    for token in tokens:
        if isinstance(token, str):
            current += token
        else:
            texts.append(current)
            current = ""
    return [*texts, current]


def _set_texts(stretch: list[TextSlot], new: str) -> None:
    """The stretch's new text in its first non-empty piece (the stretch's format), the others
    emptied; left alone when unchanged."""
    if "".join(t.value for t in stretch) == new:
        return
    holder = next((t for t in stretch if t.value), stretch[0])
    for t in stretch:
        t.replace(new if t is holder else "")
