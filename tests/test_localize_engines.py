"""Numbers, amounts and dates converted in the source pass through both engines: Apertium (in
superblanks) and the tiny Argos copy model (fixed text the model copies)."""

import pytest
from conftest import make_service, translate_one

from glossary.terms import Term

SENTENCE = "Vive con 12.000 dólares al año desde el 9 de noviembre de 2024; el 3,5 % de 1.500.000."
TERMS = [Term("GPT-4", "GPT-4", keep=True), Term("escalado", "scaling")]


@pytest.fixture(scope="module")
def apertium():
    return {"engine": "apertium"}


@pytest.fixture(scope="module")
def argos(argos_package_dir):
    return {"engine": "argos", "engine_options": {"package_path": argos_package_dir}}


def translate(engine, text, locale="en_US", protected=()):
    """`locale` None: numbers left to the engine (checks read the target as en_US)."""
    convert = {"target_locale": locale} if locale else {"convert_numbers": False}
    with make_service(terms=TERMS, **engine, **convert) as service:
        return translate_one(service, text, protected)


@pytest.mark.parametrize("engine_name", ["apertium", "argos"])
def test_spanish_formats_come_out_english(engine_name, request):
    engine = request.getfixturevalue(engine_name)
    result = translate(engine, SENTENCE)
    for expected in ("$12,000", "November 9, 2024", "3.5%", "1,500,000"):
        assert expected in result.target
    assert "12.000" not in result.target and "3,5" not in result.target
    assert [i for i in result.issues if i.id == "numbers"] == []


@pytest.mark.parametrize("engine_name", ["apertium", "argos"])
def test_british_english(engine_name, request):
    result = translate(request.getfixturevalue(engine_name), SENTENCE, locale="en_GB")
    assert "9 November 2024" in result.target and "12,000" in result.target


def test_without_conversion_the_check_reports_spanish_numbers(apertium):
    result = translate(apertium, SENTENCE, locale=None)
    assert "12.000" in result.target
    numbers = [i.message for i in result.issues if i.id == "numbers"]
    assert any("12.000 is written the Spanish way" in m for m in numbers)
    assert any("1.500.000" in m for m in numbers)


def test_the_article_before_a_date_goes(apertium):
    assert (
        "From November 9 until" in translate(apertium, "Desde el 9 de noviembre hasta hoy.").target
    )
    out = translate(apertium, "Trabajó antes del 9 de noviembre.").target
    assert "before November 9" in out and "the November" not in out
    assert translate(apertium, "Llegó el 9 de noviembre.").target.endswith("on November 9.")


def test_seed_article_forms_are_left_alone(apertium):
    text = (
        "Desde GPT-4 no ha aparecido Claude 3, y Gwern Branwen1 habla de 10T parámetros"
        " y vídeo a 25 fps desde 1986."
    )
    result = translate(apertium, text)
    for kept in ("GPT-4", "Claude 3", "Branwen1", "10T", "25 fps", "1986"):
        assert kept in result.target
    assert result.issues == []
