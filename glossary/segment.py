"""Segmentation: split Spanish text into paragraphs and sentences that join back byte for byte."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from glossary.document import Block
from glossary.protect import merge
from glossary.record import Segment
from glossary.span import Span, holding, inside
from glossary.spanish import ABBREVIATIONS

_OPENERS = "¿¡\"'«“‘(["
_CLOSERS = "\"'»”’)]"
# A sentence ends at . ! ? … (or a run of them), then closing quotes or brackets, then footnote
# digits glued to the punctuation, then whitespace.
_END = re.compile(
    r"(?P<punct>[.!?…]+)(?P<close>[" + re.escape(_CLOSERS) + r"]*)(?P<note>\d{1,3})?(?=\s)"
)
_WORD_BEFORE = re.compile(r"(\w+)$")
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")


@dataclass(frozen=True)
class Piece:
    """A sentence (no surrounding whitespace) and the whitespace that follows it."""

    text: str
    sep: str = ""


def join(pieces: Sequence[Piece]) -> str:
    """The inverse of segment()."""
    return "".join(p.text + p.sep for p in pieces)


def segment(text: str, protected: Sequence[Span] = ()) -> list[Piece]:
    """Split text into sentences at blank lines, at line breaks that end a line of its own and
    at sentence-final punctuation; never inside a protected span (code, URLs, markup).
    Joining the pieces gives back `text` exactly; only a leading piece may have empty text."""
    pieces: list[Piece] = []
    lead = len(text) - len(text.lstrip())
    if lead:
        pieces.append(Piece("", text[:lead]))
    start = lead
    for end, sep_end in sorted(_boundaries(text, lead, protected)):
        if end <= start:
            continue
        pieces.append(Piece(text[start:end], text[end:sep_end]))
        start = sep_end
    if start < len(text):
        body = text[start:]
        stripped = body.rstrip()
        pieces.append(Piece(stripped, body[len(stripped) :]))
    return pieces


def sentence_spans(text: str, protected: Sequence[Span] = ()) -> list[Span]:
    """The character spans of the sentences of a text (surrounding whitespace excluded)."""
    spans, pos = [], 0
    for piece in segment(text, protected):
        if piece.text:
            spans.append(Span(pos, pos + len(piece.text)))
        pos += len(piece.text) + len(piece.sep)
    return spans


def _boundaries(text: str, start: int, protected: Sequence[Span]) -> set[tuple[int, int]]:
    """(sentence end, next sentence start) pairs; text between them is whitespace."""
    found = set()
    for m in _END.finditer(text, start):
        sep_end = _skip_space(text, m.end())
        if sep_end < len(text) and not holding(m.start(), protected):
            if _is_sentence_end(text, m, sep_end):
                found.add((m.end(), sep_end))
    for m in _LINE_BREAK.finditer(text, start):
        end, sep_end = m.start(), m.end()
        if end == 0 or sep_end >= len(text) or holding(end, protected):
            continue
        if m.group().count("\n") >= 2 or not _runs_on(text[end - 1], text[sep_end]):
            found.add((end, sep_end))
    return found


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _runs_on(last: str, first: str) -> bool:
    """A hard-wrapped sentence: the line ends mid-sentence and the next starts in lower case."""
    return (last.isalnum() or last in ",;-–(") and (first.islower() or first.isdigit())


def _is_sentence_end(text: str, m: re.Match, next_start: int) -> bool:
    nxt = text[next_start]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt in "-–—*#"):
        return False
    if m.group("punct") == "." and not m.group("close") and not m.group("note"):
        word = _WORD_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        if word:
            w = word.group(1)
            if w.casefold() in ABBREVIATIONS:
                return False
            if len(w) == 1 and w.isupper():
                return False  # an initial: "J. R. R. Tolkien"
    return True


# Blocks of a document ---------------------------------------------------------------------


@dataclass
class Unit:
    """A block of a document split into sentences: the pieces (sentences and the whitespace
    between them) and a segment record for each piece with text."""

    pieces: list[Piece]
    segments: list[Segment]


def split_block(block: Block) -> Unit:
    """A block's sentences as segment records, each with the protected spans inside it."""
    # Inline markup passes through as its pieces, fixed in place (code, URLs) and checked.
    protected = merge([*block.protected, *(s for tag in block.tags for s in (tag.open, tag.close))])
    pieces = segment(block.text, protected)
    records, pos = [], 0
    for piece in pieces:
        if piece.text:
            window = Span(pos, pos + len(piece.text))
            records.append(Segment(piece.text, inside(window, protected)))
        pos += len(piece.text) + len(piece.sep)
    return Unit(pieces, records)


def render_unit(unit: Unit, targets: Sequence[str]) -> str:
    """The block's text with each sentence replaced by its target, separators kept."""
    it = iter(targets)
    return "".join((next(it) if p.text else "") + p.sep for p in unit.pieces)
