"""Quality checks on real cases: each check finds what a reviewer would, and stays quiet on a
good translation; checks are configured in terms.yaml."""

import pytest
from hypothesis import given
from number_text import TEXT

from glossary.checks import check_segment
from glossary.formats import parse
from glossary.match import Matcher
from glossary.settings import CHECKS
from glossary.span import Span
from glossary.terms import GlossaryError, Term, load_glossary


def found(source, target, **options):
    return [(i.id, i.severity) for i in check_segment(source, target, **options)]


def messages(source, target, check, **options):
    return [i.message for i in check_segment(source, target, **options) if i.id == check]


GOOD = [
    (
        "Vive con 12.000 dólares al año desde el 9 de noviembre de 2024; el 3,5 % de 1.500.000.",
        "He lives on $12,000 a year since November 9, 2024; 3.5% of 1,500,000.",
    ),
    ("Llegó el 9 de noviembre.", "It arrived on 9 November."),
    ("Cuesta 12 mil dólares.", "It costs twelve thousand dollars."),
    ("Hubo dos casos y un millón de pruebas.", "There were 2 cases and 1 million tests."),
    ("¿Qué dice Branwen1 de GPT-4 y Claude 3?", "What does Branwen1 say of GPT-4 and Claude 3?"),
    (
        "El modelo tiene 10T parámetros y ve vídeo a 25 fps.",
        "The model has 10T parameters at 25 fps.",
    ),
    ("La pandemia de 2019-2020.", "The 2019–20 pandemic."),
    ("La enzima ECA2.", "The enzyme ACE2."),
    ("Los datos de EE. UU.", "Data from the US"),
    ("Pink Floyd", "Pink Floyd"),
    ("Bora Bora es bonita.", "Bora Bora is pretty."),
]


@pytest.mark.parametrize("source, target", GOOD)
def test_a_good_translation_has_no_issue(source, target):
    assert found(source, target) == []


def test_numbers_changed_missing_invented_and_spanish_formats():
    assert messages("Vive con 12.000 dólares.", "He lives on $13,000.", "numbers") == [
        "12.000 in the source is 13,000 in the target"
    ]
    assert messages("Son 25 fps y 3 modelos.", "They are 25 fps and models.", "numbers") == [
        "3 is not in the target"
    ]
    assert messages("Son modelos.", "They are 7 models.", "numbers") == ["7 is not in the source"]
    assert messages("Cuesta 12.000 dólares.", "It costs 12.000 dollars.", "numbers") == [
        "12.000 is written the Spanish way: in English it reads as 12; write 12,000"
    ]
    assert messages("GPT-4 y Claude 3.", "GPT-5 and Claude 3.", "numbers") == [
        "GPT-4 in the source is GPT-5 in the target"
    ]


def test_numbers_in_terms_and_urls_are_left_to_their_own_checks():
    matcher = Matcher([Term("COVID-19", "covid", case_sensitive=True)])
    source = "Los casos de COVID-19 en https://example.com/2020."
    target = "The covid cases in https://example.com/2020."
    assert found(source, target, matches=matcher.find(source), protected=[Span(25, 49)]) == []


def test_ambiguous_number_is_a_warning():
    assert found("Hubo 1,500 casos.", "There were 1.500 cases.") == [
        ("ambiguous-number", "warning")
    ]


def test_untranslated_identical_and_spanish_runs():
    source = "Las redes neuronales no son máquinas de Turing, pero se les parecen."
    assert found(source, source) == [("untranslated", "error")]
    target = "Las redes neuronales no son máquinas de Turing, but they look alike."
    assert messages(source, target, "untranslated") == [
        "Spanish left in the target: “Las redes neuronales no son máquinas de”"
    ]
    # An isolated word Apertium did not know is not a run.
    assert found("Fueron hospitalizados ayer.", "They were hospitalizados yesterday.") == []


def test_keep_as_is_spanish_title_is_not_untranslated():
    matcher = Matcher([Term("Cien años de soledad", "Cien años de soledad", keep=True)])
    source = "Leyó Cien años de soledad."
    target = "He read Cien años de soledad."
    assert found(source, target, matches=matcher.find(source)) == []


def test_protected_url_changed_and_code_lost():
    source = "Véase [el artículo](https://arxiv.org/abs/2001.08361) y `step()`."
    (block,) = parse(source, "md").blocks
    protected = block.protected
    assert [source[s.start : s.end] for s in protected] == [
        "[",
        "](https://arxiv.org/abs/2001.08361)",
        "`step()`",
    ]
    target = "See [the article](https://arxiv.org/abs/2001.08631) and step()."
    issues = [i for i in check_segment(source, target, protected=protected)]
    assert [i.id for i in issues] == ["protected", "protected"]
    assert "changed to https://arxiv.org/abs/2001.08631" in issues[0].message
    assert target[issues[0].target_span.start : issues[0].target_span.end].startswith("https")


def test_punctuation_whitespace_doubled_words():
    assert found("¿Vive aquí?", "¿Does he live here?") == [("inverted-marks", "error")]
    assert found("¿Vive aquí?", "Does he live here.") == [("final-punctuation", "warning")]
    assert found("Vive aquí.", "He lives here") == [("final-punctuation", "warning")]
    assert found("Vive aquí. ", "He lives here.") == [("whitespace", "warning")]
    assert found("Suelen dejarlo.", "They are used to to leave it.") == [
        ("doubled-words", "warning")
    ]


def test_config_turns_checks_off_and_changes_severity():
    source, target = "¿Vive aquí?", "¿He lives here."
    config = {"inverted-marks": "warning", "final-punctuation": "off"}
    assert found(source, target, config=config) == [("inverted-marks", "warning")]
    with pytest.raises(ValueError):
        found(source, target, config={"spelling": "off"})


def test_terms_yaml_checks_section(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text(
        "terms:\n  escalado: scaling\nchecks:\n  doubled-words: false\n"
        "  final-punctuation: error\n  numbers: true\n",
        encoding="utf-8",
    )
    glossary = load_glossary(path)
    assert [t.source for t in glossary] == ["escalado"]
    assert glossary.checks == {
        "doubled-words": "off",
        "final-punctuation": "error",
        "numbers": "error",
    }
    only_checks = tmp_path / "checks.yaml"
    only_checks.write_text("checks:\n  whitespace: off\n", encoding="utf-8")
    assert load_glossary(only_checks).checks == {"whitespace": "off"}
    path.write_text("terms:\n  escalado: scaling\nchecks:\n  spelling: off\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"terms.yaml:4: unknown check 'spelling'"):
        load_glossary(path)
    path.write_text("checks:\n  numbers: sometimes\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="check 'numbers'"):
        load_glossary(path)


def test_every_check_has_a_severity_and_a_description():
    assert all(sev in ("error", "warning") and text for sev, text in CHECKS.values())


@given(TEXT, TEXT)
def test_checks_never_fail_and_spans_fit(source, target):
    for issue in check_segment(source, target):
        assert issue.id in CHECKS
        for text, span in ((source, issue.source_span), (target, issue.target_span)):
            assert span is None or 0 <= span.start <= span.end <= len(text)
