"""A third translation engine that lives outside `glossary/`: a word-for-word dictionary, with
the wrong renderings a real engine makes ("escalado" → "climbing"). Registered through the
`glossary.engines` entry point of the distribution beside it (toy_engine-0.1.dist-info)."""

from __future__ import annotations

import re

WORDS = {
    "el": "the",
    "la": "the",
    "los": "the",
    "las": "the",
    "de": "of",
    "del": "of the",
    "escalado": "climbing",
    "modelos": "models",
    "modelo": "model",
    "lenguaje": "language",
    "no": "not",
    "tiene": "has",
    "muro": "wall",
    "y": "and",
    "datos": "data",
    "más": "more",
    "cómputo": "computation",
    "importa": "matters",
}
_WORD = re.compile(r"\w+", re.UNICODE)


class ToyEngine:
    name = "toy"
    title = "word-for-word dictionary (a test plug-in)"
    capabilities = frozenset()
    auto_order = None  # never chosen by `--engine auto`
    identity = "toy:1"

    @classmethod
    def available(cls) -> bool:
        return True

    def __init__(self) -> None:
        self.calls = 0

    @property
    def loaded(self) -> bool:
        return self.calls > 0

    def translate_batch(self, segments):
        self.calls += 1
        return [_WORD.sub(_word, s.with_fixed()) for s in segments]

    def close(self) -> None:
        pass


def _word(m: re.Match) -> str:
    word = m.group()
    english = WORDS.get(word.lower(), word)
    return english.capitalize() if word[0].isupper() else english
