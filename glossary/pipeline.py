"""Batch translation: documents → blocks → segment records → the translation service in large
batches → each document written as soon as its last segment is done."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from glossary.checks import Issue
from glossary.document import Document
from glossary.formats import TranslatedBlock, layout_issues, write_document
from glossary.record import Segment
from glossary.segment import Unit, render_unit, split_block
from glossary.service import TranslationService

Progress = Callable[[int, int], None]  # (segments done, segments in all)
BATCH = 512  # segments per service call: big enough to batch well, small enough to report progress
# A line with words that the format gave the flow in no block: it stays in the source language.
UNTRANSLATED_STRUCTURE = "untranslated-structure"


@dataclass(frozen=True)
class LineIssue:
    """An issue of a line of the document rather than of a segment."""

    line: int  # 1-based
    text: str
    issue: Issue


@dataclass
class DocumentResult:
    """One translated document: its segment records and its blocks translated."""

    document: Document
    segments: list[Segment] = field(default_factory=list)
    blocks: list[TranslatedBlock] = field(default_factory=list)
    issues: list[LineIssue] = field(default_factory=list)  # lines left untranslated

    @property
    def text(self) -> str:
        """The English document (monolingual formats; bilingual ones write with `data`)."""
        return self.document.render([b.target for b in self.blocks])

    def data(self) -> bytes:
        """The translated document's bytes, as its format writes them."""
        return write_document(self.document, self.blocks)


def translate_documents(
    documents: Sequence[Document],
    service: TranslationService,
    progress: Progress | None = None,
    on_document: Callable[[DocumentResult], None] | None = None,
) -> list[DocumentResult]:
    """Translate all segments of all documents in large batches; `on_document` is called as soon
    as a document is complete, so finished work is written out before the rest is done."""
    units = [[split_block(b) for b in doc.blocks] for doc in documents]
    flat = [(d, s) for d, doc_units in enumerate(units) for u in doc_units for s in u.segments]
    total = len(flat)
    remaining = [sum(len(u.segments) for u in doc_units) for doc_units in units]
    results: list[DocumentResult | None] = [None] * len(documents)

    def finish(d: int) -> None:
        results[d] = assemble(documents[d], units[d])
        if service.config.quality_checks:  # the format's own checks of the written layout
            found = layout_issues(documents[d], results[d].blocks, service.severities)
            for segment, issue in found:
                segment.issues.append(issue)
        if on_document:
            on_document(results[d])

    for d, count in enumerate(remaining):
        if count == 0:
            finish(d)
    if progress:
        progress(0, total)
    for start in range(0, total, BATCH):
        batch = flat[start : start + BATCH]
        service.translate([s for _, s in batch])
        service.flush()
        for d, _ in batch:
            remaining[d] -= 1
            if remaining[d] == 0:
                finish(d)
        if progress:
            progress(min(start + BATCH, total), total)
    return [r for r in results if r is not None]


def assemble(document: Document, units: Sequence[Unit]) -> DocumentResult:
    """A document's blocks with their translated sentences put back in place."""
    blocks = [
        TranslatedBlock(block, render_unit(u, [s.target for s in u.segments]), u.segments)
        for block, u in zip(document.blocks, units, strict=True)
    ]
    issues = [
        LineIssue(
            left.line,
            left.text,
            Issue(
                UNTRANSLATED_STRUCTURE,
                "error",
                f"line {left.line} left untranslated: {left.reason}",
            ),
        )
        for left in document.left_out
    ]
    return DocumentResult(document, [s for u in units for s in u.segments], blocks, issues)


@dataclass
class Summary:
    """What a run did, for the summary line, the report and the exit status. `skipped`
    documents were written by an earlier, interrupted run of the same command: their counts
    are that run's, so that what remains in them still counts."""

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
    skipped: int = 0
    left_untranslated: int = 0  # lines in no block (also counted as issues, and errors)
    first_left_untranslated: str | None = None  # where the first is: "path:line"

    @classmethod
    def of(
        cls,
        results: Sequence[DocumentResult],
        started: float,
        earlier: Sequence[Summary] = (),
    ) -> Summary:
        s = cls(documents=len(results), seconds=round(time.perf_counter() - started, 3))
        for r in results:
            for seg in r.segments:
                s.segments += 1
                s.words += len(seg.source.split())
                s.term_occurrences += len(seg.checks)
                s.term_applied += seg.met
                s.violations += len(seg.violations)
                s.reused += seg.reused
                for issue in seg.issues:
                    s._count(issue)
            for found in r.issues:
                s._count(found.issue)
                if found.issue.id == UNTRANSLATED_STRUCTURE:
                    s.left_untranslated += 1
                    if s.first_left_untranslated is None:
                        path = r.document.path or "-"
                        s.first_left_untranslated = f"{path}:{found.line}"
        for e in earlier:
            s.documents += e.documents
            s.skipped += e.documents
            s.segments += e.segments
            s.words += e.words
            s.term_occurrences += e.term_occurrences
            s.term_applied += e.term_applied
            s.violations += e.violations
            s.issues += e.issues
            s.issue_errors += e.issue_errors
            for check, n in e.issues_by_check.items():
                s.issues_by_check[check] = s.issues_by_check.get(check, 0) + n
            s.left_untranslated += e.left_untranslated
            s.first_left_untranslated = s.first_left_untranslated or e.first_left_untranslated
        return s

    def _count(self, issue: Issue) -> None:
        self.issues += 1
        self.issue_errors += issue.severity == "error"
        self.issues_by_check[issue.id] = self.issues_by_check.get(issue.id, 0) + 1

    @property
    def issue_warnings(self) -> int:
        return self.issues - self.issue_errors

    def line(self, report: str | None = None) -> str:
        """One line; it ends by saying what remains to fix and where to read it."""
        remain = [
            f"{n} {what}"
            for n, what in ((self.issue_errors, "error(s)"), (self.violations, "violation(s)"))
            if n
        ]
        return (
            f"{self.documents} document(s)"
            + (f" ({self.skipped} already written, skipped)" if self.skipped else "")
            + f", {self.segments} segments, {self.words} words,"
            f" {self.term_applied}/{self.term_occurrences} terms applied,"
            f" {self.violations} violation(s),"
            + (
                f" {self.left_untranslated} line(s) left untranslated"
                f" (first: {self.first_left_untranslated}),"
                if self.left_untranslated
                else ""
            )
            + (f" {self.issues} issue(s) ({self.issue_errors} error(s))," if self.issues else "")
            + (f" {self.reused} segments reused," if self.reused else "")
            + f" {self.seconds:.1f} s"
            + (f"; {' and '.join(remain)} remain: see {report or '--report'}" if remain else "")
        )
