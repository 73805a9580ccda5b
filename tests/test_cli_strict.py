"""Exit statuses of `glossary translate` when violations remain."""

import pytest
from click.testing import CliRunner

from glossary import cli
from glossary.engines import register_engine, unregister_engine
from glossary.engines.apertium import ApertiumEngine


class DroppingEngine(ApertiumEngine):
    """Apertium, then the word 'scaling' removed: a violation nothing can repair."""

    name = "dropping"
    auto_order = None

    def translate_batch(self, segments):
        return [
            t.replace("scaling", "").replace("escalado", "")
            for t in super().translate_batch(segments)
        ]


@pytest.fixture
def dropping():
    register_engine(DroppingEngine)
    yield DroppingEngine.name
    unregister_engine(DroppingEngine.name)


def test_strict_exits_1_and_reports_the_violation(dropping):
    runner = CliRunner()
    args = ["translate", "-", "--engine", dropping]
    text = "El escalado importa.\n"
    lenient = runner.invoke(cli.main, args, input=text)
    strict = runner.invoke(cli.main, [*args, "--strict"], input=text)
    assert lenient.exit_code == 0, lenient.output
    assert strict.exit_code == 1
    assert "1 violation(s)" in strict.stderr
