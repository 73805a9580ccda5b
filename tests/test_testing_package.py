"""The tiny Argos package from glossary.testing: a valid package, a predictable translator."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ARGOS_SUBSTITUTIONS
from model_builders import build_copy_model, word_piece

ORDINARY_SPANISH = [
    "El modelo de lenguaje aprende la tarea con pocos parámetros.",
    "Mañana iremos al mercado a comprar fruta y pan.",
    "¿Por qué los investigadores publican sus resultados en la universidad?",
    "La red neuronal convolucional se usa mucho para imágenes.",
    "Sí.",
]


def run_argos(code: str, env: dict[str, str]) -> dict:
    """Run Python code that prints one JSON value, in a subprocess with the given environment."""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


LIST_PACKAGES = """
import json
from argostranslate import package, settings
print(json.dumps({
    "packages_dir": str(settings.package_data_dir),
    "packages": [
        {"from": p.from_code, "to": p.to_code, "type": p.type,
         "escalado_pieces": p.tokenizer.encode("escalado")}
        for p in package.get_installed_packages()
    ],
}))
"""


def test_zip_holds_one_package_folder(argos_package: Path) -> None:
    names = zipfile.ZipFile(argos_package).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert len(tops) == 1
    (top,) = tops
    for required in ("metadata.json", "sentencepiece.model", "model/model.bin"):
        assert f"{top}/{required}" in names


def test_argos_sees_no_package_in_a_fresh_home(argos_env: dict[str, str], argos_home: Path):
    listed = run_argos(LIST_PACKAGES, argos_env)
    assert Path(listed["packages_dir"]) == argos_home / "packages"
    assert listed["packages"] == []


def test_argos_loads_the_installed_package(argos_installed_env: dict[str, str]) -> None:
    listed = run_argos(LIST_PACKAGES, argos_installed_env)
    assert listed["packages"] == [
        {
            "from": "es",
            "to": "en",
            "type": "translate",
            "escalado_pieces": ["▁escalado"],
        }
    ]


@pytest.fixture(scope="module")
def sentencepiece(argos_package_dir: Path):
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=str(argos_package_dir / "sentencepiece.model"))


@pytest.fixture(scope="module")
def translator(argos_package_dir: Path):
    import ctranslate2

    return ctranslate2.Translator(str(argos_package_dir / "model"), device="cpu", intra_threads=1)


def translate(translator, sentencepiece, sentences: list[str], **options) -> list:
    """Translate as argostranslate does: pieces in, beam search, pieces out."""
    batch = [sentencepiece.encode(s, out_type=str) for s in sentences]
    options = {"beam_size": 4, "replace_unknowns": True, **options}
    return translator.translate_batch(batch, **options)


def decode(sentencepiece, results: list) -> list[str]:
    return [sentencepiece.decode(result.hypotheses[0]) for result in results]


def test_ordinary_spanish_comes_back_unchanged(translator, sentencepiece) -> None:
    # One batch: sentences of different lengths must not disturb each other (padding).
    results = translate(translator, sentencepiece, ORDINARY_SPANISH)
    assert decode(sentencepiece, results) == ORDINARY_SPANISH


@pytest.mark.parametrize(("source", "target"), sorted(ARGOS_SUBSTITUTIONS.items()))
def test_substitutions_replace_whole_words(translator, sentencepiece, source, target) -> None:
    sentences = [f"Sobre el {source} de los modelos.", f"{source} y más {source}"]
    results = translate(translator, sentencepiece, sentences)
    assert decode(sentencepiece, results) == [
        f"Sobre el {target} de los modelos.",
        f"{target} y más {target}",
    ]


def test_substitutions_leave_longer_words_alone(translator, sentencepiece) -> None:
    sentences = ["El desescalado llegó después.", "El sobreentrenamiento es caro."]
    assert decode(sentencepiece, translate(translator, sentencepiece, sentences)) == sentences


def test_attention_aligns_each_target_piece_with_its_source_piece(
    translator, sentencepiece
) -> None:
    sentence = "Los investigadores usan más cómputo durante el entrenamiento del modelo."
    (result,) = translate(translator, sentencepiece, [sentence], return_attention=True)
    attention = result.attention[0]  # target pieces × source pieces (no </s> row or column)
    n = len(sentencepiece.encode(sentence))
    assert len(attention) == len(result.hypotheses[0]) == n
    for t, row in enumerate(attention):
        assert len(row) == n
        assert row[t] > 0.9, (t, row)


def test_unknown_characters_come_back_through_replace_unknowns(translator, sentencepiece):
    # Characters outside the SentencePiece training text become <unk>; CTranslate2 restores
    # the source token, as Argos asks it to.
    sentence = "El símbolo 中 no está en el vocabulario."
    assert decode(sentencepiece, translate(translator, sentencepiece, [sentence])) == [sentence]
    plain = translate(translator, sentencepiece, [sentence], replace_unknowns=False)
    assert "<unk>" in plain[0].hypotheses[0]


def test_substitution_pieces_must_be_in_the_vocabulary(tmp_path: Path) -> None:
    vocab = ["<unk>", "<s>", "</s>", "<blank>", "▁el", "▁escalado"]
    with pytest.raises(ValueError, match="▁climbing"):
        build_copy_model(tmp_path, vocab, substitutions={"▁escalado": "▁climbing"})


def test_word_piece_rejects_phrases() -> None:
    assert word_piece("escalado") == "▁escalado"
    with pytest.raises(ValueError):
        word_piece("ley de escalado")
