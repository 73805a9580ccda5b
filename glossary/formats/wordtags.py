"""A WordprocessingML paragraph as text with inline tags, and put back around its translation.

The text of a paragraph is the text of its `w:t` elements. Where the formatting changes, the
text in another run format than the paragraph's commonest one (bold, italic, a character
style, a hyperlink, a content control, tracked insertion...) is wrapped in a tag named by a
number, `<1>negrita</1>`; the number stands for the run's `w:rPr` and the containers around
the run. Inline things that are not text (a tab, a line break, a field's code, a footnote
reference, an image, a text box, an equation) are placeholders, `<2/>`, that go back where
the translation puts them. A `<` of the paragraph's own text that would read as a tag is
written `<\\` (`<1>` is `<\\1>`) and read back as it was. Things before the first and after
the last text (a footnote's own number mark, a bookmark around a heading) stay where they are
and are not in the text.

Writing back: when the translation has the same tags and placeholders in the same order, only
the `w:t` texts change. When they moved (the translation reordered the words) or repeated, the
runs are rebuilt in the translation's order, each piece with the formatting and containers of
its tag. When the tags are garbled (lost, unbalanced, unknown), the paragraph's text is written
in the format of its first run, its placeholders kept; the flow's `protected` check reports
the missing pieces."""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from glossary.document import Block, Tag
from glossary.formats.wordml import (
    PPR,
    PROPERTIES,
    RPR,
    SDT,
    SDT_CONTENT,
    XML_SPACE,
    Atom,
    Inline,
    Marker,
    R,
    RunFormat,
    RunText,
    T,
)
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


