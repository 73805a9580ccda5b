"""Exit statuses of `glossary translate` when violations remain."""

from click.testing import CliRunner

from glossary import cli
from glossary.engines import apertium


class DroppingEngine:
    """Apertium, then the word 'scaling' removed: a violation nothing can repair."""

    name = "dropping"

    def __init__(self):
        self.inner = apertium.ApertiumEngine()

    def translate_batch(self, segments):
        return [
            t.replace("scaling", "").replace("escalado", "")
            for t in self.inner.translate_batch(segments)
        ]

    def close(self):
        self.inner.close()


def test_strict_exits_1_and_reports_the_violation(monkeypatch):
    monkeypatch.setattr("glossary.engines.get_engine", lambda name, **kw: DroppingEngine())
    runner = CliRunner()
    args = ["translate", "-", "--engine", "apertium"]
    text = "El escalado importa.\n"
    lenient = runner.invoke(cli.main, args, input=text)
    strict = runner.invoke(cli.main, [*args, "--strict"], input=text)
    assert lenient.exit_code == 0
    assert strict.exit_code == 1
    assert "1 violation(s)" in strict.stderr
