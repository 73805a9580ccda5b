"""Word documents (DOCX): every paragraph of the body, its tables (nested too), text boxes,
headers and footers, footnotes, endnotes and comments is a block; all else in the file stays.

Each paragraph's runs are text with inline tags (`inline.py`: `<1>negrita</1>` for text in
another run format than the paragraph's own, `<2/>` for a tab, break, field code, note
reference or image; `wordml.py` reads and rebuilds the runs), so a run's formatting and a
link's target go back around their translation. python-docx finds the parts (from the
package's relationships and content types); their XML is read and written with lxml, and the
package is written again member by member (`package.py`): every other part keeps its bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from glossary.document import Document
from glossary.errors import InputError
from glossary.formats import TranslatedBlock
from glossary.formats.code import code_name, monospace
from glossary.formats.package import XmlPackage, document, write
from glossary.formats.wordml import P, Walker, rebuild

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
        stories, code = _stories(data, path)
        package = XmlPackage(data, stories, lambda: WordReader(code), path)
        return document(package, self.name, path)

    def write(self, document: Document, translated: Sequence[TranslatedBlock]) -> bytes:
        return write(document, translated)


class WordReader(Walker):
    """Reads a part's paragraphs (a field's code can go on from one to the next)."""

    paragraphs = (P,)
    rebuild = staticmethod(rebuild)


def _stories(data: bytes, path: Path | None) -> tuple[list[str], frozenset[str]]:
    """The zip members of the parts whose paragraphs are translated, found by python-docx
    from the package's relationships and content types, and the ids of the styles of code."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    where = path or "<stdin>"
    found: dict[str, list[str]] = {}
    try:
        word = docx.Document(io.BytesIO(data))
        for part in word.part.package.iter_parts():
            found.setdefault(part.content_type, []).append(part.partname.membername)
        code = frozenset(s.style_id for s in word.styles if _is_code(s))
    except (zipfile.BadZipFile, PackageNotFoundError):
        raise InputError(f"{where}: not a Word document (not a zip package)") from None
    except etree.XMLSyntaxError as e:
        raise InputError(f"{where}: not a Word document (damaged XML: {e})") from None
    except (KeyError, ValueError) as e:
        raise InputError(f"{where}: not a Word document ({_reason(e)})") from None
    return [name for kind in _STORIES for name in found.get(kind, [])], code


def _is_code(style: Any) -> bool:
    """A style whose name, or whose font, or a style's it is based on, says code."""
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        font = getattr(style, "font", None)
        if code_name(style.name) or (font is not None and monospace(font.name)):
            return True
        style = getattr(style, "base_style", None)
    return False


def _reason(error: Exception) -> str:
    text = str(error).strip("'\"")
    return text.splitlines()[0] if text else type(error).__name__


DOCX = DocxFormat()
