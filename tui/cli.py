"""`glossary edit`: the command that opens the editor (registered as a glossary command)."""

from __future__ import annotations

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
def edit(document: Path, terms: Path | None, engine: str | None, target_locale, no_cache) -> None:
    """Open DOCUMENT in the translation editor; resumes its project."""
    from glossary.api import target_locale as parse_locale
    from tui.app import run

    locale = parse_locale(target_locale)
    run(document, terms=terms, engine=engine, locale=locale, cache=not no_cache)
