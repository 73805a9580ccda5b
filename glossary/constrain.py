"""Constrained re-decoding: force a neural translation up to where a term belongs, plus the term,
and let the model finish the sentence around it."""

from __future__ import annotations

from collections.abc import Sequence

from glossary.engines import Link, NeuralEngine
from glossary.mt import expect_paired, polish
from glossary.record import Segment
from glossary.repair import locate, relative, replace, vowel_sound, wrong_renderings
from glossary.span import Span
from glossary.verify import TermCheck, verify

ROUNDS = 3  # terms forced per segment at most; each round handles one term of every segment


def constrain(engine: NeuralEngine, records: Sequence[Segment], alone: dict[str, str]) -> None:
    """Re-decode each record that misses a term with the term forced at its likeliest place;
    a record takes the continuation that meets the most terms (the likeliest among equals)."""
    for _ in range(ROUNDS):
        todo = [(r, next(c for c in r.checks if not c.ok)) for r in records if r.misses_term]
        if not todo:
            break
        links = engine.align([r.request for r, _ in todo], [r.target for r, _ in todo])
        links = expect_paired(engine, "alignments", links, todo)
        jobs = []  # (record, prefix)
        for (record, check), segment_links in zip(todo, links):
            for prefix in prefixes(record.source, record.target, check, segment_links, alone):
                jobs.append((record, prefix))
        if not jobs:
            break
        hyps = engine.continue_batch([r.request for r, _ in jobs], [p for _, p in jobs])
        hyps = expect_paired(engine, "continuations", hyps, jobs)
        scores = engine.score([r.request for r, _ in jobs], [h.text for h in hyps])
        scores = expect_paired(engine, "scores", scores, jobs)
        best: dict[int, tuple[int, float, str, list[TermCheck]]] = {}
        for (record, _), hyp, score in zip(jobs, hyps, scores):
            text = polish(record, hyp.text)
            checks = verify(record.source, text, record.matches)
            gained = sum(c.ok for c in checks)
            known = best.get(id(record))
            if gained > record.met and (known is None or (gained, score) > known[:2]):
                best[id(record)] = (gained, score, text, checks)
        if not best:
            break
        for record, _ in todo:
            if id(record) in best:
                _, _, text, checks = best[id(record)]
                record.accept(text, checks)


def align_repair(engine: NeuralEngine, records: Sequence[Segment]) -> None:
    """Post-hoc repair by attention: the target words the model aligned with an unmet term's
    source are replaced by the glossary rendering (one term per record: the links describe
    the target they were computed for)."""
    todo = [r for r in records if r.misses_term]
    if not todo:
        return
    all_links = engine.align([r.request for r in todo], [r.target for r in todo])
    all_links = expect_paired(engine, "alignments", all_links, todo)
    for record, links in zip(todo, all_links):
        taken = [c.target_span for c in record.checks if c.ok and c.target_span]
        for check in record.checks:
            if check.ok:
                continue
            region = aligned_words(record.target, check, links)
            if region and not region.overlaps_any(taken):
                text = polish(record, replace(record.target, region, check.expected))
                checks = verify(record.source, text, record.matches)
                if sum(c.ok for c in checks) >= record.met:
                    record.accept(text, checks)
                break


def aligned_words(target: str, check: TermCheck, links: Sequence[Link]) -> Span | None:
    """The span of whole target words aligned with the check's source span."""
    spans = [link.target for link in links if link.source.overlaps(check.match.span)]
    if not spans:
        return None
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    while start < end and target[start].isspace():
        start += 1
    while start > 0 and not target[start - 1].isspace():
        start -= 1
    while end < len(target) and target[end].isalnum():
        end += 1
    while end > start and not target[end - 1].isalnum():
        end -= 1
    return Span(start, end) if end > start else None


def prefixes(
    source: str, target: str, check: TermCheck, links: Sequence[Link], alone: dict[str, str]
) -> list[str]:
    """Target prefixes that end with the term, one per plausible place for it: where the
    model's attention puts the term's source, where the engine's own rendering of the term
    stands, and the place proportional to the term's place in the source."""
    starts = word_starts(target)
    places = []
    aligned = [link.target for link in links if link.source.overlaps(check.match.span)]
    if aligned:
        places.append(min(s.start for s in aligned))
    taken = []
    span = locate(target, wrong_renderings(check, alone), taken, relative(check.match, source))
    if span is not None:
        places.append(span.start)
    places.append(round(relative(check.match, source) * len(target)))
    result = []
    for place in places:
        start = max((s for s in starts if s <= place), default=0)
        prefix = _join(target[:start], check.expected)
        if prefix not in result:
            result.append(prefix)
    return result


def word_starts(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if not c.isspace() and (i == 0 or text[i - 1].isspace())]


def _join(before: str, rendering: str) -> str:
    before = before.rstrip()
    if not before or before[-1] in ".!?:":
        return (before + " " if before else "") + rendering[:1].upper() + rendering[1:]
    words = before.split(" ")
    if words[-1].lower() in ("a", "an"):
        article = "an" if vowel_sound(rendering) else "a"
        words[-1] = article.capitalize() if words[-1][0].isupper() else article
    return " ".join(words) + " " + rendering
