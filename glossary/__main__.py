"""`python -m glossary` runs the same command line as the `glossary` script."""

from glossary.cli import main

main(prog_name="glossary")
