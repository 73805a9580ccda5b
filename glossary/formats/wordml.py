"""The content of a WordprocessingML paragraph (`w:p`) in document order: its text (`w:t`,
with the run format it is in: the run's `w:rPr` and the containers around the run, such as a
link or a content control), the inline things that are not text (a tab, a break, a field's
code, a note reference, an image, a text box, an equation) and the zero-width marks
(bookmarks, comment ranges, proofing marks, tracked deletions)."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from glossary.formats.code import monospace
from glossary.formats.inline import Atom, Inline, Marker, TextSlot

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


P, R, T, RPR, PPR = _w("p"), _w("r"), _w("t"), _w("rPr"), _w("pPr")
_FLDCHAR, _FLDTYPE = _w("fldChar"), _w("fldCharType")
SDT, SDT_CONTENT = _w("sdt"), _w("sdtContent")
_PSTYLE, _RSTYLE, _RFONTS, _VAL = _w("pStyle"), _w("rStyle"), _w("rFonts"), _w("val")
_ASCII, _HANSI = _w("ascii"), _w("hAnsi")
# Elements whose runs are the paragraph's text, with properties of their own that a rebuilt
# copy keeps (a link's target, a content control's settings, a tracked insertion's author).
_CONTAINERS = {_w(n) for n in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "sdt")}
_CONTAINERS |= {_w(n) for n in ("fldSimple", "dir", "bdo")}
PROPERTIES = {_w(n) for n in ("sdtPr", "sdtEndPr", "customXmlPr", "smartTagPr")}
# Inline content at paragraph level that is seen where it stands (not text to translate).
_INLINE = {f"{{{_M_NS}}}oMath", f"{{{_M_NS}}}oMathPara"}
# Word's cache of where a page broke when it last laid the document out: a rebuilt paragraph
# drops it, and Word writes it again.
_LAYOUT_HINTS = {_w("lastRenderedPageBreak")}


@dataclass(eq=False)
class RunFormat:
    """A run format: a run to copy (its attributes and `w:rPr`) and the containers around it;
    `code` when its character style or font says code."""

    run: Any
    chain: tuple[Any, ...]
    code: bool = False

    @property
    def link(self) -> bool:
        return bool(self.chain)


@dataclass(eq=False)
class RunText(TextSlot):
    """A `w:t` and its run's format."""

    element: Any
    style: RunFormat

    @property
    def value(self) -> str:
        return self.element.text or ""

    def replace(self, text: str) -> None:
        _set_text(self.element, text)


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


# An Inline's pieces here are (element, the RunFormat it sits in, or None at paragraph level).


class Walker:
    """Reads the paragraphs of one part in document order; a field's code (between its begin
    and separate marks) can run over several runs and paragraphs, so its state is kept here."""

    def __init__(self, code_styles: frozenset[str] = frozenset()) -> None:
        self._fields: list[str] = []  # "code" or "result", innermost last
        self._code_styles = code_styles  # ids of the styles that mark code

    def read(self, p: Any) -> list[Atom]:
        """The paragraph's content in document order; nothing for a paragraph of code."""
        style = p.find(f"{PPR}/{_PSTYLE}")
        if style is not None and style.get(_VAL) in self._code_styles:
            return []
        self._atoms: list[Atom] = []
        self._styles: dict[tuple[bytes, tuple[int, ...]], RunFormat] = {}
        self._code: Inline | None = None
        self._walk(p, ())
        return self._atoms

    def _walk(self, parent: Any, chain: tuple[Any, ...]) -> None:
        for child in parent:
            tag = child.tag
            if tag == R:
                self._run(child, chain)
            elif tag == PPR or tag in PROPERTIES:
                continue
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._walk(content, (*chain, child))
            elif tag in _CONTAINERS:
                self._walk(child, (*chain, child))
            elif tag in _INLINE:
                self._atoms.append(Inline([(child, None)], chain))
            elif isinstance(tag, str):
                self._atoms.append(Marker(child, chain))
            # comments and processing instructions stay where they are in every case

    def _style(self, run: Any, chain: tuple[Any, ...]) -> RunFormat:
        from lxml import etree

        rpr = run.find(RPR)
        # No properties and empty properties (<w:rPr/>, as LibreOffice writes) are one format.
        key = (b"" if rpr is None or not len(rpr) else etree.tostring(rpr), tuple(map(id, chain)))
        if key not in self._styles:
            self._styles[key] = RunFormat(run, chain, rpr is not None and self._is_code(rpr))
        return self._styles[key]

    def _is_code(self, rpr: Any) -> bool:
        style, fonts = rpr.find(_RSTYLE), rpr.find(_RFONTS)
        if style is not None and style.get(_VAL) in self._code_styles:
            return True
        return fonts is not None and monospace(fonts.get(_ASCII) or fonts.get(_HANSI))

    def _run(self, run: Any, chain: tuple[Any, ...]) -> None:
        style = self._style(run, chain)
        for child in run:
            tag = child.tag
            if tag == RPR or tag in _LAYOUT_HINTS or not isinstance(tag, str):
                continue
            if tag == _FLDCHAR:
                self._field_mark(child, style, chain)
            elif "code" in self._fields:
                self._code_piece(child, style, chain)
            elif tag == T:
                self._atoms.append(RunText(child, style))
            else:
                self._atoms.append(Inline([(child, style)], chain))

    def _field_mark(self, mark: Any, style: RunFormat, chain: tuple[Any, ...]) -> None:
        kind = mark.get(_FLDTYPE)
        if kind == "begin":
            self._code_piece(mark, style, chain)
            self._fields.append("code")
        elif kind == "separate" and self._fields:
            self._code_piece(mark, style, chain)
            self._fields[-1] = "result"
        elif kind == "end" and self._fields:
            in_code = "code" in self._fields
            self._fields.pop()
            if in_code:
                self._code_piece(mark, style, chain)
            else:
                self._atoms.append(Inline([(mark, style)], chain))
        else:  # a stray mark: kept where it is
            self._atoms.append(Inline([(mark, style)], chain))
        if "code" not in self._fields:
            self._code = None

    def _code_piece(self, element: Any, style: RunFormat, chain: tuple[Any, ...]) -> None:
        """A field's code (its begin mark, instruction, separate mark) is one placeholder."""
        if self._code is None:
            self._code = Inline([], chain)
            self._atoms.append(self._code)
        self._code.pieces.append((element, style))


def rebuild(p: Any, sequence: list[Any]) -> None:
    """The paragraph's runs again, from texts with their formats and the inline and zero-width
    pieces, in the order given; its properties (`w:pPr`) and XML comments stay."""
    for child in list(p):
        if child.tag != PPR and isinstance(child.tag, str):
            p.remove(child)
    out = _Emitter(p)
    for item in sequence:
        if isinstance(item, tuple):
            out.text(*item)
        elif isinstance(item, Inline):
            for element, style in item.pieces:
                out.element(element, style, item.chain)
        else:
            out.element(item.element, None, item.chain)


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
