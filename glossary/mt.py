"""Machine translation: each segment's request to the engine (protected text, keep-as-is terms
and converted numbers fixed), the first pass in large batches, and the engine's debris tidied
out of every output before it is verified."""

from __future__ import annotations

import re
from collections.abc import Sequence

from glossary.engines import NBEST, Engine, Fixed, MTSegment, can
from glossary.localize import drop_articles
from glossary.record import ENGINE, Segment

NBEST_SIZE = 4  # translations asked of a neural engine for a segment with terms

_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +(?=[.,;:!?](?:\s|$))")


def build_request(record: Segment) -> MTSegment:
    """What the engine gets: protected spans and keep-as-is terms pass through fixed, and
    numbers, amounts and dates as the target locale writes them."""
    source = record.source
    fixed = [Fixed(p.start, p.end, source[p.start : p.end]) for p in record.protected]
    fixed += [Fixed(m.start, m.end, source[m.start : m.end]) for m in record.matches if m.term.keep]
    fixed += [Fixed(c.start, c.end, c.text) for c in record.conversions]
    return MTSegment(source, tuple(sorted(fixed, key=lambda f: f.start)))


def first_pass(engine: Engine, records: Sequence[Segment], nbest: bool) -> None:
    """Translate every record's request in one batch; with `nbest`, segments with terms get the
    engine's best few as candidates, for enforcement to choose from."""
    with_terms = [r for r in records if r.matches] if nbest and can(engine, NBEST) else []
    chosen = {id(r) for r in with_terms}
    plain = [r for r in records if id(r) not in chosen]
    if with_terms:
        hyps = engine.translate_nbest([r.request for r in with_terms], NBEST_SIZE)
        for record, candidates in zip(with_terms, hyps, strict=True):
            record.candidates = list(candidates)
            record.target = polish(record, candidates[0].text if candidates else "")
    if plain:
        outputs = engine.translate_batch([r.request for r in plain])
        if len(outputs) != len(plain):
            from glossary.errors import EngineError

            raise EngineError(
                f"{engine.name} returned {len(outputs)} translations for {len(plain)} segments"
            )
        for record, output in zip(plain, outputs):
            record.target = polish(record, output)
    for record in records:
        record.origin = ENGINE


def polish(record: Segment, output: str) -> str:
    """An engine output made ready to verify: the article given to a converted date dropped,
    doubled spaces and spaces before punctuation out, the capital of the source's start."""
    return tidy(record.source, drop_articles(output, record.conversions))


def tidy(source: str, target: str) -> str:
    """Engine debris out: doubled spaces, a space before punctuation, a lower-case start where
    the source starts with a capital."""
    if "  " not in source:
        target = _DOUBLE_SPACE.sub(" ", target)
    target = _SPACE_BEFORE_PUNCT.sub("", target)
    first_src = next((c for c in source if c.isalpha()), "")
    for i, c in enumerate(target):
        if c.isalpha():
            if first_src.isupper() and c.islower():
                return target[:i] + c.upper() + target[i + 1 :]
            break
    return target
