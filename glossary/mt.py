"""Machine translation: each segment's request to the engine (protected text, keep-as-is terms
and converted numbers fixed), every engine call checked to answer each request once, the first
pass in large batches, and the engine's debris tidied out of every output before it is
verified."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from glossary.engines import NBEST, Engine, Fixed, Hypothesis, MTSegment, NeuralEngine, can
from glossary.errors import EngineError
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


def translations(engine: Engine, requests: Sequence[MTSegment]) -> list[str]:
    """The engine's translation of each request, in order. Pairing is checked, not assumed: a
    batch answered with the wrong number of translations is asked again one request at a time,
    and a request still not answered with exactly one is an EngineError, never a shift."""
    if not requests:
        return []
    outputs = engine.translate_batch(requests)
    if _answers(outputs, requests, lambda o: isinstance(o, str)):
        return list(outputs)
    if len(requests) == 1:
        raise _unpaired(engine, "translations", outputs, requests)
    return [translations(engine, [r])[0] for r in requests]


def nbest_translations(
    engine: NeuralEngine, requests: Sequence[MTSegment], n: int
) -> list[list[Hypothesis]]:
    """Up to `n` translations of each request, best first, checked like `translations`: at
    least one for every request."""
    if not requests:
        return []
    hyps = engine.translate_nbest(requests, n)
    if _answers(hyps, requests, _hypotheses):
        return [list(h) for h in hyps]
    if len(requests) == 1:
        raise _unpaired(engine, "n-best lists", hyps, requests)
    return [nbest_translations(engine, [r], n)[0] for r in requests]


def expect_paired(engine: Engine, what: str, results: Any, requests: Sequence[Any]) -> list:
    """`results` when it has one item per request; an EngineError otherwise (for the calls
    whose results can't be asked for again one by one cheaply: alignments, scores)."""
    if _answers(results, requests, lambda _: True):
        return list(results)
    raise _unpaired(engine, what, results, requests)


def _answers(results: Any, requests: Sequence[Any], valid) -> bool:
    return (
        isinstance(results, Sequence)
        and not isinstance(results, str)
        and len(results) == len(requests)
        and all(valid(r) for r in results)
    )


def _hypotheses(hyps: Any) -> bool:
    return (
        isinstance(hyps, Sequence)
        and len(hyps) > 0
        and all(isinstance(getattr(h, "text", None), str) for h in hyps)
    )


def _unpaired(engine: Engine, what: str, results: Any, requests: Sequence[Any]) -> EngineError:
    counted = isinstance(results, Sequence) and len(results) != len(requests)
    got = f"{len(results)} {what}" if counted else f"malformed {what}"
    one = len(requests) == 1 and isinstance(requests[0], MTSegment)
    where = f" for the segment {requests[0].text[:80]!r}" if one else ""
    return EngineError(
        f"{engine.name} returned {got} for {len(requests)} segment(s){where}:"
        " its output can't be paired with the source, so none of it is used"
    )


def first_pass(engine: Engine, records: Sequence[Segment], nbest: bool) -> None:
    """Translate every record's request in one batch; with `nbest`, segments with terms get the
    engine's best few as candidates, for enforcement to choose from."""
    with_terms = [r for r in records if r.matches] if nbest and can(engine, NBEST) else []
    chosen = {id(r) for r in with_terms}
    plain = [r for r in records if id(r) not in chosen]
    if with_terms:
        hyps = nbest_translations(engine, [r.request for r in with_terms], NBEST_SIZE)
        for record, candidates in zip(with_terms, hyps, strict=True):
            record.candidates = candidates
            record.target = polish(record, candidates[0].text)
    if plain:
        outputs = translations(engine, [r.request for r in plain])
        for record, output in zip(plain, outputs, strict=True):
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
