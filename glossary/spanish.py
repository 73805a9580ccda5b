"""Spanish words left in English text, told apart by their frequencies in Spanish and English
(wordfreq's word lists)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from glossary.span import Span, holding

# Abbreviations after which a period does not end a sentence (compared case-insensitively,
# without the final period). "etc." is left out on purpose: it often ends a sentence.
ABBREVIATIONS = frozenset(
    """
    sr sra srta sres sras dr dra dres drs lic ing arq prof profa dña sto sta
    ud uds vd vds p ej pág págs pag núm nro cap caps vol vols art arts fig figs
    ed eds coord trad aprox cf vs dpto depto av avda cía ee uu gral cnel
    tte sgto pbro mons apdo tel tfno máx mín admón ibíd cit pp
    """.split()
)

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Zipf frequency: 3 is once per million words, 2 once per hundred million. A Spanish word is
# that common in Spanish and at least ten times commoner there than in English ("datos", "los",
# "neuronales"); one common in both ("a", "no", "virus", "Turing") only bridges a run.
MIN_ZIPF = 2.0
MARGIN = 1.0
_BREAK = re.compile(r"[.!?;:()\[\]\"“”«»]")  # a run stops at a sentence or quote boundary
SPANISH, BOTH, OTHER = "es", "both", "other"


@lru_cache(maxsize=1 << 16)
def language_of(word: str) -> str:
    """SPANISH, BOTH (frequent in Spanish, as frequent in English) or OTHER."""
    from wordfreq import zipf_frequency

    folded = word.casefold()
    es = zipf_frequency(folded, "es")
    if es < MIN_ZIPF:
        return OTHER
    return SPANISH if es - zipf_frequency(folded, "en") >= MARGIN else BOTH


def spanish_words(text: str, skip: Sequence[Span] = ()) -> list[Span]:
    """Spans of the Spanish words of `text` outside `skip`."""
    return [
        Span(m.start(), m.end())
        for m in WORD.finditer(text)
        if not holding(m.start(), skip) and language_of(m.group()) == SPANISH
    ]


def spanish_runs(
    text: str,
    skip: Sequence[Span] = (),
    min_words: int = 3,
    vocabulary: Collection[str] | None = None,
) -> list[Span]:
    """Runs of at least `min_words` Spanish words (words common in both languages may stand
    between them), with nothing but spaces and commas between words. With `vocabulary`
    (casefolded), only words in it count: the words of the source, to find copied text."""
    runs: list[Span] = []
    current: list[tuple[Span, str]] = []

    def close() -> None:
        while current and current[-1][1] != SPANISH:
            current.pop()
        if sum(kind == SPANISH for _, kind in current) >= min_words:
            runs.append(Span(current[0][0].start, current[-1][0].end))
        current.clear()

    last_end = 0
    for m in WORD.finditer(text):
        if current and _BREAK.search(text, last_end, m.start()):
            close()
        last_end = m.end()
        word = m.group()
        kind = language_of(word)
        if holding(m.start(), skip) or kind == OTHER:
            close()
            continue
        if vocabulary is not None and word.casefold() not in vocabulary:
            close()
            continue
        if current or kind == SPANISH:
            current.append((Span(m.start(), m.end()), kind))
    close()
    return runs
