"""The translatable text of one HTML element as a block: character runs (entities decoded,
whitespace runs made one space for the engine) and markup pieces (inline tags as pairs, the rest
protected), and how a translation of it is written back as HTML."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from glossary.document import Block, Tag
from glossary.protect import find_protected, merge
from glossary.span import Span

Splice = Callable[[int, int], str]  # the source between two offsets, attribute edits applied

SPACE = " \t\n\r\f"  # HTML's whitespace (a no-break space is not)
_SPACE_RUN = re.compile(f"[{SPACE}]+")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*", re.I)


@dataclass
class Text:
    """A text token of the source: a run of characters, or one character reference."""

    start: int
    end: int
    decoded: str


@dataclass
class Piece:
    """Markup inside a block, kept as it is: an inline tag (`open`/`close`, paired through
    `partner`), or `solo` (a void element, a comment, code, an element not to be translated).
    `word`: it stands for words of the sentence (code, a name), so it is not trimmed off."""

    start: int
    end: int
    role: str = "solo"
    tag: str = ""
    partner: Piece | None = field(default=None, repr=False)
    word: bool = False
    attrs: dict[str, str] = field(default_factory=dict)


Item = Text | Piece


@dataclass
class _Run:
    """Consecutive text tokens: as written in the file, and as the engine sees them."""

    raw: str
    shown: str


@dataclass
class _Markup:
    """A piece in the block: its markup as the block's text shows it."""

    raw: str
    piece: Piece


@dataclass
class TextBlock:
    """A block of an element's text: where it is in the file and what it is made of."""

    block: Block
    start: int
    end: int
    parts: list[_Run | _Markup]
    wrap: tuple[int, str, int] | None  # the source's line width, indent, first column

    def render(self, target: str, splice: Splice, entities: dict[str, str]) -> str:
        """The block's target as HTML: its markup pieces found in the target (any lost ones
        put back at its end, so no tag of the source goes missing), text escaped; text the
        translation left as it was is written as the source wrote it."""
        if target == self.block.text:
            return "".join(
                p.raw if isinstance(p, _Run) else splice(p.piece.start, p.piece.end)
                for p in self.parts
            )
        as_written: dict[str, str] = {}
        for part in self.parts:
            if isinstance(part, _Run):
                as_written.setdefault(part.shown, part.raw)
        markups = [p for p in self.parts if isinstance(p, _Markup)]
        chunks: list[tuple[str, bool]] = []  # (HTML, translated text that may be wrapped)
        for item in _cut(target, markups):
            if isinstance(item, _Markup):
                chunks.append((splice(item.piece.start, item.piece.end), False))
            elif item in as_written:
                chunks.append((as_written[item], False))
            else:
                chunks.append((escape_text(item, entities), True))
        return _wrap(chunks, self.wrap) if self.wrap else "".join(c for c, _ in chunks)


def _cut(target: str, markups: Sequence[_Markup]) -> list[str | _Markup]:
    """The target cut into text and the block's pieces: the k-th copy of a piece's markup in
    the target is the k-th piece written so. Pieces the target lost go at its end."""
    queues: dict[str, list[_Markup]] = {}
    for markup in markups:
        queues.setdefault(markup.raw, []).append(markup)
    firsts = {raw[0] for raw in queues}
    longest_first = sorted(queues, key=len, reverse=True)
    out: list[str | _Markup] = []
    pos = last = 0
    while pos < len(target):
        if target[pos] in firsts:
            raw = next((r for r in longest_first if queues[r] and target.startswith(r, pos)), "")
            if raw:
                if last < pos:
                    out.append(target[last:pos])
                out.append(queues[raw].pop(0))
                pos = last = pos + len(raw)
                continue
        pos += 1
    if last < len(target):
        out.append(target[last:])
    lost = sorted((m for queue in queues.values() for m in queue), key=lambda m: m.piece.start)
    if lost:
        tail = out.pop() if out and isinstance(out[-1], str) and not out[-1].strip() else None
        out += lost + ([tail] if tail else [])
    # A closing tag the translation put before its opening one: the two change places.
    where = {id(m.piece): n for n, m in enumerate(out) if isinstance(m, _Markup)}
    for n, item in enumerate(list(out)):
        if isinstance(item, _Markup) and item.piece.role == "open" and item.piece.partner:
            close = where.get(id(item.piece.partner))
            if close is not None and close < n:
                out[n], out[close] = out[close], out[n]
                where[id(item.piece)], where[id(item.piece.partner)] = close, n
    return out


