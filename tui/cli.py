"""`glossary edit`: the command that opens the editor (registered as a glossary command)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--terms", type=click.Path(path_type=Path), help="Glossary (terms.yaml).")
@click.option(
    "--engine",
    type=click.Choice(["auto", "argos", "apertium"]),
    default=None,
    help="Engine (default: the project's, else auto).",
)
def edit(document: Path, terms: Path | None, engine: str | None) -> None:
    """Open DOCUMENT (.txt, .md) in the translation editor; resumes its project."""
    from tui.app import run

    run(document, terms=terms, engine=engine)
