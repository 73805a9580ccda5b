"""Term matching in Spanish segments."""

from glossary.match import Matcher
from glossary.terms import Term


def found(matcher: Matcher, text: str) -> list[tuple[str, str, bool]]:
    return [(text[m.start : m.end], m.term.target, m.plural) for m in matcher.find(text)]


MATCHER = Matcher(
    [
        Term("escalado", "scaling"),
        Term("leyes de escalado", "scaling laws"),
        Term("modelo de lenguaje", "language model"),
        Term("red neuronal", "neural network"),
        Term("red neuronal recurrente", "recurrent neural network"),
        Term("The Wall", "The Wall", keep=True),
        Term("OMS", "WHO"),
        Term("examen", "exam"),
    ]
)


def test_longest_match_wins():
    assert found(MATCHER, "Las leyes de escalado y el escalado.") == [
        ("leyes de escalado", "scaling laws", False),
        ("escalado", "scaling", False),
    ]


def test_plurals_found_without_listing_them():
    assert found(MATCHER, "Los modelos de lenguaje y las redes neuronales recurrentes.") == [
        ("modelos de lenguaje", "language model", True),
        ("redes neuronales recurrentes", "recurrent neural network", True),
    ]
    assert found(MATCHER, "Dos exámenes.") == [("exámenes", "exam", True)]


def test_case_insensitive_and_sentence_initial():
    assert found(MATCHER, "Escalado. ESCALADO.") == [
        ("Escalado", "scaling", False),
        ("ESCALADO", "scaling", False),
    ]


def test_whole_words_only():
    assert found(MATCHER, "El desescalado y los escaladores.") == []


def test_keep_and_acronyms_match_with_case():
    assert found(MATCHER, "the wall, The Wall, oms y OMS") == [
        ("The Wall", "The Wall", False),
        ("OMS", "WHO", False),
    ]


def test_term_split_by_a_line_break():
    assert found(MATCHER, "un modelo\nde lenguaje") == [
        ("modelo\nde lenguaje", "language model", False)
    ]


def test_spans_point_into_the_text():
    text = "Sobre el escalado."
    (m,) = MATCHER.find(text)
    assert (m.start, m.end) == (9, 17)


def test_gender_agreement_of_adjectives():
    matcher = Matcher(
        [
            Term("infectado", "infected"),
            Term("paciente grave", "severe patient"),
            Term("caso", "case"),
        ]
    )
    assert found(matcher, "Las personas infectadas y una paciente grave.") == [
        ("infectadas", "infected", True),
        ("paciente grave", "severe patient", False),
    ]
    assert found(matcher, "Dos casas.") == []  # a noun doesn't change gender


def test_hyphen_and_apostrophe_variants():
    matcher = Matcher(
        [
            Term("preentrenamiento", "pretraining"),
            Term("COVID-19", "COVID-19"),
            Term("l'Hospitalet", "L'Hospitalet", keep=True),
        ]
    )
    text = "El pre-entrenamiento, COVID 19, COVID19 y l’Hospitalet."
    assert [t for t, _, _ in found(matcher, text)] == [
        "pre-entrenamiento",
        "COVID 19",
        "COVID19",
        "l’Hospitalet",
    ]


def test_explicit_entries_win_over_derived_plurals():
    matcher = Matcher([Term("vacuna", "vaccine"), Term("vacunas", "vaccination")])
    assert found(matcher, "Las vacunas.") == [("vacunas", "vaccination", False)]


def test_all_capitals_text():
    assert found(MATCHER, "LAS LEYES DE ESCALADO") == [("LEYES DE ESCALADO", "scaling laws", False)]
