"""Subtitles, SubRip (.srt) and WebVTT (.vtt): the text of the cues is translated and every
other byte kept (numbers, timings, cue settings, NOTE, STYLE and REGION blocks, the WEBVTT
header). A sentence that runs over several cues is one block, translated whole and split back
over the same cues; each translated cue is wrapped to the line limits, which `line-length`
checks."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.checks import Issue
from glossary.document import Block, Document, Tag
from glossary.errors import InputError
from glossary.formats import TranslatedBlock, decode_text
from glossary.formats.cues import (
    Markup,
    balance,
    continues,
    has_words,
    match_case,
    read_cue,
    split_over,
    visible,
    wrap,
)
from glossary.protect import find_protected, merge
from glossary.record import Segment
from glossary.settings import OFF, severities
from glossary.span import Span

CHECK = "line-length"
MAX_CHARS = 42  # characters a line of a cue may have (the common broadcast and streaming limit)
MAX_LINES = 2  # lines a cue may have
MAX_CUES = 8  # cues one block may join: past that, a run-on without punctuation is cut

_BOM = b"\xef\xbb\xbf"
_EOL = re.compile(r"\r\n|\r|\n")
_TIMING = re.compile(r"\s*(?:\d+:)?\d{1,2}:\d{2}(?:[.,:]\d{1,3})?\s*-->")
_NUMBER = re.compile(r"\s*\d+\s*$")
_WEBVTT = re.compile(r"WEBVTT(?:[ \t].*)?$")
_VTT_OTHER = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
_TURN_LINE = re.compile(r"\s*(?:<[^<>]*>|\{\\[^{}]*\})*\s*[-–—]")


@dataclass(frozen=True)
class Cue:
    """A cue of the file: how messages name it, where its text lines are in the file (the
    first line's start to the last line's end), those lines, and its line ending."""

    name: str
    start: int
    end: int
    lines: tuple[str, ...]
    newline: str
    markup: Markup = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "markup", read_cue(self.lines))

    @property
    def turns(self) -> bool:
        """The cue puts a second speaker's dash at the start of a line of its own."""
        return any(_TURN_LINE.match(line) for line in self.lines[1:])


@dataclass
class SubtitleDocument(Document):
    """A subtitle file: its cues, the cues each block joins, and the line limits."""

    cues: list[Cue] = field(default_factory=list)
    groups: list[list[int]] = field(default_factory=list)
    bom: bool = False
    max_chars: int = MAX_CHARS
    max_lines: int = MAX_LINES

    def layout(self, targets: Sequence[str]) -> list[tuple[list[str] | None, Span]]:
        """Each cue's lines for the blocks' targets (None: the cue is kept as it was) and its
        share of its block's target."""
        out: list[tuple[list[str] | None, Span]] = [(None, Span(0, 0))] * len(self.cues)
        for group, block, target in zip(self.groups, self.blocks, targets, strict=True):
            sources = [self.cues[i].markup.text for i in group]
            if target == block.text:
                spans, pieces = _source_spans(sources), sources
            else:
                spans = split_over(target, sources, self.max_chars * self.max_lines)
                pieces = balance([target[s.start : s.end] for s in spans])
                pieces[1:] = [match_case(p, s) for p, s in zip(pieces[1:], sources[1:])]
            for i, piece, span in zip(group, pieces, spans, strict=True):
                cue = self.cues[i]
                if piece == cue.markup.text:  # untouched: its lines and line breaks as they were
                    out[i] = (None, span)
                else:
                    out[i] = (wrap(piece, self.max_chars, cue.turns), span)
        return out


def _source_spans(sources: Sequence[str]) -> list[Span]:
    spans, pos = [], 0
    for text in sources:
        spans.append(Span(pos, pos + len(text)))
        pos += len(text) + 1
    return spans


