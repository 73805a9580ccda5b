"""Zip packages of XML parts (DOCX, ODT): the blocks of the parts whose paragraphs are
translated, and the package written again member by member, so that every other part keeps
its bytes, and so does a translated part whose text did not change."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.document import Block, Document
from glossary.errors import InputError
from glossary.formats import TranslatedBlock
from glossary.formats.inline import Layout, Rebuild


class Reader:
    """How a format reads paragraphs: the element names of its paragraphs, a reader for each
    part (`read(p)` gives a paragraph's pieces; it may keep state from one paragraph to the
    next, as a DOCX field's code does) and how a paragraph is rebuilt."""

    paragraphs: tuple[str, ...]
    rebuild: Rebuild

    def read(self, p: Any) -> list[Any]: ...


@dataclass
class XmlPackage:
    """A package's bytes and its translated parts (zip members, in block order). Writing
    reads each part again, so a document can be written any number of times."""

    data: bytes
    stories: list[str]
    reader: Callable[[], Reader]
    path: Path | None = None

    def blocks(self) -> list[Block]:
        return [layout.block for _, layout in self._layouts()]

    def write(self, targets: Sequence[str]) -> bytes:
        from lxml import etree

        remaining = iter(targets)
        trees: dict[str, Any] = {}
        touched: set[str] = set()
        for name, layout in self._layouts(trees):
            target = next(remaining)
            if target != layout.block.text:
                layout.apply(target)
                touched.add(name)
        if next(remaining, None) is not None:
            raise ValueError("more targets than blocks")
        changed = {
            name: _declaration(self._member(name))
            + etree.tostring(trees[name], encoding="UTF-8", xml_declaration=False)
            for name in touched
        }
        return _repack(self.data, changed)

    def _layouts(self, trees: dict[str, Any] | None = None) -> Iterator[tuple[str, Layout]]:
        for name in self.stories:
            tree = self._tree(name)
            if trees is not None:
                trees[name] = tree
            reader = self.reader()
            # Listed before any is changed: rebuilding a paragraph moves a text box's ones.
            for p in list(tree.getroot().iter(*reader.paragraphs)):
                layout = Layout.of(p, reader.read(p), reader.rebuild)
                if layout is not None:
                    yield name, layout

    def root(self, name: str) -> Any:
        """A part's XML, parsed anew."""
        return self._tree(name).getroot()

    def _member(self, name: str) -> bytes:
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            try:
                return z.read(name)
            except KeyError:
                raise InputError(f"{self._where}: {name}: missing from the package") from None

    def _tree(self, name: str) -> Any:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            return etree.ElementTree(etree.fromstring(self._member(name), parser))
        except etree.XMLSyntaxError as e:
            raise InputError(f"{self._where}: {name}: not well-formed XML ({e})") from None

    @property
    def _where(self) -> str:
        return str(self.path or "<stdin>")


@dataclass
class PackagedDocument(Document):
    """A Document that keeps the package it was read from, to write its translation into."""

    package: XmlPackage | None = field(default=None, repr=False)


def document(package: XmlPackage, name: str, path: Path | None) -> PackagedDocument:
    def render(targets: Sequence[str]) -> str:
        # A plain-text view (previews, `glossary check`): one paragraph per block.
        return "\n\n".join(targets)

    return PackagedDocument(package.blocks(), render, name, path, package=package)


def write(document: Document, translated: Sequence[TranslatedBlock]) -> bytes:
    if not isinstance(document, PackagedDocument) or document.package is None:
        raise ValueError("a packaged document is written from the package it was read from")
    return document.package.write([t.target for t in translated])


def _declaration(original: bytes) -> bytes:
    """The part's own XML declaration and what follows it up to the root element."""
    if not original.startswith(b"<?xml"):
        return b""
    end = original.index(b"?>") + 2
    while end < len(original) and original[end : end + 1] in b" \t\r\n":
        end += 1
    return original[:end]


def _repack(data: bytes, changed: dict[str, bytes]) -> bytes:
    """The package again, member by member in its order (an ODT's uncompressed `mimetype`
    first), with the changed parts replaced."""
    if not changed:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, changed.get(info.filename) or src.read(info))
    return out.getvalue()
