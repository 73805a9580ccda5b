"""Each enforcement mechanism on Apertium's real Spanish → English output."""

import pytest

from glossary.enforce import Enforcer, Segment
from glossary.engines.apertium import ApertiumEngine
from glossary.match import Matcher
from glossary.segment import Span
from glossary.terms import Term

TERMS = [
    Term("escalado", "scaling"),
    Term("modelo de lenguaje", "language model"),
    Term("red neuronal", "neural network", avoid=("neural net",)),
    Term("infectado", "infected"),
    Term("muro", "obstacle"),
    Term("The Wall", "The Wall", keep=True),
]


@pytest.fixture(scope="module")
def engine():
    engine = ApertiumEngine()
    yield engine
    engine.close()


def translate(engine, text, techniques=("repair", "inject"), protected=()):
    enforcer = Enforcer(engine, Matcher(TERMS), techniques=techniques)
    (result,) = enforcer.translate([Segment(text, protected)])
    return result


def test_plain_apertium_gets_the_terms_wrong(engine):
    result = translate(engine, "El escalado de los modelos de lenguaje.", techniques=())
    assert "models of language" in result.target
    assert [c.status for c in result.checks] == ["missing", "missing"]


def test_repair_replaces_apertiums_rendering_of_the_term(engine):
    result = translate(engine, "El escalado de los modelos de lenguaje.", techniques=("repair",))
    assert result.target == "The scaling of the language models."
    assert [c.status for c in result.checks] == ["applied", "applied"]


def test_repair_keeps_word_order_apertium_chose(engine):
    # "big neural nets" -> "big neural networks": the adjective stays where Apertium put it.
    result = translate(engine, "Las redes neuronales grandes aprenden.", techniques=("repair",))
    assert result.target == "The big neural networks learn."


def test_injection_fixes_the_term_in_a_superblank(engine):
    result = translate(engine, "El escalado de los modelos de lenguaje.", techniques=("inject",))
    assert "scaling" in result.target and "language models" in result.target
    assert not result.violations


def test_article_agrees_with_the_new_rendering(engine):
    result = translate(engine, "Hay un muro.", techniques=("repair",))
    assert result.target == "There is an obstacle."


def test_gender_and_number_of_an_adjective_entry(engine):
    result = translate(engine, "Las personas infectadas.")
    assert [(c.source, c.expected, c.status) for c in result.checks] == [
        ("infectadas", "infected", "applied")
    ]


def test_sentence_start_is_capitalised(engine):
    result = translate(engine, "Escalado sin límite.")
    assert result.target.startswith("Scaling")


def test_keep_as_is_and_protected_spans_pass_untouched(engine):
    text = "The Wall de Pink Floyd, ver https://ejemplo.com/el_muro sobre el muro."
    url = Span(text.index("https"), text.index(" sobre"))
    result = translate(engine, text, protected=(url,))
    assert "The Wall" in result.target
    assert "https://ejemplo.com/el_muro" in result.target
    assert [c.status for c in result.checks] == ["kept", "applied"]


def test_term_split_across_a_line_break(engine):
    result = translate(engine, "Los modelos\nde lenguaje crecen.")
    assert "language models" in result.target
    assert not result.violations
