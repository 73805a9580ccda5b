"""`glossary translate`: read inputs, translate them in one batch, write each as it completes."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import click

from glossary.errors import InputError
from glossary.files import collect_inputs, default_glossary, output_path, write_atomic
from glossary.formats import Document, parse, read_document

PROGRESS_MIN_SEGMENTS = 50  # below this a run is quick; a bar would only flicker


def load_terms(terms: Path | None):
    from glossary.terms import load_glossary

    return load_glossary(terms or default_glossary())


def make_enforcer(engine: str, glossary, locale: str = "en_US", run_checks: bool = True):
    """The engine with the glossary enforced and numbers and dates written for `locale`;
    without a glossary, the engine's plain output. Quality checks run unless told not to."""
    from glossary.enforce import Enforcer
    from glossary.engines import get_engine
    from glossary.match import Matcher

    if glossary is None:
        return Enforcer(get_engine(engine), None, locale=None, run_checks=run_checks)
    return Enforcer(
        get_engine(engine),
        Matcher(glossary),
        locale=locale,
        checks=glossary.checks,
        run_checks=run_checks,
    )


def make_cache(enforcer, glossary):
    """The disk cache for this engine, model, glossary and enforcement."""
    from glossary.cache import DiskCache, fingerprint

    terms = glossary.path.read_bytes() if glossary is not None and glossary.path else None
    engine_id = getattr(enforcer.engine, "identity", enforcer.engine.name)
    techniques = ",".join(enforcer.techniques) if glossary is not None else "no glossary"
    return DiskCache(fingerprint(engine_id, terms, techniques, enforcer.locale))


def read_stdin() -> Document:
    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"<stdin>: not UTF-8 text (invalid byte at offset {e.start})") from None
    return parse(text.removeprefix("\ufeff"), "txt")


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
    from glossary.pipeline import Summary, translate_documents

    started = time.perf_counter()
    if "-" in inputs and len(inputs) > 1:
        raise InputError("'-' (stdin) can't be combined with other inputs")
    if output and out_dir:
        raise InputError("give -o/--output or --out-dir, not both")
    glossary = load_terms(terms) if use_glossary else None
    if inputs == ("-",) or list(inputs) == ["-"]:
        documents, targets = [read_stdin()], [None]
    else:
        found = collect_inputs(inputs)
        if not found:
            raise InputError(f"no .txt or .md files in {', '.join(inputs)}")
        if output and len(found) > 1:
            raise InputError(f"-o/--output takes one input, got {len(found)} files: use --out-dir")
        documents = [read_document(path) for path, _ in found]
        targets = [output or output_path(path, root, out_dir) for path, root in found]
    enforcer = make_enforcer(engine, glossary, locale)
    destination = {id(d): t for d, t in zip(documents, targets)}
    # Targets a person edited or approved in `glossary edit` win over machine translation.
    from glossary.memory import ChainMemory, DictMemory
    from glossary.project import human_memory

    human = DictMemory(human_memory([d.path for d in documents if d.path is not None]))
    cache = make_cache(enforcer, glossary) if use_cache else None
    memory = ChainMemory([human, cache] if cache else [human], [cache] if cache else [])

    def write(result) -> None:
        target = destination[id(result.document)]
        if target is None:
            sys.stdout.write(result.text)
            sys.stdout.flush()
        else:
            write_atomic(target, result.text)

    total = sum(len(d.blocks) for d in documents)
    show = not quiet and sys.stderr.isatty() and total >= PROGRESS_MIN_SEGMENTS
    try:
        if show:
            with click.progressbar(length=1, label="Translating", file=sys.stderr) as bar:

                def progress(done: int, all_: int) -> None:
                    bar.length = max(all_, 1)
                    bar.update(done - bar.pos)

                results = translate_documents(documents, enforcer, progress, write, memory)
        else:
            results = translate_documents(documents, enforcer, None, write, memory)
    finally:
        enforcer.engine.close()
        if cache:
            cache.close()
    summary = Summary.of(results, started)
    if report:
        from glossary.report import build_report, write_report

        write_report(report, build_report(results, summary))
    if not quiet:
        click.echo(summary.line(), err=True)
    return summary.violations
