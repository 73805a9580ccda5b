"""Errors caused by the user's input; the command line reports them in one line and exits 2."""


class InputError(Exception):
    """Bad input: a file, an option or a missing resource, described in one line."""


class EngineError(InputError):
    """A translation engine is missing or failed."""
