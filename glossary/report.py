"""The JSON report of a translation run: summary, then every segment and term check."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from glossary.enforce import Translation
from glossary.pipeline import DocumentResult, Summary
from glossary.verify import TermCheck


def build_report(results: Sequence[DocumentResult], summary: Summary) -> dict:
    return {
        "summary": asdict(summary),
        "documents": [
            {
                "path": str(r.document.path) if r.document.path else "-",
                "segments": [_segment(t) for t in r.translations],
            }
            for r in results
        ],
    }


def _segment(t: Translation) -> dict:
    return {"source": t.source, "target": t.target, "terms": [_term(c) for c in t.checks]}


def _term(c: TermCheck) -> dict:
    return {
        "source": c.source,
        "target": c.expected,
        "status": c.status,
        "source_span": [c.match.start, c.match.end],
        "target_span": [c.target_span.start, c.target_span.end] if c.target_span else None,
    }


def write_report(path: Path, report: dict) -> None:
    from glossary.files import write_atomic

    write_atomic(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