def build(items: list[Item], source: str, context: str) -> TextBlock | None:
    """The block of an element's items, or None when it has no words to translate. Markup at
    either end (an inline tag around the whole text, a comment, a <br>) is left outside it."""
    items = _unambiguous(_trim(items, source), source)
    if not any(isinstance(i, Text) and any(c.isalnum() for c in i.decoded) for i in items):
        return None
    parts: list[_Run | _Markup] = []
    for item in items:
        if isinstance(item, Piece):
            parts.append(_Markup(source[item.start : item.end], item))
        elif parts and isinstance(parts[-1], _Run):
            parts[-1].raw += source[item.start : item.end]
            parts[-1].shown += item.decoded
        else:
            parts.append(_Run(source[item.start : item.end], item.decoded))
    text, protected = "", []
    spans: dict[int, Span] = {}  # id of a piece -> where its markup is in the block's text
    for part in parts:
        if isinstance(part, _Run):
            part.shown = _SPACE_RUN.sub(" ", part.shown)
            protected += [s.shift(len(text)) for s in find_protected(part.shown)]
            text += part.shown
        else:
            spans[id(part.piece)] = Span(len(text), len(text) + len(part.raw))
            text += part.raw
    tags = []
    for item in items:
        if not isinstance(item, Piece):
            continue
        paired = item.partner is not None and id(item.partner) in spans
        if item.role == "open" and paired:
            tags.append(Tag(spans[id(item)], spans[id(item.partner)]))
        elif item.role == "solo" or not paired:
            protected.append(spans[id(item)])
    block = Block(text, tuple(merge(protected)), tuple(tags), context=context)
    start, end = items[0].start, items[-1].end
    return TextBlock(block, start, end, parts, _wrap_of(parts, source, start, end))


def language_links(items: list[Item]) -> list[Item]:
    """A link whose text is the code of the language it leads to ("en", "fr" in a language
    menu) is a name, not Spanish: the whole link becomes one piece, kept as it is."""
    out: list[Item] = []
    n = 0
    while n < len(items):
        item = items[n]
        close = _close_of(item, items, n)
        if close is not None and isinstance(item, Piece) and item.tag == "a":
            inner = items[n + 1 : close]
            words = "".join(i.decoded for i in inner if isinstance(i, Text)).strip(SPACE + "\xa0")
            if all(isinstance(i, Text) for i in inner) and _names_language(words, item.attrs):
                out.append(Piece(item.start, items[close].end, tag="a", word=True))
                n = close + 1
                continue
        out.append(item)
        n += 1
    return out


def _close_of(item: Item, items: list[Item], n: int) -> int | None:
    if not isinstance(item, Piece) or item.role != "open" or item.partner is None:
        return None
    return next((k for k in range(n + 1, len(items)) if items[k] is item.partner), None)


def menu_entries(items: list[Item]) -> list[list[Item]] | None:
    """A menu, a breadcrumb trail or a list of links ("<a>Módulos</a> | <a>Directivas</a>")
    is made of separate names: each element becomes a block of its own, so that an engine
    does not read them as one phrase and move words from one link into another. None when
    the items are a sentence (words outside the elements, or only spaces between them)."""
    entries: list[tuple[int, int]] = []
    gaps: list[str] = []
    gap = ""
    n = 0
    while n < len(items):
        item = items[n]
        close = _close_of(item, items, n)
        if close is not None:
            if entries:
                gaps.append(gap)
            entries.append((n, close))
            gap, n = "", close + 1
            continue
        if isinstance(item, Text):
            if any(c.isalnum() for c in item.decoded):
                return None
            gap += item.decoded
        n += 1
    worded = [
        (a, b)
        for a, b in entries
        if any(isinstance(i, Text) and any(c.isalnum() for c in i.decoded) for i in items[a:b])
    ]
    separated = all(g.strip(SPACE + "\xa0") for g in gaps)
    if len(worded) < 2 or not separated:
        return None
    return [items[a : b + 1] for a, b in worded]


def _names_language(words: str, attrs: dict[str, str]) -> bool:
    if not _LANGUAGE_CODE.fullmatch(words):
        return False
    code = re.escape(words)
    hreflang = attrs.get("hreflang", "")
    in_href = re.search(rf"(?:^|[/._?=&])({code})(?:$|[/._&#])", attrs.get("href", ""), re.I)
    return words.lower() == hreflang.lower() or in_href is not None


def _trim(items: list[Item], source: str) -> list[Item]:
    """Items without the markup and whitespace at either end."""
    while items:
        first, last = items[0], items[-1]
        if isinstance(first, Text) and _blank(first, source):
            items = items[1:]
        elif isinstance(last, Text) and _blank(last, source):
            items = items[:-1]
        elif isinstance(first, Piece) and first.role == "open" and first.partner is last:
            items = items[1:-1]
        elif isinstance(first, Piece) and _loose(first, items):
            items = items[1:]
        elif isinstance(last, Piece) and _loose(last, items):
            items = items[:-1]
        else:
            break
    if items and isinstance(items[0], Text):
        items[0] = _strip(items[0], source, leading=True)
    if items and isinstance(items[-1], Text):
        items[-1] = _strip(items[-1], source, leading=False)
    return items