class SubtitleFormat:
    """What SubRip and WebVTT share; `max_chars` and `max_lines` are the limits the wrapping
    and the `line-length` check use (a format registered with other limits changes both)."""

    name = "subtitles"
    title = "subtitles"
    suffixes: tuple[str, ...] = ()
    bilingual = False

    def __init__(self, max_chars: int = MAX_CHARS, max_lines: int = MAX_LINES) -> None:
        self.max_chars, self.max_lines = max_chars, max_lines

    def parse(self, data: bytes, path: Path | None = None) -> Document:
        try:
            text = decode_text(data, path)
        except InputError as e:
            hint = "convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8"
            raise InputError(f"{e}; {hint}") from None
        lines = _lines(text)
        cues = self.cues(text, lines, path)
        return _document(text, cues, self, bom=data.startswith(_BOM))

    def cues(self, text: str, lines: list[tuple[int, int, int]], path: Path | None) -> list[Cue]:
        raise NotImplementedError

    def write(self, document: Document, translated: Sequence[TranslatedBlock]) -> bytes:
        text = document.render([t.target for t in translated])
        bom = isinstance(document, SubtitleDocument) and document.bom
        return (("\ufeff" if bom else "") + text).encode("utf-8")

    def issues(
        self,
        document: Document,
        translated: Sequence[TranslatedBlock],
        config: Mapping[str, str] | None = None,
    ) -> list[tuple[Segment, Issue]]:
        """`line-length`: every translated cue with more lines, or longer lines, than the limits
        (or left without English), on the segment its text came from."""
        severity = severities(config)[CHECK]
        if severity == OFF or not isinstance(document, SubtitleDocument):
            return []
        limits = document.max_chars, document.max_lines
        layout = document.layout([t.target for t in translated])
        found = []
        for b, group in enumerate(document.groups):
            for i in group:
                lines, span = layout[i]
                cue = document.cues[i]
                shown = [ln.strip() for ln in cue.lines if ln.strip()] if lines is None else lines
                message = _over(cue, shown, *limits)
                segment = _segment_at(translated[b], span) if message else None
                if segment is not None:
                    found.append((segment[0], Issue(CHECK, severity, message, None, segment[1])))
        return found


def _over(cue: Cue, lines: Sequence[str], max_chars: int, max_lines: int) -> str | None:
    if not lines:
        return f"cue {cue.name}: no English (its sentence's translation has fewer words than cues)"
    widths = [len(visible(line)) for line in lines]
    if len(lines) <= max_lines and max(widths) <= max_chars:
        return None
    shape = " + ".join(map(str, widths))
    return (
        f"cue {cue.name}: {len(lines)} line(s) of {shape} characters"
        f" (at most {max_lines} of {max_chars})"
    )


def _segment_at(block: TranslatedBlock, span: Span) -> tuple[Segment, Span | None] | None:
    """The sentence of the block whose target holds `span` (a cue's share of the target), and
    where the cue's text is in that sentence's target."""
    found, pos = None, 0
    for segment in block.segments:
        at = block.target.find(segment.target, pos) if segment.target else -1
        start = at if at >= 0 else pos
        if found is None or start <= span.start:
            found = segment, start
        pos = start + len(segment.target)
    if found is None:
        return None
    segment, start = found
    local = Span(span.start - start, span.end - start).clip(Span(0, len(segment.target)))
    return segment, local


def _lines(text: str) -> list[tuple[int, int, int]]:
    """Each line's start, end (before its line ending) and the end of its line ending."""
    out, pos = [], 0
    for m in _EOL.finditer(text):
        out.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text), len(text)))
    return out


def _cue(text: str, lines, name: str, payload: range) -> Cue:
    """A cue from the line numbers of its text (blank lines at the end are the separator)."""
    rows = [n for n in payload if text[lines[n][0] : lines[n][1]].strip()]
    if not rows:
        at = lines[payload.start][0] if payload else lines[payload.start - 1][2]
        return Cue(name, at, at, (), "\n")
    first, last = payload.start, rows[-1]
    newline = next((text[e:end] for _, e, end in lines[first - 1 :] if end > e), "\n")
    content = tuple(text[s:e] for s, e, _ in lines[first : last + 1])
    return Cue(name, lines[first][0], lines[last][1], content, newline)


