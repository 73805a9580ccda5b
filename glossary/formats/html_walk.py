"""Reading an HTML document's tokens as a browser builds its elements (implied end tags, the
elements that hold text, what must not be translated) and gathering the blocks: the text of
each element with its inline markup, and the attributes people read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from glossary.document import Block, LeftOut
from glossary.formats.html_blocks import (
    SPACE,
    Item,
    Piece,
    Text,
    TextBlock,
    build,
    escape_attribute,
    language_links,
    menu_entries,
)
from glossary.formats.html_source import Attr, Token
from glossary.protect import find_protected
from glossary.span import Span

VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
# Elements inside a sentence: their tags go around the words they mark.
INLINE = frozenset(
    "a abbr acronym b bdi bdo big cite data del dfn em font i ins mark nobr q rb rp rt rtc ruby "
    "s small span strike strong sub sup time tt u var".split()
)
VOID_INLINE = frozenset("br img wbr input embed".split())  # kept in place inside a sentence
CODE_INLINE = frozenset("code kbd samp".split())  # inline, kept whole with what they hold
# Nothing inside these is text to translate, whatever their attributes say.
LOCKED = CODE_INLINE | frozenset(
    "pre script style template textarea svg math xmp listing plaintext noembed".split()
)
# A start tag of these closes an open <p> (the HTML parsing rules).
CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu nav "
    "ol p pre section summary table ul".split()
)
# Start tag -> (elements it closes, elements that stop the search).
_IMPLIED = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr"}, {"table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot"}, {"table"}),
    "option": ({"option"}, {"select", "datalist", "optgroup"}),
    "optgroup": ({"option", "optgroup"}, {"select"}),
    "a": ({"a"}, set()),
}
_P_SCOPE = frozenset("table td th caption button template object marquee applet html".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
TEXT_ATTRIBUTES = frozenset("title alt aria-label aria-description placeholder".split())
META_TEXT = frozenset(
    "description og:title og:description twitter:title twitter:description".split()
)
_BUTTON_INPUTS = frozenset("submit button reset".split())
# A title here names a style sheet or is not shown: not text for people.
_NO_TEXT_ATTRIBUTES = frozenset("base head link meta script style".split())
_CONTEXTS = {
    **{h: "heading" for h in _HEADINGS},
    "title": "page title",
    "p": "paragraph",
    "li": "list item",
    "td": "table cell",
    "th": "table header",
    "caption": "table caption",
    "figcaption": "figure caption",
    "dt": "term",
    "dd": "definition",
    "label": "form label",
    "button": "button",
    "option": "menu option",
    "legend": "form legend",
    "summary": "summary",
}
_SPANISH = re.compile(r"es(?:[-_].*)?", re.I)


@dataclass
class AttributeBlock:
    """A translatable attribute value: where it is, its whitespace, and how it is quoted."""

    block: Block
    span: Span
    lead: str
    trail: str
    quote: str
    owner: int  # where its start tag begins

    def render(self, target: str, entities: dict[str, str], source: str) -> str:
        if target == self.block.text:
            return source[self.span.start : self.span.end]
        value = escape_attribute(self.lead + target + self.trail, self.quote, entities)
        return value


@dataclass
class _Open:
    """An element on the stack of open elements."""

    tag: str
    mode: str  # "on": translated; "off": translate="no" (a descendant may say yes); "locked"
    inline: bool
    piece: Piece | None = None  # its start tag, when it is markup of the current block
    capture: Piece | None = None  # the whole element, kept as one piece of the current block


class Walker:
    """Goes through the tokens keeping the stack of open elements as a browser would, and
    gathers each element's text (with its inline markup) into blocks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.stack: list[_Open] = []
        self.items: list[Item] | None = None  # the block being gathered
        self.context = "text"
        self.capture: _Open | None = None
        self.blocks: list[TextBlock | AttributeBlock] = []
        self.owned: list[AttributeBlock] = []  # attribute blocks of the current block's tags
        self.lang: list[tuple[int, int, str]] = []  # edits that make the page say "en"
        self.left_out: list[LeftOut] = []

    @property
    def mode(self) -> str:
        return self.stack[-1].mode if self.stack else "on"

    def walk(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            if token.kind == "start":
                self.start(token)
            elif token.kind == "end":
                self.end(token)
            elif token.kind == "text":
                self.text(token)
            elif self.items is not None and not self.capture:
                self.add(Piece(token.start, token.end))
            if token.kind == "other" and self.mode == "on" and not self.capture:
                self.leave_out(token.start, token.end, "markup the HTML parser could not read")
        while self.stack:
            self.pop(len(self.stack) - 1, None, len(self.source))
        self.flush()

    # Tokens

    def start(self, token: Token) -> None:
        tag = token.tag
        self.implied_ends(tag, token.start)
        if self.capture:
            if tag not in VOID:
                self.stack.append(_Open(tag, "locked", tag in INLINE))
                if self.source.startswith("/>", token.end - 2):
                    self.stack.pop()
            return
        parent, mode = self.mode, self.mode_of(token)
        if mode == "on" or tag == "html":
            self.set_lang(token)
        if tag in VOID:
            if mode == "on":
                self.attributes(token)
            if tag in VOID_INLINE and parent == "on":
                self.add(Piece(token.start, token.end))
            elif tag not in VOID_INLINE:
                self.flush()
            return
        inline = tag in INLINE or tag in CODE_INLINE
        entry = _Open(tag, mode, inline)
        if inline and parent == "on" and mode == "on":
            piece = Piece(token.start, token.end, "open", tag, attrs=_plain(token))
            entry.piece = self.add(piece)
            self.owned += self.attributes(token)
        elif inline and parent == "on":
            entry.capture = self.add(Piece(token.start, token.end, word=True))
            self.capture = entry
        elif not inline:
            self.flush()
            if mode == "on":
                self.attributes(token)
        self.stack.append(entry)
        if self.source.startswith("/>", token.end - 2):
            # <a name="x"/>, <script src="x"/> in XHTML: empty, so what follows is not inside.
            self.pop(len(self.stack) - 1, None, token.end)

    def end(self, token: Token) -> None:
        tags = [e.tag for e in self.stack]
        n = len(tags) - 1 - tags[::-1].index(token.tag) if token.tag in tags else None
        if n is not None:
            self.pop(n, token, token.start)
        elif self.capture:
            pass
        elif token.tag in INLINE and self.items is not None:
            self.add(Piece(token.start, token.end))  # a stray end tag, kept where it is
        elif token.tag not in INLINE:
            self.flush()

    def text(self, token: Token) -> None:
        if self.capture or self.mode != "on":
            return
        if self.items is None and not token.decoded.strip(SPACE):
            return
        self.add(Text(token.start, token.end, token.decoded))

    # The stack

    def pop(self, n: int, token: Token | None, at: int) -> None:
        """Close stack[n] (and, implied, everything opened after it): by its end tag `token`,
        or, when None, implied at offset `at`."""
        while len(self.stack) > n:
            entry = self.stack.pop()
            own = token if len(self.stack) == n else None
            if entry is self.capture:
                assert entry.capture is not None
                entry.capture.end = own.end if own else at
                self.capture = None
            elif self.capture:
                continue
            elif entry.inline:
                if own and self.items is not None and (entry.piece or entry.mode == "on"):
                    close = Piece(own.start, own.end, "close", entry.tag)
                    if entry.piece is not None and any(i is entry.piece for i in self.items):
                        close.partner, entry.piece.partner = entry.piece, close
                    self.add(close)
            else:
                self.flush()

    def implied_ends(self, tag: str, at: int) -> None:
        if tag in CLOSES_P:
            self.close_nearest({"p"}, _P_SCOPE, at)
        if tag in _HEADINGS and self.stack and self.stack[-1].tag in _HEADINGS:
            self.pop(len(self.stack) - 1, None, at)
        if tag in _IMPLIED:
            self.close_nearest(*_IMPLIED[tag], at)

    def close_nearest(self, tags: set[str] | frozenset[str], stops, at: int) -> None:
        for n in range(len(self.stack) - 1, -1, -1):
            if self.stack[n].tag in tags:
                self.pop(n, None, at)
                return
            if self.stack[n].tag in stops:
                return

    def mode_of(self, token: Token) -> str:
        parent = self.mode
        if parent == "locked" or token.tag in LOCKED:
            return "locked"
        translate = token.attr("translate")
        if translate is not None and translate.strip().lower() in ("yes", ""):
            return "on"
        if translate is not None and translate.strip().lower() == "no":
            return "off"
        if "notranslate" in (token.attr("class") or "").split():
            return "off"
        lang = (token.attr("lang") or "").strip()
        if lang and token.tag not in ("html", "head", "body") and not _SPANISH.fullmatch(lang):
            return "off"  # another language than Spanish: not for a Spanish engine
        return parent

    # Blocks

    def add(self, item: Item) -> Item:
        if self.items is None:
            self.items = []
            container = next((e.tag for e in reversed(self.stack) if not e.inline), "")
            self.context = _CONTEXTS.get(
                container, f"text of <{container}>" if container else "text"
            )
        self.items.append(item)
        return item

    def flush(self) -> None:
        items, self.items = self.items, None
        owned, self.owned = self.owned, []
        if not items:
            return
        items = language_links(items)
        # A link kept whole keeps its title too.
        whole = {p.start for p in items if isinstance(p, Piece) and p.tag == "a" and p.word}
        for gone in (o for o in owned if o.owner in whole):
            self.blocks.remove(gone)
        for group in menu_entries(items) or [items]:
            made = build(group, self.source, self.context)
            if made is not None:
                self.blocks.append(made)

    def attributes(self, token: Token) -> list[AttributeBlock]:
        """Blocks of the attributes of a start tag that people read."""
        made: list[AttributeBlock] = []
        kind = (token.attr("type") or "").strip().lower()
        meta = (token.attr("name") or token.attr("property") or "").strip().lower()
        for attr in token.attrs:
            readable = (
                (attr.name in TEXT_ATTRIBUTES and token.tag not in _NO_TEXT_ATTRIBUTES)
                or (attr.name == "label" and token.tag in ("track", "option", "optgroup"))
                or (attr.name == "value" and token.tag == "input" and kind in _BUTTON_INPUTS)
                or (attr.name == "content" and token.tag == "meta" and meta in META_TEXT)
            )
            block = _attribute_block(attr, token) if readable else None
            if block is not None:
                made.append(block)
            elif readable and attr.span is None and any(c.isalpha() for c in attr.value or ""):
                self.leave_out(
                    token.start, token.end, f"its {attr.name} attribute could not be read"
                )
        self.blocks += made
        return made

    def leave_out(self, start: int, end: int, reason: str) -> None:
        """Words that no block holds and nothing asked to keep: said, not silently kept."""
        text = self.source[start:end]
        if any(c.isalpha() for c in text):
            line = self.source.count("\n", 0, start) + 1
            self.left_out.append(LeftOut(line, " ".join(text.split())[:80], reason))

    def set_lang(self, token: Token) -> None:
        """The page, and its parts that said they were Spanish, now say English."""
        for attr in token.attrs:
            if attr.name in ("lang", "xml:lang") and attr.span is not None:
                if token.tag == "html" or _SPANISH.fullmatch((attr.value or "").strip()):
                    self.lang.append((attr.span.start, attr.span.end, "en"))
        if token.tag == "html" and not any(a.name == "lang" for a in token.attrs):
            at = token.start + len("<html")
            self.lang.append((at, at, ' lang="en"'))


def _plain(token: Token) -> dict[str, str]:
    return {a.name: a.value or "" for a in token.attrs}


def _attribute_block(attr: Attr, token: Token) -> AttributeBlock | None:
    value = attr.value or ""
    core = value.strip(SPACE)
    if attr.span is None or not any(c.isalpha() for c in core):
        return None
    lead = value[: len(value) - len(value.lstrip(SPACE))]
    trail = value[len(lead) + len(core) :]
    shown = re.sub(f"[{SPACE}]+", " ", core)
    if token.tag == "meta":
        context = f"meta {token.attr('name') or token.attr('property')}"
    else:
        context = f"attribute {attr.name}"
    block = Block(shown, tuple(find_protected(shown)), context=context)
    return AttributeBlock(block, attr.span, lead, trail, attr.quote, token.start)
