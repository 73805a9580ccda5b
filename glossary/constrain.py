"""Constrained re-decoding: force a neural translation up to where a term belongs, plus the term,
and let the model finish the sentence around it."""

from __future__ import annotations

from collections.abc import Sequence

from glossary.engines import Link, MTSegment, NeuralEngine
from glossary.match import Match
from glossary.repair import locate, relative, replace, vowel_sound, wrong_renderings
from glossary.segment import Span
from glossary.verify import TermCheck, verify

ROUNDS = 3  # terms forced per segment at most; each round handles one term of every segment


def constrain(
    engine: NeuralEngine,
    requests: Sequence[MTSegment],
    matches: Sequence[Sequence[Match]],
    targets: Sequence[str],
    alone: dict[str, str],
) -> list[str]:
    """Re-decode each segment that misses a term with the term forced at its likeliest place."""
    targets = list(targets)
    for _ in range(ROUNDS):
        todo = []
        for i, (req, ms, target) in enumerate(zip(requests, matches, targets)):
            checks = verify(req.text, target, ms)
            failing = next((c for c in checks if not c.ok), None)
            if failing is not None:
                todo.append((i, failing, sum(c.ok for c in checks)))
        if not todo:
            break
        links = engine.align([requests[i] for i, _, _ in todo], [targets[i] for i, _, _ in todo])
        jobs = []  # (segment index, ok count before, prefix)
        for (i, check, ok), segment_links in zip(todo, links):
            for prefix in prefixes(requests[i].text, targets[i], check, segment_links, alone):
                jobs.append((i, ok, prefix))
        if not jobs:
            break
        hyps = engine.continue_batch([requests[i] for i, _, _ in jobs], [p for _, _, p in jobs])
        scores = engine.score([requests[i] for i, _, _ in jobs], [h.text for h in hyps])
        best: dict[int, tuple[int, float, str]] = {}
        for (i, ok, _), hyp, score in zip(jobs, hyps, scores):
            gained = sum(c.ok for c in verify(requests[i].text, hyp.text, matches[i]))
            if gained > ok and (i not in best or (gained, score) > best[i][:2]):
                best[i] = (gained, score, hyp.text)
        if not best:
            break
        for i, (_, _, text) in best.items():
            targets[i] = text
    return targets


def align_repair(
    engine: NeuralEngine,
    requests: Sequence[MTSegment],
    matches: Sequence[Sequence[Match]],
    targets: Sequence[str],
) -> list[str]:
    """Post-hoc repair by attention: the target words the model aligned with an unmet term's
    source are replaced by the glossary rendering."""
    targets = list(targets)
    todo = [
        i
        for i, (r, m, t) in enumerate(zip(requests, matches, targets))
        if any(not c.ok for c in verify(r.text, t, m))
    ]
    if not todo:
        return targets
    all_links = engine.align([requests[i] for i in todo], [targets[i] for i in todo])
    for i, links in zip(todo, all_links):
        source, target = requests[i].text, targets[i]
        for k in range(len(matches[i])):
            checks = verify(source, target, matches[i])
            check = checks[k]
            if check.ok:
                continue
            region = aligned_words(target, check, links)
            taken = [c.target_span for c in checks if c.ok and c.target_span]
            if region and not any(region.start < t.end and t.start < region.end for t in taken):
                target = replace(target, region, check.expected)
                break  # the links describe the old target: one term per segment
        targets[i] = target
    return targets


def aligned_words(target: str, check: TermCheck, links: Sequence[Link]) -> Span | None:
    """The span of whole target words aligned with the check's source span."""
    spans = [
        link.target
        for link in links
        if link.source.start < check.match.end and check.match.start < link.source.end
    ]
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
    aligned = [
        link.target
        for link in links
        if link.source.start < check.match.end and check.match.start < link.source.end
    ]
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
