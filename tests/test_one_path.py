"""The editor and `glossary translate` are one path: the same service, glossary, cache, locale
and checks give the same targets, and what the cache holds is never translated again."""

from __future__ import annotations

import json

from click.testing import CliRunner
from tui_support import copy_document, make_app, run_async, settle

from glossary.api import MACHINE, project_path
from glossary.cli import main

SIZE = (120, 40)
DOCUMENT = """# El escalado

El 9 de noviembre de 2024 el escalado de los modelos de lenguaje costó 12.000 dólares.

- Más cómputo, más datos de entrenamiento.
- OpenAI publicó el 3,5 % de 1.500.000 parámetros.
"""


def cli_targets(document, terms, tmp_path, locale="en_GB") -> list[str]:
    report = tmp_path / "report.json"
    args = ["translate", str(document), "--terms", str(terms), "--engine", "apertium"]
    args += ["--target-locale", locale, "-o", str(tmp_path / "out.md"), "--report", str(report)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(report.read_text(encoding="utf-8"))["documents"]
    return [s["target"] for s in doc["segments"]]


async def editor_targets(document, terms, locale="en_GB"):
    """The targets the editor shows once it has translated the document, and whether it had
    to load the engine for them."""
    app = make_app(document, terms, engine="apertium", locale=locale)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        targets = [s.target for s in app.project.segments]
        assert all(s.status == MACHINE for s in app.project.segments)
        return targets, app.review.service.engine_loaded


@run_async
async def test_editor_finds_the_targets_translate_wrote_and_loads_no_engine(tmp_path):
    document, terms = copy_document(tmp_path, DOCUMENT)
    expected = cli_targets(document, terms, tmp_path)
    assert any("9 November 2024" in t for t in expected)  # en_GB, not en_US's "November 9"
    assert any("US$12,000" in t for t in expected)

    targets, loaded = await editor_targets(document, terms)
    assert targets == expected
    assert not loaded  # every segment came from the cache `glossary translate` filled

    project_path(document).unlink()  # opening the unchanged document afresh
    targets, loaded = await editor_targets(document, terms)
    assert targets == expected and not loaded


@run_async
async def test_the_editor_fills_the_cache_that_translate_then_uses(tmp_path):
    document, terms = copy_document(tmp_path, DOCUMENT)
    targets, loaded = await editor_targets(document, terms, locale="en_US")
    assert loaded  # an empty cache: the engine translated
    assert any("November 9, 2024" in t for t in targets)
    project_path(document).unlink()  # not its project file: the cache alone
    result = CliRunner().invoke(
        main,
        [
            "translate",
            str(document),
            "--terms",
            str(terms),
            "--engine",
            "apertium",
            "-o",
            str(tmp_path / "out.md"),
            "--report",
            str(tmp_path / "r.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "segments reused" in result.stderr
    (doc,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"]
    assert [s["target"] for s in doc["segments"]] == targets
    assert {s["origin"] for s in doc["segments"]} == {"cache"}


@run_async
async def test_another_locale_is_another_translation(tmp_path):
    document, terms = copy_document(tmp_path, DOCUMENT)
    cli_targets(document, terms, tmp_path, locale="en_GB")
    targets, loaded = await editor_targets(document, terms, locale="en_US")
    assert loaded  # en_GB's cached targets are not en_US's
    assert any("November 9, 2024" in t for t in targets)
