"""Batch translation: documents → segments → enforced machine translation → rendered documents."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from glossary.enforce import Enforcer, Segment, Translation
from glossary.formats import Block, Document
from glossary.memory import Memory
from glossary.segment import Piece, Span, segment
from glossary.verify import verify

Progress = Callable[[int, int], None]  # (segments done, segments in all)
BATCH = 512  # segments per engine call: big enough to batch well, small enough to report progress


@dataclass
class Unit:
    """A block of a document split into sentences: pieces with text are segments to translate."""

    pieces: list[Piece]
    segments: list[Segment]


@dataclass
class DocumentResult:
    """One translated document: its segments' translations and the rendered English text."""

    document: Document
    translations: list[Translation] = field(default_factory=list)
    text: str = ""


def split_block(block: Block) -> Unit:
    """A block's sentences, each with the protected spans that fall inside it."""
    pieces = segment(block.text, block.protected)
    segments, pos = [], 0
    for piece in pieces:
        if piece.text:
            end = pos + len(piece.text)
            inner = tuple(
                Span(max(s.start, pos) - pos, min(s.end, end) - pos)
                for s in block.protected
                if s.start < end and pos < s.end
            )
            segments.append(Segment(piece.text, inner))
        pos += len(piece.text) + len(piece.sep)
    return Unit(pieces, segments)


def render_unit(unit: Unit, targets: Sequence[str]) -> str:
    """The block's text with each sentence replaced by its target, separators kept."""
    it = iter(targets)
    return "".join((next(it) if p.text else "") + p.sep for p in unit.pieces)


def translate_segments(
    segments: Sequence[Segment], enforcer: Enforcer, memory: Memory | None = None
) -> list[Translation]:
    """Targets from the memory where it has them (verified all the same), the engine's for the
    rest; new machine translations are stored in the memory."""
    known = [memory.lookup(s.text) if memory else None for s in segments]
    todo = [s for s, k in zip(segments, known) if k is None]
    fresh = iter(enforcer.translate(todo) if todo else [])
    results = []
    for seg, target in zip(segments, known):
        if target is None:
            translation = next(fresh)
            if memory:
                memory.store(seg.text, translation.target)
        else:
            matches = enforcer.find_terms(seg)
            checks = verify(seg.text, target, matches)
            issues = enforcer.check(seg, target, matches)
            translation = Translation(seg.text, target, checks, reused=True, issues=issues)
        results.append(translation)
    return results


def translate_documents(
    documents: Sequence[Document],
    enforcer: Enforcer,
    progress: Progress | None = None,
    on_document: Callable[[DocumentResult], None] | None = None,
    memory: Memory | None = None,
) -> list[DocumentResult]:
    """Translate all segments of all documents in large batches; `on_document` is called as soon
    as a document is complete, so finished work is written out before the rest is done."""
    units = [[split_block(b) for b in doc.blocks] for doc in documents]
    flat = [(d, s) for d, doc_units in enumerate(units) for u in doc_units for s in u.segments]
    total = len(flat)
    remaining = [sum(len(u.segments) for u in doc_units) for doc_units in units]
    done: list[list[Translation]] = [[] for _ in documents]
    results: list[DocumentResult | None] = [None] * len(documents)

    def finish(d: int) -> None:
        results[d] = _assemble(documents[d], units[d], done[d])
        if on_document:
            on_document(results[d])

    for d, count in enumerate(remaining):
        if count == 0:
            finish(d)
    if progress:
        progress(0, total)
    for start in range(0, total, BATCH):
        batch = flat[start : start + BATCH]
        translations = translate_segments([s for _, s in batch], enforcer, memory)
        for (d, _), translation in zip(batch, translations):
            done[d].append(translation)
            remaining[d] -= 1
            if remaining[d] == 0:
                finish(d)
        if progress:
            progress(min(start + BATCH, total), total)
    return [r for r in results if r is not None]


def _assemble(document: Document, units: list[Unit], translations: list[Translation]):
    it = iter(translations)
    targets = [render_unit(u, [next(it).target for _ in u.segments]) for u in units]
    return DocumentResult(document, translations, document.render(targets))


@dataclass
class Summary:
    documents: int = 0
    segments: int = 0
    words: int = 0
    term_occurrences: int = 0
    term_applied: int = 0
    violations: int = 0
    reused: int = 0
    seconds: float = 0.0
    issues: int = 0  # quality-check issues, of which errors; and how many each check found
    issue_errors: int = 0
    issues_by_check: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, results: Sequence[DocumentResult], started: float) -> Summary:
        s = cls(documents=len(results), seconds=round(time.perf_counter() - started, 3))
        for r in results:
            for t in r.translations:
                s.segments += 1
                s.words += len(t.source.split())
                s.term_occurrences += len(t.checks)
                s.term_applied += sum(c.ok for c in t.checks)
                s.violations += len(t.violations)
                s.reused += t.reused
                for issue in t.issues:
                    s.issues += 1
                    s.issue_errors += issue.severity == "error"
                    s.issues_by_check[issue.id] = s.issues_by_check.get(issue.id, 0) + 1
        return s

    def line(self) -> str:
        return (
            f"{self.documents} document(s), {self.segments} segments, {self.words} words,"
            f" {self.term_applied}/{self.term_occurrences} terms applied,"
            f" {self.violations} violation(s),"
            + (f" {self.issues} issue(s) ({self.issue_errors} error(s))," if self.issues else "")
            + (f" {self.reused} segments reused," if self.reused else "")
            + f" {self.seconds:.1f} s"
        )