@dataclass(eq=False)
class Layout:
    """A paragraph read as text: the block, and what writing its translation back needs."""

    p: Any
    atoms: list[Atom]
    first: int  # index in atoms of the first text, and of the last
    last: int
    block: Block
    skeleton: list[tuple[str, int]]  # ("open" | "close" | "object", number), in text order
    stretches: list[list[RunText]]  # the w:t's before, between and after the skeleton's pieces
    styles: dict[int, RunFormat]  # a tag's number → its format
    objects: dict[int, Inline]  # a placeholder's number → its content
    base: RunFormat  # the format of untagged text

    @classmethod
    def of(cls, p: Any, atoms: list[Atom]) -> Layout | None:
        texts = [i for i, a in enumerate(atoms) if isinstance(a, RunText) and a.element.text]
        if not texts:
            return None
        first, last = texts[0], texts[-1]
        weight: Counter[RunFormat] = Counter()
        for atom in atoms[first : last + 1]:
            if isinstance(atom, RunText):
                weight[atom.style] += len(atom.element.text or "")
        # Untagged text is in the commonest format outside links and other containers (the
        # first of them on a tie): a link is a tag even when it is most of the paragraph.
        plain = [s for s in weight if not s.chain] or list(weight)
        base = max(plain, key=lambda s: weight[s])
        text = _TextBuilder()
        numbers: dict[RunFormat, int] = {}
        objects: dict[int, Inline] = {}
        skeleton: list[tuple[str, int]] = []
        stretches: list[list[RunText]] = [[]]
        tags: list[Tag] = []
        placeholders: list[Span] = []
        pending: list[RunText] = []  # w:t's of the current stretch, escaped together
        current: RunFormat = base
        opened_at: Span | None = None

        def piece(kind: str, number: int, written: str) -> Span:
            text.add(escape("".join(t.element.text or "" for t in pending)))
            pending.clear()
            skeleton.append((kind, number))
            stretches.append([])
            return text.add(written)

        for atom in atoms[first : last + 1]:
            # An empty w:t stays in the stretch it is in, whatever its format.
            if isinstance(atom, RunText) and atom.element.text and atom.style is not current:
                if opened_at is not None:
                    n = numbers[current]
                    tags.append(Tag(opened_at, piece("close", n, f"</{n}>")))
                    opened_at = None
                current = atom.style
                if current is not base:
                    n = numbers.setdefault(current, len(numbers) + len(objects) + 1)
                    opened_at = piece("open", n, f"<{n}>")
            if isinstance(atom, RunText):
                pending.append(atom)
                stretches[-1].append(atom)
            elif isinstance(atom, Inline):
                n = len(numbers) + len(objects) + 1
                objects[n] = atom
                placeholders.append(piece("object", n, f"<{n}/>"))
        if opened_at is not None:
            n = numbers[current]
            tags.append(Tag(opened_at, piece("close", n, f"</{n}>")))
        text.add(escape("".join(t.element.text or "" for t in pending)))
        full = text.value()
        literals = [Span(m.start(), m.end()) for m in _ESCAPED_WHOLE.finditer(full)]
        protected = merge([*placeholders, *literals, *find_protected(full)])
        block = Block(full, tuple(protected), tuple(tags))
        styles = {n: s for s, n in numbers.items()}
        return cls(p, atoms, first, last, block, skeleton, stretches, styles, objects, base)

    def apply(self, target: str) -> str:
        """Put the translation in the paragraph: "kept" (only w:t texts changed), "rebuilt"
        (runs rebuilt in the translation's order) or "flattened" (tags garbled: the text in
        the first run's format, placeholders kept)."""
        target = _INVALID_XML.sub("", target)
        tokens = self._tokens(target)
        markers = [t for t in tokens if not isinstance(t, str)]
        texts = _between(tokens)
        if markers == self.skeleton and all(
            not new or any(t.element.text for t in stretch)
            for stretch, new in zip(self.stretches, texts)
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
        style = self.atoms[self.first].style  # type: ignore[union-attr]
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
        middle = self.atoms[self.first : self.last + 1]
        sequence = [
            *self.atoms[: self.first],
            *items,
            *(a for a in middle if isinstance(a, Marker)),
            *self.atoms[self.last + 1 :],
        ]
        for child in list(self.p):
            if child.tag != PPR and isinstance(child.tag, str):  # XML comments stay
                self.p.remove(child)
        out = _Emitter(self.p)
        for item in sequence:
            if isinstance(item, tuple):
                out.text(*item)
            elif isinstance(item, RunText):
                if item.element.text:
                    out.text(item.element.text, item.style)
            elif isinstance(item, Inline):
                for element, style in item.pieces:
                    out.element(element, style, item.chain)
            else:
                out.element(item.element, None, item.chain)


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


def _set_texts(stretch: list[RunText], new: str) -> None:
    """The stretch's new text in its first non-empty w:t (the stretch's format), the others
    emptied; left alone when unchanged."""
    if "".join(t.element.text or "" for t in stretch) == new:
        return
    holder = next((t for t in stretch if t.element.text), stretch[0])
    for t in stretch:
        _set_text(t.element, new if t is holder else "")


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


class _Emitter:
    """Appends runs and elements to a paragraph, opening copies of the containers (link,
    content control...) each needs and merging neighbours of one format into one run."""

    def __init__(self, p: Any) -> None:
        self._p = p
        self._open: list[tuple[Any, Any]] = []  # (original container, where its copy takes runs)
        self._run: tuple[RunFormat, Any] | None = None

    def text(self, text: str, style: RunFormat) -> None:
        run = self._run_for(style)
        t = run.makeelement(T, {})
        _set_text(t, text)
        run.append(t)

    def element(self, element: Any, style: RunFormat | None, chain: tuple[Any, ...]) -> None:
        if style is None:
            self._enter(chain)
            self._parent().append(element)
            self._run = None
        else:
            self._run_for(style).append(element)

    def _run_for(self, style: RunFormat) -> Any:
        if self._run is not None and self._run[0] is style:
            return self._run[1]
        self._enter(style.chain)
        run = self._p.makeelement(R, dict(style.run.attrib))
        rpr = style.run.find(RPR)
        if rpr is not None:
            run.append(deepcopy(rpr))
        self._parent().append(run)
        self._run = (style, run)
        return run

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
        if common == len(self._open) == len(chain):
            return
        del self._open[common:]
        self._run = None
        for container in chain[common:]:
            shell = self._parent().makeelement(container.tag, dict(container.attrib))
            for child in container:
                if child.tag in PROPERTIES:
                    shell.append(deepcopy(child))
            self._parent().append(shell)
            inner = shell
            if container.tag == SDT:
                inner = shell.makeelement(SDT_CONTENT, {})
                shell.append(inner)
            self._open.append((container, inner))
