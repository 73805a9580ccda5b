"""`glossary translate`: read inputs, check every output path, translate in one batch, write
each document as it completes, skip what an interrupted run of the same command already wrote."""

from __future__ import annotations

import sys
import time
from collections.abc import Collection, Sequence
from dataclasses import asdict
from pathlib import Path

import click

from glossary.errors import InputError
from glossary.files import collect_inputs, default_glossary, output_path, write_atomic
from glossary.outputs import STDOUT, Output, check_folder, check_outputs

PROGRESS_MIN_SEGMENTS = 50  # below this a run is quick; a bar would only flicker
STRICT = frozenset({"violations", "errors"})  # what --strict fails on


def glossary_file(terms: Path | None) -> Path:
    """--terms, else terms.yaml here or in a parent folder, else the one shipped. A --terms
    that is a FIFO or a device is refused before it is opened (reading it would never end)."""
    from glossary.filekind import not_regular

    why = not_regular(terms) if terms is not None else None
    if why not in (None, "missing"):
        raise InputError(f"{terms}: not a regular file: {why}")
    return terms or default_glossary()


def failures(summary, fail_on: Collection[str]) -> list[str]:
    """What remains of the kinds `fail_on` names ('3 error(s)'); the exit status is 1 if any."""
    counts = {
        "violations": (summary.violations, "term violation(s)"),
        "errors": (summary.issue_errors, "quality-check error(s)"),
        "warnings": (summary.issue_warnings, "quality-check warning(s)"),
    }
    return [f"{n} {what}" for kind, (n, what) in counts.items() if kind in fail_on and n]


class _WriteFailed(Exception):
    def __init__(self, path: Path | None, error: OSError):
        self.path, self.error = path, error


def translate_command(
    inputs: Sequence[str],
    *,
    output: Path | None,
    out_dir: Path | None,
    terms: Path | None,
    engine: str,
    use_glossary: bool,
    report: Path | None,
    quiet: bool,
    use_cache: bool = True,
    locale: str = "en_US",
    force: bool = False,
):
    """Run a translation; returns its Summary. Every output path is checked before anything is
    read or translated; a file that can't be written stops the run in one line, with every
    document finished so far written (and skipped by the next run of the same command)."""
    from glossary.pipeline import Summary, translate_documents
    from glossary.service import RunConfig, build_service
    from glossary.terms import load_glossary

    started = time.perf_counter()
    if "-" in inputs and len(inputs) > 1:
        raise InputError("'-' (stdin) can't be combined with other inputs")
    if output and out_dir:
        raise InputError("give -o/--output or --out-dir, not both")
    terms_path = glossary_file(terms) if use_glossary else None
    glossary = load_glossary(terms_path) if terms_path else None
    files, targets = _inputs_and_targets(inputs, output, out_dir)
    report_path = None if report is None or str(report) == STDOUT else report
    _check_paths(files, targets, report, report_path, terms_path)

    config = RunConfig(
        engine=engine,
        glossary=glossary,
        target_locale=locale,
        convert_numbers=use_glossary,
        # Targets a person edited or approved in `glossary edit` win over machine translation.
        project_memory=tuple(path for path, _ in files),
        cache=use_cache,
    )
    with build_service(config) as service:
        batch = _Batch(service, files, targets, resume=use_cache and not force)
        total = sum(len(d.blocks) for d in batch.documents)
        show = not quiet and sys.stderr.isatty() and total >= PROGRESS_MIN_SEGMENTS
        try:
            if show:
                with click.progressbar(length=1, label="Translating", file=sys.stderr) as bar:

                    def progress(done: int, all_: int) -> None:
                        bar.length = max(all_, 1)
                        bar.update(done - bar.pos)

                    results = translate_documents(batch.documents, service, progress, batch.write)
            else:
                results = translate_documents(batch.documents, service, None, batch.write)
        except _WriteFailed as failed:
            where = failed.path or "standard output"
            left = len(batch.documents) - batch.written
            raise InputError(
                f"{where}: cannot write ({failed.error.strerror or failed.error});"
                f" {batch.written + len(batch.earlier)} finished document(s) kept,"
                f" {left} not written"
            ) from None
    batch.ledger.forget(t for t in targets if t is not None)
    # The records live in the cache folder: when the service has warned about that folder,
    # a second warning would say the same thing again.
    if batch.ledger.problem and not service.warnings:
        click.echo(
            f"glossary: warning: cannot record finished documents for resuming"
            f" ({batch.ledger.problem}): an interrupted run will start over",
            err=True,
        )
    summary = Summary.of(results, started, [s for _, s in batch.earlier])
    if report:
        _write_report(report_path, results, summary, batch.earlier)
    if not quiet:
        label = "the report" if report and not report_path else report_path
        click.echo(summary.line(str(label) if label else None), err=True)
    return summary


