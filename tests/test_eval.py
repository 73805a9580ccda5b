"""`glossary eval`: the WMT term accuracy, chrF and BLEU, on small hand-made data."""

import json
import subprocess
import sys

from glossary.evaluate import term_accuracy, term_pairs
from glossary.terms import Term


def test_pairs_need_the_english_side_in_the_reference_and_skip_nested_matches():
    terms = [
        Term("transmisión", "transmission"),
        Term("transmisión comunitaria", "community spread"),
        Term("vacuna", "vaccine"),
    ]
    sources = ["La transmisión comunitaria.", "La transmisión comunitaria.", "Una vacuna."]
    references = ["Community spread.", "Community transmission.", "A shot."]
    pairs = [(p.line, p.term.source, p.english) for p in term_pairs(sources, references, terms)]
    # line 0: the nested "transmisión" is inside a scored longer term; line 1: the longer one
    # isn't scored (its English is not in the reference), so the nested one is; line 2: nothing.
    assert pairs == [
        (0, "transmisión comunitaria", "community spread"),
        (1, "transmisión", "transmission"),
    ]


def test_accuracy_counts_alternatives_and_whole_words():
    terms = [Term("mascarillas", "face masks", also=("masks",)), Term("OMS", "WHO")]
    sources = ["Use mascarillas.", "La OMS dijo.", "La oms dijo."]
    references = ["Wear face masks.", "The WHO said.", "The WHO said."]
    pairs = term_pairs(sources, references, terms)
    # Both English sides of "mascarillas" are in the first reference: two pairs. Lower-case
    # "oms" is not the acronym: no pair.
    assert [(p.line, p.english) for p in pairs] == [(0, "face masks"), (0, "masks"), (1, "WHO")]
    assert term_accuracy(pairs, ["Wear masks.", "The WHOM said.", ""]) == 2 / 3


def test_eval_command_json(tmp_path):
    (tmp_path / "src.es").write_text("El escalado de los modelos de lenguaje.\nLa inferencia.\n")
    (tmp_path / "ref.en").write_text("The scaling of language models.\nInference.\n")
    (tmp_path / "terms.tsv").write_text(
        "escalado\tscaling\nmodelos de lenguaje\tlanguage models\ninferencia\tinference\n"
    )
    base = [
        sys.executable,
        "-m",
        "glossary",
        "eval",
        "--src",
        str(tmp_path / "src.es"),
        "--ref",
        str(tmp_path / "ref.en"),
        "--terms",
        str(tmp_path / "terms.tsv"),
        "--engine",
        "apertium",
        "--json",
    ]
    with_glossary = json.loads(subprocess.run(base, capture_output=True, text=True).stdout)
    without = json.loads(
        subprocess.run([*base, "--no-glossary"], capture_output=True, text=True).stdout
    )
    assert set(with_glossary) >= {
        "sentences",
        "term_pairs",
        "term_accuracy",
        "chrf",
        "bleu",
        "seconds",
    }
    assert with_glossary["sentences"] == 2 and with_glossary["term_pairs"] == 3
    assert with_glossary["term_accuracy"] == 1.0
    assert without["term_accuracy"] < 1.0
    assert with_glossary["chrf"] > without["chrf"]
