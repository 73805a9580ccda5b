"""An HTML file's source: its character encoding (read and written back the same way) and its
tokens with their exact positions, so that every byte outside the translated text is kept."""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from glossary.errors import InputError
from glossary.span import Span

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Where an HTML file says its encoding, in its first 1024 bytes (the HTML standard's prescan).
_XML_DECL = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']?([\w.:-]+)""", re.I)
_META = re.compile(rb"<meta\b[^>]*?>", re.I)
_META_CHARSET = re.compile(rb"""\bcharset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# An attribute of a start tag as html.parser reads it: name, then `= value` (quoted or not).
_ATTR = re.compile(
    r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*"""
)
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")


@dataclass(frozen=True)
class Encoding:
    """How the file's bytes are text: the codec, and the byte-order mark it started with."""

    codec: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        # A character the encoding lacks (a curly quote in ISO-8859-1) becomes a character
        # reference, which means the same in text and attribute values.
        return self.bom + text.encode(self.codec, errors="xmlcharrefreplace")


def decode(data: bytes, path: Path | None) -> tuple[str, Encoding]:
    """The file's text and encoding: a byte-order mark, else the encoding the file declares
    (XML declaration, <meta charset>, <meta http-equiv>), else UTF-8."""
    where = path or "<stdin>"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], codec, where, "text"), Encoding(codec, bom)
    label = declared_charset(data)
    if label is None:
        text = _decode(data, "utf-8", where, "UTF-8 text, and it declares no charset")
        return text, Encoding("utf-8")
    try:
        codec = codecs.lookup(label.decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        shown = label.decode("ascii", errors="replace")
        raise InputError(f"{where}: declares an unknown charset '{shown}'") from None
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        codec = "utf-8"  # without a byte-order mark, the standard reads such a file as UTF-8
    text = _decode(data, codec, where, f"{codec} text, as it declares")
    return text, Encoding(codec)


def declared_charset(data: bytes) -> bytes | None:
    head = data[:1024]
    found = _XML_DECL.match(head)
    if found:
        return found.group(1)
    for meta in _META.finditer(head):
        charset = _META_CHARSET.search(meta.group())
        if charset:
            return charset.group(1)
    return None


def _decode(data: bytes, codec: str, where: object, what: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise InputError(f"{where}: not {what} (invalid byte at offset {e.start})") from None


# Tokens -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attr:
    """An attribute of a start tag: its name, its value as the browser reads it (entities
    decoded), where the value's characters are in the file, and how it is quoted."""

    name: str
    value: str | None
    span: Span | None = None  # the value inside its quotes; None when its place is unknown
    quote: str = ""


@dataclass(frozen=True)
class Token:
    """A piece of the file: `text` (a run of characters or one character reference), `start`,
    `end` (a tag), `comment`, `decl`, `pi` or `other` (bytes the parser skips, such as "</>").
    Tokens are contiguous: each ends where the next starts."""

    kind: str
    start: int
    end: int
    tag: str = ""
    attrs: tuple[Attr, ...] = ()
    decoded: str = ""  # text tokens: the characters they stand for

    def attr(self, name: str) -> str | None:
        return next((a.value for a in self.attrs if a.name == name), None)


class _Recorder(HTMLParser):
    """Python's HTML tokenizer, noting where each token starts; it never raises on bad markup."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        # (offset, kind, payload, attributes, raw start tag) of each token, in order
        self.found: list[tuple[int, str, str, list[tuple[str, str | None]], str]] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _note(self, kind: str, payload: str = "", attrs=(), raw: str = "") -> None:
        self.found.append((self._at(), kind, payload, list(attrs), raw))

    def handle_starttag(self, tag, attrs):
        self._note("start", tag, attrs, self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs):
        self._note("start", tag, attrs, self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        self._note("end", tag)

    def handle_data(self, data):
        self._note("text", data)

    def handle_entityref(self, name):
        self._note("ref", "&" + name)

    def handle_charref(self, name):
        self._note("ref", "&#" + name)

    def handle_comment(self, data):
        self._note("comment")

    def handle_decl(self, decl):
        self._note("decl")

    def handle_pi(self, data):
        self._note("pi")

    def unknown_decl(self, data):
        self._note("decl")


def tokenize(text: str) -> list[Token]:
    """The file's tokens, covering every character of it exactly once."""
    recorder = _Recorder(text)
    recorder.feed(text)
    recorder.close()
    found = [f for f in recorder.found if 0 <= f[0] <= len(text)]
    tokens: list[Token] = []
    for n, (start, kind, payload, attrs, tag) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(text)
        if end <= start:
            continue
        tokens += _tokens(text, start, end, kind, payload, attrs, tag)
    if tokens and tokens[0].start > 0:
        tokens.insert(0, Token("other", 0, tokens[0].start))
    if not tokens and text:
        tokens.append(Token("other", 0, len(text)))
    return tokens


def _tokens(text, start, end, kind, payload, attrs, tag) -> list[Token]:
    """One recorded token, checked against the text; what the parser skipped after it (or a
    token whose text is not what the parser said) is `other`, kept as it is."""
    raw = text[start:end]
    length, made = 0, []
    if kind == "text" and raw.startswith(payload):
        length, made = len(payload), [Token("text", start, start + len(payload), decoded=payload)]
    elif kind == "ref" and raw.startswith(payload):
        length = len(payload) + (raw[len(payload) : len(payload) + 1] == ";")
        made = [Token("text", start, start + length, decoded=html.unescape(raw[:length]))]
    elif kind == "start" and tag and raw.startswith(tag):
        length = len(tag)
        made = [Token("start", start, start + length, payload, _attrs(text, start, length, attrs))]
    elif kind == "end" and raw.startswith("</") and ">" in raw:
        length = raw.index(">") + 1
        made = [Token("end", start, start + length, payload)]
    elif kind in ("comment", "decl", "pi"):
        length, made = len(raw), [Token(kind, start, end, payload)]
    if start + length < end:
        made.append(Token("other", start + length, end))
    return made


def _attrs(text: str, start: int, length: int, parsed) -> tuple[Attr, ...]:
    """The parser's attributes with where each value is; when our reading of the tag does not
    agree with the parser's, the places are left unknown (so the values are not changed)."""
    raw = text[start : start + length]
    head = _TAG_NAME.match(raw)
    found: list[Attr] = []
    pos = head.end() if head else len(raw)
    while pos < len(raw):
        m = _ATTR.match(raw, pos)
        if not m or m.end() == pos:
            break
        name, value = m.group(1).lower(), m.group(3)
        if value is None or not m.group(2):
            found.append(Attr(name, None))
        else:
            quote = value[0] if value[:1] in "\"'" and value[-1:] == value[:1] else ""
            inner = value[1:-1] if quote else value
            at = start + m.start(3) + (1 if quote else 0)
            found.append(Attr(name, html.unescape(inner), Span(at, at + len(inner)), quote))
        pos = m.end()
    agree = [(a.name, a.value or None) for a in found] == [(n, v or None) for n, v in parsed]
    if agree:
        return tuple(found)
    return tuple(Attr(n, v) for n, v in parsed)