def _unambiguous(items: list[Item], source: str) -> list[Item]:
    """Text that reads like one of the block's tags ("&lt;b&gt;" beside a real <b>) is kept as
    it is written, so that a translation can't mistake the one for the other."""
    raws = {source[p.start : p.end] for p in items if isinstance(p, Piece)}
    out: list[Item] = []
    n = 0
    while n < len(items):
        item = items[n]
        last = _reads_as_tag(items, n, raws)
        out.append(item if last is None else Piece(item.start, items[last].end, word=True))
        n = n + 1 if last is None else last + 1
    return out


def _reads_as_tag(items: list[Item], n: int, raws: set[str]) -> int | None:
    """Where text from items[n] on that reads as a tag of the block ends (the last item),
    or None when it does not."""
    first = items[n]
    if not raws or not isinstance(first, Text) or first.decoded != "<":
        return None
    following = ""
    for k in range(n, len(items)):
        item = items[k]
        if not isinstance(item, Text):
            break
        following += item.decoded
        if following in raws:
            return k
        if not any(raw.startswith(following) for raw in raws):
            break
    # The tag reads on inside a longer run of text: the "<" alone is kept as written.
    return n if any(following.startswith(raw) for raw in raws) else None


def _blank(item: Text, source: str) -> bool:
    return source[item.start : item.end] == item.decoded and not item.decoded.strip(SPACE)


def _loose(piece: Piece, items: list[Item]) -> bool:
    """Markup at an end of the block with no words in it and no partner inside the block."""
    if piece.word:
        return False
    return piece.role == "solo" or not any(i is piece.partner for i in items)


def _strip(item: Text, source: str, leading: bool) -> Text:
    if source[item.start : item.end] != item.decoded:  # a character reference: kept whole
        return item
    if leading:
        kept = item.decoded.lstrip(SPACE)
        return Text(item.end - len(kept), item.end, kept)
    kept = item.decoded.rstrip(SPACE)
    return Text(item.start, item.start + len(kept), kept)


# Writing text back -----------------------------------------------------------------------


def escape_text(text: str, entities: dict[str, str]) -> str:
    """Translated text as HTML: & < > escaped, and the characters the source wrote only as
    references (&nbsp;, &#243;) written the same way."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(entities.get(c, c) for c in out) if entities else out


def escape_attribute(value: str, quote: str, entities: dict[str, str]) -> str:
    """A translated attribute value, quoted as the source quoted it (an unquoted value that now
    needs quotes gets double ones)."""
    value = value.replace("&", "&amp;")
    if entities:
        value = "".join(entities.get(c, c) for c in value)
    if not quote:
        if value and not re.search(r"[\s\"'=<>`]", value):
            return value
        return '"' + value.replace('"', "&quot;") + '"'
    return value.replace(quote, "&quot;" if quote == '"' else "&#39;")


def _wrap_of(parts: list[_Run | _Markup], source: str, start: int, end: int):
    """A block hard-wrapped in the source is wrapped the same way: its longest line, the indent
    of its second line, the column it starts at."""
    newline = next((r.raw for r in parts if isinstance(r, _Run) and "\n" in r.raw), None)
    if newline is None:
        return None
    line_start = source.rfind("\n", 0, start) + 1
    width = max(len(line) for line in source[line_start:end].split("\n"))
    after = newline[newline.index("\n") + 1 :]
    indent = after[: len(after) - len(after.lstrip(" \t"))]
    return width, indent, start - line_start


def _wrap(chunks: list[tuple[str, bool]], wrap: tuple[int, str, int]) -> str:
    """Chunks joined, the spaces of translated text turned into line breaks where a line
    would grow longer than the source's lines."""
    width, indent, column = wrap
    out: list[str] = []
    for n, (html, free) in enumerate(chunks):
        if not free:
            out.append(html)
            column = len(html) - html.rfind("\n") - 1 if "\n" in html else column + len(html)
            continue
        words = html.split(" ")
        for k, word in enumerate(words):
            if k:
                following = len(word) or _next_length(chunks, n)
                if column + 1 + following > width and column > len(indent):
                    out.append("\n" + indent)
                    column = len(indent)
                else:
                    out.append(" ")
                    column += 1
            out.append(word)
            column += len(word)
    return "".join(out)


def _next_length(chunks: list[tuple[str, bool]], n: int) -> int:
    """The length of what follows a space at the end of a chunk, up to the next space."""
    for html, _ in chunks[n + 1 :]:
        cut = re.search(r"[ \n]", html)
        if cut:
            return cut.start()
    return 0
