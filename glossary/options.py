"""Command-line option types that read the registries when a command runs or shows its help,
never at start-up: the --engine choices and the list of document formats."""

from __future__ import annotations

import click

LOCALE_HELP = "How numbers, amounts and dates are written: en_US, en_GB, ..."


class EngineChoice(click.Choice):
    """The engines of the registry, read when a command runs or shows its help (not at start)."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self):
        from glossary.engines import engine_names

        return engine_names()

    @choices.setter
    def choices(self, value) -> None:
        pass


class FormatsHelp(click.Command):
    """A command whose help lists the registered document formats' suffixes."""

    def format_help_text(self, ctx, formatter) -> None:
        from glossary.formats import suffixes

        super().format_help_text(ctx, formatter)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(
                "Document formats: " + " ".join(suffixes()) + " (glossary formats)"
            )


ENGINE_CHOICE = EngineChoice()


class FailOn(click.ParamType):
    """--fail-on: a comma-separated list of what makes the exit status 1 when it remains."""

    name = "KINDS"
    KINDS = ("violations", "errors", "warnings")

    def convert(self, value, param, ctx):
        if isinstance(value, frozenset):
            return value
        words = {w.strip() for w in str(value).split(",") if w.strip()}
        unknown = sorted(words - {*self.KINDS, "none", "all"})
        if unknown or not words:
            self.fail(
                f"{', '.join(unknown) or 'nothing'} is not one of none, all, "
                + ", ".join(self.KINDS)
                + " (comma-separated)",
                param,
                ctx,
            )
        if "all" in words:
            return frozenset(self.KINDS)
        return frozenset(words - {"none"})


FAIL_ON = FailOn()
