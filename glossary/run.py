"""`glossary translate`: read inputs, translate them in one batch, write each as it completes."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import click

from glossary.errors import InputError
from glossary.files import collect_inputs, default_glossary, output_path, write_atomic

PROGRESS_MIN_SEGMENTS = 50  # below this a run is quick; a bar would only flicker


def glossary_file(terms: Path | None) -> Path:
    """--terms, else terms.yaml here or in a parent folder, else the one shipped."""
    return terms or default_glossary()


def read_stdin():
    from glossary.formats import parse

    return parse(sys.stdin.buffer.read(), "txt")


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
) -> int:
    """Run a translation; returns the number of term violations left."""
    from glossary.formats import read_document
    from glossary.pipeline import Summary, translate_documents
    from glossary.service import RunConfig, build_service
    from glossary.terms import load_glossary

    started = time.perf_counter()
    if "-" in inputs and len(inputs) > 1:
        raise InputError("'-' (stdin) can't be combined with other inputs")
    if output and out_dir:
        raise InputError("give -o/--output or --out-dir, not both")
    glossary = load_glossary(glossary_file(terms)) if use_glossary else None
    if list(inputs) == ["-"]:
        documents, targets = [read_stdin()], [None]
    else:
        found = collect_inputs(inputs)
        if not found:
            raise InputError(f"no documents to translate in {', '.join(inputs)}")
        if output and len(found) > 1:
            raise InputError(f"-o/--output takes one input, got {len(found)} files: use --out-dir")
        documents = [read_document(path) for path, _ in found]
        targets = [output or output_path(path, root, out_dir) for path, root in found]
    config = RunConfig(
        engine=engine,
        glossary=glossary,
        target_locale=locale,
        convert_numbers=use_glossary,
        # Targets a person edited or approved in `glossary edit` win over machine translation.
        project_memory=tuple(d.path for d in documents if d.path is not None),
        cache=use_cache,
    )
    destination = {id(d): t for d, t in zip(documents, targets)}

    def write(result) -> None:
        target = destination[id(result.document)]
        if target is None:
            sys.stdout.buffer.write(result.data())
            sys.stdout.flush()
        else:
            write_atomic(target, result.data())

    total = sum(len(d.blocks) for d in documents)
    show = not quiet and sys.stderr.isatty() and total >= PROGRESS_MIN_SEGMENTS
    with build_service(config) as service:
        if show:
            with click.progressbar(length=1, label="Translating", file=sys.stderr) as bar:

                def progress(done: int, all_: int) -> None:
                    bar.length = max(all_, 1)
                    bar.update(done - bar.pos)

                results = translate_documents(documents, service, progress, write)
        else:
            results = translate_documents(documents, service, None, write)
    summary = Summary.of(results, started)
    if report:
        from glossary.report import build_report, write_report

        write_report(report, build_report(results, summary))
    if not quiet:
        click.echo(summary.line(), err=True)
    return summary.violations
