"""Batch resume: a record of each output a run has written — the source's bytes, the settings,
the output's bytes and the document's counts — so that the same command run again after an
interruption skips the documents already done, and only those. A record is trusted only when
all three digests still match: an edited source, other settings, an edited or truncated
output are translated again. A run that finishes forgets its records, so a run that was not
interrupted is never skipped."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from pathlib import Path

from glossary import __version__
from glossary.filekind import not_regular
from glossary.files import write_atomic
from glossary.paths import cache_dir
from glossary.pipeline import Summary
from glossary.project import project_path
from glossary.service import TranslationService, glossary_key

FOLDER = "outputs"  # under the cache folder: one small JSON file per output


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def settings_key(service: TranslationService, documents: Sequence[Path]) -> str:
    """Everything besides the source that decides a document's output and counts: this tool's
    version, the engine and its model, the glossary's entries and check severities, the
    techniques, the locale, and the edited targets in the documents' project files (the
    project memory is shared by every document of a run)."""
    config = service.config
    glossary = service.glossary
    parts = [
        __version__,
        service.engine.identity,
        glossary_key(glossary) if glossary is not None else "no glossary",
        ",".join(config.techniques),
        config.target_locale,  # the quality checks read numbers for it, converted or not
        repr(config.convert_numbers),
        repr(sorted(service.severities.items())),
        repr(config.quality_checks),
    ]
    for document in documents:
        project = project_path(document)
        if not_regular(project) is None:
            parts.append(f"{document}:{digest(project.read_bytes())}")
    return digest("\0".join(parts).encode("utf-8"))


class Ledger:
    """The records of the outputs written and not yet confirmed by a finished run. It never
    stops a run: a record it can't write or read means only that the document is translated
    again next time (`problem` says why, for one warning)."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or cache_dir() / FOLDER
        self.problem: str | None = None

    def _file(self, output: Path) -> Path:
        return self.folder / (digest(os.path.realpath(output).encode("utf-8"))[:40] + ".json")

    def finished(self, output: Path, source: Path, source_digest: str, settings: str):
        """The counts of `output` (a Summary of one document) when an earlier run wrote it from
        these very source bytes with these settings and it is unchanged since; else None."""
        try:
            record = json.loads(self._file(output).read_text(encoding="utf-8"))
            matches = (
                record["output"] == os.path.realpath(output)
                and record["source"] == os.path.realpath(source)
                and record["source_sha256"] == source_digest
                and record["settings"] == settings
                and not_regular(output) is None
                and record["output_sha256"] == digest(output.read_bytes())
            )
            if not matches:
                return None
            known = {f.name for f in fields(Summary)}
            return Summary(**{k: v for k, v in record["summary"].items() if k in known})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # no record, or one damaged: translate again

    def record(
        self,
        output: Path,
        source: Path,
        source_digest: str,
        settings: str,
        data: bytes,
        summary: Summary,
    ) -> None:
        """Remember that `output` now holds `data`, the translation of `source`."""
        if self.problem:
            return
        record = {
            "output": os.path.realpath(output),
            "source": os.path.realpath(source),
            "source_sha256": source_digest,
            "settings": settings,
            "output_sha256": digest(data),
            "summary": {**asdict(summary), "seconds": 0.0, "reused": 0},
        }
        try:
            write_atomic(self._file(output), json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as e:
            self.problem = f"{e.filename or self.folder}: {e.strerror or e}"

    def forget(self, outputs: Iterable[Path]) -> None:
        """A finished run's outputs need no resuming."""
        for output in outputs:
            try:
                self._file(output).unlink(missing_ok=True)
            except OSError:
                pass
        try:
            self.folder.rmdir()  # only when empty: another run's records stay
        except OSError:
            pass
