"""Word documents (DOCX): every paragraph of the body, its tables (nested too), text boxes,
headers and footers, footnotes, endnotes and comments is a block; all else in the file stays.

Each paragraph's runs are text with inline tags (`glossary/formats/wordtags.py`: `<1>negrita</1>`
for text in another run format than the paragraph's own, `<2/>` for a tab, break, field code,
note reference or image), so a run's formatting and a link's target go back around their
translation. python-docx finds the parts (the package's relationships and content types);
their XML is read and written with lxml, and the package is written again member by member:
every part but the translated ones keeps its bytes, and a translated part whose text did not
change keeps its bytes too."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.document import Block, Document
from glossary.errors import InputError
from glossary.formats import TranslatedBlock

# The parts whose paragraphs are translated, in the order their blocks come.
_STORIES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
)


class DocxFormat:
    name = "docx"
    title = "Word document"
    suffixes = (".docx",)
    bilingual = False

    def parse(self, data: bytes, path: Path | None = None) -> Document:
        package = Package.read(data, path)
        blocks = package.blocks()

        def render(targets: Sequence[str]) -> str:
            # A plain-text view (previews, `glossary check`): one paragraph per block.
            return "\n\n".join(targets)

        return WordDocument(blocks, render, "docx", path, package=package)

    def write(self, document: Document, translated: Sequence[TranslatedBlock]) -> bytes:
        if not isinstance(document, WordDocument) or document.package is None:
            raise ValueError("a DOCX document is written from the package it was read from")
        return document.package.write([t.target for t in translated])


@dataclass
class WordDocument(Document):
    """A Document that keeps the package it was read from, to write its translation into."""

    package: Package | None = field(default=None, repr=False)


@dataclass
class Package:
    """A DOCX package's bytes and the zip members of its translated parts, in block order.
    Writing reads each part again, so a document can be written any number of times."""

    data: bytes
    stories: list[str]
    path: Path | None = None

    @classmethod
    def read(cls, data: bytes, path: Path | None) -> Package:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml import etree

        where = path or "<stdin>"
        found: dict[str, list[str]] = {}
        try:
            document = docx.Document(io.BytesIO(data))
            for part in document.part.package.iter_parts():
                found.setdefault(part.content_type, []).append(part.partname.membername)
        except (zipfile.BadZipFile, PackageNotFoundError):
            raise InputError(f"{where}: not a Word document (not a zip package)") from None
        except etree.XMLSyntaxError as e:
            raise InputError(f"{where}: not a Word document (damaged XML: {e})") from None
        except (KeyError, ValueError) as e:
            raise InputError(f"{where}: not a Word document ({_reason(e)})") from None
        stories = [name for kind in _STORIES for name in found.get(kind, [])]
        return cls(data, stories, path)

    def blocks(self) -> list[Block]:
        from glossary.formats.wordml import Walker
        from glossary.formats.wordtags import Layout

        blocks = []
        for name in self.stories:
            walker = Walker()
            for p in _paragraphs(self._tree(name)):
                layout = Layout.of(p, walker.read(p))
                if layout is not None:
                    blocks.append(layout.block)
        return blocks

    def write(self, targets: Sequence[str]) -> bytes:
        from lxml import etree

        from glossary.formats.wordml import Walker
        from glossary.formats.wordtags import Layout

        remaining = iter(targets)
        changed: dict[str, bytes] = {}
        for name in self.stories:
            tree, walker, touched = self._tree(name), Walker(), False
            for p in _paragraphs(tree):
                layout = Layout.of(p, walker.read(p))
                if layout is not None:
                    target = next(remaining)
                    if target != layout.block.text:
                        layout.apply(target)
                        touched = True
            if touched:
                original = self._member(name)
                body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
                changed[name] = _declaration(original) + body
        if next(remaining, None) is not None:
            raise ValueError("more targets than blocks")
        return _repack(self.data, changed)

    def _member(self, name: str) -> bytes:
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            try:
                return z.read(name)
            except KeyError:
                raise InputError(
                    f"{self.path or '<stdin>'}: {name}: missing from the package"
                ) from None

    def _tree(self, name: str) -> Any:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            return etree.ElementTree(etree.fromstring(self._member(name), parser))
        except etree.XMLSyntaxError as e:
            raise InputError(
                f"{self.path or '<stdin>'}: {name}: not well-formed XML ({e})"
            ) from None


def _paragraphs(tree: Any) -> list[Any]:
    from glossary.formats.wordml import P

    # Listed before any is changed: rebuilding a paragraph moves a text box's paragraphs.
    return list(tree.getroot().iter(P))


def _declaration(original: bytes) -> bytes:
    """The part's own XML declaration and what follows it up to the root element."""
    if not original.startswith(b"<?xml"):
        return b""
    end = original.index(b"?>") + 2
    while end < len(original) and original[end : end + 1] in b" \t\r\n":
        end += 1
    return original[:end]


def _repack(data: bytes, changed: dict[str, bytes]) -> bytes:
    """The package again, member by member in its order, with the changed parts replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, changed.get(info.filename) or src.read(info))
    return out.getvalue()


def _reason(error: Exception) -> str:
    text = str(error).strip("'\"")
    return text.splitlines()[0] if text else type(error).__name__


DOCX = DocxFormat()