class SrtFormat(SubtitleFormat):
    name = "srt"
    title = "SubRip subtitles"
    suffixes = (".srt",)

    def cues(self, text: str, lines: list[tuple[int, int, int]], path: Path | None) -> list[Cue]:
        row = [text[s:e] for s, e, _ in lines]
        headers = []  # (first line, line after the timing, the cue's number or None)
        n = 0
        while n < len(row):
            if _NUMBER.match(row[n]) and n + 1 < len(row) and _TIMING.match(row[n + 1]):
                headers.append((n, n + 2, row[n].strip()))
                n += 2
            elif _TIMING.match(row[n]):
                headers.append((n, n + 1, None))
                n += 1
            else:
                n += 1
        if not headers and text.strip():
            raise InputError(
                f"{path or '<stdin>'}: no subtitle cues (an SRT cue is a number, a line like"
                " 00:00:01,000 --> 00:00:02,500, then its text)"
            )
        cues = []
        # Text runs until the next cue's number and timing, blank lines in it included, as
        # players read it.
        for k, (_, after, number) in enumerate(headers):
            until = headers[k + 1][0] if k + 1 < len(headers) else len(row)
            start_time = row[after - 1].split("-->")[0].strip()
            name = f"{number or k + 1} ({start_time})"
            cues.append(_cue(text, lines, name, range(after, until)))
        return cues


class VttFormat(SubtitleFormat):
    name = "vtt"
    title = "WebVTT subtitles"
    suffixes = (".vtt",)

    def cues(self, text: str, lines: list[tuple[int, int, int]], path: Path | None) -> list[Cue]:
        row = [text[s:e] for s, e, _ in lines]
        if not row or not _WEBVTT.match(row[0]):
            where = path or "<stdin>"
            raise InputError(f"{where}: not a WebVTT file (its first line is not WEBVTT)")
        blocks, current = [], []  # runs of non-blank lines; the first is the header
        for n, line in enumerate(row):
            if line.strip():
                current.append(n)
            elif current:
                blocks.append(current)
                current = []
        if current:
            blocks.append(current)
        cues = []
        for block in blocks[1:]:
            head = row[block[0]]
            if _VTT_OTHER.match(head):
                continue  # NOTE, STYLE and REGION blocks stay as they are
            # The timing line is the first, or the second after the cue's identifier.
            timing = next((t for t in block[:2] if "-->" in row[t]), None)
            if timing is None:
                continue  # not a cue: players ignore it, and so does the translation
            start_time = row[timing].split("-->")[0].strip()
            ident = head.strip() if timing != block[0] else str(len(cues) + 1)
            name = f"{ident} ({start_time})"
            cues.append(_cue(text, lines, name, range(timing + 1, block[-1] + 1)))
        return cues


def _document(text: str, cues: list[Cue], fmt: SubtitleFormat, bom: bool) -> SubtitleDocument:
    groups: list[list[int]] = []
    for i, cue in enumerate(cues):
        if not has_words(cue.markup.text):
            continue  # "♪", markup alone, an empty cue: kept as it is
        last = groups[-1] if groups else None
        if (
            last
            and last[-1] == i - 1
            and len(last) < MAX_CUES
            and continues(cues[i - 1].markup.text, cue.markup.text)
        ):
            last.append(i)
        else:
            groups.append([i])
    blocks = [_block([cues[i].markup for i in group]) for group in groups]
    document = SubtitleDocument(blocks, lambda targets: "", fmt.name, None)
    document.cues, document.groups, document.bom = cues, groups, bom
    document.max_chars, document.max_lines = fmt.max_chars, fmt.max_lines

    def render(targets: Sequence[str]) -> str:
        edits = [
            (cue.start, cue.end, cue.newline.join(lines))
            for cue, (lines, _) in zip(cues, document.layout(targets), strict=True)
            if lines is not None
        ]
        out, pos = [], 0
        for start, end, new in edits:
            out += [text[pos:start], new]
            pos = end
        out.append(text[pos:])
        return "".join(out)

    document.render_blocks = render
    return document


def _block(cues: Sequence[Markup]) -> Block:
    """One block of the cues' texts joined by spaces, their spans moved to where they are."""
    protected: list[Span] = []
    tags: list[Tag] = []
    pos = 0
    for cue in cues:
        protected += [s.shift(pos) for s in cue.protected]
        tags += [Tag(o.shift(pos), c.shift(pos)) for o, c in cue.tags]
        pos += len(cue.text) + 1
    text = " ".join(cue.text for cue in cues)
    pieces = [s for tag in tags for s in (tag.open, tag.close)]
    protected += [s for s in find_protected(text) if not s.overlaps_any(pieces)]
    return Block(text, tuple(merge(protected)), tuple(tags))


SRT = SrtFormat()
VTT = VttFormat()
