"""Each enforcement mechanism on a real Argos model: the tiny copy model, whose substitutions
(escalado -> climbing, cómputo -> computation, entrenamiento -> coaching) play wrong renderings."""

import pytest
from conftest import make_service, translate_one

from glossary.engines import MTSegment
from glossary.engines.argos import ArgosEngine
from glossary.span import Span
from glossary.terms import Term

TERMS = [
    Term("escalado", "scaling"),
    Term("cómputo", "compute", avoid=("computation",)),
    Term("entrenamiento", "training"),
    Term("modelo de lenguaje", "language model"),
    Term("The Wall", "The Wall", keep=True),
]


@pytest.fixture(scope="module")
def engine(argos_package_dir):
    """The engine itself, for the tests of what it offers enforcement (alignment, n-best)."""
    engine = ArgosEngine(package_path=argos_package_dir)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def translate(argos_package_dir):
    def run(text, techniques=("nbest", "repair", "constrain", "align", "inject"), protected=()):
        options = {"package_path": argos_package_dir}
        with make_service("argos", TERMS, techniques=techniques, engine_options=options) as s:
            return translate_one(s, text, protected)

    return run


def test_without_enforcement_the_wrong_rendering_is_reported(translate):
    result = translate("El escalado importa.", techniques=())
    assert result.target == "El climbing importa."
    assert [(c.source, c.status) for c in result.checks] == [("escalado", "missing")]


def test_repair_replaces_the_engines_own_rendering(translate):
    result = translate("El escalado y el cómputo importan.", techniques=("repair",))
    assert result.target == "El scaling y el compute importan."
    assert [c.status for c in result.checks] == ["applied", "applied"]
    a, b = result.checks[0].target_span.start, result.checks[0].target_span.end
    assert result.target[a:b] == "scaling"


def test_constrained_decoding_forces_the_term_and_the_model_continues(translate):
    result = translate("Más entrenamiento y más escalado.", techniques=("constrain",))
    assert result.target == "Más training y más scaling."
    assert not result.violations


def test_alignment_links_target_words_to_their_source(engine):
    segment = MTSegment("El escalado de los modelos.")
    (links,) = engine.align([segment], ["El climbing de los modelos."])
    pairs = {
        segment.text[x.source.start : x.source.end].strip(): "El climbing de los modelos."[
            x.target.start : x.target.end
        ].strip()
        for x in links
    }
    assert pairs["escalado"] == "climbing"
    assert pairs["modelos"] == "modelos"


def test_nbest_gives_distinct_hypotheses_best_first(engine):
    (hyps,) = engine.translate_nbest([MTSegment("El escalado importa.")], 4)
    assert len(hyps) == 4 and len({h.text for h in hyps}) == 4
    assert hyps[0].text == "El climbing importa."
    assert hyps[0].score >= hyps[1].score >= hyps[3].score


def test_injection_puts_the_rendering_in_the_source(translate):
    result = translate("El escalado importa.", techniques=("inject",))
    assert result.target == "El scaling importa."


def test_sentence_initial_term_is_capitalised(translate):
    result = translate("Escalado sin cómputo.", techniques=("repair",))
    assert result.target.startswith("Scaling")
    assert not result.violations


def test_keep_as_is_and_urls_pass_through(translate):
    text = "The Wall en https://ejemplo.com/mi_archivo.txt con escalado."
    url = text.index("https"), text.index(" con")
    result = translate(text, protected=(Span(*url),))
    assert "https://ejemplo.com/mi_archivo.txt" in result.target
    assert [(c.source, c.status) for c in result.checks] == [
        ("The Wall", "kept"),
        ("escalado", "applied"),
    ]


def test_a_term_nothing_can_repair_is_a_violation(translate):
    # No technique enabled but verification: the report says what is wrong.
    result = translate("Un entrenamiento.", techniques=())
    assert result.violations and result.violations[0].status == "missing"
    assert "training" not in result.target
