"""`glossary check`: an existing translation, aligned with its source, checked against the
glossary and the quality checks, as a reviewer would."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.align import Passage, Unit, align
from glossary.checks import Issue
from glossary.formats import read_document
from glossary.record import Segment
from glossary.service import TranslationService
from glossary.settings import ERROR, OFF, WARNING, severities
from glossary.verify import AVOIDED, TermCheck

ALIGNMENT = "alignment"  # a paragraph without a counterpart: reported as an error


@dataclass
class Checked:
    """One aligned unit with its term checks and issues; lines are 1-based (0: unknown)."""

    source: str
    target: str
    source_line: int = 0
    target_line: int = 0
    terms: list[TermCheck] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]


def review_files(source: Path, target: Path, service: TranslationService) -> list[Checked]:
    """Read, align and check a source document and its translation."""
    src_doc, tgt_doc = read_document(source), read_document(target)
    src_text, tgt_text = src_doc.text, tgt_doc.text
    units = align(src_doc, tgt_doc, src_text, tgt_text)
    return [review_unit(u, service, src_text, tgt_text) for u in units]


def review_unit(
    unit: Unit, service: TranslationService, source_text: str = "", target_text: str = ""
) -> Checked:
    """Term checks and quality checks of one aligned unit."""
    checked = Checked(
        unit.source.text if unit.source else "",
        unit.target.text if unit.target else "",
        _line(source_text, unit.source),
        _line(target_text, unit.target),
    )
    if unit.source is None or unit.target is None:
        level = severities(service.severities)[ALIGNMENT]
        if level != OFF:
            message = (
                "this paragraph of the source has no translation"
                if unit.target is None
                else "this paragraph of the target has no source"
            )
            checked.issues.append(Issue(ALIGNMENT, level, message))
        return checked
    (record,) = service.check(
        [Segment(unit.source.text, unit.source.protected, target=unit.target.text)]
    )
    checked.terms = record.checks
    checked.issues = [term_issue(c) for c in record.violations] + record.issues
    return checked


def term_issue(check: TermCheck) -> Issue:
    """A glossary violation as an issue of the check "terms"."""
    message = f"“{check.source}” must be “{check.expected}”"
    if check.status == AVOIDED:
        message += ", not a rendering the glossary rejects"
    return Issue("terms", ERROR, message, check.match.span, check.target_span)


def _line(text: str, passage: Passage | None) -> int:
    if not text or passage is None or passage.offset < 0:
        return 0
    first = passage.text.split("\n")[0]
    found = text.find(first, passage.offset)
    return text.count("\n", 0, found if found >= 0 else passage.offset) + 1


def summary(checked: Sequence[Checked]) -> dict:
    counts: dict[str, int] = {}
    for c in checked:
        for i in c.issues:
            counts[i.id] = counts.get(i.id, 0) + 1
    issues = [i for c in checked for i in c.issues]
    return {
        "segments": len(checked),
        "errors": sum(i.severity == ERROR for i in issues),
        "warnings": sum(i.severity == WARNING for i in issues),
        "term_violations": sum(not t.ok for c in checked for t in c.terms),
        "issues_by_check": counts,
    }


def to_json(checked: Sequence[Checked], source: Path, target: Path) -> dict:
    from glossary.report import issue_json, term_json

    return {
        "source": str(source),
        "target": str(target),
        "summary": summary(checked),
        "segments": [
            {
                "source": c.source,
                "target": c.target,
                "source_line": c.source_line,
                "target_line": c.target_line,
                "terms": [term_json(t) for t in c.terms],
                "issues": [issue_json(i) for i in c.issues],
            }
            for c in checked
        ],
    }


def to_text(checked: Sequence[Checked], target: Path) -> str:
    """One line per issue, "file:line: severity [check] message", with the unit below it."""
    lines = []
    for c in checked:
        for issue in c.issues:
            lines.append(f"{target}:{c.target_line}: {issue.severity} [{issue.id}] {issue.message}")
        if c.issues:
            lines += [f"    es: {_short(c.source)}", f"    en: {_short(c.target)}"]
    s = summary(checked)
    lines.append(
        f"{s['segments']} segments checked: {s['errors']} error(s), {s['warnings']} warning(s)"
    )
    return "\n".join(lines) + "\n"


def _short(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
