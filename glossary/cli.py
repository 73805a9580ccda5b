"""The `glossary` command line; heavy modules are imported by the commands that need them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from glossary.errors import InputError
from glossary.options import ENGINE_CHOICE, FAIL_ON, LOCALE_HELP, FormatsHelp

PLUGINS = "glossary.commands"  # entry points adding commands: the editor registers `edit`


class Group(click.Group):
    """Reports bad input in one line with exit status 2, never a traceback; loads commands
    that other packages register (the editor) only when they are called."""

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *(e.name for e in _plugins())})

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is None:
            entry = next((e for e in _plugins() if e.name == name), None)
            command = entry.load() if entry else None
        return command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as e:
            click.echo(f"glossary: error: {e}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo(
                "glossary: interrupted; finished documents were written"
                " (run the same command again to go on)",
                err=True,
            )
            sys.exit(130)
        except BrokenPipeError:
            # The reader of standard output is gone (`| head`): nothing more to say to it.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as e:
            # A file the system refuses (full disk, permissions) is named, in one line.
            where = f"{e.filename}: " if e.filename else ""
            click.echo(f"glossary: error: {where}{e.strerror or e}", err=True)
            sys.exit(2)


def _plugins():
    from importlib.metadata import entry_points

    return entry_points(group=PLUGINS)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="glossary")
def main() -> None:
    """Offline Spanish → English translation that obeys your glossary."""


@main.command(cls=FormatsHelp)
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Output file (one input); - for stdout."
)
@click.option("--out-dir", type=click.Path(path_type=Path), help="Folder for the outputs.")
@click.option("--terms", type=click.Path(path_type=Path), help="Glossary (terms.yaml, TSV, CSV).")
@click.option("--engine", type=ENGINE_CHOICE, default="auto", show_default=True)
@click.option("--no-glossary", is_flag=True, help="Plain machine translation.")
@click.option(
    "--report", type=click.Path(path_type=Path), help="Write a JSON report here (- for stdout)."
)
@click.option(
    "--fail-on",
    type=FAIL_ON,
    default="none",
    show_default=True,
    help="Exit 1 when any of these remain: none, violations, errors, warnings, all"
    " (comma-separated).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when term violations or errors remain.")
@click.option("--no-cache", is_flag=True, help="Translate again what the cache already has.")
@click.option("--force", is_flag=True, help="Translate documents an interrupted run already wrote.")
@click.option("--target-locale", default="en_US", show_default=True, help=LOCALE_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def translate(
    inputs,
    output,
    out_dir,
    terms,
    engine,
    no_glossary,
    report,
    fail_on,
    strict,
    no_cache,
    force,
    target_locale,
    quiet,
):
    """Translate documents, folders of them, or - (stdin to stdout).

    Each file is written next to it as NAME.en.EXT unless -o or --out-dir says otherwise.
    Run again after an interruption, the same command skips the documents already written.
    Exit status 1 when what --fail-on (or --strict: violations,errors) names remains.
    """
    from glossary.localize import target_locale as parse_locale
    from glossary.run import STRICT, failures, translate_command

    summary = translate_command(
        inputs,
        output=output,
        out_dir=out_dir,
        terms=terms,
        engine=engine,
        use_glossary=not no_glossary,
        report=report,
        quiet=quiet,
        use_cache=not no_cache,
        locale=parse_locale(target_locale),
        force=force,
    )
    failed = failures(summary, fail_on | (STRICT if strict else frozenset()))
    if failed:
        if not quiet:
            click.echo(f"glossary: failing: {', '.join(failed)} remain", err=True)
        sys.exit(1)


@main.command(cls=FormatsHelp)
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--terms", type=click.Path(path_type=Path), help="Glossary (terms.yaml, TSV, CSV).")
@click.option("--no-glossary", is_flag=True, help="Only the quality checks, no term checks.")
@click.option("--target-locale", default="en_US", show_default=True, help=LOCALE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def check(source, target, terms, no_glossary, target_locale, as_json):
    """Check a translation TARGET of SOURCE against the glossary and the quality checks.

    The two are aligned by paragraph, then by sentence where a paragraph has as many on both
    sides. Exit status 1 when errors remain.
    """
    import json

    from glossary.localize import target_locale as parse_locale
    from glossary.review import review_files, summary, to_json, to_text
    from glossary.run import glossary_file
    from glossary.service import RunConfig, build_service

    config = RunConfig(
        engine=None,
        glossary=None if no_glossary else glossary_file(terms),
        target_locale=parse_locale(target_locale),
        cache=False,
    )
    with build_service(config) as service:
        checked = review_files(source, target, service)
    if as_json:
        click.echo(json.dumps(to_json(checked, source, target), ensure_ascii=False, indent=1))
    else:
        click.echo(to_text(checked, target), nl=False)
    if summary(checked)["errors"]:
        sys.exit(1)


@main.command("eval")
@click.option("--src", type=click.Path(path_type=Path), required=True, help="Spanish, a line each.")
@click.option("--ref", type=click.Path(path_type=Path), required=True, help="English references.")
@click.option(
    "--terms",
    type=click.Path(path_type=Path),
    required=True,
    help="Glossary: terms.yaml, or TSV/CSV 'spanish<TAB>english' lines.",
)
@click.option("--engine", type=ENGINE_CHOICE, default="auto", show_default=True)
@click.option("--no-glossary", is_flag=True, help="Score the engine without the glossary.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--out", type=click.Path(path_type=Path), help="Write the translations here.")
def eval_(src, ref, terms, engine, no_glossary, as_json, out):
    """Measure term accuracy, chrF and BLEU of a translation of SRC against REF.

    Term accuracy follows the WMT 2023 terminology task (exact match): over every sentence and
    glossary entry whose Spanish side is in the source and English side in the reference, the
    share of translations that contain that English side or another listed rendering.
    """
    import json

    from glossary.evaluate import evaluate
    from glossary.run import glossary_file
    from glossary.service import RunConfig, build_service
    from glossary.terms import load_glossary

    glossary = load_glossary(glossary_file(terms))
    if out is not None:
        from glossary.outputs import STDOUT, Output, check_outputs

        if str(out) == STDOUT:
            raise InputError("--out -: standard output has the scores; give --out a file")
        check_outputs([Output(out, "the translations (--out)")], [src, ref, terms])
    config = RunConfig(
        engine=engine,
        glossary=None if no_glossary else glossary,
        convert_numbers=not no_glossary,
        cache=False,  # the time measured is the translation's
        quality_checks=False,
    )
    with build_service(config) as service:
        result = evaluate(src, ref, glossary, service, out)
        name = service.engine.name
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"engine {name}, glossary {'off' if no_glossary else 'on'}:"
        f" {result['sentences']} sentences, {result['term_pairs']} term pairs\n"
        f"term accuracy {result['term_accuracy']:.4f}"
        f" (entries spelled differently in English: {result['term_accuracy_differing']:.4f}"
        f" of {result['term_pairs_differing']})\n"
        f"chrF {result['chrf']:.2f}  BLEU {result['bleu']:.2f}\n"
        f"{result['seconds']:.2f} s, of which glossary {result['glossary_seconds']:.2f} s"
        f" ({result['glossary_share']:.1%})"
    )


@main.command("formats")
def formats_list() -> None:
    """List the document formats: name, file suffixes, bilingual or not."""
    from glossary.formats import formats

    for fmt in formats().values():
        kind = "bilingual" if fmt.bilingual else "monolingual"
        click.echo(f"{fmt.name:<8} {' '.join(fmt.suffixes):<24} {kind:<12} {fmt.title}")


@main.command("engines")
def engines_list() -> None:
    """List the translation engines in the order `--engine auto` tries them."""
    from glossary.engines import engine_names, engines

    known = engines()
    for name in engine_names()[1:]:
        cls = known[name]
        state = "available" if cls.available() else "not installed"
        auto = f"auto #{cls.auto_order}" if cls.auto_order is not None else "not in auto"
        caps = ", ".join(sorted(cls.capabilities)) or "-"
        click.echo(f"{name:<10} {state:<14} {auto:<12} {cls.title} [{caps}]")


@main.group()
def models() -> None:
    """Argos translation models."""


@models.command("list")
def models_list() -> None:
    """List installed Argos packages."""
    from glossary.models import list_models

    found = list_models()
    if not found:
        click.echo("no Argos packages installed (glossary models install)")
    for m in found:
        click.echo(f"{m.from_code}→{m.to_code}  {m.version}  {m.path}")


@models.command("install")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def models_install(path: Path | None) -> None:
    """Install PATH.argosmodel, or download the es→en package when no PATH is given."""
    from glossary import models as m

    if path is not None:
        info = m.install_file(path)
    else:
        with click.progressbar(length=0, label="Downloading es→en", file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = total or None
                bar.update(done - bar.pos)

            info = m.install_from_index(progress=progress)
    click.echo(f"installed {info.from_code}→{info.to_code} {info.version} in {info.path}")


if __name__ == "__main__":
    main()
