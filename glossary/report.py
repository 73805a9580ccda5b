"""The JSON report of a translation run: summary, then every segment and term check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from glossary.checks import Issue
from glossary.pipeline import DocumentResult, LineIssue, Summary
from glossary.record import Segment
from glossary.verify import TermCheck


def build_report(results: Sequence[DocumentResult], summary: Summary) -> dict:
    return {
        "summary": asdict(summary),
        "documents": [
            {
                "path": str(r.document.path) if r.document.path else "-",
                "segments": [_segment(s) for s in r.segments],
                "issues": [_line_issue(i) for i in r.issues],
            }
            for r in results
        ],
    }


def _segment(s: Segment) -> dict:
    return {
        "source": s.source,
        "target": s.target,
        "origin": s.origin,
        "terms": [term_json(c) for c in s.checks],
        "issues": [issue_json(i) for i in s.issues],
    }


def _line_issue(found: LineIssue) -> dict:
    return {"line": found.line, "text": found.text, **issue_json(found.issue)}


def issue_json(i: Issue) -> dict:
    return {
        "id": i.id,
        "severity": i.severity,
        "message": i.message,
        "source_span": [i.source_span.start, i.source_span.end] if i.source_span else None,
        "target_span": [i.target_span.start, i.target_span.end] if i.target_span else None,
    }


def term_json(c: TermCheck) -> dict:
    return {
        "source": c.source,
        "target": c.expected,
        "status": c.status,
        "source_span": [c.match.start, c.match.end],
        "target_span": [c.target_span.start, c.target_span.end] if c.target_span else None,
    }
