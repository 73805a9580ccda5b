"""Sentence segmentation: Spanish-aware boundaries, and an exact round trip."""

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.segment import join, segment
from glossary.span import Span


def sentences(text: str) -> list[str]:
    return [p.text for p in segment(text) if p.text]


def test_spanish_punctuation_and_abbreviations():
    text = (
        "El Sr. García vive en EE. UU. desde 2019. Cuesta 3,5 millones... ¿Por qué? "
        "¡Porque sí! «Es así.» Dijo p. ej. que J. R. R. Tolkien escribió.1 Fin."
    )
    assert sentences(text) == [
        "El Sr. García vive en EE. UU. desde 2019.",
        "Cuesta 3,5 millones...",
        "¿Por qué?",
        "¡Porque sí!",
        "«Es así.»",
        "Dijo p. ej. que J. R. R. Tolkien escribió.1",
        "Fin.",
    ]


def test_decimals_and_ellipsis_inside_a_sentence():
    assert sentences("Subió un 3.5 por ciento... y luego bajó.") == [
        "Subió un 3.5 por ciento... y luego bajó."
    ]


def test_line_breaks_paragraphs_and_wrapped_lines():
    text = "Título\nUna frase que\nsigue en otra línea. Otra.\n\nSegundo párrafo"
    assert sentences(text) == [
        "Título",
        "Una frase que\nsigue en otra línea.",
        "Otra.",
        "Segundo párrafo",
    ]


def test_no_boundary_inside_protected_span():
    text = "Mira https://ejemplo.com/a. B y sigue. Fin."
    assert sentences(text)[0] == "Mira https://ejemplo.com/a."
    protected = [Span(5, text.index(" y sigue"))]  # pretend the span is code
    assert [p.text for p in segment(text, protected)] == [
        "Mira https://ejemplo.com/a. B y sigue.",
        "Fin.",
    ]


ALPHABET = st.sampled_from(
    list("aáé ¿?¡!.…,;:«»\"'()\n\t 0123456789SrEUp-") + ["Sr.", "EE. UU.", " ", "\n\n"]
)


@settings(max_examples=400)
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_round_trip_is_exact(text):
    pieces = segment(text)
    assert join(pieces) == text
    for i, p in enumerate(pieces):
        assert p.text == p.text.strip()
        assert not p.sep.strip()
        assert p.text or i == 0


@given(st.text(max_size=200))
def test_round_trip_any_unicode(text):
    assert join(segment(text)) == text
