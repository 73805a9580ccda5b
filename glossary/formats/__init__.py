"""The format registry: every document format describes itself (name, file suffixes, whether
it is bilingual) and is registered through the `glossary.formats` entry-point group, so that a
format can live in a module or package of its own. Nothing else lists suffixes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from glossary.checks import Issue
from glossary.document import Block, Document
from glossary.errors import InputError
from glossary.record import Segment

GROUP = "glossary.formats"


@dataclass
class TranslatedBlock:
    """A block of a document, its target text (sentences joined back) and the records of its
    sentences, for formats that write states and notes."""

    block: Block
    target: str
    segments: list[Segment] = field(default_factory=list)


@runtime_checkable
class Format(Protocol):
    """A document format. `parse` turns a file's bytes into a Document; `write` gives the bytes
    of the translated document. Bilingual formats carry existing targets, ids, states, notes."""

    name: str
    title: str
    suffixes: tuple[str, ...]
    bilingual: bool

    def parse(self, data: bytes, path: Path | None = None) -> Document: ...

    def write(self, document: Document, translated: Sequence[TranslatedBlock]) -> bytes: ...


@runtime_checkable
class LayoutChecks(Protocol):
    """What a format may add to the Format protocol: checks of the written document's own
    limits, which no single segment shows (subtitles: characters per line, lines per cue).
    Each issue comes with the segment it belongs to; `config` holds the severities by check id
    (terms.yaml's `checks:`)."""

    def issues(
        self,
        document: Document,
        translated: Sequence[TranslatedBlock],
        config: Mapping[str, str] | None = None,
    ) -> list[tuple[Segment, Issue]]: ...


def layout_issues(
    document: Document,
    translated: Sequence[TranslatedBlock],
    config: Mapping[str, str] | None = None,
) -> list[tuple[Segment, Issue]]:
    """The issues the document's format finds in its translated layout ([] for most)."""
    fmt = get_format(document.format)
    return fmt.issues(document, translated, config) if isinstance(fmt, LayoutChecks) else []


class MonolingualFormat:
    """What monolingual formats share: UTF-8 text in, the same text with every block replaced
    by its translation out."""

    bilingual = False

    def write(self, document: Document, translated: Sequence[TranslatedBlock]) -> bytes:
        return document.render([t.target for t in translated]).encode("utf-8")


@cache
def formats() -> dict[str, Format]:
    """Every registered format by name, in the order of the entry points."""
    from importlib.metadata import entry_points

    found: dict[str, Format] = {}
    for entry in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        fmt = entry.load()
        if not isinstance(fmt, Format):
            raise InputError(f"format '{entry.name}' ({entry.value}) is not a glossary Format")
        found.setdefault(fmt.name, fmt)
    if not found:
        raise InputError("no document formats registered: install glossary (pip install -e .)")
    return found


def suffixes() -> list[str]:
    """Every file suffix a registered format reads, e.g. ['.md', '.markdown', '.txt', ...]."""
    return sorted({s for fmt in formats().values() for s in fmt.suffixes})


def get_format(name: str) -> Format:
    fmt = formats().get(name)
    if fmt is None:
        raise InputError(f"unknown format '{name}' (known: {', '.join(formats())})")
    return fmt


def format_for(path: Path) -> Format:
    """The format that reads `path`, by its suffix; InputError naming the known ones."""
    suffix = path.suffix.lower()
    for fmt in formats().values():
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(suffixes())
    raise InputError(f"{path}: unsupported file type '{path.suffix}' (known: {known})")


def readable(path: Path) -> bool:
    return path.suffix.lower() in suffixes()


def read_bytes(path: Path) -> bytes:
    """A document's bytes; anything but a regular file is refused before it is opened (a FIFO
    would block forever, a device never end)."""
    from glossary.filekind import not_regular

    why = not_regular(path)
    if why == "missing":
        raise InputError(f"{path}: no such file")
    if why is not None:
        raise InputError(f"{path}: not a regular file: {why}")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None


def read_document(path: Path) -> Document:
    """Read a file in the format its suffix names; bad input raises InputError."""
    fmt = format_for(path)
    document = fmt.parse(read_bytes(path), path)
    document.format, document.path = fmt.name, path
    return document


def parse(data: bytes | str, name: str = "txt", path: Path | None = None) -> Document:
    """Parse a document's content in the named format."""
    fmt = get_format(name)
    document = fmt.parse(data.encode("utf-8") if isinstance(data, str) else data, path)
    document.format, document.path = fmt.name, path
    return document


def write_document(document: Document, translated: Sequence[TranslatedBlock]) -> bytes:
    return get_format(document.format).write(document, translated)


def decode_text(data: bytes, path: Path | None) -> str:
    """UTF-8 text without a byte-order mark; InputError naming the file otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        where = path or "<stdin>"
        raise InputError(f"{where}: not UTF-8 text (invalid byte at offset {e.start})") from None
    return text.removeprefix("\ufeff")
