"""Loading terms.yaml and TSV glossaries, and the errors a user sees for bad files."""

from pathlib import Path

import pytest

from glossary.terms import GlossaryError, load_glossary

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str, name: str = "terms.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_short_and_long_forms(tmp_path):
    g = load_glossary(
        write(
            tmp_path,
            """
terms:
  escalado: scaling
  modelo de lenguaje:
    en: language model
    avoid: [model of language]
    note: Always two words.
  hipótesis de escalado: {en: scaling hypothesis, plural: scaling hypotheses}
  The Wall: {keep: true}
""",
        )
    )
    by_source = {t.source: t for t in g}
    assert by_source["escalado"].target == "scaling"
    assert by_source["modelo de lenguaje"].avoid == ("model of language",)
    assert by_source["modelo de lenguaje"].note == "Always two words."
    assert by_source["hipótesis de escalado"].plural == "scaling hypotheses"
    assert by_source["The Wall"].keep and by_source["The Wall"].target == "The Wall"


def test_bare_mapping_is_a_quick_list(tmp_path):
    g = load_glossary(write(tmp_path, "escalado: scaling\ninferencia: inference\n"))
    assert [(t.source, t.target) for t in g] == [
        ("escalado", "scaling"),
        ("inferencia", "inference"),
    ]


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("terms:\n  escalado: [scaling\n", None, "expected"),
        ("terms:\n  escalado: scaling\n  inferencia:\n", 3, "missing English side"),
        ("terms:\n  escalado: scaling\n  Escalado: climbing\n", 3, "already defined on line 2"),
        ("terms:\n  escalado: {en: scaling, colour: red}\n", 2, "unknown key 'colour'"),
        ("terms:\n  escalado: scaling\nsettings: {}\n", 3, "unknown top-level key"),
        ("terms:\n  escalado: scaling\n  escalado: climbing\n", 3, "duplicate key"),
        ("terms:\n  x: {en: y, keep: maybe}\n", 2, "must be true or false"),
    ],
)
def test_errors_name_file_line_and_reason(tmp_path, text, line, reason):
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    message = str(err.value)
    assert message.startswith(str(path))
    assert reason in message
    if line:
        assert f"{path}:{line}:" in message
    assert "\n" not in message


def test_yaml_tags_never_build_objects(tmp_path):
    path = write(tmp_path, "terms:\n  x: !!python/object/apply:os.system ['touch pwned']\n")
    with pytest.raises(GlossaryError):
        load_glossary(path)
    assert not Path("pwned").exists()


def test_non_utf8_glossary(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_bytes("terms:\n  año: year\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        load_glossary(path)


def test_tsv_lines_with_same_spanish_are_alternatives(tmp_path):
    path = write(
        tmp_path, "aislamiento\tisolation\naislamiento\tquarantine\nvacuna\tvaccine\n", "g.tsv"
    )
    g = load_glossary(path)
    by_source = {t.source: t for t in g}
    assert by_source["aislamiento"].renderings == ("isolation", "quarantine")
    assert len(g) == 2


def test_default_glossary_covers_the_domain():
    g = load_glossary(ROOT / "terms.yaml")
    pairs = {t.source: t.target for t in g}
    assert len(g) >= 40
    for es, en in {
        "escalado": "scaling",
        "leyes de escalado": "scaling laws",
        "hipótesis de escalado": "scaling hypothesis",
        "modelo de lenguaje": "language model",
        "descenso por gradiente": "gradient descent",
        "red neuronal": "neural network",
        "centro de datos": "data center",
        "datos de entrenamiento": "training data",
        "inferencia": "inference",
        "parámetro": "parameter",
        "máquina de Turing": "Turing machine",
    }.items():
        assert pairs[es] == en
    kept = {t.source for t in g if t.keep}
    assert {"The Wall", "Pink Floyd", "OpenAI", "Scaling Laws for Precision"} <= kept
