"""Markdown: paragraphs, headings, list items, quotes and table cells are blocks; code, HTML, front
matter and markers stay as they are, and any other line with words in it is reported as left
untranslated."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS, mdTrim
from markdown_it.helpers import parseLinkLabel
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from glossary.document import Block, Document, LeftOut
from glossary.formats import MonolingualFormat, decode_text
from glossary.protect import find_protected, merge
from glossary.span import Span

Region = tuple[int, int]  # [start, end) of one line's share of a block
BlockRule = Callable[[StateBlock, int, int, bool], bool]
InlineRule = Callable[[StateInline, bool], bool]
Marks = Callable[[StateInline, int, int], list[Span]]

_NEWLINE = re.compile(r"\r\n?|\n")  # the line endings markdown-it normalizes to "\n"
_CHAINS = ("paragraph", "reference", "blockquote", "list")
# Keys of the markdown-it `env` dict, which is per parse, so recording there is thread safe.
_REGIONS = "glossary.regions"
_MARKS = "glossary.marks"
_DELIMS = "glossary.delimiters"
_SRC_LEN = "glossary.src_len"
_REFERENCES = "glossary.references"  # line ranges of link reference definitions
_TOO_DEEP = "glossary.too_deep"  # line ranges markdown-it skipped, nested beyond MAX_NESTING
# Lists and quotes nested this deep are still read (markdown-it's own default preset; the
# CommonMark preset's 20 left lists deeper than 10 levels in Spanish). Parsing stays linear in
# the input up to here; deeper text is reported, not translated.
MAX_NESTING = 100
# Tokens whose lines are left as they are on purpose.
_VERBATIM = frozenset({"fence", "code_block", "html_block", "front_matter"})


class MarkdownFormat(MonolingualFormat):
    name = "md"
    title = "Markdown (CommonMark, with front matter)"
    suffixes = (".md", ".markdown")

    def parse(self, data: bytes, path: Path | None = None) -> Document:
        return parse_markdown(decode_text(data, path))


def parse_markdown(text: str) -> Document:
    """Blocks of translatable inline source; code, HTML, front matter and markers stay as is."""
    env: dict[str, Any] = {_REGIONS: [], _REFERENCES: [], _TOO_DEEP: []}
    tokens = _BLOCK_PARSER.parse(text, env)
    lines = _Lines(text)
    blocks: list[list[Region]] = []
    for regions in sorted([lines.original(r) for r in block] for block in env[_REGIONS]):
        # Only a bug could make blocks overlap; dropping one keeps the rest of the file intact.
        if not blocks or regions[0][0] >= blocks[-1][-1][1]:
            blocks.append(regions)
    references = env.get("references")
    texts = ["\n".join(text[s:e] for s, e in regions) for regions in blocks]

    def render(targets: Sequence[str]) -> str:
        return _render(text, lines, blocks, targets)

    document = Document([Block(t, _protected(t, references)) for t in texts], render, "md")
    document.left_out = _left_out(text, lines, blocks, tokens, env)
    return document


def _left_out(
    text: str, lines: _Lines, blocks: list[list[Region]], tokens: list[Token], env: dict
) -> list[LeftOut]:
    """Lines with letters outside every block and every verbatim region: text that would
    otherwise stay in Spanish without a word (nested too deep, or a block whose source could
    not be matched)."""
    verbatim = [(t.map[0], t.map[1]) for t in tokens if t.type in _VERBATIM and t.map]
    skipped = [False] * len(lines.starts)
    for start, end in verbatim + env[_REFERENCES]:
        skipped[start:end] = [True] * (end - start)
    too_deep = [False] * len(lines.starts)
    for start, end in env[_TOO_DEEP]:
        too_deep[start:end] = [True] * (end - start)
    covered: dict[int, list[Region]] = {}
    for regions in blocks:
        for region in regions:
            covered.setdefault(lines.line_of(region[0]), []).append(region)
    found = []
    for line, (start, end) in enumerate(zip(lines.starts, lines.ends, strict=True)):
        if skipped[line]:
            continue
        rest, pos = [], start
        for s, e in sorted(covered.get(line, [])):
            rest.append(text[pos:s])
            pos = e
        rest.append(text[pos:end])
        if any(c.isalpha() for piece in rest for c in piece):
            reason = (
                f"nested too deep to be read (lists deeper than {MAX_NESTING // 2 - 1}"
                f" levels, quotes deeper than {MAX_NESTING - 1})"
                if too_deep[line]
                else "in no paragraph, heading, list item, quote or table cell the reader found"
            )
            found.append(LeftOut(line + 1, text[start:end], reason))
    return found


class _Lines:
    """Line starts and ends in the original text and in markdown-it's normalized copy of it."""

    def __init__(self, text: str) -> None:
        breaks = list(_NEWLINE.finditer(text))
        self.starts = [0] + [m.end() for m in breaks]
        self.ends = [m.start() for m in breaks] + [len(text)]
        # Normalization only shortens "\r\n" to "\n", so each line keeps its length.
        self.normalized = [0]
        for start, end in zip(self.starts, self.ends[:-1], strict=False):
            self.normalized.append(self.normalized[-1] + end - start + 1)

    def line_of(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def original(self, region: Region) -> Region:
        line = bisect_right(self.normalized, region[0]) - 1
        shift = self.starts[line] - self.normalized[line]
        return region[0] + shift, region[1] + shift


def _render(text: str, lines: _Lines, blocks: list[list[Region]], targets: Sequence[str]) -> str:
    edits: list[tuple[int, int, str]] = []
    for regions, target in zip(blocks, targets, strict=True):
        parts = target.split("\n")
        if len(parts) == len(regions):
            edits += [(s, e, part) for (s, e), part in zip(regions, parts, strict=True)]
            continue
        # A bare newline would fall out of a list item, quote, heading or table cell.
        edits.append((*regions[0], " ".join(p for p in map(mdTrim, parts) if p)))
        for start, _ in regions[1:]:
            line = lines.line_of(start)
            # The whole line goes, container prefix included, so no blank line splits the block.
            edits.append((lines.ends[line - 1], lines.ends[line], ""))
    out, pos = [], 0
    for start, end, new in sorted(edits):
        out += [text[pos:start], new]
        pos = end
    out.append(text[pos:])
    return "".join(out)


# Block structure: where each paragraph, heading and table cell sits in the source.


def _record_block(rule: BlockRule) -> BlockRule:
    @wraps(rule)
    def recorded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        first = len(state.tokens)
        found = rule(state, start_line, end_line, silent)
        if found and not silent:
            state.env[_REGIONS].extend(_block_regions(state, state.tokens[first:]))
        return found

    return recorded


def _record_reference(rule: BlockRule) -> BlockRule:
    @wraps(rule)
    def recorded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        found = rule(state, start_line, end_line, silent)
        if found and not silent:
            state.env[_REFERENCES].append((start_line, state.line))
        return found

    return recorded


def _record_depth(md: MarkdownIt) -> None:
    """Note the lines markdown-it skips without a token because they are nested too deep."""
    tokenize = md.block.tokenize

    def tokenize_noting_depth(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level >= md.options.maxNesting and start_line < end_line:
            state.env[_TOO_DEEP].append((start_line, end_line))
        tokenize(state, start_line, end_line)

    md.block.tokenize = tokenize_noting_depth  # type: ignore[method-assign]


def _block_regions(state: StateBlock, tokens: list[Token]) -> list[list[Region]]:
    """Regions of the inline tokens a block rule just pushed, checked against their content;
    a block whose source cannot be matched exactly is left out, so it stays untouched."""
    if tokens[0].type == "table_open":
        return _table_regions(state, tokens)
    opening, inline = tokens[0], tokens[1]
    if not inline.map or not inline.content:
        return []
    src, lines = state.src, range(*inline.map)
    if opening.type == "heading_open" and opening.markup.startswith("#"):
        line = lines[0]
        text_start = state.skipCharsStr(state.bMarks[line] + state.tShift[line], "#")
        regions = [_fit(src, text_start, state.eMarks[line], inline.content)]
    else:
        pieces = inline.content.split("\n")
        if len(pieces) != len(lines):
            return []
        regions = [
            _fit(src, state.bMarks[n] + state.tShift[n], state.eMarks[n], piece)
            for n, piece in zip(lines, pieces, strict=True)
        ]
    found = [region for region in regions if region]
    return [found] if len(found) == len(regions) else []


def _table_regions(state: StateBlock, tokens: list[Token]) -> list[list[Region]]:
    found: list[list[Region]] = []
    cells: list[Region] = []
    for token in tokens + [Token("tr_open", "tr", 1)]:
        if token.type == "tr_open":
            # Cells beyond the header's count have no token, but they are text of the file.
            found += [[cell] for cell in cells if cell[1] > cell[0]]
            cells = _cells(state, token.map[0]) if token.map else []
        elif token.type == "inline":
            # Rows may have fewer cells than the header (filled in empty).
            cell = cells.pop(0) if cells else (0, 0)
            text = state.src[cell[0] : cell[1]]
            if text and text.replace("\\|", "|") == token.content:
                found.append([cell])
    return found


def _fit(src: str, start: int, end: int, piece: str) -> Region | None:
    """Where `piece` (trimmed) sits in src[start:end], right after any leading whitespace."""
    piece = mdTrim(piece)
    begin = end - len(src[start:end].lstrip(MD_TRIM_CHARS))
    if not piece or not src.startswith(piece, begin, end):
        return None
    return begin, begin + len(piece)


def _cells(state: StateBlock, line: int) -> list[Region]:
    """The trimmed cells of a table row, cut at unescaped pipes like markdown-it's table rule."""
    src, start, end = state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line]
    row = src[start:end]
    start += len(row) - len(row.lstrip(MD_TRIM_CHARS))
    end = start + len(mdTrim(row))
    cuts = [i for i in range(start, end) if src[i] == "|" and (i == start or src[i - 1] != "\\")]
    columns = list(zip([start - 1, *cuts], [*cuts, end], strict=True))
    if columns and columns[0][1] == columns[0][0] + 1:
        columns.pop(0)
    if columns and columns[-1][1] == columns[-1][0] + 1:
        columns.pop()
    cells = []
    for before, after in columns:
        cell = src[before + 1 : after]
        lead = len(cell) - len(cell.lstrip(MD_TRIM_CHARS))
        cells.append((before + 1 + lead, before + 1 + lead + len(mdTrim(cell))))
    return cells


# Inline structure: which characters of a block are code, link syntax, markup.


def _protected(text: str, references: Any) -> tuple[Span, ...]:
    env: dict[str, Any] = {_MARKS: [], _DELIMS: [], _SRC_LEN: len(text)}
    if references is not None:
        env["references"] = references
    _INLINE_PARSER.parseInline(text, env)
    return tuple(merge(env[_MARKS] + find_protected(text)))


def _record_inline(marks: Marks) -> Callable[[InlineRule], InlineRule]:
    def wrap(rule: InlineRule) -> InlineRule:
        @wraps(rule)
        def recorded(state: StateInline, silent: bool) -> bool:
            start, first = state.pos, len(state.tokens)
            found = rule(state, silent)
            # An image's alt text is parsed as a separate, shorter source: ignore it.
            if found and not silent and len(state.src) == state.env.get(_SRC_LEN):
                state.env[_MARKS].extend(marks(state, start, first))
            return found

        return recorded

    return wrap


def _whole(state: StateInline, start: int, first: int) -> list[Span]:
    return [Span(start, state.pos)]


def _link_syntax(state: StateInline, start: int, first: int) -> list[Span]:
    label_end = parseLinkLabel(state, start, True)
    if label_end < 0:
        return [Span(start, state.pos)]
    return [Span(start, start + 1), Span(label_end, state.pos)]


def _escape(state: StateInline, start: int, first: int) -> list[Span]:
    token = state.tokens[-1]
    if token.type == "hardbreak":
        return [Span(start, start + 1)]
    # A backslash before a letter is no escape (a Windows path, say) and stays translatable.
    return [Span(start, state.pos)] if token.content != token.markup else []


def _delimiters(state: StateInline, start: int, first: int) -> list[Span]:
    # Whether a run of * _ ~ is markup or text is decided later, in _resolve_delimiters;
    # each pushed token holds one marker (or "~~"), preceded maybe by pending text.
    end = state.pos
    for token in reversed(state.tokens[first:]):
        if end <= start:
            break
        state.env[_DELIMS].append((Span(end - len(token.content), end), token))
        end -= len(token.content)
    return []


def _resolve_delimiters(state: StateInline) -> None:
    # Runs after the emphasis and strikethrough post-processing, before text tokens merge.
    if len(state.src) != state.env.get(_SRC_LEN):
        return
    marks: list[Span] = []
    for span, token in sorted(state.env[_DELIMS], key=lambda found: found[0]):
        if token.type != "text" or not token.content:  # an opener/closer, or its strong partner
            if marks and marks[-1].end == span.start:  # "**" is one mark, not two
                span = Span(marks.pop().start, span.end)
            marks.append(span)
    state.env[_MARKS].extend(marks)
    state.env[_DELIMS].clear()


def _replace(ruler: Ruler[Any], name: str, wrap: Callable[[Any], Any]) -> None:
    rule = dict(zip(ruler.get_active_rules(), ruler.getRules(""), strict=True))[name]
    alt = [chain for chain in _CHAINS if rule in ruler.getRules(chain)]
    ruler.at(name, wrap(rule), {"alt": alt})


def _block_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"]).use(front_matter_plugin)
    md.core.ruler.disable("inline")  # each block's inline source is parsed on its own
    for name in ("paragraph", "heading", "lheading", "table"):
        _replace(md.block.ruler, name, _record_block)
    _replace(md.block.ruler, "reference", _record_reference)
    _record_depth(md)
    return md


def _inline_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("strikethrough")
    marks: dict[str, Marks] = {
        "backticks": _whole,
        "image": _whole,
        "autolink": _whole,
        "html_inline": _whole,
        "entity": _whole,
        "escape": _escape,
        "link": _link_syntax,
        "emphasis": _delimiters,
        "strikethrough": _delimiters,
    }
    for name, how in marks.items():
        _replace(md.inline.ruler, name, _record_inline(how))
    md.inline.ruler2.before("fragments_join", "glossary_delimiters", _resolve_delimiters)
    return md


_BLOCK_PARSER = _block_parser()
_INLINE_PARSER = _inline_parser()


MARKDOWN = MarkdownFormat()
