"""Verification of term occurrences in a translation."""

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.match import Matcher
from glossary.terms import Term
from glossary.verify import _find_phrase_re, find_phrase, verify

TERMS = [
    Term("red neuronal", "neural network", avoid=("neural net",)),
    Term("aislamiento", "isolation", also=("quarantine",)),
    Term("OpenAI", "OpenAI", keep=True),
]


def statuses(source: str, target: str) -> list[tuple[str, str]]:
    return [(c.source, c.status) for c in verify(source, target, Matcher(TERMS).find(source))]


def test_applied_missing_avoided():
    src = "La red neuronal."
    assert statuses(src, "The neural network.") == [("red neuronal", "applied")]
    assert statuses(src, "The network.") == [("red neuronal", "missing")]
    assert statuses(src, "The neural net.") == [("red neuronal", "avoided")]


def test_alternatives_are_accepted_the_first_is_expected():
    (check,) = verify("El aislamiento.", "The quarantine.", Matcher(TERMS).find("El aislamiento."))
    assert check.status == "applied" and check.expected == "isolation"


def test_plural_source_expects_the_plural():
    (check,) = verify(
        "Las redes neuronales.",
        "The neural networks.",
        Matcher(TERMS).find("Las redes neuronales."),
    )
    assert check.expected == "neural networks" and check.status == "applied"


def test_each_target_occurrence_counts_once():
    src = "Una red neuronal y otra red neuronal."
    assert statuses(src, "A neural network and another one.") == [
        ("red neuronal", "applied"),
        ("red neuronal", "missing"),
    ]


def test_keep_as_is_needs_the_exact_text():
    assert statuses("Según OpenAI.", "According to OpenAI.") == [("OpenAI", "kept")]
    assert statuses("Según OpenAI.", "According to Openai.") == [("OpenAI", "missing")]


def test_whole_words_only():
    assert statuses("La red neuronal.", "The neural networking.") == [("red neuronal", "missing")]


WORDS = st.sampled_from(
    [
        "red",
        "neuronal",
        "Red",
        "redes",
        "-",
        "x",
        "é",
        "_",
        "\n",
        " ",
        "  ",
        ".",
        "red-neuronal",
        "ÉL",
    ]
)


@settings(max_examples=300)
@given(
    st.lists(WORDS, max_size=12).map("".join),
    st.lists(WORDS, min_size=1, max_size=3),
    st.booleans(),
    st.booleans(),
)
def test_string_search_agrees_with_the_regular_expression(text, words, case, hyphen_joins):
    phrase = " ".join(w for w in words if w.strip()) or "red"
    fast = find_phrase(text, phrase, case=case, hyphen_joins=hyphen_joins)
    slow = _find_phrase_re(text, phrase, (), case, hyphen_joins)
    assert fast == slow
