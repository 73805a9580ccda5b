"""OpenDocument text (ODT, as LibreOffice writes it): every paragraph and heading of the body,
its tables, lists, frames and text boxes, notes and comments, and the headers and footers of
its page styles is a block; all else in the file stays.

Paragraphs are text with inline tags as in DOCX (`inline.py`: `<1>negrita</1>` for text in a
span or link, `<2/>` for a tab, spaces, a line break, a note, a field or a frame; `odf.py`
reads and rebuilds them). The package is read and written with zipfile and lxml
(`package.py`): its `mimetype` stays first and uncompressed, and every part but `content.xml`
and `styles.xml` keeps its bytes, as they do when their text did not change."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from glossary.document import Document
from glossary.errors import InputError
from glossary.formats import TranslatedBlock
from glossary.formats.odf import Reader, code_styles
from glossary.formats.package import XmlPackage, document, write

_MIMETYPES = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
)
_STORIES = ["content.xml", "styles.xml"]  # the body; the page styles' headers and footers


class OdtFormat:
    name = "odt"
    title = "OpenDocument text"
    suffixes = (".odt",)
    bilingual = False

    def parse(self, data: bytes, path: Path | None = None) -> Document:
        where = path or "<stdin>"
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                kind = (
                    z.read("mimetype").decode("ascii", "replace").strip()
                    if "mimetype" in names
                    else ""
                )
        except zipfile.BadZipFile:
            raise InputError(f"{where}: not an OpenDocument text (not a zip package)") from None
        if kind not in _MIMETYPES or "content.xml" not in names:
            what = f"its mimetype is '{kind}'" if kind else "no mimetype"
            raise InputError(f"{where}: not an OpenDocument text ({what})")
        stories = [name for name in _STORIES if name in names]
        package = XmlPackage(data, stories, Reader, path)
        code = code_styles([package.root(name) for name in stories])
        package.reader = lambda: Reader(code)
        return document(package, self.name, path)

    def write(self, document: Document, translated: Sequence[TranslatedBlock]) -> bytes:
        return write(document, translated)


ODT = OdtFormat()