def _inputs_and_targets(inputs: Sequence[str], output: Path | None, out_dir: Path | None):
    """The (file, root) of every input and where each is written (None: standard output);
    no files for standard input."""
    to_stdout = output is not None and str(output) == STDOUT
    if list(inputs) == ["-"]:
        if out_dir:
            raise InputError("--out-dir takes files or folders; standard input goes to -o")
        return [], [None if to_stdout else output]
    found = collect_inputs(inputs)
    for warning in found.skipped:
        click.echo(f"glossary: warning: {warning}", err=True)
    if not found.files:
        raise InputError(f"no documents to translate in {', '.join(inputs)}")
    if out_dir:
        check_folder(out_dir, "--out-dir")
    files, targets = _once(
        [
            ((path, root), None if to_stdout else (output or output_path(path, root, out_dir)))
            for path, root in found.files
        ]
    )
    if output and len(files) > 1:
        raise InputError(f"-o/--output takes one input, got {len(files)} files: use --out-dir")
    return files, targets


def _once(pairs):
    """The same file named twice for the same output (`a.md ./a.md`) is one document."""
    import os

    seen, files, targets = set(), [], []
    for (path, root), target in pairs:
        key = (os.path.realpath(path), os.path.realpath(target) if target else None)
        if key not in seen:
            seen.add(key)
            files.append((path, root))
            targets.append(target)
    return files, targets


def _check_paths(files, targets, report, report_path, terms_path) -> None:
    """Every file the run writes, checked against each other and every file it reads."""
    outputs = [
        Output(target, f"the translation of {path}", hint=" (for a folder of outputs: --out-dir)")
        for (path, _), target in zip(files, targets)
    ]
    if not files:
        outputs.append(Output(targets[0], "the translation of standard input"))
    if report is not None:
        outputs.append(Output(report_path, "the report (--report)"))
    from glossary.project import project_path

    read = [path for path, _ in files] + [project_path(path) for path, _ in files]
    check_outputs(outputs, [*read, *([terms_path] if terms_path else [])])


class _Batch:
    """The documents of a run to translate, those an interrupted run already wrote, and the
    writing of each as it completes (then its record, for resuming)."""

    def __init__(self, service, files, targets, resume: bool):
        from glossary.formats import format_for, parse, read_bytes
        from glossary.resume import Ledger, digest, settings_key

        self.ledger = Ledger()
        self.documents = []
        self.earlier = []  # (source, Summary of the document) for documents skipped
        self.written = 0
        self._to = {}  # id(document) -> (target, source digest, settings)
        if not files:  # standard input
            document = parse(sys.stdin.buffer.read(), "txt")
            self.documents.append(document)
            self._to[id(document)] = (targets[0], None, None)
            return
        settings = settings_key(service, [path for path, _ in files])
        for (path, _), target in zip(files, targets):
            fmt = format_for(path)
            data = read_bytes(path)
            sha, key = digest(data), f"{settings}:{fmt.name}"
            done = self.ledger.finished(target, path, sha, key) if resume and target else None
            if done is not None:
                self.earlier.append((path, done))
                continue
            document = parse(data, fmt.name, path)
            self.documents.append(document)
            self._to[id(document)] = (target, sha, key)

    def write(self, result) -> None:
        from glossary.pipeline import Summary

        target, sha, key = self._to[id(result.document)]
        data = result.data()
        try:
            if target is None:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                write_atomic(target, data)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise _WriteFailed(target, e) from None
        self.written += 1
        if target is not None and sha is not None:
            summary = Summary.of([result], time.perf_counter())
            self.ledger.record(target, result.document.path, sha, key, data, summary)


def _write_report(path: Path | None, results, summary, earlier) -> None:
    import json

    from glossary.report import build_report

    report = build_report(results, summary)
    # Documents an interrupted run wrote: their counts, not their segments (--force has them).
    report["skipped"] = [{"path": str(p), "summary": asdict(s)} for p, s in earlier]
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if path is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(path, text)
    except OSError as e:
        raise InputError(
            f"{path}: cannot write the report ({e.strerror or e}); the translations were written"
        ) from None
