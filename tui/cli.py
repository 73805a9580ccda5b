"""`glossary edit`: the command that opens the editor (registered as a glossary command)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from glossary.api import ENGINE_CHOICE, LOCALE_HELP


@click.command()
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--terms", type=click.Path(path_type=Path), help="Glossary (terms.yaml).")
@click.option(
    "--engine", type=ENGINE_CHOICE, default=None, help="Engine (default: the project's, else auto)."
)
@click.option("--target-locale", default="en_US", show_default=True, help=LOCALE_HELP)
@click.option("--no-cache", is_flag=True, help="Translate again what the cache already has.")
@click.option(
    "--reset-project",
    is_flag=True,
    help="Start the project over; the old project file is kept beside it.",
)
def edit(
    document: Path, terms: Path | None, engine: str | None, target_locale, no_cache, reset_project
) -> None:
    """Open DOCUMENT in the translation editor; resumes its project."""
    from glossary.api import ProjectFileError, start_over
    from glossary.api import target_locale as parse_locale
    from tui.app import run

    locale = parse_locale(target_locale)
    if reset_project:
        _kept(start_over(document))
    try:
        run(document, terms=terms, engine=engine, locale=locale, cache=not no_cache)
    except ProjectFileError as e:
        _ask_to_start_over(e, document)
        _kept(start_over(document))
        run(document, terms=terms, engine=engine, locale=locale, cache=not no_cache)


def _ask_to_start_over(error, document: Path) -> None:
    """A project file that cannot be read: at a terminal, ask whether to start over (the file
    is kept), and leave with the error unless the answer is yes; elsewhere say how."""
    from glossary.api import InputError

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            f"{error} (glossary edit --reset-project starts over and keeps this file)"
        ) from None
    click.echo(f"glossary: error: {error}", err=True)
    question = (
        f"Start a new project for {document.name}? The damaged file is kept as"
        f" {error.path.name}.damaged-<time>"
    )
    if not click.confirm(question, default=False, err=True):
        sys.exit(2)


def _kept(aside: Path | None) -> None:
    if aside is not None:
        click.echo(f"glossary: the old project file is kept as {aside}", err=True)
