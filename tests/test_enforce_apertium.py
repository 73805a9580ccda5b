"""Each enforcement mechanism on Apertium's real Spanish → English output."""

from conftest import make_service, translate_one

from glossary.span import Span
from glossary.terms import Term

TERMS = [
    Term("escalado", "scaling"),
    Term("modelo de lenguaje", "language model"),
    Term("red neuronal", "neural network", avoid=("neural net",)),
    Term("infectado", "infected"),
    Term("muro", "obstacle"),
    Term("The Wall", "The Wall", keep=True),
]


def translate(text, techniques=("repair", "inject"), protected=()):
    with make_service("apertium", TERMS, techniques=techniques) as service:
        return translate_one(service, text, protected)


def test_plain_apertium_gets_the_terms_wrong():
    result = translate("El escalado de los modelos de lenguaje.", techniques=())
    assert "models of language" in result.target
    assert [c.status for c in result.checks] == ["missing", "missing"]


def test_repair_replaces_apertiums_rendering_of_the_term():
    result = translate("El escalado de los modelos de lenguaje.", techniques=("repair",))
    assert result.target == "The scaling of the language models."
    assert [c.status for c in result.checks] == ["applied", "applied"]


def test_repair_keeps_word_order_apertium_chose():
    # "big neural nets" -> "big neural networks": the adjective stays where Apertium put it.
    result = translate("Las redes neuronales grandes aprenden.", techniques=("repair",))
    assert result.target == "The big neural networks learn."


def test_injection_fixes_the_term_in_a_superblank():
    result = translate("El escalado de los modelos de lenguaje.", techniques=("inject",))
    assert "scaling" in result.target and "language models" in result.target
    assert not result.violations


def test_article_agrees_with_the_new_rendering():
    result = translate("Hay un muro.", techniques=("repair",))
    assert result.target == "There is an obstacle."


def test_gender_and_number_of_an_adjective_entry():
    result = translate("Las personas infectadas.")
    assert [(c.source, c.expected, c.status) for c in result.checks] == [
        ("infectadas", "infected", "applied")
    ]


def test_sentence_start_is_capitalised():
    result = translate("Escalado sin límite.")
    assert result.target.startswith("Scaling")


def test_keep_as_is_and_protected_spans_pass_untouched():
    text = "The Wall de Pink Floyd, ver https://ejemplo.com/el_muro sobre el muro."
    url = Span(text.index("https"), text.index(" sobre"))
    result = translate(text, protected=(url,))
    assert "The Wall" in result.target
    assert "https://ejemplo.com/el_muro" in result.target
    assert [c.status for c in result.checks] == ["kept", "applied"]


def test_term_split_across_a_line_break():
    result = translate("Los modelos\nde lenguaje crecen.")
    assert "language models" in result.target
    assert not result.violations
