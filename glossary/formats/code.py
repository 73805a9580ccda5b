"""Code in a word processor's document: the styles that mark it, by name (LibreOffice's
"Preformatted Text" and "Source Text", Word's "HTML Preformatted" and "HTML Code", pandoc's
"Source Code" and "Verbatim Char") or by a monospace font. A paragraph in such a style is not
translated and a run or span in one passes through as it is, as Markdown's code does."""

from __future__ import annotations

_NAMES = {
    "code",
    "code block",
    "html code",
    "html keyboard",
    "html preformatted",
    "html sample",
    "html typewriter",
    "inline code",
    "macro text",
    "preformatted text",
    "source code",
    "source text",
    "teletype",
    "verbatim char",
}
_JOINED = {n.replace(" ", "") for n in _NAMES}  # style ids: "SourceText", "HTMLCode"
_MONOSPACE = {
    "andale mono",
    "cascadia code",
    "consolas",
    "courier",
    "courier new",
    "fira code",
    "hack",
    "inconsolata",
    "jetbrains mono",
    "lucida console",
    "lucida sans typewriter",
    "menlo",
    "monaco",
    "monospace",
    "source code pro",
}


def code_name(name: str | None) -> bool:
    """A style name that says code ("Source Text", "Source_20_Text", "SourceText", "HTML
    Code Char")."""
    if not name:
        return False
    words = " ".join(name.replace("_20_", " ").replace("_", " ").lower().split())
    # " Char": Word's character style linked to a paragraph style ("HTML Preformatted Char").
    return any(
        w in _NAMES or w.replace(" ", "") in _JOINED for w in (words, words.removesuffix(" char"))
    )


def monospace(font: str | None) -> bool:
    """A font family of fixed-width letters ("Courier New", "'DejaVu Sans Mono'")."""
    if not font:
        return False
    family = font.split(",")[0].strip(" '\"").lower()
    return family in _MONOSPACE or family.endswith((" mono", " monospace"))
