"""Alignment of a document with its translation: paragraphs first (by length, as Gale and
Church do), then sentences where both paragraphs have as many; otherwise the paragraph is one
unit, rather than a guess that pairs the wrong sentences."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from glossary.formats import Document
from glossary.segment import sentence_spans
from glossary.span import Span, inside

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# Gale & Church's costs (-log probability): of each move, and of a length mismatch, with
# their variance of target characters per source character; and a cost per sentence that a
# pair has more on one side, as translators keep sentences more often than paragraphs.
_PAIR, _SKIP, _MERGE = 0.12, 4.6, 2.4
_VARIANCE = 6.8
_SENTENCE = 1.5


@dataclass(frozen=True)
class Passage:
    """Text of a document (a paragraph or a sentence), the spans in it that stay verbatim,
    and where it starts in the document's text (a character offset; -1 when unknown)."""

    text: str
    protected: tuple[Span, ...] = ()
    offset: int = -1


@dataclass(frozen=True)
class Unit:
    """A source passage and its translation; either may be missing (None) when a paragraph has
    no counterpart."""

    source: Passage | None
    target: Passage | None


def paragraphs(document: Document, text: str = "") -> list[Passage]:
    """The document's blocks split at blank lines; with the document's `text`, each passage
    knows its offset in it."""
    found: list[Passage] = []
    cursor = 0
    for block in document.blocks:
        pos = 0
        for part in [*_BLANK_LINE.split(block.text)]:
            start = block.text.index(part, pos)
            pos = start + len(part)
            stripped = part.strip()
            if not stripped:
                continue
            start += len(part) - len(part.lstrip())
            end = start + len(stripped)
            inner = inside(Span(start, end), block.protected)
            offset = text.find(stripped.split("\n")[0], cursor) if text else -1
            if offset >= 0:
                cursor = offset + 1
            found.append(Passage(stripped, inner, offset))
    return found


def align_paragraphs(source: Sequence[Passage], target: Sequence[Passage]) -> list[Unit]:
    """Pairs of paragraphs (two may join one), and paragraphs left without a counterpart."""
    if len(source) == len(target):
        return [Unit(s, t) for s, t in zip(source, target)]
    n, m = len(source), len(target)
    src_sentences = [len(sentence_spans(p.text, p.protected)) for p in source]
    tgt_sentences = [len(sentence_spans(p.text, p.protected)) for p in target]
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    moves = ((1, 1, _PAIR), (1, 0, _SKIP), (0, 1, _SKIP), (2, 1, _MERGE), (1, 2, _MERGE))
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == math.inf:
                continue
            for di, dj, penalty in moves:
                if i + di > n or j + dj > m:
                    continue
                c = cost[i][j] + penalty
                if di and dj:
                    src = sum(len(p.text) for p in source[i : i + di])
                    tgt = sum(len(p.text) for p in target[j : j + dj])
                    sentences = sum(src_sentences[i : i + di]) - sum(tgt_sentences[j : j + dj])
                    c += _mismatch(src, tgt) + _SENTENCE * abs(sentences)
                if c < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = c
                    move[i + di][j + dj] = (di, dj)
    units: list[Unit] = []
    i, j = n, m
    while i or j:
        di, dj = move[i][j]
        units.append(
            Unit(
                _join(source[i - di : i]) if di else None, _join(target[j - dj : j]) if dj else None
            )
        )
        i, j = i - di, j - dj
    return units[::-1]


def _mismatch(src: int, tgt: int) -> float:
    """-log of the probability of a length difference this large (Gale & Church)."""
    delta = abs(tgt - src) / math.sqrt(_VARIANCE * max(src, 1))
    tail = 1.0 - math.erf(delta / math.sqrt(2))  # 2 * (1 - Phi(delta))
    return -math.log(max(tail, 1e-12))


def _join(passages: Sequence[Passage]) -> Passage:
    if len(passages) == 1:
        return passages[0]
    text, protected = "", []
    for p in passages:
        if text:
            text += "\n\n"
        protected += [s.shift(len(text)) for s in p.protected]
        text += p.text
    return Passage(text, tuple(protected), passages[0].offset)


def align_sentences(unit: Unit) -> list[Unit]:
    """The unit's sentences paired one to one when both sides have as many; else the unit."""
    if unit.source is None or unit.target is None:
        return [unit]
    source, target = _sentences(unit.source), _sentences(unit.target)
    if len(source) != len(target) or len(source) < 2:
        return [unit]
    return [Unit(s, t) for s, t in zip(source, target)]


def _sentences(passage: Passage) -> list[Passage]:
    found = []
    for span in sentence_spans(passage.text, passage.protected):
        inner = inside(span, passage.protected)
        offset = passage.offset + span.start if passage.offset >= 0 else -1
        found.append(Passage(passage.text[span.start : span.end], inner, offset))
    return found


def align(source: Document, target: Document, source_text: str = "", target_text: str = ""):
    """Units of a document and its translation, sentence by sentence where possible."""
    units = align_paragraphs(paragraphs(source, source_text), paragraphs(target, target_text))
    return [sentence for unit in units for sentence in align_sentences(unit)]
